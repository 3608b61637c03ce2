/* ifaddr.c - CIDR text and interface addresses (rtnl_addr objects). */
#include "ifaddr.h"

#include "error.h"
#include "link.h"
#include "rtnl.h"

#include <arpa/inet.h>
#include <errno.h>
#include <linux/if_addr.h>
#include <netlink/addr.h>
#include <netlink/netlink.h>
#include <netlink/route/addr.h>
#include <stdlib.h>
#include <string.h>

int nlab_cidr_max_prefix(int family) { return family == AF_INET6 ? 128 : 32; }

/* Reads a prefix length: decimal digits only, at most three. */
static int parse_prefix(const char *s, int *prefix)
{
	size_t n = strlen(s);
	if (n == 0 || n > 3 || strspn(s, "0123456789") != n)
		return NLAB_EADDR;
	*prefix = atoi(s);
	return 0;
}

int nlab_cidr_parse(const char *text, nlab_cidr *out)
{
	char ip[INET6_ADDRSTRLEN];
	const char *slash = strchr(text, '/');
	memset(out, 0, sizeof *out);
	if (slash == NULL || (size_t)(slash - text) >= sizeof ip)
		return NLAB_EADDR;
	memcpy(ip, text, (size_t)(slash - text));
	ip[slash - text] = '\0';
	if (inet_pton(AF_INET, ip, out->addr) == 1)
		out->family = AF_INET;
	else if (inet_pton(AF_INET6, ip, out->addr) == 1)
		out->family = AF_INET6;
	else
		return NLAB_EADDR;
	if (parse_prefix(slash + 1, &out->prefix) != 0)
		return NLAB_EADDR;
	return out->prefix > nlab_cidr_max_prefix(out->family) ? -ERANGE : 0;
}

int nlab_cidr_ip(const nlab_cidr *c, char *text, size_t size)
{
	if (inet_ntop(c->family, c->addr, text, (socklen_t)size) == NULL)
		return nlab_errno();
	return 0;
}

/* Makes libnl's address object for BYTES of C's family, with C's prefix. */
struct nl_addr *nlab_cidr_nladdr(const nlab_cidr *c, const void *bytes)
{
	size_t len = c->family == AF_INET6 ? 16 : 4;
	struct nl_addr *a = nl_addr_build(c->family, bytes, len);
	if (a != NULL)
		nl_addr_set_prefixlen(a, c->prefix);
	return a;
}

/* Sets the IPv4 broadcast address (host bits all ones) on A. */
int nlab_ifaddr_set_broadcast(struct rtnl_addr *a, const nlab_cidr *c)
{
	if (c->family != AF_INET || c->prefix >= 31)
		return 0;
	uint32_t ip;
	memcpy(&ip, c->addr, 4);
	uint32_t hostbits = 0xffffffffu;
	if (c->prefix > 0)
		hostbits = (1u << (32 - c->prefix)) - 1;
	ip |= htonl(hostbits);
	struct nl_addr *brd = nlab_cidr_nladdr(c, &ip);
	if (brd == NULL)
		return -ENOMEM;
	int rc = rtnl_addr_set_broadcast(a, brd);
	nl_addr_put(brd);
	return nlab_rtnl_result(rc);
}

/* Fills A: interface, local address, broadcast, flags. */
static int fill(struct rtnl_addr *a, int index, const nlab_cidr *c)
{
	rtnl_addr_set_ifindex(a, index);
	struct nl_addr *local = nlab_cidr_nladdr(c, c->addr);
	if (local == NULL)
		return -ENOMEM;
	int rc = nlab_rtnl_result(rtnl_addr_set_local(a, local));
	nl_addr_put(local);
	if (rc == 0)
		rc = nlab_ifaddr_set_broadcast(a, c);
	if (c->family == AF_INET6)
		rtnl_addr_set_flags(a, IFA_F_NODAD);
	return rc;
}

int nlab_ifaddr_add(struct nl_sock *sk, const char *ifname, const nlab_cidr *c)
{
	int index, rc = nlab_link_index(sk, ifname, &index);
	if (rc != 0)
		return rc;
	struct rtnl_addr *a = rtnl_addr_alloc();
	if (a == NULL)
		return -ENOMEM;
	rc = fill(a, index, c);
	if (rc == 0)
		rc = nlab_rtnl_result(rtnl_addr_add(sk, a, NLM_F_EXCL));
	rtnl_addr_put(a);
	return rc;
}
