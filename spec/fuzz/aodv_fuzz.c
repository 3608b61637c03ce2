/* aodv_fuzz.c - libFuzzer target: AODV messages (requests, replies and
 * their extensions, errors, the IPv6 draft's types) as the printer
 * writes them, whole and cut; the input is the payload of a UDP
 * datagram to port 654 over IPv4. Built and run by `make fuzz`. */
#include "wrap.h"

int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size)
{
	static const uint8_t hdr[42] = {
		2, 0, 0, 0, 0, 2, 2, 0, 0, 0, 0, 1, 8, 0,
		0x45, 0, 0, 0, 0, 1, 0, 0, 64, 17, 0, 0, 10, 0, 0, 1, 10, 0, 0, 2,
		0x02, 0x8e, 0x02, 0x8e, 0, 0, 0, 0};
	return fuzz_wrapped(hdr, sizeof hdr, 34, data, size);
}
