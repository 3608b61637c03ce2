/* l_tun.c - "netlab.c.tun": the netlab.tun userdata, a TUN or TAP
 * interface of a host whose packets the script reads and writes
 * (core/net/tun.h). It never waits: scripts/netlab/lab_tun.lua waits for
 * its fd with the scheduler on "wantread"/"wantwrite".
 *
 *   local t = tun.open(host, "tun0", false)  -- true: a TAP
 *   t:_read() -> bytes | nil, "wantread"     t:_write(bytes) -> n
 *   t:getfd(), t:name(), t:kind(), t:close() */
#include "lnetlab.h"
#include "modules.h"

#include "error.h"
#include "loop.h"
#include "tun.h"

#include <errno.h>
#include <string.h>
#include <unistd.h>

#define NLAB_TUN "netlab.tun"
#define TUN_MAX 65536 /* a packet: the largest IP datagram and its frame */

/* The userdata: the device's fd (-1 once closed) and its interface. */
typedef struct ltun {
	int fd;
	int tap;
	char name[16];
} ltun;

/* Checks that ARG is an open netlab.tun. */
static ltun *check_tun(lua_State *L, int arg)
{
	ltun *t = nlab_checkudata(L, arg, NLAB_TUN);
	if (t->fd < 0)
		nlab_error(L, t->tap ? "attempt to use a closed tap"
				     : "attempt to use a closed tun");
	return t;
}

/* tun.open(host, ifname, tap) -> tun | nil, message, errno */
static int l_tun_open(lua_State *L)
{
	int netns = nlab_lhost_check(L, 1);
	size_t len;
	const char *name = nlab_checkstring(L, 2, &len);
	luaL_argcheck(L, len > 0 && len < sizeof(((ltun *)0)->name), 2,
		      "interface name of 1-15 characters expected");
	ltun *t = lua_newuserdatauv(L, sizeof *t, 0); /* closed until open */
	*t = (ltun){.fd = -1, .tap = lua_toboolean(L, 3)};
	memcpy(t->name, name, len + 1);
	luaL_setmetatable(L, NLAB_TUN);
	int rc = nlab_tun_open(netns, name, t->tap, &t->fd);
	return rc != 0 ? nlab_push_error(L, rc) : 1;
}

/* t:_read() -> bytes | nil, "wantread" | nil, message, errno */
static int l_tun_read(lua_State *L)
{
	ltun *t = check_tun(L, 1);
	luaL_Buffer b;
	char *buf = luaL_buffinitsize(L, &b, TUN_MAX);
	long n = nlab_tun_read(t->fd, buf, TUN_MAX);
	if (n == -EAGAIN)
		return nlab_push_want(L, "wantread");
	if (n < 0)
		return nlab_push_error(L, (int)n);
	luaL_pushresultsize(&b, (size_t)n);
	return 1;
}

/* t:_write(bytes) -> length | nil, "wantwrite" | nil, message, errno */
static int l_tun_write(lua_State *L)
{
	ltun *t = check_tun(L, 1);
	size_t len;
	const char *p = luaL_checklstring(L, 2, &len);
	long n = nlab_tun_write(t->fd, p, len);
	if (n == -EAGAIN)
		return nlab_push_want(L, "wantwrite");
	if (n < 0)
		return nlab_push_error(L, (int)n);
	lua_pushinteger(L, n);
	return 1;
}

/* t:getfd() -> fd (-1 once closed) */
static int l_tun_getfd(lua_State *L)
{
	lua_pushinteger(L, ((ltun *)nlab_checkudata(L, 1, NLAB_TUN))->fd);
	return 1;
}

/* t:name() -> its interface's name (also once closed) */
static int l_tun_name(lua_State *L)
{
	lua_pushstring(L, ((ltun *)nlab_checkudata(L, 1, NLAB_TUN))->name);
	return 1;
}

/* t:kind() -> "tun" or "tap" */
static int l_tun_kind(lua_State *L)
{
	ltun *t = nlab_checkudata(L, 1, NLAB_TUN);
	lua_pushstring(L, t->tap ? "tap" : "tun");
	return 1;
}

/* __gc, __close and t:close(): the same closer, safe to run twice; the
 * interface goes with the fd. */
static int l_tun_close(lua_State *L)
{
	ltun *t = nlab_checkudata(L, 1, NLAB_TUN);
	if (t->fd >= 0) {
		nlab_loop_forget(nlab_loop_default(), t->fd); /* fd reused later */
		close(t->fd);
	}
	t->fd = -1;
	return 0;
}

/* tostring(t): "tun tun0 (fd 12)" or "tap tap0 (closed)" */
static int l_tun_tostring(lua_State *L)
{
	ltun *t = nlab_checkudata(L, 1, NLAB_TUN);
	const char *kind = t->tap ? "tap" : "tun";
	if (t->fd < 0)
		lua_pushfstring(L, "%s %s (closed)", kind, t->name);
	else
		lua_pushfstring(L, "%s %s (fd %d)", kind, t->name, t->fd);
	return 1;
}

static const luaL_Reg tun_meta[] = {{"__gc", l_tun_close},
				    {"__close", l_tun_close},
				    {"__tostring", l_tun_tostring},
				    {NULL, NULL}};
static const luaL_Reg tun_methods[] = {
    {"_read", l_tun_read},   {"_write", l_tun_write}, {"getfd", l_tun_getfd},
    {"name", l_tun_name},    {"kind", l_tun_kind},    {"close", l_tun_close},
    {NULL, NULL}};
static const luaL_Reg funcs[] = {{"open", l_tun_open}, {NULL, NULL}};

int luaopen_netlab_tun(lua_State *L)
{
	nlab_createmeta(L, NLAB_TUN, tun_meta, tun_methods);
	luaL_newlib(L, funcs);
	luaL_getmetatable(L, NLAB_TUN);
	lua_setfield(L, -2, "meta");
	return 1;
}
