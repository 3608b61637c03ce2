/* iface.c - interfaces and addresses of one namespace (rtnl_link and
 * rtnl_addr objects): listing, changing, alias addresses. */
#include "iface.h"

#include "error.h"
#include "rtnl.h"

#include <arpa/inet.h>
#include <ctype.h>
#include <errno.h>
#include <linux/if.h>
#include <linux/if_addr.h>
#include <linux/rtnetlink.h>
#include <netlink/addr.h>
#include <netlink/cache.h>
#include <netlink/netlink.h>
#include <netlink/route/addr.h>
#include <netlink/route/link.h>
#include <stdio.h>
#include <string.h>

/* Copies SRC into a fixed buffer of SIZE, always terminated. */
static void copy(char *dst, const char *src, size_t size)
{
	snprintf(dst, size, "%s", src ? src : "");
}

/* Writes a link-layer address as aa:bb:cc:dd:ee:ff ("" if none). */
static void mac_text(struct nl_addr *a, char *out, size_t size)
{
	out[0] = '\0';
	if (a == NULL || nl_addr_get_len(a) == 0)
		return;
	const unsigned char *b = nl_addr_get_binary_addr(a);
	size_t n = 0;
	for (unsigned i = 0; i < nl_addr_get_len(a) && n + 3 < size; i++)
		n += (size_t)snprintf(out + n, size - n, i ? ":%02x" : "%02x",
				      b[i]);
}

/* Fills ROW from the kernel's link object L. */
static void fill_iface(struct rtnl_link *l, nlab_iface *row)
{
	memset(row, 0, sizeof *row);
	copy(row->name, rtnl_link_get_name(l), sizeof row->name);
	row->index = rtnl_link_get_ifindex(l);
	mac_text(rtnl_link_get_addr(l), row->mac, sizeof row->mac);
	row->mtu = rtnl_link_get_mtu(l);
	row->flags = rtnl_link_get_flags(l);
	rtnl_link_operstate2str(rtnl_link_get_operstate(l), row->state,
				sizeof row->state);
	for (char *c = row->state; *c; c++)
		*c = (char)toupper((unsigned char)*c);
	row->txqlen = rtnl_link_get_txqlen(l);
	copy(row->kind, rtnl_link_get_type(l), sizeof row->kind);
	row->rx_packets = rtnl_link_get_stat(l, RTNL_LINK_RX_PACKETS);
	row->rx_bytes = rtnl_link_get_stat(l, RTNL_LINK_RX_BYTES);
	row->tx_packets = rtnl_link_get_stat(l, RTNL_LINK_TX_PACKETS);
	row->tx_bytes = rtnl_link_get_stat(l, RTNL_LINK_TX_BYTES);
}

int nlab_iface_list(struct nl_sock *sk, nlab_iface *rows, size_t max,
		    size_t *count)
{
	struct nl_cache *cache;
	int rc = nlab_rtnl_result(rtnl_link_alloc_cache(sk, AF_UNSPEC, &cache));
	*count = 0;
	if (rc != 0)
		return rc;
	for (struct nl_object *o = nl_cache_get_first(cache); o;
	     o = nl_cache_get_next(o)) {
		if (*count < max)
			fill_iface((struct rtnl_link *)o, &rows[*count]);
		(*count)++;
	}
	nl_cache_free(cache);
	return 0;
}

/* Fetches interface NAME from the kernel; the caller puts it. */
static int get_link(struct nl_sock *sk, const char *name,
		    struct rtnl_link **out)
{
	if (strlen(name) >= NLAB_IFNAME)
		return -ENODEV;
	return nlab_rtnl_result(rtnl_link_get_kernel(sk, 0, name, out));
}

/* Puts C's changes into the request object CHANGE. */
static int fill_change(struct rtnl_link *change, const nlab_iface_change *c)
{
	if (c->has_up && c->up)
		rtnl_link_set_flags(change, IFF_UP);
	else if (c->has_up)
		rtnl_link_unset_flags(change, IFF_UP);
	if (c->has_mtu)
		rtnl_link_set_mtu(change, c->mtu);
	if (c->has_mac) {
		struct nl_addr *mac = nl_addr_build(AF_LLC, c->mac, 6);
		if (mac == NULL)
			return -ENOMEM;
		rtnl_link_set_addr(change, mac);
		nl_addr_put(mac);
	}
	return 0;
}

int nlab_iface_set(struct nl_sock *sk, const char *name,
		   const nlab_iface_change *c)
{
	struct rtnl_link *link, *change;
	int rc = get_link(sk, name, &link);
	if (rc != 0)
		return rc;
	change = rtnl_link_alloc();
	rc = change ? fill_change(change, c) : -ENOMEM;
	if (rc == 0)
		rc = nlab_rtnl_result(rtnl_link_change(sk, link, change, 0));
	if (change)
		rtnl_link_put(change);
	rtnl_link_put(link);
	return rc;
}

/* Writes the address bytes of A (without prefix) as text. */
static void ip_text(struct nl_addr *a, char *out, size_t size)
{
	out[0] = '\0';
	if (a != NULL && nl_addr_get_len(a) > 0)
		inet_ntop(nl_addr_get_family(a), nl_addr_get_binary_addr(a),
			  out, (socklen_t)size);
}

/* Fills ROW from the kernel's address object A; LINKS names interfaces. */
static void fill_addr(struct rtnl_addr *a, struct nl_cache *links,
		      nlab_iface_addr *row)
{
	memset(row, 0, sizeof *row);
	rtnl_link_i2name(links, rtnl_addr_get_ifindex(a), row->ifname,
			 sizeof row->ifname);
	row->family = rtnl_addr_get_family(a);
	if (row->family == AF_INET)
		copy(row->label, rtnl_addr_get_label(a), sizeof row->label);
	struct nl_addr *local = rtnl_addr_get_local(a);
	ip_text(local, row->address, sizeof row->address);
	row->prefix = rtnl_addr_get_prefixlen(a);
	ip_text(rtnl_addr_get_broadcast(a), row->broadcast,
		sizeof row->broadcast);
	row->scope = rtnl_addr_get_scope(a);
	row->flags = rtnl_addr_get_flags(a);
}

int nlab_iface_addrs(struct nl_sock *sk, nlab_iface_addr *rows, size_t max,
		     size_t *count)
{
	struct nl_cache *links, *addrs;
	int rc = nlab_rtnl_result(rtnl_link_alloc_cache(sk, AF_UNSPEC, &links));
	*count = 0;
	if (rc != 0)
		return rc;
	rc = nlab_rtnl_result(rtnl_addr_alloc_cache(sk, &addrs));
	if (rc != 0) {
		nl_cache_free(links);
		return rc;
	}
	for (struct nl_object *o = nl_cache_get_first(addrs); o;
	     o = nl_cache_get_next(o)) {
		if (*count < max)
			fill_addr((struct rtnl_addr *)o, links, &rows[*count]);
		(*count)++;
	}
	nl_cache_free(addrs);
	nl_cache_free(links);
	return 0;
}

/* Fills A with interface INDEX and C's local address. */
static int fill_local(struct rtnl_addr *a, int index, const nlab_cidr *c)
{
	rtnl_addr_set_ifindex(a, index);
	rtnl_addr_set_family(a, c->family);
	struct nl_addr *local = nlab_cidr_nladdr(c, c->addr);
	if (local == NULL)
		return -ENOMEM;
	int rc = nlab_rtnl_result(rtnl_addr_set_local(a, local));
	nl_addr_put(local);
	return rc;
}

/* Makes the address object for C on interface IFNAME; the caller puts it. */
static int make_addr(struct nl_sock *sk, const char *ifname, const nlab_cidr *c,
		     struct rtnl_addr **out)
{
	struct rtnl_link *link;
	int rc = get_link(sk, ifname, &link);
	if (rc != 0)
		return rc;
	int index = rtnl_link_get_ifindex(link);
	rtnl_link_put(link);
	*out = rtnl_addr_alloc();
	if (*out == NULL)
		return -ENOMEM;
	rc = fill_local(*out, index, c);
	if (rc != 0)
		rtnl_addr_put(*out);
	return rc;
}

int nlab_iface_addr_add(struct nl_sock *sk, const char *ifname,
			const nlab_cidr *c, const char *label)
{
	struct rtnl_addr *a;
	int rc = make_addr(sk, ifname, c, &a);
	if (rc != 0)
		return rc;
	rc = nlab_ifaddr_set_broadcast(a, c);
	if (rc == 0 && c->family == AF_INET && label && label[0])
		rc = nlab_rtnl_result(rtnl_addr_set_label(a, label));
	if (c->family == AF_INET6)
		rtnl_addr_set_flags(a, IFA_F_NODAD);
	if (rc == 0)
		rc = nlab_rtnl_result(rtnl_addr_add(sk, a, NLM_F_EXCL));
	rtnl_addr_put(a);
	return rc;
}

int nlab_iface_addr_del(struct nl_sock *sk, const char *ifname,
			const nlab_cidr *c)
{
	struct rtnl_addr *a;
	int rc = make_addr(sk, ifname, c, &a);
	if (rc != 0)
		return rc;
	rc = nlab_rtnl_result(rtnl_addr_delete(sk, a, 0));
	rtnl_addr_put(a);
	return rc;
}

const char *nlab_iface_scope_name(int scope)
{
	switch (scope) {
	case RT_SCOPE_UNIVERSE:
		return "global";
	case RT_SCOPE_SITE:
		return "site";
	case RT_SCOPE_LINK:
		return "link";
	case RT_SCOPE_HOST:
		return "host";
	case RT_SCOPE_NOWHERE:
		return "nowhere";
	default:
		return "other";
	}
}
