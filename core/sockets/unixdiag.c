/* unixdiag.c - a namespace's unix sockets through sock_diag's UNIX_DIAG.
 *
 * The request is unix_diag_req on the namespace's NETLINK_SOCK_DIAG
 * socket (diag.c opens it there); each answer is a unix_diag_msg and
 * its attributes, read with libnl's generic nlmsg_parse (libnl-idiag has
 * no unix support). The dump walks the kernel's unix socket table in
 * the order /proc/net/unix does, so ss -x and netstat -x list the rows
 * in this order too. */
#include "unixdiag.h"

#include "error.h"
#include "netns.h"
#include "rtnl.h"

#include <errno.h>
#include <fcntl.h>
#include <linux/sock_diag.h>
#include <linux/unix_diag.h>
#include <netinet/tcp.h>
#include <netlink/msg.h>
#include <netlink/netlink.h>
#include <netlink/socket.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/socket.h>
#include <unistd.h>

/* A new row at the end of T's rows, or NULL when memory ran out. */
static nlab_unix_row *new_row(nlab_unix_table *t)
{
	if (t->n == t->cap) {
		size_t cap = t->cap ? 2 * t->cap : 32;
		nlab_unix_row *rows = realloc(t->rows, cap * sizeof *rows);
		if (rows == NULL)
			return NULL;
		t->rows = rows, t->cap = cap;
	}
	nlab_unix_row *r = &t->rows[t->n++];
	memset(r, 0, sizeof *r);
	return r;
}

/* The u32 attribute A, or 0 when it is missing or short. */
static uint32_t get_u32(struct nlattr *a)
{
	return a != NULL && nla_len(a) >= 4 ? nla_get_u32(a) : 0;
}

/* Copies the attributes of answer M (attribute table TB) into R. */
static void store_attrs(nlab_unix_row *r, struct nlattr **tb)
{
	if (tb[UNIX_DIAG_NAME] != NULL) {
		size_t n = (size_t)nla_len(tb[UNIX_DIAG_NAME]);
		r->name_len = n > NLAB_UNIX_PATH ? NLAB_UNIX_PATH : n;
		memcpy(r->name, nla_data(tb[UNIX_DIAG_NAME]), r->name_len);
	}
	r->peer = get_u32(tb[UNIX_DIAG_PEER]);
	if (tb[UNIX_DIAG_RQLEN] != NULL &&
	    nla_len(tb[UNIX_DIAG_RQLEN]) >= (int)sizeof(struct unix_diag_rqlen)) {
		struct unix_diag_rqlen *q = nla_data(tb[UNIX_DIAG_RQLEN]);
		r->rqueue = q->udiag_rqueue;
		r->wqueue = q->udiag_wqueue;
	}
	r->has_uid = tb[UNIX_DIAG_UID] != NULL;
	r->uid = get_u32(tb[UNIX_DIAG_UID]);
}

/* libnl's callback for each answer of a dump: one row. */
static int on_answer(struct nl_msg *msg, void *arg)
{
	nlab_unix_table *t = arg;
	struct nlmsghdr *h = nlmsg_hdr(msg);
	struct nlattr *tb[UNIX_DIAG_MAX + 1];
	if (h->nlmsg_type != SOCK_DIAG_BY_FAMILY)
		return NL_SKIP;
	int rc = nlmsg_parse(h, sizeof(struct unix_diag_msg), tb, UNIX_DIAG_MAX,
			     NULL);
	if (rc < 0) {
		t->err = nlab_rtnl_result(rc);
		return NL_STOP;
	}
	struct unix_diag_msg *m = nlmsg_data(h);
	nlab_unix_row *r = new_row(t);
	if (r == NULL) {
		t->err = -ENOMEM;
		return NL_STOP;
	}
	r->type = m->udiag_type;
	r->state = m->udiag_state;
	r->inode = m->udiag_ino;
	store_attrs(r, tb);
	return NL_OK;
}

/* Sends the dump request: every state, with name, peer, queues, uid. */
static int send_request(nlab_diag *d)
{
	struct unix_diag_req req = {
	    .sdiag_family = AF_UNIX,
	    .udiag_states = 0xffffffff,
	    .udiag_show = UDIAG_SHOW_NAME | UDIAG_SHOW_PEER |
			  UDIAG_SHOW_RQLEN | UDIAG_SHOW_UID,
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

int nlab_unix_dump(nlab_diag *d, nlab_unix_table *t)
{
	if (d->sk == NULL)
		return -EBADF;
	t->n = 0;
	t->err = 0;
	int rc = send_request(d);
	if (rc != 0)
		return rc;
	struct nl_cb *base = nl_socket_get_cb(d->sk); /* a reference */
	struct nl_cb *cb = nl_cb_clone(base);
	nl_cb_put(base);
	if (cb == NULL)
		return -ENOMEM;
	nl_cb_set(cb, NL_CB_VALID, NL_CB_CUSTOM, on_answer, t);
	rc = nl_recvmsgs(d->sk, cb);
	nl_cb_put(cb);
	if (t->err != 0)
		return t->err;
	return rc < 0 ? nlab_rtnl_result(rc) : 0;
}

/* Opens /proc/net/unix into *(int *)FD where we are: its seq file shows
 * the namespace of whoever opened it. */
static int open_proc(void *fd)
{
	*(int *)fd = open("/proc/thread-self/net/unix", O_RDONLY | O_CLOEXEC);
	return *(int *)fd < 0 ? nlab_errno() : 0;
}

/* The row of T whose inode is INODE, or NULL. */
static nlab_unix_row *find(nlab_unix_table *t, unsigned long inode)
{
	for (size_t i = 0; i < t->n; i++)
		if (t->rows[i].inode == inode)
			return &t->rows[i];
	return NULL;
}

/* One line of /proc/net/unix, parsed. */
typedef struct {
	unsigned long ref, type, st, inode;
	const char *path; /* the rest of the line, "" when unnamed */
} proc_line;

/* Parses LINE ("Num: RefCount Protocol Flags Type St Inode [Path]");
 * returns 0 unless it is not such a line. */
static int parse_line(char *line, proc_line *p)
{
	unsigned long proto, flags;
	int end = 0;
	char *s = strchr(line, ':');
	if (s == NULL || sscanf(s + 1, "%lx %lx %lx %lx %lx %lu%n", &p->ref,
				&proto, &flags, &p->type, &p->st, &p->inode,
				&end) != 6)
		return -1;
	s += 1 + end;
	s[strcspn(s, "\n")] = '\0';
	p->path = *s == ' ' ? s + 1 : s;
	return 0;
}

/* Appends to OUT the row line P stands for: T's row of that inode with
 * P's count and state, or a pending connection; none for a socket the
 * dump did not see (made since). */
static void add_line(nlab_unix_table *t, nlab_unix_table *out,
		     const proc_line *p)
{
	nlab_unix_row *r = p->inode ? find(t, p->inode) : NULL;
	if (p->inode && r == NULL)
		return;
	nlab_unix_row *o = new_row(out);
	if (o == NULL) {
		out->err = -ENOMEM;
		return;
	}
	if (r != NULL) {
		*o = *r;
		r->inode = 0; /* used */
	} else {
		o->pending = 1;
		o->type = (int)p->type;
		o->state = TCP_ESTABLISHED;
		o->name_len = strlen(p->path) > NLAB_UNIX_PATH ? NLAB_UNIX_PATH
							       : strlen(p->path);
		memcpy(o->name, p->path, o->name_len);
	}
	o->refcnt = (uint32_t)p->ref;
	o->sock_state = (int)p->st;
}

/* Builds OUT from /proc/net/unix's lines in F and T's rows (see
 * nlab_unix_proc); the rows /proc did not list go last. */
static int reorder(nlab_unix_table *t, FILE *f, nlab_unix_table *out)
{
	char line[512];
	proc_line p;
	if (fgets(line, sizeof line, f) == NULL) /* the header */
		return 0;
	while (out->err == 0 && fgets(line, sizeof line, f) != NULL)
		if (parse_line(line, &p) == 0)
			add_line(t, out, &p);
	for (size_t i = 0; out->err == 0 && i < t->n; i++) {
		if (t->rows[i].inode == 0)
			continue;
		nlab_unix_row *o = new_row(out);
		if (o == NULL)
			out->err = -ENOMEM;
		else
			*o = t->rows[i];
	}
	return out->err;
}

int nlab_unix_merge(nlab_unix_table *t, FILE *proc)
{
	for (size_t i = 0; i < t->n; i++)
		t->rows[i].sock_state = -1;
	nlab_unix_table out = {0};
	int rc = reorder(t, proc, &out);
	if (rc != 0) {
		nlab_unix_free(&out);
		return rc;
	}
	nlab_unix_free(t);
	*t = out;
	return 0;
}

int nlab_unix_proc(nlab_unix_table *t, int netns)
{
	int fd = -1;
	int rc = netns >= 0 ? nlab_netns_call(netns, open_proc, &fd)
			    : open_proc(&fd);
	if (rc != 0)
		return rc;
	FILE *f = fdopen(fd, "r");
	if (f == NULL) {
		rc = nlab_errno();
		close(fd);
		return rc;
	}
	rc = nlab_unix_merge(t, f);
	fclose(f);
	return rc;
}

void nlab_unix_free(nlab_unix_table *t)
{
	free(t->rows);
	t->rows = NULL;
	t->n = t->cap = 0;
}
