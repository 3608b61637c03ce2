/* print_of13_error.c - OpenFlow 1.3's ERROR message: its type, code
 * (each type's codes named as tcpdump's print-openflow-1.3.c names them)
 * and the data that caused it. */
#include "print_openflow.h"

static const char *const hello[] = {"INCOMPATIBLE", "EPERM", NULL};
static const char *const request[] = {
	"BAD_VERSION", "BAD_TYPE", "BAD_MULTIPART", "BAD_EXPERIMENTER", "BAD_EXP_TYPE",
	"EPERM", "BAD_LEN", "BUFFER_EMPTY", "BUFFER_UNKNOWN", "BAD_TABLE_ID", "IS_SLAVE",
	"BAD_PORT", "BAD_PACKET", "MULTIPART_BUFFER_OVERFLOW", NULL};
static const char *const action[] = {
	"BAD_TYPE", "BAD_LEN", "BAD_EXPERIMENTER", "BAD_EXP_TYPE", "BAD_OUT_PORT",
	"BAD_ARGUMENT", "EPERM", "TOO_MANY", "BAD_QUEUE", "BAD_OUT_GROUP",
	"MATCH_INCONSISTENT", "UNSUPPORTED_ORDER", "BAD_TAG", "BAD_SET_TYPE",
	"BAD_SET_LEN", "BAD_SET_ARGUMENT", NULL};
static const char *const instruction[] = {
	"UNKNOWN_INST", "UNSUP_INST", "BAD_TABLE_ID", "UNSUP_METADATA",
	"UNSUP_METADATA_MASK", "BAD_EXPERIMENTER", "BAD_EXP_TYPE", "BAD_LEN", "EPERM",
	NULL};
static const char *const match[] = {
	"BAD_TYPE", "BAD_LEN", "BAD_TAG", "BAD_DL_ADDR_MASK", "BAD_NW_ADDR_MASK",
	"BAD_WILDCARDS", "BAD_FIELD", "BAD_VALUE", "BAD_MASK", "BAD_PREREQ", "DUP_FIELD",
	"EPERM", NULL};
static const char *const flow_mod[] = {
	"UNKNOWN", "TABLE_FULL", "BAD_TABLE_ID", "OVERLAP", "EPERM", "BAD_TIMEOUT",
	"BAD_COMMAND", "BAD_FLAGS", NULL};
static const char *const group_mod[] = {
	"GROUP_EXISTS", "INVALID_GROUP", "WEIGHT_UNSUPPORTED", "OUT_OF_GROUPS",
	"OUT_OF_BUCKETS", "CHAINING_UNSUPPORTED", "WATCH_UNSUPPORTED", "LOOP",
	"UNKNOWN_GROUP", "CHAINED_GROUP", "BAD_TYPE", "BAD_COMMAND", "BAD_BUCKET",
	"BAD_MATCH", "EPERM", NULL};
static const char *const port_mod[] = {"BAD_PORT", "BAD_HW_ADDR", "BAD_CONFIG",
				       "BAD_ADVERTISE", "EPERM", NULL};
static const char *const table_mod[] = {"BAD_TABLE", "BAD_CONFIG", "EPERM", NULL};
static const char *const queue_op[] = {"BAD_PORT", "BAD_QUEUE", "EPERM", NULL};
static const char *const switch_config[] = {"BAD_FLAGS", "BAD_LEN", "EPERM", NULL};
static const char *const role_request[] = {"STALE", "UNSUP", "BAD_ROLE", NULL};
static const char *const meter_mod[] = {
	"UNKNOWN", "METER_EXISTS", "INVALID_METER", "UNKNOWN_METER", "BAD_COMMAND",
	"BAD_FLAGS", "BAD_RATE", "BAD_BURST", "BAD_BAND", "BAD_BAND_VALUE",
	"OUT_OF_METERS", "OUT_OF_BANDS", NULL};
static const char *const table_features[] = {"BAD_TABLE", "BAD_METADATA", "BAD_TYPE",
					     "BAD_LEN", "BAD_ARGUMENT", "EPERM", NULL};

/* Each error type's name and its codes' names, by type (0 to 13). */
static const struct {
	const char *name;
	const char *const *codes;
} types[] = {
	{"HELLO_FAILED", hello}, {"BAD_REQUEST", request}, {"BAD_ACTION", action},
	{"BAD_INSTRUCTION", instruction}, {"BAD_MATCH", match},
	{"FLOW_MOD_FAILED", flow_mod}, {"GROUP_MOD_FAILED", group_mod},
	{"PORT_MOD_FAILED", port_mod}, {"TABLE_MOD_FAILED", table_mod},
	{"QUEUE_OP_FAILED", queue_op}, {"SWITCH_CONFIG_FAILED", switch_config},
	{"ROLE_REQUEST_FAILED", role_request}, {"METER_MOD_FAILED", meter_mod},
	{"TABLE_FEATURES_FAILED", table_features}};
#define NTYPES (sizeof types / sizeof types[0])

/* The name of code CODE of error type TYPE, or NULL. */
static const char *code_name(uint16_t type, uint16_t code)
{
	if (type >= NTYPES)
		return NULL; /* EXPERIMENTER defines no codes */
	for (uint16_t i = 0; types[type].codes[i]; i++)
		if (i == code)
			return types[type].codes[i];
	return NULL;
}

int nlab_of13_error(nlab_pctx *c, nlab_view p, uint32_t len)
{
	OF_NEED(p, 0, 2);
	uint16_t type = nlab_get16(p, 0);
	if (type < NTYPES)
		nlab_strbuf_printf(c->out, "\n\t type %s", types[type].name);
	else if (type == 0xffff)
		nlab_p_puts(c, "\n\t type EXPERIMENTER");
	else
		nlab_strbuf_printf(c->out, "\n\t type invalid (0x%04x)", type);
	OF_NEED(p, 2, 2);
	uint16_t code = nlab_get16(p, 2);
	const char *name = code_name(type, code);
	if (name)
		nlab_strbuf_printf(c->out, ", code %s", name);
	else
		nlab_strbuf_printf(c->out, ", code invalid (0x%04x)", code);
	return nlab_of_data(c, nlab_view_from(p, 4), len - 4);
}
