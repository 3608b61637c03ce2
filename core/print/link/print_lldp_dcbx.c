/* print_lldp_dcbx.c - LLDP's DCBX (DCB Capability Exchange, rev 1.01)
 * organization TLV and its control, priority group, priority flow
 * control and application sub-TLVs, as tcpdump's
 * lldp_private_dcbx_print writes them under -v. */
#include "print_priv.h"

/* The versions, info block and subtype every feature sub-TLV starts
 * with (at OFF). */
static void feature_head(nlab_pctx *c, nlab_view v, size_t off)
{
	uint8_t b = nlab_get8(v, off + 2);
	nlab_strbuf_printf(c->out, "\n\t      Oper_Version: %u\n\t      Max_Version: %u"
				   "\n\t      Info block(0x%02X): Enable bit: %u, Willing bit: %u, Error Bit: %u"
				   "\n\t      SubType: %u",
			   nlab_get8(v, off), nlab_get8(v, off + 1), b, !!(b & 0x80), !!(b & 0x40),
			   !!(b & 0x20), nlab_get8(v, off + 3));
}

/* The priority group sub-TLV's allocations (at OFF, LEN >= 17). */
static void groups(nlab_pctx *c, nlab_view v, size_t off, uint32_t len)
{
	nlab_strbuf_printf(c->out, "\n\t    Feature - Priority Group (type 0x2, length %u)", len);
	feature_head(c, v, off);
	nlab_p_puts(c, "\n\t      Priority Allocation");
	uint32_t pg = nlab_get32(v, off + 4);
	for (unsigned i = 0; i < 8; i++)
		nlab_strbuf_printf(c->out, "\n\t          PgId_%u: %u", i, (pg >> (28 - 4 * i)) & 15);
	nlab_p_puts(c, "\n\t      Priority Group Allocation");
	for (unsigned i = 0; i < 8; i++)
		nlab_strbuf_printf(c->out, "\n\t          Pg percentage[%u]: %u", i, nlab_get8(v, off + 8 + i));
	nlab_strbuf_printf(c->out, "\n\t      NumTCsSupported: %u", nlab_get8(v, off + 16));
}

/* The priority flow control sub-TLV (at OFF, LEN >= 6). */
static void pfc(nlab_pctx *c, nlab_view v, size_t off, uint32_t len)
{
	nlab_strbuf_printf(c->out, "\n\t    Feature - Priority Flow Control (type 0x3, length %u)", len);
	feature_head(c, v, off);
	uint8_t m = nlab_get8(v, off + 4);
	nlab_strbuf_printf(c->out, "\n\t      PFC Config (0x%02X)", m);
	for (unsigned i = 0; i < 8; i++)
		nlab_strbuf_printf(c->out, "\n\t          Priority Bit %u: %s", i,
				   m & (1u << i) ? "Enabled" : "Disabled");
	nlab_strbuf_printf(c->out, "\n\t      NumTCPFCSupported: %u", nlab_get8(v, off + 5));
}

/* The application sub-TLV (at OFF, LEN >= 4) and its values. */
static void application(nlab_pctx *c, nlab_view v, size_t off, uint32_t len)
{
	nlab_strbuf_printf(c->out, "\n\t    Feature - Application (type 0x4, length %u)", len);
	feature_head(c, v, off);
	for (size_t at = off + 4; len - (at - off) >= 6; at += 6) {
		uint32_t u = nlab_get24(v, at + 2);
		nlab_strbuf_printf(c->out, "\n\t      Application Value\n\t          Application Protocol ID: 0x%04x"
					   "\n\t          SF (0x%x) Application Protocol ID is %s"
					   "\n\t          OUI: 0x%06x\n\t          User Priority Map: 0x%02x",
				   nlab_get16(v, at), u >> 22, u >> 22 ? "Socket Number" : "L2 EtherType",
				   u & 0x3fffff, nlab_get8(v, at + 5));
	}
}

/* One sub-TLV (type T, LEN bytes at OFF): 1 to dump it, -1 when too
 * short (tcpdump stops quietly). */
static int sub_tlv(nlab_pctx *c, nlab_view v, size_t off, unsigned t, uint32_t len)
{
	static const uint32_t min[] = {0, 10, 17, 6, 4};
	if (t < 1 || t > 4)
		return 1;
	if (len < min[t])
		return -1;
	if (t == 1)
		nlab_strbuf_printf(c->out, "\n\t    Control - Protocol Control (type 0x1, length %u)"
					   "\n\t      Oper_Version: %u\n\t      Max_Version: %u"
					   "\n\t      Sequence Number: %u\n\t      Acknowledgement Number: %u",
				   len, nlab_get8(v, off), nlab_get8(v, off + 1), nlab_get32(v, off + 2),
				   nlab_get32(v, off + 6));
	else if (t == 2)
		groups(c, v, off, len);
	else if (t == 3)
		pfc(c, v, off, len);
	else
		application(c, v, off, len);
	return 0;
}

int nlab_p_lldp_dcbx(nlab_pctx *c, nlab_view v, size_t off, uint32_t len)
{
	if (len < 4)
		return 0;
	uint8_t s = nlab_get8(v, off + 3);
	nlab_strbuf_printf(c->out, "\n\t  %s Subtype (%u)",
			   s == 1 ? "DCB Capability Exchange Protocol Rev 1"
			   : s == 2 ? "DCB Capability Exchange Protocol Rev 1.01" : "unknown", s);
	if (s == 1)
		return 1;
	int dump = 0;
	size_t at = off + 4;
	for (uint32_t left = len - 4; left >= 2;) {
		if (!nlab_view_has(v, at, 2))
			return 0;
		uint16_t tlv = nlab_get16(v, at);
		unsigned t = tlv >> 9;
		uint32_t l = tlv & 0x1ff;
		dump = 0;
		at += 2, left -= 2;
		if (!t || !l || !nlab_view_has(v, at, l) || left < l)
			return 0;
		dump = sub_tlv(c, v, at, t, l);
		if (dump < 0)
			return 0;
		if (c->o->v > 1 || dump)
			nlab_p_hexdump(c, v, at, l, "\n\t    ");
		at += l, left -= l;
	}
	return dump;
}
