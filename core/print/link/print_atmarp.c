/* print_atmarp.c - ATM ARP (RFC 2225, hardware type 19), as tcpdump's
 * atmarp_print writes it: its header has lengths for an ATM number and
 * subaddress on each side, so an ordinary ARP packet sent with this
 * hardware type reads as addresses past its end ("[|arp]"). */
#include "print_priv.h"

/* The lengths of an ATM ARP header and where each address starts. */
typedef struct atm_at {
	size_t sha, ssa, spa, tha, tsa, tpa;
	uint8_t shl, ssl, spl, thl, tsl, tpl;
} atm_at;

/* Reads the lengths (the low 6 bits of the ATM ones) after the fixed
 * 12-byte header. */
static atm_at atm_layout(nlab_view v)
{
	atm_at a;
	a.shl = nlab_get8(v, 4) & 0x3f, a.ssl = nlab_get8(v, 5) & 0x3f;
	a.spl = nlab_get8(v, 8), a.thl = nlab_get8(v, 9) & 0x3f;
	a.tsl = nlab_get8(v, 10) & 0x3f, a.tpl = nlab_get8(v, 11);
	a.sha = 12, a.ssa = a.sha + a.shl, a.spa = a.ssa + a.ssl;
	a.tha = a.spa + a.spl, a.tsa = a.tha + a.thl, a.tpa = a.tsa + a.tsl;
	return a;
}

/* An ATM number and its subaddress: "<No address>", "47:00:..",
 * "47:00:..,aa:bb" (atmarp_addr_print). */
static void atm_addr(nlab_pctx *c, nlab_view v, size_t ha, uint8_t hl, size_t sa,
		     uint8_t sl)
{
	if (hl == 0) {
		nlab_p_puts(c, "<No address>");
		return;
	}
	nlab_p_mac(c, v, ha, hl);
	if (sl) {
		nlab_p_puts(c, ",");
		nlab_p_mac(c, v, sa, sl);
	}
}

/* A protocol address of length LEN ("<wrong splen>" unless 4). */
static void atm_ip(nlab_pctx *c, nlab_view v, uint16_t pro, size_t at, uint8_t len,
		   const char *wrong)
{
	if (pro != 0x0800 && pro != 0x1000)
		nlab_p_puts(c, "<wrong proto type>");
	else if (len != 4)
		nlab_p_puts(c, wrong);
	else
		nlab_p_ip4(c, v, at);
}

/* The addresses of operation OP; -1 for one tcpdump prints raw. */
static int atm_body(nlab_pctx *c, nlab_view v, uint16_t op, uint16_t pro, atm_at a)
{
	switch (op) {
	case 1:
		nlab_p_puts(c, "who-has ");
		atm_ip(c, v, pro, a.tpa, a.tpl, "<wrong tplen>");
		if (a.thl) {
			nlab_p_puts(c, " (");
			atm_addr(c, v, a.tha, a.thl, a.tsa, a.tsl);
			nlab_p_puts(c, ")");
		}
		nlab_p_puts(c, " tell ");
		atm_ip(c, v, pro, a.spa, a.spl, "<wrong splen>");
		return 0;
	case 2:
		atm_ip(c, v, pro, a.spa, a.spl, "<wrong splen>");
		nlab_p_puts(c, " is-at ");
		atm_addr(c, v, a.sha, a.shl, a.ssa, a.ssl);
		return 0;
	case 8:
		nlab_p_puts(c, "who-is ");
		atm_addr(c, v, a.tha, a.thl, a.tsa, a.tsl);
		nlab_p_puts(c, " tell ");
		atm_addr(c, v, a.sha, a.shl, a.ssa, a.ssl);
		return 0;
	case 9:
		atm_addr(c, v, a.sha, a.shl, a.ssa, a.ssl);
		nlab_p_puts(c, "at "); /* sic: tcpdump writes no space before */
		atm_ip(c, v, pro, a.spa, a.spl, "<wrong splen>");
		return 0;
	case 10:
		nlab_p_puts(c, "for ");
		atm_ip(c, v, pro, a.spa, a.spl, "<wrong splen>");
		return 0;
	default:
		return -1;
	}
}

int nlab_p_atmarp(nlab_pctx *c, nlab_view v, uint32_t len)
{
	if (!nlab_view_has(v, 0, 12))
		return NLAB_P_TRUNC; /* print-arp.c's checks longjmp */
	atm_at a = atm_layout(v);
	uint16_t pro = nlab_get16(v, 2), op = nlab_get16(v, 6);
	if (!nlab_view_has(v, a.tpa, a.tpl))
		return NLAB_P_TRUNC;
	if (!c->o->e)
		nlab_p_puts(c, "ARP, ");
	if ((pro != 0x0800 && pro != 0x1000) || a.spl != 4 || a.tpl != 4) {
		const char *pn = nlab_p_ethertype_name(pro);
		if (pn)
			nlab_strbuf_printf(c->out, "ATM, %s (len %u/%u)", pn, a.spl, a.tpl);
		else
			nlab_strbuf_printf(c->out, "ATM, Unknown Protocol (0x%04x) (len %u/%u)",
					   pro, a.spl, a.tpl);
		nlab_strbuf_printf(c->out, ", length %u", len);
		return NLAB_P_OK;
	}
	const char *name = nlab_p_arp_op(op);
	if (name)
		nlab_strbuf_printf(c->out, "%s ", name);
	else
		nlab_strbuf_printf(c->out, "Unknown (%u) ", op);
	if (atm_body(c, v, op, pro, a) < 0) {
		nlab_p_raw(c, v);
		return NLAB_P_OK;
	}
	nlab_strbuf_printf(c->out, ", length %u", len);
	return NLAB_P_OK;
}
