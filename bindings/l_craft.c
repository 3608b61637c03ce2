/* l_craft.c - "netlab.c.craft": checksums, the wire buffer of a crafted
 * packet (netlab.craft.wire) and the raw sockets a host sends crafted
 * packets on and receives replies from (netlab.craft.socket). The Lua
 * side is scripts/netlab/packet.lua and scripts/netlab/lab_craft.lua. */
#include "lnetlab.h"
#include "modules.h"

#include "craft.h"
#include "error.h"
#include "loop.h"

#include <arpa/inet.h>
#include <errno.h>
#include <string.h>
#include <unistd.h>

#define NLAB_WIRE "netlab.craft.wire"
#define NLAB_CRAFTSOCK "netlab.craft.socket"

/* A crafted packet's serialised bytes, patched in place by template
 * loops; the checksums are recomputed when the bytes are next used. */
typedef struct lwire {
	size_t len, l3off;
	unsigned fix;  /* NLAB_FIX_* the packet leaves to netlab */
	unsigned stale; /* NLAB_FIX_* of the checksums a change made stale */
	uint8_t data[];
} lwire;

/* A raw socket of a host (enum nlab_craft_kind). */
typedef struct lcsock {
	int fd, kind, ifindex;
} lcsock;

/* The metatables of the two types, for the checks of the hot paths. */
static const void *wire_meta, *csock_meta_ptr;

/* The userdata at ARG if its metatable is META, else NULL: luaL_testudata
 * without the registry lookup by name, for calls made per packet. */
static void *test_fast(lua_State *L, int arg, const void *meta)
{
	void *p = lua_touserdata(L, arg);
	if (p == NULL || !lua_getmetatable(L, arg))
		return NULL;
	int same = lua_topointer(L, -1) == meta;
	lua_pop(L, 1);
	return same ? p : NULL;
}

/* The userdata at ARG of type NAME (metatable META); raises otherwise. */
static void *check_fast(lua_State *L, int arg, const void *meta, const char *name)
{
	void *p = test_fast(L, arg, meta);
	return p ? p : nlab_checkudata(L, arg, name);
}

/* craft.sum(bytes[, init]) -> the internet checksum of BYTES (a 16-bit
 * number), starting from the unfolded sum INIT */
static int l_craft_sum(lua_State *L)
{
	size_t n;
	const char *s = luaL_checklstring(L, 1, &n);
	uint32_t init = (uint32_t)luaL_optinteger(L, 2, 0);
	lua_pushinteger(L, nlab_craft_fold(nlab_craft_sum((const uint8_t *)s, n, init)));
	return 1;
}

/* craft.pton(text) -> 4 or 16 address bytes | nil: a numeric IPv4 or
 * IPv6 address */
static int l_craft_pton(lua_State *L)
{
	const char *text = nlab_checkstring(L, 1, NULL);
	unsigned char a[16];
	if (inet_pton(AF_INET, text, a) == 1)
		lua_pushlstring(L, (const char *)a, 4);
	else if (inet_pton(AF_INET6, text, a) == 1)
		lua_pushlstring(L, (const char *)a, 16);
	else
		lua_pushnil(L);
	return 1;
}

/* craft.fix(bytes, l3off, fix) -> BYTES with the checksums FIX (1 IPv4
 * header, 2 transport) of the IP packet at L3OFF filled in: for packets
 * inside packets (tunnels, the datagram an ICMP error quotes) */
static int l_craft_fix(lua_State *L)
{
	size_t n;
	const char *s = luaL_checklstring(L, 1, &n);
	lua_Integer off = luaL_checkinteger(L, 2);
	unsigned fix = (unsigned)luaL_checkinteger(L, 3) & 3;
	luaL_argcheck(L, off >= 0, 2, "offset expected");
	luaL_Buffer b;
	uint8_t *p = (uint8_t *)luaL_buffinitsize(L, &b, n);
	memcpy(p, s, n);
	nlab_craft_fix(p, n, (size_t)off, fix);
	luaL_pushresultsize(&b, n);
	return 1;
}

/* Fills in W's checksums if a field changed since they were. */
static void wire_refresh(lwire *w)
{
	if (w->stale & w->fix)
		nlab_craft_fix(w->data, w->len, w->l3off, w->stale & w->fix);
	w->stale = 0;
}

/* craft.wire(bytes, l3off, fix) -> wire: BYTES with the checksums FIX
 * (1 IPv4 header, 2 transport, 3 both) of the IP packet at L3OFF filled */
static int l_craft_wire(lua_State *L)
{
	size_t n;
	const char *s = luaL_checklstring(L, 1, &n);
	lua_Integer off = luaL_checkinteger(L, 2);
	lua_Integer fix = luaL_checkinteger(L, 3);
	luaL_argcheck(L, off >= 0, 2, "offset expected");
	lwire *w = lua_newuserdatauv(L, sizeof *w + n, 0);
	*w = (lwire){.len = n, .l3off = (size_t)off, .fix = (unsigned)fix & 3, .stale = 3};
	memcpy(w->data, s, n);
	luaL_setmetatable(L, NLAB_WIRE);
	wire_refresh(w);
	return 1;
}

/* wire:set(off, size, value) -> true, or false when VALUE is not an
 * integer that fits in SIZE (1, 2 or 4) bytes: stores it big-endian at
 * byte OFF; the checksums follow at the next use */
static int l_wire_set(lua_State *L)
{
	lwire *w = check_fast(L, 1, wire_meta, NLAB_WIRE);
	lua_Integer off = luaL_checkinteger(L, 2), size = luaL_checkinteger(L, 3);
	int isint = 0;
	lua_Integer v = lua_type(L, 4) == LUA_TNUMBER ? lua_tointegerx(L, 4, &isint) : 0;
	luaL_argcheck(L, size == 1 || size == 2 || size == 4, 3, "1, 2 or 4 expected");
	luaL_argcheck(L, off >= 0 && (size_t)off + (size_t)size <= w->len, 2, "offset out of range");
	if (!isint || v < 0 || v >= (lua_Integer)1 << (8 * size)) {
		lua_pushboolean(L, 0);
		return 1;
	}
	for (lua_Integer i = size - 1; i >= 0; i--, v >>= 8)
		w->data[off + i] = (uint8_t)v;
	/* the IPv4 header's own checksum, or the transport one */
	w->stale |= (size_t)off < w->l3off + 20 ? NLAB_FIX_IP : NLAB_FIX_L4;
	lua_pushboolean(L, 1);
	return 1;
}

/* wire:bytes() -> the bytes as a string, checksums filled */
static int l_wire_bytes(lua_State *L)
{
	lwire *w = luaL_checkudata(L, 1, NLAB_WIRE);
	wire_refresh(w);
	lua_pushlstring(L, (const char *)w->data, w->len);
	return 1;
}

/* #wire -> its length in bytes */
static int l_wire_len(lua_State *L)
{
	lua_pushinteger(L, (lua_Integer)((lwire *)luaL_checkudata(L, 1, NLAB_WIRE))->len);
	return 1;
}

/* tostring(wire): "crafted wire (54 bytes)" */
static int l_wire_tostring(lua_State *L)
{
	lwire *w = luaL_checkudata(L, 1, NLAB_WIRE);
	lua_pushfstring(L, "crafted wire (%d bytes)", (int)w->len);
	return 1;
}

/* Checks that ARG is an open crafting socket; raises otherwise. */
static lcsock *check_csock(lua_State *L, int arg)
{
	lcsock *s = nlab_checkudata(L, arg, NLAB_CRAFTSOCK);
	if (s->fd < 0)
		luaL_error(L, "attempt to use a closed raw socket");
	return s;
}

/* craft.open(host, kind[, ifname]) -> socket | nil, message, errno: a raw
 * socket inside HOST; KIND "ip4", "ip6", "link" (bound to IFNAME) or
 * "sniff" (receives every frame of the host) */
static int l_craft_open(lua_State *L)
{
	static const char *const kinds[] = {"ip4", "ip6", "link", "sniff", NULL};
	int netns = nlab_lhost_check(L, 1);
	int kind = nlab_checkoption(L, 2, NULL, kinds);
	const char *ifname = kind == NLAB_CRAFT_LINK ? nlab_checkstring(L, 3, NULL) : NULL;
	lcsock *s = lua_newuserdatauv(L, sizeof *s, 0);
	*s = (lcsock){.fd = -1, .kind = kind};
	luaL_setmetatable(L, NLAB_CRAFTSOCK);
	int rc = nlab_craft_open(netns, kind, ifname, &s->fd, &s->ifindex);
	if (rc == -ENODEV && ifname) { /* strerror's "No such device" names nothing */
		lua_pushnil(L);
		lua_pushfstring(L, "no interface %s", ifname);
		lua_pushinteger(L, ENODEV);
		return 3;
	}
	return rc != 0 ? nlab_push_error(L, rc) : 1;
}

/* sock:send(wire | bytes) -> bytes sent | nil, "wantwrite" | nil, msg,
 * errno; nil, "closed" once closed (the lab closed it: the Lua side then
 * says which host) */
static int l_csock_send(lua_State *L)
{
	lcsock *s = check_fast(L, 1, csock_meta_ptr, NLAB_CRAFTSOCK);
	if (s->fd < 0)
		return nlab_push_error(L, NLAB_ECLOSED);
	lwire *w = test_fast(L, 2, wire_meta);
	size_t n;
	const uint8_t *p;
	if (w) {
		wire_refresh(w);
		p = w->data, n = w->len;
	} else {
		p = (const uint8_t *)luaL_checklstring(L, 2, &n);
	}
	long r = nlab_craft_send(s->fd, s->kind, p, n);
	if (r == -EAGAIN)
		return nlab_push_want(L, "wantwrite");
	if (r < 0)
		return nlab_push_error(L, (int)r);
	lua_pushinteger(L, r);
	return 1;
}

/* sock:receive() -> frame, outgoing | nil, "wantread" | nil, msg, errno:
 * one frame the host saw (OUTGOING true for one it sent) */
static int l_csock_receive(lua_State *L)
{
	lcsock *s = check_csock(L, 1);
	luaL_Buffer b;
	uint8_t *buf = (uint8_t *)luaL_buffinitsize(L, &b, 65536);
	int out = 0;
	long r = nlab_craft_recv(s->fd, buf, 65536, &out);
	if (r == -EAGAIN)
		return nlab_push_want(L, "wantread");
	if (r < 0)
		return nlab_push_error(L, (int)r);
	luaL_pushresultsize(&b, (size_t)(r > 65536 ? 65536 : r));
	lua_pushboolean(L, out);
	return 2;
}

/* sock:getfd() -> fd (-1 once closed) */
static int l_csock_getfd(lua_State *L)
{
	lua_pushinteger(L, ((lcsock *)luaL_checkudata(L, 1, NLAB_CRAFTSOCK))->fd);
	return 1;
}

/* __gc, __close and sock:close(): the same closer, safe to run twice. */
static int l_csock_close(lua_State *L)
{
	lcsock *s = luaL_checkudata(L, 1, NLAB_CRAFTSOCK);
	if (s->fd >= 0) {
		nlab_loop_forget(nlab_loop_default(), s->fd); /* fd reused later */
		close(s->fd);
	}
	s->fd = -1;
	return 0;
}

/* tostring(sock): "raw socket link (fd 12)" or "raw socket (closed)" */
static int l_csock_tostring(lua_State *L)
{
	static const char *const kinds[] = {"ip4", "ip6", "link", "sniff"};
	lcsock *s = luaL_checkudata(L, 1, NLAB_CRAFTSOCK);
	if (s->fd < 0)
		lua_pushliteral(L, "raw socket (closed)");
	else
		lua_pushfstring(L, "raw socket %s (fd %d)", kinds[s->kind], s->fd);
	return 1;
}

static const luaL_Reg wire_metamethods[] = {
	{"__len", l_wire_len}, {"__tostring", l_wire_tostring}, {NULL, NULL}};
static const luaL_Reg wire_methods[] = {{"set", l_wire_set}, {"bytes", l_wire_bytes}, {NULL, NULL}};
static const luaL_Reg csock_meta[] = {
	{"__gc", l_csock_close}, {"__close", l_csock_close}, {"__tostring", l_csock_tostring},
	{NULL, NULL}};
static const luaL_Reg csock_methods[] = {
	{"send", l_csock_send}, {"receive", l_csock_receive}, {"getfd", l_csock_getfd},
	{"close", l_csock_close}, {NULL, NULL}};
static const luaL_Reg funcs[] = {
	{"sum", l_craft_sum}, {"pton", l_craft_pton}, {"wire", l_craft_wire}, {"fix", l_craft_fix}, {"open", l_craft_open},
	/* the hot methods as plain functions, for loops that keep them local */
	{"set", l_wire_set}, {"send", l_csock_send}, {NULL, NULL}};

int luaopen_netlab_craft(lua_State *L)
{
	nlab_createmeta(L, NLAB_WIRE, wire_metamethods, wire_methods);
	nlab_createmeta(L, NLAB_CRAFTSOCK, csock_meta, csock_methods);
	luaL_getmetatable(L, NLAB_WIRE);
	wire_meta = lua_topointer(L, -1);
	luaL_getmetatable(L, NLAB_CRAFTSOCK);
	csock_meta_ptr = lua_topointer(L, -1);
	lua_pop(L, 2);
	luaL_newlib(L, funcs);
	luaL_getmetatable(L, NLAB_CRAFTSOCK); /* lab_craft.lua links close to the scheduler */
	lua_setfield(L, -2, "sock_meta");
	return 1;
}
