/* msnlb_fuzz.c - libFuzzer target: MS NLB heartbeats as the printer
 * writes them under -v and -vv, whole and cut; the input is the message
 * after an Ethernet header of type 0x886f. Built and run by `make fuzz`. */
#include "wrap.h"

int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size)
{
	static const uint8_t hdr[14] = {0xff, 0xff, 0xff, 0xff, 0xff,
					0xff, 2,    2,	  192,	168,
					100,  80,   0x88, 0x6f};
	return fuzz_ether(hdr, sizeof hdr, data, size);
}
