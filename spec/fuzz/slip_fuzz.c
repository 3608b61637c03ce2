/* slip_fuzz.c - libFuzzer target: SLIP captures (DLT_SLIP, and
 * DLT_SLIP_BSDOS when the first byte's top bit is set: the pseudo-
 * header's direction and compression byte, Van Jacobson compressed TCP
 * headers, the IPv4 or IPv6 packet) as the printer writes them under
 * -v, -vv, -X, -e and -q, whole and then cut at the first byte's
 * count by the same printer, so the lengths it remembers between
 * packets are exercised.
 * Built and run by `make fuzz`. */
#include "wrap.h"

int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size)
{
	if (size < 1 || size > 65000)
		return 0;
	size_t cut = data[0] % 32;
	int link = data[0] & 0x80 ? DLT_SLIP_BSDOS : DLT_SLIP;
	fuzz_print_link_eq(link, data, size, cut);
	return 0;
}
