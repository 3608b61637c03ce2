/* diag.c - a namespace's socket table through sock_diag (libnl-idiag-3),
 * and the processes holding each socket (/proc/PID/fd, as lsof does).
 *
 * The request is inet_diag_req_v2 (SOCK_DIAG_BY_FAMILY: TCP and UDP
 * alike); libnl's idiagnl_msg_parse reads each answer. The netlink
 * socket is made inside the host with nlab_netns_call, so it sees that
 * host's sockets. Unix sockets are not listed. */
#include "diag.h"

#include "error.h"
#include "fdinfo.h"
#include "netns.h"
#include "rtnl.h"

#include <ctype.h>
#include <dirent.h>
#include <errno.h>
#include <fcntl.h>
#include <linux/inet_diag.h>
#include <linux/sock_diag.h>
#include <linux/sockios.h>
#include <netinet/in.h>
#include <netlink/addr.h>
#include <netlink/idiag/idiagnl.h>
#include <netlink/idiag/msg.h>
#include <netlink/msg.h>
#include <netlink/netlink.h>
#include <netlink/socket.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/ioctl.h>
#include <sys/stat.h>
#include <unistd.h>

/* Opens a NETLINK_SOCK_DIAG socket into *(int *)FD where we are. */
static int open_here(void *fd)
{
	*(int *)fd =
	    socket(AF_NETLINK, SOCK_RAW | SOCK_CLOEXEC, NETLINK_SOCK_DIAG);
	return *(int *)fd < 0 ? nlab_errno() : 0;
}

int nlab_diag_open(nlab_diag *d, int netns)
{
	memset(d, 0, sizeof *d);
	int fd = -1;
	int rc = netns >= 0 ? nlab_netns_call(netns, open_here, &fd)
			    : open_here(&fd);
	if (rc != 0) {
		if (fd >= 0)
			close(fd);
		return rc;
	}
	fd = nlab_fd_high(fd);
	d->sk = nl_socket_alloc();
	if (d->sk == NULL) {
		close(fd);
		return -ENOMEM;
	}
	rc = nl_socket_set_fd(d->sk, NETLINK_SOCK_DIAG, fd);
	if (rc < 0) {
		close(fd);
		nlab_diag_close(d);
		return nlab_rtnl_result(rc);
	}
	nl_socket_disable_auto_ack(d->sk);
	return 0;
}

int nlab_diag_open_pid(nlab_diag *d, int pid)
{
	char path[64];
	memset(d, 0, sizeof *d);
	snprintf(path, sizeof path, "/proc/%d/ns/net", pid);
	int ns = open(path, O_RDONLY | O_CLOEXEC);
	if (ns < 0)
		return nlab_errno();
	int rc = nlab_diag_open(d, ns);
	close(ns);
	return rc;
}

void nlab_diag_close(nlab_diag *d)
{
	if (d->sk != NULL)
		nl_socket_free(d->sk); /* closes its fd */
	free(d->rows);
	d->sk = NULL;
	d->rows = NULL;
	d->n = d->cap = 0;
}

/* Sets *A to the address BYTES of FAMILY and PORT (host order). */
static void set_addr(nlab_addr *a, int family, const void *bytes, int port)
{
	memset(a, 0, sizeof *a);
	if (family == AF_INET) {
		struct sockaddr_in *in = (struct sockaddr_in *)&a->ss;
		in->sin_family = AF_INET;
		in->sin_port = htons(port);
		memcpy(&in->sin_addr, bytes, 4);
		a->len = sizeof *in;
	} else {
		struct sockaddr_in6 *in6 = (struct sockaddr_in6 *)&a->ss;
		in6->sin6_family = AF_INET6;
		in6->sin6_port = htons(port);
		memcpy(&in6->sin6_addr, bytes, 16);
		a->len = sizeof *in6;
	}
}

/* Sets *A from libnl's address NA (the unspecified one when missing). */
static void set_nladdr(nlab_addr *a, int family, struct nl_addr *na, int port)
{
	unsigned char zero[16] = {0};
	const void *bytes = zero;
	unsigned want = family == AF_INET ? 4 : 16;
	if (na != NULL && nl_addr_get_len(na) >= want)
		bytes = nl_addr_get_binary_addr(na);
	set_addr(a, family, bytes, port);
}

/* A new row at the end of D's rows, or NULL when memory ran out. */
static nlab_diag_row *new_row(nlab_diag *d)
{
	if (d->n == d->cap) {
		size_t cap = d->cap ? 2 * d->cap : 32;
		nlab_diag_row *rows = realloc(d->rows, cap * sizeof *rows);
		if (rows == NULL)
			return NULL;
		d->rows = rows, d->cap = cap;
	}
	nlab_diag_row *r = &d->rows[d->n++];
	memset(r, 0, sizeof *r);
	return r;
}

/* The payload of attribute TYPE of answer H, or NULL; its length in *LEN. */
static const void *attr(struct nlmsghdr *h, int type, size_t *len)
{
	struct nlattr *a =
	    nlmsg_find_attr(h, sizeof(struct inet_diag_msg), type);
	*len = a ? (size_t)nla_len(a) : 0;
	return a ? nla_data(a) : NULL;
}

/* Copies a congestion control's record of TYPE, if the answer has one. */
static void store_cc(nlab_diag_row *r, struct nlmsghdr *h, int type)
{
	size_t len;
	const void *p = attr(h, type, &len);
	if (p == NULL || r->cc.kind != 0)
		return;
	r->cc.kind = type;
	r->cc.len = len < sizeof r->cc.u ? len : sizeof r->cc.u;
	memcpy(&r->cc.u, p, r->cc.len);
}

/* Copies the extensions asked for (send_request) from answer H into R:
 * tcp_info as long as the kernel's, skmem, the congestion control. */
static void store_extensions(nlab_diag_row *r, struct nlmsghdr *h)
{
	size_t len;
	const void *p = attr(h, INET_DIAG_SKMEMINFO, &len);
	if (p != NULL)
		nlab_skmem_copy(&r->skmem, p, len);
	if (r->protocol != IPPROTO_TCP)
		return;
	p = attr(h, INET_DIAG_INFO, &len);
	if (p != NULL)
		r->info_len = nlab_tcpinfo_copy(&r->info, p, len);
	p = attr(h, INET_DIAG_CONG, &len);
	if (p != NULL)
		snprintf(r->cong, sizeof r->cong, "%.*s", (int)len,
			 (const char *)p);
	store_cc(r, h, INET_DIAG_BBRINFO);
	store_cc(r, h, INET_DIAG_VEGASINFO);
	store_cc(r, h, INET_DIAG_DCTCPINFO);
}

/* Copies one parsed answer M (of header H, for PROTOCOL) into a new row. */
static int store(nlab_diag *d, int protocol, struct nlmsghdr *h,
		 struct idiagnl_msg *m)
{
	nlab_diag_row *r = new_row(d);
	if (r == NULL)
		return -ENOMEM;
	r->family = idiagnl_msg_get_family(m);
	r->protocol = protocol;
	r->state = idiagnl_msg_get_state(m);
	set_nladdr(&r->local, r->family, idiagnl_msg_get_src(m),
		   ntohs(idiagnl_msg_get_sport(m)));
	set_nladdr(&r->remote, r->family, idiagnl_msg_get_dst(m),
		   ntohs(idiagnl_msg_get_dport(m)));
	r->rqueue = idiagnl_msg_get_rqueue(m);
	r->wqueue = idiagnl_msg_get_wqueue(m);
	r->uid = idiagnl_msg_get_uid(m);
	r->inode = idiagnl_msg_get_inode(m);
	r->expires = idiagnl_msg_get_expires(m);
	r->timer = idiagnl_msg_get_timer(m);
	r->retrans = idiagnl_msg_get_retrans(m);
	store_extensions(r, h);
	return 0;
}

int nlab_diag_add_answer(nlab_diag *d, struct nlmsghdr *h, int protocol)
{
	struct idiagnl_msg *m = NULL;
	if (h->nlmsg_len < NLMSG_LENGTH(sizeof(struct inet_diag_msg)))
		return -EBADMSG;
	int rc = idiagnl_msg_parse(h, &m);
	if (rc < 0)
		return nlab_rtnl_result(rc);
	rc = store(d, protocol, h, m);
	idiagnl_msg_put(m);
	return rc;
}

/* What a dump is for: the table, and the protocol asked for. */
typedef struct {
	nlab_diag *d;
	int protocol;
} dump_job;

/* libnl's callback for each answer of a dump. */
static int on_answer(struct nl_msg *msg, void *arg)
{
	dump_job *j = arg;
	struct nlmsghdr *h = nlmsg_hdr(msg);
	if (h->nlmsg_type != SOCK_DIAG_BY_FAMILY)
		return NL_SKIP;
	int rc = nlab_diag_add_answer(j->d, h, j->protocol);
	if (rc != 0) {
		j->d->err = rc;
		return NL_STOP;
	}
	return NL_OK;
}

/* What ss -i asks for TCP: tcp_info, the congestion control's name and
 * (the VEGASINFO bit) its own numbers, whichever it is. */
#define TCP_EXTENSIONS                                                     \
	(1 << (INET_DIAG_INFO - 1) | 1 << (INET_DIAG_VEGASINFO - 1) |      \
	 1 << (INET_DIAG_CONG - 1))

/* Sends the dump request for FAMILY, PROTOCOL and STATES. */
static int send_request(nlab_diag *d, int family, int protocol, uint32_t states)
{
	struct inet_diag_req_v2 req = {
	    .sdiag_family = family,
	    .sdiag_protocol = protocol,
	    .idiag_ext = 1 << (INET_DIAG_SKMEMINFO - 1) |
			 (protocol == IPPROTO_TCP ? TCP_EXTENSIONS : 0),
	    .idiag_states = states,
	};
	struct nl_msg *msg =
	    nlmsg_alloc_simple(SOCK_DIAG_BY_FAMILY, NLM_F_DUMP);
	if (msg == NULL)
		return -ENOMEM;
	int rc = nlmsg_append(msg, &req, sizeof req, NLMSG_ALIGNTO);
	if (rc == 0)
		rc = nl_send_auto(d->sk, msg);
	nlmsg_free(msg);
	return rc < 0 ? nlab_rtnl_result(rc) : 0;
}

int nlab_diag_dump(nlab_diag *d, int family, int protocol, uint32_t states)
{
	if (d->sk == NULL)
		return -EBADF;
	d->n = 0;
	d->err = 0;
	int rc = send_request(d, family, protocol, states);
	if (rc != 0)
		return rc;
	dump_job j = {.d = d, .protocol = protocol};
	struct nl_cb *base = nl_socket_get_cb(d->sk); /* a reference */
	struct nl_cb *cb = nl_cb_clone(base);
	nl_cb_put(base);
	if (cb == NULL)
		return -ENOMEM;
	nl_cb_set(cb, NL_CB_VALID, NL_CB_CUSTOM, on_answer, &j);
	rc = nl_recvmsgs(d->sk, cb);
	nl_cb_put(cb);
	if (d->err != 0)
		return d->err;
	return rc < 0 ? nlab_rtnl_result(rc) : 0;
}

/* Returns the number NAME spells, or -1 when it is not all digits. */
static int number(const char *name)
{
	if (!isdigit((unsigned char)name[0]))
		return -1;
	char *end;
	long n = strtol(name, &end, 10);
	return *end == '\0' && n <= 0x7fffffff ? (int)n : -1;
}

/* Calls FN for each socket fd of process PID; returns FN's stop value. */
static int scan_process(int pid, int (*fn)(void *, uint32_t, int, int),
			void *arg)
{
	char path[64], link[64];
	snprintf(path, sizeof path, "/proc/%d/fd", pid);
	DIR *dir = opendir(path);
	if (dir == NULL)
		return 0; /* gone, or not ours to look at */
	struct dirent *e;
	int stop = 0;
	while (!stop && (e = readdir(dir)) != NULL) {
		int fd = number(e->d_name);
		if (fd < 0)
			continue;
		snprintf(path, sizeof path, "/proc/%d/fd/%d", pid, fd);
		ssize_t n = readlink(path, link, sizeof link - 1);
		unsigned long ino;
		if (n <= 0)
			continue;
		link[n] = '\0';
		if (sscanf(link, "socket:[%lu]", &ino) == 1)
			stop = fn(arg, (uint32_t)ino, pid, fd);
	}
	closedir(dir);
	return stop;
}

int nlab_diag_owners(int pid, int (*fn)(void *, uint32_t, int, int), void *arg)
{
	if (pid > 0) {
		scan_process(pid, fn, arg);
		return 0;
	}
	DIR *proc = opendir("/proc");
	if (proc == NULL)
		return nlab_errno();
	struct dirent *e;
	while ((e = readdir(proc)) != NULL) {
		pid = number(e->d_name);
		if (pid > 0 && scan_process(pid, fn, arg))
			break;
	}
	closedir(proc);
	return 0;
}

/* Reads up to SIZE-1 bytes of /proc/PID/WHAT into OUT ("" on failure);
 * returns how many. */
static size_t read_proc(int pid, const char *what, char *out, size_t size)
{
	char path[64];
	snprintf(path, sizeof path, "/proc/%d/%s", pid, what);
	out[0] = '\0';
	int fd = open(path, O_RDONLY | O_CLOEXEC);
	if (fd < 0)
		return 0;
	ssize_t n = read(fd, out, size - 1);
	close(fd);
	if (n < 0)
		n = 0;
	out[n] = '\0';
	return (size_t)n;
}

void nlab_diag_comm(int pid, char *out, size_t size)
{
	size_t n = read_proc(pid, "comm", out, size);
	if (n > 0 && out[n - 1] == '\n')
		out[n - 1] = '\0';
}

void nlab_diag_argv0(int pid, char *out, size_t size)
{
	read_proc(pid, "cmdline", out, size); /* stops at argv[0]'s NUL */
}

/* Returns 1 when FD is a namespace file for the caller's own network. */
static int is_own_netns(int fd)
{
	struct stat a, b;
	return fstat(fd, &a) == 0 && stat("/proc/self/ns/net", &b) == 0 &&
	       a.st_ino == b.st_ino && a.st_dev == b.st_dev;
}

int nlab_diag_sockns(int fd, uint32_t *inode, int *netns)
{
	struct stat st;
	*netns = -1;
	if (fstat(fd, &st) != 0)
		return nlab_errno();
	if (!S_ISSOCK(st.st_mode))
		return -ENOTSOCK;
	*inode = (uint32_t)st.st_ino;
	int ns = ioctl(fd, SIOCGSKNS);
	if (ns < 0)
		return 0; /* not allowed (rootless, the machine's own): here */
	fcntl(ns, F_SETFD, FD_CLOEXEC);
	if (is_own_netns(ns)) {
		close(ns);
		return 0;
	}
	*netns = nlab_fd_high(ns);
	return 0;
}
