/* vsock_fuzz.c - libFuzzer target: vsock monitor frames (DLT_VSOCK
 * 271: any transport and operation, virtio headers, payloads) as the
 * printer writes them under -v and -vv, whole and cut; the input is
 * the frame. Built and run by `make fuzz`. */
#include "print.h"

#include <stdint.h>
#include <stdlib.h>

int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size)
{
	if (size < 1 || size > 65000)
		return 0;
	nlab_strbuf out = NLAB_STRBUF_INIT;
	size_t cut = data[0] % 64;
	for (int k = 0; k < 6; k++) {
		nlab_print_opts o = {0};
		o.v = k % 3, o.X = k >= 3, o.e = k == 4, o.ts = 1;
		nlab_printer *pr = nlab_printer_new(&o);
		nlab_pkthdr h = {1700000000,	 0,   (uint32_t)size,
				 (uint32_t)size, 271, ""};
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
