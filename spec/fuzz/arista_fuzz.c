/* arista_fuzz.c - libFuzzer target: Arista's EtherType 0xd28b (subtypes,
 * time stamp formats, the frame behind, headers one after another) as
 * the printer writes it under -v, -vv, -X and -e, whole and cut; the
 * input follows an Ethernet header of that type. Built and run by
 * `make fuzz`. */
#include "wrap.h"

int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size)
{
	static const uint8_t hdr[14] = {0, 0, 0, 0, 0, 1, 0, 0x11, 0x22, 0x33, 0x44, 0x55, 0xd2, 0x8b};
	return fuzz_ether(hdr, sizeof hdr, data, size);
}
