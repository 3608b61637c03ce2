/* decode.c - finding a packet's layers: link, network, transport. */
#include "decode.h"

#include <arpa/inet.h>
#include <string.h>

/* A walk down one packet. */
typedef struct walk {
	nlab_view v; /* the bytes still in play (an IP datagram's end
			clips it, leaving out Ethernet padding) */
	nlab_decoded *d;
} walk;

enum { MAX_EXT6 = 16 }; /* IPv6 extension headers followed at most */

static const char *const layer_names[NLAB_L_COUNT] = {
    "eth", "vlan", "sll", "loop", "arp",   "ip",
    "ip6", "tcp",  "udp", "icmp", "icmp6",
};

/* The name of layer L. */
const char *nlab_layer_name(int l)
{
	return l >= 0 && l < NLAB_L_COUNT ? layer_names[l] : "?";
}

/* Records layer L starting at OFF. */
static void add(walk *w, int l, size_t off)
{
	w->d->off[l] = (uint32_t)off;
	w->d->present |= (uint16_t)(1u << l);
	w->d->order[w->d->nlayers++] = (uint8_t)l;
}

/* Ends the walk at layer L: its bytes are missing or contradict it. */
static void fail(walk *w, int l, int status)
{
	w->d->status = (uint8_t)status;
	w->d->bad = (uint8_t)l;
}

/* Ends the walk at layer L, whose fixed header at OFF the capture cut
 * short: the layer is there with what was captured, if anything. */
static void cut(walk *w, int l, size_t off)
{
	if (nlab_view_has(w->v, off, 1))
		add(w, l, off);
	w->d->payload_off = (uint32_t)w->v.len;
	w->d->payload_len = 0;
	fail(w, l, NLAB_DECODE_TRUNCATED);
}

/* Ends the walk: the payload runs from OFF to the end of the view. */
static void payload(walk *w, size_t off)
{
	if (off > w->v.len)
		off = w->v.len;
	w->d->payload_off = (uint32_t)off;
	w->d->payload_len = (uint32_t)(w->v.len - off);
}

/* Clips the walk's view to END (an IP datagram's last byte + 1). */
static void clip(walk *w, size_t end)
{
	if (end < w->v.len)
		w->v.len = end;
	w->d->net_end = (uint32_t)w->v.len;
}

static void network(walk *w, uint16_t type, size_t off);
static void transport(walk *w, int proto, size_t off);

/* TCP: 20 fixed bytes, then options up to the data offset. */
static void tcp(walk *w, size_t off)
{
	if (!nlab_view_has(w->v, off, 20))
		return cut(w, NLAB_L_TCP, off);
	add(w, NLAB_L_TCP, off);
	size_t hl = (size_t)(nlab_get8(w->v, off + 12) >> 4) * 4;
	payload(w, off + (hl < 20 ? 20 : hl));
	if (hl < 20)
		return fail(w, NLAB_L_TCP, NLAB_DECODE_INVALID);
	if (!nlab_view_has(w->v, off, hl))
		return fail(w, NLAB_L_TCP, NLAB_DECODE_TRUNCATED);
}

/* UDP: 8 bytes; its length field, when sane, ends the datagram. */
static void udp(walk *w, size_t off)
{
	if (!nlab_view_has(w->v, off, 8))
		return cut(w, NLAB_L_UDP, off);
	add(w, NLAB_L_UDP, off);
	uint16_t ulen = nlab_get16(w->v, off + 4);
	if (ulen >= 8)
		clip(w, off + ulen);
	payload(w, off + 8);
}

/* The fixed length of ICMPv6 message TYPE (neighbour discovery and MLD
 * carry addresses; the rest have 8 bytes before their data). */
static size_t icmp6_fixed(int type)
{
	switch (type) {
	case 134:
		return 16;
	case 130:
	case 131:
	case 132:
	case 135:
	case 136:
		return 24;
	case 137:
		return 40;
	default:
		return 8;
	}
}

/* ICMP or ICMPv6 (layer L): type, code, checksum, 4 more bytes, and
 * for some ICMPv6 messages an address or two. */
static void icmp(walk *w, int l, size_t off)
{
	size_t n = l == NLAB_L_ICMP6 ? icmp6_fixed(nlab_get8(w->v, off)) : 8;
	if (!nlab_view_has(w->v, off, n))
		return cut(w, l, off);
	add(w, l, off);
	payload(w, off + (n > 8 ? n : 8));
	if (n > 8)
		w->d->payload_len = 0; /* options follow, not data */
}

/* The transport header of protocol PROTO at OFF. */
static void transport(walk *w, int proto, size_t off)
{
	w->d->proto = (uint8_t)proto;
	switch (proto) {
	case 6:
		return tcp(w, off);
	case 17:
		return udp(w, off);
	case 1:
		return icmp(w, NLAB_L_ICMP, off);
	case 58:
		return icmp(w, NLAB_L_ICMP6, off);
	default:
		return payload(w, off);
	}
}

/* IPv4: checks version and lengths; later fragments carry no transport
 * header. */
static void ip4(walk *w, size_t off)
{
	uint8_t vhl = nlab_get8(w->v, off);
	if (nlab_view_has(w->v, off, 1) && vhl >> 4 != 4)
		return fail(w, NLAB_L_IP, NLAB_DECODE_INVALID);
	if (!nlab_view_has(w->v, off, 20))
		return cut(w, NLAB_L_IP, off);
	size_t hl = (size_t)(vhl & 15) * 4, tot = nlab_get16(w->v, off + 2);
	if (tot == 0) /* a TSO send, as tcpdump guesses: the capture's length */
		tot = w->v.len - off;
	add(w, NLAB_L_IP, off);
	if (hl < 20 || tot < hl) {
		payload(w, w->v.len);
		return fail(w, NLAB_L_IP, NLAB_DECODE_INVALID);
	}
	clip(w, off + tot);
	w->d->l4_len = (uint32_t)(tot - hl);
	w->d->proto = nlab_get8(w->v, off + 9);
	payload(w, off + hl);
	if (!nlab_view_has(w->v, off, hl))
		return fail(w, NLAB_L_IP, NLAB_DECODE_TRUNCATED);
	if ((nlab_get16(w->v, off + 6) & 0x1fff) == 0)
		transport(w, w->d->proto, off + hl);
}

/* The length of IPv6 extension header NH at OFF, 0 if NH is not one. */
static size_t ext6_len(walk *w, int nh, size_t off)
{
	switch (nh) {
	case 0:
	case 43:
	case 60: /* hop-by-hop, routing, destination */
		return ((size_t)nlab_get8(w->v, off + 1) + 1) * 8;
	case 44: /* fragment */
		return 8;
	case 51: /* authentication header */
		return ((size_t)nlab_get8(w->v, off + 1) + 2) * 4;
	default:
		return 0;
	}
}

/* IPv6: the fixed header, then extension headers up to the upper
 * protocol; a fragment other than the first carries no transport header. */
static void ip6(walk *w, size_t off)
{
	if (nlab_view_has(w->v, off, 1) && nlab_get8(w->v, off) >> 4 != 6)
		return fail(w, NLAB_L_IP6, NLAB_DECODE_INVALID);
	if (!nlab_view_has(w->v, off, 40))
		return cut(w, NLAB_L_IP6, off);
	add(w, NLAB_L_IP6, off);
	size_t plen = nlab_get16(w->v, off + 4), p = off + 40, n;
	clip(w, plen ? off + 40 + plen : w->v.len);
	int nh = nlab_get8(w->v, off + 6), first = 1;
	for (int i = 0; i < MAX_EXT6 && (n = ext6_len(w, nh, p)) != 0; i++) {
		if (!nlab_view_has(w->v, p, 2) || !nlab_view_has(w->v, p, n)) {
			payload(w, w->v.len);
			return fail(w, NLAB_L_IP6, NLAB_DECODE_TRUNCATED);
		}
		if (nh == 44) {
			w->d->frag6 = (uint32_t)p;
			first = (nlab_get16(w->v, p + 2) & 0xfff8) == 0;
		}
		nh = nlab_get8(w->v, p);
		p += n;
	}
	w->d->l4_len =
	    plen >= p - off - 40 ? (uint32_t)(plen - (p - off - 40)) : 0;
	w->d->proto = (uint8_t)nh;
	if (first)
		return transport(w, nh, p);
	payload(w, p);
}

/* ARP (and RARP): 8 fixed bytes, then the four addresses. */
static void arp(walk *w, size_t off)
{
	if (!nlab_view_has(w->v, off, 8))
		return cut(w, NLAB_L_ARP, off);
	add(w, NLAB_L_ARP, off);
	size_t n = 8 + 2 * ((size_t)nlab_get8(w->v, off + 4) +
			    nlab_get8(w->v, off + 5));
	payload(w, w->v.len);
	if (!nlab_view_has(w->v, off, n))
		return fail(w, NLAB_L_ARP, NLAB_DECODE_TRUNCATED);
	w->d->payload_off = (uint32_t)(off + n);
	w->d->payload_len = 0; /* what follows is Ethernet padding */
}

/* The network layer of EtherType TYPE at OFF. */
static void network(walk *w, uint16_t type, size_t off)
{
	w->d->link_len = (uint32_t)off;
	switch (type) {
	case 0x0800:
		return ip4(w, off);
	case 0x86dd:
		return ip6(w, off);
	case 0x0806:
	case 0x8035:
		return arp(w, off);
	default:
		return payload(w, off);
	}
}

/* An IP datagram without link layer: the version says which. */
static void raw(walk *w, size_t off)
{
	w->d->link_len = (uint32_t)off;
	if (!nlab_view_has(w->v, off, 1))
		return cut(w, NLAB_L_IP, off);
	switch (nlab_get8(w->v, off) >> 4) {
	case 4:
		return ip4(w, off);
	case 6:
		return ip6(w, off);
	default:
		payload(w, off);
		return fail(w, NLAB_L_IP, NLAB_DECODE_INVALID);
	}
}

/* Ethernet II, with any 802.1Q / 802.1ad tags; an 802.3 length in the
 * type field ends the walk (LLC is not decoded). */
static void eth(walk *w)
{
	if (!nlab_view_has(w->v, 0, 14))
		return cut(w, NLAB_L_ETH, 0);
	add(w, NLAB_L_ETH, 0);
	size_t off = 12;
	uint16_t type = nlab_get16(w->v, off);
	for (int i = 0;
	     i < 8 && (type == 0x8100 || type == 0x88a8 || type == 0x9100);
	     i++) {
		if (!nlab_view_has(w->v, off, 6))
			return cut(w, NLAB_L_VLAN, off);
		if (!nlab_decoded_has(w->d, NLAB_L_VLAN))
			add(w, NLAB_L_VLAN, off);
		off += 4;
		type = nlab_get16(w->v, off);
	}
	if (type <= 1500) {
		w->d->link_len = (uint32_t)off + 2;
		return payload(w, off + 2);
	}
	network(w, type, off + 2);
}

/* Linux cooked capture, v1 (16 bytes) or v2 (20 bytes). */
static void sll(walk *w, int v2)
{
	size_t n = v2 ? 20 : 16;
	if (!nlab_view_has(w->v, 0, n))
		return cut(w, NLAB_L_SLL, 0);
	add(w, NLAB_L_SLL, 0);
	w->d->sll2 = (uint8_t)v2;
	network(w, nlab_get16(w->v, v2 ? 0 : 14), n);
}

/* BSD loopback: a 4-byte address family in either byte order. */
static void loop(walk *w)
{
	if (!nlab_view_has(w->v, 0, 4))
		return cut(w, NLAB_L_LOOP, 0);
	add(w, NLAB_L_LOOP, 0);
	raw(w, 4);
}

/* A link header of HL bytes with no layer of its own before an IP
 * datagram (Solaris's ipnet, ...): its bytes are the link layer; one
 * cut short leaves the packet all payload. */
static void headed(walk *w, size_t hl)
{
	if (!nlab_view_has(w->v, 0, hl))
		return payload(w, 0);
	raw(w, hl);
}

/* Linux netfilter log messages: a 4-byte header, then TLVs (lengths
 * in the capturing host's order, little-endian here, padded to 4) up
 * to the payload's (type 9), the IP packet. */
static void nflog(walk *w)
{
	size_t off = 4;
	if (!nlab_view_has(w->v, 0, 4) || nlab_get8(w->v, 1) != 0)
		return payload(w, 0);
	while (nlab_view_has(w->v, off, 4)) {
		size_t size = nlab_get16le(w->v, off);
		size = (size + 3) & ~(size_t)3;
		if (size < 4 || !nlab_view_has(w->v, off, size))
			break;
		if (nlab_get16le(w->v, off + 2) == 9)
			return raw(w, off + 4);
		off += size;
	}
	payload(w, 0);
}

/* Decodes packet (H, DATA) into *D. */
void nlab_decode(const nlab_pkthdr *h, const uint8_t *data, nlab_decoded *d)
{
	memset(d, 0, sizeof *d);
	walk w = {{data, h->caplen}, d};
	d->net_end = h->caplen;
	switch (h->linktype) {
	case NLAB_DLT_EN10MB:
		eth(&w);
		break;
	case NLAB_DLT_RAW:
	case NLAB_DLT_RAW14:
	case NLAB_DLT_RAW101:
		raw(&w, 0);
		break;
	case NLAB_DLT_IPV4:
		d->link_len = 0;
		ip4(&w, 0);
		break;
	case NLAB_DLT_IPV6:
		d->link_len = 0;
		ip6(&w, 0);
		break;
	case NLAB_DLT_LINUX_SLL:
		sll(&w, 0);
		break;
	case NLAB_DLT_LINUX_SLL2:
		sll(&w, 1);
		break;
	case NLAB_DLT_NULL:
	case NLAB_DLT_LOOP:
		loop(&w);
		break;
	case NLAB_DLT_IPNET:
		headed(&w, 24);
		break;
	case NLAB_DLT_NFLOG:
		nflog(&w);
		break;
	default:
		payload(&w, 0);
		break;
	}
	if (!nlab_decoded_has(d, NLAB_L_IP) && !nlab_decoded_has(d, NLAB_L_IP6))
		d->l4_len = d->payload_len;
}

/* tcpdump's TCP flag letters, in print-tcp.c's tcp_flag_values order. */
void nlab_tcp_flags_text(uint8_t f, char *out)
{
	static const struct {
		uint8_t bit;
		char c;
	} letters[] = {
	    {0x01, 'F'}, {0x02, 'S'}, {0x04, 'R'}, {0x08, 'P'},
	    {0x10, '.'}, {0x20, 'U'}, {0x40, 'E'}, {0x80, 'W'},
	};
	char *p = out;
	for (size_t i = 0; i < sizeof letters / sizeof letters[0]; i++)
		if (f & letters[i].bit)
			*p++ = letters[i].c;
	if (p == out)
		memcpy(p, "none", 4), p += 4;
	*p = '\0';
}

/* Dotted-quad text of the IPv4 address at OFF. */
int nlab_ip4_text(nlab_view v, size_t off, char *out)
{
	char *p = out;
	for (int i = 0; i < 4; i++) {
		unsigned b = nlab_get8(v, off + (size_t)i);
		if (b >= 100)
			*p++ = (char)('0' + b / 100);
		if (b >= 10)
			*p++ = (char)('0' + b / 10 % 10);
		*p++ = (char)('0' + b % 10);
		*p++ = '.';
	}
	p[-1] = '\0';
	return (int)(p - 1 - out);
}

/* RFC 5952 text of the IPv6 address at OFF. */
int nlab_ip6_text(nlab_view v, size_t off, char *out)
{
	uint8_t a[16];
	nlab_getbytes(v, off, a, sizeof a);
	if (!inet_ntop(AF_INET6, a, out, 46))
		out[0] = '\0';
	return (int)strlen(out);
}

/* "aa:bb:cc" text of N bytes at OFF. */
int nlab_mac_text(nlab_view v, size_t off, size_t n, char *out)
{
	static const char hex[] = "0123456789abcdef";
	char *p = out;
	for (size_t i = 0; i < n; i++) {
		uint8_t b = nlab_get8(v, off + i);
		*p++ = hex[b >> 4];
		*p++ = hex[b & 15];
		*p++ = ':';
	}
	if (p > out)
		p--;
	*p = '\0';
	return (int)(p - out);
}
