/* zcopy.h - copies the kernel makes without the bytes passing through
 * netlab's memory: sendfile(2) from a file to a socket, splice(2) from a
 * socket through a pipe to another socket. Every call moves what it can
 * now and returns 0 or an error code (error.h); -EAGAIN means "not now,
 * wait for the fd". The sockets need not be non-blocking: each call sets
 * O_NONBLOCK around itself (netlab's sockets stay blocking for the
 * scheduler's fast path, see sock.h). */
#ifndef NLAB_ZCOPY_H
#define NLAB_ZCOPY_H

#include <stddef.h>

/* Sends up to COUNT bytes of file IN to socket OUT: from *OFFSET (which
 * is advanced; IN's own position stays), or from IN's position (which
 * advances) when OFFSET is NULL. *MOVED is 0 at the file's end. With
 * BLOCK the call may wait in the kernel (OUT's SO_SNDTIMEO bounds it:
 * -EAGAIN then means that ran out) and leaves OUT's flags alone, one
 * system call in all; without, it sets O_NONBLOCK around itself. */
int nlab_zcopy_sendfile(int out, int in, long long *offset, size_t count,
			size_t *moved, int block);

/* Opens the pipe splice moves bytes through: FDS[0] its read end, FDS[1]
 * its write end, both non-blocking and close-on-exec, above netlab's low
 * fds. Its capacity is raised towards SIZE where the kernel allows. */
int nlab_zcopy_pipe(int fds[2], size_t size);

/* Moves up to COUNT bytes from FROM to TO (one of them the pipe's end).
 * *MOVED is 0 when FROM is a stream at its end. */
int nlab_zcopy_splice(int from, int to, size_t count, size_t *moved);

#endif
