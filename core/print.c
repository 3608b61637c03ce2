/* print.c - (being written) */
#include "print.h"

#include <stdlib.h>

struct nlab_printer { nlab_print_opts o; };
struct nlab_flows { int n; };

nlab_flows *nlab_flows_new(void) { return calloc(1, sizeof(nlab_flows)); }
void nlab_flows_free(nlab_flows *f) { free(f); }
void nlab_flows_note(nlab_flows *f, const nlab_pkthdr *h, const uint8_t *data,
		     nlab_tcprel *rel)
{
	(void)f; (void)h; (void)data;
	rel->valid = 0;
}
nlab_printer *nlab_printer_new(const nlab_print_opts *opts)
{
	nlab_printer *p = calloc(1, sizeof *p);
	if (p) p->o = *opts;
	return p;
}
void nlab_printer_free(nlab_printer *pr) { free(pr); }
int nlab_print_packet(nlab_printer *pr, const nlab_pkthdr *h,
		      const uint8_t *data, const nlab_tcprel *rel,
		      nlab_strbuf *out)
{
	(void)pr; (void)h; (void)data; (void)rel;
	nlab_strbuf_puts(out, "?");
	return 0;
}
void nlab_print_hex(nlab_view v, nlab_strbuf *out)
{
	(void)v;
	nlab_strbuf_puts(out, "");
}
