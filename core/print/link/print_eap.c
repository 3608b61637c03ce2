/* print_eap.c - EAPOL (802.1X, EtherType 0x888e) and the EAP packets it
 * carries, as tcpdump's print-eap.c writes them: "EAP packet (0) v1, len
 * 5", and under -v the EAP code, id and length, a request's or
 * response's type (identity, notification, NAK, TLS/TTLS/FAST flags,
 * SIM/AKA subtype). */
#include "print_priv.h"

/* tcpdump's eap_type_values name of T, or "unknown". */
static const char *type_name(uint8_t t)
{
	static const char *const low[] = {"No proposed", "Identity", "Notification", "Nak",
					  "MD5-challenge", "OTP", "GTC"};
	switch (t) {
	case 13: return "TLS";
	case 18: return "SIM";
	case 21: return "TTLS";
	case 23: return "AKA";
	case 43: return "FAST";
	case 254: return "Expanded types";
	case 255: return "Experimental";
	default: return t < 7 ? low[t] : "unknown";
	}
}

/* The SIM/AKA subtype's name (eap_aka_subtype_values), or "unknown". */
static const char *aka_name(uint8_t t)
{
	static const char *const n[] = {NULL, "Challenge", "Auth reject", NULL, "Sync failure",
					"Identity", NULL, NULL, NULL, NULL, "Start", "Challenge",
					"Notification", "Reauth", "Client error"};
	return t < 15 && n[t] ? n[t] : "unknown";
}

/* At most N bytes at OFF as text, stopping at a NUL (nd_printjnp). */
static void printjnp(nlab_pctx *c, nlab_view v, size_t off, size_t n)
{
	for (size_t i = 0; i < n && nlab_get8(v, off + i); i++)
		nlab_p_char(c, nlab_get8(v, off + i));
}

/* TLS, TTLS and FAST's flags byte at OFF, and the length it may announce. */
static void tls_flags(nlab_pctx *c, nlab_view v, size_t off, uint16_t len, uint8_t sub)
{
	static const nlab_bitname bits[] = {
		{0x80, "L bit"}, {0x40, "More fragments bit"}, {0x20, "Start bit"}, {0, NULL}};
	uint8_t f = nlab_get8(v, off + 5);
	const char *what = sub == 43 ? "FAST" : "TLS/TTLS";
	if (sub != 13)
		nlab_strbuf_printf(c->out, " %sv%u", sub == 43 ? "FAST" : "TTLS", f & 7);
	nlab_p_puts(c, " flags [");
	nlab_p_bits(c, bits, f, ", ", "none");
	nlab_strbuf_printf(c->out, "] 0x%02x", f);
	if (!(f & 0x80))
		return;
	if (len < 10)
		nlab_strbuf_printf(c->out, " (too short for EAP %s request/response with length)",
				   what);
	else
		nlab_strbuf_printf(c->out, ", len %u", nlab_get32(v, off + 6));
}

/* A request's or response's type (at OFF+4) and what follows it; the
 * LEN bytes from OFF were captured. */
static void req_resp(nlab_pctx *c, nlab_view v, size_t off, uint16_t len)
{
	uint8_t sub = nlab_get8(v, off + 4);
	nlab_strbuf_printf(c->out, "\n\t\t Type %s (%u)", type_name(sub), sub);
	const char *too_short = sub == 2 ? "Notification" : sub == 3 ? "Legacy NAK"
			      : sub == 13 || sub == 21 ? "TLS/TTLS" : sub == 43 ? "FAST"
			      : sub == 18 || sub == 23 ? "SIM/AKA" : NULL;
	if (too_short && len < 6) {
		nlab_strbuf_printf(c->out, " (too short for EAP %s request/response)", too_short);
		return;
	}
	if (sub == 1 && len > 5) {
		nlab_p_puts(c, ", Identity: ");
		printjnp(c, v, off + 5, len - 5u);
	} else if (sub == 2) {
		nlab_p_puts(c, ", Notification: ");
		printjnp(c, v, off + 5, len - 5u);
	} else if (sub == 3) {
		for (size_t i = 5; i < len; i++)
			nlab_strbuf_printf(c->out, "%s %s (%u)", i > 5 ? "," : "",
					   type_name(nlab_get8(v, off + i)), nlab_get8(v, off + i));
	} else if (sub == 13 || sub == 21 || sub == 43) {
		tls_flags(c, v, off, len, sub);
	} else if (sub == 18 || sub == 23) {
		nlab_strbuf_printf(c->out, " subtype [%s] 0x%02x", aka_name(nlab_get8(v, off + 5)),
				   nlab_get8(v, off + 5));
	}
}

int nlab_p_eap(nlab_pctx *c, nlab_view v, size_t off, uint16_t length)
{
	if (!nlab_view_has(v, off, 4))
		return NLAB_P_TRUNC;
	uint8_t code = nlab_get8(v, off);
	uint16_t len = nlab_get16(v, off + 2);
	if (len != length) {
		nlab_p_puts(c, "EAP fragment?");
		return NLAB_P_OK;
	}
	static const char *const codes[] = {"unknown", "Request", "Response", "Success", "Failure"};
	nlab_strbuf_printf(c->out, "%s (%u), id %u, len %u", codes[code < 5 ? code : 0], code,
			   nlab_get8(v, off + 1), len);
	if (len < 4) {
		nlab_p_puts(c, " (too short for EAP header)");
		return NLAB_P_OK;
	}
	if (!nlab_view_has(v, off, len))
		return NLAB_P_ETRUNC;
	if (code != 1 && code != 2)
		return NLAB_P_OK;
	if (len < 5)
		nlab_p_puts(c, " (too short for EAP request/response)");
	else
		req_resp(c, v, off, len);
	return NLAB_P_OK;
}

int nlab_p_eapol(nlab_pctx *c, nlab_view v, uint32_t len)
{
	static const char *const types[] = {"EAP packet", "EAPOL start", "EAPOL logoff",
					    "EAPOL key", "Encapsulated ASF alert"};
	(void)len; /* tcpdump goes by the EAPOL header's length */
	c->proto = "eap";
	if (!nlab_view_has(v, 0, 4))
		return NLAB_P_ETRUNC;
	uint8_t type = nlab_get8(v, 1);
	uint16_t eap_len = nlab_get16(v, 2);
	nlab_strbuf_printf(c->out, "%s (%u) v%u, len %u", type < 5 ? types[type] : "unknown", type,
			   nlab_get8(v, 0), eap_len);
	if (!c->o->v || type != 0)
		return NLAB_P_OK;
	if (eap_len == 0)
		return NLAB_P_ETRUNC;
	nlab_p_puts(c, ", ");
	return nlab_p_eap(c, v, 4, eap_len);
}
