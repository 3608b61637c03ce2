/* arcnet_fuzz.c - libFuzzer target: ARCNET frames, BSD's header and
 * Linux's (old and new encodings, fragment and exception headers, what
 * each type carries) as the printer writes them under -v, -vv, -X, -e
 * and -q, whole and cut at the first byte's count; the input's first
 * byte's low bit picks the header. Built and run by `make fuzz`. */
#include "wrap.h"

int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size)
{
	if (size < 2 || size > 65000)
		return 0;
	int lt = data[0] & 1 ? DLT_ARCNET_LINUX : DLT_ARCNET;
	size_t cut = data[0] % 32;
	data++, size--;
	fuzz_print_link_eq(lt, data, size, cut);
	return 0;
}
