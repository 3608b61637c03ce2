/* print_mpls.c - an MPLS label stack (RFC 3032; EtherType 0x8847 and
 * 0x8848, MPLS in UDP 6635, PPP and Cisco HDLC) as tcpdump's
 * print-mpls.c writes it: "MPLS (label 21, tc 0, [S], ttl 63)" per
 * entry (-v: each on its own line, reserved labels named), then the
 * packet the bottom of the stack carries, guessed from the label or the
 * payload's first byte: IPv4, IPv6, OSI, else its bytes in hex. */
#include "print_priv.h"

/* The names of the reserved labels 0-15 (mpls_labelname). */
static const char *label_name(uint32_t l)
{
	static const char *const names[] = {"IPv4 explicit NULL", "router alert",
					    "IPv6 explicit NULL", "implicit NULL"};
	return l < 4 ? names[l] : "rsvd";
}

/* What the payload after a bottom label L is: 4, 6, 'o' (OSI), 0
 * unknown, -1 when the byte to guess from was not captured. */
static int payload_kind(nlab_view v, size_t off, uint32_t left, uint32_t l)
{
	if (l == 0 || l == 3)
		return 4;
	if (l == 2)
		return 6;
	if (left < 1)
		return 'n';
	if (!nlab_view_has(v, off, 1))
		return -1;
	uint8_t b = nlab_get8(v, off);
	return b >= 0x45 && b <= 0x4f ? 4 : b >= 0x60 && b <= 0x6f ? 6 : b >= 0x81 && b <= 0x83 ? 'o' : 0;
}

int nlab_p_mpls(nlab_pctx *c, nlab_view v, uint32_t len)
{
	c->proto = "mpls";
	nlab_p_puts(c, "MPLS");
	size_t off = 0;
	uint32_t e = 0;
	for (int depth = 0; !(e & 0x100); depth++) {
		if (len < 4) {
			nlab_p_puts(c, " (invalid)");
			return nlab_view_has(v, off, len) ? NLAB_P_OK : NLAB_P_TRUNC;
		}
		if (!nlab_view_has(v, off, 4))
			return NLAB_P_TRUNC;
		e = nlab_get32(v, off);
		nlab_p_puts(c, depth && c->o->v ? "\n\t(label " : " (label ");
		nlab_p_u(c, e >> 12);
		if (c->o->v && e >> 12 < 16)
			nlab_strbuf_printf(c->out, " (%s)", label_name(e >> 12));
		nlab_strbuf_printf(c->out, ", tc %u%s, ttl %u)", (e >> 9) & 7,
				   e & 0x100 ? ", [S]" : "", e & 0xff);
		off += 4, len -= 4;
	}
	int k = payload_kind(v, off, len, e >> 12);
	if (k < 0)
		return NLAB_P_TRUNC;
	nlab_view p = nlab_view_from(v, off);
	if (k == 'n')
		return NLAB_P_OK;
	if (k == 0) { /* hex_and_ascii_print: cut bytes end the line */
		nlab_p_default(c, nlab_view_sub(p, 0, len));
		int shown = !c->o->X && !c->o->x && !c->o->q;
		return shown && !nlab_view_has(p, 0, len) ? NLAB_P_TRUNC : NLAB_P_OK;
	}
	nlab_p_puts(c, c->o->v ? "\n\t" : " ");
	if (k == 4)
		return nlab_p_ip(c, p, len);
	if (k == 6)
		return nlab_p_ip6(c, p, len);
	int known;
	return nlab_p_isoclns(c, p, len, &known);
}
