/* intr.h - the Ctrl-C flag shared by the signal handler and blocking waits. */
#ifndef NLAB_INTR_H
#define NLAB_INTR_H

/* Marks an interrupt as pending; async-signal-safe. */
void nlab_intr_set(void);

/* Returns 1 and clears the flag if an interrupt is pending, else 0. */
int nlab_intr_take(void);

#endif
