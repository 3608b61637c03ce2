/* print_icmp6rr.c - ICMPv6 router renumbering (type 138, RFC 2894): the
 * header, a command's match prefix and its use prefixes, as tcpdump
 * 4.99.3's icmp6_rrenum_print writes them. */
#include "print_priv.h"

/* -v: "[flags,seg=N,maxdelay=N]" (and a nonzero reserved word). */
static void rr_header_v(nlab_pctx *c, nlab_view v)
{
	uint8_t f = nlab_get8(v, 9);
	nlab_p_puts(c, "[");
	if (f)
		nlab_strbuf_printf(c->out, "%s%s%s%s%s,", f & 0x80 ? "T" : "",
				   f & 0x40 ? "R" : "", f & 0x20 ? "A" : "",
				   f & 0x10 ? "S" : "", f & 0x08 ? "P" : "");
	nlab_strbuf_printf(c->out, "seg=%u,maxdelay=%u", nlab_get8(v, 8),
			   nlab_get16(v, 10));
	if (nlab_get32(v, 12))
		nlab_strbuf_printf(c->out, "rsvd=0x%x", nlab_get32(v, 12));
	nlab_p_puts(c, "]");
}

/* The match prefix part at 16: "match(add,fec0::/48)". */
static void rr_match(nlab_pctx *c, nlab_view v)
{
	static const char *codes[] = {NULL, "add", "change", "setglobal"};
	uint8_t code = nlab_get8(v, 16);
	nlab_p_puts(c, c->o->v > 1 ? "\n\tmatch(" : " match(");
	if (code >= 1 && code <= 3)
		nlab_p_puts(c, codes[code]);
	else
		nlab_strbuf_printf(c->out, "#%u", code);
	if (c->o->v)
		nlab_strbuf_printf(c->out, ",ord=%u,min=%u,max=%u", nlab_get8(v, 18),
				   nlab_get8(v, 20), nlab_get8(v, 21));
	nlab_p_puts(c, ",");
	nlab_p_ip6addr(c, v, 24);
	nlab_strbuf_printf(c->out, "/%u)", nlab_get8(v, 19));
}

/* A use prefix part at OFF: "use(3ffe:501:fffe::/48/16)". */
static void rr_use(nlab_pctx *c, nlab_view v, size_t off)
{
	nlab_p_puts(c, c->o->v > 1 ? "\n\tuse(" : " use(");
	uint8_t f = nlab_get8(v, off + 12);
	if (f)
		nlab_strbuf_printf(c->out, "%s%s,", f & 0x80 ? "V" : "", f & 0x40 ? "P" : "");
	if (c->o->v) {
		nlab_strbuf_printf(c->out, "mask=0x%x,raflags=0x%x,", nlab_get8(v, off + 2),
				   nlab_get8(v, off + 3));
		for (size_t t = 4; t <= 8; t += 4) {
			uint32_t x = nlab_get32(v, off + t);
			const char *n = t == 4 ? "vltime" : "pltime";
			if (x == 0xffffffff)
				nlab_strbuf_printf(c->out, "%s=infty,", n);
			else
				nlab_strbuf_printf(c->out, "%s=%u,", n, x);
		}
	}
	nlab_p_ip6addr(c, v, off + 16);
	nlab_strbuf_printf(c->out, "/%u/%u)", nlab_get8(v, off), nlab_get8(v, off + 1));
}

int nlab_p_icmp6_rr(nlab_pctx *c, nlab_view v)
{
	if (!nlab_view_has(v, 12, 4)) {
		nlab_p_puts(c, " [|icmp6]");
		return NLAB_P_OK;
	}
	uint8_t code = nlab_get8(v, 1);
	if (code == 0 || code == 1)
		nlab_p_puts(c, code ? ", result" : ", command");
	else if (code == 255)
		nlab_p_puts(c, ", sequence number reset");
	else
		nlab_strbuf_printf(c->out, ", code-#%u", code);
	nlab_strbuf_printf(c->out, ", seq=%u", nlab_get32(v, 4));
	if (c->o->v)
		rr_header_v(c, v);
	if (code != 0)
		return NLAB_P_OK;
	if (!nlab_view_has(v, 24, 16)) {
		nlab_p_puts(c, " [|icmp6]");
		return NLAB_P_OK;
	}
	rr_match(c, v);
	int n = nlab_get8(v, 17) - 3;
	if (n % 4) {
		nlab_p_puts(c, " [|icmp6]");
		return NLAB_P_OK;
	}
	size_t off = 40;
	for (n /= 4; n > 0; n--, off += 32) {
		if (!nlab_view_has(v, off + 16, 16)) {
			nlab_p_puts(c, " [|icmp6]");
			return NLAB_P_OK;
		}
		rr_use(c, v, off);
	}
	return NLAB_P_OK;
}
