/* wire_udp.c - a wire end carried as UDP datagrams (see wire_udp.h). */
#include "wire_udp.h"

#include "error.h"
#include "fdinfo.h"

#include <errno.h>
#include <net/ethernet.h>
#include <netinet/in.h>
#include <netinet/udp.h>
#include <stdlib.h>
#include <string.h>
#include <unistd.h>

/* The longest datagram taken: a UDP payload's most. A buffer's pages are
 * touched only as far as its datagrams reach. */
#define DGRAM_MAX 65536

/* The socket's kernel buffers each way: a TCP window's worth of frames
 * between two pumps (the machine's rmem_max/wmem_max bound it where
 * netlab may not pass them). */
#define SOCK_BUFFER (4 << 20)

/* Frames one GSO send carries at most (the kernel's UDP_MAX_SEGMENTS
 * was 64 before 5.13), and the bytes (IPv4's largest UDP payload). */
#define GSO_SEGS 64
#define GSO_BYTES 65507

/* A received frame: where it lies in a buffer, and its length; NULL
 * when its datagram was cut. */
typedef struct piece {
	uint8_t *data;
	size_t len;
} piece;

/* A datagram's notes: the socket's drops so far (SO_RXQ_OVFL), and the
 * size of each of the datagrams the kernel coalesced into it (UDP_GRO). */
typedef union notes {
	struct cmsghdr h;
	uint8_t space[CMSG_SPACE(sizeof(uint32_t)) + CMSG_SPACE(sizeof(int))];
} notes;

/* A GSO send's note: the size of each datagram it is cut into. */
typedef union segment_note {
	struct cmsghdr h;
	uint8_t space[CMSG_SPACE(sizeof(uint16_t))];
} segment_note;

struct nlab_udp {
	int fd;
	uint8_t *buf; /* NLAB_IO_BATCH buffers of DGRAM_MAX */
	struct mmsghdr msg[NLAB_IO_BATCH];
	struct iovec iov[NLAB_IO_BATCH];
	notes ctl[NLAB_IO_BATCH];
	uint32_t drops; /* the drop count the last note said */
	piece pieces[NLAB_IO_BATCH * GSO_SEGS]; /* the last read's frames */
	int npieces;
	struct mmsghdr out[NLAB_IO_BATCH]; /* a batch's sends, by run */
	int run[NLAB_IO_BATCH];		   /* ...the frames of each */
	segment_note seg[NLAB_IO_BATCH];
};

/* Sets FD's buffer of option FORCE/PLAIN to SOCK_BUFFER, past the
 * machine's limit where netlab may. */
static void size_buffer(int fd, int force, int plain)
{
	int size = SOCK_BUFFER;
	if (setsockopt(fd, SOL_SOCKET, force, &size, sizeof size) < 0)
		setsockopt(fd, SOL_SOCKET, plain, &size, sizeof size);
}

/* A non-blocking UDP socket for LOCAL's family, its buffers sized and
 * its drops noted on each datagram, bound to LOCAL; fd or error code. */
static int open_socket(const struct sockaddr *local, socklen_t len)
{
	int fd = nlab_fd_high(socket(local->sa_family,
				     SOCK_DGRAM | SOCK_CLOEXEC | SOCK_NONBLOCK,
				     IPPROTO_UDP));
	if (fd < 0)
		return nlab_errno();
	int one = 1;
	size_buffer(fd, SO_RCVBUFFORCE, SO_RCVBUF);
	size_buffer(fd, SO_SNDBUFFORCE, SO_SNDBUF);
	setsockopt(fd, SOL_SOCKET, SO_RXQ_OVFL, &one, sizeof one);
	/* a train of datagrams the kernel took in as one comes as one
	 * (a kernel before 5.0 lacks it: one datagram a read, as ever) */
	setsockopt(fd, SOL_UDP, UDP_GRO, &one, sizeof one);
	if (bind(fd, local, len) < 0) {
		int rc = nlab_errno();
		close(fd);
		return rc;
	}
	return fd;
}

int nlab_udp_open(const struct sockaddr *local, socklen_t len, nlab_udp **out)
{
	*out = NULL;
#if __BYTE_ORDER__ != __ORDER_LITTLE_ENDIAN__
	return -EOPNOTSUPP; /* the header crosses in this machine's order */
#endif
	if (local->sa_family != AF_INET && local->sa_family != AF_INET6)
		return -EAFNOSUPPORT;
	nlab_udp *u = calloc(1, sizeof *u);
	if (u == NULL)
		return -ENOMEM;
	u->buf = malloc((size_t)NLAB_IO_BATCH * DGRAM_MAX);
	if (u->buf == NULL) {
		free(u);
		return -ENOMEM;
	}
	u->fd = open_socket(local, len);
	if (u->fd < 0) {
		int rc = u->fd;
		u->fd = -1;
		nlab_udp_close(u);
		return rc;
	}
	*out = u;
	return 0;
}

int nlab_udp_connect(nlab_udp *u, const struct sockaddr *remote, socklen_t len)
{
	return connect(u->fd, remote, len) < 0 ? nlab_errno() : 0;
}

int nlab_udp_fd(const nlab_udp *u)
{
	return u->fd;
}

int nlab_udp_port(const nlab_udp *u)
{
	struct sockaddr_storage ss;
	socklen_t len = sizeof ss;
	if (getsockname(u->fd, (struct sockaddr *)&ss, &len) < 0)
		return 0;
	if (ss.ss_family == AF_INET6)
		return ntohs(((struct sockaddr_in6 *)&ss)->sin6_port);
	return ntohs(((struct sockaddr_in *)&ss)->sin_port);
}

/* Lays out the receive buffers and their notes for the next read. */
static void prepare(nlab_udp *u)
{
	for (int i = 0; i < NLAB_IO_BATCH; i++) {
		u->iov[i] =
		    (struct iovec){u->buf + (size_t)i * DGRAM_MAX, DGRAM_MAX};
		u->msg[i].msg_hdr =
		    (struct msghdr){.msg_iov = &u->iov[i],
				    .msg_iovlen = 1,
				    .msg_control = &u->ctl[i],
				    .msg_controllen = sizeof u->ctl[i]};
	}
}

/* The socket's drop count the N datagrams read note (the last one
 * known if none does); sets GRO[i] to the size of the datagrams the
 * kernel coalesced into datagram I, 0 if it is one. */
static uint32_t read_notes(nlab_udp *u, int n, int *gro)
{
	uint32_t drops = u->drops;
	for (int i = 0; i < n; i++) {
		struct msghdr *m = &u->msg[i].msg_hdr;
		gro[i] = 0;
		for (struct cmsghdr *c = CMSG_FIRSTHDR(m); c;
		     c = CMSG_NXTHDR(m, c)) {
			if (c->cmsg_level == SOL_SOCKET &&
			    c->cmsg_type == SO_RXQ_OVFL)
				memcpy(&drops, CMSG_DATA(c), sizeof drops);
			else if (c->cmsg_level == SOL_UDP &&
				 c->cmsg_type == UDP_GRO)
				memcpy(&gro[i], CMSG_DATA(c), sizeof gro[i]);
		}
	}
	return drops;
}

/* Lists the frames of datagram I (LEN bytes, coalesced from datagrams
 * of SIZE bytes, or one if 0) among U's pieces; a cut one as one NULL. */
static void split(nlab_udp *u, int i, size_t len, int size)
{
	uint8_t *data = u->iov[i].iov_base;
	if ((u->msg[i].msg_hdr.msg_flags & MSG_TRUNC) || len == 0) {
		u->pieces[u->npieces++] = (piece){NULL, 0};
		return;
	}
	size_t step = size > 0 ? (size_t)size : len;
	for (size_t at = 0; at < len && u->npieces < NLAB_IO_BATCH * GSO_SEGS;
	     at += step) /* bounded: the pieces' room */
		u->pieces[u->npieces++] =
		    (piece){data + at, len - at < step ? len - at : step};
}

int nlab_udp_read(nlab_udp *u, uint64_t *dropped)
{
	*dropped = 0;
	u->npieces = 0;
	prepare(u);
	int n;
	do
		n = recvmmsg(u->fd, u->msg, NLAB_IO_BATCH, MSG_DONTWAIT, NULL);
	while (n < 0 && errno == EINTR);
	if (n < 0)
		return errno == EAGAIN || errno == EWOULDBLOCK ? 0
							       : nlab_errno();
	int gro[NLAB_IO_BATCH];
	uint32_t now = read_notes(u, n, gro);
	*dropped = (uint32_t)(now - u->drops); /* it wraps at 2^32 */
	u->drops = now;
	for (int i = 0; i < n; i++)
		split(u, i, u->msg[i].msg_len, gro[i]);
	return n;
}

int nlab_udp_count(const nlab_udp *u)
{
	return u->npieces;
}

int nlab_udp_frame_check(const uint8_t *data, size_t n, nlab_vnet *vnet,
			 size_t *len)
{
	if (n < sizeof *vnet + ETH_HLEN)
		return -1;
	memcpy(vnet, data, sizeof *vnet);
	*len = n - sizeof *vnet;
	if (vnet->gso_type != VIRTIO_NET_HDR_GSO_NONE ||
	    (vnet->flags & ~VIRTIO_NET_HDR_F_NEEDS_CSUM) != 0)
		return -1; /* the host ends send no GSO frames, no other flag */
	if (vnet->flags & VIRTIO_NET_HDR_F_NEEDS_CSUM) {
		size_t start = vnet->csum_start, at = start + vnet->csum_offset;
		if (start < ETH_HLEN || at + 2 > *len)
			return -1;
	}
	vnet->hdr_len = vnet->gso_size = 0;
	return (int)sizeof *vnet;
}

uint8_t *nlab_udp_frame(nlab_udp *u, int i, size_t *n, nlab_vnet *vnet)
{
	const piece *p = &u->pieces[i];
	if (p->data == NULL)
		return NULL;
	int off = nlab_udp_frame_check(p->data, p->len, vnet, n);
	return off < 0 ? NULL : p->data + off;
}

/* The bytes frame I of B takes as a datagram (its header and itself). */
static size_t bytes_of(const nlab_batch *b, int i)
{
	return b->iov[2 * i].iov_len + b->iov[2 * i + 1].iov_len;
}

/* How many frames from I on go as one GSO send: those of frame I's
 * size that follow it, and one shorter to end the run. */
static int run_of(const nlab_batch *b, int i)
{
	size_t size = bytes_of(b, i), total = size;
	int j = i + 1;
	while (j < b->n && j - i < GSO_SEGS) {
		size_t next = bytes_of(b, j);
		if (next > size || total + next > GSO_BYTES)
			break;
		total += next;
		j++;
		if (next < size)
			break;
	}
	return j - i;
}

/* Lays out U's sends for B's frames: a run of frames of one size as one
 * message with a UDP_SEGMENT note (the kernel, or the card, cuts it into
 * datagrams again), any other frame as a message of its own; how many. */
static int plan(nlab_udp *u, const nlab_batch *b)
{
	int k = 0;
	for (int i = 0; i < b->n; k++) {
		int n = run_of(b, i);
		struct msghdr *m = &u->out[k].msg_hdr;
		*m = (struct msghdr){.msg_iov = (struct iovec *)&b->iov[2 * i],
				     .msg_iovlen = (size_t)(2 * n)};
		if (n > 1) {
			uint16_t size = (uint16_t)bytes_of(b, i);
			m->msg_control = &u->seg[k];
			m->msg_controllen = sizeof u->seg[k];
			struct cmsghdr *c = CMSG_FIRSTHDR(m);
			c->cmsg_level = SOL_UDP;
			c->cmsg_type = UDP_SEGMENT;
			c->cmsg_len = CMSG_LEN(sizeof size);
			memcpy(CMSG_DATA(c), &size, sizeof size);
		}
		u->run[k] = n;
		i += n;
	}
	return k;
}

/* Whether the kernel refusing a datagram with errno E is what a cable's
 * far end does too (as wire_io.c's sends count them). */
static int cable_refusal(int e)
{
	return e == EAGAIN || e == EWOULDBLOCK || e == ENOBUFS || e == ENOMEM ||
	       e == ENETDOWN || e == EMSGSIZE;
}

/* Counts the N frames of one send refused with errno E into C. */
static void refused(nlab_io_counts c, uint64_t n, int e)
{
	*c.refused += n;
	if (!cable_refusal(e)) {
		*c.errors += n;
		*c.error = e;
		*c.error_receiving = 0;
	}
}

/* Sends the frames of B's run K again one datagram each (a GSO send the
 * kernel refused: too long a datagram for the route, say). */
static void send_plain(nlab_udp *u, nlab_batch *b, int first, int k,
		       nlab_io_counts c)
{
	for (int i = first; i < first + u->run[k]; i++) {
		struct msghdr m = {.msg_iov = &b->iov[2 * i], .msg_iovlen = 2};
		if (sendmsg(u->fd, &m, MSG_DONTWAIT) < 0)
			refused(c, 1, errno);
		else
			(*c.sent)++;
	}
}

void nlab_udp_send(nlab_udp *u, nlab_batch *b, nlab_io_counts c)
{
	int runs = plan(u, b), first = 0;
	for (int k = 0; k < runs;) {
		int r = sendmmsg(u->fd, &u->out[k], (unsigned)(runs - k),
				 MSG_DONTWAIT);
		if (r < 0 && errno == EINTR)
			continue;
		int e = r < 0 ? errno : EIO;
		for (int i = 0; i < r; i++, k++) {
			*c.sent += (uint64_t)u->run[k];
			first += u->run[k];
		}
		if (r > 0)
			continue;
		if (u->run[k] > 1 && (e == EINVAL || e == EMSGSIZE || e == EIO))
			send_plain(u, b, first, k, c);
		else
			refused(c, (uint64_t)u->run[k], e);
		first += u->run[k++];
	}
	for (int i = 0; i < b->n; i++)
		free(b->owned[i]);
	b->n = 0;
}

void nlab_udp_close(nlab_udp *u)
{
	if (u == NULL)
		return;
	if (u->fd >= 0)
		close(u->fd);
	free(u->buf);
	free(u);
}
