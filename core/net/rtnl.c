/* rtnl.c - route netlink sockets opened inside a namespace, and libnl's
 * error codes turned into errno values. */
#include "rtnl.h"

#include "error.h"
#include "fdinfo.h"
#include "netns.h"
#include "quickcap.h"

#include <errno.h>
#include <linux/netlink.h>
#include <netlink/errno.h>
#include <netlink/handlers.h>
#include <netlink/netlink.h>
#include <netlink/socket.h>
#include <sys/socket.h>
#include <unistd.h>

/* The errno of the last error the kernel answered, until consumed. */
static int kernel_errno;

/* libnl's error callback: remembers the kernel's errno, stops reading. */
static int record_error(struct sockaddr_nl *who, struct nlmsgerr *e, void *arg)
{
	(void)who, (void)arg;
	kernel_errno = -e->error;
	return NL_STOP;
}

/* Opens a NETLINK_ROUTE socket into *(int *)FD where we are. */
static int open_here(void *fd)
{
	*(int *)fd = socket(AF_NETLINK, SOCK_RAW | SOCK_CLOEXEC, NETLINK_ROUTE);
	return *(int *)fd < 0 ? nlab_errno() : 0;
}

/* Makes a bound NETLINK_ROUTE socket in NETNS (or here, if -1). */
static int open_fd(int netns, int *fd)
{
	*fd = -1;
	int rc = netns >= 0 ? nlab_netns_call(netns, open_here, fd)
			    : open_here(fd);
	if (rc != 0) {
		if (*fd >= 0)
			close(*fd);
		return rc;
	}
	*fd = nlab_fd_high(*fd);
	struct sockaddr_nl local = {.nl_family = AF_NETLINK};
	if (bind(*fd, (struct sockaddr *)&local, sizeof local) < 0) {
		rc = nlab_errno();
		close(*fd);
	}
	return rc;
}

int nlab_rtnl_open(int netns, struct nl_sock **out)
{
	int fd, rc = open_fd(netns, &fd);
	*out = NULL;
	if (rc != 0)
		return rc;
	struct nl_sock *sk = nl_socket_alloc();
	if (sk == NULL) {
		close(fd);
		return -ENOMEM;
	}
	rc = nl_socket_set_fd(sk, NETLINK_ROUTE, fd);
	if (rc < 0) {
		close(fd);
		nl_socket_free(sk);
		return nlab_rtnl_result(rc);
	}
	struct nl_cb *cb = nl_socket_get_cb(sk);
	nl_cb_err(cb, NL_CB_CUSTOM, record_error, NULL);
	nl_cb_put(cb);
	nlab_quickcap_warm(fd); /* (failing, the count errs on the cold side) */
	*out = sk;
	return 0;
}

int nlab_rtnl_fd(struct nl_sock *sk)
{
	return sk ? nl_socket_get_fd(sk) : -1;
}

void nlab_rtnl_close(struct nl_sock *sk)
{
	if (sk != NULL) {
		nl_socket_free(sk); /* closes its fd */
		nlab_quickcap_cool();
	}
}

/* A close errno for one of libnl's own codes. */
static int nle_errno(int nle)
{
	switch (nle) {
	case NLE_INTR: case NLE_DUMP_INTR: return EINTR;
	case NLE_BAD_SOCK: return EBADF;
	case NLE_AGAIN: return EAGAIN;
	case NLE_NOMEM: return ENOMEM;
	case NLE_EXIST: return EEXIST;
	case NLE_RANGE: return ERANGE;
	case NLE_MSGSIZE: case NLE_MSG_TRUNC: return EMSGSIZE;
	case NLE_OPNOTSUPP: case NLE_MSGTYPE_NOSUPPORT: return EOPNOTSUPP;
	case NLE_AF_NOSUPPORT: case NLE_AF_MISMATCH: return EAFNOSUPPORT;
	case NLE_OBJ_NOTFOUND: return ENOENT;
	case NLE_NOADDR: return EADDRNOTAVAIL;
	case NLE_BUSY: return EBUSY;
	case NLE_NOACCESS: return EACCES;
	case NLE_PERM: return EPERM;
	case NLE_NODEV: return ENODEV;
	case NLE_SEQ_MISMATCH: case NLE_MSG_TOOSHORT: return EPROTO;
	default: return EINVAL;
	}
}

int nlab_rtnl_result(int nle)
{
	int kerr = kernel_errno;
	kernel_errno = 0;
	if (nle >= 0)
		return 0;
	return kerr > 0 ? -kerr : -nle_errno(-nle);
}
