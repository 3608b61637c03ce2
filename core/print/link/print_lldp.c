/* print_lldp.c - LLDP (EtherType 0x88cc), as tcpdump's print-lldp.c
 * writes it: "LLDP, length N" and the system name; under -v every TLV
 * a line: chassis and port IDs, TTL, descriptions, capabilities,
 * management addresses, and the IEEE 802.1, 802.3, IANA, TIA (LLDP-MED)
 * and DCBX organization TLVs. */
#include "print_priv.h"

/* Appends at most N bytes at OFF, stopping at a NUL (nd_printjnp). */
static void printjnp(nlab_pctx *c, nlab_view v, size_t off, size_t n)
{
	for (size_t i = 0; i < n && nlab_get8(v, off + i); i++)
		nlab_p_char(c, nlab_get8(v, off + i));
}

/* The name of TLV type T (lldp_tlv_values). */
static const char *tlv_name(unsigned t)
{
	static const char *const n[] = {"End", "Chassis ID", "Port ID", "Time to Live",
					"Port Description", "System Name", "System Description",
					"System Capabilities", "Management Address"};
	return t < 9 ? n[t] : t == 127 ? "Organization specific" : "Unknown";
}

/* tcpdump's af_values, as far as LLDP addresses go. */
static const char *af_name(uint8_t af)
{
	static const char *const n[] = {"Reserved", "IPv4", "IPv6", "NSAP", "HDLC", "BBN 1822",
					"802", "E.163", "E.164", "F.69", "X.121", "Novell IPX",
					"Appletalk", "Decnet IV", "Banyan Vines",
					"E.164 with NSAP subaddress"};
	return af < 16 ? n[af] : af == 25 ? "VPLS" : af == 196 ? "Layer-2 VPN" : "Unknown";
}

/* The address bytes family AF needs (0: one LLDP does not print). */
static uint32_t af_len(uint8_t af)
{
	return af == 1 ? 4 : af == 2 ? 16 : af == 6 ? 6 : 0;
}

/* Whether a network address of LEN bytes at OFF can be printed. */
static int net_addr_ok(nlab_view v, size_t off, uint32_t len)
{
	return len >= 1 && len - 1 >= af_len(nlab_get8(v, off));
}

/* A network address of LEN bytes at OFF ("AFI IPv4 (1): 10.0.0.1");
 * 0 when too short for its family. */
static int net_addr(nlab_pctx *c, nlab_view v, size_t off, uint32_t len)
{
	if (!net_addr_ok(v, off, len))
		return 0;
	uint8_t af = nlab_get8(v, off);
	uint32_t need = af_len(af);
	nlab_strbuf_printf(c->out, "AFI %s (%u)", af_name(af), af);
	if (!need) {
		nlab_p_puts(c, ", no AF printer !");
		return 1;
	}
	nlab_p_puts(c, ": ");
	if (af == 1)
		nlab_p_ip4(c, v, off + 1);
	else if (af == 2)
		nlab_p_ip6addr(c, v, off + 1);
	else
		nlab_p_mac(c, v, off + 1, 6);
	return 1;
}

/* A chassis (PORT 0) or port ID's subtype and value (LEN bytes at
 * OFF): 1 when its bytes are to be dumped, -1 when too short. */
static int id_tlv(nlab_pctx *c, nlab_view v, size_t off, uint32_t len, int port)
{
	static const char *const chassis[] = {NULL, "Chassis component", "Interface alias",
					      "Port component", "MAC address", "Network address",
					      "Interface name", "Local"};
	static const char *const ports[] = {NULL, "Interface alias", "Port component",
					    "MAC address", "Network Address", "Interface Name",
					    "Agent circuit ID", "Local"};
	if (len < 2)
		return -1;
	uint8_t s = nlab_get8(v, off);
	const char *n = s >= 1 && s <= 7 ? (port ? ports[s] : chassis[s]) : "Unknown";
	nlab_strbuf_printf(c->out, "\n\t  Subtype %s (%u): ", n, s);
	uint8_t mac = port ? 3 : 4, net = port ? 4 : 5;
	if (s == mac) {
		if (len < 7)
			return -1;
		nlab_p_mac(c, v, off + 1, 6);
	} else if (s == net) {
		if (!net_addr(c, v, off + 1, len - 1))
			return -1;
	} else if (s >= 1 && s <= 7) {
		printjnp(c, v, off + 1, len - 1);
	} else {
		return 1;
	}
	return 0;
}

/* The management address TLV (LEN bytes at OFF); 0 when malformed. */
static int mgmt_addr(nlab_pctx *c, nlab_view v, size_t off, uint32_t len)
{
	if (len < 1)
		return 0;
	uint8_t alen = nlab_get8(v, off);
	off++, len--;
	if (len < alen)
		return 0;
	if (!net_addr_ok(v, off, alen))
		return 0;
	nlab_strbuf_printf(c->out, "\n\t  Management Address length %u, ", alen);
	net_addr(c, v, off, alen);
	off += alen, len -= alen;
	if (len < 5)
		return 0;
	uint8_t s = nlab_get8(v, off);
	nlab_strbuf_printf(c->out, "\n\t  %s Interface Numbering (%u): %u",
			   s == 2 ? "Interface Index" : s == 3 ? "System Port Number" : "Unknown", s,
			   nlab_get32(v, off + 1));
	off += 5, len -= 5;
	if (len) {
		uint8_t olen = nlab_get8(v, off);
		if (len < 1u + olen)
			return 0;
		if (olen) {
			nlab_strbuf_printf(c->out, "\n\t  OID length %u", olen);
			printjnp(c, v, off + 1, olen);
		}
	}
	return 1;
}

const char *nlab_p_oui_name(uint32_t o)
{
	switch (o) {
	case 0x000000: return "Ethernet";
	case 0x00000c: return "Cisco";
	case 0x00005e: return "IANA";
	case 0x000081: return "Nortel Networks SONMP";
	case 0x0000f8: return "Cisco bridged";
	case 0x0080c2: return "Ethernet bridged";
	case 0x00a03e: return "ATM Forum";
	case 0x00e02f: return "DOCSIS Spanning Tree";
	case 0x080007: return "Appletalk";
	case 0x009069: return "Juniper";
	case 0x080009: return "Hewlett-Packard";
	case 0x00120f: return "IEEE 802.3 Private";
	case 0x0012bb: return "ANSI/TIA";
	case 0x001b21: return "DCBX";
	case 0x002320: return "Nicira Networks";
	case 0x5c16c7: return "Big Switch Networks";
	case 0xb0d2f5: return "Vello Systems";
	case 0x002481: return "HP";
	case 0x0004ea: return "HP-Labs";
	case 0x748771: return "Infoblox Inc";
	case 0xa42305: return "Open Networking Lab";
	case 0x00049f: return "Freescale";
	case 0x0015ad: return "Netronome";
	case 0x001018: return "Broadcom";
	case 0x00e004: return "PMC-Sierra";
	case 0xd0f0db: return "Ericsson";
	default: return NULL;
	}
}

/* The IANA organization TLV (LEN bytes at OFF): 1 to dump its bytes. */
static int iana(nlab_pctx *c, nlab_view v, size_t off, uint32_t len)
{
	if (len < 8)
		return 0;
	uint8_t s = nlab_get8(v, off + 3);
	nlab_strbuf_printf(c->out, "\n\t  %s Subtype (%u)", s == 1 ? "MUD-URL" : "unknown", s);
	if (s != 1)
		return 1;
	nlab_p_puts(c, "\n\t  MUD-URL=");
	nlab_p_printn(c, v, off + 4, len - 4);
	return 0;
}

/* An organization specific TLV (LEN bytes at OFF): its OUI and what
 * follows; 1 to dump its bytes, -1 when too short. */
static int org_tlv(nlab_pctx *c, nlab_view v, size_t off, uint32_t len)
{
	if (len < 3)
		return -1;
	uint32_t oui = nlab_get24(v, off);
	const char *name = nlab_p_oui_name(oui);
	nlab_strbuf_printf(c->out, ": OUI %s (0x%06x)", name ? name : "Unknown", oui);
	switch (oui) {
	case 0x0080c2: return nlab_p_lldp_8021(c, v, off, len);
	case 0x00120f: return nlab_p_lldp_8023(c, v, off, len);
	case 0x00005e: return iana(c, v, off, len);
	case 0x0012bb: return nlab_p_lldp_tia(c, v, off, len);
	case 0x001b21: return nlab_p_lldp_dcbx(c, v, off, len);
	default: return 1;
	}
}

/* The system capabilities TLV (LEN bytes at OFF); -1 when too short. */
static int caps(nlab_pctx *c, nlab_view v, size_t off, uint32_t len)
{
	static const nlab_bitname names[] = {
		{1, "Other"}, {2, "Repeater"}, {4, "Bridge"}, {8, "WLAN AP"}, {16, "Router"},
		{32, "Telephone"}, {64, "Docsis"}, {128, "Station Only"}, {0, NULL}};
	if (len < 4)
		return -1;
	for (int i = 0; i < 2; i++) {
		uint16_t cap = nlab_get16(v, off + 2 * i);
		nlab_p_puts(c, i ? "\n\t  Enabled Capabilities [" : "\n\t  System  Capabilities [");
		nlab_p_bits(c, names, cap, ", ", "none");
		nlab_strbuf_printf(c->out, "] (0x%04x)", cap);
	}
	return 0;
}

/* The value of TLV T (LEN bytes at OFF, all captured) under -v: 1 to
 * dump its bytes, -1 when it is too short (tcpdump's trunc). */
static int tlv_value(nlab_pctx *c, nlab_view v, size_t off, unsigned t, uint32_t len)
{
	switch (t) {
	case 1: case 2:
		return id_tlv(c, v, off, len, t == 2);
	case 3:
		if (len < 2)
			return -1;
		nlab_strbuf_printf(c->out, ": TTL %us", nlab_get16(v, off));
		return 0;
	case 4: case 6:
		nlab_p_puts(c, t == 4 ? ": " : "\n\t  ");
		printjnp(c, v, off, len);
		return 0;
	case 7:
		return caps(c, v, off, len);
	case 8:
		return mgmt_addr(c, v, off, len) ? 0 : -1;
	case 127:
		return org_tlv(c, v, off, len);
	default:
		return 1;
	}
}

int nlab_p_lldp(nlab_pctx *c, nlab_view v, uint32_t len)
{
	c->proto = "lldp";
	nlab_strbuf_printf(c->out, "LLDP, length %u", len);
	size_t off = 0;
	for (uint32_t left = len; left >= 2;) {
		if (!nlab_view_has(v, off, 2))
			return NLAB_P_ETRUNC;
		uint16_t tlv = nlab_get16(v, off);
		unsigned t = tlv >> 9, l = tlv & 0x1ff;
		off += 2, left -= 2;
		if (c->o->v)
			nlab_strbuf_printf(c->out, "\n\t%s TLV (%u), length %u", tlv_name(t), t, l);
		if (!t || !l)
			break;
		if (!nlab_view_has(v, off, l) || left < l)
			return NLAB_P_ETRUNC;
		int dump = 0;
		if (t == 5) {
			nlab_p_puts(c, ": ");
			printjnp(c, v, off, l);
		} else if (c->o->v) {
			dump = tlv_value(c, v, off, t, l);
			if (dump < 0)
				return NLAB_P_ETRUNC;
		}
		if (c->o->v > 1 || (c->o->v && dump))
			nlab_p_hexdump(c, v, off, l, "\n\t  ");
		off += l, left -= l;
	}
	return NLAB_P_OK;
}
