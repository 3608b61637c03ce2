/* print_of10_vendor.c - OpenFlow 1.0's VENDOR messages, vendor actions
 * and vendor statistics, with Big Switch Networks' extensions decoded, as
 * tcpdump's print-openflow-1.0.c writes them. */
#include "print_openflow.h"

#define OUI_BSN 0x5c16c7U

/* ", vendor 0x... (NAME)" of the vendor id at P. */
static void vendor(nlab_pctx *c, nlab_view p)
{
	uint32_t v = nlab_get32(p, 0);
	nlab_strbuf_printf(c->out, ", vendor 0x%08x (%s)", v, nlab_of_vendor_name(v));
}

/* The name of a BSN message subtype (bsn_subtype_str), or NULL. */
static const char *bsn_subtype(uint32_t s)
{
	static const char *const names[] = {
		"SET_IP_MASK", "GET_IP_MASK_REQUEST", "GET_IP_MASK_REPLY", "SET_MIRRORING",
		"GET_MIRRORING_REQUEST", "GET_MIRRORING_REPLY", "SHELL_COMMAND",
		"SHELL_OUTPUT", "SHELL_STATUS", "GET_INTERFACES_REQUEST",
		"GET_INTERFACES_REPLY", "SET_PKTIN_SUPPRESSION_REQUEST",
		"SET_L2_TABLE_REQUEST", "GET_L2_TABLE_REQUEST", "GET_L2_TABLE_REPLY",
		"VIRTUAL_PORT_CREATE_REQUEST", "VIRTUAL_PORT_CREATE_REPLY",
		"VIRTUAL_PORT_REMOVE_REQUEST", "BW_ENABLE_SET_REQUEST",
		"BW_ENABLE_GET_REQUEST", "BW_ENABLE_GET_REPLY", "BW_CLEAR_DATA_REQUEST",
		"BW_CLEAR_DATA_REPLY", "BW_ENABLE_SET_REPLY", "SET_L2_TABLE_REPLY",
		"SET_PKTIN_SUPPRESSION_REPLY", "VIRTUAL_PORT_REMOVE_REPLY",
		"HYBRID_GET_REQUEST", "HYBRID_GET_REPLY", NULL, NULL, "PDU_TX_REQUEST",
		"PDU_TX_REPLY", "PDU_RX_REQUEST", "PDU_RX_REPLY", "PDU_RX_TIMEOUT"};
	return s < sizeof names / sizeof names[0] ? names[s] : NULL;
}

/* ", data '...'" of the LEN bytes of text at OFF of P. */
static int bsn_text(nlab_pctx *c, nlab_view p, size_t off, uint32_t len)
{
	nlab_p_puts(c, ", data '");
	if (nlab_p_printn(c, p, off, len))
		return NLAB_P_TRUNC;
	nlab_p_puts(c, "'");
	return NLAB_P_OK;
}

/* The IP mask messages: the index, and the mask but in a request. */
static int bsn_ip_mask(nlab_pctx *c, nlab_view p, uint32_t len, uint32_t sub)
{
	if (len != 8)
		return nlab_of_invalid(c, nlab_view_from(p, 4), len);
	OF_NEED(p, 4, 1);
	nlab_strbuf_printf(c->out, ", index %u", nlab_get8(p, 4));
	if (sub == 1)
		return nlab_of_tcheck(p, 12);
	OF_NEED(p, 8, 4);
	nlab_p_puts(c, ", mask ");
	nlab_p_ip4(c, p, 8);
	return NLAB_P_OK;
}

/* The mirroring messages: whether mirror ports are reported. */
static int bsn_mirroring(nlab_pctx *c, nlab_view p, uint32_t len)
{
	if (len != 4)
		return nlab_of_invalid(c, nlab_view_from(p, 4), len);
	OF_NEED(p, 4, 1);
	uint8_t on = nlab_get8(p, 4);
	if (on <= 1)
		nlab_strbuf_printf(c->out, ", report_mirror_ports %s", on ? "ON" : "OFF");
	else
		nlab_strbuf_printf(c->out, ", report_mirror_ports bogus (%u)", on);
	return nlab_of_tcheck(p, 8);
}

/* The 32-bit field of a BSN message that has nothing else. */
static int bsn_u32(nlab_pctx *c, nlab_view p, uint32_t len, const char *fmt)
{
	if (len != 4)
		return nlab_of_invalid(c, nlab_view_from(p, 4), len);
	OF_NEED(p, 4, 4);
	nlab_strbuf_printf(c->out, fmt, nlab_get32(p, 4));
	return NLAB_P_OK;
}

/* The shell command: its service and text. */
static int bsn_shell_command(nlab_pctx *c, nlab_view p, uint32_t len)
{
	if (len < 4)
		return nlab_of_invalid(c, nlab_view_from(p, 4), len);
	OF_NEED(p, 4, 4);
	nlab_strbuf_printf(c->out, ", service %u", nlab_get32(p, 4));
	return bsn_text(c, p, 8, len - 4);
}

/* A BSN vendor message of LEN bytes at P, from its subtype; LEN is
 * what follows the subtype. */
static int bsn_message(nlab_pctx *c, nlab_view p, uint32_t len)
{
	uint32_t sub = nlab_get32(p, 0);
	const char *name = bsn_subtype(sub);
	if (name)
		nlab_strbuf_printf(c->out, "\n\t subtype %s", name);
	else
		nlab_strbuf_printf(c->out, "\n\t subtype unknown (0x%08x)", sub);
	switch (sub) {
	case 0: case 1: case 2:
		return bsn_ip_mask(c, p, len, sub);
	case 3: case 4: case 5:
		return bsn_mirroring(c, p, len);
	case 9: case 13: case 19: case 21: case 27:
		return len ? nlab_of_invalid(c, nlab_view_from(p, 4), len) : NLAB_P_OK;
	case 17:
		return bsn_u32(c, p, len, ", vport_no %u");
	case 6:
		return bsn_shell_command(c, p, len);
	case 7:
		return bsn_text(c, p, 4, len);
	case 8:
		return bsn_u32(c, p, len, ", status 0x%08x");
	default:
		return nlab_of_tcheck(nlab_view_from(p, 4), len);
	}
}

int nlab_of10_vendor_message(nlab_pctx *c, nlab_view p, uint32_t len)
{
	OF_NEED(p, 0, 4);
	vendor(c, p);
	nlab_view d = nlab_view_from(p, 4);
	len -= 4;
	if (nlab_get32(p, 0) != OUI_BSN)
		return nlab_of_data(c, d, len);
	if (len < 4)
		return nlab_of_invalid(c, d, len);
	OF_NEED(d, 0, 4);
	return bsn_message(c, d, len - 4);
}

/* The VLAN tag of BSN's mirror action (4 bytes at OFF of P). */
static void bsn_vlan_tag(nlab_pctx *c, nlab_view p, size_t off)
{
	uint32_t tag = nlab_get32(p, off);
	uint16_t tci = tag & 0xffff;
	if (tag >> 16 == 0)
		nlab_p_puts(c, ", vlan_tag none");
	else if (tag >> 16 == 0x8100)
		nlab_strbuf_printf(c->out, ", vlan_tag 802.1Q (vlan %u, p %u%s)", tci & 0xfff,
				   tci >> 13, tci & 0x1000 ? ", DEI" : "");
	else
		nlab_strbuf_printf(c->out, ", vlan_tag unknown (0x%04x)", tag >> 16);
}

/* BSN's mirror action after its subtype: LEN (12) bytes from 4 of P. */
static int bsn_mirror(nlab_pctx *c, nlab_view p, uint32_t len)
{
	if (len != 12)
		return nlab_of_invalid(c, nlab_view_from(p, 4), len);
	OF_NEED(p, 4, 4);
	nlab_strbuf_printf(c->out, ", dest_port %u", nlab_get32(p, 4));
	OF_NEED(p, 8, 4);
	bsn_vlan_tag(c, p, 8);
	OF_NEED(p, 12, 1);
	uint8_t stage = nlab_get8(p, 12);
	if (stage <= 1)
		nlab_strbuf_printf(c->out, ", copy_stage %s", stage ? "EGRESS" : "INGRESS");
	else
		nlab_strbuf_printf(c->out, ", copy_stage unknown (%u)", stage);
	return nlab_of_tcheck(p, 16);
}

/* A BSN vendor action's data (LEN bytes at P, from its subtype). */
static int bsn_action(nlab_pctx *c, nlab_view p, uint32_t len)
{
	static const char *const names[] = {NULL, "MIRROR", "SET_TUNNEL_DST", NULL, "CHECKSUM"};
	if (len < 4)
		return nlab_of_invalid(c, p, len);
	OF_NEED(p, 0, 4);
	uint32_t sub = nlab_get32(p, 0);
	if (sub < 5 && names[sub])
		nlab_strbuf_printf(c->out, "\n\t  subtype %s", names[sub]);
	else
		nlab_strbuf_printf(c->out, "\n\t  subtype unknown (0x%08x)", sub);
	if (sub == 1)
		return bsn_mirror(c, p, len - 4);
	return nlab_of_tcheck(nlab_view_from(p, 4), len - 4);
}

int nlab_of10_vendor_action(nlab_pctx *c, nlab_view p, uint32_t len)
{
	if (len < 4)
		return nlab_of_invalid(c, p, len);
	OF_NEED(p, 0, 4);
	vendor(c, p);
	if (nlab_get32(p, 0) == OUI_BSN)
		return bsn_action(c, nlab_view_from(p, 4), len - 4);
	return nlab_of_data(c, nlab_view_from(p, 4), len - 4);
}

int nlab_of10_vendor_data(nlab_pctx *c, nlab_view p, uint32_t len)
{
	if (len < 4)
		return nlab_of_invalid(c, p, len);
	OF_NEED(p, 0, 4);
	vendor(c, p);
	return nlab_of_data(c, nlab_view_from(p, 4), len - 4);
}
