/* link.c - interfaces through libnl-route-3's rtnl_link objects. */
#include "link.h"

#include "rtnl.h"

#include <ctype.h>
#include <errno.h>
#include <linux/if.h>
#include <linux/if_link.h>
#include <netlink/netlink.h>
#include <netlink/route/link.h>
#include <netlink/route/link/inet6.h>
#include <netlink/route/link/veth.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

/* Fetches interface NAME from the kernel; the caller puts it. */
static int get_link(struct nl_sock *sk, const char *name,
		    struct rtnl_link **out)
{
	if (strlen(name) >= NLAB_IFNAME)
		return -ENAMETOOLONG;
	return nlab_rtnl_result(rtnl_link_get_kernel(sk, 0, name, out));
}

int nlab_link_index(struct nl_sock *sk, const char *name, int *index)
{
	struct rtnl_link *link;
	int rc = get_link(sk, name, &link);
	if (rc != 0)
		return rc;
	*index = rtnl_link_get_ifindex(link);
	rtnl_link_put(link);
	return 0;
}

int nlab_link_ready(struct nl_sock *sk, const char *name, int *ready)
{
	struct rtnl_link *link;
	int rc = get_link(sk, name, &link);
	*ready = 0;
	if (rc != 0)
		return rc;
	const char *qdisc = rtnl_link_get_qdisc(link);
	int oper = rtnl_link_get_operstate(link);
	/* tunnels and TUNs report no operstate: their carrier says it */
	int up = oper == IF_OPER_UP ||
		 (oper == IF_OPER_UNKNOWN &&
		  (rtnl_link_get_flags(link) & IFF_LOWER_UP));
	*ready = up && qdisc != NULL && strcmp(qdisc, "noop") != 0;
	rtnl_link_put(link);
	return 0;
}

/* Changes interface NAME by CHANGE in one request, found by its name in
 * the kernel (no lookup first: on a switch of many ports a lookup is
 * the costly part, since each answer lists the port's peer namespace). */
static int change_by_name(struct nl_sock *sk, const char *name,
			  struct rtnl_link *change)
{
	if (strlen(name) >= NLAB_IFNAME)
		return -ENAMETOOLONG;
	struct rtnl_link *orig = rtnl_link_alloc();
	if (orig == NULL)
		return -ENOMEM;
	rtnl_link_set_name(change, name); /* the request names it */
	int rc = nlab_rtnl_result(rtnl_link_change(sk, orig, change, 0));
	rtnl_link_put(orig);
	return rc;
}

int nlab_link_up(struct nl_sock *sk, const char *name)
{
	struct rtnl_link *change = rtnl_link_alloc();
	if (change == NULL)
		return -ENOMEM;
	rtnl_link_set_flags(change, IFF_UP);
	int rc = change_by_name(sk, name, change);
	rtnl_link_put(change);
	return rc;
}

int nlab_link_enslave(struct nl_sock *sk, const char *name, int master)
{
	struct rtnl_link *change = rtnl_link_alloc();
	if (change == NULL)
		return -ENOMEM;
	rtnl_link_set_master(change, master);
	int rc = change_by_name(sk, name, change);
	rtnl_link_put(change);
	return rc;
}

int nlab_link_no_linklocal(struct nl_sock *sk, const char *name)
{
	struct rtnl_link *change = rtnl_link_alloc();
	if (change == NULL)
		return -ENOMEM;
	int rc = rtnl_link_inet6_set_addr_gen_mode(change,
						   IN6_ADDR_GEN_MODE_NONE);
	rc = rc < 0 ? nlab_rtnl_result(rc) : change_by_name(sk, name, change);
	rtnl_link_put(change);
	return rc;
}

/* N if NAME is PREFIXn (n written without leading zeros), else -1. */
static int name_number(const char *name, const char *prefix)
{
	size_t plen = strlen(prefix);
	if (name == NULL || strncmp(name, prefix, plen) != 0)
		return -1;
	const char *digits = name + plen;
	if (!isdigit((unsigned char)digits[0]) ||
	    (digits[0] == '0' && digits[1] != '\0') || strlen(digits) > 7)
		return -1;
	for (const char *c = digits; *c; c++)
		if (!isdigit((unsigned char)*c))
			return -1;
	return atoi(digits);
}

/* Sets *FIRST to the lowest n with no interface PREFIXn: one dump. */
static int first_free(struct nl_sock *sk, const char *prefix, int *first)
{
	struct nl_cache *cache;
	int rc = nlab_rtnl_result(rtnl_link_alloc_cache(sk, AF_UNSPEC, &cache));
	if (rc != 0)
		return rc;
	int count = nl_cache_nitems(cache);
	char *taken = calloc((size_t)count + 1, 1);
	if (taken == NULL) {
		nl_cache_free(cache);
		return -ENOMEM;
	}
	for (struct nl_object *o = nl_cache_get_first(cache); o != NULL;
	     o = nl_cache_get_next(o)) {
		int n = name_number(rtnl_link_get_name((struct rtnl_link *)o),
				    prefix);
		if (n >= 0 && n <= count)
			taken[n] = 1;
	}
	int i = 0;
	while (taken[i])
		i++;
	*first = i;
	free(taken);
	nl_cache_free(cache);
	return 0;
}

int nlab_link_free_name(struct nl_sock *sk, const char *prefix, int *next,
			char *out, size_t size)
{
	if (*next < 0) {
		int rc = first_free(sk, prefix, next);
		if (rc != 0)
			return rc;
	}
	for (int i = *next; i < NLAB_LINK_NAMES; i++) {
		int n = snprintf(out, size, "%s%d", prefix, i);
		if (n < 0 || (size_t)n >= size || n >= NLAB_IFNAME)
			return -ENAMETOOLONG;
		struct rtnl_link *link;
		int rc = get_link(sk, out, &link);
		if (rc == -ENODEV) {
			*next = i + 1;
			return 0;
		}
		if (rc != 0)
			return rc;
		rtnl_link_put(link);
	}
	return -ENFILE; /* every name taken */
}

int nlab_link_veth(struct nl_sock *sk, const char *name, int index,
		   int peer_netns, const char *peer_name)
{
	if (strlen(name) >= NLAB_IFNAME || strlen(peer_name) >= NLAB_IFNAME)
		return -ENAMETOOLONG;
	struct rtnl_link *link = rtnl_link_veth_alloc();
	if (link == NULL)
		return -ENOMEM;
	/* the peer, with a reference of our own */
	struct rtnl_link *peer = rtnl_link_veth_get_peer(link);
	rtnl_link_set_name(link, name);
	if (index > 0) /* the kernel refuses (EBUSY) one in use */
		rtnl_link_set_ifindex(link, index);
	rtnl_link_set_name(peer, peer_name);
	rtnl_link_set_ns_fd(peer, peer_netns); /* created there, never here */
	/* one queue each way at both ends, as the kernel leaves a veth
	 * anyway: asked for by default, it makes one per CPU and then cuts
	 * them to one, waiting for an RCU grace period per end (most of a
	 * big lab's time) */
	rtnl_link_set_num_tx_queues(link, 1);
	rtnl_link_set_num_rx_queues(link, 1);
	rtnl_link_set_num_tx_queues(peer, 1);
	rtnl_link_set_num_rx_queues(peer, 1);
	int rc = rtnl_link_add(sk, link, NLM_F_CREATE | NLM_F_EXCL);
	rtnl_link_put(peer);
	rtnl_link_put(link); /* frees the peer too */
	return nlab_rtnl_result(rc);
}

int nlab_link_del(struct nl_sock *sk, const char *name)
{
	struct rtnl_link *link;
	int rc = get_link(sk, name, &link);
	if (rc != 0)
		return rc;
	rc = nlab_rtnl_result(rtnl_link_delete(sk, link));
	rtnl_link_put(link);
	return rc;
}

int nlab_link_move(struct nl_sock *sk, const char *name, int netns,
		   const char *new_name)
{
	if (strlen(new_name) >= NLAB_IFNAME)
		return -ENAMETOOLONG;
	struct rtnl_link *link, *change;
	int rc = get_link(sk, name, &link);
	if (rc != 0)
		return rc;
	change = rtnl_link_alloc();
	if (change == NULL) {
		rtnl_link_put(link);
		return -ENOMEM;
	}
	rtnl_link_set_ns_fd(change, netns);
	rtnl_link_set_name(change, new_name);
	rc = nlab_rtnl_result(rtnl_link_change(sk, link, change, 0));
	rtnl_link_put(change);
	rtnl_link_put(link);
	return rc;
}
