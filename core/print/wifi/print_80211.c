/* print_80211.c - an IEEE 802.11 frame (DLT_IEEE802_11, and after a
 * radio header): its MAC header under -e (-v adds the frame control
 * flags and the duration), then what its type carries: a management
 * body (print_80211_mgmt.c), a control frame (print_80211_ctrl.c), a
 * data frame's LLC/SNAP and the packet in it, or a protected body's
 * IV, as tcpdump 4.99.3's ieee802_11_print writes them. */
#include "print_80211.h"

/* Data subtypes are four flags: CF-Ack, CF-Poll, no data, QoS. */
#define DATA_NULL(st) ((st) & 4)
#define DATA_QOS(st) ((st) & 8)

int nlab_p_80211_wep(nlab_pctx *c, nlab_view v)
{
	if (!nlab_view_has(v, 0, 4))
		return 0;
	uint32_t iv = nlab_get32le(v, 0);
	nlab_strbuf_printf(c->out, " IV:%3x Pad %x KeyID %x", iv & 0xffffff,
			   (iv >> 24) & 0x3f, iv >> 30);
	return 1;
}

/* The MAC header's length for frame control FC; 0 (and tcpdump's
 * words) for a type or control subtype it does not know. */
static uint32_t header_len(nlab_pctx *c, uint16_t fc)
{
	switch (FC_TYPE(fc)) {
	case T_MGMT:
		return 24;
	case T_CTRL: {
		uint32_t n = nlab_p_80211_ctrl_len(FC_SUBTYPE(fc));
		if (!n)
			nlab_strbuf_printf(c->out, "unknown 802.11 ctrl frame subtype (%u)",
					   FC_SUBTYPE(fc));
		return n;
	}
	case T_DATA:
		return (FC_TO_DS(fc) && FC_FROM_DS(fc) ? 30 : 24) +
		       (DATA_QOS(FC_SUBTYPE(fc)) ? 2 : 0);
	default:
		nlab_strbuf_printf(c->out, "unknown 802.11 frame type (%u)", FC_TYPE(fc));
		return 0;
	}
}

/* The frame control flags and the duration -v adds under -e. */
static void header_flags(nlab_pctx *c, uint16_t fc, nlab_view f)
{
	static const nlab_bitname flags[] = {
	    {0x2000, "More Data "}, {0x0400, "More Fragments "}, {0x1000, "Pwr Mgmt "},
	    {0x0800, "Retry "},	    {0x8000, "Strictly Ordered "}, {0x4000, "Protected "},
	};
	for (size_t i = 0; i < sizeof flags / sizeof flags[0]; i++)
		if (fc & flags[i].bit)
			nlab_p_puts(c, flags[i].name);
	if (FC_TYPE(fc) != T_CTRL || FC_SUBTYPE(fc) != 0xa)
		nlab_strbuf_printf(c->out, "%uus ", nlab_get16le(f, 2));
}

/* Appends " NAME:aa:bb:.." of the address at OFF of F, NAME:... first. */
static void addr(nlab_pctx *c, const char *name, nlab_view f, size_t off)
{
	nlab_p_puts(c, name);
	nlab_p_mac(c, f, off, 6);
	nlab_p_puts(c, " ");
}

/* The MAC header under -e (tcpdump's ieee_802_11_hdr_print). */
static void header(nlab_pctx *c, uint16_t fc, nlab_view f)
{
	if (c->o->v)
		header_flags(c, fc, f);
	switch (FC_TYPE(fc)) {
	case T_MGMT:
		addr(c, "BSSID:", f, 16), addr(c, "DA:", f, 4), addr(c, "SA:", f, 10);
		break;
	case T_CTRL:
		nlab_p_80211_ctrl_hdr(c, fc, f);
		break;
	case T_DATA:
		nlab_p_80211_data_hdr(c, fc, f);
		break;
	}
}

/* A data frame's body V of LEN bytes: its LLC header and what that
 * carries; adds the LLC header's length to *HL. */
static int data_body(nlab_pctx *c, uint16_t fc, nlab_view f, nlab_view v, uint32_t len,
		     size_t *hl)
{
	if (FC_PROTECTED(fc)) {
		nlab_p_puts(c, "Data");
		if (!nlab_p_80211_wep(c, v))
			nlab_p_trunc(c);
		return NLAB_P_OK;
	}
	/* The destination and source the LLC printer names, by To/From DS. */
	size_t src = FC_TO_DS(fc) ? (FC_FROM_DS(fc) ? 24 : 10) : (FC_FROM_DS(fc) ? 16 : 10);
	size_t dst = FC_TO_DS(fc) ? 16 : 4;
	uint8_t a[12];
	nlab_getbytes(f, dst, a, 6);
	nlab_getbytes(f, src, a + 6, 6);
	int llc_hl;
	int r = nlab_p_llc(c, v, len, (nlab_view){a, sizeof a}, &llc_hl);
	if (llc_hl < 0) {
		nlab_p_default(c, v);
		llc_hl = -llc_hl;
	}
	*hl += (size_t)llc_hl;
	return r;
}

int nlab_p_80211_frame(nlab_pctx *c, nlab_view v, uint32_t len, int pad, uint32_t fcslen,
		       size_t *hl)
{
	c->proto = "802.11";
	*hl = v.len;
	if (len < fcslen) {
		nlab_p_trunc(c);
		return NLAB_P_OK;
	}
	len -= fcslen;
	if (v.len > len)
		v.len = len; /* the FCS is not the frame's */
	if (v.len < 2) {
		nlab_p_trunc(c);
		return NLAB_P_OK;
	}
	uint16_t fc = nlab_get16le(v, 0);
	uint32_t hdrlen = header_len(c, fc);
	*hl = hdrlen;
	if (!hdrlen)
		return NLAB_P_OK;
	if (pad)
		*hl = hdrlen = (hdrlen + 3) & ~3u;
	if (v.len < hdrlen) {
		nlab_p_trunc(c);
		return NLAB_P_OK;
	}
	if (c->o->e)
		header(c, fc, v);
	nlab_view body = nlab_view_from(v, hdrlen);
	uint32_t blen = len - hdrlen;
	int ok = 1;
	switch (FC_TYPE(fc)) {
	case T_MGMT:
		ok = nlab_p_80211_mgmt(c, fc, v, body, blen);
		break;
	case T_CTRL:
		ok = nlab_p_80211_ctrl(c, fc, v);
		break;
	default:
		if (DATA_NULL(FC_SUBTYPE(fc)))
			return NLAB_P_OK;
		return data_body(c, fc, v, body, blen, hl);
	}
	if (!ok)
		nlab_p_trunc(c);
	return NLAB_P_OK;
}

long nlab_p_80211_ip_at(nlab_view v, size_t off, int pad)
{
	uint16_t fc = nlab_get16le(v, off);
	if (FC_TYPE(fc) != T_DATA || DATA_NULL(FC_SUBTYPE(fc)) || FC_PROTECTED(fc))
		return -1;
	size_t hl = (FC_TO_DS(fc) && FC_FROM_DS(fc) ? 30 : 24) + (DATA_QOS(FC_SUBTYPE(fc)) ? 2 : 0);
	if (pad)
		hl = (hl + 3) & ~(size_t)3;
	size_t llc = off + hl;
	uint32_t oui = nlab_get24(v, llc + 3);
	uint16_t t = nlab_get16(v, llc + 6);
	if (nlab_get24(v, llc) != 0xaaaa03 || (oui != 0 && oui != 0xf8) ||
	    (t != 0x0800 && t != 0x86dd) || !nlab_view_has(v, llc, 8))
		return -1;
	return (long)(llc + 8);
}

int nlab_p_80211(nlab_pctx *c, nlab_view v, uint32_t len, size_t *hdrlen)
{
	return nlab_p_80211_frame(c, v, len, 0, 0, hdrlen);
}
