/* print_bgp_mp.c - BGP's multiprotocol reach and unreach attributes
 * (IPv4 and IPv6: unicast, multicast, labeled, VPN; IPv4's route target
 * constraints, multicast VPN routes and MDT; other families their AFI
 * line only) and extended communities, as tcpdump's
 * bgp_attr_print writes them under -v. */
#include "print_priv.h"

#include <stdio.h>

enum { AF4 = 1, AF6 = 2 };

/* What a family is to the printer: plain prefixes, labeled ones, VPN
 * ones, route target constraints (RFC 4684), multicast VPN routes (RFC
 * 6514), MDT SAFI's (0: one tcpdump knows that netlab does not decode
 * yet). */
enum { K_NONE, K_PLAIN, K_LABEL, K_VPN, K_RT, K_MVPN, K_MDT };

/* The kind of address family AF, SAFI S; -1 when tcpdump has no
 * decoder for it at all. */
static int family(uint16_t af, uint8_t s)
{
	if (af == AF4 || af == AF6) {
		if (s >= 1 && s <= 3)
			return K_PLAIN;
		if (s == 4)
			return K_LABEL;
		if (s >= 128 && s <= 130)
			return K_VPN;
		if (af == AF4)
			return s == 132 ? K_RT : s == 5 ? K_MVPN : s == 66 ? K_MDT : -1;
		return -1;
	}
	if (af == 3 && ((s >= 1 && s <= 3) || (s >= 128 && s <= 130)))
		return K_NONE;
	if ((af == 196 && s >= 128 && s <= 130) || (af == 25 && s == 65))
		return K_NONE;
	return -1;
}

/* A route distinguisher (8 bytes at OFF), as bgp_vpn_rd_print. */
static void rd(nlab_pctx *c, nlab_view v, size_t off)
{
	uint16_t t = nlab_get16(v, off);
	uint8_t b2 = nlab_get8(v, off + 2), b3 = nlab_get8(v, off + 3), b4 = nlab_get8(v, off + 4),
		b5 = nlab_get8(v, off + 5), b6 = nlab_get8(v, off + 6), b7 = nlab_get8(v, off + 7);
	if (t == 0)
		nlab_strbuf_printf(c->out, "%u:%u (= %u.%u.%u.%u)", nlab_get16(v, off + 2),
				   nlab_get32(v, off + 4), b4, b5, b6, b7);
	else if (t == 1)
		nlab_strbuf_printf(c->out, "%u.%u.%u.%u:%u", b2, b3, b4, b5, nlab_get16(v, off + 6));
	else if (t == 2)
		nlab_strbuf_printf(c->out, "%u:%u (%u.%u.%u.%u:%u)", nlab_get32(v, off + 2),
				   nlab_get16(v, off + 6), b2, b3, b4, b5, nlab_get16(v, off + 6));
	else
		nlab_p_puts(c, "unknown RD format");
}

void nlab_p_bgp_rd(nlab_pctx *c, nlab_view v, size_t off)
{
	rd(c, v, off);
}

/* An address of family AF whose PLEN bits start at OFF, the rest zero,
 * then "/PLEN". */
static void masked(nlab_pctx *c, nlab_view v, size_t off, uint16_t af, uint32_t plen)
{
	uint8_t a[16] = {0};
	uint32_t n = (plen + 7) / 8;
	nlab_getbytes(nlab_view_from(v, off), 0, a, n);
	if (plen % 8)
		a[n - 1] &= (uint8_t)(0xff00 >> (plen % 8));
	nlab_view av = {a, sizeof a};
	af == AF4 ? nlab_p_ip4(c, av, 0) : nlab_p_ip6addr(c, av, 0);
	nlab_strbuf_printf(c->out, "/%u", plen);
}

/* ", label:N (bottom)" of the label at OFF + 1. */
static void label(nlab_pctx *c, nlab_view v, size_t off)
{
	nlab_strbuf_printf(c->out, ", label:%u %s", nlab_get24(v, off + 1) >> 4,
			   nlab_get8(v, off + 3) & 1 ? "(bottom)" : "(BOGUS: Bottom of Stack NOT set!)");
}

/* Cuts text B back to LEN bytes. */
static void cut_text(nlab_strbuf *b, size_t len)
{
	if (b->s && len < b->len)
		b->len = len, b->s[len] = 0;
}

/* The route target constraint at OFF (decode_rt_routing_info): its
 * size, -1 (illegal, said), -4 (cut). */
static long rt_nlri(nlab_pctx *c, nlab_view v, size_t off)
{
	if (!nlab_view_has(v, off, 1))
		return -4;
	uint32_t plen = nlab_get8(v, off);
	if (plen == 0) {
		nlab_p_puts(c, "\n\t      default route target");
		return 1;
	}
	if (plen < 32 || plen - 32 > 64) {
		if (plen >= 32 && !nlab_view_has(v, off + 1, 4))
			return -4;
		nlab_p_puts(c, "\n\t      (illegal prefix length)");
		return -1;
	}
	plen -= 32;
	uint32_t n = (plen + 7) / 8;
	uint8_t t[8] = {0};
	if (!nlab_view_has(v, off + 1, 4 + n))
		return -4;
	nlab_getbytes(v, off + 5, t, n);
	if (plen % 8)
		t[n - 1] &= (uint8_t)(0xff00 >> (plen % 8));
	nlab_strbuf_printf(c->out, "\n\t      origin AS: %u, ", nlab_get32(v, off + 1));
	size_t mark = c->out->len;
	char hex[20] = "";
	for (uint32_t i = 0, at = 0; i < n; i++)
		at += (uint32_t)snprintf(hex + at, sizeof hex - at, "%02x%s", t[i], i % 2 && i < n - 1 ? " " : "");
	nlab_view tv = {t, sizeof t};
	uint16_t type = nlab_get16(tv, 0);
	if (plen == 0)
		nlab_p_puts(c, "route-target: 0:0/0");
	else if (plen < 16)
		nlab_strbuf_printf(c->out, "route-target: partial-type: (%s/%u)", hex, plen);
	else if (type == 0x0002)
		nlab_strbuf_printf(c->out, "route-target: %u:%u/%u (%s)", nlab_get16(tv, 2), nlab_get32(tv, 4), plen, hex);
	else if (type == 0x0102)
		nlab_strbuf_printf(c->out, "route-target: %u.%u.%u.%u:%u/%u (%s)", t[2], t[3], t[4], t[5],
				   nlab_get16(tv, 6), plen, hex);
	else if (type == 0x0202)
		nlab_strbuf_printf(c->out, "route-target: %u:%u/%u (%s)", nlab_get32(tv, 2), nlab_get16(tv, 6), plen, hex);
	else
		nlab_strbuf_printf(c->out, "route target: unknown-type(%04x) (%s/%u)", type, hex, plen);
	cut_text(c->out, mark + 60); /* tcpdump's buffer */
	return (long)(5 + n);
}

/* A multicast VPN route's address of BITS bits at OFF
 * (bgp_vpn_ip_print): 0, or -4 when cut. */
static int vpn_ip(nlab_pctx *c, nlab_view v, size_t off, uint32_t bits)
{
	if ((bits == 32 || bits == 128) && !nlab_view_has(v, off, bits / 8))
		return -4;
	if (bits == 32)
		nlab_p_ip4(c, v, off);
	else if (bits == 128)
		nlab_p_ip6addr(c, v, off);
	else
		nlab_strbuf_printf(c->out, "bogus address length %u", bits);
	return 0;
}

/* A multicast VPN route's source and group at OFF (bgp_vpn_sg_print):
 * the bytes tcpdump counts for them, -4 when cut. */
static long vpn_sg(nlab_pctx *c, nlab_view v, size_t off)
{
	long total = 0;
	for (int i = 0; i < 2; i++) {
		if (!nlab_view_has(v, off, 1))
			return -4;
		uint32_t bits = nlab_get8(v, off++);
		if (!nlab_view_has(v, off, bits >> 3))
			return total;
		total += (bits >> 3) + 1;
		if (bits) {
			nlab_p_puts(c, i ? ", Group " : ", Source ");
			if (vpn_ip(c, v, off, bits) < 0)
				return -4;
			off += bits >> 3;
		}
	}
	return total;
}

/* The body of a multicast VPN route of TYPE and LEN bytes at OFF
 * (decode_multicast_vpn after its type and length): 0, -2 or -4. */
static long mvpn_body(nlab_pctx *c, nlab_view v, size_t off, uint8_t type, uint8_t len)
{
	size_t need = type == 2 || type == 6 || type == 7 ? 12 : 8;
	if (type == 4 || type < 1 || type > 7)
		return 0;
	if (!nlab_view_has(v, off, need))
		return -2;
	nlab_p_puts(c, ", RD: ");
	rd(c, v, off);
	if (need == 12)
		nlab_strbuf_printf(c->out, ", Source-AS %u", nlab_get32(v, off + 8));
	if (type == 1) {
		nlab_p_puts(c, ", Originator ");
		return vpn_ip(c, v, off + 8, (uint32_t)((int)len - 8) << 3);
	}
	if (type == 2)
		return 0;
	long sg = vpn_sg(c, v, off + need);
	if (sg < 0 || type != 3)
		return sg < 0 ? sg : 0;
	uint32_t alen = (uint32_t)len - (uint32_t)sg; /* tcpdump reads it where the S,G starts */
	if (!nlab_view_has(v, off + need, alen))
		return -2;
	nlab_p_puts(c, ", Originator ");
	return vpn_ip(c, v, off + need, alen << 3);
}

/* A multicast VPN route at OFF: its size, -2 or -4 (nothing printed). */
static long mvpn_nlri(nlab_pctx *c, nlab_view v, size_t off)
{
	static const char *const names[] = {"Unknown", "Intra-AS I-PMSI", "Inter-AS I-PMSI", "S-PMSI",
		"Intra-AS Segment-Leaf", "Source-Active", "Shared Tree Join", "Source Tree Join"};
	if (!nlab_view_has(v, off, 2))
		return -4;
	uint8_t type = nlab_get8(v, off), len = nlab_get8(v, off + 1);
	size_t mark = c->out->len;
	nlab_strbuf_printf(c->out, "\n\t      Route-Type: %s (%u), length: %u", names[type <= 7 ? type : 0], type, len);
	long r = mvpn_body(c, v, off + 2, type, len);
	if (r < 0) {
		cut_text(c->out, mark);
		return r;
	}
	cut_text(c->out, mark + 8 + 163); /* tcpdump's buffer */
	return len + 2;
}

/* An MDT SAFI's NLRI at OFF (decode_mdt_vpn_nlri): its size, -1, -2, -4. */
static long mdt_nlri(nlab_pctx *c, nlab_view v, size_t off)
{
	if (!nlab_view_has(v, off, 1))
		return -4;
	if (nlab_get8(v, off) != 128)
		return -1;
	if (!nlab_view_has(v, off + 1, 8))
		return -2;
	if (!nlab_view_has(v, off + 9, 8))
		return -4;
	nlab_p_puts(c, "\n\t      RD: ");
	rd(c, v, off + 1);
	nlab_p_puts(c, ", VPN IP Address: ");
	nlab_p_ip4(c, v, off + 9);
	nlab_p_puts(c, ", MC Group Address: ");
	nlab_p_ip4(c, v, off + 13);
	return 17;
}

/* One NLRI of kind K at OFF (LEN: the attribute's length, as tcpdump
 * checks it, AP: add-path IDs); its size, or -1/-3 (stop), -2 (cut). */
static long nlri(nlab_pctx *c, nlab_view v, size_t off, uint32_t len, uint16_t af, int k, int ap)
{
	uint32_t max = af == AF4 ? 32 : 128, id = 0;
	if (k == K_RT)
		return rt_nlri(c, v, off);
	if (k == K_MVPN || k == K_MDT) {
		long r = k == K_MVPN ? mvpn_nlri(c, v, off) : mdt_nlri(c, v, off);
		if (r == -1)
			nlab_p_puts(c, "\n\t    (illegal prefix length)");
		return r;
	}
	if (k == K_PLAIN) {
		if (ap) {
			if (!nlab_view_has(v, off, 4))
				return -4;
			id = nlab_get32(v, off);
			off += 4;
		}
		long adv = -2;
		if (len >= 1) {
			if (!nlab_view_has(v, off, 1))
				return -4;
			uint32_t plen = nlab_get8(v, off), n = (plen + 7) / 8;
			if (plen > max) {
				adv = -1;
			} else if (len - 1 >= n) {
				if (!nlab_view_has(v, off + 1, n))
					return -4;
				nlab_p_puts(c, "\n\t      ");
				masked(c, v, off + 1, af, plen);
				adv = 1 + n;
			}
		}
		if (adv == -2)
			return -2;
		if (adv == -1)
			nlab_p_puts(c, "\n\t    (illegal prefix length)");
		if (ap) {
			nlab_strbuf_printf(c->out, "   Path Id: %u", id);
			adv += 4;
		}
		return adv;
	}
	size_t at = off + (k == K_VPN ? 12 : 4);
	if (k == K_LABEL) {
		if (!nlab_view_has(v, off, 4))
			return -2;
		if (len < 4)
			return -3;
	}
	if (!nlab_view_has(v, off, 1))
		return -4;
	uint32_t plen = nlab_get8(v, off), sub = k == K_VPN ? 88 : 24;
	if (plen < sub || plen - sub > max) {
		nlab_p_puts(c, "\n\t    (illegal prefix length)");
		return -1;
	}
	plen -= sub;
	uint32_t n = (plen + 7) / 8;
	if (k == K_LABEL && af == AF4 && len - 4 < n)
		return -3;
	if (!nlab_view_has(v, off, at - off + n))
		return -4;
	nlab_p_puts(c, "\n\t      ");
	if (k == K_VPN) {
		nlab_p_puts(c, "RD: ");
		rd(c, v, off + 4);
		nlab_p_puts(c, ", ");
	}
	masked(c, v, at, af, plen);
	label(c, v, off);
	return (long)(at - off + n);
}

/* The NLRIs from AT to the attribute's end (START + LEN). */
static int nlris(nlab_pctx *c, nlab_view v, size_t at, size_t start, uint32_t len, uint16_t af,
		 int k)
{
	uint32_t rest = len - (uint32_t)(at - start);
	int ap = nlab_p_bgp_add_path(v, at, rest, af == AF4 ? 32 : 128);
	if (k == K_NONE)
		return NLAB_P_OK;
	while (at < start + len) {
		long adv = nlri(c, v, at, len, af, k, k == K_PLAIN && ap);
		if (adv == -4)
			return NLAB_P_TRUNC;
		if (adv == -2)
			return NLAB_P_ETRUNC;
		if (adv < 0)
			break;
		at += (size_t)adv;
	}
	return NLAB_P_OK;
}

/* "AFI: IPv4 (1), SAFI: Unicast (1)" and the family's kind; -1 when
 * tcpdump has no decoder (the bytes in hex then). */
static int mp_af(nlab_pctx *c, nlab_view v, size_t off, uint32_t len, uint16_t *af)
{
	*af = nlab_get16(v, off);
	uint8_t s = nlab_get8(v, off + 2);
	nlab_strbuf_printf(c->out, "\n\t    AFI: %s (%u), %sSAFI: %s (%u)", nlab_p_bgp_af_name(*af, "Unknown AFI"), *af,
			   s > 128 ? "vendor specific " : "", nlab_p_bgp_safi_name(s, "Unknown SAFI"), s);
	int k = family(*af, s);
	if (k < 0) {
		nlab_strbuf_printf(c->out, "\n\t    no AFI %u / SAFI %u decoder", *af, s);
		if (c->o->v <= 1)
			nlab_p_hexdump(c, v, off, len, "\n\t    ");
	}
	return k;
}

/* A next hop of family AF, kind K (LEFT bytes of the next hop field at
 * *AT); moves *AT past what it took. */
static void next_hop(nlab_pctx *c, nlab_view v, size_t *at, uint32_t *left, uint16_t af, int k)
{
	uint32_t a = af == AF6 ? 16 : 4, need = a + (k == K_VPN ? 8 : 0);
	if (*left < need) {
		nlab_p_puts(c, "invalid len");
		*at += *left, *left = 0;
		return;
	}
	if (k == K_VPN) {
		nlab_p_puts(c, "RD: ");
		rd(c, v, *at);
		nlab_p_puts(c, ", ");
	}
	size_t ip = *at + need - a;
	af == AF4 ? nlab_p_ip4(c, v, ip) : nlab_p_ip6addr(c, v, ip);
	*at += need, *left -= need;
}

/* The next hops and SNPAs of a reach attribute from *AT (TLEN bytes
 * left in it); NLAB_P_ETRUNC when they overrun it. */
static int hops(nlab_pctx *c, nlab_view v, size_t *at, uint32_t *tlen, uint16_t af, int k)
{
	if (*tlen < 1)
		return NLAB_P_ETRUNC;
	uint32_t nh = nlab_get8(v, *at), left = nh;
	*at += 1, *tlen -= 1;
	if (nh) {
		if (*tlen < nh)
			return NLAB_P_ETRUNC;
		nlab_p_puts(c, "\n\t    nexthop: ");
		for (int n = 0; left; n++) {
			if (n)
				nlab_p_puts(c, ", ");
			uint32_t was = left;
			next_hop(c, v, at, &left, af, k);
			*tlen -= was - left;
		}
	}
	nlab_strbuf_printf(c->out, ", nh-length: %u", nh);
	if (*tlen < 1)
		return NLAB_P_ETRUNC;
	unsigned snpa = nlab_get8(v, *at);
	*at += 1, *tlen -= 1;
	if (!snpa) {
		nlab_p_puts(c, ", no SNPA");
		return NLAB_P_OK;
	}
	nlab_strbuf_printf(c->out, "\n\t    %u SNPA", snpa);
	for (; snpa; snpa--) {
		if (*tlen < 1)
			return NLAB_P_ETRUNC;
		uint32_t l = nlab_get8(v, *at);
		nlab_strbuf_printf(c->out, "\n\t      %u bytes", l);
		*at += 1, *tlen -= 1;
		if (*tlen < l)
			return NLAB_P_ETRUNC;
		*at += l, *tlen -= l;
	}
	return NLAB_P_OK;
}

int nlab_p_bgp_mp(nlab_pctx *c, nlab_view v, size_t off, uint32_t len, uint8_t type)
{
	if ((type == 14 && len < 3) || !nlab_view_has(v, off, 3))
		return NLAB_P_ETRUNC;
	uint16_t af;
	int k = mp_af(c, v, off, len, &af);
	if (k < 0)
		return NLAB_P_OK;
	size_t at = off + 3;
	if (type == 15) {
		if (len == 3)
			nlab_p_puts(c, "\n\t      End-of-Rib Marker (empty NLRI)");
		return nlris(c, v, at, off, len, af, k);
	}
	if (k == K_NONE && af == 3)
		return NLAB_P_OK; /* NSAP next hops and NLRI: not decoded yet */
	uint32_t tlen = len - 3;
	int r = hops(c, v, &at, &tlen, af, k);
	return r != NLAB_P_OK ? r : nlris(c, v, at, off, len, af, k);
}

/* tcpdump's bgp_extd_comm_subtype_values. */
static const char *ext_name(uint16_t t)
{
	switch (t) {
	case 0x0002: case 0x0102: case 0x0202: return "target";
	case 0x0003: case 0x0103: case 0x0203: return "origin";
	case 0x4004: return "link-BW";
	case 0x0005: case 0x0105: case 0x0205: case 0x8005: return "ospf-domain";
	case 0x0306: case 0x8000: return "ospf-route-type";
	case 0x030c: return "encapsulation";
	case 0x0107: case 0x8001: return "ospf-router-id";
	case 0x800a: return "layer2-info";
	case 0x8800: return "eigrp-general-route (flag, tag)";
	case 0x8801: return "eigrp-route-metric (AS, delay)";
	case 0x8802: return "eigrp-route-metric (reliability, nexthop, bandwidth)";
	case 0x8803: return "eigrp-route-metric (load, MTU)";
	case 0x8804: return "eigrp-external-route (remote-AS, remote-ID)";
	case 0x8805: return "eigrp-external-route (remote-proto, remote-metric)";
	case 0x0009: return "source-AS";
	case 0x010b: return "vrf-route-import";
	case 0x000a: case 0xf10a: return "l2vpn-id";
	default: return "unknown extd community typecode";
	}
}

/* tcpdump's l2vpn_encaps_values. */
static const char *l2_encaps(uint8_t e)
{
	static const char *const n[] = {
		"Reserved", "Frame Relay", "ATM AAL5 SDU VCC transport",
		"ATM transparent cell transport", "Ethernet (VLAN) Tagged Mode", "Ethernet Raw Mode",
		"Cisco HDLC", "PPP", "SONET/SDH Circuit Emulation Service over MPLS",
		"ATM n-to-one VCC cell transport", "ATM n-to-one VPC cell transport",
		"IP layer 2 transport", NULL, NULL, NULL, "Frame Relay Port mode", NULL,
		"Structure-agnostic E1 over packet", "Structure-agnostic T1 (DS1) over packet", "VPLS",
		"Structure-agnostic T3 (DS3) over packet",
		"Nx64kbit/s Basic Service using Structure-aware", NULL, NULL, NULL, "Frame Relay DLCI"};
	if (e < 26 && n[e])
		return n[e];
	switch (e) {
	case 40: return "Structure-agnostic E3 over packet";
	case 41: return "Octet-aligned playload for Structure-agnostic DS1 circuits";
	case 42: return "E1 Nx64kbit/s with CAS using Structure-aware";
	case 43: return "DS1 (ESF) Nx64kbit/s with CAS using Structure-aware";
	case 44: return "DS1 (SF) Nx64kbit/s with CAS using Structure-aware";
	default: return "unknown encaps";
	}
}

/* tcpdump's bgp_extd_comm_encap_tunnel_values. */
static const char *tunnel(uint16_t t)
{
	static const char *const n[] = {
		NULL, "L2TPv3 over IP", "GRE", "Transmit Tunnel", "IPsec", "IP in IP with IPsec",
		"MPLS in IP with IPsec", "IP in IP", "VXLAN", "NVGRE", "MPLS", "MPLS in GRE",
		"VXLAN GPE", "MPLS in UDP", "IPv6", "SR TE", "Bare", "SR"};
	return t < 18 && n[t] ? n[t] : "unknown encaps";
}

/* An OSPF route type's name (bgp_extd_comm_ospf_rtype_values). */
static void ospf_rtype(nlab_pctx *c, uint8_t t)
{
	static const char *const n[] = {NULL, "Router", "Network", "Summary", NULL, "External",
					NULL, "NSSA External"};
	if (t < 8 && n[t])
		nlab_p_puts(c, n[t]);
	else if (t == 129)
		nlab_p_puts(c, "MPLS-VPN Sham");
	else
		nlab_strbuf_printf(c->out, "unknown (0x%02x)", t);
}

/* One extended community's value (8 bytes at OFF). */
static void ext_value(nlab_pctx *c, nlab_view v, size_t off)
{
	uint16_t t = nlab_get16(v, off);
	switch (t) {
	case 0x0002: case 0x0003: case 0x000a:
		nlab_strbuf_printf(c->out, "%u:%u (= ", nlab_get16(v, off + 2), nlab_get32(v, off + 4));
		nlab_p_ip4(c, v, off + 4);
		nlab_p_puts(c, ")");
		return;
	case 0x0102: case 0x0103: case 0xf10a: case 0x010b:
		nlab_p_ip4(c, v, off + 2);
		nlab_strbuf_printf(c->out, ":%u", nlab_get16(v, off + 6));
		return;
	case 0x0202: case 0x0203:
		nlab_strbuf_printf(c->out, "%u:%u", nlab_get32(v, off + 2), nlab_get16(v, off + 6));
		return;
	case 0x4004: {
		uint32_t i = nlab_get32(v, off + 4);
		float f;
		memcpy(&f, &i, sizeof f);
		float m = f * 8 / 1000000;
		nlab_strbuf_printf(c->out, "bandwidth: %.3f Mbps", (double)m);
		return;
	}
	case 0x0005: case 0x0105: case 0x0205: case 0x8005: case 0x0107: case 0x8001:
		nlab_p_ip4(c, v, off + 2);
		return;
	case 0x0306: case 0x8000: {
		uint8_t rt = nlab_get8(v, off + 6);
		nlab_p_puts(c, "area:");
		nlab_p_ip4(c, v, off + 2);
		nlab_p_puts(c, ", router-type:");
		ospf_rtype(c, rt);
		nlab_strbuf_printf(c->out, ", metric-type:%s%s", nlab_get8(v, off + 7) & 1 ? "E2" : "",
				   rt == 5 || rt == 7 ? "E1" : "");
		return;
	}
	case 0x800a:
		nlab_strbuf_printf(c->out, "%s Control Flags [0x%02x]:MTU %u", l2_encaps(nlab_get8(v, off + 2)),
				   nlab_get8(v, off + 3), nlab_get16(v, off + 4));
		return;
	case 0x0009:
		nlab_strbuf_printf(c->out, "AS %u", nlab_get16(v, off + 2));
		return;
	case 0x030c:
		nlab_strbuf_printf(c->out, "Tunnel type: %s", tunnel(nlab_get16(v, off + 6)));
		return;
	default:
		for (int i = 2; i < 8; i++)
			nlab_strbuf_printf(c->out, "%02x", nlab_get8(v, off + i));
	}
}

int nlab_p_bgp_extcomm(nlab_pctx *c, nlab_view v, size_t off, uint32_t len)
{
	static const nlab_bitname flags[] = {{0x8000, "vendor-specific"}, {0x4000, "non-transitive"},
					     {0, NULL}};
	if (len % 8) {
		nlab_p_puts(c, "invalid len");
		return NLAB_P_OK;
	}
	for (uint32_t i = 0; i < len; i += 8) {
		uint16_t t = nlab_get16(v, off + i);
		nlab_strbuf_printf(c->out, "\n\t    %s (0x%04x), Flags [", ext_name(t), t);
		nlab_p_bits(c, flags, t, ", ", "none");
		nlab_p_puts(c, "]: ");
		ext_value(c, v, off + i);
	}
	return NLAB_P_OK;
}
