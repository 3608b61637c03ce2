/* flows.c - tcpdump's table of TCP conversations (print-tcp.c's
 * tcp_seq_hash4/6), so that segments print relative sequence numbers.
 *
 * tcpdump consults the table only for a segment that reaches the point
 * of its TCP printer where it would print numbers: an unfragmented (or
 * first-fragment) IPv4/IPv6 datagram whose TCP header is captured, with
 * a valid data offset and the ACK flag. The same rules apply here. */
#include "print_priv.h"

#include <stdlib.h>
#include <string.h>

/* One conversation: addresses and ports in collating order; a slot
 * whose address size (key[36]) is 0 is empty. */
typedef struct flow {
	uint8_t key[37]; /* src, dst (16 bytes each), ports, address size */
	uint32_t seq, ack;
} flow;

#define RECENT 8

/* An open-addressing table (linear probing, the conversations kept in
 * the slots: one cache line a lookup) that doubles when half full, so a
 * lookup stays about one comparison however long the capture. */
struct nlab_flows {
	flow *slot;
	size_t nslots, count;
	flow *recent[RECENT]; /* the conversations found last: a segment
				 mostly belongs to one of the few open */
	uint64_t recent_hash[RECENT]; /* their keys' hashes */
	unsigned next;	      /* the place in recent to fill next */
};

#define FIRST_SLOTS 1024

nlab_flows *nlab_flows_new(void)
{
	nlab_flows *f = calloc(1, sizeof *f);
	if (f && !(f->slot = calloc(FIRST_SLOTS, sizeof *f->slot))) {
		free(f);
		return NULL;
	}
	if (f)
		f->nslots = FIRST_SLOTS;
	return f;
}

void nlab_flows_free(nlab_flows *f)
{
	if (!f)
		return;
	free(f->slot);
	free(f);
}

/* The offset after an MPLS label stack at OFF when the IPv4 or IPv6
 * packet print_mpls.c guesses follows it, or -1. */
static long mpls_skip(nlab_view v, size_t off)
{
	uint32_t e = 0;
	while (!(e & 0x100)) { /* bounded: each entry moves on 4 bytes */
		if (!nlab_view_has(v, off, 4))
			return -1;
		e = nlab_get32(v, off);
		off += 4;
	}
	uint8_t b = nlab_get8(v, off), l = e >> 12 < 4 ? (uint8_t)(e >> 12) : 4;
	if (l == 1 || !nlab_view_has(v, off, 1))
		return -1;
	int ver = l == 0 || l == 3 ? 4 : l == 2 ? 6 : b >= 0x45 && b <= 0x4f ? 4 : b >> 4 == 6 ? 6 : 0;
	return ver && b >> 4 == ver ? (long)off : -1;
}

/* The offset of the IPv4 or IPv6 packet in a PPP frame (DLT_PPP, and
 * inside PPPoE), or -1. */
static long ppp_skip(nlab_view v)
{
	uint16_t h = nlab_get16(v, 0);
	size_t off = h == 0xff03 || h == 0x0003 || h == 0x0103 ? 2 : 0;
	if (!nlab_view_has(v, 0, 4))
		return -1;
	uint16_t p = nlab_get8(v, off);
	if (p % 2)
		off++;
	else
		p = nlab_get16(v, off), off += 2;
	if (p == 0x0281 || p == 0x0283)
		return mpls_skip(v, off);
	int ver = p == 0x0021 || p == 0x002f || p == 0x0800 ? 4 : p == 0x0057 || p == 0x86dd ? 6 : 0;
	return ver && nlab_get8(v, off) >> 4 == ver && nlab_view_has(v, off, 1) ? (long)off : -1;
}

/* The offset after an Ethernet header whose type field is at OFF (and
 * its 802.1Q tags) when IPv4 or IPv6 (or MPLS and one of them) follows,
 * or -1. */
static long ether_skip(nlab_view v, size_t off)
{
	uint16_t t = nlab_get16(v, off);
	while (t == 0x8100 || t == 0x88a8 || t == 0x9100 || t == 0x9200) {
		off += 4;
		t = nlab_get16(v, off);
	}
	if (t == 0x8847 || t == 0x8848)
		return mpls_skip(v, off + 2);
	if ((t == 0x8864 || t == 0x3c13) && nlab_get8(v, off + 3) == 0) { /* a PPPoE session's */
		long in = ppp_skip(nlab_view_from(v, off + 8));
		return in < 0 ? -1 : in + (long)off + 8;
	}
	return (t == 0x0800 || t == 0x86dd) && nlab_view_has(v, off, 2) ? (long)off + 2 : -1;
}

/* HL, the length of a link header whose EtherType is at AT, when that
 * is IPv4's or IPv6's, or -1. */
static long typed_skip(nlab_view v, size_t at, size_t hl)
{
	uint16_t t = nlab_get16(v, at);
	return (t == 0x0800 || t == 0x86dd) && nlab_view_has(v, at, 2) ? (long)hl : -1;
}

/* The length of an ARCNET header (LINUX: Linux's) before IPv4 or
 * IPv6, or -1 (print_arcnet.c's layouts). */
static long arcnet_skip(nlab_view v, int linux_hdr)
{
	uint8_t t = nlab_get8(v, linux_hdr ? 4 : 2);
	int old = t == 240;
	if (t != 240 && t != 212 && t != 0xc4)
		return -1;
	if (linux_hdr)
		return old ? 5 : 8;
	if (old)
		return 3;
	int exc = nlab_get8(v, 3) == 0xff;
	uint8_t flag = nlab_get8(v, exc ? 7 : 3);
	if (flag && !(flag & 1))
		return -1; /* a middle fragment: not printed */
	return exc ? 10 : 6;
}

/* The offset of the IP header in a frame of link type LT, or -1. */
static long link_skip(nlab_view v, int lt)
{
	switch (lt) {
	case 1:
		return ether_skip(v, 12);
	case 281: /* Broadcom's tag after the addresses, or before them */
	case 282:
		return ether_skip(v, 16);
	case 284: /* Marvell DSA and EDSA: their tag after the addresses */
		return ether_skip(v, 16);
	case 285:
		return ether_skip(v, 20);
	case 12: case 14: case 101:
		return 0;
	case 258: /* Apple's PKTAP: its header's length, then its link type */
	case 149: {
		uint32_t hl = (uint32_t)nlab_get16le(v, 0) | (uint32_t)nlab_get16le(v, 2) << 16;
		int dlt = nlab_get16le(v, 8);
		if (hl < 108 || hl > v.len || nlab_get16le(v, 4) != 1 || nlab_get16le(v, 10) ||
		    nlab_get16le(v, 6) || dlt == 258 || dlt == 149)
			return -1;
		long in = link_skip(nlab_view_from(v, hl), dlt);
		return in < 0 ? -1 : (long)hl + in;
	}
	case 239: { /* NFLOG: IPv4 (2) or IPv6 (10) in its payload TLV */
		uint32_t len = UINT32_MAX;
		size_t at;
		if (v.len < 4 || (nlab_get8(v, 0) != 2 && nlab_get8(v, 0) != 10) || nlab_get8(v, 1))
			return -1;
		return nlab_p_nflog_payload(v, &len, &at);
	}
	case 226: /* Solaris's ipnet: IPv4 (2) or IPv6 (26) after 24 bytes */
		return nlab_get8(v, 1) == 2 || nlab_get8(v, 1) == 26 ? 24 : -1;
	case 9:
		return ppp_skip(v);
	case 113:
	case 8: /* SLIP's pseudo-header, and BSD/OS's */
	case 15:
		return 16;
	case 276:
		return 20;
	case 104: /* Cisco HDLC and IP over InfiniBand: an EtherType at 2, 40 */
		return typed_skip(v, 2, 4);
	case 242:
		return typed_skip(v, 40, 44);
	case 7:
	case 129:
		return arcnet_skip(v, lt == 129);
	case 105: /* IEEE 802.11, bare and after radiotap */
		return nlab_p_80211_ip_at(v, 0, 0);
	case 127:
		return nlab_p_radiotap_ip_at(v);
	case 119: /* Prism's 144 bytes, or AVS's header by its cookie */
	case 163: {
		uint32_t code = nlab_get32(v, 0);
		int avs = lt == 163 || code == 0x80211001 || code == 0x80211002;
		uint32_t hl = avs ? nlab_get32(v, 4) : 144;
		return hl < 8 || hl > v.len ? -1 : nlab_p_80211_ip_at(v, hl, 0);
	}
	default:
		return -1;
	}
}

/* Finds the TCP (or UDP: *PROTO) header after IPv4 header V; fills the key's addresses and
 * *CUT, the bytes the IP header says the datagram has. */
static long tcp_in_ip4(nlab_view v, uint32_t wire, uint8_t *src, uint8_t *dst,
		       uint32_t *cut, uint8_t *proto)
{
	if (!nlab_view_has(v, 0, 20) || nlab_get8(v, 0) >> 4 != 4 || wire < 20)
		return -1;
	uint32_t hl = (nlab_get8(v, 0) & 15) * 4u, len = nlab_get16(v, 2);
	*proto = nlab_get8(v, 9);
	if (hl < 20 || len < hl || (nlab_get16(v, 6) & 0x1fff) ||
	    (*proto != 6 && *proto != 17))
		return -1;
	nlab_getbytes(v, 12, src, 4);
	nlab_getbytes(v, 16, dst, 4);
	*cut = len;
	return hl;
}

/* The same after an IPv6 header (through HBH, DSTOPT, first fragments). */
static long tcp_in_ip6(nlab_view v, uint32_t wire, uint8_t *src, uint8_t *dst,
		       uint32_t *cut, uint8_t *proto)
{
	if (!nlab_view_has(v, 0, 40) || wire < 40 || nlab_get8(v, 0) >> 4 != 6)
		return -1;
	uint32_t plen = nlab_get16(v, 4);
	*cut = plen + 40;
	v = nlab_view_sub(v, 0, *cut < wire ? *cut : wire);
	uint8_t nh = nlab_get8(v, 6);
	size_t at = 40;
	for (int i = 0; i < 8 && nh != 6 && nh != 17; i++) {
		if (nh == 0 || nh == 60) {
			size_t n = ((size_t)nlab_get8(v, at + 1) + 1) * 8;
			if (!nlab_view_has(v, at, n))
				return -1;
			nh = nlab_get8(v, at), at += n;
		} else if (nh == 44) {
			if (!nlab_view_has(v, at, 8) || (nlab_get16(v, at + 2) & 0xfff8))
				return -1;
			nh = nlab_get8(v, at), at += 8;
		} else {
			return -1;
		}
	}
	if (nh != 6 && nh != 17)
		return -1;
	*proto = nh;
	nlab_getbytes(v, 8, src, 16);
	nlab_getbytes(v, 24, dst, 16);
	return (long)at;
}

/* A 64-bit hash of KEY, four bytes at a time. */
static uint64_t hash(const uint8_t *key)
{
	uint64_t h = 0x9e3779b97f4a7c15u;
	for (size_t i = 0; i + 4 <= 36; i += 4) {
		uint32_t w;
		memcpy(&w, key + i, 4);
		h = (h ^ w) * 0xff51afd7ed558ccdu;
		h ^= h >> 32;
	}
	return h ^ key[36];
}

/* The slot of KEY in the N slots at SLOT (a power of two): its own,
 * or the empty one where it would go. */
static flow *probe(flow *slot, size_t n, const uint8_t *key, uint64_t h)
{
	size_t i = h & (n - 1);
	while (slot[i].key[36] != 0 && memcmp(slot[i].key, key, sizeof slot[i].key) != 0)
		i = (i + 1) & (n - 1);
	return &slot[i];
}

/* Doubles F's slots (keeps the old ones if memory is short). */
static void grow(nlab_flows *f)
{
	size_t n = f->nslots * 2;
	flow *s = calloc(n, sizeof *s);
	if (!s)
		return;
	for (size_t i = 0; i < f->nslots; i++)
		if (f->slot[i].key[36] != 0)
			*probe(s, n, f->slot[i].key, hash(f->slot[i].key)) = f->slot[i];
	free(f->slot);
	f->slot = s;
	f->nslots = n;
	memset(f->recent, 0, sizeof f->recent); /* they pointed into the old slots */
}

/* Keeps E (its key's hash H) among F's recent conversations; returns it. */
static flow *remember(nlab_flows *f, flow *e, uint64_t h)
{
	f->recent_hash[f->next] = h;
	f->recent[f->next] = e;
	f->next = (f->next + 1) % RECENT;
	return e;
}

/* The conversation of KEY, created when missing (NULL when the table is
 * full and cannot grow). */
static flow *lookup(nlab_flows *f, const uint8_t *key, int *found)
{
	*found = 1;
	uint64_t h = hash(key);
	for (int i = 0; i < RECENT; i++)
		if (f->recent_hash[i] == h && f->recent[i] &&
		    memcmp(f->recent[i]->key, key, sizeof f->recent[i]->key) == 0)
			return f->recent[i];
	flow *e = probe(f->slot, f->nslots, key, h);
	if (e->key[36] != 0)
		return remember(f, e, h);
	*found = 0;
	if ((f->count + 1) * 2 > f->nslots) {
		grow(f);
		e = probe(f->slot, f->nslots, key, h);
	}
	if (f->count + 1 >= f->nslots)
		return NULL; /* one slot stays empty, so a probe ends */
	memset(e, 0, sizeof *e);
	memcpy(e->key, key, sizeof e->key);
	f->count++;
	return remember(f, e, h);
}

/* tcpdump's bookkeeping for one segment (T: its TCP header). */
static void note_tcp(nlab_flows *f, nlab_view t, const uint8_t *src,
		     const uint8_t *dst, size_t alen, nlab_tcprel *rel)
{
	uint16_t sp = nlab_get16(t, 0), dp = nlab_get16(t, 2);
	uint32_t seq = nlab_get32(t, 4), ack = nlab_get32(t, 8);
	uint8_t flags = nlab_get8(t, 13);
	int rev = sp > dp || (sp == dp && memcmp(src, dst, alen) > 0);
	uint8_t key[37] = {0};
	key[36] = (uint8_t)alen;
	memcpy(key, rev ? dst : src, alen);
	memcpy(key + 16, rev ? src : dst, alen);
	uint32_t ports = rev ? (uint32_t)dp << 16 | sp : (uint32_t)sp << 16 | dp;
	memcpy(key + 32, &ports, 4);
	int found;
	flow *e = lookup(f, key, &found);
	if (!e)
		return;
	if (!found || (flags & 0x02)) {
		if (rev)
			e->ack = seq, e->seq = ack - 1;
		else
			e->seq = seq, e->ack = ack - 1;
		rel->valid = 2;
		rel->seq_base = 0;
		rel->ack_base = rev ? e->seq : e->ack;
		return;
	}
	rel->valid = 1;
	rel->seq_base = rev ? e->ack : e->seq;
	rel->ack_base = rev ? e->seq : e->ack;
}

/* The frame inside UDP datagram U (LEN bytes, its header's length and
 * the IP datagram's the lesser) when tcpdump's port table sends it to
 * VXLAN, OTV or GENEVE: *LT is 1 (Ethernet) or 12 (raw IP) and *WIRE
 * its length; -1 for any other datagram. */
static long tunnel_skip(nlab_view u, uint32_t len, int *lt, uint32_t *wire)
{
	if (!nlab_view_has(u, 0, 8) || nlab_get16(u, 4) < 8)
		return -1;
	uint32_t ulen = nlab_get16(u, 4);
	len = ulen < len ? ulen - 8 : len - 8;
	nlab_view p = nlab_view_from(u, 8);
	int kind = nlab_p_udp_tunnel(nlab_get16(u, 0), nlab_get16(u, 2), p);
	if (kind == 'V' && nlab_view_has(p, 0, 8) && len >= 22) {
		*lt = 1, *wire = len - 8;
		return 16;
	}
	if (kind == 'B' && nlab_view_has(p, 0, 4) && len >= 4) { /* printed under -v only */
		unsigned t = (nlab_get32(p, 0) >> 25) & 0xf;
		*lt = t == 7 ? 1 : 12, *wire = len - 4;
		return t >= 4 && t <= 7 ? 12 : -1;
	}
	if (kind != 'G' || !nlab_view_has(p, 0, 8) || len < 8 || nlab_get8(p, 0) >> 6)
		return -1;
	uint32_t hl = 8 + (nlab_get8(p, 0) & 0x3f) * 4u;
	uint16_t prot = nlab_get16(p, 2);
	if (len < hl || (prot != 0x6558 && prot != 0x0800 && prot != 0x86dd))
		return -1;
	*lt = prot == 0x6558 ? 1 : 12, *wire = len - hl;
	return (long)(8 + hl);
}

void nlab_flows_note(nlab_flows *f, const nlab_pkthdr *h, const uint8_t *data,
		     nlab_tcprel *rel)
{
	memset(rel, 0, sizeof *rel);
	nlab_view v = {data, h->caplen};
	int lt = h->linktype;
	uint32_t frame = h->len;
	for (int depth = 0; f && depth < 4; depth++) { /* tunnels in tunnels */
		long off = link_skip(v, lt);
		if (off < 0 || (depth && lt == 1 && frame < v.len))
			return; /* an inner frame longer than its datagram: invalid */
		nlab_view ip = nlab_view_from(v, (size_t)off);
		uint32_t wire = frame > (uint32_t)off ? frame - (uint32_t)off : 0;
		uint8_t src[16] = {0}, dst[16] = {0}, proto = 0;
		int v6 = nlab_get8(ip, 0) >> 4 == 6;
		uint32_t cut = 0;
		long hl = v6 ? tcp_in_ip6(ip, wire, src, dst, &cut, &proto)
			     : tcp_in_ip4(ip, wire, src, dst, &cut, &proto);
		if (hl < 0)
			return;
		/* tcpdump cuts the capture at the end of the IP datagram */
		ip = nlab_view_sub(ip, 0, cut < wire ? cut : wire);
		nlab_view t = nlab_view_from(ip, (size_t)hl);
		if (proto == 17) {
			uint32_t ulen = (cut < wire ? cut : wire) - (uint32_t)hl;
			long in = tunnel_skip(t, ulen, &lt, &frame);
			if (in < 0)
				return;
			v = nlab_view_from(t, (size_t)in);
			continue;
		}
		if (!nlab_view_has(t, 0, 20) || (nlab_get8(t, 12) >> 4) < 5 ||
		    !(nlab_get8(t, 13) & 0x10))
			return;
		note_tcp(f, t, src, dst, v6 ? 16 : 4, rel);
		return;
	}
}
