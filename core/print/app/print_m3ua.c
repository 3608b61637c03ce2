/* print_m3ua.c - SS7 MTP3 User Adaptation (M3UA, RFC 4666) in an SCTP
 * DATA chunk of payload protocol 3, as tcpdump's print-m3ua.c writes it
 * under -vv: the message's class and type on a line, then a line per
 * parameter (its name, a 32-bit word or its length). */
#include "print_priv.h"

/* The name of message class CLS (tcpdump's MessageClasses), or NULL. */
static const char *class_name(uint8_t cls)
{
	switch (cls) {
	case 0: return "Management";
	case 1: return "Transfer";
	case 2: return "SS7";
	case 3:
	case 4: return "ASP";
	case 9: return "Routing Key Management";
	default: return NULL;
	}
}

/* The message types of class CLS (tcpdump's m3ua_msgc2tokary: index =
 * type), their count in *N; NULL for a class without a table. */
static const char *const *type_names(uint8_t cls, size_t *n)
{
	static const char *const mgmt[] = {"Error", "Notify"};
	static const char *const transfer[] = {NULL, "Data"};
	static const char *const ssnm[] = {NULL, "Destination Unavailable", "Destination Available",
		"Destination State Audit", "Signalling Congestion",
		"Destination User Part Unavailable", "Destination Restricted"};
	static const char *const aspsm[] = {NULL, "Up", "Down", "Heartbeat", "Up Acknowledgement",
		"Down Acknowledgement", "Heartbeat Acknowledgement"};
	static const char *const asptm[] = {NULL, "Active", "Inactive", "Active Acknowledgement",
		"Inactive Acknowledgement"};
	static const char *const rkm[] = {NULL, "Registration Request", "Registration Response",
		"Deregistration Request", "Deregistration Response"};
#define M3UA_TAB(t) (*n = sizeof t / sizeof t[0], t)
	switch (cls) {
	case 0: return M3UA_TAB(mgmt);
	case 1: return M3UA_TAB(transfer);
	case 2: return M3UA_TAB(ssnm);
	case 3: return M3UA_TAB(aspsm);
	case 4: return M3UA_TAB(asptm);
	case 9: return M3UA_TAB(rkm);
	default: return NULL;
	}
#undef M3UA_TAB
}

/* The name of parameter TAG (tcpdump's ParamName), or NULL. */
static const char *param_name(uint16_t tag)
{
	static const struct {
		uint16_t tag;
		const char *name;
	} t[] = {{0x0004, "INFO String"}, {0x0006, "Routing Context"}, {0x0007, "Diagnostic Info"},
		 {0x0009, "Heartbeat Data"}, {0x000b, "Traffic Mode Type"}, {0x000c, "Error Code"},
		 {0x000d, "Status"}, {0x0011, "ASP Identifier"}, {0x0012, "Affected Point Code"},
		 {0x0013, "Correlation ID"}, {0x0200, "Network Appearance"}, {0x0204, "User/Cause"},
		 {0x0205, "Congestion Indications"}, {0x0206, "Concerned Destination"},
		 {0x0207, "Routing Key"}, {0x0208, "Registration Result"},
		 {0x0209, "Deregistration Result"}, {0x020a, "Local Routing Key Identifier"},
		 {0x020b, "Destination Point Code"}, {0x020c, "Service Indicators"},
		 {0x020e, "Originating Point Code List"}, {0x0210, "Protocol Data"},
		 {0x0212, "Registration Status"}, {0x0213, "Deregistration Status"}};
	for (size_t i = 0; i < sizeof t / sizeof t[0]; i++)
		if (t[i].tag == tag)
			return t[i].name;
	return NULL;
}

/* " (invalid)", then the cut check tcpdump makes over the N bytes at
 * OFF of V: NLAB_P_TRUNC when they were not all captured. */
static int invalid(nlab_pctx *c, nlab_view v, size_t off, size_t n)
{
	nlab_p_puts(c, " (invalid)");
	return nlab_view_has(v, off, n) ? NLAB_P_OK : NLAB_P_TRUNC;
}

/* The parameters in the SIZE bytes at OFF of V (m3ua_tags_print). */
static int params(nlab_pctx *c, nlab_view v, size_t off, uint32_t size)
{
	size_t p = off, end = off + size;
	while (p < end) {
		if (p + 4 > end)
			return invalid(c, v, off, size);
		uint16_t tag = nlab_get16(v, p), len = nlab_get16(v, p + 2);
		const char *name = param_name(tag);
		if (name)
			nlab_strbuf_printf(c->out, "\n\t\t\t%s: ", name);
		else
			nlab_strbuf_printf(c->out, "\n\t\t\tUnknown Parameter (0x%04x): ", tag);
		if (len < 4)
			return invalid(c, v, off, size);
		size_t align = (p + len - off) % 4 ? 4 - (p + len - off) % 4 : 0;
		if (!nlab_view_has(v, p, len + align))
			return NLAB_P_TRUNC;
		if (tag == 0x0200 || tag == 0x0006 || tag == 0x0013) {
			if (len < 8)
				nlab_p_puts(c, " (invalid)");
			else /* tcpdump reads the value from the parameter's header */
				nlab_strbuf_printf(c->out, "0x%08x", nlab_get32(v, p));
		} else {
			nlab_strbuf_printf(c->out, "(length %u)", len);
		}
		p += len + align;
	}
	return NLAB_P_OK;
}

int nlab_p_m3ua(nlab_pctx *c, nlab_view v, uint32_t size)
{
	c->proto = "m3ua";
	if (size < 8)
		return invalid(c, v, 0, size);
	if (!nlab_view_has(v, 0, 8))
		return NLAB_P_TRUNC;
	if (nlab_get8(v, 0) != 1)
		return NLAB_P_OK;
	uint8_t cls = nlab_get8(v, 2), type = nlab_get8(v, 3);
	const char *cn = class_name(cls);
	if (cn)
		nlab_strbuf_printf(c->out, "\n\t\t%s", cn);
	else
		nlab_strbuf_printf(c->out, "\n\t\tUnknown message class %i", cls);
	size_t n = 0;
	const char *const *types = type_names(cls, &n);
	if (types) {
		if (type < n && types[type])
			nlab_strbuf_printf(c->out, " %s Message", types[type]);
		else
			nlab_strbuf_printf(c->out, " Unknown (0x%02x) Message", type);
	}
	uint32_t len = nlab_get32(v, 4);
	if (size != len) {
		nlab_strbuf_printf(c->out, "\n\t\t\t@@@@@@ Corrupted length %u of message @@@@@@", len);
		return NLAB_P_OK;
	}
	return params(c, v, 8, len - 8);
}
