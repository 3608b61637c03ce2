/* ipx_fuzz.c - libFuzzer target: IPX packets (SAP and RIP messages,
 * every socket, lengths that do not add up) as the printer writes them
 * under -v and -vv, whole and cut; the input is the packet after an
 * Ethernet II header of type 0x8137. Built and run by `make fuzz`. */
#include "wrap.h"

int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size)
{
	static const uint8_t hdr[14] = {
	    0xff, 0xff, 0xff, 0xff, 0xff, 0xff, 2, 0, 0, 0, 0, 1, 0x81, 0x37};
	return fuzz_ether(hdr, sizeof hdr, data, size);
}
