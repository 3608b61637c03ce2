/* print_cip.c - Linux's Classical IP over ATM (DLT_ATM_CLIP, 19), as
 * tcpdump's print-cip.c writes it: the frame's length under -e (there is
 * no MAC header), then the 802.2 LLC/SNAP header and what it carries
 * when the frame starts with AA-AA-03-00-00-00, else an IPv4 datagram. */
#include "print_priv.h"

#include <string.h>

int nlab_p_cip(nlab_pctx *c, nlab_view v, uint32_t len, size_t *hdrlen)
{
	static const uint8_t rfcllc[6] = {0xaa, 0xaa, 0x03, 0, 0, 0};
	c->proto = "cip";
	*hdrlen = 0;
	if (c->o->e)
		nlab_strbuf_printf(c->out, "%u: ", len);
	if (!nlab_view_has(v, 0, sizeof rfcllc))
		return NLAB_P_TRUNC;
	if (memcmp(v.base, rfcllc, sizeof rfcllc))
		return nlab_p_ip(c, v, len);
	int hl;
	int r = nlab_p_llc(c, v, len, (nlab_view){v.base, 0}, &hl);
	if (hl < 0) { /* a type it does not know: the raw frame */
		nlab_p_default(c, v);
		hl = -hl;
	}
	*hdrlen = (size_t)hl;
	return r;
}
