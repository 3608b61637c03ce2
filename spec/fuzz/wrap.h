/* wrap.h - what the protocol fuzz targets (icmp6_fuzz, dns_fuzz,
 * igmp_fuzz, ...) share: the input becomes the payload of a frame built
 * here (Ethernet, IP and the header its printer is reached through, the
 * lengths right), so the fuzzer spends its time inside that printer; the
 * frame is printed whole and cut short, under -v, -vv, -X and -e. */
#include "print.h"

#include <pcap/dlt.h>
#include <stdint.h>
#include <stdlib.h>
#include <string.h>

/* Prints the frame F of TOTAL bytes of link type DLT under each option
 * set, whole and cut by CUT bytes. */
static void fuzz_print_link(int dlt, const uint8_t *f, size_t total, size_t cut)
{
	nlab_strbuf out = NLAB_STRBUF_INIT;
	for (int k = 0; k < 6; k++) {
		nlab_print_opts o = {0};
		o.v = k % 3, o.X = k >= 3, o.e = k == 4, o.ts = 1;
		nlab_printer *pr = nlab_printer_new(&o);
		nlab_pkthdr h = {1700000000, 0, (uint32_t)total, (uint32_t)total, dlt, ""};
		nlab_print_packet(pr, &h, f, NULL, &out);
		if (cut < total) {
			h.caplen = (uint32_t)(total - cut);
			nlab_print_packet(pr, &h, f, NULL, &out);
		}
		nlab_printer_free(pr);
	}
	nlab_strbuf_free(&out);
}

/* Prints the packet F (TOTAL bytes) of link type DLT, whole and cut by
 * CUT bytes, under -v, -vv, -X, -e, -e -v and -e -vv -q: the sets of
 * the link types that carry no Ethernet header (PPP, SLIP, Cisco HDLC,
 * IPoIB, ARCNET, Broadcom tags). */
static inline void fuzz_print_link_eq(int dlt, const uint8_t *f, size_t total, size_t cut)
{
	nlab_strbuf out = NLAB_STRBUF_INIT;
	for (int k = 0; k < 7; k++) {
		nlab_print_opts o = {0};
		o.v = k % 3, o.X = k == 3, o.e = k >= 4, o.q = k == 6, o.ts = 1;
		nlab_printer *pr = nlab_printer_new(&o);
		nlab_pkthdr h = {1700000000, 0, (uint32_t)total, (uint32_t)total, dlt, ""};
		nlab_print_packet(pr, &h, f, NULL, &out);
		if (cut < total) {
			h.caplen = (uint32_t)(total - cut);
			nlab_print_packet(pr, &h, f, NULL, &out);
		}
		nlab_printer_free(pr);
	}
	nlab_strbuf_free(&out);
}

/* The same for an Ethernet frame. */
static void fuzz_print_frame(const uint8_t *f, size_t total, size_t cut)
{
	fuzz_print_link(DLT_EN10MB, f, total, cut);
}

/* Prints the frame HDR (HLEN bytes, an Ethernet header) + DATA as it
 * is, no length set: for protocols whose lengths the fuzzer chooses. */
static inline int fuzz_ether(const uint8_t *hdr, size_t hlen, const uint8_t *data, size_t size)
{
	if (size < 1 || size > 65000)
		return 0;
	uint8_t *f = malloc(hlen + size);
	if (!f)
		return 0;
	memcpy(f, hdr, hlen);
	memcpy(f + hlen, data, size);
	fuzz_print_frame(f, hlen + size, data[0] % 64);
	free(f);
	return 0;
}

/* Prints the frame HDR (HLEN bytes: Ethernet and an IPv4 or IPv6 header,
 * then the header at UDP_OFF when not 0) + DATA, its length fields set,
 * under each option set, whole and cut at the first byte's count. */
static inline int fuzz_wrapped(const uint8_t *hdr, size_t hlen, size_t udp_off,
			const uint8_t *data, size_t size)
{
	if (size < 1 || size > 65000)
		return 0;
	uint8_t *f = malloc(hlen + size);
	if (!f)
		return 0;
	memcpy(f, hdr, hlen);
	memcpy(f + hlen, data, size);
	size_t total = hlen + size;
	if (f[14] >> 4 == 6) { /* IPv6 payload length */
		f[18] = (uint8_t)((total - 54) >> 8), f[19] = (uint8_t)(total - 54);
	} else { /* IPv4 total length */
		f[16] = (uint8_t)((total - 14) >> 8), f[17] = (uint8_t)(total - 14);
	}
	if (udp_off)
		f[udp_off + 4] = (uint8_t)((total - udp_off) >> 8), f[udp_off + 5] = (uint8_t)(total - udp_off);
	fuzz_print_frame(f, total, data[0] % 64);
	free(f);
	return 0;
}

/* Prints the 802.3 frame HDR (HLEN bytes: MACs, length, LLC header)
 * + DATA, its length field set, whole and cut at the last byte's count:
 * for the protocols LLC's SAPs lead to (IS-IS, spanning tree). */
static inline int fuzz_llc(const uint8_t *hdr, size_t hlen, const uint8_t *data, size_t size)
{
	if (size < 1 || size > 1400)
		return 0;
	size_t total = hlen + size;
	uint8_t *f = malloc(total);
	if (!f)
		return 0;
	memcpy(f, hdr, hlen);
	memcpy(f + hlen, data, size);
	f[12] = (uint8_t)((total - 14) >> 8), f[13] = (uint8_t)(total - 14);
	fuzz_print_frame(f, total, data[size - 1] % 64);
	free(f);
	return 0;
}
