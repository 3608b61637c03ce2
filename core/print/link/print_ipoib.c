/* print_ipoib.c - IP over InfiniBand (DLT_IPOIB, 242; RFC 4391) as
 * tcpdump's print-ipoib.c writes it: a 44-byte header whose last
 * bytes hold an EtherType, then the packet of that type; with -e
 * "IPOIB, ethertype IPv4 (0x0800), length 128: " before. */
#include "print_priv.h"

/* ", ethertype IPv4 (0x0800), length LEN: " (-q: without the number). */
static void ipoib_header(nlab_pctx *c, uint16_t type, uint32_t len)
{
	const char *n = nlab_p_ethertype_name(type);
	nlab_strbuf_printf(c->out, ", ethertype %s", n ? n : "Unknown");
	if (!c->o->q)
		nlab_strbuf_printf(c->out, " (0x%04x)", type);
	nlab_strbuf_printf(c->out, ", length %u: ", len);
}

int nlab_p_ipoib(nlab_pctx *c, nlab_view v, uint32_t len, size_t *hdrlen)
{
	c->proto = "ipoib";
	if (v.len < 44 || len < 44) { /* tcpdump's explicit checks */
		*hdrlen = v.len < 44 ? v.len : len;
		return NLAB_P_ETRUNC;
	}
	*hdrlen = 44;
	uint16_t type = nlab_get16(v, 40);
	if (c->o->e) {
		nlab_p_puts(c, "IPOIB");
		ipoib_header(c, type, len);
	}
	int known;
	nlab_view p = nlab_view_from(v, 44);
	int r = nlab_p_ethertype(c, type, p, len - 44, &known);
	if (known)
		return r;
	if (!c->o->e)
		ipoib_header(c, type, len);
	nlab_p_default(c, p);
	return NLAB_P_OK;
}
