/* rbuf.h - a receive buffer: bytes read from an fd, not yet handed out. */
#ifndef NLAB_RBUF_H
#define NLAB_RBUF_H

#include <stddef.h>

typedef struct nlab_rbuf {
	char *data;
	size_t first, last, size; /* unread bytes are data[first..last) */
	size_t chunk;             /* how much one read asks for */
} nlab_rbuf;

/* Releases the buffer's memory; safe to call twice. */
void nlab_rbuf_free(nlab_rbuf *b);

static inline size_t nlab_rbuf_avail(const nlab_rbuf *b) { return b->last - b->first; }
static inline const char *nlab_rbuf_peek(const nlab_rbuf *b) { return b->data + b->first; }
static inline void nlab_rbuf_skip(nlab_rbuf *b, size_t n) { b->first += n; }

/* Reads once from FD into the buffer, making room for at least WANT more
 * bytes. Sockets are read with MSG_DONTWAIT unless BLOCK; other fds only
 * when poll says they are readable. Returns 0, -EAGAIN, NLAB_ECLOSED at
 * the end, or an error. */
int nlab_rbuf_fill(nlab_rbuf *b, int fd, int is_socket, size_t want, int block);

/* Reads once from the stream socket FD: up to LEN bytes into DST, and
 * what more has arrived (up to the buffer's read size, which doubles
 * while such reads come back full) into the buffer B, which must hold
 * nothing; one recvmsg of two pieces, so a bulk stream read in small
 * pieces takes few syscalls and its first piece is copied only once.
 * Sets *GOT to the bytes in DST. Returns as nlab_rbuf_fill does. */
int nlab_rbuf_read_into(nlab_rbuf *b, int fd, void *dst, size_t len, size_t *got,
			int block);

/* Finds a whole line (ending in LF); sets *len to its length without the
 * LF and returns 1, or returns 0 if no LF has arrived yet. */
int nlab_rbuf_line(const nlab_rbuf *b, size_t *len);

/* Reads from any fd: recv for sockets (blocking only if BLOCK), poll and
 * read for the rest. */
int nlab_io_read(int fd, int is_socket, void *buf, size_t len, size_t *got,
		 int block);

/* Writes to any fd: send for sockets (blocking only if BLOCK), poll and
 * write for the rest. */
int nlab_io_write(int fd, int is_socket, const void *buf, size_t len,
		  size_t *sent, int block);

#endif
