/* icmp6_fuzz.c - libFuzzer target: ICMPv6 messages (neighbour discovery
 * and its options, MLD, errors) as the printer writes them under -v and
 * -vv, whole and cut; the input is the message after an IPv6 header,
 * its checksum as it comes. Built and run by `make fuzz`. */
#include "wrap.h"

int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size)
{
	static const uint8_t hdr[54] = {
		2, 0, 0, 0, 0, 2, 2, 0, 0, 0, 0, 1, 0x86, 0xdd,
		0x60, 0, 0, 0, 0, 0, 58, 255,
		0xfe, 0x80, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 1,
		0xff, 0x02, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 1};
	return fuzz_wrapped(hdr, sizeof hdr, 0, data, size);
}
