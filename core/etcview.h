/* etcview.h - a copy of /etc's view, for a machine with no /etc/hosts.
 *
 * names.c binds a lab's hosts file over /etc/hosts, which needs the file
 * to exist. Where it does not (a minimal container, a chroot), the child
 * instead sees a tmpfs over /etc holding every entry of the real /etc
 * bound in (recursively: what is mounted below stays), its symlinks
 * copied, and a hosts file of its own. Nothing is written to the real
 * /etc; the view lives in the child's mount namespace only. */
#ifndef NLAB_ETCVIEW_H
#define NLAB_ETCVIEW_H

/* Fills the empty directory DIR with /etc's entries (all but "hosts"),
 * each bound or copied as above. Returns 0 or an error code. */
int nlab_etcview_fill(const char *dir);

#endif
