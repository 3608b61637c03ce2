/* print_gmpls.c - GMPLS's names (RFC 3471) that OSPF's and IS-IS's
 * traffic engineering printers share, as tcpdump's gmpls.c tables them. */
#include "print_priv.h"

const char *nlab_p_gmpls_switch_cap(uint8_t s)
{
	switch (s) {
	case 1: return "Packet-Switch Capable-1";
	case 2: return "Packet-Switch Capable-2";
	case 3: return "Packet-Switch Capable-3";
	case 4: return "Packet-Switch Capable-4";
	case 51: return "Layer-2 Switch Capable";
	case 100: return "Time-Division-Multiplex";
	case 150: return "Lambda-Switch Capable";
	case 200: return "Fiber-Switch Capable";
	default: return "Unknown";
	}
}

const char *nlab_p_gmpls_encoding(uint8_t e)
{
	static const char *const n[] = {NULL, "Packet", "Ethernet V2/DIX", "ANSI/ETSI PDH",
					"Reserved", "SDH ITU-T G.707/SONET ANSI T1.105",
					"Reserved", "Digital Wrapper", "Lambda (photonic)",
					"Fiber", "Reserved", "FiberChannel"};
	return e < 12 && n[e] ? n[e] : "Unknown";
}
