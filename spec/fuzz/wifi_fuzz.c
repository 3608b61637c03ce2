/* wifi_fuzz.c - libFuzzer target: IEEE 802.11 frames as the printer
 * writes them, after a radiotap header (DLT_IEEE802_11_RADIO: every
 * field, extended and vendor presence words, FCS and padding) when the
 * first byte's low bits are 0, bare (DLT_IEEE802_11) when 1, after a
 * Prism header (2) or an AVS one (3); under -v, -vv,
 * -X, -x and -e, whole and cut at the second byte's count, each noted
 * in a conversation table first (flows.c's IP offset in 802.11). Built
 * and run by `make fuzz`. */
#include "print.h"

#include <pcap/dlt.h>
#include <stdint.h>

int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size)
{
	if (size < 2 || size > 65000)
		return 0;
	static const int links[4] = {DLT_IEEE802_11_RADIO, DLT_IEEE802_11, DLT_PRISM_HEADER,
				     DLT_IEEE802_11_RADIO_AVS};
	int link = links[data[0] & 3];
	size_t cut = data[1] % 64;
	data += 2, size -= 2;
	nlab_strbuf out = NLAB_STRBUF_INIT;
	nlab_flows *fl = nlab_flows_new();
	nlab_tcprel rel;
	for (int k = 0; k < 6; k++) {
		nlab_print_opts o = {0};
		o.v = k % 3, o.X = k == 3, o.x = k == 5, o.e = k >= 2, o.ts = 1;
		nlab_printer *pr = nlab_printer_new(&o);
		nlab_pkthdr h = {1700000000, 0, (uint32_t)size, (uint32_t)size, link, ""};
		if (size) {
			nlab_flows_note(fl, &h, data, &rel);
			nlab_print_packet(pr, &h, data, &rel, &out);
		}
		if (cut < size) {
			h.caplen = (uint32_t)(size - cut);
			nlab_flows_note(fl, &h, data, &rel);
			nlab_print_packet(pr, &h, data, &rel, &out);
		}
		nlab_printer_free(pr);
	}
	nlab_flows_free(fl);
	nlab_strbuf_free(&out);
	return 0;
}
