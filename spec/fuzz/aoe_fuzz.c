/* aoe_fuzz.c - libFuzzer target: ATA over Ethernet (every command's
 * arguments, error flags, lengths that do not add up) as the printer
 * writes it under -v and -vv, whole and cut; the input is the frame's
 * payload after an Ethernet header of type 0x88a2. Built and run by
 * `make fuzz`. */
#include "wrap.h"

int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size)
{
	static const uint8_t hdr[14] = {0xff, 0xff, 0xff, 0xff, 0xff, 0xff, 2, 0, 0, 0, 0, 1,
					0x88, 0xa2};
	return fuzz_ether(hdr, sizeof hdr, data, size);
}
