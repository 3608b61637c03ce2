/* wire.c - a lab link carried by netlab (see wire.h): each end's packet
 * sockets (wire_io.c), and per direction the frames' fates (wire_fate.c)
 * and a queue of frames waiting for their time. */
#include "wire.h"

#include "error.h"
#include "fdinfo.h"
#include "netns.h"
#include "wire_io.h"
#include "wire_udp.h"

#include <arpa/inet.h>
#include <errno.h>
#include <linux/if_packet.h>
#include <net/ethernet.h>
#include <net/if.h>
#include <stdlib.h>
#include <string.h>
#include <sys/prctl.h>
#include <sys/socket.h>
#include <unistd.h>

/* Frames read from one end in one pump before the other end gets its
 * turn: the loop stays bounded and the other tasks run. */
#define BURST 256

/* A frame waiting in a direction's queue. */
typedef struct frame {
	uint8_t *data;
	size_t len;
	nlab_vnet vnet; /* its offload state (wire_io.h) */
	double due;	/* when it leaves, on nlab_now()'s clock */
} frame;

/* One direction: its settings, draws, queue (a ring kept in order of
 * due time) and counters. */
typedef struct direction {
	nlab_wire_params p;
	nlab_fate fate;	   /* its random draws */
	double busy_until; /* when the rate lets the next frame start */
	frame q[NLAB_WIRE_LIMIT];
	int head, count;
	nlab_wire_counts st;
} direction;

struct nlab_wire {
	int fd[2];	   /* each end's receiving socket */
	int tx[2];	   /* ...and its sending one */
	nlab_ring rx[2];   /* ...and the receiving one's ring */
	direction d[2];
	nlab_batch out;	   /* the frames going out of one end now */
	nlab_udp *udp;	   /* end 1 as UDP datagrams (wire_udp.c), or NULL */
};

static frame *slot(struct direction *d, int i);

/* The open of one end, run inside the namespace. */
typedef struct open_job {
	const char *ifname;
	int rx, tx;
	nlab_ring *ring;
} open_job;

/* Opens one end: a socket receiving every frame that reaches the
 * interface but those it sends, and one that only sends (apart, a send
 * never walks the waiters epoll hangs on the receiving socket). */
static int open_end(void *arg)
{
	open_job *j = arg;
	unsigned index = if_nametoindex(j->ifname);
	if (index == 0)
		return nlab_errno();
	if ((j->rx = nlab_io_open_receiver(index, j->ring)) < 0)
		return j->rx;
	if ((j->tx = nlab_io_open_sender(index)) < 0)
		return j->tx;
	return 0;
}

/* A new wire with no end open yet, seeded with 0; NULL: no memory. */
static nlab_wire *new_wire(void)
{
	nlab_wire *w = calloc(1, sizeof *w);
	if (w == NULL)
		return NULL;
	w->fd[0] = w->fd[1] = w->tx[0] = w->tx[1] = -1;
	nlab_wire_seed(w, 0);
	/* timers fire when asked, not up to 50 us later: a delayed frame
	 * leaves on time (for all of netlab from now on) */
	prctl(PR_SET_TIMERSLACK, 1UL, 0UL, 0UL, 0UL);
	return w;
}

/* Opens W's packet end END on interface IFNAME of NETNS; 0 or an error
 * code (W closed then). */
static int open_packet_end(nlab_wire *w, int netns, int end,
			   const char *ifname)
{
	open_job j = {.ifname = ifname, .rx = -1, .tx = -1,
		      .ring = &w->rx[end]};
	int rc = nlab_netns_call(netns, open_end, &j);
	w->fd[end] = j.rx;
	w->tx[end] = j.tx;
	if (rc != 0)
		nlab_wire_close(w);
	return rc;
}

int nlab_wire_open(int netns, const char *if_a, const char *if_b,
		   nlab_wire **out)
{
	*out = NULL;
	nlab_wire *w = new_wire();
	if (w == NULL)
		return -ENOMEM;
	const char *names[2] = {if_a, if_b};
	for (int end = 0; end < 2; end++) {
		int rc = open_packet_end(w, netns, end, names[end]);
		if (rc != 0)
			return rc;
	}
	*out = w;
	return 0;
}

int nlab_wire_open_udp(int netns, const char *if_a, nlab_udp *udp,
		       nlab_wire **out)
{
	*out = NULL;
	nlab_wire *w = new_wire();
	if (w == NULL) {
		nlab_udp_close(udp);
		return -ENOMEM;
	}
	w->udp = udp; /* closed with the wire from now on */
	w->fd[1] = w->tx[1] = nlab_udp_fd(udp);
	int rc = open_packet_end(w, netns, 0, if_a);
	if (rc == 0)
		*out = w;
	return rc;
}

nlab_udp *nlab_wire_udp(const nlab_wire *w)
{
	return w->udp;
}

/* Frees the frames direction D still holds. */
static void flush(direction *d)
{
	for (int i = 0; i < d->count; i++)
		free(slot(d, i)->data);
	d->head = d->count = 0;
	d->st.queued = 0;
}

void nlab_wire_close(nlab_wire *w)
{
	if (w == NULL)
		return;
	for (int i = 0; i < 2; i++) {
		if (w->fd[i] >= 0 && !(i == 1 && w->udp))
			close(w->fd[i]);
		if (w->tx[i] >= 0 && !(i == 1 && w->udp))
			close(w->tx[i]);
		nlab_io_ring_close(&w->rx[i]);
		flush(&w->d[i]);
	}
	nlab_udp_close(w->udp);
	free(w);
}

int nlab_wire_fd(const nlab_wire *w, int end)
{
	return w->fd[end & 1];
}

void nlab_wire_set(nlab_wire *w, int dir, const nlab_wire_params *p)
{
	w->d[dir & 1].p = *p;
	nlab_fate_reset(&w->d[dir & 1].fate);
}

void nlab_wire_seed(nlab_wire *w, uint64_t seed)
{
	for (int i = 0; i < 2; i++)
		nlab_fate_seed(&w->d[i].fate, seed ^ (0x5851f42d4c957f2dULL *
						      (uint64_t)(i + 1)));
}

/* Draws whether an event of probability P happens on D. */
static int happens(direction *d, double p)
{
	return nlab_fate_happens(&d->fate, p);
}

/* The queue slot of D's I-th waiting frame. */
static frame *slot(direction *d, int i)
{
	return &d->q[(d->head + i) % NLAB_WIRE_LIMIT];
}

/* The most frames D may hold. */
static int limit_of(const direction *d)
{
	uint32_t l = d->p.limit;
	return l == 0 || l > NLAB_WIRE_LIMIT ? NLAB_WIRE_LIMIT : (int)l;
}

/* Puts a copy of the N bytes at DATA (offload state VNET) in D's queue
 * at its place by DUE (after every frame due no later); 0, or -1 when
 * full or out of memory. */
static int enqueue(direction *d, const uint8_t *data, size_t n,
		   const nlab_vnet *vnet, double due)
{
	if (d->count >= limit_of(d))
		return -1;
	uint8_t *copy = malloc(n);
	if (copy == NULL)
		return -1;
	memcpy(copy, data, n);
	int i = d->count;
	while (i > 0 && slot(d, i - 1)->due > due) { /* bounded by the limit */
		*slot(d, i) = *slot(d, i - 1);
		i--;
	}
	if (i < d->count)
		d->st.reordered++;
	*slot(d, i) = (frame){copy, n, *vnet, due};
	d->count++;
	return 0;
}

/* Flips one random bit of the frame's payload (past the Ethernet header,
 * so it still reaches its host, whose checksums catch it: a checksum its
 * sender left to the offload is filled in first, else the far kernel
 * would take the frame as sound). */
static void corrupt(direction *d, uint8_t *data, size_t n, nlab_vnet *vnet)
{
	if (n <= ETH_HLEN)
		return;
	nlab_io_csum_finish(data, n, vnet);
	uint64_t r = nlab_fate_next(&d->fate);
	data[ETH_HLEN + (r >> 3) % (n - ETH_HLEN)] ^= (uint8_t)(1u << (r & 7));
	d->st.corrupted++;
}

/* When a frame of N bytes coming at NOW leaves D: after the frames before
 * it at D's rate, then the delay, give or take the jitter; at once (its
 * rate's turn) when it is reordered. */
static double due_time(direction *d, size_t n, double now)
{
	double start = now;
	if (d->p.rate > 0) {
		if (d->busy_until > start)
			start = d->busy_until;
		d->busy_until = start + (double)n * 8 / (double)d->p.rate;
		start = d->busy_until;
	}
	double delay = d->p.delay_us / 1e6;
	if (d->p.jitter_us > 0) {
		double u = nlab_fate_correlated(&d->fate, &d->fate.last_jitter,
						d->p.jitter_corr);
		delay += (u * 2 - 1) * d->p.jitter_us / 1e6;
	}
	if (happens(d, d->p.reorder) || delay < 0)
		delay = 0;
	return start + delay;
}

/* Where direction DIR's batch counts what it sent. */
static nlab_io_counts counts(nlab_wire *w, int dir)
{
	direction *d = &w->d[dir];
	return (nlab_io_counts){&d->st.forwarded, &d->st.dropped,
				&d->st.errors, &d->st.error,
				&d->st.error_receiving};
}

/* Sends the frames W's batch holds on direction DIR: out of the far
 * end's packet socket, or as datagrams to the other machine (wire_udp). */
static void send_out(nlab_wire *w, int dir)
{
	if (dir == 0 && w->udp)
		nlab_udp_send(w->udp, &w->out, counts(w, 0));
	else
		nlab_io_send(&w->out, w->tx[!dir], counts(w, dir));
}

/* Sends the N-byte frame at DATA (offload state VNET, due at DUE) on
 * direction DIR: at once, without a copy, when it is due now and nothing
 * waits before it; else a copy in the queue. 0, or -1 when the queue is
 * full. */
static int pass(nlab_wire *w, int dir, uint8_t *data, size_t n,
		const nlab_vnet *vnet, double due, double now)
{
	direction *d = &w->d[dir];
	if (due <= now && d->count == 0) {
		nlab_io_add(&w->out, w->tx[!dir], data, n, vnet, NULL,
			    counts(w, dir));
		return 0;
	}
	return enqueue(d, data, n, vnet, due);
}

/* Decides the fate of the N-byte frame at DATA (offload state VNET) that
 * came at NOW on direction DIR: dropped (cut, lost, queue full, no
 * memory), or passed on (twice when duplicated). */
static void take(nlab_wire *w, int dir, uint8_t *data, size_t n,
		 nlab_vnet *vnet, double now)
{
	direction *d = &w->d[dir];
	int lost = nlab_fate_lost(&d->fate, &d->p.loss);
	if (d->p.cut || lost) {
		d->st.dropped++;
		return;
	}
	int twice = happens(d, d->p.duplicate);
	if (happens(d, d->p.corrupt))
		corrupt(d, data, n, vnet);
	double due = due_time(d, n, now);
	if (pass(w, dir, data, n, vnet, due, now) != 0) {
		d->st.dropped++;
		return;
	}
	if (twice && pass(w, dir, data, n, vnet, due, now) == 0)
		d->st.duplicated++;
}

/* Takes up to NLAB_IO_BATCH frames from END's ring into direction END,
 * those due at once sent out of the far end before their slots go back
 * to the kernel; how many were read. */
static int receive_batch(nlab_wire *w, int end, double now)
{
	direction *d = &w->d[end];
	unsigned n = 0;
	for (; n < NLAB_IO_BATCH; n++) {
		size_t len;
		int status;
		nlab_vnet vnet;
		uint8_t *f = nlab_io_next(&w->rx[end], &len, &vnet, &status);
		if (f == NULL)
			break;
		if (status == 1)
			d->st.dropped++; /* longer than a slot */
		else if (status == 0) /* not our own send */
			take(w, end, f, len, &vnet, now);
	}
	send_out(w, end);
	nlab_io_release(&w->rx[end], n);
	return (int)n;
}

/* Takes the error END's receiving socket reports, if any, into
 * direction END's counts: read, it is no longer pending (a pending one
 * would wake the pump again and again). Only a socket woken with no
 * frame is asked, never one busy carrying. */
static void take_error(nlab_wire *w, int end)
{
	int e = 0;
	socklen_t len = sizeof e;
	if (getsockopt(w->fd[end], SOL_SOCKET, SO_ERROR, &e, &len) == 0 &&
	    e != 0) {
		w->d[end].st.error = e; /* its interface gone: ENETDOWN */
		w->d[end].st.error_receiving = 1;
	}
}

/* Reads up to BURST datagrams from the UDP end (wire_udp.c) into
 * direction 1, those due at once sent before the buffers are read
 * again; 1 if some may be left unread, 0 once the socket is empty. */
static int receive_udp(nlab_wire *w, double now)
{
	direction *d = &w->d[1];
	for (int got = 0; got < BURST; got += NLAB_IO_BATCH) {
		uint64_t lost;
		int n = nlab_udp_read(w->udp, &lost);
		d->st.dropped += lost; /* no room in the socket's buffer */
		if (n < 0) { /* the peer's port closed, ICMP said: read on */
			d->st.error = -n;
			d->st.error_receiving = 1;
			continue;
		}
		for (int i = 0, frames = nlab_udp_count(w->udp); i < frames;
		     i++) {
			size_t len;
			nlab_vnet vnet;
			uint8_t *f = nlab_udp_frame(w->udp, i, &len, &vnet);
			if (f == NULL)
				d->st.dropped++; /* not a frame a peer sends */
			else
				take(w, 1, f, len, &vnet, now);
		}
		nlab_io_send(&w->out, w->tx[0], counts(w, 1));
		if (n < NLAB_IO_BATCH)
			return 0;
	}
	return 1;
}

/* Reads up to BURST frames from END into direction END; 1 if frames may
 * be left unread, 0 once the ring is empty. */
static int receive(nlab_wire *w, int end, double now)
{
	if (end == 1 && w->udp)
		return receive_udp(w, now);
	/* frames the kernel refused, the ring full, are lost on the wire */
	w->d[end].st.dropped += nlab_io_overflow(w->fd[end], &w->rx[end]);
	for (int got = 0; got < BURST; got += NLAB_IO_BATCH) {
		int n = receive_batch(w, end, now);
		if (n == 0 && got == 0)
			take_error(w, end);
		if (n < NLAB_IO_BATCH)
			return 0;
	}
	return 1;
}

/* Sends direction DIR's frames due by NOW out of the far end. */
static void release(nlab_wire *w, int dir, double now)
{
	direction *d = &w->d[dir];
	while (d->count > 0 && d->q[d->head].due <= now) {
		frame *f = &d->q[d->head];
		nlab_io_add(&w->out, w->tx[!dir], f->data, f->len, &f->vnet,
			    f->data, counts(w, dir));
		f->data = NULL;
		d->head = (d->head + 1) % NLAB_WIRE_LIMIT;
		d->count--;
	}
	send_out(w, dir);
	d->st.queued = (uint64_t)d->count;
}

int nlab_wire_pump(nlab_wire *w, double now, double *next)
{
	int more = 0;
	*next = -1;
	for (int dir = 0; dir < 2; dir++) {
		more |= receive(w, dir, now);
		release(w, dir, now);
		direction *d = &w->d[dir];
		if (d->count > 0) {
			double wait = d->q[d->head].due - now;
			if (*next < 0 || wait < *next)
				*next = wait;
		}
	}
	if (more)
		*next = 0;
	return 0;
}

void nlab_wire_stats(const nlab_wire *w, int dir, nlab_wire_counts *out)
{
	*out = w->d[dir & 1].st;
}
