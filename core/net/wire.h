/* wire.h - a lab link whose frames netlab carries itself: each end of the
 * link is paired with a veth end in a namespace of netlab's own, and the
 * frames one peer receives are sent out of the other after that
 * direction's impairment (nlab_wire_params). The two packet sockets
 * are bound to those two interfaces only, so a frame never goes anywhere
 * but between the link's own ends. Each direction is forwarded by a
 * thread of its own (the far host's stack runs inside its sends, so the
 * two directions' stacks run on two CPUs); the calls below may come from
 * any one other thread and never block for longer than a batch takes. */
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
 * IF_B, direction 1 the other way, each on its own thread from now on.
 * Nothing impaired (the limit at its most), seed 0. */
int nlab_wire_open(int netns, const char *if_a, const char *if_b,
		   nlab_wire **out);

typedef struct nlab_udp nlab_udp;

/* Opens a wire between interface IF_A of NETNS (end 0) and UDP socket
 * UDP (end 1, wire_udp.h: each frame a datagram), which the wire owns
 * from now on (closed on failure too); as nlab_wire_open otherwise, but
 * its threads wait for nlab_wire_start (the socket connected). */
int nlab_wire_open_udp(int netns, const char *if_a, nlab_udp *udp,
		       nlab_wire **out);

/* Starts W's threads if they are not running yet; 0 or an error code. */
int nlab_wire_start(nlab_wire *w);

/* The UDP end of W, or NULL. */
nlab_udp *nlab_wire_udp(const nlab_wire *w);

/* Stops both threads, closes the sockets and frees the frames still
 * waiting; NULL is fine. */
void nlab_wire_close(nlab_wire *w);

/* An fd that turns readable when there is news for nlab_wire_news: a new
 * kind of refusal in a direction's counts, or a thread that stopped. */
int nlab_wire_fd(const nlab_wire *w);

/* Takes the news: clears the fd's readiness. */
void nlab_wire_news(nlab_wire *w);

/* Sets direction DIR's impairment from now on (frames waiting keep
 * their time); the loss model starts again in its first state. */
void nlab_wire_set(nlab_wire *w, int dir, const nlab_wire_params *p);

/* Restarts both directions' random draws from SEED: the same seed and
 * the same frames give the same drops. */
void nlab_wire_seed(nlab_wire *w, uint64_t seed);

/* As nlab_wire_seed (if SEED is not NULL) then nlab_wire_set on each
 * direction whose P[dir] is not NULL, with no frame taken meanwhile. */
void nlab_wire_configure(nlab_wire *w, const uint64_t *seed,
			 const nlab_wire_params *p[2]);

/* ON nonzero: both threads stop taking frames (they wait in the rings,
 * which the kernel fills and then refuses more: counted dropped once
 * carried on); 0: they carry on. */
void nlab_wire_hold(nlab_wire *w, int on);

/* 0 while both threads run, else the error code that stopped one. */
int nlab_wire_failed(nlab_wire *w);

/* Direction DIR's counters. */
void nlab_wire_stats(nlab_wire *w, int dir, nlab_wire_counts *out);

/* Nonzero while W's frames go the kernel path (wire_tc.h: nothing set,
 * not held; a wire's frames are counted in its stats either way); sets
 * *REFUSED to the error the kernel refused that path with (0: none; the
 * threads then carry every frame). */
int nlab_wire_path(const nlab_wire *w, int *refused);

#endif
