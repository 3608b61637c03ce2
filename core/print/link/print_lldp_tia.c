/* print_lldp_tia.c - LLDP's ANSI/TIA-1057 (LLDP-MED) organization TLVs:
 * capabilities, network policy, location (coordinates, civic address,
 * ELIN), extended power via MDI and inventory, as tcpdump's
 * lldp_private_tia_print writes them under -v. */
#include "print_priv.h"

#include <inttypes.h>

/* Appends at most N bytes at OFF, stopping at a NUL (nd_printjnp). */
static void printjnp(nlab_pctx *c, nlab_view v, size_t off, size_t n)
{
	for (size_t i = 0; i < n && nlab_get8(v, off + i); i++)
		nlab_p_char(c, nlab_get8(v, off + i));
}

/* The name of TIA subtype S (lldp_tia_subtype_values). */
static const char *sub_name(uint8_t s)
{
	static const char *const n[] = {
		NULL, "LLDP-MED Capabilities", "Network policy", "Location identification",
		"Extended power-via-MDI", "Inventory - hardware revision",
		"Inventory - firmware revision", "Inventory - software revision",
		"Inventory - serial number", "Inventory - manufacturer name", "Inventory - model name",
		"Inventory - asset ID"};
	return s >= 1 && s <= 11 ? n[s] : "unknown";
}

/* Capabilities (LEN >= 7) and network policy (LEN >= 8) at OFF. */
static void caps_policy(nlab_pctx *c, nlab_view v, size_t off, uint8_t s)
{
	if (s == 1) {
		static const nlab_bitname caps[] = {
			{1, "LLDP-MED capabilities"}, {2, "network policy"}, {4, "location identification"},
			{8, "extended power via MDI-PSE"}, {16, "extended power via MDI-PD"},
			{32, "Inventory"}, {0, NULL}};
		static const char *const dev[] = {NULL, "endpoint class 1", "endpoint class 2",
						  "endpoint class 3", "network connectivity"};
		uint16_t cap = nlab_get16(v, off + 4);
		uint8_t d = nlab_get8(v, off + 6);
		nlab_p_puts(c, "\n\t    Media capabilities [");
		nlab_p_bits(c, caps, cap, ", ", "none");
		nlab_strbuf_printf(c->out, "] (0x%04x)\n\t    Device type [%s] (0x%02x)", cap,
				   d >= 1 && d <= 4 ? dev[d] : "unknown", d);
		return;
	}
	static const char *const app[] = {NULL, "voice", "voice signaling", "guest voice",
					  "guest voice signaling", "softphone voice",
					  "video conferencing", "streaming video", "video signaling"};
	static const nlab_bitname bits[] = {{0x80, "Unknown"}, {0x40, "Tagged"}, {0x20, "reserved"},
					    {0, NULL}};
	uint8_t a = nlab_get8(v, off + 4);
	nlab_strbuf_printf(c->out, "\n\t    Application type [%s] (0x%02x), Flags [",
			   a >= 1 && a <= 8 ? app[a] : "none", a);
	nlab_p_bits(c, bits, nlab_get8(v, off + 5), ", ", "none");
	nlab_strbuf_printf(c->out, "]\n\t    Vlan id %u, L2 priority %u, DSCP value %u",
			   (nlab_get16(v, off + 5) & 0x1ffe) >> 1, (nlab_get16(v, off + 6) & 0x1ff) >> 6,
			   nlab_get16(v, off + 6) & 0x3f);
}

/* 34 bits of latitude or longitude at OFF. */
static uint64_t latlon(nlab_view v, size_t off)
{
	return (uint64_t)(nlab_get8(v, off) & 3) << 32 | nlab_get32(v, off + 1);
}

/* A coordinate-based location (LEN >= 21 bytes at OFF). */
static void coordinates(nlab_pctx *c, nlab_view v, size_t off)
{
	static const char *const datum[] = {NULL, "World Geodesic System 1984",
					    "North American Datum 1983 (NAVD88)",
					    "North American Datum 1983 (MLLW)"};
	uint8_t at = nlab_get8(v, off + 15) >> 4, d = nlab_get8(v, off + 20);
	nlab_strbuf_printf(c->out, "\n\t    Latitude resolution %u, latitude value %" PRIu64,
			   nlab_get8(v, off + 5) >> 2, latlon(v, off + 5));
	nlab_strbuf_printf(c->out, "\n\t    Longitude resolution %u, longitude value %" PRIu64,
			   nlab_get8(v, off + 10) >> 2, latlon(v, off + 10));
	nlab_strbuf_printf(c->out, "\n\t    Altitude type %s (%u)",
			   at == 1 ? "meters" : at == 2 ? "floors" : "unknown", at);
	nlab_strbuf_printf(c->out, "\n\t    Altitude resolution %u, altitude value 0x%x",
			   (nlab_get16(v, off + 15) >> 6) & 0x3f, nlab_get32(v, off + 16) & 0x3fffffff);
	nlab_strbuf_printf(c->out, "\n\t    Datum %s (0x%02x)", d >= 1 && d <= 3 ? datum[d] : "unknown", d);
}

/* A civic address location (LEN bytes at OFF, LEN >= 6). */
static void civic(nlab_pctx *c, nlab_view v, size_t off, uint32_t len)
{
	static const char *const what[] = {"location of DHCP server",
					   "location of the network element believed to be closest to the client",
					   "location of the client"};
	static const char *const ca[] = {
		NULL, "national subdivisions (state,canton,region,province,prefecture)",
		"county, parish, gun, district", "city, township, shi",
		"city division, borough, city district, ward chou", "neighborhood, block", "street"};
	uint32_t lci = nlab_get8(v, off + 5);
	if (lci < 3 || len < 7 + lci)
		return;
	uint8_t w = nlab_get8(v, off + 6);
	nlab_strbuf_printf(c->out, "\n\t    LCI length %u, LCI what %s (0x%02x), Country-code ", lci,
			   w < 3 ? what[w] : "unknown", w);
	printjnp(c, v, off + 7, 2);
	size_t at = off + 9;
	for (lci -= 3; lci > 0;) {
		if (lci < 2)
			return;
		uint8_t t = nlab_get8(v, at), l = nlab_get8(v, at + 1);
		at += 2, lci -= 2;
		nlab_strbuf_printf(c->out, "\n\t      CA type '%s' (%u), length %u: ",
				   t >= 1 && t <= 6 ? ca[t] : "unknown", t, l);
		if (t == 0 || l == 0 || lci < l)
			return;
		printjnp(c, v, at, l);
		at += l, lci -= l;
	}
}

/* The location identification subtype (LEN >= 5 bytes at OFF). */
static void location(nlab_pctx *c, nlab_view v, size_t off, uint32_t len)
{
	static const char *const fmt[] = {NULL, "coordinate-based LCI", "civic address LCI", "ECS ELIN"};
	uint8_t f = nlab_get8(v, off + 4);
	nlab_strbuf_printf(c->out, "\n\t    Location data format %s (0x%02x)",
			   f >= 1 && f <= 3 ? fmt[f] : "unknown", f);
	if (f == 1) {
		if (len >= 21)
			coordinates(c, v, off);
	} else if (f == 2) {
		if (len >= 6)
			civic(c, v, off, len);
	} else if (f == 3) {
		nlab_p_puts(c, "\n\t    ECS ELIN id ");
		printjnp(c, v, off + 5, len - 5);
	} else {
		nlab_p_puts(c, "\n\t    Location ID ");
		nlab_p_hexdump(c, v, off + 5, len - 5, "\n\t      ");
	}
}

/* Extended power via MDI (LEN >= 7 bytes at OFF). */
static void power(nlab_pctx *c, nlab_view v, size_t off)
{
	static const char *const src[] = {"none", "PSE - primary power source",
					  "local - backup power source", "PSE+local - reserved"};
	static const char *const prio[] = {"none", "critical", "high", "low"};
	uint8_t b = nlab_get8(v, off + 4);
	uint16_t pv = nlab_get16(v, off + 5);
	/* tcpdump's "& 0xC0 >> 6" is "& 3" */
	nlab_strbuf_printf(c->out, "\n\t    Power type [%s], Power source [%s]",
			   b & 3 ? "PD device" : "PSE device", src[(b & 0x30) >> 4]);
	nlab_strbuf_printf(c->out, "\n\t    Power priority [%s] (0x%02x)",
			   (b & 15) <= 3 ? prio[b & 15] : "none", b & 15);
	if (pv < 1024)
		nlab_strbuf_printf(c->out, ", Power %.1f Watts", (double)((float)pv / 10));
	else
		nlab_strbuf_printf(c->out, ", Power %u (Reserved)", pv);
}

int nlab_p_lldp_tia(nlab_pctx *c, nlab_view v, size_t off, uint32_t len)
{
	static const char *const inv[] = {"Hardware revision", "Firmware revision",
					  "Software revision", "Serial number", "Manufacturer name",
					  "Model name", "Asset ID"};
	if (len < 4)
		return 0;
	uint8_t s = nlab_get8(v, off + 3);
	nlab_strbuf_printf(c->out, "\n\t  %s Subtype (%u)", sub_name(s), s);
	switch (s) {
	case 1: case 2:
		if (len >= (s == 1 ? 7u : 8u))
			caps_policy(c, v, off, s);
		return 0;
	case 3:
		if (len >= 5)
			location(c, v, off, len);
		return 0;
	case 4:
		if (len >= 7)
			power(c, v, off);
		return 0;
	case 5: case 6: case 7: case 8: case 9: case 10: case 11:
		nlab_strbuf_printf(c->out, "\n\t  %s ", inv[s - 5]);
		printjnp(c, v, off + 4, len - 4);
		return 0;
	default:
		return 1;
	}
}
