/* stp_fuzz.c - libFuzzer target: spanning tree BPDUs after LLC SAP 0x42
 * (802.1D config and TCN, RSTP, MSTP with its MSTI records, SPB with
 * its version 4 part) as the printer writes them under -v, -vv, -X, -e,
 * whole and cut; the input is the BPDU from its protocol id on, in an
 * 802.3 frame whose length field is set. Built and run by `make fuzz`. */
#include "print.h"

#include <pcap/dlt.h>
#include <stdint.h>
#include <stdlib.h>
#include <string.h>

int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size)
{
	static const uint8_t hdr[17] = {1, 0x80, 0xc2, 0, 0, 0, 2, 0, 0,
					0, 0, 1, 0, 0, 0x42, 0x42, 3};
	if (size < 1 || size > 1400)
		return 0;
	size_t total = sizeof hdr + size;
	uint8_t *f = malloc(total);
	if (!f)
		return 0;
	memcpy(f, hdr, sizeof hdr);
	memcpy(f + sizeof hdr, data, size);
	f[12] = (uint8_t)((total - 14) >> 8), f[13] = (uint8_t)(total - 14);
	nlab_strbuf out = NLAB_STRBUF_INIT;
	size_t cut = data[size - 1] % 64;
	for (int k = 0; k < 6; k++) {
		nlab_print_opts o = {0};
		o.v = k % 3, o.X = k >= 3, o.e = k == 4, o.ts = 1;
		nlab_printer *pr = nlab_printer_new(&o);
		nlab_pkthdr h = {1700000000, 0, (uint32_t)total, (uint32_t)total, DLT_EN10MB, ""};
		nlab_print_packet(pr, &h, f, NULL, &out);
		if (cut < total) {
			h.caplen = (uint32_t)(total - cut);
			nlab_print_packet(pr, &h, f, NULL, &out);
		}
		nlab_printer_free(pr);
	}
	nlab_strbuf_free(&out);
	free(f);
	return 0;
}
