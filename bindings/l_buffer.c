/* l_buffer.c - "netlab.c.buffer": the netlab.buffer userdata, a block of
 * bytes a script reuses for socket I/O, so a stream or a ping-pong makes
 * no Lua string per call (sock:receive_into, receivefrom_into fill one;
 * sock:send and sendto send from one: bindings/l_sockio.c).
 *
 *   local buf = netlab.buffer(65536)   -- size fixed at birth
 *   #buf, buf:size(), buf:set(s), buf:tostring([i[, j]]), buf:clear(),
 *   buf:close()                        -- frees the bytes; again is harmless */
#include "lnetlab.h"
#include "modules.h"

#include "error.h"

#include <errno.h>
#include <stdlib.h>
#include <string.h>

/* The most a buffer may hold: 1 GiB, so a size typed wrong fails clearly. */
#define LBUF_MAX ((lua_Integer)1 << 30)

/* The buffer metatable, compared by address (as l_socket.c does for
 * sockets): NULL until the module is loaded, when no buffer can exist. */
static const void *buffer_meta_ptr;

lbuf *nlab_lbuf_test(lua_State *L, int arg)
{
	lbuf *b = nlab_udata_tagged(L, arg, sizeof *b, nlab_tag_buffer);
	if (b == NULL && lua_getmetatable(L, arg)) {
		if (lua_topointer(L, -1) == buffer_meta_ptr)
			b = lua_touserdata(L, arg);
		lua_pop(L, 1);
	}
	if (b != NULL && b->data == NULL)
		nlab_error(L, "attempt to use a closed buffer");
	return b;
}

lbuf *nlab_lbuf_check(lua_State *L, int arg)
{
	lbuf *b = nlab_lbuf_test(L, arg);
	if (b == NULL) {
		b = nlab_checkudata(L, arg, NLAB_BUFFER);
		if (b->data == NULL)
			nlab_error(L, "attempt to use a closed buffer");
	}
	return b;
}

int nlab_lbuf_range(lua_State *L, const lbuf *b, int arg, size_t *first, size_t *last)
{
	lua_Integer len = (lua_Integer)b->len;
	lua_Integer i = luaL_optinteger(L, arg, 1), j = luaL_optinteger(L, arg + 1, -1);
	if (i < 0)
		i = len + i + 1;
	if (j < 0)
		j = len + j + 1;
	if (i < 1 || i > len + 1)
		return nlab_argerror(L, arg, lua_pushfstring(L, "i out of range (the buffer holds %I bytes)", len));
	if (j < i - 1 || j > len)
		return nlab_argerror(L, arg + 1, lua_pushfstring(L, "j out of range (the buffer holds %I bytes)", len));
	*first = (size_t)i;
	*last = (size_t)j;
	return 0;
}

/* buffer.new(size) -> buffer | nil, message, errno: SIZE bytes, none held */
static int l_buffer_new(lua_State *L)
{
	lua_Integer size = luaL_checkinteger(L, 1);
	if (size < 1 || size > LBUF_MAX)
		return nlab_argerror(L, 1, "size of 1 byte to 1 GiB expected");
	lbuf *b = lua_newuserdatauv(L, sizeof *b, 0); /* closed until allocated */
	*b = (lbuf){.tag = nlab_tag_buffer};
	luaL_setmetatable(L, NLAB_BUFFER);
	b->data = malloc((size_t)size);
	if (b->data == NULL)
		return nlab_push_error(L, -ENOMEM);
	b->size = (size_t)size;
	return 1;
}

/* #buf -> the bytes the buffer holds */
static int l_buffer_len(lua_State *L)
{
	lua_pushinteger(L, (lua_Integer)nlab_lbuf_check(L, 1)->len);
	return 1;
}

/* buf:size() -> the most bytes it can hold */
static int l_buffer_size(lua_State *L)
{
	lua_pushinteger(L, (lua_Integer)nlab_lbuf_check(L, 1)->size);
	return 1;
}

/* buf:set(data) -> buf: DATA becomes what the buffer holds */
static int l_buffer_set(lua_State *L)
{
	lbuf *b = nlab_lbuf_check(L, 1);
	size_t len;
	const char *s = luaL_checklstring(L, 2, &len);
	if (len > b->size)
		return nlab_argerror(L, 2, lua_pushfstring(L, "%I bytes do not fit in a buffer of %I",
							   (lua_Integer)len, (lua_Integer)b->size));
	memcpy(b->data, s, len);
	b->len = len;
	lua_settop(L, 1);
	return 1;
}

/* buf:tostring([i[, j]]) -> the bytes held, i..j of them (as string.sub,
 * but out of range raises) */
static int l_buffer_tostring(lua_State *L)
{
	lbuf *b = nlab_lbuf_check(L, 1);
	size_t first, last;
	nlab_lbuf_range(L, b, 2, &first, &last);
	lua_pushlstring(L, b->data + first - 1, last + 1 - first);
	return 1;
}

/* buf:clear() -> buf: holding nothing */
static int l_buffer_clear(lua_State *L)
{
	nlab_lbuf_check(L, 1)->len = 0;
	lua_settop(L, 1);
	return 1;
}

/* __tostring: "netlab.buffer: 32 of 65536 bytes" or "... (closed)" */
static int l_buffer_name(lua_State *L)
{
	lbuf *b = luaL_checkudata(L, 1, NLAB_BUFFER);
	if (b->data == NULL)
		lua_pushliteral(L, "netlab.buffer (closed)");
	else
		lua_pushfstring(L, "netlab.buffer: %I of %I bytes", (lua_Integer)b->len,
				(lua_Integer)b->size);
	return 1;
}

/* buf:close(), __gc and __close: frees the bytes; safe to run twice. */
static int l_buffer_close(lua_State *L)
{
	lbuf *b = luaL_checkudata(L, 1, NLAB_BUFFER);
	free(b->data);
	*b = (lbuf){.tag = b->tag};
	return 0;
}

static const luaL_Reg buffer_methods[] = {
	{"size", l_buffer_size},
	{"set", l_buffer_set},
	{"tostring", l_buffer_tostring},
	{"clear", l_buffer_clear},
	{"close", l_buffer_close},
	{NULL, NULL},
};

static const luaL_Reg buffer_meta[] = {
	{"__len", l_buffer_len},
	{"__tostring", l_buffer_name},
	{"__gc", l_buffer_close},
	{"__close", l_buffer_close},
	{NULL, NULL},
};

static const luaL_Reg buffer_funcs[] = {
	{"new", l_buffer_new},
	{NULL, NULL},
};

/* Builds the metatable once per state, noting its address. */
static void createmeta(lua_State *L)
{
	nlab_tags_init();
	nlab_createmeta(L, NLAB_BUFFER, buffer_meta, buffer_methods);
	luaL_getmetatable(L, NLAB_BUFFER);
	buffer_meta_ptr = lua_topointer(L, -1);
	lua_pop(L, 1);
}

int luaopen_netlab_buffer(lua_State *L)
{
	createmeta(L);
	luaL_newlib(L, buffer_funcs);
	return 1;
}
