/* autorp_fuzz.c - libFuzzer target: auto-RP messages (RPs and their
 * group entries) as the printer writes them under -v and -vv, whole and
 * cut; the input is the message in a UDP datagram to port 496. Built
 * and run by `make fuzz`. */
#include "wrap.h"

int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size)
{
	static const uint8_t hdr[42] = {
		1, 0, 0x5e, 0, 1, 0x27, 2, 0, 0, 0, 0, 1, 8, 0,
		0x45, 0, 0, 0, 0, 1, 0, 0, 16, 17, 0, 0, 10, 0, 0, 1, 224, 0, 1, 39,
		1, 0xf0, 1, 0xf0, 0, 0, 0, 0};
	return fuzz_wrapped(hdr, sizeof hdr, 34, data, size);
}
