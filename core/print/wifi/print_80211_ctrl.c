/* print_80211_ctrl.c - IEEE 802.11 control frames (RTS, CTS, ACK,
 * PS-Poll, block ack and its request, CF-End, control wrapper) and the
 * -e header line of control and data frames, as tcpdump 4.99.3 prints
 * them. */
#include "print_80211.h"

enum {
	CTRL_WRAPPER = 7,
	CTRL_BAR = 8,
	CTRL_BA = 9,
	CTRL_PS_POLL = 10,
	CTRL_RTS = 11,
	CTRL_CTS = 12,
	CTRL_ACK = 13,
	CTRL_CF_END = 14,
	CTRL_END_ACK = 15
};

uint32_t nlab_p_80211_ctrl_len(unsigned st)
{
	/* subtypes 7..15: the wrapper, BAR, BA (4.99.3 counts no TA), PS-Poll,
	 * RTS, CTS, ACK, CF-End, CF-End+CF-Ack */
	static const uint8_t len[16] = {0, 0, 0, 0, 0, 0, 0, 16, 20, 10, 16, 16, 10, 10, 16, 16};
	return st < 16 ? len[st] : 0;
}

/* Appends "NAME:aa:bb:.. " of the address at OFF of F. */
static void addr(nlab_pctx *c, const char *name, nlab_view f, size_t off)
{
	nlab_p_puts(c, name);
	nlab_p_mac(c, f, off, 6);
	nlab_p_puts(c, " ");
}

/* A block ack request's " RA:.. TA:.. CTL(..) SEQ(..) ". */
static void bar(nlab_pctx *c, nlab_view f)
{
	addr(c, " RA:", f, 4);
	addr(c, "TA:", f, 10);
	nlab_strbuf_printf(c->out, "CTL(%x) SEQ(%u) ", nlab_get16le(f, 16), nlab_get16le(f, 18));
}

int nlab_p_80211_ctrl(nlab_pctx *c, uint16_t fc, nlab_view f)
{
	static const char *const names[16] = {
	    [CTRL_WRAPPER] = "Control Wrapper", [CTRL_BAR] = "BAR",
	    [CTRL_BA] = "BA",			[CTRL_PS_POLL] = "Power Save-Poll",
	    [CTRL_RTS] = "Request-To-Send",	[CTRL_CTS] = "Clear-To-Send",
	    [CTRL_ACK] = "Acknowledgment",	[CTRL_CF_END] = "CF-End",
	    [CTRL_END_ACK] = "CF-End+CF-Ack"};
	unsigned st = FC_SUBTYPE(fc);
	nlab_p_puts(c, names[st] ? names[st] : "Unknown Ctrl Subtype");
	if (st == CTRL_PS_POLL) {
		nlab_strbuf_printf(c->out, " AID(%x)", nlab_get16le(f, 2));
		return 1;
	}
	if (c->o->e || st == CTRL_WRAPPER)
		return 1;
	if (st == CTRL_BAR)
		bar(c, f);
	else if (st == CTRL_RTS)
		addr(c, " TA:", f, 10);
	else
		addr(c, " RA:", f, 4);
	return 1;
}

void nlab_p_80211_ctrl_hdr(nlab_pctx *c, uint16_t fc, nlab_view f)
{
	switch (FC_SUBTYPE(fc)) {
	case CTRL_BAR:
		bar(c, f);
		break;
	case CTRL_PS_POLL:
		addr(c, "BSSID:", f, 4), addr(c, "TA:", f, 10);
		break;
	case CTRL_RTS:
		addr(c, "RA:", f, 4), addr(c, "TA:", f, 10);
		break;
	case CTRL_BA:
	case CTRL_CTS:
	case CTRL_ACK:
		addr(c, "RA:", f, 4);
		break;
	case CTRL_CF_END:
	case CTRL_END_ACK:
		addr(c, "RA:", f, 4), addr(c, "BSSID:", f, 10);
		break;
	}
}

void nlab_p_80211_data_hdr(nlab_pctx *c, uint16_t fc, nlab_view f)
{
	unsigned st = FC_SUBTYPE(fc);
	if (st & 0xb) { /* CF-Ack, CF-Poll or QoS */
		nlab_p_puts(c, "CF ");
		if (st & 1)
			nlab_p_puts(c, st & 2 ? "Ack/Poll" : "Ack");
		else if (st & 2)
			nlab_p_puts(c, "Poll");
		if (st & 8)
			nlab_p_puts(c, "+QoS");
		nlab_p_puts(c, " ");
	}
	if (!FC_TO_DS(fc) && !FC_FROM_DS(fc))
		addr(c, "DA:", f, 4), addr(c, "SA:", f, 10), addr(c, "BSSID:", f, 16);
	else if (!FC_TO_DS(fc))
		addr(c, "DA:", f, 4), addr(c, "BSSID:", f, 10), addr(c, "SA:", f, 16);
	else if (!FC_FROM_DS(fc))
		addr(c, "BSSID:", f, 4), addr(c, "SA:", f, 10), addr(c, "DA:", f, 16);
	else
		addr(c, "RA:", f, 4), addr(c, "TA:", f, 10), addr(c, "DA:", f, 16),
		    addr(c, "SA:", f, 24);
}
