/* print_msnlb.c - Microsoft's Network Load Balancing heartbeat
 * (EtherType 0x886f), as tcpdump's print-msnlb.c writes it: "MS NLB
 * heartbeat, host priority: 2, cluster IP: 192.168.100.80, host IP:
 * 192.168.100.82" (the rest of the undocumented message unread). */
#include "print_priv.h"

int nlab_p_msnlb(nlab_pctx *c, nlab_view v)
{
	c->proto = "msnlb";
	nlab_p_puts(c, "MS NLB heartbeat");
	if (!nlab_view_has(v, 8, 4))
		return NLAB_P_TRUNC;
	nlab_strbuf_printf(c->out, ", host priority: %u",
			   (uint32_t)nlab_get16le(v, 8) |
			       (uint32_t)nlab_get16le(v, 10) << 16);
	if (!nlab_view_has(v, 12, 4))
		return NLAB_P_TRUNC;
	nlab_p_puts(c, ", cluster IP: ");
	nlab_p_ip4(c, v, 12);
	if (!nlab_view_has(v, 16, 4))
		return NLAB_P_TRUNC;
	nlab_p_puts(c, ", host IP: ");
	nlab_p_ip4(c, v, 16);
	return NLAB_P_OK;
}
