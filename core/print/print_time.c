/* print_time.c - the time stamp a line starts with: tcpdump's ts_print
 * for the default, -t, -tt, -ttt, -tttt, -ttttt, and --nano. */
#include "print_priv.h"

#include <stdio.h>
#include <time.h>

/* Seconds of the slots the UTC offset is cached for: offsets change
 * (daylight saving) only at whole quarter hours of UTC, even in zones
 * such as +10:30 or +5:45. */
#define TZ_SLOT 900

/* The local UTC offset at SEC: one localtime_r per slot of TZ_SLOT
 * seconds that packets fall in, never one per packet. */
static long tz_offset(nlab_clock *k, int64_t sec)
{
	if (k->tz_valid && sec >= k->tz_lo && sec < k->tz_lo + TZ_SLOT)
		return k->tz_off;
	time_t t = (time_t)sec;
	struct tm tm;
	k->tz_off = localtime_r(&t, &tm) ? tm.tm_gmtoff : 0;
	k->tz_lo = sec - (((sec % TZ_SLOT) + TZ_SLOT) % TZ_SLOT);
	k->tz_valid = 1;
	return k->tz_off;
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
static uint32_t ts_frac(const nlab_pctx *c, int64_t nsec)
{
	return (uint32_t)(c->o->nsec ? nsec : nsec / 1000);
}

/* The same uncut, as the -ttt arithmetic sees libpcap's signed field. */
static int64_t ts_field(const nlab_pctx *c, int64_t nsec)
{
	return c->o->nsec ? nsec : nsec / 1000;
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

/* -ttt and -ttttt: the time since the previous or the first packet, as
 * tcpdump's timeval arithmetic gives it (a packet at time 0.0 leaves no
 * reference). */
static void put_delta(nlab_clock *k, nlab_pctx *c, int64_t sec, int64_t frac)
{
	int ns = c->o->nsec;
	if (!(k->ref_sec || k->ref_frac))
		k->ref_sec = sec, k->ref_frac = frac;
	int neg = sec == k->ref_sec ? frac < k->ref_frac : sec < k->ref_sec;
	int64_t d_sec = neg ? k->ref_sec - sec : sec - k->ref_sec;
	int64_t d_frac = neg ? k->ref_frac - frac : frac - k->ref_frac;
	if (d_frac < 0)
		d_sec--, d_frac += ns ? 1000000000 : 1000000;
	nlab_strbuf_add(c->out, neg ? "-" : " ", 1);
	if (!ts_bad(c, d_sec))
		put_hms(c, day_seconds(d_sec), (uint32_t)d_frac, ns);
	else
		nlab_p_puts(c, " ");
	if (c->o->ts == NLAB_TS_DELTA)
		k->ref_sec = sec, k->ref_frac = frac;
}

/* -tttt: "YYYY-MM-DD " of local second SEC (strftime's %Y-%m-%d). */
static void put_date(nlab_pctx *c, int64_t sec)
{
	time_t t = (time_t)sec;
	struct tm tm;
	if (!gmtime_r(&t, &tm))
		return;
	char b[24];
	size_t n = strftime(b, sizeof b, "%Y-%m-%d ", &tm);
	nlab_strbuf_add(c->out, b, n);
}

/* The default and -tttt: the local time of H, with the date for -tttt. */
static void put_local(nlab_clock *k, nlab_pctx *c, const nlab_pkthdr *h)
{
	if (ts_bad(c, h->sec)) {
		nlab_p_puts(c, " ");
		return;
	}
	int64_t local = h->sec + tz_offset(k, h->sec);
	if (c->o->ts == NLAB_TS_DATE)
		put_date(c, local);
	put_hms(c, day_seconds(local), ts_frac(c, h->nsec), c->o->nsec);
}

/* -tt: "SEC.frac " (the fraction wider when the record's field is). */
static void put_epoch(nlab_pctx *c, int64_t sec, uint32_t frac)
{
	int ns = c->o->nsec;
	char b[12];
	if (ts_bad(c, sec)) {
		nlab_p_puts(c, " ");
		return;
	}
	if (frac >= (ns ? 1000000000u : 1000000u)) {
		nlab_strbuf_printf(c->out, ns ? "%u.%09u " : "%u.%06u ",
				   (unsigned)sec, frac);
		return;
	}
	nlab_p_u(c, (uint32_t)sec);
	b[0] = '.';
	digits(b + 1 + (ns ? 9 : 6), frac, ns ? 9 : 6);
	b[ns ? 10 : 7] = ' ';
	nlab_strbuf_add(c->out, b, ns ? 11 : 8);
}

void nlab_p_time(nlab_clock *k, nlab_pctx *c, const nlab_pkthdr *h)
{
	switch (c->o->ts) {
	case NLAB_TS_NONE:
		return;
	case NLAB_TS_EPOCH:
		put_epoch(c, h->sec, ts_frac(c, h->nsec));
		return;
	case NLAB_TS_DELTA:
	case NLAB_TS_SINCE_FIRST:
		put_delta(k, c, h->sec, ts_field(c, h->nsec));
		return;
	default:
		put_local(k, c, h);
	}
}
