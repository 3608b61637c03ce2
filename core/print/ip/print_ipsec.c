/* print_ipsec.c - IPsec's headers, as tcpdump's print-esp.c and
 * print-ah.c write them without keys: "ESP(spi=0x..,seq=0x..), length N"
 * and "AH(spi=0x..,seq=0x..,icv=0x..): " before what AH protects. */
#include "print_priv.h"

int nlab_p_esp(nlab_pctx *c, nlab_view v, uint32_t len)
{
	c->proto = "esp";
	if (!nlab_view_has(v, 0, 9)) /* tcpdump wants a byte past the header */
		return NLAB_P_ETRUNC;
	nlab_strbuf_printf(c->out, "ESP(spi=0x%08x,seq=0x%x), length %u", nlab_get32(v, 0),
			   nlab_get32(v, 4), len);
	return NLAB_P_OK;
}

long nlab_p_ah(nlab_pctx *c, nlab_view v)
{
	c->proto = "ah";
	nlab_p_puts(c, "AH");
	if (!nlab_view_has(v, 1, 1))
		return -1;
	uint8_t alen = nlab_get8(v, 1);
	size_t hlen = ((size_t)alen + 2) * 4;
	nlab_p_puts(c, "(");
	if (c->o->v)
		nlab_strbuf_printf(c->out, "length=%u(%zu-bytes),", alen, hlen);
	if (!nlab_view_has(v, 2, 2))
		return -1;
	if (nlab_get16(v, 2))
		nlab_strbuf_printf(c->out, "reserved=0x%x[MustBeZero],", nlab_get16(v, 2));
	if (!nlab_view_has(v, 4, 4))
		return -1;
	nlab_strbuf_printf(c->out, "spi=0x%08x,", nlab_get32(v, 4));
	if (!nlab_view_has(v, 8, 4))
		return -1;
	nlab_strbuf_printf(c->out, "seq=0x%x,icv=0x", nlab_get32(v, 8));
	for (size_t p = 12; p < hlen; p++) {
		if (!nlab_view_has(v, p, 1))
			return -1;
		nlab_strbuf_printf(c->out, "%02x", nlab_get8(v, p));
	}
	nlab_p_puts(c, "): ");
	return (long)hlen;
}
