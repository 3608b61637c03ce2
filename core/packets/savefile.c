/* savefile.c - a capture streamed to pcap files, rotated as tcpdump's
 * -w FILE -C SIZE -W COUNT rotates them (tcpdump.c's MakeFilename and
 * dump_packet_and_trunc). The size is counted here, as the pcap format
 * lays it out, rather than asked of the stdio stream. */
#include "savefile.h"

#include "pcapfile.h"

#include <errno.h>
#include <limits.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

/* A pcap file's header, and each record's header before its bytes. */
enum { FILE_HEADER = 24, RECORD_HEADER = 16 };

struct nlab_savefile {
	nlab_savefile_opts o;
	char *base;	  /* FILE, owned */
	int digits;	  /* tcpdump's WflagChars */
	unsigned index;	  /* the number of the file being written */
	uint64_t written; /* its size so far */
	uint64_t started; /* files started */
	nlab_pcapdump *d; /* NULL once a write failed */
	char name[PATH_MAX];
};

/* tcpdump's getWflagChars: the digits of COUNT - 1 (0 for 1 or none). */
static int count_digits(unsigned count)
{
	int c = 0;
	for (unsigned x = count ? count - 1 : 0; x > 0; x /= 10)
		c++;
	return c;
}

/* Sets S->name to file number S->index's (tcpdump's MakeFilename). */
static int make_name(nlab_savefile *s)
{
	int n;
	if (s->index == 0 && s->digits == 0)
		n = snprintf(s->name, sizeof s->name, "%s", s->base);
	else
		n = snprintf(s->name, sizeof s->name, "%s%0*u", s->base,
			     s->digits, s->index);
	return n < 0 || (size_t)n >= sizeof s->name ? -ENAMETOOLONG : 0;
}

/* Creates file number S->index. */
static int start_file(nlab_savefile *s, char *err, size_t errlen)
{
	int rc = make_name(s);
	if (rc != 0) {
		snprintf(err, errlen, "%s: file name too long", s->base);
		return rc;
	}
	rc = nlab_pcapdump_open(s->name, s->o.linktype, s->o.snaplen, 0, &s->d,
				err, errlen);
	if (rc != 0)
		return rc;
	s->written = FILE_HEADER;
	s->started++;
	return 0;
}

int nlab_savefile_open(const nlab_savefile_opts *o, nlab_savefile **s,
		       char *err, size_t errlen)
{
	*s = NULL;
	nlab_savefile *n = calloc(1, sizeof *n);
	if (!n || !(n->base = strdup(o->path))) {
		free(n);
		return -ENOMEM;
	}
	n->o = *o;
	n->o.path = n->base;
	n->digits = o->size ? count_digits(o->files) : 0;
	int rc = start_file(n, err, errlen);
	if (rc != 0) {
		nlab_savefile_close(n, NULL, 0);
		return rc;
	}
	*s = n;
	return 0;
}

/* Closes the full file and starts the next one. */
static int rotate(nlab_savefile *s, char *err, size_t errlen)
{
	int rc = nlab_pcapdump_close(s->d, err, errlen);
	s->d = NULL;
	if (rc != 0)
		return rc;
	s->index++;
	if (s->o.files && s->index >= s->o.files)
		s->index = 0;
	return start_file(s, err, errlen);
}

int nlab_savefile_write(nlab_savefile *s, const nlab_pkthdr *h,
			const uint8_t *data, char *err, size_t errlen)
{
	if (!s->d)
		return -EBADF;
	if (s->o.size && s->written > s->o.size) {
		int rc = rotate(s, err, errlen);
		if (rc != 0) {
			s->name[0] = '\0';
			return rc;
		}
	}
	nlab_pcapdump_write(s->d, h, data);
	s->written += RECORD_HEADER + h->caplen;
	return 0;
}

const char *nlab_savefile_name(const nlab_savefile *s)
{
	return s->d ? s->name : "";
}

uint64_t nlab_savefile_started(const nlab_savefile *s)
{
	return s->started;
}

int nlab_savefile_close(nlab_savefile *s, char *err, size_t errlen)
{
	if (!s)
		return 0;
	char ignored[NLAB_PCAPFILE_ERRLEN];
	int rc = nlab_pcapdump_close(s->d, err ? err : ignored,
				     err ? errlen : sizeof ignored);
	free(s->base);
	free(s);
	return rc;
}
