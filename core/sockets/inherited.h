/* inherited.h - the fds netlab was started with (a shell's `3<file`):
 * the script's to close, unlike the fds netlab opens for itself. */
#ifndef NLAB_INHERITED_H
#define NLAB_INHERITED_H

/* The fd numbers remembered: those netlab.fd can name. */
#define NLAB_INHERITED_MAX 1024

/* Remembers which fds are open now; call first thing in main. */
void nlab_inherited_note(void);

/* 1 if FD was open when netlab started and has not been let go since. */
int nlab_inherited_has(int fd);

/* Forgets FD: it was closed or replaced, so its number may be reused
 * by one of netlab's own fds. */
void nlab_inherited_drop(int fd);

#endif
