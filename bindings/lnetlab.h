/* lnetlab.h - helpers shared by netlab's Lua bindings. */
#ifndef LNETLAB_H
#define LNETLAB_H

#include "addr.h"
#include "rbuf.h"

#include <lauxlib.h>
#include <lua.h>
#include <stdint.h>

/* Pushes nil, the message for error code RC and, for system errors, the
 * errno number: the `nil, message, errno` convention. Returns the count. */
int nlab_push_error(lua_State *L, int rc);

/* Like luaL_checklstring, but refuses a string with a NUL byte inside
 * (C would see it cut short): "bad argument #N to 'NAME' (string contains
 * a NUL byte)". Every string a binding hands to C goes through it or
 * nlab_optstring/nlab_tostring. LEN may be NULL. */
const char *nlab_checkstring(lua_State *L, int arg, size_t *len);

/* nlab_checkstring, or DEF when the argument is none or nil. */
const char *nlab_optstring(lua_State *L, int arg, const char *def);

/* lua_tostring for a value at IDX known to be a string or nil (a field
 * read from an options table...): refuses a NUL byte as above. */
const char *nlab_tostring(lua_State *L, int idx);

/* luaL_argerror naming the public function: when a netlab Lua function
 * (scripts/) called this C function for the script, the error names that
 * function and its argument (or field, "via: ...") holding the value at
 * ARG, at the script's line. Never returns. */
int nlab_argerror(lua_State *L, int arg, const char *msg);
/* luaL_checkoption that refuses a NUL byte (luaL_checkoption compares
 * the C string, so "both\0junk" was "both"), its errors nlab_argerror's. */
int nlab_checkoption(lua_State *L, int arg, const char *def, const char *const names[]);

/* Raises MSG at the script's line, as nlab_argerror places its errors
 * (luaL_error's position is the caller, which may be netlab's Lua). */
int nlab_error(lua_State *L, const char *msg);

/* luaL_checkudata whose error ("netlab.socket expected, got number") is
 * nlab_argerror's: a method a netlab Lua function wraps ("calling
 * 'accept' on bad self") is named, not the C function it calls. A proxy
 * of another machine's object (a table of the same type name) is said
 * to be that machine's ("got netlab.socket of machine m2 (...)"). */
void *nlab_checkudata(lua_State *L, int arg, const char *tname);

/* Random numbers drawn once per process (nlab_tags_init, called as
 * the socket and buffer modules load) that the first field of every
 * socket's and buffer's userdata holds. */
extern uint64_t nlab_tag_socket, nlab_tag_buffer;
void nlab_tags_init(void);

/* The userdata at ARG if it is a full userdata of SIZE bytes starting
 * with TAG, else NULL: the hottest methods' type check, cheaper than
 * comparing metatables (three API calls and a pop). Sound because a
 * script cannot read the tags nor make a userdata of its own bytes
 * start with them, and the bytes are read only within the userdata. */
static inline void *nlab_udata_tagged(lua_State *L, int arg, size_t size, uint64_t tag)
{
	if (lua_type(L, arg) != LUA_TUSERDATA || lua_rawlen(L, arg) != size)
		return NULL;
	uint64_t *p = lua_touserdata(L, arg);
	return *p == tag ? p : NULL;
}

/* Pushes nil and a "want" marker telling the Lua layer to wait for the fd
 * to become readable ("wantread") or writable ("wantwrite"). */
int nlab_push_want(lua_State *L, const char *want);

/* The socket userdata, "netlab.socket". */
typedef struct lsock {
	uint64_t tag;        /* nlab_tag_socket: see nlab_udata_tagged */
	int fd;              /* -1 once closed */
	int family, type;    /* AF_*, SOCK_* */
	int role;            /* enum lsock_role */
	int is_socket;       /* 0 for a pipe or file adopted by netlab.fd */
	int shared;          /* on an fd number programs may inherit (netlab.fd):
	                        never blocks in the kernel, never sets SO_RCVTIMEO */
	double block, total; /* timeouts in seconds, negative for none */
	double rcvtimeo;     /* the SO_RCVTIMEO last set, 0 for none */
	double sndtimeo;     /* the SO_SNDTIMEO last set, 0 for none */
	double birthday;     /* nlab_now() when created */
	lua_Number sent, received;
	nlab_rbuf rb;
	nlab_addr to_addr;   /* sendto's last numeric destination... */
	char to_host[48];    /* ...as the script wrote it */
	lua_Integer to_port;
	nlab_addr from_addr; /* receivefrom's last sender; its text is the
	                        userdata's user value */
} lsock;

enum lsock_role { LSOCK_MASTER, LSOCK_CLIENT, LSOCK_SERVER, LSOCK_FILE };

#define NLAB_SOCKET "netlab.socket"

/* The registry field main.c sets when netlab runs with --real: changing
 * the machine's own network (netlab.here) is allowed (as root). */
#define NLAB_REAL "netlab.real"

/* The registry field main.c sets when netlab runs with -i: a lesson
 * then leaves its lab up for the REPL (scripts/netlab/lesson.lua). */
#define NLAB_INTERACTIVE "netlab.interactive"

/* The buffer userdata, "netlab.buffer" (bindings/l_buffer.c): SIZE bytes
 * at DATA (NULL once closed), the first LEN of them held. */
typedef struct lbuf {
	uint64_t tag; /* nlab_tag_buffer: see nlab_udata_tagged */
	char *data;
	size_t size, len;
} lbuf;

#define NLAB_BUFFER "netlab.buffer"

/* The open buffer at ARG, or NULL if ARG is no buffer; a closed one raises
 * "attempt to use a closed buffer". */
lbuf *nlab_lbuf_test(lua_State *L, int arg);

/* Checks that ARG is an open buffer; raises otherwise. */
lbuf *nlab_lbuf_check(lua_State *L, int arg);

/* Reads a byte range i, j (arguments ARG, ARG + 1, default 1, -1;
 * negative counts from the end) of what B holds into [*FIRST, *LAST]
 * (1-based, empty when *LAST < *FIRST); out of range raises. */
int nlab_lbuf_range(lua_State *L, const lbuf *b, int arg, size_t *first, size_t *last);

/* Checks that argument ARG is an open socket; raises otherwise. */
lsock *nlab_lsock_check(lua_State *L, int arg);

/* Pushes a new socket userdata owning FD (describing it from the kernel). */
lsock *nlab_lsock_adopt(lua_State *L, int fd, int role);

/* Closes a socket userdata's fd; safe to call twice. */
void nlab_lsock_close(lsock *s);

/* Pushes a new socket userdata in the closed state; opening comes after,
 * so an error can never leak an fd. */
lsock *nlab_lsock_new(lua_State *L);

/* A kind of socket by its LuaSocket-style name ("tcp", "udp6", "unix"...). */
typedef struct nlab_sockkind {
	const char *name;
	int family, type;
} nlab_sockkind;

/* Reads the socket kind named at ARG; raises "unknown socket kind". */
const nlab_sockkind *nlab_check_sockkind(lua_State *L, int arg);

/* Puts FD, a new socket of kind K, into S (from nlab_lsock_new, on the
 * top of the stack) and tracks it (nlab_lsock_track). */
void nlab_lsock_open(lua_State *L, lsock *s, int fd, const nlab_sockkind *k);

/* Notes that the socket userdata at IDX holds its fd, for
 * nlab_lsock_owning; every socket with an fd is noted. */
void nlab_lsock_track(lua_State *L, int idx);

/* Pushes the live socket userdata holding FD and returns 1, or returns
 * 0 and pushes nothing. */
int nlab_lsock_owning(lua_State *L, int fd);

/* Builds a userdata type's metatable NAME once: META's metamethods, and
 * METHODS as its __index. */
void nlab_createmeta(lua_State *L, const char *name, const luaL_Reg *meta,
		     const luaL_Reg *methods);

/* Pushes 1 (LuaSocket's success value) or the error triple for RC. */
int nlab_push_result(lua_State *L, int rc);

/* Reads the address at ARG (a path, or a host and a port) for S; raises
 * on a bad argument, returns a resolver error code otherwise. */
int nlab_check_addr(lua_State *L, lsock *s, int arg, nlab_addr *a);

/* Pushes an address as LuaSocket does: ip, port, family (or a path). */
int nlab_push_addr(lua_State *L, const nlab_addr *a);

/* The I/O methods that may wait (l_sockio.c), and its module functions:
 * set_wait(sched.wait_io), set_others(n). */
extern const luaL_Reg nlab_sockio_methods[];
extern const luaL_Reg nlab_sockio_funcs[];

/* How many tasks and timers the scheduler has besides the caller; when
 * 0, a receive in the main chunk may block in the kernel. */
extern int nlab_sched_others;

/* Whether a send (SENDING) or receive on S may block the whole process in
 * the kernel now (the main chunk, no task or timer, a socket no child
 * shares, time left); if so arms SO_SNDTIMEO (SO_RCVTIMEO) with what the
 * timeouts allow, the total timeout counted from the time in stack slot
 * START (set to now when nil). nlab_sockio_blocked_again, after a call
 * that blocked and moved nothing: 1 to try again (a signal; Ctrl-C
 * raises), else 0 with -EAGAIN turned into NLAB_ETIMEOUT in *RC. */
int nlab_sockio_block_now(lua_State *L, lsock *s, int start, int sending);
int nlab_sockio_blocked_again(lua_State *L, int *rc);

/* For the bindings that extend lab hosts (netlab.host, l_lab.c): checks
 * that ARG is an open host (raises "attempt to use a closed host"
 * otherwise) and returns its network namespace fd. */
int nlab_lhost_check(lua_State *L, int arg);

/* Checks that ARG is an open host as nlab_lhost_check does, and sets *NL
 * to its route netlink socket (libnl-route-3), opened if need be: 0 or
 * an error code (EMFILE). Call it after the function's last Lua call
 * before using *NL: a finalizer run by one could close the socket. */
struct nl_sock;
int nlab_lhost_nl(lua_State *L, int arg, struct nl_sock **nl);

#endif
