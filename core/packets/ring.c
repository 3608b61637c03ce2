/* ring.c - a capture's bounded ring of packets.
 *
 * The packets are separate allocations in a circular array of pointers
 * that grows (doubling) up to the packet bound, so a ring allowed a
 * million packets costs nothing until it holds them. The array's slots
 * from FIRST on hold COUNT packets, the oldest first; the newest UNREAD
 * of them have not been handed out yet. */
#include "ring.h"

#include <errno.h>
#include <stdlib.h>
#include <string.h>

struct nlab_ring {
	nlab_ringrec **slot;
	size_t cap;	     /* slots allocated */
	size_t first, count; /* the oldest packet's slot, packets held */
	size_t unread;	     /* the newest UNREAD packets are not handed out */
	size_t max_packets, max_bytes, bytes;
	uint64_t put, dropped;
};

int nlab_ring_new(size_t max_packets, size_t max_bytes, nlab_ring **r)
{
	*r = NULL;
	if (max_packets == 0 || max_bytes == 0)
		return -EINVAL;
	nlab_ring *n = calloc(1, sizeof *n);
	if (!n)
		return -ENOMEM;
	n->max_packets = max_packets;
	n->max_bytes = max_bytes;
	*r = n;
	return 0;
}

size_t nlab_ring_cost(uint32_t caplen)
{
	return sizeof(nlab_ringrec) + caplen;
}

/* The slot of the Ith packet held. */
static size_t slot_of(const nlab_ring *r, size_t i)
{
	return (r->first + i) % r->cap;
}

/* Lets the oldest packet go. */
static void drop_oldest(nlab_ring *r)
{
	nlab_ringrec *old = r->slot[r->first];
	r->bytes -= nlab_ring_cost(old->h.caplen);
	free(old);
	r->slot[r->first] = NULL;
	r->first = (r->first + 1) % r->cap;
	if (r->unread == r->count) { /* it was never handed out */
		r->unread--;
		r->dropped++;
	}
	r->count--;
}

/* Makes room for one more pointer: doubles the array, oldest at 0. */
static int grow(nlab_ring *r)
{
	size_t cap = r->cap ? r->cap * 2 : 64;
	if (cap > r->max_packets)
		cap = r->max_packets;
	nlab_ringrec **slot = malloc(cap * sizeof *slot);
	if (!slot)
		return -ENOMEM;
	for (size_t i = 0; i < r->count; i++)
		slot[i] = r->slot[slot_of(r, i)];
	free(r->slot);
	r->slot = slot;
	r->cap = cap;
	r->first = 0;
	return 0;
}

int nlab_ring_put(nlab_ring *r, const nlab_pkthdr *h, const uint8_t *data,
		  const nlab_tcprel *rel)
{
	size_t cost = nlab_ring_cost(h->caplen);
	nlab_ringrec *rec = malloc(cost);
	if (!rec)
		return -ENOMEM;
	if (r->count == r->cap && r->cap < r->max_packets && grow(r) != 0) {
		free(rec);
		return -ENOMEM;
	}
	while (r->count > 0 &&
	       (r->count == r->max_packets || r->bytes + cost > r->max_bytes))
		drop_oldest(r);
	rec->h = *h;
	rec->rel = *rel;
	if (h->caplen)
		memcpy(rec->data, data, h->caplen);
	r->slot[slot_of(r, r->count)] = rec;
	r->count++;
	r->unread++;
	r->bytes += cost;
	r->put++;
	return 0;
}

const nlab_ringrec *nlab_ring_next(nlab_ring *r)
{
	if (r->unread == 0)
		return NULL;
	return r->slot[slot_of(r, r->count - r->unread--)];
}

size_t nlab_ring_count(const nlab_ring *r)
{
	return r->count;
}

const nlab_ringrec *nlab_ring_at(const nlab_ring *r, size_t i)
{
	return r->slot[slot_of(r, i)];
}

void nlab_ring_stats_get(const nlab_ring *r, nlab_ring_stats *s)
{
	s->put = r->put;
	s->dropped = r->dropped;
	s->unread = r->unread;
	s->bytes = r->bytes;
}

void nlab_ring_free(nlab_ring *r)
{
	if (!r)
		return;
	for (size_t i = 0; i < r->count; i++)
		free(r->slot[slot_of(r, i)]);
	free(r->slot);
	free(r);
}
