/* print_isakmp.c - ISAKMP, IKEv1 and IKEv2 (UDP 500, 7500, 8500, and
 * 4500 after the non-ESP marker) as tcpdump 4.99.3's print-isakmp.c
 * writes them: "isakmp: phase 1 I ident" (IKEv1: the phase, whether the
 * sender is the initiator as the cookies seen so far tell, the exchange
 * and its flags) or "isakmp: parent_sa ikev2_init[I]" (IKEv2); -v adds
 * the version and message id and a line per payload, nested as the
 * payloads nest (their printers in print_isakmp_v1.c and
 * print_ikev2.c), and a length that disagrees with the datagram's; -vv
 * the cookies and more of each payload's data. Nothing is decrypted. */
#include "print_isakmp.h"

int nlab_ike_has(const ike *k, ike_at at, int64_t n)
{
	return at >= 0 && n >= 0 && at <= k->ep && n <= k->ep - at;
}

uint8_t nlab_ike_u8(ike *k, ike_at at)
{
	if (nlab_ike_has(k, at, 1))
		return nlab_get8(k->v, (size_t)at);
	k->jmp = 1;
	return 0;
}

uint16_t nlab_ike_u16(ike *k, ike_at at)
{
	if (nlab_ike_has(k, at, 2))
		return nlab_get16(k->v, (size_t)at);
	k->jmp = 1;
	return 0;
}

uint32_t nlab_ike_u32(ike *k, ike_at at)
{
	if (nlab_ike_has(k, at, 4))
		return nlab_get32(k->v, (size_t)at);
	k->jmp = 1;
	return 0;
}

int nlab_ike_hex(ike *k, ike_at at, int64_t n)
{
	if (!nlab_ike_has(k, at, n))
		return 0;
	for (int64_t i = 0; i < n; i++)
		nlab_strbuf_printf(k->c->out, "%02x", nlab_get8(k->v, (size_t)(at + i)));
	return 1;
}

int nlab_ike_somedata(ike *k, ike_at at)
{
	ike_at end = k->ep - 20;
	int64_t len = k->ep - at, elen = 20;
	if (len > 10 || len < 0) /* tcpdump's size_t: a negative one is huge */
		len = 10;
	if (end < at + len) {
		end = at + len;
		elen = k->ep - end;
	}
	nlab_p_puts(k->c, " data=(");
	if (!nlab_ike_hex(k, at, len))
		return 0;
	nlab_p_puts(k->c, "...");
	if (elen && !nlab_ike_hex(k, end, elen))
		return 0;
	nlab_p_puts(k->c, ")");
	return 1;
}

void nlab_ike_name(ike *k, const char *const *t, size_t n, uint32_t x)
{
	if (x < n && t[x])
		nlab_p_puts(k->c, t[x]);
	else
		nlab_strbuf_printf(k->c->out, "#%u", x);
}

void nlab_ike_np(ike *k, uint8_t np)
{
	static const char *const names[] = {
		"none",  "sa",	   "p",	      "t",     "ke",	"id",	 "cert",  "cr",	   "hash",
		"sig",	 "nonce",  "n",	      "d",     "vid",	"pay14", "pay15", "pay16", "pay17",
		"pay18", "pay19",  "pay20",   "pay21", "pay22", "pay23", "pay24", "pay25", "pay26",
		"pay27", "pay28",  "pay29",   "pay30", "pay31", "pay32", "v2sa",  "v2ke",  "v2IDi",
		"v2IDr", "v2cert", "v2cr",    "v2auth", "v2nonce", "v2n", "v2d",  "v2vid", "v2TSi",
		"v2TSr", "v2e",	   "v2cp",    "v2eap"};
	nlab_ike_name(k, names, sizeof names / sizeof names[0], np);
}

void nlab_ike_trunc(ike *k, uint8_t np)
{
	nlab_p_puts(k->c, " [|");
	nlab_ike_np(k, np);
	nlab_p_puts(k->c, "]");
}

void nlab_ike_open(ike *k, int depth)
{
	nlab_p_puts(k->c, "\n");
	for (int i = 0; i < depth; i++)
		nlab_p_puts(k->c, "    ");
	nlab_p_puts(k->c, "(");
}

void nlab_ike_protoid(ike *k, uint8_t id)
{
	static const char *const names[] = {NULL, "isakmp", "ipsec-ah", "ipsec-esp", "ipcomp"};
	nlab_ike_name(k, names, 5, id);
}

/* One payload of type NP at EXT by its printer (ike_sub0_print, and
 * V2's ikev2_sub0_print): the next one's position or IKE_NULL. */
static ike_at payload(ike *k, uint8_t np, ike_at ext, uint32_t doi, uint32_t proto, int depth,
		      int v2)
{
	uint32_t len = nlab_ike_u16(k, ext + 2);
	if (len <= 4)
		return IKE_NULL; /* a payload this short would loop */
	if (v2 && np == IKE_V2E)
		return nlab_ike_v2_e(k, np, ext, len);
	ike_fn *f = np <= IKE_VID ? nlab_ike_v1_fn(np) : nlab_ike_v2_fn(np);
	if (f)
		return f(k, np, ext, len, doi, proto, depth);
	nlab_ike_np(k, np);
	return ext + len;
}

ike_at nlab_ike_walk(ike *k, uint8_t np, ike_at ext, uint32_t doi, uint32_t proto, int depth,
		     int v2)
{
	ike_at cp = ext;
	while (np) {
		if (!nlab_ike_has(k, ext, 4) || !nlab_ike_has(k, ext, nlab_get16(k->v, (size_t)ext + 2))) {
			nlab_ike_trunc(k, np);
			return IKE_NULL;
		}
		nlab_ike_open(k, depth + 1);
		cp = payload(k, np, ext, doi, proto, depth + 1, v2);
		if (k->jmp)
			return IKE_NULL;
		nlab_p_puts(k->c, ")");
		if (cp == IKE_NULL)
			return IKE_NULL;
		np = nlab_get8(k->v, (size_t)ext);
		ext = cp;
	}
	return cp;
}

/* The exchange type's name (ETYPESTR). */
static void etype(ike *k, uint8_t t)
{
	static const char *const names[38] = {
		[0] = "none",	       [1] = "base",		 [2] = "ident",	      [3] = "auth",
		[4] = "agg",	       [5] = "inf",		 [32] = "oakley-quick", [33] = "oakley-newgroup",
		[34] = "ikev2_init", [35] = "ikev2_auth", [36] = "child_sa",   [37] = "inf2"};
	nlab_p_puts(k->c, " ");
	nlab_ike_name(k, names, 38, t);
}

/* Where IP header IP's source and destination are, W bytes each. */
static int ip_addrs(nlab_view ip, size_t *src, size_t *dst)
{
	int ver = nlab_get8(ip, 0) >> 4;
	*src = ver == 4 ? 12 : 8, *dst = ver == 4 ? 16 : 24;
	return ver == 4 || ver == 6 ? ver : 0;
}

/* Whether cache entry E is this datagram's initiator (SIDE 'i') or
 * responder ('r'), by the source address (cookie_sidecheck). */
static int is_side(const nlab_ikecache *ck, int e, nlab_view ip, char side)
{
	size_t src, dst;
	int ver = ip_addrs(ip, &src, &dst);
	if (!ver || ck->e[e].version != ver)
		return 0;
	const uint8_t *a = side == 'i' ? ck->e[e].iaddr : ck->e[e].raddr;
	size_t w = ver == 4 ? 4 : 16;
	return nlab_view_has(ip, src, w) && memcmp(ip.base + src, a, w) == 0;
}

/* Notes the initiator cookie at the start of V and its datagram's
 * addresses (cookie_record). */
static void record(nlab_ikecache *ck, nlab_view v, nlab_view ip)
{
	size_t src, dst;
	int ver = ip_addrs(ip, &src, &dst);
	size_t w = ver == 4 ? 4 : 16;
	if (!ver || !nlab_view_has(ip, dst, w))
		return;
	uint32_t n = ck->next;
	ck->e[n].version = (uint8_t)ver;
	memcpy(ck->e[n].iaddr, ip.base + src, w);
	memcpy(ck->e[n].raddr, ip.base + dst, w);
	memcpy(ck->e[n].cookie, v.base, 8);
	ck->next = (n + 1) % NLAB_IKECACHE;
}

/* " I", " R" or " ?": who sent an IKEv1 message, as the initiator
 * cookies seen so far say; a new one with no responder cookie is an
 * initiator's, and is remembered. */
static void v1_role(ike *k, nlab_view ip)
{
	nlab_ikecache none = {0}, *ck = k->c->ike ? k->c->ike : &none;
	int e = -1;
	for (int i = 0; i < NLAB_IKECACHE && e < 0; i++)
		if (memcmp(ck->e[i].cookie, k->v.base, 8) == 0)
			e = i;
	static const uint8_t zero[8];
	if (e < 0 && memcmp(k->v.base + 8, zero, 8) == 0) {
		nlab_p_puts(k->c, " I");
		record(ck, k->v, ip);
	} else if (e >= 0 && is_side(ck, e, ip, 'i')) {
		nlab_p_puts(k->c, " I");
	} else if (e >= 0 && is_side(ck, e, ip, 'r')) {
		nlab_p_puts(k->c, " R");
	} else {
		nlab_p_puts(k->c, " ?");
	}
}

/* -v: the payloads, or the first one's type when they are encrypted,
 * then " (len mismatch ...)" when the header's length is not LEN. */
static void payloads(ike *k, uint8_t flags, uint32_t len, int v2)
{
	if (!k->c->o->v)
		return;
	nlab_p_puts(k->c, ":");
	uint8_t np = nlab_get8(k->v, 16);
	if (flags & 1) {
		nlab_p_puts(k->c, " [encrypted ");
		nlab_ike_np(k, np);
		nlab_p_puts(k->c, "]");
	} else {
		nlab_ike_walk(k, np, 28, 0, 0, 0, v2);
		if (k->jmp)
			return;
	}
	uint32_t hlen = nlab_get32(k->v, 24);
	if (hlen != len)
		nlab_strbuf_printf(k->c->out, " (len mismatch: isakmp %u/ip %u)", hlen, len);
}

/* IKEv1 (ikev1_print): phase, role, exchange, flags, payloads. */
static void v1(ike *k, uint32_t len, nlab_view ip)
{
	nlab_p_puts(k->c, k->phase == 1 ? " phase 1" : " phase 2/others");
	v1_role(k, ip);
	etype(k, nlab_get8(k->v, 18));
	uint8_t flags = nlab_get8(k->v, 19);
	if (flags)
		nlab_strbuf_printf(k->c->out, "[%s%s]", flags & 1 ? "E" : "", flags & 2 ? "C" : "");
	payloads(k, flags, len, 0);
}

/* IKEv2 (ikev2_print): parent or child SA, exchange, flags, payloads. */
static void v2(ike *k, uint32_t len)
{
	nlab_p_puts(k->c, k->phase == 1 ? " parent_sa" : " child_sa ");
	etype(k, nlab_get8(k->v, 18));
	uint8_t flags = nlab_get8(k->v, 19);
	if (flags)
		nlab_strbuf_printf(k->c->out, "[%s%s%s]", flags & 8 ? "I" : "", flags & 16 ? "V" : "",
				   flags & 32 ? "R" : "");
	payloads(k, flags, len, 1);
}

int nlab_p_isakmp(nlab_pctx *c, nlab_view v, uint32_t len, nlab_view ip)
{
	c->proto = "isakmp";
	if (!nlab_view_has(v, 0, 28))
		return NLAB_P_ETRUNC;
	ike k = {c, v, (ike_at)v.len, nlab_get32(v, 20) == 0 ? 1 : 2, 0};
	uint8_t major = nlab_get8(v, 17) >> 4;
	nlab_p_puts(c, "isakmp");
	if (c->o->v)
		nlab_strbuf_printf(c->out, " %u.%u msgid %08x", major, nlab_get8(v, 17) & 15,
				   nlab_get32(v, 20));
	if (c->o->v > 1) {
		nlab_p_puts(c, " cookie ");
		nlab_ike_hex(&k, 0, 8);
		nlab_p_puts(c, "->");
		nlab_ike_hex(&k, 8, 8);
	}
	nlab_p_puts(c, ":");
	if (major == 1)
		v1(&k, len, ip);
	else if (major == 2)
		v2(&k, len);
	return k.jmp ? NLAB_P_TRUNC : NLAB_P_OK;
}
