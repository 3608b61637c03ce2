/* print_cdp_tlv.c - the values of CDP's TLVs as tcpdump's print-cdp.c
 * writes them under -v: strings, addresses, capabilities, the version
 * text, prefixes, VLANs, power, MTU, location. */
#include "print_cdp.h"

/* 'text' of LEN bytes at OFF. */
static int string(nlab_pctx *c, nlab_view v, size_t off, uint32_t len)
{
	nlab_p_puts(c, "'");
	if (nlab_p_printn(c, v, off, len))
		return NLAB_P_TRUNC;
	nlab_p_puts(c, "'");
	return NLAB_P_OK;
}

/* The version text, a line of it each. */
static int version(nlab_pctx *c, nlab_view v, size_t off, uint32_t len)
{
	nlab_p_puts(c, "\n\t  ");
	for (size_t i = 0; i < len; i++) {
		if (!nlab_view_has(v, off + i, 1))
			return NLAB_P_TRUNC;
		uint8_t ch = nlab_get8(v, off + i);
		if (ch == '\n')
			nlab_p_puts(c, "\n\t  ");
		else
			nlab_p_char(c, ch);
	}
	return NLAB_P_OK;
}

static const nlab_bitname cap_names[] = {{0x01, "Router"},
					 {0x02, "Transparent Bridge"},
					 {0x04, "Source Route Bridge"},
					 {0x08, "L2 Switch"},
					 {0x10, "L3 capable"},
					 {0x20, "IGMP snooping"},
					 {0x40, "L1 capable"},
					 {0, NULL}};

static int capability(nlab_pctx *c, nlab_view v, size_t off, uint32_t len)
{
	(void)len;
	if (!nlab_view_has(v, off, 4))
		return NLAB_P_TRUNC;
	uint32_t x = nlab_get32(v, off);
	nlab_strbuf_printf(c->out, "(0x%08x): ", x);
	nlab_p_bits(c, cap_names, x, ", ", "none");
	return NLAB_P_OK;
}

/* The N bytes at OFF (all captured) as " aa bb". */
static void bytes(nlab_pctx *c, nlab_view v, size_t off, size_t n)
{
	for (size_t i = 0; i < n; i++)
		nlab_strbuf_printf(c->out, " %02x", nlab_get8(v, off + i));
}

/* One address at *OFF (*L bytes left): 0, or NLAB_P_TRUNC, or -1 when
 * it does not fit (said so). */
static int one_addr(nlab_pctx *c, nlab_view v, size_t *off, uint32_t *l,
		    uint32_t num)
{
	static const uint8_t ip6_llc[8] = {0xaa, 0xaa, 3, 0, 0, 0, 0x86, 0xdd};
	if (*l < 2) {
		nlab_p_puts(c, " (not enough space for PT+PL)");
		return -1;
	}
	if (!nlab_view_has(v, *off, 2))
		return NLAB_P_TRUNC;
	uint8_t pt = nlab_get8(v, *off), pl = nlab_get8(v, *off + 1);
	size_t p = *off + 2;
	*l -= 2;
	if (*l < pl + 2u) {
		nlab_p_puts(c, " (not enough space for P+AL)");
		*off = p;
		return -1;
	}
	if (!nlab_view_has(v, p + pl, 2))
		return NLAB_P_TRUNC;
	uint16_t al = nlab_get16(v, p + pl);
	int ip4 = pt == 1 && pl == 1 && nlab_view_has(v, p, 1) &&
		  nlab_get8(v, p) == 0xcc && al == 4;
	int ip6 = pt == 2 && pl == 8 && nlab_view_has(v, p, 8) &&
		  memcmp(v.base + p, ip6_llc, 8) == 0 && al == 16;
	if (ip4 || ip6) {
		p += pl + 2u, *l -= pl + 2u;
		if (*l < al) {
			nlab_p_puts(c, " (not enough space for A)");
			*off = p;
			return -1;
		}
		if (!nlab_view_has(v, p, al))
			return NLAB_P_TRUNC;
		nlab_strbuf_printf(c->out, "IPv%d (%u) ", ip4 ? 4 : 6, num);
		ip4 ? nlab_p_ip4(c, v, p) : nlab_p_ip6addr(c, v, p);
	} else {
		nlab_strbuf_printf(c->out, "pt=0x%02x, pl=%u, pb=", pt, pl);
		if (!nlab_view_has(v, p, pl)) {
			bytes(c, v, p, v.len > p ? v.len - p : 0);
			return NLAB_P_TRUNC;
		}
		bytes(c, v, p, pl);
		p += pl + 2u, *l -= pl + 2u;
		nlab_strbuf_printf(c->out, ", al=%u, a=", al);
		if (*l < al) {
			nlab_p_puts(c, " (not enough space for A)");
			*off = p;
			return -1;
		}
		if (!nlab_view_has(v, p, al)) {
			bytes(c, v, p, v.len > p ? v.len - p : 0);
			return NLAB_P_TRUNC;
		}
		bytes(c, v, p, al);
	}
	*off = p + al, *l -= al;
	return NLAB_P_OK;
}

/* A count of addresses and each of them. */
static int addresses(nlab_pctx *c, nlab_view v, size_t off, uint32_t len)
{
	if (len < 4) {
		nlab_p_puts(c, " (not enough space for num)");
		return nlab_view_has(v, off, len) ? NLAB_P_OK : NLAB_P_TRUNC;
	}
	if (!nlab_view_has(v, off, 4))
		return NLAB_P_TRUNC;
	uint32_t num = nlab_get32(v, off), l = len - 4;
	off += 4;
	while (num) {
		int r = one_addr(c, v, &off, &l, num);
		if (r < 0)
			return nlab_view_has(v, off, l) ? NLAB_P_OK
							: NLAB_P_TRUNC;
		if (r != NLAB_P_OK)
			return r;
		if (--num)
			nlab_p_puts(c, " ");
	}
	if (l)
		nlab_strbuf_printf(c->out, " (%u bytes of stray data)", l);
	return NLAB_P_OK;
}

static int prefixes(nlab_pctx *c, nlab_view v, size_t off, uint32_t len)
{
	if (len % 5) {
		nlab_strbuf_printf(c->out,
				   " [length %u is not a multiple of 5]", len);
		return nlab_view_has(v, off, len) ? NLAB_P_OK : NLAB_P_TRUNC;
	}
	nlab_strbuf_printf(c->out, " IPv4 Prefixes (%u):", len / 5);
	for (; len > 0; len -= 5, off += 5) {
		if (!nlab_view_has(v, off, 5))
			return NLAB_P_TRUNC;
		nlab_p_puts(c, " ");
		nlab_p_ip4(c, v, off);
		nlab_strbuf_printf(c->out, "/%u", nlab_get8(v, off + 4));
	}
	return NLAB_P_OK;
}

static int uint16(nlab_pctx *c, nlab_view v, size_t off, uint32_t len)
{
	(void)len;
	if (!nlab_view_has(v, off, 2))
		return NLAB_P_TRUNC;
	nlab_strbuf_printf(c->out, "%u", nlab_get16(v, off));
	return NLAB_P_OK;
}

static int duplex(nlab_pctx *c, nlab_view v, size_t off, uint32_t len)
{
	(void)len;
	if (!nlab_view_has(v, off, 1))
		return NLAB_P_TRUNC;
	nlab_p_puts(c, nlab_get8(v, off) ? "full" : "half");
	return NLAB_P_OK;
}

/* ATA-186 VoIP VLAN assignment and request. */
static int ata186(nlab_pctx *c, nlab_view v, size_t off, uint32_t len)
{
	if (len == 2) {
		if (!nlab_view_has(v, off, 2))
			return NLAB_P_TRUNC;
		nlab_strbuf_printf(c->out, "unknown 0x%04x",
				   nlab_get16(v, off));
		return NLAB_P_OK;
	}
	if (!nlab_view_has(v, off, 3))
		return NLAB_P_TRUNC;
	nlab_strbuf_printf(c->out, "app %u, vlan %u", nlab_get8(v, off),
			   nlab_get16(v, off + 1));
	return NLAB_P_OK;
}

static int power(nlab_pctx *c, nlab_view v, size_t off, uint32_t len)
{
	uint32_t x = 0;
	if (!nlab_view_has(v, off, len))
		return NLAB_P_TRUNC;
	x = len == 1   ? nlab_get8(v, off)
	    : len == 2 ? nlab_get16(v, off)
		       : nlab_get24(v, off);
	nlab_strbuf_printf(c->out, "%1.2fW", x / 1000.0);
	return NLAB_P_OK;
}

static int mtu(nlab_pctx *c, nlab_view v, size_t off, uint32_t len)
{
	(void)len;
	if (!nlab_view_has(v, off, 4))
		return NLAB_P_TRUNC;
	nlab_strbuf_printf(c->out, "%u bytes", nlab_get32(v, off));
	return NLAB_P_OK;
}

static int uint8x(nlab_pctx *c, nlab_view v, size_t off, uint32_t len)
{
	(void)len;
	if (!nlab_view_has(v, off, 1))
		return NLAB_P_TRUNC;
	nlab_strbuf_printf(c->out, "0x%02x", nlab_get8(v, off));
	return NLAB_P_OK;
}

static int location(nlab_pctx *c, nlab_view v, size_t off, uint32_t len)
{
	if (!nlab_view_has(v, off, 1))
		return NLAB_P_TRUNC;
	nlab_strbuf_printf(c->out, "0x%02x", nlab_get8(v, off));
	if (len > 1) {
		nlab_p_puts(c, "/");
		if (nlab_p_printn(c, v, off + 1, len - 1))
			return NLAB_P_TRUNC;
	}
	return NLAB_P_OK;
}

const nlab_cdp_tlv *nlab_p_cdp_tlv(uint16_t type)
{
	static const nlab_cdp_tlv t[] = {
	    {NULL, NULL, 0, 0},
	    {"Device-ID", string, 0, 0},
	    {"Address", addresses, 0, 0},
	    {"Port-ID", string, 0, 0},
	    {"Capability", capability, 4, 4},
	    {"Version String", version, 0, 0},
	    {"Platform", string, 0, 0},
	    {"Prefixes", prefixes, 0, 0},
	    {"Protocol-Hello option", NULL, 0, 0},
	    {"VTP Management Domain", string, 0, 0},
	    {"Native VLAN ID", uint16, 2, 2},
	    {"Duplex", duplex, 1, 1},
	    {NULL, NULL, 0, 0},
	    {NULL, NULL, 0, 0},
	    {"ATA-186 VoIP VLAN assignment", ata186, 3, 3},
	    {"ATA-186 VoIP VLAN request", ata186, 2, 3},
	    {"power consumption", power, 1, 3},
	    {"MTU", mtu, 4, 4},
	    {"AVVID trust bitmap", uint8x, 1, 1},
	    {"AVVID untrusted ports CoS", uint8x, 1, 1},
	    {"System Name", string, 0, 0},
	    {"System Object ID (not decoded)", NULL, 0, 0},
	    {"Management Addresses", addresses, 4, 0},
	    {"Physical Location", location, 1, 0}};
	return type < sizeof t / sizeof t[0] ? &t[type] : NULL;
}
