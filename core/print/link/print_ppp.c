/* print_ppp.c - PPP as tcpdump's print-ppp.c writes it: captures of
 * DLT_PPP and DLT_PPP_PPPD (the address and control bytes or pppd's
 * direction skipped, -e "In  "/"Out "), DLT_PPP_SERIAL (PPP in HDLC-like
 * framing, or Cisco HDLC), and PPP frames inside PPPoE, GRE, Frame
 * Relay and EtherType 0x880b; the protocol (one byte when compressed),
 * -e "IP (0x0021), length 172: ", then IPv4, IPv6, MPLS, OSI, IPX through
 * their printers, the control protocols, CHAP, PAP and multilink PPP
 * through print_ppp_cp.c, and a frame still in RFC 1662's octet escapes
 * (a protocol 0x7eXX) unescaped first; a protocol tcpdump has no name
 * for is "unknown PPP protocol (0x..)" and its bytes in hex. */
#include "print_priv.h"

#include <stdlib.h>

/* tcpdump's ppptype2str: the name of PPP protocol P, or NULL. */
const char *nlab_p_ppp_name(uint16_t p)
{
	static const struct {
		uint16_t p;
		const char *n;
	} t[] = {{0x0021, "IP"},      {0x0023, "OSI"},	  {0x0025, "NS"},	 {0x0027, "DECNET"},
		 {0x0029, "APPLE"},   {0x002b, "IPX"},	  {0x002d, "VJC IP"},	 {0x002f, "VJNC IP"},
		 {0x0031, "BRPDU"},   {0x0033, "STII"},	  {0x0035, "VINES"},	 {0x0281, "MPLS"},
		 {0x0283, "MPLS"},    {0x00fd, "Compressed"}, {0x003d, "MLPPP"},	 {0x0057, "IP6"},
		 {0x0201, "HELLO"},   {0x0231, "LUXCOM"}, {0x0233, "SNS"},	 {0x8021, "IPCP"},
		 {0x8023, "OSICP"},   {0x8025, "NSCP"},	  {0x8027, "DECNETCP"},	 {0x8029, "APPLECP"},
		 {0x802b, "IPXCP"},   {0x8033, "STIICP"}, {0x8035, "VINESCP"},	 {0x8057, "IP6CP"},
		 {0x8281, "MPLSCP"},  {0xc021, "LCP"},	  {0xc023, "PAP"},	 {0xc025, "LQM"},
		 {0xc223, "CHAP"},    {0xc227, "EAP"},	  {0xc027, "SPAP"},	 {0xc123, "Old-SPAP"},
		 {0xc02b, "BACP"},    {0xc02d, "BAP"},	  {0xc03d, "MLPPP-CP"},	 {0x80fd, "CCP"}};
	for (size_t i = 0; i < sizeof t / sizeof t[0]; i++)
		if (t[i].p == p)
			return t[i].n;
	return NULL;
}

/* A frame that still holds RFC 1662's escapes, from OFF of V (the
 * protocol field's second byte): unescaped as far as it was captured,
 * then IPv4 or IPv6 by a one-byte protocol, or a PPP frame with or
 * without its address and control bytes (ppp_hdlc). */
static int ppp_unescape(nlab_pctx *c, nlab_view v, size_t off, uint32_t len)
{
	nlab_view in = nlab_view_from(v, off);
	if (in.len == 0 || len == 0)
		return NLAB_P_OK;
	uint8_t *b = malloc(in.len);
	if (!b)
		return NLAB_P_OK;
	size_t n = 0;
	for (size_t i = 0; i < in.len; i++) {
		uint8_t ch = in.base[i];
		if (ch == 0x7d) {
			if (i + 1 >= in.len)
				break;
			ch = in.base[++i] ^ 0x20;
		}
		b[n++] = ch;
	}
	nlab_view u = {b, n};
	int r = NLAB_P_ETRUNC;
	uint16_t p = n >= 2 ? nlab_get16(u, 0) : 0;
	size_t at = p == 0xff03 ? 4 : 2;
	if (n >= 1 && b[0] == 0x21)
		r = nlab_p_ip(c, nlab_view_from(u, 1), (uint32_t)n - 1);
	else if (n >= 1 && b[0] == 0x57)
		r = nlab_p_ip6(c, nlab_view_from(u, 1), (uint32_t)n - 1);
	else if (n >= at) {
		p = nlab_get16(u, at - 2);
		r = NLAB_P_OK;
		if ((p & 0xff00) == 0x7e00)
			nlab_strbuf_printf(c->out, "(protocol 0x%04x invalid)", p);
		else
			r = nlab_p_ppp_proto(c, p, u, at, (uint32_t)(n - at));
	}
	free(b);
	return r;
}

int nlab_p_ppp_proto(nlab_pctx *c, uint16_t p, nlab_view f, size_t off, uint32_t len)
{
	int known;
	nlab_view v = nlab_view_from(f, off);
	if ((p & 0xff00) == 0x7e00)
		return ppp_unescape(c, f, off - 1, len);
	switch (p) {
	case 0xc021:
	case 0x8021:
	case 0x8023:
	case 0x8281:
	case 0x8057:
	case 0x80fd:
	case 0xc02b:
		return nlab_p_ppp_cp(c, p, f, off, len);
	case 0x003d:
		return nlab_p_mlppp(c, v, len);
	case 0xc223:
		return nlab_p_chap(c, v, len);
	case 0xc023:
		return nlab_p_pap(c, v, len);
	case 0xc02d: /* BAP: tcpdump prints nothing of it */
		return NLAB_P_OK;
	case 0x0800:
	case 0x002f:
	case 0x0021:
		return nlab_p_ip(c, v, len);
	case 0x86dd:
	case 0x0057:
		return nlab_p_ip6(c, v, len);
	case 0x8137:
	case 0x002b:
		return nlab_p_ipx(c, v, len);
	case 0x0023:
		return nlab_p_isoclns(c, v, len, &known);
	case 0x0281:
	case 0x0283:
		return nlab_p_mpls(c, v, len);
	case 0x00fd:
		nlab_p_puts(c, "compressed PPP data");
		return NLAB_P_OK;
	default: {
		const char *n = nlab_p_ppp_name(p);
		if (n)
			nlab_strbuf_printf(c->out, "%s ", n);
		else
			nlab_strbuf_printf(c->out, "unknown PPP protocol (0x%04x) ", p);
		nlab_p_unknown(c, v, len);
		return NLAB_P_OK;
	}
	}
}

int nlab_p_ppp_frame(nlab_pctx *c, nlab_view v, uint32_t len, size_t *hdrlen)
{
	c->proto = "ppp";
	*hdrlen = 0;
	uint32_t olen = len;
	size_t off = 0;
	if (len < 2)
		return NLAB_P_ETRUNC;
	if (!nlab_view_has(v, 0, 2))
		return NLAB_P_TRUNC;
	uint16_t h = nlab_get16(v, 0);
	if (h == 0x0003 || h == 0x0103 || h == 0xff03) {
		if (c->o->e && h != 0xff03)
			nlab_p_puts(c, h == 0x0003 ? "In  " : "Out ");
		off = 2, len -= 2;
	}
	if (len < 2)
		return NLAB_P_ETRUNC;
	uint16_t p = nlab_get8(v, off);
	if (p % 2) {
		off++, len--;
	} else {
		if (!nlab_view_has(v, off, 2))
			return NLAB_P_TRUNC;
		p = nlab_get16(v, off), off += 2, len -= 2;
	}
	*hdrlen = off;
	if (c->o->e) {
		const char *n = nlab_p_ppp_name(p);
		nlab_strbuf_printf(c->out, "%s (0x%04x), length %u", n ? n : "unknown", p, olen);
		if (!n)
			return NLAB_P_OK;
		nlab_p_puts(c, ": ");
	}
	return nlab_p_ppp_proto(c, p, v, off, len);
}

int nlab_p_ppp(nlab_pctx *c, nlab_view v, uint32_t len, size_t *hdrlen)
{
	c->proto = "ppp";
	if (v.len < 4) {
		*hdrlen = v.len;
		return NLAB_P_ETRUNC;
	}
	size_t hl;
	*hdrlen = 4;
	return nlab_p_ppp_frame(c, v, len, &hl);
}

int nlab_p_ppp_serial(nlab_pctx *c, nlab_view v, uint32_t len, size_t *hdrlen)
{
	c->proto = "ppp_hdlc";
	uint8_t a = nlab_get8(v, 0);
	if (a == 0x0f || a == 0x8f)
		return v.len < 2 ? (*hdrlen = v.len, NLAB_P_ETRUNC) : nlab_p_chdlc(c, v, len, hdrlen);
	if (v.len < 4) {
		*hdrlen = v.len;
		return NLAB_P_ETRUNC;
	}
	if (c->o->e)
		nlab_strbuf_printf(c->out, "%02x %02x %u ", a, nlab_get8(v, 1), len);
	if (a != 0xff) {
		*hdrlen = 2;
		nlab_strbuf_printf(c->out, "unknown addr %02x; ctrl %02x", nlab_get8(v, 2),
				   nlab_get8(v, 3));
		return NLAB_P_OK;
	}
	*hdrlen = 4;
	uint16_t p = nlab_get16(v, 2);
	const char *n = nlab_p_ppp_name(p);
	if (n)
		nlab_strbuf_printf(c->out, "%s: ", n);
	else
		nlab_strbuf_printf(c->out, "unknown PPP protocol (0x%04x): ", p);
	return nlab_p_ppp_proto(c, p, v, 4, len - 4);
}
