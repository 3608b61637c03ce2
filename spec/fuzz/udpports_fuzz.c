/* udpports_fuzz.c - libFuzzer target: UDP datagrams dispatched by port
 * as tcpdump's udp_print does (multicast DNS, ESP over UDP 4500, NAT-T
 * keepalives and every other printer a port reaches), under -v and
 * -vv, whole and cut; the input is the UDP header (its ports chosen by
 * the fuzzer, its length set here) and payload. Built by `make fuzz`. */
#include "wrap.h"

int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size)
{
	static const uint8_t hdr[34] = {
		1, 0, 0x5e, 0, 0, 0xfb, 2, 0, 0, 0, 0, 1, 8, 0,
		0x45, 0, 0, 0, 0, 1, 0, 0, 64, 17, 0, 0, 10, 0, 0, 1, 224, 0, 0, 251};
	if (size < 8)
		return 0;
	return fuzz_wrapped(hdr, sizeof hdr, 34, data, size);
}
