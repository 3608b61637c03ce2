/* netns.c - network namespaces as fds: create one, enter it, leave it.
 *
 * Creating: unshare(CLONE_NEWNET) moves the calling thread into a fresh
 * namespace, /proc/thread-self/ns/net gives an fd for it, and setns()
 * takes the thread back home. The fd is then the namespace's only
 * reference, so closing it (or exiting) frees it. The alternative, a
 * helper child cloned with CLONE_NEWNET whose namespace we open through
 * /proc/PID/ns/net, never moves us, but costs a process, a stack and a
 * reap for the same result: both need the same privilege, and entering a
 * host to create a socket already relies on setns() home succeeding. So
 * we check once, before the first namespace, that it does (a setns() to
 * the namespace we are in is a no-op that still checks the privilege):
 * netlab can never be left stranded in a lab's namespace.
 *
 * Rootless (userns.c): inside a user namespace of its own, netlab can
 * create and enter lab namespaces (they belong to it) but setns() back
 * to the machine's namespace is refused (it belongs to the initial user
 * namespace), and a home namespace of its own would cut netlab's own
 * sockets off the machine. But a network namespace belongs to a thread,
 * not to the process: rootless, the main thread never moves, and the
 * work to do inside a host (unshare, one socket, one open) is done by a
 * short-lived thread that enters it, does it and ends, leaving nothing
 * to come back from. The fds it makes are the process's. As root,
 * nlab_netns_call enters and leaves as before, at no extra cost. */
#include "netns.h"

#include "error.h"
#include "fdinfo.h"
#include "sock.h"
#include "userns.h"

#include <errno.h>
#include <fcntl.h>
#include <pthread.h>
#include <sched.h>
#include <signal.h>
#include <sys/stat.h>
#include <unistd.h>

#define SELF_NS "/proc/thread-self/ns/net"

static int home = -1;   /* netlab's own namespace, to come back to */
static int inside = -1; /* the namespace entered, or -1 when home */

/* Opens netlab's own namespace once, and checks we may come back to it;
 * if not, enters a user namespace (rootless). */
static int home_open(void)
{
	if (home >= 0 || nlab_userns_rootless())
		return 0; /* rootless: the main thread never leaves home */
	if (geteuid() != 0)
		return nlab_userns_enter();
	int fd = open(SELF_NS, O_RDONLY | O_CLOEXEC);
	if (fd < 0)
		return nlab_errno();
	if (setns(fd, CLONE_NEWNET) < 0) {
		int rc = nlab_errno();
		close(fd);
		/* root of a user namespace that does not own this network
		 * namespace (netlab run by a rootless netlab): nest one */
		return rc == -EPERM ? nlab_userns_enter() : rc;
	}
	home = nlab_fd_high(fd);
	return 0;
}

/* Work for a thread to do inside a namespace (NETNS, or a new one). */
typedef struct {
	int netns; /* -1: unshare a new one */
	int (*fn)(void *);
	void *arg;
	int rc;
} job;

/* The thread: moves into the namespace, does the job, ends there. */
static void *job_run(void *p)
{
	job *j = p;
	int moved = j->netns >= 0 ? setns(j->netns, CLONE_NEWNET)
				  : unshare(CLONE_NEWNET);
	j->rc = moved < 0 ? nlab_errno() : j->fn(j->arg);
	return NULL;
}

/* Rootless: runs J on a thread of its own (signals stay with the main
 * thread), and waits for it. */
static int job_thread(job *j)
{
	sigset_t all, old;
	pthread_t t;
	sigfillset(&all);
	pthread_sigmask(SIG_SETMASK, &all, &old);
	int err = pthread_create(&t, NULL, job_run, j);
	pthread_sigmask(SIG_SETMASK, &old, NULL);
	if (err != 0)
		return -err;
	pthread_join(t, NULL);
	return j->rc;
}

/* Opens the calling thread's namespace into *(int *)FD. */
static int open_self(void *fd)
{
	*(int *)fd = open(SELF_NS, O_RDONLY | O_CLOEXEC);
	return *(int *)fd < 0 ? nlab_errno() : 0;
}

/* Rootless nlab_netns_new: a thread unshares and opens its namespace;
 * EPERM there means the user namespace was made powerless (AppArmor). */
static int new_rootless(int *fd)
{
	int ns = -1;
	job j = {.netns = -1, .fn = open_self, .arg = &ns};
	int rc = job_thread(&j);
	if (rc == -EPERM || rc == -EACCES)
		return nlab_userns_refused(rc);
	if (rc == 0)
		*fd = nlab_fd_high(ns);
	return rc;
}

int nlab_netns_new(int *fd)
{
	*fd = -1;
	int rc = home_open();
	if (rc != 0)
		return rc;
	if (nlab_userns_rootless())
		return new_rootless(fd);
	if (inside >= 0)
		return -EBUSY;
	if (unshare(CLONE_NEWNET) < 0)
		return nlab_errno();
	int ns = open(SELF_NS, O_RDONLY | O_CLOEXEC);
	rc = ns < 0 ? nlab_errno() : 0;
	if (setns(home, CLONE_NEWNET) < 0 && rc == 0)
		rc = nlab_errno(); /* checked by home_open: cannot happen */
	if (rc != 0) {
		if (ns >= 0)
			close(ns);
		return rc;
	}
	*fd = nlab_fd_high(ns);
	return 0;
}

int nlab_netns_enter(int fd)
{
	int rc = home_open();
	if (rc != 0)
		return rc;
	if (inside >= 0)
		return -EBUSY;
	if (nlab_userns_rootless())
		return -ENOTSUP; /* no way back: use nlab_netns_call */
	if (setns(fd, CLONE_NEWNET) < 0)
		return nlab_errno();
	inside = fd;
	return 0;
}

int nlab_netns_leave(void)
{
	if (inside < 0)
		return 0;
	if (setns(home, CLONE_NEWNET) < 0)
		return nlab_errno();
	inside = -1;
	return 0;
}

/* Rootless: 1 if NETNS is the namespace we are in (the machine's, which
 * a thread could not setns() into, as netlab.here needs). */
static int is_here(int netns)
{
	struct stat a, b;
	return fstat(netns, &a) == 0 && stat(SELF_NS, &b) == 0 &&
	       a.st_ino == b.st_ino && a.st_dev == b.st_dev;
}

int nlab_netns_call(int netns, int (*fn)(void *), void *arg)
{
	int rc = home_open();
	if (rc != 0)
		return rc;
	if (nlab_userns_rootless()) {
		job j = {.netns = netns, .fn = fn, .arg = arg};
		return is_here(netns) ? fn(arg) : job_thread(&j);
	}
	rc = nlab_netns_enter(netns);
	if (rc != 0)
		return rc;
	rc = fn(arg);
	int back = nlab_netns_leave();
	return rc != 0 ? rc : back; /* back: checked by home_open */
}

/* A socket to open: nlab_sock_open's arguments and result. */
typedef struct {
	int family, type, fd;
} sock_job;

/* Opens the socket of sock_job *P where the thread is. */
static int open_sock(void *p)
{
	sock_job *s = p;
	return nlab_sock_open(s->family, s->type, &s->fd);
}

int nlab_netns_socket(int netns, int family, int type, int *fd)
{
	sock_job s = {.family = family, .type = type, .fd = -1};
	int rc = nlab_netns_call(netns, open_sock, &s);
	if (rc != 0 && s.fd >= 0)
		close(s.fd);
	*fd = rc == 0 ? s.fd : -1;
	return rc;
}

int nlab_netns_inode(int fd, unsigned long *inode)
{
	struct stat st;
	if (fstat(fd, &st) < 0)
		return nlab_errno();
	*inode = (unsigned long)st.st_ino;
	return 0;
}
