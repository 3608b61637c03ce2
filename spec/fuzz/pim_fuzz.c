/* pim_fuzz.c - libFuzzer target: PIM messages (hello options,
 * registers and the packets they carry, join/prune, bootstrap, assert,
 * candidate RP, prune refresh, DF election) as the printer writes them
 * under -v and -vv, whole and cut; the input is the message after an
 * IPv4 header of protocol 103. Built and run by `make fuzz`. */
#include "wrap.h"

int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size)
{
	static const uint8_t hdr[34] = {
		1, 0, 0x5e, 0, 0, 13, 2, 0, 0, 0, 0, 1, 8, 0,
		0x45, 0, 0, 0, 0, 1, 0, 0, 1, 103, 0, 0, 10, 0, 0, 1, 224, 0, 0, 13};
	return fuzz_wrapped(hdr, sizeof hdr, 0, data, size);
}
