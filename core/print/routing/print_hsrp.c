/* print_hsrp.c - Cisco's Hot Standby Router Protocol (UDP 1985), as
 * tcpdump's print-hsrp.c writes it: "HSRPv0-hello 20: state=active
 * group=1 addr=192.168.0.1" (-v: its timers, priority and password). */
#include "print_priv.h"

/* tcpdump's states table. */
static void state(nlab_pctx *c, uint8_t s)
{
	switch (s) {
	case 0: nlab_p_puts(c, "initial"); return;
	case 1: nlab_p_puts(c, "learn"); return;
	case 2: nlab_p_puts(c, "listen"); return;
	case 4: nlab_p_puts(c, "speak"); return;
	case 8: nlab_p_puts(c, "standby"); return;
	case 16: nlab_p_puts(c, "active"); return;
	default: nlab_strbuf_printf(c->out, "Unknown (%u)", s); return;
	}
}

/* -v: " hellotime=3s holdtime=10s priority=100 auth=\"cisco\"". */
static int verbose(nlab_pctx *c, nlab_view v)
{
	nlab_p_puts(c, " hellotime=");
	nlab_p_relts(c, nlab_get8(v, 3));
	nlab_p_puts(c, " holdtime=");
	nlab_p_relts(c, nlab_get8(v, 4));
	nlab_strbuf_printf(c->out, " priority=%u auth=\"", nlab_get8(v, 5));
	for (size_t i = 8; i < 16; i++) { /* nd_printjnp: up to a NUL */
		if (!nlab_view_has(v, i, 1))
			return NLAB_P_TRUNC;
		if (nlab_get8(v, i) == 0)
			break;
		nlab_p_char(c, nlab_get8(v, i));
	}
	nlab_p_puts(c, "\"");
	return NLAB_P_OK;
}

int nlab_p_hsrp(nlab_pctx *c, nlab_view v, uint32_t len)
{
	static const char *const ops[] = {"hello", "coup", "resign"};
	c->proto = "hsrp";
	if (!nlab_view_has(v, 0, 1))
		return NLAB_P_TRUNC;
	uint8_t ver = nlab_get8(v, 0);
	nlab_strbuf_printf(c->out, "HSRPv%u", ver);
	if (ver != 0)
		return NLAB_P_OK;
	nlab_p_puts(c, "-");
	if (!nlab_view_has(v, 1, 1))
		return NLAB_P_TRUNC;
	uint8_t op = nlab_get8(v, 1);
	if (op < 3)
		nlab_strbuf_printf(c->out, "%s ", ops[op]);
	else
		nlab_strbuf_printf(c->out, "unknown (%u) ", op);
	nlab_strbuf_printf(c->out, "%u: ", len);
	if (!nlab_view_has(v, 2, 1))
		return NLAB_P_TRUNC;
	nlab_p_puts(c, "state=");
	state(c, nlab_get8(v, 2));
	nlab_p_puts(c, " ");
	if (!nlab_view_has(v, 6, 1))
		return NLAB_P_TRUNC;
	nlab_strbuf_printf(c->out, "group=%u ", nlab_get8(v, 6));
	if (!nlab_view_has(v, 7, 1))
		return NLAB_P_TRUNC;
	if (nlab_get8(v, 7))
		nlab_strbuf_printf(c->out, "[reserved=%u!] ", nlab_get8(v, 7));
	if (!nlab_view_has(v, 16, 4))
		return NLAB_P_TRUNC;
	nlab_p_puts(c, "addr=");
	nlab_p_ip4(c, v, 16);
	return c->o->v ? verbose(c, v) : NLAB_P_OK;
}
