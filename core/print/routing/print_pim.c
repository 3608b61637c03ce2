/* print_pim.c - PIM (IP protocol 103), as tcpdump's print-pim.c writes
 * it: "PIMv2, Hello, length 30", and under -v the message: hello
 * options, registers with the packet they carry, join/prune, graft,
 * bootstrap, assert, candidate RP, prune refresh and DF election; and
 * version 1 inside IGMP ("igmp pimv1 Query Sparse-mode"). */
#include "print_priv.h"

#include <stdio.h>

/* A PIMv2 message being read: its bytes, the IP header (checksums),
 * and the unicast address length of the RFC 2117 encoding (0: encoded
 * addresses with their family). */
typedef struct pim {
	nlab_pctx *c;
	nlab_view v;
	nlab_view ip;
	unsigned alen;
} pim;

enum { UNICAST, GROUP, SOURCE };
enum { ETR = -1, TR = -2 }; /* tcpdump's goto trunc, and its longjmp */

/* The encoded address of KIND at B (LEN bytes of the message left): its
 * length, or ETR / TR (pimv2_addr_print). */
static long addr(pim *p, size_t b, uint32_t len, int kind)
{
	unsigned alen = p->alen, v6;
	size_t h = 0;
	if (alen == 0) {
		if (len < 2)
			return ETR;
		if (!nlab_view_has(p->v, b, 1))
			return TR;
		uint8_t fam = nlab_get8(p->v, b);
		if (fam != 1 && fam != 2)
			return ETR;
		alen = fam == 1 ? 4 : 16;
		if (!nlab_view_has(p->v, b + 1, 1))
			return TR;
		if (nlab_get8(p->v, b + 1) != 0)
			return ETR;
		h = 2;
	} else if (alen != 4 && alen != 16) {
		return ETR;
	}
	v6 = alen == 16;
	b += h, len -= (uint32_t)h;
	size_t a = kind == UNICAST ? b : b + 2;
	if (len < alen + (kind == UNICAST ? 0 : 2) || !nlab_view_has(p->v, b, a - b + alen))
		return ETR;
	v6 ? nlab_p_ip6addr(p->c, p->v, a) : nlab_p_ip4(p->c, p->v, a);
	if (kind == UNICAST)
		return (long)(h + alen);
	uint8_t flags = nlab_get8(p->v, b), mask = nlab_get8(p->v, b + 1);
	if (mask != (v6 ? 128 : 32))
		nlab_strbuf_printf(p->c->out, "/%u", mask);
	if (flags && kind == GROUP)
		nlab_strbuf_printf(p->c->out, "(0x%02x)", flags);
	if (flags && kind == SOURCE) {
		nlab_strbuf_printf(p->c->out, "(%s%s%s", flags & 4 ? "S" : "", flags & 2 ? "W" : "",
				   flags & 1 ? "R" : "");
		if (flags & 0xf8)
			nlab_strbuf_printf(p->c->out, "+0x%02x", flags & 0xf8);
		nlab_p_puts(p->c, ")");
	}
	return (long)(h + 2 + alen);
}

/* Prints TEXT, then the address of KIND at *AT, moving *AT and *LEN
 * past it; 0, or ETR / TR. */
static int field(pim *p, const char *text, size_t *at, uint32_t *len, int kind)
{
	nlab_p_puts(p->c, text);
	long n = addr(p, *at, *len, kind);
	if (n < 0)
		return (int)n;
	*at += (size_t)n, *len -= (uint32_t)n;
	return 0;
}

/* The printer's result for a helper's ETR / TR. */
static int fail(int r)
{
	return r == TR ? NLAB_P_TRUNC : NLAB_P_ETRUNC;
}

/* Whether the first N bytes of the message check (1), not (0), or
 * cannot be checked, not all captured (-1). */
static int cksum_ok(pim *p, uint32_t n)
{
	if (!nlab_view_has(p->v, 0, n))
		return -1;
	if (nlab_get8(p->ip, 0) >> 4 == 6)
		return nlab_p_l4_cksum(p->ip, p->v, n, 103) == 0;
	return nlab_p_cksum(nlab_p_sum(p->v, 0, n, 0)) == 0;
}

/* ", cksum 0x1234 (correct)" of a message of type TYPE, LEN bytes. */
static void cksum(pim *p, uint8_t type, uint32_t len)
{
	uint16_t sum = nlab_get16(p->v, 2);
	nlab_strbuf_printf(p->c->out, ", cksum 0x%04x ", sum);
	int ok = -1;
	if (sum) {
		ok = cksum_ok(p, type == 1 ? 8 : len);
		if (type == 1 && ok == 0) /* a register's may cover it all */
			ok = cksum_ok(p, len);
	}
	nlab_p_puts(p->c, ok < 0 ? "(unverified)" : ok ? "(correct)" : "(incorrect)");
}

/* A hello option's name (pimv2_hello_option_values). */
static const char *hello_name(uint16_t t)
{
	switch (t) {
	case 1: return "Hold Time";
	case 2: return "LAN Prune Delay";
	case 18: return "DR Priority (Old)";
	case 19: return "DR Priority";
	case 20: return "Generation ID";
	case 21: return "State Refresh Capability";
	case 22: return "Bi-Directional Capability";
	case 24: return "Address List";
	case 65001: return "Address List (Old)";
	default: return "Unknown";
	}
}

/* "[option length 3 != 4] (invalid)" unless OLEN is WANT; 1 if not. */
static int bad_len(pim *p, uint16_t olen, uint16_t want)
{
	if (olen == want)
		return 0;
	nlab_strbuf_printf(p->c->out, "[option length %u != %u] (invalid)", olen, want);
	return 1;
}

/* The value of hello option T (OLEN bytes at AT, LEN bytes of the
 * message left from AT): 0, 1 when it ended the line, or ETR. */
static int hello_value(pim *p, uint16_t t, uint16_t olen, size_t at, uint32_t len)
{
	nlab_view v = p->v;
	switch (t) {
	case 1:
		if (bad_len(p, olen, 2))
			return 1;
		nlab_p_relts(p->c, nlab_get16(v, at));
		return 0;
	case 2:
		if (bad_len(p, olen, 4))
			return 1;
		nlab_strbuf_printf(p->c->out, "\n\t    T-bit=%u, LAN delay %ums, Override interval %ums",
				   nlab_get16(v, at) >> 15, nlab_get16(v, at) & 0x7fff, nlab_get16(v, at + 2));
		return 0;
	case 18:
	case 19:
		if (olen == 0)
			nlab_p_puts(p->c, "Bi-Directional Capability (Old)");
		else if (bad_len(p, olen, 4))
			return 1;
		else
			nlab_p_u(p->c, nlab_get32(v, at));
		return 0;
	case 20:
		if (bad_len(p, olen, 4))
			return 1;
		nlab_strbuf_printf(p->c->out, "0x%08x", nlab_get32(v, at));
		return 0;
	case 21:
		if (bad_len(p, olen, 4))
			return 1;
		nlab_strbuf_printf(p->c->out, "v%u", nlab_get8(v, at));
		if (nlab_get8(v, at + 1)) {
			nlab_p_puts(p->c, ", interval ");
			nlab_p_relts(p->c, nlab_get8(v, at + 1));
		}
		if (nlab_get16(v, at + 2))
			nlab_strbuf_printf(p->c->out, " ?0x%04x?", nlab_get16(v, at + 2));
		return 0;
	case 22:
		return 0;
	case 24:
	case 65001:
		for (size_t q = at; p->c->o->v > 1 && q < at + olen;) {
			int r = field(p, "\n\t    ", &q, &len, UNICAST);
			if (r < 0)
				return ETR;
		}
		return 0;
	default:
		if (p->c->o->v <= 1)
			nlab_p_hexdump(p->c, v, at, olen, "\n\t    ");
		return 0;
	}
}

/* Hello's options (LEN bytes from AT). */
static int hello(pim *p, size_t at, uint32_t len)
{
	while (len > 0) {
		if (len < 4)
			return NLAB_P_ETRUNC;
		if (!nlab_view_has(p->v, at, 4))
			return NLAB_P_TRUNC;
		uint16_t t = nlab_get16(p->v, at), olen = nlab_get16(p->v, at + 2);
		nlab_strbuf_printf(p->c->out, "\n\t  %s Option (%u), length %u, Value: ", hello_name(t), t,
				   olen);
		at += 4, len -= 4;
		if (len < olen || !nlab_view_has(p->v, at, olen))
			return NLAB_P_ETRUNC;
		int r = hello_value(p, t, olen, at, len);
		if (r != 0)
			return r == 1 ? NLAB_P_OK : NLAB_P_ETRUNC;
		if (p->c->o->v > 1)
			nlab_p_hexdump(p->c, p->v, at, olen, "\n\t    ");
		at += olen, len -= olen;
	}
	return NLAB_P_OK;
}

/* A register's flags and the packet it carries (LEN bytes from AT). */
static int reg(pim *p, size_t at, uint32_t len)
{
	if (len < 4 || !nlab_view_has(p->v, at, 4))
		return NLAB_P_ETRUNC;
	uint32_t f = nlab_get32(p->v, at);
	nlab_strbuf_printf(p->c->out, ", Flags [ %s ]\n\t",
			   f == 0x80000000 ? "Border" : f == 0x40000000 ? "Null" : "none");
	at += 4, len -= 4;
	if (len == 0)
		return NLAB_P_ETRUNC;
	if (!nlab_view_has(p->v, at, 1))
		return NLAB_P_TRUNC;
	nlab_view in = nlab_view_from(p->v, at);
	switch (nlab_get8(p->v, at) >> 4) {
	case 0:
		if (!nlab_view_has(in, 12, 8))
			return NLAB_P_TRUNC;
		nlab_p_puts(p->c, "IP-Null-header ");
		nlab_p_ip4(p->c, in, 12);
		nlab_p_puts(p->c, " > ");
		nlab_p_ip4(p->c, in, 16);
		return NLAB_P_OK;
	case 4: return nlab_p_ip(p->c, in, len);
	case 6: return nlab_p_ip6(p->c, in, len);
	default: nlab_strbuf_printf(p->c->out, "IP ver %u", nlab_get8(p->v, at) >> 4); return NLAB_P_OK;
	}
}

/* Join/prune (TYPE 3), graft (6) and graft ack (7), LEN bytes at AT. */
static int join_prune(pim *p, uint8_t type, size_t at, uint32_t len)
{
	int r;
	if (type != 7 && (r = field(p, ", upstream-neighbor: ", &at, &len, UNICAST)) < 0)
		return fail(r);
	if (len < 4 || !nlab_view_has(p->v, at, 4))
		return NLAB_P_ETRUNC;
	unsigned ngroup = nlab_get8(p->v, at + 1), hold = nlab_get16(p->v, at + 2);
	nlab_strbuf_printf(p->c->out, "\n\t  %u group(s)", ngroup);
	if (type != 7) {
		nlab_p_puts(p->c, ", holdtime: ");
		hold == 0xffff ? nlab_p_puts(p->c, "infinite") : nlab_p_relts(p->c, hold);
	}
	at += 4, len -= 4;
	for (unsigned i = 0; i < ngroup; i++) {
		char text[40];
		snprintf(text, sizeof text, "\n\t    group #%u: ", i + 1);
		if ((r = field(p, text, &at, &len, GROUP)) < 0)
			return fail(r);
		if (len < 4 || !nlab_view_has(p->v, at, 4))
			return NLAB_P_ETRUNC;
		unsigned nj = nlab_get16(p->v, at), np = nlab_get16(p->v, at + 2);
		nlab_strbuf_printf(p->c->out, ", joined sources: %u, pruned sources: %u", nj, np);
		at += 4, len -= 4;
		for (unsigned j = 0; j < nj + np; j++) {
			snprintf(text, sizeof text, "\n\t      %s source #%u: ", j < nj ? "joined" : "pruned",
				 j < nj ? j + 1 : j - nj + 1);
			if ((r = field(p, text, &at, &len, SOURCE)) < 0)
				return fail(r);
		}
	}
	return NLAB_P_OK;
}

/* Checks that LEN >= N (else ETR) and N bytes at AT+OFF... captured
 * (else TR): the byte tcpdump reads next. */
static int need(pim *p, uint32_t len, uint32_t n, size_t at, size_t want)
{
	if (len < n)
		return ETR;
	return nlab_view_has(p->v, at, want) ? 0 : TR;
}

/* One group of a bootstrap message and its RPs; 0, or ETR / TR. */
static int bsr_group(pim *p, unsigned i, size_t *at, uint32_t *len)
{
	char text[32];
	int r;
	snprintf(text, sizeof text, " (group%u: ", i);
	if ((r = field(p, text, at, len, GROUP)) < 0 || (r = need(p, *len, 1, *at, 1)) < 0)
		return r;
	nlab_strbuf_printf(p->c->out, " RPcnt=%u", nlab_get8(p->v, *at));
	if ((r = need(p, *len, 2, *at, 2)) < 0)
		return r;
	unsigned frp = nlab_get8(p->v, *at + 1);
	nlab_strbuf_printf(p->c->out, " FRPcnt=%u", frp);
	if (*len < 4)
		return ETR;
	*at += 4, *len -= 4;
	for (unsigned j = 0; j < frp && *len > 0; j++) {
		snprintf(text, sizeof text, " RP%u=", j);
		if ((r = field(p, text, at, len, UNICAST)) < 0)
			return r;
		if (*len < 2)
			return ETR;
		nlab_p_puts(p->c, ",holdtime=");
		if ((r = need(p, *len, 2, *at, 2)) < 0)
			return r;
		nlab_p_relts(p->c, nlab_get16(p->v, *at));
		if ((r = need(p, *len, 3, *at, 3)) < 0)
			return r;
		nlab_strbuf_printf(p->c->out, ",prio=%u", nlab_get8(p->v, *at + 2));
		if (*len < 4)
			return ETR;
		*at += 4, *len -= 4;
	}
	nlab_p_puts(p->c, ")");
	return 0;
}

/* A bootstrap message (LEN bytes from AT). */
static int bootstrap(pim *p, size_t at, uint32_t len)
{
	int r;
	if ((r = need(p, len, 2, at, 2)) < 0)
		return fail(r);
	nlab_strbuf_printf(p->c->out, " tag=%x", nlab_get16(p->v, at));
	at += 2, len -= 2;
	if ((r = need(p, len, 1, at, 1)) < 0)
		return fail(r);
	nlab_strbuf_printf(p->c->out, " hashmlen=%u", nlab_get8(p->v, at));
	if (len < 2 || !nlab_view_has(p->v, at, 3))
		return NLAB_P_ETRUNC;
	nlab_strbuf_printf(p->c->out, " BSRprio=%u", nlab_get8(p->v, at + 1));
	at += 2, len -= 2;
	if ((r = field(p, " BSR=", &at, &len, UNICAST)) < 0)
		return fail(r);
	for (unsigned i = 0; len > 0; i++)
		if ((r = bsr_group(p, i, &at, &len)) < 0)
			return fail(r);
	return NLAB_P_OK;
}

/* An assert (LEN bytes from AT). */
static int assert_msg(pim *p, size_t at, uint32_t len)
{
	int r;
	if ((r = field(p, " group=", &at, &len, GROUP)) < 0 ||
	    (r = field(p, " src=", &at, &len, UNICAST)) < 0)
		return fail(r);
	if (len < 8 || !nlab_view_has(p->v, at, 8))
		return NLAB_P_ETRUNC;
	uint32_t pref = nlab_get32(p->v, at);
	nlab_strbuf_printf(p->c->out, "%s pref=%u metric=%u", pref >> 31 ? " RPT" : "",
			   pref & 0x7fffffff, nlab_get32(p->v, at + 4));
	return NLAB_P_OK;
}

/* A candidate RP advertisement (LEN bytes from AT). */
static int cand_rp(pim *p, size_t at, uint32_t len)
{
	int r;
	if ((r = need(p, len, 1, at, 1)) < 0)
		return fail(r);
	unsigned n = nlab_get8(p->v, at);
	nlab_strbuf_printf(p->c->out, " prefix-cnt=%u", n);
	if ((r = need(p, len, 2, at, 2)) < 0)
		return fail(r);
	nlab_strbuf_printf(p->c->out, " prio=%u", nlab_get8(p->v, at + 1));
	if (len < 4)
		return NLAB_P_ETRUNC;
	nlab_p_puts(p->c, " holdtime=");
	if (!nlab_view_has(p->v, at, 4))
		return NLAB_P_TRUNC;
	nlab_p_relts(p->c, nlab_get16(p->v, at + 2));
	at += 4, len -= 4;
	if ((r = field(p, " RP=", &at, &len, UNICAST)) < 0)
		return fail(r);
	for (unsigned i = 0; i < n && len > 0; i++) {
		char text[24];
		snprintf(text, sizeof text, " Group%u=", i);
		if ((r = field(p, text, &at, &len, GROUP)) < 0)
			return fail(r);
	}
	return NLAB_P_OK;
}

/* A prune refresh (LEN bytes from AT). */
static int prune_refresh(pim *p, size_t at, uint32_t len)
{
	int r;
	if ((r = field(p, " src=", &at, &len, UNICAST)) < 0 ||
	    (r = field(p, " grp=", &at, &len, GROUP)) < 0 ||
	    (r = field(p, " forwarder=", &at, &len, UNICAST)) < 0)
		return fail(r);
	if (len < 2)
		return NLAB_P_ETRUNC;
	nlab_p_puts(p->c, " TUNR ");
	if (!nlab_view_has(p->v, at, 2))
		return NLAB_P_TRUNC;
	nlab_p_relts(p->c, nlab_get16(p->v, at));
	return NLAB_P_OK;
}

/* " WHO pref=1 WHO metric=2" of the 8 bytes at AT; 0, or TR. */
static int pref_metric(pim *p, const char *who, size_t at)
{
	if (!nlab_view_has(p->v, at, 4))
		return TR;
	nlab_strbuf_printf(p->c->out, " %s pref=%u", who, nlab_get32(p->v, at));
	if (!nlab_view_has(p->v, at + 4, 4))
		return TR;
	nlab_strbuf_printf(p->c->out, " %s metric=%u", who, nlab_get32(p->v, at + 4));
	return 0;
}

/* A DF election message (LEN bytes from AT). */
static int df_election(pim *p, size_t at, uint32_t len)
{
	static const char *const names[] = {"Unknown", "Offer", "Winner", "Backoff", "Pass"};
	unsigned sub = nlab_get8(p->v, 1) >> 4;
	nlab_strbuf_printf(p->c->out, "\n\t  %s,", names[sub <= 4 ? sub : 0]);
	int r;
	if ((r = field(p, " rpa=", &at, &len, UNICAST)) < 0 || (r = pref_metric(p, "sender", at)) < 0)
		return fail(r);
	at += 8, len -= 8;
	if (sub != 3 && sub != 4)
		return NLAB_P_OK;
	const char *who = sub == 3 ? "offer" : "new winner";
	char text[32];
	snprintf(text, sizeof text, "\n\t  %s addr=", who);
	if ((r = field(p, text, &at, &len, UNICAST)) < 0 || (r = pref_metric(p, who, at)) < 0)
		return fail(r);
	at += 8, len -= 8;
	if (sub == 3) {
		if (!nlab_view_has(p->v, at, 2))
			return NLAB_P_TRUNC;
		nlab_strbuf_printf(p->c->out, " interval %dms", nlab_get16(p->v, at));
	}
	return NLAB_P_OK;
}

/* What -v prints of a PIMv2 message of type TYPE (pimv2_print). */
static int pimv2(pim *p, uint8_t type, uint32_t len)
{
	p->c->proto = "pimv2";
	if (len < 2) {
		nlab_strbuf_printf(p->c->out, "[length %u < 2] (invalid)", len);
		return NLAB_P_OK;
	}
	if (!nlab_view_has(p->v, 1, 1))
		return NLAB_P_TRUNC;
	p->alen = nlab_get8(p->v, 1) & 15;
	if (p->alen)
		nlab_p_puts(p->c, ", RFC2117-encoding");
	if (len < 4) {
		nlab_strbuf_printf(p->c->out, "[length %u < 4] (invalid)", len);
		return NLAB_P_OK;
	}
	if (!nlab_view_has(p->v, 2, 2))
		return NLAB_P_TRUNC;
	cksum(p, type, len);
	int r;
	size_t at = 4;
	len -= 4;
	switch (type) {
	case 0: return hello(p, at, len);
	case 1: return reg(p, at, len);
	case 2:
		if ((r = field(p, " group=", &at, &len, GROUP)) < 0 ||
		    (r = field(p, " source=", &at, &len, UNICAST)) < 0)
			return fail(r);
		return NLAB_P_OK;
	case 3:
	case 6:
	case 7: return join_prune(p, type, at, len);
	case 4: return bootstrap(p, at, len);
	case 5: return assert_msg(p, at, len);
	case 8: return cand_rp(p, at, len);
	case 9: return prune_refresh(p, at, len);
	case 10: return df_election(p, at, len);
	default: nlab_strbuf_printf(p->c->out, " [type %u]", type); return NLAB_P_OK;
	}
}

int nlab_p_pim(nlab_pctx *c, nlab_view v, uint32_t len, nlab_view ip)
{
	static const char *const names[] = {
		"Hello", "Register", "Register Stop", "Join / Prune", "Bootstrap", "Assert", "Graft",
		"Graft Acknowledgement", "Candidate RP Advertisement", "Prune Refresh", "DF Election",
		"ECMP Redirect"};
	c->proto = "pim";
	if (!nlab_view_has(v, 0, 1))
		return NLAB_P_TRUNC;
	uint8_t ver = nlab_get8(v, 0) >> 4, type = nlab_get8(v, 0) & 15;
	const char *name = type < 12 ? names[type] : "Unknown Type";
	if (ver != 2) {
		nlab_strbuf_printf(c->out, "PIMv%u, length %u", ver, len);
		return NLAB_P_OK;
	}
	if (!c->o->v) {
		nlab_strbuf_printf(c->out, "PIMv2, %s, length %u", name, len);
		return NLAB_P_OK;
	}
	nlab_strbuf_printf(c->out, "PIMv2, length %u\n\t%s", len, name);
	pim p = {c, v, ip, 0};
	return pimv2(&p, type, len);
}

/* The one-line PIMv1 join/prune of one group and one source (30 bytes
 * at V captured). */
static void v1_join_prune_line(nlab_pctx *c, nlab_view v)
{
	nlab_p_puts(c, " RPF ");
	nlab_p_ip4(c, v, 0);
	nlab_p_puts(c, " ");
	if (nlab_get16(v, 6) != 180) {
		nlab_p_puts(c, "Hold ");
		nlab_p_relts(c, nlab_get16(v, 6));
	}
	nlab_strbuf_printf(c->out, "%s (", nlab_get16(v, 20) ? "Join" : "Prune");
	nlab_p_ip4(c, v, 26);
	nlab_strbuf_printf(c->out, "/%u, ", nlab_get8(v, 25) & 0x3f);
	nlab_p_ip4(c, v, 12);
	if (nlab_get32(v, 16) != 0xffffffff) {
		nlab_p_puts(c, "/");
		nlab_p_ip4(c, v, 16);
	}
	nlab_strbuf_printf(c->out, ") %s%s %s", nlab_get8(v, 24) & 1 ? "Sparse" : "Dense",
			   nlab_get8(v, 25) & 0x80 ? " WC" : "", nlab_get8(v, 25) & 0x40 ? "RP" : "SPT");
}

/* A PIMv1 group of a join/prune (-vv) at *AT of V, *LEN bytes left:
 * 0, or ETR / TR. */
static int v1_group(nlab_pctx *c, nlab_view v, size_t *at, uint32_t *len)
{
	if (*len < 4)
		return ETR;
	if (!nlab_view_has(v, *at, 4))
		return TR;
	nlab_p_puts(c, "\n\tGroup: ");
	nlab_p_ip4(c, v, *at);
	*at += 4, *len -= 4;
	if (*len < 4)
		return ETR;
	if (!nlab_view_has(v, *at, 4))
		return TR;
	if (nlab_get32(v, *at) != 0xffffffff) {
		nlab_p_puts(c, "/");
		nlab_p_ip4(c, v, *at);
	}
	*at += 4, *len -= 4;
	if (*len < 4)
		return ETR;
	if (!nlab_view_has(v, *at, 4))
		return TR;
	unsigned nj = nlab_get16(v, *at), np = nlab_get16(v, *at + 2);
	nlab_strbuf_printf(c->out, " joined: %u pruned: %u", nj, np);
	*at += 4, *len -= 4;
	for (unsigned j = 0; j < nj + np; j++, *at += 6, *len -= 6) {
		if (*len < 6)
			return ETR;
		if (!nlab_view_has(v, *at, 6))
			return TR;
		uint8_t f0 = nlab_get8(v, *at), f1 = nlab_get8(v, *at + 1);
		nlab_strbuf_printf(c->out, "\n\t%s %s%s%s", j < nj ? "Join " : "Prune",
				   f0 & 1 ? "Sparse " : "Dense ", f1 & 0x80 ? "WC " : "", f1 & 0x40 ? "RP " : "SPT ");
		nlab_p_ip4(c, v, *at + 2);
		nlab_strbuf_printf(c->out, "/%u", f1 & 0x3f);
	}
	return 0;
}

/* A PIMv1 join/prune of LEN bytes at V (pimv1_join_prune_print): one
 * line for one group and source, else its fields (-vv: each group);
 * 0, or ETR / TR. */
static int v1_join_prune(nlab_pctx *c, nlab_view v, uint32_t len)
{
	if (nlab_view_has(v, 0, 30) && nlab_get8(v, 11) == 1 &&
	    nlab_get16(v, 20) + nlab_get16(v, 22) == 1) {
		v1_join_prune_line(c, v);
		return 0;
	}
	int vv = c->o->v > 1;
	if (len < 4)
		return ETR;
	nlab_p_puts(c, vv ? "\n" : "");
	if (!nlab_view_has(v, 0, 4))
		return TR;
	nlab_p_puts(c, " Upstream Nbr: ");
	nlab_p_ip4(c, v, 0);
	if (len - 4 < 4)
		return ETR;
	nlab_p_puts(c, vv ? "\n Hold time: " : " Hold time: ");
	if (!nlab_view_has(v, 6, 2))
		return TR;
	nlab_p_relts(c, nlab_get16(v, 6));
	if (!vv)
		return 0;
	size_t at = 8;
	len -= 8;
	if (len < 4)
		return ETR;
	if (!nlab_view_has(v, at + 3, 1))
		return TR;
	unsigned ngroups = nlab_get8(v, at + 3);
	at += 4, len -= 4;
	for (int r; ngroups > 0; ngroups--)
		if ((r = v1_group(c, v, &at, &len)) < 0)
			return r;
	return 0;
}

/* " for 10.0.0.1 > 224.1.1.1" of the addresses at A and B of V; 0, or
 * TR. */
static int v1_for(nlab_pctx *c, nlab_view v, size_t a, size_t b)
{
	if (!nlab_view_has(v, a, 4) || !nlab_view_has(v, b, 4))
		return TR;
	nlab_p_puts(c, " for ");
	nlab_p_ip4(c, v, a);
	nlab_p_puts(c, " > ");
	nlab_p_ip4(c, v, b);
	return 0;
}

/* A PIMv1 query's mode and (-v) hold time; 0, or TR. */
static int v1_query(nlab_pctx *c, nlab_view v)
{
	static const char *const modes[] = {" Dense-mode", " Sparse-mode", " Sparse-Dense-mode"};
	if (nlab_view_has(v, 8, 1)) {
		unsigned m = nlab_get8(v, 8) >> 4;
		if (m < 3)
			nlab_p_puts(c, modes[m]);
		else
			nlab_strbuf_printf(c->out, " mode-%u", m);
	}
	if (!c->o->v)
		return 0;
	nlab_p_puts(c, " (Hold-time ");
	if (!nlab_view_has(v, 10, 2))
		return TR;
	nlab_p_relts(c, nlab_get16(v, 10));
	nlab_p_puts(c, ")");
	return 0;
}

/* A PIMv1 RP-reachable message's -v fields; 0, or TR. */
static int v1_rp_reach(nlab_pctx *c, nlab_view v)
{
	if (!c->o->v)
		return 0;
	if (!nlab_view_has(v, 8, 4))
		return TR;
	nlab_p_puts(c, " group ");
	nlab_p_ip4(c, v, 8);
	if (!nlab_view_has(v, 12, 4))
		return TR;
	if (nlab_get32(v, 12) != 0xffffffff) {
		nlab_p_puts(c, "/");
		nlab_p_ip4(c, v, 12);
	}
	if (!nlab_view_has(v, 16, 4))
		return TR;
	nlab_p_puts(c, " RP ");
	nlab_p_ip4(c, v, 16);
	nlab_p_puts(c, " hold ");
	if (!nlab_view_has(v, 22, 2))
		return TR;
	nlab_p_relts(c, nlab_get16(v, 22));
	return 0;
}

/* A PIMv1 assert's fields; 0, or TR. */
static int v1_assert(nlab_pctx *c, nlab_view v)
{
	if (v1_for(c, v, 16, 8) < 0 || !nlab_view_has(v, 12, 4))
		return TR;
	if (nlab_get32(v, 12) != 0xffffffff) {
		nlab_p_puts(c, "/");
		nlab_p_ip4(c, v, 12);
	}
	if (!nlab_view_has(v, 20, 8))
		return TR;
	uint32_t pref = nlab_get32(v, 20);
	nlab_strbuf_printf(c->out, " %s pref %u metric %u", pref >> 31 ? "RP-tree" : "SPT",
			   pref & 0x7fffffff, nlab_get32(v, 24));
	return 0;
}

/* " [|pimv1]" when CUT. */
static void trunc_if(nlab_pctx *c, int cut)
{
	if (cut)
		nlab_p_trunc(c);
}

/* pimv1_print's own goto trunc: " [|pimv1]" ends the PIM part. */
enum { V1_CUT = -3 };

/* The message of PIMv1 type TYPE: 0, ETR (a join/prune cut: the
 * version is still told), TR, or V1_CUT. */
static int v1_body(nlab_pctx *c, nlab_view v, uint32_t len, uint8_t type)
{
	switch (type) {
	case 0: return v1_query(c, v);
	case 1: return nlab_view_has(v, 8, 20) ? v1_for(c, v, 20, 24) : V1_CUT;
	case 2: return v1_for(c, v, 8, 12);
	case 4: return v1_rp_reach(c, v);
	case 5: return v1_assert(c, v);
	case 3:
	case 6:
	case 7:
		if (!c->o->v)
			return 0;
		if (len < 8)
			return V1_CUT;
		return v1_join_prune(c, nlab_view_from(v, 8), len - 8);
	default: return 0;
	}
}

int nlab_p_pimv1(nlab_pctx *c, nlab_view v, uint32_t len)
{
	static const char *const names[] = {"Query", "Register", "Register-Stop", "Join/Prune",
					    "RP-reachable", "Assert", "Graft", "Graft-ACK"};
	c->proto = "pimv1";
	if (!nlab_view_has(v, 1, 1))
		return NLAB_P_TRUNC;
	uint8_t type = nlab_get8(v, 1);
	if (type < 8)
		nlab_strbuf_printf(c->out, " %s", names[type]);
	else
		nlab_strbuf_printf(c->out, " [type %u]", type);
	int r = v1_body(c, v, len, type);
	if (r == TR)
		return NLAB_P_TRUNC;
	trunc_if(c, r == ETR || r == V1_CUT);
	if (r == V1_CUT)
		return NLAB_P_OK; /* IGMP's checksum is still checked */
	if (!nlab_view_has(v, 4, 1))
		return NLAB_P_TRUNC;
	if (nlab_get8(v, 4) >> 4 != 1)
		nlab_strbuf_printf(c->out, " [v%u]", nlab_get8(v, 4) >> 4);
	return NLAB_P_OK;
}
