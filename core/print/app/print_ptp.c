/* print_ptp.c - the Precision Time Protocol (UDP 319 and 320, EtherType
 * 0x88f7), as tcpdump's print-ptp.c writes it: "PTPv2, v1 compat : no,
 * msg type : sync msg, length : 44, ..." with the message's time stamps
 * and identities (version 1: "(not implemented)"). */
#include "print_priv.h"

#include <inttypes.h>

/* A PTP message being read: V its bytes, AT the next field's offset. */
typedef struct ptp {
	nlab_pctx *c;
	nlab_view v;
	size_t at;
} ptp;

/* The N-byte big-endian number at AT, moving past it; 0 when cut. */
static int take(ptp *p, size_t n, uint64_t *out)
{
	if (!nlab_view_has(p->v, p->at, n))
		return 0;
	uint64_t x = 0;
	for (size_t i = 0; i < n; i++)
		x = x << 8 | nlab_get8(p->v, p->at + i);
	*out = x, p->at += n;
	return 1;
}

/* Each field of a run: its size in bytes, then the format of what is
 * printed of it (one "%" conversion of a uint64_t). */
typedef struct ptp_field {
	size_t n;
	const char *fmt;
} ptp_field;

/* Prints the fields of F (N of them) in turn; 0, or -1 when one is cut
 * (tcpdump's longjmp: the ones before it stay printed). */
static int fields(ptp *p, const ptp_field *f, size_t n)
{
	for (size_t i = 0; i < n; i++) {
		uint64_t x;
		if (!take(p, f[i].n, &x))
			return -1;
		nlab_strbuf_printf(p->c->out, f[i].fmt, x);
	}
	return 0;
}

/* A time stamp after ", NAME :" (ID: with a port identity after it,
 * SEP: "," after the seconds as all but the announce message have). */
static int stamp(ptp *p, const char *name, int id, int sep)
{
	const ptp_field ts[] = {{6, sep ? " %" PRIu64 " seconds," : " %" PRIu64 " seconds"},
				{4, " %" PRIu64 " nanoseconds"},
				{8, ", port identity : 0x%" PRIx64},
				{2, ", port id : %" PRIu64}};
	nlab_strbuf_printf(p->c->out, ", %s :", name);
	return fields(p, ts, id ? 4 : 2);
}

/* An announce message's body. */
static int announce(ptp *p)
{
	static const ptp_field f[] = {
		{2, ", origin cur utc :%" PRIu64}, {1, ", rsvd : %" PRIu64},
		{1, ", gm priority_1 : %" PRIu64}, {1, ", gm clock class : %" PRIu64},
		{1, ", gm clock accuracy : %" PRIu64}, {2, ", gm clock variance : %" PRIu64},
		{1, ", gm priority_2 : %" PRIu64}, {8, ", gm clock id : 0x%" PRIx64},
		{2, ", steps removed : %" PRIu64}, {1, ", time source : 0x%" PRIx64}};
	if (stamp(p, "originTimeStamp", 0, 0) < 0)
		return -1;
	return fields(p, f, sizeof f / sizeof f[0]);
}

/* A management message's body: the port identity, then (as tcpdump
 * 4.99.3 does) four one-byte fields all read from where it starts. */
static int management(ptp *p)
{
	static const ptp_field id[] = {{8, ", port identity : 0x%" PRIx64}, {2, ", port id : %" PRIu64}};
	static const ptp_field again[] = {
		{1, ", , start boundary hops  %" PRIu64}, {1, ", , boundary hops  %" PRIu64},
		{1, ", , flags  0x%" PRIx64}, {1, ", , reserved  0x%" PRIx64}};
	size_t start = p->at;
	if (fields(p, id, 2) < 0)
		return -1;
	for (size_t i = 0; i < 4; i++) {
		p->at = start;
		if (fields(p, &again[i], 1) < 0)
			return -1;
	}
	return 0;
}

/* The body of message type T. */
static int body(ptp *p, unsigned t)
{
	static const ptp_field id[] = {{8, ", port identity : 0x%" PRIx64}, {2, ", port id : %" PRIu64}};
	switch (t) {
	case 0:
	case 1: return stamp(p, "originTimeStamp", 0, 1);
	case 2: return stamp(p, "preciseOriginTimeStamp", 1, 1);
	case 3: return stamp(p, "receiveTimeStamp", 1, 1);
	case 8: return stamp(p, "preciseOriginTimeStamp", 0, 1);
	case 9: return stamp(p, "receiveTimeStamp", 1, 1);
	case 10: return stamp(p, "preciseOriginTimeStamp", 1, 1);
	case 11: return announce(p);
	case 12: return fields(p, id, 2);
	case 13: return management(p);
	default: return 0;
	}
}

/* A message type's name (ptp_msg_type). */
static const char *type_name(unsigned t)
{
	static const char *const names[] = {
		"sync msg", "delay req msg", "peer delay req msg", "peer delay resp msg", NULL, NULL,
		NULL, NULL, "follow up msg", "delay resp msg", "pdelay resp fup msg",
		"announce msg", "signalling msg", "management msg"};
	return t < 14 && names[t] ? names[t] : "Reserved";
}

/* The common header of a version 2 message after "PTPv2". */
static int header2(ptp *p)
{
	static const nlab_bitname flags[] = {
		{0x1, "l1 61"}, {0x2, "l1 59"}, {0x4, "utc reasonable"}, {0x8, "timescale"},
		{0x10, "time tracable"}, {0x20, "frequency tracable"}, {0x100, "alternate master"},
		{0x200, "two step"}, {0x400, "unicast"}, {0x1000, "profile specific 1"},
		{0x2000, "profile specific 2"}, {0x4000, "security mask"}, {0x18c0, "unknown"}, {0, NULL}};
	static const char *const control[] = {"Sync", "Delay_Req", "Follow_Up", "Delay_Resp",
					      "Management", "Other"};
	nlab_view v = p->v;
	unsigned t = nlab_get8(v, 0) & 15;
	nlab_strbuf_printf(p->c->out, ", v1 compat : %s, msg type : %s", nlab_get8(v, 0) & 0x10 ? "yes" : "no",
			   type_name(t));
	static const ptp_field f1[] = {{2, ", length : %" PRIu64}};
	p->at = 2;
	if (fields(p, f1, 1) < 0 || !nlab_view_has(v, 4, 2))
		return -1;
	nlab_strbuf_printf(p->c->out, ", domain : %u, reserved1 : %u", nlab_get8(v, 4), nlab_get8(v, 5));
	if (!nlab_view_has(v, 6, 2))
		return -1;
	nlab_p_puts(p->c, ", Flags [");
	nlab_p_bits(p->c, flags, nlab_get16(v, 6), ", ", "none");
	nlab_p_puts(p->c, "]");
	static const ptp_field f2[] = {
		{6, ", NS correction : %" PRIu64}, {2, ", sub NS correction : %" PRIu64},
		{4, ", reserved2 : %" PRIu64}, {8, ", clock identity : 0x%" PRIx64},
		{2, ", port id : %" PRIu64}, {2, ", seq id : %" PRIu64}};
	p->at = 8;
	if (fields(p, f2, sizeof f2 / sizeof f2[0]) < 0 || !nlab_view_has(v, 32, 1))
		return -1;
	unsigned ctl = nlab_get8(v, 32);
	nlab_strbuf_printf(p->c->out, ", control : %u (%s)", ctl, ctl < 6 ? control[ctl] : "Reserved");
	if (!nlab_view_has(v, 32, 2))
		return -1;
	nlab_strbuf_printf(p->c->out, ", log message interval : %u", nlab_get8(v, 33));
	p->at = 34;
	return body(p, t);
}

int nlab_p_ptp(nlab_pctx *c, nlab_view v, uint32_t len)
{
	c->proto = "ptp";
	if (len < 34) {
		nlab_strbuf_printf(c->out, " [length %u < 34] (invalid)", len);
		return NLAB_P_OK;
	}
	if (!nlab_view_has(v, 0, 2))
		return NLAB_P_TRUNC;
	unsigned ver = nlab_get8(v, 1);
	nlab_strbuf_printf(c->out, "PTPv%u", ver);
	if (ver == 1)
		nlab_p_puts(c, " (not implemented)");
	ptp p = {c, v, 0};
	if (ver == 2 && header2(&p) < 0)
		return NLAB_P_TRUNC;
	return NLAB_P_OK;
}
