/* strbuf.c - a growable text buffer for the printers. */
#include "strbuf.h"

#include <stdarg.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

/* Makes room for N more bytes and the NUL; 0 on failure (marked). */
static int reserve(nlab_strbuf *b, size_t n)
{
	if (b->failed)
		return 0;
	if (b->len + n + 1 <= b->cap)
		return 1;
	size_t cap = b->cap ? b->cap : 256;
	while (cap < b->len + n + 1)
		cap *= 2;
	char *s = realloc(b->s, cap);
	if (!s) {
		b->failed = 1;
		return 0;
	}
	b->s = s;
	b->cap = cap;
	return 1;
}

void nlab_strbuf_add_slow(nlab_strbuf *b, const char *s, size_t n)
{
	if (!reserve(b, n))
		return;
	memcpy(b->s + b->len, s, n);
	b->len += n;
	b->s[b->len] = '\0';
}

void nlab_strbuf_puts(nlab_strbuf *b, const char *s)
{
	nlab_strbuf_add(b, s, strlen(s));
}

void nlab_strbuf_printf(nlab_strbuf *b, const char *fmt, ...)
{
	char small[256];
	va_list ap;
	va_start(ap, fmt);
	int n = vsnprintf(small, sizeof small, fmt, ap);
	va_end(ap);
	if (n < 0)
		return;
	if ((size_t)n < sizeof small) {
		nlab_strbuf_add(b, small, (size_t)n);
		return;
	}
	if (!reserve(b, (size_t)n))
		return;
	va_start(ap, fmt);
	vsnprintf(b->s + b->len, (size_t)n + 1, fmt, ap);
	va_end(ap);
	b->len += (size_t)n;
}

void nlab_strbuf_reset(nlab_strbuf *b)
{
	b->len = 0;
	b->failed = 0;
	if (b->s)
		b->s[0] = '\0';
}

void nlab_strbuf_free(nlab_strbuf *b)
{
	free(b->s);
	*b = (nlab_strbuf)NLAB_STRBUF_INIT;
}
