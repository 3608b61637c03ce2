/* ospf6_fuzz.c - libFuzzer target: OSPFv3 messages (hellos, database
 * descriptions, requests, updates with every LSA kind, LLS and
 * authentication trailers) as the printer writes them under -v and
 * -vv, whole and cut; the input is the message after an IPv6 header.
 * Built and run by `make fuzz`. */
#include "wrap.h"

int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size)
{
	static const uint8_t hdr[54] = {
		0x33, 0x33, 0, 0, 0, 5, 2, 0, 0, 0, 0, 1, 0x86, 0xdd,
		0x6e, 0, 0, 0, 0, 0, 89, 1,
		0xfe, 0x80, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 1,
		0xff, 0x02, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 5};
	return fuzz_wrapped(hdr, sizeof hdr, 0, data, size);
}
