/* print_icmpext.c - -v: the multi-part extension (RFC 4884) after an
 * ICMP error's quoted datagram, 136 bytes into the message: its
 * version and checksum, then each object (MPLS label stack entries;
 * the others in hex), as tcpdump 4.99.3's icmp_print writes them. */
#include "print_priv.h"

/* One object's body (TLEN bytes at OFF) by its class and C-type. */
static int ext_object(nlab_pctx *c, nlab_view v, size_t off, uint8_t cls,
		      uint8_t ctype, uint32_t tlen)
{
	if (cls != 1 || ctype != 1) {
		nlab_p_hexdump(c, v, off, tlen, "\n\t    ");
		return NLAB_P_OK;
	}
	if (!nlab_view_has(v, off, 4))
		return NLAB_P_TRUNC;
	uint32_t e = nlab_get32(v, off);
	nlab_strbuf_printf(c->out, "\n\t    label %u, tc %u", e >> 12, (e >> 9) & 7);
	if (e & 0x100)
		nlab_p_puts(c, ", [S]");
	nlab_strbuf_printf(c->out, ", ttl %u", e & 0xff);
	return NLAB_P_OK;
}

/* The objects after the extension header, HLEN bytes from 140. */
static int ext_objects(nlab_pctx *c, nlab_view v, uint32_t hlen)
{
	static const char *names[] = {"unknown", "MPLS Stack Entry", "Interface Identification"};
	size_t off = 140;
	while (hlen > 4) {
		if (!nlab_view_has(v, off, 4)) {
			nlab_p_puts(c, " [|icmp]");
			return NLAB_P_OK;
		}
		uint32_t tlen = nlab_get16(v, off);
		uint8_t cls = nlab_get8(v, off + 2), ctype = nlab_get8(v, off + 3);
		nlab_strbuf_printf(c->out, "\n\t  %s Object (%u), Class-Type: %u, length %u",
				   names[cls <= 2 ? cls : 0], cls, ctype, tlen);
		off += 4, hlen -= 4;
		if (cls == 0 || tlen < 4)
			return NLAB_P_OK; /* tcpdump's loop protection */
		tlen -= 4;
		int r = ext_object(c, v, off, cls, ctype, tlen);
		if (r != NLAB_P_OK)
			return r;
		if (hlen < tlen)
			break;
		hlen -= tlen, off += tlen;
	}
	return NLAB_P_OK;
}

int nlab_p_icmp_ext(nlab_pctx *c, nlab_view v, uint32_t len)
{
	if (!nlab_view_has(v, 0, 141)) {
		nlab_p_puts(c, " [|icmp]");
		return NLAB_P_OK;
	}
	uint32_t hlen = len - 136;
	if (nlab_get8(v, 5) == 0 && nlab_view_has(v, 136, hlen) &&
	    nlab_p_cksum(nlab_p_sum(v, 136, hlen, 0)))
		return NLAB_P_OK; /* no length and no valid extension header */
	uint8_t ver = nlab_get8(v, 136) >> 4;
	nlab_strbuf_printf(c->out, "\n\tICMP Multi-Part extension v%u", ver);
	if (ver != 2) {
		nlab_p_puts(c, " packet not supported");
		return NLAB_P_OK;
	}
	if (nlab_view_has(v, 136, hlen))
		nlab_strbuf_printf(c->out, ", checksum 0x%04x (%scorrect), length %u",
				   nlab_get16(v, 138),
				   nlab_p_cksum(nlab_p_sum(v, 136, hlen, 0)) ? "in" : "", hlen);
	return ext_objects(c, v, hlen - 4);
}
