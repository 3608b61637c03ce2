/* pkt.h - packet bytes, read only through bounds-checked getters.
 *
 * A view is a run of captured bytes. Every getter checks its offset
 * against the view's length and reads nothing outside it (out of range
 * it returns 0), so a truncated or malformed packet can never make the
 * decoder or the printer read past the capture. Code checks a fixed
 * header once with nlab_view_has(), then each variable part, and tells
 * "truncated" (bytes missing from the capture) from "invalid" (a field
 * that contradicts the protocol), as tcpdump's extract.h does. */
#ifndef NLAB_PKT_H
#define NLAB_PKT_H

#include <stddef.h>
#include <stdint.h>

/* One captured packet's header, as a capture or a pcap file gives it. */
typedef struct nlab_pkthdr {
	int64_t sec;     /* time stamp: seconds since the epoch... */
	int64_t nsec;    /* ...and nanoseconds: a damaged pcap record's may be
			  * negative or over a second, kept as libpcap gave
			  * them (a microsecond field times 1000, sign kept)
			  * so its microseconds can be printed as tcpdump does */
	uint32_t caplen; /* bytes captured */
	uint32_t len;    /* bytes on the wire */
	int linktype;    /* DLT_EN10MB, DLT_RAW, DLT_LINUX_SLL, DLT_LINUX_SLL2 */
	char ifname[16]; /* DLT_LINUX_SLL2: the name of its interface in the
			  * namespace that captured it; "" (a file's
			  * packets): looked up where it is printed */
} nlab_pkthdr;

/* A run of packet bytes. */
typedef struct nlab_view {
	const uint8_t *base;
	size_t len;
} nlab_view;

/* Returns 1 if V holds N bytes at OFF. */
static inline int nlab_view_has(nlab_view v, size_t off, size_t n)
{
	return off <= v.len && n <= v.len - off;
}

/* The bytes of V from OFF on (empty when OFF is past the end). */
static inline nlab_view nlab_view_from(nlab_view v, size_t off)
{
	nlab_view r = {v.base, 0};
	if (off <= v.len) {
		r.base = v.base + off;
		r.len = v.len - off;
	}
	return r;
}

/* At most N bytes of V from OFF on. */
static inline nlab_view nlab_view_sub(nlab_view v, size_t off, size_t n)
{
	nlab_view r = nlab_view_from(v, off);
	if (r.len > n)
		r.len = n;
	return r;
}

/* Big-endian (network order) getters: 0 when out of range. */
static inline uint8_t nlab_get8(nlab_view v, size_t off)
{
	return nlab_view_has(v, off, 1) ? v.base[off] : 0;
}

static inline uint16_t nlab_get16(nlab_view v, size_t off)
{
	if (!nlab_view_has(v, off, 2))
		return 0;
	return (uint16_t)(v.base[off] << 8 | v.base[off + 1]);
}

static inline uint32_t nlab_get24(nlab_view v, size_t off)
{
	if (!nlab_view_has(v, off, 3))
		return 0;
	return (uint32_t)v.base[off] << 16 | (uint32_t)v.base[off + 1] << 8 |
	       v.base[off + 2];
}

static inline uint32_t nlab_get32(nlab_view v, size_t off)
{
	if (!nlab_view_has(v, off, 4))
		return 0;
	return (uint32_t)v.base[off] << 24 | (uint32_t)v.base[off + 1] << 16 |
	       (uint32_t)v.base[off + 2] << 8 | v.base[off + 3];
}

/* Little-endian getter (the SLL2 and pcap headers of some hosts). */
static inline uint16_t nlab_get16le(nlab_view v, size_t off)
{
	if (!nlab_view_has(v, off, 2))
		return 0;
	return (uint16_t)(v.base[off] | v.base[off + 1] << 8);
}

/* Copies N bytes at OFF into OUT; returns 0 (OUT zeroed) when short. */
static inline int nlab_getbytes(nlab_view v, size_t off, void *out, size_t n)
{
	if (!nlab_view_has(v, off, n)) {
		for (size_t i = 0; i < n; i++)
			((uint8_t *)out)[i] = 0;
		return 0;
	}
	for (size_t i = 0; i < n; i++)
		((uint8_t *)out)[i] = v.base[off + i];
	return 1;
}

#endif
