/* print_autorp.c - Cisco's auto-RP (UDP 496), as tcpdump's print-pim.c
 * writes it: " auto-rp candidate-advert Hold 3m RP 10.0.0.1 PIMv2
 * 224.0.0.0/4", each RP with its groups. */
#include "print_priv.h"

/* One RP at *OFF (*LEN bytes left) and its group entries; NLAB_P_OK,
 * NLAB_P_TRUNC when cut, NLAB_P_ETRUNC when the length runs out. */
static int rp(nlab_pctx *c, nlab_view v, size_t *off, uint32_t *len)
{
	static const char *const vers[] = {" PIMv?", " PIMv1", " PIMv2",
					   " PIMv1+2"};
	if (*len < 4)
		return NLAB_P_ETRUNC;
	if (!nlab_view_has(v, *off, 4))
		return NLAB_P_TRUNC;
	nlab_p_puts(c, " RP ");
	nlab_p_ip4(c, v, *off);
	*off += 4, *len -= 4;
	if (*len < 1)
		return NLAB_P_ETRUNC;
	if (!nlab_view_has(v, *off, 1))
		return NLAB_P_TRUNC;
	uint8_t b = nlab_get8(v, *off);
	nlab_p_puts(c, vers[b & 3]);
	if (b & 0xfc)
		nlab_strbuf_printf(c->out, " [rsvd=0x%02x]", b & 0xfc);
	*off += 1, *len -= 1;
	if (*len < 1)
		return NLAB_P_ETRUNC;
	if (!nlab_view_has(v, *off, 1))
		return NLAB_P_TRUNC;
	unsigned n = nlab_get8(v, *off);
	*off += 1, *len -= 1;
	for (char sep = ' '; n; n--, sep = ',') {
		if (*len < 6)
			return NLAB_P_ETRUNC;
		if (!nlab_view_has(v, *off, 6))
			return NLAB_P_TRUNC;
		uint8_t f = nlab_get8(v, *off);
		nlab_strbuf_printf(c->out, "%c%s", sep, f & 1 ? "!" : "");
		nlab_p_ip4(c, v, *off + 2);
		nlab_strbuf_printf(c->out, "/%u", nlab_get8(v, *off + 1));
		if (f & 2)
			nlab_p_puts(c, " bidir");
		if (f & 0xfc)
			nlab_strbuf_printf(c->out, "[rsvd=0x%02x]", f & 0xfc);
		*off += 6, *len -= 6;
	}
	return NLAB_P_OK;
}

int nlab_p_autorp(nlab_pctx *c, nlab_view v, uint32_t len)
{
	c->proto = "cisco_autorp";
	if (len < 8)
		return NLAB_P_ETRUNC;
	nlab_p_puts(c, " auto-rp ");
	if (!nlab_view_has(v, 0, 1))
		return NLAB_P_TRUNC;
	uint8_t type = nlab_get8(v, 0);
	if (type == 0x11)
		nlab_p_puts(c, "candidate-advert");
	else if (type == 0x12)
		nlab_p_puts(c, "mapping");
	else
		nlab_strbuf_printf(c->out, "type-0x%02x", type);
	if (!nlab_view_has(v, 1, 1))
		return NLAB_P_TRUNC;
	unsigned n = nlab_get8(v, 1);
	nlab_p_puts(c, " Hold ");
	if (!nlab_view_has(v, 2, 2))
		return NLAB_P_TRUNC;
	if (nlab_get16(v, 2))
		nlab_p_relts(c, nlab_get16(v, 2));
	else
		nlab_p_puts(c, "FOREVER");
	size_t off = 8;
	len -= 8;
	for (; n; n--) {
		int r = rp(c, v, &off, &len);
		if (r != NLAB_P_OK)
			return r;
	}
	return NLAB_P_OK;
}
