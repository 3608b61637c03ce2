/* intr.c - the Ctrl-C flag: set by a signal handler, taken by a wait. */
#include "intr.h"

#include <signal.h>

static volatile sig_atomic_t pending;

void nlab_intr_set(void) { pending = 1; }

int nlab_intr_take(void)
{
	if (!pending)
		return 0;
	pending = 0;
	return 1;
}
