/* print_of10_stats.c - OpenFlow 1.0's STATS_REQUEST and STATS_REPLY
 * bodies (description, flow, aggregate, table, port and queue
 * statistics), as tcpdump's print-openflow-1.0.c writes them. */
#include "print_openflow.h"

#include <inttypes.h>

enum { ST_DESC, ST_FLOW, ST_AGGREGATE, ST_TABLE, ST_PORT, ST_QUEUE, ST_VENDOR = 0xffff };

/* "\n\t type NAME" of statistics type T (ofpst_str). */
static void stats_type(nlab_pctx *c, uint16_t t)
{
	static const char *const names[] = {"DESC", "FLOW", "AGGREGATE", "TABLE", "PORT",
					    "QUEUE"};
	if (t <= ST_QUEUE)
		nlab_strbuf_printf(c->out, "\n\t type %s", names[t]);
	else if (t == ST_VENDOR)
		nlab_p_puts(c, "\n\t type VENDOR");
	else
		nlab_strbuf_printf(c->out, "\n\t type invalid (0x%04x)", t);
}

/* A table id (tableid_str). */
static void table_id(nlab_pctx *c, uint8_t t)
{
	if (t >= 0xfe)
		nlab_p_puts(c, t == 0xfe ? "EMERG" : "ALL");
	else
		nlab_p_u(c, t);
}

/* A queue id (ofpq_str). */
static void queue_id(nlab_pctx *c, uint32_t q)
{
	if (q == 0xffffffff)
		nlab_p_puts(c, "ALL");
	else
		nlab_p_u(c, q);
}

/* The 64-bit value at OFF of P. */
static uint64_t get64(nlab_view p, size_t off)
{
	return (uint64_t)nlab_get32(p, off) << 32 | nlab_get32(p, off + 4);
}

/* ", NAME N" for each of the N 64-bit counters from OFF of P. */
static int counters(nlab_pctx *c, nlab_view p, size_t off, const char *const *names, size_t n)
{
	for (size_t i = 0; i < n; i++, off += 8) {
		OF_NEED(p, off, 8);
		nlab_strbuf_printf(c->out, "%s%s %" PRIu64, names[i][0] == '\n' ? "" : ", ",
				   names[i], get64(p, off));
	}
	return NLAB_P_OK;
}

/* A flow or aggregate request's body (44 bytes): match, table, port. */
static int flow_request(nlab_pctx *c, nlab_view p)
{
	if (nlab_of10_match(c, "\n\t ", p) != NLAB_P_OK)
		return NLAB_P_TRUNC;
	OF_NEED(p, 40, 1);
	nlab_p_puts(c, "\n\t table_id ");
	table_id(c, nlab_get8(p, 40));
	OF_NEED(p, 42, 2);
	nlab_p_puts(c, ", out_port ");
	nlab_of10_port(c, nlab_get16(p, 42));
	return NLAB_P_OK;
}

/* A port or queue request's body (8 bytes). */
static int port_request(nlab_pctx *c, nlab_view p, uint16_t type)
{
	OF_NEED(p, 0, 2);
	nlab_p_puts(c, "\n\t port_no ");
	nlab_of10_port(c, nlab_get16(p, 0));
	if (type == ST_PORT)
		return nlab_of_tcheck(p, 8);
	OF_NEED(p, 4, 4);
	nlab_p_puts(c, ", queue_id ");
	queue_id(c, nlab_get32(p, 4));
	return NLAB_P_OK;
}

int nlab_of10_stats_request(nlab_pctx *c, nlab_view p, uint32_t len)
{
	OF_NEED(p, 0, 2);
	uint16_t type = nlab_get16(p, 0);
	stats_type(c, type);
	OF_NEED(p, 2, 2);
	nlab_strbuf_printf(c->out, ", flags 0x%04x%s", nlab_get16(p, 2),
			   nlab_get16(p, 2) ? " (bogus)" : "");
	nlab_view b = nlab_view_from(p, 4);
	len -= 4;
	switch (type) {
	case ST_DESC:
	case ST_TABLE:
		return len ? nlab_of_invalid(c, b, len) : NLAB_P_OK;
	case ST_FLOW:
	case ST_AGGREGATE:
		return len != 44 ? nlab_of_invalid(c, b, len) : flow_request(c, b);
	case ST_PORT:
	case ST_QUEUE:
		return len != 8 ? nlab_of_invalid(c, b, len) : port_request(c, b, type);
	case ST_VENDOR:
		return nlab_of10_vendor_data(c, b, len);
	}
	return NLAB_P_OK;
}

/* The description statistics (1056 bytes): five strings. */
static int desc_reply(nlab_pctx *c, nlab_view p, uint32_t len)
{
	if (len != 1056)
		return nlab_of_invalid(c, p, len);
	if (nlab_of_text(c, p, 0, 256, "\n\t  mfr_desc ") ||
	    nlab_of_text(c, p, 256, 256, "\n\t  hw_desc ") ||
	    nlab_of_text(c, p, 512, 256, "\n\t  sw_desc ") ||
	    nlab_of_text(c, p, 768, 32, "\n\t  serial_num ") ||
	    nlab_of_text(c, p, 800, 256, "\n\t  dp_desc "))
		return NLAB_P_TRUNC;
	return NLAB_P_OK;
}

/* One flow's statistics entry of ELEN bytes at P. */
static int flow_entry(nlab_pctx *c, nlab_view p, uint16_t elen)
{
	static const char *const counts[] = {"packet_count", "byte_count"};
	OF_NEED(p, 2, 1);
	nlab_p_puts(c, ", table_id ");
	table_id(c, nlab_get8(p, 2));
	if (nlab_of10_match(c, "\n\t  ", nlab_view_from(p, 4)) != NLAB_P_OK)
		return NLAB_P_TRUNC;
	OF_NEED(p, 44, 4);
	nlab_strbuf_printf(c->out, "\n\t  duration_sec %u", nlab_get32(p, 44));
	OF_NEED(p, 48, 4);
	nlab_strbuf_printf(c->out, ", duration_nsec %u", nlab_get32(p, 48));
	OF_NEED(p, 52, 2);
	nlab_strbuf_printf(c->out, ", priority %u", nlab_get16(p, 52));
	OF_NEED(p, 54, 2);
	nlab_strbuf_printf(c->out, ", idle_timeout %u", nlab_get16(p, 54));
	OF_NEED(p, 56, 2);
	nlab_strbuf_printf(c->out, ", hard_timeout %u", nlab_get16(p, 56));
	OF_NEED(p, 64, 8);
	nlab_strbuf_printf(c->out, ", cookie 0x%016" PRIx64, get64(p, 64));
	if (counters(c, p, 72, counts, 2) != NLAB_P_OK)
		return NLAB_P_TRUNC;
	return nlab_of10_actions(c, "\n\t  ", nlab_view_from(p, 88), elen - 88U);
}

/* The flow statistics: entries of 88 bytes and their actions. */
static int flow_reply(nlab_pctx *c, nlab_view p, uint32_t len)
{
	size_t off = 0;
	while (len) {
		nlab_view e = nlab_view_from(p, off);
		if (len < 88)
			return nlab_of_invalid(c, e, len);
		OF_NEED(e, 0, 2);
		uint16_t elen = nlab_get16(e, 0);
		nlab_strbuf_printf(c->out, "\n\t length %u", elen);
		if (elen < 88 || elen > len)
			return nlab_of_invalid(c, e, len);
		if (flow_entry(c, e, elen) != NLAB_P_OK)
			return NLAB_P_TRUNC;
		off += elen, len -= elen;
	}
	return NLAB_P_OK;
}

/* The aggregate statistics (24 bytes). */
static int aggregate_reply(nlab_pctx *c, nlab_view p, uint32_t len)
{
	static const char *const names[] = {"\n\t packet_count", "byte_count"};
	if (len != 24)
		return nlab_of_invalid(c, p, len);
	if (counters(c, p, 0, names, 2) != NLAB_P_OK)
		return NLAB_P_TRUNC;
	OF_NEED(p, 16, 4);
	nlab_strbuf_printf(c->out, ", flow_count %u", nlab_get32(p, 16));
	return nlab_of_tcheck(p, 24);
}

/* One table's statistics (64 bytes at P). */
static int table_entry(nlab_pctx *c, nlab_view p)
{
	static const nlab_bitname wildcard_bits[] = {
		{1 << 0, "IN_PORT"}, {1 << 1, "DL_VLAN"}, {1 << 2, "DL_SRC"},
		{1 << 3, "DL_DST"}, {1 << 4, "DL_TYPE"}, {1 << 5, "NW_PROTO"},
		{1 << 6, "TP_SRC"}, {1 << 7, "TP_DST"}, {1 << 20, "DL_VLAN_PCP"},
		{1 << 21, "NW_TOS"}, {0, NULL}};
	static const char *const counts[] = {"lookup_count", "matched_count"};
	OF_NEED(p, 0, 1);
	nlab_p_puts(c, "\n\t table_id ");
	table_id(c, nlab_get8(p, 0));
	if (nlab_of_text(c, p, 4, 32, ", name "))
		return NLAB_P_TRUNC;
	OF_NEED(p, 36, 4);
	nlab_strbuf_printf(c->out, "\n\t  wildcards 0x%08x", nlab_get32(p, 36));
	nlab_of_bitmap(c, wildcard_bits, nlab_get32(p, 36), ~((1U << 22) - 1));
	OF_NEED(p, 40, 4);
	nlab_strbuf_printf(c->out, "\n\t  max_entries %u", nlab_get32(p, 40));
	OF_NEED(p, 44, 4);
	nlab_strbuf_printf(c->out, ", active_count %u", nlab_get32(p, 44));
	return counters(c, p, 48, counts, 2);
}

/* One port's statistics (104 bytes at P): its counters under -vv. */
static int port_entry(nlab_pctx *c, nlab_view p)
{
	static const char *const counts[] = {
		"rx_packets", "tx_packets", "rx_bytes", "tx_bytes", "rx_dropped", "tx_dropped",
		"rx_errors", "tx_errors", "rx_frame_err", "rx_over_err", "rx_crc_err",
		"collisions"};
	OF_NEED(p, 0, 2);
	nlab_p_puts(c, "\n\t  port_no ");
	nlab_of10_port(c, nlab_get16(p, 0));
	if (c->o->v < 2)
		return nlab_of_tcheck(p, 104);
	return counters(c, p, 8, counts, 12);
}

/* One queue's statistics (32 bytes at P). */
static int queue_entry(nlab_pctx *c, nlab_view p)
{
	static const char *const counts[] = {"tx_bytes", "tx_packets", "tx_errors"};
	OF_NEED(p, 0, 2);
	nlab_p_puts(c, "\n\t  port_no ");
	nlab_of10_port(c, nlab_get16(p, 0));
	OF_NEED(p, 4, 4);
	nlab_strbuf_printf(c->out, ", queue_id %u", nlab_get32(p, 4));
	return counters(c, p, 8, counts, 3);
}

/* LEN bytes of entries of SIZE bytes each printed by ENTRY. */
static int entries(nlab_pctx *c, nlab_view p, uint32_t len, uint32_t size,
		   int (*entry)(nlab_pctx *, nlab_view))
{
	for (size_t off = 0; len; off += size, len -= size) {
		if (len < size)
			return nlab_of_invalid(c, nlab_view_from(p, off), len);
		if (entry(c, nlab_view_from(p, off)) != NLAB_P_OK)
			return NLAB_P_TRUNC;
	}
	return NLAB_P_OK;
}

int nlab_of10_stats_reply(nlab_pctx *c, nlab_view p, uint32_t len)
{
	OF_NEED(p, 0, 2);
	uint16_t type = nlab_get16(p, 0);
	stats_type(c, type);
	OF_NEED(p, 2, 2);
	static const nlab_bitname more[] = {{1, "MORE"}, {0, NULL}};
	nlab_strbuf_printf(c->out, ", flags 0x%04x", nlab_get16(p, 2));
	nlab_of_bitmap(c, more, nlab_get16(p, 2), ~1U);
	nlab_view b = nlab_view_from(p, 4);
	len -= 4;
	switch (type) {
	case ST_DESC: return desc_reply(c, b, len);
	case ST_FLOW: return flow_reply(c, b, len);
	case ST_AGGREGATE: return aggregate_reply(c, b, len);
	case ST_TABLE: return entries(c, b, len, 64, table_entry);
	case ST_PORT: return entries(c, b, len, 104, port_entry);
	case ST_QUEUE: return entries(c, b, len, 32, queue_entry);
	case ST_VENDOR: return nlab_of10_vendor_data(c, b, len);
	default: return nlab_of_tcheck(b, len);
	}
}
