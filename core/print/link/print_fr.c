/* print_fr.c - Frame Relay (DLT_FRELAY) as tcpdump's print-fr.c writes
 * it: the Q.922 address (2 to 4 bytes: DLCI and flags), then either a
 * Cisco-style EtherType or the UI control byte, an optional pad and an
 * NLPID naming what follows (IPv4, IPv6, OSI, SNAP, PPP, Q.933
 * signalling, FRF.15 fragments); with -e "Q.922, hdr-len 2, DLCI 301, Flags [none], ...". */
#include "print_priv.h"

/* The Q.922 address's flags as fr_header_flag_values places them. */
static const nlab_bitname fr_flags[] = {
	{0x02000000, "C!"}, {0x00020000, "DE"}, {0x00040000, "BECN"},
	{0x00080000, "FECN"}, {0x00000002, "sdlcore"}, {0, NULL},
};

/* The B, E and C bits of FRF.15 and FRF.16 headers. */
const nlab_bitname nlab_p_frf_flags[] = {
	{0x80, "Begin"}, {0x40, "End"}, {0x20, "Control"}, {0, NULL},
};

/* tcpdump's nlpid_values. */
static const char *nlpid_name(uint8_t id)
{
	switch (id) {
	case 0x00: return "NULL";
	case 0x08: return "Q.933";
	case 0x09: return "LMI";
	case 0x80: return "SNAP";
	case 0x81: return "CLNP";
	case 0x82: return "ES-IS";
	case 0x83: return "IS-IS";
	case 0x84: return "CONS";
	case 0x85: return "IDRP";
	case 0xc1: return "ISIS_SPB";
	case 0xb1: return "FRF.15";
	case 0xcc: return "IPv4";
	case 0xcf: return "PPP";
	case 0x8a: return "X25 ES-IS";
	case 0x8e: return "IPv6";
	default: return NULL;
	}
}

/* A parsed Q.922 address. */
typedef struct q922 {
	uint32_t dlci, flags;
	unsigned len; /* 2, 3 or 4 bytes */
} q922;

/* Reads the Q.922 address at V (LEN bytes on the wire) into *A: 1, 0
 * when it is not a valid one, -1 when it is cut (parse_q922_header). */
static int parse_q922(nlab_view v, uint32_t len, q922 *a)
{
	if (!nlab_view_has(v, 0, 1) || len < 1)
		return -1;
	uint8_t b0 = nlab_get8(v, 0), b1 = nlab_get8(v, 1);
	if (b0 & 1)
		return 0;
	if (!nlab_view_has(v, 1, 1) || len < 2)
		return -1;
	a->len = 2;
	a->dlci = (uint32_t)(b0 & 0xfc) << 2 | (uint32_t)(b1 & 0xf0) >> 4;
	a->flags = (uint32_t)(b0 & 0x02) << 24 | (uint32_t)(b1 & 0x0e) << 16;
	if (b1 & 1)
		return 1;
	size_t off = 2;
	if (!nlab_view_has(v, off, 1) || len < 3)
		return -1;
	a->len++;
	if ((nlab_get8(v, off) & 1) == 0) {
		a->dlci = a->dlci << 7 | nlab_get8(v, off) >> 1;
		a->len++;
		off++;
	}
	if (!nlab_view_has(v, off, 1) || len < off + 1)
		return -1;
	uint8_t last = nlab_get8(v, off);
	if ((last & 1) == 0)
		return 0; /* more than 4 bytes of address */
	a->flags |= last & 0x02;
	a->dlci = a->dlci << 6 | last >> 2;
	return 1;
}

/* "Q.922, hdr-len N, DLCI N, Flags [..], NLPID|cisco-ethertype NAME
 * (0x..), length LEN: " (fr_hdr_print); ID above 0xff is an EtherType. */
static void fr_header(nlab_pctx *c, uint32_t len, unsigned hlen, const q922 *a,
		      uint32_t id)
{
	if (c->o->q) {
		nlab_strbuf_printf(c->out, "Q.922, DLCI %u, length %u: ", a->dlci, len);
		return;
	}
	nlab_strbuf_printf(c->out, "Q.922, hdr-len %u, DLCI %u, Flags [", hlen, a->dlci);
	nlab_p_bits(c, fr_flags, a->flags, ", ", "none");
	const char *n = id > 0xff ? nlab_p_ethertype_name((uint16_t)id) : nlpid_name((uint8_t)id);
	if (id > 0xff)
		nlab_strbuf_printf(c->out, "], cisco-ethertype %s (0x%04x), length %u: ",
				   n ? n : "unknown", id, len);
	else
		nlab_strbuf_printf(c->out, "], NLPID %s (0x%02x), length %u: ",
				   n ? n : "unknown", id, len);
}

/* tcpdump's ND_DEFAULTPRINT of LEN bytes at V: hex and ASCII lines of
 * what was captured, then its longjmp when that is less than LEN. */
static int fr_dump(nlab_pctx *c, nlab_view v, uint32_t len)
{
	if (v.len > len)
		v.len = len;
	nlab_p_raw(c, v);
	return v.len < len ? NLAB_P_TRUNC : NLAB_P_OK;
}

/* FRF.15 fragmentation (NLPID 0xb1): its 2-byte header's line. */
static int frf15(nlab_pctx *c, nlab_view v, uint32_t len)
{
	if (len < 2)
		return NLAB_P_ETRUNC;
	if (!nlab_view_has(v, 0, 2))
		return NLAB_P_TRUNC;
	uint8_t b0 = nlab_get8(v, 0);
	nlab_strbuf_printf(c->out, "FRF.15, seq 0x%03x, Flags [",
			   (unsigned)(b0 & 0x1e) << 7 | nlab_get8(v, 1));
	nlab_p_bits(c, nlab_p_frf_flags, b0 & 0xe0, ", ", "none");
	nlab_strbuf_printf(c->out, "],%s Fragmentation, length %u",
			   b0 & 1 ? "Interface" : "End-to-End", len);
	return NLAB_P_OK;
}

/* A Cisco-style frame: an EtherType right after the address. Returns 1
 * when it was printed (*R its result), 0 to go on as an NLPID frame. */
static int fr_cisco(nlab_pctx *c, nlab_view v, uint32_t len, const q922 *a,
		    size_t *hdrlen, int *r)
{
	if (!nlab_view_has(v, a->len, 2) || len < a->len + 2) {
		nlab_strbuf_printf(c->out, "UI %02x! ", nlab_get8(v, a->len));
		return 0;
	}
	uint16_t type = nlab_get16(v, a->len);
	if (c->o->e)
		fr_header(c, len, a->len, a, type);
	int known;
	*r = nlab_p_ethertype(c, type, nlab_view_from(v, a->len + 2), len - a->len - 2, &known);
	if (!known) {
		nlab_strbuf_printf(c->out, "UI %02x! ", nlab_get8(v, a->len));
		return 0;
	}
	*hdrlen = a->len + 2;
	return 1;
}

/* What the NLPID ID says follows (LEN bytes after the frame V's HLEN
 * bytes of header). */
static int fr_payload(nlab_pctx *c, nlab_view v, unsigned hlen, uint32_t len, const q922 *a,
		      uint8_t id)
{
	nlab_view p = nlab_view_from(v, hlen);
	switch (id) {
	case 0xcc:
		return nlab_p_ip(c, p, len);
	case 0x8e:
		return nlab_p_ip6(c, p, len);
	case 0x08:
		return nlab_p_q933(c, p, len);
	case 0xb1:
		c->proto = "fr";
		return frf15(c, p, len);
	case 0x80: {
		int known, r = nlab_p_snap(c, p, len, &known);
		if (known)
			return r;
		if (!c->o->e) /* c->proto stays "snap", as ndo_protocol does */
			fr_header(c, len + hlen, hlen, a, id);
		return c->o->x || c->o->X || c->o->q ? NLAB_P_OK : fr_dump(c, v, len + hlen);
	}
	case 0xcf: {
		size_t hl;
		return nlab_p_ppp_frame(c, p, len, &hl);
	}
	case 0x81: /* CLNP, ES-IS, IS-IS: the OSI printer takes the NLPID too */
	case 0x82:
	case 0x83: {
		int known;
		int r = nlab_p_isoclns(c, nlab_view_from(v, hlen - 1), len + 1, &known);
		if (known)
			return r;
		c->proto = "fr";
	}
	/* fall through */
	default:
		if (!c->o->e)
			fr_header(c, len + hlen, a->len, a, id);
		return c->o->x ? NLAB_P_OK : fr_dump(c, p, len);
	}
}

int nlab_p_fr(nlab_pctx *c, nlab_view v, uint32_t len, size_t *hdrlen)
{
	c->proto = "fr";
	*hdrlen = 0;
	if (v.len < 4) { /* fr_if_print: the whole capture is link header */
		*hdrlen = v.len;
		return NLAB_P_ETRUNC;
	}
	return nlab_p_fr_frame(c, v, len, hdrlen);
}

int nlab_p_fr_frame(nlab_pctx *c, nlab_view v, uint32_t len, size_t *hdrlen)
{
	c->proto = "fr";
	*hdrlen = 0;
	q922 a;
	int ok = parse_q922(v, len, &a);
	if (ok < 0)
		return NLAB_P_ETRUNC;
	if (ok == 0) {
		nlab_p_puts(c, "Q.922, invalid address");
		return NLAB_P_OK;
	}
	if (!nlab_view_has(v, a.len, 1) || len < a.len + 1)
		return NLAB_P_ETRUNC;
	int r;
	if (nlab_get8(v, a.len) != 0x03 && a.dlci != 0 && fr_cisco(c, v, len, &a, hdrlen, &r))
		return r;
	if (!nlab_view_has(v, a.len + 1, 1) || len < a.len + 2)
		return NLAB_P_ETRUNC;
	unsigned hlen = a.len + 2;
	if (nlab_get8(v, a.len + 1) == 0) {
		if (a.len != 3)
			nlab_p_puts(c, "Pad! ");
		hlen++;
	} else if (a.len == 3) {
		nlab_p_puts(c, "No pad! ");
	}
	if (!nlab_view_has(v, hlen - 1, 1) || len < hlen)
		return NLAB_P_ETRUNC;
	uint8_t id = nlab_get8(v, hlen - 1);
	if (c->o->e)
		fr_header(c, len, a.len, &a, id);
	*hdrlen = hlen;
	return fr_payload(c, v, hlen, len - hlen, &a, id);
}
