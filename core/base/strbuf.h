/* strbuf.h - a growable text buffer for the printers. */
#ifndef NLAB_STRBUF_H
#define NLAB_STRBUF_H

#include <stddef.h>

typedef struct nlab_strbuf {
	char *s;     /* NUL-terminated text (NULL until something is added) */
	size_t len;  /* bytes of text */
	size_t cap;  /* bytes allocated */
	int failed;  /* an allocation failed: the text is incomplete */
} nlab_strbuf;

#define NLAB_STRBUF_INIT {NULL, 0, 0, 0}

/* Appends N bytes of S when the buffer must grow (nlab_strbuf_add). */
void nlab_strbuf_add_slow(nlab_strbuf *b, const char *s, size_t n);

/* Appends N bytes of S (inline: printers call it for every field). */
static inline void nlab_strbuf_add(nlab_strbuf *b, const char *s, size_t n)
{
	if (b->len + n < b->cap && !b->failed) {
		char *d = b->s + b->len;
		for (size_t i = 0; i < n; i++)
			d[i] = s[i];
		b->len += n;
		b->s[b->len] = '\0';
		return;
	}
	nlab_strbuf_add_slow(b, s, n);
}

/* Appends a NUL-terminated string. */
void nlab_strbuf_puts(nlab_strbuf *b, const char *s);

/* Appends printf-style text. */
void nlab_strbuf_printf(nlab_strbuf *b, const char *fmt, ...)
	__attribute__((format(printf, 2, 3)));

/* Forgets the text but keeps the memory. */
void nlab_strbuf_reset(nlab_strbuf *b);

/* Frees the memory. */
void nlab_strbuf_free(nlab_strbuf *b);

#endif
