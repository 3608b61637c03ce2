/* print_of10.c - OpenFlow 1.0's message types and the bodies -v prints
 * of its switch, flow and packet messages, as tcpdump's
 * print-openflow-1.0.c writes them (the match and actions, ports and
 * queues, statistics and vendor messages are in print_of10_*.c). */
#include "print_openflow.h"

#include <inttypes.h>

/* The 64-bit value at OFF of P. */
static uint64_t get64(nlab_view p, size_t off)
{
	return (uint64_t)nlab_get32(p, off) << 32 | nlab_get32(p, off + 4);
}

/* Switch capabilities (ofp_capabilities_bm; RESERVED is unassigned). */
static const nlab_bitname capability_bits[] = {
	{1 << 0, "FLOW_STATS"}, {1 << 1, "TABLE_STATS"}, {1 << 2, "PORT_STATS"},
	{1 << 3, "STP"}, {1 << 4, "RESERVED"}, {1 << 5, "IP_REASM"},
	{1 << 6, "QUEUE_STATS"}, {1 << 7, "ARP_MATCH_IP"}, {0, NULL}};

/* The actions a switch supports (ofpat_bm). */
static const nlab_bitname action_bits[] = {
	{1 << 0, "OUTPUT"}, {1 << 1, "SET_VLAN_VID"}, {1 << 2, "SET_VLAN_PCP"},
	{1 << 3, "STRIP_VLAN"}, {1 << 4, "SET_DL_SRC"}, {1 << 5, "SET_DL_DST"},
	{1 << 6, "SET_NW_SRC"}, {1 << 7, "SET_NW_DST"}, {1 << 8, "SET_NW_TOS"},
	{1 << 9, "SET_TP_SRC"}, {1 << 10, "SET_TP_DST"}, {1 << 11, "ENQUEUE"},
	{0, NULL}};

/* FEATURES_REPLY: the datapath, its capabilities and its ports. */
static int features_reply(nlab_pctx *c, nlab_view p, uint32_t len)
{
	OF_NEED(p, 0, 8);
	nlab_strbuf_printf(c->out, "\n\t dpid 0x%016" PRIx64, get64(p, 0));
	OF_NEED(p, 8, 4);
	nlab_strbuf_printf(c->out, ", n_buffers %u", nlab_get32(p, 8));
	OF_NEED(p, 12, 1);
	nlab_strbuf_printf(c->out, ", n_tables %u", nlab_get8(p, 12));
	OF_NEED(p, 16, 4);
	nlab_strbuf_printf(c->out, "\n\t capabilities 0x%08x", nlab_get32(p, 16));
	nlab_of_bitmap(c, capability_bits, nlab_get32(p, 16), ~0xefU);
	OF_NEED(p, 20, 4);
	nlab_strbuf_printf(c->out, "\n\t actions 0x%08x", nlab_get32(p, 20));
	nlab_of_bitmap(c, action_bits, nlab_get32(p, 20), ~0xfffU);
	size_t off = 24;
	for (len -= 24; len; len -= 48, off += 48) {
		if (len < 48)
			return nlab_of_invalid(c, nlab_view_from(p, off), len);
		if (nlab_of10_phy_port(c, nlab_view_from(p, off)) != NLAB_P_OK)
			return NLAB_P_TRUNC;
	}
	return NLAB_P_OK;
}

/* GET_CONFIG_REPLY and SET_CONFIG: the fragment handling and
 * miss_send_len. */
static int switch_config(nlab_pctx *c, nlab_view p, uint32_t len)
{
	static const char *const frag[] = {"FRAG_NORMAL", "FRAG_DROP", "FRAG_REASM"};
	(void)len;
	OF_NEED(p, 0, 2);
	uint16_t f = nlab_get16(p, 0);
	if (f <= 2)
		nlab_strbuf_printf(c->out, "\n\t flags %s", frag[f]);
	else
		nlab_strbuf_printf(c->out, "\n\t flags invalid (0x%04x)", f);
	OF_NEED(p, 2, 2);
	nlab_strbuf_printf(c->out, ", miss_send_len %u", nlab_get16(p, 2));
	return NLAB_P_OK;
}

/* ", NAME N" of the 16-bit field at OFF of P when it is not 0. */
static int nonzero16(nlab_pctx *c, nlab_view p, size_t off, const char *name)
{
	OF_NEED(p, off, 2);
	if (nlab_get16(p, off))
		nlab_strbuf_printf(c->out, ", %s %u", name, nlab_get16(p, off));
	return NLAB_P_OK;
}

/* A buffer id (bufferid_str). */
static void buffer_id(nlab_pctx *c, uint32_t b)
{
	if (b == 0xffffffff)
		nlab_p_puts(c, "NONE");
	else
		nlab_strbuf_printf(c->out, "0x%08x", b);
}

/* FLOW_MOD's command and what it names (bytes 48 to 64). */
static int flow_mod_command(nlab_pctx *c, nlab_view p)
{
	static const char *const cmd[] = {"ADD", "MODIFY", "MODIFY_STRICT", "DELETE",
					  "DELETE_STRICT"};
	static const nlab_bitname flag_bits[] = {
		{1, "SEND_FLOW_REM"}, {2, "CHECK_OVERLAP"}, {4, "EMERG"}, {0, NULL}};
	OF_NEED(p, 48, 2);
	uint16_t command = nlab_get16(p, 48);
	if (command <= 4)
		nlab_strbuf_printf(c->out, ", command %s", cmd[command]);
	else
		nlab_strbuf_printf(c->out, ", command invalid (0x%04x)", command);
	if (nonzero16(c, p, 50, "idle_timeout") || nonzero16(c, p, 52, "hard_timeout") ||
	    nonzero16(c, p, 54, "priority"))
		return NLAB_P_TRUNC;
	if (command <= 2) {
		OF_NEED(p, 56, 4);
		nlab_p_puts(c, ", buffer_id ");
		buffer_id(c, nlab_get32(p, 56));
	}
	if (command == 3 || command == 4) {
		OF_NEED(p, 60, 2);
		nlab_p_puts(c, ", out_port ");
		nlab_of10_port(c, nlab_get16(p, 60));
	}
	OF_NEED(p, 62, 2);
	nlab_strbuf_printf(c->out, ", flags 0x%04x", nlab_get16(p, 62));
	nlab_of_bitmap(c, flag_bits, nlab_get16(p, 62), ~7U);
	return NLAB_P_OK;
}

/* FLOW_MOD: the match, the cookie, the command, the actions. */
static int flow_mod(nlab_pctx *c, nlab_view p, uint32_t len)
{
	if (nlab_of10_match(c, "\n\t ", p) != NLAB_P_OK)
		return NLAB_P_TRUNC;
	OF_NEED(p, 40, 8);
	nlab_strbuf_printf(c->out, "\n\t cookie 0x%016" PRIx64, get64(p, 40));
	if (flow_mod_command(c, p) != NLAB_P_OK)
		return NLAB_P_TRUNC;
	return nlab_of10_actions(c, "\n\t ", nlab_view_from(p, 64), len - 64);
}

/* QUEUE_GET_CONFIG_REQUEST: the port. */
static int queue_get_config_request(nlab_pctx *c, nlab_view p, uint32_t len)
{
	(void)len;
	OF_NEED(p, 0, 2);
	nlab_p_puts(c, "\n\t port ");
	nlab_of10_port(c, nlab_get16(p, 0));
	return nlab_of_tcheck(p, 4);
}

/* QUEUE_GET_CONFIG_REPLY: the port and its queues. */
static int queue_get_config_reply(nlab_pctx *c, nlab_view p, uint32_t len)
{
	OF_NEED(p, 0, 2);
	nlab_p_puts(c, "\n\t port ");
	nlab_of10_port(c, nlab_get16(p, 0));
	OF_NEED(p, 2, 6);
	return nlab_of10_queues(c, nlab_view_from(p, 8), len - 8);
}

/* The frame a PACKET_IN or PACKET_OUT carries: its length (tcpdump
 * decodes the frame from -vvv on, an option netlab does not take). */
static int packet_data(nlab_pctx *c, nlab_view p, uint32_t len)
{
	if (len == 0)
		return NLAB_P_OK;
	nlab_strbuf_printf(c->out, "\n\t data (%u octets)", len);
	return nlab_of_tcheck(p, len);
}

/* PACKET_OUT: the buffer, the input port, the actions and the frame. */
static int packet_out(nlab_pctx *c, nlab_view p, uint32_t len)
{
	OF_NEED(p, 0, 4);
	nlab_strbuf_printf(c->out, "\n\t buffer_id 0x%08x", nlab_get32(p, 0));
	OF_NEED(p, 4, 2);
	nlab_p_puts(c, ", in_port ");
	nlab_of10_port(c, nlab_get16(p, 4));
	OF_NEED(p, 6, 2);
	uint16_t alen = nlab_get16(p, 6);
	if (alen > len - 8)
		return nlab_of_invalid(c, nlab_view_from(p, 8), len - 8);
	if (nlab_of10_actions(c, "\n\t ", nlab_view_from(p, 8), alen) != NLAB_P_OK)
		return NLAB_P_TRUNC;
	return packet_data(c, nlab_view_from(p, 8U + alen), len - 8 - alen);
}

/* PACKET_IN: the buffer, the frame's length, port and reason, the frame. */
static int packet_in(nlab_pctx *c, nlab_view p, uint32_t len)
{
	OF_NEED(p, 0, 4);
	nlab_p_puts(c, "\n\t buffer_id ");
	buffer_id(c, nlab_get32(p, 0));
	OF_NEED(p, 4, 2);
	nlab_strbuf_printf(c->out, ", total_len %u", nlab_get16(p, 4));
	OF_NEED(p, 6, 2);
	nlab_p_puts(c, ", in_port ");
	nlab_of10_port(c, nlab_get16(p, 6));
	OF_NEED(p, 8, 1);
	uint8_t reason = nlab_get8(p, 8);
	if (reason <= 1)
		nlab_strbuf_printf(c->out, ", reason %s", reason ? "ACTION" : "NO_MATCH");
	else
		nlab_strbuf_printf(c->out, ", reason invalid (0x%02x)", reason);
	OF_NEED(p, 9, 1);
	return packet_data(c, nlab_view_from(p, 10), len - 10);
}

/* FLOW_REMOVED's times and counters (bytes 52 to 80). */
static int flow_removed_counts(nlab_pctx *c, nlab_view p)
{
	OF_NEED(p, 52, 4);
	nlab_strbuf_printf(c->out, ", duration_sec %u", nlab_get32(p, 52));
	OF_NEED(p, 56, 4);
	nlab_strbuf_printf(c->out, ", duration_nsec %u", nlab_get32(p, 56));
	if (nonzero16(c, p, 60, "idle_timeout"))
		return NLAB_P_TRUNC;
	OF_NEED(p, 64, 8);
	nlab_strbuf_printf(c->out, ", packet_count %" PRIu64, get64(p, 64));
	OF_NEED(p, 72, 8);
	nlab_strbuf_printf(c->out, ", byte_count %" PRIu64, get64(p, 72));
	return NLAB_P_OK;
}

/* FLOW_REMOVED: the match, the cookie, why, and its counters. */
static int flow_removed(nlab_pctx *c, nlab_view p, uint32_t len)
{
	static const char *const why[] = {"IDLE_TIMEOUT", "HARD_TIMEOUT", "DELETE"};
	(void)len;
	if (nlab_of10_match(c, "\n\t ", p) != NLAB_P_OK)
		return NLAB_P_TRUNC;
	OF_NEED(p, 40, 8);
	nlab_strbuf_printf(c->out, "\n\t cookie 0x%016" PRIx64, get64(p, 40));
	if (nonzero16(c, p, 48, "priority"))
		return NLAB_P_TRUNC;
	OF_NEED(p, 50, 1);
	uint8_t r = nlab_get8(p, 50);
	if (r <= 2)
		nlab_strbuf_printf(c->out, ", reason %s", why[r]);
	else
		nlab_strbuf_printf(c->out, ", reason unknown (0x%02x)", r);
	return flow_removed_counts(c, p);
}

/* PORT_STATUS: why, and the port. */
static int port_status(nlab_pctx *c, nlab_view p, uint32_t len)
{
	static const char *const why[] = {"ADD", "DELETE", "MODIFY"};
	(void)len;
	OF_NEED(p, 0, 1);
	uint8_t r = nlab_get8(p, 0);
	if (r <= 2)
		nlab_strbuf_printf(c->out, "\n\t reason %s", why[r]);
	else
		nlab_strbuf_printf(c->out, "\n\t reason invalid (0x%02x)", r);
	return nlab_of10_phy_port(c, nlab_view_from(p, 8));
}

/* The name of code CODE of error type TYPE, or NULL. */
static const char *error_code(uint16_t type, uint16_t code)
{
	static const char *const hello[] = {"INCOMPATIBLE", "EPERM", NULL};
	static const char *const request[] = {
		"BAD_VERSION", "BAD_TYPE", "BAD_STAT", "BAD_VENDOR", "BAD_SUBTYPE", "EPERM",
		"BAD_LEN", "BUFFER_EMPTY", "BUFFER_UNKNOWN", NULL};
	static const char *const action[] = {
		"BAD_TYPE", "BAD_LEN", "BAD_VENDOR", "BAD_VENDOR_TYPE", "BAD_OUT_PORT",
		"BAD_ARGUMENT", "EPERM", "TOO_MANY", "BAD_QUEUE", NULL};
	static const char *const flow_mod[] = {
		"ALL_TABLES_FULL", "OVERLAP", "EPERM", "BAD_EMERG_TIMEOUT", "BAD_COMMAND",
		"UNSUPPORTED", NULL};
	static const char *const port_mod[] = {"BAD_PORT", "BAD_HW_ADDR", NULL};
	static const char *const queue_op[] = {"BAD_PORT", "BAD_QUEUE", "EPERM", NULL};
	static const char *const *const codes[] = {hello, request, action, flow_mod,
						    port_mod, queue_op};
	if (type > 5)
		return NULL;
	for (uint16_t i = 0; codes[type][i]; i++)
		if (i == code)
			return codes[type][i];
	return NULL;
}

/* ERROR: its type, code and the data that caused it. */
static int error(nlab_pctx *c, nlab_view p, uint32_t len)
{
	static const char *const types[] = {"HELLO_FAILED", "BAD_REQUEST", "BAD_ACTION",
					    "FLOW_MOD_FAILED", "PORT_MOD_FAILED",
					    "QUEUE_OP_FAILED"};
	OF_NEED(p, 0, 2);
	uint16_t type = nlab_get16(p, 0);
	if (type <= 5)
		nlab_strbuf_printf(c->out, "\n\t type %s", types[type]);
	else
		nlab_strbuf_printf(c->out, "\n\t type invalid (0x%04x)", type);
	OF_NEED(p, 2, 2);
	uint16_t code = nlab_get16(p, 2);
	const char *name = error_code(type, code);
	if (name)
		nlab_strbuf_printf(c->out, ", code %s", name);
	else
		nlab_strbuf_printf(c->out, ", code invalid (0x%04x)", code);
	return nlab_of_data(c, nlab_view_from(p, 4), len - 4);
}

/* OpenFlow 1.0's message types (of10_msgtypeinfo), by type. */
static const nlab_of_msgtype types[] = {
	{"HELLO", nlab_of_data, OF_REQ_MINLEN, 0},
	{"ERROR", error, OF_REQ_MINLEN, 4},
	{"ECHO_REQUEST", nlab_of_data, OF_REQ_MINLEN, 0},
	{"ECHO_REPLY", nlab_of_data, OF_REQ_MINLEN, 0},
	{"VENDOR", nlab_of10_vendor_message, OF_REQ_MINLEN, 4},
	{"FEATURES_REQUEST", NULL, OF_REQ_FIXLEN, 0},
	{"FEATURES_REPLY", features_reply, OF_REQ_MINLEN, 24},
	{"GET_CONFIG_REQUEST", NULL, OF_REQ_FIXLEN, 0},
	{"GET_CONFIG_REPLY", switch_config, OF_REQ_FIXLEN, 4},
	{"SET_CONFIG", switch_config, OF_REQ_FIXLEN, 4},
	{"PACKET_IN", packet_in, OF_REQ_MINLEN, 10},
	{"FLOW_REMOVED", flow_removed, OF_REQ_FIXLEN, 80},
	{"PORT_STATUS", port_status, OF_REQ_FIXLEN, 56},
	{"PACKET_OUT", packet_out, OF_REQ_MINLEN, 8},
	{"FLOW_MOD", flow_mod, OF_REQ_MINLEN, 64},
	{"PORT_MOD", nlab_of10_port_mod, OF_REQ_FIXLEN, 24},
	{"STATS_REQUEST", nlab_of10_stats_request, OF_REQ_MINLEN, 4},
	{"STATS_REPLY", nlab_of10_stats_reply, OF_REQ_MINLEN, 4},
	{"BARRIER_REQUEST", NULL, OF_REQ_FIXLEN, 0},
	{"BARRIER_REPLY", NULL, OF_REQ_FIXLEN, 0},
	{"QUEUE_GET_CONFIG_REQUEST", queue_get_config_request, OF_REQ_FIXLEN, 4},
	{"QUEUE_GET_CONFIG_REPLY", queue_get_config_reply, OF_REQ_MINLEN, 8},
};

const nlab_of_msgtype *nlab_of10_msgtype(uint8_t type)
{
	return type < sizeof types / sizeof types[0] ? &types[type] : NULL;
}
