/* radius_fuzz.c - libFuzzer target: RADIUS messages (every attribute
 * type's value, vendor attributes, EAP messages, location and MIP6
 * attributes) as the printer writes them under -v and -vv, whole and
 * cut; the input is the payload of a UDP datagram to port 1812 (lengths
 * set by wrap.h). Built and run by `make fuzz`; its seeds are messages
 * of tcpdump's tests/RADIUS*.pcap and radius*.pcap (BSD licence). */
#include "wrap.h"

int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size)
{
	uint8_t hdr[42] = {2,  0,    0,	   0,	 0,    2, 2, 0, 0,  0, 0,
			   1,  8,    0,	   0x45, 0,    0, 0, 0, 1,  0, 0,
			   64, 17,   0,	   0,	 10,   0, 0, 1, 10, 0, 0,
			   2,  0x9c, 0x40, 0x07, 0x14, 0, 0, 0, 0};
	return fuzz_wrapped(hdr, sizeof hdr, 34, data, size);
}
