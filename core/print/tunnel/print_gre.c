/* print_gre.c - GRE (IP protocol 47): version 0 with its checksum, key,
 * sequence number and source routes, and PPTP's version 1, and the packet
 * each carries, as tcpdump's print-gre.c writes them. */
#include "print_priv.h"

enum {
	GRE_CP = 0x8000,
	GRE_RP = 0x4000,
	GRE_KP = 0x2000,
	GRE_SP = 0x1000,
	GRE_sP = 0x0800,
	GRE_AP = 0x0080
};

/* -v: ", Flags [key present, ...]" (bittok2str of gre_flag_values). */
static void gre_flags(nlab_pctx *c, uint16_t f)
{
	static const struct {
		uint16_t bit;
		const char *name;
	} t[] = {{GRE_CP, "checksum present"},
		 {GRE_RP, "routing present"},
		 {GRE_KP, "key present"},
		 {GRE_SP, "sequence# present"},
		 {GRE_sP, "source routing present"},
		 {GRE_AP, "ack present"}};
	const char *sep = "";
	nlab_p_puts(c, ", Flags [");
	for (size_t i = 0; i < sizeof t / sizeof t[0]; i++) {
		if (f & t[i].bit) {
			nlab_strbuf_printf(c->out, "%s%s", sep, t[i].name);
			sep = ", ";
		}
	}
	nlab_p_puts(c, *sep ? "]" : "none]");
}

/* A source route entry of address family AF (1: IPv4, 0xfffe: AS
 * numbers), SRELEN bytes at V of which LEN are in the datagram, the
 * current one at SREOFF; 0 when truncated. */
static int gre_sre(nlab_pctx *c, uint16_t af, uint8_t sreoff, uint8_t srelen,
		   nlab_view v, uint32_t len)
{
	if (af != 0x0800 && af != 0xfffe) {
		nlab_strbuf_printf(c->out, ", (rtaf=0x%x)", af);
		return 1;
	}
	size_t w = af == 0x0800 ? 4 : 2; /* the width of an entry */
	nlab_p_puts(c, w == 4 ? ", (rtaf=ip" : ", (rtaf=asn");
	int ok = 1;
	if (sreoff & (w - 1))
		nlab_strbuf_printf(c->out, ", badoffset=%u", sreoff);
	else if (srelen & (w - 1))
		nlab_strbuf_printf(c->out, ", badlength=%u", srelen);
	else if (sreoff >= srelen)
		nlab_strbuf_printf(c->out, ", badoff/len=%u/%u", sreoff,
				   srelen);
	else
		for (size_t at = 0; at < srelen && ok; at += w) {
			if (!nlab_view_has(v, at, w) || len < at + w) {
				ok = 0;
				break;
			}
			nlab_p_puts(c, at == sreoff ? " *" : " ");
			if (w == 4)
				nlab_p_ip4(c, v, at);
			else
				nlab_strbuf_printf(c->out, "%x",
						   nlab_get16(v, at));
		}
	nlab_p_puts(c, ")");
	return ok;
}

/* The routing entries from V on (LEN bytes left); their length, or -1
 * when truncated. */
static long gre_routes(nlab_pctx *c, nlab_view v, uint32_t len)
{
	size_t at = 0;
	for (;;) {
		if (!nlab_view_has(v, at, 4) || len < 4)
			return -1;
		uint16_t af = nlab_get16(v, at);
		uint8_t sreoff = nlab_get8(v, at + 2),
			srelen = nlab_get8(v, at + 3);
		at += 4, len -= 4;
		if (af == 0 && srelen == 0)
			return (long)at;
		if (!gre_sre(c, af, sreoff, srelen, nlab_view_from(v, at),
			     len) ||
		    len < srelen)
			return -1;
		at += srelen, len -= srelen;
	}
}

/* The -e text ", proto IPv4 (0x0800)", then ", length N" and the
 * separator before the payload. */
static void gre_tail(nlab_pctx *c, uint16_t prot, uint32_t length, int sep)
{
	if (c->o->e) {
		const char *n = nlab_p_ethertype_name(prot);
		nlab_strbuf_printf(c->out, ", proto %s (0x%04x)",
				   n ? n : "unknown", prot);
	}
	nlab_strbuf_printf(c->out, ", length %u", length);
	if (sep)
		nlab_p_puts(c, c->o->v ? "\n\t" : ": ");
}

/* The packet of ethertype PROT that version 0 carries. */
static int gre0_payload(nlab_pctx *c, uint16_t prot, nlab_view v, uint32_t len)
{
	if (prot == 0x0800)
		return nlab_p_ip(c, v, len);
	if (prot == 0x86dd)
		return nlab_p_ip6(c, v, len);
	if (prot == 0x6558)
		return nlab_p_inner_ether(c, v, len);
	if (prot == 0x8847 || prot == 0x8848)
		return nlab_p_mpls(c, v, len);
	if (prot == 0x00fe) {
		int known, r = nlab_p_isoclns(c, v, len, &known);
		if (known)
			return r;
	}
	nlab_strbuf_printf(c->out, "gre-proto-0x%x", prot);
	return NLAB_P_OK;
}

/* Reads the optional 4-byte field at *AT (LEFT bytes left) into *X. */
static int gre_field(nlab_view v, size_t *at, uint32_t *left, uint32_t *x)
{
	if (!nlab_view_has(v, *at, 4) || *left < 4)
		return 0;
	*x = nlab_get32(v, *at);
	*at += 4, *left -= 4;
	return 1;
}

/* Version 0 (RFC 1701/2890) of LENGTH bytes. */
static int gre0(nlab_pctx *c, nlab_view v, uint32_t length)
{
	uint16_t flags = nlab_get16(v, 0);
	if (c->o->v)
		gre_flags(c, flags);
	if (!nlab_view_has(v, 2, 2) || length < 4)
		return NLAB_P_ETRUNC;
	uint16_t prot = nlab_get16(v, 2);
	size_t at = 4;
	uint32_t left = length - 4, x;
	if (flags & (GRE_CP | GRE_RP)) { /* the checksum, then the offset */
		if (!nlab_view_has(v, 4, 2) || left < 2)
			return NLAB_P_ETRUNC;
		if (c->o->v)
			nlab_strbuf_printf(c->out, ", sum 0x%x",
					   nlab_get16(v, 4));
		if (!nlab_view_has(v, 6, 2) || left < 4)
			return NLAB_P_ETRUNC;
		nlab_strbuf_printf(c->out, ", off 0x%x", nlab_get16(v, 6));
		at += 4, left -= 4;
	}
	if ((flags & GRE_KP) && !gre_field(v, &at, &left, &x))
		return NLAB_P_ETRUNC;
	if (flags & GRE_KP)
		nlab_strbuf_printf(c->out, ", key=0x%x", x);
	if ((flags & GRE_SP) && !gre_field(v, &at, &left, &x))
		return NLAB_P_ETRUNC;
	if (flags & GRE_SP)
		nlab_strbuf_printf(c->out, ", seq %u", x);
	if (flags & GRE_RP) {
		long n = gre_routes(c, nlab_view_from(v, at), left);
		if (n < 0)
			return NLAB_P_ETRUNC;
		at += (size_t)n, left -= (uint32_t)n;
	}
	gre_tail(c, prot, length, 1);
	return gre0_payload(c, prot, nlab_view_from(v, at), left);
}

/* Version 1 (PPTP, RFC 2637) of LENGTH bytes and the PPP frame it
 * carries (print_ppp.c); other protocols by their number only. */
static int gre1(nlab_pctx *c, nlab_view v, uint32_t length)
{
	uint16_t flags = nlab_get16(v, 0);
	if (c->o->v)
		gre_flags(c, flags);
	if (!nlab_view_has(v, 2, 2) || length < 4)
		return NLAB_P_ETRUNC;
	uint16_t prot = nlab_get16(v, 2);
	size_t at = 4;
	uint32_t left = length - 4, x;
	if ((flags & GRE_KP) && !gre_field(v, &at, &left, &x))
		return NLAB_P_ETRUNC;
	if (flags & GRE_KP)
		nlab_strbuf_printf(c->out, ", call %u", x & 0xffff);
	if ((flags & GRE_SP) && !gre_field(v, &at, &left, &x))
		return NLAB_P_ETRUNC;
	if (flags & GRE_SP)
		nlab_strbuf_printf(c->out, ", seq %u", x);
	if ((flags & GRE_AP) && !gre_field(v, &at, &left, &x))
		return NLAB_P_ETRUNC;
	if (flags & GRE_AP)
		nlab_strbuf_printf(c->out, ", ack %u", x);
	if (!(flags & GRE_SP))
		nlab_p_puts(c, ", no-payload");
	gre_tail(c, prot, length, flags & GRE_SP);
	if (flags & GRE_SP && prot == 0x880b) {
		size_t hl;
		return nlab_p_ppp_frame(c, nlab_view_from(v, at), left, &hl);
	}
	if (flags & GRE_SP)
		nlab_strbuf_printf(c->out, "gre-proto-0x%x", prot);
	return NLAB_P_OK;
}

int nlab_p_gre(nlab_pctx *c, nlab_view v, uint32_t length)
{
	c->proto = "gre";
	if (!nlab_view_has(v, 0, 2) || length < 2)
		return NLAB_P_ETRUNC;
	uint16_t vers = nlab_get16(v, 0) & 7;
	nlab_strbuf_printf(c->out, "GREv%u", vers);
	if (vers == 0)
		return gre0(c, v, length);
	if (vers == 1)
		return gre1(c, v, length);
	nlab_p_puts(c, " ERROR: unknown-version");
	return NLAB_P_OK;
}
