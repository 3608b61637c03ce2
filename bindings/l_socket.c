/* l_socket.c - the "netlab.socket" userdata: kernel sockets with
 * LuaSocket's method names. Here: its life cycle, bind and listen,
 * names, options, stats and tostring; the methods that may wait (accept,
 * connect, send, receive...) are in l_sockio.c. */
#include "lnetlab.h"
#include "modules.h"

#include "congestion.h"
#include "error.h"
#include "loop.h"
#include "sock.h"

#include <errno.h>
#include <string.h>
#include <sys/socket.h>
#include <sys/stat.h>
#include <unistd.h>

int nlab_push_error(lua_State *L, int rc)
{
	lua_pushnil(L);
	lua_pushstring(L, nlab_strerror(rc));
	if (nlab_errnum(rc) != 0) {
		lua_pushinteger(L, nlab_errnum(rc));
		return 3;
	}
	return 2;
}

int nlab_push_want(lua_State *L, const char *want)
{
	lua_pushnil(L);
	lua_pushstring(L, want);
	return 2;
}

int nlab_push_result(lua_State *L, int rc)
{
	if (rc != 0)
		return nlab_push_error(L, rc);
	lua_pushinteger(L, 1);
	return 1;
}

/* The socket metatable, compared by address: luaL_checkudata would look
 * its name up in the registry on every call of the hottest methods. */
static const void *socket_meta_ptr;

lsock *nlab_lsock_check(lua_State *L, int arg)
{
	lsock *s = nlab_udata_tagged(L, arg, sizeof *s, nlab_tag_socket);
	if (s == NULL && lua_getmetatable(L, arg)) {
		if (lua_topointer(L, -1) == socket_meta_ptr)
			s = lua_touserdata(L, arg);
		lua_pop(L, 1);
	}
	if (s == NULL)
		s = nlab_checkudata(L, arg, NLAB_SOCKET);
	if (s->fd < 0)
		nlab_error(L, "attempt to use a closed socket");
	return s;
}

void nlab_lsock_close(lsock *s)
{
	if (s->fd >= 0) {
		nlab_loop_forget(nlab_loop_default(), s->fd);
		close(s->fd);
		s->fd = -1;
	}
	nlab_rbuf_free(&s->rb);
}

lsock *nlab_lsock_new(lua_State *L)
{
	lsock *s = lua_newuserdatauv(L, sizeof *s, 1);
	memset(s, 0, sizeof *s);
	s->tag = nlab_tag_socket;
	s->fd = -1;
	s->block = s->total = -1;
	s->to_port = -1;
	s->birthday = nlab_now();
	luaL_setmetatable(L, NLAB_SOCKET);
	return s;
}

lsock *nlab_lsock_adopt(lua_State *L, int fd, int role)
{
	lsock *s = nlab_lsock_new(L);
	struct stat st;
	s->is_socket = fstat(fd, &st) == 0 && S_ISSOCK(st.st_mode);
	if (s->is_socket) {
		nlab_sock_getint(fd, SOL_SOCKET, SO_DOMAIN, &s->family);
		nlab_sock_getint(fd, SOL_SOCKET, SO_TYPE, &s->type);
	}
	s->role = s->is_socket ? role : LSOCK_FILE;
	s->fd = fd;
	nlab_lsock_track(L, -1);
	return s;
}

/* Registry key of a weak table fd -> the socket userdata holding it, so
 * netlab.fd can tell a live socket's fd from a free one and name it. */
#define BY_FD "netlab.sockets_by_fd"

void nlab_lsock_track(lua_State *L, int idx)
{
	idx = lua_absindex(L, idx);
	lsock *s = lua_touserdata(L, idx);
	if (!luaL_getsubtable(L, LUA_REGISTRYINDEX, BY_FD)) {
		lua_createtable(L, 0, 1);
		lua_pushliteral(L, "v"); /* a socket nobody holds may still go */
		lua_setfield(L, -2, "__mode");
		lua_setmetatable(L, -2);
	}
	lua_pushvalue(L, idx);
	lua_rawseti(L, -2, s->fd);
	lua_pop(L, 1);
}

int nlab_lsock_owning(lua_State *L, int fd)
{
	if (!luaL_getsubtable(L, LUA_REGISTRYINDEX, BY_FD)) {
		lua_pop(L, 1);
		return 0;
	}
	lua_rawgeti(L, -1, fd);
	lua_remove(L, -2);
	lsock *s = lua_touserdata(L, -1);
	if (s != NULL && s->fd == fd)
		return 1; /* an entry whose socket closed since is stale */
	lua_pop(L, 1);
	return 0;
}

/* The kinds of socket netlab makes, as LuaSocket-style names. */
static const nlab_sockkind kinds[] = {
	{"tcp", AF_INET, SOCK_STREAM},   {"tcp6", AF_INET6, SOCK_STREAM},
	{"udp", AF_INET, SOCK_DGRAM},    {"udp6", AF_INET6, SOCK_DGRAM},
	{"unix", AF_UNIX, SOCK_STREAM},  {"unixdgram", AF_UNIX, SOCK_DGRAM},
	{NULL, 0, 0},
};

const nlab_sockkind *nlab_check_sockkind(lua_State *L, int arg)
{
	const char *name = nlab_checkstring(L, arg, NULL);
	const nlab_sockkind *k = kinds;
	while (k->name && strcmp(k->name, name) != 0)
		k++;
	if (k->name == NULL)
		luaL_argerror(L, arg, lua_pushfstring(L, "unknown socket kind '%s'", name));
	return k;
}

void nlab_lsock_open(lua_State *L, lsock *s, int fd, const nlab_sockkind *k)
{
	s->fd = fd;
	s->family = k->family;
	s->type = k->type;
	s->is_socket = 1;
	nlab_lsock_track(L, -1);
}

void nlab_createmeta(lua_State *L, const char *name, const luaL_Reg *meta,
		     const luaL_Reg *methods)
{
	luaL_newmetatable(L, name);
	luaL_setfuncs(L, meta, 0);
	lua_newtable(L);
	luaL_setfuncs(L, methods, 0);
	lua_setfield(L, -2, "__index");
	lua_pop(L, 1);
}

/* socket.new(kind) -> socket | nil, message, errno */
static int l_socket_new(lua_State *L)
{
	const nlab_sockkind *k = nlab_check_sockkind(L, 1);
	lsock *s = nlab_lsock_new(L);
	int fd, rc = nlab_sock_open(k->family, k->type, &fd);
	if (rc != 0)
		return nlab_push_error(L, rc);
	nlab_lsock_open(L, s, fd, k);
	return 1;
}

/* Registry key of the resolver a lab registers (scripts/netlab/lab.lua):
 * resolver(sock, name) -> address text | nil, asked about names only. */
#define RESOLVER "netlab.resolver"
static int have_resolver;

/* socket.set_resolver(fn | nil): names a lab knows resolve before DNS. */
static int l_socket_set_resolver(lua_State *L)
{
	if (!lua_isnil(L, 1))
		luaL_checktype(L, 1, LUA_TFUNCTION);
	lua_settop(L, 1);
	have_resolver = !lua_isnil(L, 1);
	lua_setfield(L, LUA_REGISTRYINDEX, RESOLVER);
	return 0;
}

/* Asks the resolver about the name at ARG (the socket is at 1); an answer
 * replaces the name in its slot. Returns the host text to use. */
static const char *resolve_hook(lua_State *L, int arg, const char *host)
{
	lua_getfield(L, LUA_REGISTRYINDEX, RESOLVER);
	lua_pushvalue(L, 1);
	lua_pushvalue(L, arg);
	lua_call(L, 2, 1);
	if (lua_type(L, -1) != LUA_TSTRING) {
		lua_pop(L, 1);
		return host;
	}
	lua_replace(L, arg);
	return lua_tostring(L, arg);
}

int nlab_check_addr(lua_State *L, lsock *s, int arg, nlab_addr *a)
{
	const char *host = nlab_checkstring(L, arg, NULL);
	if (s->family == AF_UNIX)
		return nlab_addr_unix(a, host);
	lua_Integer port = luaL_checkinteger(L, arg + 1);
	luaL_argcheck(L, port >= 0 && port <= 65535, arg + 1, "port out of range (0-65535)");
	if (have_resolver && strcmp(host, "*") != 0 && !nlab_addr_is_numeric(s->family, host))
		host = resolve_hook(L, arg, host);
	return nlab_addr_resolve(a, s->family, s->type, host, (int)port);
}

int nlab_push_addr(lua_State *L, const nlab_addr *a)
{
	char text[NLAB_ADDR_TEXT];
	int port, rc = nlab_addr_format(a, text, sizeof text, &port);
	if (rc != 0)
		return nlab_push_error(L, rc);
	lua_pushstring(L, text);
	if (a->ss.ss_family == AF_UNIX)
		return 1;
	lua_pushinteger(L, port);
	lua_pushstring(L, nlab_family_name(a->ss.ss_family));
	return 3;
}

/* sock:bind(host, port) or sock:bind(path) -> 1 | nil, message, errno */
static int l_socket_bind(lua_State *L)
{
	lsock *s = nlab_lsock_check(L, 1);
	nlab_addr a;
	int rc = nlab_check_addr(L, s, 2, &a);
	if (rc == 0)
		rc = nlab_sock_bind(s->fd, &a);
	return nlab_push_result(L, rc);
}

/* sock:listen([backlog]) -> 1 | nil, message, errno */
static int l_socket_listen(lua_State *L)
{
	lsock *s = nlab_lsock_check(L, 1);
	int backlog = (int)luaL_optinteger(L, 2, 32);
	int rc = nlab_sock_listen(s->fd, backlog);
	if (rc == 0)
		s->role = LSOCK_SERVER;
	return nlab_push_result(L, rc);
}

/* Pushes the local (PEER 0) or remote address of socket 1. */
static int socket_name(lua_State *L, int peer)
{
	lsock *s = nlab_lsock_check(L, 1);
	nlab_addr a;
	int rc = nlab_sock_name(s->fd, peer, &a);
	return rc != 0 ? nlab_push_error(L, rc) : nlab_push_addr(L, &a);
}

/* sock:getsockname() -> ip, port, family | path */
static int l_socket_getsockname(lua_State *L) { return socket_name(L, 0); }

/* sock:getpeername() -> ip, port, family | path | nil, message */
static int l_socket_getpeername(lua_State *L) { return socket_name(L, 1); }

/* sock:settimeout(seconds|nil[, "b"|"t"]) -> 1 */
static int l_socket_settimeout(lua_State *L)
{
	lsock *s = nlab_lsock_check(L, 1);
	double t = lua_isnoneornil(L, 2) ? -1 : luaL_checknumber(L, 2);
	luaL_argcheck(L, t == t, 2, "timeout is NaN");
	const char *mode = nlab_optstring(L, 3, "b");
	if (mode[0] == 't' || mode[0] == 'r')
		s->total = t;
	else if (mode[0] == 'b')
		s->block = t;
	else
		return luaL_argerror(L, 3, "invalid timeout mode (\"b\" or \"t\")");
	lua_pushinteger(L, 1);
	return 1;
}

/* Pushes a timeout, nil standing for "no limit". */
static void push_timeout(lua_State *L, double t)
{
	if (t < 0)
		lua_pushnil(L);
	else
		lua_pushnumber(L, t);
}

/* sock:gettimeout() -> block, total (nil when unlimited) */
static int l_socket_gettimeout(lua_State *L)
{
	lsock *s = nlab_lsock_check(L, 1);
	push_timeout(L, s->block);
	push_timeout(L, s->total);
	return 2;
}

/* Finds option ARG by name; raises on an unknown name. */
static const nlab_sockopt *check_option(lua_State *L, int arg)
{
	const char *name = nlab_checkstring(L, arg, NULL);
	const nlab_sockopt *o = nlab_sockopt_find(name);
	if (o == NULL)
		luaL_argerror(L, arg, lua_pushfstring(L, "unknown option '%s'", name));
	return o;
}

/* Reads an option value at ARG: a boolean, a number, or linger's table. */
static void check_optval(lua_State *L, const nlab_sockopt *o, int arg, nlab_optval *v)
{
	if (o->kind == NLAB_OPT_ERROR) {
		luaL_argerror(L, arg - 1, "option 'error' can only be read");
	} else if (o->kind == NLAB_OPT_BOOL) {
		luaL_checktype(L, arg, LUA_TBOOLEAN);
		v->on = lua_toboolean(L, arg);
	} else if (o->kind == NLAB_OPT_INT) {
		v->value = (int)luaL_checkinteger(L, arg);
	} else if (o->kind == NLAB_OPT_CONG) {
		size_t len;
		luaL_checktype(L, arg, LUA_TSTRING); /* a name, not a number */
		const char *name = nlab_checkstring(L, arg, &len);
		if (len >= sizeof v->name)
			luaL_argerror(L, arg, "congestion control name too long");
		memcpy(v->name, name, len + 1);
	} else {
		luaL_checktype(L, arg, LUA_TTABLE);
		lua_getfield(L, arg, "on");
		lua_getfield(L, arg, "timeout");
		v->on = lua_toboolean(L, -2);
		v->value = (int)luaL_optinteger(L, -1, 0);
		lua_pop(L, 2);
	}
}

/* Pushes nil, "congestion control 'NAME' is not available (this kernel
 * has: LIST)" (or not allowed), errno: the error of a refused name. */
static int push_cong_error(lua_State *L, const char *name, int rc)
{
	char list[512];
	int allowed = rc == -EPERM;
	if (nlab_cong_list(-1, allowed ? NLAB_CONG_ALLOWED : NLAB_CONG_AVAILABLE,
			   list, sizeof list) != 0)
		return nlab_push_error(L, rc);
	lua_pushnil(L);
	lua_pushfstring(L,
			allowed ? "congestion control '%s' is not allowed without "
				  "CAP_NET_ADMIN here (allowed: %s)"
				: "congestion control '%s' is not available (this "
				  "kernel has: %s)",
			name, list);
	lua_pushinteger(L, nlab_errnum(rc));
	return 3;
}

/* sock:setoption(name, value) -> 1 | nil, message, errno */
static int l_socket_setoption(lua_State *L)
{
	lsock *s = nlab_lsock_check(L, 1);
	const nlab_sockopt *o = check_option(L, 2);
	nlab_optval v = {0, 0, {0}};
	check_optval(L, o, 3, &v);
	int rc = nlab_sock_setopt(s->fd, o, &v);
	if (o->kind == NLAB_OPT_CONG && (rc == -ENOENT || rc == -EPERM))
		return push_cong_error(L, v.name, rc);
	return nlab_push_result(L, rc);
}

/* sock:getoption(name) -> value | nil, message, errno; "error" gives the
 * pending error's message (taking it, as SO_ERROR does), nil if none */
static int l_socket_getoption(lua_State *L)
{
	lsock *s = nlab_lsock_check(L, 1);
	const nlab_sockopt *o = check_option(L, 2);
	nlab_optval v;
	int rc = nlab_sock_getopt(s->fd, o, &v);
	if (rc != 0)
		return nlab_push_error(L, rc);
	if (o->kind == NLAB_OPT_ERROR) {
		if (v.value == 0)
			lua_pushnil(L);
		else
			lua_pushstring(L, nlab_strerror(-v.value));
	} else if (o->kind == NLAB_OPT_BOOL) {
		lua_pushboolean(L, v.on);
	} else if (o->kind == NLAB_OPT_INT) {
		lua_pushinteger(L, v.value);
	} else if (o->kind == NLAB_OPT_CONG) {
		lua_pushstring(L, v.name);
	} else {
		lua_createtable(L, 0, 2);
		lua_pushboolean(L, v.on);
		lua_setfield(L, -2, "on");
		lua_pushinteger(L, v.value);
		lua_setfield(L, -2, "timeout");
	}
	return 1;
}

/* sock:shutdown(["both"|"send"|"receive"]) -> 1 | nil, message, errno */
static int l_socket_shutdown(lua_State *L)
{
	static const char *const names[] = {"receive", "send", "both", NULL};
	static const int hows[] = {SHUT_RD, SHUT_WR, SHUT_RDWR};
	lsock *s = nlab_lsock_check(L, 1);
	int how = hows[nlab_checkoption(L, 2, "both", names)];
	return nlab_push_result(L, shutdown(s->fd, how) < 0 ? nlab_errno() : 0);
}

/* sock:close() -> 1; closing twice is harmless. */
static int l_socket_close(lua_State *L)
{
	nlab_lsock_close(nlab_checkudata(L, 1, NLAB_SOCKET));
	lua_pushinteger(L, 1);
	return 1;
}

/* sock:getfd() -> fd (-1 once closed, as in LuaSocket) */
static int l_socket_getfd(lua_State *L)
{
	lsock *s = nlab_checkudata(L, 1, NLAB_SOCKET);
	lua_pushinteger(L, s->fd);
	return 1;
}

/* sock:getstats() -> bytes received, bytes sent, age in seconds */
static int l_socket_getstats(lua_State *L)
{
	lsock *s = nlab_lsock_check(L, 1);
	lua_pushnumber(L, s->received);
	lua_pushnumber(L, s->sent);
	lua_pushnumber(L, nlab_now() - s->birthday);
	return 3;
}

/* sock:setstats(received, sent, age) -> 1 */
static int l_socket_setstats(lua_State *L)
{
	lsock *s = nlab_lsock_check(L, 1);
	s->received = luaL_optnumber(L, 2, s->received);
	s->sent = luaL_optnumber(L, 3, s->sent);
	if (!lua_isnoneornil(L, 4))
		s->birthday = nlab_now() - luaL_checknumber(L, 4);
	lua_pushinteger(L, 1);
	return 1;
}

/* sock:dirty() -> true if received bytes wait in netlab's buffer */
static int l_socket_dirty(lua_State *L)
{
	lsock *s = nlab_lsock_check(L, 1);
	lua_pushboolean(L, nlab_rbuf_avail(&s->rb) > 0);
	return 1;
}

/* sock:getfamily() -> "inet" | "inet6" | "unix" */
static int l_socket_getfamily(lua_State *L)
{
	lsock *s = nlab_lsock_check(L, 1);
	lua_pushstring(L, nlab_family_name(s->family));
	return 1;
}

/* sock:kind() -> "tcp", "udp6", "unixdgram"... (or "file") */
static int l_socket_kind(lua_State *L)
{
	lsock *s = nlab_checkudata(L, 1, NLAB_SOCKET);
	for (const nlab_sockkind *k = kinds; k->name; k++)
		if (k->family == s->family && k->type == s->type) {
			lua_pushstring(L, k->name);
			return 1;
		}
	lua_pushstring(L, s->is_socket ? "socket" : "file");
	return 1;
}

/* The role part of tostring: LuaSocket's {master}, {client}, {server}. */
static const char *role_name(const lsock *s)
{
	if (s->fd < 0)
		return "closed";
	if (s->type == SOCK_DGRAM)
		return s->role == LSOCK_CLIENT ? "connected" : "unconnected";
	static const char *const names[] = {"master", "client", "server", "file"};
	return names[s->role];
}

/* Appends " addr" (ip:port or path) for one end of socket S to B. */
static void add_end(luaL_Buffer *b, const lsock *s, int peer, const char *sep)
{
	nlab_addr a;
	char text[NLAB_ADDR_TEXT];
	int port;
	if (nlab_sock_name(s->fd, peer, &a) != 0 ||
	    nlab_addr_format(&a, text, sizeof text, &port) != 0)
		return;
	luaL_addstring(b, sep);
	if (s->family == AF_UNIX) {
		luaL_addstring(b, text[0] ? text : "(unnamed)");
		return;
	}
	char line[NLAB_ADDR_TEXT + 16];
	snprintf(line, sizeof line, s->family == AF_INET6 ? "[%s]:%d" : "%s:%d", text, port);
	luaL_addstring(b, line);
}

/* tostring(sock): "tcp{client} 127.0.0.1:40000 -> 127.0.0.1:80 fd=5" */
static int l_socket_tostring(lua_State *L)
{
	lsock *s = luaL_checkudata(L, 1, NLAB_SOCKET);
	luaL_Buffer b;
	luaL_buffinit(L, &b);
	l_socket_kind(L);
	luaL_addvalue(&b);
	luaL_addchar(&b, '{');
	luaL_addstring(&b, role_name(s));
	luaL_addchar(&b, '}');
	if (s->fd >= 0 && s->is_socket) {
		add_end(&b, s, 0, " ");
		if (s->role == LSOCK_CLIENT)
			add_end(&b, s, 1, " -> ");
	}
	if (s->fd >= 0) {
		char fd[32];
		snprintf(fd, sizeof fd, " fd=%d", s->fd);
		luaL_addstring(&b, fd);
	}
	luaL_pushresult(&b);
	return 1;
}

/* __gc and __close: the same closer, safe to run twice. */
static int l_socket_gc(lua_State *L)
{
	nlab_lsock_close(luaL_checkudata(L, 1, NLAB_SOCKET));
	return 0;
}

/* socket.options() -> list of option names setoption accepts */
static int l_socket_options(lua_State *L)
{
	lua_newtable(L);
	int i = 1;
	for (const nlab_sockopt *o = nlab_sockopt_list(); o->name; o++) {
		lua_pushstring(L, o->name);
		lua_rawseti(L, -2, i++);
	}
	return 1;
}

static const luaL_Reg socket_methods[] = {
	{"bind", l_socket_bind},
	{"listen", l_socket_listen},
	{"getsockname", l_socket_getsockname},
	{"getpeername", l_socket_getpeername},
	{"settimeout", l_socket_settimeout},
	{"gettimeout", l_socket_gettimeout},
	{"setoption", l_socket_setoption},
	{"getoption", l_socket_getoption},
	{"shutdown", l_socket_shutdown},
	{"close", l_socket_close},
	{"getfd", l_socket_getfd},
	{"getstats", l_socket_getstats},
	{"setstats", l_socket_setstats},
	{"dirty", l_socket_dirty},
	{"getfamily", l_socket_getfamily},
	{"kind", l_socket_kind},
	{NULL, NULL},
};

static const luaL_Reg socket_meta[] = {
	{"__tostring", l_socket_tostring},
	{"__gc", l_socket_gc},
	{"__close", l_socket_gc},
	{NULL, NULL},
};

static const luaL_Reg socket_funcs[] = {
	{"new", l_socket_new},
	{"options", l_socket_options},
	{"set_resolver", l_socket_set_resolver},
	{NULL, NULL},
};

/* Builds the socket metatable once: these methods and the I/O ones of
 * l_sockio.c; scripts/netlab/socket.lua wraps close. */
static void createmeta(lua_State *L)
{
	nlab_tags_init();
	luaL_newmetatable(L, NLAB_SOCKET);
	socket_meta_ptr = lua_topointer(L, -1);
	luaL_setfuncs(L, socket_meta, 0);
	luaL_newlib(L, socket_methods);
	luaL_setfuncs(L, nlab_sockio_methods, 0);
	lua_setfield(L, -2, "__index");
	lua_pop(L, 1);
}

int luaopen_netlab_socket(lua_State *L)
{
	createmeta(L);
	luaL_newlib(L, socket_funcs);
	luaL_setfuncs(L, nlab_sockio_funcs, 0);
	luaL_getmetatable(L, NLAB_SOCKET);
	lua_setfield(L, -2, "meta");
	return 1;
}
