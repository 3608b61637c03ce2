/* print.c - the printer object: time stamps, dispatch by link type, -X.
 *
 * The protocol printers live in print_<proto>.c; this file writes what
 * tcpdump's pretty_print_packet writes around them. */
#include "print_priv.h"

#include <arpa/inet.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <time.h>

/* DLT_ values (pcap/dlt.h) the printer knows. */
enum {
	DLT_EN10MB_ = 1,
	DLT_RAW_ = 12,
	DLT_RAW_BSD_ = 14,
	LINKTYPE_RAW_ = 101,
	DLT_LINUX_SLL_ = 113,
	DLT_LINUX_SLL2_ = 276,
	DLT_NULL_ = 0,
	DLT_LOOP_ = 108,
};

struct nlab_printer {
	nlab_print_opts o;
	int64_t tz_lo;     /* first second of the slot the offset is for */
	long tz_off;       /* UTC offset (seconds) during that slot */
	int tz_valid;
	int64_t prev_sec;  /* previous time stamp (-ttt), 0.0 before the */
	int64_t prev_frac; /* first: tcpdump's tv_ref */
};

nlab_printer *nlab_printer_new(const nlab_print_opts *opts)
{
	nlab_printer *pr = calloc(1, sizeof *pr);
	if (pr)
		pr->o = *opts;
	return pr;
}

void nlab_printer_free(nlab_printer *pr)
{
	free(pr);
}

void nlab_p_u(nlab_pctx *c, uint32_t v)
{
	char buf[12];
	int i = sizeof buf;
	do {
		buf[--i] = (char)('0' + v % 10);
		v /= 10;
	} while (v);
	nlab_strbuf_add(c->out, buf + i, sizeof buf - (size_t)i);
}

void nlab_p_ip4(nlab_pctx *c, nlab_view v, size_t off)
{
	char b[16];
	size_t n = 0;
	for (int i = 0; i < 4; i++) {
		unsigned x = nlab_get8(v, off + (size_t)i);
		if (i)
			b[n++] = '.';
		if (x >= 100)
			b[n++] = (char)('0' + x / 100);
		if (x >= 10)
			b[n++] = (char)('0' + x / 10 % 10);
		b[n++] = (char)('0' + x % 10);
	}
	nlab_strbuf_add(c->out, b, n);
}

void nlab_p_ip6addr(nlab_pctx *c, nlab_view v, size_t off)
{
	uint8_t a[16];
	char buf[INET6_ADDRSTRLEN];
	nlab_getbytes(v, off, a, sizeof a);
	if (inet_ntop(AF_INET6, a, buf, sizeof buf))
		nlab_p_puts(c, buf);
}

void nlab_p_mac(nlab_pctx *c, nlab_view v, size_t off, size_t n)
{
	static const char hex[] = "0123456789abcdef";
	for (size_t i = 0; i < n; i++) {
		uint8_t b = nlab_get8(v, off + i);
		char s[3] = {':', hex[b >> 4], hex[b & 15]};
		nlab_strbuf_add(c->out, i ? s : s + 1, i ? 3 : 2);
	}
}

void nlab_p_trunc(nlab_pctx *c)
{
	nlab_strbuf_printf(c->out, " [|%s]", c->proto);
}

/* Seconds of the slots the UTC offset is cached for: offsets change
 * (daylight saving) only at whole quarter hours of UTC, even in zones
 * such as +10:30 or +5:45. */
#define TZ_SLOT 900

/* The local UTC offset at SEC: one localtime_r per slot of TZ_SLOT
 * seconds that packets fall in, never one per packet. */
static long tz_offset(nlab_printer *pr, int64_t sec)
{
	if (pr->tz_valid && sec >= pr->tz_lo && sec < pr->tz_lo + TZ_SLOT)
		return pr->tz_off;
	time_t t = (time_t)sec;
	struct tm tm;
	pr->tz_off = localtime_r(&t, &tm) ? tm.tm_gmtoff : 0;
	pr->tz_lo = sec - (((sec % TZ_SLOT) + TZ_SLOT) % TZ_SLOT);
	pr->tz_valid = 1;
	return pr->tz_off;
}

/* Writes V as exactly N decimal digits ending before END. */
static void digits(char *end, uint32_t v, int n)
{
	while (n-- > 0) {
		*--end = (char)('0' + v % 10);
		v /= 10;
	}
}

/* Appends "HH:MM:SS.frac " for SEC seconds (hours not wrapped) and FRAC. */
static void put_hms(nlab_pctx *c, long sec, uint32_t frac, int nsec)
{
	long h = sec / 3600;
	if (h > 99 || frac >= (nsec ? 1000000000u : 1000000u)) {
		nlab_strbuf_printf(c->out, nsec ? "%02ld:%02ld:%02ld.%09u "
						: "%02ld:%02ld:%02ld.%06u ",
				   h, (sec % 3600) / 60, sec % 60, frac);
		return;
	}
	char b[20] = "00:00:00.";
	int fd = nsec ? 9 : 6;
	digits(b + 2, (uint32_t)h, 2);
	digits(b + 5, (uint32_t)(sec % 3600 / 60), 2);
	digits(b + 8, (uint32_t)(sec % 60), 2);
	digits(b + 9 + fd, frac, fd);
	b[9 + fd] = ' ';
	nlab_strbuf_add(c->out, b, (size_t)(10 + fd));
}

/* The fraction of H's time stamp tcpdump prints: libpcap's field at the
 * precision it asked for (a microsecond record read at nanoseconds is
 * its field times 1000, a nanosecond one read at microseconds its field
 * divided by 1000, toward zero), cut to 32 bits by "%06u". */
static uint32_t ts_frac(const nlab_printer *pr, int64_t nsec)
{
	return (uint32_t)(pr->o.nsec ? nsec : nsec / 1000);
}

/* tcpdump refuses a time whose bit 31 is set ("(unsigned)sec &
 * 0x80000000"): a pcap record's 32-bit field from 2^31 on is negative. */
static int ts_bad(nlab_pctx *c, int64_t sec)
{
	if (!((uint32_t)sec & 0x80000000u))
		return 0;
	nlab_p_puts(c, "[Error converting time]");
	return 1;
}

/* Seconds into the day of SEC (gmtime's, also before 1970). */
static long day_seconds(int64_t sec)
{
	return (long)(((sec % 86400) + 86400) % 86400);
}

/* -ttt: the time since the previous packet, as tcpdump's timeval
 * arithmetic gives it (a packet at time 0.0 leaves no reference). */
static void put_delta(nlab_printer *pr, nlab_pctx *c, int64_t sec, int64_t frac)
{
	int ns = pr->o.nsec;
	if (!(pr->prev_sec || pr->prev_frac))
		pr->prev_sec = sec, pr->prev_frac = frac;
	int neg = sec == pr->prev_sec ? frac < pr->prev_frac : sec < pr->prev_sec;
	int64_t d_sec = neg ? pr->prev_sec - sec : sec - pr->prev_sec;
	int64_t d_frac = neg ? pr->prev_frac - frac : frac - pr->prev_frac;
	if (d_frac < 0)
		d_sec--, d_frac += ns ? 1000000000 : 1000000;
	nlab_strbuf_add(c->out, neg ? "-" : " ", 1);
	if (!ts_bad(c, d_sec))
		put_hms(c, day_seconds(d_sec), (uint32_t)d_frac, ns);
	else
		nlab_p_puts(c, " ");
	pr->prev_sec = sec, pr->prev_frac = frac;
}

/* Appends the time stamp of H as tcpdump's -t options ask. */
static void put_ts(nlab_printer *pr, nlab_pctx *c, const nlab_pkthdr *h)
{
	int ns = pr->o.nsec;
	uint32_t frac = ts_frac(pr, h->nsec);
	switch (pr->o.ts) {
	case NLAB_TS_NONE:
		return;
	case NLAB_TS_EPOCH: {
		char b[12];
		if (ts_bad(c, h->sec)) {
			nlab_p_puts(c, " ");
			return;
		}
		if (frac >= (ns ? 1000000000u : 1000000u)) {
			nlab_strbuf_printf(c->out, ns ? "%u.%09u " : "%u.%06u ",
					   (unsigned)h->sec, frac);
			return;
		}
		nlab_p_u(c, (uint32_t)h->sec);
		b[0] = '.';
		digits(b + 1 + (ns ? 9 : 6), frac, ns ? 9 : 6);
		b[ns ? 10 : 7] = ' ';
		nlab_strbuf_add(c->out, b, ns ? 11 : 8);
		return;
	}
	case NLAB_TS_DELTA:
		put_delta(pr, c, h->sec, ns ? h->nsec : h->nsec / 1000);
		return;
	default:
		if (ts_bad(c, h->sec))
			nlab_p_puts(c, " ");
		else
			put_hms(c, day_seconds(h->sec + tz_offset(pr, h->sec)), frac, ns);
	}
}

/* Prints the link layer and up; sets *HDRLEN to the link header length. */
static int print_link(nlab_pctx *c, const nlab_pkthdr *h, nlab_view v,
		      size_t *hdrlen)
{
	*hdrlen = 0;
	switch (h->linktype) {
	case DLT_EN10MB_:
		return nlab_p_ether(c, v, h->len, hdrlen);
	case DLT_LINUX_SLL_:
		return nlab_p_sll(c, v, h->len, hdrlen);
	case DLT_LINUX_SLL2_:
		return nlab_p_sll2(c, v, h->len, hdrlen);
	case DLT_NULL_:
	case DLT_LOOP_:
		return nlab_p_null(c, v, h->len, hdrlen);
	case DLT_RAW_:
	case DLT_RAW_BSD_:
	case LINKTYPE_RAW_:
		if (c->o->e)
			nlab_p_puts(c, "ip: ");
		if (v.len < 1) {
			nlab_strbuf_printf(c->out, "truncated-ip %u", h->len);
			return NLAB_P_OK;
		}
		if ((nlab_get8(v, 0) & 0xf0) == 0x60)
			return nlab_p_ip6(c, v, h->len);
		if ((nlab_get8(v, 0) & 0xf0) == 0x40)
			return nlab_p_ip(c, v, h->len);
		nlab_strbuf_printf(c->out, "unknown ip %u", nlab_get8(v, 0) >> 4);
		return NLAB_P_OK;
	default:
		nlab_strbuf_printf(c->out, "unknown link type %d", h->linktype);
		return NLAB_P_OK;
	}
}

/* tcpdump's "[Invalid header: ...]" for impossible lengths; 1 if so. */
static int bad_header(const nlab_pkthdr *h, nlab_strbuf *out)
{
	const uint32_t max = 262144;
	int bad = 0;
	if (h->caplen == 0)
		bad = 1, nlab_strbuf_puts(out, "[Invalid header: caplen==0");
	if (h->len == 0 || h->len < h->caplen) {
		nlab_strbuf_puts(out, bad ? "," : "[Invalid header:");
		if (h->len == 0)
			nlab_strbuf_puts(out, " len==0");
		else
			nlab_strbuf_printf(out, " len(%u) < caplen(%u)", h->len, h->caplen);
		bad = 1;
	}
	if (h->caplen > max) {
		nlab_strbuf_puts(out, bad ? "," : "[Invalid header:");
		nlab_strbuf_printf(out, " caplen(%u) > %u", h->caplen, max);
		bad = 1;
	}
	if (h->len > max) {
		nlab_strbuf_puts(out, bad ? "," : "[Invalid header:");
		nlab_strbuf_printf(out, " len(%u) > %u", h->len, max);
		bad = 1;
	}
	if (bad)
		nlab_strbuf_puts(out, "]");
	return bad;
}

/* The -X / -XX / -x / -xx lines under a packet's line: from its link
 * header on when doubled, else after it (nothing when nothing is after
 * it); -X wins over -x, as in tcpdump's pretty_print_packet. */
static void put_dump(const nlab_print_opts *o, nlab_view v, size_t hdrlen,
		     nlab_strbuf *out)
{
	int level = o->X ? o->X : o->x;
	if (!level)
		return;
	size_t from = level > 1 ? 0 : hdrlen;
	if (v.len <= from)
		return;
	nlab_strbuf_add(out, "\n", 1);
	if (o->X)
		nlab_print_hex(nlab_view_from(v, from), out);
	else
		nlab_print_hex_only(nlab_view_from(v, from), out);
}

int nlab_print_packet(nlab_printer *pr, const nlab_pkthdr *h,
		      const uint8_t *data, const nlab_tcprel *rel,
		      nlab_strbuf *out)
{
	nlab_pctx c = {out, &pr->o, rel, "unknown"};
	nlab_view v = {data, h->caplen};
	size_t hdrlen = 0;
	if (bad_header(h, out))
		return out->failed ? -12 : 0;
	put_ts(pr, &c, h);
	int r = print_link(&c, h, v, &hdrlen);
	if (r == NLAB_P_TRUNC || r == NLAB_P_ETRUNC)
		nlab_p_trunc(&c);
	if (r == NLAB_P_TRUNC)
		hdrlen = 0; /* tcpdump's longjmp skips the link header length */
	put_dump(&pr->o, v, hdrlen, out);
	return out->failed ? -12 : 0;
}

void nlab_p_raw(nlab_pctx *c, nlab_view v)
{
	if (v.len) {
		nlab_strbuf_add(c->out, "\n", 1);
		nlab_print_hex(v, c->out);
	}
}

void nlab_p_default(nlab_pctx *c, nlab_view v)
{
	if (!c->o->X && !c->o->x && !c->o->q && v.len) {
		nlab_strbuf_add(c->out, "\n", 1);
		nlab_print_hex(v, c->out);
	}
}

/* Appends N bytes of V as tcpdump's hex_print lines, each after LEAD. */
static void hex_lines(nlab_view v, size_t n, const char *lead, nlab_strbuf *out)
{
	for (size_t i = 0; i < n; i++) {
		if (i % 16 == 0)
			nlab_strbuf_printf(out, "%s0x%04zx: ", i ? "\n\t" : lead, i);
		nlab_strbuf_printf(out, i % 2 ? "%02x" : " %02x", nlab_get8(v, i));
	}
}

void nlab_p_unknown(nlab_pctx *c, nlab_view v, uint32_t len)
{
	hex_lines(v, v.len < len ? v.len : len, "\n\t", c->out);
}

void nlab_print_hex_only(nlab_view v, nlab_strbuf *out)
{
	hex_lines(v, v.len, "\t", out);
}

/* Appends one -X line of N (1..16) bytes at OFF. */
static void hex_line(nlab_view v, size_t off, size_t n, nlab_strbuf *out)
{
	static const char hex[] = "0123456789abcdef";
	char line[80];
	size_t k = (size_t)snprintf(line, sizeof line, "\t0x%04zx: ", off);
	size_t start = k;
	for (size_t i = 0; i < n; i++) {
		if (i % 2 == 0)
			line[k++] = ' ';
		uint8_t b = nlab_get8(v, off + i);
		line[k++] = hex[b >> 4];
		line[k++] = hex[b & 15];
	}
	while (k < start + 40)
		line[k++] = ' ';
	line[k++] = ' ';
	line[k++] = ' ';
	for (size_t i = 0; i < n; i++) {
		uint8_t b = nlab_get8(v, off + i);
		line[k++] = (char)(b > 0x20 && b < 0x7f ? b : '.');
	}
	nlab_strbuf_add(out, line, k);
}

void nlab_print_hex(nlab_view v, nlab_strbuf *out)
{
	for (size_t off = 0; off < v.len; off += 16) {
		if (off)
			nlab_strbuf_add(out, "\n", 1);
		hex_line(v, off, v.len - off < 16 ? v.len - off : 16, out);
	}
}
