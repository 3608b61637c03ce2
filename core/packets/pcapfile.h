/* pcapfile.h - reading pcap and pcapng files, writing pcap (libpcap).
 *
 * Files are opened by netlab (close-on-exec, and the errno of a failed
 * open is kept), then handed to libpcap. Readers give nanosecond time
 * stamps whatever the file holds; writers write microseconds, as
 * `tcpdump -w` does, unless asked for nanoseconds. Errors come back as a
 * code plus libpcap's text ("truncated dump file; ...") in ERR. */
#ifndef NLAB_PCAPFILE_H
#define NLAB_PCAPFILE_H

#include "pkt.h"

#include <stddef.h>
#include <stdint.h>
#include <stdio.h>

/* The size of an error text buffer (libpcap's PCAP_ERRBUF_SIZE). */
#define NLAB_PCAPFILE_ERRLEN 256

typedef struct nlab_pcapfile nlab_pcapfile;

/* Opens the pcap or pcapng file PATH for reading into *F. Returns 0, a
 * negative errno (with its text) or -EINVAL (not a capture file). */
int nlab_pcapfile_open(const char *path, nlab_pcapfile **f, char *err,
		       size_t errlen);

/* As nlab_pcapfile_open, on the open file FP (NAME for messages), which
 * the reader owns from then on, even when this fails (a memory buffer
 * through fmemopen for the fuzzer). */
int nlab_pcapfile_fopen(FILE *fp, const char *name, nlab_pcapfile **f,
			char *err, size_t errlen);

/* Reads the next packet: 1 with *H and *DATA set (DATA valid until the
 * next call), 0 at the end of the file, or -EIO with libpcap's text. */
int nlab_pcapfile_next(nlab_pcapfile *f, nlab_pkthdr *h, const uint8_t **data,
		       char *err, size_t errlen);

/* The link type of the file's packets (of its first interface, pcapng). */
int nlab_pcapfile_linktype(const nlab_pcapfile *f);

/* Closes the reader and frees it; NULL is harmless. */
void nlab_pcapfile_close(nlab_pcapfile *f);

/* libpcap's name for LINKTYPE ("EN10MB", "LINUX_SLL"), or NULL. */
const char *nlab_linktype_name(int linktype);

typedef struct nlab_pcapdump nlab_pcapdump;

/* Creates (or truncates) the pcap file PATH for packets of LINKTYPE
 * (snapshot length SNAPLEN; time stamps in nanoseconds if NSEC). */
int nlab_pcapdump_open(const char *path, int linktype, int snaplen, int nsec,
		       nlab_pcapdump **d, char *err, size_t errlen);

/* Appends one packet (H->caplen bytes of DATA). */
void nlab_pcapdump_write(nlab_pcapdump *d, const nlab_pkthdr *h,
			 const uint8_t *data);

/* Flushes and closes the file, frees D; returns 0 or the write error.
 * NULL is harmless. */
int nlab_pcapdump_close(nlab_pcapdump *d, char *err, size_t errlen);

#endif
