/* l_unixdiag.c - "netlab.c.unixdiag": a host's unix-domain sockets
 * (sock_diag's UNIX_DIAG, core/sockets/unixdiag.c) as rows.
 *
 *   unixdiag.dump(host) -- {row, ...}: type, state, path, abstract,
 *                          inode, peer, recv_q, send_q, uid, refcnt,
 *                          sock_state */
#include "lnetlab.h"
#include "modules.h"

#include "diag.h"
#include "error.h"
#include "unixdiag.h"

#include <lauxlib.h>
#include <netinet/tcp.h>
#include <sys/socket.h>

#define NLAB_UNIXDUMP "netlab.unixdump"

/* What one dump holds while Lua may raise: the netlink socket and the
 * rows, owned by a userdata so an error cannot leak them. */
typedef struct {
	nlab_diag d;
	nlab_unix_table t;
} unixdump;

/* Frees a dump's socket and rows; safe to call twice. */
static void unixdump_free(unixdump *u)
{
	nlab_diag_close(&u->d);
	nlab_unix_free(&u->t);
}

/* __gc and __close of a dump. */
static int l_unixdump_gc(lua_State *L)
{
	unixdump_free(luaL_checkudata(L, 1, NLAB_UNIXDUMP));
	return 0;
}

/* The type's name, as the rows spell it. */
static const char *type_name(int type)
{
	switch (type) {
	case SOCK_STREAM:
		return "stream";
	case SOCK_DGRAM:
		return "dgram";
	case SOCK_SEQPACKET:
		return "seqpacket";
	default:
		return "unknown";
	}
}

/* The state's name: the rows' inet names (TCP_CLOSE: UNCONN, as ss). */
static const char *state_name(int state)
{
	switch (state) {
	case TCP_LISTEN:
		return "LISTEN";
	case TCP_ESTABLISHED:
		return "ESTABLISHED";
	case TCP_CLOSE:
		return "UNCONN";
	default:
		return "UNKNOWN";
	}
}

/* Pushes a socket's name as ss and netstat print it: a path up to its
 * first NUL; an abstract name with each NUL as '@'; "" if unnamed. */
static void push_path(lua_State *L, const nlab_unix_row *r)
{
	luaL_Buffer b;
	luaL_buffinit(L, &b);
	for (size_t i = 0; i < r->name_len; i++) {
		if (r->pending || r->name[i] != '\0') /* /proc's text */
			luaL_addchar(&b, r->name[i]);
		else if (r->name[0] == '\0')
			luaL_addchar(&b, '@');
		else
			break;
	}
	luaL_pushresult(&b);
}

/* The socket state's name (SS_*, /proc/net/unix's St), or NULL. */
static const char *sock_state_name(int st)
{
	static const char *const names[] = {"FREE", "UNCONNECTED", "CONNECTING",
					    "CONNECTED", "DISCONNECTING"};
	return st >= 0 && st < 5 ? names[st] : NULL;
}

/* Sets t[KEY] = integer V on the table at the top. */
static void set_int(lua_State *L, const char *key, lua_Integer v)
{
	lua_pushinteger(L, v);
	lua_setfield(L, -2, key);
}

/* Pushes one row as a table. */
static void push_row(lua_State *L, const nlab_unix_row *r)
{
	lua_createtable(L, 0, 12);
	lua_pushliteral(L, "unix");
	lua_setfield(L, -2, "proto");
	lua_pushliteral(L, "unix");
	lua_setfield(L, -2, "family");
	lua_pushstring(L, type_name(r->type));
	lua_setfield(L, -2, "type");
	lua_pushstring(L, state_name(r->state));
	lua_setfield(L, -2, "state");
	push_path(L, r);
	lua_setfield(L, -2, "path");
	lua_pushboolean(L, r->name_len > 0 && r->name[0] == (r->pending ? '@' : '\0'));
	lua_setfield(L, -2, "abstract");
	if (r->pending) {
		lua_pushboolean(L, 1);
		lua_setfield(L, -2, "pending");
	}
	set_int(L, "inode", r->inode);
	set_int(L, "peer", r->peer);
	set_int(L, "recv_q", r->rqueue);
	set_int(L, "send_q", r->wqueue);
	if (r->has_uid)
		set_int(L, "uid", r->uid);
	if (sock_state_name(r->sock_state) != NULL) { /* it was in /proc */
		set_int(L, "refcnt", r->refcnt);
		lua_pushstring(L, sock_state_name(r->sock_state));
		lua_setfield(L, -2, "sock_state");
	}
}

/* unixdump.dump(host) -> {row, ...} | nil, message, errno: the unix
 * sockets of the host's network namespace, in the kernel's table order. */
static int l_unixdiag_dump(lua_State *L)
{
	int netns = nlab_lhost_check(L, 1);
	unixdump *u = lua_newuserdatauv(L, sizeof *u, 0);
	*u = (unixdump){0};
	luaL_setmetatable(L, NLAB_UNIXDUMP);
	int rc = nlab_diag_open(&u->d, netns);
	if (rc == 0)
		rc = nlab_unix_dump(&u->d, &u->t);
	if (rc == 0)
		rc = nlab_unix_proc(&u->t, netns);
	if (rc != 0)
		return nlab_push_error(L, rc);
	lua_createtable(L, (int)u->t.n, 0);
	for (size_t i = 0; i < u->t.n; i++) {
		push_row(L, &u->t.rows[i]);
		lua_rawseti(L, -2, (lua_Integer)i + 1);
	}
	unixdump_free(u); /* the rows are Lua's now */
	return 1;
}

static const luaL_Reg unixdump_meta[] = {
    {"__gc", l_unixdump_gc},
    {"__close", l_unixdump_gc},
    {NULL, NULL},
};

static const luaL_Reg unixdump_methods[] = {
    {NULL, NULL},
};

static const luaL_Reg unixdiag_funcs[] = {
    {"dump", l_unixdiag_dump},
    {NULL, NULL},
};

int luaopen_netlab_unixdiag(lua_State *L)
{
	nlab_createmeta(L, NLAB_UNIXDUMP, unixdump_meta, unixdump_methods);
	luaL_newlib(L, unixdiag_funcs);
	return 1;
}
