/* dirview.h - a directory's view: its entries bound into another one.
 *
 * A child's mount namespace can cover a directory with a tmpfs that holds
 * every entry of the real one bound in (recursively: what is mounted
 * below stays), its symlinks copied, and entries of its own beside them.
 * names.c does it for /etc on a machine with no /etc/hosts to bind over
 * (the view gets a hosts file); hostfs.c gives each lab host a /run of
 * its own this way. Nothing is written to the real directory: what is
 * made in the view itself lives in the tmpfs, in that namespace only,
 * while what is written inside a bound entry is the real entry's. */
#ifndef NLAB_DIRVIEW_H
#define NLAB_DIRVIEW_H

/* Fills the empty directory DIR with the entries of SRC but SKIP, each
 * bound or copied as above. Returns 0 or an error code. */
int nlab_dirview_fill(const char *src, const char *dir, const char *skip);

#endif
