/* print_decnet.c - DECnet Phase IV's routing layer (EtherType 0x6003),
 * as tcpdump's print-decnet.c writes it: a data packet's "1.1 > 1.2 34 "
 * (under -v its flags and hops) before its NSP message
 * (print_decnet_nsp.c), and the control messages: initialization,
 * verification, test, level 1 and 2 routing, router and endnode hellos.
 * Fields are little-endian; addresses print as area.node. */
#include "print_priv.h"

/* A DECnet address as tcpdump's dnnum_string writes it: "1.1". */
void nlab_p_dnaddr(nlab_pctx *c, uint16_t a)
{
	nlab_strbuf_printf(c->out, "%u.%u", (unsigned)(a >> 10), (unsigned)(a & 01777));
}

/* tcpdump's ND_DEFAULTPRINT of N bytes at OFF of V: the hex lines of
 * what was captured, a cut when that is less than N. */
static int dump(nlab_pctx *c, nlab_view v, size_t off, uint32_t n)
{
	nlab_view d = nlab_view_sub(v, off, n);
	nlab_p_raw(c, d);
	return d.len < n ? NLAB_P_TRUNC : NLAB_P_OK;
}

/* An initialization message's node type and flags. */
static void t_info(nlab_pctx *c, uint8_t info)
{
	static const char *const type[] = {"reserved-ntype? ", "l2rout ", "l1rout ", "endnode "};
	nlab_p_puts(c, type[info & 3]);
	if (info & 04)
		nlab_p_puts(c, "verif ");
	if (info & 010)
		nlab_p_puts(c, "blo ");
}

/* A hello message's node type and flags. */
static void i_info(nlab_pctx *c, uint8_t info)
{
	static const char *const type[] = {"reserved-ntype? ", "l2rout ", "l1rout ", "endnode "};
	nlab_p_puts(c, type[info & 3]);
	if (info & 04)
		nlab_p_puts(c, "verif ");
	if (info & 040)
		nlab_p_puts(c, "nomcast ");
	if (info & 0100)
		nlab_p_puts(c, "blo ");
}

/* A routing message's entries (LEN bytes at OFF, the last two its
 * checksum): "{ids 1-5 cost 3 hops 1} ", or areas for level 2. */
static int routes(nlab_pctx *c, nlab_view v, size_t off, uint32_t len, const char *what)
{
	for (; len > 6; off += 6, len -= 6) {
		if (!nlab_view_has(v, off, 6))
			return NLAB_P_TRUNC;
		unsigned count = nlab_get16le(v, off), id = nlab_get16le(v, off + 2);
		unsigned info = nlab_get16le(v, off + 4);
		if (count > 1024)
			break; /* bogus from here on */
		nlab_strbuf_printf(c->out, "{%s %u-%u cost %u hops %u} ", what, id, id + count,
				   info & 0777, (info >> 10) & 037);
	}
	return NLAB_P_OK;
}

/* A router hello (18 bytes and more at OFF). */
static int router_hello(nlab_pctx *c, nlab_view v, size_t off, uint32_t len)
{
	nlab_p_puts(c, "router-hello ");
	if (len < 18)
		return -1;
	if (!nlab_view_has(v, off, 18))
		return NLAB_P_TRUNC;
	i_info(c, nlab_get8(v, off + 10));
	nlab_strbuf_printf(c->out, "vers %u eco %u ueco %u src ", nlab_get8(v, off + 1),
			   nlab_get8(v, off + 2), nlab_get8(v, off + 3));
	nlab_p_dnaddr(c, nlab_get16le(v, off + 8));
	nlab_strbuf_printf(c->out, " blksize %u pri %u hello %u", nlab_get16le(v, off + 11),
			   nlab_get8(v, off + 13), nlab_get16le(v, off + 15));
	return NLAB_P_OK; /* the router list after it: tcpdump prints none */
}

/* An endnode hello (32 bytes at OFF). */
static int endnode_hello(nlab_pctx *c, nlab_view v, size_t off, uint32_t len)
{
	nlab_p_puts(c, "endnode-hello ");
	if (len < 32)
		return -1;
	if (!nlab_view_has(v, off, 32))
		return NLAB_P_TRUNC;
	i_info(c, nlab_get8(v, off + 10));
	nlab_strbuf_printf(c->out, "vers %u eco %u ueco %u src ", nlab_get8(v, off + 1),
			   nlab_get8(v, off + 2), nlab_get8(v, off + 3));
	nlab_p_dnaddr(c, nlab_get16le(v, off + 8));
	nlab_strbuf_printf(c->out, " blksize %u rtr ", nlab_get16le(v, off + 11));
	nlab_p_dnaddr(c, nlab_get16le(v, off + 26));
	nlab_strbuf_printf(c->out, " hello %u data %o", nlab_get16le(v, off + 28),
			   nlab_get8(v, off + 31));
	return NLAB_P_OK;
}

/* An initialization message (12 bytes at OFF). */
static int init_msg(nlab_pctx *c, nlab_view v, size_t off, uint32_t len)
{
	nlab_p_puts(c, "init ");
	if (len < 12)
		return -1;
	if (!nlab_view_has(v, off, 12))
		return NLAB_P_TRUNC;
	t_info(c, nlab_get8(v, off + 3));
	nlab_p_puts(c, "src ");
	nlab_p_dnaddr(c, nlab_get16le(v, off + 1));
	nlab_strbuf_printf(c->out, "blksize %u vers %u eco %u ueco %u hello %u",
			   nlab_get16le(v, off + 4), nlab_get8(v, off + 6), nlab_get8(v, off + 7),
			   nlab_get8(v, off + 8), nlab_get16le(v, off + 9));
	return NLAB_P_OK;
}

/* A verification or test message (4 bytes at OFF): "src 1.1 data 252". */
static int src_and_octal(nlab_pctx *c, nlab_view v, size_t off, uint32_t len,
			 const char *name, const char *field)
{
	nlab_p_puts(c, name);
	if (len < 4)
		return -1;
	if (!nlab_view_has(v, off, 4))
		return NLAB_P_TRUNC;
	nlab_p_puts(c, "src ");
	nlab_p_dnaddr(c, nlab_get16le(v, off + 1));
	nlab_strbuf_printf(c->out, " %s %o", field, nlab_get8(v, off + 3));
	return NLAB_P_OK;
}

/* A level 1 (LEVEL 1) or 2 routing message (from OFF, LEN bytes). */
static int routing_msg(nlab_pctx *c, nlab_view v, size_t off, uint32_t len, int level)
{
	nlab_strbuf_printf(c->out, "lev-%d-routing ", level);
	if (len < 4)
		return -1;
	if (!nlab_view_has(v, off, 4))
		return NLAB_P_TRUNC;
	nlab_p_puts(c, "src ");
	nlab_p_dnaddr(c, nlab_get16le(v, off + 1));
	nlab_p_puts(c, " ");
	return routes(c, v, off + 4, len - 4, level == 1 ? "ids" : "areas");
}

/* A control message at OFF (LEN bytes; CAP captured from its length
 * field, 2 before it): NLAB_P_OK, NLAB_P_TRUNC, or -1 when invalid. */
static int control(nlab_pctx *c, nlab_view v, size_t off, uint32_t len, uint32_t cap)
{
	switch (nlab_get8(v, off) & 017) {
	case 01: return init_msg(c, v, off, len);
	case 03: return src_and_octal(c, v, off, len, "verification ", "fcnval");
	case 05: return src_and_octal(c, v, off, len, "test ", "data");
	case 07: return routing_msg(c, v, off, len, 1);
	case 011: return routing_msg(c, v, off, len, 2);
	case 013: return router_hello(c, v, off, len);
	case 015: return endnode_hello(c, v, off, len);
	default:
		nlab_p_puts(c, "unknown control message");
		return dump(c, v, off, len < cap ? len : cap);
	}
}

/* A data packet's route header (short or long, at OFF with its FLAGS,
 * LEN bytes from it), then its NSP message. */
static int data_packet(nlab_pctx *c, nlab_view v, size_t off, uint8_t flags, uint32_t len,
		       uint16_t pktlen)
{
	uint16_t dst, src;
	unsigned hops, hl = 6;
	if ((flags & 7) == 6) { /* long format */
		hl = 21;
		if (len < hl) {
			nlab_strbuf_printf(c->out, " (length %u < 21)", len);
			return -1;
		}
		if (!nlab_view_has(v, off, hl))
			return NLAB_P_TRUNC;
		dst = nlab_get16le(v, off + 7), src = nlab_get16le(v, off + 15);
		hops = nlab_get8(v, off + 18);
	} else {
		if (!nlab_view_has(v, off + 1, 5))
			return NLAB_P_TRUNC;
		dst = nlab_get16le(v, off + 1), src = nlab_get16le(v, off + 3);
		hops = (nlab_get8(v, off + 5) & 077) + 1;
	}
	nlab_p_dnaddr(c, src);
	nlab_p_puts(c, " > ");
	nlab_p_dnaddr(c, dst);
	nlab_strbuf_printf(c->out, " %u ", pktlen);
	if (c->o->v)
		nlab_strbuf_printf(c->out, "%s%s%s%u hops ", flags & 010 ? "RQR " : "",
				   flags & 020 ? "RTS " : "", flags & 040 ? "IE " : "", hops);
	return nlab_p_nsp(c, v, off + hl, len - hl);
}

/* The packet after its padding: OFF is where its length field would
 * be (2 before its flags), LEN its length, CAP what was captured from
 * OFF on. */
static int message(nlab_pctx *c, nlab_view v, size_t off, uint32_t len, uint32_t cap,
		   uint16_t pktlen)
{
	if (!nlab_view_has(v, off + 2, 1))
		return NLAB_P_TRUNC;
	uint8_t flags = nlab_get8(v, off + 2);
	if (flags & 0100) {
		nlab_p_puts(c, "future-version-decnet");
		return dump(c, v, off, len < cap ? len : cap);
	}
	if (flags & 1)
		return control(c, v, off + 2, len, cap);
	if ((flags & 7) != 2 && (flags & 7) != 6) {
		nlab_p_puts(c, "unknown message flags under mask");
		return dump(c, v, off, len < cap ? len : cap);
	}
	return data_packet(c, v, off + 2, flags, len, pktlen);
}

/* The routing layer: its length field and padding, then the message. */
static int routing_layer(nlab_pctx *c, nlab_view v, uint32_t len)
{
	if (len < 6) {
		nlab_strbuf_printf(c->out, " (length %u < 6)", len);
		return -1;
	}
	if (!nlab_view_has(v, 0, 2))
		return NLAB_P_TRUNC;
	uint16_t pktlen = nlab_get16le(v, 0);
	if (pktlen < 6) {
		nlab_strbuf_printf(c->out, " (pktlen %u < 6)", pktlen);
		return -1;
	}
	if (pktlen > len) {
		nlab_strbuf_printf(c->out, " (pktlen %u > %u)", pktlen, len);
		return -1;
	}
	if (!nlab_view_has(v, 2, 1))
		return NLAB_P_TRUNC;
	uint8_t flags = nlab_get8(v, 2);
	unsigned pad = flags & 0200 ? flags & 0177 : 0;
	if (flags & 0200) {
		if (c->o->v)
			nlab_strbuf_printf(c->out, "[pad:%u] ", pad);
		if (pktlen < pad + 2) {
			nlab_strbuf_printf(c->out, " (length %u < %u)", pktlen, pad + 2);
			return -1;
		}
		if (!nlab_view_has(v, 2, pad))
			return NLAB_P_TRUNC;
	}
	return message(c, v, pad, pktlen - pad, (uint32_t)(v.len - pad), pktlen);
}

int nlab_p_decnet(nlab_pctx *c, nlab_view v, uint32_t len)
{
	c->proto = "decnet";
	int r = routing_layer(c, v, len);
	if (r >= 0)
		return r;
	nlab_p_puts(c, " (invalid)");
	return NLAB_P_OK;
}
