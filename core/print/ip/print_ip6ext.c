/* print_ip6ext.c - the IPv6 extension headers tcpdump prints a line part
 * for besides options and fragments: routing headers (print-rt6.c: type
 * 0 source routes, type 2 and segment routing) and the mobility header
 * (print-mobility.c), and the final destination checksums are made to. */
#include "print_priv.h"

/* The " [i]addr" list of the N addresses from OFF of V ("[0]2001:db8::1"
 * each after ", "); 0, or -1 when the capture ends inside one. */
static int rt6_addrs(nlab_pctx *c, nlab_view v, size_t off, unsigned n)
{
	for (unsigned i = 0; i < n; i++, off += 16) {
		if (!nlab_view_has(v, off, 16))
			return -1;
		nlab_strbuf_printf(c->out, ", [%u]", i);
		nlab_p_ip6addr(c, v, off);
	}
	return 0;
}

/* The fields that follow segleft in a type 0/2 (T4 0) or segment routing
 * (T4 1) header: 0, or -1 when cut. */
static int rt6_fields(nlab_pctx *c, nlab_view v, int t4)
{
	if (!t4) {
		if (!nlab_view_has(v, 4, 4))
			return -1;
		if (nlab_get32(v, 4) || c->o->v)
			nlab_strbuf_printf(c->out, ", rsv=0x%x", nlab_get32(v, 4));
		return 0;
	}
	if (!nlab_view_has(v, 4, 1))
		return -1;
	nlab_strbuf_printf(c->out, ", last-entry=%u", nlab_get8(v, 4));
	if (!nlab_view_has(v, 5, 1))
		return -1;
	if (nlab_get8(v, 5) || c->o->v)
		nlab_strbuf_printf(c->out, ", flags=0x%x", nlab_get8(v, 5));
	if (!nlab_view_has(v, 6, 2))
		return -1;
	nlab_strbuf_printf(c->out, ", tag=%x", nlab_get16(v, 6));
	return 0;
}

long nlab_p_rt6(nlab_pctx *c, nlab_view v)
{
	c->proto = "rt6";
	nlab_p_puts(c, "RT6");
	if (!nlab_view_has(v, 1, 1))
		return -1;
	unsigned len = nlab_get8(v, 1);
	nlab_strbuf_printf(c->out, " (len=%u", len);
	if (!nlab_view_has(v, 2, 1))
		return -1;
	unsigned type = nlab_get8(v, 2);
	nlab_strbuf_printf(c->out, ", type=%u%s", type, type == 0 ? " [Deprecated]" : "");
	if (!nlab_view_has(v, 3, 1))
		return -1;
	nlab_strbuf_printf(c->out, ", segleft=%u", nlab_get8(v, 3));
	if (type != 0 && type != 2 && type != 4) {
		nlab_p_puts(c, " (unknown type) (invalid)");
		return -3;
	}
	if (rt6_fields(c, v, type == 4) < 0)
		return -1;
	if (len % 2 == 1) {
		nlab_strbuf_printf(c->out, " (invalid length %u) (invalid)", len);
		return -3;
	}
	if (rt6_addrs(c, v, 8, len / 2) < 0)
		return -1;
	nlab_p_puts(c, ") ");
	return ((long)len + 1) * 8;
}

/* The mobility header's options (N bytes from OFF of V) as -v lists
 * them; 0, 1 when tcpdump gives up on them (its trunc), 2 when the
 * capture ends first (its longjmp). */
static int mh_opts(nlab_pctx *c, nlab_view v, size_t off, size_t n)
{
	static const struct { uint8_t type; size_t min; const char *cut; } t[] = {
		{1, 2, "padn"}, {2, 4, "refresh"}, {3, 18, "altcoa"}, {4, 6, "ni"}, {5, 12, "auth"}};
	size_t olen;
	for (size_t i = 0; i < n; i += olen) {
		if (!nlab_view_has(v, off + i, 1))
			return 2;
		uint8_t type = nlab_get8(v, off + i);
		olen = 1;
		if (type != 0) {
			if (i + 1 >= n)
				return 1;
			if (!nlab_view_has(v, off + i + 1, 1))
				return 2;
			olen = (size_t)nlab_get8(v, off + i + 1) + 2;
		}
		if (i + olen > n || !nlab_view_has(v, off + i + olen, 1))
			return 1;
		size_t min = 2, k;
		for (k = 0; k < sizeof t / sizeof t[0] && t[k].type != type; k++)
			;
		if (k < sizeof t / sizeof t[0])
			min = t[k].min;
		if (type != 0 && n - i < min) {
			if (k < sizeof t / sizeof t[0])
				nlab_strbuf_printf(c->out, "(%s: trunc)", t[k].cut);
			else
				nlab_strbuf_printf(c->out, "(sopt_type %u: trunc)", type);
			return 1;
		}
		size_t p = off + i + 2, need = type == 2 ? 2 : type == 3 ? 16 : type == 4 ? 4 : 0;
		if (!nlab_view_has(v, p, need))
			return 2; /* read past the option: tcpdump's longjmp */
		switch (type) {
		case 0: nlab_p_puts(c, "(pad1)"); break;
		case 1: nlab_p_puts(c, "(padn)"); break;
		case 2: nlab_strbuf_printf(c->out, "(refresh: %u)", (unsigned)nlab_get16(v, p) << 2); break;
		case 3:
			nlab_p_puts(c, "(alt-CoA: ");
			nlab_p_ip6addr(c, v, p);
			nlab_p_puts(c, ")");
			break;
		case 4:
			nlab_strbuf_printf(c->out, "(ni: ho=0x%04x co=0x%04x)", nlab_get16(v, p),
					   nlab_get16(v, p + 2));
			break;
		case 5: nlab_p_puts(c, "(auth)"); break;
		default:
			nlab_strbuf_printf(c->out, "(type-0x%02x: len=%u)", type, nlab_get8(v, off + i + 1));
		}
	}
	return 0;
}

/* "Home Init Cookie=01234567:89abcdef" (WHAT, NAME) from OFF of V under
 * -v; 0, or -1 when cut. */
static int mh_cookie(nlab_pctx *c, nlab_view v, size_t off, const char *name, const char *what)
{
	if (!c->o->v)
		return 0;
	if (!nlab_view_has(v, off, 8))
		return -1;
	nlab_strbuf_printf(c->out, " %s %s=%08x:%08x", name, what, nlab_get32(v, off),
			   nlab_get32(v, off + 4));
	return 0;
}

/* The message of type TYPE after "mobility: NAME": its fixed part's
 * length, -1 when cut (longjmp), -2 when tcpdump's explicit check is. */
static long mh_body(nlab_pctx *c, nlab_view v, uint8_t type)
{
	const char *who = type == 1 || type == 3 ? "Home" : "Care-of";
	switch (type) {
	case 0: return 8;
	case 1:
	case 2: return mh_cookie(c, v, 8, who, "Init Cookie") < 0 ? -1 : 16;
	case 3:
	case 4:
		if (!nlab_view_has(v, 6, 2))
			return -1;
		nlab_strbuf_printf(c->out, " nonce id=0x%x", nlab_get16(v, 6));
		if (mh_cookie(c, v, 8, who, "Init Cookie") < 0 || mh_cookie(c, v, 16, who, "Keygen Token") < 0)
			return -1;
		return 24;
	case 5: {
		static const nlab_bitname bu[] = {{8, "A"}, {4, "H"}, {2, "L"}, {1, "K"}, {0, NULL}};
		if (!nlab_view_has(v, 6, 2))
			return -1;
		nlab_strbuf_printf(c->out, " seq#=%u", nlab_get16(v, 6));
		if (!nlab_view_has(v, 8, 2))
			return -2;
		if (nlab_get8(v, 8) >> 4) {
			nlab_p_puts(c, " ");
			nlab_p_bits(c, bu, nlab_get8(v, 8) >> 4, "", "");
		}
		if (!nlab_view_has(v, 10, 2))
			return -1;
		nlab_strbuf_printf(c->out, " lifetime=%u", (unsigned)nlab_get16(v, 10) << 2);
		return 12;
	}
	case 6:
		if (!nlab_view_has(v, 6, 1))
			return -1;
		nlab_strbuf_printf(c->out, " status=%u", nlab_get8(v, 6));
		if (!nlab_view_has(v, 7, 1))
			return -1;
		if (nlab_get8(v, 7) & 0x80)
			nlab_p_puts(c, " K");
		if (!nlab_view_has(v, 8, 2))
			return -1;
		nlab_strbuf_printf(c->out, " seq#=%u", nlab_get16(v, 8));
		if (!nlab_view_has(v, 10, 2))
			return -1;
		nlab_strbuf_printf(c->out, " lifetime=%u", (unsigned)nlab_get16(v, 10) << 2);
		return 12;
	default: /* 7 */
		if (!nlab_view_has(v, 6, 1))
			return -1;
		nlab_strbuf_printf(c->out, " status=%u", nlab_get8(v, 6));
		if (!nlab_view_has(v, 8, 16))
			return -1;
		nlab_p_puts(c, " homeaddr ");
		nlab_p_ip6addr(c, v, 8);
		return 24;
	}
}

int nlab_p_mobility(nlab_pctx *c, nlab_view v)
{
	static const char *names[] = {"BRR", "HoTI", "CoTI", "HoT", "CoT", "BU", "BA", "BE"};
	static const unsigned minlen[] = {8, 16, 16, 24, 24, 12, 12, 24};
	c->proto = "mobility";
	if (!nlab_view_has(v, 1, 1))
		return NLAB_P_ETRUNC;
	size_t mhlen = ((size_t)nlab_get8(v, 1) + 1) * 8;
	if (!nlab_view_has(v, 2, 1))
		return NLAB_P_TRUNC;
	uint8_t type = nlab_get8(v, 2);
	if (type <= 7 && mhlen < minlen[type]) {
		nlab_strbuf_printf(c->out, "(header length %zu is too small for type %u)", mhlen, type);
		return NLAB_P_ETRUNC;
	}
	if (type > 7) {
		nlab_strbuf_printf(c->out, "mobility: type-#%u len=%u", type, nlab_get8(v, 1));
		return NLAB_P_OK;
	}
	nlab_strbuf_printf(c->out, "mobility: %s", names[type]);
	long hlen = mh_body(c, v, type);
	if (hlen < 0)
		return hlen == -1 ? NLAB_P_TRUNC : NLAB_P_ETRUNC;
	int r = c->o->v ? mh_opts(c, v, (size_t)hlen, mhlen - (size_t)hlen) : 0;
	return r == 0 ? NLAB_P_OK : r == 1 ? NLAB_P_ETRUNC : NLAB_P_TRUNC;
}

size_t nlab_p_ip6_final_dst(nlab_view ip)
{
	uint8_t nh = nlab_get8(ip, 6);
	size_t at = 40;
	while (at < ip.len) {
		if (nh == 0 || nh == 60 || nh == 62 || nh == 135 || nh == 44) {
			if (!nlab_view_has(ip, at, 2))
				return 24;
			size_t adv = nh == 44 ? 8 : ((size_t)nlab_get8(ip, at + 1) + 1) * 8;
			nh = nlab_get8(ip, at);
			at += adv;
			continue;
		}
		if (nh != 43 || !nlab_view_has(ip, at, 4))
			return 24;
		unsigned len = nlab_get8(ip, at + 1), type = nlab_get8(ip, at + 2);
		if ((type != 0 && type != 2 && type != 4) || len % 2 == 1)
			return 24;
		if (type == 4)
			return nlab_view_has(ip, at + 8, 16) ? at + 8 : 24;
		size_t dst = 24;
		for (unsigned i = 0; i < len / 2 && nlab_view_has(ip, at + 8 + 16 * i, 16); i++)
			dst = at + 8 + 16 * i;
		return dst;
	}
	return 24;
}
