/* lisp_fuzz.c - libFuzzer target: LISP control messages (records, locators) as
 * the printer writes them under -v and -vv, whole and cut; the input is
 * the payload of a UDP datagram to port 4342 (lengths set by wrap.h).
 * Built and run by `make fuzz`; its seeds are the two messages of
 * tcpdump's tests/lisp_eid_register.pcap (BSD licence). */
#include "wrap.h"

int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size)
{
	uint8_t hdr[42] = {2,	0, 0, 0, 0,    2, 2, 0, 0,  0, 0, 1, 8,    0,    0x45, 0xc0, 0, 0, 0, 1, 0,
			   0,	1, 17, 0, 0,	10, 0, 0, 1,  224, 0, 0, 2, 0x10, 0xf6, 0x10, 0xf6, 0, 0, 0, 0};
	return fuzz_wrapped(hdr, sizeof hdr, 34, data, size);
}
