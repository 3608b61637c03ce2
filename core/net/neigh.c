/* neigh.c - neighbour (ARP/NDP) tables through rtnl_neigh objects. */
#include "neigh.h"

#include "rtnl.h"

#include <errno.h>
#include <linux/neighbour.h>
#include <netlink/addr.h>
#include <netlink/cache.h>
#include <netlink/netlink.h>
#include <netlink/route/link.h>
#include <netlink/route/neighbour.h>
#include <string.h>
#include <sys/socket.h>

/* The bytes of one address of FAMILY: 4 or 16. */
static size_t addr_len(int family) { return family == AF_INET6 ? 16 : 4; }

/* Whether entry N is one arp -a would show: an IP neighbour, not NOARP. */
static int shown(struct rtnl_neigh *n)
{
	int family = rtnl_neigh_get_family(n);
	if (family != AF_INET && family != AF_INET6)
		return 0;
	return !(rtnl_neigh_get_state(n) & NUD_NOARP) &&
	       rtnl_neigh_get_dst(n) != NULL;
}

/* Fills ROW from entry N; LINKS names its interface. */
static void fill_row(struct rtnl_neigh *n, struct nl_cache *links,
		     nlab_neigh *row)
{
	memset(row, 0, sizeof *row);
	row->family = rtnl_neigh_get_family(n);
	struct nl_addr *dst = rtnl_neigh_get_dst(n);
	unsigned len = nl_addr_get_len(dst);
	memcpy(row->ip, nl_addr_get_binary_addr(dst), len > 16 ? 16 : len);
	struct nl_addr *ll = rtnl_neigh_get_lladdr(n);
	if (ll != NULL && nl_addr_get_len(ll) == 6) {
		row->has_mac = 1;
		memcpy(row->mac, nl_addr_get_binary_addr(ll), 6);
	}
	row->ifindex = rtnl_neigh_get_ifindex(n);
	row->state = rtnl_neigh_get_state(n);
	if (rtnl_link_i2name(links, row->ifindex, row->ifname,
			     sizeof row->ifname) == NULL)
		row->ifname[0] = '\0';
}

/* Fetches the neighbour and link caches; the caller frees both. */
static int caches(struct nl_sock *sk, struct nl_cache **neigh,
		  struct nl_cache **links)
{
	int rc = nlab_rtnl_result(rtnl_link_alloc_cache(sk, AF_UNSPEC, links));
	if (rc != 0)
		return rc;
	rc = nlab_rtnl_result(rtnl_neigh_alloc_cache(sk, neigh));
	if (rc != 0)
		nl_cache_free(*links);
	return rc;
}

int nlab_neigh_list(struct nl_sock *sk, nlab_neigh *rows, int max, int *n)
{
	struct nl_cache *neigh, *links;
	*n = 0;
	int rc = caches(sk, &neigh, &links);
	if (rc != 0)
		return rc;
	for (struct nl_object *o = nl_cache_get_first(neigh); o;
	     o = nl_cache_get_next(o)) {
		struct rtnl_neigh *e = (struct rtnl_neigh *)o;
		if (!shown(e))
			continue;
		if (*n < max)
			fill_row(e, links, &rows[*n]);
		(*n)++;
	}
	nl_cache_free(neigh);
	nl_cache_free(links);
	return 0;
}

int nlab_neigh_add(struct nl_sock *sk, int family, const unsigned char *ip,
		   const unsigned char *mac, const char *ifname, int nud)
{
	int index, rc = nlab_link_index(sk, ifname, &index);
	if (rc != 0)
		return rc == -ENOENT ? -ENODEV : rc;
	struct rtnl_neigh *n = rtnl_neigh_alloc();
	struct nl_addr *dst = nl_addr_build(family, ip, addr_len(family));
	struct nl_addr *ll = nl_addr_build(AF_LLC, mac, 6);
	rc = n && dst && ll ? 0 : -ENOMEM;
	if (rc == 0) {
		rtnl_neigh_set_ifindex(n, index);
		rtnl_neigh_set_family(n, family);
		rtnl_neigh_set_dst(n, dst);
		rtnl_neigh_set_lladdr(n, ll);
		rtnl_neigh_set_state(n, nud);
		rc = nlab_rtnl_result(
			rtnl_neigh_add(sk, n, NLM_F_CREATE | NLM_F_REPLACE));
	}
	nl_addr_put(dst);
	nl_addr_put(ll);
	if (n != NULL)
		rtnl_neigh_put(n);
	return rc;
}

/* Whether entry N is for IP of FAMILY (IP NULL: any shown entry). */
static int matches(struct rtnl_neigh *n, int family, const unsigned char *ip)
{
	if (!shown(n))
		return 0;
	if (ip == NULL)
		return 1;
	struct nl_addr *dst = rtnl_neigh_get_dst(n);
	return rtnl_neigh_get_family(n) == family &&
	       nl_addr_get_len(dst) == addr_len(family) &&
	       memcmp(nl_addr_get_binary_addr(dst), ip, addr_len(family)) == 0;
}

/* Deletes the entries matching FAMILY and IP (NULL: all shown ones). */
static int delete_matching(struct nl_sock *sk, int family,
			   const unsigned char *ip, int *count)
{
	struct nl_cache *neigh;
	*count = 0;
	int rc = nlab_rtnl_result(rtnl_neigh_alloc_cache(sk, &neigh));
	if (rc != 0)
		return rc;
	for (struct nl_object *o = nl_cache_get_first(neigh); o && rc == 0;
	     o = nl_cache_get_next(o)) {
		struct rtnl_neigh *e = (struct rtnl_neigh *)o;
		if (!matches(e, family, ip))
			continue;
		rc = nlab_rtnl_result(rtnl_neigh_delete(sk, e, 0));
		if (rc == -ENOENT) /* gone meanwhile */
			rc = 0;
		else if (rc == 0)
			(*count)++;
	}
	nl_cache_free(neigh);
	return rc;
}

int nlab_neigh_del(struct nl_sock *sk, int family, const unsigned char *ip,
		   int *count)
{
	return delete_matching(sk, family, ip, count);
}

int nlab_neigh_flush(struct nl_sock *sk, int *count)
{
	return delete_matching(sk, AF_UNSPEC, NULL, count);
}
