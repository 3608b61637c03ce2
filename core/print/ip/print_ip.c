/* print_ip.c - IPv4 and IPv6 (with its extension headers), as tcpdump's
 * print-ip.c and print-ip6.c write them (what -v adds to IPv4 is in
 * print_ip4v.c; IPv6's is its fixed header's line). */
#include "print_priv.h"

/* The transport protocol NH of IP version VER (ip_demux_print). IP is
 * the IP header, V the payload (LEN bytes as the header says). */
static int demux(nlab_pctx *c, int ver, uint8_t nh, nlab_view v, uint32_t len,
		 nlab_view ip, int frag)
{
	while (nh == 51) { /* AH, then what it protects */
		if (!nlab_view_has(v, 0, 1)) {
			c->proto = "ah";
			return NLAB_P_ETRUNC;
		}
		nh = nlab_get8(v, 0);
		long adv = nlab_p_ah(c, v);
		if (adv < 0)
			return NLAB_P_TRUNC;
		v = nlab_view_from(v, (size_t)adv);
		len -= (uint32_t)adv; /* tcpdump's u_int, wrapping as it does */
	}
	switch (nh) {
	case 50:
		return nlab_p_esp(c, v, len);
	case 6:
		return nlab_p_tcp(c, v, len, ip, frag);
	case 17:
		return nlab_p_udp(c, v, len, ip, frag);
	case 1:
		if (ver == 4)
			return nlab_p_icmp(c, v, len, frag);
		nlab_p_puts(c, "[ICMP requires IPv4] (invalid)");
		return NLAB_P_OK;
	case 58:
		if (ver == 6)
			return nlab_p_icmp6(c, v, len, ip, frag);
		nlab_p_puts(c, "[ICMPv6 requires IPv6] (invalid)");
		return NLAB_P_OK;
	case 2:
		if (ver == 4)
			return nlab_p_igmp(c, v, len);
		nlab_p_puts(c, "[IGMP requires IPv4] (invalid)");
		return NLAB_P_OK;
	case 108:
		c->proto = "ipcomp";
		if (!nlab_view_has(v, 2, 2))
			return NLAB_P_TRUNC;
		nlab_strbuf_printf(c->out, "IPComp(cpi=0x%04x)", nlab_get16(v, 2));
		return NLAB_P_OK;
	case 143:
		if (ver == 6)
			return nlab_p_inner_ether(c, v, len);
		nlab_p_puts(c, "[Ethernet requires IPv6] (invalid)");
		return NLAB_P_OK;
	case 132:
		return nlab_p_sctp(c, v, len, ip);
	case 33:
		return nlab_p_dccp(c, v, len, ip);
	case 4:
		return nlab_p_ip(c, v, len);
	case 41:
		return nlab_p_ip6(c, v, len);
	case 47:
		return nlab_p_gre(c, v, len);
	case 112:
		return nlab_p_vrrp(c, v, len, ip);
	case 103:
		return nlab_p_pim(c, v, len, ip);
	case 113:
		return nlab_p_pgm(c, v, len, ip);
	case 89:
		return ver == 4 ? nlab_p_ospf(c, v, len) : nlab_p_ospf6(c, v, len);
	case 88:
		return nlab_p_eigrp(c, v, len);
	case 46:
		return nlab_p_rsvp(c, v, len);
	case 9:
		return nlab_p_igrp(c, v, len);
	case 59:
		nlab_p_puts(c, "no next header");
		return NLAB_P_OK;
	default:
		nlab_strbuf_printf(c->out, " ip-proto-%u %u", nh, len);
		return NLAB_P_OK;
	}
}

/* "src > dst: " of an IPv4 header. */
static void ip4_addrs(nlab_pctx *c, nlab_view ip, const char *sep)
{
	nlab_p_ip4(c, ip, 12);
	nlab_p_puts(c, " > ");
	nlab_p_ip4(c, ip, 16);
	nlab_p_puts(c, sep);
}

int nlab_p_ip(nlab_pctx *c, nlab_view v, uint32_t length)
{
	c->proto = "ip";
	if (!nlab_view_has(v, 0, 1))
		return NLAB_P_TRUNC;
	uint8_t ver = nlab_get8(v, 0) >> 4;
	if (ver != 4) {
		if (ver == 6)
			nlab_p_puts(c, "IP6, wrong link-layer encapsulation (invalid)");
		else
			nlab_strbuf_printf(c->out, "IP%u (invalid)", ver);
		return NLAB_P_OK;
	}
	if (!c->o->e)
		nlab_p_puts(c, "IP ");
	if (!nlab_view_has(v, 0, 20))
		return NLAB_P_ETRUNC;
	if (length < 20) {
		nlab_strbuf_printf(c->out, "truncated-ip %u", length);
		return NLAB_P_OK;
	}
	uint32_t hlen = (nlab_get8(v, 0) & 15) * 4u;
	if (hlen < 20) {
		nlab_strbuf_printf(c->out, "bad-hlen %u", hlen);
		return NLAB_P_OK;
	}
	uint32_t len = nlab_get16(v, 2);
	if (length < len)
		nlab_strbuf_printf(c->out, "truncated-ip - %u bytes missing! ",
				   len - length);
	if (len < hlen) {
		nlab_strbuf_printf(c->out, "bad-len %u", len);
		return NLAB_P_OK;
	}
	v = nlab_view_sub(v, 0, length < len ? length : len);
	uint16_t off = nlab_get16(v, 6);
	uint8_t nh = nlab_get8(v, 9);
	if (c->o->v) {
		int r = nlab_p_ip4_verbose(c, v, hlen);
		if (r != NLAB_P_OK)
			return r;
	}
	if (off & 0x1fff) {
		ip4_addrs(c, v, ":");
		nlab_strbuf_printf(c->out, " ip-proto-%u", nh);
		return NLAB_P_OK;
	}
	if (nh != 6 && nh != 17 && nh != 132 && nh != 33)
		ip4_addrs(c, v, ": ");
	if (!nlab_view_has(v, 0, hlen)) {
		nlab_strbuf_printf(c->out, " [remaining caplen(%zu) < header length(%u)]",
				   v.len, hlen);
		return NLAB_P_TRUNC;
	}
	return demux(c, 4, nh, nlab_view_from(v, hlen), len - hlen, v, off & 0x2000);
}

/* "src > dst: " of an IPv6 header. */
static void ip6_addrs(nlab_pctx *c, nlab_view ip)
{
	nlab_p_ip6addr(c, ip, 8);
	nlab_p_puts(c, " > ");
	nlab_p_ip6addr(c, ip, 24);
	nlab_p_puts(c, ": ");
}

/* Prints what tcpdump's ip6_opt_process says of option TYPE (LEFT bytes
 * left, length byte OLEN) when it rejects it; 1 if rejected. */
static int opt_bad(nlab_pctx *c, uint8_t type, size_t left, uint8_t olen)
{
	static const struct { uint8_t type; size_t min; int exact; const char *name; } t[] = {
		{1, 2, 0, "padn"}, {5, 4, 1, "rtalert"}, {0xc2, 6, 1, "jumbo"},
		{0xc9, 18, 0, "homeaddr"}};
	for (size_t i = 0; i < sizeof t / sizeof t[0]; i++) {
		if (t[i].type != type)
			continue;
		if (left < t[i].min)
			nlab_strbuf_printf(c->out, "(%s: trunc)", t[i].name);
		else if (t[i].exact ? olen != t[i].min - 2 : olen < t[i].min - 2)
			nlab_strbuf_printf(c->out, "(%s: invalid len %u)", t[i].name, olen);
		else
			return 0;
		return 1;
	}
	if (left < 2) {
		nlab_strbuf_printf(c->out, "(type %u: trunc)", type);
		return 1;
	}
	return 0;
}

/* The sub-options of a home address option (N bytes at V), as -v
 * writes them (ip6_sopt_print); 0, or -1 if cut. */
static int home_subopts(nlab_pctx *c, nlab_view v, size_t n)
{
	size_t olen;
	for (size_t i = 0; i < n; i += olen) {
		uint8_t type = nlab_get8(v, i);
		olen = type == 0 ? 1 : i + 1 < n ? (size_t)nlab_get8(v, i + 1) + 2 : 0;
		if (olen == 0 || i + olen > n)
			return -1;
		if (type == 0) {
			nlab_p_puts(c, ", pad1");
		} else if (n - i < 2) {
			nlab_p_puts(c, type == 1 ? ", padn: trunc" : ", sopt_type: trunc)");
			return -1;
		} else if (type == 1) {
			nlab_p_puts(c, ", padn");
		} else {
			nlab_strbuf_printf(c->out, ", sopt_type 0x%02x: len=%u", type, nlab_get8(v, i + 1));
		}
	}
	return 0;
}

/* What -v says of the sound option TYPE at I (OLEN bytes) of V: HBH in
 * a hop-by-hop header, whose datagram's payload length is PLEN; *JUMBO
 * once a jumbo payload option was seen. 0, or -1 if cut. */
static int opt_verbose(nlab_pctx *c, nlab_view v, size_t i, size_t olen, int hbh, uint32_t plen,
		       int *jumbo)
{
	uint8_t type = nlab_get8(v, i);
	uint32_t j = nlab_get32(v, i + 2);
	switch (type) {
	case 0: nlab_p_puts(c, "(pad1)"); return 0;
	case 1: nlab_p_puts(c, "(padn)"); return 0;
	case 5: nlab_strbuf_printf(c->out, "(rtalert: 0x%04x) ", nlab_get16(v, i + 2)); return 0;
	case 0xc2:
		if (*jumbo)
			nlab_strbuf_printf(c->out, "(jumbo: %u - already seen) ", j);
		else if (!hbh)
			nlab_strbuf_printf(c->out, "(jumbo: %u - not a hop-by-hop option) ", j);
		else if (plen)
			nlab_strbuf_printf(c->out, "(jumbo: %u - payload len != 0) ", j);
		else
			nlab_strbuf_printf(c->out, j < 65536 ? "(jumbo: %u - < 65536) " : "(jumbo: %u) ", j);
		*jumbo = 1;
		return 0;
	case 0xc9:
		nlab_p_puts(c, "(homeaddr: ");
		nlab_p_ip6addr(c, v, i + 2);
		if (olen > 18 && home_subopts(c, nlab_view_sub(v, i + 18, olen - 18), olen - 18) < 0)
			return -1;
		nlab_p_puts(c, ")");
		return 0;
	default:
		nlab_strbuf_printf(c->out, "(opt_type 0x%02x: len=%u)", type, nlab_get8(v, i + 1));
		return 0;
	}
}

/* Checks the options (N bytes at V) as tcpdump does (hop-by-hop ones
 * even without -v) and with -v lists them; HBH and PLEN as for
 * opt_verbose; a valid jumbo payload option's length goes to
 * *JUMBO_LEN. 0 if sound, -1 if it gives up (its " [|proto]"). */
static int ip6_opt_check(nlab_pctx *c, nlab_view v, size_t n, int hbh, uint32_t plen,
			 uint32_t *jumbo_len)
{
	size_t olen;
	int jumbo = 0, seen = 0;
	for (size_t i = 0; i < n; i += olen) {
		uint8_t type = nlab_get8(v, i);
		olen = 1;
		if (type != 0) {
			if (i + 1 >= n)
				return -1;
			olen = (size_t)nlab_get8(v, i + 1) + 2;
		}
		if (i + olen > n)
			return -1;
		if (type != 0 && opt_bad(c, type, n - i, nlab_get8(v, i + 1)))
			return -1;
		if (type == 0xc2 && !seen++ && hbh && plen == 0 && nlab_get32(v, i + 2) >= 65536)
			*jumbo_len = nlab_get32(v, i + 2); /* a valid jumbo payload option */
		if (c->o->v && opt_verbose(c, v, i, olen, hbh, plen, &jumbo) < 0)
			return -1;
	}
	if (c->o->v)
		nlab_p_puts(c, " ");
	return 0;
}

/* A hop-by-hop or destination options header of the datagram whose
 * payload length is PLEN: its length, or -1 / -2 when truncated (as
 * tcpdump's longjmp / explicit check). */
static long ip6_opts(nlab_pctx *c, nlab_view v, const char *name, const char *proto, uint32_t plen,
		     uint32_t *jumbo_len)
{
	c->proto = proto;
	if (!nlab_view_has(v, 1, 1))
		return -1;
	size_t n = ((size_t)nlab_get8(v, 1) + 1) * 8;
	if (!nlab_view_has(v, 0, n))
		return -2; /* tcpdump's ND_TCHECK_LEN: an explicit truncation */
	nlab_p_puts(c, name);
	/* tcpdump checks hop-by-hop options even without -v, not the others */
	int hbh = name[0] == 'H';
	if ((hbh || c->o->v) && ip6_opt_check(c, nlab_view_from(v, 2), n - 2, hbh, plen, jumbo_len) < 0)
		return -2;
	return (long)n;
}

/* A fragment header: its length, 0 for a later fragment, -1 truncated. */
static long ip6_frag(nlab_pctx *c, nlab_view v, nlab_view ip, size_t at)
{
	c->proto = "frag6";
	if (!nlab_view_has(v, 0, 4))
		return -1;
	uint16_t off = nlab_get16(v, 2) & 0xfff8;
	size_t left = 40 + (size_t)nlab_get16(ip, 4) - at - 8;
	if (c->o->v && !nlab_view_has(v, 4, 4))
		return -1;
	if (c->o->v) /* with the identification */
		nlab_strbuf_printf(c->out, "frag (0x%08x:%u|%zu)", nlab_get32(v, 4), off, left);
	else
		nlab_strbuf_printf(c->out, "frag (%u|%zu)", off, left);
	if (off)
		return 0;
	nlab_p_puts(c, " ");
	return 8;
}

/* What -v adds after "IP6 ": "(flowlabel 0x12345, hlim 64, next-header
 * TCP (6) payload length: 40) " (and the traffic class when set). */
static void ip6_verbose(nlab_pctx *c, nlab_view v)
{
	uint32_t flow = nlab_get32(v, 0);
	uint8_t nh = nlab_get8(v, 6);
	const char *name = nlab_p_ipproto_name(nh);
	nlab_p_puts(c, "(");
	if (flow & 0x0ff00000)
		nlab_strbuf_printf(c->out, "class 0x%02x, ", (flow & 0x0ff00000) >> 20);
	if (flow & 0x000fffff)
		nlab_strbuf_printf(c->out, "flowlabel 0x%05x, ", flow & 0x000fffff);
	nlab_strbuf_printf(c->out, "hlim %u, next-header %s (%u) payload length: %u) ",
			   nlab_get8(v, 7), name ? name : "unknown", nh, nlab_get16(v, 4));
}

/* The transport protocol NH at AT of datagram V (LEN bytes left) once
 * the extension headers are walked, its length taken from a jumbo
 * payload option (JUMBO, not 0) or a zero payload length as tcpdump's
 * ip6_print does; EXT: an extension header was seen; LENGTH as for
 * nlab_p_ip6. */
static int ip6_payload(nlab_pctx *c, nlab_view v, size_t at, uint32_t len, uint8_t nh, int frag,
		       uint32_t jumbo, int ext, uint32_t length)
{
	if (jumbo) {
		uint32_t jl = jumbo + 40; /* tcpdump's u_int, wrapping as it does */
		if (jl < at)
			return NLAB_P_ETRUNC;
		if (length < jl)
			nlab_strbuf_printf(c->out, "truncated-ip6 - %u bytes missing!", jl - length);
		v = nlab_view_sub(v, 0, jl);
		len = jl - (uint32_t)at;
	} else if (nlab_get16(v, 4) == 0) {
		if (ext)
			return NLAB_P_ETRUNC; /* no payload to hold an extension header */
		v = nlab_view_sub(v, 0, 40);
		len = 0;
	}
	return demux(c, 6, nh, nlab_view_from(v, at), len, v, frag);
}

/* A hop-by-hop header whose datagram's payload length PLEN is 0 with no
 * valid jumbo payload option: tcpdump refuses the datagram, after what
 * ip6_opts said (R: -1 cut, -2 its own " [|hbhopt]"). */
static int no_jumbo(nlab_pctx *c, long r)
{
	if (r == -1)
		return NLAB_P_TRUNC;
	if (r == -2)
		nlab_p_trunc(c);
	nlab_p_puts(c, "[No valid Jumbo Payload Hop-by-Hop option found] (invalid)");
	return NLAB_P_OK;
}

/* The headers after the fixed IPv6 header of datagram V (LEN bytes as
 * its header says, LENGTH as it came), as tcpdump's ip6_print walks
 * them. */
static int ip6_walk(nlab_pctx *c, nlab_view v, uint32_t len, uint32_t length)
{
	uint8_t nh = nlab_get8(v, 6);
	uint32_t plen = nlab_get16(v, 4), jumbo = 0;
	size_t at = 0, adv = 40;
	int frag = 0, hbh = 0, ext = 0;
	while (at < v.len && adv > 0) {
		if (len < adv)
			return NLAB_P_TRUNC;
		at += adv, len -= (uint32_t)adv;
		if (at == 40 && nh != 6 && nh != 17 && nh != 33 && nh != 132)
			ip6_addrs(c, v);
		nlab_view h = nlab_view_from(v, at);
		long r;
		if (nh == 0 && at != 40) {
			nlab_p_puts(c, hbh ? "[The Hop-by-Hop Options header was already found] (invalid)"
					   : "[The Hop-by-Hop Options header don't follow the IPv6 header] (invalid)");
			return NLAB_P_OK;
		}
		hbh |= nh == 0;
		if (nh == 0 || nh == 60) {
			r = ip6_opts(c, h, nh ? "DSTOPT " : "HBH ", nh ? "dstopt" : "hbhopt", plen,
				     nh ? NULL : &jumbo);
			if (nh == 0 && plen == 0 && !jumbo)
				return no_jumbo(c, r);
		} else if (nh == 44) {
			r = ip6_frag(c, h, v, at);
			frag = 1;
			if (r == 0 || (r > 0 && at + (size_t)r >= v.len))
				return NLAB_P_OK; /* a later fragment, or nothing after */
		} else if (nh == 43) {
			if (!nlab_view_has(h, 0, 1))
				return NLAB_P_ETRUNC;
			r = nlab_p_rt6(c, h);
		} else if (nh == 135 || nh == 62) {
			return nlab_p_mobility(c, h);
		} else {
			return ip6_payload(c, v, at, len, nh, frag, jumbo, ext, length);
		}
		if (r == -3)
			return NLAB_P_OK; /* it ended the line: (invalid) */
		if (r < 0)
			return r == -2 ? NLAB_P_ETRUNC : NLAB_P_TRUNC;
		nh = nlab_get8(h, 0);
		adv = (size_t)r;
		ext = 1;
		c->proto = "ip6";
	}
	return NLAB_P_OK;
}

int nlab_p_ip6(nlab_pctx *c, nlab_view v, uint32_t length)
{
	c->proto = "ip6";
	if (!nlab_view_has(v, 0, 40))
		return NLAB_P_ETRUNC;
	if (length < 40) {
		nlab_strbuf_printf(c->out, "truncated-ip6 %u", length);
		return NLAB_P_OK;
	}
	if (!c->o->e)
		nlab_p_puts(c, "IP6 ");
	if (nlab_get8(v, 0) >> 4 != 6) {
		nlab_strbuf_printf(c->out, "version error: %u != 6", nlab_get8(v, 0) >> 4);
		return NLAB_P_OK;
	}
	/* a zero payload length: as far as the capture goes, for a jumbo
	 * payload option to be found (tcpdump's length + 40) */
	uint32_t plen = nlab_get16(v, 4), len = plen ? plen + 40 : length + 40;
	if (plen && length < len)
		nlab_strbuf_printf(c->out, "truncated-ip6 - %u bytes missing!",
				   len - length);
	if (c->o->v)
		ip6_verbose(c, v);
	return ip6_walk(c, nlab_view_sub(v, 0, length < len ? length : len), len, length);
}
