/* icmp.c - ping's half of ICMP over datagram ICMP sockets (the "ping
 * sockets" of Linux): no raw socket, no privilege beyond the namespace's
 * net.ipv4.ping_group_range, which the Lua layer opens for its hosts. */
#include "icmp.h"

#include "error.h"
#include "fdinfo.h"
#include "netns.h"

#include <errno.h>
#include <linux/errqueue.h>
#include <netinet/icmp6.h>
#include <netinet/in.h>
#include <netinet/ip_icmp.h>
#include <stdlib.h>
#include <string.h>
#include <sys/socket.h>
#include <unistd.h>

/* Reads one ICMP message: the data and its ancillary records. */
static unsigned char buf[8 + NLAB_ICMP_MAXDATA + 64];

/* Turns on an int option of FD; returns 0 or an error code. */
static int set_int(int fd, int level, int opt, int value)
{
	if (setsockopt(fd, level, opt, &value, sizeof value) < 0)
		return nlab_errno();
	return 0;
}

/* Asks the kernel for errors on the queue and for each reply's TTL. */
static int set_reporting(int fd, int family)
{
	if (family == AF_INET6) {
		int rc = set_int(fd, IPPROTO_IPV6, IPV6_RECVERR, 1);
		return rc ? rc
			  : set_int(fd, IPPROTO_IPV6, IPV6_RECVHOPLIMIT, 1);
	}
	int rc = set_int(fd, IPPROTO_IP, IP_RECVERR, 1);
	return rc ? rc : set_int(fd, IPPROTO_IP, IP_RECVTTL, 1);
}

/* A ping socket to open: its family and protocol, and the fd. */
typedef struct {
	int family, proto, fd;
} icmp_job;

/* Opens the socket of icmp_job *P where we are. */
static int open_here(void *p)
{
	icmp_job *j = p;
	j->fd = socket(j->family, SOCK_DGRAM | SOCK_NONBLOCK | SOCK_CLOEXEC,
		       j->proto);
	return j->fd < 0 ? nlab_errno() : 0;
}

int nlab_icmp_open(int netns, int family, int *fd)
{
	*fd = -1;
	if (family != AF_INET && family != AF_INET6)
		return -EAFNOSUPPORT;
	int proto = family == AF_INET6 ? IPPROTO_ICMPV6 : IPPROTO_ICMP;
	icmp_job j = {.family = family, .proto = proto, .fd = -1};
	int rc = nlab_netns_call(netns, open_here, &j), s = j.fd;
	if (rc == 0)
		rc = set_reporting(s, family);
	if (rc != 0) {
		if (s >= 0)
			close(s);
		return rc;
	}
	*fd = nlab_fd_high(s);
	return *fd < 0 ? nlab_errno() : 0;
}

int nlab_icmp_set_ttl(int fd, int family, int ttl)
{
	if (family == AF_INET6)
		return set_int(fd, IPPROTO_IPV6, IPV6_UNICAST_HOPS, ttl);
	return set_int(fd, IPPROTO_IP, IP_TTL, ttl);
}

int nlab_icmp_id(int fd, int *id)
{
	struct sockaddr_storage ss;
	socklen_t len = sizeof ss;
	if (getsockname(fd, (struct sockaddr *)&ss, &len) < 0)
		return nlab_errno();
	if (ss.ss_family == AF_INET6)
		*id = ntohs(((struct sockaddr_in6 *)&ss)->sin6_port);
	else
		*id = ntohs(((struct sockaddr_in *)&ss)->sin_port);
	return 0;
}

int nlab_icmp_echo(int fd, const nlab_addr *to, int seq, size_t size)
{
	if (size > NLAB_ICMP_MAXDATA)
		return -EMSGSIZE;
	size_t len = 8 + size;
	buf[0] = to->ss.ss_family == AF_INET6 ? ICMP6_ECHO_REQUEST : ICMP_ECHO;
	memset(buf + 1, 0, 7); /* code, checksum and id: the kernel's */
	buf[6] = (unsigned char)(seq >> 8);
	buf[7] = (unsigned char)seq;
	for (size_t i = 0; i < size; i++)
		buf[8 + i] = (unsigned char)(0x10 + i); /* ping's pattern */
	ssize_t n = sendto(fd, buf, len, MSG_DONTWAIT,
			   (const struct sockaddr *)&to->ss, to->len);
	if (n < 0)
		return nlab_errno();
	return (size_t)n == len ? 0 : -EMSGSIZE;
}

/* Copies the echo header at BUF (LEN bytes) into M. */
static void read_header(nlab_icmp_msg *m, size_t len)
{
	m->bytes = len;
	if (len < 8)
		return;
	m->type = buf[0];
	m->code = buf[1];
	m->id = buf[4] << 8 | buf[5];
	m->seq = buf[6] << 8 | buf[7];
}

/* Takes the TTL or the queued error out of MSG's ancillary records. */
static void read_cmsgs(struct msghdr *msg, nlab_icmp_msg *m)
{
	for (struct cmsghdr *c = CMSG_FIRSTHDR(msg); c;
	     c = CMSG_NXTHDR(msg, c)) {
		int ttl =
		    (c->cmsg_level == IPPROTO_IP && c->cmsg_type == IP_TTL) ||
		    (c->cmsg_level == IPPROTO_IPV6 &&
		     c->cmsg_type == IPV6_HOPLIMIT);
		int err = (c->cmsg_level == IPPROTO_IP &&
			   c->cmsg_type == IP_RECVERR) ||
			  (c->cmsg_level == IPPROTO_IPV6 &&
			   c->cmsg_type == IPV6_RECVERR);
		if (ttl)
			memcpy(&m->ttl, CMSG_DATA(c), sizeof m->ttl);
		if (!err)
			continue;
		struct sock_extended_err ee;
		memcpy(&ee, CMSG_DATA(c), sizeof ee);
		m->is_error = 1;
		m->err = (int)ee.ee_errno;
		m->type = ee.ee_type;
		m->code = ee.ee_code;
		const struct sockaddr *off =
		    SO_EE_OFFENDER((struct sock_extended_err *)CMSG_DATA(c));
		if (off->sa_family == AF_INET || off->sa_family == AF_INET6) {
			m->from.len = off->sa_family == AF_INET6
					  ? sizeof(struct sockaddr_in6)
					  : sizeof(struct sockaddr_in);
			memcpy(&m->from.ss, off, m->from.len);
		}
	}
}

/* One recvmsg with FLAGS into M. */
static int receive(int fd, int flags, nlab_icmp_msg *m)
{
	char control[512];
	struct iovec iov = {buf, sizeof buf};
	struct msghdr msg = {0};
	msg.msg_name = &m->from.ss;
	msg.msg_namelen = sizeof m->from.ss;
	msg.msg_iov = &iov;
	msg.msg_iovlen = 1;
	msg.msg_control = control;
	msg.msg_controllen = sizeof control;
	ssize_t n = recvmsg(fd, &msg, flags | MSG_DONTWAIT);
	if (n < 0)
		return nlab_errno();
	m->from.len = msg.msg_namelen;
	read_header(m, (size_t)n);
	read_cmsgs(&msg, m);
	return 0;
}

int nlab_icmp_recv(int fd, nlab_icmp_msg *m)
{
	memset(m, 0, sizeof *m);
	m->ttl = -1;
	int rc = receive(fd, MSG_ERRQUEUE, m);
	if (rc != -EAGAIN)
		return rc;
	memset(m, 0, sizeof *m);
	m->ttl = -1;
	return receive(fd, 0, m);
}
