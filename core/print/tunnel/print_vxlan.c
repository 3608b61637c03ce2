/* print_vxlan.c - VXLAN (UDP port 4789) and Cisco's OTV (UDP port
 * 8472, the same 8-byte header with an overlay and an instance where
 * VXLAN has its VNI) and the Ethernet frame they carry, as tcpdump
 * 4.99.3's print-vxlan.c and print-otv.c write them. */
#include "print_priv.h"

int nlab_p_inner_ether(nlab_pctx *c, nlab_view v, uint32_t len)
{
	if (len < v.len) {
		nlab_strbuf_printf(c->out, "[length %u < caplen %zu] (invalid)",
				   len, v.len);
		return NLAB_P_OK;
	}
	size_t hdrlen;
	c->proto = "ether";
	if (v.len < 14) /* ether_print's own check, before the longjmp ones */
		return NLAB_P_ETRUNC;
	return nlab_p_ether(c, v, len, &hdrlen);
}

int nlab_p_vxlan(nlab_pctx *c, nlab_view v, uint32_t len)
{
	c->proto = "vxlan";
	nlab_p_puts(c, "VXLAN");
	if (len < 8) {
		nlab_p_puts(c, " (invalid)");
		return NLAB_P_OK;
	}
	if (!nlab_view_has(v, 0, 1))
		return NLAB_P_TRUNC;
	uint8_t flags = nlab_get8(v, 0);
	nlab_strbuf_printf(c->out, ", flags [%s] (0x%02x), ",
			   flags & 0x08 ? "I" : "invalid", flags);
	if (!nlab_view_has(v, 4, 3))
		return NLAB_P_TRUNC;
	nlab_strbuf_printf(c->out, "vni %u\n", nlab_get24(v, 4));
	if (!nlab_view_has(v, 7, 1))
		return NLAB_P_TRUNC; /* the reserved byte after it */
	return nlab_p_inner_ether(c, nlab_view_from(v, 8), len - 8);
}

int nlab_p_otv(nlab_pctx *c, nlab_view v, uint32_t len)
{
	c->proto = "otv";
	nlab_p_puts(c, "OTV, ");
	if (len < 8) {
		nlab_strbuf_printf(c->out, "[length %u < 8] (invalid)", len);
		return nlab_view_has(v, 0, len) ? NLAB_P_OK : NLAB_P_TRUNC;
	}
	if (!nlab_view_has(v, 0, 1))
		return NLAB_P_TRUNC;
	uint8_t flags = nlab_get8(v, 0);
	nlab_strbuf_printf(c->out, "flags [%s] (0x%02x), ",
			   flags & 0x08 ? "I" : ".", flags);
	if (!nlab_view_has(v, 1, 3))
		return NLAB_P_TRUNC;
	nlab_strbuf_printf(c->out, "overlay %u, ", nlab_get24(v, 1));
	if (!nlab_view_has(v, 4, 3))
		return NLAB_P_TRUNC;
	nlab_strbuf_printf(c->out, "instance %u\n", nlab_get24(v, 4));
	if (!nlab_view_has(v, 7, 1))
		return NLAB_P_TRUNC; /* the reserved byte after them */
	return nlab_p_inner_ether(c, nlab_view_from(v, 8), len - 8);
}
