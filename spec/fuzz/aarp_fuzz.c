/* aarp_fuzz.c - libFuzzer target: AppleTalk ARP messages as the printer
 * writes them under -v, -vv, -X and -e, whole and cut; the input is the
 * message after an Ethernet header of type 0x80f3. Built and run by
 * `make fuzz`. */
#include "wrap.h"

int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size)
{
	static const uint8_t hdr[14] = {9, 0, 7, 0xff, 0xff, 0xff, 2, 0, 0, 0, 0, 1, 0x80, 0xf3};
	return fuzz_ether(hdr, sizeof hdr, data, size);
}
