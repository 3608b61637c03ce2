/* wire_fate.c - a wire's random fates (see wire_fate.h). */
#include "wire_fate.h"

void nlab_fate_reset(nlab_fate *f)
{
	f->last_loss = f->last_jitter = -1;
	f->state = 1;
}

void nlab_fate_seed(nlab_fate *f, uint64_t seed)
{
	f->rng = seed;
	nlab_fate_reset(f);
}

/* splitmix64: small, fast, and the same everywhere. */
uint64_t nlab_fate_next(nlab_fate *f)
{
	uint64_t z = (f->rng += 0x9e3779b97f4a7c15ULL);
	z = (z ^ (z >> 30)) * 0xbf58476d1ce4e5b9ULL;
	z = (z ^ (z >> 27)) * 0x94d049bb133111ebULL;
	return z ^ (z >> 31);
}

double nlab_fate_uniform(nlab_fate *f)
{
	return (double)(nlab_fate_next(f) >> 11) / 9007199254740992.0;
}

double nlab_fate_correlated(nlab_fate *f, double *last, double rho)
{
	double u = nlab_fate_uniform(f);
	if (rho > 0 && *last >= 0)
		u = (1 - rho) * u + rho * *last;
	*last = u;
	return u;
}

int nlab_fate_happens(nlab_fate *f, double p)
{
	return p > 0 && nlab_fate_uniform(f) < p;
}

/* Gilbert-Elliott: in the good state (1) a frame is lost with 1-k, in the
 * bad (2) with 1-h; each frame first moves good -> bad with p, bad ->
 * good with r, and meets the loss of the state it came in (netem's
 * order). */
static int gilbert_elliott(nlab_fate *f, const double *p)
{
	int good = f->state == 1;
	double move = nlab_fate_uniform(f), lose = nlab_fate_uniform(f);
	if (good ? move < p[0] : move < p[1])
		f->state = good ? 2 : 1;
	return lose < (good ? p[3] : p[2]);
}

/* The 4-state model (netem's loss_4state): 1 frames sent in a gap, 2 sent
 * in a burst, 3 lost in a burst, 4 lost alone in a gap; one draw a frame
 * picks the next state, and the frame is lost when that is 3 or 4. */
static int four_state(nlab_fate *f, const double *p)
{
	double p13 = p[0], p31 = p[1], p32 = p[2], p23 = p[3], p14 = p[4];
	double r = nlab_fate_uniform(f);
	switch (f->state) {
	case 1:
		f->state = r < p14 ? 4 : r < p14 + p13 ? 3 : 1;
		break;
	case 2:
		f->state = r < p23 ? 3 : 2;
		break;
	case 3:
		f->state = r < p32 ? 2 : r < p32 + p31 ? 1 : 3;
		return f->state == 3;
	default: /* 4: one frame lost alone, then the gap again */
		f->state = 1;
		return 0;
	}
	return f->state >= 3;
}

int nlab_fate_lost(nlab_fate *f, const nlab_loss *l)
{
	switch (l->model) {
	case NLAB_LOSS_GEMODEL:
		return gilbert_elliott(f, l->p);
	case NLAB_LOSS_STATE:
		return four_state(f, l->p);
	default:
		return l->p[0] > 0 && nlab_fate_correlated(f, &f->last_loss,
							   l->p[1]) < l->p[0];
	}
}
