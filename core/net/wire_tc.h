/* wire_tc.h - a wire's kernel path: while a wire has nothing set, each of
 * its two ends redirects what it receives to the other end in the kernel
 * (an ingress u32 filter matching every frame, with a mirred egress
 * redirect), and the wire's threads take no frame. */
#ifndef NLAB_WIRE_TC_H
#define NLAB_WIRE_TC_H

#include <stdint.h>

/* Frames and bytes the kernel path carried one way, and the frames it
 * dropped (its far end gone). */
typedef struct nlab_tc_counts {
	uint64_t packets, bytes, dropped;
} nlab_tc_counts;

/* In namespace NETNS: makes interface FROM redirect every frame it
 * receives to interface TO (an ingress qdisc, if none is there yet, and
 * the filter); 0 or an error code (-EOPNOTSUPP, -ENOENT: the kernel
 * lacks cls_u32 or act_mirred; -EPERM: tc is refused). */
int nlab_tc_redirect(int netns, int from, int to);

/* Removes FROM's redirect and its ingress qdisc; adds what it carried,
 * read as it goes, to *GONE (if not NULL); 0 or an error code. */
int nlab_tc_unredirect(int netns, int from, nlab_tc_counts *gone);

/* What FROM's redirect has carried so far (zeros without one); 0 or an
 * error code. */
int nlab_tc_counts_of(int netns, int from, nlab_tc_counts *out);

#endif
