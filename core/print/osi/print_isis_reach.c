/* print_isis_reach.c - IS-IS's reachability TLVs as tcpdump prints
 * them: the old IS and IP reachability with their metric blocks, the
 * extended IS reachability (RFC 5305) with its traffic engineering,
 * GMPLS, SPB and segment routing sub-TLVs, the extended IPv4 and IPv6
 * reachability with theirs, multi-topology ids, and the router
 * capability's segment routing sub-TLVs. */
#include "osi_priv.h"

#include <stdio.h>

/* ", Default Metric: 10, Internal" and the other three when supported. */
void nlab_isis_metrics(isis_pdu *d, size_t off)
{
	static const char *const what[] = {"Delay", "Expense", "Error"};
	uint8_t m = nlab_get8(d->p, off);
	nlab_strbuf_printf(d->c->out, ", Default Metric: %u, %s", m & 0x3f,
			   m & 0x40 ? "External" : "Internal");
	for (int i = 0; i < 3; i++) {
		m = nlab_get8(d->p, off + 1 + (size_t)i);
		if (!(m & 0x80))
			nlab_strbuf_printf(d->c->out, "\n\t\t  %s Metric: %u, %s", what[i], m & 0x3f,
					   m & 0x40 ? "External" : "Internal");
	}
}

int nlab_isis_mtid(isis_pdu *d, size_t off, unsigned tlen)
{
	if (tlen < 2)
		return NLAB_P_ETRUNC;
	OSI_NEED(d->p, off, 2);
	uint16_t w = nlab_get16(d->p, off), id = w & 0xfff;
	const char *n = id == 0      ? "IPv4 unicast"
			: id == 1    ? "In-Band Management"
			: id == 2    ? "IPv6 unicast"
			: id == 3    ? "Multicast"
			: id == 4095 ? "Development, Experimental or Proprietary"
				     : "Reserved for IETF Consensus";
	static const nlab_bitname flags[] = {{0x4000, "ATT bit set"},
					     {0x8000, "Overload bit set"},
					     {0, NULL}};
	nlab_strbuf_printf(d->c->out, "\n\t      %s Topology (0x%03x), Flags: [", n, id);
	nlab_p_bits(d->c, flags, w & 0xf000, ", ", "none");
	nlab_p_puts(d->c, "]");
	return NLAB_P_OK;
}

/* tcpdump's mask2plen: the prefix length of MASK, -1 when it is none. */
static int mask2plen(uint32_t mask)
{
	for (int l = 32; l >= 0; l--)
		if ((l ? ~0u << (32 - l) : 0) == mask)
			return l;
	return -1;
}

/* The dotted quad of the 4 bytes at OFF of V, "%15s" right-aligned. */
static void ip4_padded(nlab_pctx *c, nlab_view v, size_t off)
{
	char b[16];
	snprintf(b, sizeof b, "%u.%u.%u.%u", nlab_get8(v, off), nlab_get8(v, off + 1),
		 nlab_get8(v, off + 2), nlab_get8(v, off + 3));
	nlab_strbuf_printf(c->out, "%15s", b);
}

int nlab_isis_ip_reach(isis_pdu *d, size_t off, unsigned len)
{
	nlab_pctx *c = d->c;
	static const char *const what[] = {"Delay", "Expense", "Error"};
	for (; len > 0; off += 12, len -= 12) {
		if (len < 12) {
			nlab_strbuf_printf(c->out, "short IPv4 Reachability (%u vs 12)", len);
			return OSI_DONE;
		}
		if (!nlab_view_has(d->p, off, 12))
			return OSI_DONE;
		int plen = mask2plen(nlab_get32(d->p, off + 8));
		nlab_p_puts(c, "\n\t      IPv4 prefix: ");
		if (plen == -1) {
			nlab_p_ip4(c, d->p, off + 4);
			nlab_p_puts(c, " mask ");
			nlab_p_ip4(c, d->p, off + 8);
		} else {
			ip4_padded(c, d->p, off + 4);
			nlab_strbuf_printf(c->out, "/%d", plen);
		}
		uint8_t m = nlab_get8(d->p, off);
		nlab_strbuf_printf(c->out, ", Distribution: %s, Metric: %u, %s",
				   m & 0x80 ? "down" : "up", m & 0x3f, m & 0x40 ? "External" : "Internal");
		for (int i = 0; i < 3; i++) {
			m = nlab_get8(d->p, off + 1 + (size_t)i);
			if (!(m & 0x80))
				nlab_strbuf_printf(c->out, "\n\t        %s Metric: %u, %s", what[i],
						   m & 0x3f, m & 0x40 ? "External" : "Internal");
		}
	}
	return NLAB_P_OK;
}

/* One sub-TLV of an extended IP reachability entry (TYPE, LEN bytes at
 * OFF), after IDENT: tcpdump's trunc there prints " [|isis]" itself and
 * its caller another. */
static int ip_subtlv(isis_pdu *d, size_t off, uint8_t type, uint8_t len, const char *ident)
{
	nlab_pctx *c = d->c;
	const char *n = type == 1     ? "32-Bit Administrative tag"
			: type == 2   ? "64-Bit Administrative tag"
			: type == 3   ? "Prefix SID"
			: type == 117 ? "Management Prefix Color"
				      : "unknown";
	nlab_strbuf_printf(c->out, "%s%s subTLV #%u, length: %u", ident, n, type, len);
	if (!nlab_view_has(d->p, off, len)) {
		nlab_p_trunc(c);
		return NLAB_P_ETRUNC;
	}
	switch (type) {
	case 1:
	case 117:
		for (; len >= 4; off += 4, len -= 4)
			nlab_strbuf_printf(c->out, ", 0x%08x (=%u)", nlab_get32(d->p, off),
					   nlab_get32(d->p, off));
		return NLAB_P_OK;
	case 2:
		for (; len >= 8; off += 8, len -= 8)
			nlab_strbuf_printf(c->out, ", 0x%08x%08x", nlab_get32(d->p, off),
					   nlab_get32(d->p, off + 4));
		return NLAB_P_OK;
	case 3: {
		OSI_NEED(d->p, off, 2);
		uint8_t flags = nlab_get8(d->p, off), algo = nlab_get8(d->p, off + 1);
		int label = flags & 0x08;
		if (len < (label ? 5 : 6)) {
			nlab_p_trunc(c);
			return NLAB_P_ETRUNC;
		}
		OSI_NEED(d->p, off + 2, label ? 3 : 4);
		uint32_t sid = label ? nlab_get24(d->p, off + 2) : nlab_get32(d->p, off + 2);
		static const nlab_bitname fl[] = {{0x80, "Readvertisement"}, {0x40, "Node"},
						  {0x20, "No-PHP"},	     {0x10, "Explicit NULL"},
						  {0x08, "Value"},	     {0x04, "Local"},
						  {0, NULL}};
		nlab_p_puts(c, ", Flags [");
		nlab_p_bits(c, fl, flags, ", ", "None");
		nlab_strbuf_printf(c->out, "], Algo %s (%u), %s %u",
				   algo == 0   ? "SPF"
				   : algo == 1 ? "strict-SPF"
					       : "Unknown",
				   algo, label ? "label" : "index", sid);
		return NLAB_P_OK;
	}
	default:
		return nlab_p_unknown_data(c, d->p, off, len, "\n\t\t    ") ? NLAB_P_OK : OSI_FAIL;
	}
}

/* The prefix of an extended IP entry: BITS of it at OFF (AFI 4 or 6). */
static int ip_prefix(isis_pdu *d, size_t off, int afi, unsigned bits)
{
	unsigned bytes = (bits + 7) / 8;
	uint8_t a[16] = {0};
	OSI_NEED(d->p, off, bytes);
	nlab_getbytes(d->p, off, a, bytes);
	nlab_view pv = {a, 16};
	if (afi == 4) {
		nlab_p_puts(d->c, "\n\t      IPv4 prefix: ");
		ip4_padded(d->c, pv, 0);
	} else {
		nlab_p_puts(d->c, "\n\t      IPv6 prefix: ");
		nlab_p_ip6addr(d->c, pv, 0);
	}
	nlab_strbuf_printf(d->c->out, "/%u", bits);
	return NLAB_P_OK;
}

int nlab_isis_extd_ip_reach(isis_pdu *d, size_t off, int afi, unsigned *used)
{
	nlab_pctx *c = d->c;
	*used = 0;
	OSI_NEED(d->p, off, 4);
	uint32_t metric = nlab_get32(d->p, off);
	OSI_NEED(d->p, off + 4, afi == 4 ? 1 : 2);
	uint8_t status = nlab_get8(d->p, off + 4);
	unsigned bits = afi == 4 ? (status & 0x3fu) : nlab_get8(d->p, off + 5);
	if (bits > (afi == 4 ? 32u : 128u)) {
		nlab_strbuf_printf(c->out, "\n\t      IPv%d prefix: bad bit length %u", afi, bits);
		return NLAB_P_OK;
	}
	unsigned at = afi == 4 ? 5 : 6;
	int r = ip_prefix(d, off + at, afi, bits);
	if (r)
		return r;
	unsigned processed = at + (bits + 7) / 8;
	size_t p = off + processed;
	nlab_strbuf_printf(c->out, ", Distribution: %s, Metric: %u", status & 0x80 ? "down" : "up",
			   metric);
	int sub = afi == 4 ? status & 0x40 : status & 0x20;
	if (afi == 4 && sub)
		nlab_p_puts(c, ", sub-TLVs present");
	else if (afi == 6)
		nlab_strbuf_printf(c->out, ", %s%s", status & 0x40 ? "External" : "Internal",
				   sub ? ", sub-TLVs present" : "");
	if (sub) {
		OSI_NEED(d->p, p, 1);
		unsigned sublen = nlab_get8(d->p, p++);
		processed += sublen + 1;
		nlab_strbuf_printf(c->out, " (%u)", sublen);
		while (sublen > 0) { /* ends with the capture, as tcpdump's */
			OSI_NEED(d->p, p, 2);
			uint8_t t = nlab_get8(d->p, p), l = nlab_get8(d->p, p + 1);
			p += 2;
			if ((r = ip_subtlv(d, p, t, l, "\n\t        ")))
				return r;
			p += l;
			sublen -= l + 2u;
		}
	}
	*used = processed;
	return NLAB_P_OK;
}

/* An IEEE float at OFF of V, in Mbps as tcpdump computes it (float). */
static double mbps(nlab_view v, size_t off)
{
	uint32_t i = nlab_get32(v, off);
	float f;
	memcpy(&f, &i, sizeof f);
	float m = f * 8 / 1000000;
	return m;
}

/* The name of an extended IS reachability sub-TLV, or "unknown". */
static const char *is_subtlv_name(uint8_t t)
{
	switch (t) {
	case 3: return "Administrative groups";
	case 4: return "Link Local/Remote Identifier";
	case 5: return "Link Remote Identifier";
	case 6: return "IPv4 interface address";
	case 8: return "IPv4 neighbor address";
	case 9: return "Maximum link bandwidth";
	case 10: return "Reservable link bandwidth";
	case 11: return "Unreserved bandwidth";
	case 12: return "Bandwidth Constraints (old)";
	case 18: return "Traffic Engineering Metric";
	case 19: return "Link Attribute";
	case 20: return "Link Protection Type";
	case 21: return "Interface Switching Capability";
	case 22: return "Bandwidth Constraints";
	case 29: return "SPB Metric";
	case 32: return "LAN Adjacency Segment Identifier";
	case 250:
	case 251:
	case 252:
	case 253:
	case 254: return "Reserved for cisco specific extensions";
	case 255: return "Reserved for future expansion";
	default: return "unknown";
	}
}

/* A sub-TLV walk's position: the bytes at P, what is left of the
 * sub-TLV (LEN), of all the sub-TLVs (SUM), and the count of bytes
 * the entry took (PROC), as tcpdump's counters go. */
typedef struct is_sub {
	size_t p;
	unsigned len, sum, proc;
} is_sub;

static void take(is_sub *s, unsigned n)
{
	s->p += n, s->len -= n, s->sum -= n, s->proc += n;
}

/* Sub-TLV 21: the interface switching capability descriptor. */
static int sw_cap(isis_pdu *d, is_sub *s, const char *ident)
{
	nlab_pctx *c = d->c;
	uint8_t cap = nlab_get8(d->p, s->p);
	nlab_strbuf_printf(c->out, "%s  Interface Switching Capability:%s", ident,
			   nlab_p_gmpls_switch_cap(cap));
	nlab_strbuf_printf(c->out, ", LSP Encoding: %s", nlab_p_gmpls_encoding(nlab_get8(d->p, s->p + 1)));
	take(s, 4);
	nlab_strbuf_printf(c->out, "%s  Max LSP Bandwidth:", ident);
	for (unsigned i = 0; i < 8; i++, take(s, 4))
		nlab_strbuf_printf(c->out, "%s    priority level %u: %.3f Mbps", ident, i,
				   mbps(d->p, s->p));
	if (cap >= 1 && cap <= 4) {
		if (s->len < 6)
			return NLAB_P_OK;
		nlab_strbuf_printf(c->out, "%s  Min LSP Bandwidth: %.3f Mbps", ident, mbps(d->p, s->p));
		nlab_strbuf_printf(c->out, "%s  Interface MTU: %u", ident, nlab_get16(d->p, s->p + 4));
	} else if (cap == 100) {
		if (s->len < 8)
			return NLAB_P_OK;
		nlab_strbuf_printf(c->out, "%s  Min LSP Bandwidth: %.3f Mbps", ident, mbps(d->p, s->p));
		uint8_t ind = nlab_get8(d->p, s->p + 4);
		if (ind <= 1)
			nlab_strbuf_printf(c->out, "%s  Indication %s", ident,
					   ind ? "Arbitrary SONET/SDH" : "Standard SONET/SDH");
		else
			nlab_strbuf_printf(c->out, "%s  Indication Unknown (%u)", ident, ind);
	} else if (s->len != 0 &&
		   !nlab_p_unknown_data(c, d->p, s->p, s->len, "\n\t\t    ")) {
		return OSI_FAIL;
	}
	return NLAB_P_OK;
}

/* Sub-TLV 32: the LAN adjacency segment id. */
static int lan_adj_sid(isis_pdu *d, is_sub *s, const char *ident)
{
	nlab_pctx *c = d->c;
	static const nlab_bitname fl[] = {{0x80, "Address family IPv6"}, {0x40, "Backup"},
					  {0x20, "Value"}, {0x10, "Local significance"},
					  {0x08, "Set of adjacencies"}, {0x04, "Persistent"},
					  {0, NULL}};
	uint8_t f = nlab_get8(d->p, s->p);
	nlab_strbuf_printf(c->out, "%s  Flags: [", ident);
	nlab_p_bits(c, fl, f, ", ", "none");
	nlab_p_puts(c, "]");
	take(s, 1);
	nlab_strbuf_printf(c->out, "%s  Weight: %u", ident, nlab_get8(d->p, s->p));
	take(s, 1);
	if (s->len >= 6) {
		nlab_strbuf_printf(c->out, "%s  Neighbor System-ID: ", ident);
		nlab_osi_id(c, d->p, s->p, 6);
	}
	int vf = f & 0x20, lf = f & 0x10;
	if (vf && lf) {
		OSI_NEED(d->p, s->p + 6, 3);
		nlab_strbuf_printf(c->out, "%s  Label: %u", ident, nlab_get24(d->p, s->p + 6));
	} else if (!vf && !lf) {
		OSI_NEED(d->p, s->p + 6, 4);
		nlab_strbuf_printf(c->out, "%s  Index: %u", ident, nlab_get32(d->p, s->p + 6));
	} else {
		nlab_p_puts(c, " (invalid)");
	}
	return NLAB_P_OK;
}

/* Sub-TLVs 12 and 22: the bandwidth constraints. */
static void bw_constraints(isis_pdu *d, is_sub *s, const char *ident)
{
	nlab_pctx *c = d->c;
	if (s->len == 0)
		return;
	uint8_t m = nlab_get8(d->p, s->p);
	nlab_strbuf_printf(c->out, "%sBandwidth Constraints Model ID: %s (%u)", ident,
			   m == 0     ? "Russian dolls"
			   : m == 1   ? "Maximum allocation"
			   : m == 254 ? "Maximum allocation with E-LSP support"
				      : "unknown",
			   m);
	take(s, 1);
	for (unsigned i = 0; s->len >= 4; i++, take(s, 4))
		nlab_strbuf_printf(c->out, "%s  Bandwidth constraint CT%u: %.3f Mbps", ident, i,
				   mbps(d->p, s->p));
}

/* The value of sub-TLV TYPE (captured whole), after its line. */
static int is_subtlv(isis_pdu *d, is_sub *s, uint8_t type, const char *ident)
{
	nlab_pctx *c = d->c;
	nlab_view v = d->p;
	size_t p = s->p;
	static const nlab_bitname attr[] = {{0x01, "Local Protection Available"},
					    {0x02, "Link excluded from local protection path"},
					    {0x04, "Local maintenance required"},
					    {0, NULL}};
	static const nlab_bitname prot[] = {{0x01, "Extra Traffic"}, {0x02, "Unprotected"},
					    {0x04, "Shared"},	     {0x08, "Dedicated 1:1"},
					    {0x10, "Dedicated 1+1"}, {0x20, "Enhanced"},
					    {0x40, "Reserved"},	     {0x80, "Reserved"},
					    {0, NULL}};
	switch (type) {
	case 3:
	case 4:
	case 5:
		if (s->len >= 4) {
			nlab_strbuf_printf(c->out, ", 0x%08x", nlab_get32(v, p));
			if (s->len == 8)
				nlab_strbuf_printf(c->out, ", 0x%08x", nlab_get32(v, p + 4));
		}
		return NLAB_P_OK;
	case 6:
	case 8:
		if (s->len >= 4)
			nlab_p_puts(c, ", "), nlab_p_ip4(c, v, p);
		return NLAB_P_OK;
	case 9:
	case 10:
		if (s->len >= 4)
			nlab_strbuf_printf(c->out, ", %.3f Mbps", mbps(v, p));
		return NLAB_P_OK;
	case 11:
		if (s->len >= 32)
			for (unsigned i = 0; i < 8; i++, take(s, 4))
				nlab_strbuf_printf(c->out, "%s  TE-Class %u: %.3f Mbps", ident, i,
						   mbps(v, s->p));
		return NLAB_P_OK;
	case 12:
	case 22:
		bw_constraints(d, s, ident);
		return NLAB_P_OK;
	case 18:
		if (s->len >= 3)
			nlab_strbuf_printf(c->out, ", %u", nlab_get24(v, p));
		return NLAB_P_OK;
	case 19:
		if (s->len == 2) {
			nlab_p_puts(c, ", [ ");
			nlab_p_bits(c, attr, nlab_get16(v, p), ", ", "Unknown");
			nlab_strbuf_printf(c->out, " ] (0x%04x)", nlab_get16(v, p));
		}
		return NLAB_P_OK;
	case 20:
		if (s->len >= 2) {
			nlab_p_puts(c, ", ");
			nlab_p_bits(c, prot, nlab_get8(v, p), ", ", "none");
			nlab_strbuf_printf(c->out, ", Priority %u", nlab_get8(v, p + 1));
		}
		return NLAB_P_OK;
	case 29:
		if (s->len >= 6) {
			nlab_strbuf_printf(c->out, ", LM: %u", nlab_get24(v, p));
			take(s, 3);
			nlab_strbuf_printf(c->out, ", P: %u", nlab_get8(v, s->p));
			take(s, 1);
			nlab_strbuf_printf(c->out, ", P-ID: %u", nlab_get16(v, s->p));
		}
		return NLAB_P_OK;
	case 21:
		return s->len >= 36 ? sw_cap(d, s, ident) : NLAB_P_OK;
	case 32:
		return s->len >= 8 ? lan_adj_sid(d, s, ident) : NLAB_P_OK;
	default:
		return nlab_p_unknown_data(c, v, p, s->len, "\n\t\t    ") ? NLAB_P_OK : OSI_FAIL;
	}
}

/* The sub-TLVs of an extended IS reachability entry: S->sum bytes,
 * REMAINING in the TLV. */
static int is_subtlvs(isis_pdu *d, is_sub *s, unsigned remaining)
{
	nlab_pctx *c = d->c;
	const char *ident = "\n\t        ";
	while (s->sum != 0) {
		if (!nlab_view_has(d->p, s->p, 2))
			return NLAB_P_ETRUNC;
		if (remaining < 2) {
			nlab_strbuf_printf(c->out, "%sRemaining data in TLV shorter than a subTLV header",
					   ident);
			s->proc += remaining;
			break;
		}
		if (s->sum < 2) {
			nlab_strbuf_printf(c->out,
					   "%sRemaining data in subTLVs shorter than a subTLV header",
					   ident);
			s->proc += s->sum;
			break;
		}
		uint8_t t = nlab_get8(d->p, s->p);
		s->len = nlab_get8(d->p, s->p + 1);
		s->p += 2, remaining -= 2, s->sum -= 2, s->proc += 2;
		nlab_strbuf_printf(c->out, "%s%s subTLV #%u, length: %u", ident, is_subtlv_name(t), t,
				   s->len);
		if (s->sum < s->len) {
			nlab_p_puts(c, " (remaining data in subTLVs shorter than the current subTLV)");
			s->proc += s->sum;
			break;
		}
		if (remaining < s->len) {
			nlab_p_puts(c, " (> remaining tlv length)");
			s->proc += remaining;
			break;
		}
		if (!nlab_view_has(d->p, s->p, s->len))
			return NLAB_P_ETRUNC;
		int r = is_subtlv(d, s, t, ident);
		if (r)
			return r;
		s->p += s->len, remaining -= s->len, s->sum -= s->len, s->proc += s->len;
	}
	return NLAB_P_OK;
}

int nlab_isis_ext_is_reach(isis_pdu *d, size_t off, uint8_t type, unsigned tlen,
			   unsigned *used)
{
	nlab_pctx *c = d->c;
	*used = 0;
	if (!nlab_view_has(d->p, off, 7) || tlen < 7)
		return NLAB_P_OK;
	nlab_p_puts(c, "\n\t      IS Neighbor: ");
	nlab_osi_id(c, d->p, off, 7);
	is_sub s = {off + 7, 0, 0, 7};
	tlen -= 7;
	if (type != 24) { /* the alias TLV's metric is 0, not sent */
		if (!nlab_view_has(d->p, s.p, 3) || tlen < 3)
			return NLAB_P_OK;
		nlab_strbuf_printf(c->out, ", Metric: %u", nlab_get24(d->p, s.p));
		s.p += 3, tlen -= 3, s.proc += 3;
	}
	if (!nlab_view_has(d->p, s.p, 1) || tlen < 1)
		return NLAB_P_OK;
	s.sum = nlab_get8(d->p, s.p);
	s.p++, tlen--, s.proc++;
	nlab_strbuf_printf(c->out, ", %ssub-TLVs present", s.sum ? "" : "no ");
	if (s.sum) {
		nlab_strbuf_printf(c->out, " (%u)", s.sum);
		int r = is_subtlvs(d, &s, tlen);
		if (r == NLAB_P_ETRUNC)
			return NLAB_P_OK; /* tcpdump's 0: its caller's trunc */
		if (r)
			return r;
	}
	*used = s.proc;
	return NLAB_P_OK;
}

int nlab_isis_router_cap(isis_pdu *d, size_t off, uint8_t tlen)
{
	nlab_pctx *c = d->c;
	while (tlen >= 2) {
		OSI_NEED(d->p, off, 2);
		uint8_t t = nlab_get8(d->p, off), l = nlab_get8(d->p, off + 1);
		tlen -= 2, off += 2;
		nlab_strbuf_printf(c->out, "\n\t\t%s subTLV #%u, length: %u",
				   t == 2 ? "SR-Capabilities" : "unknown", t, l);
		if (l > tlen || !nlab_view_has(d->p, off, l))
			break;
		if (t == 2) {
			static const nlab_bitname fl[] = {{0x80, "ipv4"}, {0x40, "ipv6"}, {0, NULL}};
			OSI_NEED(d->p, off, 4);
			uint8_t f = nlab_get8(d->p, off);
			nlab_p_puts(c, ", Flags [");
			nlab_p_bits(c, fl, f, ", ", "None");
			nlab_strbuf_printf(c->out, "], Range %u", nlab_get24(d->p, off + 1));
			size_t sp = off + 4;
			uint8_t st = (uint8_t)(l - 4);
			while (st >= 5) {
				OSI_NEED(d->p, sp, 2);
				uint8_t sty = nlab_get8(d->p, sp), sl = nlab_get8(d->p, sp + 1);
				st -= 2, sp += 2;
				if (sl > st)
					break;
				if (sty != 1) {
					nlab_p_unknown_data(c, d->p, sp, sl, "\n\t\t  ");
				} else if (sl == 3 || sl == 4) {
					OSI_NEED(d->p, sp, sl);
					nlab_strbuf_printf(c->out, ", SID value %u",
							   sl == 3 ? nlab_get24(d->p, sp)
								   : nlab_get32(d->p, sp));
				} else {
					nlab_strbuf_printf(c->out, ", Unknown SID length%u", sl);
				}
				sp += sl, st -= sl;
			}
		} else {
			nlab_p_unknown_data(c, d->p, off, l, "\n\t\t");
		}
		tlen -= l, off += l;
	}
	return NLAB_P_OK;
}
