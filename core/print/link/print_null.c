/* print_null.c - BSD loopback headers (DLT_NULL, DLT_LOOP), as
 * tcpdump's print-null.c writes them: a 4-byte address family, then IP
 * or IPv6; with -e "AF IPv4 (2), length 88: " before. */
#include "print_priv.h"

/* tcpdump's bsd_af_values. */
static const char *af_name(uint32_t af)
{
	switch (af) {
	case 2: return "IPv4";
	case 6: return "NS";
	case 7: return "ISO";
	case 16: return "Appletalk";
	case 23: return "IPX";
	case 24: case 28: case 30: return "IPv6";
	default: return NULL;
	}
}

/* "AF IPv4 (2), length LEN: " (-q: "IPv4, length LEN: "). */
static void null_header(nlab_pctx *c, uint32_t af, uint32_t len)
{
	const char *n = af_name(af);
	if (!c->o->q)
		nlab_strbuf_printf(c->out, "AF %s (%u)", n ? n : "Unknown", af);
	else if (n)
		nlab_p_puts(c, n);
	else
		nlab_strbuf_printf(c->out, "Unknown AF %u", af);
	nlab_strbuf_printf(c->out, ", length %u: ", len);
}

int nlab_p_null(nlab_pctx *c, nlab_view v, uint32_t len, size_t *hdrlen)
{
	c->proto = "null";
	if (!nlab_view_has(v, 0, 4))
		return NLAB_P_TRUNC; /* print-null.c's checks longjmp */
	*hdrlen = 4;
	/* the family is in the byte order of the machine that captured it
	 * (DLT_NULL) or big-endian (DLT_LOOP): tcpdump reads it in its own
	 * (little-endian here) and swaps it when the upper half is not 0 */
	uint32_t af = (uint32_t)nlab_get8(v, 0) | (uint32_t)nlab_get8(v, 1) << 8 |
		      (uint32_t)nlab_get8(v, 2) << 16 | (uint32_t)nlab_get8(v, 3) << 24;
	if (af & 0xffff0000u)
		af = __builtin_bswap32(af);
	if (c->o->e)
		null_header(c, af, len);
	nlab_view p = nlab_view_from(v, 4);
	switch (af) {
	case 2:
		return nlab_p_ip(c, p, len - 4);
	case 24:
	case 28:
	case 30:
		return nlab_p_ip6(c, p, len - 4);
	default: /* netlab has no ISO, AppleTalk or IPX printer */
		if (!c->o->e)
			null_header(c, af, len);
		nlab_p_default(c, p);
		return NLAB_P_OK;
	}
}
