/* igrp_fuzz.c - libFuzzer target: IGRP messages as the printer writes
 * them under -v and -vv, whole and cut; the input is the message in an
 * IPv4 datagram of protocol 9. Built and run by `make fuzz`. */
#include "wrap.h"

int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size)
{
	static const uint8_t hdr[34] = {
		2, 0, 0, 0, 0, 2, 2, 0, 0, 0, 0, 1, 8, 0,
		0x45, 0, 0, 0, 0, 1, 0, 0, 64, 9, 0, 0, 10, 0, 0, 1, 255, 255, 255, 255};
	return fuzz_wrapped(hdr, sizeof hdr, 0, data, size);
}
