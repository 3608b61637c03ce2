/* ifnames.h - the names of a namespace's interfaces by index, as a
 * capture there sees them (tcpdump -i any prints the name of the
 * interface each packet crossed, looked up where it captures).
 *
 * The table is read inside the namespace when it is made, and again
 * when a packet names an index it does not hold (an interface made
 * since); an index still unknown after that is remembered as "?", as
 * tcpdump prints it, so it costs no second look. */
#ifndef NLAB_IFNAMES_H
#define NLAB_IFNAMES_H

#include <stddef.h>

/* The longest interface name, with its NUL (IFNAMSIZ). */
#define NLAB_IFNAMES_LEN 16

typedef struct nlab_ifname {
	unsigned index;
	char name[NLAB_IFNAMES_LEN];
} nlab_ifname;

typedef struct nlab_ifnames {
	nlab_ifname *v;
	size_t n;
	int netns; /* a copy of the namespace's fd, -1 when closed */
} nlab_ifnames;

/* Reads the interfaces of the namespace we are in now into T (if NOW;
 * else at the first look), which keeps a copy of NETNS for later looks;
 * 0 or an error code. Reading dumps the links (the kernel's RTNL lock,
 * which other namespaces' work can hold for milliseconds). */
int nlab_ifnames_init(nlab_ifnames *t, int netns, int now);

/* The name of interface INDEX ("?" when the namespace has none). */
const char *nlab_ifnames_get(nlab_ifnames *t, unsigned index);

/* Frees T; safe twice. */
void nlab_ifnames_free(nlab_ifnames *t);

#endif
