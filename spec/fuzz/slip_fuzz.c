/* slip_fuzz.c - libFuzzer target: SLIP captures (DLT_SLIP, and
 * DLT_SLIP_BSDOS when the first byte's top bit is set: the pseudo-
 * header's direction and compression byte, Van Jacobson compressed TCP
 * headers, the IPv4 or IPv6 packet) as the printer writes them under
 * -v, -vv, -X, -e and -q, whole and cut at the first byte's count, one
 * printer over every round so the remembered lengths are exercised.
 * Built and run by `make fuzz`. */
#include "print.h"

#include <pcap/dlt.h>
#include <stdint.h>

int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size)
{
	if (size < 1 || size > 65000)
		return 0;
	nlab_strbuf out = NLAB_STRBUF_INIT;
	size_t cut = data[0] % 32;
	int link = data[0] & 0x80 ? DLT_SLIP_BSDOS : DLT_SLIP;
	for (int k = 0; k < 7; k++) {
		nlab_print_opts o = {0};
		o.v = k % 3, o.X = k == 3, o.e = k >= 4, o.q = k == 6, o.ts = 1;
		nlab_printer *pr = nlab_printer_new(&o);
		nlab_pkthdr h = {1700000000, 0, (uint32_t)size, (uint32_t)size, link, ""};
		nlab_print_packet(pr, &h, data, NULL, &out);
		if (cut < size) {
			h.caplen = (uint32_t)(size - cut);
			nlab_print_packet(pr, &h, data, NULL, &out);
		}
		nlab_printer_free(pr);
	}
	nlab_strbuf_free(&out);
	return 0;
}
