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
 * netlab never asks for, so closing one on another thread is safe. */
#include "capture.h"

#include "error.h"
#include "fdinfo.h"
#include "ifnames.h"
#include "netns.h"

#include <dirent.h>
#include <errno.h>
#include <fcntl.h>
#include <net/if.h>
#include <pcap/pcap.h>
#include <pthread.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <time.h>
#include <unistd.h>

struct nlab_capture {
	pcap_t *p;
	int linktype;
	int nano; /* time stamps in nanoseconds (else microseconds) */
	int snaplen;
	char iface[NLAB_IFNAMELEN];
	nlab_ifnames names; /* the namespace's interfaces (SLL2's ifindex) */
};

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

/* Creates and activates the capture C on C->iface, here. */
static int activate(nlab_capture *c, const nlab_capture_opts *o, char *err,
		    size_t errlen)
{
	char ebuf[PCAP_ERRBUF_SIZE] = "";
	c->p = pcap_create(c->iface, ebuf);
	if (!c->p) {
		snprintf(err, errlen, "%s", ebuf);
		return -ENOMEM;
	}
	int rc = set_options(c->p, o);
	if (rc != 0)
		return rc;
	int status = pcap_activate(c->p);
	if (status < 0) {
		pcap_text(c->p, status, err, errlen);
		return activate_error(status);
	}
	if (strcmp(c->iface, "any") == 0) /* as tcpdump 4.99 asks, where */
		pcap_set_datalink(c->p, CAPTURE_DLT_LINUX_SLL2); /* it can */
	return 0;
}

/* Compiles and installs filter text F, then stops blocking. */
static int set_filter(nlab_capture *c, const char *f, char *err, size_t errlen)
{
	if (f && *f) {
		struct bpf_program prog;
		if (pcap_compile(c->p, &prog, f, 1, PCAP_NETMASK_UNKNOWN) !=
		    0) {
			pcap_text(c->p, PCAP_ERROR, err, errlen);
			return -EINVAL;
		}
		int rc = pcap_setfilter(c->p, &prog);
		pcap_freecode(&prog);
		if (rc != 0) {
			pcap_text(c->p, PCAP_ERROR, err, errlen);
			return -EINVAL;
		}
	}
	char ebuf[PCAP_ERRBUF_SIZE] = "";
	if (pcap_setnonblock(c->p, 1, ebuf) != 0) {
		snprintf(err, errlen, "%s", ebuf);
		return -EIO;
	}
	return 0;
}

/* Opens the capture with its fds high and close-on-exec (in the host). */
static int open_here(nlab_capture *c, const nlab_capture_opts *o, char *err,
		     size_t errlen)
{
	if (!o->iface) {
		int rc = default_iface(c->iface);
		if (rc != 0) {
			snprintf(err, errlen, "%s", "no interface besides lo");
			return rc;
		}
	}
	fdset held = {0}, before = {0};
	reserve_low(&held);
	int rc = fdset_read(&before);
	if (rc == 0)
		rc = activate(c, o, err, errlen);
	release_low(&held);
	if (c->p) {
		int fixed = cloexec_new(&before);
		rc = rc != 0 ? rc : fixed;
	}
	free(before.fds);
	return rc != 0 ? rc : set_filter(c, o->filter, err, errlen);
}

/* What nlab_netns_call hands to the code running inside the host. */
typedef struct open_job {
	nlab_capture *c;
	const nlab_capture_opts *o;
	char *err;
	size_t errlen;
	int netns;
} open_job;

/* Runs open_here for the open_job at P. */
static int open_job_run(void *p)
{
	open_job *j = p;
	int rc = open_here(j->c, j->o, j->err, j->errlen);
	return rc != 0 ? rc : nlab_ifnames_init(&j->c->names, j->netns);
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
	snprintf(c->iface, sizeof c->iface, "%s", o->iface ? o->iface : "");
	open_job j = {
	    .c = c, .o = o, .err = err, .errlen = errlen, .netns = netns};
	int rc = nlab_netns_call(netns, open_job_run, &j);
	if (rc != 0) {
		nlab_capture_close(c);
		return rc;
	}
	c->linktype = pcap_datalink(c->p);
	c->snaplen = pcap_snapshot(c->p);
	c->nano = pcap_get_tstamp_precision(c->p) == PCAP_TSTAMP_PRECISION_NANO;
	*cap = c;
	return 0;
}

int nlab_capture_next(nlab_capture *c, nlab_pkthdr *h, const uint8_t **data,
		      char *err, size_t errlen)
{
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
	h->linktype = c->linktype;
	h->ifname[0] = '\0';
	if (c->linktype == CAPTURE_DLT_LINUX_SLL2 && ph->caplen >= 8) {
		const uint8_t *d = *data;
		unsigned index = (unsigned)d[4] << 24 | (unsigned)d[5] << 16 |
				 (unsigned)d[6] << 8 | d[7];
		snprintf(h->ifname, sizeof h->ifname, "%s",
			 nlab_ifnames_get(&c->names, index));
	}
	return 1;
}

int nlab_capture_fd(const nlab_capture *c)
{
	return pcap_get_selectable_fd(c->p);
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

int nlab_capture_stats_get(nlab_capture *c, nlab_capture_stats *s)
{
	struct pcap_stat ps;
	if (pcap_stats(c->p, &ps) != 0)
		return -EIO;
	s->received = ps.ps_recv;
	s->dropped = ps.ps_drop;
	s->ifdropped = ps.ps_ifdrop;
	return 0;
}

/* The closing threads still running, and their lock. */
static struct {
	pthread_mutex_t lock;
	pthread_cond_t done;
	int running;
	int atexit_set;
} closers = {PTHREAD_MUTEX_INITIALIZER, PTHREAD_COND_INITIALIZER, 0, 0};

/* Frees C, closing its libpcap handle. */
static void close_now(nlab_capture *c)
{
	if (c->p)
		pcap_close(c->p);
	nlab_ifnames_free(&c->names);
	free(c);
}

/* The closing thread: closes the capture at P. */
static void *closer_run(void *p)
{
	close_now(p);
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

/* Starts a thread closing C; 0, or an error code (C not touched). */
static int close_later(nlab_capture *c)
{
	pthread_attr_t a;
	if (pthread_attr_init(&a) != 0)
		return -ENOMEM;
	pthread_attr_setdetachstate(&a, PTHREAD_CREATE_DETACHED);
	pthread_attr_setstacksize(&a, 64 * 1024);
	pthread_mutex_lock(&closers.lock);
	if (!closers.atexit_set)
		closers.atexit_set = atexit(closers_wait) == 0;
	pthread_t t;
	int rc = pthread_create(&t, &a, closer_run, c);
	if (rc == 0)
		closers.running++;
	pthread_mutex_unlock(&closers.lock);
	pthread_attr_destroy(&a);
	return -rc;
}

void nlab_capture_close(nlab_capture *c)
{
	if (!c)
		return;
	if (!c->p || close_later(c) != 0)
		close_now(c);
}
