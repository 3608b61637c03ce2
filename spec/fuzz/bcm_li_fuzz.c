/* bcm_li_fuzz.c - libFuzzer target: Broadcom's lawful intercept shim
 * and the packet it carries (Ethernet, IPv4, IPv6, undecided) as the
 * printer writes them under -v and -vv, whole and cut; the input is the
 * shim in a UDP datagram from port 49152. Built and run by `make fuzz`. */
#include "wrap.h"

int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size)
{
	static const uint8_t hdr[42] = {
		0, 0x0c, 0x29, 0xde, 0xa6, 0x48, 2, 0, 0, 0, 0, 1, 8, 0,
		0x45, 0, 0, 0, 0, 1, 0, 0, 59, 17, 0, 0, 10, 0, 0, 1, 10, 0, 0, 2,
		0xc0, 0x00, 0xc0, 0x01, 0, 0, 0, 0};
	return fuzz_wrapped(hdr, sizeof hdr, 34, data, size);
}
