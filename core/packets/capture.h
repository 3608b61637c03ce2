/* capture.h - live captures (libpcap) on an interface of a lab host.
 *
 * A capture is opened inside the host's network namespace (its packet
 * socket keeps that namespace afterwards), in immediate mode unless
 * batched, without
 * blocking, with nanosecond time stamps where the kernel gives them.
 * Every fd libpcap opens is made close-on-exec and kept at NLAB_FD_LOW
 * or above. Reading never waits: the caller waits for nlab_capture_fd()
 * to become readable (the scheduler's epoll) and reads again.
 *
 * Failures return an error code and, where libpcap has words for it, its
 * text in the caller's buffer (a bad filter: "syntax error in filter
 * expression: ..."). */
#ifndef NLAB_CAPTURE_H
#define NLAB_CAPTURE_H

#include "pkt.h"

#include <stddef.h>
#include <stdint.h>

/* The size of an error text buffer (libpcap's PCAP_ERRBUF_SIZE). */
#define NLAB_CAPTURE_ERRLEN 256

/* The longest interface name, with its NUL (IFNAMSIZ). */
#define NLAB_IFNAMELEN 16

/* What to capture, and how. */
typedef struct nlab_capture_opts {
	const char *iface;  /* NULL: the host's first interface besides lo */
	const char *filter; /* BPF text, NULL or "" for everything */
	int snaplen;	    /* bytes kept of each packet */
	int promisc;	    /* 1: promiscuous mode */
	int buffer;	    /* kernel buffer, bytes */
	int batched;	    /* 1: the kernel hands packets over in blocks, each
			     * at most NLAB_CAPTURE_BATCH_MS late (TPACKET_V3,
			     * as tcpdump -w); 0: each at once (immediate
			     * mode, TPACKET_V2: a wake-up per packet) */
} nlab_capture_opts;

#define NLAB_CAPTURE_BATCH_MS 10

#define NLAB_CAPTURE_SNAPLEN 262144
#define NLAB_CAPTURE_BUFFER (2 * 1024 * 1024)
/* ...and of a capture writing files, which must not drop a flood while
 * netlab waits for a CPU (bench/capture_flood.sh). */
#define NLAB_CAPTURE_WRITE_BUFFER (16 * 1024 * 1024)

typedef struct nlab_capture nlab_capture;

/* libpcap's version line ("libpcap version 1.10.3 (with TPACKET_V3)"),
 * loading libpcap, or why it cannot be loaded. */
const char *nlab_capture_libversion(void);

/* Packet counts from the kernel (pcap_stats). */
typedef struct nlab_capture_stats {
	uint64_t received, dropped, ifdropped;
} nlab_capture_stats;

/* Opens a capture in the namespace NETNS into *CAP. On failure returns
 * -ENODEV (no such interface), -EPERM, -EINVAL (bad filter, option) or
 * another code, with libpcap's text in ERR (empty if it has none). */
int nlab_capture_open(int netns, const nlab_capture_opts *o, nlab_capture **cap,
		      char *err, size_t errlen);

/* Reads the next packet without waiting: 1 with *H and *DATA set (DATA
 * valid until the next call), -EAGAIN when none is waiting, or another
 * code with libpcap's text in ERR. */
int nlab_capture_next(nlab_capture *c, nlab_pkthdr *h, const uint8_t **data,
		      char *err, size_t errlen);

/* The fd to wait on for packets (readable when some are waiting). */
int nlab_capture_fd(const nlab_capture *c);

/* The link type of the capture's packets (DLT_EN10MB...). */
int nlab_capture_linktype(const nlab_capture *c);

/* The snapshot length in force. */
int nlab_capture_snaplen(const nlab_capture *c);

/* The interface captured on (the default one, when none was asked). */
const char *nlab_capture_iface(const nlab_capture *c);

/* Fills *S with the kernel's counts; returns 0 or an error code. */
int nlab_capture_stats_get(nlab_capture *c, nlab_capture_stats *s);

/* Closes the capture and frees it; NULL is harmless. */
void nlab_capture_close(nlab_capture *c);

/* Waits at most MS milliseconds for the captures nlab_capture_close left
 * closing on threads of their own (their fds are still open until then). */
void nlab_capture_settle(int ms);

#endif
