/* print_loopback.c - Ethernet's loopback protocol (the Configuration
 * Testing Protocol, EtherType 0x9000), as tcpdump's print-loopback.c
 * writes it: the skip count, then the first message to act on (reply
 * or forward data) with its receipt number or forwarding address and
 * the length of its data. Its numbers are little-endian. */
#include "print_priv.h"

/* " (invalid)", then whether the LEN bytes at OFF were captured. */
static int invalid(nlab_pctx *c, nlab_view v, size_t off, uint32_t len)
{
	nlab_p_puts(c, " (invalid)");
	return nlab_view_has(v, off, len) ? NLAB_P_OK : NLAB_P_TRUNC;
}

/* The message of LEN bytes at OFF of V. */
static int message(nlab_pctx *c, nlab_view v, size_t off, uint32_t len)
{
	if (len < 2)
		return invalid(c, v, off, len);
	if (!nlab_view_has(v, off, 2))
		return NLAB_P_TRUNC;
	uint16_t fn = nlab_get16le(v, off);
	off += 2, len -= 2;
	if (fn == 1)
		nlab_p_puts(c, ", Reply");
	else if (fn == 2)
		nlab_p_puts(c, ", Forward Data");
	else
		nlab_strbuf_printf(c->out, ",  invalid (%u)", fn);
	if (fn == 1) {
		if (len < 2)
			return invalid(c, v, off, len);
		if (!nlab_view_has(v, off, 2))
			return NLAB_P_TRUNC;
		nlab_strbuf_printf(c->out, ", receipt number %u", nlab_get16le(v, off));
		off += 2, len -= 2;
		nlab_strbuf_printf(c->out, ", data (%u octets)", len);
	} else if (fn == 2) {
		if (len < 6)
			return invalid(c, v, off, len);
		if (!nlab_view_has(v, off, 6))
			return NLAB_P_TRUNC;
		nlab_p_puts(c, ", forwarding address ");
		nlab_p_mac(c, v, off, 6);
		off += 6, len -= 6;
		nlab_strbuf_printf(c->out, ", data (%u octets)", len);
	}
	return nlab_view_has(v, off, len) ? NLAB_P_OK : NLAB_P_TRUNC;
}

int nlab_p_loopback(nlab_pctx *c, nlab_view v, uint32_t len)
{
	c->proto = "loopback";
	nlab_p_puts(c, "Loopback");
	if (len < 2)
		return invalid(c, v, 0, len);
	if (!nlab_view_has(v, 0, 2))
		return NLAB_P_TRUNC;
	uint16_t skip = nlab_get16le(v, 0);
	len -= 2;
	nlab_strbuf_printf(c->out, ", skipCount %u", skip);
	if (skip % 8)
		nlab_p_puts(c, " (bogus)");
	if (skip > len)
		return invalid(c, v, 2, len);
	if (!nlab_view_has(v, 2, skip))
		return NLAB_P_TRUNC;
	return message(c, v, 2 + (size_t)skip, len - skip);
}
