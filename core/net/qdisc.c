/* qdisc.c - impairments as root qdiscs (rtnl_qdisc objects): netem with
 * a tbf under it, tbf alone, a zero-length pfifo. */
#include "qdisc.h"

#include "link.h"
#include "rtnl.h"

#include <errno.h>
#include <limits.h>
#include <linux/pkt_sched.h>
#include <netlink/netlink.h>
#include <netlink/route/link.h>
#include <netlink/route/qdisc.h>
#include <netlink/route/qdisc/fifo.h>
#include <netlink/route/qdisc/netem.h>
#include <netlink/route/qdisc/tbf.h>
#include <netlink/route/tc.h>

#define ROOT_HANDLE 0x10000u /* 1: */
#define TBF_HANDLE 0xa0000u  /* 10:, under netem */
#define NETEM_LIMIT 10000    /* packets netem may hold (tc's is 1000) */

/* Allocates a qdisc of KIND on interface INDEX under PARENT. */
static struct rtnl_qdisc *new_qdisc(int index, uint32_t parent, uint32_t handle,
				    const char *kind)
{
	struct rtnl_qdisc *q = rtnl_qdisc_alloc();
	if (q == NULL)
		return NULL;
	rtnl_tc_set_ifindex(TC_CAST(q), index);
	rtnl_tc_set_parent(TC_CAST(q), parent);
	if (handle)
		rtnl_tc_set_handle(TC_CAST(q), handle);
	if (kind && rtnl_tc_set_kind(TC_CAST(q), kind) < 0) {
		rtnl_qdisc_put(q);
		return NULL;
	}
	return q;
}

/* Sends Q to the kernel (create or replace) and puts it. */
static int submit(struct nl_sock *sk, struct rtnl_qdisc *q)
{
	if (q == NULL)
		return -ENOMEM;
	int rc = nlab_rtnl_result(
	    rtnl_qdisc_add(sk, q, NLM_F_CREATE | NLM_F_REPLACE));
	rtnl_qdisc_put(q);
	return rc;
}

/* Makes a tbf pacing at RATE_BPS under PARENT with HANDLE. */
static struct rtnl_qdisc *new_tbf(int index, uint32_t parent, uint32_t handle,
				  uint64_t rate_bps)
{
	uint64_t bytes = rate_bps / 8;
	uint64_t bucket = bytes / 100 > 3200 ? bytes / 100 : 3200;
	struct rtnl_qdisc *q = new_qdisc(index, parent, handle, "tbf");
	if (q != NULL) {
		rtnl_qdisc_tbf_set_rate(q, (int)bytes, (int)bucket, 0);
		rtnl_qdisc_tbf_set_limit(q, (int)(bucket + bytes / 10 + 10000));
	}
	return q;
}

/* Makes netem with N's delay, jitter and loss as the root qdisc. */
static struct rtnl_qdisc *new_netem(int index, const nlab_netem *n)
{
	struct rtnl_qdisc *q =
	    new_qdisc(index, TC_H_ROOT, ROOT_HANDLE, "netem");
	if (q != NULL) {
		rtnl_netem_set_limit(q, NETEM_LIMIT);
		rtnl_netem_set_delay(q, (int)n->delay_us);
		rtnl_netem_set_jitter(q, (int)n->jitter_us);
		/* the kernel's u32 scale, 2^32-1 for all; libnl takes an int */
		rtnl_netem_set_loss(q, (int)(uint32_t)(n->loss * 4294967295.0));
	}
	return q;
}

int nlab_qdisc_netem(struct nl_sock *sk, const char *ifname,
		     const nlab_netem *n)
{
	if (n->loss < 0 || n->loss > 1 || n->delay_us > INT_MAX ||
	    n->jitter_us > INT_MAX || n->rate_bps / 8 > INT_MAX ||
	    (n->rate_bps > 0 && n->rate_bps < 8))
		return -ERANGE;
	int index, rc = nlab_qdisc_clear(sk, ifname); /* no child lingers */
	if (rc == 0)
		rc = nlab_link_index(sk, ifname, &index);
	if (rc != 0)
		return rc;
	int emulate = n->delay_us || n->jitter_us || n->loss > 0;
	if (!emulate)
		return submit(
		    sk, new_tbf(index, TC_H_ROOT, ROOT_HANDLE, n->rate_bps));
	rc = submit(sk, new_netem(index, n));
	if (rc == 0 && n->rate_bps > 0)
		rc = submit(sk, new_tbf(index, ROOT_HANDLE | 1, TBF_HANDLE,
					n->rate_bps));
	return rc;
}

int nlab_qdisc_blackhole(struct nl_sock *sk, const char *ifname)
{
	int index,
	    rc = nlab_qdisc_clear(sk, ifname); /* 1: may be another kind */
	if (rc == 0)
		rc = nlab_link_index(sk, ifname, &index);
	if (rc != 0)
		return rc;
	struct rtnl_qdisc *q =
	    new_qdisc(index, TC_H_ROOT, ROOT_HANDLE, "pfifo");
	if (q != NULL)
		rtnl_qdisc_fifo_set_limit(q, 0);
	return submit(sk, q);
}

int nlab_qdisc_clear(struct nl_sock *sk, const char *ifname)
{
	int index, rc = nlab_link_index(sk, ifname, &index);
	if (rc != 0)
		return rc;
	struct rtnl_qdisc *q = new_qdisc(index, TC_H_ROOT, 0, NULL);
	if (q == NULL)
		return -ENOMEM;
	rc = nlab_rtnl_result(rtnl_qdisc_delete(sk, q));
	rtnl_qdisc_put(q);
	/* no qdisc of its own: the kernel's default is in place already */
	return rc == -ENOENT || rc == -EINVAL ? 0 : rc;
}
