/* m3ua_fuzz.c - libFuzzer target: M3UA messages (classes, types,
 * parameters, lengths that disagree) as the printer writes them under
 * -vv, whole and cut; the input is the payload of an SCTP DATA chunk of
 * payload protocol 3, the chunk's length set. Built and run by `make fuzz`. */
#include "wrap.h"

int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size)
{
	static const uint8_t hdr[62] = {
		2, 0, 0, 0, 0, 2, 2, 0, 0, 0, 0, 1, 8, 0,
		0x45, 0, 0, 0, 0, 1, 0, 0, 64, 132, 0, 0, 10, 0, 0, 1, 10, 0, 0, 2,
		0x0b, 0x59, 0x0b, 0x59, 0, 0, 0, 7, 0, 0, 0, 0,
		0, 3, 0, 0, 0, 0, 0, 1, 0, 1, 0, 1, 0, 0, 0, 3};
	if (size > 65000 - 16)
		return 0;
	uint8_t h[sizeof hdr];
	memcpy(h, hdr, sizeof h);
	h[48] = (uint8_t)((16 + size) >> 8), h[49] = (uint8_t)(16 + size);
	return fuzz_wrapped(h, sizeof h, 0, data, size);
}
