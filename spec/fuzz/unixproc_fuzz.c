/* unixproc_fuzz.c - libFuzzer target: /proc/net/unix's text merged into
 * a table of unix sockets (unixdiag.c's nlab_unix_merge). The first
 * bytes give the table's inodes, the rest is the text. The merge never
 * reads past a line, never makes a name longer than sun_path, keeps
 * each dumped socket at most once, and marks only inode-less rows
 * pending. */
#include "unixdiag.h"

#include <stdio.h>
#include <stdlib.h>
#include <string.h>

int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size)
{
	nlab_unix_table t = {0};
	size_t k = size < 4 ? size : 4; /* up to 4 dumped sockets */
	t.rows = calloc(4, sizeof *t.rows);
	if (t.rows == NULL)
		return 0;
	t.cap = 4;
	for (size_t i = 0; i < k; i++)
		t.rows[t.n++].inode = 1 + data[i] % 8;
	size_t dumped = t.n;
	FILE *f = fmemopen((void *)(data + k), size - k, "r");
	if (f == NULL || size == k) {
		if (f)
			fclose(f);
		nlab_unix_free(&t);
		return 0;
	}
	if (nlab_unix_merge(&t, f) == 0) {
		size_t real = 0;
		for (size_t i = 0; i < t.n; i++) {
			if (t.rows[i].name_len > NLAB_UNIX_PATH)
				abort();
			if (t.rows[i].pending && t.rows[i].inode != 0)
				abort();
			if (!t.rows[i].pending)
				real++;
		}
		if (real > dumped)
			abort();
	}
	fclose(f);
	nlab_unix_free(&t);
	return 0;
}
