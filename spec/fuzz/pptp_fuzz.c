/* pptp_fuzz.c - libFuzzer target: PPTP control messages (every control
 * message type, its fields, numbers and text up to their lengths) as
 * the printer writes them under -v and -vv, whole and cut; the input is
 * a TCP segment's payload to port 1723. Built and run by `make fuzz`;
 * its seeds are control messages of tcpdump's tests/pptp.pcap (BSD
 * licence). */
#include "wrap.h"

int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size)
{
	static const uint8_t hdr[54] = {
	    2,	  0, 0,	 0, 0,	  2,	2,    0,    0,	  0,	0, 1, 8,  0,
	    0x45, 0, 0,	 0, 0,	  1,	0,    0,    64,	  6,	0, 0, 10, 0,
	    0,	  1, 10, 0, 0,	  2,	0x0b, 0xd1, 0x06, 0xbb, 0, 0, 0,  1,
	    0,	  0, 0,	 1, 0x50, 0x18, 3,    0xe8, 0,	  0,	0, 0};
	return fuzz_wrapped(hdr, sizeof hdr, 0, data, size);
}
