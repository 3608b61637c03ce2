/* print_arp.c - ARP, as tcpdump's print-arp.c writes it (ATM's in
 * print_atmarp.c). */
#include "print_priv.h"

const char *nlab_p_arp_op(uint16_t op)
{
	static const char *names[] = {NULL, "Request", "Reply", "Reverse Request",
				      "Reverse Reply"};
	if (op >= 1 && op <= 4)
		return names[op];
	if (op == 8)
		return "Inverse Request";
	if (op == 9)
		return "Inverse Reply";
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
	case 23: return "Strip";
	case 24: return "IEEE 1394";
	case 32: return "InfiniBand";
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

/* Where the addresses are in an ARP packet; FR: Frame Relay's hardware
 * addresses are Q.922 ones. */
typedef struct arp_at {
	size_t sha, spa, tha, tpa, hln;
	int fr;
	uint16_t pro; /* the protocol type and address length: with -v an */
	uint8_t pln;  /* ARP of another kind prints too */
} arp_at;

/* A Q.922 address of N bytes at OFF as tcpdump's q922_string: "DLCI 16",
 * "<Invalid DLCI>" or "<Truncated>" (its parse_q922_header). */
static void q922(nlab_pctx *c, nlab_view v, size_t off, size_t n)
{
	const uint8_t ea = 0x01; /* the last byte of the address has EA set */
	if (n < 1 || nlab_get8(v, off) & ea) {
		nlab_p_puts(c, n < 1 ? "<Truncated>" : "<Invalid DLCI>");
		return;
	}
	if (n < 2) {
		nlab_p_puts(c, "<Truncated>");
		return;
	}
	uint8_t b0 = nlab_get8(v, off), b1 = nlab_get8(v, off + 1);
	uint32_t dlci = (uint32_t)(b0 & 0xfc) << 2 | (uint32_t)(b1 & 0xf0) >> 4;
	if (!(b1 & ea)) {
		size_t at = off + 2, left = n - 2;
		if (left < 1) {
			nlab_p_puts(c, "<Truncated>");
			return;
		}
		if (!(nlab_get8(v, at) & ea)) { /* a 4-byte address */
			dlci = dlci << 7 | (uint32_t)nlab_get8(v, at) >> 1;
			at++, left--;
		}
		if (left < 1 || !(nlab_get8(v, at) & ea)) {
			nlab_p_puts(c, left < 1 ? "<Truncated>" : "<Invalid DLCI>");
			return;
		}
		dlci = dlci << 6 | (uint32_t)nlab_get8(v, at) >> 2;
	}
	nlab_strbuf_printf(c->out, "DLCI %u", dlci);
}

/* The hardware address of A's length at OFF (tcpdump's linkaddr_string). */
static void arp_hw(nlab_pctx *c, nlab_view v, size_t off, arp_at a)
{
	if (a.hln == 0 && !a.fr)
		nlab_p_puts(c, "<empty>");
	else if (a.fr)
		q922(c, v, off, a.hln);
	else
		nlab_p_mac(c, v, off, a.hln);
}

/* " (aa:bb:..)" of the target hardware address when it is not zero. */
static void arp_tha(nlab_pctx *c, nlab_view v, arp_at a)
{
	if (nonzero(v, a.tha, a.hln)) {
		nlab_p_puts(c, " (");
		arp_hw(c, v, a.tha, a);
		nlab_p_puts(c, ")");
	}
}

/* The protocol address at OFF: IPv4's, or what tcpdump's
 * tpaddr_print_ip says of another kind (only -v gets here with one). */
static void arp_ip(nlab_pctx *c, nlab_view v, size_t off, arp_at a)
{
	if (a.pro != 0x0800 && a.pro != 0x1000)
		nlab_p_puts(c, "<wrong proto type>");
	else if (a.pln != 4)
		nlab_p_puts(c, "<wrong len>");
	else
		nlab_p_ip4(c, v, off);
}

/* Prints "X at Y": hardware address at HW, protocol address at IP. */
static void arp_at_pair(nlab_pctx *c, nlab_view v, size_t hw, size_t ip, arp_at a)
{
	arp_hw(c, v, hw, a);
	nlab_p_puts(c, " at ");
	arp_ip(c, v, ip, a);
}

/* The addresses of operation OP; 0, or -1 for an unknown operation. */
static int arp_body(nlab_pctx *c, nlab_view v, uint16_t op, arp_at a)
{
	switch (op) {
	case 1:
		nlab_p_puts(c, "who-has ");
		arp_ip(c, v, a.tpa, a);
		arp_tha(c, v, a);
		nlab_p_puts(c, " tell ");
		arp_ip(c, v, a.spa, a);
		return 0;
	case 2:
		arp_ip(c, v, a.spa, a);
		nlab_p_puts(c, " is-at ");
		arp_hw(c, v, a.sha, a);
		return 0;
	case 3:
	case 8:
		nlab_p_puts(c, "who-is ");
		arp_hw(c, v, a.tha, a);
		nlab_p_puts(c, " tell ");
		arp_hw(c, v, a.sha, a);
		return 0;
	case 4:
		arp_at_pair(c, v, a.tha, a.tpa, a);
		return 0;
	case 9:
		arp_at_pair(c, v, a.sha, a.spa, a);
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
	if (hrd == 19)
		return nlab_p_atmarp(c, v, len);
	uint8_t hln = nlab_get8(v, 4), pln = nlab_get8(v, 5);
	arp_at a = {8, 8u + hln, 8u + hln + pln, 8u + 2u * hln + pln, hln, hrd == 15, pro, pln};
	if (!nlab_view_has(v, a.tpa, pln))
		return NLAB_P_TRUNC;
	if (!c->o->e)
		nlab_p_puts(c, "ARP, ");
	if ((pro != 0x0800 && pro != 0x1000) || pln != 4 || hln == 0 || c->o->v) {
		arp_kinds(c, hrd, hln, pro, pln);
		if (!c->o->v) { /* it cannot read the addresses of other kinds */
			nlab_strbuf_printf(c->out, ", length %u", len);
			return NLAB_P_OK;
		}
		nlab_p_puts(c, ", ");
	}
	const char *name = nlab_p_arp_op(op);
	if (name)
		nlab_strbuf_printf(c->out, "%s ", name);
	else
		nlab_strbuf_printf(c->out, "Unknown (%u) ", op);
	if (arp_body(c, v, op, a) < 0) {
		nlab_p_raw(c, v); /* tcpdump's ND_DEFAULTPRINT: even with -X, -q */
		return NLAB_P_OK;
	}
	nlab_strbuf_printf(c->out, ", length %u", len);
	return NLAB_P_OK;
}
