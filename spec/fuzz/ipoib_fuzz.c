/* ipoib_fuzz.c - libFuzzer target: IP over InfiniBand frames (DLT_IPOIB: the
 * header, IPv4, IPv6, ARP and unknown EtherTypes inside) as the printer writes
 * them under -v, -vv, -X, -e and -q, whole and cut at the first byte's
 * count. Built and run by `make fuzz`. */
#include "wrap.h"

int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size)
{
	if (size < 1 || size > 65000)
		return 0;
	size_t cut = data[0] % 32;
	fuzz_print_link_eq(DLT_IPOIB, data, size, cut);
	return 0;
}
