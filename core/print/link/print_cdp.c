/* print_cdp.c - the Cisco Discovery Protocol (SNAP, Cisco OUI, PID
 * 0x2000), as tcpdump's print-cdp.c writes it: "CDPv2, ttl: 180s,
 * Device-ID 'sw1', length 386", under -v the checksum and each TLV a
 * line (print_cdp_tlv.c decodes their values). */
#include "print_cdp.h"

/* " (invalid)", and the LEN bytes left at OFF must have been captured:
 * NLAB_P_STOP (the line ends there), or NLAB_P_TRUNC. */
static int invalid(nlab_pctx *c, nlab_view v, size_t off, uint32_t len)
{
	nlab_p_puts(c, " (invalid)");
	return nlab_view_has(v, off, len) ? NLAB_P_STOP : NLAB_P_TRUNC;
}

/* One TLV of TYPE whose value is LEN bytes at OFF: its line under -v,
 * the Device-ID without, the value or its hex. */
static int tlv(nlab_pctx *c, nlab_view v, size_t off, uint16_t type,
	       uint32_t len)
{
	const nlab_cdp_tlv *info = nlab_p_cdp_tlv(type);
	const char *name =
	    info && info->name ? info->name : "unknown field type";
	int covered = 0;
	if (!c->o->v && type == 1)
		nlab_p_puts(c, ", Device-ID ");
	else if (c->o->v)
		nlab_strbuf_printf(
		    c->out, "\n\t%s (0x%02x), value length: %u byte%s: ", name,
		    type, len, len == 1 ? "" : "s");
	if (info) {
		if ((info->min > 0 && len < (uint32_t)info->min) ||
		    (info->max > 0 && len > (uint32_t)info->max)) {
			nlab_p_puts(c, " (malformed TLV)");
		} else if (c->o->v || type == 1) {
			covered = 1;
			if (info->fn)
				return info->fn(c, v, off, len);
			if (!nlab_view_has(v, off, len))
				return NLAB_P_TRUNC;
		}
	}
	if (!covered) {
		if (!nlab_view_has(v, off, len))
			return NLAB_P_TRUNC;
		nlab_p_hexdump(c, v, off, len, "\n\t  ");
	}
	return NLAB_P_OK;
}

/* The TLVs of the LEN bytes from offset 4. */
static int tlvs(nlab_pctx *c, nlab_view v, uint32_t len)
{
	size_t off = 4;
	while (len) {
		if (len < 4) {
			nlab_strbuf_printf(
			    c->out, " (remaining packet length %u < 4)", len);
			return invalid(c, v, off, len);
		}
		if (!nlab_view_has(v, off, 4))
			return NLAB_P_TRUNC;
		uint16_t type = nlab_get16(v, off), tl = nlab_get16(v, off + 2);
		const nlab_cdp_tlv *info = nlab_p_cdp_tlv(type);
		const char *name =
		    info && info->name ? info->name : "unknown field type";
		if (tl < 4) {
			if (c->o->v)
				nlab_strbuf_printf(
				    c->out,
				    "\n\t%s (0x%02x), TLV length: %u byte%s "
				    "(too short)",
				    name, type, tl, tl == 1 ? "" : "s");
			else
				nlab_strbuf_printf(
				    c->out, ", %s TLV length %u too short",
				    name, tl);
			return invalid(c, v, off, len);
		}
		if (tl > len) {
			nlab_strbuf_printf(c->out, " (TLV length %u > %u)", tl,
					   len);
			return invalid(c, v, off, len);
		}
		int r = tlv(c, v, off + 4, type, tl - 4u);
		if (r != NLAB_P_OK)
			return r;
		off += tl, len -= tl;
	}
	return NLAB_P_OK;
}

int nlab_p_cdp(nlab_pctx *c, nlab_view v, uint32_t len)
{
	c->proto = "cdp";
	if (len < 4) {
		nlab_strbuf_printf(c->out, " (packet length %u < 4)", len);
		return invalid(c, v, 0, len) == NLAB_P_STOP ? NLAB_P_OK
							    : NLAB_P_TRUNC;
	}
	if (!nlab_view_has(v, 0, 2))
		return NLAB_P_TRUNC;
	nlab_strbuf_printf(c->out, "CDPv%u, ttl: %us", nlab_get8(v, 0),
			   nlab_get8(v, 1));
	if (!nlab_view_has(v, 2, 2))
		return NLAB_P_TRUNC;
	if (c->o->v)
		nlab_strbuf_printf(c->out,
				   ", checksum: 0x%04x (unverified), length %u",
				   nlab_get16(v, 2), len);
	int r = tlvs(c, v, len - 4);
	if (r == NLAB_P_OK && !c->o->v)
		nlab_strbuf_printf(c->out, ", length %u", len);
	return r == NLAB_P_STOP ? NLAB_P_OK : r;
}
