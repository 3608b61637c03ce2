/* names.h - a lab's names for the programs run in its hosts.
 *
 * As `ip netns exec` shows a program /etc/netns/NAME/hosts, a command run
 * in a lab's host sees the lab's names as /etc/hosts: the child, before
 * exec, enters its host's mount namespace (hostfs.h), then one of its own,
 * and bind-mounts a file made on a private tmpfs over /etc/hosts. The file
 * exists only in that namespace, so it goes with the child's processes,
 * however netlab ends; the machine's own mounts and /etc/hosts are never
 * touched. A machine with no /etc/hosts gets a view of /etc with one
 * (dirview.h). */
#ifndef NLAB_NAMES_H
#define NLAB_NAMES_H

/* In a child, before exec, inside its host's mount namespace (whose
 * mounts propagate nowhere else): shows TEXT (a hosts file) as /etc/hosts
 * to it and what it starts. Returns 0 or an error code. */
int nlab_names_mount(const char *text);

#endif
