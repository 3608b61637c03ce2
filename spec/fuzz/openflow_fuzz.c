/* openflow_fuzz.c - libFuzzer target: OpenFlow 1.0 and 1.3 messages
 * (every message type, matches, actions, ports, queues, statistics,
 * vendor and experimenter messages, HELLO elements) as the printer
 * writes them under -v and -vv, whole and cut; the input is a TCP
 * segment's payload to port 6653. Built and run by `make fuzz`. */
#include "wrap.h"

int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size)
{
	static const uint8_t hdr[54] = {
		2, 0, 0, 0, 0, 2, 2, 0, 0, 0, 0, 1, 8, 0,
		0x45, 0, 0, 0, 0, 1, 0, 0, 64, 6, 0, 0, 10, 0, 0, 1, 10, 0, 0, 2,
		0x9c, 0x40, 0x19, 0xfd, 0, 0, 0, 1, 0, 0, 0, 1, 0x50, 0x18, 3, 0xe8, 0, 0, 0, 0};
	return fuzz_wrapped(hdr, sizeof hdr, 0, data, size);
}
