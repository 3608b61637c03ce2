/* dccp_fuzz.c - libFuzzer target: DCCP (its header, checksum coverage,
 * sequence numbers and options) as the printer writes it under -v and
 * -vv, whole and cut; the input is the segment after an IPv4 header.
 * Built and run by `make fuzz`. */
#include "wrap.h"

int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size)
{
	static const uint8_t hdr[34] = {
		2, 0, 0, 0, 0, 2, 2, 0, 0, 0, 0, 1, 8, 0,
		0x45, 0, 0, 0, 0, 1, 0, 0, 64, 33, 0, 0, 10, 0, 0, 1, 10, 0, 0, 2};
	return fuzz_wrapped(hdr, sizeof hdr, 0, data, size);
}
