/* print_l2tp.c - L2TP (UDP 1701, RFC 2661) as tcpdump 4.99.3's
 * print-l2tp.c writes it: " l2tp:[TLS](tunnel/session)Ns=..,Nr=..", a
 * control message's AVPs (" *MSGTYPE(SCCRQ) *PROTO_VER(1.0) ...", each
 * value as tcpdump decodes it, hidden ones as ???, vendors' in hex) or
 * " ZLB", a data message's PPP frame in braces through the PPP printer;
 * L2F only named; lengths that do not fit said as tcpdump says them. */
#include "print_priv.h"

/* Bytes of text (print_string: fn_print_char each). */
static void text(nlab_pctx *c, nlab_view v, size_t off, size_t n)
{
	for (size_t i = 0; i < n; i++)
		nlab_p_char(c, nlab_get8(v, off + i));
}

/* Bytes in hex (print_octets). */
static void octets(nlab_pctx *c, nlab_view v, size_t off, size_t n)
{
	for (size_t i = 0; i < n; i++)
		nlab_strbuf_printf(c->out, "%02x", nlab_get8(v, off + i));
}

/* The name of AVP type T in tcpdump's l2tp_avp2str, or NULL. */
static const char *avp_name(uint16_t t)
{
	static const char *const names[] = {
	    "MSGTYPE",	       "RESULT_CODE",	  "PROTO_VER",
	    "FRAMING_CAP",     "BEARER_CAP",	  "TIE_BREAKER",
	    "FIRM_VER",	       "HOST_NAME",	  "VENDOR_NAME",
	    "ASSND_TUN_ID",    "RECV_WIN_SIZE",	  "CHALLENGE",
	    "Q931_CC",	       "CHALLENGE_RESP",  "ASSND_SESS_ID",
	    "CALL_SER_NUM",    "MINIMUM_BPS",	  "MAXIMUM_BPS",
	    "BEARER_TYPE",     "FRAMING_TYPE",	  "PACKET_PROC_DELAY",
	    "CALLED_NUMBER",   "CALLING_NUMBER",  "SUB_ADDRESS",
	    "TX_CONN_SPEED",   "PHY_CHANNEL_ID",  "INI_RECV_LCP",
	    "LAST_SENT_LCP",   "LAST_RECV_LCP",	  "PROXY_AUTH_TYPE",
	    "PROXY_AUTH_NAME", "PROXY_AUTH_CHAL", "PROXY_AUTH_ID",
	    "PROXY_AUTH_RESP", "CALL_ERRORS",	  "ACCM",
	    "RANDOM_VECTOR",   "PRIVATE_GRP_ID",  "RX_CONN_SPEED",
	    "SEQ_REQUIRED"};
	if (t < sizeof names / sizeof names[0])
		return names[t];
	return t == 46 ? "PPP_DISCON_CC" : NULL;
}

/* Message type M's name, or "MSGTYPE-#M". */
static void msgtype(nlab_pctx *c, uint16_t m)
{
	static const char *const names[] = {
	    NULL,    "SCCRQ", "SCCRP", "SCCCN", "StopCCN", NULL,
	    "HELLO", "OCRQ",  "OCRP",  "OCCN",	"ICRQ",	   "ICRP",
	    "ICCN",  NULL,    "CDN",   "WEN",	"SLI"};
	if (m < sizeof names / sizeof names[0] && names[m])
		nlab_p_puts(c, names[m]);
	else
		nlab_strbuf_printf(c->out, "MSGTYPE-#%u", m);
}

/* Result Code: result, error and message, each only if there. */
static void result_code(nlab_pctx *c, nlab_view v, size_t off, uint32_t n)
{
	nlab_p_u(c, nlab_get16(v, off));
	if (n == 2)
		return;
	if (n < 4) {
		nlab_p_puts(c, " AVP too short");
		return;
	}
	nlab_strbuf_printf(c->out, "/%u", nlab_get16(v, off + 2));
	if (n > 4) {
		nlab_p_puts(c, " ");
		text(c, v, off + 4, n - 4);
	}
}

/* Call Errors' six counters and ACCM's two words, after 2 reserved
 * bytes; "AVP too short" where the AVP ends first. */
static void counters(nlab_pctx *c, nlab_view v, size_t off, uint32_t n,
		     int accm)
{
	static const char *const errs[] = {"CRCErr=%u ",   "FrameErr=%u ",
					   "HardOver=%u ", "BufOver=%u ",
					   "Timeout=%u ",  "AlignErr=%u "};
	static const char *const words[] = {"send=%08x ", "recv=%08x "};
	const char *const *f = accm ? words : errs;
	int count = accm ? 2 : 6;
	for (int i = 0; i < count; i++) {
		if (n < 2 + 4 * (uint32_t)(i + 1)) {
			nlab_p_puts(c, "AVP too short");
			return;
		}
		nlab_strbuf_printf(c->out, f[i],
				   nlab_get32(v, off + 2 + 4 * (size_t)i));
	}
}

/* Letters of a capability or type word: HI if bit 2, LO if bit 1. */
static void letters(nlab_pctx *c, uint32_t w, const char *hi, const char *lo)
{
	if (w & 2)
		nlab_p_puts(c, hi);
	if (w & 1)
		nlab_p_puts(c, lo);
}

/* The AVP types whose value is text or hex of its length. */
static int is_text(uint16_t t)
{
	return t == 7 || t == 8 || (t >= 21 && t <= 23) || t == 30 || t == 37;
}
static int is_octets(uint16_t t)
{
	return t == 11 || (t >= 26 && t <= 28) || t == 31 || t == 33 || t == 36;
}

/* The least length of type T's value, 0 when any will do. */
static uint32_t least(uint16_t t)
{
	switch (t) {
	case 0:
	case 1:
	case 2:
	case 6:
	case 9:
	case 10:
	case 14:
	case 29:
	case 32:
	case 34:
	case 35:
		return 2;
	case 3:
	case 4:
	case 15:
	case 16:
	case 17:
	case 18:
	case 19:
	case 24:
	case 25:
	case 38:
		return 4;
	case 5:
		return 8;
	case 12:
		return 3;
	case 13:
		return 16;
	case 46:
		return 5;
	default:
		return 0;
	}
}

/* PPP Disconnect Cause Code (RFC 3145). */
static void discon_cc(nlab_pctx *c, nlab_view v, size_t off, uint32_t n)
{
	static const char *const dirs[] = {"global error", "at peer",
					   "at local"};
	uint8_t d = nlab_get8(v, off + 4);
	nlab_strbuf_printf(c->out, "%04x, %04x ", nlab_get16(v, off),
			   nlab_get16(v, off + 2));
	if (d < 3)
		nlab_p_puts(c, dirs[d]);
	else
		nlab_strbuf_printf(c->out, "Direction-#%u", d);
	if (n > 5) {
		nlab_p_puts(c, " ");
		text(c, v, off + 5, n - 5);
	}
}

/* The value of an IETF AVP of type T: N bytes at OFF (all captured). */
static void avp_value(nlab_pctx *c, nlab_view v, size_t off, uint32_t n,
		      uint16_t t)
{
	static const char *const auth[] = {"Reserved", "Textual", "CHAP",
					   "PAP",      "No Auth", "MS-CHAPv1"};
	if (n < least(t)) {
		nlab_p_puts(c, "AVP too short");
		return;
	}
	uint16_t w16 = nlab_get16(v, off);
	uint32_t w32 = nlab_get32(v, off);
	if (is_text(t))
		text(c, v, off, n);
	else if (is_octets(t))
		octets(c, v, off, n);
	switch (t) {
	case 0:
		msgtype(c, w16);
		break;
	case 1:
		result_code(c, v, off, n);
		break;
	case 2:
		nlab_strbuf_printf(c->out, "%u.%u", w16 >> 8, w16 & 0xff);
		break;
	case 3:
	case 19:
		letters(c, w32, "A", "S");
		break;
	case 4:
	case 18:
		letters(c, w32, "A", "D");
		break;
	case 5:
		octets(c, v, off, 8);
		break;
	case 6:
	case 9:
	case 10:
	case 14:
		nlab_p_u(c, w16);
		break;
	case 12:
		nlab_strbuf_printf(c->out, "%u, %02x", w16,
				   nlab_get8(v, off + 2));
		if (n > 3) {
			nlab_p_puts(c, " ");
			text(c, v, off + 3, n - 3);
		}
		break;
	case 13:
		octets(c, v, off, 16);
		break;
	case 15:
	case 16:
	case 17:
	case 24:
	case 25:
	case 38:
		nlab_p_u(c, w32);
		break;
	case 20:
		nlab_p_puts(c, "obsolete");
		break;
	case 29:
		if (w16 < 6)
			nlab_p_puts(c, auth[w16]);
		else
			nlab_strbuf_printf(c->out, "AuthType-#%u", w16);
		break;
	case 32:
		nlab_p_u(c, w16 & 0xff);
		break;
	case 34:
	case 35:
		counters(c, v, off, n, t == 35);
		break;
	case 46:
		discon_cc(c, v, off, n);
		break;
	}
}

/* One AVP at OFF, LEFT bytes of the message left: its length, or 0
 * when it is cut or does not fit (the line ends " [|l2tp]"). */
static uint32_t avp(nlab_pctx *c, nlab_view v, size_t off, uint32_t left,
		    int *trunc)
{
	nlab_p_puts(c, " ");
	if (!nlab_view_has(v, off, 2)) {
		*trunc = NLAB_P_TRUNC;
		return 0;
	}
	uint16_t fl = nlab_get16(v, off);
	uint32_t len = fl & 0x3ff;
	if (len < 6 || len > left || !nlab_view_has(v, off, len)) {
		*trunc = NLAB_P_ETRUNC;
		return 0;
	}
	nlab_p_puts(c, fl & 0x8000 ? "*" : "");
	nlab_p_puts(c, fl & 0x4000 ? "?" : "");
	uint16_t vendor = nlab_get16(v, off + 2), t = nlab_get16(v, off + 4);
	if (vendor) {
		nlab_strbuf_printf(c->out, "VENDOR%04x:ATTR%04x(", vendor, t);
		octets(c, v, off + 6, len - 6);
	} else {
		const char *name = avp_name(t);
		if (name)
			nlab_strbuf_printf(c->out, "%s(", name);
		else
			nlab_strbuf_printf(c->out, "AVP-#%u(", t);
		if (fl & 0x4000)
			nlab_p_puts(c, "???");
		else
			avp_value(c, v, off + 6, len - 6, t);
	}
	nlab_p_puts(c, ")");
	return len;
}

/* The flags "[TLSOP]", then "(tunnel/session)" and Ns/Nr; *CNT the
 * header's length, *LEN the Length field (0 without L). */
static int header(nlab_pctx *c, nlab_view v, uint16_t fl, uint32_t *cnt,
		  uint32_t *len)
{
	static const nlab_bitname bits[] = {{0x8000, "T"}, {0x4000, "L"},
					    {0x0800, "S"}, {0x0200, "O"},
					    {0x0100, "P"}, {0, NULL}};
	nlab_p_puts(c, " l2tp:[");
	nlab_p_bits(c, bits, fl, "", "");
	nlab_p_puts(c, "]");
	size_t off = 2;
	*len = 0;
	if (fl & 0x4000) {
		if (!nlab_view_has(v, off, 2))
			return NLAB_P_TRUNC;
		*len = nlab_get16(v, off), off += 2;
	}
	if (!nlab_view_has(v, off, 2))
		return NLAB_P_TRUNC;
	nlab_strbuf_printf(c->out, "(%u/", nlab_get16(v, off));
	if (!nlab_view_has(v, off + 2, 2))
		return NLAB_P_TRUNC;
	nlab_strbuf_printf(c->out, "%u)", nlab_get16(v, off + 2));
	off += 4;
	if (fl & 0x0800) {
		if (!nlab_view_has(v, off, 2))
			return NLAB_P_TRUNC;
		nlab_strbuf_printf(c->out, "Ns=%u,", nlab_get16(v, off));
		if (!nlab_view_has(v, off + 2, 2))
			return NLAB_P_TRUNC;
		nlab_strbuf_printf(c->out, "Nr=%u", nlab_get16(v, off + 2));
		off += 4;
	}
	if (fl & 0x0200) {
		if (!nlab_view_has(v, off, 2))
			return NLAB_P_TRUNC;
		uint16_t pad = nlab_get16(v, off);
		if (!nlab_view_has(v, off + 2, pad))
			return NLAB_P_ETRUNC;
		off += 2u + pad;
	}
	*cnt = (uint32_t)off;
	return NLAB_P_OK;
}

/* A data message's PPP frame of LEN bytes at OFF, in braces. */
static int data(nlab_pctx *c, nlab_view v, size_t off, uint32_t len)
{
	size_t hl;
	nlab_p_puts(c, " {");
	int r = nlab_p_ppp_frame(c, nlab_view_from(v, off), len, &hl);
	if (r == NLAB_P_TRUNC)
		return r;
	if (r == NLAB_P_ETRUNC)
		nlab_p_trunc(c);
	nlab_p_puts(c, "}");
	return NLAB_P_OK;
}

int nlab_p_l2tp(nlab_pctx *c, nlab_view v, uint32_t length)
{
	c->proto = "l2tp";
	if (!nlab_view_has(v, 0, 2))
		return NLAB_P_TRUNC;
	uint16_t fl = nlab_get16(v, 0);
	if ((fl & 0xf) != 2) {
		nlab_p_puts(
		    c, (fl & 0xf) == 1
			   ? " l2f:"
			   : " Unknown Version, neither L2F(1) nor L2TP(2)");
		return NLAB_P_OK;
	}
	uint32_t cnt, len;
	int r = header(c, v, fl, &cnt, &len);
	if (r != NLAB_P_OK)
		return r;
	if (fl & 0x4000) {
		if (length < len) {
			nlab_strbuf_printf(
			    c->out, " Length %u larger than packet", len);
			return NLAB_P_OK;
		}
		length = len;
	}
	if (length < cnt) {
		nlab_strbuf_printf(
		    c->out, " Length %u smaller than header length", length);
		return NLAB_P_OK;
	}
	if (!(fl & 0x8000))
		return data(c, v, cnt, length - cnt);
	if (!(fl & 0x4000)) {
		nlab_p_puts(c, " No length");
		return NLAB_P_OK;
	}
	if (length == cnt)
		nlab_p_puts(c, " ZLB");
	while (length > cnt) {
		int trunc = NLAB_P_OK;
		uint32_t n = avp(c, v, cnt, length - cnt, &trunc);
		if (!n)
			return trunc;
		cnt += n;
	}
	return NLAB_P_OK;
}
