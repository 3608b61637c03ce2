/* print_isoclns.c - the OSI network layer after LLC's SAP 0xfe, as
 * tcpdump's isoclns_print dispatches it by NLPID (IS-IS, ES-IS, CLNP,
 * IP and IPv6 inside), and what the OSI printers share: NSAPs and
 * system ids as text, the Fletcher checksum, hex dumps. */
#include "osi_priv.h"

#include <stdio.h>

const char *nlab_osi_nlpid_name(uint8_t n, const char *unknown)
{
	switch (n) {
	case 0x00: return "NULL";
	case 0x08: return "Q.933";
	case 0x09: return "LMI";
	case 0x80: return "SNAP";
	case 0x81: return "CLNP";
	case 0x82: return "ES-IS";
	case 0x83: return "IS-IS";
	case 0x84: return "CONS";
	case 0x85: return "IDRP";
	case 0xc1: return "ISIS_SPB";
	case 0xb1: return "FRF.15";
	case 0xcc: return "IPv4";
	case 0xcf: return "PPP";
	case 0x8a: return "X25 ES-IS";
	case 0x8e: return "IPv6";
	default: return unknown;
	}
}

int nlab_osi_nsap(nlab_pctx *c, nlab_view v, size_t off, unsigned n)
{
	OSI_NEED(v, off, n);
	if (n < 1 || n > 20) {
		nlab_p_puts(c, "isonsap_string: illegal length");
		return NLAB_P_OK;
	}
	for (unsigned i = 0; i < n; i++) {
		nlab_strbuf_printf(c->out, "%02x", nlab_get8(v, off + i));
		if ((i & 1) == 0 && i + 1 < n)
			nlab_p_puts(c, ".");
	}
	return NLAB_P_OK;
}

int nlab_osi_id(nlab_pctx *c, nlab_view v, size_t off, unsigned n)
{
	OSI_NEED(v, off, n);
	unsigned sys = n < 6 ? n : 6;
	for (unsigned i = 1; i <= sys; i++) {
		nlab_strbuf_printf(c->out, "%02x", nlab_get8(v, off + i - 1));
		if (i == 2 || i == 4)
			nlab_p_puts(c, ".");
	}
	if (n >= 7)
		nlab_strbuf_printf(c->out, ".%02x", nlab_get8(v, off + 6));
	if (n == 8)
		nlab_strbuf_printf(c->out, "-%02x", nlab_get8(v, off + 7));
	return NLAB_P_OK;
}

/* tcpdump's create_osi_cksum: the Fletcher checksum (ISO 8473) the
 * field at CKOFF of the LEN bytes at P should hold. */
static uint16_t fletcher(nlab_view p, int ckoff, int len)
{
	uint32_t c0 = 0, c1 = 0;
	for (int i = 0; i < len; i++) {
		if (i != ckoff && i != ckoff + 1)
			c0 += nlab_get8(p, (size_t)i);
		c1 += c0;
	}
	c0 %= 255;
	c1 %= 255;
	uint32_t mul = (uint32_t)(len - ckoff) * c0;
	int x = (int)(mul - c0 - c1), y = (int)(c1 - mul - 1);
	if (y >= 0)
		y++;
	if (x < 0)
		x--;
	x %= 255;
	y %= 255;
	if (x == 0)
		x = 255;
	if (y == 0)
		y = 255;
	return (uint16_t)(((unsigned)x << 8) | ((unsigned)y & 0xff)); /* x may be negative */
}

void nlab_osi_cksum(nlab_pctx *c, nlab_view v, size_t base, uint16_t ck, int ckoff,
		    uint32_t len)
{
	if (!ck || ckoff < 0 || !nlab_view_has(v, base + (size_t)ckoff, 2) ||
	    (uint32_t)ckoff > len || !nlab_view_has(v, base, len)) {
		nlab_p_puts(c, " (unverified)");
		return;
	}
	uint16_t want = fletcher(nlab_view_from(v, base), ckoff, (int)len);
	if (ck == want)
		nlab_p_puts(c, " (correct)");
	else
		nlab_strbuf_printf(c->out, " (incorrect should be 0x%04x)", want);
}

/* What follows the NLPID tcpdump has no printer for here. */
static int unknown_nlpid(nlab_pctx *c, nlab_view v, uint32_t len, uint8_t n)
{
	if (!c->o->e)
		nlab_strbuf_printf(c->out, "OSI NLPID 0x%02x unknown", n);
	nlab_strbuf_printf(c->out, "%slength: %u", c->o->e ? "" : ", ", len);
	if (len > 1)
		nlab_p_unknown_data(c, v, 0, len, "\n\t");
	return NLAB_P_OK;
}

/* A protocol's printer that may fail as tcpdump's returning 0 does:
 * the PDU's bytes follow then. */
static int or_dump(nlab_pctx *c, nlab_view v, uint32_t len, int r)
{
	if (r == OSI_FAIL) {
		nlab_p_unknown_data(c, v, 0, len, "\n\t");
		return NLAB_P_OK;
	}
	return r == OSI_DONE ? NLAB_P_OK : r;
}

int nlab_p_isoclns(nlab_pctx *c, nlab_view v, uint32_t len, int *known)
{
	c->proto = "isoclns";
	*known = 1;
	OSI_NEED(v, 0, 1);
	uint8_t n = nlab_get8(v, 0);
	if (n == 0xcf) { /* PPP: not printed here */
		*known = 0;
		return NLAB_P_OK;
	}
	if (c->o->e)
		nlab_strbuf_printf(c->out, "OSI NLPID %s (0x%02x): ",
				   nlab_osi_nlpid_name(n, "Unknown"), n);
	switch (n) {
	case 0x81:
		return or_dump(c, v, len, nlab_osi_clnp(c, v, len));
	case 0x82:
		return or_dump(c, v, len, nlab_osi_esis(c, v, len));
	case 0x83:
		return or_dump(c, v, len, nlab_osi_isis(c, v, len));
	case 0x08:
		return nlab_p_q933(c, nlab_view_from(v, 1), len - 1);
	case 0x00:
		nlab_strbuf_printf(c->out, "%slength: %u", c->o->e ? "" : ", ", len);
		return NLAB_P_OK;
	case 0xcc:
		return nlab_p_ip(c, nlab_view_from(v, 1), len - 1);
	case 0x8e:
		return nlab_p_ip6(c, nlab_view_from(v, 1), len - 1);
	default:
		return unknown_nlpid(c, v, len, n);
	}
}

int nlab_p_isoclns_ether(nlab_pctx *c, nlab_view v, uint32_t len, int *known)
{
	*known = 1;
	if (len == 0 || v.len == 0) {
		c->proto = "isoclns";
		return NLAB_P_ETRUNC;
	}
	return nlab_p_isoclns(c, nlab_view_from(v, 1), len - 1, known);
}
