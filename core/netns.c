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
 * Rootless (a later step): inside a user namespace of its own, netlab
 * can create and enter lab namespaces (they belong to that user
 * namespace) but setns() back to the machine's namespace is refused
 * (EPERM: it belongs to the initial user namespace). That mode will need
 * its home to be a namespace it owns, or objects created by a helper that
 * shares our fd table (clone with CLONE_FILES); nlab_netns_enter/leave
 * and nlab_netns_socket are the two places to change. */
#include "netns.h"

#include "error.h"
#include "fdinfo.h"
#include "sock.h"

#include <errno.h>
#include <fcntl.h>
#include <sched.h>
#include <sys/stat.h>
#include <unistd.h>

#define SELF_NS "/proc/thread-self/ns/net"

static int home = -1;   /* netlab's own namespace, to come back to */
static int inside = -1; /* the namespace entered, or -1 when home */

/* Opens netlab's own namespace once, and checks we may come back to it. */
static int home_open(void)
{
	if (home >= 0)
		return 0;
	int fd = open(SELF_NS, O_RDONLY | O_CLOEXEC);
	if (fd < 0)
		return nlab_errno();
	if (setns(fd, CLONE_NEWNET) < 0) {
		int rc = nlab_errno();
		close(fd);
		return rc;
	}
	home = nlab_fd_high(fd);
	return 0;
}

int nlab_netns_new(int *fd)
{
	*fd = -1;
	int rc = home_open();
	if (rc != 0)
		return rc;
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

int nlab_netns_socket(int netns, int family, int type, int *fd)
{
	*fd = -1;
	int rc = nlab_netns_enter(netns);
	if (rc != 0)
		return rc;
	rc = nlab_sock_open(family, type, fd);
	int back = nlab_netns_leave();
	if (back != 0 && rc == 0) {
		close(*fd);
		*fd = -1;
		rc = back;
	}
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
