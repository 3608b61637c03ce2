/* lnetlab.h - helpers shared by netlab's Lua bindings. */
#ifndef LNETLAB_H
#define LNETLAB_H

#include "rbuf.h"

#include <lauxlib.h>
#include <lua.h>

/* Pushes nil, the message for error code RC and, for system errors, the
 * errno number: the `nil, message, errno` convention. Returns the count. */
int nlab_push_error(lua_State *L, int rc);

/* Pushes nil and a "want" marker telling the Lua layer to wait for the fd
 * to become readable ("wantread") or writable ("wantwrite"). */
int nlab_push_want(lua_State *L, const char *want);

/* The socket userdata, "netlab.socket". */
typedef struct lsock {
	int fd;              /* -1 once closed */
	int family, type;    /* AF_*, SOCK_* */
	int role;            /* enum lsock_role */
	int is_socket;       /* 0 for a pipe or file adopted by netlab.fd */
	double block, total; /* timeouts in seconds, negative for none */
	double birthday;     /* nlab_now() when created */
	lua_Number sent, received;
	nlab_rbuf rb;
} lsock;

enum lsock_role { LSOCK_MASTER, LSOCK_CLIENT, LSOCK_SERVER, LSOCK_FILE };

#define NLAB_SOCKET "netlab.socket"

/* Checks that argument ARG is an open socket; raises otherwise. */
lsock *nlab_lsock_check(lua_State *L, int arg);

/* Pushes a new socket userdata owning FD (describing it from the kernel). */
lsock *nlab_lsock_adopt(lua_State *L, int fd, int role);

/* Closes a socket userdata's fd; safe to call twice. */
void nlab_lsock_close(lsock *s);

#endif
