/* print_udp.c - UDP, as tcpdump's print-udp.c writes it for ports it has
 * no dissector for. */
#include "print_priv.h"

/* "src.sport > dst.dport: " (ports -1: addresses only). */
static void udp_addrs(nlab_pctx *c, nlab_view ip, int sp, int dp)
{
	int v6 = nlab_get8(ip, 0) >> 4 == 6;
	int direct = v6 ? nlab_get8(ip, 6) == 17 : nlab_get8(ip, 9) == 17;
	if (sp < 0 && !direct)
		return; /* after extension headers: nothing to say yet */
	if (direct) {
		v6 ? nlab_p_ip6addr(c, ip, 8) : nlab_p_ip4(c, ip, 12);
		if (sp >= 0)
			nlab_strbuf_printf(c->out, ".%d", sp);
		nlab_p_puts(c, " > ");
		v6 ? nlab_p_ip6addr(c, ip, 24) : nlab_p_ip4(c, ip, 16);
		if (dp >= 0)
			nlab_strbuf_printf(c->out, ".%d", dp);
	} else {
		nlab_strbuf_printf(c->out, "%d > %d", sp, dp);
	}
	nlab_p_puts(c, ": ");
}

/* -v over IPv6 (where the checksum is mandatory), -vv over IPv4:
 * "[udp sum ok] " or "[bad udp cksum 0x1234 -> 0x5678!] " of datagram V
 * with LEN bytes of data, when all of them were captured; IPv4's
 * "[no cksum] " when the sender left it out (tcpdump's udp_print). */
static void udp_cksum(nlab_pctx *c, nlab_view v, uint32_t len, nlab_view ip)
{
	int v4 = nlab_get8(ip, 0) >> 4 == 4;
	if (v4 && nlab_get16(v, 6) == 0) {
		nlab_p_puts(c, "[no cksum] ");
		return;
	}
	if (!nlab_view_has(v, 8, len))
		return;
	uint16_t sum = nlab_p_l4_cksum(ip, v, len + 8, 17), field = nlab_get16(v, 6);
	if (sum)
		nlab_strbuf_printf(c->out, "[bad udp cksum 0x%04x -> 0x%04x!] ", field,
				   nlab_p_shouldbe(field, sum));
	else
		nlab_p_puts(c, "[udp sum ok] ");
}

/* The printer of the protocol on port SP or DP, in tcpdump's udp_print
 * order, for the LEN bytes of payload V; -1 when there is none. */
static int by_port(nlab_pctx *c, nlab_view v, uint32_t len, int sp, int dp)
{
#define PORT(p) (sp == (p) || dp == (p))
	if (PORT(53))
		return nlab_p_dns(c, v, len);
	if (PORT(69))
		return nlab_p_tftp(c, v, len);
	if (PORT(67) || PORT(68))
		return nlab_p_bootp(c, v, len);
	if (PORT(520))
		return nlab_p_rip(c, v, len);
	if (PORT(123))
		return nlab_p_ntp(c, v, len);
	if (dp == 1985)
		return nlab_p_hsrp(c, v, len);
	if (PORT(514))
		return nlab_p_syslog(c, v, len);
	if (PORT(4789))
		return nlab_p_vxlan(c, v, len);
	if (PORT(6081))
		return nlab_p_geneve(c, v, len);
	return -1;
#undef PORT
}

int nlab_p_udp(nlab_pctx *c, nlab_view v, uint32_t length, nlab_view ip,
	       int fragmented)
{
	c->proto = "udp";
	if (!nlab_view_has(v, 0, 4)) {
		udp_addrs(c, ip, -1, -1);
		return NLAB_P_ETRUNC;
	}
	int sp = nlab_get16(v, 0), dp = nlab_get16(v, 2);
	if (length < 8) {
		udp_addrs(c, ip, sp, dp);
		nlab_strbuf_printf(c->out, "truncated-udp %u", length);
		return NLAB_P_OK;
	}
	if (!nlab_view_has(v, 4, 2)) {
		udp_addrs(c, ip, sp, dp);
		return NLAB_P_ETRUNC;
	}
	uint32_t ulen = nlab_get16(v, 4);
	if (ulen == 0 && length > 65535)
		ulen = length;
	if (ulen < 8) {
		udp_addrs(c, ip, sp, dp);
		nlab_strbuf_printf(c->out, "truncated-udplength %u", ulen);
		return NLAB_P_OK;
	}
	ulen -= 8, length -= 8;
	udp_addrs(c, ip, sp, dp);
	if (!nlab_view_has(v, 0, 8))
		return NLAB_P_ETRUNC;
	int ipv = nlab_get8(ip, 0) >> 4;
	if (!fragmented && (ipv == 6 ? c->o->v : c->o->v > 1))
		udp_cksum(c, v, ulen < length ? ulen : length, ip);
	if (!c->o->q) {
		int r = by_port(c, nlab_view_from(v, 8), ulen < length ? ulen : length, sp, dp);
		if (r >= 0)
			return r;
	}
	if (ulen > length && !fragmented) {
		nlab_strbuf_printf(c->out, "UDP, bad length %u > %u", ulen, length);
		return NLAB_P_OK;
	}
	nlab_p_puts(c, "UDP, length ");
	nlab_p_u(c, ulen);
	return NLAB_P_OK;
}
