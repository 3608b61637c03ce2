/* l_sockio.c - the I/O methods of netlab.socket that may wait: accept,
 * connect, send, receive, sendto, receivefrom, and receive_into and
 * receivefrom_into, which fill a netlab.buffer (bindings/l_buffer.c)
 * instead of making a string.
 *
 * Each one tries the kernel without blocking. When the kernel says "not
 * now" it calls the scheduler's wait_io(fd, mode, timeout) (scripts/netlab
 * /sched.lua) with lua_callk: inside a task that call yields and the
 * method goes on in its continuation (a *_k function) when the fd is
 * ready; in the main chunk wait_io runs the other tasks until then. When
 * nothing else could run at all, a receive simply blocks in the kernel.
 *
 * A method's stack: its arguments (lua_settop to a fixed count), then a
 * START slot (when the call first waited, for the total timeout) and,
 * for send, a POS slot (the next byte to send). */
#include "lnetlab.h"
#include "modules.h"

#include "error.h"
#include "intr.h"
#include "loop.h"
#include "sock.h"

#include <errno.h>
#include <string.h>
#include <sys/socket.h>

/* Registry key of the scheduler's wait_io function. */
#define WAIT_IO "netlab.wait_io"

/* The largest datagram a receive takes when no size is given. */
#define DGRAM_MAX 65535

int nlab_sched_others;

/* Datagrams land here first: one buffer, no allocation per receive. */
static char dgram_buf[256 * 1024];

/* The socket a method runs on, checked when the method was entered; a
 * loop resumed after a wait finds it closed (fd -1) if a task closed it. */
static lsock *self_of(lua_State *L) { return lua_touserdata(L, 1); }

/* How long the next wait may last: the block timeout, capped by what the
 * total timeout leaves since the call first waited (slot START). Returns
 * 0 when no time is left, a negative number for no limit. */
static double wait_budget(lua_State *L, const lsock *s, int start)
{
	if (lua_isnil(L, start)) {
		lua_pushnumber(L, nlab_now());
		lua_replace(L, start);
	}
	double t = s->block;
	if (s->total >= 0) {
		double left = s->total - (nlab_now() - lua_tonumber(L, start));
		if (left < 0)
			left = 0;
		if (t < 0 || left < t)
			t = left;
	}
	return t;
}

/* Turns the two results of wait_io on the stack into 0 (ready),
 * NLAB_ETIMEOUT or NLAB_ECLOSED (the socket was closed meanwhile). */
static int wait_outcome(lua_State *L)
{
	int ok = lua_toboolean(L, -2);
	const char *err = lua_tostring(L, -1);
	int rc = ok ? 0 : (err && strcmp(err, "closed") == 0 ? NLAB_ECLOSED : NLAB_ETIMEOUT);
	lua_pop(L, 2);
	return rc == 0 && self_of(L)->fd < 0 ? NLAB_ECLOSED : rc;
}

/* Waits until S's fd is ready for MODE ("r" or "w") within the budget,
 * continuing in K (given CTX) if the wait yields. Returns 0 when ready,
 * else a code. */
static int wait_fd_k(lua_State *L, lsock *s, const char *mode, int start,
		     lua_KFunction k, lua_KContext ctx)
{
	double t = wait_budget(L, s, start);
	if (t == 0)
		return NLAB_ETIMEOUT;
	lua_getfield(L, LUA_REGISTRYINDEX, WAIT_IO);
	lua_pushinteger(L, s->fd);
	lua_pushstring(L, mode);
	if (t < 0)
		lua_pushnil(L);
	else
		lua_pushnumber(L, t);
	lua_callk(L, 3, 2, ctx, k);
	return wait_outcome(L);
}

/* wait_fd_k for the methods whose continuation needs no context. */
static int wait_fd(lua_State *L, lsock *s, const char *mode, int start,
		   lua_KFunction k)
{
	return wait_fd_k(L, s, mode, start, k, 0);
}

/* Decides whether a receive (or, SENDING, a send) blocks the whole
 * process in the kernel: only in the main chunk with no task or timer
 * that could need the time, on a socket no child program shares, with
 * time left to wait. If so, arms SO_RCVTIMEO (SO_SNDTIMEO) with what the
 * timeouts allow and returns 1. */
int nlab_sockio_block_now(lua_State *L, lsock *s, int start, int sending)
{
	if (nlab_sched_others != 0 || !s->is_socket || s->shared || lua_isyieldable(L))
		return 0;
	double t = s->total < 0 ? s->block : wait_budget(L, s, start);
	if (t == 0)
		return 0; /* no time to wait: try once, then time out */
	double want = t < 0 ? 0 : t;
	double *armed = sending ? &s->sndtimeo : &s->rcvtimeo;
	if (want != *armed) {
		int rc = sending ? nlab_sock_set_sndtimeo(s->fd, want)
				 : nlab_sock_set_rcvtimeo(s->fd, want);
		if (rc != 0)
			return 0;
		*armed = want;
	}
	return 1;
}

/* After a call that blocked in the kernel: Ctrl-C raises "interrupted!",
 * another signal asks to try again (returns 1), and "not now" means
 * SO_RCVTIMEO (SO_SNDTIMEO) ran out. */
int nlab_sockio_blocked_again(lua_State *L, int *rc)
{
	if (*rc == -EINTR) {
		if (nlab_intr_take())
			nlab_sigint_raise(L);
		return 1;
	}
	if (*rc == -EAGAIN)
		*rc = NLAB_ETIMEOUT;
	return 0;
}

/* accept ------------------------------------------------------------- */

enum { ACCEPT_START = 2 };

/* Tries to take a connection: pushes it and returns 1, or returns 0 if
 * none is waiting, or pushes the error triple. */
static int accept_try(lua_State *L, lsock *s)
{
	int fd, rc = nlab_sock_accept(s->fd, &fd);
	if (rc == -EAGAIN)
		return 0;
	if (rc != 0)
		return nlab_push_error(L, rc);
	lsock *c = nlab_lsock_new(L);
	c->fd = fd;
	c->family = s->family;
	c->type = s->type;
	c->is_socket = 1;
	c->role = LSOCK_CLIENT;
	c->block = s->block;
	c->total = s->total;
	nlab_lsock_track(L, -1);
	return 1;
}

static int accept_k(lua_State *L, int status, lua_KContext ctx);

/* Tries, waits, tries again until a connection, an error or a timeout. */
static int accept_loop(lua_State *L)
{
	lsock *s = self_of(L);
	for (;;) {
		int n = accept_try(L, s);
		if (n > 0)
			return n;
		int rc = wait_fd(L, s, "r", ACCEPT_START, accept_k);
		if (rc != 0)
			return nlab_push_error(L, rc);
	}
}

static int accept_k(lua_State *L, int status, lua_KContext ctx)
{
	(void)status, (void)ctx;
	int rc = wait_outcome(L);
	return rc != 0 ? nlab_push_error(L, rc) : accept_loop(L);
}

/* sock:accept() -> client socket | nil, message, errno */
static int l_socket_accept(lua_State *L)
{
	nlab_lsock_check(L, 1);
	lua_settop(L, ACCEPT_START);
	return accept_loop(L);
}

/* connect ------------------------------------------------------------ */

enum { CONNECT_START = 4 };

/* Pushes how a connect that was under way ended. */
static int connect_done(lua_State *L, int rc)
{
	lsock *s = self_of(L);
	if (rc == 0 && s->fd < 0)
		rc = NLAB_ECLOSED;
	if (rc == 0)
		rc = nlab_sock_connect_result(s->fd);
	return nlab_push_result(L, rc);
}

static int connect_k(lua_State *L, int status, lua_KContext ctx)
{
	(void)status, (void)ctx;
	return connect_done(L, wait_outcome(L));
}

/* sock:connect(host, port) | sock:connect(path) -> 1 | nil, message, errno */
static int l_socket_connect(lua_State *L)
{
	lsock *s = nlab_lsock_check(L, 1);
	nlab_addr a;
	int rc = nlab_check_addr(L, s, 2, &a);
	if (rc == 0)
		rc = nlab_sock_connect(s->fd, &a);
	if (rc == 0 || rc == -EINPROGRESS)
		s->role = LSOCK_CLIENT;
	if (rc != -EINPROGRESS)
		return nlab_push_result(L, rc);
	lua_settop(L, CONNECT_START);
	return connect_done(L, wait_fd(L, s, "w", CONNECT_START, connect_k));
}

/* sock:setpeername(host, port) -> 1 | nil, message, errno: a datagram
 * socket's fixed peer; "*" forgets it. */
static int l_socket_setpeername(lua_State *L)
{
	lsock *s = nlab_lsock_check(L, 1);
	const char *host = nlab_checkstring(L, 2, NULL);
	if (strcmp(host, "*") != 0)
		return l_socket_connect(L);
	int rc = nlab_sock_disconnect(s->fd);
	if (rc == 0)
		s->role = LSOCK_MASTER;
	return nlab_push_result(L, rc);
}

/* send --------------------------------------------------------------- */

enum { SEND_DATA = 2, SEND_START = 5, SEND_POS, SEND_LAST, SEND_TOP = SEND_LAST };

/* The bytes to send at ARG: a string (or a number, as LuaSocket takes),
 * or what a netlab.buffer holds (a closed one raises). */
static const char *send_data(lua_State *L, int arg, size_t *len)
{
	lbuf *b = nlab_lbuf_test(L, arg);
	if (b == NULL)
		return luaL_checklstring(L, arg, len);
	*len = b->len;
	return b->data;
}

/* Reads LuaSocket's byte range [i, j] of the data to send. */
static void check_range(lua_State *L, size_t len, size_t *first, size_t *last)
{
	lua_Integer i = luaL_optinteger(L, 3, 1), j = luaL_optinteger(L, 4, -1);
	if (i < 0)
		i = (lua_Integer)len + i + 1;
	if (i < 1)
		i = 1;
	if (j < 0)
		j = (lua_Integer)len + j + 1;
	if (j > (lua_Integer)len)
		j = (lua_Integer)len;
	*first = (size_t)i;
	*last = j < i ? (size_t)i - 1 : (size_t)j;
}

/* Pushes nil, message, index of the last byte sent[, errno]. */
static int send_failed(lua_State *L, int rc)
{
	lua_Integer pos = lua_tointeger(L, SEND_POS);
	int n = nlab_push_error(L, rc);
	lua_pushinteger(L, pos - 1);
	if (n == 3)
		lua_rotate(L, -2, 1);
	return n + 1;
}

static int send_k(lua_State *L, int status, lua_KContext ctx);

/* Sends data[pos..last] until all is sent, an error or a timeout. On a
 * datagram socket the range is one datagram, sent once even when empty
 * (a zero-length datagram is a datagram). The range was read when the
 * call began: a buffer refilled meanwhile still has its size. */
static int send_loop(lua_State *L)
{
	lsock *s = self_of(L);
	size_t len, sent;
	const char *data = send_data(L, SEND_DATA, &len);
	size_t last = (size_t)lua_tointeger(L, SEND_LAST);
	size_t pos = (size_t)lua_tointeger(L, SEND_POS);
	int dgram = s->type == SOCK_DGRAM;
	while (pos <= last || dgram) {
		int block = nlab_sockio_block_now(L, s, SEND_START, 1), rc;
		do
			rc = nlab_io_write(s->fd, s->is_socket, data + pos - 1,
					   last + 1 - pos, &sent, block);
		while (block && sent == 0 && nlab_sockio_blocked_again(L, &rc));
		pos += sent;
		s->sent += (lua_Number)sent;
		lua_pushinteger(L, (lua_Integer)pos);
		lua_replace(L, SEND_POS);
		if (rc == 0 && dgram)
			break;
		if (rc == -EAGAIN)
			rc = wait_fd(L, s, "w", SEND_START, send_k);
		if (rc != 0)
			return send_failed(L, rc);
	}
	lua_pushinteger(L, (lua_Integer)last);
	return 1;
}

static int send_k(lua_State *L, int status, lua_KContext ctx)
{
	(void)status, (void)ctx;
	int rc = wait_outcome(L);
	return rc != 0 ? send_failed(L, rc) : send_loop(L);
}

/* sock:send(data[, i[, j]]) -> index of the last byte sent |
 * nil, message, index of the last byte sent, errno; DATA a string (i, j
 * clamped, as LuaSocket does) or a buffer (i, j out of range raise) */
static int l_socket_send(lua_State *L)
{
	nlab_lsock_check(L, 1);
	size_t len, first, last;
	lbuf *b = nlab_lbuf_test(L, SEND_DATA);
	if (b != NULL) {
		nlab_lbuf_range(L, b, 3, &first, &last);
	} else {
		luaL_checklstring(L, SEND_DATA, &len);
		check_range(L, len, &first, &last);
	}
	lua_settop(L, SEND_TOP);
	lua_pushinteger(L, (lua_Integer)first);
	lua_replace(L, SEND_POS);
	lua_pushinteger(L, (lua_Integer)last);
	lua_replace(L, SEND_LAST);
	return send_loop(L);
}

/* sendto ------------------------------------------------------------- */

enum { SENDTO_START = 5 };

static int sendto_k(lua_State *L, int status, lua_KContext ctx);

/* Reads sendto's destination at ARG, remembering the last numeric one so
 * a ping-pong does not parse the same address for every datagram. */
static int check_dest(lua_State *L, lsock *s, int arg, nlab_addr *a)
{
	const char *host = nlab_tostring(L, arg);
	lua_Integer port = lua_tointeger(L, arg + 1);
	if (host && port == s->to_port && strcmp(host, s->to_host) == 0) {
		*a = s->to_addr;
		return 0;
	}
	int rc = nlab_check_addr(L, s, arg, a);
	if (rc == 0 && s->family != AF_UNIX && strlen(host) < sizeof s->to_host &&
	    nlab_addr_is_numeric(s->family, host)) {
		strcpy(s->to_host, host);
		s->to_port = port;
		s->to_addr = *a;
	}
	return rc;
}

/* Sends DATA (LEN bytes, argument 2) as one datagram, waiting while the
 * socket's buffer is full; after a wait the data is read again (a task
 * may have closed its buffer meanwhile). */
static int sendto_loop(lua_State *L, const char *data, size_t len)
{
	lsock *s = self_of(L);
	size_t sent = 0;
	nlab_addr a;
	int rc = s->fd < 0 ? NLAB_ECLOSED : check_dest(L, s, 3, &a);
	while (rc == 0) {
		rc = nlab_sock_sendto(s->fd, data, len, &a, &sent);
		if (rc != -EAGAIN)
			break;
		rc = wait_fd(L, s, "w", SENDTO_START, sendto_k);
		if (rc == 0)
			data = send_data(L, 2, &len);
	}
	if (rc != 0)
		return nlab_push_error(L, rc);
	s->sent += (lua_Number)sent;
	lua_pushinteger(L, (lua_Integer)sent);
	return 1;
}

static int sendto_k(lua_State *L, int status, lua_KContext ctx)
{
	(void)status, (void)ctx;
	int rc = wait_outcome(L);
	if (rc != 0)
		return nlab_push_error(L, rc);
	size_t len;
	const char *data = send_data(L, 2, &len);
	return sendto_loop(L, data, len);
}

/* sock:sendto(data, host, port) | sock:sendto(data, path) -> bytes sent |
 * nil, message, errno; DATA a string or a buffer (all it holds) */
static int l_socket_sendto(lua_State *L)
{
	nlab_lsock_check(L, 1);
	size_t len;
	const char *data = send_data(L, 2, &len); /* any bytes */
	lua_settop(L, SENDTO_START);
	return sendto_loop(L, data, len);
}

/* receive ------------------------------------------------------------ */

enum pattern { PAT_LINE, PAT_ALL, PAT_COUNT };
enum { RECV_PATTERN = 2, RECV_PREFIX, RECV_START, RECV_TOP = RECV_START };

/* Reads a receive pattern: "*l"/"l" (default), "*a"/"a", or a count. */
static enum pattern check_pattern(lua_State *L, int arg, size_t *count)
{
	if (lua_type(L, arg) == LUA_TNUMBER) {
		lua_Integer n = luaL_checkinteger(L, arg);
		luaL_argcheck(L, n >= 0, arg, "negative byte count");
		*count = (size_t)n;
		return PAT_COUNT;
	}
	const char *p = nlab_optstring(L, arg, "*l");
	if (*p == '*')
		p++;
	if (strcmp(p, "l") == 0)
		return PAT_LINE;
	if (strcmp(p, "a") == 0)
		return PAT_ALL;
	luaL_argerror(L, arg, "invalid pattern (\"*l\", \"*a\" or a byte count)");
	return PAT_ALL;
}

/* Adds LEN buffered bytes to B, without CRs when it is a line, and
 * consumes them (plus SKIP bytes more: the line's LF). */
static void take_bytes(lsock *s, luaL_Buffer *b, size_t len, int no_cr, size_t skip)
{
	const char *p = nlab_rbuf_peek(&s->rb);
	if (len + skip == 0)
		return;
	if (!no_cr) {
		luaL_addlstring(b, p, len);
	} else {
		for (size_t i = 0; i < len; i++)
			if (p[i] != '\r')
				luaL_addchar(b, p[i]);
	}
	nlab_rbuf_skip(&s->rb, len + skip);
}

/* Pushes prefix .. what the buffer holds for the pattern if it is all
 * there (or, AT_END, everything as a partial result); returns 1 if so. */
static int take_pattern(lua_State *L, lsock *s, enum pattern pat, size_t count, int at_end)
{
	size_t avail = nlab_rbuf_avail(&s->rb), len = 0, skip = 0;
	if (at_end)
		len = avail;
	else if (pat == PAT_LINE && nlab_rbuf_line(&s->rb, &len))
		skip = 1;
	else if (pat == PAT_COUNT && avail >= count)
		len = count;
	else
		return 0;
	if (pat != PAT_LINE && lua_isnil(L, RECV_PREFIX)) { /* bytes as they came */
		lua_pushlstring(L, len ? nlab_rbuf_peek(&s->rb) : "", len);
		nlab_rbuf_skip(&s->rb, len);
		return 1;
	}
	luaL_Buffer b;
	luaL_buffinit(L, &b);
	if (!lua_isnil(L, RECV_PREFIX)) {
		lua_pushvalue(L, RECV_PREFIX);
		luaL_addvalue(&b);
	}
	take_bytes(s, &b, len, pat == PAT_LINE, skip);
	luaL_pushresult(&b);
	return 1;
}

/* Pushes nil, message, partial[, errno] for a receive that failed. */
static int receive_failed(lua_State *L, lsock *s, enum pattern pat, int rc)
{
	int n = nlab_push_error(L, rc);
	take_pattern(L, s, pat, 0, 1);
	if (n == 3) /* errno goes after the partial result */
		lua_rotate(L, -2, 1);
	return n + 1;
}

/* Reads once into S's buffer for a pattern WANT bytes short, blocking in
 * the kernel when nothing else could run. */
static int receive_fill(lua_State *L, lsock *s, size_t want)
{
	size_t before = nlab_rbuf_avail(&s->rb);
	int block = nlab_sockio_block_now(L, s, RECV_START, 0), rc;
	do
		rc = nlab_rbuf_fill(&s->rb, s->fd, s->is_socket, want, block);
	while (block && nlab_sockio_blocked_again(L, &rc));
	s->received += (lua_Number)(nlab_rbuf_avail(&s->rb) - before);
	return rc;
}

static int receive_k(lua_State *L, int status, lua_KContext ctx);

/* The pattern of the receive on the stack; a count includes the prefix's
 * length, as in LuaSocket: receive(10, "abc") takes 7 more bytes. */
static enum pattern receive_pattern(lua_State *L, size_t *count)
{
	enum pattern pat = check_pattern(L, RECV_PATTERN, count);
	size_t plen = lua_isnil(L, RECV_PREFIX) ? 0 : lua_rawlen(L, RECV_PREFIX);
	if (pat == PAT_COUNT)
		*count = *count > plen ? *count - plen : 0;
	return pat;
}

/* Fills the buffer until the pattern is satisfied, the stream ends, an
 * error or a timeout. */
static int receive_loop(lua_State *L)
{
	lsock *s = self_of(L);
	size_t count = 0;
	enum pattern pat = receive_pattern(L, &count);
	for (;;) {
		if (take_pattern(L, s, pat, count, 0))
			return 1;
		size_t avail = nlab_rbuf_avail(&s->rb);
		int rc = receive_fill(L, s, pat == PAT_COUNT ? count - avail : 0);
		if (rc == -EAGAIN)
			rc = wait_fd(L, s, "r", RECV_START, receive_k);
		if (rc == NLAB_ECLOSED && pat == PAT_ALL && nlab_rbuf_avail(&s->rb) > 0)
			return take_pattern(L, s, pat, count, 1); /* "*a": all, if any */
		if (rc != 0)
			return receive_failed(L, s, pat, rc);
	}
}

static int receive_k(lua_State *L, int status, lua_KContext ctx)
{
	(void)status, (void)ctx;
	int rc = wait_outcome(L);
	if (rc != 0) {
		size_t count = 0;
		return receive_failed(L, self_of(L), receive_pattern(L, &count), rc);
	}
	return receive_loop(L);
}

/* Checks a datagram size argument (at most the datagram buffer). */
static size_t check_size(lua_State *L, int arg)
{
	lua_Integer n = luaL_optinteger(L, arg, DGRAM_MAX);
	luaL_argcheck(L, n >= 0, arg, "negative size");
	return (size_t)n < sizeof dgram_buf ? (size_t)n : sizeof dgram_buf;
}

/* receivefrom / receive on datagram sockets ------------------------------ */

enum { DGRAM_SIZE = 2, DGRAM_START, DGRAM_TOP = DGRAM_START };

/* Where a datagram lands: SIZE bytes at DATA; *WHOLE is its length
 * before SIZE cut it. */
typedef struct dgram_dest {
	char *data;
	size_t size, whole;
} dgram_dest;

/* Where dgram_receive asks to be called again: after a wait that did
 * not yield, the destination may have changed (a buffer closed). */
#define DGRAM_AGAIN 1

/* Receives one datagram into D, waiting through the scheduler or in the
 * kernel (slot START: when the call first waited); FROM (if not NULL)
 * gets the sender. Returns 0 with *GOT bytes in D, DGRAM_AGAIN, or a code. */
static int dgram_receive(lua_State *L, lsock *s, dgram_dest *d, nlab_addr *from,
			 size_t *got, int start, lua_KFunction k)
{
	int block = nlab_sockio_block_now(L, s, start, 0), rc;
	do
		rc = nlab_sock_recvfrom(s->fd, d->data, d->size, from, got, &d->whole, block);
	while (block && nlab_sockio_blocked_again(L, &rc));
	if (rc != -EAGAIN)
		return rc;
	rc = wait_fd_k(L, s, "r", start, k, from != NULL);
	return rc != 0 ? rc : DGRAM_AGAIN;
}

/* Pushes the sender's address text (ip or path), reusing the string of
 * the last sender (kept as the userdata's user value) when it is the same. */
static void push_sender(lua_State *L, lsock *s, const nlab_addr *from)
{
	if (from->len == s->from_addr.len &&
	    memcmp(&from->ss, &s->from_addr.ss, from->len) == 0) {
		if (lua_getiuservalue(L, 1, 1) == LUA_TSTRING)
			return;
		lua_pop(L, 1);
	}
	char text[NLAB_ADDR_TEXT];
	int port;
	if (nlab_addr_format(from, text, sizeof text, &port) != 0)
		text[0] = '\0';
	lua_pushstring(L, text);
	lua_pushvalue(L, -1);
	lua_setiuservalue(L, 1, 1);
	s->from_addr = *from;
}

/* Pushes the sender of a datagram after its data (already pushed), as
 * LuaSocket gives it: ip, port (or a unix path); returns the count. */
static int push_from(lua_State *L, lsock *s, const nlab_addr *from)
{
	if (from->len <= sizeof(sa_family_t)) { /* an unbound unix peer */
		lua_pushliteral(L, "");
		return 2;
	}
	push_sender(L, s, from);
	if (from->ss.ss_family == AF_UNIX)
		return 2;
	lua_pushinteger(L, nlab_addr_port(from));
	return 3;
}

/* Pushes a received datagram; for receivefrom also its sender. */
static int push_datagram(lua_State *L, lsock *s, const nlab_addr *from, size_t got)
{
	s->received += (lua_Number)got;
	lua_pushlstring(L, dgram_buf, got);
	return from == NULL ? 1 : push_from(L, s, from);
}

static int dgram_k(lua_State *L, int status, lua_KContext with_from);

/* Receives one datagram (and, if WITH_FROM, its sender). */
static int dgram_loop(lua_State *L, int with_from)
{
	lsock *s = self_of(L);
	nlab_addr from;
	size_t got = 0;
	dgram_dest d = {dgram_buf, check_size(L, DGRAM_SIZE), 0};
	int rc;
	do
		rc = dgram_receive(L, s, &d, with_from ? &from : NULL, &got, DGRAM_START, dgram_k);
	while (rc == DGRAM_AGAIN);
	if (rc != 0)
		return nlab_push_error(L, rc);
	return push_datagram(L, s, with_from ? &from : NULL, got);
}

static int dgram_k(lua_State *L, int status, lua_KContext with_from)
{
	(void)status;
	int rc = wait_outcome(L);
	return rc != 0 ? nlab_push_error(L, rc) : dgram_loop(L, (int)with_from);
}

/* sock:receivefrom([size]) -> data, ip, port | data, path | nil, msg, errno */
static int l_socket_receivefrom(lua_State *L)
{
	nlab_lsock_check(L, 1);
	check_size(L, DGRAM_SIZE);
	lua_settop(L, DGRAM_TOP);
	return dgram_loop(L, 1);
}

/* sock:receive([pattern[, prefix]]) -> data | nil, message, partial[, errno]
 * ("*l" a line without CRs, "*a" all until closed, n bytes); on a
 * datagram socket receive([size]) -> one datagram | nil, message, errno */
static int l_socket_receive(lua_State *L)
{
	lsock *s = nlab_lsock_check(L, 1);
	if (s->type == SOCK_DGRAM) {
		check_size(L, DGRAM_SIZE);
		lua_settop(L, DGRAM_TOP);
		lua_pushnil(L);
		lua_replace(L, DGRAM_START);
		return dgram_loop(L, 0);
	}
	size_t count;
	check_pattern(L, RECV_PATTERN, &count);
	if (!lua_isnoneornil(L, RECV_PREFIX))
		luaL_checkstring(L, RECV_PREFIX);
	lua_settop(L, RECV_TOP);
	return receive_loop(L);
}

/* receive_into / receivefrom_into: into a netlab.buffer ---------------- */

enum { INTO_BUF = 2, INTO_COUNT, INTO_START, INTO_TOP = INTO_START };

/* The buffer of a receive_into, emptied, and how many bytes it may take:
 * argument n, at most its size (the whole buffer by default). Checked
 * again after each wait: a task may have closed it meanwhile. */
static lbuf *into_buffer(lua_State *L, size_t *n)
{
	lbuf *b = nlab_lbuf_check(L, INTO_BUF);
	lua_Integer want = luaL_optinteger(L, INTO_COUNT, (lua_Integer)b->size);
	if (want < 1 || (size_t)want > b->size)
		nlab_argerror(L, INTO_COUNT,
			      lua_pushfstring(L, "byte count of 1 to %I expected (the buffer's size)",
					      (lua_Integer)b->size));
	b->len = 0;
	*n = (size_t)want;
	return b;
}

/* Puts GOT bytes in B and pushes the count. */
static int into_done(lua_State *L, lbuf *b, size_t got)
{
	b->len = got;
	lua_pushinteger(L, (lua_Integer)got);
	return 1;
}

static int stream_into_k(lua_State *L, int status, lua_KContext ctx);

/* A receive_into of at least this many bytes reads straight into the
 * buffer and nothing more: the kernel's copy then outweighs a syscall,
 * and bytes read ahead would be copied a second time (a 64 KiB stream
 * read ahead spent 17% of the receiver's samples in that memcpy, and
 * more CPU a byte than one read a call). */
#define INTO_DIRECT (16 * 1024)

/* Whether a receive_into of N bytes may take more than it asked for from
 * the kernel into S's own buffer (the next receives get it from there):
 * a small one, on a socket whose fd no child program shares, as
 * receive(n) does. */
static int read_ahead(const lsock *s, size_t n)
{
	return n < INTO_DIRECT && s->is_socket && !s->shared;
}

/* Fills the buffer with what has arrived on a stream, at most N bytes:
 * first what earlier receives left in netlab's own buffer, else one read
 * straight into it (and, for a small N, past N bytes into netlab's
 * buffer: read_ahead),
 * waiting until at least one byte is there. */
static int stream_into_loop(lua_State *L)
{
	lsock *s = self_of(L);
	for (;;) {
		size_t n, got = 0, avail = nlab_rbuf_avail(&s->rb);
		lbuf *b = into_buffer(L, &n);
		if (avail > 0) {
			got = avail < n ? avail : n;
			memcpy(b->data, nlab_rbuf_peek(&s->rb), got);
			nlab_rbuf_skip(&s->rb, got);
			return into_done(L, b, got);
		}
		int block = nlab_sockio_block_now(L, s, INTO_START, 0), rc;
		do
			rc = read_ahead(s, n) ? nlab_rbuf_read_into(&s->rb, s->fd, b->data, n, &got, block)
					   : nlab_io_read(s->fd, s->is_socket, b->data, n, &got, block);
		while (block && got == 0 && nlab_sockio_blocked_again(L, &rc));
		s->received += (lua_Number)(got + nlab_rbuf_avail(&s->rb));
		if (got > 0)
			return into_done(L, b, got);
		if (rc == -EAGAIN)
			rc = wait_fd(L, s, "r", INTO_START, stream_into_k);
		if (rc != 0)
			return nlab_push_error(L, rc);
	}
}

static int stream_into_k(lua_State *L, int status, lua_KContext ctx)
{
	(void)status, (void)ctx;
	int rc = wait_outcome(L);
	return rc != 0 ? nlab_push_error(L, rc) : stream_into_loop(L);
}

static int dgram_into_k(lua_State *L, int status, lua_KContext with_from);

/* Receives one datagram into the buffer (and, if WITH_FROM, pushes its
 * sender after the count). One too long for it is cut to what fits and
 * reported: nil, "datagram truncated (...)", EMSGSIZE. */
static int dgram_into_loop(lua_State *L, int with_from)
{
	lsock *s = self_of(L);
	size_t n, got = 0;
	nlab_addr from;
	lbuf *b;
	dgram_dest d;
	int rc;
	do {
		b = into_buffer(L, &n);
		d = (dgram_dest){b->data, n, 0};
		rc = dgram_receive(L, s, &d, with_from ? &from : NULL, &got, INTO_START, dgram_into_k);
	} while (rc == DGRAM_AGAIN);
	if (rc != 0)
		return nlab_push_error(L, rc);
	s->received += (lua_Number)got;
	into_done(L, b, got);
	if (d.whole > got) {
		lua_pushnil(L);
		lua_pushfstring(L, "datagram truncated (%I bytes, the buffer took %I)",
				(lua_Integer)d.whole, (lua_Integer)got);
		lua_pushinteger(L, EMSGSIZE);
		return 3;
	}
	return with_from ? push_from(L, s, &from) : 1;
}

static int dgram_into_k(lua_State *L, int status, lua_KContext with_from)
{
	(void)status;
	int rc = wait_outcome(L);
	return rc != 0 ? nlab_push_error(L, rc) : dgram_into_loop(L, (int)with_from);
}

/* sock:receive_into(buf[, n]) -> count | nil, message, errno: what has
 * arrived, at most n bytes (the buffer's size by default), in BUF in
 * place of what it held; on a datagram socket one datagram. */
static int l_socket_receive_into(lua_State *L)
{
	lsock *s = nlab_lsock_check(L, 1);
	lua_settop(L, INTO_TOP); /* the buffer is checked as the loop begins */
	return s->type == SOCK_DGRAM ? dgram_into_loop(L, 0) : stream_into_loop(L);
}

/* sock:receivefrom_into(buf[, n]) -> count, ip, port | count, path |
 * nil, message, errno: one datagram into BUF and its sender */
static int l_socket_receivefrom_into(lua_State *L)
{
	lsock *s = nlab_lsock_check(L, 1);
	if (s->type != SOCK_DGRAM)
		return nlab_argerror(L, 1, "datagram socket expected (receive_into reads a stream)");
	lua_settop(L, INTO_TOP);
	return dgram_into_loop(L, 1);
}

/* Sets up the registry entry a socket method waits through. */
static int l_sockio_set_wait(lua_State *L)
{
	luaL_checktype(L, 1, LUA_TFUNCTION);
	lua_setfield(L, LUA_REGISTRYINDEX, WAIT_IO);
	return 0;
}

/* sched.lua tells how many tasks and timers exist besides the caller. */
static int l_sockio_set_others(lua_State *L)
{
	nlab_sched_others = (int)luaL_checkinteger(L, 1);
	return 0;
}

const luaL_Reg nlab_sockio_methods[] = {
	{"accept", l_socket_accept},
	{"connect", l_socket_connect},
	{"setpeername", l_socket_setpeername},
	{"send", l_socket_send},
	{"sendto", l_socket_sendto},
	{"receive", l_socket_receive},
	{"receivefrom", l_socket_receivefrom},
	{"receive_into", l_socket_receive_into},
	{"receivefrom_into", l_socket_receivefrom_into},
	{NULL, NULL},
};

const luaL_Reg nlab_sockio_funcs[] = {
	{"set_wait", l_sockio_set_wait},
	{"set_others", l_sockio_set_others},
	{NULL, NULL},
};
