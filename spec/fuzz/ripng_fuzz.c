/* ripng_fuzz.c - libFuzzer target: RIPng messages as the printer writes
 * them under -v and -vv, whole and cut; the input is the message in a
 * UDP datagram over IPv6 to port 521. Built and run by `make fuzz`. */
#include "wrap.h"

int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size)
{
	static const uint8_t hdr[62] = {
		0x33, 0x33, 0, 0, 0, 9, 2, 0, 0, 0, 0, 1, 0x86, 0xdd,
		0x60, 0, 0, 0, 0, 0, 17, 255,
		0xfe, 0x80, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 1,
		0xff, 0x02, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 9,
		0x02, 0x09, 0x02, 0x09, 0, 0, 0, 0};
	return fuzz_wrapped(hdr, sizeof hdr, 54, data, size);
}
