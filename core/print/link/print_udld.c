/* print_udld.c - Cisco's UniDirectional Link Detection (SNAP, OUI
 * 0x00000c, PID 0x0111), as tcpdump's print-udld.c writes it: "UDLDv1,
 * Code Probe message (1), Flags [RT] (0x01), length 80" and under -v its
 * checksum and each TLV a line (device and port ids, echo, intervals,
 * device name, sequence number). */
#include "print_priv.h"

/* The name of TLV type T (udld_tlv_values). */
static const char *tlv_name(uint16_t t)
{
	static const char *const names[] = {
	    "Device-ID TLV",	    "Port-ID TLV",	    "Echo TLV",
	    "Message Interval TLV", "Timeout Interval TLV", "Device Name TLV",
	    "Sequence Number TLV"};
	return t >= 1 && t <= 7 ? names[t - 1] : "Unknown";
}

/* The value of TLV TYPE, its LEN bytes at OFF of V: NLAB_P_OK, -1 when
 * it is invalid, NLAB_P_TRUNC when it was cut. */
static int tlv_value(nlab_pctx *c, nlab_view v, size_t off, uint16_t type,
		     uint16_t len)
{
	switch (type) {
	case 1:
	case 2:
	case 6: /* nd_printjnp: up to a NUL */
		nlab_p_puts(c, ", ");
		for (size_t i = 0; i < len; i++) {
			if (!nlab_view_has(v, off + i, 1))
				return NLAB_P_TRUNC;
			if (nlab_get8(v, off + i) == 0)
				break;
			nlab_p_char(c, nlab_get8(v, off + i));
		}
		return NLAB_P_OK;
	case 3:
		nlab_p_puts(c, ", ");
		return nlab_p_printn(c, v, off, len) ? NLAB_P_TRUNC : NLAB_P_OK;
	case 4:
	case 5:
		if (len != 1)
			return -1;
		if (!nlab_view_has(v, off, 1))
			return NLAB_P_TRUNC;
		nlab_strbuf_printf(c->out, ", %us", nlab_get8(v, off));
		return NLAB_P_OK;
	case 7:
		if (len != 4)
			return -1;
		if (!nlab_view_has(v, off, 4))
			return NLAB_P_TRUNC;
		nlab_strbuf_printf(c->out, ", %u", nlab_get32(v, off));
		return NLAB_P_OK;
	default:
		return nlab_view_has(v, off, len) ? NLAB_P_OK : NLAB_P_TRUNC;
	}
}

/* -v: the checksum and the TLVs of the LEFT bytes from OFF 2 of V on:
 * NLAB_P_OK, -1 when one is invalid (the offset it stopped at in *AT),
 * NLAB_P_TRUNC. */
static int tlvs(nlab_pctx *c, nlab_view v, uint32_t left, size_t *at)
{
	if (!nlab_view_has(v, 2, 2))
		return NLAB_P_TRUNC;
	nlab_strbuf_printf(c->out, "\n\tChecksum 0x%04x (unverified)",
			   nlab_get16(v, 2));
	size_t off = 4;
	left -= 2;
	while (left) {
		*at = off;
		if (left < 4)
			return -1;
		if (!nlab_view_has(v, off, 4))
			return NLAB_P_TRUNC;
		uint16_t type = nlab_get16(v, off),
			 len = nlab_get16(v, off + 2);
		off += 4, left -= 4, *at = off;
		nlab_strbuf_printf(c->out, "\n\t%s (0x%04x) TLV, length %u",
				   tlv_name(type), type, len);
		if (len <= 4 || left < (uint32_t)(len - 4))
			return -1;
		len -= 4;
		int r = tlv_value(c, v, off, type, len);
		if (r)
			return r;
		off += len, left -= len;
	}
	return NLAB_P_OK;
}

int nlab_p_udld(nlab_pctx *c, nlab_view v, uint32_t len)
{
	static const char *const codes[] = {"Reserved", "Probe message",
					    "Echo message", "Flush message"};
	static const nlab_bitname flags[] = {
	    {1, "RT"},	   {2, "RSY"},	   {4, "MBZ-2"},
	    {8, "MBZ-3"},  {16, "MBZ-4"},  {32, "MBZ-5"},
	    {64, "MBZ-6"}, {128, "MBZ-7"}, {0, NULL}};
	c->proto = "udld";
	size_t at = 0;
	uint32_t left = len;
	int r = -1;
	if (len >= 4) {
		if (!nlab_view_has(v, 0, 2))
			return NLAB_P_TRUNC;
		uint8_t b = nlab_get8(v, 0), f = nlab_get8(v, 1),
			code = b & 0x1f;
		nlab_strbuf_printf(c->out, "UDLDv%u, Code %s (%x), Flags [",
				   b >> 5, code < 4 ? codes[code] : "Reserved",
				   code);
		nlab_p_bits(c, flags, f, ", ", "none");
		nlab_strbuf_printf(c->out, "] (0x%02x), length %u", f, len);
		at = 2, left = len - 2;
		if (!c->o->v)
			r = NLAB_P_OK;
		else if ((r = tlvs(c, v, left, &at)) == NLAB_P_OK)
			return NLAB_P_OK;
		if (r == NLAB_P_TRUNC)
			return r;
		if (r < 0)
			left = len - (uint32_t)at;
	}
	if (r < 0)
		nlab_p_puts(c, " (invalid)");
	return nlab_view_has(v, at, left) ? NLAB_P_OK : NLAB_P_TRUNC;
}
