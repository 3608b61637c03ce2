/* route.c - routing tables through libnl-route-3's rtnl_route objects. */
#include "route.h"

#include "rtnl.h"

#include <errno.h>
#include <linux/rtnetlink.h>
#include <netlink/addr.h>
#include <netlink/attr.h>
#include <netlink/cache.h>
#include <netlink/msg.h>
#include <netlink/netlink.h>
#include <netlink/route/link.h>
#include <netlink/route/nexthop.h>
#include <netlink/route/route.h>
#include <string.h>

/* The bytes of one address of FAMILY: 4 or 16. */
static size_t addr_len(int family) { return family == AF_INET6 ? 16 : 4; }

/* Copies A's bytes into OUT (at most 16); leaves zeros if A is NULL. */
static void copy_addr(struct nl_addr *a, unsigned char *out)
{
	memset(out, 0, 16);
	if (a == NULL)
		return;
	unsigned len = nl_addr_get_len(a);
	memcpy(out, nl_addr_get_binary_addr(a), len > 16 ? 16 : len);
}

/* Fills ROW from libnl's route R; LINKS names interfaces (may be NULL). */
static void fill_row(struct rtnl_route *r, struct nl_cache *links,
		     nlab_route *row)
{
	memset(row, 0, sizeof *row);
	row->family = rtnl_route_get_family(r);
	struct nl_addr *dst = rtnl_route_get_dst(r);
	copy_addr(dst, row->dst);
	row->prefix = dst ? (int)nl_addr_get_prefixlen(dst) : 0;
	row->metric = rtnl_route_get_priority(r);
	row->type = rtnl_route_get_type(r);
	row->scope = rtnl_route_get_scope(r);
	row->table = rtnl_route_get_table(r);
	struct rtnl_nexthop *nh = rtnl_route_get_nnexthops(r) > 0
					  ? rtnl_route_nexthop_n(r, 0)
					  : NULL;
	if (nh == NULL)
		return;
	struct nl_addr *gw = rtnl_route_nh_get_gateway(nh);
	row->has_gw = gw != NULL;
	copy_addr(gw, row->gw);
	row->ifindex = rtnl_route_nh_get_ifindex(nh);
	if (links == NULL || rtnl_link_i2name(links, row->ifindex, row->ifname,
					      sizeof row->ifname) == NULL)
		row->ifname[0] = '\0';
}

/* The state nlab_route_list's cache walk carries. */
struct walk {
	struct nl_cache *links;
	int family;
	nlab_route *rows;
	int max, n;
};

/* Adds one cached route to the walk's rows if it is a main-table one. */
static void add_row(struct nl_object *obj, void *arg)
{
	struct walk *w = arg;
	struct rtnl_route *r = (struct rtnl_route *)obj;
	if (rtnl_route_get_table(r) != RT_TABLE_MAIN)
		return;
	if (w->family != AF_UNSPEC && rtnl_route_get_family(r) != w->family)
		return;
	if (w->n < w->max)
		fill_row(r, w->links, &w->rows[w->n]);
	w->n++;
}

/* Walks the routes of one FAMILY into W. */
static int list_family(struct nl_sock *sk, int family, struct walk *w)
{
	struct nl_cache *routes;
	int rc = nlab_rtnl_result(rtnl_route_alloc_cache(sk, family, 0, &routes));
	if (rc != 0)
		return rc;
	w->family = family;
	nl_cache_foreach(routes, add_row, w);
	nl_cache_free(routes);
	return 0;
}

int nlab_route_list(struct nl_sock *sk, int family, nlab_route *rows,
		    int max, int *n)
{
	struct walk w = {.rows = rows, .max = max};
	*n = 0;
	int rc = nlab_rtnl_result(rtnl_link_alloc_cache(sk, AF_UNSPEC, &w.links));
	if (rc != 0)
		return rc;
	if (family != AF_INET6)
		rc = list_family(sk, AF_INET, &w);
	if (rc == 0 && family != AF_INET)
		rc = list_family(sk, AF_INET6, &w);
	nl_cache_free(w.links);
	*n = w.n;
	return rc;
}

/* Makes libnl's address of FAMILY from BYTES with PREFIX. */
static struct nl_addr *build_addr(int family, const unsigned char *bytes,
				  int prefix)
{
	struct nl_addr *a = nl_addr_build(family, bytes, addr_len(family));
	if (a != NULL)
		nl_addr_set_prefixlen(a, prefix);
	return a;
}

/* Adds SPEC's next hop (gateway and/or interface) to R. */
static int add_nexthop(struct nl_sock *sk, struct rtnl_route *r,
		       const nlab_route_spec *spec)
{
	int index = 0, rc = 0;
	if (spec->ifname && (rc = nlab_link_index(sk, spec->ifname, &index)))
		return rc == -ENOENT ? -ENODEV : rc;
	if (!spec->has_gw && index == 0)
		return 0;
	struct rtnl_nexthop *nh = rtnl_route_nh_alloc();
	if (nh == NULL)
		return -ENOMEM;
	if (index > 0)
		rtnl_route_nh_set_ifindex(nh, index);
	if (spec->has_gw) {
		struct nl_addr *gw = build_addr(spec->dst.family, spec->gw,
						(int)addr_len(spec->dst.family) * 8);
		if (gw == NULL) {
			rtnl_route_nh_free(nh);
			return -ENOMEM;
		}
		rtnl_route_nh_set_gateway(nh, gw);
		nl_addr_put(gw);
	}
	rtnl_route_add_nexthop(r, nh); /* R owns it now */
	return 0;
}

/* Makes the route object for SPEC (SCOPE: the scope to ask for). */
static int build_route(struct nl_sock *sk, const nlab_route_spec *spec,
		       int scope, struct rtnl_route **out)
{
	struct rtnl_route *r = rtnl_route_alloc();
	if (r == NULL)
		return -ENOMEM;
	struct nl_addr *dst = build_addr(spec->dst.family, spec->dst.addr,
					 spec->dst.prefix);
	int rc = dst ? nlab_rtnl_result(rtnl_route_set_dst(r, dst)) : -ENOMEM;
	nl_addr_put(dst);
	rtnl_route_set_table(r, RT_TABLE_MAIN);
	rtnl_route_set_type(r, RTN_UNICAST);
	rtnl_route_set_scope(r, scope);
	if (spec->metric >= 0)
		rtnl_route_set_priority(r, (uint32_t)spec->metric);
	if (rc == 0)
		rc = add_nexthop(sk, r, spec);
	if (rc != 0) {
		rtnl_route_put(r);
		return rc;
	}
	*out = r;
	return 0;
}

int nlab_route_add(struct nl_sock *sk, const nlab_route_spec *spec)
{
	struct rtnl_route *r;
	int scope = spec->has_gw ? RT_SCOPE_UNIVERSE : RT_SCOPE_LINK;
	int rc = build_route(sk, spec, scope, &r);
	if (rc != 0)
		return rc;
	rtnl_route_set_protocol(r, RTPROT_BOOT);
	rc = nlab_rtnl_result(rtnl_route_add(sk, r, NLM_F_EXCL));
	rtnl_route_put(r);
	return rc;
}

int nlab_route_del(struct nl_sock *sk, const nlab_route_spec *spec)
{
	struct rtnl_route *r;
	int rc = build_route(sk, spec, RT_SCOPE_NOWHERE, &r); /* any scope */
	if (rc != 0)
		return rc;
	rtnl_route_set_protocol(r, RTPROT_UNSPEC); /* any protocol */
	rc = nlab_rtnl_result(rtnl_route_delete(sk, r, 0));
	rtnl_route_put(r);
	return rc;
}

/* Copies attribute A (an address of FAMILY) into OUT; 1 if there. */
static int copy_attr_addr(struct nlattr *a, int family, unsigned char *out)
{
	memset(out, 0, 16);
	if (a == NULL || nla_len(a) != (int)addr_len(family))
		return 0;
	memcpy(out, nla_data(a), addr_len(family));
	return 1;
}

/* Reads what ip route get prints of reply H beyond the route row. */
static void read_extras(struct nlmsghdr *h, nlab_route_reply *out)
{
	struct rtmsg *rtm = nlmsg_data(h);
	struct nlattr *tb[RTA_MAX + 1];
	if (nlmsg_parse(h, sizeof *rtm, tb, RTA_MAX, NULL) < 0)
		memset(tb, 0, sizeof tb);
	out->flags = rtm->rtm_flags;
	out->protocol = rtm->rtm_protocol;
	out->table = tb[RTA_TABLE] ? nla_get_u32(tb[RTA_TABLE]) : rtm->rtm_table;
	out->has_src = copy_attr_addr(tb[RTA_SRC], rtm->rtm_family, out->src);
	out->src_len = rtm->rtm_src_len;
	out->has_prefsrc =
	    copy_attr_addr(tb[RTA_PREFSRC], rtm->rtm_family, out->prefsrc);
	out->has_priority = tb[RTA_PRIORITY] != NULL;
	out->priority = tb[RTA_PRIORITY] ? nla_get_u32(tb[RTA_PRIORITY]) : 0;
	out->has_uid = tb[RTA_UID] != NULL;
	out->uid = tb[RTA_UID] ? nla_get_u32(tb[RTA_UID]) : 0;
	out->has_pref = tb[RTA_PREF] != NULL;
	out->pref = tb[RTA_PREF] ? nla_get_u8(tb[RTA_PREF]) : 0;
}

/* What on_reply fills: the reply, whether one came, the interfaces. */
struct get_job {
	struct nl_cache *links;
	nlab_route_reply *out;
	int got;
};

/* Reads the kernel's RTM_NEWROUTE answer into the job. */
static int on_reply(struct nl_msg *msg, void *arg)
{
	struct get_job *j = arg;
	struct nlmsghdr *h = nlmsg_hdr(msg);
	struct rtnl_route *r = NULL;
	if (h->nlmsg_type != RTM_NEWROUTE || j->got ||
	    rtnl_route_parse(h, &r) < 0)
		return NL_SKIP;
	fill_row(r, j->links, &j->out->row);
	rtnl_route_put(r);
	read_extras(h, j->out);
	j->got = 1;
	return NL_OK;
}

/* Sends RTM_GETROUTE for DST (ip route get's request). */
static int send_get(struct nl_sock *sk, struct nl_addr *dst)
{
	struct rtmsg rtm = {.rtm_family = nl_addr_get_family(dst),
			    .rtm_dst_len = nl_addr_get_prefixlen(dst)};
	struct nl_msg *msg = nlmsg_alloc_simple(RTM_GETROUTE, 0);
	if (msg == NULL)
		return -ENOMEM;
	int rc = nlmsg_append(msg, &rtm, sizeof rtm, NLMSG_ALIGNTO);
	if (rc == 0)
		rc = nla_put_addr(msg, RTA_DST, dst);
	if (rc == 0)
		rc = nl_send_auto(sk, msg);
	nlmsg_free(msg);
	return rc < 0 ? nlab_rtnl_result(rc) : 0;
}

/* Receives the answer to send_get into J. */
static int receive_get(struct nl_sock *sk, struct get_job *j)
{
	struct nl_cb *base = nl_socket_get_cb(sk); /* a reference */
	struct nl_cb *cb = nl_cb_clone(base);
	nl_cb_put(base);
	if (cb == NULL)
		return -ENOMEM;
	nl_cb_set(cb, NL_CB_VALID, NL_CB_CUSTOM, on_reply, j);
	int rc = nlab_rtnl_result(nl_recvmsgs(sk, cb));
	nl_cb_put(cb);
	if (rc == 0 && !j->got)
		rc = -ENETUNREACH;
	if (rc == 0) /* the kernel's ack follows its answer: read it too */
		rc = nlab_rtnl_result(nl_wait_for_ack(sk));
	return rc;
}

int nlab_route_get(struct nl_sock *sk, int family, const unsigned char *addr,
		   nlab_route_reply *out)
{
	memset(out, 0, sizeof *out);
	struct nl_cache *links;
	int rc = nlab_rtnl_result(rtnl_link_alloc_cache(sk, AF_UNSPEC, &links));
	if (rc != 0)
		return rc;
	struct nl_addr *dst = build_addr(family, addr, (int)addr_len(family) * 8);
	struct get_job j = {.links = links, .out = out};
	rc = dst ? send_get(sk, dst) : -ENOMEM;
	if (rc == 0)
		rc = receive_get(sk, &j);
	nl_addr_put(dst);
	nl_cache_free(links);
	return rc;
}
