/* print_prism.c - the other radio headers before an 802.11 frame:
 * Prism's (DLT_PRISM_HEADER, 144 bytes, or an AVS header when it starts
 * with the AVS cookie) and AVS's (DLT_IEEE802_11_RADIO_AVS, its length
 * at 4), neither printed, as tcpdump 4.99.3's prism_if_print and
 * ieee802_11_radio_avs_print skip them. */
#include "print_80211.h"

/* The AVS header at V: skipped, then the frame. */
static int avs(nlab_pctx *c, nlab_view v, uint32_t len, size_t *hdrlen)
{
	c->proto = "802.11_radio_avs";
	*hdrlen = v.len;
	uint32_t hl = nlab_get32(v, 4);
	if (v.len < 8 || hl < 8 || v.len < hl) {
		nlab_p_trunc(c);
		return NLAB_P_OK;
	}
	size_t fl;
	int r = nlab_p_80211_frame(c, nlab_view_from(v, hl), len - hl, 0, 0, &fl);
	*hdrlen = hl + fl;
	return r;
}

int nlab_p_avs(nlab_pctx *c, nlab_view v, uint32_t len, size_t *hdrlen)
{
	return avs(c, v, len, hdrlen);
}

int nlab_p_prism(nlab_pctx *c, nlab_view v, uint32_t len, size_t *hdrlen)
{
	c->proto = "prism";
	*hdrlen = v.len;
	if (v.len < 4) {
		nlab_p_trunc(c);
		return NLAB_P_OK;
	}
	uint32_t code = nlab_get32(v, 0);
	if (code == 0x80211001 || code == 0x80211002)
		return avs(c, v, len, hdrlen);
	if (v.len < 144) {
		nlab_p_trunc(c);
		return NLAB_P_OK;
	}
	size_t fl;
	int r = nlab_p_80211_frame(c, nlab_view_from(v, 144), len - 144, 0, 0, &fl);
	*hdrlen = 144 + fl;
	return r;
}
