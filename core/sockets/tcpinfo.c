/* tcpinfo.c - one TCP socket as the kernel sees it: TCP_INFO, its
 * queues, its memory and its congestion control's numbers. */
#include "tcpinfo.h"

#include "error.h"

#include <errno.h>
#include <linux/sockios.h>
#include <netinet/in.h>
#include <netinet/tcp.h>
#include <stdio.h>
#include <string.h>
#include <sys/ioctl.h>
#include <sys/socket.h>

#ifndef TCP_CA_NAME_MAX
#define TCP_CA_NAME_MAX 16 /* the kernel's, in net/tcp.h */
#endif
#ifndef SO_MEMINFO
#define SO_MEMINFO 55
#endif

_Static_assert(sizeof(nlab_tcp_info) == 248, "tcp_info of Linux 6.7");
_Static_assert(offsetof(nlab_tcp_info, tcpi_rto) == NLAB_TCPI_HEAD,
	       "the bit fields end at byte 8");
_Static_assert(offsetof(nlab_tcp_info, tcpi_snd_wnd) == 228,
	       "snd_wnd where Linux puts it");

size_t nlab_tcpinfo_copy(nlab_tcp_info *ti, const void *raw, size_t len)
{
	memset(ti, 0, sizeof *ti);
	if (len > sizeof *ti)
		len = sizeof *ti;
	memcpy(ti, raw, len);
	return len;
}

int nlab_tcpinfo_read(int fd, nlab_tcp_info *ti, size_t *len)
{
	memset(ti, 0, sizeof *ti);
	socklen_t n = sizeof *ti;
	*len = 0;
	if (getsockopt(fd, IPPROTO_TCP, TCP_INFO, ti, &n) < 0)
		return nlab_errno();
	*len = n;
	return 0;
}

void nlab_skmem_copy(nlab_skmem *m, const void *raw, size_t len)
{
	memset(m, 0, sizeof *m);
	if (len > sizeof m->v)
		len = sizeof m->v;
	memcpy(m->v, raw, len);
	m->n = len / sizeof m->v[0];
}

int nlab_skmem_read(int fd, nlab_skmem *m)
{
	memset(m, 0, sizeof *m);
	socklen_t n = sizeof m->v;
	if (getsockopt(fd, SOL_SOCKET, SO_MEMINFO, m->v, &n) < 0)
		return nlab_errno();
	m->n = n / sizeof m->v[0];
	return 0;
}

int nlab_tcpinfo_cong(int fd, char *name, size_t size)
{
	char buf[TCP_CA_NAME_MAX + 1] = {0};
	socklen_t n = TCP_CA_NAME_MAX;
	if (getsockopt(fd, IPPROTO_TCP, TCP_CONGESTION, buf, &n) < 0)
		return nlab_errno();
	snprintf(name, size, "%s", buf);
	return 0;
}

/* Which INET_DIAG_* record the congestion control NAME gives. */
static int cc_kind(const char *name)
{
	if (strcmp(name, "bbr") == 0)
		return INET_DIAG_BBRINFO;
	if (strcmp(name, "vegas") == 0)
		return INET_DIAG_VEGASINFO;
	if (strcmp(name, "dctcp") == 0)
		return INET_DIAG_DCTCPINFO;
	return 0;
}

int nlab_ccinfo_read(int fd, nlab_ccinfo *cc)
{
	char name[TCP_CA_NAME_MAX + 1];
	memset(cc, 0, sizeof *cc);
	int rc = nlab_tcpinfo_cong(fd, name, sizeof name);
	if (rc != 0 || cc_kind(name) == 0)
		return rc;
	socklen_t n = sizeof cc->u;
	if (getsockopt(fd, IPPROTO_TCP, TCP_CC_INFO, &cc->u, &n) < 0)
		return nlab_errno();
	cc->len = n;
	cc->kind = n > 0 ? cc_kind(name) : 0;
	return 0;
}

/* Reads one int-valued ioctl REQ of FD into *V. */
static int int_ioctl(int fd, unsigned long req, int *v)
{
	return ioctl(fd, req, v) < 0 ? nlab_errno() : 0;
}

int nlab_tcpinfo_queues(int fd, nlab_queues *q)
{
	q->send = q->recv = 0;
	q->unsent = -1;
	int rc = int_ioctl(fd, SIOCOUTQ, &q->send);
	if (rc == 0)
		rc = int_ioctl(fd, SIOCINQ, &q->recv);
	if (rc == 0 && int_ioctl(fd, SIOCOUTQNSD, &q->unsent) != 0)
		q->unsent = -1; /* not TCP */
	return rc;
}
