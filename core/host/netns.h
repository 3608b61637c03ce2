/* netns.h - network namespaces kept as open fds: the hosts of a lab.
 *
 * A host is a namespace owned by netlab and referenced only by fds netlab
 * holds (the namespace fd, its netlink socket, sockets made in it, the
 * children running in it), never bind-mounted under /run/netns: when
 * netlab exits, however it exits, the kernel drops the last reference and
 * the namespace goes, with its interfaces, addresses and routes.
 *
 * Objects are made inside a host by entering it, creating, and leaving:
 * an object keeps the namespace it was created in. */
#ifndef NLAB_NETNS_H
#define NLAB_NETNS_H

/* Creates a network namespace and returns an fd for it (>= NLAB_FD_LOW,
 * close-on-exec) in *FD; the caller stays in its own namespace. */
int nlab_netns_new(int *fd);

/* Runs FN(ARG) inside the namespace NETNS and returns what it returns:
 * as root, by entering and leaving; rootless, on a thread that moves
 * there and ends (so FN must only make fds, set nothing process-wide). */
int nlab_netns_call(int netns, int (*fn)(void *), void *arg);

/* Enters the namespace FD (from nlab_netns_new) until nlab_netns_leave;
 * -EBUSY if already inside one (there is no nesting); -ENOTSUP rootless,
 * where only nlab_netns_call can do work inside a namespace. */
int nlab_netns_enter(int fd);

/* Returns to netlab's own namespace; harmless when not inside one. */
int nlab_netns_leave(void);

/* Opens a socket (as nlab_sock_open) inside the namespace NETNS. */
int nlab_netns_socket(int netns, int family, int type, int *fd);

/* The namespace's inode number ("net:[INODE]" in /proc/PID/fd). */
int nlab_netns_inode(int fd, unsigned long *inode);

#endif
