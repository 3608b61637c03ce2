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

struct nlab_pcapfile {
	pcap_t *p;
	int linktype;
	int nano; /* time stamps in nanoseconds (else microseconds) */
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
