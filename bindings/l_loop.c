/* l_loop.c - "netlab.c.loop": the epoll loop and clocks for the Lua
 * scheduler (scripts/netlab/sched.lua). */
#include "lnetlab.h"
#include "modules.h"

#include "error.h"
#include "loop.h"

/* Returns the process loop; raises if epoll cannot be had. */
static nlab_loop *check_loop(lua_State *L)
{
	nlab_loop *loop = nlab_loop_default();
	if (loop == NULL)
		luaL_error(L, "cannot create the event loop (epoll)");
	return loop;
}

/* Raises "interrupted!" for a Ctrl-C, or pushes the error triple. */
static int wait_failed(lua_State *L, int rc)
{
	if (rc == NLAB_EINTR)
		return nlab_sigint_raise(L);
	return nlab_push_error(L, rc);
}

/* loop.watch(fd) -> true | nil, message, errno */
static int l_loop_watch(lua_State *L)
{
	int rc = nlab_loop_watch(check_loop(L), (int)luaL_checkinteger(L, 1));
	if (rc != 0)
		return nlab_push_error(L, rc);
	lua_pushboolean(L, 1);
	return 1;
}

/* loop.forget(fd): stop watching fd (before closing it). */
static int l_loop_forget(lua_State *L)
{
	nlab_loop_forget(check_loop(L), (int)luaL_checkinteger(L, 1));
	return 0;
}

/* loop.fd() -> the epoll fd number (its watched fds: /proc/self/fdinfo/N) */
static int l_loop_fd(lua_State *L)
{
	lua_pushinteger(L, nlab_loop_fd(check_loop(L)));
	return 1;
}

/* Reads a timeout in seconds; nil or negative means no limit. */
static double opt_timeout(lua_State *L, int arg)
{
	return lua_isnoneornil(L, arg) ? -1.0 : luaL_checknumber(L, arg);
}

/* loop.wait(timeout, out) -> n: out[2i-1] = fd, out[2i] = bits
 * (1 readable, 2 writable, 3 both); raises "interrupted!" on Ctrl-C. */
static int l_loop_wait(lua_State *L)
{
	double timeout = opt_timeout(L, 1);
	luaL_checktype(L, 2, LUA_TTABLE);
	int fds[64];
	unsigned events[64];
	int n = nlab_loop_wait(check_loop(L), timeout, fds, events, 64);
	if (n < 0)
		return wait_failed(L, n);
	for (int i = 0; i < n; i++) {
		lua_pushinteger(L, fds[i]);
		lua_rawseti(L, 2, 2 * i + 1);
		lua_pushinteger(L, events[i]);
		lua_rawseti(L, 2, 2 * i + 2);
	}
	lua_pushinteger(L, n);
	return 1;
}

/* loop.poll(fd, bits, timeout) -> true (ready) | false (timeout) */
static int l_loop_poll(lua_State *L)
{
	int fd = (int)luaL_checkinteger(L, 1);
	unsigned bits = (unsigned)luaL_checkinteger(L, 2);
	int rc = nlab_poll_one(fd, bits, opt_timeout(L, 3));
	if (rc < 0)
		return wait_failed(L, rc);
	lua_pushboolean(L, rc > 0);
	return 1;
}

/* loop.now() -> seconds on the monotonic clock */
static int l_loop_now(lua_State *L)
{
	lua_pushnumber(L, nlab_now());
	return 1;
}

/* loop.walltime() -> seconds since the epoch */
static int l_loop_walltime(lua_State *L)
{
	lua_pushnumber(L, nlab_walltime());
	return 1;
}

static const luaL_Reg loop_funcs[] = {
	{"watch", l_loop_watch}, {"forget", l_loop_forget},
	{"wait", l_loop_wait},   {"poll", l_loop_poll},
	{"now", l_loop_now},     {"walltime", l_loop_walltime},
	{"fd", l_loop_fd},
	{NULL, NULL},
};

int luaopen_netlab_loop(lua_State *L)
{
	luaL_newlib(L, loop_funcs);
	return 1;
}
