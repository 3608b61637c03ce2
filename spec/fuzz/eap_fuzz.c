/* eap_fuzz.c - libFuzzer target: EAPOL frames and the EAP packets they
 * carry (every code and request/response type, lengths that disagree)
 * as the printer writes them under -v and -vv, whole and cut; the input
 * is the frame's payload after an Ethernet header of type 0x888e.
 * Built and run by `make fuzz`. */
#include "wrap.h"

int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size)
{
	static const uint8_t hdr[14] = {1, 0x80, 0xc2, 0, 0, 3, 0, 4, 0x23, 0x57, 0xa5, 0x7a,
					0x88, 0x8e};
	return fuzz_ether(hdr, sizeof hdr, data, size);
}
