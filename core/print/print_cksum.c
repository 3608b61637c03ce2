/* print_cksum.c - the Internet checksums -v verifies, as tcpdump's
 * in_cksum, in_cksum_shouldbe and nextproto4/6_cksum compute them. */
#include "print_priv.h"

#include <string.h>

/* The one's complement sum of the N bytes at P as big-endian 16-bit
 * words: summed four bytes at a time in the host's order, which RFC 1071
 * shows gives the same sum, byte-swapped on a little-endian host. */
static uint32_t sum_bytes(const uint8_t *p, size_t n)
{
	uint64_t acc = 0;
	size_t i = 0;
	for (; i + 4 <= n; i += 4) {
		uint32_t w;
		memcpy(&w, p + i, 4);
		acc += w;
	}
	while (acc >> 16)
		acc = (acc & 0xffff) + (acc >> 16);
	uint16_t x = (uint16_t)acc;
	const uint8_t *b = (const uint8_t *)&x;
	uint32_t be = (uint32_t)b[0] << 8 | b[1]; /* the host's order read big-endian */
	for (; i + 1 < n; i += 2)
		be += (uint32_t)p[i] << 8 | p[i + 1];
	if (i < n)
		be += (uint32_t)p[i] << 8;
	return be;
}

uint32_t nlab_p_sum(nlab_view v, size_t off, size_t n, uint32_t sum)
{
	uint64_t acc = sum; /* 64 bits: no carry lost on the longest frame */
	if (nlab_view_has(v, off, n)) { /* checked once: read the bytes */
		acc += sum_bytes(v.base + off, n);
	} else {
		size_t i = 0;
		for (; i + 1 < n; i += 2)
			acc += nlab_get16(v, off + i);
		if (i < n)
			acc += (uint32_t)nlab_get8(v, off + i) << 8;
	}
	while (acc >> 16)
		acc = (acc & 0xffff) + (acc >> 16);
	return (uint32_t)acc;
}

uint16_t nlab_p_cksum(uint32_t sum)
{
	while (sum >> 16)
		sum = (sum & 0xffff) + (sum >> 16);
	return (uint16_t)~sum;
}

uint16_t nlab_p_shouldbe(uint16_t field, uint16_t computed)
{
	uint32_t s = (uint32_t)field + computed;
	s = (s & 0xffff) + (s >> 16);
	s = (s & 0xffff) + (s >> 16);
	return (uint16_t)s;
}

/* The destination a source-routed IPv4 datagram IP (header HLEN bytes)
 * ends at: the last address of its first LSRR or SSRR option, as
 * tcpdump's ip_finddst reads it (the header's destination otherwise). */
static size_t ip4_final_dst(nlab_view ip, size_t hlen)
{
	for (size_t i = 20; i < hlen;) {
		uint8_t t = nlab_get8(ip, i);
		if (t == 0)
			break;
		if (t == 1) {
			i++;
			continue;
		}
		if (i + 1 >= hlen)
			break;
		size_t len = nlab_get8(ip, i + 1);
		if (len < 2 || i + len > hlen)
			break;
		if ((t == 131 || t == 137) && len >= 7)
			return i + len - 4;
		i += len;
	}
	return 16;
}

uint16_t nlab_p_l4_cksum(nlab_view ip, nlab_view seg, uint32_t len, uint8_t proto)
{
	return nlab_p_l4_cksum_cov(ip, seg, len, len, proto);
}

uint16_t nlab_p_l4_cksum_cov(nlab_view ip, nlab_view seg, uint32_t len, uint32_t cov,
			     uint8_t proto)
{
	uint32_t sum = 0;
	if (nlab_get8(ip, 0) >> 4 == 6) {
		uint8_t nh = nlab_get8(ip, 6);
		int ext = nh == 0 || nh == 43 || nh == 44 || nh == 60 || nh == 62 || nh == 135;
		sum = nlab_p_sum(ip, 8, 16, 0);
		sum = nlab_p_sum(ip, ext ? nlab_p_ip6_final_dst(ip) : 24, 16, sum);
		sum += (len >> 16) + (len & 0xffff) + proto;
	} else {
		size_t hlen = (nlab_get8(ip, 0) & 15) * 4u;
		sum = nlab_p_sum(ip, 12, 4, 0);
		sum = nlab_p_sum(ip, hlen == 20 ? 16 : ip4_final_dst(ip, hlen), 4, sum);
		sum += (len & 0xffff) + proto;
	}
	return nlab_p_cksum(nlab_p_sum(seg, 0, cov, sum));
}
