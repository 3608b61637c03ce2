/* decnet_fuzz.c - libFuzzer target: DECnet's routing layer (short and
 * long headers, padding, control messages, routing lists) and the NSP
 * messages it carries as the printer writes them under -v and -vv,
 * whole and cut; the input is the frame's payload after an Ethernet
 * header of type 0x6003, its length field included. Built and run by
 * `make fuzz`. */
#include "wrap.h"

int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size)
{
	static const uint8_t hdr[14] = {0xaa, 0, 4, 0, 1, 4, 0xaa, 0, 4, 0, 2, 4, 0x60, 0x03};
	return fuzz_ether(hdr, sizeof hdr, data, size);
}
