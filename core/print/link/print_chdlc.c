/* print_chdlc.c - Cisco HDLC (DLT_C_HDLC, 104) as tcpdump's
 * print-chdlc.c writes it: a 4-byte header (address: unicast or
 * broadcast, control, an EtherType), then IPv4, IPv6 or SLARP (Cisco's
 * keepalives and address requests); with -e "bcast, ethertype Reverse
 * ARP (0x8035), length 24: " before. */
#include "print_priv.h"

/* SLARP's keepalive: the sequence numbers, reliability and, when LEN
 * leaves room for it, the uptime; *OFF moves past the first 14 bytes
 * when the uptime is read (tcpdump's -vv dump starts 4 after *OFF). */
static int slarp_keepalive(nlab_pctx *c, nlab_view v, size_t *off, uint32_t len)
{
	nlab_strbuf_printf(c->out, "keepalive: mineseen=0x%08x, yourseen=0x%08x, reliability=0x%04x",
			   nlab_get32(v, 4), nlab_get32(v, 8), nlab_get16(v, 12));
	if (len < 18)
		return NLAB_P_OK;
	*off = 14;
	if (!nlab_view_has(v, 14, 4))
		return NLAB_P_TRUNC;
	uint32_t sec = nlab_get32(v, 14) / 1000, min = sec / 60, hrs = min / 60;
	nlab_strbuf_printf(c->out, ", link uptime=%ud%uh%um%us", hrs / 24, hrs % 24, min % 60,
			   sec % 60);
	return NLAB_P_OK;
}

/* A SLARP message of LEN bytes (EtherType 0x8035). */
static int slarp(nlab_pctx *c, nlab_view v, uint32_t len)
{
	c->proto = "chdlc_slarp";
	nlab_strbuf_printf(c->out, "SLARP (length: %u), ", len);
	if (len < 14 || !nlab_view_has(v, 0, 14))
		return NLAB_P_ETRUNC; /* tcpdump's explicit checks */
	size_t off = 0;
	uint32_t code = nlab_get32(v, 0);
	if (code == 0) {
		nlab_p_puts(c, "request");
	} else if (code == 1) {
		nlab_p_puts(c, "reply ");
		nlab_p_ip4(c, v, 4);
		nlab_p_puts(c, "/");
		nlab_p_ip4(c, v, 8);
	} else if (code == 2) {
		if (slarp_keepalive(c, v, &off, len) == NLAB_P_TRUNC)
			return NLAB_P_TRUNC;
	} else {
		nlab_strbuf_printf(c->out, "0x%02x unknown", code);
		if (c->o->v <= 1)
			nlab_p_hexdump(c, v, 4, len - 4, "\n\t");
	}
	if (len > 18 && c->o->v)
		nlab_strbuf_printf(c->out, ", (trailing junk: %u bytes)", len - 18);
	if (c->o->v > 1)
		nlab_p_hexdump(c, v, off + 4, len - 4, "\n\t");
	return NLAB_P_OK;
}

/* OSI (EtherType 0xfefe) of LEN bytes: a "fudge" byte before the NLPID
 * when what follows it is one of IS-IS, ES-IS or CLNP's. */
static int osi(nlab_pctx *c, nlab_view v, uint32_t len, size_t *hdrlen)
{
	if (len < 2) {
		*hdrlen = 4 + v.len; /* all of it: tcpdump returns what it has */
		return NLAB_P_ETRUNC;
	}
	if (!nlab_view_has(v, 1, 1))
		return NLAB_P_TRUNC;
	uint8_t n = nlab_get8(v, 1);
	int fudge = n == 0x81 || n == 0x82 || n == 0x83, known;
	nlab_view p = nlab_view_from(v, fudge ? 1 : 0);
	int r = nlab_p_isoclns(c, p, len - (fudge ? 1 : 0), &known);
	if (!known)
		nlab_p_default(c, p);
	return r;
}

/* "unicast, ethertype IPv4 (0x0800), length 104: " */
static void chdlc_header(nlab_pctx *c, nlab_view v, uint16_t proto, uint32_t len)
{
	uint8_t cast = nlab_get8(v, 0);
	const char *n = nlab_p_ethertype_name(proto);
	if (cast == 0x0f || cast == 0x8f)
		nlab_p_puts(c, cast == 0x0f ? "unicast" : "bcast");
	else
		nlab_strbuf_printf(c->out, "0x%02x", cast);
	nlab_strbuf_printf(c->out, ", ethertype %s (0x%04x), length %u: ", n ? n : "Unknown", proto,
			   len);
}

int nlab_p_chdlc(nlab_pctx *c, nlab_view v, uint32_t len, size_t *hdrlen)
{
	c->proto = "chdlc";
	*hdrlen = 4;
	if (len < 4) {
		*hdrlen = v.len;
		return NLAB_P_ETRUNC;
	}
	if (!nlab_view_has(v, 0, 4))
		return NLAB_P_TRUNC;
	uint16_t proto = nlab_get16(v, 2);
	if (c->o->e)
		chdlc_header(c, v, proto, len);
	nlab_view p = nlab_view_from(v, 4);
	switch (proto) {
	case 0x0800:
		return nlab_p_ip(c, p, len - 4);
	case 0x86dd:
		return nlab_p_ip6(c, p, len - 4);
	case 0x8035:
		return slarp(c, p, len - 4);
	case 0xfefe:
		return osi(c, p, len - 4, hdrlen);
	case 0x8847:
	case 0x8848:
		return nlab_p_mpls(c, p, len - 4);
	default:
		if (!c->o->e)
			nlab_strbuf_printf(c->out, "unknown CHDLC protocol (0x%04x)", proto);
		return NLAB_P_OK;
	}
}
