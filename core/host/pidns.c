/* pidns.c - a pid namespace per host command, ended with netlab.
 *
 * As root: unshare(CLONE_NEWPID) makes the next fork pid 1 of a new
 * namespace, and setns() takes our children back home. Rootless, or as
 * root of a user namespace that does not own home (unshare -r, a
 * rootless container), that setns() is refused, so
 * the one child is made with clone(CLONE_NEWPID) instead: nothing of
 * ours changes, nothing to come back from. */
#include "pidns.h"

#include "error.h"
#include "fdinfo.h"
#include "userns.h"

#include <errno.h>
#include <fcntl.h>
#include <poll.h>
#include <sched.h>
#include <signal.h>
#include <sys/prctl.h>
#include <sys/syscall.h>
#include <unistd.h>

static int home = -1;   /* netlab's own pid namespace */
static int myself = -1; /* a pidfd for netlab: readable once it is gone */
static int cloned;      /* home_refused: each host command is cloned */
static int fresh;       /* cloned: the next nlab_pidns_fork clones one */

/* 1 if host commands are cloned because setns() back home (FD) is
 * refused: rootless, or root of a user namespace that does not own
 * netlab's pid namespace (unshare -r, a rootless container); 0 if it is
 * allowed; -1 on another error (errno). */
static int home_refused(int fd)
{
	if (nlab_userns_rootless())
		return 1;
	if (setns(fd, CLONE_NEWPID) == 0)
		return 0;
	return errno == EPERM ? 1 : -1;
}

/* Opens both once; checks whether setns() back home is allowed. */
static int open_once(void)
{
	if (home >= 0)
		return 0;
	int fd = open("/proc/self/ns/pid", O_RDONLY | O_CLOEXEC);
	if (fd < 0)
		return nlab_errno();
	int pfd = (int)syscall(SYS_pidfd_open, getpid(), 0);
	if (pfd < 0 && errno == ENOSYS)
		pfd = -2; /* no pidfd_open (old kernels, valgrind 3.19): children
			      skip the check for a netlab gone early */
	int refused = pfd == -1 ? -1 : home_refused(fd);
	if (refused < 0) {
		int rc = nlab_errno();
		close(fd);
		if (pfd >= 0)
			close(pfd);
		return rc;
	}
	cloned = refused;
	home = nlab_fd_high(fd);
	if (pfd >= 0) {
		fcntl(pfd, F_SETFD, FD_CLOEXEC); /* pidfds are, but say so */
		myself = nlab_fd_high(pfd);
	}
	return 0;
}

int nlab_pidns_begin(void)
{
	int rc = open_once();
	if (rc == 0 && cloned)
		fresh = 1;
	else if (rc == 0 && unshare(CLONE_NEWPID) < 0)
		rc = nlab_errno();
	return rc;
}

int nlab_pidns_end(void)
{
	if (fresh) {
		fresh = 0; /* cloned: nothing of ours changed */
		return 0;
	}
	if (home >= 0 && setns(home, CLONE_NEWPID) < 0)
		return nlab_errno();
	return 0;
}

int nlab_pidns_child(void)
{
	if (prctl(PR_SET_PDEATHSIG, SIGKILL) < 0)
		return -1;
	/* netlab may have died before prctl: then its pidfd is readable
	 * (getppid() cannot tell: the parent is outside our namespace). */
	struct pollfd p = {.fd = myself, .events = POLLIN};
	return poll(&p, 1, 0) == 0 ? 0 : -1;
}

pid_t nlab_pidns_fork(void)
{
	if (!fresh)
		return fork();
	/* clone() with no new stack: a fork whose child is pid 1 of a new
	 * pid namespace (the child only execs, so glibc's fork handlers are
	 * not needed) */
	return (pid_t)syscall(SYS_clone, CLONE_NEWPID | SIGCHLD, NULL, NULL,
			      NULL, 0UL);
}
