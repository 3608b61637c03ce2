/* print_arista.c - Arista's vendor EtherType (0xd28b) as tcpdump's
 * print-arista.c writes it: its subtype, and for the timestamp subtype
 * (1) the timescale, format and hardware bytes and the time stamp, 64
 * bits (seconds and nanoseconds, as a UTC date) or 48 (16-bit seconds,
 * nanoseconds). The original EtherType and frame follow; print_ether.c
 * goes on with them. */
#include "print_priv.h"

#include <time.h>

static const char *name2(unsigned x, const char *a, const char *b)
{
	return x == 0 ? a : x == 1 ? b : "Unknown";
}

static const char *format_name(unsigned f)
{
	return f == 1 ? "64-bit" : f == 2 ? "48-bit" : "Unknown";
}

/* "2019-05-29 20:36:39.944724424" of SEC and NSEC (a whole second
 * and more of it carried into SEC). */
static void date_time(nlab_pctx *c, uint32_t sec, uint32_t nsec)
{
	time_t t = (time_t)sec + nsec / 1000000000; /* carried, as tcpdump 4.99.3 does */
	nsec %= 1000000000;
	struct tm tm;
	char buf[64];
	if (gmtime_r(&t, &tm) && strftime(buf, sizeof buf, "%Y-%m-%d %H:%M:%S", &tm))
		nlab_p_puts(c, buf);
	else
		nlab_p_puts(c, "[Error converting time]");
	nlab_strbuf_printf(c->out, ".%09u", nsec);
}

/* The time stamp of format FMT at V (after the version bytes); the
 * bytes it took, or 0 for a format tcpdump does not know. */
static size_t stamp(nlab_pctx *c, nlab_view v, unsigned fmt)
{
	if (fmt == 1) {
		date_time(c, nlab_get32(v, 0), nlab_get32(v, 4));
		return 8;
	}
	if (fmt == 2) {
		uint32_t ns = nlab_get32(v, 2);
		nlab_strbuf_printf(c->out, "%u.%09u", nlab_get16(v, 0) + ns / 1000000000,
				   ns % 1000000000);
		return 6;
	}
	return 0;
}

int nlab_p_arista(nlab_pctx *c, nlab_view v, size_t *used)
{
	c->proto = "arista";
	*used = 0;
	if (!nlab_view_has(v, 0, 2))
		return NLAB_P_TRUNC;
	uint16_t sub = nlab_get16(v, 0);
	nlab_strbuf_printf(c->out, "SubType %s (0x%04x), ", sub == 1 ? "Timestamp" : "Unknown", sub);
	if (sub != 1)
		return NLAB_P_OK;
	if (!nlab_view_has(v, 2, 1))
		return NLAB_P_TRUNC;
	uint8_t scale = nlab_get8(v, 2);
	nlab_strbuf_printf(c->out, "Timescale %s (%u), ", name2(scale, "TAI", "UTC"), scale);
	if (!nlab_view_has(v, 3, 1))
		return NLAB_P_TRUNC;
	unsigned fmt = nlab_get8(v, 3) >> 4, hw = nlab_get8(v, 3) & 0x0f;
	nlab_strbuf_printf(c->out, "Format %s (%u), HwInfo %s (%u), Timestamp ", format_name(fmt),
			   fmt, name2(hw, "R/R2", "R3"), hw);
	size_t need = fmt == 1 ? 8 : fmt == 2 ? 6 : 0;
	if (!nlab_view_has(v, 4, need))
		return NLAB_P_TRUNC;
	size_t n = stamp(c, nlab_view_from(v, 4), fmt);
	if (!n)
		return NLAB_P_OK;
	nlab_p_puts(c, ": ");
	*used = 4 + n;
	return NLAB_P_OK;
}
