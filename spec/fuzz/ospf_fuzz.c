/* ospf_fuzz.c - libFuzzer target: OSPFv2 messages (hellos, database
 * descriptions, requests, updates with every LSA kind, TE TLVs, LLS) as
 * the printer writes them under -v and -vv, whole and cut; the input is
 * the message after an IPv4 header. Built and run by `make fuzz`. */
#include "wrap.h"

int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size)
{
	static const uint8_t hdr[34] = {
		1, 0, 0x5e, 0, 0, 5, 2, 0, 0, 0, 0, 1, 8, 0,
		0x45, 0xc0, 0, 0, 0, 1, 0, 0, 1, 89, 0, 0, 10, 0, 0, 1, 224, 0, 0, 5};
	return fuzz_wrapped(hdr, sizeof hdr, 0, data, size);
}
