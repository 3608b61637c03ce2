/* print_icmp6ni.c - ICMPv6 node information queries and replies (types
 * 139 and 140, RFC 4620, and the KAME who-are-you before it), as
 * tcpdump 4.99.3's icmp6_nodeinfo_print writes them. */
#include "print_priv.h"

/* The node address flags: a G S L C A, and T in a reply. */
static void ni_addr_flags(nlab_pctx *c, uint16_t f, int reply)
{
	if (!f)
		return;
	nlab_strbuf_printf(c->out, " [%s%s%s%s%s%s%s]", f & 0x40 ? "a" : "",
			   f & 0x20 ? "G" : "", f & 0x10 ? "S" : "",
			   f & 0x08 ? "L" : "", f & 0x04 ? "C" : "",
			   f & 0x02 ? "A" : "", reply && (f & 0x01) ? "T" : "");
}

/* ", \"a.b.\"": a DNS name at OFF up to END, not decompressed
 * (tcpdump's dnsname_print). */
static void ni_dnsname(nlab_pctx *c, nlab_view v, size_t off, size_t end)
{
	nlab_p_puts(c, ", \"");
	while (off < end) {
		size_t n = nlab_get8(v, off++);
		if (!n) {
			if (off == end)
				nlab_p_puts(c, ".");
			else if (!(off + 1 == end && nlab_get8(v, off) == 0))
				nlab_p_puts(c, "???");
			break;
		}
		if (n > end - off) {
			nlab_p_puts(c, "???");
			break;
		}
		for (; n && off < end; n--)
			nlab_p_char(c, nlab_get8(v, off++));
		if (off + 1 < end && nlab_get8(v, off))
			nlab_p_puts(c, ".");
	}
	nlab_p_puts(c, "\"");
}

/* A name at OFF up to END: a Pascal string (draft 03) or a DNS name. */
static void ni_name(nlab_pctx *c, nlab_view v, size_t off, size_t end)
{
	if (off < end && nlab_get8(v, off) == end - off - 1) {
		if (c->o->v)
			nlab_p_puts(c, ", 03 draft");
		nlab_p_puts(c, ", \"");
		for (off++; off < end; off++)
			nlab_p_char(c, nlab_get8(v, off));
		nlab_p_puts(c, "\"");
	} else {
		ni_dnsname(c, v, off, end);
	}
}

/* A query's subject after the 16-byte header (SIZ bytes in all). */
static int ni_subject(nlab_pctx *c, nlab_view v, size_t siz)
{
	uint8_t code = nlab_get8(v, 1);
	size_t alen = code == 0 ? 16 : 4;
	if (code == 1) {
		nlab_p_puts(c, ", subject=DNS name");
		if (siz <= 16)
			return NLAB_P_TRUNC; /* the name's first byte */
		ni_name(c, v, 16, siz);
		return NLAB_P_OK;
	}
	if (code > 2) {
		nlab_p_puts(c, ", unknown subject");
		return NLAB_P_OK;
	}
	if (siz < 16 + alen)
		return NLAB_P_OK;
	if (siz != 16 + alen) {
		if (c->o->v)
			nlab_p_puts(c, ", invalid subject len");
		return NLAB_P_OK;
	}
	nlab_p_puts(c, ", subject=");
	code == 0 ? nlab_p_ip6addr(c, v, 16) : nlab_p_ip4(c, v, 16);
	return NLAB_P_OK;
}

static int ni_query(nlab_pctx *c, nlab_view v, size_t siz)
{
	if (siz == 12) {
		nlab_p_puts(c, " who-are-you request");
		return NLAB_P_OK;
	}
	nlab_p_puts(c, " node information query");
	if (siz < 16) {
		nlab_p_puts(c, " [|icmp6]");
		return NLAB_P_OK;
	}
	uint16_t qtype = nlab_get16(v, 4), flags = nlab_get16(v, 6);
	nlab_p_puts(c, " (");
	if (qtype == 0) {
		nlab_p_puts(c, "noop");
	} else if (qtype == 1) {
		nlab_p_puts(c, "supported qtypes");
		if (flags)
			nlab_strbuf_printf(c->out, " [%s]", flags & 1 ? "C" : "");
	} else if (qtype == 2) {
		nlab_p_puts(c, "DNS name");
	} else if (qtype == 3) {
		nlab_p_puts(c, "node addresses");
		ni_addr_flags(c, flags, 0);
	} else {
		nlab_p_puts(c, "unknown");
	}
	if (qtype <= 1) {
		if (siz != 16 && c->o->v)
			nlab_p_puts(c, ", invalid len");
	} else if (siz == 16) {
		nlab_p_puts(c, ", 03 draft");
	} else {
		int r = ni_subject(c, v, siz);
		if (r != NLAB_P_OK)
			return r;
	}
	nlab_p_puts(c, ")");
	return NLAB_P_OK;
}

/* A successful reply's data by its query type (SIZ bytes in all). */
static int ni_answer(nlab_pctx *c, nlab_view v, size_t siz, int comma)
{
	uint16_t qtype = nlab_get16(v, 4), flags = nlab_get16(v, 6);
	if (comma)
		nlab_p_puts(c, ", ");
	switch (qtype) {
	case 0:
		nlab_p_puts(c, "noop");
		if (siz != 16 && c->o->v)
			nlab_p_puts(c, ", invalid length");
		return NLAB_P_OK;
	case 1:
		nlab_p_puts(c, "supported qtypes");
		if (flags)
			nlab_strbuf_printf(c->out, " [%s]", flags & 1 ? "C" : "");
		return NLAB_P_OK;
	case 2:
		nlab_p_puts(c, "DNS name");
		if (siz <= 20)
			return NLAB_P_TRUNC;
		ni_name(c, v, 20, siz);
		if (flags & 1)
			nlab_strbuf_printf(c->out, " [TTL=%u]", nlab_get32(v, 16));
		return NLAB_P_OK;
	case 3:
		nlab_p_puts(c, "node addresses");
		for (size_t i = 16; i + 20 <= siz; i += 20) {
			nlab_p_puts(c, " ");
			nlab_p_ip6addr(c, v, i + 4);
			nlab_strbuf_printf(c->out, "(%u)", nlab_get32(v, i));
		}
		ni_addr_flags(c, flags, 1);
		return NLAB_P_OK;
	default:
		nlab_p_puts(c, "unknown");
		return NLAB_P_OK;
	}
}

static int ni_reply(nlab_pctx *c, nlab_view v, uint32_t len, size_t siz)
{
	if (len > siz || siz < 16) {
		nlab_p_puts(c, " [|icmp6]");
		return NLAB_P_OK;
	}
	uint8_t code = nlab_get8(v, 1);
	int comma = 0;
	nlab_p_puts(c, " node information reply (");
	if (code == 0 && c->o->v) {
		nlab_p_puts(c, "success");
		comma = 1;
	} else if (code == 1 || code == 2) {
		nlab_p_puts(c, code == 1 ? "refused" : "unknown");
		if (siz != 16 && c->o->v)
			nlab_p_puts(c, ", invalid length");
	}
	if (code == 0) {
		int r = ni_answer(c, v, siz, comma);
		if (r != NLAB_P_OK)
			return r;
	}
	nlab_p_puts(c, ")");
	return NLAB_P_OK;
}

int nlab_p_icmp6_ni(nlab_pctx *c, nlab_view v, uint32_t len)
{
	size_t siz = v.len < len ? v.len : len;
	return nlab_get8(v, 0) == 139 ? ni_query(c, v, siz) : ni_reply(c, v, len, siz);
}
