/* sysctl.h - per-namespace kernel settings (/proc/sys/net is per network
 * namespace): a router's forwarding, a host's ping_group_range. */
#ifndef NLAB_SYSCTL_H
#define NLAB_SYSCTL_H

#include <stddef.h>

/* Writes VALUE to the sysctl KEY ("net.ipv4.ip_forward", dots or
 * slashes: a key with a slash keeps its dots, as sysctl(8) reads it, for
 * interface names such as eth0.5) as seen inside the namespace NETNS
 * (an fd). */
int nlab_sysctl_set(int netns, const char *key, const char *value);

/* Reads the sysctl KEY as seen inside NETNS (-1: where netlab runs) into
 * OUT, its last newline removed. */
int nlab_sysctl_get(int netns, const char *key, char *out, size_t size);

/* Reads every readable setting of the directory DIR
 * ("net.ipv4.conf.eth0", or with slashes when a name has dots) as seen
 * inside NETNS into OUT (SIZE bytes): "name\tvalue\n" lines, with a
 * NUL after them; sets *NEED to the bytes that takes, and returns
 * -ENOSPC without writing when SIZE is less. Settings the kernel will
 * not show (write-only, EIO) and values of more than one line are left
 * out. */
int nlab_sysctl_dir(int netns, const char *dir, char *out, size_t size,
		    size_t *need);

#endif
