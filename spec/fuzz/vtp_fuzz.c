/* vtp_fuzz.c - libFuzzer target: VTP messages (every type, a subset's
 * VLANs and their TLVs) as the printer writes them under -v and -vv,
 * whole and cut; the input is the message in an 802.3 frame with
 * Cisco's SNAP header (PID 0x2003), its length field right. Built and
 * run by `make fuzz`. */
#include "wrap.h"

int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size)
{
	static const uint8_t hdr[22] = {1,    0,    12, 0xcc, 0xcc, 0xcc, 0,  0x19, 6,    0xea, 0xb8,
					0x85, 0,    0,  0xaa, 0xaa, 3,    0,  0,    12, 0x20, 3};
	if (size < 1 || size > 1400)
		return 0;
	uint8_t *f = malloc(sizeof hdr + size);
	if (!f)
		return 0;
	memcpy(f, hdr, sizeof hdr);
	memcpy(f + sizeof hdr, data, size);
	f[12] = (uint8_t)((size + 8) >> 8), f[13] = (uint8_t)(size + 8);
	fuzz_print_frame(f, sizeof hdr + size, data[0] % 64);
	free(f);
	return 0;
}
