/* print_dtp.c - Cisco's Dynamic Trunking Protocol (SNAP, Cisco OUI, PID
 * 0x2004), as tcpdump's print-dtp.c writes it: "DTPv1, length 29", under
 * -v each TLV a line (domain, status, type, neighbour). */
#include "print_priv.h"

/* " (invalid)", and the LEN bytes left at OFF must have been captured. */
static int invalid(nlab_pctx *c, nlab_view v, size_t off, uint32_t len)
{
	nlab_p_puts(c, " (invalid)");
	return nlab_view_has(v, off, len) ? NLAB_P_OK : NLAB_P_TRUNC;
}

/* tcpdump's dtp_tlv_values. */
static const char *tlv_name(uint16_t t)
{
	static const char *const names[] = {"Domain", "Status", "DTP type",
					    "Neighbor"};
	return t >= 1 && t <= 4 ? names[t - 1] : "Unknown";
}

/* The value of the TLV of TYPE and length TL at OFF; -1 when its length
 * is wrong for its type. */
static int tlv_value(nlab_pctx *c, nlab_view v, size_t off, uint16_t type,
		     uint16_t tl)
{
	switch (type) {
	case 1: /* nd_printjnp: up to a NUL */
		nlab_p_puts(c, ", ");
		for (size_t i = 4; i < tl; i++) {
			if (!nlab_view_has(v, off + i, 1))
				return NLAB_P_TRUNC;
			if (nlab_get8(v, off + i) == 0)
				break;
			nlab_p_char(c, nlab_get8(v, off + i));
		}
		return NLAB_P_OK;
	case 2:
	case 3:
		if (tl != 5)
			return -1;
		if (!nlab_view_has(v, off + 4, 1))
			return NLAB_P_TRUNC;
		nlab_strbuf_printf(c->out, ", 0x%x", nlab_get8(v, off + 4));
		return NLAB_P_OK;
	case 4:
		if (tl != 10)
			return -1;
		if (!nlab_view_has(v, off + 4, 6))
			return NLAB_P_TRUNC;
		nlab_p_puts(c, ", ");
		nlab_p_mac(c, v, off + 4, 6);
		return NLAB_P_OK;
	default:
		return nlab_view_has(v, off, tl) ? NLAB_P_OK : NLAB_P_TRUNC;
	}
}

/* -v: the TLVs of the LEN bytes after the version. */
static int tlvs(nlab_pctx *c, nlab_view v, uint32_t len)
{
	size_t off = 1;
	while (len) {
		if (len < 4) {
			nlab_strbuf_printf(c->out, "[%u bytes remaining]", len);
			return invalid(c, v, off, len);
		}
		if (!nlab_view_has(v, off, 4))
			return NLAB_P_TRUNC;
		uint16_t type = nlab_get16(v, off), tl = nlab_get16(v, off + 2);
		if (type == 0) /* tcpdump stops there: real captures have it */
			return NLAB_P_OK;
		nlab_strbuf_printf(c->out, "\n\t%s (0x%04x) TLV, length %u",
				   tlv_name(type), type, tl);
		if (tl < 4 || tl > len) {
			nlab_strbuf_printf(c->out, "[invalid TLV length %u]",
					   tl);
			return invalid(c, v, off, len);
		}
		int r = tlv_value(c, v, off, type, tl);
		if (r < 0)
			return invalid(c, v, off, len);
		if (r != NLAB_P_OK)
			return r;
		off += tl, len -= tl;
	}
	return NLAB_P_OK;
}

int nlab_p_dtp(nlab_pctx *c, nlab_view v, uint32_t len)
{
	c->proto = "dtp";
	if (len < 1) {
		nlab_p_puts(c, "[zero packet length]");
		return invalid(c, v, 0, len);
	}
	if (!nlab_view_has(v, 0, 1))
		return NLAB_P_TRUNC;
	nlab_strbuf_printf(c->out, "DTPv%u, length %u", nlab_get8(v, 0), len);
	return c->o->v ? tlvs(c, v, len - 1) : NLAB_P_OK;
}
