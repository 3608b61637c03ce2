/* print_arp.c - ARP, as tcpdump's print-arp.c writes it. */
#include "print_priv.h"

/* tcpdump's arpop_values. */
static const char *arp_op(uint16_t op)
{
	static const char *names[] = {NULL, "Request", "Reply", "Reverse Request",
				      "Reverse Reply"};
	if (op >= 1 && op <= 4)
		return names[op];
	if (op == 8)
		return "InArp Request";
	if (op == 9)
		return "InArp Reply";
	if (op == 10)
		return "NACK Reply";
	return NULL;
}

/* tcpdump's arphrd_values. */
static const char *arp_hrd(uint16_t h)
{
	switch (h) {
	case 1: return "Ethernet";
	case 6: return "TokenRing";
	case 7: return "ArcNet";
	case 15: return "FrameRelay";
	case 19: return "ATM";
	case 23: return "STRIP";
	case 24: return "IEEE 1394";
	default: return NULL;
	}
}

/* Whether the N bytes at OFF are not all zero. */
static int nonzero(nlab_view v, size_t off, size_t n)
{
	for (size_t i = 0; i < n; i++)
		if (nlab_get8(v, off + i))
			return 1;
	return 0;
}

/* "Ethernet (len 6), IPv4 (len 4)" for what the short form cannot show. */
static void arp_kinds(nlab_pctx *c, uint16_t hrd, uint8_t hln, uint16_t pro,
		      uint8_t pln)
{
	const char *h = arp_hrd(hrd);
	if (h)
		nlab_strbuf_printf(c->out, "%s (len %u), ", h, hln);
	else
		nlab_strbuf_printf(c->out, "Unknown Hardware (%u) (len %u), ", hrd, hln);
	const char *pn = nlab_p_ethertype_name(pro);
	if (pn)
		nlab_strbuf_printf(c->out, "%s (len %u)", pn, pln);
	else
		nlab_strbuf_printf(c->out, "Unknown Protocol (0x%04x) (len %u)", pro, pln);
}

/* Where the addresses are in an ARP packet. */
typedef struct arp_at {
	size_t sha, spa, tha, tpa, hln;
} arp_at;

/* " (aa:bb:..)" of the target hardware address when it is not zero. */
static void arp_tha(nlab_pctx *c, nlab_view v, arp_at a)
{
	if (nonzero(v, a.tha, a.hln)) {
		nlab_p_puts(c, " (");
		nlab_p_mac(c, v, a.tha, a.hln);
		nlab_p_puts(c, ")");
	}
}

/* Prints "X at Y": hardware address at HW, protocol address at IP. */
static void arp_at_pair(nlab_pctx *c, nlab_view v, size_t hw, size_t ip, size_t hln)
{
	nlab_p_mac(c, v, hw, hln);
	nlab_p_puts(c, " at ");
	nlab_p_ip4(c, v, ip);
}

/* The addresses of operation OP; 0, or -1 for an unknown operation. */
static int arp_body(nlab_pctx *c, nlab_view v, uint16_t op, arp_at a)
{
	switch (op) {
	case 1:
		nlab_p_puts(c, "who-has ");
		nlab_p_ip4(c, v, a.tpa);
		arp_tha(c, v, a);
		nlab_p_puts(c, " tell ");
		nlab_p_ip4(c, v, a.spa);
		return 0;
	case 2:
		nlab_p_ip4(c, v, a.spa);
		nlab_p_puts(c, " is-at ");
		nlab_p_mac(c, v, a.sha, a.hln);
		return 0;
	case 3:
	case 8:
		nlab_p_puts(c, "who-is ");
		nlab_p_mac(c, v, a.tha, a.hln);
		nlab_p_puts(c, " tell ");
		nlab_p_mac(c, v, a.sha, a.hln);
		return 0;
	case 4:
		arp_at_pair(c, v, a.tha, a.tpa, a.hln);
		return 0;
	case 9:
		arp_at_pair(c, v, a.sha, a.spa, a.hln);
		return 0;
	default:
		return -1;
	}
}

int nlab_p_arp(nlab_pctx *c, nlab_view v, uint32_t len)
{
	c->proto = "arp";
	if (!nlab_view_has(v, 0, 8))
		return NLAB_P_TRUNC;
	uint16_t hrd = nlab_get16(v, 0), pro = nlab_get16(v, 2), op = nlab_get16(v, 6);
	uint8_t hln = nlab_get8(v, 4), pln = nlab_get8(v, 5);
	arp_at a = {8, 8u + hln, 8u + hln + pln, 8u + 2u * hln + pln, hln};
	if (!nlab_view_has(v, a.tpa, pln))
		return NLAB_P_TRUNC;
	if (!c->o->e)
		nlab_p_puts(c, "ARP, ");
	if ((pro != 0x0800 && pro != 0x1000) || pln != 4 || hln == 0) {
		arp_kinds(c, hrd, hln, pro, pln);
		nlab_strbuf_printf(c->out, ", length %u", len);
		return NLAB_P_OK;
	}
	const char *name = arp_op(op);
	if (name)
		nlab_strbuf_printf(c->out, "%s ", name);
	else
		nlab_strbuf_printf(c->out, "Unknown (%u) ", op);
	if (arp_body(c, v, op, a) < 0) {
		nlab_p_default(c, v);
		return NLAB_P_OK;
	}
	nlab_strbuf_printf(c->out, ", length %u", len);
	return NLAB_P_OK;
}
