/* hostfs.c - a lab host's own /run (hostfs.h).
 *
 * The namespace is made by a child that unshares it, builds the views
 * and sends an fd for it back over a socket pair (SCM_RIGHTS), then
 * exits: netlab itself never changes mount namespace, which would move
 * its working directory and root, and is refused to a process with
 * threads. The child's /proc/self names its own namespace whatever pid
 * namespace netlab runs in. */
#include "hostfs.h"

#include "dirview.h"
#include "error.h"
#include "fdinfo.h"

#include <errno.h>
#include <fcntl.h>
#include <limits.h>
#include <sched.h>
#include <stdio.h>
#include <string.h>
#include <sys/mount.h>
#include <sys/socket.h>
#include <sys/stat.h>
#include <sys/wait.h>
#include <unistd.h>

/* Where a view is built before it moves over its directory: /tmp always
 * exists, and is the real one again once the view has moved. */
#define SCRATCH "/tmp"

/* The entry of a /run view that is the host's own, never the machine's. */
#define NETNS "netns"

/* What /var/run is on the machine. */
enum { VAR_NONE, VAR_OWN, VAR_RUN };

/* Makes DIR/netns a mount (bound to itself) and shared: the one mount of
 * the host whose changes reach its commands' namespaces and back. */
static int share_netns(const char *dir)
{
	char path[PATH_MAX];
	if (snprintf(path, sizeof path, "%s/" NETNS, dir) >= (int)sizeof path)
		return -ENAMETOOLONG;
	if (mount(path, path, NULL, MS_BIND, NULL) < 0 ||
	    mount(NULL, path, NULL, MS_SHARED, NULL) < 0)
		return nlab_errno();
	return 0;
}

/* Covers the directory DIR with a view of it (dirview.h) on a fresh
 * tmpfs, with an empty netns of its own. */
static int cover(const char *dir)
{
	if (mount("netlab-run", SCRATCH, "tmpfs", MS_NOSUID | MS_NODEV,
		  "mode=0755") < 0)
		return nlab_errno();
	int rc = nlab_dirview_fill(dir, SCRATCH, NETNS);
	if (rc == 0 && mkdir(SCRATCH "/" NETNS, 0755) < 0)
		rc = nlab_errno();
	if (rc == 0 && mount(SCRATCH, dir, NULL, MS_MOVE, NULL) < 0)
		rc = nlab_errno();
	return rc == 0 ? share_netns(dir) : rc;
}

/* VAR_NONE if /var/run is missing or a symlink (to /run: it shows /run's
 * view), VAR_RUN if it is the directory RUN itself (bound), else VAR_OWN. */
static int var_run(const struct stat *run)
{
	struct stat st;
	if (lstat("/var/run", &st) < 0 || !S_ISDIR(st.st_mode))
		return VAR_NONE;
	if (st.st_dev == run->st_dev && st.st_ino == run->st_ino)
		return VAR_RUN;
	return VAR_OWN;
}

/* In the helper's new namespace: nothing propagates back, /run and
 * /var/run are covered. A machine without /run gets none. */
static int make_views(void)
{
	if (mount(NULL, "/", NULL, MS_REC | MS_SLAVE, NULL) < 0)
		return nlab_errno();
	struct stat run;
	if (stat("/run", &run) < 0 || !S_ISDIR(run.st_mode))
		return 0;
	int var = var_run(&run);
	int rc = cover("/run");
	if (rc == 0 && var == VAR_OWN)
		rc = cover("/var/run");
	if (rc == 0 && var == VAR_RUN &&
	    mount("/run", "/var/run", NULL, MS_BIND | MS_REC, NULL) < 0)
		rc = nlab_errno();
	return rc;
}

/* Sends RC over SOCK, with the fd FD when RC is 0. */
static void send_result(int sock, int rc, int fd)
{
	union {
		char buf[CMSG_SPACE(sizeof(int))];
		struct cmsghdr align;
	} ctl = {0};
	struct iovec iov = {.iov_base = &rc, .iov_len = sizeof rc};
	struct msghdr msg = {.msg_iov = &iov, .msg_iovlen = 1};
	if (rc == 0) {
		msg.msg_control = ctl.buf;
		msg.msg_controllen = sizeof ctl.buf;
		struct cmsghdr *c = CMSG_FIRSTHDR(&msg);
		c->cmsg_level = SOL_SOCKET;
		c->cmsg_type = SCM_RIGHTS;
		c->cmsg_len = CMSG_LEN(sizeof(int));
		memcpy(CMSG_DATA(c), &fd, sizeof fd);
	}
	if (sendmsg(sock, &msg, MSG_NOSIGNAL) < 0)
		_exit(1); /* netlab is gone: nothing to tell */
}

/* The helper child: makes the namespace, sends it on SOCK, exits. */
static void helper(int sock)
{
	int fd = -1,
	    rc = unshare(CLONE_NEWNS) < 0 ? nlab_errno() : make_views();
	if (rc == 0 &&
	    (fd = open("/proc/self/ns/mnt", O_RDONLY | O_CLOEXEC)) < 0)
		rc = nlab_errno();
	send_result(sock, rc, fd);
	_exit(0);
}

/* Reads the helper's result from SOCK: its code, and the fd in *FD. */
static int receive_result(int sock, int *fd)
{
	union {
		char buf[CMSG_SPACE(sizeof(int))];
		struct cmsghdr align;
	} ctl;
	int rc = 0;
	struct iovec iov = {.iov_base = &rc, .iov_len = sizeof rc};
	struct msghdr msg = {.msg_iov = &iov,
			     .msg_iovlen = 1,
			     .msg_control = ctl.buf,
			     .msg_controllen = sizeof ctl.buf};
	ssize_t n;
	do
		n = recvmsg(sock, &msg, MSG_CMSG_CLOEXEC);
	while (n < 0 && errno == EINTR);
	if (n < 0)
		return nlab_errno();
	if (n != sizeof rc)
		return -ECHILD; /* the helper died before it could say */
	struct cmsghdr *c = CMSG_FIRSTHDR(&msg);
	if (rc != 0)
		return rc;
	if (!c || c->cmsg_level != SOL_SOCKET || c->cmsg_type != SCM_RIGHTS)
		return -EPROTO;
	memcpy(fd, CMSG_DATA(c), sizeof *fd);
	return 0;
}

int nlab_hostfs_new(int *fd)
{
	int sv[2];
	*fd = -1;
	if (socketpair(AF_UNIX, SOCK_SEQPACKET | SOCK_CLOEXEC, 0, sv) < 0)
		return nlab_errno();
	pid_t pid = fork();
	if (pid == 0) {
		close(sv[0]);
		helper(sv[1]);
	}
	int rc = pid < 0 ? nlab_errno() : 0;
	close(sv[1]);
	if (rc == 0)
		rc = receive_result(sv[0], fd);
	close(sv[0]);
	while (pid > 0 && waitpid(pid, NULL, 0) < 0 && errno == EINTR)
		;
	if (rc == 0)
		*fd = nlab_fd_high(*fd);
	return rc;
}

int nlab_hostfs_enter(int fd)
{
	char cwd[PATH_MAX];
	const char *path = getcwd(cwd, sizeof cwd);
	int here = open(".", O_PATH | O_DIRECTORY | O_CLOEXEC);
	int rc = setns(fd, CLONE_NEWNS) < 0 ? nlab_errno() : 0;
	/* setns moved us to the namespace's root: back to the same directory
	 * by its name (as the host sees it), else to the directory itself */
	if (rc == 0 && (!path || chdir(path) < 0) && here >= 0 &&
	    fchdir(here) < 0)
		rc = nlab_errno();
	if (here >= 0)
		close(here);
	return rc;
}
