/* print_icmp6.c - ICMPv6 (errors, echo, neighbour discovery, MLD), as
 * tcpdump's print-icmp6.c writes it; what -v adds to neighbour discovery
 * is in print_icmp6nd.c, node information in print_icmp6ni.c, router
 * renumbering in print_icmp6rr.c. */
#include "print_priv.h"

/* tcpdump's icmp6_type_values. */
static const char *icmp6_type(uint8_t t)
{
	switch (t) {
	case 1: return "destination unreachable";
	case 2: return "packet too big";
	case 3: return "time exceeded in-transit";
	case 4: return "parameter problem";
	case 128: return "echo request";
	case 129: return "echo reply";
	case 130: return "multicast listener query";
	case 131: return "multicast listener report";
	case 132: return "multicast listener done";
	case 133: return "router solicitation";
	case 134: return "router advertisement";
	case 135: return "neighbor solicitation";
	case 136: return "neighbor advertisement";
	case 137: return "redirect";
	case 138: return "router renumbering";
	case 139: return "who-are-you request"; /* tcpdump's table names */
	case 140: return "who-are-you reply";   /* them so, first */
	case 141: return "inverse neighbor solicitation";
	case 142: return "inverse neighbor advertisement";
	case 143: return "multicast listener report v2";
	case 144: return "ha discovery request";
	case 145: return "ha discovery reply";
	case 146: return "mobile router solicitation";
	case 147: return "mobile router advertisement";
	case 200: return "mtrace response";
	case 201: return "mtrace message";
	default: return NULL;
	}
}

/* tcpdump's icmp6_dst_unreach_code_values. */
static const char *unreach_code(uint8_t c)
{
	switch (c) {
	case 0: return "unreachable route";
	case 1: return " unreachable prohibited";
	case 2: return "beyond scope";
	case 3: return "unreachable address";
	case 4: return "unreachable port";
	default: return NULL;
	}
}

/* ", <dst> udp port N" of the datagram quoted at offset 8. */
static int unreach_port(nlab_pctx *c, nlab_view v)
{
	if (!nlab_view_has(v, 8, 40))
		return NLAB_P_ETRUNC; /* tcpdump's get_upperlayer() failing */
	uint8_t nh = nlab_get8(v, 8 + 6);
	if ((nh != 6 && nh != 17) || !nlab_view_has(v, 48, 4))
		return NLAB_P_ETRUNC; /* (extension headers are not walked) */
	uint16_t dp = nlab_get16(v, 48 + 2);
	nlab_p_puts(c, ", ");
	nlab_p_ip6addr(c, v, 8 + 24);
	if (nh == 6 || nh == 17)
		nlab_strbuf_printf(c->out, " %s port %u", nh == 6 ? "tcp" : "udp", dp);
	else
		nlab_strbuf_printf(c->out, " protocol %u port %u unreachable", nh, dp);
	return NLAB_P_OK;
}

/* The details of a destination unreachable. */
static int unreach(nlab_pctx *c, nlab_view v, uint8_t code)
{
	const char *n = unreach_code(code);
	if (n)
		nlab_strbuf_printf(c->out, ", %s", n);
	else
		nlab_strbuf_printf(c->out, ", unknown unreach code (%u)", code);
	switch (code) {
	case 0: case 1: case 3:
		if (!nlab_view_has(v, 32, 16))
			return NLAB_P_TRUNC;
		nlab_p_puts(c, " ");
		nlab_p_ip6addr(c, v, 32);
		return NLAB_P_OK;
	case 2:
		if (!nlab_view_has(v, 16, 32))
			return NLAB_P_TRUNC;
		nlab_p_puts(c, " ");
		nlab_p_ip6addr(c, v, 32);
		nlab_p_puts(c, ", source address ");
		nlab_p_ip6addr(c, v, 16);
		return NLAB_P_OK;
	case 4:
		return unreach_port(c, v);
	default:
		return -3; /* tcpdump dumps the message (print_unknown_data) */
	}
}

/* MLDv1: "max resp delay: N addr: A" glued to the type as tcpdump does. */
static int mld1(nlab_pctx *c, nlab_view v)
{
	if (!nlab_view_has(v, 0, 24))
		return NLAB_P_OK; /* tcpdump prints nothing of a short header */
	nlab_strbuf_printf(c->out, "max resp delay: %u addr: ", nlab_get16(v, 4));
	nlab_p_ip6addr(c, v, 8);
	return NLAB_P_OK;
}

/* The details of a parameter problem. */
static int param_problem(nlab_pctx *c, nlab_view v, uint8_t code)
{
	static const char *what[] = {"erroneous", "next header", "option",
				     "incomplete header chain"};
	if (!nlab_view_has(v, 8 + 24, 16))
		return NLAB_P_ETRUNC; /* tcpdump's ND_TCHECK_16(oip->ip6_dst) */
	if (code < 4)
		nlab_strbuf_printf(c->out, ", %s - octet %u", what[code], nlab_get32(v, 4));
	else
		nlab_strbuf_printf(c->out, ", code-#%u", code);
	return NLAB_P_OK;
}

/* An MLDv2 code (max response code, QQIC) with EXP_SHIFT exponent bits
 * at MANT_BITS: the value it stands for. */
static uint32_t mld_float(uint32_t code, uint32_t limit, uint32_t mant, int shift)
{
	if (code < limit)
		return code;
	return ((code & mant) | (mant + 1)) << (((code >> shift) & 7) + 3);
}

/* What -v adds to an MLDv2 query after " v2": " [max resp delay=N]". */
static int mld2_query_v(nlab_pctx *c, nlab_view v)
{
	if (!nlab_view_has(v, 4, 2))
		return NLAB_P_TRUNC;
	nlab_strbuf_printf(c->out, " [max resp delay=%u]", mld_float(nlab_get16(v, 4), 32768, 0x0fff, 12));
	return NLAB_P_OK;
}

/* What -v adds after an MLDv2 query's group: the S flag, robustness
 * (QRV) and the query interval (QQIC). */
static int mld2_query_flags(nlab_pctx *c, nlab_view v)
{
	if (!nlab_view_has(v, 24, 1))
		return NLAB_P_TRUNC;
	uint8_t f = nlab_get8(v, 24);
	if (f & 0x08)
		nlab_p_puts(c, " sflag");
	if (f & 0x07)
		nlab_strbuf_printf(c->out, " robustness=%u", f & 0x07);
	if (!nlab_view_has(v, 25, 1))
		return NLAB_P_TRUNC;
	nlab_strbuf_printf(c->out, " qqi=%u", mld_float(nlab_get8(v, 25), 128, 0x0f, 4));
	return NLAB_P_OK;
}

/* MLDv2 query: " v2 [gaddr A, N source(s)]" (-v: its timers; -vv: its
 * sources). */
static int mld2_query(nlab_pctx *c, nlab_view v, uint32_t len)
{
	nlab_p_puts(c, " v2");
	int r;
	if (c->o->v && (r = mld2_query_v(c, v)) != NLAB_P_OK)
		return r;
	if (!nlab_view_has(v, 8, 16))
		return NLAB_P_TRUNC;
	nlab_p_puts(c, " [gaddr ");
	nlab_p_ip6addr(c, v, 8);
	if (c->o->v && (r = mld2_query_flags(c, v)) != NLAB_P_OK)
		return r;
	return nlab_p_mcast_sources(c, v, len, 26, 16);
}

/* MLDv2 report: ", N group record(s)", each record with -v. */
static int mld2_report(nlab_pctx *c, nlab_view v, uint32_t len)
{
	if (len < 8) {
		nlab_strbuf_printf(c->out, " [invalid len %u]", len);
		return NLAB_P_OK;
	}
	return nlab_p_mcast_records(c, v, len, 16);
}

/* Time exceeded: " for DST" in transit, " (reassembly)". */
static int time_exceeded(nlab_pctx *c, nlab_view v, uint8_t code)
{
	if (code == 0) {
		if (!nlab_view_has(v, 32, 16))
			return NLAB_P_TRUNC;
		nlab_p_puts(c, " for ");
		nlab_p_ip6addr(c, v, 32);
	} else if (code == 1) {
		nlab_p_puts(c, " (reassembly)");
	} else {
		nlab_strbuf_printf(c->out, ", unknown code (%u)", code);
	}
	return NLAB_P_OK;
}

/* PREFIX and the IPv6 address at OFF (neighbour discovery targets). */
static int addr_after(nlab_pctx *c, nlab_view v, const char *prefix, size_t off)
{
	if (!nlab_view_has(v, off, 16))
		return NLAB_P_TRUNC;
	nlab_p_puts(c, prefix);
	nlab_p_ip6addr(c, v, off);
	return NLAB_P_OK;
}

/* FMT with the N-byte (2 or 4) number at OFF: mtu, group count. */
static int number_at(nlab_pctx *c, nlab_view v, const char *fmt, size_t off, size_t n)
{
	if (!nlab_view_has(v, off, n))
		return NLAB_P_TRUNC;
	nlab_strbuf_printf(c->out, fmt, n == 4 ? nlab_get32(v, off) : nlab_get16(v, off));
	return NLAB_P_OK;
}

/* Echo request and reply: ", id N, seq N". */
static int echo(nlab_pctx *c, nlab_view v)
{
	if (!nlab_view_has(v, 4, 4))
		return NLAB_P_TRUNC;
	nlab_strbuf_printf(c->out, ", id %u, seq %u", nlab_get16(v, 4), nlab_get16(v, 6));
	return NLAB_P_OK;
}

/* Multicast listener messages (130 query, 131 report, 132 done). */
static int mld(nlab_pctx *c, nlab_view v, uint8_t type, uint32_t len)
{
	if (type != 130 || len == 24)
		return mld1(c, v);
	if (len >= 28)
		return mld2_query(c, v, len);
	nlab_strbuf_printf(c->out, " unknown-version (len %u) ", len);
	return NLAB_P_OK;
}

/* ", id 0x1234" of the home agent and mobile prefix messages. */
static int id_hex(nlab_pctx *c, nlab_view v)
{
	if (!nlab_view_has(v, 4, 2))
		return NLAB_P_TRUNC;
	nlab_strbuf_printf(c->out, ", id 0x%04x", nlab_get16(v, 4));
	return NLAB_P_OK;
}

/* Neighbour solicitation (135), advertisement (136) and redirect
 * (137): their addresses, and with -v their flags and options. */
static int nd(nlab_pctx *c, nlab_view v, uint8_t type, uint32_t len)
{
	int r;
	if (type == 137 && !nlab_view_has(v, 8, 32))
		return NLAB_P_TRUNC;
	if (type == 137) {
		addr_after(c, v, ", ", 24);
		r = addr_after(c, v, " to ", 8);
	} else {
		r = addr_after(c, v, type == 135 ? ", who has " : ", tgt is ", 8);
	}
	if (r != NLAB_P_OK || !c->o->v)
		return r;
	return nlab_p_icmp6_nd(c, v, type, len);
}

/* The fields after the type name; -1 for a type tcpdump dumps. */
static int icmp6_body(nlab_pctx *c, nlab_view v, uint8_t type, uint8_t code,
		      uint32_t len)
{
	switch (type) {
	case 1: return unreach(c, v, code);
	case 2: return number_at(c, v, ", mtu %u", 4, 4);
	case 3: return time_exceeded(c, v, code);
	case 4: return param_problem(c, v, code);
	case 128:
	case 129: return echo(c, v);
	case 130:
	case 131:
	case 132: return mld(c, v, type, len);
	case 133: case 134: case 145: case 147:
		return c->o->v ? nlab_p_icmp6_nd(c, v, type, len) : NLAB_P_OK;
	case 135:
	case 136:
	case 137: return nd(c, v, type, len);
	case 143: return mld2_report(c, v, len);
	case 144: case 146: return id_hex(c, v);
	case 141: case 142: return NLAB_P_OK;
	case 138: return nlab_p_icmp6_rr(c, v);
	case 139: case 140: return nlab_p_icmp6_ni(c, v, len);
	default: return -1;
	}
}

/* -v: "[icmp6 sum ok] " or "[bad icmp6 cksum 0x.. -> 0x..!] " when the
 * whole message was captured. */
static void icmp6_cksum(nlab_pctx *c, nlab_view v, uint32_t len, nlab_view ip)
{
	if (!nlab_view_has(v, 0, len))
		return;
	uint16_t sum = nlab_p_l4_cksum(ip, v, len, 58), field = nlab_get16(v, 2);
	if (sum)
		nlab_strbuf_printf(c->out, "[bad icmp6 cksum 0x%04x -> 0x%04x!] ", field,
				   nlab_p_shouldbe(field, sum));
	else
		nlab_p_puts(c, "[icmp6 sum ok] ");
}

/* Does -v print TYPE's length after its name (tcpdump's "display
 * cosmetics" for the types whose -v text follows)? */
static int length_first(uint8_t type)
{
	return (type >= 133 && type <= 137) || type == 145 || type == 147;
}

int nlab_p_icmp6(nlab_pctx *c, nlab_view v, uint32_t len, nlab_view ip, int fragmented)
{
	c->proto = "icmp6";
	if (len == 0) {
		nlab_p_puts(c, "ICMP6, length 0 (invalid)");
		return NLAB_P_OK;
	}
	if (c->o->v && !fragmented)
		icmp6_cksum(c, v, len, ip);
	if (!nlab_view_has(v, 0, 1))
		return NLAB_P_TRUNC;
	uint8_t type = nlab_get8(v, 0), code = nlab_get8(v, 1);
	const char *n = icmp6_type(type);
	if (n)
		nlab_strbuf_printf(c->out, "ICMP6, %s", n);
	else
		nlab_strbuf_printf(c->out, "ICMP6, unknown icmp6 type (%u)", type);
	if (c->o->v && length_first(type))
		nlab_strbuf_printf(c->out, ", length %u", len);
	if (!nlab_view_has(v, 1, 1))
		return NLAB_P_TRUNC;
	int r = icmp6_body(c, v, type, code, len);
	if (r == -1) {
		nlab_strbuf_printf(c->out, ", length %u", len);
		if (c->o->v <= 1)
			nlab_p_unknown(c, v, len);
		return NLAB_P_OK;
	}
	if (r == -3) {
		if (c->o->v <= 1)
			nlab_p_unknown(c, v, len);
		return NLAB_P_OK;
	}
	if (r != NLAB_P_OK)
		return r;
	if (!c->o->v)
		nlab_strbuf_printf(c->out, ", length %u", len);
	return NLAB_P_OK;
}
