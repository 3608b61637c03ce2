/* argcheck.c - argument checks every binding shares: strings C would cut
 * at a NUL byte are refused, and an argument error names the public
 * function the script called (a method of scripts/netlab/ that called
 * this C function on its behalf), not the internal one. */
#include "lnetlab.h"
#include "netlab.h"

#include <limits.h>
#include <sys/random.h>
#include <time.h>
#include <stdlib.h>
#include <string.h>

#define NUL_MSG "string contains a NUL byte"

/* Whether SOURCE (a Lua chunk name) is a file under DIR. */
static int under(const char *source, const char *dir)
{
	size_t n = strlen(dir);
	return strncmp(source, dir, n) == 0 && source[n] == '/';
}

/* Whether a Lua function's chunk name is one of netlab's own modules
 * (scripts/: the Lua half of the library). */
static int is_netlab_source(const char *source)
{
	const char *dir = nlab_scriptdir();
	char real[PATH_MAX];

	if (dir == NULL || source[0] != '@')
		return 0;
	if (under(source + 1, dir))
		return 1;
	return realpath(source + 1, real) != NULL && under(real, dir);
}

/* The level of the netlab Lua function the script called, which called
 * the running C function on its behalf: the outermost of the netlab
 * frames above the script's first frame (C frames in between, such as
 * pcall, are passed). -1 when the script called the C function itself. */
static int public_level(lua_State *L)
{
	lua_Debug ar;
	int level, found = -1;

	for (level = 1; lua_getstack(L, level, &ar); level++) {
		lua_getinfo(L, "S", &ar);
		if (ar.what[0] == 'C')
			continue;
		if (!is_netlab_source(ar.source))
			break;
		found = level;
	}
	return found;
}

/* Whether the value on top is the one at IDX, or (NUL) a string with a
 * NUL byte: what a netlab function passed on may be a copy. */
static int same(lua_State *L, int idx, int nul)
{
	size_t n;
	const char *s;

	if (lua_rawequal(L, -1, idx))
		return 1;
	if (!nul || lua_type(L, -1) != LUA_TSTRING)
		return 0;
	s = lua_tolstring(L, -1, &n);
	return memchr(s, '\0', n) != NULL;
}

/* Whether the table on top has a string-keyed (or, with ITEMS, an
 * integer-keyed) field matching IDX (see same()); leaves the key on top
 * if so, else leaves the stack as it was. */
static int find_field(lua_State *L, int idx, int nul, int items)
{
	lua_pushnil(L);
	while (lua_next(L, -2)) {
		int t = lua_type(L, -2);
		if ((t == LUA_TSTRING || (items && lua_isinteger(L, -2))) &&
		    same(L, idx, nul)) {
			lua_pop(L, 1);
			return 1;
		}
		lua_pop(L, 1);
	}
	return 0;
}

/* Whether parameter value on top (of the public function) holds IDX's
 * value, itself or as a field; pops it, and pushes the field's key (or
 * nil) when it matches. */
static int holds(lua_State *L, int idx, int nul)
{
	if (same(L, idx, nul)) {
		lua_pop(L, 1);
		lua_pushnil(L);
		return 1;
	}
	if (lua_istable(L, -1) && find_field(L, idx, nul, 1)) {
		if (lua_isinteger(L, -1))
			lua_pushfstring(L, "item %I", lua_tointeger(L, -1));
		else
			lua_pushvalue(L, -1);
		lua_replace(L, -3);
		lua_pop(L, 1);
		return 1;
	}
	lua_pop(L, 1);
	return 0;
}

/* Finds the argument of the function at AR holding IDX's value (exact
 * matches first): its number, with the field's key (or nil) pushed; 0
 * and nothing pushed if none does. */
static int find_arg(lua_State *L, lua_Debug *ar, int idx, int nul)
{
	int pass, i;

	lua_getinfo(L, "u", ar);
	for (pass = 0; pass <= nul; pass++) {
		for (i = 1; i <= ar->nparams; i++)
			if (lua_getlocal(L, ar, i) && holds(L, idx, pass))
				return i;
		for (i = 1; ar->isvararg && lua_getlocal(L, ar, -i); i++)
			if (holds(L, idx, pass))
				return ar->nparams + i;
	}
	return 0;
}

/* Whether the table at T holds the function at FN as a string-keyed
 * field; leaves the key on top if so. */
static int field_of(lua_State *L, int t, int fn)
{
	lua_pushvalue(L, t);
	if (find_field(L, fn, 0, 0)) {
		lua_remove(L, -2);
		return 1;
	}
	lua_pop(L, 1);
	return 0;
}

/* Whether the table on top is a metatable or a class (netlab.lab's Lab:
 * it has __index) whose methods hold FN; pushes the method's name if so. */
static int method_of(lua_State *L, int fn)
{
	int t = lua_gettop(L), found;

	lua_pushliteral(L, "__index");
	found = lua_rawget(L, t) == LUA_TTABLE && field_of(L, t + 1, fn);
	if (found)
		lua_remove(L, -2);
	else
		lua_pop(L, 1);
	return found;
}

/* Whether module table M (named at NAME) holds FN: as a field ("mod.f"),
 * a field of a plain table in it ("socket.dns.toip") or a method of a
 * class or metatable in it ("addr_add", *METHOD set); pushes the name. */
static int in_module(lua_State *L, int m, int name, int fn, int *method)
{
	int top = lua_gettop(L);

	if (field_of(L, m, fn)) {
		lua_pushfstring(L, "%s.%s", lua_tostring(L, name),
				lua_tostring(L, -1));
		lua_remove(L, -2);
		return 1;
	}
	for (lua_pushnil(L); lua_next(L, m); lua_pop(L, 1)) {
		if (lua_type(L, -2) != LUA_TSTRING || !lua_istable(L, -1))
			continue;
		if (method_of(L, fn)) {
			*method = 1;
			break;
		}
		if (field_of(L, top + 2, fn)) {
			lua_pushfstring(L, "%s.%s.%s", lua_tostring(L, name),
					lua_tostring(L, top + 1),
					lua_tostring(L, -1));
			break;
		}
	}
	if (lua_gettop(L) == top)
		return 0;
	lua_replace(L, top + 1);
	lua_settop(L, top + 1);
	return 1;
}

/* For a function called without a name (a tail call, pcall(f)): pushes
 * its name as found in the `netlab` table, then in the other loaded
 * modules, then among registered metatables' methods; returns 0,
 * pushing nothing, if none has it. */
static int search_name(lua_State *L, int fn, int *method)
{
	int top = lua_gettop(L), found = 0;

	lua_getfield(L, LUA_REGISTRYINDEX, LUA_LOADED_TABLE);
	lua_pushliteral(L, "netlab");
	if (lua_rawget(L, top + 1) == LUA_TTABLE) {
		lua_pushliteral(L, "netlab");
		found = in_module(L, top + 2, top + 3, fn, method);
	}
	if (!found) {
		lua_settop(L, top + 1);
		lua_pushnil(L);
	}
	while (!found && lua_next(L, top + 1)) {
		found = lua_type(L, -2) == LUA_TSTRING && lua_istable(L, -1) &&
			in_module(L, top + 3, top + 2, fn, method);
		if (!found)
			lua_pop(L, 1);
	}
	if (!found)
		lua_pushnil(L);
	while (!found && lua_next(L, LUA_REGISTRYINDEX)) {
		found = lua_type(L, -2) == LUA_TSTRING && lua_istable(L, -1) &&
			method_of(L, fn);
		*method = found;
		if (!found)
			lua_pop(L, 1);
	}
	if (found) {
		lua_replace(L, top + 1);
		lua_settop(L, top + 1);
	} else {
		lua_settop(L, top);
	}
	return found;
}

/* Pushes the name of the function at AR: as it was called, else as
 * search_name finds it, else "?". Sets *METHOD if it was called (or is
 * known) as a method, its first argument being self. */
static void push_name(lua_State *L, lua_Debug *ar, int *method)
{
	int fn;

	lua_getinfo(L, "nf", ar);
	fn = lua_gettop(L);
	*method = ar->namewhat != NULL && strcmp(ar->namewhat, "method") == 0;
	if (ar->name != NULL)
		lua_pushstring(L, ar->name);
	else if (!search_name(L, fn, method))
		lua_pushliteral(L, "?");
	lua_remove(L, fn);
}

/* Raises MSG about the value at IDX against the public function at
 * LEVEL (see nlab_argerror). */
static int blame(lua_State *L, int level, int idx, const char *msg, int nul)
{
	lua_Debug ar;
	int n, method;

	lua_getstack(L, level, &ar);
	n = find_arg(L, &ar, idx, nul);
	if (n == 0)
		lua_pushnil(L);
	if (lua_isnil(L, -1))
		lua_pushstring(L, msg);
	else
		lua_pushfstring(L, "%s: %s", lua_tostring(L, -1), msg);
	push_name(L, &ar, &method);
	luaL_where(L, level + 1);
	if (method && n == 1)
		lua_pushfstring(L, "%scalling '%s' on bad self (%s)",
				lua_tostring(L, -1), lua_tostring(L, -2),
				lua_tostring(L, -3));
	else if (n > 0)
		lua_pushfstring(L, "%sbad argument #%d to '%s' (%s)",
				lua_tostring(L, -1), n - method,
				lua_tostring(L, -2), lua_tostring(L, -3));
	else
		lua_pushfstring(L, "%sbad argument to '%s' (%s)",
				lua_tostring(L, -1), lua_tostring(L, -2),
				lua_tostring(L, -3));
	return lua_error(L);
}

int nlab_argerror(lua_State *L, int arg, const char *msg)
{
	int level = public_level(L);

	if (level < 0)
		return luaL_argerror(L, arg, msg);
	return blame(L, level, lua_absindex(L, arg), msg, 0);
}

int nlab_checkoption(lua_State *L, int arg, const char *def, const char *const names[])
{
	const char *name = def != NULL ? nlab_optstring(L, arg, def) : nlab_checkstring(L, arg, NULL);

	for (int i = 0; names[i] != NULL; i++)
		if (strcmp(names[i], name) == 0)
			return i;
	return nlab_argerror(L, arg, lua_pushfstring(L, "invalid option '%s'", name));
}

int nlab_error(lua_State *L, const char *msg)
{
	int level = public_level(L);

	luaL_where(L, level < 0 ? 1 : level + 1);
	lua_pushstring(L, msg);
	lua_concat(L, 2);
	return lua_error(L);
}

void *nlab_checkudata(lua_State *L, int arg, const char *tname)
{
	void *p = luaL_testudata(L, arg, tname);
	const char *got;

	if (p != NULL)
		return p;
	if (luaL_getmetafield(L, arg, "__name") == LUA_TSTRING) {
		got = lua_tostring(L, -1);
		/* a proxy of another machine's object (lab_machine.lua) names
		 * its machine: it has the type's name but is no such userdata */
		if (lua_type(L, arg) == LUA_TTABLE
		    && luaL_getmetafield(L, arg, "__netlab_machine") == LUA_TFUNCTION) {
			lua_pushvalue(L, arg);
			if (lua_pcall(L, 1, 1, 0) == LUA_OK && lua_type(L, -1) == LUA_TSTRING)
				got = lua_pushfstring(L, "%s of machine %s (another machine's; this takes one of this machine's own)",
						      got, lua_tostring(L, -1));
		}
	} else if (lua_type(L, arg) == LUA_TLIGHTUSERDATA)
		got = "light userdata";
	else
		got = luaL_typename(L, arg);
	nlab_argerror(L, arg, lua_pushfstring(L, "%s expected, got %s", tname, got));
	return NULL;
}

/* Raises "string contains a NUL byte" about argument ARG. */
static int nul_error(lua_State *L, int arg)
{
	int level = public_level(L);

	if (level < 0)
		return luaL_argerror(L, arg, NUL_MSG);
	return blame(L, level, lua_absindex(L, arg), NUL_MSG, 1);
}

const char *nlab_checkstring(lua_State *L, int arg, size_t *len)
{
	size_t n;
	const char *s = luaL_checklstring(L, arg, &n);

	if (memchr(s, '\0', n) != NULL)
		nul_error(L, arg);
	if (len != NULL)
		*len = n;
	return s;
}

const char *nlab_optstring(lua_State *L, int arg, const char *def)
{
	if (lua_isnoneornil(L, arg))
		return def;
	return nlab_checkstring(L, arg, NULL);
}

const char *nlab_tostring(lua_State *L, int idx)
{
	size_t n;
	const char *s = lua_tolstring(L, idx, &n);

	if (s != NULL && memchr(s, '\0', n) != NULL)
		nul_error(L, idx);
	return s;
}

uint64_t nlab_tag_socket, nlab_tag_buffer;

void nlab_tags_init(void)
{
	if (nlab_tag_socket != 0)
		return;
	uint64_t t[2] = {0, 0};
	if (getrandom(t, sizeof t, 0) != (ssize_t)sizeof t) {
		/* no entropy call: the clock and the addresses ASLR placed */
		struct timespec ts;
		clock_gettime(CLOCK_MONOTONIC, &ts);
		t[0] = ((uint64_t)ts.tv_nsec << 32) ^ (uint64_t)ts.tv_sec ^ (uint64_t)(uintptr_t)&ts;
		t[1] = t[0] * 0x9e3779b97f4a7c15u ^ (uint64_t)(uintptr_t)&nlab_tag_socket;
	}
	nlab_tag_socket = t[0] | 1; /* never 0, and the two differ */
	nlab_tag_buffer = t[1] & ~(uint64_t)1;
	if (nlab_tag_buffer == 0)
		nlab_tag_buffer = 2;
}
