/* rbuf.c - the receive buffer behind receive("*l"), ("*a") and (n). */
#include "rbuf.h"

#include "error.h"
#include "sock.h"

#include <errno.h>
#include <poll.h>
#include <stdlib.h>
#include <string.h>
#include <sys/socket.h>
#include <sys/uio.h>
#include <unistd.h>

/* A read asks for RBUF_MIN bytes, doubling up to RBUF_MAX while reads
 * come back full, so a bulk transfer takes few syscalls and an idle
 * connection little memory. */
#define RBUF_MIN (16 * 1024)
#define RBUF_MAX (256 * 1024)
/* The most one fill reserves for a count still to come: a count of
 * math.maxinteger bytes grows the buffer as they arrive, not all at once
 * (realloc of 2^63 bytes, which failed before reading a byte). */
#define RBUF_RESERVE_MAX (16 * 1024 * 1024)

void nlab_rbuf_free(nlab_rbuf *b)
{
	free(b->data);
	b->data = NULL;
	b->first = b->last = b->size = b->chunk = 0;
}

/* Makes room for WANT bytes after the unread ones. */
static int rbuf_reserve(nlab_rbuf *b, size_t want)
{
	size_t avail = nlab_rbuf_avail(b);
	if (b->first > 0) {
		if (avail > 0)
			memmove(b->data, b->data + b->first, avail);
		b->first = 0;
		b->last = avail;
	}
	if (b->size - b->last >= want)
		return 0;
	size_t size = avail + want;
	char *data = realloc(b->data, size);
	if (data == NULL)
		return -ENOMEM;
	b->data = data;
	b->size = size;
	return 0;
}

/* Returns 1 if FD has something to read (or an error/hang-up) now. */
static int readable_now(int fd, short events)
{
	struct pollfd p = {.fd = fd, .events = events};
	return poll(&p, 1, 0) > 0;
}

int nlab_io_read(int fd, int is_socket, void *buf, size_t len, size_t *got,
		 int block)
{
	if (is_socket)
		return nlab_sock_recv(fd, buf, len, got, block);
	*got = 0;
	if (!readable_now(fd, POLLIN))
		return -EAGAIN;
	ssize_t n = read(fd, buf, len);
	if (n < 0)
		return nlab_errno();
	*got = (size_t)n;
	return n == 0 && len > 0 ? NLAB_ECLOSED : 0;
}

int nlab_io_write(int fd, int is_socket, const void *buf, size_t len,
		  size_t *sent, int block)
{
	if (is_socket)
		return nlab_sock_send(fd, buf, len, sent, block);
	*sent = 0;
	if (!readable_now(fd, POLLOUT))
		return -EAGAIN;
	ssize_t n = write(fd, buf, len);
	if (n < 0)
		return errno == EPIPE ? NLAB_ECLOSED : nlab_errno();
	*sent = (size_t)n;
	return 0;
}

int nlab_rbuf_fill(nlab_rbuf *b, int fd, int is_socket, size_t want, int block)
{
	if (b->chunk < RBUF_MIN)
		b->chunk = RBUF_MIN;
	if (want > RBUF_RESERVE_MAX)
		want = RBUF_RESERVE_MAX;
	int rc = rbuf_reserve(b, want < b->chunk ? b->chunk : want);
	if (rc != 0)
		return rc;
	size_t space = b->size - b->last, got = 0;
	rc = nlab_io_read(fd, is_socket, b->data + b->last, space, &got, block);
	b->last += got;
	if (got == space && b->chunk < RBUF_MAX)
		b->chunk *= 2;
	return rc;
}

int nlab_rbuf_read_into(nlab_rbuf *b, int fd, void *dst, size_t len, size_t *got,
			int block)
{
	*got = 0;
	if (b->chunk < RBUF_MIN)
		b->chunk = RBUF_MIN;
	/* the buffer is empty (the caller took what it held), so this only
	 * rewinds it or makes it CHUNK bytes */
	int rc = rbuf_reserve(b, b->chunk);
	if (rc != 0)
		return nlab_sock_recv(fd, dst, len, got, block);
	struct iovec iov[2] = {{dst, len}, {b->data + b->last, b->size - b->last}};
	struct msghdr msg = {.msg_iov = iov, .msg_iovlen = 2};
	ssize_t n = recvmsg(fd, &msg, block ? 0 : MSG_DONTWAIT);
	if (n < 0)
		return nlab_errno();
	if (n == 0)
		return len > 0 ? NLAB_ECLOSED : 0;
	size_t total = (size_t)n;
	*got = total < len ? total : len;
	b->last += total - *got;
	if (total == len + iov[1].iov_len && b->chunk < RBUF_MAX)
		b->chunk *= 2;
	return 0;
}

int nlab_rbuf_line(const nlab_rbuf *b, size_t *len)
{
	if (nlab_rbuf_avail(b) == 0)
		return 0;
	const char *start = nlab_rbuf_peek(b);
	const char *lf = memchr(start, '\n', nlab_rbuf_avail(b));
	if (lf == NULL)
		return 0;
	*len = (size_t)(lf - start);
	return 1;
}
