/* print_lwapp.c - LWAPP (RFC 5412: UDP 12222 data, 12223 control), as
 * tcpdump's print-lwapp.c writes it: the transport header's version,
 * kind, flags and length; -v its radio and fragment ids, a control
 * packet's AP identity and each message header, a data packet's
 * 802.11 frame in hex. */
#include "print_priv.h"

enum { TRANS = 6, CTRL = 8 }; /* transport and control header sizes */

static const nlab_bitname flag_names[] = {
    {0x01, "Last Fragment Bit"}, {0x02, "Fragment Bit"}, {0x04, "Control Bit"}, {0, NULL}};

/* tcpdump's lwapp_msg_type_values. */
static const char *msg_name(unsigned t)
{
	static const char *const low[] = {
	    NULL, "Discovery req", "Discovery resp", "Join req", "Join resp", "Join ack",
	    "Join confirm", NULL, NULL, NULL, "Configure req", "Configure resp", "Update req",
	    "Update resp", "WTP event req", "WTP event resp", "Change state event req",
	    "Change state event resp", NULL, NULL, NULL, NULL, "Echo req", "Echo resp",
	    "Image data req", "Image data resp", "Channel status req", "Channel status resp",
	    NULL, NULL, "Key update req", "Key update resp", "Primary discovery req",
	    "Primary discovery resp", "Data transfer req", "Data transfer resp",
	    "Clear config ind", "Wlan config req", "Wlan config resp", "Mobile config req",
	    "Mobile config resp"};
	return t < sizeof low / sizeof low[0] && low[t] ? low[t] : "Unknown";
}

/* "LWAPPv0, Data frame" of the version byte B. */
static void kind(nlab_pctx *c, uint8_t b)
{
	nlab_strbuf_printf(c->out, "LWAPPv%u, %s frame", b >> 6, b & 4 ? "Control" : "Data");
}

/* ", Flags [...]" of the version byte B. */
static void flags(nlab_pctx *c, uint8_t b)
{
	nlab_p_puts(c, ", Flags [");
	nlab_p_bits(c, flag_names, b & 7, ", ", "none");
	nlab_p_puts(c, "]");
}

/* The header line without -v, or for a version tcpdump does not know;
 * 1 when that was all. */
static int short_line(nlab_pctx *c, uint8_t b, uint32_t len)
{
	if (b >> 6) {
		nlab_strbuf_printf(c->out, "LWAPP version %u packet not supported", b >> 6);
		return 1;
	}
	if (c->o->v)
		return 0;
	kind(c, b);
	flags(c, b);
	nlab_strbuf_printf(c->out, ", length %u", len);
	return 1;
}

/* The message headers of the TLEN bytes at OFF of V. */
static int messages(nlab_pctx *c, nlab_view v, size_t off, uint32_t tlen)
{
	while (tlen) {
		if (!nlab_view_has(v, off, CTRL))
			return NLAB_P_ETRUNC;
		uint32_t mlen = nlab_get16(v, off + 2);
		if (tlen < CTRL || tlen < CTRL + mlen) {
			nlab_p_puts(c, "\n\t  Msg goes past end of PDU");
			return NLAB_P_OK;
		}
		uint8_t t = nlab_get8(v, off);
		nlab_strbuf_printf(c->out, "\n\t  Msg type: %s (%u), Seqnum: %u, Msg len: %u, Session: 0x%08x",
				   msg_name(t), t, nlab_get8(v, off + 1), mlen, nlab_get32(v, off + 4));
		if (!nlab_view_has(v, off, mlen))
			return NLAB_P_ETRUNC;
		off += CTRL + mlen;
		tlen -= CTRL + mlen;
	}
	return NLAB_P_OK;
}

/* A control packet of LEN bytes; IDENT: an AP's MAC address first. */
static int control(nlab_pctx *c, nlab_view v, uint32_t len, int ident)
{
	c->proto = "lwapp_control";
	size_t h = ident ? 6 : 0;
	if (!nlab_view_has(v, 0, h + TRANS))
		return NLAB_P_ETRUNC;
	uint8_t b = nlab_get8(v, h);
	if (short_line(c, b, len))
		return NLAB_P_OK;
	uint32_t tlen = nlab_get16(v, h + 2);
	kind(c, b);
	nlab_strbuf_printf(c->out, ", Radio-id %u", (b >> 3) & 7);
	flags(c, b);
	nlab_strbuf_printf(c->out, ", Frag-id %u, length %u", nlab_get8(v, h + 1), tlen);
	if (ident) {
		nlab_p_puts(c, "\n\tAP identity: ");
		nlab_p_mac(c, v, 0, 6);
	}
	return messages(c, v, h + TRANS, tlen);
}

/* A data packet of LEN bytes. */
static int data(nlab_pctx *c, nlab_view v, uint32_t len)
{
	c->proto = "lwapp_data";
	if (!nlab_view_has(v, 0, TRANS))
		return NLAB_P_ETRUNC;
	uint8_t b = nlab_get8(v, 0);
	if (short_line(c, b, len))
		return NLAB_P_OK;
	uint32_t tlen = nlab_get16(v, 2);
	kind(c, b);
	nlab_strbuf_printf(c->out, ", Radio-id  %u", (b >> 3) & 7);
	flags(c, b);
	if (tlen < TRANS) {
		nlab_strbuf_printf(c->out, ", length %u < transport header length", tlen);
		return NLAB_P_OK;
	}
	nlab_strbuf_printf(c->out, ", Frag-id  %u, length %u", nlab_get8(v, 1), tlen);
	nlab_p_hexdump(c, v, TRANS, tlen - TRANS, "\n\t");
	return NLAB_P_OK;
}

int nlab_p_lwapp(nlab_pctx *c, nlab_view v, uint32_t len, int kind_)
{
	return kind_ == 'd' ? data(c, v, len) : control(c, v, len, kind_ == 'i');
}
