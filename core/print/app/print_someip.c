/* print_someip.c - SOME/IP (UDP 30490), as tcpdump's print-someip.c
 * writes it: "SOMEIP, service 4660, method 1, len 8, client 1, session
 * 2, pver 1, iver 1, msgtype REQUEST, retcode E_OK" and, as tcpdump
 * does, a newline after it. */
#include "print_priv.h"

/* The name of message type T (message_type_values): the TP_ ones are
 * the others with bit 0x20 set. */
static const char *msgtype(uint8_t t)
{
	static const char *const names[] = {"REQUEST",
					    "REQUEST_NO_RETURN",
					    "NOTIFICATION",
					    "TP_REQUEST",
					    "TP_REQUEST_NO_RETURN",
					    "TP_NOTIFICATION",
					    "RESPONSE",
					    "ERROR",
					    "TP_RESPONSE",
					    "TP_ERROR"};
	uint8_t tp = (t & 0x20) ? 1 : 0, base = t & (uint8_t)~0x20;
	if (base <= 2)
		return names[base + 3 * tp];
	if (base == 0x80 || base == 0x81)
		return names[6 + 2 * tp + (base - 0x80)];
	return "Unknown";
}

/* The name of return code R (return_code_values). */
static const char *retcode(uint8_t r)
{
	static const char *const names[] = {"E_OK",
					    "E_NOT_OK",
					    "E_UNKNOWN_SERVICE",
					    "E_UNKNOWN_METHOD",
					    "E_NOT_READY",
					    "E_NOT_REACHABLE",
					    "E_TIMEOUT",
					    "E_WRONG_PROTOCOL_VERSION",
					    "E_WRONG_INTERFACE_VERSION",
					    "E_MALFORMED_MESSAGE",
					    "E_WRONG_MESSAGE_TYPE",
					    "E_E2E_REPEATED",
					    "E_E2E_WRONG_SEQUENCE",
					    "E_E2E",
					    "E_E2E_NOT_AVAILABLE",
					    "E_E2E_NO_NEW_DATA"};
	return r < 16 ? names[r] : "Unknown";
}

int nlab_p_someip(nlab_pctx *c, nlab_view v, uint32_t len)
{
	c->proto = "someip";
	nlab_p_puts(c, "SOMEIP");
	if (len < 16) {
		nlab_p_puts(c, " (invalid)");
		return NLAB_P_OK;
	}
	if (!nlab_view_has(v, 0, 4))
		return NLAB_P_TRUNC;
	uint32_t id = nlab_get32(v, 0);
	nlab_strbuf_printf(c->out, ", service %u, %s %u", id >> 16,
			   id & 0x8000 ? "event" : "method", id & 0x7fff);
	if (!nlab_view_has(v, 4, 4))
		return NLAB_P_TRUNC;
	nlab_strbuf_printf(c->out, ", len %u", nlab_get32(v, 4));
	if (!nlab_view_has(v, 8, 4))
		return NLAB_P_TRUNC;
	nlab_strbuf_printf(c->out, ", client %u, session %u", nlab_get16(v, 8),
			   nlab_get16(v, 10));
	static const char *const fmts[] = {", pver %u", ", iver %u"};
	for (size_t i = 0; i < 2; i++) {
		if (!nlab_view_has(v, 12 + i, 1))
			return NLAB_P_TRUNC;
		nlab_strbuf_printf(c->out, fmts[i], nlab_get8(v, 12 + i));
	}
	if (!nlab_view_has(v, 14, 1))
		return NLAB_P_TRUNC;
	nlab_strbuf_printf(c->out, ", msgtype %s", msgtype(nlab_get8(v, 14)));
	if (!nlab_view_has(v, 15, 1))
		return NLAB_P_TRUNC;
	nlab_strbuf_printf(c->out, ", retcode %s\n", retcode(nlab_get8(v, 15)));
	return NLAB_P_OK;
}
