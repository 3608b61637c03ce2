/* print_fuzz.c - libFuzzer target: the decoder, the printer and its
 * conversation table on arbitrary bytes under every link type and
 * option set; each layer the decoder finds is read to its end.
 * The first two bytes choose the link type, the options and whether the
 * time stamp is a damaged record's; the rest is the packet, printed twice
 * by one printer (the second time against the first's time stamp, as
 * -ttt and -ttttt use it), then by a printer with the options -X and -x
 * would hide (-A or -AA) and -v. Built and run by `make fuzz` under ASan and UBSan. */
#include "decode.h"
#include "print.h"

#include <pcap/dlt.h>
#include <stddef.h>
#include <stdint.h>

static const int linktypes[] = {DLT_EN10MB, DLT_RAW, DLT_LINUX_SLL,
				 DLT_LINUX_SLL2, DLT_IPV4, DLT_IPV6,
				 DLT_NULL, DLT_LOOP, DLT_FRELAY};

/* The options encoded in bits of SEL. */
static nlab_print_opts options(uint8_t sel)
{
	nlab_print_opts o = {0};
	o.ts = sel & 3;
	o.e = sel >> 2 & 1;
	o.S = sel >> 3 & 1;
	o.q = sel >> 4 & 1;
	o.X = sel >> 5 & 1;
	o.nsec = sel >> 6 & 1;
	return o;
}

/* Reads every byte the decoder says belongs to a layer of H's packet:
 * an offset past the capture would show as an ASan report. */
static unsigned touch_layers(const nlab_pkthdr *h, const uint8_t *data)
{
	nlab_decoded d;
	nlab_decode(h, data, &d);
	nlab_view v = {data, h->caplen};
	unsigned sum = 0;
	for (int i = 0; i < d.nlayers; i++)
		sum += nlab_get8(v, d.off[d.order[i]]);
	for (uint32_t i = 0; i < d.payload_len; i++)
		sum += data[d.payload_off + i]; /* raw: must be in bounds */
	return sum;
}

int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size)
{
	static nlab_flows *flows;
	if (size < 2)
		return 0;
	if (!flows)
		flows = nlab_flows_new(); /* kept across inputs, as a capture's */
	nlab_print_opts o = options(data[1]);
	if (data[0] & 0x40)
		o.X *= 2; /* -XX */
	o.x = data[0] >> 5 & 3; /* -x, -xx (3 as 2) */
	o.ts = (o.ts | (data[0] >> 1 & 4)) % 6; /* up to -ttttt */
	o.number = data[0] >> 7;                /* -# */
	nlab_printer *pr = nlab_printer_new(&o);
	nlab_pkthdr h = {1700000000 + data[0], 123456, (uint32_t)(size - 2),
			 (uint32_t)(size - 2 + (data[0] & 0x10)),
			 linktypes[data[0] % (sizeof linktypes / sizeof *linktypes)], ""};
	if (data[1] & 0x80) { /* a damaged record's time stamp */
		h.sec = 0x7fffff00 + data[0];
		h.nsec = (int64_t)data[0] * 1000000007 - 5000000000;
	}
	volatile unsigned sum = touch_layers(&h, data + 2);
	(void)sum;
	nlab_tcprel rel;
	nlab_flows_note(flows, &h, data + 2, &rel);
	nlab_strbuf out = NLAB_STRBUF_INIT;
	nlab_print_packet(pr, &h, data + 2, &rel, &out);
	nlab_print_packet(pr, &h, data + 2, &rel, &out);
	nlab_printer_free(pr);
	o.X = o.x = 0;
	o.A = 1 + (data[0] >> 6 & 1); /* -A, -AA */
	for (o.v = 1; o.v <= 2; o.v++) { /* -v, -vv */
		pr = nlab_printer_new(&o);
		nlab_print_packet(pr, &h, data + 2, &rel, &out);
		nlab_printer_free(pr);
	}
	nlab_view v = {data + 2, size - 2};
	nlab_print_hex(v, &out);
	nlab_strbuf_free(&out);
	return 0;
}
