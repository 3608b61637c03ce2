/* mpls_fuzz.c - libFuzzer target: MPLS label stacks and the packets
 * they carry (IPv4, IPv6, OSI, hex) as the printer writes them under
 * -v and -vv, whole and cut; the input follows an Ethernet header of
 * EtherType 0x8847. Built and run by `make fuzz`. */
#include "wrap.h"

int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size)
{
	static const uint8_t hdr[14] = {2, 0, 0, 0, 0, 2, 2, 0, 0, 0, 0, 1, 0x88, 0x47};
	return fuzz_ether(hdr, sizeof hdr, data, size);
}
