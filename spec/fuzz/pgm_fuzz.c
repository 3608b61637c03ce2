/* pgm_fuzz.c - libFuzzer target: PGM messages and their options (every
 * type, bad lengths, unknown address families) as the printer writes
 * them under -v and -vv, whole and cut; the input is the message in an
 * IPv4 datagram of protocol 113. Built and run by `make fuzz`. */
#include "wrap.h"

int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size)
{
	static const uint8_t hdr[34] = {
	    1, 0, 0x5e, 0, 0, 1, 2,   0, 0, 0,	0, 1, 8,  0,   0x45, 0, 0,
	    0, 0, 1,	0, 0, 1, 113, 0, 0, 10, 0, 0, 45, 239, 255,  0, 16};
	return fuzz_wrapped(hdr, sizeof hdr, 0, data, size);
}
