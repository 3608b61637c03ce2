/* spawn.h - running a shell command as a child of netlab. */
#ifndef NLAB_SPAWN_H
#define NLAB_SPAWN_H

#include <sys/types.h>

typedef struct nlab_child {
	pid_t pid;
	int pidfd;          /* readable once the child has exited */
	int in, out, err;   /* our ends of its stdin, stdout, stderr pipes */
} nlab_child;

/* A lab's host, for a child to run in. */
typedef struct nlab_host_env {
	int netns;         /* its network namespace's fd */
	int mntns;         /* its mount namespace's fd (hostfs.h) */
	const char *hosts; /* what the child sees as /etc/hosts (names.h) */
} nlab_host_env;

/* Starts `/bin/sh -c CMD` with stdin, stdout and stderr on pipes (stdin
 * only if WITH_STDIN, else /dev/null), default signal dispositions, and
 * no fds but 0-2 and the NKEEP fds in KEEP (the script's redirections).
 * With HOST (a lab's host) the child runs in its network and mount
 * namespaces, with the lab's names as /etc/hosts, as pid 1 of a pid
 * namespace of its own (pidns.h): it and all it started end when it
 * exits or netlab dies, so nothing keeps the host alive after netlab.
 * NULL: netlab's own namespaces.
 * Its PATH is netlab's with /usr/local/sbin, /usr/sbin and /sbin appended
 * where it lacks them (a user's PATH often does), so it finds the
 * programs of root's PATH (ip, route, arp, sysctl). */
int nlab_spawn_sh(const char *cmd, const int *keep, int nkeep, int with_stdin,
		  const nlab_host_env *host, nlab_child *out);

/* Reaps the child if it has exited: returns 1 and sets *code (exit status,
 * or 128 + signal), 0 if it is still running, or an error. */
int nlab_child_reap(nlab_child *c, int *code);

/* Sends SIGKILL to the child's process group (the child runs in a group
 * of its own, with whatever it started) and reaps the child. */
void nlab_child_kill(nlab_child *c);

/* Closes our pipe ends and the pidfd; safe to call twice. */
void nlab_child_close(nlab_child *c);

#endif
