/* dhcp6_fuzz.c - libFuzzer target: DHCPv6 messages (UDP 546 to 547:
 * client, server and relay messages with every option, relayed
 * messages inside) as the printer writes them under -v and -vv, whole
 * and cut; the input is the message after IPv6 and UDP headers (their
 * lengths set here). Built and run by `make fuzz`. The seeds are the
 * DHCPv6 messages of five of tcpdump's test captures (tcpdump, BSD
 * licence). */
#include "wrap.h"

int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size)
{
	static const uint8_t hdr[62] = {
		0x33, 0x33, 0, 1, 0, 2, 2, 0, 0, 0, 0, 1, 0x86, 0xdd,
		0x60, 0, 0, 0, 0, 0, 17, 1,
		0xfe, 0x80, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 1,
		0xff, 0x02, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 1, 0, 2,
		0x02, 0x22, 0x02, 0x23, 0, 0, 0, 0};
	return fuzz_wrapped(hdr, sizeof hdr, 54, data, size);
}
