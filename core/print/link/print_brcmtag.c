/* print_brcmtag.c - Broadcom's switch tags (DLT_DSA_TAG_BRCM 281, in
 * the frame after its addresses; DLT_DSA_TAG_BRCM_PREPEND 282, before
 * it), as tcpdump's print-brcmtag.c writes them: "BRCM tag OP: IG, TC:
 * 0, TE: None, TS: 0, DST map: 0x0080, " (ingress) or "OP: EG, CID: 0,
 * RC: exception, TC: 0, port: 5, " (egress), then the Ethernet frame. */
#include "print_priv.h"

/* The reason code's name (brcm_tag_rc_values: one bit each). */
static const char *rc_name(uint8_t rc)
{
	switch (rc) {
	case 1: return "mirror";
	case 2: return "MAC learning";
	case 4: return "switching";
	case 8: return "prot term";
	case 16: return "prot snoop";
	case 32: return "exception";
	default: return "reserved";
	}
}

/* The 4 bytes of tag T. */
static void brcm_tag(nlab_pctx *c, nlab_view t)
{
	static const char *const te[] = {"None", "Untag", "Header", "Reserved"};
	uint8_t b0 = nlab_get8(t, 0), b1 = nlab_get8(t, 1), b2 = nlab_get8(t, 2),
		b3 = nlab_get8(t, 3);
	nlab_strbuf_printf(c->out, "BRCM tag OP: %s", b0 ? "IG" : "EG");
	if (b0 & 0x20)
		nlab_strbuf_printf(c->out, ", TC: %d, TE: %s, TS: %d, DST map: 0x%04x",
				   (b1 >> 2) & 7, te[b1 & 3], b1 >> 7, (b2 << 8 | b3) & 0x1ff);
	else
		nlab_strbuf_printf(c->out, ", CID: %d, RC: %s, TC: %d, port: %d", b1, rc_name(b2),
				   (b3 >> 5) & 7, b3 & 0x1f);
	nlab_p_puts(c, ", ");
}

int nlab_p_brcm_tag(nlab_pctx *c, nlab_view v, uint32_t len, size_t *hdrlen)
{
	c->proto = "brcm-tag";
	return nlab_p_ether_tagged(c, v, len, hdrlen, 4, brcm_tag);
}

int nlab_p_brcm_tag_prepend(nlab_pctx *c, nlab_view v, uint32_t len, size_t *hdrlen)
{
	c->proto = "brcm-tag-prepend";
	if (!nlab_view_has(v, 0, 4))
		return NLAB_P_TRUNC;
	if (c->o->e)
		brcm_tag(c, v);
	int r = nlab_p_ether(c, nlab_view_from(v, 4), len - 4, hdrlen);
	*hdrlen += 4;
	return r;
}
