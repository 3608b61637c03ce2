/* print_pppoe.c - PPP over Ethernet (EtherType 0x8863 discovery, 0x8864
 * session, 3Com's 0x3c12 and 0x3c13, and DLT_PPP_ETHER captures) as
 * tcpdump's print-pppoe.c writes it: "PPPoE PADI", odd versions, types
 * and lengths, the session id, then a discovery packet's tags (text
 * when most of it is printable, else hex) or a session's PPP frame. */
#include "print_priv.h"

/* tcpdump's pppoetag2str: the name of tag T, or NULL. */
static const char *tag_name(uint16_t t)
{
	switch (t) {
	case 0x0000: return "EOL";
	case 0x0101: return "Service-Name";
	case 0x0102: return "AC-Name";
	case 0x0103: return "Host-Uniq";
	case 0x0104: return "AC-Cookie";
	case 0x0105: return "Vendor-Specific";
	case 0x0110: return "Relay-Session-ID";
	case 0x0120: return "PPP-Max-Payload";
	case 0x0201: return "Service-Name-Error";
	case 0x0202: return "AC-System-Error";
	case 0x0203: return "Generic-Error";
	default: return NULL;
	}
}

/* " [Name" or " [TAG-0x..." */
static void tag_open(nlab_pctx *c, uint16_t t)
{
	const char *n = tag_name(t);
	if (n)
		nlab_strbuf_printf(c->out, " [%s", n);
	else
		nlab_strbuf_printf(c->out, " [TAG-0x%x", t);
}

/* A tag's value, N bytes at OFF of V (all captured): quoted text (its
 * first 79 bytes, '.' for what is not printable) when most of those
 * are printable, else every byte in hex. */
static void tag_value(nlab_pctx *c, nlab_view v, size_t off, uint16_t n)
{
	char s[80];
	unsigned k = 0, text = 0;
	for (; k < n && k < sizeof s - 1; k++) {
		uint8_t ch = nlab_get8(v, off + k);
		int ok = ch >= 0x20 && ch <= 0x7e;
		s[k] = ok ? (char)ch : '.';
		text += (unsigned)ok;
	}
	if (text > k - text) {
		nlab_p_puts(c, " \"");
		nlab_strbuf_add(c->out, s, k);
		nlab_p_puts(c, "\"]");
		return;
	}
	nlab_p_puts(c, " 0x");
	for (unsigned i = 0; i < n; i++)
		nlab_strbuf_printf(c->out, "%02X", nlab_get8(v, off + i));
	nlab_p_puts(c, "]");
}

/* A discovery packet's tags, LEN bytes from offset 6 of V. */
static int pppoe_tags(nlab_pctx *c, nlab_view v, uint32_t len)
{
	uint16_t type = 0xffff;
	size_t p = 6, end = 6 + (size_t)len;
	while (type && p < end) {
		if (!nlab_view_has(v, p, 4))
			return NLAB_P_TRUNC;
		type = nlab_get16(v, p);
		uint16_t n = nlab_get16(v, p + 2);
		p += 4;
		if (n && !nlab_view_has(v, p, n))
			return NLAB_P_TRUNC;
		tag_open(c, type);
		if (n)
			tag_value(c, v, p, n);
		else
			nlab_p_puts(c, "]");
		p += n;
	}
	return NLAB_P_OK;
}

/* The PPPoE packet of LEN bytes at V; *HDRLEN the header bytes
 * tcpdump counts (6, and the PPP header of a session's frame). */
static int pppoe(nlab_pctx *c, nlab_view v, uint32_t len, size_t *hdrlen)
{
	static const char *const codes[] = {"PADI", "PADO", "PADR", "PADS", "PADT"};
	static const uint8_t code_ids[] = {0x09, 0x07, 0x19, 0x65, 0xa7};
	c->proto = "pppoe";
	*hdrlen = 0;
	if (len < 6) {
		nlab_strbuf_printf(c->out, " (length %u < 6) (invalid)", len);
		return NLAB_P_OK;
	}
	len -= 6;
	if (!nlab_view_has(v, 0, 6))
		return NLAB_P_TRUNC;
	uint8_t vt = nlab_get8(v, 0), code = nlab_get8(v, 1);
	uint16_t sid = nlab_get16(v, 2);
	uint32_t plen = nlab_get16(v, 4);
	if (vt >> 4 != 1)
		nlab_strbuf_printf(c->out, " [ver %u]", vt >> 4);
	if ((vt & 0xf) != 1)
		nlab_strbuf_printf(c->out, " [type %u]", vt & 0xf);
	nlab_p_puts(c, "PPPoE ");
	size_t i = 0;
	while (i < sizeof code_ids && code_ids[i] != code)
		i++;
	if (i < sizeof code_ids)
		nlab_p_puts(c, codes[i]);
	else if (code)
		nlab_strbuf_printf(c->out, "PAD-%x", code);
	if (code == 0x09 && plen > 1484 - 6)
		nlab_strbuf_printf(c->out, " [len %u!]", plen);
	if (plen > len) {
		nlab_strbuf_printf(c->out, " [len %u > %u!]", plen, len);
		plen = len;
	}
	if (sid)
		nlab_strbuf_printf(c->out, " [ses 0x%x]", sid);
	*hdrlen = 6;
	if (code)
		return pppoe_tags(c, v, plen);
	nlab_p_puts(c, " ");
	size_t hl;
	int r = nlab_p_ppp_frame(c, nlab_view_from(v, 6), plen, &hl);
	*hdrlen += hl;
	return r;
}

int nlab_p_pppoe(nlab_pctx *c, nlab_view v, uint32_t len)
{
	size_t hl;
	return pppoe(c, v, len, &hl);
}

int nlab_p_ppp_ether(nlab_pctx *c, nlab_view v, uint32_t len, size_t *hdrlen)
{
	return pppoe(c, v, len, hdrlen);
}
