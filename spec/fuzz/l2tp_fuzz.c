/* l2tp_fuzz.c - libFuzzer target: L2TP (header flags, offsets, every AVP
 * type's value, vendor and hidden AVPs, data messages' PPP frames) as
 * the printer writes it under -v and -vv, whole and cut; the input is
 * the payload of a UDP datagram to port 1701 (lengths set by wrap.h).
 * Built and run by `make fuzz`; its seeds are the messages l2tp_spec
 * crafts. */
#include "wrap.h"

int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size)
{
	uint8_t hdr[42] = {2,  0,    0,	   0,	 0,    2, 2, 0, 0,  0, 0,
			   1,  8,    0,	   0x45, 0,    0, 0, 0, 1,  0, 0,
			   64, 17,   0,	   0,	 10,   0, 0, 1, 10, 0, 0,
			   2,  0x06, 0xa5, 0x06, 0xa5, 0, 0, 0, 0};
	return fuzz_wrapped(hdr, sizeof hdr, 34, data, size);
}
