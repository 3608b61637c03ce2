/* l_net.c - "netlab.c.net": what routers, switches and ping need from
 * the kernel: per-host sysctls, bridges and their ports, and the
 * netlab.icmp userdata (a datagram ICMP socket inside a host). The Lua
 * side, scripts/netlab/lab_net.lua, builds lab:router, lab:switch,
 * host:ping and host:traceroute on top. */
#include "lnetlab.h"
#include "modules.h"

#include "bridge.h"
#include "error.h"
#include "icmp.h"
#include "loop.h"
#include "sysctl.h"

#include <errno.h>

#include <string.h>
#include <sys/socket.h>
#include <unistd.h>

#define NLAB_ICMP "netlab.icmp"

/* The ICMP socket userdata. */
typedef struct licmp {
	int fd; /* -1 once closed */
	int family;
} licmp;

/* net.sysctl(host, key, value) -> 1 | nil, message, errno */
static int l_net_sysctl(lua_State *L)
{
	int netns = nlab_lhost_check(L, 1);
	const char *key = nlab_checkstring(L, 2, NULL);
	const char *value = nlab_checkstring(L, 3, NULL);
	return nlab_push_result(L, nlab_sysctl_set(netns, key, value));
}

/* net.sysctl_dir(host, dir) -> {name = value...} | nil, message, errno:
 * the readable one-line settings of a sysctl directory inside HOST */
static int l_net_sysctl_dir(lua_State *L)
{
	int netns = nlab_lhost_check(L, 1);
	const char *dir = nlab_checkstring(L, 2, NULL);
	size_t size = 16384, need;
	char *text;
	int rc, tries = 0;
	do { /* the settings may grow between two reads: bounded */
		text = lua_newuserdatauv(L, size, 0);
		rc = nlab_sysctl_dir(netns, dir, text, size, &need);
		size = need + 1024;
	} while (rc == -ENOSPC && ++tries < 4);
	if (rc != 0)
		return nlab_push_error(L, rc);
	lua_newtable(L);
	for (char *line = text, *end; (end = strchr(line, '\n')); line = end + 1) {
		char *tab = memchr(line, '\t', (size_t)(end - line));
		if (tab == NULL)
			continue;
		lua_pushlstring(L, line, (size_t)(tab - line));
		lua_pushlstring(L, tab + 1, (size_t)(end - tab - 1));
		lua_rawset(L, -3);
	}
	return 1;
}

/* net.bridge(host, name) -> 1 | nil, message, errno: a bridge, up */
static int l_net_bridge(lua_State *L)
{
	nlab_lhost_check(L, 1);
	const char *name = nlab_checkstring(L, 2, NULL);
	struct nl_sock *nl;
	int rc = nlab_lhost_nl(L, 1, &nl);
	if (rc != 0)
		return nlab_push_error(L, rc);
	return nlab_push_result(L, nlab_bridge_add(nl, name));
}

/* net.enslave(host, bridge, port) -> 1 | nil, message, errno */
static int l_net_enslave(lua_State *L)
{
	nlab_lhost_check(L, 1);
	const char *bridge = nlab_checkstring(L, 2, NULL);
	const char *port = nlab_checkstring(L, 3, NULL);
	struct nl_sock *nl;
	int rc = nlab_lhost_nl(L, 1, &nl);
	if (rc != 0)
		return nlab_push_error(L, rc);
	return nlab_push_result(L, nlab_bridge_enslave(nl, bridge, port));
}

/* Checks that ARG is an open ICMP socket; raises otherwise. */
static licmp *check_icmp(lua_State *L, int arg)
{
	licmp *s = nlab_checkudata(L, arg, NLAB_ICMP);
	if (s->fd < 0)
		luaL_error(L, "attempt to use a closed icmp socket");
	return s;
}

/* net.icmp(host, "inet"|"inet6") -> icmp | nil, message, errno */
static int l_net_icmp(lua_State *L)
{
	int netns = nlab_lhost_check(L, 1);
	static const char *const families[] = {"inet", "inet6", NULL};
	int family =
	    nlab_checkoption(L, 2, "inet", families) ? AF_INET6 : AF_INET;
	licmp *s = lua_newuserdatauv(L, sizeof *s, 0);
	s->fd = -1; /* closed until the fd is in it */
	s->family = family;
	luaL_setmetatable(L, NLAB_ICMP);
	int rc = nlab_icmp_open(netns, family, &s->fd);
	if (rc != 0)
		return nlab_push_error(L, rc);
	return 1;
}

/* icmp:getfd() -> the fd, to wait on (-1 once closed) */
static int l_icmp_getfd(lua_State *L)
{
	lua_pushinteger(L, ((licmp *)luaL_checkudata(L, 1, NLAB_ICMP))->fd);
	return 1;
}

/* icmp:id() -> the identifier of its echo requests | nil, message, errno */
static int l_icmp_id(lua_State *L)
{
	int id, rc = nlab_icmp_id(check_icmp(L, 1)->fd, &id);
	if (rc != 0)
		return nlab_push_error(L, rc);
	lua_pushinteger(L, id);
	return 1;
}

/* icmp:ttl(n) -> 1 | nil, message, errno */
static int l_icmp_ttl(lua_State *L)
{
	licmp *s = check_icmp(L, 1);
	lua_Integer ttl = luaL_checkinteger(L, 2);
	luaL_argcheck(L, ttl >= 1 && ttl <= 255, 2, "TTL 1-255 expected");
	return nlab_push_result(L,
				nlab_icmp_set_ttl(s->fd, s->family, (int)ttl));
}

/* icmp:echo(ip, seq, size) -> 1 | nil, message, errno */
static int l_icmp_echo(lua_State *L)
{
	licmp *s = check_icmp(L, 1);
	const char *ip = nlab_checkstring(L, 2, NULL);
	lua_Integer seq = luaL_checkinteger(L, 3);
	lua_Integer size = luaL_checkinteger(L, 4);
	luaL_argcheck(L, size >= 0 && size <= NLAB_ICMP_MAXDATA, 4, "bad size");
	if (!nlab_addr_is_numeric(s->family, ip))
		return luaL_argerror(L, 2, "numeric address expected");
	nlab_addr to;
	int rc = nlab_addr_resolve(&to, s->family, SOCK_DGRAM, ip, 0);
	if (rc == 0)
		rc = nlab_icmp_echo(s->fd, &to, (int)(seq & 0xffff),
				    (size_t)size);
	return nlab_push_result(L, rc);
}

/* Sets field K of the table on top to integer V. */
static void setint(lua_State *L, const char *k, lua_Integer v)
{
	lua_pushinteger(L, v);
	lua_setfield(L, -2, k);
}

/* icmp:recv() -> {type, code, id, seq, ttl, bytes, from, error, errno} |
 * nil, "wantread" | nil, message, errno */
static int l_icmp_recv(lua_State *L)
{
	licmp *s = check_icmp(L, 1);
	nlab_icmp_msg m;
	int rc = nlab_icmp_recv(s->fd, &m);
	if (rc == -EAGAIN)
		return nlab_push_want(L, "wantread");
	if (rc != 0)
		return nlab_push_error(L, rc);
	lua_createtable(L, 0, 9);
	setint(L, "type", m.type);
	setint(L, "code", m.code);
	setint(L, "id", m.id);
	setint(L, "seq", m.seq);
	setint(L, "bytes", (lua_Integer)m.bytes);
	if (m.ttl >= 0)
		setint(L, "ttl", m.ttl);
	if (m.is_error) {
		setint(L, "errno", m.err);
		lua_pushstring(L, nlab_strerror(-m.err));
		lua_setfield(L, -2, "error");
	}
	char text[NLAB_ADDR_TEXT];
	int port;
	if (m.from.len > 0 &&
	    nlab_addr_format(&m.from, text, sizeof text, &port) == 0) {
		lua_pushstring(L, text);
		lua_setfield(L, -2, "from");
	}
	return 1;
}

/* __gc, __close and icmp:close(): the same closer, safe to run twice. */
static int l_icmp_close(lua_State *L)
{
	licmp *s = luaL_checkudata(L, 1, NLAB_ICMP);
	if (s->fd >= 0) {
		nlab_loop_forget(nlab_loop_default(), s->fd); /* fd reused later */
		close(s->fd);
	}
	s->fd = -1;
	return 0;
}

/* tostring(icmp): "icmp socket (fd 12)" or "icmp socket (closed)". */
static int l_icmp_tostring(lua_State *L)
{
	licmp *s = luaL_checkudata(L, 1, NLAB_ICMP);
	if (s->fd < 0)
		lua_pushliteral(L, "icmp socket (closed)");
	else
		lua_pushfstring(L, "icmp socket (fd %d)", s->fd);
	return 1;
}

static const luaL_Reg icmp_methods[] = {
    {"getfd", l_icmp_getfd},
    {"id", l_icmp_id},
    {"ttl", l_icmp_ttl},
    {"echo", l_icmp_echo},
    {"recv", l_icmp_recv},
    {"close", l_icmp_close},
    {NULL, NULL},
};

static const luaL_Reg icmp_meta[] = {
    {"__gc", l_icmp_close},
    {"__close", l_icmp_close},
    {"__tostring", l_icmp_tostring},
    {NULL, NULL},
};

static const luaL_Reg net_funcs[] = {
    {"sysctl", l_net_sysctl},
    {"sysctl_dir", l_net_sysctl_dir},
    {"bridge", l_net_bridge},
    {"enslave", l_net_enslave},
    {"icmp", l_net_icmp},
    {NULL, NULL},
};

int luaopen_netlab_net(lua_State *L)
{
	nlab_createmeta(L, NLAB_ICMP, icmp_meta, icmp_methods);
	luaL_newlib(L, net_funcs);
	luaL_getmetatable(L, NLAB_ICMP); /* lab_net.lua links close to the scheduler */
	lua_setfield(L, -2, "icmp_meta");
	return 1;
}
