/* ifnames.c - interface names by index, read in a capture's namespace. */
#include "ifnames.h"

#include "error.h"
#include "fdinfo.h"
#include "netns.h"

#include <errno.h>
#include <fcntl.h>
#include <net/if.h>
#include <stdio.h>
#include <stdlib.h>
#include <unistd.h>

/* Adds INDEX named NAME to T; 0 or -ENOMEM. */
static int add(nlab_ifnames *t, unsigned index, const char *name)
{
	nlab_ifname *v = realloc(t->v, (t->n + 1) * sizeof *v);
	if (!v)
		return -ENOMEM;
	t->v = v;
	v[t->n].index = index;
	snprintf(v[t->n].name, sizeof v[t->n].name, "%s", name);
	t->n++;
	return 0;
}

/* The entry of INDEX in T, or NULL. */
static nlab_ifname *find(nlab_ifnames *t, unsigned index)
{
	for (size_t i = 0; i < t->n; i++)
		if (t->v[i].index == index)
			return &t->v[i];
	return NULL;
}

/* Adds the interfaces of the namespace we are in that T lacks. */
static int read_here(void *p)
{
	nlab_ifnames *t = p;
	struct if_nameindex *all = if_nameindex();
	if (!all)
		return nlab_errno();
	int rc = 0;
	for (struct if_nameindex *i = all; rc == 0 && i->if_index != 0; i++)
		if (!find(t, i->if_index))
			rc = add(t, i->if_index, i->if_name);
	if_freenameindex(all);
	return rc;
}

int nlab_ifnames_init(nlab_ifnames *t, int netns, int now)
{
	*t = (nlab_ifnames){NULL, 0, -1};
	if (netns >= 0)
		t->netns = fcntl(netns, F_DUPFD_CLOEXEC, NLAB_FD_LOW);
	if (netns >= 0 && t->netns < 0)
		return nlab_errno();
	return now ? read_here(t) : 0;
}

const char *nlab_ifnames_get(nlab_ifnames *t, unsigned index)
{
	nlab_ifname *e = find(t, index);
	if (!e && t->netns >= 0)
		nlab_netns_call(t->netns, read_here, t);
	e = find(t, index);
	if (!e && add(t, index, "?") == 0)
		e = find(t, index);
	return e ? e->name : "?";
}

void nlab_ifnames_free(nlab_ifnames *t)
{
	free(t->v);
	if (t->netns >= 0)
		close(t->netns);
	*t = (nlab_ifnames){NULL, 0, -1};
}
