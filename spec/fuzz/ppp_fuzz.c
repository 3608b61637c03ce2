/* ppp_fuzz.c - libFuzzer target: PPP frames (DLT_PPP, DLT_PPP_PPPD,
 * DLT_PPP_SERIAL and DLT_PPP_ETHER, the first byte picking: address,
 * control and protocol, the control protocols and their options, CHAP,
 * PAP, multilink, escaped frames, PPPoE's tags and sessions, IPv4, IPv6,
 * MPLS, OSI, IPX inside) as the printer writes them under -v, -vv, -X,
 * -e and -q, whole and cut at the first byte's count. Built and run by
 * `make fuzz`. */
#include "print.h"

#include <pcap/dlt.h>
#include <stdint.h>

int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size)
{
	if (size < 1 || size > 65000)
		return 0;
	nlab_strbuf out = NLAB_STRBUF_INIT;
	static const int lt[] = {DLT_PPP, DLT_PPP_SERIAL, DLT_PPP_ETHER, DLT_PPP_PPPD};
	size_t cut = data[0] % 32;
	int link = lt[(data[0] >> 5) % 4];
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
