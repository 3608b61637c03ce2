/* hostfs.h - a lab host's own /run: a mount namespace per host.
 *
 * A host is a machine of its own, so what its commands leave in /run
 * (pid files, sockets, the names `ip netns add` makes in /run/netns) must
 * be its own too, and last across its commands. Each host gets a mount
 * namespace, made when it first runs a command and held only by an fd
 * netlab keeps (as its network namespace is): /run there is a tmpfs
 * holding the machine's /run entries bound in (dirview.h) and an empty
 * netns directory of its own, and so is /var/run where it is not a
 * symlink to /run. Nothing else differs from the machine's filesystem.
 *
 * Propagation: the namespace's mounts are slaves of the machine's (the
 * machine's new mounts reach the host, nothing goes back), and only the
 * host's /run/netns is shared, with the namespaces of the host's own
 * commands (names.c makes each command one, for its /etc/hosts): a name
 * one command adds is there for the next, and nowhere else. When netlab
 * closes the fd (the lab closes, or netlab dies however it dies) the
 * namespace goes, with the tmpfs, its files and the network namespaces
 * mounted on its /run/netns names: nothing was ever written to the
 * machine's /run or mount table. */
#ifndef NLAB_HOSTFS_H
#define NLAB_HOSTFS_H

/* Makes a host's mount namespace (through a short-lived child: netlab
 * never moves) and returns an fd for it (>= NLAB_FD_LOW, close-on-exec)
 * in *FD. Returns 0 or an error code. */
int nlab_hostfs_new(int *fd);

/* In a child, before exec: enters the host's mount namespace FD, staying
 * in the same working directory. Returns 0 or an error code. */
int nlab_hostfs_enter(int fd);

#endif
