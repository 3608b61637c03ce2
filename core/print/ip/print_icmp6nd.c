/* print_icmp6nd.c - what -v adds to ICMPv6's neighbour discovery (router
 * solicitations and advertisements, neighbour solicitations and
 * advertisements, redirects, mobile prefix advertisements): their fields
 * and options, as tcpdump's print-icmp6.c (icmp6_opt_print) writes them. */
#include "print_priv.h"

static const nlab_bitname pi_flags[] = {
	{0x80, "onlink"}, {0x40, "auto"}, {0x20, "router"}, {0, NULL}};
static const nlab_bitname ra_flags[] = {
	{0x80, "managed"}, {0x40, "other stateful"}, {0x20, "home agent"},
	{0x02, "ipv6 only"}, {0, NULL}};
static const nlab_bitname na_flags[] = {
	{0x80000000u, "router"}, {0x40000000u, "solicited"},
	{0x20000000u, "override"}, {0, NULL}};

/* tcpdump's icmp6_opt_values. */
static const char *opt_name(uint8_t t)
{
	switch (t) {
	case 1: return "source link-address";
	case 2: return "destination link-address";
	case 3: return "prefix info";
	case 4: return "redirected header";
	case 5: return "mtu";
	case 7: return "advertisement interval";
	case 8: return "homeagent information";
	case 24: return "route info";
	case 25: return "rdnss";
	case 31: return "dnssl";
	default: return "unknown";
	}
}

/* A router preference (bits 0x18 of F) as get_rtpref names it. */
static const char *rtpref(uint8_t f)
{
	static const char *const s[] = {"medium", "high", "rsv", "low"};
	return s[(f & 0x18) >> 3];
}

/* A lifetime in seconds, "infinity" for all ones (get_lifetime). */
static void lifetime(nlab_pctx *c, uint32_t v)
{
	if (v == 0xffffffffu)
		nlab_p_puts(c, "infinity");
	else
		nlab_strbuf_printf(c->out, "%us", v);
}

/* A prefix information option at AT (OLEN eight-byte units). */
static int prefix_info(nlab_pctx *c, nlab_view v, size_t at, uint8_t olen)
{
	if (!nlab_view_has(v, at, 32))
		return NLAB_P_TRUNC;
	nlab_p_ip6addr(c, v, at + 16);
	nlab_strbuf_printf(c->out, "/%u%s, Flags [", nlab_get8(v, at + 2), olen != 4 ? "badlen" : "");
	nlab_p_bits(c, pi_flags, nlab_get8(v, at + 3), ", ", "none");
	nlab_p_puts(c, "], valid time ");
	lifetime(c, nlab_get32(v, at + 4));
	nlab_p_puts(c, ", pref. time ");
	lifetime(c, nlab_get32(v, at + 8));
	return NLAB_P_OK;
}

/* A DNS search list option at AT of N bytes; names may point back as far
 * as the options' start BASE. */
static int dnssl(nlab_pctx *c, nlab_view v, size_t base, size_t at, size_t n)
{
	nlab_strbuf_printf(c->out, " lifetime %us, domain(s):", nlab_get32(v, at + 4));
	nlab_view names = nlab_view_from(v, base);
	for (size_t d = at + 8; d < at + n && nlab_get8(v, d) != 0;) {
		nlab_p_puts(c, " ");
		long end = nlab_p_dns_name(c, names, d - base);
		if (end < 0)
			return NLAB_P_ETRUNC;
		d = base + (size_t)end;
	}
	return NLAB_P_OK;
}

/* A route information option at AT (OLEN eight-byte units). */
static int route_info(nlab_pctx *c, nlab_view v, size_t at, uint8_t olen)
{
	uint8_t a[16] = {0};
	if (!nlab_view_has(v, at + 4, 4) || olen > 3)
		return NLAB_P_ETRUNC;
	if (olen > 1 && !nlab_getbytes(v, at + 8, a, olen == 2 ? 8 : 16))
		return NLAB_P_TRUNC;
	nlab_view pv = {a, sizeof a};
	nlab_p_puts(c, " ");
	nlab_p_ip6addr(c, pv, 0);
	nlab_strbuf_printf(c->out, "/%u, pref=%s, lifetime=", nlab_get8(v, at + 2),
			   rtpref(nlab_get8(v, at + 3)));
	lifetime(c, nlab_get32(v, at + 4));
	return NLAB_P_OK;
}

/* The contents of option TYPE (N bytes at AT, all captured); -1 for an
 * unknown one tcpdump dumps before it stops (-v). */
static int opt_body(nlab_pctx *c, nlab_view v, size_t base, size_t at, uint8_t type,
		    size_t n)
{
	uint8_t olen = (uint8_t)(n / 8);
	switch (type) {
	case 1:
	case 2:
		nlab_p_mac(c, v, at + 2, n - 2);
		return NLAB_P_OK;
	case 3:
		return prefix_info(c, v, at, olen);
	case 4:
		nlab_p_hexdump(c, v, base, n, "\n\t    "); /* from the first option, as tcpdump */
		return NLAB_P_OK;
	case 5:
		nlab_strbuf_printf(c->out, " %u%s", nlab_get32(v, at + 4), olen != 1 ? "bad option length" : "");
		return NLAB_P_OK;
	case 7:
		nlab_strbuf_printf(c->out, " %ums", nlab_get32(v, at + 4));
		return NLAB_P_OK;
	case 8:
		nlab_strbuf_printf(c->out, " preference %u, lifetime %u", nlab_get16(v, at + 4),
				   nlab_get16(v, at + 6));
		return NLAB_P_OK;
	case 24:
		return route_info(c, v, at, olen);
	case 25:
		nlab_strbuf_printf(c->out, " lifetime %us,", nlab_get32(v, at + 4));
		for (size_t i = 0; i < (size_t)(olen - 1) / 2; i++) {
			nlab_p_puts(c, " addr: ");
			nlab_p_ip6addr(c, v, at + 8 + 16 * i);
		}
		return NLAB_P_OK;
	case 31:
		return dnssl(c, v, base, at, n);
	default:
		if (c->o->v > 1)
			return NLAB_P_OK;
		nlab_p_hexdump(c, v, at + 2, n - 2, "\n\t  ");
		return -1;
	}
}

int nlab_p_icmp6_opts(nlab_pctx *c, nlab_view v, size_t off, uint32_t len)
{
	int64_t resid = (int64_t)len - (int64_t)off; /* tcpdump's int resid */
	for (size_t at = off; at < v.len;) {
		if (!nlab_view_has(v, at + 1, 1))
			return NLAB_P_ETRUNC;
		if (resid <= 0)
			return NLAB_P_OK;
		uint8_t type = nlab_get8(v, at), olen = nlab_get8(v, at + 1);
		size_t n = (size_t)olen * 8;
		if (olen == 0 || !nlab_view_has(v, at, n))
			return NLAB_P_ETRUNC;
		nlab_strbuf_printf(c->out, "\n\t  %s option (%u), length %zu (%u): ", opt_name(type),
				   type, n, olen);
		int r = opt_body(c, v, off, at, type, n);
		if (r == -1)
			return NLAB_P_OK;
		if (r != NLAB_P_OK)
			return r;
		if (c->o->v > 1)
			nlab_p_hexdump(c, v, at + 2, n - 2, "\n\t    ");
		at += n;
		resid -= (int64_t)n;
	}
	return NLAB_P_OK;
}

/* A router advertisement's second line, then its options. */
static int router_advert(nlab_pctx *c, nlab_view v, uint32_t len)
{
	if (!nlab_view_has(v, 4, 12))
		return NLAB_P_TRUNC;
	uint8_t f = nlab_get8(v, 5);
	nlab_strbuf_printf(c->out, "\n\thop limit %u, Flags [", nlab_get8(v, 4));
	nlab_p_bits(c, ra_flags, f, ", ", "none");
	nlab_strbuf_printf(c->out, "], pref %s, router lifetime %us, reachable time %ums, retrans timer %ums",
			   rtpref(f), nlab_get16(v, 6), nlab_get32(v, 8), nlab_get32(v, 12));
	return nlab_p_icmp6_opts(c, v, 16, len);
}

/* A mobile prefix advertisement: ", id 0x.. MO" and its options. */
static int mobile_prefix_advert(nlab_pctx *c, nlab_view v, uint32_t len)
{
	if (!nlab_view_has(v, 4, 2))
		return NLAB_P_TRUNC;
	nlab_strbuf_printf(c->out, ", id 0x%04x", nlab_get16(v, 4));
	if (!nlab_view_has(v, 6, 2))
		return NLAB_P_TRUNC;
	uint16_t flags = nlab_get16(v, 6);
	nlab_strbuf_printf(c->out, "%s%s%s", flags & 0xc000 ? " " : "", flags & 0x8000 ? "M" : "",
			   flags & 0x4000 ? "O" : "");
	return nlab_p_icmp6_opts(c, v, 8, len);
}

/* A home agent discovery reply: ", id 0x..", then each address. */
static int ha_reply(nlab_pctx *c, nlab_view v, uint32_t len)
{
	if (!nlab_view_has(v, 4, 2))
		return NLAB_P_TRUNC;
	nlab_strbuf_printf(c->out, ", id 0x%04x", nlab_get16(v, 4));
	for (size_t p = 8; p < len; p += 16) {
		if (!nlab_view_has(v, p, 16))
			return NLAB_P_TRUNC;
		nlab_p_puts(c, ", ");
		nlab_p_ip6addr(c, v, p);
	}
	return NLAB_P_OK;
}

int nlab_p_icmp6_nd(nlab_pctx *c, nlab_view v, uint8_t type, uint32_t len)
{
	switch (type) {
	case 133:
		return nlab_p_icmp6_opts(c, v, 8, len);
	case 134:
		return router_advert(c, v, len);
	case 135:
		return nlab_p_icmp6_opts(c, v, 24, len);
	case 136:
		nlab_p_puts(c, ", Flags [");
		nlab_p_bits(c, na_flags, nlab_get32(v, 4), ", ", "none");
		nlab_p_puts(c, "]");
		return nlab_p_icmp6_opts(c, v, 24, len);
	case 137:
		return nlab_p_icmp6_opts(c, v, 40, len);
	case 145:
		return ha_reply(c, v, len);
	case 147:
		return mobile_prefix_advert(c, v, len);
	default:
		return NLAB_P_OK;
	}
}
