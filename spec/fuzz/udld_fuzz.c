/* udld_fuzz.c - libFuzzer target: Cisco UDLD messages (every TLV,
 * lengths that do not add up) as the printer writes them under -v and
 * -vv, whole and cut; the input is the message after an 802.3 header
 * whose length says it, LLC and SNAP (0x00000c/0x0111). Built and run
 * by `make fuzz`. */
#include "wrap.h"

int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size)
{
	static const uint8_t hdr[22] = {
	    1, 0, 0x0c, 0xcc, 0xcc, 0xcc, 2, 0, 0,    0, 0,
	    1, 0, 0,	0xaa, 0xaa, 3,	  0, 0, 0x0c, 1, 0x11};
	if (size < 1 || size > 1400)
		return 0;
	uint8_t f[sizeof hdr + 1400];
	memcpy(f, hdr, sizeof hdr);
	memcpy(f + sizeof hdr, data, size);
	f[12] = (uint8_t)((size + 8) >> 8), f[13] = (uint8_t)(size + 8);
	fuzz_print_frame(f, sizeof hdr + size, data[0] % 64);
	return 0;
}
