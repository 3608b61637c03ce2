/* print_babel.c - the Babel routing protocol (UDP 6696 and 6697), as
 * tcpdump's print-babel.c writes it: "babel 2 (24) hello ihu update",
 * and under -v each TLV a line (hellos, IHUs, router ids, next hops,
 * updates with their prefixes, requests, source-specific ones, MACs,
 * challenges) with its sub-TLVs. */
#include "print_priv.h"

enum { B_TRUNC = -1, B_INVALID = -2 };

/* The TLVs of one part of a message: V (from its start), where the
 * state of prefixes an update may omit stays from TLV to TLV. */
typedef struct babel {
	nlab_pctx *c;
	nlab_view v;
	uint8_t v4[16], v6[16];
} babel;

static const uint8_t v4prefix[16] = {0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0xff, 0xff, 0, 0, 0, 0};

/* " 1.2.3.4" or an IPv6 address for the 16 bytes A (format_address). */
static void put_addr(nlab_pctx *c, const uint8_t *a)
{
	nlab_view v = {a, 16};
	if (memcmp(a, v4prefix, 12) == 0)
		nlab_p_ip4(c, v, 12);
	else
		nlab_p_ip6addr(c, v, 0);
}

/* "10.0.0.0/8" or "2001:db8::/32" of the 16 bytes A (format_prefix). */
static void put_prefix(nlab_pctx *c, const uint8_t *a, unsigned plen)
{
	nlab_view v = {a, 16};
	plen &= 0xff; /* tcpdump keeps it in a u_char */
	if (plen >= 96 && memcmp(a, v4prefix, 12) == 0) {
		nlab_p_ip4(c, v, 12);
		nlab_strbuf_printf(c->out, "/%u", plen - 96);
	} else {
		nlab_p_ip6addr(c, v, 0);
		nlab_strbuf_printf(c->out, "/%u", plen);
	}
}

/* An interval in centiseconds: "4.00s", "0.0s (bogus)", or (UPDATE)
 * "infinity" for 0xffff. */
static void put_interval(nlab_pctx *c, unsigned i, int update)
{
	if (update && i == 0xffff)
		nlab_p_puts(c, "infinity");
	else if (i == 0)
		nlab_p_puts(c, "0.0s (bogus)");
	else
		nlab_strbuf_printf(c->out, "%u.%02us", i / 100, i % 100);
}

/* The 8-byte router id at OFF of V, "01:02:..." (format_id). */
static void put_id(nlab_pctx *c, nlab_view v, size_t off)
{
	for (size_t i = 0; i < 8; i++)
		nlab_strbuf_printf(c->out, i ? ":%02x" : "%02x", nlab_get8(v, off + i));
}

/* The prefix of address encoding AE and length PLEN (-1: an address)
 * whose first OMITTED bytes come from DP, the rest from P (LEN bytes
 * there) into OUT: the bytes taken from P, or -1 (network_prefix). */
static int net_prefix(int ae, int plen, unsigned omitted, const uint8_t *p, const uint8_t *dp,
		      unsigned len, uint8_t *out)
{
	unsigned pb = plen >= 0 ? ((unsigned)plen + 7) / 8 : ae == 1 ? 4 : 16;
	uint8_t a[16] = {0};
	int took = 0;
	if (pb > 16)
		return -1;
	switch (ae) {
	case 0: break;
	case 1:
		if (omitted > 4 || pb > 4 || (pb > omitted && len < pb - omitted))
			return -1;
		memcpy(a, v4prefix, 12);
		if (omitted) {
			if (!dp)
				return -1;
			memcpy(a, dp, 12 + omitted);
		}
		if (pb > omitted)
			memcpy(a + 12 + omitted, p, pb - omitted), took = (int)(pb - omitted);
		break;
	case 2:
		if (omitted > 16 || (pb > omitted && len < pb - omitted))
			return -1;
		if (omitted) {
			if (!dp)
				return -1;
			memcpy(a, dp, omitted);
		}
		if (pb > omitted)
			memcpy(a + omitted, p, pb - omitted), took = (int)(pb - omitted);
		break;
	case 3:
		if (pb > 8 && len < pb - 8)
			return -1;
		a[0] = 0xfe, a[1] = 0x80;
		if (pb > 8)
			memcpy(a + 8, p, pb - 8), took = (int)(pb - 8);
		break;
	default: return -1;
	}
	memcpy(out, a, 16);
	return took;
}

/* The sub-TLVs from AT to END of TLV type TYPE (subtlvs_print). */
static void subtlvs(babel *b, size_t at, size_t end, uint8_t type)
{
	nlab_pctx *c = b->c;
	while (at < end) {
		uint8_t st = nlab_get8(b->v, at++);
		if (st == 0) {
			nlab_p_puts(c, " sub-pad1");
			continue;
		}
		if (st & 0x80)
			nlab_p_puts(c, " (M)");
		if (at == end)
			goto invalid;
		unsigned n = nlab_get8(b->v, at++);
		if (at + n > end)
			goto invalid;
		if (st == 1) {
			nlab_p_puts(c, " sub-padn");
		} else if (st == 2) {
			nlab_p_puts(c, n ? " sub-diversity" : " sub-diversity empty");
			for (unsigned i = 0; i < n; i++) {
				unsigned ch = nlab_get8(b->v, at + i);
				nlab_p_puts(c, i ? "-" : " ");
				ch == 0 ? nlab_p_puts(c, "reserved") : ch == 255 ? nlab_p_puts(c, "all") : nlab_p_u(c, ch);
			}
			if (n && type != 8 && type != 13)
				nlab_p_puts(c, " (bogus)");
		} else if (st == 3) {
			nlab_p_puts(c, " sub-timestamp");
			if ((type == 4 && n < 4) || (type == 5 && n < 8))
				goto invalid;
			for (unsigned k = 0; k < (type == 4 ? 1u : type == 5 ? 2u : 0u); k++) {
				uint32_t t = nlab_get32(b->v, at + 4 * k);
				nlab_strbuf_printf(c->out, "%s%u.%06us", k ? "|" : " ", t / 1000000, t % 1000000);
			}
			if (type != 4 && type != 5)
				nlab_p_puts(c, " (bogus)");
		} else {
			nlab_strbuf_printf(c->out, " sub-unknown-0x%02x", st);
		}
		at += n;
	}
	return;
invalid:
	nlab_p_puts(c, " (invalid)");
}

/* What -v prints of hello, IHU, next hop and update (the TLV of type T
 * and LEN at M); 0 or B_INVALID. */
static int tlv_routes(babel *b, uint8_t t, size_t m, unsigned len)
{
	nlab_pctx *c = b->c;
	nlab_view v = b->v;
	const uint8_t *d = v.base + m; /* the TLV, all of it captured */
	uint8_t a[16];
	int rc;
	switch (t) {
	case 4:
		nlab_p_puts(c, "\n\tHello ");
		if (len < 6)
			return B_INVALID;
		if (nlab_get16(v, m + 2) & 0x8000)
			nlab_p_puts(c, "(Unicast) ");
		nlab_strbuf_printf(c->out, "seqno %u ", nlab_get16(v, m + 4));
		if (nlab_get16(v, m + 6)) {
			nlab_p_puts(c, "interval ");
			put_interval(c, nlab_get16(v, m + 6), 0);
		} else {
			nlab_p_puts(c, "unscheduled");
		}
		if (len > 6)
			subtlvs(b, m + 8, m + 2 + len, t);
		return 0;
	case 5:
		nlab_p_puts(c, "\n\tIHU ");
		if (len < 6)
			return B_INVALID;
		if ((rc = net_prefix(d[2], -1, 0, d + 8, NULL, len - 6, a)) < 0) {
			nlab_p_trunc(c);
			return 0;
		}
		d[2] == 0 ? nlab_p_puts(c, "any") : put_addr(c, a);
		nlab_strbuf_printf(c->out, " rxcost %u interval ", nlab_get16(v, m + 4));
		put_interval(c, nlab_get16(v, m + 6), 0);
		if ((unsigned)rc < len - 6)
			subtlvs(b, m + 8 + (size_t)rc, m + 2 + len, t);
		return 0;
	case 7:
		nlab_p_puts(c, "\n\tNext Hop");
		if (len < 2 || net_prefix(d[2], -1, 0, d + 4, NULL, len - 2, a) < 0)
			return B_INVALID;
		nlab_p_puts(c, " ");
		d[2] == 0 ? nlab_p_puts(c, "invalid AE 0") : put_addr(c, a);
		return 0;
	default: { /* 8: update */
		nlab_p_puts(c, "\n\tUpdate");
		if (len < 10)
			return B_INVALID;
		unsigned plen = d[4] + (d[2] == 1 ? 96u : 0u);
		if ((rc = net_prefix(d[2], d[4], d[5], d + 12, d[2] == 1 ? b->v4 : b->v6, len - 10, a)) < 0)
			return B_INVALID;
		nlab_strbuf_printf(c->out, "%s%s%s ", d[3] & 0x80 ? "/prefix" : "", d[3] & 0x40 ? "/id" : "",
				   d[3] & 0x3f ? "/unknown" : "");
		d[2] == 0 ? nlab_p_puts(c, "any") : put_prefix(c, a, plen);
		nlab_strbuf_printf(c->out, " metric %u seqno %u interval ", nlab_get16(v, m + 10),
				   nlab_get16(v, m + 8));
		put_interval(c, nlab_get16(v, m + 6), 1);
		if (d[3] & 0x80)
			memcpy(d[2] == 1 ? b->v4 : b->v6, a, 16);
		if ((unsigned)rc < len - 10)
			subtlvs(b, m + 12 + (size_t)rc, m + 2 + len, t);
		return 0;
	}
	}
}

/* What -v prints of the requests (route 9, seqno 10) and the
 * source-specific ones (13 update, 14 request, 15 multi-hop request). */
static int tlv_requests(babel *b, uint8_t t, size_t m, unsigned len)
{
	nlab_pctx *c = b->c;
	nlab_view v = b->v;
	const uint8_t *d = v.base + m;
	uint8_t a[16], s[16];
	int rc, rc2;
	unsigned ae = nlab_get8(v, m + 2), v4 = ae == 1 ? 96u : 0u; /* 0 past the TLV */
	switch (t) {
	case 9:
		nlab_p_puts(c, "\n\tRoute Request ");
		if (len < 2 || net_prefix((int)ae, d[3], 0, d + 4, NULL, len - 2, a) < 0)
			return B_INVALID;
		nlab_p_puts(c, "for ");
		ae == 0 ? nlab_p_puts(c, "any") : put_prefix(c, a, d[3] + v4);
		return 0;
	case 10:
		nlab_p_puts(c, "\n\tSeqno Request ");
		if (len < 14 || net_prefix((int)ae, d[3], 0, d + 16, NULL, len - 14, a) < 0)
			return B_INVALID;
		nlab_strbuf_printf(c->out, "(%u hops) for ", d[6]);
		ae == 0 ? nlab_p_puts(c, "invalid AE 0") : put_prefix(c, a, d[3] + v4);
		nlab_strbuf_printf(c->out, " seqno %u id ", nlab_get16(v, m + 4));
		put_id(c, v, m + 8);
		return 0;
	case 13: {
		nlab_p_puts(c, "\n\tSS-Update");
		if (len < 10)
			return B_INVALID;
		unsigned parsed = 10;
		if ((rc = net_prefix((int)ae, d[4], d[5], d + 12, ae == 1 ? b->v4 : b->v6, len - 10, a)) < 0)
			return B_INVALID;
		parsed += (unsigned)rc;
		if ((rc2 = net_prefix((int)ae, d[3], 0, d + 2 + parsed, NULL, len - parsed, s)) < 0)
			return B_INVALID;
		parsed += (unsigned)rc2;
		nlab_p_puts(c, " ");
		put_prefix(c, a, d[4] + v4);
		nlab_p_puts(c, " from ");
		put_prefix(c, s, d[3] + v4);
		nlab_strbuf_printf(c->out, " metric %u seqno %u interval ", nlab_get16(v, m + 10),
				   nlab_get16(v, m + 8));
		put_interval(c, nlab_get16(v, m + 6), 1);
		if (parsed < len)
			subtlvs(b, m + 2 + parsed, m + 2 + len, t);
		return 0;
	}
	case 14:
		nlab_p_puts(c, "\n\tSS-Request ");
		if (len < 3 || (rc = net_prefix((int)ae, d[3], 0, d + 5, NULL, len - 3, a)) < 0 ||
		    net_prefix((int)ae, d[4], 0, d + 5 + rc, NULL, len - 3 - (unsigned)rc, s) < 0)
			return B_INVALID;
		if (ae == 0) {
			nlab_p_puts(c, "for any");
			return 0;
		}
		nlab_p_puts(c, "for (");
		put_prefix(c, a, d[3] + v4);
		nlab_p_puts(c, ", ");
		put_prefix(c, s, d[4] + v4);
		nlab_p_puts(c, ")");
		return 0;
	default: /* 15 */
		nlab_p_puts(c, "\n\tSS-MH-Request ");
		if (len < 14 || (rc = net_prefix((int)ae, d[3], 0, d + 16, NULL, len - 14, a)) < 0 ||
		    net_prefix((int)ae, d[7], 0, d + 16 + rc, NULL, len - 14 - (unsigned)rc, s) < 0)
			return B_INVALID;
		nlab_strbuf_printf(c->out, "(%u hops) for (", d[6]);
		put_prefix(c, a, d[3] + v4);
		nlab_p_puts(c, ", ");
		put_prefix(c, s, d[7] + v4);
		nlab_strbuf_printf(c->out, ") seqno %u id ", nlab_get16(v, m + 4));
		put_id(c, v, m + 8);
		return 0;
	}
}

/* What -v prints of the other TLVs (type T, LEN, at M). */
static int tlv_other(babel *b, uint8_t t, size_t m, unsigned len)
{
	nlab_pctx *c = b->c;
	nlab_view v = b->v;
	switch (t) {
	case 1: nlab_strbuf_printf(c->out, "\n\tPad %u", len + 2); return 0;
	case 2:
		nlab_p_puts(c, "\n\tAcknowledgment Request ");
		if (len < 6)
			return B_INVALID;
		nlab_strbuf_printf(c->out, "%04x ", nlab_get16(v, m + 4));
		put_interval(c, nlab_get16(v, m + 6), 0);
		return 0;
	case 3:
		nlab_p_puts(c, "\n\tAcknowledgment ");
		if (len < 2)
			return B_INVALID;
		nlab_strbuf_printf(c->out, "%04x", nlab_get16(v, m + 2));
		return 0;
	case 6:
		nlab_p_puts(c, "\n\tRouter Id");
		if (len < 10)
			return B_INVALID;
		nlab_p_puts(c, " ");
		put_id(c, v, m + 4);
		return 0;
	case 11:
		nlab_p_puts(c, "\n\tTS/PC ");
		if (len < 6)
			return B_INVALID;
		nlab_strbuf_printf(c->out, "timestamp %u packetcounter %u", nlab_get32(v, m + 4),
				   nlab_get16(v, m + 2));
		return 0;
	case 12:
		nlab_p_puts(c, "\n\tHMAC ");
		if (len < 18)
			return B_INVALID;
		nlab_strbuf_printf(c->out, "key-id %u digest-%u ", nlab_get16(v, m + 2), len - 2);
		for (unsigned j = 0; j < len - 2; j++)
			nlab_strbuf_printf(c->out, "%02X", nlab_get8(v, m + 4 + j));
		return 0;
	case 16: nlab_strbuf_printf(c->out, "\n\tMAC len %u", len); return 0;
	case 17:
		nlab_p_puts(c, "\n\tPC");
		if (len < 4)
			return B_INVALID;
		nlab_strbuf_printf(c->out, " value %u index len %u", nlab_get32(v, m + 2), len - 4);
		return 0;
	case 18:
	case 19:
		nlab_p_puts(c, t == 18 ? "\n\tChallenge Request" : "\n\tChallenge Reply");
		if (len > 192)
			return B_INVALID;
		nlab_strbuf_printf(c->out, " len %u", len);
		return 0;
	default: nlab_strbuf_printf(c->out, "\n\tUnknown message type %u", t); return 0;
	}
}

/* The word a TLV of type T is without -v (" hello"); NULL: unknown. */
static const char *tlv_word(uint8_t t)
{
	static const char *const words[] = {
		NULL, " padN", " ack-req", " ack", " hello", " ihu", " router-id", " nh", " update",
		" route-request", " seqno-request", " tspc", " hmac", " ss-update", " ss-request",
		" ss-mh-request", " mac", " pc", " challenge_request", " challenge_reply"};
	return t < 20 ? words[t] : NULL;
}

/* One TLV of type T (LEN, at M, all captured); 0 or B_INVALID. */
static int tlv(babel *b, uint8_t t, size_t m, unsigned len)
{
	nlab_pctx *c = b->c;
	if (!c->o->v) {
		const char *w = tlv_word(t);
		nlab_p_puts(c, w ? w : " unknown");
		if (t != 8)
			return 0;
		if (len < 10)
			return B_INVALID;
		uint8_t f = nlab_get8(b->v, m + 3);
		nlab_strbuf_printf(c->out, "%s%s%s", f & 0x80 ? "/prefix" : "", f & 0x40 ? "/id" : "",
				   f & 0x3f ? "/unknown" : "");
		return 0;
	}
	if (t == 4 || t == 5 || t == 7 || t == 8)
		return tlv_routes(b, t, m, len);
	if (t == 9 || t == 10 || (t >= 13 && t <= 15))
		return tlv_requests(b, t, m, len);
	return tlv_other(b, t, m, len);
}

/* The TLVs from AT (N bytes of them, LEFT bytes of the datagram):
 * 0, B_TRUNC or B_INVALID (babel_print_v2_tlvs). */
static int tlvs(nlab_pctx *c, nlab_view v, size_t at, uint32_t n, uint32_t left)
{
	babel b = {c, v, {0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0xff, 0xff, 0, 0, 0, 0}, {0}};
	for (uint32_t i = 0; i < n;) {
		size_t m = at + i;
		if (i + 1 > n || i + 1 > left)
			return B_INVALID;
		if (!nlab_view_has(v, m, 1))
			return NLAB_P_TRUNC; /* tcpdump's longjmp */
		uint8_t t = nlab_get8(v, m);
		if (t == 0) {
			nlab_p_puts(c, c->o->v ? "\n\tPad 1" : " pad1");
			i++;
			continue;
		}
		if (i + 2 > n || i + 2 > left)
			return B_INVALID;
		if (!nlab_view_has(v, m, 2))
			return B_TRUNC;
		unsigned len = nlab_get8(v, m + 1);
		if (i + 2 + len > n || i + 2 + len > left)
			return B_INVALID;
		if (!nlab_view_has(v, m, 2 + len))
			return B_TRUNC;
		if (tlv(&b, t, m, len) < 0)
			return B_INVALID;
		i += len + 2;
	}
	return 0;
}

/* The result of a TLV walk R as the printer's: the line ended. */
static int ended(nlab_pctx *c, int r)
{
	if (r == NLAB_P_TRUNC)
		return NLAB_P_TRUNC;
	if (r == B_TRUNC)
		return NLAB_P_ETRUNC;
	if (r == B_INVALID)
		nlab_p_puts(c, " (invalid)");
	return NLAB_P_OK;
}

int nlab_p_babel(nlab_pctx *c, nlab_view v, uint32_t len)
{
	c->proto = "babel";
	nlab_p_puts(c, "babel");
	if (!nlab_view_has(v, 0, 4))
		return NLAB_P_ETRUNC;
	if (nlab_get8(v, 0) != 42) {
		nlab_p_puts(c, " invalid header");
		return NLAB_P_OK;
	}
	nlab_strbuf_printf(c->out, " %u", nlab_get8(v, 1));
	if (nlab_get8(v, 1) != 2) {
		nlab_p_puts(c, " unknown version");
		return NLAB_P_OK;
	}
	if (len < 4)
		return ended(c, B_INVALID);
	uint32_t body = nlab_get16(v, 2);
	nlab_strbuf_printf(c->out, " (%u)", body);
	len -= 4;
	if (len < body)
		return ended(c, B_INVALID);
	int r = tlvs(c, v, 4, body, len);
	if (r != 0 || len == body)
		return ended(c, r);
	nlab_p_puts(c, c->o->v ? "\n\t----" : " |");
	return ended(c, tlvs(c, v, 4 + body, len - body, len - body));
}
