/* loop.c - epoll with a table of watched fds, plus clocks and poll. */
#include "loop.h"

#include "error.h"
#include "fdinfo.h"
#include "intr.h"

#include <errno.h>
#include <math.h>
#include <poll.h>
#include <stdlib.h>
#include <string.h>
#include <sys/epoll.h>
#include <time.h>
#include <unistd.h>

struct nlab_loop {
	int epfd;
	unsigned char *watched; /* watched[fd] != 0 when fd is registered */
	int nwatched;           /* size of the watched array */
};

static nlab_loop *default_loop;

nlab_loop *nlab_loop_default(void)
{
	if (default_loop)
		return default_loop;
	nlab_loop *loop = calloc(1, sizeof *loop);
	if (loop == NULL)
		return NULL;
	loop->epfd = nlab_fd_high(epoll_create1(EPOLL_CLOEXEC));
	if (loop->epfd < 0) {
		free(loop);
		return NULL;
	}
	return default_loop = loop;
}

/* Grows the watched table to hold FD. */
static int watched_grow(nlab_loop *loop, int fd)
{
	if (fd < loop->nwatched)
		return 0;
	int n = loop->nwatched ? loop->nwatched : 64;
	while (n <= fd)
		n *= 2;
	unsigned char *w = realloc(loop->watched, (size_t)n);
	if (w == NULL)
		return -ENOMEM;
	memset(w + loop->nwatched, 0, (size_t)(n - loop->nwatched));
	loop->watched = w;
	loop->nwatched = n;
	return 0;
}

int nlab_loop_watch(nlab_loop *loop, int fd)
{
	if (fd < 0)
		return -EBADF;
	int rc = watched_grow(loop, fd);
	if (rc != 0 || loop->watched[fd])
		return rc;
	struct epoll_event ev = {.events = EPOLLIN | EPOLLOUT | EPOLLRDHUP | EPOLLET,
				 .data.fd = fd};
	if (epoll_ctl(loop->epfd, EPOLL_CTL_ADD, fd, &ev) < 0)
		return nlab_errno();
	loop->watched[fd] = 1;
	return 0;
}

int nlab_loop_fd(const nlab_loop *loop) { return loop->epfd; }

void nlab_loop_forget(nlab_loop *loop, int fd)
{
	if (loop == NULL || fd < 0 || fd >= loop->nwatched || !loop->watched[fd])
		return;
	epoll_ctl(loop->epfd, EPOLL_CTL_DEL, fd, NULL);
	loop->watched[fd] = 0;
}

/* Converts seconds to the milliseconds epoll and poll take, rounding up. */
static int to_ms(double timeout)
{
	if (timeout < 0 || isnan(timeout))
		return -1;
	if (timeout > 86400.0 * 24)
		return 86400 * 24 * 1000;
	return (int)ceil(timeout * 1000.0);
}

/* Waits on EPFD for TIMEOUT seconds to the microsecond (a delayed frame
 * on a wire is due at its time, not the next millisecond's), or without
 * limit when negative; epoll_wait's milliseconds where the kernel lacks
 * epoll_pwait2 (before 5.11). */
static int wait_precise(int epfd, struct epoll_event *evs, int max,
			double timeout)
{
	static int no_pwait2;
	if (!no_pwait2 && timeout >= 0 && timeout <= 86400.0 * 24) {
		double us = ceil(timeout * 1e6);
		struct timespec ts = {.tv_sec = (time_t)(us / 1e6),
				      .tv_nsec = (long)fmod(us, 1e6) * 1000};
		int n = epoll_pwait2(epfd, evs, max, &ts, NULL);
		if (n >= 0 || errno != ENOSYS)
			return n;
		no_pwait2 = 1;
	}
	return epoll_wait(epfd, evs, max, to_ms(timeout));
}

/* Translates epoll bits into NLAB_* bits. */
static unsigned from_epoll(unsigned e)
{
	unsigned bits = 0;
	if (e & (EPOLLIN | EPOLLRDHUP | EPOLLHUP | EPOLLERR))
		bits |= NLAB_READABLE;
	if (e & (EPOLLOUT | EPOLLHUP | EPOLLERR))
		bits |= NLAB_WRITABLE;
	return bits;
}

int nlab_loop_wait(nlab_loop *loop, double timeout, int *fds,
		   unsigned *events, int max)
{
	struct epoll_event evs[64];
	if (max > 64)
		max = 64;
	if (nlab_intr_take())
		return NLAB_EINTR;
	int n = wait_precise(loop->epfd, evs, max, timeout);
	if (n < 0)
		return errno == EINTR ? (nlab_intr_take() ? NLAB_EINTR : 0)
				      : nlab_errno();
	for (int i = 0; i < n; i++) {
		fds[i] = evs[i].data.fd;
		events[i] = from_epoll(evs[i].events);
	}
	return n;
}

int nlab_poll_one(int fd, unsigned events, double timeout)
{
	struct pollfd p = {.fd = fd};
	if (events & NLAB_READABLE)
		p.events |= POLLIN;
	if (events & NLAB_WRITABLE)
		p.events |= POLLOUT;
	if (nlab_intr_take())
		return NLAB_EINTR;
	int n = poll(&p, 1, to_ms(timeout));
	if (n < 0)
		return errno == EINTR ? (nlab_intr_take() ? NLAB_EINTR : 0)
				      : nlab_errno();
	return n;
}

/* Reads CLOCK as seconds. */
static double clock_seconds(clockid_t clock)
{
	struct timespec ts;
	clock_gettime(clock, &ts);
	return (double)ts.tv_sec + (double)ts.tv_nsec / 1e9;
}

double nlab_now(void) { return clock_seconds(CLOCK_MONOTONIC); }
double nlab_walltime(void) { return clock_seconds(CLOCK_REALTIME); }
