/* print_ntp.c - NTP (UDP port 123) as tcpdump's print-ntp.c writes it:
 * the version, mode and length, and under -v a time message's fields and
 * time stamps (with their UTC dates) or a control message's header. */
#include "print_priv.h"

#include <time.h>

#define JAN_1970 2208988800LL /* NTP's era 0 starts 70 years before Unix's */

/* tcpdump's ntp_mode_values. */
static const char *mode_name(unsigned m)
{
	static const char *n[] = {
	    "unspecified", "symmetric active", "symmetric passive", "Client",
	    "Server",	   "Broadcast",	       "Control Message",   "Reserved"};
	return n[m & 7];
}

/* A 32-bit fraction of a second in nanoseconds, as tcpdump's doubles
 * give it. */
static uint32_t frac_ns(uint32_t uf)
{
	double ff = (double)uf / 4294967296.0;
	return (uint32_t)(ff * 1000000000.0);
}

/* The NTP time stamp at OFF: "3913056000.500000000 (2024-01-01T00:00:00Z)". */
static void ntp_time(nlab_pctx *c, nlab_view v, size_t off)
{
	uint32_t i = nlab_get32(v, off);
	nlab_strbuf_printf(c->out, "%u.%09u", i,
			   frac_ns(nlab_get32(v, off + 4)));
	if (!i)
		return;
	time_t t = (time_t)((int64_t)i - JAN_1970);
	struct tm tm;
	char buf[64];
	if (!gmtime_r(&t, &tm) ||
	    !strftime(buf, sizeof buf, "%Y-%m-%dT%H:%M:%SZ", &tm))
		nlab_p_puts(c, " (unrepresentable)");
	else
		nlab_strbuf_printf(c->out, " (%s)", buf);
}

void nlab_p_ntp_time(nlab_pctx *c, nlab_view v, size_t off)
{
	ntp_time(c, v, off);
}

/* The time stamp at OFF less the originator's at ORG ("+0.000123456"), or
 * the time stamp itself when the originator's is zero (p_ntp_delta). */
static void ntp_delta(nlab_pctx *c, nlab_view v, size_t org, size_t off)
{
	uint32_t u = nlab_get32(v, off), uf = nlab_get32(v, off + 4);
	uint32_t ou = nlab_get32(v, org), ouf = nlab_get32(v, org + 4);
	if (ou == 0 && ouf == 0) {
		ntp_time(c, v, off);
		return;
	}
	uint32_t i, f;
	int neg;
	if (u != ou) {
		neg = u < ou;
		i = neg ? ou - u : u - ou;
		f = neg ? ouf - uf : uf - ouf;
		if (neg ? uf > ouf : ouf > uf)
			i -= 1; /* borrowed from the seconds */
	} else {
		i = 0;
		neg = !(uf > ouf);
		f = neg ? ouf - uf : uf - ouf;
	}
	nlab_strbuf_printf(c->out, "%s%u.%09u", neg ? "-" : "+", i, frac_ns(f));
}

/* A 16.16 fixed-point number at OFF (root delay and dispersion). */
static void sfix(nlab_pctx *c, nlab_view v, size_t off)
{
	double ff = nlab_get16(v, off + 2) / 65536.0;
	nlab_strbuf_printf(c->out, "%d.%06d", nlab_get16(v, off),
			   (int)(ff * 1000000.0));
}

/* The reference identifier at 12, read by the STRATUM; 1 when the
 * message has nothing more that tcpdump prints. */
static int refid(nlab_pctx *c, nlab_view v, uint8_t stratum)
{
	nlab_p_puts(c, ", Reference-ID: ");
	if (stratum == 0) {
		nlab_p_puts(c, "(unspec)");
	} else if (stratum == 1) {
		nlab_p_printn(c, v, 12, 4);
	} else if (stratum == 62 || stratum == 63) {
		nlab_p_ip4(c, v, 12);
		nlab_p_puts(c, stratum == 62 ? " INFO_QUERY" : " INFO_REPLY");
		return 1;
	} else {
		nlab_strbuf_printf(c->out, "0x%08x", nlab_get32(v, 12));
	}
	return 0;
}

/* The four time stamps and the originator's deltas. */
static int timestamps(nlab_pctx *c, nlab_view v)
{
	static const char *labels[] = {
	    "Reference Timestamp:  ", "Originator Timestamp: ",
	    "Receive Timestamp:    ", "Transmit Timestamp:   "};
	for (size_t i = 0; i < 4; i++) {
		if (!nlab_view_has(v, 16 + 8 * i, 8))
			return NLAB_P_ETRUNC;
		nlab_strbuf_printf(c->out, "\n\t  %s", labels[i]);
		ntp_time(c, v, 16 + 8 * i);
	}
	nlab_p_puts(c, "\n\t    Originator - Receive Timestamp:  ");
	ntp_delta(c, v, 24, 32);
	nlab_p_puts(c, "\n\t    Originator - Transmit Timestamp: ");
	ntp_delta(c, v, 24, 40);
	return NLAB_P_OK;
}

/* What follows the 48-byte header: a key id, with a 128- or 160-bit
 * digest, or a count of other bytes. */
static int trailer(nlab_pctx *c, nlab_view v, uint32_t len)
{
	if (len != 52 && len != 68 && len != 72) {
		if (len > 48)
			nlab_strbuf_printf(
			    c->out, "\n\t(%u more bytes after the header)",
			    len - 48);
		return NLAB_P_OK;
	}
	if (!nlab_view_has(v, 48, 4))
		return NLAB_P_TRUNC;
	nlab_strbuf_printf(c->out, "\n\tKey id: %u", nlab_get32(v, 48));
	if (len == 52)
		return NLAB_P_OK;
	size_t n = len == 68 ? 16 : 20;
	if (!nlab_view_has(v, 52, n))
		return NLAB_P_ETRUNC;
	nlab_p_puts(c, "\n\tAuthentication: ");
	for (size_t i = 0; i < n; i += 4)
		nlab_strbuf_printf(c->out, "%08x", nlab_get32(v, 52 + i));
	return NLAB_P_OK;
}

/* " (invalid)", then the explicit check of the LEN bytes. */
static int invalid(nlab_pctx *c, nlab_view v, uint32_t len)
{
	nlab_p_puts(c, " (invalid)");
	return nlab_view_has(v, 0, len) ? NLAB_P_OK : NLAB_P_ETRUNC;
}

/* A time message (modes 0 to 5) of LEN bytes. */
static int time_msg(nlab_pctx *c, nlab_view v, uint32_t len)
{
	if (len < 48)
		return invalid(c, v, len);
	if (!nlab_view_has(v, 1, 1))
		return NLAB_P_TRUNC;
	uint8_t st = nlab_get8(v, 1);
	nlab_strbuf_printf(c->out, ", Stratum %u (%s)", st,
			   st == 0    ? "unspecified"
			   : st == 1  ? "primary reference"
			   : st <= 15 ? "secondary reference"
				      : "reserved");
	if (!nlab_view_has(v, 2, 1))
		return NLAB_P_TRUNC;
	int8_t poll = (int8_t)nlab_get8(v, 2);
	nlab_strbuf_printf(c->out, ", poll %d", poll);
	if (poll > -32 && poll < 32)
		nlab_strbuf_printf(c->out, poll >= 0 ? " (%us)" : " (1/%us)",
				   1u << (poll >= 0 ? poll : -poll));
	if (!nlab_view_has(v, 3, 1))
		return NLAB_P_TRUNC;
	nlab_strbuf_printf(c->out, ", precision %d", (int8_t)nlab_get8(v, 3));
	if (!nlab_view_has(v, 4, 4))
		return NLAB_P_ETRUNC;
	nlab_p_puts(c, "\n\tRoot Delay: ");
	sfix(c, v, 4);
	if (!nlab_view_has(v, 8, 4))
		return NLAB_P_ETRUNC;
	nlab_p_puts(c, ", Root dispersion: ");
	sfix(c, v, 8);
	if (!nlab_view_has(v, 12, 4))
		return NLAB_P_ETRUNC;
	if (refid(c, v, st))
		return NLAB_P_OK;
	int r = timestamps(c, v);
	return r ? r : trailer(c, v, len);
}

/* A control message (mode 6) of LEN bytes: its header's fields. */
static int control_msg(nlab_pctx *c, nlab_view v, uint32_t len)
{
	if (len < 12)
		return invalid(c, v, len);
	if (!nlab_view_has(v, 1, 1))
		return NLAB_P_TRUNC;
	uint8_t ctl = nlab_get8(v, 1);
	nlab_strbuf_printf(c->out, ", %s, %s, %s, OpCode=%u\n",
			   ctl & 0x80 ? "Response" : "Request",
			   ctl & 0x40 ? "Error" : "OK",
			   ctl & 0x20 ? "More" : "Last", ctl & 0x1f);
	static const char *fmt[] = {"\tSequence=%u", ", Status=%#x",
				    ", Assoc.=%u", ", Offset=%u", ", Count=%u"};
	for (size_t i = 0; i < 5; i++) {
		if (!nlab_view_has(v, 2 + 2 * i, 2))
			return NLAB_P_TRUNC;
		nlab_strbuf_printf(c->out, fmt[i], nlab_get16(v, 2 + 2 * i));
	}
	uint16_t count = nlab_get16(v, 10);
	if (12u + count > len)
		return invalid(c, v, len);
	if (count == 0)
		return NLAB_P_OK;
	if (!nlab_view_has(v, 12, count))
		return NLAB_P_ETRUNC;
	nlab_p_puts(c, "\n\tTO-BE-DONE: data not interpreted");
	return NLAB_P_OK;
}

int nlab_p_ntp(nlab_pctx *c, nlab_view v, uint32_t len)
{
	c->proto = "ntp";
	if (!nlab_view_has(v, 0, 1))
		return NLAB_P_TRUNC;
	uint8_t status = nlab_get8(v, 0);
	unsigned mode = status & 7, leap = status & 0xc0;
	nlab_strbuf_printf(c->out, "NTPv%u, %s, length %u",
			   (status & 0x38) >> 3, mode_name(mode), len);
	if (!c->o->v)
		return NLAB_P_OK;
	static const char *leaps[] = {"", "+1s", "-1s", "clock unsynchronized"};
	nlab_strbuf_printf(c->out, "\n\tLeap indicator: %s (%u)",
			   leaps[leap >> 6], leap);
	if (mode <= 5)
		return time_msg(c, v, len);
	if (mode == 6)
		return control_msg(c, v, len);
	return NLAB_P_OK;
}
