/* print_80211.h - what the IEEE 802.11 printers (print_radiotap.c,
 * print_80211.c, print_80211_mgmt.c, print_80211_ctrl.c) share: the
 * frame control field's parts and the little-endian getters the radio
 * headers and frames are read with (tcpdump's print-802_11.c).
 *
 * A body printer returns 1 when it printed all it meant to, 0 when the
 * frame ended first: the caller then ends the line " [|802.11]" (an
 * explicit check in tcpdump, so -X still skips the 802.11 header). */
#ifndef NLAB_PRINT_80211_H
#define NLAB_PRINT_80211_H

#include "print_priv.h"

/* The frame control field FC (read little-endian). */
#define FC_TYPE(fc) (((fc) >> 2) & 3)
#define FC_SUBTYPE(fc) (((fc) >> 4) & 15)
#define FC_TO_DS(fc) ((fc) & 0x0100)
#define FC_FROM_DS(fc) ((fc) & 0x0200)
#define FC_PROTECTED(fc) ((fc) & 0x4000)

enum { T_MGMT = 0, T_CTRL = 1, T_DATA = 2 };

/* Little-endian getters: 0 when out of range. */
static inline uint32_t nlab_get32le(nlab_view v, size_t off)
{
	if (!nlab_view_has(v, off, 4))
		return 0;
	return (uint32_t)v.base[off] | (uint32_t)v.base[off + 1] << 8 |
	       (uint32_t)v.base[off + 2] << 16 | (uint32_t)v.base[off + 3] << 24;
}

static inline uint64_t nlab_get64le(nlab_view v, size_t off)
{
	return (uint64_t)nlab_get32le(v, off) | (uint64_t)nlab_get32le(v, off + 4) << 32;
}

/* The 802.11 frame at V (LEN bytes on the wire, FCSLEN of them its
 * frame check sequence; PAD: its body starts on a 4-byte boundary), as
 * tcpdump's ieee802_11_print; *HL: the length it skipped (for -X). */
int nlab_p_80211_frame(nlab_pctx *c, nlab_view v, uint32_t len, int pad, uint32_t fcslen,
		       size_t *hl);

/* Appends " IV:... Pad .. KeyID .." of a protected frame's body at V
 * (tcpdump's wep_print); 0 when its 4 bytes were not captured. */
int nlab_p_80211_wep(nlab_pctx *c, nlab_view v);

/* A management frame's body (print_80211_mgmt.c): its subtype's name
 * and fields. HDR is the frame from its control field (the source
 * address at 10), V the body captured, LEN the body's length. */
int nlab_p_80211_mgmt(nlab_pctx *c, uint16_t fc, nlab_view hdr, nlab_view v, uint32_t len);

/* A control frame (print_80211_ctrl.c): its name and the fields of the
 * frame F (from its control field on) tcpdump prints; and its header
 * line under -e. The header length of control subtype ST, 0 for an
 * unknown one. */
int nlab_p_80211_ctrl(nlab_pctx *c, uint16_t fc, nlab_view f);
void nlab_p_80211_ctrl_hdr(nlab_pctx *c, uint16_t fc, nlab_view f);
uint32_t nlab_p_80211_ctrl_len(unsigned st);

/* A data frame's addresses and CF/QoS kind under -e (print_80211_ctrl.c). */
void nlab_p_80211_data_hdr(nlab_pctx *c, uint16_t fc, nlab_view f);

#endif
