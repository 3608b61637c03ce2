/* print_timed.c - the BSD time daemon's TSP (UDP 525), as tcpdump's
 * print-timed.c writes it: "TSP_LOOP vers 1 seq 15498 hopcnt 10 name
 * host", the time of the set and adjust messages ("time 12.000500"). */
#include "print_priv.h"

/* tcpdump's tsptype_str, by the message type. */
static const char *const types[] = {
	"TSP_ANY",      "TSP_ADJTIME",  "TSP_ACK",       "TSP_MASTERREQ", "TSP_MASTERACK",
	"TSP_SETTIME",  "TSP_MASTERUP", "TSP_SLAVEUP",   "TSP_ELECTION",  "TSP_ACCEPT",
	"TSP_REFUSE",   "TSP_CONFLICT", "TSP_RESOLVE",   "TSP_QUIT",      "TSP_DATE",
	"TSP_DATEREQ",  "TSP_DATEACK",  "TSP_TRACEON",   "TSP_TRACEOFF",  "TSP_MSITE",
	"TSP_MSITEREQ", "TSP_TEST",     "TSP_SETDATE",   "TSP_SETDATEREQ", "TSP_LOOP"};

enum { ADJTIME = 1, SETTIME = 5, SETDATE = 22, SETDATEREQ = 23, LOOP = 24 };

int nlab_p_timed(nlab_pctx *c, nlab_view v)
{
	c->proto = "timed";
	if (!nlab_view_has(v, 0, 1))
		return NLAB_P_TRUNC;
	uint8_t type = nlab_get8(v, 0);
	if (type < sizeof types / sizeof types[0])
		nlab_p_puts(c, types[type]);
	else
		nlab_strbuf_printf(c->out, "(tsp_type %#x)", type);
	if (!nlab_view_has(v, 1, 1))
		return NLAB_P_TRUNC;
	nlab_strbuf_printf(c->out, " vers %u", nlab_get8(v, 1));
	if (!nlab_view_has(v, 2, 2))
		return NLAB_P_TRUNC;
	nlab_strbuf_printf(c->out, " seq %u", nlab_get16(v, 2));
	if (type == LOOP) {
		if (!nlab_view_has(v, 4, 1))
			return NLAB_P_TRUNC;
		nlab_strbuf_printf(c->out, " hopcnt %u", nlab_get8(v, 4));
	} else if (type == SETTIME || type == ADJTIME || type == SETDATE || type == SETDATEREQ) {
		if (!nlab_view_has(v, 4, 8))
			return NLAB_P_TRUNC;
		int32_t sec = (int32_t)nlab_get32(v, 4), usec = (int32_t)nlab_get32(v, 8);
		if (usec < 0)
			return NLAB_P_OK; /* invalid: the rest is skipped */
		nlab_p_puts(c, " time ");
		if (sec < 0 && usec != 0) {
			sec++;
			if (sec == 0)
				nlab_p_puts(c, "-");
			usec = 1000000 - usec;
		}
		nlab_strbuf_printf(c->out, "%d.%06d", (int)sec, (int)usec);
	}
	nlab_p_puts(c, " name ");
	return nlab_p_printjnp(c, v, 12, 256);
}
