/* sysctl.h - per-namespace kernel settings (/proc/sys/net is per network
 * namespace): a router's forwarding, a host's ping_group_range. */
#ifndef NLAB_SYSCTL_H
#define NLAB_SYSCTL_H

#include <stddef.h>

/* Writes VALUE to the sysctl KEY ("net.ipv4.ip_forward", dots or
 * slashes) as seen inside the namespace NETNS (an fd). */
int nlab_sysctl_set(int netns, const char *key, const char *value);

/* Reads the sysctl KEY as seen inside NETNS (-1: where netlab runs) into
 * OUT, its last newline removed. */
int nlab_sysctl_get(int netns, const char *key, char *out, size_t size);

#endif
