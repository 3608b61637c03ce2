/* wire.h - a lab link whose frames netlab carries itself: each end of the
 * link is paired with a veth end in a namespace of netlab's own, and the
 * frames one peer receives are sent out of the other after that
 * direction's impairment (nlab_wire_params). The two packet sockets
 * are bound to those two interfaces only, so a frame never goes anywhere
 * but between the link's own ends. Nothing here blocks: nlab_wire_pump
 * moves what has arrived and what is due, and says when to call again. */
#ifndef NLAB_WIRE_H
#define NLAB_WIRE_H

#include "wire_fate.h"

#include <stdint.h>

typedef struct nlab_wire nlab_wire;

/* What one direction does to its frames, in netem's order: a cut, loss,
 * duplication, corruption, then a rate, delay, jitter and reordering. */
typedef struct nlab_wire_params {
	uint32_t delay_us;  /* each frame leaves this long after it came */
	uint32_t jitter_us; /* ...give or take up to this, at random */
	double jitter_corr; /* each jitter draw's correlation with the last */
	nlab_loss loss;	    /* which frames are dropped (wire_fate.h) */
	double duplicate;   /* the share sent twice */
	double corrupt;	    /* the share with one random bit flipped */
	double reorder;	    /* the share sent at once, ahead of those delayed */
	uint64_t rate;	    /* bits per second the direction carries; 0: any */
	uint32_t limit;	    /* frames waiting at most (1..NLAB_WIRE_LIMIT) */
	int cut;	    /* nonzero: every frame is dropped */
} nlab_wire_params;

/* What one direction has done since the wire was opened. */
typedef struct nlab_wire_counts {
	uint64_t forwarded;  /* frames sent out of the far end */
	uint64_t dropped;    /* lost, cut, over the queue limit, or refused */
	uint64_t duplicated; /* extra copies made */
	uint64_t corrupted;  /* frames sent with a bit flipped */
	uint64_t reordered;  /* frames sent ahead of frames that came first */
	uint64_t queued;     /* frames waiting for their time now */
	uint64_t errors;     /* of those dropped, refused by the far end's
				socket for a reason no cable has */
	int error;	     /* the last such refusal's errno, or the error
				the near end's socket reported; 0: none */
	int error_receiving; /* nonzero: ERROR came from the near end */
} nlab_wire_counts;

/* The most frames a direction holds waiting (netem's default limit). */
#define NLAB_WIRE_LIMIT 1000

/* Opens a wire between interfaces IF_A and IF_B of namespace NETNS: end 0
 * (IF_A) and end 1 (IF_B); direction 0 carries what IF_A receives to
 * IF_B, direction 1 the other way. Nothing impaired (the limit at its
 * most), seed 0. */
int nlab_wire_open(int netns, const char *if_a, const char *if_b,
		   nlab_wire **out);

typedef struct nlab_udp nlab_udp;

/* Opens a wire between interface IF_A of NETNS (end 0) and UDP socket
 * UDP (end 1, wire_udp.h: each frame a datagram), which the wire owns
 * from now on (closed on failure too); as nlab_wire_open otherwise. */
int nlab_wire_open_udp(int netns, const char *if_a, nlab_udp *udp,
		       nlab_wire **out);

/* The UDP end of W, or NULL. */
nlab_udp *nlab_wire_udp(const nlab_wire *w);

/* Closes both sockets and frees the frames still waiting; NULL is fine. */
void nlab_wire_close(nlab_wire *w);

/* The packet socket of END (0 or 1), to wait on for reading. */
int nlab_wire_fd(const nlab_wire *w, int end);

/* Sets direction DIR's impairment from now on (frames waiting keep
 * their time); the loss model starts again in its first state. */
void nlab_wire_set(nlab_wire *w, int dir, const nlab_wire_params *p);

/* Restarts both directions' random draws from SEED: the same seed and
 * the same frames give the same drops. */
void nlab_wire_seed(nlab_wire *w, uint64_t seed);

/* Moves frames at time NOW (seconds, nlab_now()): reads what each end
 * has received (at most a bounded burst), drops or queues each, and sends
 * those due. Sets *NEXT to the seconds until the next frame is due, 0 if
 * frames are still unread, -1 if nothing waits. 0 or an error code. */
int nlab_wire_pump(nlab_wire *w, double now, double *next);

/* Direction DIR's counters. */
void nlab_wire_stats(const nlab_wire *w, int dir, nlab_wire_counts *out);

#endif
