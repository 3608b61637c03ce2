/* pidns.h - pid namespaces for the commands run in a lab's hosts.
 *
 * A host's shell runs as pid 1 of a pid namespace of its own, and is
 * killed if netlab dies (PR_SET_PDEATHSIG). When pid 1 of a namespace
 * ends the kernel kills every process left in it, so neither the shell
 * nor anything it started (`cmd &`, a pipeline) outlives it or netlab,
 * and none can keep a lab's network namespace alive. */
#ifndef NLAB_PIDNS_H
#define NLAB_PIDNS_H

#include <sys/types.h>

/* Makes the next child this process forks pid 1 of a new pid namespace;
 * call nlab_pidns_end() right after the fork (nlab_pidns_fork). */
int nlab_pidns_begin(void);

/* fork(), or rootless after nlab_pidns_begin, its equivalent clone(). */
pid_t nlab_pidns_fork(void);

/* Back to children in netlab's own pid namespace. */
int nlab_pidns_end(void);

/* In such a child, before anything else: asks for SIGKILL when netlab
 * dies. Returns 0, or -1 if netlab is already gone. */
int nlab_pidns_child(void);

#endif
