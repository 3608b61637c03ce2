/* pcapfile_fuzz.c - libFuzzer target: the pcap and pcapng reader on
 * arbitrary file contents, every packet it gives noted in a conversation
 * table and printed as tcpdump would. No crash, no over-read, no hang.
 * Built and run by `make fuzz` under ASan and UBSan. */
#include "pcapfile.h"
#include "print.h"

#include <stdio.h>

/* Reads every packet of F, printing each. */
static void read_all(nlab_pcapfile *f)
{
	nlab_print_opts o = {.nsec = 1};
	nlab_printer *pr = nlab_printer_new(&o);
	nlab_flows *flows = nlab_flows_new();
	nlab_pkthdr h;
	const uint8_t *data;
	char err[NLAB_PCAPFILE_ERRLEN];
	for (int n = 0; n < 10000; n++) {
		if (nlab_pcapfile_next(f, &h, &data, err, sizeof err) != 1)
			break;
		nlab_tcprel rel;
		nlab_flows_note(flows, &h, data, &rel);
		nlab_strbuf out = NLAB_STRBUF_INIT;
		nlab_print_packet(pr, &h, data, &rel, &out);
		nlab_strbuf_free(&out);
	}
	nlab_flows_free(flows);
	nlab_printer_free(pr);
}

int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size)
{
	if (size == 0)
		return 0;
	FILE *fp = fmemopen((void *)data, size, "rb");
	if (!fp)
		return 0;
	nlab_pcapfile *f;
	char err[NLAB_PCAPFILE_ERRLEN];
	if (nlab_pcapfile_fopen(fp, "fuzz", &f, err, sizeof err) == 0) {
		read_all(f);
		nlab_pcapfile_close(f);
	}
	return 0;
}
