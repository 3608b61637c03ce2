/* eigrp_fuzz.c - libFuzzer target: EIGRP messages (the header and every
 * TLV: parameters, versions, IP and AppleTalk routes, cable setup, the
 * ones dumped in hex) as the printer writes them under -v and -vv, whole
 * and cut; the input is the message after an IPv4 header. Built and run
 * by `make fuzz`. */
#include "wrap.h"

int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size)
{
	static const uint8_t hdr[34] = {
		1, 0, 0x5e, 0, 0, 10, 2, 0, 0, 0, 0, 1, 8, 0,
		0x45, 0xc0, 0, 0, 0, 0, 0, 0, 2, 88, 0, 0, 10, 0, 0, 1, 224, 0, 0, 10};
	return fuzz_wrapped(hdr, sizeof hdr, 0, data, size);
}
