/* print_syslog.c - syslog (UDP port 514) as tcpdump's print-syslog.c
 * writes it: the facility and severity of the "<PRI>" a message starts
 * with, and under -v the message itself. */
#include "print_priv.h"

#include <stdio.h>

/* tcpdump's syslog_facility_values (0 to 23). */
static const char *const facilities[] = {
    "kernel", "user",	  "mail",    "daemon", "auth",	   "syslog",
    "lpr",    "news",	  "uucp",    "cron",   "authpriv", "ftp",
    "ntp",    "security", "console", "cron",   "local0",   "local1",
    "local2", "local3",	  "local4",  "local5", "local6",   "local7"};

/* tcpdump's syslog_severity_values (0 to 7). */
static const char *const severities[] = {"emergency", "alert",	 "critical",
					 "error",     "warning", "notice",
					 "info",      "debug"};

/* The facility's name, or "unknown (N)" in BUF. */
static const char *facility_name(unsigned f, char *buf, size_t n)
{
	if (f < sizeof facilities / sizeof facilities[0])
		return facilities[f];
	snprintf(buf, n, "unknown (%u)", f);
	return buf;
}

int nlab_p_syslog(nlab_pctx *c, nlab_view v, uint32_t len)
{
	c->proto = "syslog";
	size_t off = 0;
	unsigned pri = 0;
	if (!nlab_view_has(v, 0, 1))
		return NLAB_P_TRUNC;
	if (nlab_get8(v, off++) != '<') {
		nlab_p_puts(c, " (invalid)");
		return NLAB_P_OK;
	}
	for (; off <= 3; off++) {
		if (!nlab_view_has(v, off, 1))
			return NLAB_P_TRUNC;
		uint8_t d = nlab_get8(v, off);
		if (d < '0' || d > '9')
			break;
		pri = pri * 10 + (d - '0');
	}
	if (!nlab_view_has(v, off, 1))
		return NLAB_P_TRUNC;
	if (nlab_get8(v, off++) != '>') {
		nlab_p_puts(c, " (invalid)");
		return NLAB_P_OK;
	}
	unsigned facility = (pri & 0x03f8) >> 3, severity = pri & 7;
	char buf[24];
	const char *fname = facility_name(facility, buf, sizeof buf);
	if (!c->o->v) {
		nlab_strbuf_printf(c->out, "SYSLOG %s.%s, length: %u", fname,
				   severities[severity], len);
		return NLAB_P_OK;
	}
	nlab_strbuf_printf(
	    c->out,
	    "SYSLOG, length: %u\n\tFacility %s (%u), Severity %s (%u)\n\tMsg: ",
	    len, fname, facility, severities[severity], severity);
	if (len > off && nlab_p_printn(c, v, off, len - off))
		return NLAB_P_TRUNC;
	if (c->o->v > 1) /* -vv: the message's bytes too */
		nlab_p_hexdump(c, v, 0, len, "\n\t");
	return NLAB_P_OK;
}
