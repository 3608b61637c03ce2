/* icmp_fuzz.c - libFuzzer target: ICMP messages (errors with the
 * datagram they quote and their RFC 4884 multi-part extensions, echo,
 * timestamps, router advertisements) as the printer writes them under
 * -v and -vv, whole and cut; the input is the message after an IPv4
 * header, its checksum as it comes. Built and run by `make fuzz`. */
#include "wrap.h"

int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size)
{
	static const uint8_t hdr[34] = {
		2, 0, 0, 0, 0, 2, 2, 0, 0, 0, 0, 1, 8, 0,
		0x45, 0, 0, 0, 0, 1, 0, 0, 64, 1, 0, 0, 10, 0, 0, 9, 10, 0, 0, 1};
	return fuzz_wrapped(hdr, sizeof hdr, 0, data, size);
}
