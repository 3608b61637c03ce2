/* spawn.c - fork and exec /bin/sh with a clean set of fds and signals. */
#include "spawn.h"

#include "error.h"
#include "fdinfo.h"
#include "hostfs.h"
#include "loop.h"
#include "names.h"
#include "pidns.h"
#include "userns.h"

#include <errno.h>
#include <fcntl.h>
#include <sched.h>
#include <signal.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/syscall.h>
#include <sys/wait.h>
#include <unistd.h>

#ifndef CLOSE_RANGE_CLOEXEC
#define CLOSE_RANGE_CLOEXEC (1U << 2)
#endif

/* In the child: default signal dispositions and an empty mask. */
static void child_signals(void)
{
	/* the kernel's own sigaction: glibc's refuses the two real-time
	 * signals it reserves, which a parent may still have ignored */
	struct {
		void *handler;
		unsigned long flags;
		void *restorer;
		unsigned long mask;
	} dfl = {0};
	for (int sig = 1; sig < NSIG; sig++)
		syscall(SYS_rt_sigaction, sig, &dfl, NULL, sizeof dfl.mask);
	sigset_t none;
	sigemptyset(&none);
	sigprocmask(SIG_SETMASK, &none, NULL);
}

/* In the child: every fd above 2 closes on exec, except the KEEP ones. */
static void child_fds(const int *keep, int nkeep)
{
	syscall(SYS_close_range, 3U, ~0U, CLOSE_RANGE_CLOEXEC);
	for (int i = 0; i < nkeep; i++)
		fcntl(keep[i], F_SETFD, 0);
}

/* In the child: unless RC is 0, says "netlab: cannot WHAT: why" on ERR
 * and exits 127. */
static void child_check(int rc, const char *what, int err)
{
	if (rc == 0)
		return;
	char msg[200];
	int n = snprintf(msg, sizeof msg, "netlab: cannot %s: %s\n", what,
			 nlab_strerror(rc));
	if (n > 0 && write(err, msg, (size_t)n) < 0)
		_exit(127);
	_exit(127);
}

/* In the child, pid 1 of its pid namespace: dies with netlab, enters
 * HOST's network and mount namespaces and sees the lab's names; on
 * failure says why on ERR, exits 127. */
static void child_host(const nlab_host_env *host, int err)
{
	if (nlab_pidns_child() != 0)
		_exit(127); /* netlab is already gone */
	int rc = setns(host->netns, CLONE_NEWNET) < 0 ? nlab_errno() : 0;
	child_check(rc, "enter the host's network namespace", err);
	child_check(nlab_hostfs_enter(host->mntns), "enter the host's mount namespace", err);
	child_check(nlab_names_mount(host->hosts), "give the host its hosts file", err);
}

/* The directories root's PATH has and a user's often lacks (Debian's
 * ENV_PATH): commands in a host run as its root, and ip, route, arp and
 * sysctl live there. */
static const char *const sbin_dirs[] = {"/usr/local/sbin", "/usr/sbin",
					"/sbin"};

/* Whether the list of directories PATH (a PATH value) holds DIR. */
static int path_has(const char *path, const char *dir)
{
	size_t n = strlen(dir);

	for (const char *p = path;; p++) {
		if (strncmp(p, dir, n) == 0 && (p[n] == ':' || p[n] == '\0'))
			return 1;
		p = strchr(p, ':');
		if (p == NULL)
			return 0;
	}
}

/* In the child: PATH with the sbin directories it lacks appended (an
 * unset PATH is left to the shell, whose default has them). A static
 * buffer and putenv: nothing to allocate between fork and exec. */
static void child_path(void)
{
	static char buf[8192];
	const char *path = getenv("PATH");

	if (path == NULL)
		return;
	int n = snprintf(buf, sizeof buf, "PATH=%s", path);
	for (size_t i = 0; i < sizeof sbin_dirs / sizeof *sbin_dirs; i++) {
		if (n < 0 || (size_t)n >= sizeof buf)
			return;
		if (!path_has(path, sbin_dirs[i]))
			n += snprintf(buf + n, sizeof buf - (size_t)n, "%s%s",
				      n > 5 ? ":" : "", sbin_dirs[i]);
	}
	if (n > 0 && (size_t)n < sizeof buf)
		putenv(buf);
}

/* In the child: wires the pipes to 0-2 and runs the shell. */
static void child_exec(const char *cmd, const int *keep, int nkeep, int in,
		       int out, int err)
{
	child_signals();
	setpgid(0, 0); /* its own group: a kill reaches what it started too */
	if (in < 0)
		in = open("/dev/null", O_RDONLY);
	if (dup2(in, 0) < 0 || dup2(out, 1) < 0 || dup2(err, 2) < 0)
		_exit(127);
	child_fds(keep, nkeep);
	child_path();
	execl("/bin/sh", "sh", "-c", cmd, (char *)NULL);
	_exit(127);
}

/* Makes a close-on-exec pipe with both ends at fd 10 or above. */
static int make_pipe(int p[2])
{
	if (pipe2(p, O_CLOEXEC) < 0)
		return nlab_errno();
	p[0] = nlab_fd_high(p[0]);
	p[1] = nlab_fd_high(p[1]);
	return 0;
}

/* Makes our end of a pipe non-blocking (the child's end stays blocking):
 * a large write to a child's stdin must not stop the scheduler. */
static void set_nonblock(int fd)
{
	if (fd >= 0)
		fcntl(fd, F_SETFL, fcntl(fd, F_GETFL) | O_NONBLOCK);
}

/* Closes an fd if it is open and marks it closed. */
static void close_fd(int *fd)
{
	if (*fd >= 0)
		close(*fd);
	*fd = -1;
}

int nlab_spawn_sh(const char *cmd, const int *keep, int nkeep, int with_stdin,
		  const nlab_host_env *host, nlab_child *out)
{
	int in[2] = {-1, -1}, o[2] = {-1, -1}, e[2] = {-1, -1}, rc = 0;
	*out = (nlab_child){.pid = -1, .pidfd = -1, .in = -1, .out = -1, .err = -1};
	if ((with_stdin && (rc = make_pipe(in)) != 0) || (rc = make_pipe(o)) != 0 ||
	    (rc = make_pipe(e)) != 0)
		goto fail;
	if (host && (rc = nlab_pidns_begin()) != 0)
		goto fail;
	pid_t pid = nlab_pidns_fork();
	rc = pid < 0 ? nlab_errno() : 0;
	if (host && pid != 0)
		nlab_pidns_end();
	if (pid < 0)
		goto fail;
	if (pid == 0) {
		if (host)
			child_host(host, e[1]);
		else
			nlab_userns_as_user(); /* rootless: the user again */
		child_exec(cmd, keep, nkeep, in[0], o[1], e[1]);
	}
	close_fd(&in[0]);
	close_fd(&o[1]);
	close_fd(&e[1]);
	setpgid(pid, pid); /* as the child does: whichever runs first */
	set_nonblock(in[1]), set_nonblock(o[0]), set_nonblock(e[0]);
	*out = (nlab_child){.pid = pid, .in = in[1], .out = o[0], .err = e[0]};
	out->pidfd = nlab_fd_high((int)syscall(SYS_pidfd_open, pid, 0));
	return 0;
fail:
	close_fd(&in[0]), close_fd(&in[1]), close_fd(&o[0]), close_fd(&o[1]);
	close_fd(&e[0]), close_fd(&e[1]);
	return rc;
}

int nlab_child_reap(nlab_child *c, int *code)
{
	int status;
	if (c->pid < 0)
		return -ECHILD;
	pid_t r = waitpid(c->pid, &status, WNOHANG);
	if (r < 0)
		return nlab_errno();
	if (r == 0)
		return 0;
	c->pid = -1;
	*code = WIFEXITED(status) ? WEXITSTATUS(status) : 128 + WTERMSIG(status);
	return 1;
}

void nlab_child_kill(nlab_child *c)
{
	if (c->pid < 0)
		return;
	kill(-c->pid, SIGKILL); /* the shell and everything it started */
	kill(c->pid, SIGKILL);
	waitpid(c->pid, NULL, 0);
	c->pid = -1;
}

void nlab_child_close(nlab_child *c)
{
	close_fd(&c->in);
	close_fd(&c->out);
	close_fd(&c->err);
	nlab_loop_forget(nlab_loop_default(), c->pidfd); /* it may be watched */
	close_fd(&c->pidfd);
}
