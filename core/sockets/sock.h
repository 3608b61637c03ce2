/* sock.h - kernel sockets; every call returns 0 or an error code
 * (error.h), -EAGAIN meaning "not now, wait for the fd". Sockets are
 * created blocking but every call is non-blocking (MSG_DONTWAIT,
 * O_NONBLOCK around connect, on listeners) unless it asks to BLOCK: the
 * scheduler's fast path when nothing else could run meanwhile. */
#ifndef NLAB_SOCK_H
#define NLAB_SOCK_H

#include "addr.h"

#include <stddef.h>

/* Opens a close-on-exec socket. */
int nlab_sock_open(int family, int type, int *fd);

int nlab_sock_bind(int fd, const nlab_addr *a);
/* Listens; a listener is non-blocking so accept can say -EAGAIN. */
int nlab_sock_listen(int fd, int backlog);

/* Accepts a connection as a close-on-exec socket. */
int nlab_sock_accept(int fd, int *conn);

/* Starts a connection: 0, -EINPROGRESS (wait until writable, then call
 * nlab_sock_connect_result) or an error. */
int nlab_sock_connect(int fd, const nlab_addr *a);
int nlab_sock_connect_result(int fd);

/* Dissolves a datagram socket's association with a peer. */
int nlab_sock_disconnect(int fd);

/* Sends, blocking only if BLOCK (then -EAGAIN means the SO_SNDTIMEO
 * timeout passed); never raises SIGPIPE. */
int nlab_sock_send(int fd, const void *buf, size_t len, size_t *sent, int block);
int nlab_sock_sendto(int fd, const void *buf, size_t len, const nlab_addr *to,
		     size_t *sent);

/* Receives, blocking only if BLOCK (then -EAGAIN means the SO_RCVTIMEO
 * timeout passed); a stream at its end gives NLAB_ECLOSED. */
int nlab_sock_recv(int fd, void *buf, size_t len, size_t *got, int block);

/* Receives one datagram as nlab_sock_recv does; FROM (if not NULL) gets
 * its sender, *WHOLE its length before the buffer cut it (MSG_TRUNC), so
 * *WHOLE > *GOT tells a datagram too long for LEN. */
int nlab_sock_recvfrom(int fd, void *buf, size_t len, nlab_addr *from,
		       size_t *got, size_t *whole, int block);

/* Sets how long a blocking receive (SO_RCVTIMEO) or send (SO_SNDTIMEO)
 * waits; 0: no limit. */
int nlab_sock_set_rcvtimeo(int fd, double seconds);
int nlab_sock_set_sndtimeo(int fd, double seconds);

/* The local (PEER 0) or remote (PEER 1) address. */
int nlab_sock_name(int fd, int peer, nlab_addr *out);

/* Reads one int-valued SOL_SOCKET option (SO_TYPE, SO_DOMAIN...). */
int nlab_sock_getint(int fd, int level, int opt, int *value);

/* Socket options by LuaSocket's names. NLAB_OPT_ERROR (SO_ERROR, "error")
 * can only be read: its value is the pending error as a positive errno.
 * NLAB_OPT_CONG ("congestion", TCP_CONGESTION) is a name: see
 * congestion.h for what setting it checks. */
enum nlab_optkind {
	NLAB_OPT_BOOL,
	NLAB_OPT_INT,
	NLAB_OPT_LINGER,
	NLAB_OPT_ERROR,
	NLAB_OPT_CONG
};
typedef struct nlab_sockopt {
	const char *name;
	int level, opt;
	enum nlab_optkind kind;
} nlab_sockopt;
typedef struct nlab_optval {
	int on;    /* the boolean, or linger's on/off */
	int value; /* the integer, or linger's timeout in seconds */
	char name[16]; /* a name-valued option's (NUL-terminated) */
} nlab_optval;

/* Finds an option by name, or NULL; the table ends with a NULL name. */
const nlab_sockopt *nlab_sockopt_find(const char *name);
const nlab_sockopt *nlab_sockopt_list(void);
int nlab_sock_setopt(int fd, const nlab_sockopt *o, const nlab_optval *v);
int nlab_sock_getopt(int fd, const nlab_sockopt *o, nlab_optval *v);

#endif
