/* print_ether.c - Ethernet, 802.1Q and Linux cooked (SLL, SLL2) headers,
 * as tcpdump's print-ether.c and print-sll.c write them. */
#include "print_priv.h"

#include <net/if.h>
#include <stdio.h>

const char *nlab_p_ethertype_name(uint16_t t)
{
	switch (t) {
	case 0x0800: return "IPv4";
	case 0x0806: return "ARP";
	case 0x86dd: return "IPv6";
	case 0x8100: return "802.1Q";
	case 0x88a8: return "802.1Q-QinQ";
	case 0x9100: return "802.1Q-9100";
	case 0x9200: return "802.1Q-9200";
	case 0x8035: return "Reverse ARP";
	case 0x88cc: return "LLDP";
	case 0xfefe: return "OSI";
	case 0x00fe: return "GRE-OSI";
	case 0x8847: return "MPLS unicast";
	case 0x8848: return "MPLS multicast";
	case 0x8863: return "PPPoE D";
	case 0x8864: return "PPPoE S";
	case 0x888e: return "EAPOL";
	case 0x9000: return "Loopback";
	case 0x8809: return "Slow Protocols";
	case 0x88f7: return "PTP";
	case 0x6558: return "TEB";
	case 0x880b: return "PPP";
	case 0x0707: return "GeoNet (old)";
	case 0x8947: return "GeoNet";
	case 0x1111: return "CALM FAST";
	case 0x88a2: return "AoE";
	case 0x6003: return "DN";
	case 0x88e5: return "802.1AE MACsec";
	case 0x0200: return "PUP";
	case 0x0600: return "NS";
	case 0x0500: return "Sprite";
	case 0x1000: return "Trail";
	case 0x6001: return "MOP DL";
	case 0x6002: return "MOP RC";
	case 0x6004: return "LAT";
	case 0x6007: return "SCA";
	case 0x8038: return "Lanbridge";
	case 0x803c: return "DEC DNS";
	case 0x803e: return "DEC DTS";
	case 0x805b: return "VEXP";
	case 0x805c: return "VPROD";
	case 0x809b: return "Appletalk";
	case 0x80f3: return "Appletalk ARP";
	case 0x8137: return "IPX";
	case 0x8808: return "MPCP";
	case 0x8899: return "Realtek protocols";
	case 0x886f: return "MS NLB heartbeat";
	case 0x8870: return "Jumbo";
	case 0x894f: return "NSH";
	case 0xabcd: return "CFM (old)";
	case 0x8902: return "CFM";
	case 0x893a: return "IEEE1905.1";
	case 0x88ca: return "TIPC";
	case 0xd28b: return "Arista Vendor Specific Protocol";
	default: return NULL;
	}
}

/* "ethertype IPv4 (0x0800)", or the -q form "IPv4". */
static void put_type(nlab_pctx *c, uint16_t t)
{
	const char *n = nlab_p_ethertype_name(t);
	if (c->o->q && n)
		nlab_p_puts(c, n);
	else if (c->o->q)
		nlab_strbuf_printf(c->out, "Unknown Ethertype (0x%04x)", t);
	else
		nlab_strbuf_printf(c->out, "ethertype %s (0x%04x)", n ? n : "Unknown", t);
}

int nlab_p_ethertype(nlab_pctx *c, uint16_t type, nlab_view v, uint32_t len,
		     int *known)
{
	*known = 1;
	switch (type) {
	case 0x88f7:
		return nlab_p_ptp(c, v, len);
	case 0x0800:
		return nlab_p_ip(c, v, len);
	case 0x86dd:
		return nlab_p_ip6(c, v, len);
	case 0x0806:
	case 0x8035: /* RARP: the same printer, as tcpdump's */
		return nlab_p_arp(c, v, len);
	case 0x80f3:
		return nlab_p_aarp(c, v, len);
	case 0x88cc:
		return nlab_p_lldp(c, v, len);
	case 0x8809:
		return nlab_p_slow(c, v, len);
	case 0x0707:
	case 0x8947:
	case 0x1111:
		return nlab_p_its(c, type, v, len, nlab_view_sub(v, 0, 0));
	case 0x88a2:
		return nlab_p_aoe(c, v, len);
	case 0x888e:
		return nlab_p_eapol(c, v, len);
	case 0x8847:
	case 0x8848:
		return nlab_p_mpls(c, v, len);
	case 0x6003:
		return nlab_p_decnet(c, v, len);
	case 0xfefe:
		return nlab_p_isoclns_ether(c, v, len, known);
	case 0x8137:
		nlab_p_puts(c, "(NOV-ETHII) ");
		return nlab_p_ipx(c, v, len);
	case 0x886f:
		return nlab_p_msnlb(c, v);
	case 0x88ca:
		return nlab_p_tipc(c, v);
	case 0x9000:
		return nlab_p_loopback(c, v, len);
	case 0x8863:
	case 0x8864:
	case 0x3c12:
	case 0x3c13:
		return nlab_p_pppoe(c, v, len);
	case 0x880b: {
		size_t hl;
		if (!len)
			return NLAB_P_OK;
		nlab_p_puts(c, ": ");
		return nlab_p_ppp_frame(c, v, len, &hl);
	}
	default:
		*known = 0;
		return NLAB_P_OK;
	}
}

/* "src > dst, " */
static void put_addrs(nlab_pctx *c, nlab_view v)
{
	nlab_p_mac(c, v, 6, 6);
	nlab_p_puts(c, " > ");
	nlab_p_mac(c, v, 0, 6);
	nlab_p_puts(c, ", ");
}

/* -e: the type T, then ", length LEN: " the first time, else ", ". */
static void put_type_len(nlab_pctx *c, uint16_t t, uint32_t len, int *said)
{
	put_type(c, t);
	if (*said)
		nlab_p_puts(c, ", ");
	else
		nlab_strbuf_printf(c->out, ", length %u: ", len);
	*said = 1;
}

/* Whether T is one of the VLAN tag types. */
static int is_vlan(uint16_t t)
{
	return t == 0x8100 || t == 0x88a8 || t == 0x9100 || t == 0x9200;
}

/* The payload after the final type; prints raw bytes when unknown. */
static int ether_payload(nlab_pctx *c, nlab_view frame, uint16_t type,
			 size_t off, uint32_t len, uint32_t wire)
{
	int known;
	nlab_view p = nlab_view_from(frame, off);
	if (type == 0x0707 || type == 0x8947 || type == 0x1111) /* they name the source */
		return nlab_p_its(c, type, p, len, nlab_view_sub(frame, 6, 6));
	int r = nlab_p_ethertype(c, type, p, len, &known);
	if (known)
		return r;
	if (!c->o->e) {
		put_addrs(c, frame);
		put_type(c, type);
		nlab_strbuf_printf(c->out, ", length %u: ", wire);
	}
	nlab_p_default(c, p);
	return NLAB_P_OK;
}

/* An 802.3 frame: its type field is the length of what follows, which
 * tcpdump believes when it is shorter than the frame (the padding of a
 * short frame is cut off). With -e the header says "802.3, length N: "
 * with that length, or just "802.3" after a VLAN tag said the frame's.
 * What follows is an 802.2 LLC header (print_llc.c). */
static int ether_8023(nlab_pctx *c, nlab_view v, uint16_t field, size_t off,
		      uint32_t rest, int said_len, size_t *hdrlen)
{
	if (field < rest)
		rest = field;
	nlab_view p = nlab_view_from(v, off);
	if (p.len > rest)
		p.len = rest;
	if (c->o->e) {
		nlab_p_puts(c, "802.3");
		if (!said_len)
			nlab_strbuf_printf(c->out, ", length %u: ", rest);
	}
	int hl;
	int r = nlab_p_llc(c, p, rest, v, &hl);
	if (hl < 0) {
		nlab_p_default(c, p);
		hl = -hl;
	}
	*hdrlen = off + (size_t)hl;
	return r;
}

/* Arista's header after type 0xd28b at *OFF (REST bytes on the wire in
 * a frame of WIRE bytes): NLAB_P_STOP with *OFF and *REST past it and
 * the type after it when an EtherType follows, else how the frame ends
 * (its raw bytes when the subtype is unknown). */
static int arista(nlab_pctx *c, nlab_view v, size_t *off, uint32_t *rest, uint32_t wire,
		  size_t *hdrlen)
{
	if (!nlab_view_has(v, *off, 2) || *rest < 2) {
		nlab_p_puts(c, "[|arista]");
		*hdrlen = *off + (v.len - *off < *rest ? v.len - *off : *rest);
		return NLAB_P_OK;
	}
	put_type(c, 0xd28b);
	nlab_strbuf_printf(c->out, ", length %u: ", wire);
	size_t used;
	nlab_view p = nlab_view_from(v, *off);
	int r = nlab_p_arista(c, p, &used);
	if (r != NLAB_P_OK)
		return r;
	if (!used) {
		if (!c->o->e) {
			put_addrs(c, v);
			put_type(c, 0xd28b);
			nlab_strbuf_printf(c->out, ", length %u: ", wire);
		}
		nlab_p_default(c, p);
		return NLAB_P_OK;
	}
	if (!nlab_view_has(v, *off + used, 2) || *rest < used + 2)
		return NLAB_P_TRUNC;
	*off += used + 2, *rest -= (uint32_t)used + 2;
	return NLAB_P_STOP;
}

/* MACsec after its type (0x88e5) at *OFF - 2 of *V: -1 with *V, *OFF
 * and *REST moved to the EtherType inside when it is in clear, else how
 * the frame ends. */
static int macsec(nlab_pctx *c, nlab_view *v, size_t *off, uint32_t *rest, uint32_t wire,
		  int *said_len, size_t *hdrlen)
{
	if (c->o->e) {
		put_type(c, 0x88e5);
		nlab_strbuf_printf(c->out, ", length %u: ", wire);
		*said_len = 1;
	}
	size_t cap = v->len;
	int r = nlab_p_macsec(c, *v, off, rest, &cap);
	if (r == NLAB_P_ETRUNC || r == NLAB_P_STOP) {
		*hdrlen = v->len;
		return r == NLAB_P_STOP ? NLAB_P_OK : NLAB_P_ETRUNC;
	}
	*hdrlen = *off;
	if (r != -1)
		return r;
	if (cap < v->len)
		v->len = cap;
	if (!nlab_view_has(*v, *off, 2))
		return NLAB_P_TRUNC; /* reading the type inside: "[|ether]" */
	return -1;
}

/* An Ethernet frame, with a switch tag of TAGLEN bytes printed by TAG
 * (always, as tcpdump's ether_common_print does) after its addresses
 * when TAG is not NULL. */
static int ether_frame(nlab_pctx *c, nlab_view v, uint32_t len, size_t *hdrlen,
		       size_t taglen, nlab_switch_tag_fn *tag)
{
	if (v.len < 14 + taglen || len < 14 + taglen) {
		*hdrlen = v.len;
		return NLAB_P_ETRUNC;
	}
	uint16_t type = nlab_get16(v, 12 + taglen);
	int said_len = 0;
	if (c->o->e)
		put_addrs(c, v);
	if (tag)
		tag(c, nlab_view_sub(v, 12, taglen));
	size_t off = 14 + taglen;
	uint32_t rest = len - 14 - (uint32_t)taglen;
	if (type == 0x88e5) {
		int r = macsec(c, &v, &off, &rest, len, &said_len, hdrlen);
		if (r >= 0)
			return r;
		type = nlab_get16(v, off);
		off += 2, rest = rest < 2 ? 0 : rest - 2;
	}
again:
	while (is_vlan(type)) {
		if (!nlab_view_has(v, off, 4) || rest < 4) {
			c->proto = "vlan";
			*hdrlen = v.len;
			return NLAB_P_ETRUNC;
		}
		uint16_t tci = nlab_get16(v, off);
		if (c->o->e) {
			put_type_len(c, type, len, &said_len);
			nlab_strbuf_printf(c->out, "vlan %u, p %u%s, ", tci & 0xfff, tci >> 13,
					   tci & 0x1000 ? ", DEI" : "");
		}
		type = nlab_get16(v, off + 2);
		off += 4, rest -= 4;
	}
	*hdrlen = off;
	if (type <= 1500)
		return ether_8023(c, v, type, off, rest, said_len, hdrlen);
	if (type == 0xd28b) {
		int r = arista(c, v, &off, &rest, len, hdrlen);
		if (r != NLAB_P_STOP)
			return r;
		type = nlab_get16(v, off - 2);
		said_len = 0; /* tcpdump's recurse says the length again */
		goto again;
	}
	if (c->o->e)
		put_type_len(c, type, len, &said_len);
	return ether_payload(c, v, type, off, rest, len);
}

int nlab_p_ether(nlab_pctx *c, nlab_view v, uint32_t len, size_t *hdrlen)
{
	c->proto = "ether";
	return ether_frame(c, v, len, hdrlen, 0, NULL);
}

int nlab_p_ether_tagged(nlab_pctx *c, nlab_view v, uint32_t len, size_t *hdrlen,
			size_t taglen, nlab_switch_tag_fn *tag)
{
	return ether_frame(c, v, len, hdrlen, taglen, tag);
}

/* tcpdump's name of an SLL packet type. */
static const char *sll_pkttype(uint16_t t)
{
	static const char *names[] = {"In", "B", "M", "P", "Out"};
	return t < 5 ? names[t] : "?";
}

/* The end of a cooked header's -e part: "ethertype IPv4 (0x0800),
 * length 84: " (802.3 and 802.2 for the Linux pseudo-types 1 and 4). */
static void cooked_type_len(nlab_pctx *c, uint16_t proto, uint32_t len)
{
	if (proto <= 1500)
		nlab_strbuf_printf(c->out, proto == 1 ? "802.3" : proto == 4 ? "802.2"
				   : "ethertype Unknown (0x%04x)", proto);
	else
		put_type(c, proto);
	nlab_strbuf_printf(c->out, ", length %u: ", len);
}

/* The -e part of a cooked header: "In aa:bb:.. ethertype IPv4 (0x0800),
 * length 84: " with the fields at the given offsets. */
static void sll_header(nlab_pctx *c, nlab_view v, uint16_t pkttype,
		       uint16_t halen, size_t addr, uint16_t proto, uint32_t len)
{
	nlab_strbuf_printf(c->out, "%3s ", sll_pkttype(pkttype));
	if (halen == 6) {
		nlab_p_mac(c, v, addr, 6);
		nlab_p_puts(c, " ");
	}
	if (!c->o->q)
		cooked_type_len(c, proto, len);
}

/* The header printer tcpdump calls again, without -e, before the raw
 * bytes of an EtherType it does not know. */
typedef void cooked_header_fn(nlab_pctx *c, nlab_view hdr, uint32_t len);

/* What follows a cooked header (HDR): PROTO's LEN bytes at V, after any
 * 802.1Q tags, as tcpdump's sll_print and sll2_print write them; adds
 * what tcpdump counts as link header to *HDRLEN. */
static int cooked_payload(nlab_pctx *c, nlab_view hdr, nlab_view v, uint16_t proto,
			  uint32_t len, size_t *hdrlen, cooked_header_fn *header)
{
	while (proto == 0x8100) {
		if (v.len < 4 || len < 4) { /* an explicit check: -X skips it */
			c->proto = "vlan";
			nlab_p_trunc(c);
			*hdrlen += v.len < len ? v.len : len;
			return NLAB_P_OK;
		}
		uint16_t tci = nlab_get16(v, 0);
		if (c->o->e)
			nlab_strbuf_printf(c->out, "vlan %u, p %u%s, ", tci & 0xfff, tci >> 13,
					   tci & 0x1000 ? ", DEI" : "");
		proto = nlab_get16(v, 2);
		if (proto <= 1500)
			proto = 4; /* 802.2 */
		const char *n = nlab_p_ethertype_name(proto);
		if (!c->o->q)
			nlab_strbuf_printf(c->out, "ethertype %s, ", n ? n : "Unknown");
		v = nlab_view_from(v, 4), len -= 4, *hdrlen += 4;
	}
	if (proto == 4) {
		int hl;
		int r = nlab_p_llc(c, v, len, (nlab_view){v.base, 0}, &hl);
		if (hl < 0)
			nlab_p_default(c, v);
		else
			*hdrlen += (size_t)hl;
		return r;
	}
	if (proto <= 1500) { /* Novell's 802.3 (1) or other: raw bytes */
		nlab_p_default(c, v);
		return NLAB_P_OK;
	}
	int known;
	int r = nlab_p_ethertype(c, proto, v, len, &known);
	if (!known && !c->o->e)
		header(c, hdr, len + (uint32_t)hdr.len);
	if (!known)
		nlab_p_default(c, v);
	return r;
}

/* sll_header of the SLL header HDR, for a frame of LEN bytes. */
static void sll_again(nlab_pctx *c, nlab_view hdr, uint32_t len)
{
	sll_header(c, hdr, nlab_get16(hdr, 0), nlab_get16(hdr, 4), 6,
		   nlab_get16(hdr, 14), len);
}

int nlab_p_sll(nlab_pctx *c, nlab_view v, uint32_t len, size_t *hdrlen)
{
	c->proto = "sll";
	*hdrlen = 16;
	if (v.len < 16) {
		*hdrlen = v.len;
		return NLAB_P_TRUNC;
	}
	uint16_t proto = nlab_get16(v, 14);
	if (c->o->e)
		sll_header(c, v, nlab_get16(v, 0), nlab_get16(v, 4), 6, proto, len);
	return cooked_payload(c, nlab_view_sub(v, 0, 16), nlab_view_from(v, 16),
			      proto, len - 16, hdrlen, sll_again);
}

/* The -e part of an SLL2 header: "ifindex 2 aa:bb:.. ethertype IPv4
 * (0x0800), length 84: " (the packet type went before, always). */
static void sll2_header(nlab_pctx *c, nlab_view v, uint16_t proto, uint32_t len)
{
	nlab_strbuf_printf(c->out, "ifindex %u ", nlab_get32(v, 4));
	if (nlab_get8(v, 11) == 6) {
		nlab_p_mac(c, v, 12, 6);
		nlab_p_puts(c, " ");
	}
	if (!c->o->q)
		cooked_type_len(c, proto, len);
}

/* sll2_header of the SLL2 header HDR, for a frame of LEN bytes. */
static void sll2_again(nlab_pctx *c, nlab_view hdr, uint32_t len)
{
	sll2_header(c, hdr, nlab_get16(hdr, 0), len);
}

int nlab_p_sll2(nlab_pctx *c, nlab_view v, uint32_t len, size_t *hdrlen)
{
	c->proto = "sll2";
	*hdrlen = 20;
	if (v.len < 20) {
		*hdrlen = v.len;
		return NLAB_P_TRUNC;
	}
	char name[IF_NAMESIZE] = "?";
	if (c->ifname && c->ifname[0])
		snprintf(name, sizeof name, "%s", c->ifname);
	else if (!if_indextoname(nlab_get32(v, 4), name))
		name[0] = '?', name[1] = '\0';
	nlab_strbuf_printf(c->out, "%-5s %-3s ", name, sll_pkttype(nlab_get8(v, 10)));
	uint16_t proto = nlab_get16(v, 0);
	if (c->o->e)
		sll2_header(c, v, proto, len);
	return cooked_payload(c, nlab_view_sub(v, 0, 20), nlab_view_from(v, 20),
			      proto, len - 20, hdrlen, sll2_again);
}
