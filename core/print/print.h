/* print.h - a packet as the line `tcpdump -nn` prints for it.
 *
 * The printer is netlab's own C (one file per protocol, print_*.c), read
 * through pkt.h's bounds-checked getters; its output is byte-for-byte
 * tcpdump 4.99's for the same packet in the same position of a capture. */
#ifndef NLAB_PRINT_H
#define NLAB_PRINT_H

#include "pkt.h"
#include "strbuf.h"

/* How time stamps are written: tcpdump's default, -t, -tt, -ttt, -tttt,
 * -ttttt (in the order of tcpdump's ndo_tflag, which counts the t's). */
enum nlab_ts_mode {
	NLAB_TS_LOCAL,
	NLAB_TS_NONE,
	NLAB_TS_EPOCH,
	NLAB_TS_DELTA,      /* since the previous packet */
	NLAB_TS_DATE,       /* the local date and time */
	NLAB_TS_SINCE_FIRST /* since the first packet */
};

/* tcpdump's options that change a line: -e -S -q -x -X -A -# and the -t family. */
typedef struct nlab_print_opts {
	int ts;    /* enum nlab_ts_mode */
	int e;     /* -e: link-level header */
	int S;     /* -S: absolute TCP sequence numbers */
	int q;     /* -q: quick, less protocol information */
	int X;     /* -X: hex and ASCII of each packet after its link-level
		    * header; 2 (-XX): of the whole frame */
	int x;     /* -x and -xx: the same in hex only (-X wins) */
	int A;     /* -A and -AA: the same as text (-X and -x win) */
	int v;     /* -v, -vv...: IPv4's header, checksums, ICMP's quote */
	int nsec;  /* time stamps have nanosecond precision */
	int number; /* -#: each line starts with the packet's number */
} nlab_print_opts;

/* What tcpdump remembers of each TCP conversation between packets: the
 * first sequence numbers of both directions, from which later segments
 * print relative numbers (print-tcp.c's tcp_seq_hash). */
typedef struct nlab_flows nlab_flows;

/* The relative bases of one segment, worked out by nlab_flows_note in
 * capture order and kept with the packet. */
typedef struct nlab_tcprel {
	uint32_t seq_base, ack_base;
	uint8_t valid; /* 1: print seq - seq_base, ack - ack_base */
} nlab_tcprel;

nlab_flows *nlab_flows_new(void);
void nlab_flows_free(nlab_flows *f);

/* Notes packet (H, DATA) in its capture's conversation table and fills
 * *REL with what tcpdump would subtract from its sequence numbers. */
void nlab_flows_note(nlab_flows *f, const nlab_pkthdr *h, const uint8_t *data,
		     nlab_tcprel *rel);

/* A printer: options, the time zone worked out once, the reference time
 * stamp (for -ttt and -ttttt), the packets printed (for -#). */
typedef struct nlab_printer nlab_printer;

nlab_printer *nlab_printer_new(const nlab_print_opts *opts);
void nlab_printer_free(nlab_printer *pr);

/* Appends the packet's line(s), without the final newline, to OUT.
 * REL may be NULL (absolute numbers). Returns 0 or -ENOMEM. */
int nlab_print_packet(nlab_printer *pr, const nlab_pkthdr *h,
		      const uint8_t *data, const nlab_tcprel *rel,
		      nlab_strbuf *out);

/* Appends the bytes of V as `tcpdump -X` shows them under a packet's
 * line: "\t0x0000:  4500 0054 ...  E..T..", one line per 16 bytes,
 * each line ending in a newline except the last. */
void nlab_print_hex(nlab_view v, nlab_strbuf *out);

/* The same without the ASCII column, as `tcpdump -x` shows them:
 * "\t0x0000:  4500 0054 ..." (each line but the last ends in "\n"). */
void nlab_print_hex_only(nlab_view v, nlab_strbuf *out);

/* The bytes of V as `tcpdump -A` shows them: printable ASCII, tabs,
 * spaces and newlines as they are, a CR before a newline or among the
 * last two bytes left out, any other byte as '.'. */
void nlab_print_ascii(nlab_view v, nlab_strbuf *out);

#endif
