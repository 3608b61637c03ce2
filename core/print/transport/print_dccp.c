/* print_dccp.c - DCCP, as tcpdump's print-dccp.c writes it:
 * "10.0.0.1.5000 > 10.0.0.2.6000: DCCP-Request (service=0) " (the
 * trailing space is tcpdump's) — the addresses are DCCP's to print;
 * -v adds "(CCVal 0, CsCov 0, cksum 0x.. (correct))", -vv the sequence
 * number and the options. */
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

/* -v: " (CCVal N, CsCov N, cksum 0x1234 (correct))" of the LEN bytes
 * at V, the checksum only when they were all captured. */
static void dccp_verbose(nlab_pctx *c, nlab_view v, uint32_t len, nlab_view ip)
{
	uint8_t b = nlab_get8(v, 5);
	uint32_t cscov = b & 15;
	nlab_strbuf_printf(c->out, " (CCVal %u, CsCov %u", b >> 4, cscov);
	uint8_t ver = nlab_get8(ip, 0) >> 4;
	if (nlab_view_has(v, 0, len)) {
		uint16_t field = nlab_get16(v, 6), sum = 0;
		uint32_t cov = len;
		if (cscov) {
			cov = (nlab_get8(v, 4) + cscov - 1) * 4;
			cov = cov > len ? len : cov;
		}
		nlab_strbuf_printf(c->out, ", cksum 0x%04x ", field);
		if (ver == 4 || ver == 6)
			sum = nlab_p_l4_cksum_cov(ip, v, len, cov, 33);
		if (sum)
			nlab_strbuf_printf(c->out, "(incorrect -> 0x%04x)", nlab_p_shouldbe(field, sum));
		else
			nlab_p_puts(c, "(correct)");
	}
	nlab_p_puts(c, ")");
}

/* tcpdump's dccp_option_values ("Option N" past them). */
static void opt_name(nlab_pctx *c, uint8_t o)
{
	static const char *const low[] = {"nop", "mandatory", "slowreceiver"};
	static const char *const high[] = {"change_l", "confirm_l", "change_r", "confirm_r",
					   "initcookie", "ndp_count", "ack_vector0", "ack_vector1",
					   "data_dropped", "timestamp", "timestamp_echo",
					   "elapsed_time", "data_checksum"};
	if (o < 3)
		nlab_p_puts(c, low[o]);
	else if (o >= 32 && o <= 44)
		nlab_p_puts(c, high[o - 32]);
	else
		nlab_strbuf_printf(c->out, "Option %u", o);
}

/* The data of option O (LEN bytes in all, at OFF). */
static void opt_data(nlab_pctx *c, nlab_view v, size_t off, uint8_t o, uint32_t len)
{
	static const char *const feat[] = {"reserved", "ccid", "allow_short_seqno",
					   "sequence_window", "ecn_incapable", "ack_ratio",
					   "send_ack_vector", "send_ndp_count",
					   "minimum checksum coverage", "check data checksum"};
	uint32_t n = len - 2;
	if (o >= 32 && o <= 35) {
		if (len < 3) {
			nlab_p_puts(c, " optlen too short");
		} else if (nlab_get8(v, off + 2) < 10) {
			nlab_strbuf_printf(c->out, " %s", feat[nlab_get8(v, off + 2)]);
			for (uint32_t i = 0; i < (uint8_t)(len - 3); i++)
				nlab_strbuf_printf(c->out, " %u", nlab_get8(v, off + 3 + i));
		}
	} else if (o == 36 || (o >= 38 && o <= 40) || o == 44) {
		if (len > 2)
			nlab_p_puts(c, o == 44 ? " " : " 0x");
		for (uint32_t i = 0; len > 2 && i < n; i++)
			nlab_strbuf_printf(c->out, "%02x", nlab_get8(v, off + 2 + i));
	} else if (o == 37) {
		for (uint32_t i = 0; i < (uint8_t)(len - 2); i++)
			nlab_strbuf_printf(c->out, " %u", nlab_get8(v, off + 2 + i));
	} else if (o == 41) {
		if (len == 6)
			nlab_strbuf_printf(c->out, " %u", nlab_get32(v, off + 2));
		else
			nlab_p_puts(c, " [optlen != 6]");
	} else if (o == 42) {
		if (len == 6 || len == 8 || len == 10)
			nlab_strbuf_printf(c->out, " %u", nlab_get32(v, off + 2));
		if (len == 8 || len == 10)
			nlab_strbuf_printf(c->out, " (elapsed time %u)",
					   len == 8 ? nlab_get16(v, off + 6) : nlab_get32(v, off + 6));
		if (len != 6 && len != 8 && len != 10)
			nlab_p_puts(c, " [optlen != 6 or 8 or 10]");
	} else if (o == 43) {
		if (len == 6 || len == 4)
			nlab_strbuf_printf(c->out, " %u", len == 6 ? nlab_get32(v, off + 2)
								: nlab_get16(v, off + 2));
		else
			nlab_p_puts(c, " [optlen != 4 or 6]");
	}
}

/* One option at OFF (HLEN header bytes left): its length, 0 when the
 * walk stops, -1 when its bytes are not captured (GET's longjmp). */
static long dccp_option(nlab_pctx *c, nlab_view v, size_t off, uint32_t hlen)
{
	if (!nlab_view_has(v, off, 1))
		return -1;
	uint8_t o = nlab_get8(v, off);
	uint32_t len = 1;
	if (o >= 32) {
		if (!nlab_view_has(v, off + 1, 1))
			return -1;
		len = nlab_get8(v, off + 1);
		if (len < 2) {
			if (o >= 128)
				nlab_strbuf_printf(c->out, "CCID option %u", o);
			else
				opt_name(c, o);
			nlab_p_puts(c, " optlen too short");
			return 0;
		}
	}
	if (hlen < len) {
		if (o >= 128)
			nlab_strbuf_printf(c->out, "CCID option %u", o);
		else
			opt_name(c, o);
		nlab_p_puts(c, " optlen goes past header length");
		return 0;
	}
	if (!nlab_view_has(v, off, len)) {
		nlab_p_trunc(c);
		return 0;
	}
	if (o >= 128) {
		nlab_strbuf_printf(c->out, "CCID option %u", o);
		if (len == 4)
			nlab_strbuf_printf(c->out, " %u", nlab_get16(v, off + 2));
		else if (len == 6)
			nlab_strbuf_printf(c->out, " %u", nlab_get32(v, off + 2));
	} else {
		opt_name(c, o);
		opt_data(c, v, off, o, len);
	}
	return len;
}

/* -vv: "seq N" and " <options>" (FIXED: the generic and the type's
 * header's size, HLEN the whole header's). */
static int dccp_vv(nlab_pctx *c, nlab_view v, uint32_t fixed, uint32_t hlen, int x)
{
	uint64_t seq = 0;
	for (size_t i = x ? 10 : 9; i < (x ? 16u : 12u); i++)
		seq = seq << 8 | nlab_get8(v, i);
	nlab_strbuf_printf(c->out, "seq %llu", (unsigned long long)seq);
	if (hlen <= fixed)
		return NLAB_P_OK;
	nlab_p_puts(c, " <");
	size_t at = fixed;
	for (hlen -= fixed;;) {
		long n = dccp_option(c, v, at, hlen);
		if (n < 0)
			return NLAB_P_TRUNC;
		if (n == 0 || hlen <= (uint32_t)n)
			break;
		hlen -= (uint32_t)n, at += (size_t)n;
		nlab_p_puts(c, ", ");
	}
	nlab_p_puts(c, ">");
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
	if (c->o->v)
		dccp_verbose(c, v, len, ip);
	nlab_p_puts(c, " ");
	uint8_t t = nlab_get8(v, 8) >> 1 & 15;
	int r = dccp_type(c, v, len, fixed, t);
	if (r == NLAB_P_STOP)
		return NLAB_P_OK;
	if (r == NLAB_P_OK && t != 0 && t != 2)
		r = ack_no(c, v, fixed, x);
	if (r != NLAB_P_OK || c->o->v < 2)
		return r;
	int extra = type_extra(t);
	return dccp_vv(c, v, fixed + (uint32_t)(extra > 0 ? extra : 0), hlen, x);
}
