/* quickcap.h - a capture's first packet socket, opened at once.
 *
 * libpcap's packet socket cannot take a packet before its ring is set,
 * and setting a ring waits for an RCU grace period in the kernel
 * (packet_set_ring's synchronize_net: 8-25 ms on a 2-core machine). A
 * quick capture is a plain packet socket (no ring: packets queue as
 * skbs) that takes packets the moment it is bound, alone in a fanout
 * group steered by a one-instruction BPF program, so that a ring made
 * later (capture.c) can join the group and take over between two
 * packets: the program picks which member gets each packet, every packet
 * goes to exactly one. Its packets are handed out as libpcap would hand
 * out the ring's (the same link type, VLAN tags put back, "any"'s SLL2
 * header, lo's outgoing copies left out, the filter run in the kernel
 * as libpcap sets it, or here when the kernel cannot run it).
 *
 * Only what libpcap handles plainly is opened this way: an Ethernet or
 * loopback interface, or "any", and a filter that compiles the same
 * without a live capture (none naming vlan). The rest is -EAGAIN: the
 * caller opens libpcap alone. */
#ifndef NLAB_QUICKCAP_H
#define NLAB_QUICKCAP_H
#include "pkt.h"
#include <stdint.h>

typedef struct nlab_quickcap nlab_quickcap;

/* How to open one (as nlab_capture_opts; IFACE not NULL). GROUP: in a
 * fanout group of its own, for a ring to take over (else alone, for
 * good: an immediate-mode capture, see capture.c). */
typedef struct nlab_quickcap_opts {
	const char *iface, *filter;
	int snaplen, promisc, buffer, group;
} nlab_quickcap_opts;

/* Opens a quick capture in the calling thread's namespace into *Q, its
 * link type in *LINKTYPE; 0, -EAGAIN (libpcap must open this one), or
 * another error code. */
int nlab_quickcap_open(const nlab_quickcap_opts *o, nlab_quickcap **q,
		       int *linktype);

/* Its socket (non-blocking, close-on-exec). */
int nlab_quickcap_fd(const nlab_quickcap *q);

/* Its fanout group's id, for the socket that is to take over (0 when
 * opened without a group). */
int nlab_quickcap_group(const nlab_quickcap *q);

/* Reads the next packet without waiting: 1 with *H (but its linktype and
 * ifname) and *DATA set (valid until the next call), -EAGAIN when none
 * waits, or another error code. */
int nlab_quickcap_next(nlab_quickcap *q, nlab_pkthdr *h, const uint8_t **data);

/* The packets handed out and those the kernel dropped, so far. */
void nlab_quickcap_counts(nlab_quickcap *q, uint64_t *taken, uint64_t *dropped);

/* Closes Q: the kernel's release waits for grace periods, so callers do
 * it on a thread of their own. NULL is harmless. */
void nlab_quickcap_free(nlab_quickcap *q);

/* Makes the fanout group of the packet socket FD give every packet to
 * its member number MEMBER (in joining order, from 0); 0 or an error
 * code. Replacing a program waits for a grace period, after which no
 * packet goes to another member; the first program costs nothing. */
int nlab_fanout_steer(int fd, unsigned member);

/* Asks for receive time stamps on socket FD (a lab host's netlink
 * socket, which gets none: netlink gives no time stamps), so the kernel
 * stamps each packet as it arrives for as long as a host lives: a quick
 * capture's packets get their time then, not when they are read. The
 * kernel takes a moment to turn stamping on (a work queue), so a host's
 * captures start quick from 5 ms after the first host (one opened
 * sooner waits for the rest). 0 or an error code; nlab_quickcap_cool
 * when FD closes. */
int nlab_quickcap_warm(int fd);
void nlab_quickcap_cool(void);

/* 1 once time stamps have been on long enough for a quick capture
 * (waiting for the rest of the 5 ms when they were turned on less than
 * that ago: libpcap's open costs more); 0 if no socket asked for them. */
int nlab_quickcap_warmed(void);

#endif
