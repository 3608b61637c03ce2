/* bridge.c - Linux bridges through libnl-route-3's rtnl_link bridge API.
 * Bridges are made with STP off (the kernel's default), so a new port
 * forwards as soon as it is up: no 30-second listening/learning wait. */
#include "bridge.h"

#include "link.h"
#include "rtnl.h"

#include <errno.h>
#include <linux/if.h>
#include <netlink/netlink.h>
#include <netlink/route/link.h>
#include <netlink/route/link/bridge.h>
#include <string.h>

int nlab_bridge_add(struct nl_sock *sk, const char *name)
{
	if (strlen(name) >= NLAB_IFNAME)
		return -ENAMETOOLONG;
	struct rtnl_link *br = rtnl_link_bridge_alloc();
	if (br == NULL)
		return -ENOMEM;
	rtnl_link_set_name(br, name);
	rtnl_link_set_flags(br, IFF_UP);
	int rc =
	    nlab_rtnl_result(rtnl_link_add(sk, br, NLM_F_CREATE | NLM_F_EXCL));
	rtnl_link_put(br);
	return rc;
}

int nlab_bridge_enslave(struct nl_sock *sk, const char *name, const char *port)
{
	int master, rc = nlab_link_index(sk, name, &master);
	return rc != 0 ? rc : nlab_link_enslave(sk, port, master);
}
