/* ptp_fuzz.c - libFuzzer target: PTP messages (every version 2 type,
 * version 1, short ones) as the printer writes them, whole and cut;
 * the input is the message in a UDP datagram to port 319. Built and
 * run by `make fuzz`. */
#include "wrap.h"

int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size)
{
	static const uint8_t hdr[42] = {
		1, 0, 0x5e, 0, 1, 0x81, 2, 0, 0, 0, 0, 1, 8, 0,
		0x45, 0, 0, 0, 0, 1, 0, 0, 1, 17, 0, 0, 10, 0, 0, 1, 224, 0, 1, 129,
		0x01, 0x3f, 0x01, 0x3f, 0, 0, 0, 0};
	return fuzz_wrapped(hdr, sizeof hdr, 34, data, size);
}
