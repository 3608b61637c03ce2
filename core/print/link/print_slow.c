/* print_slow.c - the IEEE 802.3 slow protocols (EtherType 0x8809), as
 * tcpdump's print-slow.c writes them: "LACPv1, length 110", "MARKERv1",
 * "OAM" (print_slow_oam.c), under -v LACP's and the marker protocol's
 * TLVs a line each (-vv: in hex too). */
#include "print_priv.h"

enum { LACP = 1, MARKER = 2, OAM = 3 };

static const nlab_bitname state_names[] = {
    {0x01, "Activity"},	       {0x02, "Timeout"},    {0x04, "Aggregation"},
    {0x08, "Synchronization"}, {0x10, "Collecting"}, {0x20, "Distributing"},
    {0x40, "Default"},	       {0x80, "Expired"},    {0, NULL}};

/* "\n\t\t packet is too short". */
static int too_short(nlab_pctx *c)
{
	nlab_p_puts(c, "\n\t\t packet is too short");
	return NLAB_P_OK;
}

/* tcpdump's slow_tlv_values for TLV TYPE of protocol SUB. */
static const char *tlv_name(uint8_t sub, uint8_t type)
{
	static const char *const lacp[] = {"Terminator", "Actor Information",
					   "Partner Information",
					   "Collector Information"};
	if (sub == LACP && type < 4)
		return lacp[type];
	if (sub == MARKER && type < 2)
		return type ? "Marker Information" : "Terminator";
	return "Unknown";
}

/* The value of a TLV (header at OFF, LEN bytes in all) of protocol
 * SUB: the actor and partner, collector and marker information. */
static void tlv_value(nlab_pctx *c, nlab_view v, size_t off, uint32_t len,
		      uint8_t sub, uint8_t type)
{
	size_t d = off + 2;
	uint32_t want = sub == LACP && type <= 2 ? 18 : 14;
	if (!((sub == LACP && type <= 3) || (sub == MARKER && type == 1))) {
		nlab_p_hexdump(c, v, d, len - 2, "\n\t  "); /* -vv's dump, or -v's own */
		return;
	}
	if (len - 2 != want) {
		nlab_strbuf_printf(
		    c->out, "\n\t    ERROR: illegal length - should be %u",
		    want + 2);
	} else if (sub == LACP && type <= 2) {
		nlab_p_puts(c, "\n\t  System ");
		nlab_p_mac(c, v, d + 2, 6);
		nlab_strbuf_printf(c->out,
				   ", System Priority %u, Key %u, Port %u, "
				   "Port Priority %u\n\t  "
				   "State Flags [",
				   nlab_get16(v, d), nlab_get16(v, d + 8),
				   nlab_get16(v, d + 12),
				   nlab_get16(v, d + 10));
		nlab_p_bits(c, state_names, nlab_get8(v, d + 14), ", ", "none");
		nlab_p_puts(c, "]");
	} else if (sub == LACP) {
		nlab_strbuf_printf(c->out, "\n\t  Max Delay %u",
				   nlab_get16(v, d));
	} else {
		nlab_p_puts(c, "\n\t  Request System ");
		nlab_p_mac(c, v, d + 2, 6);
		nlab_strbuf_printf(
		    c->out, ", Request Port %u, Request Transaction ID 0x%08x",
		    nlab_get16(v, d), nlab_get32(v, d + 8));
	}
	if (c->o->v > 1)
		nlab_p_hexdump(c, v, d, len - 2, "\n\t  ");
}

/* -v: the TLVs of LACP or the marker protocol (SUB), LEN bytes at OFF. */
static int tlvs(nlab_pctx *c, nlab_view v, size_t off, uint32_t len,
		uint8_t sub)
{
	while (len > 0) {
		if (len < 2)
			return too_short(c);
		if (!nlab_view_has(v, off, 2))
			return NLAB_P_TRUNC;
		uint8_t type = nlab_get8(v, off), tl = nlab_get8(v, off + 1);
		nlab_strbuf_printf(c->out, "\n\t%s TLV (0x%02x), length %u",
				   tlv_name(sub, type), type, tl);
		if (type == 0)
			return NLAB_P_OK;
		if (tl < 2) {
			nlab_p_puts(
			    c,
			    "\n\t    ERROR: illegal length - should be >= 2");
			return NLAB_P_OK;
		}
		if (len < tl)
			return too_short(c);
		if (!nlab_view_has(v, off, tl))
			return NLAB_P_TRUNC;
		tlv_value(c, v, off, tl, sub, type);
		off += tl, len -= tl;
	}
	return NLAB_P_OK;
}

/* The slow protocol's line: its name and version, and its length. */
static void name_line(nlab_pctx *c, uint8_t sub, int version, uint32_t len)
{
	static const char *const names[] = {"LACP", "MARKER", "OAM"};
	if (sub >= 1 && sub <= 3)
		nlab_p_puts(c, names[sub - 1]);
	else
		nlab_strbuf_printf(c->out, "unknown (%u)", sub);
	if (version >= 0)
		nlab_strbuf_printf(c->out, "v%d", version);
	nlab_strbuf_printf(c->out, ", length %u", len);
}

/* A slow protocol frame too short for its header, as -v says so. */
static int short_frame(nlab_pctx *c)
{
	nlab_p_puts(c, c->o->v ? "\n\t\t packet is too short"
			       : " (packet is too short)");
	return NLAB_P_OK;
}

int nlab_p_slow(nlab_pctx *c, nlab_view v, uint32_t len)
{
	c->proto = "slow";
	if (len < 1)
		return short_frame(c);
	if (!nlab_view_has(v, 0, 1))
		return NLAB_P_TRUNC;
	uint8_t sub = nlab_get8(v, 0);
	int version = -1;
	if (sub == LACP || sub == MARKER) {
		if (len < 2)
			return short_frame(c);
		if (!nlab_view_has(v, 1, 1))
			return NLAB_P_TRUNC;
		version = nlab_get8(v, 1);
		if (version != 1) {
			nlab_strbuf_printf(
			    c->out, "%s version %d packet not supported",
			    sub == LACP ? "LACP" : "MARKER", version);
			return NLAB_P_OK;
		}
	}
	name_line(c, sub, version, len);
	if (sub < LACP || sub > OAM) {
		nlab_p_unknown(c, v, len);
		return NLAB_P_OK;
	}
	if (!c->o->v)
		return NLAB_P_OK;
	if (sub == OAM)
		return nlab_p_slow_oam(c, nlab_view_from(v, 1), len - 1);
	return tlvs(c, v, 2, len - 2, sub);
}
