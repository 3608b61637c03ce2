/* l_wire.c - "netlab.c.wire": the netlab.wire userdata, a link netlab
 * carries itself (core/net/wire.h). scripts/netlab/lab_wire.lua builds
 * the wire's namespace and veths and runs the pump in a task.
 *
 *   local w = wire.open(host, "a", "b")  -- between two interfaces of host
 *   w:set(dir, {delay =, loss =, ...}[, seed]) -- dir 0: a -> b, 1: b -> a
 *   w:seed(n)                            -- or {0, 1}: both at once
 *   w:stats(dir) -> {forwarded =, dropped =, duplicated =, ...}
 *   w:fd() -> fd                         -- readable: news for alarm
 *   w:alarm() -> dir, message | nil      -- a new kind of refused send
 *   w:failed() -> message | nil          -- a thread that stopped
 *   w:_hold(on); w:close()
 *
 *   local w = wire.open_udp(host, "a", ip, port) -- a's frames as UDP
 *   w:port(); w:connect(ip, port)                -- from ip:port, to it
 * The frames move on the wire's own threads (core/net/wire.c; a UDP
 * wire's once it is connected); nothing here waits for them. */
#include "lnetlab.h"
#include "modules.h"

#include "addr.h"
#include "error.h"
#include "loop.h"
#include "wire.h"
#include "wire_udp.h"

#include <string.h>

#define NLAB_LWIRE "netlab.wire"

/* The userdata: the wire, NULL once closed, and the errno of each
 * direction's refusals last told (w:alarm). */
typedef struct lwire {
	nlab_wire *w;
	int told[2];
} lwire;

/* Checks that ARG is an open netlab.wire. */
static nlab_wire *check_wire(lua_State *L, int arg)
{
	lwire *u = nlab_checkudata(L, arg, NLAB_LWIRE);
	if (u->w == NULL)
		nlab_error(L, "attempt to use a closed wire");
	return u->w;
}

/* wire.open(host, if_a, if_b) -> wire | nil, message, errno */
static int l_wire_open(lua_State *L)
{
	int netns = nlab_lhost_check(L, 1);
	const char *a = nlab_checkstring(L, 2, NULL),
		   *b = nlab_checkstring(L, 3, NULL);
	lwire *u = lua_newuserdatauv(L, sizeof *u, 0); /* closed until opened */
	*u = (lwire){.w = NULL};
	luaL_setmetatable(L, NLAB_LWIRE);
	int rc = nlab_wire_open(netns, a, b, &u->w);
	return rc != 0 ? nlab_push_error(L, rc) : 1;
}

/* Reads numeric IP address ARG and port ARG + 1 into A; raises on a
 * bad one (lab_cross.lua has checked both). */
static void check_ip_port(lua_State *L, int arg, nlab_addr *a)
{
	const char *ip = nlab_checkstring(L, arg, NULL);
	lua_Integer port = luaL_checkinteger(L, arg + 1);
	int family = strchr(ip, ':') ? AF_INET6 : AF_INET;
	luaL_argcheck(L, port >= 0 && port <= 65535, arg + 1,
		      "port 0-65535 expected");
	luaL_argcheck(L, nlab_addr_is_numeric(family, ip), arg,
		      "numeric IP address expected");
	if (nlab_addr_resolve(a, family, SOCK_DGRAM, ip, (int)port) != 0)
		luaL_argerror(L, arg, "numeric IP address expected");
}

/* wire.open_udp(host, if_a, ip, port) -> wire | nil, message, errno: a
 * wire from interface IF_A of HOST to a UDP socket of netlab's own
 * namespace bound to IP and PORT (0: any free one), not connected yet. */
static int l_wire_open_udp(lua_State *L)
{
	int netns = nlab_lhost_check(L, 1);
	const char *a = nlab_checkstring(L, 2, NULL);
	nlab_addr local;
	check_ip_port(L, 3, &local);
	lwire *u = lua_newuserdatauv(L, sizeof *u, 0); /* closed until opened */
	*u = (lwire){.w = NULL};
	luaL_setmetatable(L, NLAB_LWIRE);
	nlab_udp *udp;
	int rc = nlab_udp_open((struct sockaddr *)&local.ss, local.len, &udp);
	if (rc == 0)
		rc = nlab_wire_open_udp(netns, a, udp, &u->w);
	return rc != 0 ? nlab_push_error(L, rc) : 1;
}

/* Checks that ARG is an open wire with a UDP end; returns that end. */
static nlab_udp *check_udp(lua_State *L, int arg)
{
	nlab_udp *udp = nlab_wire_udp(check_wire(L, arg));
	if (udp == NULL)
		luaL_argerror(L, arg, "a wire with a UDP end expected");
	return udp;
}

/* w:connect(ip, port) -> true | nil, message, errno: the UDP end's
 * datagrams go to IP:PORT, and only its come in; the wire's threads
 * start. */
static int l_wire_connect(lua_State *L)
{
	nlab_udp *udp = check_udp(L, 1);
	nlab_addr to;
	check_ip_port(L, 2, &to);
	int rc = nlab_udp_connect(udp, (struct sockaddr *)&to.ss, to.len);
	if (rc == 0) /* its frames move from now on */
		rc = nlab_wire_start(check_wire(L, 1));
	if (rc != 0)
		return nlab_push_error(L, rc);
	lua_pushboolean(L, 1);
	return 1;
}

/* w:port() -> the UDP end's port */
static int l_wire_port(lua_State *L)
{
	lua_pushinteger(L, nlab_udp_port(check_udp(L, 1)));
	return 1;
}

/* Reads direction argument ARG: 0 or 1. */
static int check_dir(lua_State *L, int arg)
{
	lua_Integer dir = luaL_checkinteger(L, arg);
	luaL_argcheck(L, dir == 0 || dir == 1, arg,
		      "direction 0 or 1 expected");
	return (int)dir;
}

/* Reads field KEY of the table at 3: a number in [0, MAX] (0 if absent). */
static double field(lua_State *L, const char *key, double max)
{
	lua_getfield(L, 3, key);
	double v = luaL_optnumber(L, -1, 0);
	lua_pop(L, 1);
	if (!(v >= 0 && v <= max)) /* NaN too */
		luaL_error(L, "wire setting %s out of range (0-%f)", key, max);
	return v;
}

/* Reads the loss model of the table at 3 into L: loss_model ("random",
 * "gemodel" or "state") with its probabilities in the list loss_p, or
 * random loss of share loss correlated loss_corr. */
static void read_loss(lua_State *L, nlab_loss *l)
{
	static const char *const models[] = {"random", "gemodel", "state",
					     NULL};
	static const int counts[] = {2, 4, 5};
	lua_getfield(L, 3, "loss_model");
	*l = (nlab_loss){.model = luaL_checkoption(L, -1, "random", models)};
	lua_pop(L, 1);
	if (l->model == NLAB_LOSS_RANDOM) {
		l->p[0] = field(L, "loss", 1);
		l->p[1] = field(L, "loss_corr", 1);
		return;
	}
	lua_getfield(L, 3, "loss_p");
	luaL_checktype(L, -1, LUA_TTABLE);
	for (int i = 0; i < counts[l->model]; i++) {
		lua_rawgeti(L, -1, i + 1);
		double v = luaL_checknumber(L, -1);
		if (!(v >= 0 && v <= 1))
			luaL_error(L, "wire loss_p[%d] out of range (0-1)",
				   i + 1);
		l->p[i] = v;
		lua_pop(L, 1);
	}
	lua_pop(L, 1);
}

/* Reads the table at 3 (lab_iface.lua has parsed and checked each
 * setting) into P. */
static void read_params(lua_State *L, nlab_wire_params *p)
{
	luaL_checktype(L, 3, LUA_TTABLE);
	*p = (nlab_wire_params){
	    .delay_us = (uint32_t)field(L, "delay", UINT32_MAX),
	    .jitter_us = (uint32_t)field(L, "jitter", UINT32_MAX),
	    .jitter_corr = field(L, "jitter_corr", 1),
	    .duplicate = field(L, "duplicate", 1),
	    .corrupt = field(L, "corrupt", 1),
	    .reorder = field(L, "reorder", 1),
	    .rate = (uint64_t)field(L, "rate", 1e12),
	    .limit = (uint32_t)field(L, "limit", NLAB_WIRE_LIMIT),
	};
	read_loss(L, &p->loss);
	lua_getfield(L, 3, "cut");
	p->cut = lua_toboolean(L, -1);
	lua_pop(L, 1);
}

/* w:set(dir | {dir...}, {delay =, jitter = (us), jitter_corr =, loss =,
 * loss_corr =, loss_model =, loss_p =, duplicate =, corrupt =, reorder =
 * (0..1), rate = (bit/s), limit = (frames), cut =}[, seed]): the
 * impairment of direction DIR (or of each listed), both directions'
 * draws first restarted from SEED if given, with no frame taken
 * meanwhile. */
static int l_wire_set(lua_State *L)
{
	nlab_wire *w = check_wire(L, 1);
	nlab_wire_params p;
	read_params(L, &p);
	const nlab_wire_params *ps[2] = {NULL, NULL};
	if (lua_istable(L, 2)) {
		lua_Integer n = luaL_len(L, 2);
		for (lua_Integer i = 1; i <= n && i <= 2; i++) {
			lua_rawgeti(L, 2, i);
			lua_Integer dir = lua_tointeger(L, -1);
			luaL_argcheck(L, dir == 0 || dir == 1, 2,
				      "direction 0 or 1 expected");
			ps[dir] = &p;
			lua_pop(L, 1);
		}
	} else {
		ps[check_dir(L, 2)] = &p;
	}
	uint64_t seed = (uint64_t)luaL_optinteger(L, 4, 0);
	nlab_wire_configure(w, lua_isnoneornil(L, 4) ? NULL : &seed, ps);
	return 0;
}

/* w:seed(n): both directions' draws start again from N */
static int l_wire_seed(lua_State *L)
{
	nlab_wire_seed(check_wire(L, 1), (uint64_t)luaL_checkinteger(L, 2));
	return 0;
}

/* w:_hold(on): the wire's threads take no frame while ON (they wait in
 * the receive rings, the kernel refusing more once they are full) */
static int l_wire_hold(lua_State *L)
{
	nlab_wire_hold(check_wire(L, 1), lua_toboolean(L, 2));
	return 0;
}

/* w:failed() -> message | nil: why a thread of the wire stopped */
static int l_wire_failed(lua_State *L)
{
	int rc = nlab_wire_failed(check_wire(L, 1));
	if (rc == 0)
		return 0;
	lua_pushstring(L, nlab_strerror(rc));
	return 1;
}

/* w:path() -> "kernel" | "threads"[, why]: which path carries the
 * frames now, and why never the kernel's (its refusal) if it refused. */
static int l_wire_path(lua_State *L)
{
	int refused;
	int kernel = nlab_wire_path(check_wire(L, 1), &refused);
	lua_pushstring(L, kernel ? "kernel" : "threads");
	if (refused == 0)
		return 1;
	lua_pushfstring(L, "the kernel refused the tc redirect between its ends: %s",
			nlab_strerror(refused));
	return 2;
}

/* Pushes what ST's error says: "sending: ..." or "receiving: ...". */
static void push_error_text(lua_State *L, const nlab_wire_counts *st)
{
	lua_pushfstring(L, "%s: %s", st->error_receiving ? "receiving" : "sending",
			nlab_strerror(-st->error));
}

/* w:alarm() -> dir, message | nil: a direction whose far end's socket
 * has refused frames for a reason no cable has (wire.h's errors), told
 * once for each new errno, so the wire's task can say it where the user
 * sees it (w:fd() turns readable when there may be one; this takes that
 * readiness). */
static int l_wire_alarm(lua_State *L)
{
	lwire *u = nlab_checkudata(L, 1, NLAB_LWIRE);
	nlab_wire_news(check_wire(L, 1)); /* then read: none is missed */
	for (int dir = 0; dir < 2; dir++) {
		nlab_wire_counts st;
		nlab_wire_stats(u->w, dir, &st);
		if (st.error != 0 && st.error != u->told[dir]) {
			u->told[dir] = st.error;
			lua_pushinteger(L, dir);
			push_error_text(L, &st);
			return 2;
		}
	}
	lua_pushnil(L);
	return 1;
}

/* Sets field KEY of the table on top to count N. */
static void set_count(lua_State *L, const char *key, uint64_t n)
{
	lua_pushinteger(L, (lua_Integer)n);
	lua_setfield(L, -2, key);
}

/* w:stats(dir) -> {forwarded =, dropped =, duplicated =, corrupted =,
 * reordered =, queued =, errors =, error = (the last error's text, if
 * any)} */
static int l_wire_stats(lua_State *L)
{
	nlab_wire_counts st;
	nlab_wire_stats(check_wire(L, 1), check_dir(L, 2), &st);
	lua_createtable(L, 0, 8);
	set_count(L, "errors", st.errors);
	if (st.error != 0) {
		push_error_text(L, &st);
		lua_setfield(L, -2, "error");
	}
	set_count(L, "forwarded", st.forwarded);
	set_count(L, "dropped", st.dropped);
	set_count(L, "duplicated", st.duplicated);
	set_count(L, "corrupted", st.corrupted);
	set_count(L, "reordered", st.reordered);
	set_count(L, "queued", st.queued);
	return 1;
}

/* w:fd() -> fd: readable when w:alarm or w:failed may have news */
static int l_wire_fd(lua_State *L)
{
	lua_pushinteger(L, nlab_wire_fd(check_wire(L, 1)));
	return 1;
}

/* w:close(): both threads stopped, the sockets closed (the news fd
 * forgotten by the loop first), the frames still waiting freed; safe to
 * call twice. */
static int l_wire_close(lua_State *L)
{
	lwire *u = nlab_checkudata(L, 1, NLAB_LWIRE);
	if (u->w != NULL) {
		nlab_loop *loop = nlab_loop_default();
		if (loop)
			nlab_loop_forget(loop, nlab_wire_fd(u->w)); /* reused */
		nlab_wire_close(u->w);
		u->w = NULL;
	}
	return 0;
}

/* tostring(w): "netlab.wire: 0x..." or "netlab.wire (closed)" */
static int l_wire_tostring(lua_State *L)
{
	lwire *u = nlab_checkudata(L, 1, NLAB_LWIRE);
	if (u->w == NULL)
		lua_pushliteral(L, "netlab.wire (closed)");
	else
		lua_pushfstring(L, "netlab.wire: %p", (void *)u->w);
	return 1;
}

static const luaL_Reg wire_meta[] = {{"__gc", l_wire_close},
				     {"__close", l_wire_close},
				     {"__tostring", l_wire_tostring},
				     {NULL, NULL}};
static const luaL_Reg wire_methods[] = {
    {"set", l_wire_set},       {"seed", l_wire_seed},
    {"stats", l_wire_stats},   {"alarm", l_wire_alarm},
    {"failed", l_wire_failed}, {"fd", l_wire_fd},
    {"path", l_wire_path},
    {"_hold", l_wire_hold},    {"close", l_wire_close},
    {"connect", l_wire_connect}, {"port", l_wire_port},
    {NULL, NULL}};
static const luaL_Reg funcs[] = {
    {"open", l_wire_open}, {"open_udp", l_wire_open_udp}, {NULL, NULL}};

int luaopen_netlab_wire(lua_State *L)
{
	nlab_createmeta(L, NLAB_LWIRE, wire_meta, wire_methods);
	luaL_newlib(L, funcs);
	return 1;
}
