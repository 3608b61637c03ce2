/* babel_fuzz.c - libFuzzer target: Babel messages (every TLV and
 * sub-TLV, prefixes omitting bytes of the one before, trailers) as the
 * printer writes them under -v and -vv, whole and cut; the input is the
 * message in a UDP datagram to port 6696. Built and run by `make fuzz`. */
#include "wrap.h"

int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size)
{
	static const uint8_t hdr[42] = {
		1, 0, 0x5e, 0, 0, 0x6f, 2, 0, 0, 0, 0, 1, 8, 0,
		0x45, 0, 0, 0, 0, 1, 0, 0, 1, 17, 0, 0, 10, 0, 0, 1, 224, 0, 0, 111,
		0x1a, 0x28, 0x1a, 0x28, 0, 0, 0, 0};
	return fuzz_wrapped(hdr, sizeof hdr, 34, data, size);
}
