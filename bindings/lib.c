/* lib.c - wires netlab into a Lua state: C modules in package.preload,
 * the Lua half (scripts/) behind a searcher of its own (searcher.c), the
 * global `netlab`. package.path is left as Lua made it (LUA_PATH). */
#include "netlab.h"
#include "modules.h"

#include <lauxlib.h>
#include <limits.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <unistd.h>

static char labdir[PATH_MAX + 64];
static char scriptdir[PATH_MAX + 64];

static const luaL_Reg preloads[] = {
	{"netlab.c.socket", luaopen_netlab_socket},
	{"netlab.c.loop", luaopen_netlab_loop},
	{"netlab.c.fd", luaopen_netlab_fd},
	{"netlab.c.proc", luaopen_netlab_proc},
	{"netlab.c.edit", luaopen_netlab_edit},
	{"netlab.c.dns", luaopen_netlab_dns},
	{"netlab.c.lab", luaopen_netlab_lab},
	{"netlab.c.net", luaopen_netlab_net},
	{"netlab.c.iface", luaopen_netlab_iface},
	{"netlab.c.route", luaopen_netlab_route},
	{"netlab.c.capture", luaopen_netlab_capture},
	{"netlab.c.packet", luaopen_netlab_packet},
	{"netlab.print", luaopen_netlab_print}, /* public: netlab.print */
	{"netlab.c.craft", luaopen_netlab_craft},
	{"netlab.c.diag", luaopen_netlab_diag},
	{"netlab.c.unixdiag", luaopen_netlab_unixdiag},
	{"netlab.c.wire", luaopen_netlab_wire},
	{"netlab.c.tcpinfo", luaopen_netlab_tcpinfo},
	{"netlab.c.tunnel", luaopen_netlab_tunnel},
	{"netlab.c.tun", luaopen_netlab_tun},
	{"netlab.c.zcopy", luaopen_netlab_zcopy},
	{"netlab.c.buffer", luaopen_netlab_buffer},
	{"netlab.errno", luaopen_netlab_errno},
	{NULL, NULL},
};

/* Returns 1 if PATH names an existing file. */
static int exists(const char *path) { return access(path, F_OK) == 0; }

/* Finds scripts/ and labs/: beside the binary in a source tree, or in
 * ../share/netlab/ of an install tree. Fills SCRIPTS and labdir. */
static void find_dirs(char *scripts, char *bytecode, size_t size)
{
	char exe[PATH_MAX - 64], probe[PATH_MAX];
	ssize_t n = readlink("/proc/self/exe", exe, sizeof exe - 1);
	exe[n > 0 ? n : 0] = '\0';
	char *slash = strrchr(exe, '/');
	if (slash)
		*slash = '\0';
	snprintf(probe, sizeof probe, "%s/scripts/netlab/init.lua", exe);
	if (exists(probe)) {
		snprintf(scripts, size, "%s/scripts", exe);
		snprintf(bytecode, size, "%s/build/luac", exe);
		snprintf(labdir, sizeof labdir, "%s/labs", exe);
	} else {
		snprintf(scripts, size, "%s/../share/netlab/lua", exe);
		snprintf(bytecode, size, "%s/../share/netlab/luac", exe);
		snprintf(labdir, sizeof labdir, "%s/../share/netlab/labs", exe);
	}
}

void nlab_openlibs(lua_State *L)
{
	char scripts[PATH_MAX + 64], bytecode[PATH_MAX + 64];
	luaL_getsubtable(L, LUA_REGISTRYINDEX, LUA_PRELOAD_TABLE);
	luaL_setfuncs(L, preloads, 0);
	lua_pop(L, 1);
	find_dirs(scripts, bytecode, sizeof scripts);
	if (realpath(scripts, scriptdir) == NULL)
		snprintf(scriptdir, sizeof scriptdir, "%s", scripts);
	nlab_searcher(L, scripts, bytecode);
	lua_getglobal(L, "require");
	lua_pushliteral(L, "netlab");
	lua_call(L, 1, 1);
	lua_pushliteral(L, NETLAB_VERSION);
	lua_setfield(L, -2, "_VERSION");
	lua_setglobal(L, "netlab");
}

int nlab_finish(lua_State *L)
{
	lua_getfield(L, LUA_REGISTRYINDEX, LUA_LOADED_TABLE);
	int have = lua_getfield(L, -1, "netlab.sched") == LUA_TTABLE;
	if (!have) {
		lua_pop(L, 2);
		return 1;
	}
	lua_getfield(L, -1, "finish");
	int ok = lua_pcall(L, 0, 1, 0) == LUA_OK;
	if (!ok)
		fprintf(stderr, "netlab: %s\n", lua_tostring(L, -1));
	ok = ok && lua_toboolean(L, -1);
	lua_pop(L, 3);
	return ok;
}

const char *nlab_labdir(void) { return labdir[0] ? labdir : NULL; }

const char *nlab_scriptdir(void) { return scriptdir[0] ? scriptdir : NULL; }
