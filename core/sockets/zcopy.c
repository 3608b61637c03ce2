/* zcopy.c - sendfile(2) and splice(2), one non-blocking attempt each. */
#include "zcopy.h"

#include "error.h"
#include "fdinfo.h"

#include <errno.h>
#include <fcntl.h>
#include <sys/sendfile.h>
#include <unistd.h>

/* Sets O_NONBLOCK on FD if it lacks it; returns the flags to restore, or
 * -1 when nothing needs restoring, or an error code. */
static int nonblock_on(int fd)
{
	int flags = fcntl(fd, F_GETFL);
	if (flags < 0)
		return nlab_errno();
	if (flags & O_NONBLOCK)
		return -1;
	if (fcntl(fd, F_SETFL, flags | O_NONBLOCK) < 0)
		return nlab_errno();
	return flags;
}

/* Puts back the flags nonblock_on saved (FLAGS -1: nothing to do). */
static void nonblock_off(int fd, int flags)
{
	if (flags >= 0)
		(void)fcntl(fd, F_SETFL, flags);
}

/* The result of a transfer call that returned N (errno set when < 0). */
static int moved_result(ssize_t n, size_t *moved)
{
	if (n < 0)
		return errno == EPIPE ? NLAB_ECLOSED : nlab_errno();
	*moved = (size_t)n;
	return 0;
}

int nlab_zcopy_sendfile(int out, int in, long long *offset, size_t count,
			size_t *moved, int block)
{
	*moved = 0;
	int saved = block ? -1 : nonblock_on(out);
	if (saved < -1)
		return saved;
	off_t off = offset ? (off_t)*offset : 0;
	ssize_t n = sendfile(out, in, offset ? &off : NULL, count);
	int err = errno;
	nonblock_off(out, saved);
	errno = err;
	if (n > 0 && offset)
		*offset = (long long)off;
	return moved_result(n, moved);
}

int nlab_zcopy_pipe(int fds[2], size_t size)
{
	int raw[2];
	if (pipe2(raw, O_NONBLOCK | O_CLOEXEC) < 0)
		return nlab_errno();
	fds[0] = nlab_fd_high(raw[0]); /* keeps the fd where it cannot */
	fds[1] = nlab_fd_high(raw[1]);
	/* A bigger pipe means fewer calls; an unprivileged user may be
	 * held to pipe-max-size, and the default pipe still works. */
	if (size > 0)
		(void)fcntl(fds[1], F_SETPIPE_SZ, (int)(size > (1 << 20) ? 1 << 20 : size));
	return 0;
}

int nlab_zcopy_splice(int from, int to, size_t count, size_t *moved)
{
	*moved = 0;
	int saved_from = nonblock_on(from);
	if (saved_from < -1)
		return saved_from;
	int saved_to = nonblock_on(to);
	if (saved_to < -1) {
		nonblock_off(from, saved_from);
		return saved_to;
	}
	ssize_t n = splice(from, NULL, to, NULL, count, SPLICE_F_MOVE | SPLICE_F_NONBLOCK);
	int err = errno;
	nonblock_off(to, saved_to);
	nonblock_off(from, saved_from);
	errno = err;
	return moved_result(n, moved);
}
