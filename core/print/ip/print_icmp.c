/* print_icmp.c - ICMP for IPv4, as tcpdump's print-icmp.c writes it
 * without -v. */
#include "print_priv.h"

#include <stdarg.h>
#include <stdio.h>
#include <string.h>

/* tcpdump's icmp2str: the plain names of types. */
static const char *icmp_type(uint8_t t)
{
	switch (t) {
	case 4: return "source quench";
	case 8: return "echo request";
	case 9: return "router advertisement";
	case 10: return "router solicitation";
	case 11: return "time exceeded";
	case 12: return "parameter problem";
	case 13: return "time stamp request";
	case 14: return "time stamp reply";
	case 15: return "information request";
	case 16: return "information reply";
	case 17: return "address mask request";
	case 18: return "address mask reply";
	default: return NULL;
	}
}

/* tcpdump's unreach2str formats (one %s: the quoted destination). */
static const char *unreach_fmt(uint8_t code)
{
	switch (code) {
	case 5: return "%s unreachable - source route failed";
	case 6: return "net %s unreachable - unknown";
	case 7: return "host %s unreachable - unknown";
	case 8: return "%s unreachable - source host isolated";
	case 9: return "net %s unreachable - admin prohibited";
	case 10: return "host %s unreachable - admin prohibited";
	case 11: return "net %s unreachable - tos prohibited";
	case 12: return "host %s unreachable - tos prohibited";
	case 13: return "host %s unreachable - admin prohibited filter";
	case 14: return "host %s unreachable - host precedence violation";
	case 15: return "host %s unreachable - precedence cutoff";
	default: return NULL;
	}
}

/* The dotted quad at OFF of V as text in BUF. */
static const char *ip4str(nlab_view v, size_t off, char *buf, size_t n)
{
	snprintf(buf, n, "%u.%u.%u.%u", nlab_get8(v, off), nlab_get8(v, off + 1),
		 nlab_get8(v, off + 2), nlab_get8(v, off + 3));
	return buf;
}

/* A destination unreachable (type 3) message into BUF. */
static int unreach(nlab_view v, uint8_t code, char *buf, size_t n)
{
	char a[16];
	if (code == 3 && !nlab_view_has(v, 17, 1))
		return NLAB_P_ETRUNC; /* tcpdump's ND_TCHECK_1(ip_p) */
	if (!nlab_view_has(v, 24, 4))
		return NLAB_P_TRUNC;
	const char *dst = ip4str(v, 24, a, sizeof a);
	uint8_t proto = nlab_get8(v, 17);
	if (code == 0 || code == 1) {
		snprintf(buf, n, code ? "host %s unreachable" : "net %s unreachable", dst);
	} else if (code == 2) {
		snprintf(buf, n, "%s protocol %u unreachable", dst, proto);
	} else if (code == 3) {
		size_t hl = (nlab_get8(v, 8) & 15) * 4u;
		if (!nlab_view_has(v, 8 + hl + 2, 2))
			return NLAB_P_TRUNC;
		uint16_t dp = nlab_get16(v, 8 + hl + 2);
		if (proto == 6)
			snprintf(buf, n, "%s tcp port %u unreachable", dst, dp);
		else if (proto == 17)
			snprintf(buf, n, "%s udp port %u unreachable", dst, dp);
		else
			snprintf(buf, n, "%s protocol %u port %u unreachable", dst, proto, dp);
	} else if (code == 4) {
		uint16_t mtu = nlab_get16(v, 6);
		if (mtu)
			snprintf(buf, n, "%s unreachable - need to frag (mtu %u)", dst, mtu);
		else
			snprintf(buf, n, "%s unreachable - need to frag", dst);
	} else if (unreach_fmt(code)) {
		snprintf(buf, n, unreach_fmt(code), dst);
	} else {
		snprintf(buf, n, "%s unreachable - #%u", dst, code);
	}
	return NLAB_P_OK;
}

/* A redirect (type 5) message into BUF. */
static int redirect(nlab_view v, uint8_t code, char *buf, size_t n)
{
	static const char *fmts[] = {"redirect %s to net %s", "redirect %s to host %s",
				     "redirect-tos %s to net %s",
				     "redirect-tos %s to host %s"};
	char a[16], g[16];
	if (!nlab_view_has(v, 24, 4))
		return NLAB_P_TRUNC;
	ip4str(v, 24, a, sizeof a);
	ip4str(v, 4, g, sizeof g);
	if (code < 4)
		snprintf(buf, n, fmts[code], a, g);
	else
		snprintf(buf, n, "redirect-#%u %s to %s", code, a, g);
	return NLAB_P_OK;
}

/* Milliseconds since midnight as "HH:MM:SS.mmm" into BUF. */
static const char *tstamp(uint32_t ms, char *buf, size_t n)
{
	uint32_t sec = ms / 1000, min = sec / 60, hrs = min / 60;
	snprintf(buf, n, "%02u:%02u:%02u.%03u", hrs, min % 60, sec % 60, ms % 1000);
	return buf;
}

/* A time stamp reply (type 14) into BUF. */
static int tstamp_reply(nlab_view v, char *buf, size_t n)
{
	char o[16], r[16], t[16];
	if (!nlab_view_has(v, 16, 4))
		return NLAB_P_ETRUNC;
	snprintf(buf, n, "time stamp reply id %u seq %u: org %s, recv %s, xmit %s",
		 nlab_get16(v, 4), nlab_get16(v, 6), tstamp(nlab_get32(v, 8), o, sizeof o),
		 tstamp(nlab_get32(v, 12), r, sizeof r), tstamp(nlab_get32(v, 16), t, sizeof t));
	return NLAB_P_OK;
}

/* Appends printf-style text to BUF (N bytes), as tcpdump's snprintf at
 * buf + strlen(buf) does: what does not fit is cut. */
static void append(char *buf, size_t n, const char *fmt, ...)
	__attribute__((format(printf, 3, 4)));
static void append(char *buf, size_t n, const char *fmt, ...)
{
	size_t len = strlen(buf);
	va_list ap;
	va_start(ap, fmt);
	vsnprintf(buf + len, n - len, fmt, ap);
	va_end(ap);
}

/* A router advertisement (type 9) into BUF: lifetime, then the routers. */
static int router_adv(nlab_view v, char *buf, size_t n)
{
	snprintf(buf, n, "router advertisement");
	if (!nlab_view_has(v, 0, 8))
		return NLAB_P_ETRUNC;
	unsigned life = nlab_get16(v, 6), num = nlab_get8(v, 4), size = nlab_get8(v, 5);
	if (life < 60)
		append(buf, n, " lifetime %u", life);
	else if (life < 3600)
		append(buf, n, " lifetime %u:%02u", life / 60, life % 60);
	else
		append(buf, n, " lifetime %u:%02u:%02u", life / 3600, life % 3600 / 60, life % 60);
	append(buf, n, " %u:", num);
	if (size != 2) {
		append(buf, n, " [size %u]", size);
		return NLAB_P_OK;
	}
	for (size_t at = 8; num > 0; num--, at += 8) {
		char a[16];
		if (!nlab_view_has(v, at, 8))
			return NLAB_P_ETRUNC;
		append(buf, n, " {%s %u}", ip4str(v, at, a, sizeof a), nlab_get32(v, at + 4));
	}
	return NLAB_P_OK;
}

/* The text after "ICMP " for message V into BUF. */
static int icmp_text(nlab_view v, char *buf, size_t n)
{
	uint8_t type = nlab_get8(v, 0), code = nlab_get8(v, 1);
	switch (type) {
	case 0:
	case 8:
		if (!nlab_view_has(v, 4, 4))
			return NLAB_P_TRUNC;
		snprintf(buf, n, "echo %s, id %u, seq %u", type ? "request" : "reply",
			 nlab_get16(v, 4), nlab_get16(v, 6));
		return NLAB_P_OK;
	case 3:
		return unreach(v, code, buf, n);
	case 5:
		return redirect(v, code, buf, n);
	case 11:
		if (!nlab_view_has(v, 8, 20))
			return NLAB_P_ETRUNC;
		if (code == 0)
			snprintf(buf, n, "time exceeded in-transit");
		else if (code == 1)
			snprintf(buf, n, "ip reassembly time exceeded");
		else
			snprintf(buf, n, "time exceeded-#%u", code);
		return NLAB_P_OK;
	case 9:
		return router_adv(v, buf, n);
	case 13:
		if (!nlab_view_has(v, 4, 4))
			return NLAB_P_TRUNC;
		snprintf(buf, n, "time stamp query id %u seq %u", nlab_get16(v, 4),
			 nlab_get16(v, 6));
		return NLAB_P_OK;
	case 14:
		return tstamp_reply(v, buf, n);
	case 18:
		if (!nlab_view_has(v, 8, 4))
			return NLAB_P_TRUNC;
		snprintf(buf, n, "address mask is 0x%08x", nlab_get32(v, 8));
		return NLAB_P_OK;
	case 12:
		if (code)
			snprintf(buf, n, "parameter problem - code %u", code);
		else if (nlab_view_has(v, 4, 1))
			snprintf(buf, n, "parameter problem - octet %u", nlab_get8(v, 4));
		else
			return NLAB_P_TRUNC;
		return NLAB_P_OK;
	default:
		if (icmp_type(type))
			snprintf(buf, n, "%s", icmp_type(type));
		else
			snprintf(buf, n, "type-#%u", type);
		return NLAB_P_OK;
	}
}

/* -v: " (wrong icmp cksum 1234 (->5678)!)" when the LEN bytes of V were
 * all captured and do not sum to zero. */
static int icmp_cksum(nlab_pctx *c, nlab_view v, uint32_t len)
{
	if (!nlab_view_has(v, 0, len))
		return NLAB_P_OK;
	uint16_t sum = nlab_p_cksum(nlab_p_sum(v, 0, len, 0));
	if (sum && !nlab_view_has(v, 2, 2))
		return NLAB_P_TRUNC; /* a message too short for its checksum field */
	if (sum)
		nlab_strbuf_printf(c->out, " (wrong icmp cksum %x (->%x)!)", nlab_get16(v, 2),
				   nlab_p_shouldbe(nlab_get16(v, 2), sum));
	return NLAB_P_OK;
}

/* -v on an error (unreachable, source quench, redirect, time exceeded,
 * parameter problem): the datagram it quotes, on a line of its own,
 * printed as far as its own length says. */
static int icmp_quoted(nlab_pctx *c, nlab_view v)
{
	nlab_p_puts(c, "\n\t");
	if (!nlab_view_has(v, 10, 2))
		return NLAB_P_TRUNC;
	uint16_t len = nlab_get16(v, 10);
	nlab_view q = nlab_view_from(v, 8);
	int r = nlab_p_ip(c, nlab_view_sub(q, 0, q.len < len ? q.len : len), len);
	if (r == NLAB_P_OK)
		c->proto = "icmp";
	return r;
}

int nlab_p_icmp(nlab_pctx *c, nlab_view v, uint32_t len, int frag)
{
	char buf[64 + 100]; /* tcpdump's MAXHOSTNAMELEN + 100: longer text is cut */
	c->proto = "icmp";
	if (!nlab_view_has(v, 0, 2))
		return NLAB_P_TRUNC;
	int r = icmp_text(v, buf, sizeof buf);
	if (r != NLAB_P_OK)
		return r;
	nlab_strbuf_printf(c->out, "ICMP %s, length %u", buf, len);
	if (!c->o->v)
		return NLAB_P_OK;
	if (!frag && (r = icmp_cksum(c, v, len)) != NLAB_P_OK)
		return r;
	uint8_t type = nlab_get8(v, 0);
	if (type == 3 || type == 4 || type == 5 || type == 11 || type == 12)
		r = icmp_quoted(c, v);
	if ((r != NLAB_P_OK && r != NLAB_P_ETRUNC) || len <= 136 ||
	    (type != 3 && type != 11 && type != 12))
		return r;
	if (r == NLAB_P_ETRUNC) /* tcpdump's explicit check returns: on it goes */
		nlab_strbuf_printf(c->out, " [|%s]", c->proto);
	c->proto = "icmp";
	return nlab_p_icmp_ext(c, v, len);
}
