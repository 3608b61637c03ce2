/* slow_fuzz.c - libFuzzer target: slow protocol frames (LACP, marker,
 * Ethernet OAM's every code and TLV) as the printers write them under
 * -v and -vv, whole and cut; the input is the payload of an Ethernet
 * frame of type 0x8809, as it is. Built and run by `make fuzz`. */
#include "wrap.h"

int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size)
{
	static const uint8_t hdr[14] = {1, 0x80, 0xc2, 0, 0, 2, 0, 0x13, 0xc4, 0x12, 0x0f, 0x0d,
					0x88, 0x09};
	return fuzz_ether(hdr, sizeof hdr, data, size);
}
