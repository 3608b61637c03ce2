/* bgp_fuzz.c - libFuzzer target: BGP messages (OPEN and capabilities,
 * UPDATE and path attributes, NOTIFICATION, ROUTE-REFRESH) as the
 * printer writes them under -v and -vv, whole and cut; the input is a
 * TCP segment's payload from port 179. Built and run by `make fuzz`. */
#include "wrap.h"

int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size)
{
	static const uint8_t hdr[54] = {
		2, 0, 0, 0, 0, 2, 2, 0, 0, 0, 0, 1, 8, 0,
		0x45, 0, 0, 0, 0, 1, 0, 0, 64, 6, 0, 0, 10, 0, 0, 1, 10, 0, 0, 2,
		0, 179, 0x9c, 0x40, 0, 0, 0, 1, 0, 0, 0, 1, 0x50, 0x18, 3, 0xe8, 0, 0, 0, 0};
	return fuzz_wrapped(hdr, sizeof hdr, 0, data, size);
}
