/* cip_fuzz.c - libFuzzer target: Classical IP over ATM frames (link
 * type DLT_ATM_CLIP: LLC/SNAP and what it carries, or IPv4) as the
 * printer writes them under -v, -vv, -X and -e, whole and cut at the
 * first byte's count. Built and run by `make fuzz`. */
#include "wrap.h"

int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size)
{
	if (size < 1 || size > 65000)
		return 0;
	fuzz_print_link(DLT_ATM_CLIP, data, size, data[0] % 64);
	return 0;
}
