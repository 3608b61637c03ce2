/* print_openflow.c - OpenFlow (TCP ports 6633 and 6653) as tcpdump's
 * print-openflow.c writes it: ": OpenFlow", then a line per message of
 * the segment ("version 1.0, type FLOW_MOD, length 80, xid 0x..."), and
 * under -v the body its version's decoder prints (1.0: print_of10*.c,
 * 1.3: print_of13.c). The helpers every version shares are here too. */
#include "print_openflow.h"

#include <stdio.h>

void nlab_of_bitmap(nlab_pctx *c, const nlab_bitname *t, uint32_t v, uint32_t unassigned)
{
	if (v & ~unassigned) {
		nlab_p_puts(c, " (");
		nlab_p_bits(c, t, v, ", ", "");
		nlab_p_puts(c, ")");
	}
	if (v & unassigned)
		nlab_p_puts(c, " (bogus)");
}

/* The ONF's experimenter ids (onf_exp_str). */
static const char *onf_name(uint32_t v)
{
	static const struct { uint32_t id; const char *name; } t[] = {
		{0x4f4e4600, "ONF Extensions"},
		{0xff000001, "Budapest University of Technology and Economics"},
		{0xff000002, "NoviFlow"},
		{0xff000003, "L3+ Extensions, Vendor Neutral"},
		{0xff000004, "L4-L7 Extensions"},
		{0xff000005, "Wireless and Mobility Extensions"},
		{0xff000006, "Forwarding Abstractions Extensions"},
		{0xff000007, "Optical Transport Extensions"},
		{0xff000008, "Network Benchmarking Lab, NCTU"},
		{0xff000009, "Mobile Packet Core Extensions"},
		{0xff00000a, "MPLS-TP OpenFlow Extensions for SPTN"}};
	for (size_t i = 0; i < sizeof t / sizeof t[0]; i++)
		if (t[i].id == v)
			return t[i].name;
	return NULL;
}

const char *nlab_of_vendor_name(uint32_t v)
{
	const char *s = (v & 0xff000000) == 0 ? nlab_p_oui_name(v) : onf_name(v);
	return s ? s : "unknown";
}

int nlab_of_data(nlab_pctx *c, nlab_view p, uint32_t len)
{
	if (len == 0)
		return NLAB_P_OK;
	nlab_strbuf_printf(c->out, "\n\t data (%u octets)", len);
	if (c->o->v >= 2)
		nlab_p_hexascii(c, p, len, "\n\t  ");
	return nlab_of_tcheck(p, len);
}

int nlab_of_invalid(nlab_pctx *c, nlab_view p, uint32_t len)
{
	nlab_p_puts(c, " (invalid)");
	return nlab_of_tcheck(p, len);
}

int nlab_of_text(nlab_pctx *c, nlab_view p, size_t off, size_t n, const char *lead)
{
	nlab_p_puts(c, lead);
	nlab_p_puts(c, "'");
	for (size_t i = 0; i < n; i++) {
		OF_NEED(p, off + i, 1);
		uint8_t ch = nlab_get8(p, off + i);
		if (ch == 0)
			break;
		nlab_p_char(c, ch);
	}
	nlab_p_puts(c, "'");
	return NLAB_P_OK;
}

/* The body (LEN bytes at P) of a message of type MT (NULL: unknown):
 * its length checked against the type's, decoded under -v. */
static int message(nlab_pctx *c, nlab_view p, uint32_t len, const nlab_of_msgtype *mt)
{
	if (!mt)
		return nlab_of_tcheck(p, len);
	if ((mt->req == OF_REQ_FIXLEN && len != mt->value) ||
	    (mt->req == OF_REQ_MINLEN && len < mt->value))
		return nlab_of_invalid(c, p, len);
	if (!c->o->v || !mt->dec)
		return nlab_of_tcheck(p, len);
	return mt->dec(c, p, len);
}

/* The name of OpenFlow version V (ofver_str), or NULL. */
static const char *version_name(uint8_t v)
{
	static const char *const names[] = {"1.0", "1.1", "1.2", "1.3", "1.4", "1.5"};
	return v >= 1 && v <= 6 ? names[v - 1] : NULL;
}

enum { PARTIAL = -1 };

/* The fixed header at OFF of V with LEFT bytes of the segment from
 * there: its line, *LENGTH and *MT set; NLAB_P_OK, PARTIAL when the
 * segment ends inside it, NLAB_P_TRUNC when the capture does. */
static int header(nlab_pctx *c, nlab_view v, size_t off, uint32_t left,
		  uint16_t *length, const nlab_of_msgtype **mt)
{
	OF_NEED(v, off, 1);
	uint8_t ver = nlab_get8(v, off);
	const char *vn = version_name(ver);
	if (vn)
		nlab_strbuf_printf(c->out, "\n\tversion %s", vn);
	else
		nlab_strbuf_printf(c->out, "\n\tversion unknown (0x%02x)", ver);
	if (left < 2)
		return PARTIAL;
	OF_NEED(v, off + 1, 1);
	uint8_t type = nlab_get8(v, off + 1);
	*mt = ver == 1 ? nlab_of10_msgtype(type) : ver == 4 ? nlab_of13_msgtype(type) : NULL;
	if (*mt)
		nlab_strbuf_printf(c->out, ", type %s", (*mt)->name);
	else
		nlab_strbuf_printf(c->out, ", type unknown (0x%02x)", type);
	if (left < 4)
		return PARTIAL;
	OF_NEED(v, off + 2, 2);
	*length = nlab_get16(v, off + 2);
	nlab_strbuf_printf(c->out, ", length %u%s", *length,
			   *length < OF_HEADER_LEN ? " (too short!)" : "");
	if (left < 8)
		return PARTIAL;
	OF_NEED(v, off + 4, 4);
	nlab_strbuf_printf(c->out, ", xid 0x%08x", nlab_get32(v, off + 4));
	return NLAB_P_OK;
}

int nlab_p_openflow(nlab_pctx *c, nlab_view v, uint32_t len)
{
	c->proto = "openflow";
	nlab_p_puts(c, ": OpenFlow");
	size_t off = 0;
	while (len) {
		uint16_t length = 0;
		const nlab_of_msgtype *mt = NULL;
		int r = header(c, v, off, len, &length, &mt);
		if (r == NLAB_P_TRUNC)
			return NLAB_P_TRUNC;
		if (r == PARTIAL) {
			nlab_p_puts(c, " (end of TCP payload)");
			return nlab_of_tcheck(nlab_view_from(v, off), len);
		}
		off += OF_HEADER_LEN, len -= OF_HEADER_LEN;
		if (length < OF_HEADER_LEN)
			return nlab_of_invalid(c, nlab_view_from(v, off), len);
		uint32_t body = length - OF_HEADER_LEN;
		r = message(c, nlab_view_from(v, off), body, mt);
		if (r != NLAB_P_OK)
			return r;
		if (body > len)
			break;
		off += body, len -= body;
	}
	return NLAB_P_OK;
}
