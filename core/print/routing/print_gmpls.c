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

const char *nlab_p_gmpls_payload(uint16_t g)
{
	static const char *const n[] = {
		"Unknown", "Reserved", "Reserved", "Reserved", "Reserved", "Asynchronous mapping of E4",
		"Asynchronous mapping of DS3/T3", "Asynchronous mapping of E3",
		"Bit synchronous mapping of E3", "Byte synchronous mapping of E3",
		"Asynchronous mapping of DS2/T2", "Bit synchronous mapping of DS2/T2", "Reserved",
		"Asynchronous mapping of E1", "Byte synchronous mapping of E1",
		"Byte synchronous mapping of 31 * DS0", "Asynchronous mapping of DS1/T1",
		"Bit synchronous mapping of DS1/T1", "Byte synchronous mapping of DS1/T1",
		"VC-11 in VC-12", "Reserved", "Reserved", "DS1 SF Asynchronous", "DS1 ESF Asynchronous",
		"DS3 M23 Asynchronous", "DS3 C-Bit Parity Asynchronous", "VT/LOVC", "STS SPE/HOVC",
		"POS - No Scrambling, 16 bit CRC", "POS - No Scrambling, 32 bit CRC",
		"POS - Scrambling, 16 bit CRC", "POS - Scrambling, 32 bit CRC", "ATM mapping",
		"Ethernet PHY", "SONET/SDH", "Reserved (SONET deprecated)", "Digital Wrapper", "Lambda",
		"ANSI/ETSI PDH", "Reserved", "Link Access Protocol SDH (X.85 and X.86)", "FDDI",
		"DQDB (ETSI ETS 300 216)", "FiberChannel-3 (Services)", "HDLC", "Ethernet V2/DIX (only)",
		"Ethernet 802.3 (only)", "G.709 ODUj", "G.709 OTUk(v)", "CBR/CBRa", "CBRb", "BSOT",
		"BSNT", "IP/PPP (GFP)", "Ethernet MAC (framed GFP)", "Ethernet PHY (transparent GFP)",
		"ESCON", "FICON", "Fiber Channel"};
	return g < sizeof n / sizeof n[0] ? n[g] : "Unknown";
}
