/* print_ppp.c - PPP captures (DLT_PPP, link type 9) as tcpdump's
 * print-ppp.c writes them: the address and control bytes skipped, the
 * protocol (one byte when compressed), -e "IP (0x0021), length 172: ",
 * then IPv4, IPv6, MPLS, OSI and IPX through their printers; a protocol
 * tcpdump has no name for is "unknown PPP protocol (0x..)" and its bytes
 * in hex. Not yet: the control protocols (LCP, IPCP, CHAP, PAP, BAP,
 * multilink) and HDLC escapes, which print their name and bytes in hex. */
#include "print_priv.h"

/* tcpdump's ppptype2str: the name of PPP protocol P, or NULL. */
static const char *ppp_name(uint16_t p)
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

/* The packet of protocol P, LEN bytes at V (handle_ppp). */
static int payload(nlab_pctx *c, uint16_t p, nlab_view v, uint32_t len)
{
	int known;
	switch (p) {
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
		const char *n = ppp_name(p);
		if (n)
			nlab_strbuf_printf(c->out, "%s ", n);
		else
			nlab_strbuf_printf(c->out, "unknown PPP protocol (0x%04x) ", p);
		nlab_p_unknown(c, v, len);
		return NLAB_P_OK;
	}
	}
}

int nlab_p_ppp(nlab_pctx *c, nlab_view v, uint32_t len, size_t *hdrlen)
{
	c->proto = "ppp";
	if (v.len < 4) {
		*hdrlen = v.len;
		return NLAB_P_ETRUNC;
	}
	*hdrlen = 4;
	uint32_t olen = len;
	size_t off = 0;
	if (len < 2)
		return NLAB_P_ETRUNC;
	if (nlab_get16(v, 0) == 0xff03)
		off = 2, len -= 2;
	if (len < 2)
		return NLAB_P_ETRUNC;
	uint16_t p = nlab_get8(v, off);
	if (p % 2)
		off++, len--;
	else
		p = nlab_get16(v, off), off += 2, len -= 2;
	if (c->o->e) {
		const char *n = ppp_name(p);
		nlab_strbuf_printf(c->out, "%s (0x%04x), length %u", n ? n : "unknown", p, olen);
		if (!n)
			return NLAB_P_OK;
		nlab_p_puts(c, ": ");
	}
	return payload(c, p, nlab_view_from(v, off), len);
}
