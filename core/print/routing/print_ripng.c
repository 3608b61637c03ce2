/* print_ripng.c - RIPng (UDP 521), as tcpdump's print-ripng.c writes it:
 * " ripng-req 1:" or " ripng-resp 2:" and each route "2001:db8::/64
 * [tag] (metric)" (-vv: a line each), " ripng-req dump" for a request of
 * the whole table, " [vers N]" and the lengths it calls invalid. */
#include "print_priv.h"

enum { HDR = 4, NI = 20 };

/* "prefix/len [tag] (metric)" of the route at OFF (the metric only in a
 * response). */
static int route(nlab_pctx *c, nlab_view v, size_t off, int metric)
{
	if (!nlab_view_has(v, off, 16) || !nlab_view_has(v, off + 18, 1))
		return NLAB_P_TRUNC;
	nlab_p_ip6addr(c, v, off);
	nlab_strbuf_printf(c->out, "/%u", nlab_get8(v, off + 18));
	if (!nlab_view_has(v, off + 16, 2))
		return NLAB_P_TRUNC;
	if (nlab_get16(v, off + 16))
		nlab_strbuf_printf(c->out, " [%u]", nlab_get16(v, off + 16));
	if (!nlab_view_has(v, off + 19, 1))
		return NLAB_P_TRUNC;
	if (nlab_get8(v, off + 19) && metric)
		nlab_strbuf_printf(c->out, " (%u)", nlab_get8(v, off + 19));
	return NLAB_P_OK;
}

/* Whether the route at OFF is ::/0 with metric 16 (a whole-table
 * request); the metric read first, as tcpdump does. */
static int dump_all(nlab_view v, size_t off, int *cut)
{
	if (!nlab_view_has(v, off + 19, 1)) {
		*cut = 1;
		return 0;
	}
	if (nlab_get8(v, off + 19) != 16)
		return 0;
	for (size_t i = 0; i < 16; i++)
		if (nlab_get8(v, off + i))
			return 0;
	return 1;
}

int nlab_p_ripng(nlab_pctx *c, nlab_view v, uint32_t len)
{
	c->proto = "ripng";
	if (!nlab_view_has(v, 1, 1))
		return NLAB_P_TRUNC;
	uint8_t vers = nlab_get8(v, 1), cmd = nlab_get8(v, 0);
	if (vers != 1) {
		nlab_strbuf_printf(c->out, " [vers %u] (invalid)", vers);
		return NLAB_P_OK;
	}
	if (cmd != 1 && cmd != 2) {
		nlab_strbuf_printf(c->out, " ripng-%u ?? %u (invalid)", cmd, len);
		return NLAB_P_OK;
	}
	if (len < HDR) {
		nlab_p_puts(c, " (invalid)");
		return NLAB_P_OK;
	}
	uint32_t left = len - HDR, n = left / NI;
	if (cmd == 1 && n == 1) {
		int cut = 0;
		if (dump_all(v, HDR, &cut)) {
			nlab_p_puts(c, " ripng-req dump");
			return NLAB_P_OK;
		}
		if (cut)
			return NLAB_P_TRUNC;
	}
	nlab_strbuf_printf(c->out, " ripng-%s %u", cmd == 1 ? "req" : "resp", n);
	if (n * NI != left)
		nlab_strbuf_printf(c->out, "[%u]", len);
	nlab_p_puts(c, ":");
	for (size_t off = HDR; left >= NI; left -= NI, off += NI) {
		nlab_p_puts(c, c->o->v > 1 ? "\n\t" : " ");
		int r = route(c, v, off, cmd == 2);
		if (r != NLAB_P_OK)
			return r;
	}
	if (left)
		nlab_p_puts(c, " (invalid)");
	return NLAB_P_OK;
}
