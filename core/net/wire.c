/* wire.c - a lab link carried by netlab (see wire.h): each end's packet
 * sockets (wire_io.c), and per direction the frames' fates (wire_fate.c),
 * a queue of frames waiting for their time and the thread that moves
 * them. */
#include "wire.h"

#include "error.h"
#include "fdinfo.h"
#include "loop.h"
#include "netns.h"
#include "wire_io.h"
#include "wire_tc.h"
#include "wire_udp.h"

#include <arpa/inet.h>
#include <errno.h>
#include <fcntl.h>
#include <linux/filter.h>
#include <linux/if_packet.h>
#include <math.h>
#include <net/ethernet.h>
#include <net/if.h>
#include <poll.h>
#include <pthread.h>
#include <signal.h>
#include <stdatomic.h>
#include <stdlib.h>
#include <string.h>
#include <sys/eventfd.h>
#include <sys/prctl.h>
#include <sys/socket.h>
#include <time.h>
#include <unistd.h>

/* Frames a direction's thread reads in one turn before it lets go of
 * the direction's lock (a caller's nlab_wire_set or stats waits no
 * longer than that). */
#define BURST 256

/* Stack of a direction's thread: it needs little (no recursion, its
 * batch lives in the direction). */
#define THREAD_STACK (256u << 10)

/* A frame waiting in a direction's queue. */
typedef struct frame {
	uint8_t *data;
	size_t len;
	nlab_vnet vnet; /* its offload state (wire_io.h) */
	double due;	/* when it leaves, on nlab_now()'s clock */
} frame;

struct nlab_wire;

/* One direction: its settings, draws, queue (a ring kept in order of
 * due time), counters and the frames going out now, all under LOCK
 * (its thread holds it while it moves frames); the thread itself. */
typedef struct direction {
	pthread_mutex_t lock;
	nlab_wire_params p;
	nlab_fate fate;	   /* its random draws */
	double busy_until; /* when the rate lets the next frame start */
	frame q[NLAB_WIRE_LIMIT];
	int head, count;
	nlab_wire_counts st;
	nlab_batch out;	   /* the frames going out of the far end now */
	int told;	   /* the error last announced on the news fd */
	struct nlab_wire *w;
	int dir;
	int wake;	   /* eventfd: its thread looks at hold and stop again */
	pthread_t thread;
	int running;	   /* the thread was started (and not yet joined) */
} direction;

struct nlab_wire {
	int fd[2];	   /* each end's receiving socket */
	int tx[2];	   /* ...and its sending one */
	nlab_ring rx[2];   /* ...and the receiving one's ring */
	direction d[2];
	int news;	   /* eventfd: something for nlab_wire_news */
	atomic_int stop;   /* nonzero: the threads end */
	atomic_int hold;   /* nonzero: the threads take no frame */
	atomic_int failed; /* the error code a thread stopped with */
	nlab_udp *udp;	   /* end 1 as UDP datagrams (wire_udp.c), or NULL */
	/* the kernel path (wire_tc.h), used while nothing is set: */
	int netns;	   /* the ends' namespace (a dup), or -1 */
	int index[2];	   /* each end's interface index */
	int kernel;	   /* nonzero: the ends redirect to each other now */
	int refused;	   /* the error the kernel refused it with; 0: none */
	nlab_tc_counts gone[2]; /* what redirects since removed carried */
};

static frame *slot(struct direction *d, int i);

/* The open of one end, run inside the namespace. */
typedef struct open_job {
	const char *ifname;
	int rx, tx, index;
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
	j->index = (int)index;
	if ((j->rx = nlab_io_open_receiver(index, j->ring)) < 0)
		return j->rx;
	if ((j->tx = nlab_io_open_sender(index)) < 0)
		return j->tx;
	return 0;
}

/* An eventfd for the wire (nonblocking, above the fds a user names), or
 * -1. */
static int new_eventfd(void)
{
	int fd = eventfd(0, EFD_NONBLOCK | EFD_CLOEXEC);
	return fd < 0 ? -1 : nlab_fd_high(fd);
}

/* Makes eventfd FD readable (again). */
static void poke(int fd)
{
	uint64_t one = 1;
	if (fd >= 0 && write(fd, &one, sizeof one) < 0)
		return; /* the counter is full: readable all the same */
}

/* Takes what eventfd FD holds: no longer readable. */
static void drain(int fd)
{
	uint64_t n;
	if (fd >= 0 && read(fd, &n, sizeof n) < 0)
		return; /* nothing was there */
}

static void *run(void *arg);
static void steer(nlab_wire *w);

/* Starts direction D's thread, with every signal blocked (they stay
 * the main thread's); 0 or an error code. */
static int start(direction *d)
{
	pthread_attr_t a;
	sigset_t all, old;
	if (pthread_attr_init(&a) != 0)
		return -ENOMEM;
	pthread_attr_setstacksize(&a, THREAD_STACK);
	sigfillset(&all);
	pthread_sigmask(SIG_SETMASK, &all, &old);
	int err = pthread_create(&d->thread, &a, run, d);
	pthread_sigmask(SIG_SETMASK, &old, NULL);
	pthread_attr_destroy(&a);
	d->running = err == 0;
	return -err;
}

/* A new wire with nothing open, nothing impaired, seed 0; NULL without
 * memory. */
static nlab_wire *new_wire(void)
{
	nlab_wire *w = calloc(1, sizeof *w);
	if (w == NULL)
		return NULL;
	w->fd[0] = w->fd[1] = w->tx[0] = w->tx[1] = -1;
	for (int i = 0; i < 2; i++) {
		pthread_mutex_init(&w->d[i].lock, NULL);
		w->d[i].w = w;
		w->d[i].dir = i;
		w->d[i].wake = -1;
	}
	w->news = -1;
	w->netns = -1;
	nlab_wire_seed(w, 0);
	/* timers fire when asked, not up to 50 us later: a delayed frame
	 * leaves on time (for all of netlab from now on; the threads
	 * inherit it) */
	prctl(PR_SET_TIMERSLACK, 1UL, 0UL, 0UL, 0UL);
	return w;
}

/* Opens W's packet end END on interface IFNAME of NETNS; 0 or an error
 * code. */
static int open_packet_end(nlab_wire *w, int netns, int end,
			   const char *ifname)
{
	open_job j = {.ifname = ifname, .rx = -1, .tx = -1,
		      .ring = &w->rx[end]};
	int rc = nlab_netns_call(netns, open_end, &j);
	w->fd[end] = j.rx;
	w->tx[end] = j.tx;
	w->index[end] = j.index;
	return rc;
}

/* Makes W's eventfds; 0 or an error code. */
static int open_eventfds(nlab_wire *w)
{
	if ((w->news = new_eventfd()) < 0 ||
	    (w->d[0].wake = new_eventfd()) < 0 ||
	    (w->d[1].wake = new_eventfd()) < 0)
		return nlab_errno();
	return 0;
}

int nlab_wire_open(int netns, const char *if_a, const char *if_b,
		   nlab_wire **out)
{
	*out = NULL;
	nlab_wire *w = new_wire();
	if (w == NULL)
		return -ENOMEM;
	const char *names[2] = {if_a, if_b};
	int rc = 0;
	for (int end = 0; end < 2 && rc == 0; end++)
		rc = open_packet_end(w, netns, end, names[end]);
	if (rc == 0)
		rc = open_eventfds(w);
	if (rc == 0)
		rc = nlab_wire_start(w);
	if (rc != 0) {
		nlab_wire_close(w);
		return rc;
	}
	int ns = fcntl(netns, F_DUPFD_CLOEXEC, 0);
	w->netns = ns < 0 ? -1 : nlab_fd_high(ns);
	if (w->netns < 0)
		w->refused = nlab_errno();
	steer(w); /* nothing set: the kernel carries the frames */
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
		rc = open_eventfds(w);
	if (rc != 0) {
		nlab_wire_close(w);
		return rc;
	}
	*out = w;
	return 0;
}

int nlab_wire_start(nlab_wire *w)
{
	for (int dir = 0; dir < 2; dir++) {
		if (w->d[dir].running)
			continue;
		int rc = start(&w->d[dir]);
		if (rc != 0)
			return rc;
	}
	return 0;
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

/* Closes FD if it is open. */
static void close_fd(int fd)
{
	if (fd >= 0)
		close(fd);
}

void nlab_wire_close(nlab_wire *w)
{
	if (w == NULL)
		return;
	if (w->kernel)
		for (int end = 0; end < 2; end++)
			nlab_tc_unredirect(w->netns, w->index[end], NULL);
	close_fd(w->netns);
	atomic_store(&w->stop, 1);
	for (int i = 0; i < 2; i++) {
		poke(w->d[i].wake);
		if (w->d[i].running)
			pthread_join(w->d[i].thread, NULL);
	}
	for (int i = 0; i < 2; i++) {
		if (!(i == 1 && w->udp)) { /* the UDP end's fd is its own */
			close_fd(w->fd[i]);
			close_fd(w->tx[i]);
		}
		close_fd(w->d[i].wake);
		nlab_io_ring_close(&w->rx[i]);
		flush(&w->d[i]);
		for (int k = 0; k < w->d[i].out.n; k++)
			free(w->d[i].out.owned[k]);
		pthread_mutex_destroy(&w->d[i].lock);
	}
	close_fd(w->news);
	nlab_udp_close(w->udp);
	free(w);
}

int nlab_wire_fd(const nlab_wire *w)
{
	return w->news;
}

void nlab_wire_news(nlab_wire *w)
{
	drain(w->news);
}

void nlab_wire_configure(nlab_wire *w, const uint64_t *seed,
			 const nlab_wire_params *p[2])
{
	for (int i = 0; i < 2; i++)
		pthread_mutex_lock(&w->d[i].lock);
	for (int i = 0; seed != NULL && i < 2; i++)
		nlab_fate_seed(&w->d[i].fate,
			       *seed ^ (0x5851f42d4c957f2dULL * (uint64_t)(i + 1)));
	for (int i = 0; i < 2; i++) {
		if (p[i] != NULL) {
			w->d[i].p = *p[i];
			nlab_fate_reset(&w->d[i].fate);
		}
	}
	for (int i = 1; i >= 0; i--)
		pthread_mutex_unlock(&w->d[i].lock);
	steer(w);
}

void nlab_wire_set(nlab_wire *w, int dir, const nlab_wire_params *p)
{
	const nlab_wire_params *ps[2] = {NULL, NULL};
	ps[dir & 1] = p;
	nlab_wire_configure(w, NULL, ps);
}

void nlab_wire_seed(nlab_wire *w, uint64_t seed)
{
	const nlab_wire_params *ps[2] = {NULL, NULL};
	nlab_wire_configure(w, &seed, ps);
}

void nlab_wire_hold(nlab_wire *w, int on)
{
	atomic_store(&w->hold, on != 0);
	steer(w);
	for (int i = 0; i < 2; i++)
		poke(w->d[i].wake);
}

/* Nonzero when P does nothing to a frame (its limit never matters: with
 * no rate and no delay no frame waits). */
static int neutral(const nlab_wire_params *p)
{
	return !p->cut && p->delay_us == 0 && p->jitter_us == 0 &&
	       p->loss.model == NLAB_LOSS_RANDOM && p->loss.p[0] <= 0 &&
	       p->duplicate <= 0 && p->corrupt <= 0 && p->reorder <= 0 &&
	       p->rate == 0;
}

/* Makes packet socket FD take no frame (ON) or every frame again: a
 * socket filter returning 0 drops a frame before it is copied. */
static void shut(int fd, int on)
{
	struct sock_filter none = BPF_STMT(BPF_RET | BPF_K, 0);
	struct sock_fprog prog = {.len = 1, .filter = &none};
	int zero = 0;
	if (on)
		setsockopt(fd, SOL_SOCKET, SO_ATTACH_FILTER, &prog, sizeof prog);
	else
		setsockopt(fd, SOL_SOCKET, SO_DETACH_FILTER, &zero, sizeof zero);
}

/* Puts W on the kernel path while nothing is set and it is not held,
 * on its threads otherwise. The threads' sockets close before the
 * redirects go in and open after they go out, so no frame is carried
 * twice; a frame that reaches an end between the two steps (one
 * netlink round trip) is lost, as on a cable replugged. A kernel that
 * refuses the redirect leaves the threads carrying, for good. */
static void steer(nlab_wire *w)
{
	if (w->udp || w->fd[0] < 0 || w->fd[1] < 0)
		return;
	int want = !w->refused && !atomic_load(&w->hold) &&
		   neutral(&w->d[0].p) && neutral(&w->d[1].p);
	if (want == w->kernel)
		return;
	if (want) {
		shut(w->fd[0], 1);
		shut(w->fd[1], 1);
		int rc = nlab_tc_redirect(w->netns, w->index[0], w->index[1]);
		if (rc == 0)
			rc = nlab_tc_redirect(w->netns, w->index[1],
					      w->index[0]);
		if (rc == 0) {
			w->kernel = 1;
			return;
		}
		w->refused = rc;
		nlab_tc_unredirect(w->netns, w->index[0], NULL);
		nlab_tc_unredirect(w->netns, w->index[1], NULL);
	} else {
		for (int end = 0; end < 2; end++)
			nlab_tc_unredirect(w->netns, w->index[end],
					   &w->gone[end]);
		w->kernel = 0;
	}
	shut(w->fd[0], 0);
	shut(w->fd[1], 0);
}

int nlab_wire_path(const nlab_wire *w, int *refused)
{
	if (refused)
		*refused = w->refused;
	return w->kernel;
}

int nlab_wire_failed(nlab_wire *w)
{
	return atomic_load(&w->failed);
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

/* Sends the frames direction DIR's batch holds: out of the far end's
 * packet socket, or as datagrams to the other machine (wire_udp). */
static void send_out(nlab_wire *w, int dir)
{
	direction *d = &w->d[dir];
	if (dir == 0 && w->udp)
		nlab_udp_send(w->udp, &d->out, counts(w, 0));
	else
		nlab_io_send(&d->out, w->tx[!dir], counts(w, dir));
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
		nlab_io_add(&d->out, w->tx[!dir], data, n, vnet, NULL,
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
		nlab_io_send(&d->out, w->tx[0], counts(w, 1));
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
		nlab_io_add(&d->out, w->tx[!dir], f->data, f->len, &f->vnet,
			    f->data, counts(w, dir));
		f->data = NULL;
		d->head = (d->head + 1) % NLAB_WIRE_LIMIT;
		d->count--;
	}
	send_out(w, dir);
	d->st.queued = (uint64_t)d->count;
}

/* Moves direction DIR's frames at time NOW (its lock held): reads what
 * its end has received (at most BURST), drops or queues each, and sends
 * those due. Sets *NEXT to the seconds until the next frame is due, 0 if
 * frames are still unread, -1 if nothing waits. */
static void pump(nlab_wire *w, int dir, double now, double *next)
{
	direction *d = &w->d[dir];
	int more = receive(w, dir, now);
	release(w, dir, now);
	*next = more ? 0 : d->count > 0 ? d->q[d->head].due - now : -1;
	if (*next < 0 && d->count > 0)
		*next = 0; /* due meanwhile */
}

/* Waits until direction D's end has a frame (unless HELD), its wake fd
 * is poked, or NEXT seconds pass (NEXT < 0: no end); 0, or an error
 * code if it cannot wait. */
static int wait_for(nlab_wire *w, direction *d, int held, double next)
{
	struct pollfd pf[2] = {{.fd = d->wake, .events = POLLIN},
			       {.fd = w->fd[d->dir], .events = POLLIN}};
	struct timespec ts, *tp = NULL;
	if (next >= 0 && !held) {
		double whole = floor(next);
		ts = (struct timespec){(time_t)whole,
				       (long)((next - whole) * 1e9)};
		tp = &ts;
	}
	if (ppoll(pf, held ? 1 : 2, tp, NULL) < 0 && errno != EINTR)
		return nlab_errno();
	if (pf[0].revents & POLLIN)
		drain(d->wake);
	return 0;
}

/* Whether direction D has a refusal not yet announced (its lock held). */
static int news_of(direction *d)
{
	if (d->st.error == d->told)
		return 0;
	d->told = d->st.error;
	return 1;
}

/* Direction ARG's thread: moves its frames until the wire stops; an
 * error it cannot wait past stops it, kept in the wire's FAILED and
 * announced. */
static void *run(void *arg)
{
	direction *d = arg;
	nlab_wire *w = d->w;
	prctl(PR_SET_TIMERSLACK, 1UL, 0UL, 0UL, 0UL);
	while (!atomic_load(&w->stop)) {
		int held = atomic_load(&w->hold), news = 0;
		double next = -1;
		if (!held) {
			pthread_mutex_lock(&d->lock);
			pump(w, d->dir, nlab_now(), &next);
			news = news_of(d);
			pthread_mutex_unlock(&d->lock);
		}
		if (news)
			poke(w->news);
		if (next == 0)
			continue;
		int rc = wait_for(w, d, held, next);
		if (rc != 0) {
			atomic_store(&w->failed, rc);
			poke(w->news);
			break;
		}
	}
	return NULL;
}

void nlab_wire_stats(nlab_wire *w, int dir, nlab_wire_counts *out)
{
	direction *d = &w->d[dir & 1];
	pthread_mutex_lock(&d->lock);
	*out = d->st;
	pthread_mutex_unlock(&d->lock);
	nlab_tc_counts now = {0, 0, 0};
	if (w->kernel)
		nlab_tc_counts_of(w->netns, w->index[dir & 1], &now);
	out->forwarded += w->gone[dir & 1].packets + now.packets;
	out->dropped += w->gone[dir & 1].dropped + now.dropped;
}
