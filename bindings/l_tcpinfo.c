/* l_tcpinfo.c - "netlab.c.tcpinfo": the kernel's view of one TCP
 * connection, and the kernel's congestion controls.
 *
 *   tcpinfo.methods.tcp_info(sock) -- TCP_INFO and more (sock:tcp_info)
 *   tcpinfo.methods.queued(sock)   -- {send =, unsent =, recv =}
 *   tcpinfo.lists([host])          -- available, allowed, default
 *   tcpinfo.decode(bytes)          -- a raw tcp_info record's fields
 *
 * The fields' names and units (times in ms, rates in bytes/s) are set
 * here for both sock:tcp_info() and host:sockets() rows (l_diag.c). */
#include "lnetlab.h"
#include "ltcpinfo.h"
#include "modules.h"

#include "congestion.h"
#include "error.h"

#include <errno.h>
#include <string.h>
#include <sys/socket.h>

/* tcpi_options' bits (the kernel's TCPI_OPT_*). */
enum {
	OPT_TS = 1,
	OPT_SACK = 2,
	OPT_WSCALE = 4,
	OPT_ECN = 8,
	OPT_ECN_SEEN = 16,
	OPT_SYN_DATA = 32
};

/* How a field's raw number becomes Lua's: as it is, microseconds as ms,
 * or as it is unless all ones (the kernel's "none": unset field). */
enum unit { COUNT, US, COUNT_SET, US_SET };

/* One tcp_info field: its Lua name, where it is, how big, its unit. */
typedef struct {
	const char *name;
	unsigned short off;
	unsigned char size, unit;
} field;

#define F(name, member, unit)                                                  \
	{                                                                      \
		name, offsetof(nlab_tcp_info, member),                         \
		    sizeof(((nlab_tcp_info *)0)->member), unit                 \
	}

/* Every plain field after the bit fields, in the kernel's order. */
static const field fields[] = {
    F("retransmits", tcpi_retransmits, COUNT),
    F("probes", tcpi_probes, COUNT),
    F("backoff", tcpi_backoff, COUNT),
    F("rto", tcpi_rto, US),
    F("ato", tcpi_ato, US),
    F("snd_mss", tcpi_snd_mss, COUNT),
    F("rcv_mss", tcpi_rcv_mss, COUNT),
    F("unacked", tcpi_unacked, COUNT),
    F("sacked", tcpi_sacked, COUNT),
    F("lost", tcpi_lost, COUNT),
    F("retrans", tcpi_retrans, COUNT),
    F("fackets", tcpi_fackets, COUNT),
    F("last_data_sent", tcpi_last_data_sent, COUNT), /* already ms */
    F("last_ack_sent", tcpi_last_ack_sent, COUNT),
    F("last_data_recv", tcpi_last_data_recv, COUNT),
    F("last_ack_recv", tcpi_last_ack_recv, COUNT),
    F("pmtu", tcpi_pmtu, COUNT),
    F("rcv_ssthresh", tcpi_rcv_ssthresh, COUNT),
    F("rtt", tcpi_rtt, US),
    F("rttvar", tcpi_rttvar, US),
    F("cwnd", tcpi_snd_cwnd, COUNT),
    F("advmss", tcpi_advmss, COUNT),
    F("reordering", tcpi_reordering, COUNT),
    F("rcv_rtt", tcpi_rcv_rtt, US),
    F("rcv_space", tcpi_rcv_space, COUNT),
    F("total_retrans", tcpi_total_retrans, COUNT),
    F("pacing_rate", tcpi_pacing_rate, COUNT_SET),
    F("max_pacing_rate", tcpi_max_pacing_rate, COUNT_SET),
    F("bytes_acked", tcpi_bytes_acked, COUNT),
    F("bytes_received", tcpi_bytes_received, COUNT),
    F("segs_out", tcpi_segs_out, COUNT),
    F("segs_in", tcpi_segs_in, COUNT),
    F("notsent_bytes", tcpi_notsent_bytes, COUNT),
    F("min_rtt", tcpi_min_rtt, US_SET),
    F("data_segs_in", tcpi_data_segs_in, COUNT),
    F("data_segs_out", tcpi_data_segs_out, COUNT),
    F("delivery_rate", tcpi_delivery_rate, COUNT),
    F("busy_time", tcpi_busy_time, US),
    F("rwnd_limited", tcpi_rwnd_limited, US),
    F("sndbuf_limited", tcpi_sndbuf_limited, US),
    F("delivered", tcpi_delivered, COUNT),
    F("delivered_ce", tcpi_delivered_ce, COUNT),
    F("bytes_sent", tcpi_bytes_sent, COUNT),
    F("bytes_retrans", tcpi_bytes_retrans, COUNT),
    F("dsack_dups", tcpi_dsack_dups, COUNT),
    F("reord_seen", tcpi_reord_seen, COUNT),
    F("rcv_ooopack", tcpi_rcv_ooopack, COUNT),
    F("snd_wnd", tcpi_snd_wnd, COUNT),
    F("rcv_wnd", tcpi_rcv_wnd, COUNT),
    F("rehash", tcpi_rehash, COUNT),
    F("total_rto", tcpi_total_rto, COUNT),
    F("total_rto_recoveries", tcpi_total_rto_recoveries, COUNT),
    F("total_rto_time", tcpi_total_rto_time, COUNT), /* already ms */
};

const char *nlab_tcp_state(int state)
{
	static const char *const names[] = {
	    "UNKNOWN",	  "ESTABLISHED", "SYN_SENT", "SYN_RECV",   "FIN_WAIT_1",
	    "FIN_WAIT_2", "TIME_WAIT",	 "CLOSE",    "CLOSE_WAIT", "LAST_ACK",
	    "LISTEN",	  "CLOSING",	 "SYN_RECV",
	};
	if (state < 0 || state >= (int)(sizeof names / sizeof names[0]))
		return "UNKNOWN";
	return names[state];
}

/* The kernel's name of a congestion state (TCP_CA_*). */
static const char *ca_state_name(int ca)
{
	static const char *const names[] = {"Open", "Disorder", "CWR",
					    "Recovery", "Loss"};
	return ca >= 0 && ca < 5 ? names[ca] : "UNKNOWN";
}

/* Reads field F of TI as a number (the kernel's own byte order). */
static uint64_t raw_value(const nlab_tcp_info *ti, const field *f)
{
	const unsigned char *p = (const unsigned char *)ti + f->off;
	uint8_t u8;
	uint16_t u16;
	uint32_t u32;
	uint64_t u64;
	switch (f->size) {
	case 1:
		return memcpy(&u8, p, 1), u8;
	case 2:
		return memcpy(&u16, p, 2), u16;
	case 4:
		return memcpy(&u32, p, 4), u32;
	default:
		return memcpy(&u64, p, 8), u64;
	}
}

/* Sets t[F's name] from TI, or leaves it unset where the kernel says
 * "none" (all ones) for a field that may say so. */
static void set_field(lua_State *L, const nlab_tcp_info *ti, const field *f)
{
	uint64_t v = raw_value(ti, f);
	uint64_t ones = f->size == 8 ? ~(uint64_t)0 : (1ull << 8 * f->size) - 1;
	if ((f->unit == COUNT_SET || f->unit == US_SET) && v == ones)
		return;
	if (f->unit == US || f->unit == US_SET)
		lua_pushnumber(L, (double)v / 1000.0);
	else
		lua_pushinteger(L, (lua_Integer)v);
	lua_setfield(L, -2, f->name);
}

/* Sets t[KEY] = boolean V. */
static void set_bool(lua_State *L, const char *key, int v)
{
	lua_pushboolean(L, v);
	lua_setfield(L, -2, key);
}

/* Sets t[KEY] = integer V. */
static void set_int(lua_State *L, const char *key, lua_Integer v)
{
	lua_pushinteger(L, v);
	lua_setfield(L, -2, key);
}

/* Sets t.options = {timestamps =, sack =, ...}: what the handshake agreed. */
static void set_options(lua_State *L, int o)
{
	lua_createtable(L, 0, 6);
	set_bool(L, "timestamps", o & OPT_TS);
	set_bool(L, "sack", o & OPT_SACK);
	set_bool(L, "wscale", o & OPT_WSCALE);
	set_bool(L, "ecn", o & OPT_ECN);
	set_bool(L, "ecn_seen", o & OPT_ECN_SEEN);
	set_bool(L, "syn_data", o & OPT_SYN_DATA);
	lua_setfield(L, -2, "options");
}

/* Sets the fields of tcp_info's first 8 bytes (bytes and bit fields). */
static void set_head(lua_State *L, const nlab_tcp_info *ti)
{
	lua_pushstring(L, nlab_tcp_state(ti->tcpi_state));
	lua_setfield(L, -2, "state");
	lua_pushstring(L, ca_state_name(ti->tcpi_ca_state));
	lua_setfield(L, -2, "ca_state");
	set_options(L, ti->tcpi_options);
	if (ti->tcpi_options & OPT_WSCALE) {
		set_int(L, "snd_wscale", ti->tcpi_snd_wscale);
		set_int(L, "rcv_wscale", ti->tcpi_rcv_wscale);
	}
	set_bool(L, "app_limited", ti->tcpi_delivery_rate_app_limited);
	set_int(L, "fastopen_client_fail", ti->tcpi_fastopen_client_fail);
}

void nlab_set_tcpinfo(lua_State *L, const nlab_tcp_info *ti, size_t len)
{
	set_int(L, "tcp_info_len", (lua_Integer)len);
	if (len < NLAB_TCPI_HEAD)
		return;
	set_head(L, ti);
	for (size_t i = 0; i < sizeof fields / sizeof fields[0]; i++)
		if (fields[i].off + fields[i].size <= len)
			set_field(L, ti, &fields[i]);
	if (NLAB_TCPI_HAS(len, tcpi_snd_ssthresh) &&
	    ti->tcpi_snd_ssthresh < 0xFFFF) /* else "infinite": ss omits it */
		set_int(L, "ssthresh", ti->tcpi_snd_ssthresh);
}

void nlab_set_skmem(lua_State *L, const nlab_skmem *m)
{
	static const char *const names[] = {
	    "rmem_alloc",  "rcvbuf", "wmem_alloc", "sndbuf", "fwd_alloc",
	    "wmem_queued", "optmem", "backlog",	   "drops",
	};
	if (m->n == 0)
		return;
	lua_createtable(L, 0, (int)m->n);
	for (size_t i = 0; i < m->n && i < sizeof names / sizeof names[0]; i++)
		set_int(L, names[i], m->v[i]);
	lua_setfield(L, -2, "skmem");
}

/* Sets t.bbr = {bw =, min_rtt =, pacing_gain =, cwnd_gain =}. */
static void set_bbr(lua_State *L, const struct tcp_bbr_info *b)
{
	lua_createtable(L, 0, 4);
	set_int(L, "bw",
		(lua_Integer)((uint64_t)b->bbr_bw_hi << 32 | b->bbr_bw_lo));
	lua_pushnumber(L, b->bbr_min_rtt / 1000.0);
	lua_setfield(L, -2, "min_rtt");
	lua_pushnumber(L, b->bbr_pacing_gain / 256.0);
	lua_setfield(L, -2, "pacing_gain");
	lua_pushnumber(L, b->bbr_cwnd_gain / 256.0);
	lua_setfield(L, -2, "cwnd_gain");
	lua_setfield(L, -2, "bbr");
}

/* Sets t.vegas = {enabled =, rttcnt =, rtt =, min_rtt =} (rtt in ms). */
static void set_vegas(lua_State *L, const struct tcpvegas_info *v)
{
	lua_createtable(L, 0, 4);
	set_bool(L, "enabled", v->tcpv_enabled != 0);
	set_int(L, "rttcnt", v->tcpv_rttcnt);
	lua_pushnumber(L, v->tcpv_rtt / 1000.0);
	lua_setfield(L, -2, "rtt");
	lua_pushnumber(L, v->tcpv_minrtt / 1000.0);
	lua_setfield(L, -2, "min_rtt");
	lua_setfield(L, -2, "vegas");
}

/* Sets t.dctcp = {enabled =, ce_state =, alpha =, ab_ecn =, ab_tot =}. */
static void set_dctcp(lua_State *L, const struct tcp_dctcp_info *d)
{
	lua_createtable(L, 0, 5);
	set_bool(L, "enabled", d->dctcp_enabled != 0);
	set_int(L, "ce_state", d->dctcp_ce_state);
	set_int(L, "alpha", d->dctcp_alpha);
	set_int(L, "ab_ecn", d->dctcp_ab_ecn);
	set_int(L, "ab_tot", d->dctcp_ab_tot);
	lua_setfield(L, -2, "dctcp");
}

void nlab_set_ccinfo(lua_State *L, const nlab_ccinfo *cc)
{
	nlab_ccinfo c = *cc; /* zeroed past what the kernel gave */
	memset((char *)&c.u + c.len, 0, sizeof c.u - c.len);
	if (cc->kind == INET_DIAG_BBRINFO)
		set_bbr(L, &c.u.bbr);
	else if (cc->kind == INET_DIAG_VEGASINFO)
		set_vegas(L, &c.u.vegas);
	else if (cc->kind == INET_DIAG_DCTCPINFO)
		set_dctcp(L, &c.u.dctcp);
}

/* The socket at ARG, which must be an open TCP socket; raises otherwise. */
static lsock *check_tcp(lua_State *L, int arg)
{
	lsock *s = nlab_lsock_check(L, arg);
	if (s->type != SOCK_STREAM ||
	    (s->family != AF_INET && s->family != AF_INET6)) {
		const char *kind = s->family == AF_UNIX	   ? "unix"
				   : s->type == SOCK_DGRAM ? "udp"
							   : "non-TCP";
		nlab_argerror(
		    L, arg,
		    lua_pushfstring(L, "TCP socket expected, got %s socket",
				    kind));
	}
	return s;
}

/* sock:tcp_info() -> table | nil, message, errno: TCP_INFO, the
 * congestion control (name and its own numbers) and skmem of SOCK. */
static int l_tcpinfo_get(lua_State *L)
{
	lsock *s = check_tcp(L, 1);
	nlab_tcp_info ti;
	size_t len;
	nlab_skmem m;
	nlab_ccinfo cc;
	char cong[32];
	int rc = nlab_tcpinfo_read(s->fd, &ti, &len);
	if (rc == 0)
		rc = nlab_skmem_read(s->fd, &m);
	if (rc == 0)
		rc = nlab_tcpinfo_cong(s->fd, cong, sizeof cong);
	if (rc == 0)
		rc = nlab_ccinfo_read(s->fd, &cc);
	if (rc != 0)
		return nlab_push_error(L, rc);
	lua_createtable(L, 0, 72);
	nlab_set_tcpinfo(L, &ti, len);
	lua_pushstring(L, cong);
	lua_setfield(L, -2, "congestion");
	nlab_set_skmem(L, &m);
	nlab_set_ccinfo(L, &cc);
	return 1;
}

/* sock:queued() -> {send =, unsent =, recv =} | nil, message,
 * errno: bytes in SOCK's send queue (not yet acknowledged), the part
 * of them not yet sent, and bytes received but not yet read. */
static int l_tcpinfo_queued(lua_State *L)
{
	lsock *s = check_tcp(L, 1);
	nlab_queues q;
	int rc = nlab_tcpinfo_queues(s->fd, &q);
	if (rc == -EINVAL) {
		lua_pushnil(L);
		lua_pushstring(L,
			       "a listening socket has no byte queues "
			       "(its Recv-Q is the accept queue: sock:info())");
		lua_pushinteger(L, EINVAL);
		return 3;
	}
	if (rc != 0)
		return nlab_push_error(L, rc);
	lua_createtable(L, 0, 3);
	set_int(L, "send", q.send);
	set_int(L, "unsent", q.unsent);
	set_int(L, "recv", q.recv);
	return 1;
}

/* Pushes list WHICH as seen in NETNS; returns 0 or an error code. */
static int push_list(lua_State *L, int netns, enum nlab_cong_list which)
{
	char text[512];
	int rc = nlab_cong_list(netns, which, text, sizeof text);
	if (rc == 0)
		lua_pushstring(L, text);
	return rc;
}

/* tcpinfo.lists([host]) -> available, allowed, default | nil, message,
 * errno: the kernel's congestion controls, those a process without
 * CAP_NET_ADMIN may choose, and the default of HOST (netlab's own
 * namespace when none), each a string of names. */
static int l_tcpinfo_lists(lua_State *L)
{
	int netns = lua_isnoneornil(L, 1) ? -1 : nlab_lhost_check(L, 1);
	lua_settop(L, 1);
	int rc = push_list(L, netns, NLAB_CONG_AVAILABLE);
	if (rc == 0)
		rc = push_list(L, netns, NLAB_CONG_ALLOWED);
	if (rc == 0)
		rc = push_list(L, netns, NLAB_CONG_DEFAULT);
	if (rc != 0)
		return nlab_push_error(L, rc);
	return 3;
}

/* The socket methods, kept in a table of their own (socket.lua puts
 * them into the socket's) so that errors name them as methods. */
static const luaL_Reg tcpinfo_methods[] = {
    {"tcp_info", l_tcpinfo_get},
    {"queued", l_tcpinfo_queued},
    {NULL, NULL},
};

/* tcpinfo.decode(bytes) -> table: the fields of a tcp_info record as a
 * kernel of that record's length gives it (for specs and fuzzing: an
 * older kernel's shorter record, a newer one's longer). */
static int l_tcpinfo_decode(lua_State *L)
{
	size_t len;
	const char *raw = luaL_checklstring(L, 1, &len);
	nlab_tcp_info ti;
	len = nlab_tcpinfo_copy(&ti, raw, len);
	lua_createtable(L, 0, 72);
	nlab_set_tcpinfo(L, &ti, len);
	return 1;
}

static const luaL_Reg tcpinfo_funcs[] = {
    {"lists", l_tcpinfo_lists},
    {"decode", l_tcpinfo_decode},
    {NULL, NULL},
};

int luaopen_netlab_tcpinfo(lua_State *L)
{
	luaL_newlib(L, tcpinfo_funcs);
	luaL_newlib(L, tcpinfo_methods);
	lua_setfield(L, -2, "methods");
	return 1;
}
