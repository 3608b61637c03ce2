/* print_rip.c - RIP versions 1 and 2 (UDP port 520) as tcpdump's
 * print-rip.c writes them: the command and length, and under -v each
 * route entry and v2's authentication entries. */
#include "print_priv.h"

#include <stdio.h>

enum { ROUTELEN = 20 };

/* tcpdump's bsd_af_values, or NULL. */
static const char *bsd_af(uint16_t af)
{
	switch (af) {
	case 2:
		return "IPv4";
	case 6:
		return "NS";
	case 7:
		return "ISO";
	case 16:
		return "Appletalk";
	case 23:
		return "IPX";
	case 24:
	case 28:
	case 30:
		return "IPv6";
	default:
		return NULL;
	}
}

/* ", AFI IPX" or ", AFI Unknown (9)" after LEAD. */
static void afi(nlab_pctx *c, const char *lead, uint16_t af)
{
	const char *n = bsd_af(af);
	if (n)
		nlab_strbuf_printf(c->out, "%sAFI %s", lead, n);
	else
		nlab_strbuf_printf(c->out, "%sAFI Unknown (%u)", lead, af);
}

/* A v1 entry at OFF (LEFT bytes left): its length, 0 when cut. */
static unsigned entry_v1(nlab_pctx *c, nlab_view v, size_t off, uint32_t left)
{
	if (left < ROUTELEN || !nlab_view_has(v, off, ROUTELEN))
		return 0;
	uint16_t af = nlab_get16(v, off);
	if (af != 2 && af != 0) {
		afi(c, "\n\t ", af);
		nlab_p_puts(c, ", ");
		nlab_p_hexdump(c, v, off + 4, ROUTELEN - 4, "\n\t  ");
	} else if (nlab_get16(v, off + 2) || nlab_get32(v, off + 8) ||
		   nlab_get32(v, off + 12)) {
		nlab_p_hexdump(c, v, off, ROUTELEN,
			       "\n\t  "); /* must-be-zero fields set */
	} else {
		nlab_p_puts(c, af ? "\n\t  " : "\n\t  AFI 0, ");
		nlab_p_ip4(c, v, off + 4);
		nlab_strbuf_printf(c->out, ", metric: %u",
				   nlab_get32(v, off + 16));
	}
	return ROUTELEN;
}

/* tcpdump's mask2plen: the prefix length of MASK, -1 if none. */
static int mask_len(uint32_t mask)
{
	for (int n = 32; n > 0; n--)
		if (mask == 0xffffffffu << (32 - n))
			return n;
	return mask ? -1 : 0;
}

/* A v2 authentication entry (family 0xffff) at OFF: its length, 0 when cut. */
/* What an entry's printer returns where tcpdump's getter longjmps (the
 * message ends at once: no -vv hex dump follows). */
#define LONGJMP 0xffffffffu

static unsigned auth_v2(nlab_pctx *c, nlab_view v, size_t off, uint32_t left)
{
	uint16_t type = nlab_get16(v, off + 2);
	off += 4, left -= 4;
	if (type == 2) {
		nlab_p_puts(c, "\n\t  Simple Text Authentication data: ");
		for (size_t i = 0; i < 16; i++) { /* nd_printjnp */
			if (!nlab_view_has(v, off + i, 1))
				return LONGJMP;
			uint8_t ch = nlab_get8(v, off + i);
			if (!ch)
				break;
			nlab_p_char(c, ch);
		}
		return ROUTELEN;
	}
	if (type == 3) {
		if (!nlab_view_has(v, off, 16) || left < 16)
			return 0;
		nlab_strbuf_printf(
		    c->out,
		    "\n\t  Auth header: Packet Len %u, Key-ID %u, Auth Data "
		    "Len %u, "
		    "SeqNo %u, MBZ %u, MBZ %u",
		    nlab_get16(v, off), nlab_get8(v, off + 2),
		    nlab_get8(v, off + 3), nlab_get32(v, off + 4),
		    nlab_get32(v, off + 8), nlab_get32(v, off + 12));
		return ROUTELEN;
	}
	if (type == 1)
		nlab_p_puts(c, "\n\t  Auth trailer:");
	else
		nlab_strbuf_printf(
		    c->out, "\n\t  Unknown (%u) Authentication data:", type);
	nlab_p_hexdump(c, v, off, left, "\n\t  ");
	return 4 + left; /* it runs to the end of the packet */
}

/* A v2 entry at OFF (LEFT bytes left): its length, 0 when cut. */
static unsigned entry_v2(nlab_pctx *c, nlab_view v, size_t off, uint32_t left)
{
	if (left < 4 || !nlab_view_has(v, off, 4))
		return 0;
	uint16_t af = nlab_get16(v, off);
	if (af == 0xffff)
		return auth_v2(c, v, off, left);
	if (af != 2 && af != 0) {
		afi(c, "\n\t  ", af);
		nlab_p_hexdump(c, v, off + 4, ROUTELEN - 4, "\n\t  ");
		return ROUTELEN;
	}
	if (!nlab_view_has(v, off, ROUTELEN) || left < ROUTELEN)
		return 0;
	char dest[16];
	snprintf(dest, sizeof dest, "%u.%u.%u.%u", nlab_get8(v, off + 4),
		 nlab_get8(v, off + 5), nlab_get8(v, off + 6),
		 nlab_get8(v, off + 7));
	if (af)
		nlab_p_puts(c, "\n\t  AFI IPv4, ");
	else
		nlab_p_puts(c, "\n\t  AFI 0, ");
	nlab_strbuf_printf(
	    c->out, "%15s/%-2d, tag 0x%04x, metric: %u, next-hop: ", dest,
	    mask_len(nlab_get32(v, off + 8)), nlab_get16(v, off + 2),
	    nlab_get32(v, off + 16));
	if (nlab_get32(v, off + 12))
		nlab_p_ip4(c, v, off + 12);
	else
		nlab_p_puts(c, "self");
	return ROUTELEN;
}

/* The entries of a request or response of version VERS, LEFT bytes of
 * them captured, LENGTH the message's. */
static int entries(nlab_pctx *c, nlab_view v, unsigned vers, uint32_t left,
		   uint32_t length)
{
	if (vers != 1 && vers != 2) {
		nlab_p_puts(c, ", unknown version");
		return NLAB_P_OK;
	}
	nlab_strbuf_printf(c->out,
			   vers == 1 ? ", routes: %u" : ", routes: %u or less",
			   length / ROUTELEN);
	for (size_t off = 4; left != 0;) {
		unsigned n = vers == 1 ? entry_v1(c, v, off, left)
				       : entry_v2(c, v, off, left);
		if (n == LONGJMP)
			return NLAB_P_TRUNC;
		if (n == 0)
			return NLAB_P_ETRUNC;
		if (left < n) {
			nlab_strbuf_printf(
			    c->out,
			    " [remaining entries length %u < %u] (invalid)",
			    left, n);
			return NLAB_P_OK;
		}
		off += n, left -= n;
	}
	return NLAB_P_OK;
}

int nlab_p_rip(nlab_pctx *c, nlab_view v, uint32_t length)
{
	c->proto = "rip";
	uint32_t len = v.len < length ? (uint32_t)v.len : length;
	if (len < 4)
		return NLAB_P_ETRUNC;
	unsigned vers = nlab_get8(v, 1), cmd = nlab_get8(v, 0);
	nlab_strbuf_printf(c->out, "%sRIPv%u", c->o->v ? "\n\t" : "", vers);
	if (vers == 0) {
		nlab_p_hexdump(c, v, 0, length, "\n\t");
		return NLAB_P_OK;
	}
	static const char *cmds[] = {NULL,	  "Request",   "Response",
				     "Trace on",  "Trace off", "Poll",
				     "Poll Entry"};
	if (cmd >= 1 && cmd <= 6)
		nlab_strbuf_printf(c->out, ", %s, length: %u", cmds[cmd],
				   length);
	else
		nlab_strbuf_printf(c->out, ", unknown command (%u), length: %u",
				   cmd, length);
	if (!c->o->v)
		return NLAB_P_OK;
	int r = NLAB_P_OK;
	if (cmd == 1 || cmd == 2)
		r = entries(c, v, vers, len - 4, length);
	else if (cmd != 4 && cmd != 5 && cmd != 6 && c->o->v == 1)
		nlab_p_hexdump(c, v, 0, length, "\n\t");
	if (c->o->v == 1 || r == NLAB_P_TRUNC)
		return r;
	if (r == NLAB_P_ETRUNC) /* tcpdump says so and still dumps */
		nlab_p_trunc(c);
	nlab_p_hexdump(c, v, 0, length, "\n\t"); /* -vv: every message */
	return NLAB_P_OK;
}
