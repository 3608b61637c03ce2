/* igmp_fuzz.c - libFuzzer target: IGMP messages (queries, v3 reports
 * and their records, mtrace) as the printer writes them under -v and
 * -vv, whole and cut; the input is the message after an IPv4 header
 * with a router alert. Built and run by `make fuzz`. */
#include "wrap.h"

int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size)
{
	static const uint8_t hdr[38] = {
		1, 0, 0x5e, 0, 0, 0x16, 2, 0, 0, 0, 0, 1, 8, 0,
		0x46, 0, 0, 0, 0, 1, 0, 0, 1, 2, 0, 0, 10, 0, 0, 1, 224, 0, 0, 22,
		148, 4, 0, 0};
	return fuzz_wrapped(hdr, sizeof hdr, 0, data, size);
}
