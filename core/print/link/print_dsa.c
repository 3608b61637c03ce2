/* print_dsa.c - Marvell's switch tags (DLT_DSA_TAG_DSA 284 and
 * DLT_DSA_TAG_EDSA 285) as tcpdump's print-dsa.c writes them: an
 * Ethernet frame with a 4-byte DSA tag (or an 8-byte EDSA one: an
 * EtherType, two reserved bytes, then the DSA tag) after the MAC
 * addresses. Without -e "DSA Forward port 0.1, VLAN 0u, "; with -e
 * "Marvell DSA mode Forward, dev 0, port 1, untagged, VID 0, FPri 0, ". */
#include "print_priv.h"

static const char *mode_name(unsigned m)
{
	static const char *names[] = {"To CPU", "From CPU", "To Sniffer", "Forward"};
	return names[m & 3];
}

static const char *code_name(unsigned code)
{
	static const char *names[] = {"BPDU (MGMT) Trap", "Frame2Reg", "IGMP/MLD Trap",
				      "Policy Trap", "ARP Mirror", "Policy Mirror"};
	return code < 6 ? names[code] : "reserved";
}

/* The tag's fields, by tcpdump's names. */
typedef struct dsa_tag {
	unsigned mode, tagged, dev, port, trunk, cfi, pri, vid, code;
} dsa_tag;

static dsa_tag dsa_fields(nlab_view v)
{
	uint8_t b0 = nlab_get8(v, 0), b1 = nlab_get8(v, 1), b2 = nlab_get8(v, 2);
	dsa_tag t = {b0 >> 6, (b0 >> 5) & 1, b0 & 0x1f, b1 >> 3, (b1 >> 2) & 1, b1 & 1,
		     b2 >> 5, (unsigned)((b2 & 0x0f) << 8 | nlab_get8(v, 3)),
		     (unsigned)(((b1 >> 1) & 3) << 1 | ((b2 >> 4) & 1))};
	return t;
}

/* -e: every field. */
static void tag_long(nlab_pctx *c, const dsa_tag *t)
{
	nlab_strbuf_printf(c->out, "mode %s, ", mode_name(t->mode));
	if (t->mode == 3)
		nlab_strbuf_printf(c->out, "dev %u, %s %u, ", t->dev, t->trunk ? "trunk" : "port",
				   t->port);
	else if (t->mode == 1)
		nlab_strbuf_printf(c->out, "target dev %u, port %u, ", t->dev, t->port);
	else if (t->mode == 0)
		nlab_strbuf_printf(c->out, "source dev %u, port %u, code %s, ", t->dev, t->port,
				   code_name(t->code));
	else
		nlab_strbuf_printf(c->out, "source dev %u, port %u, %s sniff, ", t->dev, t->port,
				   t->trunk ? "ingress" : "egress");
	nlab_strbuf_printf(c->out, "%s, %sVID %u, FPri %u, ", t->tagged ? "tagged" : "untagged",
			   t->cfi ? "CFI, " : "", t->vid, t->pri);
}

/* Without -e: where the frame goes and its VLAN. */
static void tag_short(nlab_pctx *c, const dsa_tag *t)
{
	if (t->mode == 3)
		nlab_strbuf_printf(c->out, "Forward %s %u.%u, ", t->trunk ? "trunk" : "port", t->dev,
				   t->port);
	else if (t->mode == 1)
		nlab_strbuf_printf(c->out, "CPU > port %u.%u, ", t->dev, t->port);
	else if (t->mode == 0)
		nlab_strbuf_printf(c->out, "port %u.%u > CPU, ", t->dev, t->port);
	else
		nlab_strbuf_printf(c->out, "port %u.%u > %s Sniffer, ", t->dev, t->port,
				   t->trunk ? "Rx" : "Tx");
	nlab_strbuf_printf(c->out, "VLAN %u%c, ", t->vid, t->tagged ? 't' : 'u');
}

static void tag_common(nlab_pctx *c, nlab_view v)
{
	dsa_tag t = dsa_fields(v);
	if (c->o->e)
		tag_long(c, &t);
	else
		tag_short(c, &t);
}

static void dsa_tag_print(nlab_pctx *c, nlab_view v)
{
	nlab_p_puts(c, c->o->e ? "Marvell DSA " : "DSA ");
	tag_common(c, v);
}

static void edsa_tag_print(nlab_pctx *c, nlab_view v)
{
	uint16_t t = nlab_get16(v, 0);
	if (c->o->e) {
		const char *n = nlab_p_ethertype_name(t);
		nlab_strbuf_printf(c->out, "Marvell EDSA ethertype 0x%04x (%s), rsvd %u %u, ", t,
				   n ? n : "Unknown", nlab_get8(v, 2), nlab_get8(v, 3));
	} else {
		nlab_strbuf_printf(c->out, "EDSA 0x%04x, ", t);
	}
	tag_common(c, nlab_view_from(v, 4));
}

int nlab_p_dsa(nlab_pctx *c, nlab_view v, uint32_t len, size_t *hdrlen)
{
	c->proto = "dsa";
	return nlab_p_ether_tagged(c, v, len, hdrlen, 4, dsa_tag_print);
}

int nlab_p_edsa(nlab_pctx *c, nlab_view v, uint32_t len, size_t *hdrlen)
{
	c->proto = "edsa";
	return nlab_p_ether_tagged(c, v, len, hdrlen, 8, edsa_tag_print);
}
