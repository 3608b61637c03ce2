/* tunnel.c - tunnel interfaces through libnl-route-3's link types
 * (rtnl_link_vxlan_*, rtnl_link_geneve_*, rtnl_link_ipgre_*, ipip, sit). */
#include "tunnel.h"

#include "link.h"
#include "rtnl.h"

#include <errno.h>
#include <netlink/addr.h>
#include <netlink/netlink.h>
#include <netlink/route/link.h>
#include <netlink/route/link/geneve.h>
#include <netlink/route/link/ipgre.h>
#include <netlink/route/link/ipip.h>
#include <netlink/route/link/sit.h>
#include <netlink/route/link/vxlan.h>
#include <string.h>
#include <sys/socket.h>

/* libnl's address object for outer address BYTES of T's family. */
static struct nl_addr *outer_addr(const nlab_tunnel_spec *t,
				  const unsigned char *bytes)
{
	return nl_addr_build(t->family, bytes, t->family == AF_INET6 ? 16 : 4);
}

/* A VXLAN link to T's remote from T's local, on T's UDP port. */
static int vxlan(struct rtnl_link *l, const nlab_tunnel_spec *t)
{
	struct nl_addr *local = outer_addr(t, t->local),
		       *remote = outer_addr(t, t->remote);
	int rc = local && remote ? 0 : -NLE_NOMEM; /* libnl's codes here */
	if (rc == 0)
		rc = rtnl_link_vxlan_set_id(l, t->vni);
	if (rc == 0) /* a unicast remote goes where a group would */
		rc = rtnl_link_vxlan_set_group(l, remote);
	if (rc == 0)
		rc = rtnl_link_vxlan_set_local(l, local);
	if (rc == 0)
		rc = rtnl_link_vxlan_set_port(l, (uint32_t)t->port);
	nl_addr_put(local);
	nl_addr_put(remote);
	return nlab_rtnl_result(rc);
}

/* A Geneve link to T's remote on T's UDP port (Geneve has no local). */
static int geneve(struct rtnl_link *l, const nlab_tunnel_spec *t)
{
	struct nl_addr *remote = outer_addr(t, t->remote);
	int rc = remote ? rtnl_link_geneve_set_id(l, t->vni) : -NLE_NOMEM;
	if (rc == 0)
		rc = rtnl_link_geneve_set_remote(l, remote);
	if (rc == 0)
		rc = rtnl_link_geneve_set_port(l, (uint32_t)t->port);
	nl_addr_put(remote);
	return nlab_rtnl_result(rc);
}

/* The IPv4 address in BYTES, in network order as libnl's ip_tunnel
 * setters take it. */
static uint32_t ip4(const unsigned char *bytes)
{
	uint32_t a;
	memcpy(&a, bytes, 4);
	return a;
}

/* A GRE, IPIP or SIT link: IPv4 outside, local and remote fixed. */
static int ip_tunnel(struct rtnl_link *l, const nlab_tunnel_spec *t)
{
	static int (*const set_local[])(struct rtnl_link *, uint32_t) = {
	    [NLAB_TUNNEL_GRE] = rtnl_link_ipgre_set_local,
	    [NLAB_TUNNEL_IPIP] = rtnl_link_ipip_set_local,
	    [NLAB_TUNNEL_SIT] = rtnl_link_sit_set_local,
	};
	static int (*const set_remote[])(struct rtnl_link *, uint32_t) = {
	    [NLAB_TUNNEL_GRE] = rtnl_link_ipgre_set_remote,
	    [NLAB_TUNNEL_IPIP] = rtnl_link_ipip_set_remote,
	    [NLAB_TUNNEL_SIT] = rtnl_link_sit_set_remote,
	};
	if (t->family != AF_INET)
		return -EAFNOSUPPORT;
	int rc = set_local[t->kind](l, ip4(t->local));
	if (rc == 0)
		rc = set_remote[t->kind](l, ip4(t->remote));
	return nlab_rtnl_result(rc);
}

/* A new link object of T's kind, its settings filled in, in *OUT. */
static int build(const nlab_tunnel_spec *t, struct rtnl_link **out)
{
	static struct rtnl_link *(*const alloc[])(void) = {
	    [NLAB_TUNNEL_VXLAN] = rtnl_link_vxlan_alloc,
	    [NLAB_TUNNEL_GENEVE] = rtnl_link_geneve_alloc,
	    [NLAB_TUNNEL_GRE] = rtnl_link_ipgre_alloc,
	    [NLAB_TUNNEL_IPIP] = rtnl_link_ipip_alloc,
	    [NLAB_TUNNEL_SIT] = rtnl_link_sit_alloc,
	};
	if (t->kind < 0 || t->kind > NLAB_TUNNEL_SIT)
		return -EINVAL;
	struct rtnl_link *l = alloc[t->kind]();
	if (l == NULL)
		return -ENOMEM;
	int rc = t->kind == NLAB_TUNNEL_VXLAN    ? vxlan(l, t)
		 : t->kind == NLAB_TUNNEL_GENEVE ? geneve(l, t)
						 : ip_tunnel(l, t);
	if (rc == 0 && t->mtu > 0)
		rtnl_link_set_mtu(l, (unsigned)t->mtu);
	if (rc != 0) {
		rtnl_link_put(l);
		return rc;
	}
	*out = l;
	return 0;
}

int nlab_tunnel_add(struct nl_sock *sk, const char *name,
		    const nlab_tunnel_spec *t)
{
	if (strlen(name) >= NLAB_IFNAME)
		return -ENAMETOOLONG;
	struct rtnl_link *l;
	int rc = build(t, &l);
	if (rc != 0)
		return rc;
	rtnl_link_set_name(l, name);
	if (t->into_netns >= 0)
		rtnl_link_set_ns_fd(l, t->into_netns);
	rc = nlab_rtnl_result(rtnl_link_add(sk, l, NLM_F_CREATE | NLM_F_EXCL));
	rtnl_link_put(l);
	return rc;
}
