/* dvmrp_fuzz.c - libFuzzer target: DVMRP messages as the printer writes
 * them under -v and -vv, whole and cut; the input is the IGMP message
 * after its type byte (0x13). Built and run by `make fuzz`. */
#include "wrap.h"

int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size)
{
	static const uint8_t hdr[35] = {
		1, 0, 0x5e, 0, 0, 4, 2, 0, 0, 0, 0, 1, 8, 0,
		0x45, 0, 0, 0, 0, 1, 0, 0, 1, 2, 0, 0, 10, 0, 0, 1, 224, 0, 0, 4,
		0x13};
	return fuzz_wrapped(hdr, sizeof hdr, 0, data, size);
}
