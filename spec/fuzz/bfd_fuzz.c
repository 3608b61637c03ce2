/* bfd_fuzz.c - libFuzzer target: BFD control packets (versions 0, 1 and
 * others, every authentication section) and echo packets as the printer
 * writes them under -v and -vv, whole and cut; the input is the packet in
 * a UDP datagram to port 3784, 4784, 6784 or 3785 as its last byte picks.
 * Built and run by `make fuzz`. */
#include "wrap.h"

int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size)
{
	static const uint16_t ports[4] = {3784, 4784, 6784, 3785};
	uint8_t hdr[42] = {2,	0,    0,    0,	  0,	2, 2, 0, 0,  0, 0,
			   1,	8,    0,    0x45, 0xc0, 0, 0, 0, 1,  0, 0,
			   255, 17,   0,    0,	  10,	0, 0, 1, 10, 0, 0,
			   2,	0xc0, 0x30, 0x0e, 0xc8, 0, 0, 0, 0};
	if (size > 0) {
		uint16_t p = ports[data[size - 1] % 4];
		hdr[36] = (uint8_t)(p >> 8), hdr[37] = (uint8_t)p;
	}
	return fuzz_wrapped(hdr, sizeof hdr, 34, data, size);
}
