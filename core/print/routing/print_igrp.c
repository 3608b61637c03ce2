/* print_igrp.c - Cisco's Interior Gateway Routing Protocol (IP protocol
 * 9), as tcpdump's print-igrp.c writes it: "igrp: update V1 edit=2
 * AS=100 (1/1/0)" (-v: its checksum), then each route: " *.1.2.3" an
 * interior one, " 10.1.0.0" a system one, " X10.2.0.0" an exterior one,
 * with its delay, bandwidth, reliability, load, metric, MTU and hops. */
#include "print_priv.h"

enum { HDR = 12, RTE = 14 };

/* " d=.. b=.. r=.. l=.. M=.. mtu=.. in N hops" of the route at OFF. */
static void entry(nlab_pctx *c, nlab_view v, size_t off)
{
	uint32_t delay = nlab_get24(v, off + 3), bw = nlab_get24(v, off + 6);
	uint32_t metric = bw + delay < 0xffffff ? bw + delay : 0xffffff;
	nlab_strbuf_printf(c->out, " d=%u b=%u r=%u l=%u M=%u mtu=%u in %u hops", 10 * delay,
			   bw == 0 ? 0 : 10000000 / bw, nlab_get8(v, off + 11),
			   nlab_get8(v, off + 12), metric, nlab_get16(v, off + 9),
			   nlab_get8(v, off + 13));
}

int nlab_p_igrp(nlab_pctx *c, nlab_view v, uint32_t len)
{
	c->proto = "igrp";
	nlab_p_puts(c, "igrp:");
	if (!nlab_view_has(v, 0, 10))
		return NLAB_P_TRUNC;
	uint32_t nint = nlab_get16(v, 4), nsys = nlab_get16(v, 6), next = nlab_get16(v, 8);
	uint8_t vop = nlab_get8(v, 0);
	switch (vop & 15) {
	case 1: nlab_p_puts(c, " update"); break;
	case 2: nlab_p_puts(c, " request"); break;
	default: nlab_strbuf_printf(c->out, " op-#%u", vop & 15);
	}
	nlab_strbuf_printf(c->out, " V%u edit=%u AS=%u (%u/%u/%u)", vop >> 4, nlab_get8(v, 1),
			   nlab_get16(v, 2), nint, nsys, next);
	if (!nlab_view_has(v, 10, 2))
		return NLAB_P_TRUNC;
	if (c->o->v)
		nlab_strbuf_printf(c->out, " checksum=0x%04x", nlab_get16(v, 10));
	len -= HDR; /* tcpdump's u_int: a shorter datagram wraps to the capture's end */
	size_t off = HDR;
	for (; len >= RTE; off += RTE, len -= RTE) {
		if (!nlab_view_has(v, off, 3))
			return NLAB_P_TRUNC;
		uint8_t n0 = nlab_get8(v, off), n1 = nlab_get8(v, off + 1), n2 = nlab_get8(v, off + 2);
		const char *fmt;
		if (nint > 0)
			fmt = " *.%u.%u.%u", nint--;
		else if (nsys > 0)
			fmt = " %u.%u.%u.0", nsys--;
		else if (next > 0)
			fmt = " X%u.%u.%u.0", next--;
		else {
			nlab_strbuf_printf(c->out, " [extra bytes %u]", len);
			break;
		}
		nlab_strbuf_printf(c->out, fmt, n0, n1, n2);
		if (!nlab_view_has(v, off, RTE))
			return NLAB_P_TRUNC;
		entry(c, v, off);
	}
	if (nint || nsys || next || len)
		nlab_p_puts(c, " (invalid)");
	return NLAB_P_OK;
}
