/* print_ospf6.c - OSPFv3 (IP protocol 89 over IPv6), as tcpdump's
 * print-ospf6.c writes it: one line without -v; with it the router,
 * area and instance, hellos' and database descriptions' fields, the
 * LLS and authentication trailers; -vv adds neighbours, LSA headers,
 * requests and every LSA of an update. Its own cuts (NLAB_P_ETRUNC)
 * are told from those its GET macros find (NLAB_P_TRUNC). */
#include "print_priv.h"

/* Returns NLAB_P_TRUNC from the caller unless V holds N bytes at OFF. */
#define NEED(v, off, n)                                                        \
	do {                                                                   \
		if (!nlab_view_has(v, off, n))                                 \
			return NLAB_P_TRUNC;                                   \
	} while (0)

static const nlab_bitname options[] = {
	{0x01, "V6"}, {0x02, "External"}, {0x04, "Deprecated"}, {0x08, "NSSA"},
	{0x10, "Router"}, {0x20, "Demand Circuit"}, {0x100, "AFs Support"}, {0x200, "LLS"},
	{0x400, "Authentication Trailer"}, {0, NULL}};

/* TEXT, "[" the option bits of the word at OFF "]". */
static int opts(nlab_pctx *c, const char *text, nlab_view v, size_t off)
{
	NEED(v, off, 4);
	nlab_p_puts(c, text);
	nlab_p_puts(c, "[");
	nlab_p_bits(c, options, nlab_get32(v, off), ", ", "none");
	nlab_p_puts(c, "]");
	return NLAB_P_OK;
}

/* TEXT and the IPv4-style ID at OFF. */
static int id(nlab_pctx *c, const char *text, nlab_view v, size_t off)
{
	NEED(v, off, 4);
	nlab_p_puts(c, text);
	nlab_p_ip4(c, v, off);
	return NLAB_P_OK;
}

/* The LSA type T and state ID at OFF (ospf6_print_ls_type). */
static int ls_type(nlab_pctx *c, uint16_t t, nlab_view v, size_t off)
{
	static const char *const n[] = {NULL, "Router", "Network", "Inter-Area Prefix",
					"Inter-Area Router", "External", "Deprecated", "NSSA",
					"Link", "Intra-Area Prefix", "Intra-Area TE", "Grace",
					"Router Information", "Inter-AS-TE", "Layer 1 VPN"};
	static const char *const scope[] = {"Link Local", "Area Local", "Domain Wide", "Unknown"};
	unsigned k = t & 0x1fff;
	NEED(v, off, 4);
	nlab_strbuf_printf(c->out, "\n\t    %s LSA (%u), %s Scope%s, LSA-ID ",
			   k >= 1 && k <= 14 ? n[k] : "Unknown", k, scope[(t & 0x6000) >> 13],
			   t & 0x8000 ? ", transitive" : "");
	nlab_p_ip4(c, v, off);
	return NLAB_P_OK;
}

/* An LSA header at OFF (all of it before END, else NLAB_P_ETRUNC). */
static int lshdr(nlab_pctx *c, nlab_view v, size_t off, size_t end)
{
	if (off + 20 > end)
		return NLAB_P_ETRUNC;
	NEED(v, off, 20);
	nlab_p_puts(c, "\n\t  Advertising Router ");
	nlab_p_ip4(c, v, off + 8);
	nlab_strbuf_printf(c->out, ", seq 0x%08x, age %us, length %zu", nlab_get32(v, off + 12),
			   nlab_get16(v, off), (size_t)nlab_get16(v, off + 18) - 20);
	return ls_type(c, nlab_get16(v, off + 2), v, off + 4);
}

/* A prefix of at most LEN bytes at OFF: its size, or -1 (tcpdump's
 * trunc) or -2 (its GET's cut). */
static long prefix(nlab_pctx *c, nlab_view v, size_t off, uint32_t len)
{
	static const nlab_bitname popts[] = {{0x01, "No Unicast"}, {0x02, "Local address"},
					     {0x04, "Deprecated"}, {0x08, "Propagate"},
					     {0x10, "Down"}, {0x20, "N-bit"}, {0, NULL}};
	if (len < 4 || !nlab_view_has(v, off, 4))
		return -1;
	uint8_t plen = nlab_get8(v, off), o = nlab_get8(v, off + 1);
	uint32_t words = (plen + 31u) / 32;
	if (words * 4 > 16) {
		nlab_strbuf_printf(c->out, " bogus prefixlen /%u", plen);
		return -1;
	}
	if (len - 4 < words * 4)
		return -1;
	if (!nlab_view_has(v, off + 4, words * 4))
		return -2;
	uint8_t a[16] = {0};
	nlab_getbytes(v, off + 4, a, words * 4);
	nlab_view av = {a, sizeof a};
	nlab_p_puts(c, "\n\t\t");
	nlab_p_ip6addr(c, av, 0);
	nlab_strbuf_printf(c->out, "/%u", plen);
	if (o) {
		nlab_p_puts(c, ", Options [");
		nlab_p_bits(c, popts, o, ", ", "none");
		nlab_p_puts(c, "]");
	}
	nlab_strbuf_printf(c->out, ", metric %u", nlab_get16(v, off + 2));
	return 4 + words * 4;
}

/* N prefixes (all that fit when N is -1) from *OFF, *LEN bytes left. */
static int prefixes(nlab_pctx *c, nlab_view v, size_t *off, uint32_t *len, long n)
{
	while (n < 0 ? *len != 0 : n-- > 0) {
		long b = prefix(c, v, *off, *len);
		if (b < 0)
			return b == -1 ? NLAB_P_ETRUNC : NLAB_P_TRUNC;
		*off += (size_t)b, *len -= (uint32_t)b;
	}
	return NLAB_P_OK;
}

/* A router LSA's body (LEN bytes at OFF). */
static int router_lsa(nlab_pctx *c, nlab_view v, size_t off, uint32_t len)
{
	static const nlab_bitname flags[] = {{0x01, "ABR"}, {0x02, "External"},
					     {0x04, "Virtual-Link Endpoint"}, {0x08, "Deprecated"},
					     {0x10, "NSSA Translator"}, {0, NULL}};
	static const char *const kinds[] = {NULL, "Neighbor Router-ID ", "Neighbor Network-ID ",
					    NULL, "Virtual Link: Neighbor Router-ID "};
	if (len < 4)
		return NLAB_P_ETRUNC;
	len -= 4;
	if (opts(c, "\n\t      Options ", v, off) != NLAB_P_OK)
		return NLAB_P_TRUNC;
	nlab_p_puts(c, ", RLA-Flags [");
	nlab_p_bits(c, flags, nlab_get8(v, off), ", ", "none");
	nlab_p_puts(c, "]");
	for (size_t at = off + 4; len; at += 16) {
		if (len < 16)
			return NLAB_P_ETRUNC;
		len -= 16;
		if (!nlab_view_has(v, at, 16))
			return NLAB_P_ETRUNC;
		uint8_t t = nlab_get8(v, at);
		if (t != 1 && t != 2 && t != 4) {
			nlab_strbuf_printf(c->out, "\n\t      Unknown Router Links Type 0x%02x", t);
			return NLAB_P_OK;
		}
		nlab_p_puts(c, "\n\t      ");
		nlab_p_puts(c, kinds[t]);
		nlab_p_ip4(c, v, at + 12);
		nlab_p_puts(c, "\n\t      Neighbor Interface-ID ");
		nlab_p_ip4(c, v, at + 8);
		nlab_p_puts(c, ", Interface ");
		nlab_p_ip4(c, v, at + 4);
		nlab_strbuf_printf(c->out, ", metric %u", nlab_get16(v, at + 2));
	}
	return NLAB_P_OK;
}

/* A network LSA's body. */
static int network_lsa(nlab_pctx *c, nlab_view v, size_t off, uint32_t len)
{
	if (len < 4)
		return NLAB_P_ETRUNC;
	len -= 4;
	if (opts(c, "\n\t      Options ", v, off) != NLAB_P_OK)
		return NLAB_P_TRUNC;
	nlab_p_puts(c, "\n\t      Connected Routers:");
	for (size_t at = off + 4; len; at += 4, len -= 4) {
		if (len < 4)
			return NLAB_P_ETRUNC;
		if (id(c, "\n\t\t", v, at) != NLAB_P_OK)
			return NLAB_P_TRUNC;
	}
	return NLAB_P_OK;
}

/* An AS external LSA's body: flags, metric, prefix, forwarding
 * address, tag, referenced LS ID. */
static int external_lsa(nlab_pctx *c, nlab_view v, size_t off, uint32_t len)
{
	static const nlab_bitname flags[] = {{0x80000000, "External Type 2"},
					     {0x02000000, "Forwarding"}, {0x01000000, "Tag"},
					     {0, NULL}};
	if (len < 4)
		return NLAB_P_ETRUNC;
	len -= 4;
	NEED(v, off, 4);
	uint32_t f = nlab_get32(v, off);
	nlab_p_puts(c, "\n\t     Flags [");
	nlab_p_bits(c, flags, f, ", ", "none");
	nlab_strbuf_printf(c->out, "] metric %u", f & 0xffffff);
	size_t at = off + 4, pfx = at;
	int r = prefixes(c, v, &at, &len, 1);
	if (r != NLAB_P_OK)
		return r;
	if (f & 0x02000000) {
		if (len < 16)
			return NLAB_P_ETRUNC;
		len -= 16;
		NEED(v, at, 16);
		nlab_p_puts(c, " forward ");
		nlab_p_ip6addr(c, v, at);
		at += 16;
	}
	if (f & 0x01000000) {
		if (len < 4)
			return NLAB_P_ETRUNC;
		len -= 4;
		if (id(c, " tag ", v, at) != NLAB_P_OK)
			return NLAB_P_TRUNC;
		at += 4;
	}
	NEED(v, pfx + 2, 1);
	if (!nlab_get8(v, pfx + 2))
		return NLAB_P_OK;
	if (len < 4)
		return NLAB_P_ETRUNC;
	return id(c, " RefLSID: ", v, at);
}

/* A link LSA's body: options, priority, link-local address, prefixes. */
static int link_lsa(nlab_pctx *c, nlab_view v, size_t off, uint32_t len)
{
	if (len < 4)
		return NLAB_P_ETRUNC;
	len -= 4;
	if (!nlab_view_has(v, off, 4))
		return NLAB_P_ETRUNC;
	opts(c, "\n\t      Options ", v, off);
	if (len < 20)
		return NLAB_P_ETRUNC;
	len -= 20;
	NEED(v, off, 24);
	uint32_t n = nlab_get32(v, off + 20);
	nlab_strbuf_printf(c->out, "\n\t      Priority %u, Link-local address ", nlab_get8(v, off));
	nlab_p_ip6addr(c, v, off + 4);
	nlab_strbuf_printf(c->out, ", Prefixes %u:", n);
	size_t at = off + 24;
	return prefixes(c, v, &at, &len, n);
}

/* An intra-area prefix LSA's body (tcpdump counts 6 of its 12 header
 * bytes off the length). */
static int intra_lsa(nlab_pctx *c, nlab_view v, size_t off, uint32_t len)
{
	if (len < 4)
		return NLAB_P_ETRUNC;
	len -= 4;
	if (!nlab_view_has(v, off + 8, 4))
		return NLAB_P_ETRUNC;
	NEED(v, off, 4);
	if (ls_type(c, nlab_get16(v, off + 2), v, off + 4) != NLAB_P_OK)
		return NLAB_P_TRUNC;
	if (len < 2)
		return NLAB_P_ETRUNC;
	len -= 2;
	uint16_t n = nlab_get16(v, off);
	nlab_strbuf_printf(c->out, "\n\t      Prefixes %u:", n);
	size_t at = off + 12;
	return prefixes(c, v, &at, &len, n);
}

/* One LSA at OFF before END: sets *NEXT past it. */
static int lsa(nlab_pctx *c, nlab_view v, size_t off, size_t end, size_t *next)
{
	int r = lshdr(c, v, off, end);
	if (r != NLAB_P_OK)
		return r;
	uint32_t l = nlab_get16(v, off + 18);
	if (l < 20 || off + l > end)
		return NLAB_P_ETRUNC;
	*next = off + l;
	size_t b = off + 20;
	uint32_t len = l - 20;
	switch (nlab_get16(v, off + 2)) {
	case 0x2001: return router_lsa(c, v, b, len);
	case 0x2002: return network_lsa(c, v, b, len);
	case 0x2003:
		if (len < 4)
			return NLAB_P_ETRUNC;
		len -= 4;
		NEED(v, b, 4);
		nlab_strbuf_printf(c->out, ", metric %u", nlab_get32(v, b) & 0xffffff);
		b += 4;
		return prefixes(c, v, &b, &len, -1);
	case 0x4005: return external_lsa(c, v, b, len);
	case 0x0008: return link_lsa(c, v, b, len);
	case 0x2009: return intra_lsa(c, v, b, len);
	case 0x000b: return nlab_p_ospf_grace(c, v, b, len) ? NLAB_P_ETRUNC : NLAB_P_OK;
	case 0x000a:
		r = nlab_p_ospf_te(c, v, b, len);
		return r == NLAB_P_TRUNC ? r : r < 0 ? NLAB_P_ETRUNC : NLAB_P_OK;
	default:
		return nlab_p_unknown_data(c, v, b, len, "\n\t      ") ? NLAB_P_OK
									 : NLAB_P_ETRUNC;
	}
}

/* A hello's fields (-vv: its neighbours up to END). */
static int hello(nlab_pctx *c, nlab_view v, size_t end)
{
	if (opts(c, "\n\tOptions ", v, 20) != NLAB_P_OK)
		return NLAB_P_TRUNC;
	NEED(v, 16, 12);
	nlab_strbuf_printf(c->out, "\n\t  Hello Timer %us, Dead Timer %us, Interface-ID ",
			   nlab_get16(v, 24), nlab_get16(v, 26));
	nlab_p_ip4(c, v, 16);
	nlab_strbuf_printf(c->out, ", Priority %u", nlab_get8(v, 20));
	NEED(v, 28, 4);
	if (nlab_get32(v, 28) && id(c, "\n\t  Designated Router ", v, 28) != NLAB_P_OK)
		return NLAB_P_TRUNC;
	NEED(v, 32, 4);
	if (nlab_get32(v, 32) && id(c, ", Backup Designated Router ", v, 32) != NLAB_P_OK)
		return NLAB_P_TRUNC;
	if (c->o->v <= 1)
		return NLAB_P_OK;
	nlab_p_puts(c, "\n\t  Neighbor List:");
	for (size_t at = 36; at < end; at += 4)
		if (id(c, "\n\t    ", v, at) != NLAB_P_OK)
			return NLAB_P_TRUNC;
	return NLAB_P_OK;
}

/* A database description's fields (-vv: its LSA headers up to END). */
static int dd(nlab_pctx *c, nlab_view v, size_t end)
{
	static const nlab_bitname flags[] = {{0x04, "Init"}, {0x02, "More"}, {0x01, "Master"},
					     {0x10, "IPv6 MTU"}, {0, NULL}};
	if (opts(c, "\n\tOptions ", v, 16) != NLAB_P_OK)
		return NLAB_P_TRUNC;
	NEED(v, 23, 1);
	nlab_p_puts(c, ", DD Flags [");
	nlab_p_bits(c, flags, nlab_get8(v, 23), ", ", "none");
	nlab_p_puts(c, "]");
	NEED(v, 20, 8);
	nlab_strbuf_printf(c->out, ", MTU %u, DD-Sequence 0x%08x", nlab_get16(v, 20), nlab_get32(v, 24));
	if (c->o->v <= 1)
		return NLAB_P_OK;
	for (size_t at = 28; at < end; at += 20) {
		int r = lshdr(c, v, at, end);
		if (r != NLAB_P_OK)
			return r;
	}
	return NLAB_P_OK;
}

/* -vv: requests, updates and acknowledgements (TYPE 3, 4, 5) to END. */
static int lists(nlab_pctx *c, nlab_view v, size_t end, uint8_t type)
{
	if (type == 3) {
		for (size_t at = 16; at < end; at += 12) {
			if (!nlab_view_has(v, at, 12))
				return NLAB_P_ETRUNC;
			id(c, "\n\t  Advertising Router ", v, at + 8);
			ls_type(c, nlab_get16(v, at + 2), v, at + 4);
		}
	} else if (type == 4) {
		NEED(v, 16, 4);
		uint32_t n = nlab_get32(v, 16);
		for (size_t at = 20; at < end && n--;) {
			int r = lsa(c, v, at, end, &at);
			if (r != NLAB_P_OK)
				return r;
		}
	} else {
		for (size_t at = 16; at < end; at += 20) {
			int r = lshdr(c, v, at, end);
			if (r != NLAB_P_OK)
				return r;
		}
	}
	return NLAB_P_OK;
}

/* The LLS block (LEN bytes at OFF): its length, or -1 when bad. */
static long lls(nlab_pctx *c, nlab_view v, size_t off, uint32_t len)
{
	if (len == 0)
		return 0;
	if (len < 4)
		return -1;
	if (!nlab_view_has(v, off, 2))
		return -2;
	nlab_strbuf_printf(c->out, "\n\tLLS Checksum 0x%04x", nlab_get16(v, off));
	if (!nlab_view_has(v, off + 2, 2))
		return -2;
	uint16_t dl = nlab_get16(v, off + 2);
	nlab_strbuf_printf(c->out, ", Data Length %u", dl);
	if (dl < 4 || dl > len || !nlab_view_has(v, off + 4, dl - 4u))
		return -1;
	return dl;
}

/* The authentication trailer (LEN bytes at OFF). */
static int auth(nlab_pctx *c, nlab_view v, size_t off, uint32_t len)
{
	if (len == 0)
		return NLAB_P_OK;
	if (len < 16)
		return NLAB_P_ETRUNC;
	NEED(v, off, 2);
	uint16_t t = nlab_get16(v, off);
	if (t == 1)
		nlab_p_puts(c, "\n\tAuthentication Type HMAC");
	else
		nlab_strbuf_printf(c->out, "\n\tAuthentication Type unknown (0x%04x)", t);
	NEED(v, off + 2, 2);
	uint16_t dl = nlab_get16(v, off + 2);
	nlab_strbuf_printf(c->out, ", Length %u", dl);
	if (dl < 16 || dl > len)
		return NLAB_P_ETRUNC;
	NEED(v, off + 6, 2);
	nlab_strbuf_printf(c->out, ", SAID %u", nlab_get16(v, off + 6));
	NEED(v, off + 8, 4);
	nlab_strbuf_printf(c->out, ", CSN 0x%08x", nlab_get32(v, off + 8));
	NEED(v, off + 12, 4);
	nlab_strbuf_printf(c->out, ":%08x", nlab_get32(v, off + 12));
	if (!nlab_view_has(v, off + 16, dl - 16u))
		return NLAB_P_ETRUNC;
	if (c->o->v > 1)
		nlab_p_hexdump(c, v, off + 16, dl - 16u, "\n\tAuthentication Data ");
	return NLAB_P_OK;
}

/* The LLS (after a hello or description with L) and authentication
 * trailers: LEN bytes from OFF. */
static int trailer(nlab_pctx *c, nlab_view v, size_t off, uint32_t len)
{
	uint8_t t = nlab_get8(v, 1);
	long l = 0;
	if (t == 1 || t == 2) {
		NEED(v, t == 1 ? 20 : 16, 4);
		if (nlab_get32(v, t == 1 ? 20 : 16) & 0x200) {
			l = lls(c, v, off, len);
			if (l < 0)
				return l == -1 ? NLAB_P_ETRUNC : NLAB_P_TRUNC;
		}
	}
	return auth(c, v, off + (size_t)l, len - (uint32_t)l);
}

/* -v: what follows the line (DLEN: the header's length). */
static int verbose(nlab_pctx *c, nlab_view v, uint32_t len)
{
	NEED(v, 2, 2);
	uint32_t dlen = nlab_get16(v, 2);
	if (dlen > len) {
		nlab_strbuf_printf(c->out, " [len %u]", dlen);
		return NLAB_P_OK;
	}
	if (id(c, "\n\tRouter-ID ", v, 4) != NLAB_P_OK)
		return NLAB_P_TRUNC;
	NEED(v, 8, 4);
	if (nlab_get32(v, 8))
		id(c, ", Area ", v, 8);
	else
		nlab_p_puts(c, ", Backbone Area");
	NEED(v, 14, 1);
	if (nlab_get8(v, 14))
		nlab_strbuf_printf(c->out, ", Instance %u", nlab_get8(v, 14));
	if (nlab_get8(v, 0) != 3)
		return NLAB_P_OK;
	int r = NLAB_P_OK;
	uint8_t t = nlab_get8(v, 1);
	if (t == 1)
		r = hello(c, v, dlen);
	else if (t == 2)
		r = dd(c, v, dlen);
	else if (c->o->v > 1)
		r = lists(c, v, dlen, t);
	return r != NLAB_P_OK ? r : trailer(c, v, dlen, len - dlen);
}

int nlab_p_ospf6(nlab_pctx *c, nlab_view v, uint32_t len)
{
	static const char *const types[] = {NULL, "Hello", "Database Description", "LS-Request",
					    "LS-Update", "LS-Ack"};
	c->proto = "ospf3";
	if (!nlab_view_has(v, 0, 2))
		return NLAB_P_TRUNC;
	uint8_t t = nlab_get8(v, 1);
	nlab_strbuf_printf(c->out, "OSPFv%u, ", nlab_get8(v, 0));
	if (t < 1 || t > 5) {
		nlab_strbuf_printf(c->out, "unknown packet type (%u), length %u", t, len);
		return NLAB_P_OK;
	}
	nlab_strbuf_printf(c->out, "%s, length %u", types[t], len);
	return c->o->v ? verbose(c, v, len) : NLAB_P_OK;
}
