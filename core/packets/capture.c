/* capture.c - live captures (libpcap) on an interface of a lab host.
 *
 * pcap_create and pcap_activate run inside the host's namespace through
 * nlab_netns_call (as root by entering it; rootless on a thread that
 * moves there), so libpcap's packet socket belongs to the host. libpcap
 * opens its fds without close-on-exec (the packet socket; 1.10 also an
 * eventfd for pcap_breakloop) and takes the lowest free numbers, which
 * are the script's (netlab.fd places fds at 0-9). So before activating,
 * the free numbers below NLAB_FD_LOW are filled with placeholders, and
 * afterwards every fd that was not there before is made close-on-exec.
 *
 * Closing a packet socket with a ring costs the kernel two or three RCU
 * grace periods (packet_set_ring and packet_release each wait in
 * synchronize_net: about 23 ms on a 2-core machine), so pcap_close runs
 * on a short-lived thread and nlab_capture_close returns at once; at
 * exit netlab waits for those threads (at most a second). libpcap 1.10
 * keeps no shared state for a handle that is not in monitor mode, which
 * netlab never asks for, so closing one on another thread is safe.
 *
 * Opening costs the same grace period (packet_set_ring waits in
 * synchronize_net even for a socket not bound yet, as libpcap's is), so
 * where it can, a capture starts as a quick capture (quickcap.h: a plain
 * packet socket, taking packets the moment it is bound, alone in a
 * fanout group) and returns; a thread of its own then opens libpcap's
 * ring in the host, joins it to the group, lets go of what the ring took
 * on its own before joining (the quick socket has those too), and steers
 * the group to the ring. Each packet goes to exactly one member, the
 * steering is done when it returns (a grace period), so the reader,
 * which drains the quick socket once it has seen the ring take over and
 * reads the ring from then on, hands out every packet once, in order.
 * The fd handed out is an epoll fd holding both sockets.
 *
 * That hand-over is a batched capture's. An immediate-mode capture
 * keeps its quick socket for good: libpcap's TPACKET_V2 ring would hold
 * a few fixed slots (on "any" snaplen-sized: 8 at 2 MiB), where the
 * plain socket holds the buffer's bytes of packets (thousands) while
 * the script runs without reading. */
#include "capture.h"

#include "error.h"
#include "fdinfo.h"
#include "ifnames.h"
#include "netns.h"
#include "quickcap.h"

#include <dirent.h>
#include <errno.h>
#include <fcntl.h>
#include <net/if.h>
#include <pcap/pcap.h>
#include <pthread.h>
#include <sched.h>
#include <signal.h>
#include <stdatomic.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/epoll.h>
#include <sys/socket.h>
#include <sys/stat.h>
#include <time.h>
#include <unistd.h>

#ifndef PACKET_FANOUT
#define PACKET_FANOUT 18
#endif
#ifndef PACKET_FANOUT_CBPF
#define PACKET_FANOUT_CBPF 6
#endif

struct nlab_capture {
	pcap_t *p; /* the handle read; NULL while the quick socket is */
	int linktype;
	int nano; /* time stamps in nanoseconds (else microseconds) */
	int snaplen;
	char iface[NLAB_IFNAMELEN];
	nlab_ifnames names; /* the namespace's interfaces (SLL2's ifindex) */
	/* A quick start: */
	nlab_quickcap *q; /* read until the ring takes over, then NULL */
	int efd;	  /* -1, or the epoll fd handed out (q's and r's) */
	uint64_t q_taken, q_dropped; /* q's counts, once it is gone */
	/* ...shared with the thread opening the ring: */
	pthread_mutex_t lock;
	int starting;	    /* the thread runs */
	atomic_int closing; /* closed meanwhile: the thread frees it */
	atomic_int state;   /* QUICK_ALONE, QUICK_STEERING or QUICK_DONE */
	pcap_t *r;
	nlab_capture_stats base; /* r's counts when it took over */
	int netns;		 /* the host's (a copy), for the thread */
	nlab_capture_opts o;	 /* the options, their strings copied */
	char *filter;
	int group; /* the quick socket's fanout group */
};

/* Where a quick capture's hand-over stands: the ring not in the group
 * yet; the group being steered to it (r and base set: the quick socket
 * may still get a packet that was on its way); steered (the quick
 * socket gets no more). */
enum { QUICK_ALONE, QUICK_STEERING, QUICK_DONE };

/* DLT_LINUX_SLL2 (pcap/dlt.h of libpcap 1.10 on). */
enum { CAPTURE_DLT_LINUX_SLL2 = 276 };

/* The fds open at one moment, from /proc/self/fd. */
typedef struct fdset {
	int *fds;
	size_t n, cap;
} fdset;

/* Adds FD to S; returns 0 or -ENOMEM. */
static int fdset_add(fdset *s, int fd)
{
	if (s->n == s->cap) {
		size_t cap = s->cap ? s->cap * 2 : 64;
		int *fds = realloc(s->fds, cap * sizeof *fds);
		if (!fds)
			return -ENOMEM;
		s->fds = fds;
		s->cap = cap;
	}
	s->fds[s->n++] = fd;
	return 0;
}

/* 1 if S holds FD. */
static int fdset_has(const fdset *s, int fd)
{
	for (size_t i = 0; i < s->n; i++)
		if (s->fds[i] == fd)
			return 1;
	return 0;
}

/* Fills S with the process's open fds (the listing's own fd left out). */
static int fdset_read(fdset *s)
{
	DIR *d = opendir("/proc/self/fd");
	if (!d)
		return nlab_errno();
	int rc = 0;
	struct dirent *e;
	while (rc == 0 && (e = readdir(d)) != NULL) {
		if (e->d_name[0] == '.')
			continue;
		int fd = atoi(e->d_name);
		if (fd != dirfd(d))
			rc = fdset_add(s, fd);
	}
	closedir(d);
	return rc;
}

/* Makes every fd open now that is not in BEFORE close-on-exec. */
static int cloexec_new(const fdset *before)
{
	fdset now = {0};
	int rc = fdset_read(&now);
	for (size_t i = 0; rc == 0 && i < now.n; i++) {
		int fd = now.fds[i];
		int flags = fdset_has(before, fd) ? -1 : fcntl(fd, F_GETFD);
		if (flags >= 0 && !(flags & FD_CLOEXEC))
			fcntl(fd, F_SETFD, flags | FD_CLOEXEC);
	}
	free(now.fds);
	return rc;
}

/* Fills the free fd numbers below NLAB_FD_LOW with /dev/null, so that
 * what libpcap opens next lands at NLAB_FD_LOW or above. */
static void reserve_low(fdset *held)
{
	for (int i = 0; i < NLAB_FD_LOW; i++) {
		int fd = open("/dev/null", O_RDONLY | O_CLOEXEC);
		if (fd < 0)
			return;
		if (fd >= NLAB_FD_LOW || fdset_add(held, fd) != 0) {
			close(fd);
			return;
		}
	}
}

/* Closes the placeholders of reserve_low. */
static void release_low(fdset *held)
{
	for (size_t i = 0; i < held->n; i++)
		close(held->fds[i]);
	free(held->fds);
	*held = (fdset){0};
}

/* Writes the first interface of this namespace besides lo into NAME
 * (lowest index first); -ENODEV when there is none. */
static int default_iface(char name[NLAB_IFNAMELEN])
{
	struct if_nameindex *all = if_nameindex();
	if (!all)
		return nlab_errno();
	unsigned best = 0;
	for (struct if_nameindex *i = all; i->if_index != 0; i++) {
		if (strcmp(i->if_name, "lo") != 0 &&
		    (best == 0 || i->if_index < best)) {
			best = i->if_index;
			snprintf(name, NLAB_IFNAMELEN, "%s", i->if_name);
		}
	}
	if_freenameindex(all);
	return best ? 0 : -ENODEV;
}

/* Turns pcap_activate's status into an error code. */
static int activate_error(int status)
{
	switch (status) {
	case PCAP_ERROR_NO_SUCH_DEVICE:
		return -ENODEV;
	case PCAP_ERROR_PERM_DENIED:
	case PCAP_ERROR_PROMISC_PERM_DENIED:
		return -EPERM;
	case PCAP_ERROR_IFACE_NOT_UP:
		return -ENETDOWN;
	default:
		return -EIO;
	}
}

/* Copies libpcap's error text of P (or the text for STATUS) into ERR. */
static void pcap_text(pcap_t *p, int status, char *err, size_t errlen)
{
	const char *text = p ? pcap_geterr(p) : "";
	if (!text || !*text)
		text = pcap_statustostr(status);
	snprintf(err, errlen, "%s", text);
}

/* Sets the options of O on the not yet activated P. */
static int set_options(pcap_t *p, const nlab_capture_opts *o)
{
	if (pcap_set_snaplen(p, o->snaplen) != 0 ||
	    pcap_set_promisc(p, o->promisc) != 0 ||
	    pcap_set_buffer_size(p, o->buffer) != 0 ||
	    pcap_set_immediate_mode(p, !o->batched) != 0 ||
	    pcap_set_timeout(p, NLAB_CAPTURE_BATCH_MS) != 0)
		return -EINVAL;
	pcap_set_tstamp_precision(p, PCAP_TSTAMP_PRECISION_NANO); /* or micro */
	return 0;
}

/* Creates and activates a capture on IFACE into *P, here. */
static int activate(pcap_t **p, const char *iface, const nlab_capture_opts *o,
		    char *err, size_t errlen)
{
	char ebuf[PCAP_ERRBUF_SIZE] = "";
	*p = pcap_create(iface, ebuf);
	if (!*p) {
		snprintf(err, errlen, "%s", ebuf);
		return -ENOMEM;
	}
	int rc = set_options(*p, o);
	if (rc != 0)
		return rc;
	int status = pcap_activate(*p);
	if (status < 0) {
		pcap_text(*p, status, err, errlen);
		return activate_error(status);
	}
	if (strcmp(iface, "any") == 0) /* as tcpdump 4.99 asks, where */
		pcap_set_datalink(*p, CAPTURE_DLT_LINUX_SLL2); /* it can */
	return 0;
}

/* Compiles and installs filter text F on P, then stops blocking. */
static int set_filter(pcap_t *p, const char *f, char *err, size_t errlen)
{
	if (f && *f) {
		struct bpf_program prog;
		if (pcap_compile(p, &prog, f, 1, PCAP_NETMASK_UNKNOWN) != 0) {
			pcap_text(p, PCAP_ERROR, err, errlen);
			return -EINVAL;
		}
		int rc = pcap_setfilter(p, &prog);
		pcap_freecode(&prog);
		if (rc != 0) {
			pcap_text(p, PCAP_ERROR, err, errlen);
			return -EINVAL;
		}
	}
	char ebuf[PCAP_ERRBUF_SIZE] = "";
	if (pcap_setnonblock(p, 1, ebuf) != 0) {
		snprintf(err, errlen, "%s", ebuf);
		return -EIO;
	}
	return 0;
}

/* 1 if an fd below NLAB_FD_LOW is open now that was not in BEFORE. */
static int new_low(const fdset *before)
{
	int found = 0;
	for (int fd = 0; fd < NLAB_FD_LOW && !found; fd++)
		found = !fdset_has(before, fd) && fcntl(fd, F_GETFD) >= 0;
	return found;
}

/* Activates a capture on IFACE into *P with its fds high and
 * close-on-exec (in the host); its filter is the caller's to set. */
static int activate_high(pcap_t **p, const char *iface,
			 const nlab_capture_opts *o, char *err, size_t errlen)
{
	fdset held = {0}, before = {0};
	nlab_fd_low_lock();
	reserve_low(&held);
	int rc = fdset_read(&before);
	if (rc == 0)
		rc = activate(p, iface, o, err, errlen);
	release_low(&held);
	if (*p) {
		int fixed = cloexec_new(&before);
		rc = rc != 0 ? rc : fixed;
		if (rc == 0 && new_low(&before)) /* a script's fd closed */
			rc = -EBUSY;		 /* meanwhile: not ours */
	}
	nlab_fd_low_unlock();
	free(before.fds);
	return rc;
}

/* Opens the capture through libpcap alone (in the host). */
static int open_here(nlab_capture *c, const nlab_capture_opts *o, char *err,
		     size_t errlen)
{
	int rc = activate_high(&c->p, c->iface, o, err, errlen);
	return rc != 0 ? rc : set_filter(c->p, o->filter, err, errlen);
}

/* Opens C as a quick capture (in the host); -EAGAIN if it cannot be. */
static int open_quick(nlab_capture *c, const nlab_capture_opts *o)
{
	if (!nlab_quickcap_warmed())
		return -EAGAIN; /* time stamps not on yet: see quickcap.h */
	nlab_quickcap_opts qo = {.iface = c->iface,
				 .filter = o->filter,
				 .snaplen = o->snaplen,
				 .promisc = o->promisc,
				 .buffer = o->buffer,
				 .group = o->batched};
	return nlab_quickcap_open(&qo, &c->q, &c->linktype);
}

/* What nlab_netns_call hands to the code running inside the host. */
typedef struct open_job {
	nlab_capture *c;
	const nlab_capture_opts *o;
	char *err;
	size_t errlen;
	int netns;
} open_job;

/* Opens the open_job at P's capture (quick, or else through libpcap). */
static int open_job_run(void *p)
{
	open_job *j = p;
	if (!j->o->iface && default_iface(j->c->iface) != 0) {
		snprintf(j->err, j->errlen, "%s", "no interface besides lo");
		return -ENODEV;
	}
	int rc = open_quick(j->c, j->o);
	if (rc != 0) /* libpcap's open does it, or says why not */
		rc = open_here(j->c, j->o, j->err, j->errlen);
	/* the names are SLL2's ("any"), of the interfaces there now */
	int any = strcmp(j->c->iface, "any") == 0;
	return rc != 0 ? rc : nlab_ifnames_init(&j->c->names, j->netns, any);
}

static int run_later(void (*fn)(void *), void *arg, size_t stack);
static void ring_run(void *p);

/* Keeps quick capture C's socket for good (immediate mode, see above). */
static void quick_keep(nlab_capture *c, const nlab_capture_opts *o)
{
	c->snaplen = o->snaplen > 0 && o->snaplen <= NLAB_CAPTURE_SNAPLEN
			 ? o->snaplen
			 : NLAB_CAPTURE_SNAPLEN;
	c->nano = 1;
}

/* Starts quick capture C's ring on a thread: the options kept, an epoll
 * fd made to hand out. */
static int quick_start(nlab_capture *c, int netns, const nlab_capture_opts *o)
{
	c->snaplen = o->snaplen > 0 && o->snaplen <= NLAB_CAPTURE_SNAPLEN
			 ? o->snaplen
			 : NLAB_CAPTURE_SNAPLEN;
	c->nano = 1;
	c->efd = nlab_fd_high(epoll_create1(EPOLL_CLOEXEC));
	struct epoll_event ev = {.events = EPOLLIN};
	if (c->efd < 0 ||
	    epoll_ctl(c->efd, EPOLL_CTL_ADD, nlab_quickcap_fd(c->q), &ev) < 0)
		return nlab_errno();
	c->o = *o;
	c->o.iface = c->iface;
	c->filter = strdup(o->filter ? o->filter : "");
	c->o.filter = c->filter;
	c->group = nlab_quickcap_group(c->q);
	c->netns = fcntl(netns, F_DUPFD_CLOEXEC, NLAB_FD_LOW);
	if (!c->filter || c->netns < 0)
		return -ENOMEM;
	c->starting = 1;
	if (run_later(ring_run, c, 256 * 1024) != 0)
		c->starting = 0; /* no thread: the quick socket goes on alone */
	return 0;
}

int nlab_capture_open(int netns, const nlab_capture_opts *o, nlab_capture **cap,
		      char *err, size_t errlen)
{
	*cap = NULL;
	err[0] = '\0';
	if (o->iface && strlen(o->iface) >= NLAB_IFNAMELEN)
		return -ENODEV;
	nlab_capture *c = calloc(1, sizeof *c);
	if (!c)
		return -ENOMEM;
	c->names.netns = -1;
	c->efd = c->netns = -1;
	pthread_mutex_init(&c->lock, NULL);
	snprintf(c->iface, sizeof c->iface, "%s", o->iface ? o->iface : "");
	open_job j = {
	    .c = c, .o = o, .err = err, .errlen = errlen, .netns = netns};
	int rc = nlab_netns_call(netns, open_job_run, &j);
	if (rc == 0 && c->q && o->batched)
		rc = quick_start(c, netns, o);
	else if (rc == 0 && c->q)
		quick_keep(c, o);
	if (rc != 0) {
		nlab_capture_close(c);
		return rc;
	}
	*cap = c;
	if (c->q)
		return 0;
	c->linktype = pcap_datalink(c->p);
	c->snaplen = pcap_snapshot(c->p);
	c->nano = pcap_get_tstamp_precision(c->p) == PCAP_TSTAMP_PRECISION_NANO;
	return 0;
}

/* Fills what H lacks from C (link type, SLL2's interface name). */
static void finish_hdr(nlab_capture *c, nlab_pkthdr *h, const uint8_t *d)
{
	h->linktype = c->linktype;
	h->ifname[0] = '\0';
	if (c->linktype == CAPTURE_DLT_LINUX_SLL2 && h->caplen >= 8) {
		unsigned index = (unsigned)d[4] << 24 | (unsigned)d[5] << 16 |
				 (unsigned)d[6] << 8 | d[7];
		snprintf(h->ifname, sizeof h->ifname, "%s",
			 nlab_ifnames_get(&c->names, index));
	}
}

/* Frees quick socket Q (on a thread: its release waits in the kernel). */
static void quick_free(void *q)
{
	nlab_quickcap_free(q);
}

/* The ring has taken over and C's quick socket is drained: reads the
 * ring from now on, the quick socket closing on its own. */
static void quick_done(nlab_capture *c)
{
	nlab_quickcap_counts(c->q, &c->q_taken, &c->q_dropped);
	epoll_ctl(c->efd, EPOLL_CTL_DEL, nlab_quickcap_fd(c->q), NULL);
	if (run_later(quick_free, c->q, 64 * 1024) != 0)
		nlab_quickcap_free(c->q);
	c->q = NULL;
}

/* Reads C's quick socket: as nlab_capture_next; 0 when the ring is to
 * be read (its packets came after the quick socket's). */
static int quick_next(nlab_capture *c, nlab_pkthdr *h, const uint8_t **data,
		      char *err, size_t errlen)
{
	/* seen before the read: if QUICK_DONE, the read's EAGAIN is final */
	int state = atomic_load_explicit(&c->state, memory_order_acquire);
	int rc = nlab_quickcap_next(c->q, h, data);
	if (rc == 1) {
		finish_hdr(c, h, *data);
		return 1;
	}
	if (rc != -EAGAIN) {
		snprintf(err, errlen, "%s", nlab_strerror(rc));
		return -EIO;
	}
	if (state == QUICK_ALONE)
		return -EAGAIN;
	c->p = c->r;
	if (state == QUICK_DONE)
		quick_done(c);
	return 0;
}

int nlab_capture_next(nlab_capture *c, nlab_pkthdr *h, const uint8_t **data,
		      char *err, size_t errlen)
{
	if (c->q) {
		int rc = quick_next(c, h, data, err, errlen);
		if (rc != 0)
			return rc;
	}
	struct pcap_pkthdr *ph;
	int rc = pcap_next_ex(c->p, &ph, data);
	if (rc == 0)
		return -EAGAIN;
	if (rc < 0) {
		pcap_text(c->p, rc, err, errlen);
		return rc == PCAP_ERROR_BREAK ? NLAB_EINTR : -EIO;
	}
	h->sec = ph->ts.tv_sec;
	h->nsec =
	    c->nano ? (int64_t)ph->ts.tv_usec : (int64_t)ph->ts.tv_usec * 1000;
	h->caplen = ph->caplen;
	h->len = ph->len;
	finish_hdr(c, h, *data);
	return 1;
}

int nlab_capture_fd(const nlab_capture *c)
{
	if (c->efd >= 0)
		return c->efd;
	return c->q ? nlab_quickcap_fd(c->q) : pcap_get_selectable_fd(c->p);
}

int nlab_capture_linktype(const nlab_capture *c)
{
	return c->linktype;
}

int nlab_capture_snaplen(const nlab_capture *c)
{
	return c->snaplen;
}

const char *nlab_capture_iface(const nlab_capture *c)
{
	return c->iface;
}

/* Fills *S with P's counts (pcap_stats); 0 or -EIO. */
static int pcap_counts(pcap_t *p, nlab_capture_stats *s)
{
	struct pcap_stat ps;
	if (pcap_stats(p, &ps) != 0)
		return -EIO;
	s->received = ps.ps_recv;
	s->dropped = ps.ps_drop;
	s->ifdropped = ps.ps_ifdrop;
	return 0;
}

int nlab_capture_stats_get(nlab_capture *c, nlab_capture_stats *s)
{
	if (c->efd < 0 && !c->q)
		return pcap_counts(c->p, s);
	uint64_t taken = c->q_taken, dropped = c->q_dropped;
	if (c->q)
		nlab_quickcap_counts(c->q, &taken, &dropped);
	*s = (nlab_capture_stats){.received = taken + dropped,
				  .dropped = dropped};
	nlab_capture_stats r;
	if (atomic_load_explicit(&c->state, memory_order_acquire) !=
		QUICK_ALONE &&
	    pcap_counts(c->r, &r) == 0) {
		s->received += r.received - c->base.received;
		s->dropped += r.dropped - c->base.dropped;
		s->ifdropped += r.ifdropped - c->base.ifdropped;
	}
	return 0;
}

/* The ring's thread ------------------------------------------------ */

/* Moves the calling thread into namespace NETNS (unless it is there). */
static int enter(int netns)
{
	struct stat a, b;
	if (fstat(netns, &a) == 0 &&
	    stat("/proc/thread-self/ns/net", &b) == 0 && a.st_ino == b.st_ino &&
	    a.st_dev == b.st_dev)
		return 0;
	return setns(netns, CLONE_NEWNET) < 0 ? nlab_errno() : 0;
}

/* Reads and lets go of what ring R took on its own, before it joined
 * C's group: the quick socket has those packets too. No more come (the
 * group steers every packet to the quick socket); a batched ring hands
 * its last block over within a few NLAB_CAPTURE_BATCH_MS. */
static int drop_doubles(nlab_capture *c, pcap_t *r)
{
	struct pcap_stat st;
	if (pcap_stats(r, &st) != 0)
		return -EIO;
	unsigned left = st.ps_recv - st.ps_drop;
	int waits = 0, patience = c->o.batched ? 4 * NLAB_CAPTURE_BATCH_MS : 0;
	while (left > 0) {
		if (atomic_load(&c->closing))
			return -ECANCELED;
		struct pcap_pkthdr *h;
		const u_char *d;
		int rc = pcap_next_ex(r, &h, &d);
		if (rc < 0)
			return -EIO;
		if (rc == 1)
			left--;
		else if (waits++ < patience)
			usleep(1000);
		else
			break; /* the rest libpcap leaves out (lo's outgoing) */
	}
	return 0;
}

/* Joins ring R to C's fanout group and waits for a grace period, after
 * which it takes nothing on its own. */
static int join(nlab_capture *c, pcap_t *r)
{
	int fd = pcap_get_selectable_fd(r);
	int arg = c->group | PACKET_FANOUT_CBPF << 16;
	if (setsockopt(fd, SOL_PACKET, PACKET_FANOUT, &arg, sizeof arg) < 0)
		return nlab_errno();
	return nlab_fanout_steer(fd, 0); /* the same again: the wait */
}

/* Opens C's ring in the host, and hands the group's packets over to it. */
static int ring_start(nlab_capture *c)
{
	char err[NLAB_CAPTURE_ERRLEN];
	pcap_t *r = NULL;
	int rc = enter(c->netns);
	if (rc == 0)
		rc = activate_high(&r, c->iface, &c->o, err, sizeof err);
	if (rc == 0 &&
	    (pcap_datalink(r) != c->linktype || pcap_snapshot(r) != c->snaplen))
		rc = -EIO;
	if (rc == 0 && pcap_setnonblock(r, 1, err) != 0)
		rc = -EIO;
	if (rc == 0)
		rc = join(c, r);
	if (rc == 0)
		rc = drop_doubles(c, r);
	if (rc == 0)
		rc = set_filter(r, c->o.filter, err, sizeof err);
	if (rc == 0)
		rc = pcap_counts(r, &c->base);
	struct epoll_event ev = {.events = EPOLLIN};
	if (rc == 0 && epoll_ctl(c->efd, EPOLL_CTL_ADD,
				 pcap_get_selectable_fd(r), &ev) < 0)
		rc = nlab_errno();
	if (rc != 0) {
		if (r)
			pcap_close(r); /* the quick socket goes on alone */
		return rc;
	}
	int fd = pcap_get_selectable_fd(r);
	c->r = r; /* the reader's from now on */
	atomic_store_explicit(&c->state, QUICK_STEERING, memory_order_release);
	rc = nlab_fanout_steer(fd, 1);
	if (rc == 0) /* (else both stay, the ring taking nothing) */
		atomic_store_explicit(&c->state, QUICK_DONE,
				      memory_order_release);
	return rc;
}

static void close_now(nlab_capture *c);

/* The ring's thread: starts C's ring; frees C if it was closed meanwhile. */
static void ring_run(void *p)
{
	nlab_capture *c = p;
	ring_start(c);
	pthread_mutex_lock(&c->lock);
	c->starting = 0;
	int gone = atomic_load(&c->closing);
	pthread_mutex_unlock(&c->lock);
	if (gone)
		close_now(c);
}

/* Closing ----------------------------------------------------------- */

/* The threads of captures (closing, or opening a ring) still running. */
static struct {
	pthread_mutex_t lock;
	pthread_cond_t done;
	int running;
	int atexit_set;
} closers = {PTHREAD_MUTEX_INITIALIZER, PTHREAD_COND_INITIALIZER, 0, 0};

/* Frees C, closing its sockets and libpcap handle. */
static void close_now(nlab_capture *c)
{
	nlab_quickcap_free(c->q);
	if (c->r)
		pcap_close(c->r);
	else if (c->p)
		pcap_close(c->p);
	if (c->efd >= 0)
		close(c->efd);
	if (c->netns >= 0)
		close(c->netns);
	free(c->filter);
	nlab_ifnames_free(&c->names);
	pthread_mutex_destroy(&c->lock);
	free(c);
}

/* What a thread of run_later runs. */
typedef struct task {
	void (*fn)(void *);
	void *arg;
} task;

/* The thread: runs the task at P. */
static void *task_run(void *p)
{
	task t = *(task *)p;
	free(p);
	t.fn(t.arg);
	pthread_mutex_lock(&closers.lock);
	closers.running--;
	pthread_cond_broadcast(&closers.done);
	pthread_mutex_unlock(&closers.lock);
	return NULL;
}

void nlab_capture_settle(int ms)
{
	struct timespec end;
	clock_gettime(CLOCK_REALTIME, &end);
	end.tv_sec += ms / 1000;
	end.tv_nsec += (long)(ms % 1000) * 1000000L;
	if (end.tv_nsec >= 1000000000L) {
		end.tv_sec++;
		end.tv_nsec -= 1000000000L;
	}
	pthread_mutex_lock(&closers.lock);
	while (closers.running > 0 &&
	       pthread_cond_timedwait(&closers.done, &closers.lock, &end) == 0)
		;
	pthread_mutex_unlock(&closers.lock);
}

/* At exit: waits (at most a second) for the closing threads. */
static void closers_wait(void)
{
	nlab_capture_settle(1000);
}

/* Runs FN(ARG) on a detached thread (signals blocked, STACK bytes); 0,
 * or an error code (FN not run). */
static int run_later(void (*fn)(void *), void *arg, size_t stack)
{
	task *t = malloc(sizeof *t);
	pthread_attr_t a;
	if (!t || pthread_attr_init(&a) != 0) {
		free(t);
		return -ENOMEM;
	}
	*t = (task){fn, arg};
	pthread_attr_setdetachstate(&a, PTHREAD_CREATE_DETACHED);
	pthread_attr_setstacksize(&a, stack);
	sigset_t all, old;
	sigfillset(&all);
	pthread_mutex_lock(&closers.lock);
	if (!closers.atexit_set)
		closers.atexit_set = atexit(closers_wait) == 0;
	pthread_sigmask(SIG_SETMASK, &all, &old);
	pthread_t id;
	int rc = pthread_create(&id, &a, task_run, t);
	pthread_sigmask(SIG_SETMASK, &old, NULL);
	if (rc == 0)
		closers.running++;
	else
		free(t);
	pthread_mutex_unlock(&closers.lock);
	pthread_attr_destroy(&a);
	return -rc;
}

/* Closes the capture at P (run_later's). */
static void close_task(void *p)
{
	close_now(p);
}

void nlab_capture_close(nlab_capture *c)
{
	if (!c)
		return;
	pthread_mutex_lock(&c->lock);
	int starting = c->starting;
	if (starting) /* the ring's thread frees it when it ends */
		atomic_store(&c->closing, 1);
	pthread_mutex_unlock(&c->lock);
	if (starting)
		return;
	if ((!c->p && !c->q) || run_later(close_task, c, 64 * 1024) != 0)
		close_now(c);
}
