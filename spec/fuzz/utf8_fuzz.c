/* utf8_fuzz.c - libFuzzer target: the line editor's UTF-8 decoder on
 * arbitrary bytes. Every byte string decodes to code points that are
 * characters or byte escapes, and encodes back to exactly the same
 * bytes (junk typed at the prompt reaches Lua unchanged). */
#include "utf8.h"

#include <stdlib.h>
#include <string.h>

/* Checks that CP is a character or an escape, then encodes it at OUT. */
static size_t put_checked(uint32_t cp, char *out)
{
	int escape =
	    cp >= NLAB_UTF8_ESCAPE + 0x80 && cp <= NLAB_UTF8_ESCAPE + 0xFF;

	if (cp > 0x10FFFF || (cp >= 0xD800 && cp <= 0xDFFF && !escape))
		abort();
	return (size_t)nlab_utf8_put(cp, out);
}

int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size)
{
	char *back = malloc(size * 4 + 16);
	nlab_utf8_dec d = {{0}, 0, 0};
	uint32_t cps[4];
	size_t len = 0;

	if (back == NULL)
		return 0;
	for (size_t i = 0; i < size; i++) {
		int n = nlab_utf8_step(&d, data[i], cps);
		for (int k = 0; k < n; k++)
			len += put_checked(cps[k], back + len);
	}
	int n = nlab_utf8_flush(&d, cps);
	for (int k = 0; k < n; k++)
		len += put_checked(cps[k], back + len);
	if (nlab_utf8_pending(&d) || len != size ||
	    memcmp(back, data, size) != 0)
		abort();
	free(back);
	return 0;
}
