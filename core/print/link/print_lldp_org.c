/* print_lldp_org.c - LLDP's IEEE 802.1 and 802.3 organization TLVs
 * (VLANs, link aggregation, data center bridging; MAC/PHY, power, frame
 * size), as tcpdump's lldp_private_8021_print and _8023_print write
 * them under -v. */
#include "print_priv.h"

/* "\n\t     Priority : 0  1 ..." and the 8 bits of B, as the DCB TLVs
 * print their per-priority flags. */
static void bits8(nlab_pctx *c, const char *title, uint8_t b)
{
	nlab_strbuf_printf(c->out, "\n\t    %s\n\t     Priority : 0  1  2  3  4  5  6  7"
				   "\n\t     Value    : ", title);
	for (int i = 0; i < 8; i++)
		nlab_strbuf_printf(c->out, "%-2d ", (b >> i) & 1);
}

/* The ETS priority assignment, bandwidth and TSA tables at OFF. */
static void ets_tables(nlab_pctx *c, nlab_view v, size_t off)
{
	nlab_p_puts(c, "\n\t    Priority Assignment Table\n\t     Priority : 0   1   2   3   4   5   6   7"
		       "\n\t     Value    :");
	for (int i = 0; i < 4; i++) {
		uint8_t b = nlab_get8(v, off + i);
		nlab_strbuf_printf(c->out, " %-3d %-3d", b >> 4, b & 15);
	}
	static const char *const head[] = {
		"\n\t    TC Bandwidth Table\n\t     TC%   : 0   1   2   3   4   5   6   7\n\t     Value :",
		"\n\t    TSA Assignment Table\n\t     Traffic Class: 0   1   2   3   4   5   6   7"
		"\n\t     Value        :"};
	for (int t = 0; t < 2; t++) {
		nlab_p_puts(c, head[t]);
		for (int i = 0; i < 8; i++)
			nlab_strbuf_printf(c->out, " %-3d", nlab_get8(v, off + 4 + 8 * t + i));
	}
}

/* The name of 802.1 subtype S. */
static const char *name_8021(uint8_t s)
{
	static const char *const n[] = {
		NULL, "Port VLAN Id", "Port and Protocol VLAN ID", "VLAN name", "Protocol Identity",
		NULL, NULL, "Link aggregation", "Congestion Notification", "ETS Configuration",
		"ETS Recommendation", "Priority Flow Control Configuration", "Application Priority",
		"EVB", "CDCP"};
	return s < 15 && n[s] ? n[s] : "unknown";
}

/* 802.1's VLAN and protocol subtypes (S at OFF + 3, LEN bytes). */
static int vlans(nlab_pctx *c, nlab_view v, size_t off, uint32_t len, uint8_t s)
{
	static const nlab_bitname ppvid[] = {{2, "supported"}, {4, "enabled"}, {0, NULL}};
	if (s == 1) {
		if (len >= 6)
			nlab_strbuf_printf(c->out, "\n\t    port vlan id (PVID): %u", nlab_get16(v, off + 4));
	} else if (s == 2) {
		if (len < 7)
			return 0;
		nlab_strbuf_printf(c->out, "\n\t    port and protocol vlan id (PPVID): %u, flags [",
				   nlab_get16(v, off + 5));
		nlab_p_bits(c, ppvid, nlab_get8(v, off + 4), ", ", "none");
		nlab_strbuf_printf(c->out, "] (0x%02x)", nlab_get8(v, off + 4));
	} else {
		size_t at = off + (s == 3 ? 6 : 4);
		if (s == 3) {
			if (len < 6)
				return 0;
			nlab_strbuf_printf(c->out, "\n\t    vlan id (VID): %u", nlab_get16(v, off + 4));
		}
		if (len < at - off + 1)
			return 0;
		uint8_t n = nlab_get8(v, at);
		if (len < at - off + 1 + n)
			return 0;
		nlab_p_puts(c, s == 3 ? "\n\t    vlan name: " : "\n\t    protocol identity: ");
		for (size_t i = 0; i < n && nlab_get8(v, at + 1 + i); i++)
			nlab_p_char(c, nlab_get8(v, at + 1 + i));
	}
	return 0;
}

/* Link aggregation's status and port (802.1 and 802.3 alike). */
static void aggregation(nlab_pctx *c, nlab_view v, size_t off)
{
	static const nlab_bitname agg[] = {{1, "supported"}, {2, "enabled"}, {0, NULL}};
	nlab_p_puts(c, "\n\t    aggregation status [");
	nlab_p_bits(c, agg, nlab_get8(v, off + 4), ", ", "none");
	nlab_strbuf_printf(c->out, "], aggregation port ID %u", nlab_get32(v, off + 5));
}

/* 802.1's data center bridging subtypes 8 to 12. */
static void dcb(nlab_pctx *c, nlab_view v, size_t off, uint32_t len, uint8_t s)
{
	static const uint32_t min[] = {6, 25, 25, 6, 5};
	if (len < min[s - 8])
		return;
	uint8_t b = nlab_get8(v, off + 4);
	if (s == 8) {
		bits8(c, "Pre-Priority CNPV Indicator", b);
		bits8(c, "Pre-Priority Ready Indicator", nlab_get8(v, off + 5));
	} else if (s == 9 || s == 10) {
		if (s == 9)
			nlab_strbuf_printf(c->out, "\n\t    Willing:%u, CBS:%u, RES:%u, Max TCs:%u", b >> 7,
					   (b >> 6) & 2, (b >> 3) & 7, b & 7);
		else
			nlab_strbuf_printf(c->out, "\n\t    RES: %u", b);
		ets_tables(c, v, off + 5);
	} else if (s == 11) {
		nlab_strbuf_printf(c->out, "\n\t    Willing: %u, MBC: %u, RES: %u, PFC cap:%u ", b >> 7,
				   (b >> 6) & 1, (b >> 4) & 3, b & 15);
		nlab_p_puts(c, "\n\t    PFC Enable");
		uint8_t e = nlab_get8(v, off + 5);
		nlab_p_puts(c, "\n\t     Priority : 0  1  2  3  4  5  6  7\n\t     Value    : ");
		for (int i = 0; i < 8; i++)
			nlab_strbuf_printf(c->out, "%-2d ", (e >> i) & 1);
	} else {
		nlab_strbuf_printf(c->out, "\n\t    RES: %u", b);
		if (len <= 5 || (len - 5) % 3)
			return;
		nlab_p_puts(c, "\n\t    Application Priority Table");
		for (uint32_t i = 0; i < len - 5; i += 3) {
			uint8_t t = nlab_get8(v, off + 5 + i);
			nlab_strbuf_printf(c->out, "\n\t      Priority: %u, RES: %u, Sel: %u, Protocol ID: %u",
					   t >> 5, (t >> 3) & 3, t & 7, nlab_get16(v, off + 6 + i));
		}
	}
}

/* 802.1's EVB (13) and CDCP (14) subtypes. */
static void evb(nlab_pctx *c, nlab_view v, size_t off, uint32_t len, uint8_t s)
{
	static const char *const modes[] = {"Not Supported", "EVB Bridge", "EVB Station",
					    "Reserved for future Standardization"};
	uint8_t b = nlab_get8(v, off + 4);
	if (s == 14) {
		if (len < 8)
			return;
		nlab_strbuf_printf(c->out, "\n\t    Role: %u, RES: %u, Scomp: %u ChnCap: %u", b >> 7,
				   (b >> 4) & 7, (b >> 3) & 1, nlab_get16(v, off + 6) & 0xfff);
		if ((len - 8) % 3)
			return;
		for (uint32_t i = 0; i < len - 8; i += 3) {
			uint32_t t = nlab_get24(v, off + 8 + i);
			nlab_strbuf_printf(c->out, "\n\t    SCID: %u, SVID: %u", t >> 12, t & 0xfff);
		}
		return;
	}
	if (len < 9)
		return;
	nlab_strbuf_printf(c->out, "\n\t    EVB Bridge Status\n\t      RES: %u, BGID: %u, RRCAP: %u, RRCTR: %u",
			   b >> 3, (b >> 2) & 1, (b >> 1) & 1, b & 1);
	b = nlab_get8(v, off + 5);
	nlab_strbuf_printf(c->out, "\n\t    EVB Station Status\n\t      RES: %u, SGID: %u, RRREQ: %u,RRSTAT: %u",
			   b >> 4, (b >> 3) & 1, (b >> 2) & 1, b & 3);
	b = nlab_get8(v, off + 6);
	nlab_strbuf_printf(c->out, "\n\t    R: %u, RTE: %u, ", b >> 5, b & 0x1f);
	b = nlab_get8(v, off + 7);
	nlab_strbuf_printf(c->out, "EVB Mode: %s [%u]\n\t    ROL: %u, RWD: %u, ", modes[b >> 6], b >> 6,
			   (b >> 5) & 1, b & 0x1f);
	b = nlab_get8(v, off + 8);
	nlab_strbuf_printf(c->out, "RES: %u, ROL: %u, RKA: %u", b >> 6, (b >> 5) & 1, b & 0x1f);
}

int nlab_p_lldp_8021(nlab_pctx *c, nlab_view v, size_t off, uint32_t len)
{
	if (len < 4)
		return 0;
	uint8_t s = nlab_get8(v, off + 3);
	nlab_strbuf_printf(c->out, "\n\t  %s Subtype (%u)", name_8021(s), s);
	if (s >= 1 && s <= 4)
		return vlans(c, v, off, len, s);
	if (s == 7) {
		if (len >= 9)
			aggregation(c, v, off);
	} else if (s >= 8 && s <= 12) {
		dcb(c, v, off, len, s);
	} else if (s == 13 || s == 14) {
		evb(c, v, off, len, s);
	} else {
		return 1;
	}
	return 0;
}

/* tcpdump's lldp_mau_types_values. */
static const char *mau_name(uint16_t m)
{
	static const char *const n[] = {
		"Unknown", "AUI", "10BASE_5", "FOIRL", "10BASE2", "10BASET duplex mode unknown",
		"10BASEFP", "10BASEFB", "10BASEFL duplex mode unknown", "10BROAD36", "10BASET hdx",
		"10BASET fdx", "10BASEFL hdx", "10BASEFL fdx", "100BASET4", "100BASETX hdx",
		"100BASETX fdx", "100BASEFX hdx", "100BASEFX fdx", "100BASET2 hdx", "100BASET2 fdx",
		"1000BASEX hdx", "1000BASEX fdx", "1000BASELX hdx", "1000BASELX fdx", "1000BASESX hdx",
		"1000BASESX fdx", "1000BASECX hdx", "1000BASECX fdx", "1000BASET hdx", "1000BASET fdx",
		"10GBASEX", "10GBASELX4", "10GBASER", "10GBASEER", "10GBASELR", "10GBASESR",
		"10GBASEW", "10GBASEEW", "10GBASELW", "10GBASESW"};
	return m < 41 ? n[m] : "unknown";
}

/* 802.3's MAC/PHY configuration (LEN >= 9 bytes at OFF). */
static void macphy(nlab_pctx *c, nlab_view v, size_t off)
{
	static const nlab_bitname an[] = {{1, "supported"}, {2, "enabled"}, {0, NULL}};
	static const nlab_bitname pmd[] = {
		{1 << 14, "10BASE-T hdx"}, {1 << 13, "10BASE-T fdx"}, {1 << 12, "100BASE-T4"},
		{1 << 11, "100BASE-TX hdx"}, {1 << 10, "100BASE-TX fdx"}, {1 << 9, "100BASE-T2 hdx"},
		{1 << 8, "100BASE-T2 fdx"}, {1 << 7, "Pause for fdx links"},
		{1 << 6, "Asym PAUSE for fdx"}, {1 << 5, "Sym PAUSE for fdx"},
		{1 << 4, "Asym and Sym PAUSE for fdx"}, {1 << 3, "1000BASE-{X LX SX CX} hdx"},
		{1 << 2, "1000BASE-{X LX SX CX} fdx"}, {1 << 1, "1000BASE-T hdx"},
		{1, "1000BASE-T fdx"}, {0, NULL}};
	uint8_t a = nlab_get8(v, off + 4);
	uint16_t p = nlab_get16(v, off + 5), m = nlab_get16(v, off + 7);
	nlab_p_puts(c, "\n\t    autonegotiation [");
	nlab_p_bits(c, an, a, ", ", "none");
	nlab_strbuf_printf(c->out, "] (0x%02x)\n\t    PMD autoneg capability [", a);
	nlab_p_bits(c, pmd, p, ", ", "unknown");
	nlab_strbuf_printf(c->out, "] (0x%04x)\n\t    MAU type %s (0x%04x)", p, mau_name(m), m);
}

/* 802.3's power via MDI (LEN >= 7 bytes at OFF). */
static void mdi_power(nlab_pctx *c, nlab_view v, size_t off)
{
	static const nlab_bitname mdi[] = {{1, "PSE"}, {2, "supported"}, {4, "enabled"},
					   {8, "can be controlled"}, {0, NULL}};
	static const char *const cls[] = {NULL, "class0", "class1", "class2", "class3", "class4"};
	uint8_t pair = nlab_get8(v, off + 5), k = nlab_get8(v, off + 6);
	nlab_p_puts(c, "\n\t    MDI power support [");
	nlab_p_bits(c, mdi, nlab_get8(v, off + 4), ", ", "none");
	nlab_strbuf_printf(c->out, "], power pair %s, power class %s",
			   pair == 1 ? "signal" : pair == 2 ? "spare" : "unknown",
			   k >= 1 && k <= 5 ? cls[k] : "unknown");
}

int nlab_p_lldp_8023(nlab_pctx *c, nlab_view v, size_t off, uint32_t len)
{
	static const char *const n[] = {NULL, "MAC/PHY configuration/status", "Power via MDI",
					"Link aggregation", "Max frame size"};
	if (len < 4)
		return 0;
	uint8_t s = nlab_get8(v, off + 3);
	nlab_strbuf_printf(c->out, "\n\t  %s Subtype (%u)", s >= 1 && s <= 4 ? n[s] : "unknown", s);
	switch (s) {
	case 1:
		if (len >= 9)
			macphy(c, v, off);
		return 0;
	case 2:
		if (len >= 7)
			mdi_power(c, v, off);
		return 0;
	case 3:
		if (len >= 9)
			aggregation(c, v, off);
		return 0;
	case 4:
		if (len >= 6)
			nlab_strbuf_printf(c->out, "\n\t    MTU size %u", nlab_get16(v, off + 4));
		return 0;
	default:
		return 1;
	}
}
