/* print_of10_match.c - OpenFlow 1.0's match structure and actions, as
 * tcpdump's print-openflow-1.0.c writes them: "match in_port 1, match
 * dl_type 0x0800 ..." (the fields the wildcards leave), "action type
 * OUTPUT, len 8, port 2". */
#include "print_openflow.h"

#include <stdio.h>

/* Actions (ofpat_str). */
enum {
	AT_OUTPUT, AT_SET_VLAN_VID, AT_SET_VLAN_PCP, AT_STRIP_VLAN, AT_SET_DL_SRC,
	AT_SET_DL_DST, AT_SET_NW_SRC, AT_SET_NW_DST, AT_SET_NW_TOS, AT_SET_TP_SRC,
	AT_SET_TP_DST, AT_ENQUEUE, AT_VENDOR = 0xffff
};

/* Match wildcards (OFPFW_*). */
enum {
	FW_IN_PORT = 1 << 0, FW_DL_VLAN = 1 << 1, FW_DL_SRC = 1 << 2, FW_DL_DST = 1 << 3,
	FW_DL_TYPE = 1 << 4, FW_NW_PROTO = 1 << 5, FW_TP_SRC = 1 << 6, FW_TP_DST = 1 << 7,
	FW_DL_VLAN_PCP = 1 << 20, FW_NW_TOS = 1 << 21, FW_ALL = (1 << 22) - 1
};

void nlab_of10_port(nlab_pctx *c, uint16_t p)
{
	static const char *const names[] = {"IN_PORT", "TABLE", "NORMAL", "FLOOD",
					    "ALL", "CONTROLLER", "LOCAL", "NONE"};
	if (p == 0xff00)
		nlab_p_puts(c, "MAX");
	else if (p >= 0xfff8)
		nlab_p_puts(c, names[p - 0xfff8]);
	else
		nlab_p_u(c, p);
}

/* A VLAN id as vlan_str writes it. */
static void vlan(nlab_pctx *c, uint16_t vid)
{
	if (vid == 0xffff)
		nlab_p_puts(c, "NONE");
	else
		nlab_strbuf_printf(c->out, "%u%s", vid, vid > 0 && vid < 0x0fff ? "" : " (bogus)");
}

/* A VLAN priority as pcp_str writes it. */
static void pcp(nlab_pctx *c, uint8_t p)
{
	nlab_strbuf_printf(c->out, "%u%s", p, p <= 7 ? "" : " (bogus)");
}

/* The match's link-layer fields (bytes 4 to 20) that W leaves. */
static int match_dl(nlab_pctx *c, const char *pfx, nlab_view p, uint32_t w)
{
	if (!(w & FW_IN_PORT)) {
		OF_NEED(p, 4, 2);
		nlab_strbuf_printf(c->out, "%smatch in_port ", pfx);
		nlab_of10_port(c, nlab_get16(p, 4));
	}
	if (!(w & FW_DL_SRC)) {
		OF_NEED(p, 6, 6);
		nlab_strbuf_printf(c->out, "%smatch dl_src ", pfx);
		nlab_p_mac(c, p, 6, 6);
	}
	if (!(w & FW_DL_DST)) {
		OF_NEED(p, 12, 6);
		nlab_strbuf_printf(c->out, "%smatch dl_dst ", pfx);
		nlab_p_mac(c, p, 12, 6);
	}
	if (!(w & FW_DL_VLAN)) {
		OF_NEED(p, 18, 2);
		nlab_strbuf_printf(c->out, "%smatch dl_vlan ", pfx);
		vlan(c, nlab_get16(p, 18));
	}
	if (!(w & FW_DL_VLAN_PCP)) {
		OF_NEED(p, 20, 1);
		nlab_strbuf_printf(c->out, "%smatch dl_vlan_pcp ", pfx);
		pcp(c, nlab_get8(p, 20));
	}
	return NLAB_P_OK;
}

/* A prefix field (nw_src at 28, nw_dst at 32) when its BITS wildcard
 * bits leave some of it. */
static int match_nw(nlab_pctx *c, const char *pfx, const char *name, nlab_view p,
		    size_t off, uint32_t bits)
{
	if (bits >= 32)
		return NLAB_P_OK;
	OF_NEED(p, off, 4);
	nlab_strbuf_printf(c->out, "%smatch %s ", pfx, name);
	nlab_p_ip4(c, p, off);
	nlab_strbuf_printf(c->out, "/%u", 32 - bits);
	return NLAB_P_OK;
}

/* The match's transport ports (bytes 36 to 40) that W leaves, named for
 * ICMP when it matches ICMP. */
static int match_tp(nlab_pctx *c, const char *pfx, nlab_view p, uint32_t w, int icmp)
{
	if (!(w & FW_TP_SRC)) {
		OF_NEED(p, 36, 2);
		nlab_strbuf_printf(c->out, "%smatch %s %u", pfx, icmp ? "icmp_type" : "tp_src",
				   nlab_get16(p, 36));
	}
	OF_NEED(p, 38, 2);
	if (!(w & FW_TP_DST))
		nlab_strbuf_printf(c->out, "%smatch %s %u", pfx, icmp ? "icmp_code" : "tp_dst",
				   nlab_get16(p, 38));
	return NLAB_P_OK;
}

int nlab_of10_match(nlab_pctx *c, const char *pfx, nlab_view p)
{
	OF_NEED(p, 0, 4);
	uint32_t w = nlab_get32(p, 0);
	if (w & ~(uint32_t)FW_ALL)
		nlab_strbuf_printf(c->out, "%swildcards 0x%08x (bogus)", pfx, w);
	if (match_dl(c, pfx, p, w) != NLAB_P_OK)
		return NLAB_P_TRUNC;
	OF_NEED(p, 22, 2);
	uint16_t dl_type = nlab_get16(p, 22);
	if (!(w & FW_DL_TYPE))
		nlab_strbuf_printf(c->out, "%smatch dl_type 0x%04x", pfx, dl_type);
	if (!(w & FW_NW_TOS)) {
		OF_NEED(p, 24, 1);
		nlab_strbuf_printf(c->out, "%smatch nw_tos 0x%02x", pfx, nlab_get8(p, 24));
	}
	OF_NEED(p, 25, 1);
	uint8_t proto = nlab_get8(p, 25);
	if (!(w & FW_NW_PROTO))
		nlab_strbuf_printf(c->out, "%smatch %s %u", pfx,
				   !(w & FW_DL_TYPE) && dl_type == 0x0806 ? "arp_opcode" : "nw_proto",
				   proto);
	if (match_nw(c, pfx, "nw_src", p, 28, (w >> 8) & 0x3f) != NLAB_P_OK ||
	    match_nw(c, pfx, "nw_dst", p, 32, (w >> 14) & 0x3f) != NLAB_P_OK)
		return NLAB_P_TRUNC;
	int icmp = !(w & FW_DL_TYPE) && dl_type == 0x0800 && !(w & FW_NW_PROTO) && proto == 1;
	return match_tp(c, pfx, p, w, icmp);
}

/* The name of action type T, or NULL. */
static const char *action_name(uint16_t t)
{
	static const char *const names[] = {
		"OUTPUT", "SET_VLAN_VID", "SET_VLAN_PCP", "STRIP_VLAN", "SET_DL_SRC", "SET_DL_DST",
		"SET_NW_SRC", "SET_NW_DST", "SET_NW_TOS", "SET_TP_SRC", "SET_TP_DST", "ENQUEUE"};
	if (t == AT_VENDOR)
		return "VENDOR";
	return t <= AT_ENQUEUE ? names[t] : NULL;
}

/* Whether ALEN is the right length for action type T: 1, 0 (bogus), or
 * -1 for a type tcpdump skips. */
static int action_len_ok(uint16_t t, uint16_t alen)
{
	switch (t) {
	case AT_SET_DL_SRC:
	case AT_SET_DL_DST:
	case AT_ENQUEUE:
		return alen == 16;
	case AT_VENDOR:
		return alen % 8 == 0;
	default:
		return t <= AT_ENQUEUE ? alen == 8 : -1;
	}
}

/* The body of action T (ALEN bytes in all) from byte 4 of P. */
static int action_body(nlab_pctx *c, nlab_view p, uint16_t t, uint16_t alen)
{
	switch (t) {
	case AT_OUTPUT: {
		OF_NEED(p, 4, 2);
		uint16_t port = nlab_get16(p, 4);
		nlab_p_puts(c, ", port ");
		nlab_of10_port(c, port);
		OF_NEED(p, 6, 2);
		if (port == 0xfffd)
			nlab_strbuf_printf(c->out, ", max_len %u", nlab_get16(p, 6));
		return NLAB_P_OK;
	}
	case AT_SET_VLAN_VID:
		OF_NEED(p, 4, 2);
		nlab_p_puts(c, ", vlan_vid ");
		vlan(c, nlab_get16(p, 4));
		break;
	case AT_SET_VLAN_PCP:
		OF_NEED(p, 4, 1);
		nlab_p_puts(c, ", vlan_pcp ");
		pcp(c, nlab_get8(p, 4));
		break;
	case AT_SET_DL_SRC:
	case AT_SET_DL_DST:
		OF_NEED(p, 4, 6);
		nlab_p_puts(c, ", dl_addr ");
		nlab_p_mac(c, p, 4, 6);
		break;
	case AT_SET_NW_SRC:
	case AT_SET_NW_DST:
		OF_NEED(p, 4, 4);
		nlab_p_puts(c, ", nw_addr ");
		nlab_p_ip4(c, p, 4);
		break;
	case AT_SET_NW_TOS:
		OF_NEED(p, 4, 1);
		nlab_strbuf_printf(c->out, ", nw_tos 0x%02x", nlab_get8(p, 4));
		break;
	case AT_SET_TP_SRC:
	case AT_SET_TP_DST:
		OF_NEED(p, 4, 2);
		nlab_strbuf_printf(c->out, ", tp_port %u", nlab_get16(p, 4));
		break;
	case AT_ENQUEUE:
		OF_NEED(p, 4, 2);
		nlab_p_puts(c, ", port ");
		nlab_of10_port(c, nlab_get16(p, 4));
		OF_NEED(p, 12, 4);
		if (nlab_get32(p, 12) == 0xffffffff)
			nlab_p_puts(c, ", queue_id ALL");
		else
			nlab_strbuf_printf(c->out, ", queue_id %u", nlab_get32(p, 12));
		break;
	case AT_VENDOR:
		return nlab_of10_vendor_action(c, nlab_view_from(p, 4), alen - 4U);
	}
	return nlab_of_tcheck(p, alen); /* the padding, the last field */
}

int nlab_of10_actions(nlab_pctx *c, const char *pfx, nlab_view p, uint32_t len)
{
	size_t off = 0;
	while (len) {
		if (len < 8)
			return nlab_of_invalid(c, nlab_view_from(p, off), len);
		OF_NEED(p, off, 2);
		uint16_t t = nlab_get16(p, off);
		const char *name = action_name(t);
		if (name)
			nlab_strbuf_printf(c->out, "%saction type %s", pfx, name);
		else
			nlab_strbuf_printf(c->out, "%saction type invalid (0x%04x)", pfx, t);
		OF_NEED(p, off + 2, 2);
		uint16_t alen = nlab_get16(p, off + 2);
		nlab_strbuf_printf(c->out, ", len %u", alen);
		if (alen < 8 || alen > len)
			return nlab_of_invalid(c, nlab_view_from(p, off + 4), len - 4);
		int ok = action_len_ok(t, alen);
		if (ok == 0)
			nlab_p_puts(c, " (bogus)");
		int r = ok == 1 ? action_body(c, nlab_view_from(p, off), t, alen)
				: nlab_of_tcheck(nlab_view_from(p, off), alen);
		if (r != NLAB_P_OK)
			return r;
		off += alen, len -= alen;
	}
	return NLAB_P_OK;
}
