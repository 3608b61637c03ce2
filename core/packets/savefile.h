/* savefile.h - a capture streamed to pcap files, rotated as tcpdump's
 * -w FILE -C SIZE -W COUNT rotates them.
 *
 * Before each packet, the file being written is checked: once it is
 * larger than SIZE bytes (tcpdump's -C is SIZE / 1,000,000), it is
 * closed and the next file opened. The files are named as tcpdump names
 * them: without a count, FILE, FILE1, FILE2 ... and no limit; with a
 * count of N, FILE0 ... FILE<N-1> (zero-padded to the digits of N - 1:
 * FILE00 ... FILE99 for 100; FILE alone for 1), reused from the first
 * once all N are written. Without SIZE there is one file, FILE. Each
 * file is a whole pcap file (microsecond stamps, as tcpdump -w) that
 * tcpdump -r reads. */
#ifndef NLAB_SAVEFILE_H
#define NLAB_SAVEFILE_H

#include "pkt.h"

#include <stddef.h>
#include <stdint.h>

typedef struct nlab_savefile_opts {
	const char *path; /* FILE */
	uint64_t size;	/* bytes a file may pass before the next; 0: one file */
	unsigned files; /* how many files before the first is reused; 0: any */
	int linktype, snaplen;
} nlab_savefile_opts;

typedef struct nlab_savefile nlab_savefile;

/* Creates the first file. Returns 0, or a negative errno with "FILE:
 * strerror" in ERR (-ENAMETOOLONG when a file's name would not fit). */
int nlab_savefile_open(const nlab_savefile_opts *o, nlab_savefile **s,
		       char *err, size_t errlen);

/* Appends a packet, moving to the next file first when the current one
 * is full. Returns 0 or the error of closing or creating a file (the
 * savefile is then closed: later writes return -EBADF). */
int nlab_savefile_write(nlab_savefile *s, const nlab_pkthdr *h,
			const uint8_t *data, char *err, size_t errlen);

/* The name of the file being written ("" once a write failed). */
const char *nlab_savefile_name(const nlab_savefile *s);

/* How many files have been started, the first included. */
uint64_t nlab_savefile_started(const nlab_savefile *s);

/* Flushes and closes the file being written and frees S; returns 0 or
 * the write error, in ERR. NULL is harmless. */
int nlab_savefile_close(nlab_savefile *s, char *err, size_t errlen);

#endif
