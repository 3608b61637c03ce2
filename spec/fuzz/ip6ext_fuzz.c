/* ip6ext_fuzz.c - libFuzzer target: IPv6 extension headers (routing
 * headers, mobility, options, fragments and what follows them, with the
 * checksums made to a routing header's final destination) as the
 * printer writes them under -v and -vv, whole and cut; the input is a
 * routing header and what follows it. Built and run by `make fuzz`. */
#include "wrap.h"

int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size)
{
	static const uint8_t hdr[54] = {
		2, 0, 0, 0, 0, 2, 2, 0, 0, 0, 0, 1, 0x86, 0xdd,
		0x60, 0, 0, 0, 0, 0, 43, 64,
		0xfd, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 1,
		0xfd, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 2};
	return fuzz_wrapped(hdr, sizeof hdr, 0, data, size);
}
