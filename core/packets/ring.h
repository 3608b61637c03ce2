/* ring.h - a capture's bounded ring of packets.
 *
 * A ring keeps the newest packets put into it, at most MAX_PACKETS of
 * them and MAX_BYTES of memory (each packet costs its bytes plus a
 * record's header, nlab_ring_cost); when a new packet does not fit, the
 * oldest go first. The newest packet is always kept, however large.
 * Packets are handed out once each, oldest first (nlab_ring_next); a
 * packet let go before it was handed out is counted as dropped. */
#ifndef NLAB_RING_H
#define NLAB_RING_H

#include "pkt.h"
#include "print.h"

#include <stddef.h>
#include <stdint.h>

/* One packet kept: its header, its TCP bases (nlab_flows_note, noted
 * when it was put) and its bytes. */
typedef struct nlab_ringrec {
	nlab_pkthdr h;
	nlab_tcprel rel;
	uint8_t data[];
} nlab_ringrec;

typedef struct nlab_ring nlab_ring;

/* The defaults of host:capture's ring and ring_bytes options. */
#define NLAB_RING_PACKETS 100000
#define NLAB_RING_BYTES (16 * 1024 * 1024)

/* Makes an empty ring into *R; returns 0 or -ENOMEM (-EINVAL for a zero
 * bound). */
int nlab_ring_new(size_t max_packets, size_t max_bytes, nlab_ring **r);

/* The memory one packet of CAPLEN bytes counts for. */
size_t nlab_ring_cost(uint32_t caplen);

/* Keeps a copy of the packet (H, DATA, REL), letting the oldest go as
 * needed; returns 0 or -ENOMEM (the ring is unchanged). */
int nlab_ring_put(nlab_ring *r, const nlab_pkthdr *h, const uint8_t *data,
		  const nlab_tcprel *rel);

/* The oldest packet not yet handed out (marked handed out), or NULL. */
const nlab_ringrec *nlab_ring_next(nlab_ring *r);

/* How many packets the ring holds, handed out or not. */
size_t nlab_ring_count(const nlab_ring *r);

/* The Ith packet held (0 the oldest); I < nlab_ring_count. */
const nlab_ringrec *nlab_ring_at(const nlab_ring *r, size_t i);

/* What the ring holds and has let go. */
typedef struct nlab_ring_stats {
	uint64_t put;	  /* packets put in all */
	uint64_t dropped; /* let go before they were handed out */
	uint64_t unread;  /* held, not handed out yet */
	uint64_t bytes;	  /* the memory held (nlab_ring_cost each) */
} nlab_ring_stats;

void nlab_ring_stats_get(const nlab_ring *r, nlab_ring_stats *s);

/* Frees the ring and its packets; NULL is harmless. */
void nlab_ring_free(nlab_ring *r);

#endif
