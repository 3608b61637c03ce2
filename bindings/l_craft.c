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
#include <stdlib.h>
#include <string.h>
#include <sys/socket.h>
#include <unistd.h>

#define NLAB_WIRE "netlab.craft.wire"
#define NLAB_CRAFTSOCK "netlab.craft.socket"
#define NLAB_BATCH "netlab.batch"

/* The most frames a batch holds, and the bytes it keeps per frame. */
#define BATCH_MAX 1024
#define BATCH_SLOT 2048

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

/* Frames queued for one sendmmsg on a link socket (its user value 1;
 * user value 2 is the table of which socket each crafted packet's wire
 * was built for). BUF is one block: the frames' bytes, then their
 * iovecs and message headers. */
typedef struct lbatch {
	unsigned size;	/* the frames it holds before it sends them */
	unsigned n;	/* frames queued */
	unsigned head;	/* the first queued frame not yet sent */
	size_t used, cap; /* bytes of frames queued, and room for them */
	int closed;
	uint8_t *buf;
	struct iovec *iov;
	struct mmsghdr *msgs;
} lbatch;

/* The metatables of the three types, for the checks of the hot paths. */
static const void *wire_meta, *csock_meta_ptr, *batch_meta;

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


/* batches ------------------------------------------------------------ */

/* craft.batch(sock, size) -> batch: SIZE frames (1 to 1024) queued for
 * link socket SOCK, sent by one sendmmsg when full or flushed */
static int l_craft_batch(lua_State *L)
{
	lcsock *s = check_fast(L, 1, csock_meta_ptr, NLAB_CRAFTSOCK);
	lua_Integer size = luaL_checkinteger(L, 2);
	luaL_argcheck(L, size >= 1 && size <= BATCH_MAX, 2, "batch size out of range (1 to 1024)");
	luaL_argcheck(L, s->kind == NLAB_CRAFT_LINK, 1, "link socket expected");
	luaL_checktype(L, 3, LUA_TTABLE);
	lbatch *b = lua_newuserdatauv(L, sizeof *b, 2);
	*b = (lbatch){.size = (unsigned)size, .closed = 1};
	luaL_setmetatable(L, NLAB_BATCH);
	size_t cap = (size_t)size * BATCH_SLOT < 65536 ? 65536 : (size_t)size * BATCH_SLOT;
	size_t vec = (size_t)size * (sizeof(struct iovec) + sizeof(struct mmsghdr));
	b->buf = malloc(cap + vec);
	if (!b->buf)
		return luaL_error(L, "not enough memory");
	b->cap = cap;
	b->msgs = (struct mmsghdr *)(b->buf + cap);
	b->iov = (struct iovec *)(b->msgs + size);
	b->closed = 0;
	lua_pushvalue(L, 1);
	lua_setiuservalue(L, -2, 1);
	lua_pushvalue(L, 3);
	lua_setiuservalue(L, -2, 2);
	return 1;
}

/* The batch at index 1, open; raises otherwise (at the script's line). */
static lbatch *check_batch(lua_State *L)
{
	lbatch *b = check_fast(L, 1, batch_meta, NLAB_BATCH);
	if (b->closed)
		nlab_error(L, "attempt to use a closed batch");
	return b;
}

/* The fd of B's socket (user value 1 of the batch at index 1), -1 once
 * the socket is closed. */
static int batch_fd(lua_State *L)
{
	lua_getiuservalue(L, 1, 1);
	lcsock *s = lua_touserdata(L, -1);
	lua_pop(L, 1);
	return s ? s->fd : -1;
}

/* Sends what B holds. Returns 0 once all went (failed frames dropped,
 * the first failure's code in *ERR), -EAGAIN while the socket's buffer
 * is full (the rest kept), or NLAB_ECLOSED. */
static int batch_send(lua_State *L, lbatch *b, int *err)
{
	int fd = batch_fd(L);
	if (fd < 0)
		return NLAB_ECLOSED;
	while (b->head < b->n) {
		long r = nlab_craft_sendmmsg(fd, b->msgs + b->head, b->n - b->head);
		if (r == -EAGAIN)
			return -EAGAIN;
		if (r < 0) { /* this frame failed: it is dropped, the rest go */
			if (*err == 0)
				*err = (int)r;
			r = 1;
		}
		b->head += (unsigned)r;
	}
	b->n = b->head = 0;
	b->used = 0;
	return 0;
}

/* Pushes the outcome of batch_send (RC, ERR) for N frames: N, or nil
 * and why. */
static int push_sent(lua_State *L, int rc, int err, lua_Integer n)
{
	if (rc == -EAGAIN)
		return nlab_push_want(L, "wantwrite");
	if (rc != 0 || err != 0)
		return nlab_push_error(L, rc != 0 ? rc : err);
	lua_pushinteger(L, n);
	return 1;
}

/* The bytes of the frame at index 2 for B's socket: a wire (checksums
 * refreshed), a string, or a crafted packet whose wire was built for
 * this socket; NULL for anything else (a crafted packet that needs its
 * wire built, or not a frame). */
static const uint8_t *frame_bytes(lua_State *L, size_t *n)
{
	lwire *w = test_fast(L, 2, wire_meta);
	if (!w && lua_type(L, 2) == LUA_TTABLE) {
		lua_getiuservalue(L, 1, 2);
		lua_pushvalue(L, 2);
		lua_rawget(L, -2); /* the socket its wire was built for */
		lua_getiuservalue(L, 1, 1);
		int mine = lua_rawequal(L, -1, -2);
		lua_pop(L, 3);
		if (!mine || lua_getfield(L, 2, "_wire") != LUA_TUSERDATA ||
		    !(w = test_fast(L, -1, wire_meta)))
			return NULL;
		lua_pop(L, 1); /* the packet keeps its wire */
	}
	if (w) {
		wire_refresh(w);
		*n = w->len;
		return w->data;
	}
	if (lua_type(L, 2) != LUA_TSTRING)
		return NULL; /* lab_craft.lua says what was wrong */
	return (const uint8_t *)lua_tolstring(L, 2, n);
}

/* Queues the N bytes at P as B's next frame (room checked). */
static void batch_put(lbatch *b, const uint8_t *p, size_t n)
{
	uint8_t *at = b->buf + b->used;
	memcpy(at, p, n);
	b->iov[b->n] = (struct iovec){at, n};
	b->msgs[b->n] = (struct mmsghdr){.msg_hdr = {.msg_iov = &b->iov[b->n], .msg_iovlen = 1}};
	b->n++;
	b->used += n;
}

/* add(batch, frame) -> bytes queued | false (not bytes, nor a crafted
 * packet whose wire is built for this socket) | nil, "wantwrite" (full, not queued) |
 * nil, msg, errno (sending the full batch failed: the frames that failed
 * are dropped) */
static int l_batch_add(lua_State *L)
{
	lbatch *b = check_batch(L);
	if (batch_fd(L) < 0)
		return nlab_push_error(L, NLAB_ECLOSED);
	size_t n;
	const uint8_t *p = frame_bytes(L, &n);
	if (!p) {
		lua_pushboolean(L, 0);
		return 1;
	}
	if (n > b->cap)
		nlab_argerror(L, 2, "frame too long for a batch (64 KiB at most)");
	int err = 0, rc = 0;
	if (b->n == b->size || b->used + n > b->cap)
		rc = batch_send(L, b, &err);
	if (rc != 0 || err != 0)
		return push_sent(L, rc, err, 0);
	batch_put(b, p, n);
	if (b->n == b->size && (rc = batch_send(L, b, &err)) == -EAGAIN)
		rc = 0; /* queued: the next add or flush sends them */
	return push_sent(L, rc, err, (lua_Integer)n);
}

/* flush(batch) -> frames sent | nil, "wantwrite" (the rest kept) |
 * nil, msg, errno (the frames that failed are dropped, the rest sent) */
static int l_batch_flush(lua_State *L)
{
	lbatch *b = check_batch(L);
	int err = 0;
	lua_Integer n = b->n - b->head;
	int rc = batch_send(L, b, &err);
	return push_sent(L, rc, err, n);
}

/* #batch -> the frames queued, not yet sent */
static int l_batch_len(lua_State *L)
{
	lbatch *b = check_batch(L);
	lua_pushinteger(L, b->n - b->head);
	return 1;
}

/* batch_fd(batch) -> its socket's fd (-1 once closed), to wait on */
static int l_batch_fd(lua_State *L)
{
	check_fast(L, 1, batch_meta, NLAB_BATCH);
	lua_pushinteger(L, batch_fd(L));
	return 1;
}

/* __gc and batch_drop(batch): frees the queue; frames not sent are dropped.
 * Safe to call twice. */
static int l_batch_drop(lua_State *L)
{
	lbatch *b = check_fast(L, 1, batch_meta, NLAB_BATCH);
	free(b->buf);
	b->buf = NULL;
	b->closed = 1;
	b->n = b->head = 0;
	return 0;
}

/* tostring(batch): "frame batch (3 of 64 queued)" or "frame batch (closed)" */
static int l_batch_tostring(lua_State *L)
{
	lbatch *b = check_fast(L, 1, batch_meta, NLAB_BATCH);
	if (b->closed)
		lua_pushliteral(L, "frame batch (closed)");
	else
		lua_pushfstring(L, "frame batch (%d of %d queued)", (int)(b->n - b->head), (int)b->size);
	return 1;
}

static const luaL_Reg batch_meta_funcs[] = {
	{"__gc", l_batch_drop}, {"__len", l_batch_len}, {"__tostring", l_batch_tostring}, {NULL, NULL}};
static const luaL_Reg batch_methods[] = {
	{"flush", l_batch_flush}, {NULL, NULL}}; /* lab_craft.lua wraps it, adds add and close */
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
	{"batch", l_craft_batch}, {"batch_add", l_batch_add}, {"batch_fd", l_batch_fd}, {"batch_drop", l_batch_drop},
	/* the hot methods as plain functions, for loops that keep them local */
	{"set", l_wire_set}, {"send", l_csock_send}, {NULL, NULL}};

int luaopen_netlab_craft(lua_State *L)
{
	nlab_createmeta(L, NLAB_WIRE, wire_metamethods, wire_methods);
	nlab_createmeta(L, NLAB_CRAFTSOCK, csock_meta, csock_methods);
	nlab_createmeta(L, NLAB_BATCH, batch_meta_funcs, batch_methods);
	luaL_getmetatable(L, NLAB_BATCH);
	batch_meta = lua_topointer(L, -1);
	lua_pop(L, 1);
	luaL_getmetatable(L, NLAB_WIRE);
	wire_meta = lua_topointer(L, -1);
	luaL_getmetatable(L, NLAB_CRAFTSOCK);
	csock_meta_ptr = lua_topointer(L, -1);
	lua_pop(L, 2);
	luaL_newlib(L, funcs);
	luaL_getmetatable(L, NLAB_CRAFTSOCK); /* lab_craft.lua links close to the scheduler */
	lua_setfield(L, -2, "sock_meta");
	luaL_getmetatable(L, NLAB_BATCH); /* lab_craft.lua adds sendp, close */
	lua_setfield(L, -2, "batch_meta");
	return 1;
}
