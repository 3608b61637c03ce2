/* linktypes_fuzz.c - libFuzzer target: the rarer link types' frames
 * (Solaris ipnet; Ethernet for TIPC, LWAPP, loopback; NFLOG, PKTAP, unsupported ones) and what they carry, as the printer writes them
 * under -nn, -v, -vv, -e and -X, whole and cut; the first byte picks
 * the link type and the cut, the rest is the frame. Built and run by
 * `make fuzz`. */
#include "decode.h"
#include "print.h"

#include <stdint.h>
#include <stdlib.h>

static const int linktypes[] = {226, 1, 239, 258, 149, 160};

int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size)
{
	if (size < 2 || size > 65000)
		return 0;
	int lt = linktypes[data[0] % (sizeof linktypes / sizeof linktypes[0])];
	size_t cut = data[0] >> 3;
	data++, size--;
	nlab_strbuf out = NLAB_STRBUF_INIT;
	for (int k = 0; k < 6; k++) {
		nlab_print_opts o = {0};
		o.v = k % 3, o.X = k >= 3, o.e = k == 4, o.q = k == 5, o.ts = 1;
		nlab_printer *pr = nlab_printer_new(&o);
		nlab_pkthdr h = {1700000000, 0, (uint32_t)size, (uint32_t)size, lt, ""};
		nlab_print_packet(pr, &h, data, NULL, &out);
		if (cut < size) {
			h.caplen = (uint32_t)(size - cut);
			nlab_print_packet(pr, &h, data, NULL, &out);
		}
		nlab_printer_free(pr);
		nlab_strbuf_reset(&out);
	}
	nlab_decoded d;
	nlab_pkthdr h = {1700000000, 0, (uint32_t)size, (uint32_t)size, lt, ""};
	nlab_decode(&h, data, &d);
	nlab_strbuf_free(&out);
	return 0;
}
