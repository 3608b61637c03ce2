/* print_ip4v.c - what -v adds to an IPv4 line, as tcpdump's ip_print
 * writes it: "(tos 0x0, ttl 64, id 1, offset 0, flags [DF], proto TCP
 * (6), length 84)", the options (ip_optprint) and a bad header checksum. */
#include "print_priv.h"

/* Option results: printed; cut where tcpdump checks (" [truncated-
 * option]"); cut where its GET macros longjmp (" [|ip]"). */
enum { OPT_OK = 0, OPT_CUT = -1, OPT_JMP = -2 };

const char *nlab_p_ipproto_name(uint8_t p)
{
	static const struct { uint8_t p; const char *name; } t[] = {
		{0, "Options"}, {1, "ICMP"}, {2, "IGMP"}, {4, "IPIP"}, {6, "TCP"},
		{8, "EGP"}, {9, "IGRP"}, {17, "UDP"}, {33, "DCCP"}, {41, "IPv6"},
		{43, "Routing"}, {44, "Fragment"}, {46, "RSVP"}, {47, "GRE"},
		{50, "ESP"}, {51, "AH"}, {55, "Mobile IP"}, {58, "ICMPv6"},
		{62, "Mobile IP (old)"}, {88, "EIGRP"}, {89, "OSPF"}, {103, "PIM"},
		{108, "Compressed IP"}, {112, "VRRP"}, {113, "PGM"}, {132, "SCTP"},
		{135, "Mobility"}, {143, "Ethernet"}};
	for (size_t i = 0; i < sizeof t / sizeof t[0]; i++)
		if (t[i].p == p)
			return t[i].name;
	return NULL;
}

/* An option's name in tcpdump's ip_option_values, or NULL. */
static const char *opt_name(uint8_t code)
{
	switch (code) {
	case 0: return "EOL";
	case 1: return "NOP";
	case 68: return "timestamp";
	case 130: return "security";
	case 7: return "RR";
	case 137: return "SSRR";
	case 131: return "LSRR";
	case 148: return "RA";
	case 82: return "traceroute";
	default: return NULL;
	}
}

/* A route option (RR, SSRR, LSRR) of LEN bytes at AT (ip_printroute). */
static int opt_route(nlab_pctx *c, nlab_view v, size_t at, unsigned len)
{
	if (len < 3) {
		nlab_strbuf_printf(c->out, " [bad length %u]", len);
		return OPT_OK;
	}
	if ((len + 1) & 3)
		nlab_strbuf_printf(c->out, " [bad length %u]", len);
	unsigned ptr = nlab_get8(v, at + 2) - 1u;
	if (ptr < 3 || ((ptr + 1) & 3) || ptr > len + 1)
		nlab_strbuf_printf(c->out, " [bad ptr %u]", nlab_get8(v, at + 2));
	for (unsigned i = 3; i < len; i += 4) {
		if (!nlab_view_has(v, at + i, 4))
			return OPT_CUT;
		nlab_p_puts(c, " ");
		nlab_p_ip4(c, v, at + i);
		if (ptr > i)
			nlab_p_puts(c, ",");
	}
	return OPT_OK;
}

/* The time stamp option's kind (its low four bits), or NULL if unknown. */
static const char *ts_kind(uint8_t flags)
{
	switch (flags & 15) {
	case 0: return "TSONLY";
	case 1: return "TS+ADDR";
	case 3: return "PRESPEC";
	default: return NULL;
	}
}

/* The time stamp option of LEN bytes at AT (ip_printts). */
static int opt_ts(nlab_pctx *c, nlab_view v, size_t at, unsigned len)
{
	if (len < 4) {
		nlab_strbuf_printf(c->out, "[bad length %u]", len);
		return OPT_OK;
	}
	nlab_p_puts(c, " TS{");
	uint8_t fl = nlab_get8(v, at + 3);
	unsigned hop = (fl & 15) != 0 ? 8 : 4, ptr = nlab_get8(v, at + 2) - 1u, i = 0;
	if ((len - 4) & (hop - 1))
		nlab_strbuf_printf(c->out, "[bad length %u]", len);
	if (ptr < 4 || ((ptr - 4) & (hop - 1)) || ptr > len + 1)
		nlab_strbuf_printf(c->out, "[bad ptr %u]", nlab_get8(v, at + 2));
	const char *kind = ts_kind(fl);
	if (!kind) {
		nlab_strbuf_printf(c->out, "[bad ts type %u]", fl & 15);
	} else {
		nlab_p_puts(c, kind);
		for (i = 4; i < len; i += hop) {
			if (!nlab_view_has(v, at + i, hop))
				return OPT_CUT;
			nlab_p_puts(c, ptr == i ? " ^ " : " ");
			nlab_p_u(c, nlab_get32(v, at + i + hop - 4));
			nlab_p_puts(c, "@");
			if (hop == 8)
				nlab_p_ip4(c, v, at + i);
		}
	}
	nlab_p_puts(c, ptr == i ? " ^ " : "");
	if (fl >> 4)
		nlab_strbuf_printf(c->out, " [%u hops not recorded]} ", fl >> 4);
	else
		nlab_p_puts(c, "}");
	return OPT_OK;
}

/* One option's body (CODE, LEN bytes at AT, all captured). */
static int opt_body(nlab_pctx *c, nlab_view v, size_t at, uint8_t code, unsigned len)
{
	switch (code) {
	case 68:
		return opt_ts(c, v, at, len);
	case 7:
	case 131:
	case 137:
		return opt_route(c, v, at, len);
	case 148:
		if (len < 4) {
			nlab_strbuf_printf(c->out, " [bad length %u]", len);
			return OPT_OK;
		}
		if (nlab_get16(v, at + 2) != 0)
			nlab_strbuf_printf(c->out, " value %u", nlab_get16(v, at + 2));
		return OPT_OK;
	default:
		return OPT_OK;
	}
}

/* The options between bytes 20 and HLEN of header V (ip_optprint). */
static int options(nlab_pctx *c, nlab_view v, uint32_t hlen)
{
	unsigned olen;
	for (size_t at = 20; at < hlen; at += olen) {
		if (at > 20)
			nlab_p_puts(c, ",");
		if (!nlab_view_has(v, at, 1))
			return OPT_JMP;
		uint8_t code = nlab_get8(v, at);
		const char *name = opt_name(code);
		if (name)
			nlab_p_puts(c, name);
		else
			nlab_strbuf_printf(c->out, "unknown %u", code);
		olen = 1;
		if (code > 1) {
			if (!nlab_view_has(v, at + 1, 1))
				return OPT_JMP;
			olen = nlab_get8(v, at + 1);
			if (olen < 2) {
				nlab_strbuf_printf(c->out, " [bad length %u]", olen);
				return OPT_OK;
			}
		}
		if (olen > hlen - at) {
			nlab_strbuf_printf(c->out, " [bad length %u]", olen);
			return OPT_OK;
		}
		if (!nlab_view_has(v, at, olen))
			return OPT_CUT;
		if (code == 0)
			return OPT_OK;
		int r = opt_body(c, v, at, code, olen);
		if (r != OPT_OK)
			return r;
	}
	return OPT_OK;
}

/* "(tos 0x0" and the ECN bits of TOS. */
static void put_tos(nlab_pctx *c, uint8_t tos)
{
	static const char *const ecn[] = {"", ",ECT(1)", ",ECT(0)", ",CE"};
	static const char hex[] = "0123456789abcdef";
	char b[2] = {hex[tos >> 4], hex[tos & 15]};
	nlab_p_puts(c, "(tos 0x");
	nlab_strbuf_add(c->out, tos >> 4 ? b : b + 1, tos >> 4 ? 2 : 1);
	nlab_p_puts(c, ecn[tos & 3]);
}

/* tcpdump's bittok2str(ip_frag_values, "none", flags) of OFF. */
static void put_frag_flags(nlab_pctx *c, uint16_t off)
{
	const char *sep = "";
	nlab_p_puts(c, ", flags [");
	if (!(off & 0xe000))
		nlab_p_puts(c, "none");
	if (off & 0x2000)
		nlab_p_puts(c, "+"), sep = ", ";
	if (off & 0x4000) {
		nlab_p_puts(c, sep);
		nlab_p_puts(c, "DF"), sep = ", ";
	}
	if (off & 0x8000) {
		nlab_p_puts(c, sep);
		nlab_p_puts(c, "rsvd");
	}
	nlab_p_puts(c, "]");
}

int nlab_p_ip4_verbose(nlab_pctx *c, nlab_view v, uint32_t hlen)
{
	put_tos(c, nlab_get8(v, 1));
	if (nlab_get8(v, 8) >= 1) {
		nlab_p_puts(c, ", ttl ");
		nlab_p_u(c, nlab_get8(v, 8));
	}
	uint16_t off = nlab_get16(v, 6);
	uint8_t p = nlab_get8(v, 9);
	const char *name = nlab_p_ipproto_name(p);
	nlab_p_puts(c, ", id ");
	nlab_p_u(c, nlab_get16(v, 4));
	nlab_p_puts(c, ", offset ");
	nlab_p_u(c, (off & 0x1fffu) * 8u);
	put_frag_flags(c, off);
	nlab_p_puts(c, ", proto ");
	nlab_p_puts(c, name ? name : "unknown");
	nlab_p_puts(c, " (");
	nlab_p_u(c, p);
	nlab_p_puts(c, "), length ");
	nlab_p_u(c, nlab_get16(v, 2));
	int r = OPT_OK;
	if (hlen > 20) {
		nlab_p_puts(c, ", options (");
		r = options(c, v, hlen);
		if (r == OPT_JMP)
			return NLAB_P_TRUNC;
		if (r == OPT_CUT)
			nlab_p_puts(c, " [truncated-option]");
		nlab_p_puts(c, ")");
	}
	if (nlab_view_has(v, 0, hlen)) {
		uint16_t sum = nlab_p_cksum(nlab_p_sum(v, 0, hlen, 0));
		if (sum != 0)
			nlab_strbuf_printf(c->out, ", bad cksum %x (->%x)!", nlab_get16(v, 10),
					   nlab_p_shouldbe(nlab_get16(v, 10), sum));
	}
	nlab_p_puts(c, ")\n    ");
	if (r == OPT_CUT) {
		nlab_p_ip4(c, v, 12);
		nlab_p_puts(c, " > ");
		nlab_p_ip4(c, v, 16);
		nlab_p_puts(c, ": ");
		nlab_p_trunc(c);
		return NLAB_P_STOP;
	}
	return NLAB_P_OK;
}
