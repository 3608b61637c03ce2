/* print_dccp.c - DCCP, as tcpdump's print-dccp.c writes it without -v:
 * "10.0.0.1.5000 > 10.0.0.2.6000: DCCP-Request (service=0) " (the
 * trailing space is tcpdump's) — the addresses are DCCP's to print. */
#include "print_priv.h"

/* tcpdump's dccp_pkt_type_str ("" past the known types, whose default
 * format only the unknown-type case uses). */
static const char *type_name(uint8_t t)
{
	static const char *const names[] = {
		"DCCP-Request", "DCCP-Response", "DCCP-Data", "DCCP-Ack",
		"DCCP-DataAck", "DCCP-CloseReq", "DCCP-Close", "DCCP-Reset",
		"DCCP-Sync", "DCCP-SyncAck"};
	return t < sizeof names / sizeof names[0] ? names[t] : NULL;
}

/* tcpdump's dccp_reset_code. */
static const char *reset_code(uint8_t code)
{
	static const char *const names[] = {
		"unspecified", "closed", "aborted", "no_connection", "packet_error",
		"option_error", "mandatory_error", "connection_refused",
		"bad_service_code", "too_busy", "bad_init_cookie",
		"aggression_penalty"};
	return code < sizeof names / sizeof names[0] ? names[code] : "invalid";
}

/* The bytes each packet type has after the generic header (Request 4,
 * Response and Reset 12, Data none, the others 8), or -1 when unknown. */
static int type_extra(uint8_t t)
{
	static const int8_t extra[] = {4, 12, 0, 8, 8, 8, 8, 12, 8, 8};
	return t < sizeof extra ? extra[t] : -1;
}

/* "src.sport > dst.dport: " from the IP header IP (v4 or v6). */
static void dccp_addrs(nlab_pctx *c, nlab_view ip, nlab_view v)
{
	int v6 = nlab_get8(ip, 0) >> 4 == 6;
	v6 ? nlab_p_ip6addr(c, ip, 8) : nlab_p_ip4(c, ip, 12);
	nlab_strbuf_printf(c->out, ".%u > ", nlab_get16(v, 0));
	v6 ? nlab_p_ip6addr(c, ip, 24) : nlab_p_ip4(c, ip, 16);
	nlab_strbuf_printf(c->out, ".%u: DCCP", nlab_get16(v, 2));
}

/* "(ack=N) " from the acknowledgement after the generic header (FIXED
 * bytes; 48-bit numbers when X is set); TRUNC when not captured. */
static int ack_no(nlab_pctx *c, nlab_view v, size_t fixed, int x)
{
	size_t at = fixed + (x ? 2 : 1), n = x ? 6 : 3;
	if (!nlab_view_has(v, at, n))
		return NLAB_P_TRUNC; /* tcpdump's GET_BE_U_6 longjmps */
	uint64_t ack = 0;
	for (size_t i = 0; i < n; i++)
		ack = ack << 8 | nlab_get8(v, at + i);
	nlab_strbuf_printf(c->out, "(ack=%llu) ", (unsigned long long)ack);
	return NLAB_P_OK;
}

/* The packet type's part: its name, service or reset code. */
static int dccp_type(nlab_pctx *c, nlab_view v, uint32_t len, uint32_t fixed, uint8_t t)
{
	int extra = type_extra(t);
	if (extra < 0) {
		nlab_strbuf_printf(c->out, "unknown-type-%u ", t);
		return NLAB_P_OK;
	}
	uint32_t need = fixed + (uint32_t)extra;
	if (len < need) {
		nlab_strbuf_printf(c->out, "truncated-%s - %u bytes missing!", type_name(t),
				   need - len);
		return NLAB_P_STOP;
	}
	if (t == 0 || t == 1 || t == 7) {
		if (!nlab_view_has(v, fixed, (size_t)extra))
			return NLAB_P_ETRUNC;
		if (t == 7)
			nlab_strbuf_printf(c->out, "%s (code=%s) ", type_name(t),
					   reset_code(nlab_get8(v, fixed + 8)));
		else
			nlab_strbuf_printf(c->out, "%s (service=%u) ", type_name(t),
					   nlab_get32(v, fixed + (t ? 8 : 0)));
		return NLAB_P_OK;
	}
	nlab_strbuf_printf(c->out, "%s ", type_name(t));
	return NLAB_P_OK;
}

int nlab_p_dccp(nlab_pctx *c, nlab_view v, uint32_t len, nlab_view ip)
{
	c->proto = "dccp";
	if (!nlab_view_has(v, 0, 12))
		return NLAB_P_ETRUNC;
	if (len < 12) {
		nlab_strbuf_printf(c->out, "truncated-dccp - %u bytes missing!", 12 - len);
		return NLAB_P_OK;
	}
	int x = nlab_get8(v, 8) & 1;
	uint32_t fixed = x ? 16 : 12, hlen = nlab_get8(v, 4) * 4u;
	if (len < fixed) {
		nlab_strbuf_printf(c->out, "truncated-dccp - %u bytes missing!", fixed - len);
		return NLAB_P_OK;
	}
	if (!nlab_view_has(v, 0, fixed))
		return NLAB_P_ETRUNC;
	dccp_addrs(c, ip, v);
	if (c->o->q) {
		nlab_strbuf_printf(c->out, " %u", len - hlen);
		if (hlen > len)
			nlab_strbuf_printf(c->out, " [bad hdr length %u - too long, > %u]", hlen, len);
		return NLAB_P_OK;
	}
	nlab_p_puts(c, " ");
	uint8_t t = nlab_get8(v, 8) >> 1 & 15;
	int r = dccp_type(c, v, len, fixed, t);
	if (r == NLAB_P_STOP)
		return NLAB_P_OK;
	if (r != NLAB_P_OK || t == 0 || t == 2)
		return r;
	return ack_no(c, v, fixed, x); /* the sequence number only with -vv */
}
