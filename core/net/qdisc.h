/* qdisc.h - link impairment on one interface's outgoing packets, through
 * libnl-route-3's rtnl_qdisc objects: netem (delay, jitter, loss) with a
 * tbf under it for a rate limit (tbf alone when only a rate is asked),
 * a queue that holds nothing (a cut cable), and back to the default. */
#ifndef NLAB_QDISC_H
#define NLAB_QDISC_H

#include <stdint.h>

struct nl_sock;

/* What to impose on an interface's outgoing packets; zero: none. */
typedef struct nlab_netem {
	uint32_t delay_us, jitter_us;
	double loss;        /* 0..1: the share of packets dropped */
	uint64_t rate_bps;  /* bits per second; 0 for no limit */
} nlab_netem;

/* Replaces IFNAME's root qdisc: netem N (tc qdisc replace dev IFNAME root
 * handle 1: netem delay .. loss ..; a rate puts tbf under it), or tbf
 * alone when N asks for a rate only. -ENOENT when the kernel has no
 * such qdisc (netem is CONFIG_NET_SCH_NETEM). */
int nlab_qdisc_netem(struct nl_sock *sk, const char *ifname,
		     const nlab_netem *n);

/* Replaces IFNAME's root qdisc with a queue of length 0 (tc qdisc replace
 * dev IFNAME root pfifo limit 0): every outgoing packet is dropped, while
 * the interface stays up with its addresses and routes. */
int nlab_qdisc_blackhole(struct nl_sock *sk, const char *ifname);

/* Deletes IFNAME's root qdisc, back to the default (tc qdisc del dev
 * IFNAME root); harmless when it has none of its own. */
int nlab_qdisc_clear(struct nl_sock *sk, const char *ifname);

#endif
