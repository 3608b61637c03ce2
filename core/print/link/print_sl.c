/* print_sl.c - SLIP captures (DLT_SLIP and DLT_SLIP_BSDOS) as tcpdump's
 * print-sl.c writes them: the 16-byte pseudo-header skipped, then the
 * IPv4 or IPv6 packet ("ip v14" for another version); -e the direction
 * and what the compression byte says: "ip 84: ", "utcp 3: ", or a
 * Van Jacobson compressed TCP header's connection, changes and lengths
 * (ctcp), the lengths remembered per direction and connection between
 * packets as tcpdump's static tables do. */
#include "print_priv.h"

enum { SLIP_HDRLEN = 16 };

/* The length of the uncompressed TCP/IP header at IP (IP and TCP
 * header words, as tcpdump counts them), or -1 when not captured. */
static long tcpip_hlen(nlab_view ip)
{
	if (!nlab_view_has(ip, 0, 20))
		return -1;
	size_t hl = (nlab_get8(ip, 0) & 0xf) * 4u;
	if (!nlab_view_has(ip, hl, 20))
		return -1;
	return (long)(hl + (nlab_get8(ip, hl + 12) >> 4) * 4u);
}

/* " STR" and the change at *OFF of CH: one byte, or 0 and two more
 * (tcpdump moves past only the two-byte form); 0, or -1 when cut. */
static int sl_change(nlab_pctx *c, const char *str, nlab_view ch, size_t *off)
{
	if (!nlab_view_has(ch, *off, 1))
		return -1;
	uint32_t i = nlab_get8(ch, *off);
	if (i == 0) {
		if (!nlab_view_has(ch, *off + 1, 2))
			return -1;
		i = nlab_get16(ch, *off + 1);
		*off += 3;
	}
	nlab_strbuf_printf(c->out, " %s%u", str, i);
	return 0;
}

/* " W+N" or " W-N": the window's change, likewise. */
static int sl_winchange(nlab_pctx *c, nlab_view ch, size_t *off)
{
	if (!nlab_view_has(ch, *off, 1))
		return -1;
	int i = nlab_get8(ch, *off);
	if (i == 0) {
		if (!nlab_view_has(ch, *off + 1, 2))
			return -1;
		i = (int16_t)nlab_get16(ch, *off + 1);
		*off += 3;
	}
	nlab_strbuf_printf(c->out, i >= 0 ? " W+%d" : " W%d", i);
	return 0;
}

/* A compressed TCP header CH (from the compression byte on) of a
 * packet of LEN bytes after the pseudo-header, in direction DIR. */
static int compressed(nlab_pctx *c, nlab_view ch, nlab_view ip, uint32_t len, int dir)
{
	nlab_slip *s = c->sl;
	uint8_t flags = nlab_get8(ch, 0);
	size_t off = 1;
	if (flags & 0x40) {
		if (!nlab_view_has(ch, 1, 1))
			return NLAB_P_TRUNC;
		s->lastconn = nlab_get8(ch, 1);
		off = 2;
		nlab_strbuf_printf(c->out, "ctcp %u", s->lastconn);
	} else {
		nlab_p_puts(c, "ctcp *");
	}
	off += 2; /* the TCP checksum */
	int r = 0;
	switch (flags & 0x0f) {
	case 0x0b:
		nlab_strbuf_printf(c->out, " *SA+%u", s->lastlen[dir][s->lastconn]);
		break;
	case 0x0f:
		nlab_strbuf_printf(c->out, " *S+%u", s->lastlen[dir][s->lastconn]);
		break;
	default:
		if (flags & 0x01)
			r |= sl_change(c, "U=", ch, &off);
		if (!r && flags & 0x02)
			r |= sl_winchange(c, ch, &off);
		if (!r && flags & 0x04)
			r |= sl_change(c, "A+", ch, &off);
		if (!r && flags & 0x08)
			r |= sl_change(c, "S+", ch, &off);
	}
	if (!r && flags & 0x20)
		r |= sl_change(c, "I+", ch, &off);
	long hl = r ? -1 : tcpip_hlen(ip);
	if (hl < 0)
		return NLAB_P_TRUNC;
	s->lastlen[dir][s->lastconn] = len - (uint32_t)hl;
	nlab_strbuf_printf(c->out, " %u (%zu)", s->lastlen[dir][s->lastconn], off);
	return NLAB_P_OK;
}

/* -e: the pseudo-header V's direction and compression type, for the
 * packet IP of LEN bytes after it (sliplink_print). */
static int sliplink(nlab_pctx *c, nlab_view v, nlab_view ip, uint32_t len)
{
	int dir = nlab_get8(v, 0);
	if (dir == 0 || dir == 1)
		nlab_p_puts(c, dir ? "O " : "I ");
	else
		nlab_strbuf_printf(c->out, "Invalid direction %d ", dir), dir = -1;
	uint8_t ch = nlab_get8(v, 1);
	if ((ch & 0xf0) == 0x40) {
		nlab_strbuf_printf(c->out, "ip %u: ", len + SLIP_HDRLEN);
		return NLAB_P_OK;
	}
	if ((ch & 0xf0) == 0x70) {
		c->sl->lastconn = nlab_get8(v, 10);
		nlab_strbuf_printf(c->out, "utcp %u: ", c->sl->lastconn);
		if (dir < 0)
			return NLAB_P_OK;
		long hl = tcpip_hlen(ip);
		if (hl < 0)
			return NLAB_P_TRUNC;
		c->sl->lastlen[dir][c->sl->lastconn] = len - (uint32_t)hl;
		return NLAB_P_OK;
	}
	if (dir < 0)
		return NLAB_P_OK;
	if (!(ch & 0x80)) {
		nlab_strbuf_printf(c->out, "slip-%u!: ", ch);
		return NLAB_P_OK;
	}
	int r = compressed(c, nlab_view_from(v, 1), ip, len, dir);
	if (r == NLAB_P_OK)
		nlab_p_puts(c, ": ");
	return r;
}

int nlab_p_slip(nlab_pctx *c, nlab_view v, uint32_t len, size_t *hdrlen)
{
	c->proto = "slip";
	*hdrlen = 0;
	if (!nlab_view_has(v, 0, SLIP_HDRLEN))
		return NLAB_P_TRUNC;
	*hdrlen = SLIP_HDRLEN;
	len -= SLIP_HDRLEN;
	nlab_view ip = nlab_view_from(v, SLIP_HDRLEN);
	if (c->o->e && c->sl) {
		int r = sliplink(c, v, ip, len);
		if (r != NLAB_P_OK)
			return r;
	}
	if (!nlab_view_has(ip, 0, 1))
		return NLAB_P_TRUNC;
	switch (nlab_get8(ip, 0) >> 4) {
	case 4:
		return nlab_p_ip(c, ip, len);
	case 6:
		return nlab_p_ip6(c, ip, len);
	default:
		nlab_strbuf_printf(c->out, "ip v%u", nlab_get8(ip, 0) >> 4);
		return NLAB_P_OK;
	}
}

int nlab_p_slip_bsdos(nlab_pctx *c, nlab_view v, uint32_t len, size_t *hdrlen)
{
	c->proto = "slip_bsdos";
	*hdrlen = 0;
	if (!nlab_view_has(v, 0, SLIP_HDRLEN))
		return NLAB_P_TRUNC;
	*hdrlen = SLIP_HDRLEN;
	return nlab_p_ip(c, nlab_view_from(v, SLIP_HDRLEN), len - SLIP_HDRLEN);
}
