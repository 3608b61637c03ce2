/* forces_fuzz.c - libFuzzer target: ForCES messages (the header, the
 * top-level TLVs, LFB selectors, operations, path data and the data
 * TLVs in them, redirect metadata) as the printer writes them under
 * -v and -vv, whole and cut; the input is the payload of an SCTP DATA
 * chunk to port 6704, the chunk's and IPv4's lengths set here. Built and
 * run by `make fuzz`; its seeds are messages of spec/forces_spec.lua. */
#include "wrap.h"

int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size)
{
	static const uint8_t hdr[62] = {
		2, 0, 0, 0, 0, 2, 2, 0, 0, 0, 0, 1, 8, 0,
		0x45, 0, 0, 0, 0, 1, 0x40, 0, 64, 132, 0, 0, 10, 0, 0, 1, 10, 0, 0, 2,
		0x9c, 0x40, 0x1a, 0x30, 1, 2, 3, 4, 0, 0, 0, 0,
		0, 3, 0, 0, 0, 0, 0, 7, 0, 0, 0, 1, 0, 0, 0, 0};
	if (size < 1 || size > 65000 - sizeof hdr)
		return 0;
	uint8_t *f = malloc(sizeof hdr + size);
	if (!f)
		return 0;
	memcpy(f, hdr, sizeof hdr);
	memcpy(f + sizeof hdr, data, size);
	size_t total = sizeof hdr + size, chunk = 16 + size;
	f[16] = (uint8_t)((total - 14) >> 8), f[17] = (uint8_t)(total - 14);
	f[48] = (uint8_t)(chunk >> 8), f[49] = (uint8_t)chunk;
	fuzz_print_frame(f, total, data[0] % 64);
	free(f);
	return 0;
}
