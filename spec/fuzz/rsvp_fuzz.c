/* rsvp_fuzz.c - libFuzzer target: RSVP messages (every object and
 * class-type, EROs, IntServ parameters, generalized UNI subobjects,
 * bundles) as the printer writes them under -v and -vv, whole and cut;
 * the input is the message after an IPv4 header of protocol 46. Built
 * and run by `make fuzz`. */
#include "wrap.h"

int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size)
{
	static const uint8_t hdr[34] = {
		1, 0, 0x5e, 0, 0, 5, 2, 0, 0, 0, 0, 1, 8, 0,
		0x45, 0, 0, 0, 0, 1, 0, 0, 1, 46, 0, 0, 10, 0, 0, 1, 10, 0, 0, 2};
	return fuzz_wrapped(hdr, sizeof hdr, 0, data, size);
}
