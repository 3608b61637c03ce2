/* lldp_fuzz.c - libFuzzer target: LLDP TLVs (IDs, addresses, the IEEE
 * 802.1/802.3 and IANA organization TLVs) as the printer writes them
 * under -v and -vv, whole and cut; the input is the frame's payload
 * after an Ethernet header of type 0x88cc. Built and run by `make fuzz`. */
#include "wrap.h"

int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size)
{
	/* wrap.h sets an IP length at bytes 16-17: here the value of a
	 * leading TTL TLV, whatever the input says after it */
	static const uint8_t hdr[18] = {
		1, 0x80, 0xc2, 0, 0, 14, 2, 0, 0, 0, 0, 1, 0x88, 0xcc, 0x06, 0x02, 0, 0};
	return fuzz_wrapped(hdr, sizeof hdr, 0, data, size);
}
