/* print_nflog.c - Linux netfilter log messages (DLT_NFLOG 239), as
 * tcpdump's print-nflog.c writes them: a 4-byte header (family,
 * version, resource id), TLVs in the capturing host's byte order (here
 * little-endian) up to the payload's, then the IPv4 or IPv6 packet;
 * with -e "version 0, resource ID 20, family IPv4 (2), length 180: ". */
#include "print_priv.h"

enum { NFLOG_HDR = 4, TLV = 4, NFULA_PAYLOAD = 9, NF_INET = 2, NF_INET6 = 10 };

/* "version V, resource ID R, family IPv4 (2), length LEN: " */
static void nflog_header(nlab_pctx *c, nlab_view v, uint32_t len)
{
	uint8_t fam = nlab_get8(v, 0);
	const char *n = fam == NF_INET ? "IPv4" : fam == NF_INET6 ? "IPv6" : NULL;
	nlab_strbuf_printf(c->out, "version %u, resource ID %u", nlab_get8(v, 1), nlab_get16(v, 2));
	if (!c->o->q)
		nlab_strbuf_printf(c->out, ", family %s (%u)", n ? n : "Unknown", fam);
	else if (n)
		nlab_strbuf_printf(c->out, ", %s", n);
	else
		nlab_strbuf_printf(c->out, ", Unknown NFLOG (0x%02x)", fam);
	nlab_strbuf_printf(c->out, ", length %u: ", len);
}

long nlab_p_nflog_payload(nlab_view v, uint32_t *len, size_t *at)
{
	size_t off = NFLOG_HDR;
	uint32_t cap = (uint32_t)v.len - NFLOG_HDR;
	*at = off;
	while (*len > 0) {
		if (cap < TLV)
			return -1;
		uint16_t size = nlab_get16le(v, off);
		if (size % 4)
			size = (uint16_t)(size + 4 - size % 4);
		if (size < TLV || cap < size)
			return -1;
		if (nlab_get16le(v, off + 2) == NFULA_PAYLOAD) {
			*len -= TLV;
			*at = off + TLV;
			return (long)*at;
		}
		off += size, *len -= size, cap -= size;
		*at = off;
	}
	return (long)off;
}

int nlab_p_nflog(nlab_pctx *c, nlab_view v, uint32_t len, size_t *hdrlen)
{
	c->proto = "nflog";
	if (v.len < NFLOG_HDR) {
		*hdrlen = v.len;
		return NLAB_P_ETRUNC;
	}
	*hdrlen = NFLOG_HDR;
	if (nlab_get8(v, 1) != 0) {
		nlab_strbuf_printf(c->out, "version %u (unknown)", nlab_get8(v, 1));
		return NLAB_P_OK;
	}
	if (c->o->e)
		nflog_header(c, v, len);
	uint32_t rest = len - NFLOG_HDR;
	size_t at;
	long off = nlab_p_nflog_payload(v, &rest, &at);
	*hdrlen = at;
	if (off < 0)
		return NLAB_P_ETRUNC;
	nlab_view p = nlab_view_from(v, (size_t)off);
	switch (nlab_get8(v, 0)) {
	case NF_INET:
		return nlab_p_ip(c, p, rest);
	case NF_INET6:
		return nlab_p_ip6(c, p, rest);
	default:
		if (!c->o->e)
			nflog_header(c, v, rest + NFLOG_HDR);
		nlab_p_default(c, p);
		return NLAB_P_OK;
	}
}
