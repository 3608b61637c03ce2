/* isis_fuzz.c - libFuzzer target: the OSI network layer after LLC's SAP
 * 0xfe (IS-IS's hellos, LSPs, CSNPs, PSNPs and every TLV and sub-TLV;
 * the other NLPIDs) as the printer writes it under -v, -vv, -X and -e,
 * whole and cut; the input is the PDU from its NLPID byte on, in an
 * 802.3 frame whose length field is set. Built and run by `make fuzz`. */
#include "wrap.h"

int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size)
{
	static const uint8_t hdr[17] = {1, 0x80, 0xc2, 0, 0, 0x14, 2, 0, 0,
					0, 0, 1, 0, 0, 0xfe, 0xfe, 3};
	return fuzz_llc(hdr, sizeof hdr, data, size);
}
