/* brcmtag_fuzz.c - libFuzzer target: frames with Broadcom switch tags (in
 * the frame and before it, the frame after) as the printer writes
 * them under -v, -vv, -X, -e and -q, whole and cut at the first byte's
 * count; the input's first byte's low bit picks the link type. Built and
 * run by `make fuzz`. */
#include "wrap.h"

int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size)
{
	if (size < 2 || size > 65000)
		return 0;
	int lt = data[0] & 1 ? DLT_DSA_TAG_BRCM_PREPEND : DLT_DSA_TAG_BRCM;
	size_t cut = data[0] % 32;
	data++, size--;
	fuzz_print_link_eq(lt, data, size, cut);
	return 0;
}
