/* pcapfile.c - reading pcap and pcapng files, writing pcap (libpcap). */
#include "pcapfile.h"

#include "error.h"

#include <errno.h>
#include <pcap/pcap.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/stat.h>

/* The stdio buffer of a file being read (stdio's default is a page). */
#define READ_BUFFER (256 * 1024)

/* The block a classic pcap file's records are read into: they are
 * parsed in place, one fread per block instead of two per packet. */
#define BLOCK (512 * 1024)

/* The largest record libpcap accepts for the link types read here
 * (max_snaplen_for_dlt). */
#define MAX_SNAPLEN 262144

struct nlab_pcapfile {
	pcap_t *p;
	int linktype;
	int nano; /* time stamps in nanoseconds (else microseconds) */
	/* a classic pcap file netlab reads itself (libpcap read its header): */
	int own;
	FILE *fp;	   /* the file, libpcap's since it opened it */
	int file_nano;	   /* the file's stamps are nanoseconds */
	uint32_t snapshot; /* its snapshot length */
	uint8_t *block;	   /* BLOCK bytes */
	size_t pos, end;   /* the bytes of block not yet parsed */
};

struct nlab_pcapdump {
	pcap_t *p; /* a dead handle: the link type and precision */
	pcap_dumper_t *d;
	int nano;
};

/* Opens PATH with fopen MODE (close-on-exec); on failure writes "PATH:
 * strerror" into ERR and returns NULL with errno kept. */
static FILE *open_file(const char *path, const char *mode, char *err,
		       size_t errlen)
{
	FILE *fp = fopen(path, mode);
	if (!fp) {
		int e = errno;
		snprintf(err, errlen, "%s: %s", path, strerror(e));
		errno = e;
	}
	return fp;
}

/* Whether records of link type LT are handed over by libpcap as they are
 * in a file of the machine's byte order (no pseudo-header to fix up). */
static int plain_linktype(int lt)
{
	switch (lt) {
	case DLT_NULL: case DLT_EN10MB: case DLT_RAW: case DLT_LOOP:
	case DLT_LINUX_SLL: case DLT_LINUX_SLL2: case DLT_IPV4: case DLT_IPV6:
		return 1;
	default:
		return 0;
	}
}

/* Takes over reading R's records from FP when the file is a classic pcap
 * file (magic a1b2c3d4 or a1b23c4d, in this machine's byte order) of a
 * plain link type whose 24-byte header libpcap has just read (the magic
 * read again by seeking back); otherwise (pcapng, swapped, a pipe, no
 * memory) libpcap goes on reading it. */
static void own_start(nlab_pcapfile *r, FILE *fp)
{
	uint32_t magic = 0; /* read as this machine orders bytes: a swapped file's differs */
	if (!plain_linktype(r->linktype) || ftell(fp) != 24 || fseek(fp, 0, SEEK_SET) != 0)
		return;
	size_t got = fread(&magic, 1, 4, fp);
	/* back to the first record (a file that seeked to 0 seeks to 24) */
	if (fseek(fp, 24, SEEK_SET) != 0 || got != 4 || (magic != 0xa1b2c3d4 && magic != 0xa1b23c4d))
		return;
	int snap = pcap_snapshot(r->p);
	if (snap <= 0 || snap > MAX_SNAPLEN || !(r->block = malloc(BLOCK)))
		return;
	r->snapshot = (uint32_t)snap;
	r->file_nano = magic == 0xa1b23c4d;
	r->fp = fp;
	r->own = 1;
}

/* Makes N bytes (N <= BLOCK) wait unparsed in R's block, reading more of
 * the file; returns how many wait, fewer at its end (or a read error:
 * ferror tells). */
static size_t own_fill(nlab_pcapfile *r, size_t n)
{
	if (r->end - r->pos >= n)
		return n;
	memmove(r->block, r->block + r->pos, r->end - r->pos);
	r->end -= r->pos;
	r->pos = 0;
	while (r->end < n) {
		size_t got = fread(r->block + r->end, 1, BLOCK - r->end, r->fp);
		if (got == 0)
			break;
		r->end += got;
	}
	return r->end < n ? r->end : n;
}

/* libpcap's text for a read that came short: an error, or the file cut. */
static int own_short(nlab_pcapfile *r, const char *what, size_t want,
		     size_t got, char *err, size_t errlen)
{
	if (ferror(r->fp))
		snprintf(err, errlen, "error reading dump file: %s", strerror(errno));
	else
		snprintf(err, errlen, "truncated dump file; tried to read %zu %s bytes, only got %zu",
			 want, what, got);
	return -EIO;
}

/* The u32 at P in this machine's order (the file's, as own_start checked). */
static uint32_t own_u32(const uint8_t *p)
{
	uint32_t v;
	memcpy(&v, p, 4);
	return v;
}

/* The next record of a file netlab reads itself, as pcap_next_ex gives
 * it (the same checks and texts as libpcap's sf-pcap.c). */
static int own_next(nlab_pcapfile *r, nlab_pkthdr *h, const uint8_t **data,
		    char *err, size_t errlen)
{
	size_t got = own_fill(r, 16);
	if (got < 16) {
		if (got == 0 && !ferror(r->fp))
			return 0;
		return own_short(r, "header", 16, got, err, errlen);
	}
	const uint8_t *rec = r->block + r->pos;
	uint32_t caplen = own_u32(rec + 8);
	/* libpcap's record header has signed 32-bit seconds and fraction */
	int32_t sec = (int32_t)own_u32(rec), frac = (int32_t)own_u32(rec + 4);
	if (caplen > MAX_SNAPLEN) {
		if (caplen > r->snapshot)
			snprintf(err, errlen, "invalid packet capture length %u, bigger than snaplen of %u",
				 caplen, r->snapshot);
		else
			snprintf(err, errlen, "invalid packet capture length %u, bigger than maximum of %u",
				 caplen, MAX_SNAPLEN);
		return -EIO;
	}
	h->sec = sec;
	h->nsec = r->file_nano ? (int64_t)frac : (int64_t)frac * 1000;
	h->len = own_u32(rec + 12);
	got = own_fill(r, 16 + (size_t)caplen);
	if (got < 16 + (size_t)caplen) { /* as libpcap: the snapshot's part, then the rest */
		size_t want = caplen > r->snapshot ? r->snapshot : caplen;
		return own_short(r, "captured", got - 16 < want ? want : caplen, got - 16, err, errlen);
	}
	*data = r->block + r->pos + 16;
	r->pos += 16 + (size_t)caplen; /* a record past the snapshot: cut */
	h->caplen = caplen > r->snapshot ? r->snapshot : caplen;
	h->linktype = r->linktype;
	h->ifname[0] = '\0';
	return 1;
}

int nlab_pcapfile_fopen(FILE *fp, const char *name, nlab_pcapfile **f,
			char *err, size_t errlen)
{
	*f = NULL;
	err[0] = '\0';
	nlab_pcapfile *r = calloc(1, sizeof *r);
	if (!r) {
		fclose(fp);
		return -ENOMEM;
	}
	char ebuf[PCAP_ERRBUF_SIZE] = "";
	r->p = pcap_fopen_offline_with_tstamp_precision(
	    fp, PCAP_TSTAMP_PRECISION_NANO, ebuf);
	if (!r->p) { /* libpcap closed nothing: the file is still ours */
		fclose(fp);
		free(r);
		snprintf(err, errlen, "%s: %s", name, ebuf);
		return -EINVAL;
	}
	r->linktype = pcap_datalink(r->p);
	r->nano = pcap_get_tstamp_precision(r->p) == PCAP_TSTAMP_PRECISION_NANO;
	own_start(r, fp);
	*f = r;
	return 0;
}

int nlab_pcapfile_open(const char *path, nlab_pcapfile **f, char *err,
		       size_t errlen)
{
	*f = NULL;
	err[0] = '\0';
	FILE *fp = open_file(path, "rbe", err, errlen);
	if (!fp)
		return nlab_errno();
	struct stat st;
	if (fstat(fileno(fp), &st) == 0 && S_ISDIR(st.st_mode)) {
		fclose(fp);
		snprintf(err, errlen, "%s: %s", path, strerror(EISDIR));
		return -EISDIR;
	}
	setvbuf(fp, NULL, _IOFBF, READ_BUFFER); /* fewer, bigger reads */
	return nlab_pcapfile_fopen(fp, path, f, err, errlen);
}

int nlab_pcapfile_next(nlab_pcapfile *f, nlab_pkthdr *h, const uint8_t **data,
		       char *err, size_t errlen)
{
	if (f->own)
		return own_next(f, h, data, err, errlen);
	struct pcap_pkthdr *ph;
	int rc = pcap_next_ex(f->p, &ph, data);
	if (rc == PCAP_ERROR_BREAK)
		return 0; /* the end of the file */
	if (rc < 0) {
		snprintf(err, errlen, "%s", pcap_geterr(f->p));
		return -EIO;
	}
	h->sec = ph->ts.tv_sec;
	h->nsec = f->nano ? (int64_t)ph->ts.tv_usec : (int64_t)ph->ts.tv_usec * 1000;
	h->caplen = ph->caplen;
	h->len = ph->len;
	h->linktype = f->linktype;
	h->ifname[0] = '\0';
	return 1;
}

int nlab_pcapfile_linktype(const nlab_pcapfile *f)
{
	return f->linktype;
}

void nlab_pcapfile_close(nlab_pcapfile *f)
{
	if (!f)
		return;
	if (f->p)
		pcap_close(f->p); /* closes the file too */
	free(f->block);
	free(f);
}

const char *nlab_linktype_name(int linktype)
{
	return pcap_datalink_val_to_name(linktype);
}

/* Frees a writer whose file is already closed (or was never opened). */
static void dump_free(nlab_pcapdump *d)
{
	if (d->p)
		pcap_close(d->p);
	free(d);
}

int nlab_pcapdump_open(const char *path, int linktype, int snaplen, int nsec,
		       nlab_pcapdump **d, char *err, size_t errlen)
{
	*d = NULL;
	err[0] = '\0';
	nlab_pcapdump *w = calloc(1, sizeof *w);
	if (!w)
		return -ENOMEM;
	w->nano = nsec;
	w->p = pcap_open_dead_with_tstamp_precision(
	    linktype, snaplen,
	    nsec ? PCAP_TSTAMP_PRECISION_NANO : PCAP_TSTAMP_PRECISION_MICRO);
	FILE *fp = w->p ? open_file(path, "wbe", err, errlen) : NULL;
	int rc = w->p ? (fp ? 0 : nlab_errno()) : -ENOMEM;
	if (rc == 0 && (w->d = pcap_dump_fopen(w->p, fp)) == NULL) {
		snprintf(err, errlen, "%s: %s", path, pcap_geterr(w->p));
		fclose(fp);
		rc = -EIO;
	}
	if (rc != 0) {
		dump_free(w);
		return rc;
	}
	*d = w;
	return 0;
}

void nlab_pcapdump_write(nlab_pcapdump *d, const nlab_pkthdr *h,
			 const uint8_t *data)
{
	struct pcap_pkthdr ph = {.caplen = h->caplen, .len = h->len};
	ph.ts.tv_sec = (time_t)h->sec;
	ph.ts.tv_usec = (suseconds_t)(d->nano ? h->nsec : h->nsec / 1000);
	pcap_dump((u_char *)d->d, &ph, data);
}

int nlab_pcapdump_close(nlab_pcapdump *d, char *err, size_t errlen)
{
	if (!d)
		return 0;
	int rc = 0;
	if (d->d) {
		FILE *fp = pcap_dump_file(d->d);
		errno = 0;
		if (pcap_dump_flush(d->d) != 0 || ferror(fp))
			rc = -(errno ? errno : EIO);
		pcap_dump_close(d->d); /* fclose */
	}
	if (rc != 0)
		snprintf(err, errlen, "%s", strerror(-rc));
	dump_free(d);
	return rc;
}
