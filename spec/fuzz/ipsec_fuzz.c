/* ipsec_fuzz.c - libFuzzer target: AH headers (chained, then what they
 * protect: ESP, UDP, ...) and ESP's header line as the printer writes
 * them under -v and -vv, whole and cut; the input follows an IPv4
 * header naming AH. Built and run by `make fuzz`. */
#include "wrap.h"

int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size)
{
	static const uint8_t hdr[34] = {
		2, 0, 0, 0, 0, 2, 2, 0, 0, 0, 0, 1, 8, 0,
		0x45, 0, 0, 0, 0, 1, 0, 0, 64, 51, 0, 0, 10, 0, 0, 1, 10, 0, 0, 2};
	return fuzz_wrapped(hdr, sizeof hdr, 0, data, size);
}
