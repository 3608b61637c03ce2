/* rtnl.h - route netlink sockets (libnl-route-3), one per namespace:
 * the handle every link and address call of a host goes through. Their
 * requests are answered by the kernel at once (rtnetlink is synchronous),
 * so these calls do not wait on the network. */
#ifndef NLAB_RTNL_H
#define NLAB_RTNL_H

struct nl_sock;

/* Opens a route netlink socket inside the namespace NETNS (-1: netlab's
 * own), its fd close-on-exec and >= NLAB_FD_LOW. */
int nlab_rtnl_open(int netns, struct nl_sock **out);

/* The fd of a socket from nlab_rtnl_open (-1 for NULL). */
int nlab_rtnl_fd(struct nl_sock *sk);

/* Closes a socket from nlab_rtnl_open; NULL is harmless. */
void nlab_rtnl_close(struct nl_sock *sk);

/* Turns a libnl result into 0 or netlab's code: the kernel's own errno
 * when it answered with an error (libnl's codes lose detail), else a
 * close errno for libnl's code. */
int nlab_rtnl_result(int nle);

#endif
