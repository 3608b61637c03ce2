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

/* The protocols tcpdump's udp_print dispatches to by port; OTHER is
 * one netlab has no printer for (its datagrams say "UDP, length N"). */
enum { OTHER, DNS, MDNS, TFTP, BOOTP, RIP, NATT, NTP, HSRP, SYSLOG, VXLAN, OTV, GENEVE, DHCP6, ATALK, PTP, BABEL, BFD, KRB, RX, AHCP, SFLOW, BCM_LI, MPLS, SOMEIP, LDP, LSPPING, AUTORP, LISP, TIMED, ZEPHYR, RIPNG, WB, VQP, LWAPP_CI, LWAPP_C, LWAPP_D, ISAKMP, RADIUS, LWRES, AODV, L2TP };

/* tcpdump's udp_print port table in its order: the first entry whose
 * range holds the source or destination port (only the one WHO says:
 * 'd' destination, 's' source, 0 either) names the protocol. */
static const struct {
	uint16_t lo, hi;
	char who;
	uint8_t proto;
} ports[] = {
	{53, 53, 0, DNS}, {5353, 5353, 0, MDNS}, {525, 525, 0, TIMED}, {69, 69, 0, TFTP},
	{67, 68, 0, BOOTP}, {520, 520, 0, RIP}, {654, 654, 0, AODV}, {500, 500, 0, ISAKMP},
	{4500, 4500, 0, NATT}, {7500, 7500, 0, ISAKMP}, {8500, 8500, 0, ISAKMP},
	{161, 162, 0, OTHER}, {123, 123, 0, NTP}, {88, 88, 0, KRB}, {750, 750, 0, KRB},
	{1701, 1701, 0, L2TP}, {3456, 3456, 'd', OTHER}, {2103, 2104, 0, ZEPHYR},
	{7000, 7009, 0, RX}, {521, 521, 0, RIPNG}, {546, 547, 0, DHCP6},
	{5359, 5359, 0, AHCP}, {6696, 6697, 0, BABEL}, {8231, 8231, 0, OTHER},
	{4567, 4567, 'd', WB}, {496, 496, 0, AUTORP}, {1645, 1646, 0, RADIUS},
	{1812, 1813, 0, RADIUS}, {1700, 1700, 0, RADIUS}, {3799, 3799, 0, RADIUS},
	{1985, 1985, 'd', HSRP}, {921, 921, 0, LWRES}, {646, 646, 0, LDP},
	{698, 698, 0, OTHER}, {3503, 3503, 0, LSPPING}, {49152, 49152, 's', BCM_LI},
	{3784, 3784, 'd', BFD}, {4784, 4784, 'd', BFD}, {6784, 6784, 'd', BFD},
	{3785, 3785, 'd', BFD}, {701, 701, 0, OTHER}, {1589, 1589, 0, VQP},
	{6343, 6343, 0, SFLOW}, {12223, 12223, 'd', LWAPP_CI},
	{12223, 12223, 's', LWAPP_C}, {12222, 12222, 0, LWAPP_D},
	{5060, 5060, 0, OTHER}, {514, 514, 0, SYSLOG}, {8472, 8472, 0, OTV},
	{4789, 4789, 0, VXLAN}, {6081, 6081, 0, GENEVE}, {4342, 4342, 0, LISP},
	{4790, 4790, 0, OTHER}, {17754, 17754, 0, OTHER}, {6635, 6635, 0, MPLS},
	{0, 0, 0, ATALK}, {319, 320, 0, PTP}, {30490, 30490, 0, SOMEIP}};

/* Whether P is an AppleTalk DDP-in-UDP port (tcpdump's atalk_port). */
static int atalk_port(unsigned p)
{
	return p - 16512 < 128 || p - 200 < 128 || p - 768 < 128;
}

/* The protocol tcpdump's udp_print picks for a datagram from port SP
 * to DP whose payload V starts so. */
static int port_proto(int sp, int dp, nlab_view v)
{
	for (size_t i = 0; i < sizeof ports / sizeof ports[0]; i++) {
		if (ports[i].proto == ATALK) {
			if (nlab_view_has(v, 2, 1) && nlab_get8(v, 2) == 2 &&
			    (atalk_port((unsigned)sp) || atalk_port((unsigned)dp)))
				return OTHER;
			continue;
		}
		int s = sp >= ports[i].lo && sp <= ports[i].hi;
		int d = dp >= ports[i].lo && dp <= ports[i].hi;
		if (ports[i].who == 'd' ? d : ports[i].who == 's' ? s : s || d)
			return ports[i].proto;
	}
	return OTHER;
}

int nlab_p_udp_tunnel(int sp, int dp, nlab_view v)
{
	switch (port_proto(sp, dp, v)) {
	case VXLAN: case OTV: return 'V';
	case GENEVE: return 'G';
	case BCM_LI: return 'B';
	default: return 0;
	}
}

/* UDP 4500 (RFC 3948, tcpdump's isakmp_rfc3948_print): a NAT-T
 * keepalive, IKE after the four zero bytes of the non-ESP marker
 * ("NONESP-encap: isakmp: ..."), or "UDP-encap: " and ESP's header
 * line; IP is the IP header. */
static int natt(nlab_pctx *c, nlab_view v, uint32_t len, nlab_view ip)
{
	c->proto = "isakmp_rfc3948";
	if (len == 1) {
		if (!nlab_view_has(v, 0, 1))
			return NLAB_P_TRUNC;
		if (nlab_get8(v, 0) == 0xff) {
			nlab_p_puts(c, "isakmp-nat-keep-alive");
			return NLAB_P_OK;
		}
	}
	if (len < 4)
		return NLAB_P_ETRUNC;
	if (!nlab_view_has(v, 0, 4))
		return NLAB_P_TRUNC;
	if (nlab_get32(v, 0) == 0) {
		nlab_p_puts(c, "NONESP-encap: ");
		return nlab_p_isakmp(c, nlab_view_from(v, 4), len - 4, ip);
	}
	nlab_p_puts(c, "UDP-encap: ");
	return nlab_p_esp(c, v, len);
}


/* The printer of the protocol on port SP or DP, in tcpdump's udp_print
 * order, for the LEN bytes of payload V (IP: the IP header); -1 when
 * there is none. */
static int by_port(nlab_pctx *c, nlab_view v, uint32_t len, int sp, int dp, nlab_view ip)
{
	switch (port_proto(sp, dp, v)) {
	case DNS: return nlab_p_dns(c, v, len);
	case MDNS: return nlab_p_mdns(c, v, len);
	case TFTP: return nlab_p_tftp(c, v, len);
	case BOOTP: return nlab_p_bootp(c, v, len);
	case RIP: return nlab_p_rip(c, v, len);
	case AODV: return nlab_p_aodv(c, v, len, nlab_get8(ip, 0) >> 4 == 6);
	case NATT: return natt(c, v, len, ip);
	case ISAKMP: return nlab_p_isakmp(c, v, len, ip);
	case NTP: return nlab_p_ntp(c, v, len);
	case HSRP: return nlab_p_hsrp(c, v, len);
	case SYSLOG: return nlab_p_syslog(c, v, len);
	case VXLAN: return nlab_p_vxlan(c, v, len);
	case OTV: return nlab_p_otv(c, v, len);
	case DHCP6: return nlab_p_dhcp6(c, v, len);
	case GENEVE: return nlab_p_geneve(c, v, len);
	case PTP: return nlab_p_ptp(c, v, len);
	case BABEL: return nlab_p_babel(c, v, len);
	case BFD: return nlab_p_bfd(c, v, len, dp);
	case KRB: return nlab_p_krb(c, v);
	case TIMED: return nlab_p_timed(c, v);
	case ZEPHYR: return nlab_p_zephyr(c, v, len);
	case RIPNG: return nlab_p_ripng(c, v, len);
	case WB: return nlab_p_wb(c, v, len);
	case VQP: return nlab_p_vqp(c, v, len);
	case LWRES: return nlab_p_lwres(c, v, len);
	case AUTORP: return nlab_p_autorp(c, v, len);
	case AHCP: return nlab_p_ahcp(c, v, len);
	case RX: return nlab_p_rx(c, v, len, (uint16_t)sp, (uint16_t)dp, ip);
	case SFLOW: return nlab_p_sflow(c, v, len);
	case SOMEIP: return nlab_p_someip(c, v, len);
	case BCM_LI: return nlab_p_bcm_li(c, v, len);
	case MPLS: return nlab_p_mpls(c, v, len);
	case LDP: return nlab_p_ldp(c, v, len);
	case LSPPING: return nlab_p_lspping(c, v, len);
	case LISP: return nlab_p_lisp(c, v, len);
	case L2TP: return nlab_p_l2tp(c, v, len);
	case RADIUS: return nlab_p_radius(c, v, len);
	case LWAPP_CI: return nlab_p_lwapp(c, v, len, 'i');
	case LWAPP_C: return nlab_p_lwapp(c, v, len, 'c');
	case LWAPP_D: return nlab_p_lwapp(c, v, len, 'd');
	default: return -1;
	}
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
		int r = by_port(c, nlab_view_from(v, 8), ulen < length ? ulen : length, sp, dp, ip);
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
