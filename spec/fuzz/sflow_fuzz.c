/* sflow_fuzz.c - libFuzzer target: sFlow datagrams (every sample and
 * record kind, lengths that do not add up) as the printer writes them
 * under -v and -vv, whole and cut; the input is the datagram in a UDP
 * datagram to port 6343. Built and run by `make fuzz`. */
#include "wrap.h"

int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size)
{
	static const uint8_t hdr[42] = {
	    2,	  0, 0,	 0, 0, 2, 2,	0,    0,    0,	  0, 1, 8,  0,
	    0x45, 0, 0,	 0, 0, 1, 0,	0,    64,   17,	  0, 0, 10, 0,
	    0,	  1, 10, 0, 0, 2, 0xc3, 0x50, 0x18, 0xc7, 0, 0, 0,  0};
	return fuzz_wrapped(hdr, sizeof hdr, 34, data, size);
}
