/* utf8.h - UTF-8 for the line editor: terminal bytes to code points and
 * back, losing nothing. A byte that is not part of a valid UTF-8
 * sequence becomes U+DC80 + byte (a lone surrogate, which valid UTF-8
 * never holds) and goes back out as that byte, so any input, junk
 * included, reaches Lua exactly as it was typed. */
#ifndef NLAB_UTF8_H
#define NLAB_UTF8_H

#include <stddef.h>
#include <stdint.h>

#define NLAB_UTF8_ESCAPE 0xDC00u /* U+DC80..U+DCFF stand for bytes 80..FF */

/* A decoder fed one byte at a time: the bytes of a sequence not yet
 * complete. */
typedef struct nlab_utf8_dec {
	unsigned char pending[4];
	int have; /* bytes in pending */
	int need; /* length of the sequence they start */
} nlab_utf8_dec;

/* Feeds one byte; writes the code points it completes to OUT (room for
 * 4) and returns how many (0 while a sequence is incomplete). */
int nlab_utf8_step(nlab_utf8_dec *d, unsigned char byte, uint32_t out[4]);

/* Ends the input: escapes what is pending into OUT (room for 4);
 * returns how many. */
int nlab_utf8_flush(nlab_utf8_dec *d, uint32_t out[4]);

/* Whether bytes of an incomplete sequence are pending. */
int nlab_utf8_pending(const nlab_utf8_dec *d);

/* Encodes code point CP into OUT (room for 4): escapes back to their
 * byte, anything that is no character to U+FFFD. Returns the length. */
int nlab_utf8_put(uint32_t cp, char out[4]);

#endif
