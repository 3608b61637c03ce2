/* userns.h - rootless labs: a user namespace of netlab's own.
 *
 * Run by root, netlab creates lab namespaces directly and none of this is
 * used. Run by an ordinary user, netlab first moves itself into a new
 * user namespace where it is root (uid and gid 0 mapped to the user's,
 * setgroups denied): the namespaces it creates there belong to it. It
 * stays in the machine's network, pid and mount namespaces, so its own
 * sockets are made as before; only entering a lab's namespace changes
 * (netns.c: the work is done on a short-lived thread, as setns() back
 * to the machine's namespace is refused to a user namespace). */
#ifndef NLAB_USERNS_H
#define NLAB_USERNS_H

/* Once, before the first lab namespace, when netlab is not root (or is
 * root of a user namespace that does not own its network namespace):
 * enters the user namespace (the process must still be single-threaded).
 * Returns 0, or NLAB_EUSERNS when the system refuses one. */
int nlab_userns_enter(void);

/* 1 if netlab runs rootless (nlab_userns_enter entered one), else 0. */
int nlab_userns_rootless(void);

/* Marks a later refusal (e.g. AppArmor lets the user namespace be made
 * but takes its capabilities away) and returns NLAB_EUSERNS. */
int nlab_userns_refused(int err);

/* The message for NLAB_EUSERNS: why, and what to do. */
const char *nlab_userns_why(void);

#endif
