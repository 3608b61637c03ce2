/* geonet_fuzz.c - libFuzzer target: GeoNetworking (common, extended and
 * BTP headers) and CALM FAST frames as the printer writes them under -v
 * and -vv, whole and cut; the input is the frame's payload after an
 * Ethernet header whose type (0x8947, 0x0707 or 0x1111) its last byte
 * picks, as it is. Built and run by `make fuzz`. */
#include "wrap.h"

int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size)
{
	static const uint16_t types[3] = {0x8947, 0x0707, 0x1111};
	if (size < 1)
		return 0;
	uint16_t t = types[data[size - 1] % 3];
	const uint8_t hdr[14] = {255, 255, 255, 255, 255, 255, 0, 12, 66, 109, 84, 219,
				 (uint8_t)(t >> 8), (uint8_t)t};
	return fuzz_ether(hdr, sizeof hdr, data, size);
}
