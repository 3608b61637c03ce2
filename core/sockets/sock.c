/* sock.c - thin, non-blocking wrappers over the kernel's socket calls. */
#include "sock.h"

#include "congestion.h"
#include "error.h"
#include "fdinfo.h"

#include <errno.h>
#include <fcntl.h>
#include <netinet/in.h>
#include <netinet/tcp.h>
#include <string.h>
#include <sys/socket.h>
#include <sys/time.h>

/* Returns 0 if RC (a syscall result) succeeded, else the errno code. */
static int check(long rc) { return rc < 0 ? nlab_errno() : 0; }

int nlab_sock_open(int family, int type, int *fd)
{
	*fd = nlab_fd_high(socket(family, type | SOCK_CLOEXEC, 0));
	return check(*fd);
}

int nlab_sock_bind(int fd, const nlab_addr *a)
{
	return check(bind(fd, (const struct sockaddr *)&a->ss, a->len));
}

/* Turns O_NONBLOCK on or off for FD's open file description. */
static int set_nonblock(int fd, int on)
{
	int flags = fcntl(fd, F_GETFL);
	if (flags < 0)
		return nlab_errno();
	flags = on ? flags | O_NONBLOCK : flags & ~O_NONBLOCK;
	return check(fcntl(fd, F_SETFL, flags));
}

int nlab_sock_listen(int fd, int backlog)
{
	int rc = check(listen(fd, backlog));
	return rc != 0 ? rc : set_nonblock(fd, 1);
}

int nlab_sock_accept(int fd, int *conn)
{
	*conn = nlab_fd_high(accept4(fd, NULL, NULL, SOCK_CLOEXEC));
	return check(*conn);
}

int nlab_sock_connect(int fd, const nlab_addr *a)
{
	int rc = set_nonblock(fd, 1);
	if (rc != 0)
		return rc;
	rc = check(connect(fd, (const struct sockaddr *)&a->ss, a->len));
	set_nonblock(fd, 0);
	return rc == -EAGAIN ? -EINPROGRESS : rc; /* unix: backlog full */
}

int nlab_sock_connect_result(int fd)
{
	int err = 0;
	socklen_t len = sizeof err;
	if (getsockopt(fd, SOL_SOCKET, SO_ERROR, &err, &len) < 0)
		return nlab_errno();
	return -err;
}

int nlab_sock_disconnect(int fd)
{
	struct sockaddr sa = {.sa_family = AF_UNSPEC};
	int rc = connect(fd, &sa, sizeof sa);
	return rc < 0 && errno != EAFNOSUPPORT ? nlab_errno() : 0;
}

int nlab_sock_send(int fd, const void *buf, size_t len, size_t *sent, int block)
{
	ssize_t n = send(fd, buf, len, (block ? 0 : MSG_DONTWAIT) | MSG_NOSIGNAL);
	*sent = n > 0 ? (size_t)n : 0;
	return check(n);
}

int nlab_sock_sendto(int fd, const void *buf, size_t len, const nlab_addr *to,
		     size_t *sent)
{
	ssize_t n = sendto(fd, buf, len, MSG_DONTWAIT | MSG_NOSIGNAL,
			   (const struct sockaddr *)&to->ss, to->len);
	*sent = n > 0 ? (size_t)n : 0;
	return check(n);
}

int nlab_sock_recv(int fd, void *buf, size_t len, size_t *got, int block)
{
	ssize_t n = recv(fd, buf, len, block ? 0 : MSG_DONTWAIT);
	*got = n > 0 ? (size_t)n : 0;
	if (n == 0 && len > 0) {
		int type = 0;
		nlab_sock_getint(fd, SOL_SOCKET, SO_TYPE, &type);
		return type == SOCK_DGRAM ? 0 : NLAB_ECLOSED;
	}
	return check(n);
}

int nlab_sock_recvfrom(int fd, void *buf, size_t len, nlab_addr *from,
		       size_t *got, size_t *whole, int block)
{
	struct sockaddr *sa = NULL;
	socklen_t *salen = NULL;
	if (from != NULL) {
		from->len = sizeof from->ss;
		sa = (struct sockaddr *)&from->ss;
		salen = &from->len;
	}
	ssize_t n = recvfrom(fd, buf, len, MSG_TRUNC | (block ? 0 : MSG_DONTWAIT), sa, salen);
	*whole = n > 0 ? (size_t)n : 0;
	*got = *whole < len ? *whole : len;
	return check(n);
}

/* Sets the socket timeout OPT (SO_RCVTIMEO or SO_SNDTIMEO). */
static int set_timeo(int fd, int opt, double seconds)
{
	struct timeval tv = {0, 0};
	if (seconds > 0) {
		tv.tv_sec = (time_t)seconds;
		tv.tv_usec = (suseconds_t)((seconds - (double)tv.tv_sec) * 1e6);
		if (tv.tv_sec == 0 && tv.tv_usec == 0)
			tv.tv_usec = 1;
	}
	return check(setsockopt(fd, SOL_SOCKET, opt, &tv, sizeof tv));
}

int nlab_sock_set_rcvtimeo(int fd, double seconds)
{
	return set_timeo(fd, SO_RCVTIMEO, seconds);
}

int nlab_sock_set_sndtimeo(int fd, double seconds)
{
	return set_timeo(fd, SO_SNDTIMEO, seconds);
}

int nlab_sock_name(int fd, int peer, nlab_addr *out)
{
	out->len = sizeof out->ss;
	struct sockaddr *sa = (struct sockaddr *)&out->ss;
	return check(peer ? getpeername(fd, sa, &out->len)
			  : getsockname(fd, sa, &out->len));
}

int nlab_sock_getint(int fd, int level, int opt, int *value)
{
	socklen_t len = sizeof *value;
	return check(getsockopt(fd, level, opt, value, &len));
}

static const nlab_sockopt options[] = {
	{"keepalive", SOL_SOCKET, SO_KEEPALIVE, NLAB_OPT_BOOL},
	{"reuseaddr", SOL_SOCKET, SO_REUSEADDR, NLAB_OPT_BOOL},
	{"reuseport", SOL_SOCKET, SO_REUSEPORT, NLAB_OPT_BOOL},
	{"broadcast", SOL_SOCKET, SO_BROADCAST, NLAB_OPT_BOOL},
	{"dontroute", SOL_SOCKET, SO_DONTROUTE, NLAB_OPT_BOOL},
	{"linger", SOL_SOCKET, SO_LINGER, NLAB_OPT_LINGER},
	{"error", SOL_SOCKET, SO_ERROR, NLAB_OPT_ERROR},
	{"rcvbuf", SOL_SOCKET, SO_RCVBUF, NLAB_OPT_INT},
	{"sndbuf", SOL_SOCKET, SO_SNDBUF, NLAB_OPT_INT},
	{"tcp-nodelay", IPPROTO_TCP, TCP_NODELAY, NLAB_OPT_BOOL},
	{"tcp-keepidle", IPPROTO_TCP, TCP_KEEPIDLE, NLAB_OPT_INT},
	{"tcp-keepcnt", IPPROTO_TCP, TCP_KEEPCNT, NLAB_OPT_INT},
	{"tcp-keepintvl", IPPROTO_TCP, TCP_KEEPINTVL, NLAB_OPT_INT},
	{"tcp-maxseg", IPPROTO_TCP, TCP_MAXSEG, NLAB_OPT_INT},
	{"congestion", IPPROTO_TCP, TCP_CONGESTION, NLAB_OPT_CONG},
	{"ip-ttl", IPPROTO_IP, IP_TTL, NLAB_OPT_INT},
	{"ipv6-v6only", IPPROTO_IPV6, IPV6_V6ONLY, NLAB_OPT_BOOL},
	{"ipv6-unicast-hops", IPPROTO_IPV6, IPV6_UNICAST_HOPS, NLAB_OPT_INT},
	{NULL, 0, 0, NLAB_OPT_BOOL},
};

const nlab_sockopt *nlab_sockopt_list(void) { return options; }

const nlab_sockopt *nlab_sockopt_find(const char *name)
{
	for (const nlab_sockopt *o = options; o->name; o++)
		if (strcmp(o->name, name) == 0)
			return o;
	return NULL;
}

int nlab_sock_setopt(int fd, const nlab_sockopt *o, const nlab_optval *v)
{
	if (o->kind == NLAB_OPT_ERROR)
		return -ENOPROTOOPT; /* the kernel's answer too: SO_ERROR is read-only */
	if (o->kind == NLAB_OPT_CONG)
		return nlab_cong_set(fd, v->name);
	if (o->kind == NLAB_OPT_LINGER) {
		struct linger l = {.l_onoff = v->on, .l_linger = v->value};
		return check(setsockopt(fd, o->level, o->opt, &l, sizeof l));
	}
	int value = o->kind == NLAB_OPT_BOOL ? (v->on != 0) : v->value;
	return check(setsockopt(fd, o->level, o->opt, &value, sizeof value));
}

int nlab_sock_getopt(int fd, const nlab_sockopt *o, nlab_optval *v)
{
	if (o->kind == NLAB_OPT_CONG) {
		memset(v->name, 0, sizeof v->name);
		socklen_t len = sizeof v->name - 1;
		return check(getsockopt(fd, o->level, o->opt, v->name, &len));
	}
	if (o->kind == NLAB_OPT_LINGER) {
		struct linger l;
		socklen_t len = sizeof l;
		int rc = check(getsockopt(fd, o->level, o->opt, &l, &len));
		v->on = l.l_onoff;
		v->value = l.l_linger;
		return rc;
	}
	int rc = nlab_sock_getint(fd, o->level, o->opt, &v->value);
	v->on = v->value != 0;
	return rc;
}
