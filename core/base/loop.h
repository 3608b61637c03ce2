/* loop.h - the event loop under netlab's scheduler: epoll, edge-triggered.
 * A caller always tries its operation first and waits only after -EAGAIN,
 * so each fd is registered once (for reading and writing) and never
 * modified; it must be forgotten before it is closed. */
#ifndef NLAB_LOOP_H
#define NLAB_LOOP_H

typedef struct nlab_loop nlab_loop;

/* Event bits reported by nlab_loop_wait. */
enum { NLAB_READABLE = 1, NLAB_WRITABLE = 2 };

/* The process's loop, created on first use (NULL if epoll fails). */
nlab_loop *nlab_loop_default(void);

/* Starts watching FD; a no-op if it is watched already. */
int nlab_loop_watch(nlab_loop *loop, int fd);

/* The epoll fd under LOOP (what /proc/self/fdinfo/N lists its fds in). */
int nlab_loop_fd(const nlab_loop *loop);

/* Stops watching FD; call it before FD is closed. */
void nlab_loop_forget(nlab_loop *loop, int fd);

/* Waits up to TIMEOUT seconds (negative: no limit) and stores up to MAX
 * ready fds and their NLAB_* bits. Returns how many, or NLAB_EINTR after
 * Ctrl-C, or an error. */
int nlab_loop_wait(nlab_loop *loop, double timeout, int *fds,
		   unsigned *events, int max);

/* Waits for one fd without the loop (the fast path when nothing else
 * runs). Returns 1 when ready, 0 on timeout, or an error code. */
int nlab_poll_one(int fd, unsigned events, double timeout);

/* Seconds on the monotonic clock, and on the wall clock. */
double nlab_now(void);
double nlab_walltime(void);

#endif
