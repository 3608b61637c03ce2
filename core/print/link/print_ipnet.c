/* print_ipnet.c - Solaris's ipnet headers (DLT_IPNET 226), as tcpdump's
 * print-ipnet.c writes them: a 24-byte header, then IPv4 or IPv6; with
 * -e "0 > 0, family IPv4 (2), length 88: " before. */
#include "print_priv.h"

enum { IPNET_HDR = 24, AF_INET4 = 2, AF_INET6_SOLARIS = 26 };

/* "ZSRC > ZDST, family IPv4 (2), length LEN: " (-q: ", IPv4"). */
static void ipnet_header(nlab_pctx *c, nlab_view v, uint32_t len)
{
	uint8_t fam = nlab_get8(v, 1);
	const char *n = fam == AF_INET4 ? "IPv4" : fam == AF_INET6_SOLARIS ? "IPv6" : NULL;
	nlab_strbuf_printf(c->out, "%u > %u", nlab_get32(v, 16), nlab_get32(v, 20));
	if (!c->o->q)
		nlab_strbuf_printf(c->out, ", family %s (%u)", n ? n : "Unknown", fam);
	else if (n)
		nlab_strbuf_printf(c->out, ", %s", n);
	else
		nlab_strbuf_printf(c->out, ", Unknown Ethertype (0x%04x)", fam);
	nlab_strbuf_printf(c->out, ", length %u: ", len);
}

int nlab_p_ipnet(nlab_pctx *c, nlab_view v, uint32_t len, size_t *hdrlen)
{
	c->proto = "ipnet";
	if (!nlab_view_has(v, 0, IPNET_HDR))
		return NLAB_P_TRUNC;
	*hdrlen = IPNET_HDR;
	if (c->o->e)
		ipnet_header(c, v, len);
	nlab_view p = nlab_view_from(v, IPNET_HDR);
	switch (nlab_get8(v, 1)) {
	case AF_INET4:
		return nlab_p_ip(c, p, len - IPNET_HDR);
	case AF_INET6_SOLARIS:
		return nlab_p_ip6(c, p, len - IPNET_HDR);
	default:
		if (!c->o->e)
			ipnet_header(c, v, len);
		nlab_p_default(c, p);
		return NLAB_P_OK;
	}
}
