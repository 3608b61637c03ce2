/* rx_fuzz.c - libFuzzer target: Rx packets and the AFS calls and
 * replies in them as the printer writes them under -v and -vv, whole
 * and cut; the input is an Rx packet sent as a call (to port 7000 plus
 * its first byte's low three bits) and then, its client-init flag
 * cleared, as the reply from that port, so that replies are named from
 * the call just seen. Built and run by `make fuzz`. */
#include "print.h"

#include <pcap/dlt.h>
#include <stdint.h>
#include <stdlib.h>
#include <string.h>

/* Frame F (HLEN + SIZE bytes): the input after an Ethernet, IPv4 and
 * UDP header from port SP to DP, from host A to host B. */
static void build(uint8_t *f, const uint8_t *data, size_t size, unsigned sp,
		  unsigned dp, uint8_t a, uint8_t b)
{
	static const uint8_t hdr[42] = {2,  0,	0, 0,	 0,  2, 2, 0, 0,  0, 0,
					1,  8,	0, 0x45, 0,  0, 0, 0, 1,  0, 0,
					64, 17, 0, 0,	 10, 0, 0, 1, 10, 0, 0,
					2,  0,	0, 0,	 0,  0, 0, 0, 0};
	size_t total = sizeof hdr + size;
	memcpy(f, hdr, sizeof hdr);
	memcpy(f + sizeof hdr, data, size);
	f[16] = (uint8_t)((total - 14) >> 8), f[17] = (uint8_t)(total - 14);
	f[29] = a, f[33] = b;
	f[34] = (uint8_t)(sp >> 8), f[35] = (uint8_t)sp,
	f[36] = (uint8_t)(dp >> 8), f[37] = (uint8_t)dp;
	f[38] = (uint8_t)((total - 34) >> 8), f[39] = (uint8_t)(total - 34);
}

int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size)
{
	if (size < 1 || size > 65000)
		return 0;
	size_t total = 42 + size;
	uint8_t *call = malloc(total), *reply = malloc(total);
	if (!call || !reply) {
		free(call), free(reply);
		return 0;
	}
	unsigned port = 7000 + (data[0] & 7);
	build(call, data, size, 7001, port, 1, 2);
	build(reply, data, size, port, 7001, 2, 1);
	if (size > 21) {
		call[42 + 21] |= 1, reply[42 + 21] &= (uint8_t)~1;
	}
	nlab_strbuf out = NLAB_STRBUF_INIT;
	size_t cut = data[0] % 64;
	for (int k = 0; k < 6; k++) {
		nlab_print_opts o = {0};
		o.v = k % 3, o.X = k >= 3, o.ts = 1;
		nlab_printer *pr = nlab_printer_new(&o);
		nlab_pkthdr h = {1700000000,	  0,	      (uint32_t)total,
				 (uint32_t)total, DLT_EN10MB, ""};
		nlab_print_packet(pr, &h, call, NULL, &out);
		nlab_print_packet(pr, &h, reply, NULL, &out);
		if (cut < total) {
			h.caplen = (uint32_t)(total - cut);
			nlab_print_packet(pr, &h, call, NULL, &out);
			nlab_print_packet(pr, &h, reply, NULL, &out);
		}
		nlab_printer_free(pr);
	}
	nlab_strbuf_free(&out);
	free(call), free(reply);
	return 0;
}
