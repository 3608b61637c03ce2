/* l_proc.c - "netlab.c.proc": children running shell commands. The child's
 * pipes come back as netlab.socket objects so the Lua layer reads them
 * like any socket, through the scheduler. */
#include "lnetlab.h"
#include "modules.h"

#include "spawn.h"

#include <string.h>

#define NLAB_CHILD "netlab.child"

/* Checks argument ARG is a child userdata. */
static nlab_child *check_child(lua_State *L, int arg)
{
	return luaL_checkudata(L, arg, NLAB_CHILD);
}

/* Reads the list of fds to pass on (the script's redirections). */
static int check_keep(lua_State *L, int arg, int *keep, int max)
{
	if (lua_isnoneornil(L, arg))
		return 0;
	luaL_checktype(L, arg, LUA_TTABLE);
	int n = (int)luaL_len(L, arg);
	luaL_argcheck(L, n <= max, arg, "too many fds to pass");
	for (int i = 0; i < n; i++) {
		lua_rawgeti(L, arg, i + 1);
		keep[i] = (int)luaL_checkinteger(L, -1);
		lua_pop(L, 1);
	}
	return n;
}

/* Pushes a pipe end as a socket object (nil if there is none), handing
 * ownership of the fd to it. */
static void push_pipe(lua_State *L, int *fd)
{
	if (*fd < 0) {
		lua_pushnil(L);
		return;
	}
	nlab_lsock_adopt(L, *fd, LSOCK_FILE);
	*fd = -1;
}

/* Reads the host a child runs in from args ARG.. (netns, mntns, hosts):
 * nil netns for netlab's own namespaces (NULL). */
static const nlab_host_env *check_host_env(lua_State *L, int arg, nlab_host_env *h)
{
	if (lua_isnoneornil(L, arg))
		return NULL;
	h->netns = (int)luaL_checkinteger(L, arg);
	h->mntns = (int)luaL_checkinteger(L, arg + 1);
	h->hosts = nlab_checkstring(L, arg + 2, NULL);
	return h;
}

/* proc.spawn(cmd, keep, with_stdin[, netns, mntns, hosts]) -> child,
 * stdin, stdout, stderr | nil, message, errno; netns, mntns: a lab
 * host's namespace fds; hosts: the text the child sees as /etc/hosts */
static int l_proc_spawn(lua_State *L)
{
	const char *cmd = nlab_checkstring(L, 1, NULL);
	int keep[64];
	int nkeep = check_keep(L, 2, keep, 64);
	int with_stdin = lua_toboolean(L, 3);
	nlab_host_env env;
	const nlab_host_env *host = check_host_env(L, 4, &env);
	nlab_child *c = lua_newuserdatauv(L, sizeof *c, 0);
	*c = (nlab_child){.pid = -1, .pidfd = -1, .in = -1, .out = -1, .err = -1};
	luaL_setmetatable(L, NLAB_CHILD);
	int rc = nlab_spawn_sh(cmd, keep, nkeep, with_stdin, host, c);
	if (rc != 0)
		return nlab_push_error(L, rc);
	push_pipe(L, &c->in);
	push_pipe(L, &c->out);
	push_pipe(L, &c->err);
	return 4;
}

/* child:pidfd() -> fd that becomes readable when the child exits */
static int l_child_pidfd(lua_State *L)
{
	lua_pushinteger(L, check_child(L, 1)->pidfd);
	return 1;
}

/* child:pid() -> pid, or nil once reaped */
static int l_child_pid(lua_State *L)
{
	nlab_child *c = check_child(L, 1);
	if (c->pid < 0)
		return 0;
	lua_pushinteger(L, c->pid);
	return 1;
}

/* child:reap() -> exit code (128+signal if killed) | false if running */
static int l_child_reap(lua_State *L)
{
	int code = 0, rc = nlab_child_reap(check_child(L, 1), &code);
	if (rc < 0)
		return nlab_push_error(L, rc);
	if (rc == 0)
		lua_pushboolean(L, 0);
	else
		lua_pushinteger(L, code);
	return 1;
}

/* child:kill(): SIGKILL and reap, if it still runs. */
static int l_child_kill(lua_State *L)
{
	nlab_child_kill(check_child(L, 1));
	return 0;
}

/* __gc/__close: a child never outlives its object. */
static int l_child_gc(lua_State *L)
{
	nlab_child *c = check_child(L, 1);
	nlab_child_kill(c);
	nlab_child_close(c);
	return 0;
}

static const luaL_Reg child_methods[] = {
	{"pidfd", l_child_pidfd}, {"pid", l_child_pid},
	{"reap", l_child_reap},   {"kill", l_child_kill},
	{NULL, NULL},
};

static const luaL_Reg child_meta[] = {
	{"__gc", l_child_gc}, {"__close", l_child_gc}, {NULL, NULL},
};

static const luaL_Reg proc_funcs[] = {
	{"spawn", l_proc_spawn}, {NULL, NULL},
};

int luaopen_netlab_proc(lua_State *L)
{
	nlab_createmeta(L, NLAB_CHILD, child_meta, child_methods);
	luaL_newlib(L, proc_funcs);
	return 1;
}
