/* stp_fuzz.c - libFuzzer target: spanning tree BPDUs after LLC SAP 0x42
 * (802.1D config and TCN, RSTP, MSTP with its MSTI records, SPB with
 * its version 4 part) as the printer writes them under -v, -vv, -X, -e,
 * whole and cut; the input is the BPDU from its protocol id on, in an
 * 802.3 frame whose length field is set. Built and run by `make fuzz`. */
#include "wrap.h"

int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size)
{
	static const uint8_t hdr[17] = {1, 0x80, 0xc2, 0, 0, 0, 2, 0, 0,
					0, 0, 1, 0, 0, 0x42, 0x42, 3};
	return fuzz_llc(hdr, sizeof hdr, data, size);
}
