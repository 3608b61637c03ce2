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

/* In a forked child that will run a command on the machine (not in a
 * host), rootless: moves it into a user namespace of its own where it is
 * the user again (uid and gid mapped back to the user's), so the command
 * runs as it would outside netlab: `id -u` is the user's, mk/deps.sh
 * sees a user, and programs that drop root's privileges to a user of
 * their own (tcpdump -r, to user tcpdump: setgroups and that uid are
 * refused in netlab's namespace) find no root to drop. Nothing as root. */
void nlab_userns_as_user(void);

/* Marks a later refusal (e.g. AppArmor lets the user namespace be made
 * but takes its capabilities away) and returns NLAB_EUSERNS. */
int nlab_userns_refused(int err);

/* The message for NLAB_EUSERNS: why, and what to do. */
const char *nlab_userns_why(void);

#endif
