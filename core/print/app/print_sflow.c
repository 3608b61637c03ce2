/* print_sflow.c - sFlow version 5 (UDP 6343), as tcpdump's print-sflow.c
 * writes it: "sFlowv5, IPv4 agent 10.0.0.1, agent-id 1, length 200",
 * and under -v the datagram's counters and each sample a line (flow,
 * counter and their expanded forms) with its records: raw packet
 * headers, Ethernet frames, switch data; generic, Ethernet, 100BaseVG,
 * VLAN and processor counters; others in hex (not under -vv). */
#include "print_priv.h"

enum { SF_OK, SF_INVALID, SF_TRUNC };

/* A field's width in bytes for the conversion F of line(). */
static size_t width(char f)
{
	return f == 'q' ? 8 : f == 'b' ? 1 : f == 't' ? 3 : 4;
}

/* One field of line() at OFF of V, converted by F. */
static void field(nlab_pctx *c, nlab_view v, size_t off, char f)
{
	static const char *const dirs[] = {"unknown", "full-duplex",
					   "half-duplex", "in", "out"};
	static const char *const protos[] = {
	    [1] = "Ethernet", [11] = "IPv4", [12] = "IPv6"};
	uint32_t w = nlab_get32(v, off);
	switch (f) {
	case 'q':
		nlab_strbuf_printf(c->out, "%llu",
				   (unsigned long long)w << 32 |
				       nlab_get32(v, off + 4));
		return;
	case 'b':
		nlab_p_u(c, nlab_get8(v, off));
		return;
	case 't':
		nlab_p_u(c, nlab_get32(v, off - 1) & 0xffffff);
		return;
	case 'd':
		nlab_strbuf_printf(c->out, "%u (%s)", w,
				   w < 5 ? dirs[w] : "Unknown");
		return;
	case 'S':
		nlab_strbuf_printf(
		    c->out, "%u, adminstatus: %s, operstatus: %s", w,
		    w & 1 ? "up" : "down", w & 2 ? "up" : "down");
		return;
	case 'p':
		nlab_strbuf_printf(c->out, "%s (%u)",
				   w < 13 && protos[w] ? protos[w] : "Unknown",
				   w);
		return;
	case '_':
		return;
	default:
		nlab_p_u(c, w);
		return;
	}
}

/* Prints FMT with the fields it names read in order from *OFF of V (%u
 * 32 bits, %q 64, %b 8, %t 24, %_ 4 skipped, %d an interface direction,
 * %S an interface status, %p a header protocol), moving *OFF past them;
 * SF_TRUNC, nothing printed, when they were not all captured (a printf
 * of tcpdump's whose GET_ arguments longjmp). */
static int line(nlab_pctx *c, nlab_view v, size_t *off, const char *fmt)
{
	size_t need = 0;
	for (const char *p = strchr(fmt, '%'); p; p = strchr(p + 2, '%'))
		need += width(p[1]);
	if (!nlab_view_has(v, *off, need))
		return SF_TRUNC;
	for (const char *p = fmt; *p; p++) {
		if (*p != '%') {
			nlab_strbuf_add(c->out, p, 1);
			continue;
		}
		p++;
		field(c, v, *off, *p);
		*off += width(*p);
	}
	return SF_OK;
}

/* The lines LINES (NULL-ended) of a record at OFF of V, SIZE bytes long
 * where LEN are left: SF_INVALID when LEN is short of SIZE. */
static int lines(nlab_pctx *c, nlab_view v, size_t off, uint32_t len,
		 uint32_t size, const char *const *l)
{
	if (len < size)
		return SF_INVALID;
	for (; *l; l++)
		if (line(c, v, &off, *l))
			return SF_TRUNC;
	return SF_OK;
}

#define T "\n\t      "
static const char *const generic[] = {
    T "ifindex %u, iftype %u, ifspeed %q, ifdirection %d",
    T "ifstatus %S",
    T "In octets %q, unicast pkts %u, multicast pkts %u, broadcast pkts %u, "
      "discards %u",
    T "In errors %u, unknown protos %u",
    T "Out octets %q, unicast pkts %u, multicast pkts %u, broadcast pkts %u, "
      "discards %u",
    T "Out errors %u, promisc mode %u",
    NULL};
static const char *const ethernet[] = {
    T "align errors %u, fcs errors %u, single collision %u, multiple collision "
      "%u, test error %u",
    T "deferred %u, late collision %u, excessive collision %u, mac trans error "
      "%u",
    T "carrier error %u, frames too long %u, mac receive errors %u, symbol "
      "errors %u",
    NULL};
static const char *const basevg[] = {
    T "in high prio frames %u, in high prio octets %q",
    T "in norm prio frames %u, in norm prio octets %q",
    T "in ipm errors %u, oversized %u, in data errors %u, null addressed "
      "frames %u",
    T "out high prio frames %u, out high prio octets %q, trans into frames %u",
    T "in hc high prio octets %q, in hc norm prio octets %q, out hc high prio "
      "octets %q",
    NULL};
static const char *const vlan[] = {
    T "vlan_id %u, octets %q, unicast_pkt %u, multicast_pkt %u, broadcast_pkt "
      "%u, discards %u",
    NULL};
static const char *const processor[] = {
    T "5sec %u, 1min %u, 5min %u, total_mem %q, total_mem %q", NULL};
static const char *const raw[] = {
    T "protocol %p, length %u, stripped bytes %u, header_size %u", NULL};
static const char *const frame[] = {T "frame len %u, %_%_%_%_type %u", NULL};
static const char *const sw[] = {
    T "src vlan %u, src pri %u, dst vlan %u, dst pri %u", NULL};
#undef T

/* The name of counter record TYPE (sflow_counter_type_values). */
static const char *counter_name(uint32_t t)
{
	static const char *const names[] = {
	    "Generic counter", "Ethernet counter", "Token ring counter",
	    "100 BaseVG counter", "Vlan counter"};
	return t >= 1 && t <= 5 ? names[t - 1]
	       : t == 1001	? "Processor counter"
				: "Unknown";
}

/* The name of flow record TYPE (sflow_flow_type_values). */
static const char *flow_name(uint32_t t)
{
	static const char *const names[] = {"Raw packet",
					    "Ethernet frame",
					    "IPv4 Data",
					    "IPv6 Data",
					    "Extended Switch data",
					    "Extended Router data",
					    "Extended Gateway data",
					    "Extended User data",
					    "Extended URL data",
					    "Extended MPLS data",
					    "Extended NAT data",
					    "Extended MPLS tunnel",
					    "Extended MPLS VC",
					    "Extended MPLS FEC",
					    "Extended MPLS LVP FEC",
					    "Extended VLAN Tunnel"};
	if (t >= 1 && t <= 4)
		return names[t - 1];
	return t >= 1001 && t <= 1012 ? names[t - 1001 + 4] : "Unknown";
}

/* The body of counter record TYPE at OFF of V (LEN bytes left, RLEN
 * its own length). */
static int counter_body(nlab_pctx *c, nlab_view v, size_t off, uint32_t len,
			uint32_t type, uint32_t rlen)
{
	switch (type) {
	case 1:
		return lines(c, v, off, len, 88, generic);
	case 2:
		return lines(c, v, off, len, 52, ethernet);
	case 3:
		return SF_OK;
	case 4:
		return lines(c, v, off, len, 80, basevg);
	case 5:
		return lines(c, v, off, len, 28, vlan);
	case 1001:
		return lines(c, v, off, len, 28, processor);
	}
	if (c->o->v <= 1)
		nlab_p_hexdump(c, v, off, rlen, "\n\t\t");
	return SF_OK;
}

/* The body of flow record TYPE, likewise. */
static int flow_body(nlab_pctx *c, nlab_view v, size_t off, uint32_t len,
		     uint32_t type, uint32_t rlen)
{
	switch (type) {
	case 1:
		return lines(c, v, off, len, 16, raw);
	case 2:
		return lines(c, v, off, len, 24, frame);
	case 1001:
		return lines(c, v, off, len, 16, sw);
	}
	if ((type >= 3 && type <= 4) || (type >= 1002 && type <= 1012))
		return SF_OK; /* tcpdump has no decoder for these yet */
	if (c->o->v <= 1)
		nlab_p_hexdump(c, v, off, rlen, "\n\t\t");
	return SF_OK;
}

/* N records (FLOW: flow records, else counter records) from OFF of V,
 * LEN bytes left in the datagram. */
static int records(nlab_pctx *c, nlab_view v, size_t off, uint32_t len,
		   uint32_t n, int flow)
{
	for (; n > 0; n--) {
		if (len < 8)
			return SF_INVALID;
		if (!nlab_view_has(v, off, 8))
			return SF_TRUNC;
		uint32_t fmt = nlab_get32(v, off),
			 rlen = nlab_get32(v, off + 4);
		uint32_t type = fmt & 0xfff, ent = fmt >> (flow ? 12 : 20);
		nlab_strbuf_printf(
		    c->out,
		    flow ? "\n\t    enterprise %u %s (%u) length %u"
			 : "\n\t    enterprise %u, %s (%u) length %u",
		    ent,
		    ent	   ? "Unknown"
		    : flow ? flow_name(type)
			   : counter_name(type),
		    type, rlen);
		off += 8, len -= 8;
		if (len < rlen)
			return SF_INVALID;
		if (ent == 0) {
			int r = flow ? flow_body(c, v, off, len, type, rlen)
				     : counter_body(c, v, off, len, type, rlen);
			if (r)
				return r;
		}
		off += rlen, len -= rlen;
	}
	return SF_OK;
}

/* A sample of TYPE (1-4) at OFF of V, LEN bytes left: its header line
 * and records. */
static int sample(nlab_pctx *c, nlab_view v, size_t off, uint32_t len,
		  uint32_t type)
{
	static const struct {
		uint32_t size;
		const char *fmt;
	} hdrs[] = {{32, " seqnum %u, type %b, idx %t, rate %u, pool %u, drops "
			 "%u, input %u output %u records %u"},
		    {12, " seqnum %u, type %b, idx %t, records %u"},
		    {44, " seqnum %u, type %u, idx %u, rate %u, pool %u, drops "
			 "%u, %_%_%_%_records %u"},
		    {16, " seqnum %u, type %u, idx %u, records %u"}};
	uint32_t size = hdrs[type - 1].size;
	if (len < size)
		return SF_INVALID;
	size_t at = off;
	if (line(c, v, &at, hdrs[type - 1].fmt))
		return SF_TRUNC;
	return records(c, v, off + size, len - size,
		       nlab_get32(v, off + size - 4), type % 2);
}

/* -v: the samples after the datagram's header of HLEN bytes (LEN in
 * all); SF_INVALID with *AT and *LEFT where it stopped. */
static int samples(nlab_pctx *c, nlab_view v, uint32_t len, uint32_t hlen,
		   size_t *at, uint32_t *left)
{
	uint32_t n = nlab_get32(v, hlen - 4);
	*at = hlen, *left = len - hlen;
	while (n > 0 && *left > 0) {
		if (!nlab_view_has(v, *at, 8))
			return SF_TRUNC;
		uint32_t type = nlab_get32(v, *at) & 0xfff,
			 slen = nlab_get32(v, *at + 4);
		if (*left < 8)
			return SF_INVALID;
		*at += 8, *left -= 8;
		static const char *const names[] = {
		    "Unknown", "flow sample", "counter sample",
		    "expanded flow sample", "expanded counter sample"};
		nlab_strbuf_printf(c->out, "\n\t%s (%u), length %u,",
				   names[type <= 4 ? type : 0], type, slen);
		if (type == 0 || slen == 0)
			return SF_OK;
		if (*left < slen)
			return SF_INVALID;
		if (!nlab_view_has(v, *at, slen))
			return SF_TRUNC;
		if (type <= 4) {
			int r = sample(c, v, *at, *left, type);
			if (r)
				return r;
		} else if (c->o->v <= 1) {
			nlab_p_hexdump(c, v, *at, slen, "\n\t    ");
		}
		*at += slen, *left -= slen, n--;
	}
	return SF_OK;
}

/* -v's header line of a datagram whose agent is IPv4 (V4) or IPv6, and
 * its samples. */
static int verbose(nlab_pctx *c, nlab_view v, uint32_t len, int v4)
{
	size_t at = 0;
	uint32_t left = len, hlen = v4 ? 28 : 40;
	if (!nlab_view_has(v, 0, hlen))
		return NLAB_P_TRUNC;
	nlab_strbuf_printf(c->out, "sFlowv%u, %s agent ", nlab_get32(v, 0),
			   v4 ? "IPv4" : "IPv6");
	v4 ? nlab_p_ip4(c, v, 8) : nlab_p_ip6addr(c, v, 8);
	size_t o = v4 ? 12 : 24;
	nlab_strbuf_printf(
	    c->out,
	    ", agent-id %u, seqnum %u, uptime %u, samples %u, length %u",
	    nlab_get32(v, o), nlab_get32(v, o + 4), nlab_get32(v, o + 8),
	    nlab_get32(v, o + 12), len);
	int r = SF_INVALID;
	if (len < hlen)
		nlab_strbuf_printf(c->out, " [tlen %u < %u]", len, hlen);
	else
		r = samples(c, v, len, hlen, &at, &left);
	if (r == SF_INVALID)
		nlab_p_puts(c, " (invalid)");
	if (r == SF_TRUNC || (r == SF_INVALID && !nlab_view_has(v, at, left)))
		return NLAB_P_TRUNC;
	return NLAB_P_OK;
}

int nlab_p_sflow(nlab_pctx *c, nlab_view v, uint32_t len)
{
	c->proto = "sflow";
	if (!nlab_view_has(v, 4, 4))
		return NLAB_P_TRUNC;
	uint32_t ipv = nlab_get32(v, 4);
	if ((len < 28 && ipv == 1) || (len < 40 && ipv == 2)) {
		nlab_strbuf_printf(c->out,
				   "sFlowv%u [length %u < 28] (invalid)",
				   nlab_get32(v, 0), len);
		return NLAB_P_OK;
	}
	if (!nlab_view_has(v, 0, 28))
		return NLAB_P_TRUNC;
	if (nlab_get32(v, 0) != 5) {
		nlab_strbuf_printf(c->out,
				   "sFlow version %u packet not supported",
				   nlab_get32(v, 0));
		return NLAB_P_OK;
	}
	if (c->o->v)
		return verbose(c, v, len, ipv == 1);
	nlab_strbuf_printf(c->out, "sFlowv5, %s agent ",
			   ipv == 1 ? "IPv4" : "IPv6");
	ipv == 1 ? nlab_p_ip4(c, v, 8) : nlab_p_ip6addr(c, v, 8);
	nlab_strbuf_printf(c->out, ", agent-id %u, length %u",
			   nlab_get32(v, ipv == 1 ? 12 : 24), len);
	return NLAB_P_OK;
}
