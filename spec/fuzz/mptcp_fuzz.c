/* mptcp_fuzz.c - libFuzzer target: TCP options (MPTCP's above all) as
 * the printer writes them under -v and -vv, whole and cut; the input's
 * first byte is the segment's flags, the rest its options (at most 40
 * bytes; what follows is data). Built and run by `make fuzz`. */
#include "wrap.h"

int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size)
{
	static const uint8_t hdr[34] = {
		2, 0, 0, 0, 0, 2, 2, 0, 0, 0, 0, 1, 8, 0,
		0x45, 0, 0, 0, 0, 1, 0, 0, 64, 6, 0, 0, 10, 0, 0, 1, 10, 0, 0, 2};
	if (size < 1 || size > 4096)
		return 0;
	uint8_t seg[20 + 4096] = {0};
	size_t opts = size - 1 > 40 ? 40 : size - 1;
	seg[0] = data[0], seg[1] = 80, seg[2] = 0x1f, seg[3] = 0x90; /* ports */
	seg[12] = (uint8_t)((20 + (opts + 3) / 4 * 4) / 4 << 4);
	seg[13] = data[0], seg[14] = 2;
	memcpy(seg + 20, data + 1, size - 1);
	return fuzz_wrapped(hdr, sizeof hdr, 0, seg, 20 + size - 1);
}
