/* fdinfo.c - describing an fd from /proc/self/fd and the socket itself. */
#include "fdinfo.h"

#include "error.h"
#include "sock.h"

#include <errno.h>
#include <fcntl.h>
#include <netinet/in.h>
#include <netinet/tcp.h>
#include <pthread.h>
#include <stdio.h>
#include <string.h>
#include <sys/ioctl.h>
#include <sys/socket.h>
#include <unistd.h>

int nlab_fd_termsize(int fd, int *cols, int *rows)
{
	struct winsize ws;

	if (ioctl(fd, TIOCGWINSZ, &ws) < 0)
		return -errno;
	if (ws.ws_col == 0 || ws.ws_row == 0)
		return -ENOTTY; /* a pty nobody sized */
	*cols = ws.ws_col;
	*rows = ws.ws_row;
	return 0;
}

static pthread_mutex_t low_lock = PTHREAD_MUTEX_INITIALIZER;

void nlab_fd_low_lock(void)
{
	pthread_mutex_lock(&low_lock);
}

void nlab_fd_low_unlock(void)
{
	pthread_mutex_unlock(&low_lock);
}

int nlab_fd_high(int fd)
{
	if (fd < 0 || fd >= NLAB_FD_LOW)
		return fd;
	int high = fcntl(fd, F_DUPFD_CLOEXEC, NLAB_FD_LOW);
	if (high < 0)
		return fd; /* out of fds up there: keep the low one */
	close(fd);
	return high;
}

/* Fills the ls -l mode from the fd's open flags. */
static void describe_mode(int flags, char mode[11])
{
	int acc = flags & O_ACCMODE;
	snprintf(mode, 11, "l%c%cx------", acc == O_WRONLY ? '-' : 'r',
		 acc == O_RDONLY ? '-' : 'w');
}

/* Reads the open flags of fd FD of process PID (/proc/PID/fdinfo). */
static int pid_fd_flags(int pid, int fd)
{
	char path[64];
	snprintf(path, sizeof path, "/proc/%d/fdinfo/%d", pid, fd);
	FILE *f = fopen(path, "re");
	if (f == NULL)
		return nlab_errno();
	char line[128];
	int flags = -ENOENT;
	unsigned long v;
	while (fgets(line, sizeof line, f) != NULL)
		if (sscanf(line, "flags: %lo", &v) == 1)
			flags = (int)v;
	fclose(f);
	return flags;
}

int nlab_fd_describe_pid(int pid, int fd, nlab_fdinfo *out)
{
	memset(out, 0, sizeof *out);
	out->fd = fd;
	out->tcp_state = -1;
	int flags = pid_fd_flags(pid, fd);
	if (flags < 0)
		return flags;
	describe_mode(flags, out->mode);
	char link[64];
	snprintf(link, sizeof link, "/proc/%d/fd/%d", pid, fd);
	ssize_t n = readlink(link, out->target, sizeof out->target - 1);
	if (n < 0)
		return nlab_errno();
	out->target[n] = '\0';
	return 0; /* is_socket stays 0: no socket part to show */
}

/* Fills the socket part: family, type, protocol, ends, TCP state. */
static void describe_socket(int fd, nlab_fdinfo *out)
{
	out->is_socket = 1;
	nlab_sock_getint(fd, SOL_SOCKET, SO_DOMAIN, &out->family);
	nlab_sock_getint(fd, SOL_SOCKET, SO_TYPE, &out->type);
	nlab_sock_getint(fd, SOL_SOCKET, SO_PROTOCOL, &out->protocol);
	out->has_local = nlab_sock_name(fd, 0, &out->local) == 0;
	out->has_remote = nlab_sock_name(fd, 1, &out->remote) == 0;
	if (out->protocol == IPPROTO_TCP && out->family != AF_UNIX) {
		struct tcp_info ti;
		socklen_t len = sizeof ti;
		if (getsockopt(fd, IPPROTO_TCP, TCP_INFO, &ti, &len) == 0)
			out->tcp_state = ti.tcpi_state;
	}
}

int nlab_fd_describe(int fd, nlab_fdinfo *out)
{
	memset(out, 0, sizeof *out);
	out->fd = fd;
	out->tcp_state = -1;
	int flags = fcntl(fd, F_GETFL);
	if (flags < 0)
		return nlab_errno();
	describe_mode(flags, out->mode);
	char link[64];
	snprintf(link, sizeof link, "/proc/self/fd/%d", fd);
	ssize_t n = readlink(link, out->target, sizeof out->target - 1);
	out->target[n > 0 ? n : 0] = '\0';
	if (strncmp(out->target, "socket:", 7) == 0)
		describe_socket(fd, out);
	return 0;
}

const char *nlab_tcp_state_name(int state)
{
	static const char *const names[] = {
		"UNKNOWN",    "ESTABLISHED", "SYN_SENT",  "SYN_RECV",
		"FIN_WAIT1",  "FIN_WAIT2",   "TIME_WAIT", "CLOSE",
		"CLOSE_WAIT", "LAST_ACK",    "LISTEN",    "CLOSING",
		"NEW_SYN_RECV",
	};
	if (state < 0 || state >= (int)(sizeof names / sizeof names[0]))
		return "UNKNOWN";
	return names[state];
}
