/* print_ospf6.c - OSPFv3 (IP protocol 89 over IPv6), as tcpdump's
 * print-ospf6.c writes it without -v. */
#include "print_priv.h"

int nlab_p_ospf6(nlab_pctx *c, nlab_view v, uint32_t len)
{
	static const char *const types[] = {NULL, "Hello", "Database Description", "LS-Request",
					    "LS-Update", "LS-Ack"};
	c->proto = "ospf3";
	if (!nlab_view_has(v, 0, 2))
		return NLAB_P_TRUNC;
	uint8_t t = nlab_get8(v, 1);
	nlab_strbuf_printf(c->out, "OSPFv%u, ", nlab_get8(v, 0));
	if (t < 1 || t > 5)
		nlab_strbuf_printf(c->out, "unknown packet type (%u), length %u", t, len);
	else
		nlab_strbuf_printf(c->out, "%s, length %u", types[t], len);
	return NLAB_P_OK;
}
