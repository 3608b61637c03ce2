/* print_of13.c - OpenFlow 1.3's message types and the bodies -v prints
 * of those tcpdump 4.99's print-openflow-1.3.c decodes (HELLO elements,
 * EXPERIMENTER, FEATURES_REPLY, the switch config, PORT_STATUS,
 * PORT_MOD, TABLE_MOD, the queue config request, roles, the async
 * masks; ERROR in print_of13_error.c). The others print their header
 * line only, as tcpdump's do. */
#include "print_openflow.h"

#include <inttypes.h>

/* Port config bits (ofppc_bm). */
static const nlab_bitname config_bits[] = {
	{1 << 0, "PORT_DOWN"}, {1 << 2, "NO_RECV"}, {1 << 5, "NO_FWD"},
	{1 << 6, "NO_PACKET_IN"}, {0, NULL}};
#define CONFIG_U (~0x65U)

/* Port feature bits (ofppf_bm). */
static const nlab_bitname feature_bits[] = {
	{1 << 0, "10MB_HD"}, {1 << 1, "10MB_FD"}, {1 << 2, "100MB_HD"},
	{1 << 3, "100MB_FD"}, {1 << 4, "1GB_HD"}, {1 << 5, "1GB_FD"},
	{1 << 6, "10GB_FD"}, {1 << 7, "40GB_FD"}, {1 << 8, "100GB_FD"},
	{1 << 9, "1TB_FD"}, {1 << 10, "OTHER"}, {1 << 11, "COPPER"},
	{1 << 12, "FIBER"}, {1 << 13, "AUTONEG"}, {1 << 14, "PAUSE"},
	{1 << 15, "PAUSE_ASYM"}, {0, NULL}};
#define FEATURE_U (~0xffffU)

/* The 64-bit value at OFF of P. */
static uint64_t get64(nlab_view p, size_t off)
{
	return (uint64_t)nlab_get32(p, off) << 32 | nlab_get32(p, off + 4);
}

/* A 32-bit port number or its name (ofpp_str). */
static void port(nlab_pctx *c, uint32_t p)
{
	static const char *const names[] = {"IN_PORT", "TABLE", "NORMAL", "FLOOD",
					    "ALL", "CONTROLLER", "LOCAL", "ANY"};
	if (p == 0xffffff00)
		nlab_p_puts(c, "MAX");
	else if (p >= 0xfffffff8)
		nlab_p_puts(c, names[p - 0xfffffff8]);
	else
		nlab_p_u(c, p);
}

/* "LEAD0x%08x (NAMES)" of the 32-bit bitmap at OFF of P. */
static int bitmap(nlab_pctx *c, nlab_view p, size_t off, const char *lead,
		  const nlab_bitname *t, uint32_t unassigned)
{
	OF_NEED(p, off, 4);
	uint32_t v = nlab_get32(p, off);
	nlab_strbuf_printf(c->out, "%s0x%08x", lead, v);
	nlab_of_bitmap(c, t, v, unassigned);
	return NLAB_P_OK;
}

/* Under -vv, a port's config, state, features and speeds (32 to 64). */
static int port_detail(nlab_pctx *c, nlab_view p)
{
	static const nlab_bitname state_bits[] = {
		{1, "LINK_DOWN"}, {2, "BLOCKED"}, {4, "LIVE"}, {0, NULL}};
	if (bitmap(c, p, 32, "\n\t   config ", config_bits, CONFIG_U) ||
	    bitmap(c, p, 36, "\n\t   state ", state_bits, ~7U) ||
	    bitmap(c, p, 40, "\n\t   curr ", feature_bits, FEATURE_U) ||
	    bitmap(c, p, 44, "\n\t   advertised ", feature_bits, FEATURE_U) ||
	    bitmap(c, p, 48, "\n\t   supported ", feature_bits, FEATURE_U) ||
	    bitmap(c, p, 52, "\n\t   peer ", feature_bits, FEATURE_U))
		return NLAB_P_TRUNC;
	OF_NEED(p, 56, 4);
	nlab_strbuf_printf(c->out, "\n\t   curr_speed %ukbps", nlab_get32(p, 56));
	OF_NEED(p, 60, 4);
	nlab_strbuf_printf(c->out, "\n\t   max_speed %ukbps", nlab_get32(p, 60));
	return NLAB_P_OK;
}

/* A port description (64 bytes at P). */
static int port_desc(nlab_pctx *c, nlab_view p)
{
	OF_NEED(p, 0, 4);
	nlab_p_puts(c, "\n\t  port_no ");
	port(c, nlab_get32(p, 0));
	OF_NEED(p, 8, 6);
	nlab_p_puts(c, ", hw_addr ");
	nlab_p_mac(c, p, 8, 6);
	if (nlab_of_text(c, p, 16, 16, ", name "))
		return NLAB_P_TRUNC;
	if (c->o->v < 2)
		return nlab_of_tcheck(p, 64);
	return port_detail(c, p);
}

/* FEATURES_REPLY: the datapath and its capabilities. */
static int features_reply(nlab_pctx *c, nlab_view p, uint32_t len)
{
	static const nlab_bitname capability_bits[] = {
		{1 << 0, "FLOW_STATS"}, {1 << 1, "TABLE_STATS"}, {1 << 2, "PORT_STATS"},
		{1 << 3, "GROUP_STATS"}, {1 << 5, "IP_REASM"}, {1 << 6, "QUEUE_STATS"},
		{1 << 8, "PORT_BLOCKED"}, {0, NULL}};
	(void)len;
	OF_NEED(p, 0, 8);
	nlab_strbuf_printf(c->out, "\n\t dpid 0x%016" PRIx64, get64(p, 0));
	OF_NEED(p, 8, 4);
	nlab_strbuf_printf(c->out, ", n_buffers %u", nlab_get32(p, 8));
	OF_NEED(p, 12, 1);
	nlab_strbuf_printf(c->out, ", n_tables %u", nlab_get8(p, 12));
	OF_NEED(p, 13, 1);
	nlab_strbuf_printf(c->out, ", auxiliary_id %u", nlab_get8(p, 13));
	if (bitmap(c, p, 16, "\n\t capabilities ", capability_bits, ~0x16fU))
		return NLAB_P_TRUNC;
	return nlab_of_tcheck(p, 24);
}

/* GET_CONFIG_REPLY and SET_CONFIG. */
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
	uint16_t m = nlab_get16(p, 2);
	nlab_p_puts(c, ", miss_send_len ");
	if (m == 0xffe5 || m == 0xffff)
		nlab_p_puts(c, m == 0xffff ? "NO_BUFFER" : "MAX");
	else
		nlab_p_u(c, m);
	return NLAB_P_OK;
}

/* TABLE_MOD: the table and its config. */
static int table_mod(nlab_pctx *c, nlab_view p, uint32_t len)
{
	(void)len;
	OF_NEED(p, 0, 1);
	uint8_t t = nlab_get8(p, 0);
	nlab_p_puts(c, "\n\t table_id ");
	if (t >= 0xfe)
		nlab_p_puts(c, t == 0xfe ? "MAX" : "ALL");
	else
		nlab_p_u(c, t);
	OF_NEED(p, 4, 4);
	nlab_strbuf_printf(c->out, ", config 0x%08x", nlab_get32(p, 4));
	return NLAB_P_OK;
}

/* ROLE_REQUEST and ROLE_REPLY: the role and its generation. */
static int role(nlab_pctx *c, nlab_view p, uint32_t len)
{
	static const char *const roles[] = {"NOCHANGE", "EQUAL", "MASTER", "SLAVE"};
	(void)len;
	OF_NEED(p, 0, 4);
	uint32_t r = nlab_get32(p, 0);
	if (r <= 3)
		nlab_strbuf_printf(c->out, "\n\t role %s", roles[r]);
	else
		nlab_strbuf_printf(c->out, "\n\t role invalid (0x%08x)", r);
	OF_NEED(p, 8, 8);
	nlab_strbuf_printf(c->out, ", generation_id 0x%016" PRIx64, get64(p, 8));
	return NLAB_P_OK;
}

/* GET_ASYNC_REPLY and SET_ASYNC: the six masks. */
static int async(nlab_pctx *c, nlab_view p, uint32_t len)
{
	static const nlab_bitname reasons[] = {
		{1, "NO_MATCH"}, {2, "ACTION"}, {4, "INVALID_TTL"}, {0, NULL}};
	static const nlab_bitname changes[] = {
		{1, "ADD"}, {2, "DELETE"}, {4, "MODIFY"}, {0, NULL}};
	static const char *const leads[] = {
		"\n\t packet_in_mask[EM] ", "\n\t packet_in_mask[S] ",
		"\n\t port_status_mask[EM] ", "\n\t port_status_mask[S] ",
		"\n\t flow_removed_mask[EM] ", "\n\t flow_removed_mask[S] "};
	(void)len;
	for (size_t i = 0; i < 6; i++)
		if (bitmap(c, p, i * 4, leads[i], i < 2 ? reasons : changes, ~7U))
			return NLAB_P_TRUNC;
	return NLAB_P_OK;
}

/* PORT_MOD: the port, its config, mask and advertised features. */
static int port_mod(nlab_pctx *c, nlab_view p, uint32_t len)
{
	(void)len;
	OF_NEED(p, 0, 4);
	nlab_p_puts(c, "\n\t port_no ");
	port(c, nlab_get32(p, 0));
	OF_NEED(p, 8, 6);
	nlab_p_puts(c, ", hw_addr ");
	nlab_p_mac(c, p, 8, 6);
	if (bitmap(c, p, 16, "\n\t  config ", config_bits, CONFIG_U) ||
	    bitmap(c, p, 20, "\n\t  mask ", config_bits, CONFIG_U) ||
	    bitmap(c, p, 24, "\n\t  advertise ", feature_bits, FEATURE_U))
		return NLAB_P_TRUNC;
	return nlab_of_tcheck(p, 32);
}

/* PORT_STATUS: why, and the port ("invalid (0x02x)" is tcpdump's). */
static int port_status(nlab_pctx *c, nlab_view p, uint32_t len)
{
	static const char *const why[] = {"ADD", "DELETE", "MODIFY"};
	(void)len;
	OF_NEED(p, 0, 1);
	uint8_t r = nlab_get8(p, 0);
	nlab_strbuf_printf(c->out, "\n\t reason %s", r <= 2 ? why[r] : "invalid (0x02x)");
	return port_desc(c, nlab_view_from(p, 8));
}

/* One HELLO element of BMLEN bytes at P, TYPE VERSIONBITMAP (1) or not. */
static int hello_element(nlab_pctx *c, nlab_view p, uint16_t type, uint16_t bmlen)
{
	static const nlab_bitname versions[] = {
		{1 << 0, "1.0"}, {1 << 1, "1.1"}, {1 << 2, "1.2"}, {1 << 3, "1.3"},
		{1 << 4, "1.4"}, {1 << 5, "1.5"}, {0, NULL}};
	if (type != 1)
		return nlab_of_tcheck(p, bmlen);
	if (bmlen != 8) {
		nlab_p_puts(c, " (bogus)");
		return nlab_of_tcheck(p, bmlen);
	}
	return bitmap(c, p, 4, ", bitmap ", versions, ~0x3fU);
}

/* HELLO: its elements. */
static int hello(nlab_pctx *c, nlab_view p, uint32_t len)
{
	size_t off = 0;
	while (len) {
		nlab_view e = nlab_view_from(p, off);
		if (len < 4)
			return nlab_of_invalid(c, e, len);
		OF_NEED(e, 0, 2);
		uint16_t type = nlab_get16(e, 0);
		if (type == 1)
			nlab_p_puts(c, "\n\t type VERSIONBITMAP");
		else
			nlab_strbuf_printf(c->out, "\n\t type unknown (0x%04x)", type);
		OF_NEED(e, 2, 2);
		uint16_t bmlen = nlab_get16(e, 2);
		nlab_strbuf_printf(c->out, ", length %u", bmlen);
		if (bmlen < 4 || bmlen > len)
			return nlab_of_invalid(c, nlab_view_from(e, 4), len - 4);
		if (hello_element(c, e, type, bmlen) != NLAB_P_OK)
			return NLAB_P_TRUNC;
		off += bmlen, len -= bmlen;
	}
	return NLAB_P_OK;
}

/* EXPERIMENTER: who, its type and data. */
static int experimenter(nlab_pctx *c, nlab_view p, uint32_t len)
{
	OF_NEED(p, 0, 4);
	uint32_t e = nlab_get32(p, 0);
	nlab_strbuf_printf(c->out, "\n\t experimenter 0x%08x (%s)", e, nlab_of_vendor_name(e));
	OF_NEED(p, 4, 4);
	nlab_strbuf_printf(c->out, ", exp_type 0x%08x", nlab_get32(p, 4));
	return nlab_of_data(c, nlab_view_from(p, 8), len - 8);
}

/* QUEUE_GET_CONFIG_REQUEST: the port. */
static int queue_get_config_request(nlab_pctx *c, nlab_view p, uint32_t len)
{
	(void)len;
	OF_NEED(p, 0, 4);
	nlab_p_puts(c, "\n\t port ");
	port(c, nlab_get32(p, 0));
	return nlab_of_tcheck(p, 8);
}

/* OpenFlow 1.3's message types (of13_msgtypeinfo), by type. */
static const nlab_of_msgtype types[] = {
	{"HELLO", hello, OF_REQ_MINLEN, 0},
	{"ERROR", nlab_of13_error, OF_REQ_MINLEN, 4},
	{"ECHO_REQUEST", nlab_of_data, OF_REQ_MINLEN, 0},
	{"ECHO_REPLY", nlab_of_data, OF_REQ_MINLEN, 0},
	{"EXPERIMENTER", experimenter, OF_REQ_MINLEN, 8},
	{"FEATURES_REQUEST", NULL, OF_REQ_FIXLEN, 0},
	{"FEATURES_REPLY", features_reply, OF_REQ_FIXLEN, 24},
	{"GET_CONFIG_REQUEST", NULL, OF_REQ_FIXLEN, 0},
	{"GET_CONFIG_REPLY", switch_config, OF_REQ_FIXLEN, 4},
	{"SET_CONFIG", switch_config, OF_REQ_FIXLEN, 4},
	{"PACKET_IN", NULL, OF_REQ_NONE, 0},
	{"FLOW_REMOVED", NULL, OF_REQ_NONE, 0},
	{"PORT_STATUS", port_status, OF_REQ_FIXLEN, 72},
	{"PACKET_OUT", NULL, OF_REQ_NONE, 0},
	{"FLOW_MOD", NULL, OF_REQ_NONE, 0},
	{"GROUP_MOD", NULL, OF_REQ_NONE, 0},
	{"PORT_MOD", port_mod, OF_REQ_FIXLEN, 32},
	{"TABLE_MOD", table_mod, OF_REQ_FIXLEN, 8},
	{"MULTIPART_REQUEST", NULL, OF_REQ_NONE, 0},
	{"MULTIPART_REPLY", NULL, OF_REQ_NONE, 0},
	{"BARRIER_REQUEST", NULL, OF_REQ_FIXLEN, 0},
	{"BARRIER_REPLY", NULL, OF_REQ_FIXLEN, 0},
	{"QUEUE_GET_CONFIG_REQUEST", queue_get_config_request, OF_REQ_FIXLEN, 8},
	{"QUEUE_GET_CONFIG_REPLY", NULL, OF_REQ_NONE, 0},
	{"ROLE_REQUEST", role, OF_REQ_FIXLEN, 16},
	{"ROLE_REPLY", role, OF_REQ_FIXLEN, 16},
	{"GET_ASYNC_REQUEST", NULL, OF_REQ_FIXLEN, 0},
	{"GET_ASYNC_REPLY", async, OF_REQ_FIXLEN, 24},
	{"SET_ASYNC", async, OF_REQ_FIXLEN, 24},
	{"METER_MOD", NULL, OF_REQ_NONE, 0},
};

const nlab_of_msgtype *nlab_of13_msgtype(uint8_t type)
{
	return type < sizeof types / sizeof types[0] ? &types[type] : NULL;
}
