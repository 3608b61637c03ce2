/* print_mfr.c - Multilink Frame Relay (FRF.16, DLT_MFR) as tcpdump's
 * print-fr.c writes it: a link integrity control frame's flags, message
 * type and length, under -v its information elements (bundle and link
 * ids, magic number, time stamp, the others in hex; -vv every one in
 * hex too); a fragment's sequence number and flags, then the Frame
 * Relay frame a first (or whole) fragment starts (print_fr.c), else the
 * fragment's bytes in hex. */
#include "print_priv.h"

/* tcpdump's mfr_ctrl_msg_values. */
static const char *msg_name(uint8_t m)
{
	static const char *const n[] = {NULL,	       "Add Link",    "Add Link ACK",
					"Add Link Reject", "Hello",	      "Hello ACK",
					"Remove Link",	   "Remove Link ACK"};
	return m < sizeof n / sizeof n[0] ? n[m] : NULL;
}

/* tcpdump's mfr_ctrl_ie_values. */
static const char *ie_name(uint8_t t)
{
	static const char *const n[] = {NULL,	  "Bundle ID", "Link ID",	   "Magic Number",
					NULL,	  "Timestamp", "Vendor Extension", "Cause"};
	return t < sizeof n / sizeof n[0] && n[t] ? n[t] : "Unknown";
}

/* A time stamp IE's struct timeval (16 bytes at OFF, as the sender's
 * host stored it: little-endian 64-bit seconds and microseconds) as
 * tcpdump's ts_print writes the line's own time stamp (and its space). */
static void ie_time(nlab_pctx *c, nlab_view v, size_t off)
{
	uint64_t sec = 0, usec = 0;
	for (int i = 7; i >= 0; i--) {
		sec = sec << 8 | nlab_get8(v, off + (size_t)i);
		usec = usec << 8 | nlab_get8(v, off + 8 + (size_t)i);
	}
	nlab_clock k = {0};
	/* ts_print's "%06u" keeps the microseconds' low 32 bits */
	nlab_pkthdr h = {(int64_t)sec, (int64_t)(uint32_t)usec * 1000, 0, 0, 0, ""};
	nlab_p_time(&k, c, &h); /* its space too, as ts_print's */
}

/* The value of IE TYPE, N bytes at OFF (all captured). */
static void ie_value(nlab_pctx *c, nlab_view v, size_t off, uint8_t type, uint32_t n)
{
	switch (type) {
	case 3:
		if (n != 4)
			nlab_strbuf_printf(c->out, "[IE data length %u != 4] (invalid)", n);
		else
			nlab_strbuf_printf(c->out, "0x%08x", nlab_get32(v, off));
		break;
	case 1:
	case 2:
		for (uint32_t i = 0; i < n && i < 50 && nlab_get8(v, off + i); i++)
			nlab_p_char(c, nlab_get8(v, off + i));
		break;
	case 5:
		if (n == 16) {
			ie_time(c, v, off);
			break;
		}
		/* fall through */
	default:
		if (c->o->v <= 1)
			nlab_p_unknown_data(c, v, off, n, "\n\t  ");
	}
	if (c->o->v > 1)
		nlab_p_unknown_data(c, v, off, n, "\n\t  ");
}

/* A control frame's information elements, LEFT bytes from offset 3 of
 * V: NLAB_P_OK, or NLAB_P_ETRUNC when one runs past the capture. */
static int ctrl_ies(nlab_pctx *c, nlab_view v, uint32_t left)
{
	size_t p = 3;
	while (left > 2) { /* bounded: each IE moves on more than 2 bytes */
		if (!nlab_view_has(v, p, 2))
			return NLAB_P_ETRUNC;
		uint8_t type = nlab_get8(v, p), n = nlab_get8(v, p + 1);
		nlab_strbuf_printf(c->out, "\n\tIE %s (%u), length %u: ", ie_name(type), type, n);
		if (type == 0 || n <= 2)
			return NLAB_P_OK;
		if (!nlab_view_has(v, p, n))
			return NLAB_P_ETRUNC;
		ie_value(c, v, p + 2, type, n - 2u);
		left -= 2; /* as tcpdump: what is left may wrap, then the capture ends it */
		left -= n - 2u;
		p += n;
	}
	return NLAB_P_OK;
}

int nlab_p_mfr(nlab_pctx *c, nlab_view v, uint32_t len, size_t *hdrlen)
{
	c->proto = "mfr";
	*hdrlen = 0;
	if (v.len < 2) { /* mfr_if_print: the whole capture is link header */
		*hdrlen = v.len;
		return NLAB_P_ETRUNC;
	}
	*hdrlen = len;
	if (len < 4) {
		nlab_strbuf_printf(c->out, "[length %u < 4] (invalid)", len);
		return NLAB_P_OK;
	}
	if (!nlab_view_has(v, 0, 4))
		return NLAB_P_ETRUNC;
	uint8_t b0 = nlab_get8(v, 0), bec = b0 & 0xe0;
	if (bec == 0xe0 && nlab_get8(v, 1) == 0) {
		const char *m = msg_name(nlab_get8(v, 2));
		nlab_p_puts(c, "FRF.16 Control, Flags [");
		nlab_p_bits(c, nlab_p_frf_flags, bec, ", ", "none");
		if (m)
			nlab_strbuf_printf(c->out, "], %s, length %u", m, len);
		else
			nlab_strbuf_printf(c->out, "], Unknown Message (0x%02x), length %u",
					   nlab_get8(v, 2), len);
		*hdrlen = 3;
		int r = c->o->v ? ctrl_ies(c, v, len - 3) : NLAB_P_OK;
		if (r == NLAB_P_ETRUNC)
			*hdrlen = len;
		return r;
	}
	nlab_strbuf_printf(c->out, "FRF.16 Frag, seq %u, Flags [",
			   (unsigned)(b0 & 0x1e) << 7 | nlab_get8(v, 1));
	nlab_p_bits(c, nlab_p_frf_flags, bec, ", ", "none");
	nlab_p_puts(c, "]");
	if (bec == 0xc0 || bec == 0x80) { /* a whole frame or its first fragment */
		size_t hl;
		nlab_p_puts(c, ", ");
		*hdrlen = 2;
		return nlab_p_fr_frame(c, nlab_view_from(v, 2), len - 2, &hl);
	}
	*hdrlen = 0;
	nlab_p_unknown_data(c, v, 0, len, "\n\t");
	return NLAB_P_OK;
}
