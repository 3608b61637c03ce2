/* fdinfo.h - what one of this process's fds is: what `ls -l /proc/self/fd`
 * shows, and for sockets what `lsof` adds (protocol, ends, TCP state). */
#ifndef NLAB_FDINFO_H
#define NLAB_FDINFO_H

#include "addr.h"

typedef struct nlab_fdinfo {
	int fd;
	char target[256];   /* the /proc/self/fd link: "socket:[1234]"... */
	char mode[11];      /* "lrwx------" as ls -l shows the link */
	int is_socket;
	int family, type, protocol;
	int has_local, has_remote;
	nlab_addr local, remote;
	int tcp_state; /* TCP_ESTABLISHED..., or -1 */
} nlab_fdinfo;

/* Describes FD; returns 0 or an error code (-EBADF when it is not open). */
int nlab_fd_describe(int fd, nlab_fdinfo *out);

/* Describes fd FD of process PID from /proc/PID/fd and fdinfo: target
 * and mode only (its socket part stays empty). */
int nlab_fd_describe_pid(int pid, int fd, nlab_fdinfo *out);

/* The kernel's name for a TCP state: "ESTABLISHED", "TIME_WAIT"... */
const char *nlab_tcp_state_name(int state);

/* The lowest fd netlab keeps its own objects at: 0-9 stay free for the
 * script's redirections (as bash keeps its own fds at 10 and above). */
#define NLAB_FD_LOW 10

/* The size of the terminal FD is (columns, rows); returns 0, or an error
 * code (-ENOTTY when FD is no terminal or the terminal gives no size). */
int nlab_fd_termsize(int fd, int *cols, int *rows);

/* Moves FD to NLAB_FD_LOW or above, close-on-exec; returns the new fd. */
int nlab_fd_high(int fd);

/* Held while fds below NLAB_FD_LOW are made or taken on purpose (a
 * script's fd.place, a capture filling them while libpcap opens its own
 * on another thread), so the two never meet. */
void nlab_fd_low_lock(void);
void nlab_fd_low_unlock(void);

#endif
