/* ppp_fuzz.c - libFuzzer target: PPP frames (DLT_PPP, DLT_PPP_PPPD,
 * DLT_PPP_SERIAL and DLT_PPP_ETHER, the first byte picking: address,
 * control and protocol, the control protocols and their options, CHAP,
 * PAP, multilink, escaped frames, PPPoE's tags and sessions, IPv4, IPv6,
 * MPLS, OSI, IPX inside) as the printer writes them under -v, -vv, -X,
 * -e and -q, whole and cut at the first byte's count. Built and run by
 * `make fuzz`. */
#include "wrap.h"

int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size)
{
	if (size < 1 || size > 65000)
		return 0;
	static const int lt[] = {DLT_PPP, DLT_PPP_SERIAL, DLT_PPP_ETHER, DLT_PPP_PPPD};
	size_t cut = data[0] % 32;
	int link = lt[(data[0] >> 5) % 4];
	fuzz_print_link_eq(link, data, size, cut);
	return 0;
}
