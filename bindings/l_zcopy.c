/* l_zcopy.c - "netlab.c.zcopy": copies the kernel makes between fds
 * without the bytes entering netlab's memory (core/sockets/zcopy.h):
 * sendfile from a file to a stream socket, splice from one stream socket
 * through a pipe to another. Nothing here waits: each call moves what it
 * can now or says "wantread"/"wantwrite", and scripts/netlab/zcopy.lua
 * waits with the scheduler, as netlab.sendfile and netlab.splice.
 *
 *   zcopy._source(sock, file_or_fd, offset, count) -> fd, start, count
 *   zcopy._sendfile(sock, file_or_fd, pos, n) -> moved | nil, "wantwrite"
 *   zcopy._setpos(file_or_fd, pos)
 *   zcopy._check_splice(from, to, count)
 *   zcopy._buffered(sock, n) -> the bytes netlab had read ahead (taken)
 *   zcopy.pipe() -> p   p:_pull(from, n)  p:_push(to)  p:held()  p:close() */
#include "lnetlab.h"
#include "modules.h"

#include "error.h"
#include "zcopy.h"

#include <errno.h>
#include <sys/socket.h>
#include <sys/stat.h>
#include <unistd.h>

#define NLAB_ZPIPE "netlab.zpipe"

/* The pipe's size asked for: fewer, larger splices. */
#define PIPE_SIZE (1 << 20)

/* The pipe userdata: its two ends (-1 once closed) and the bytes in it. */
typedef struct lzpipe {
	int r, w;
	size_t held;
} lzpipe;

/* Checks that ARG is an open, connected stream socket (tcp or unix). */
static lsock *check_stream(lua_State *L, int arg)
{
	lsock *s = nlab_lsock_check(L, arg);
	if (!s->is_socket)
		nlab_argerror(L, arg, "socket expected, got a file or pipe (netlab.fd)");
	if (s->type != SOCK_STREAM)
		nlab_argerror(L, arg, "stream socket expected (tcp or unix), got a datagram socket");
	if (s->role == LSOCK_SERVER)
		nlab_argerror(L, arg, "connected socket expected, got a listening one");
	if (s->role != LSOCK_CLIENT)
		nlab_argerror(L, arg, "connected socket expected, got one not connected");
	return s;
}

/* luaL_checkinteger whose errors are nlab_argerror's (they name the
 * public function). */
static lua_Integer check_int(lua_State *L, int arg)
{
	int isint = 0;
	lua_Integer n = lua_tointegerx(L, arg, &isint);
	if (!isint)
		nlab_argerror(L, arg, lua_type(L, arg) == LUA_TNUMBER
				      ? "number has no integer representation"
				      : lua_pushfstring(L, "number expected, got %s", luaL_typename(L, arg)));
	return n;
}

/* Reads an optional byte count or offset at ARG: -1 when nil. */
static long long opt_count(lua_State *L, int arg, const char *what)
{
	if (lua_isnoneornil(L, arg))
		return -1;
	lua_Integer n = check_int(L, arg);
	if (n < 0)
		nlab_argerror(L, arg, lua_pushfstring(L, "negative %s", what));
	return (long long)n;
}

/* The fd of argument ARG: an open Lua file (io.open) or an fd number. */
static int check_file(lua_State *L, int arg)
{
	luaL_Stream *f = luaL_testudata(L, arg, LUA_FILEHANDLE);
	if (f != NULL) {
		if (f->closef == NULL)
			nlab_error(L, "attempt to use a closed file");
		return fileno(f->f);
	}
	if (lua_type(L, arg) != LUA_TNUMBER) {
		const char *got = luaL_typename(L, arg);
		if (luaL_getmetafield(L, arg, "__name") == LUA_TSTRING)
			got = lua_tostring(L, -1);
		nlab_argerror(L, arg, lua_pushfstring(L, "file or fd number expected, got %s", got));
	}
	lua_Integer fd = check_int(L, arg);
	if (fd < 0 || fd > 0x7fffffff)
		nlab_argerror(L, arg, "fd number expected, got a negative or huge number");
	return (int)fd;
}

/* The size of regular file FD (argument ARG); raises unless it is one. */
static long long file_size(lua_State *L, int arg, int fd)
{
	struct stat st;
	if (fstat(fd, &st) != 0)
		nlab_argerror(L, arg, lua_pushfstring(L, "fd %d is not open", fd));
	if (!S_ISREG(st.st_mode))
		nlab_argerror(L, arg, S_ISSOCK(st.st_mode)
				      ? "regular file expected, got a socket (netlab.splice moves between sockets)"
				      : "regular file expected");
	return (long long)st.st_size;
}

/* Where a file's reading position is: its Lua stream's (what it has
 * buffered counts as read) or its fd's. */
static long long file_pos(lua_State *L, int arg, int fd)
{
	luaL_Stream *f = luaL_testudata(L, arg, LUA_FILEHANDLE);
	long long pos = f ? (long long)ftell(f->f) : (long long)lseek(fd, 0, SEEK_CUR);
	return pos < 0 ? 0 : pos;
}

/* zcopy._source(sock, file_or_fd, offset, count) -> fd, start, count:
 * sendfile's arguments checked; START defaults to the file's position,
 * COUNT to the rest of the file (no further than its end). */
static int l_zcopy_source(lua_State *L)
{
	check_stream(L, 1);
	int fd = check_file(L, 2);
	long long offset = opt_count(L, 3, "offset");
	long long count = opt_count(L, 4, "byte count");
	long long size = file_size(L, 2, fd);
	long long start = offset >= 0 ? offset : file_pos(L, 2, fd);
	long long left = start < size ? size - start : 0;
	lua_pushinteger(L, fd);
	lua_pushinteger(L, (lua_Integer)start);
	lua_pushinteger(L, (lua_Integer)(count >= 0 && count < left ? count : left));
	return 3;
}

/* zcopy._sendfile(sock, file_or_fd, pos, n, started) -> moved |
 * nil, "wantwrite" | nil, message, errno: one sendfile of N bytes from
 * POS. When nothing else could run (the main chunk, no task or timer: as
 * sock:send) it blocks in the kernel within the socket's timeouts,
 * counted from STARTED (nil, "timeout" when they run out), instead of
 * saying "wantwrite" for the scheduler's wait. */
static int l_zcopy_sendfile(lua_State *L)
{
	lsock *s = check_stream(L, 1);
	int fd = check_file(L, 2);
	long long pos = (long long)luaL_checkinteger(L, 3);
	size_t n = (size_t)luaL_checkinteger(L, 4), moved = 0;
	luaL_checknumber(L, 5);
	lua_settop(L, 5);
	int block = nlab_sockio_block_now(L, s, 5, 1), rc;
	do
		rc = nlab_zcopy_sendfile(s->fd, fd, &pos, n, &moved, block);
	while (block && moved == 0 && rc != 0 && nlab_sockio_blocked_again(L, &rc));
	if (rc == -EAGAIN)
		return nlab_push_want(L, "wantwrite");
	if (rc != 0)
		return nlab_push_error(L, rc);
	s->sent += (lua_Number)moved;
	lua_pushinteger(L, (lua_Integer)moved);
	return 1;
}

/* zcopy._setpos(file_or_fd, pos): moves the file's position to POS, as a
 * read of the bytes sent would have. */
static int l_zcopy_setpos(lua_State *L)
{
	int fd = check_file(L, 1);
	lua_Integer pos = luaL_checkinteger(L, 2);
	luaL_Stream *f = luaL_testudata(L, 1, LUA_FILEHANDLE);
	int failed = f ? fseek(f->f, (long)pos, SEEK_SET) != 0
		       : lseek(fd, (off_t)pos, SEEK_SET) < 0;
	if (failed)
		return nlab_push_error(L, nlab_errno());
	lua_pushinteger(L, 1);
	return 1;
}

/* zcopy._check_splice(from, to, count) -> count (-1: to the end). */
static int l_zcopy_check_splice(lua_State *L)
{
	lsock *from = check_stream(L, 1), *to = check_stream(L, 2);
	long long count = opt_count(L, 3, "byte count");
	if (from == to)
		nlab_argerror(L, 2, "a socket other than the one read from expected");
	lua_pushinteger(L, (lua_Integer)count);
	return 1;
}

/* zcopy._buffered(sock, n) -> up to N bytes netlab's receive had read
 * ahead of the script (taken from its buffer), or "". */
static int l_zcopy_buffered(lua_State *L)
{
	lsock *s = nlab_lsock_check(L, 1);
	lua_Integer n = luaL_checkinteger(L, 2);
	size_t avail = nlab_rbuf_avail(&s->rb);
	size_t len = n >= 0 && (size_t)n < avail ? (size_t)n : avail;
	lua_pushlstring(L, len ? nlab_rbuf_peek(&s->rb) : "", len);
	nlab_rbuf_skip(&s->rb, len);
	return 1;
}

/* The pipe ------------------------------------------------------------ */

/* Closes both ends; safe to call twice (close, __gc and __close). */
static int l_zpipe_close(lua_State *L)
{
	lzpipe *p = nlab_checkudata(L, 1, NLAB_ZPIPE);
	if (p->r >= 0)
		close(p->r);
	if (p->w >= 0)
		close(p->w);
	p->r = p->w = -1;
	p->held = 0;
	return 0;
}

/* Checks that ARG is an open pipe. */
static lzpipe *check_pipe(lua_State *L, int arg)
{
	lzpipe *p = nlab_checkudata(L, arg, NLAB_ZPIPE);
	if (p->r < 0)
		nlab_error(L, "attempt to use a closed pipe");
	return p;
}

/* zcopy.pipe() -> pipe | nil, message, errno */
static int l_zcopy_pipe(lua_State *L)
{
	lzpipe *p = lua_newuserdatauv(L, sizeof *p, 0); /* closed until open */
	*p = (lzpipe){.r = -1, .w = -1};
	luaL_setmetatable(L, NLAB_ZPIPE);
	int fds[2];
	int rc = nlab_zcopy_pipe(fds, PIPE_SIZE);
	if (rc != 0)
		return nlab_push_error(L, rc);
	p->r = fds[0];
	p->w = fds[1];
	return 1;
}

/* p:_pull(from, n) -> moved (0: FROM's end) | nil, "wantread" | nil,
 * message, errno: up to N bytes of socket FROM into the pipe. */
static int l_zpipe_pull(lua_State *L)
{
	lzpipe *p = check_pipe(L, 1);
	lsock *from = check_stream(L, 2);
	size_t n = (size_t)luaL_checkinteger(L, 3), moved = 0;
	int rc = nlab_zcopy_splice(from->fd, p->w, n, &moved);
	if (rc == -EAGAIN)
		return nlab_push_want(L, "wantread");
	if (rc != 0)
		return nlab_push_error(L, rc);
	p->held += moved;
	from->received += (lua_Number)moved;
	lua_pushinteger(L, (lua_Integer)moved);
	return 1;
}

/* p:_push(to) -> moved | nil, "wantwrite" | nil, message, errno: what the
 * pipe holds (some of it) into socket TO. */
static int l_zpipe_push(lua_State *L)
{
	lzpipe *p = check_pipe(L, 1);
	lsock *to = check_stream(L, 2);
	size_t moved = 0;
	int rc = p->held ? nlab_zcopy_splice(p->r, to->fd, p->held, &moved) : 0;
	if (rc == -EAGAIN)
		return nlab_push_want(L, "wantwrite");
	if (rc != 0)
		return nlab_push_error(L, rc);
	p->held -= moved;
	to->sent += (lua_Number)moved;
	lua_pushinteger(L, (lua_Integer)moved);
	return 1;
}

/* p:held() -> the bytes in the pipe, not yet pushed */
static int l_zpipe_held(lua_State *L)
{
	lua_pushinteger(L, (lua_Integer)check_pipe(L, 1)->held);
	return 1;
}

/* tostring(p) -> "netlab.zpipe (fds R, W)" or "netlab.zpipe (closed)" */
static int l_zpipe_tostring(lua_State *L)
{
	lzpipe *p = nlab_checkudata(L, 1, NLAB_ZPIPE);
	if (p->r < 0)
		lua_pushliteral(L, NLAB_ZPIPE " (closed)");
	else
		lua_pushfstring(L, NLAB_ZPIPE " (fds %d, %d)", p->r, p->w);
	return 1;
}

static const luaL_Reg zpipe_methods[] = {
	{"_pull", l_zpipe_pull},
	{"_push", l_zpipe_push},
	{"held", l_zpipe_held},
	{"close", l_zpipe_close},
	{NULL, NULL},
};

static const luaL_Reg zpipe_meta[] = {
	{"__tostring", l_zpipe_tostring},
	{"__gc", l_zpipe_close},
	{"__close", l_zpipe_close},
	{NULL, NULL},
};

static const luaL_Reg zcopy_funcs[] = {
	{"_source", l_zcopy_source},
	{"_sendfile", l_zcopy_sendfile},
	{"_setpos", l_zcopy_setpos},
	{"_check_splice", l_zcopy_check_splice},
	{"_buffered", l_zcopy_buffered},
	{"pipe", l_zcopy_pipe},
	{NULL, NULL},
};

int luaopen_netlab_zcopy(lua_State *L)
{
	nlab_createmeta(L, NLAB_ZPIPE, zpipe_meta, zpipe_methods);
	luaL_newlib(L, zcopy_funcs);
	luaL_getmetatable(L, NLAB_ZPIPE);
	lua_setfield(L, -2, "meta");
	return 1;
}
