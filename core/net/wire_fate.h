/* wire_fate.h - the random fates of a wire's frames, drawn as netem draws
 * them: uniform draws with a correlation to the one before (netem's
 * get_crandom, for jitter and loss), and bursty loss by a Gilbert-Elliott
 * or 4-state Markov model (netem's loss gemodel and loss state, as
 * tc-netem(8) documents them). Seeded: the same seed and the same calls
 * give the same answers on every machine. */
#ifndef NLAB_WIRE_FATE_H
#define NLAB_WIRE_FATE_H

#include <stdint.h>

/* How a direction loses frames. */
enum {
	NLAB_LOSS_RANDOM = 0, /* p[0] of them, correlation p[1] */
	NLAB_LOSS_GEMODEL,    /* p[0..3]: p, r, 1-h, 1-k */
	NLAB_LOSS_STATE,      /* p[0..4]: p13, p31, p32, p23, p14 */
};

/* A loss model and its probabilities (each 0..1). */
typedef struct nlab_loss {
	int model;
	double p[5];
} nlab_loss;

/* One direction's draws: the generator and what the draws remember. */
typedef struct nlab_fate {
	uint64_t rng;	    /* splitmix64 state */
	double last_loss;   /* the last correlated loss draw; < 0: none yet */
	double last_jitter; /* the same for the jitter */
	int state;	    /* the loss model's state: 1-4 (1: good, gap) */
} nlab_fate;

/* Restarts F's draws from SEED, its memory and model state cleared. */
void nlab_fate_seed(nlab_fate *f, uint64_t seed);

/* Clears what F's draws remember (the model back to its first state),
 * keeping the generator where it is: for new settings. */
void nlab_fate_reset(nlab_fate *f);

/* The next 64 random bits. */
uint64_t nlab_fate_next(nlab_fate *f);

/* A draw in [0, 1). */
double nlab_fate_uniform(nlab_fate *f);

/* A draw in [0, 1) correlated RHO (0..1) with the one before it in
 * *LAST: (1 - RHO) x a fresh draw + RHO x the last (netem's crandom). */
double nlab_fate_correlated(nlab_fate *f, double *last, double rho);

/* Whether an event of probability P happens; no draw when P is 0, so a
 * setting left off never shifts the others' draws. */
int nlab_fate_happens(nlab_fate *f, double p);

/* Whether the next frame is lost under L (no draw when nothing is lost). */
int nlab_fate_lost(nlab_fate *f, const nlab_loss *l);

#endif
