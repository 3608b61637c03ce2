/* fr_fuzz.c - libFuzzer target: Frame Relay frames (DLT_FRELAY: Q.922
 * addresses, Cisco EtherTypes, NLPIDs, SNAP, PPP, FRF.15, Q.933
 * signalling; DLT_MFR, the first byte's top bit picking it: FRF.16
 * control frames and fragments) as the printer writes them under -v,
 * -vv, -X, -x, -e and -q, whole and cut at the first byte's count.
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
	int link = data[0] & 0x80 ? DLT_MFR : DLT_FRELAY;
	for (int k = 0; k < 8; k++) {
		nlab_print_opts o = {0};
		o.v = k % 3, o.X = k == 3, o.x = k == 6, o.e = k >= 4, o.q = k == 7, o.ts = 1;
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
