/* wire_tc.c - a wire's kernel path (see wire_tc.h): the ingress qdisc,
 * the u32 filter with its mirred redirect, and the action's counters,
 * made and read through libnl-route like qdisc.c's qdiscs. */
#include "wire_tc.h"

#include "rtnl.h"

#include <arpa/inet.h>
#include <errno.h>
#include <linux/gen_stats.h>
#include <linux/if_ether.h>
#include <linux/pkt_cls.h>
#include <linux/pkt_sched.h>
#include <linux/rtnetlink.h>
#include <linux/tc_act/tc_mirred.h>
#include <netlink/msg.h>
#include <netlink/netlink.h>
#include <netlink/route/act/mirred.h>
#include <netlink/route/action.h>
#include <netlink/route/classifier.h>
#include <netlink/route/cls/u32.h>
#include <netlink/route/qdisc.h>
#include <netlink/route/tc.h>
#include <string.h>

#define INGRESS_HANDLE 0xffff0000u /* ffff: */
#define PRIO 1
#define HANDLE 0x80000800u /* 800::800: the first node of table 800 */

/* FROM's ingress qdisc, for adding or deleting; NULL without memory. */
static struct rtnl_qdisc *ingress(int from)
{
	struct rtnl_qdisc *q = rtnl_qdisc_alloc();
	if (q == NULL)
		return NULL;
	rtnl_tc_set_ifindex(TC_CAST(q), from);
	rtnl_tc_set_parent(TC_CAST(q), TC_H_INGRESS);
	rtnl_tc_set_handle(TC_CAST(q), INGRESS_HANDLE);
	if (rtnl_tc_set_kind(TC_CAST(q), "ingress") < 0) {
		rtnl_qdisc_put(q);
		return NULL;
	}
	return q;
}

/* Adds the filter redirecting all FROM receives to TO. */
static int add_filter(struct nl_sock *sk, int from, int to)
{
	struct rtnl_cls *c = rtnl_cls_alloc();
	struct rtnl_act *a = rtnl_act_alloc();
	int rc = -ENOMEM;
	if (c == NULL || a == NULL)
		goto out;
	rtnl_tc_set_ifindex(TC_CAST(c), from);
	rtnl_tc_set_parent(TC_CAST(c), INGRESS_HANDLE);
	rtnl_tc_set_handle(TC_CAST(c), HANDLE);
	rtnl_cls_set_prio(c, PRIO);
	rtnl_cls_set_protocol(c, ETH_P_ALL);
	if (rtnl_tc_set_kind(TC_CAST(c), "u32") < 0 ||
	    rtnl_tc_set_kind(TC_CAST(a), "mirred") < 0)
		goto out;
	rtnl_u32_add_key_uint32(c, 0, 0, 0, 0); /* every frame */
	rtnl_u32_set_cls_terminal(c);
	rtnl_mirred_set_action(a, TCA_EGRESS_REDIR);
	rtnl_mirred_set_policy(a, TC_ACT_STOLEN);
	rtnl_mirred_set_ifindex(a, (uint32_t)to);
	if (rtnl_u32_add_action(c, a) < 0)
		goto out;
	rc = nlab_rtnl_result(rtnl_cls_add(sk, c, NLM_F_CREATE | NLM_F_EXCL));
out:
	if (a)
		rtnl_act_put(a);
	if (c)
		rtnl_cls_put(c);
	return rc;
}

int nlab_tc_redirect(int netns, int from, int to)
{
	struct nl_sock *sk;
	int rc = nlab_rtnl_open(netns, &sk);
	if (rc != 0)
		return rc;
	struct rtnl_qdisc *q = ingress(from);
	rc =
	    q ? nlab_rtnl_result(rtnl_qdisc_add(sk, q, NLM_F_CREATE)) : -ENOMEM;
	if (rc == -EEXIST)
		rc = 0;
	if (rc == 0)
		rc = add_filter(sk, from, to);
	if (rc != 0 && q) /* nothing half made stays */
		rtnl_qdisc_delete(sk, q);
	if (q)
		rtnl_qdisc_put(q);
	nlab_rtnl_close(sk);
	return rc;
}

/* Adds the mirred counters of a filter message to *ARG. */
static int add_counts(struct nl_msg *msg, void *arg)
{
	nlab_tc_counts *acc = arg;
	struct nlattr *tb[TCA_MAX + 1], *u[TCA_U32_MAX + 1];
	struct nlattr *acts[TCA_ACT_MAX_PRIO + 1];
	if (nlmsg_parse(nlmsg_hdr(msg), sizeof(struct tcmsg), tb, TCA_MAX,
			NULL) < 0 ||
	    tb[TCA_OPTIONS] == NULL ||
	    nla_parse_nested(u, TCA_U32_MAX, tb[TCA_OPTIONS], NULL) < 0 ||
	    u[TCA_U32_ACT] == NULL ||
	    nla_parse_nested(acts, TCA_ACT_MAX_PRIO, u[TCA_U32_ACT], NULL) < 0)
		return NL_OK;
	for (int i = 1; i <= TCA_ACT_MAX_PRIO; i++) {
		struct nlattr *a[TCA_ACT_MAX + 1], *s[TCA_STATS_MAX + 1];
		if (acts[i] == NULL ||
		    nla_parse_nested(a, TCA_ACT_MAX, acts[i], NULL) < 0 ||
		    a[TCA_ACT_STATS] == NULL ||
		    nla_parse_nested(s, TCA_STATS_MAX, a[TCA_ACT_STATS], NULL) <
			0 ||
		    s[TCA_STATS_BASIC] == NULL)
			continue;
		struct gnet_stats_basic b;
		memset(&b, 0, sizeof b);
		int n = nla_len(s[TCA_STATS_BASIC]);
		memcpy(&b, nla_data(s[TCA_STATS_BASIC]),
		       (size_t)n < sizeof b ? (size_t)n : sizeof b);
		acc->packets += b.packets;
		acc->bytes += b.bytes;
		if (s[TCA_STATS_QUEUE] != NULL &&
		    nla_len(s[TCA_STATS_QUEUE]) >=
			(int)sizeof(struct gnet_stats_queue)) {
			struct gnet_stats_queue q;
			memcpy(&q, nla_data(s[TCA_STATS_QUEUE]), sizeof q);
			acc->dropped += q.drops; /* its far end was gone */
		}
	}
	return NL_OK;
}

/* Sends a filter request of TYPE with FLAGS for FROM's filter and adds
 * the counters in the answers to *ACC. */
static int ask(struct nl_sock *sk, int type, int flags, int from,
	       nlab_tc_counts *acc)
{
	struct tcmsg t;
	memset(&t, 0, sizeof t);
	t.tcm_family = AF_UNSPEC;
	t.tcm_ifindex = from;
	t.tcm_parent = INGRESS_HANDLE;
	if (type == RTM_DELTFILTER) {
		t.tcm_handle = HANDLE;
		t.tcm_info = TC_H_MAKE((uint32_t)PRIO << 16, htons(ETH_P_ALL));
	}
	struct nl_msg *m = nlmsg_alloc_simple(type, flags);
	if (m == NULL)
		return -ENOMEM;
	int rc = nlmsg_append(m, &t, sizeof t, NLMSG_ALIGNTO);
	if (rc >= 0)
		rc = nl_socket_modify_cb(sk, NL_CB_VALID, NL_CB_CUSTOM,
					 add_counts, acc);
	if (rc >= 0)
		rc = nl_send_auto(sk, m);
	nlmsg_free(m);
	if (rc >= 0)
		rc = (flags & NLM_F_DUMP) ? nl_recvmsgs_default(sk)
					  : nl_wait_for_ack(sk);
	return rc < 0 ? nlab_rtnl_result(rc) : 0;
}

int nlab_tc_unredirect(int netns, int from, nlab_tc_counts *gone)
{
	struct nl_sock *sk;
	int rc = nlab_rtnl_open(netns, &sk);
	if (rc != 0)
		return rc;
	nlab_tc_counts acc = {0, 0, 0};
	/* the kernel echoes the filter, its counters read as it goes */
	rc = ask(sk, RTM_DELTFILTER, NLM_F_ECHO | NLM_F_REQUEST, from, &acc);
	struct rtnl_qdisc *q = ingress(from);
	int qrc = q ? nlab_rtnl_result(rtnl_qdisc_delete(sk, q)) : -ENOMEM;
	if (q)
		rtnl_qdisc_put(q);
	nlab_rtnl_close(sk);
	if (gone) {
		gone->packets += acc.packets;
		gone->bytes += acc.bytes;
		gone->dropped += acc.dropped;
	}
	return rc != 0 ? rc : qrc;
}

int nlab_tc_counts_of(int netns, int from, nlab_tc_counts *out)
{
	out->packets = out->bytes = out->dropped = 0;
	struct nl_sock *sk;
	int rc = nlab_rtnl_open(netns, &sk);
	if (rc != 0)
		return rc;
	rc = ask(sk, RTM_GETTFILTER, NLM_F_DUMP | NLM_F_REQUEST, from, out);
	nlab_rtnl_close(sk);
	return rc;
}
