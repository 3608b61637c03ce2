/* print_aodv.c - AODV (UDP 654, RFC 3561 and the IPv6 drafts), as
 * tcpdump's print-aodv.c writes it: " aodv rreq 24 [J]... hops 1 id
 * 0x..\n\tdst A seq N src B seq M", route replies, errors with their
 * unreachable destinations, acknowledgements and the hello extension. */
#include "print_priv.h"

/* The extension after a request or reply, LEN bytes at OFF. */
static int extension(nlab_pctx *c, nlab_view v, size_t off, uint32_t len)
{
	if (!nlab_view_has(v, off, 2))
		return NLAB_P_ETRUNC;
	uint8_t t = nlab_get8(v, off), l = nlab_get8(v, off + 1);
	if (t != 1) {
		nlab_strbuf_printf(c->out, "\n\text %u %u", t, l);
		return NLAB_P_OK;
	}
	if (!nlab_view_has(v, off, 6) || len < 6)
		return NLAB_P_ETRUNC;
	if (l < 4)
		nlab_strbuf_printf(c->out, "\n\text HELLO - bad length %u", l);
	else
		nlab_strbuf_printf(c->out, "\n\text HELLO %u ms", nlab_get32(v, off + 2));
	return NLAB_P_OK;
}

/* An address of W bytes at OFF. */
static void addr(nlab_pctx *c, nlab_view v, size_t off, size_t w)
{
	w == 16 ? nlab_p_ip6addr(c, v, off) : nlab_p_ip4(c, v, off);
}

/* A route request (W: address size; DRAFT: the IPv6 draft's order). */
static int rreq(nlab_pctx *c, nlab_view v, uint32_t len, size_t w, int draft)
{
	size_t size = 16 + 2 * w;
	if (!nlab_view_has(v, 0, size) || len < size)
		return NLAB_P_ETRUNC;
	uint8_t f = nlab_get8(v, 0); /* tcpdump reads the flags from the type byte */
	size_t da = draft ? 16 : 8, ds = draft ? 8 : 8 + w, oa = draft ? 16 + w : 12 + w, os = draft ? 12 : 12 + 2 * w;
	nlab_strbuf_printf(c->out, " %srreq %u %s%s%s%s%shops %u id 0x%08x\n\tdst ", w == 16 && !draft ? "v6 " : "", len,
			   f & 0x80 ? "[J]" : "", f & 0x40 ? "[R]" : "", f & 0x20 ? "[G]" : "", f & 0x10 ? "[D]" : "",
			   f & 0x08 ? "[U] " : " ", nlab_get8(v, 3), nlab_get32(v, 4));
	addr(c, v, da, w);
	nlab_strbuf_printf(c->out, " seq %u src ", nlab_get32(v, ds));
	addr(c, v, oa, w);
	nlab_strbuf_printf(c->out, " seq %u", nlab_get32(v, os));
	return len - size >= 2 ? extension(c, v, size, len - (uint32_t)size) : NLAB_P_OK;
}

/* A route reply (W, DRAFT as rreq). */
static int rrep(nlab_pctx *c, nlab_view v, uint32_t len, size_t w, int draft)
{
	size_t size = 12 + 2 * w;
	if (!nlab_view_has(v, 0, size) || len < size)
		return NLAB_P_ETRUNC;
	uint8_t f = nlab_get8(v, 0);
	size_t da = draft ? 8 : 4, ds = draft ? 4 : 4 + w, oa = draft ? 8 + w : 8 + w, life = 8 + 2 * w;
	nlab_strbuf_printf(c->out, " rrep %u %s%sprefix %u hops %u\n\tdst ", len, f & 0x80 ? "[R]" : "",
			   f & 0x40 ? "[A] " : " ", nlab_get8(v, 2) & 0x1f, nlab_get8(v, 3));
	addr(c, v, da, w);
	nlab_strbuf_printf(c->out, " dseq %u src ", nlab_get32(v, ds));
	addr(c, v, oa, w);
	nlab_strbuf_printf(c->out, " %u ms", nlab_get32(v, life));
	return len - size >= 2 ? extension(c, v, size, len - (uint32_t)size) : NLAB_P_OK;
}

/* A route error and its unreachable destinations of W-byte addresses. */
static int rerr(nlab_pctx *c, nlab_view v, uint32_t len, size_t w)
{
	if (!nlab_view_has(v, 0, 4) || len < 4)
		return NLAB_P_ETRUNC;
	unsigned dc = nlab_get8(v, 3);
	nlab_strbuf_printf(c->out, " rerr %s [items %u] [%u]:", nlab_get8(v, 1) & 0x80 ? "[D]" : "", dc, len);
	size_t at = 4;
	for (uint32_t left = len - 4; dc; dc--, at += w + 4, left -= (uint32_t)(w + 4)) {
		if (!nlab_view_has(v, at, w + 4) || left < w + 4)
			return NLAB_P_ETRUNC;
		nlab_p_puts(c, " {");
		addr(c, v, at, w);
		nlab_strbuf_printf(c->out, "}(%u)", nlab_get32(v, at + w));
	}
	return NLAB_P_OK;
}

int nlab_p_aodv(nlab_pctx *c, nlab_view v, uint32_t len, int ip6)
{
	c->proto = "aodv";
	if (!nlab_view_has(v, 0, 1))
		return NLAB_P_TRUNC;
	uint8_t t = nlab_get8(v, 0);
	size_t w = ip6 ? 16 : 4;
	nlab_p_puts(c, " aodv");
	switch (t) {
	case 1: return rreq(c, v, len, w, 0);
	case 2: return rrep(c, v, len, w, 0);
	case 3: return rerr(c, v, len, w);
	case 16: return rreq(c, v, len, 16, 1);
	case 17: return rrep(c, v, len, 16, 1);
	case 18: return rerr(c, v, len, 16);
	case 4: case 19:
		nlab_strbuf_printf(c->out, " rrep-ack %u", len);
		return NLAB_P_OK;
	default:
		nlab_strbuf_printf(c->out, " type %u %u", t, len);
		return NLAB_P_OK;
	}
}
