/* print_aarp.c - AppleTalk's ARP (EtherType 0x80f3), as tcpdump's
 * print-atalk.c writes it: "aarp who-has 10.5 tell 10.1", "aarp reply
 * 10.1 is-at 08:00:..", "aarp probe ..", the fields of any other, and
 * " [|aarp]" for one shorter than its 28 bytes. */
#include "print_priv.h"

enum { AARP = 28, HS = 8, PS = 14, PD = 24 };

/* "net.node" of the AppleTalk address at OFF (its first byte unused),
 * "net" for node 255 (tcpdump's ataddr_string under -n). */
static void ataddr(nlab_pctx *c, nlab_view v, size_t off)
{
	uint16_t net = nlab_get16(v, off + 1);
	uint8_t node = nlab_get8(v, off + 3);
	if (node != 255)
		nlab_strbuf_printf(c->out, "%u.%u", net, node);
	else
		nlab_strbuf_printf(c->out, "%u", net);
}

int nlab_p_aarp(nlab_pctx *c, nlab_view v, uint32_t len)
{
	c->proto = "aarp";
	nlab_p_puts(c, "aarp ");
	if (!nlab_view_has(v, 0, AARP))
		return NLAB_P_ETRUNC;
	if (len < AARP) {
		nlab_strbuf_printf(c->out, " [|aarp %u]", len);
		return NLAB_P_OK;
	}
	uint16_t op = nlab_get16(v, 6);
	if (nlab_get16(v, 0) == 1 && nlab_get16(v, 2) == 0x809b && nlab_get8(v, 4) == 6 &&
	    nlab_get8(v, 5) == 4) {
		switch (op) {
		case 1:
		case 3:
			nlab_p_puts(c, op == 1 ? "who-has " : "probe ");
			ataddr(c, v, PD);
			nlab_p_puts(c, " tell ");
			ataddr(c, v, PS);
			return NLAB_P_OK;
		case 2:
			nlab_p_puts(c, "reply ");
			ataddr(c, v, PS);
			nlab_p_puts(c, " is-at ");
			nlab_p_mac(c, v, HS, 6);
			return NLAB_P_OK;
		}
	}
	nlab_strbuf_printf(c->out, "len %u op %u htype %u ptype %#x halen %u palen %u", len, op,
			   nlab_get16(v, 0), nlab_get16(v, 2), nlab_get8(v, 4), nlab_get8(v, 5));
	return NLAB_P_OK;
}
