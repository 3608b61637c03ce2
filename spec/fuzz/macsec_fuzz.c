/* macsec_fuzz.c - libFuzzer target: IEEE 802.1AE MACsec frames (SecTAG
 * flags, SCI, short lengths, encrypted payloads, the frame in clear) as
 * the printer writes them under -v, -vv, -X and -e, whole and cut; the
 * input follows an Ethernet header of type 0x88e5. Built and run by
 * `make fuzz`. */
#include "wrap.h"

int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size)
{
	static const uint8_t hdr[14] = {0x3e, 0x6f, 0xf3, 0x74, 0x23, 0x7c, 0x2e,
					0xb7, 0x3f, 0x39, 0x95, 0xc3, 0x88, 0xe5};
	return fuzz_ether(hdr, sizeof hdr, data, size);
}
