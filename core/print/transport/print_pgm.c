/* print_pgm.c - Pragmatic General Multicast (IP protocol 113, RFC
 * 3208), as tcpdump's print-pgm.c writes it: "src.port > dst.port: PGM,
 * length 0", and under -v the global source id, each message (SPM,
 * POLL, POLR, ODATA, RDATA, NAK, NNAK, NCF, ACK, SPMR) and its options;
 * tcpdump's own quirks kept (the group address of a NAK read where its
 * family is, options after an SPMR read from the header's start). */
#include "print_priv.h"

enum { OPT_STOP = -1 }; /* an option tcpdump gives up on quietly */

/* The length of an address of family AFI (1 IPv4, 2 IPv6), 0 for others. */
static size_t afi_len(uint16_t afi)
{
	return afi == 1 ? 4 : afi == 2 ? 16 : 0;
}

/* Appends the address of family AFI at OFF of V. */
static void put_nla(nlab_pctx *c, nlab_view v, size_t off, uint16_t afi)
{
	afi == 1 ? nlab_p_ip4(c, v, off) : nlab_p_ip6addr(c, v, off);
}

/* A NAK, NNAK or NCF (TYPE) at 16 of V: "NAK (src -> group), seq N";
 * *BP past it. */
static int nak(nlab_pctx *c, nlab_view v, uint8_t type, size_t *bp)
{
	if (!nlab_view_has(v, 16, 8))
		return NLAB_P_ETRUNC;
	uint16_t safi = nlab_get16(v, 20);
	size_t sl = afi_len(safi), g = 24 + sl + 4;
	if (!sl || !nlab_view_has(v, 24, sl))
		return NLAB_P_ETRUNC;
	if (!nlab_view_has(v, g, 2))
		return NLAB_P_TRUNC;
	uint16_t gafi = nlab_get16(v, g); /* sic: the group's first bytes */
	size_t gl = afi_len(gafi);
	if (!gl || !nlab_view_has(v, g, gl))
		return NLAB_P_ETRUNC;
	nlab_p_puts(c, type == 8 ? "NAK (" : type == 9 ? "NNAK (" : "NCF (");
	put_nla(c, v, 24, safi);
	nlab_p_puts(c, " -> ");
	put_nla(c, v, g, gafi);
	nlab_strbuf_printf(c->out, "), seq %u", nlab_get32(v, 16));
	*bp = g + gl;
	return NLAB_P_OK;
}

/* An SPM or a POLL (TYPE 0, 1) at 16 of V; *BP past it. */
static int spm_poll(nlab_pctx *c, nlab_view v, uint8_t type, size_t *bp)
{
	size_t fixed = type == 0 ? 16 : 12, afi_at = type == 0 ? 28 : 24;
	if (!nlab_view_has(v, 16, fixed))
		return NLAB_P_ETRUNC;
	uint16_t afi = nlab_get16(v, afi_at);
	size_t at = 16 + fixed, al = afi_len(afi);
	if (!al || !nlab_view_has(v, at, al))
		return NLAB_P_ETRUNC;
	if (type == 0) {
		nlab_strbuf_printf(c->out, "SPM seq %u trail %u lead %u nla ",
				   nlab_get32(v, 16), nlab_get32(v, 20),
				   nlab_get32(v, 24));
		put_nla(c, v, at, afi);
		*bp = at + al;
		return NLAB_P_OK;
	}
	size_t w = at + al;
	if (!nlab_view_has(v, w, 12))
		return NLAB_P_TRUNC;
	nlab_strbuf_printf(c->out, "POLL seq %u round %u nla ",
			   nlab_get32(v, 16), nlab_get16(v, 20));
	put_nla(c, v, at, afi);
	nlab_strbuf_printf(c->out, " ivl %u rnd 0x%08x mask 0x%08x",
			   nlab_get32(v, w), nlab_get32(v, w + 4),
			   nlab_get32(v, w + 8));
	*bp = w + 12;
	return NLAB_P_OK;
}

/* The message of TYPE after the header of V (-v); *BP where its
 * options start (the header's start for types with no body). */
static int message(nlab_pctx *c, nlab_view v, uint8_t type, size_t *bp)
{
	*bp = 0;
	switch (type) {
	case 0:
	case 1:
		return spm_poll(c, v, type, bp);
	case 2:
	case 4:
	case 5:
	case 11:
		if (!nlab_view_has(v, 16, 8))
			return NLAB_P_ETRUNC;
		if (type == 2)
			nlab_strbuf_printf(c->out, "POLR seq %u round %u",
					   nlab_get32(v, 16),
					   nlab_get16(v, 20));
		else if (type == 11)
			nlab_strbuf_printf(c->out, "ACK seq %u",
					   nlab_get32(v, 16));
		else
			nlab_strbuf_printf(c->out, "%s trail %u seq %u",
					   type == 4 ? "ODATA" : "RDATA",
					   nlab_get32(v, 20),
					   nlab_get32(v, 16));
		*bp = 24;
		return NLAB_P_OK;
	case 8:
	case 9:
	case 10:
		return nak(c, v, type, bp);
	case 12:
		nlab_p_puts(c, "SPMR");
		return NLAB_P_OK;
	default:
		nlab_strbuf_printf(c->out, "UNKNOWN type 0x%02x", type);
		return NLAB_P_OK;
	}
}

/* The options of one fixed length tcpdump knows: its type, length,
 * name, text and the 32-bit words it prints (after 2 reserved bytes). */
static const struct {
	uint8_t type, len;
	const char *name, *fmt;
	uint8_t words;
} fixed[] = {
    {1, 16, "FRAGMENT", " FRAG seq %u off %u len %u", 3},
    {3, 8, "JOIN", " JOIN %u", 1},
    {4, 12, "NAK_BO_IVL", " BACKOFF ivl %u ivlseq %u", 2},
    {5, 12, "NAK_BO_RNG", " BACKOFF max %u min %u", 2},
    {8, 8, "PARITY_PRM", " PARITY MAXTGS %u", 1},
    {9, 8, "PARITY_GRP", " PARITY GROUP %u", 1},
    {10, 8, "CURR_TGSIZE", " PARITY ATGS %u", 1},
    {11, 4, "NBR_UNREACH", " NBR_UNREACH", 0},
    {13, 4, "SYN", " SYN", 0},
    {14, 4, "FIN", " FIN", 0},
    {15, 4, "RST", " RST", 0},
    {17, 4, "CRQST", " CRQST", 0},
};

/* A redirect or PGMCC option (TYPE 7, 18, 19) of LEN bytes whose body
 * is at *BP of V: " REDIRECT 10.0.0.1"; *LEFT less its length. */
static int opt_nla(nlab_pctx *c, nlab_view v, size_t *bp, uint8_t type,
		   uint8_t len, uint32_t *left)
{
	static const char *const names[] = {"REDIRECT", "PGMCC_DATA",
					    "PGMCC_FEEDBACK"};
	const char *name = names[type == 7 ? 0 : type - 17];
	unsigned min = type == 7 ? 8 : 12;
	if (len < min) {
		nlab_strbuf_printf(c->out, "[Bad %s%s option, length %u < %u]",
				   type == 19 ? "PGM_OPT_" : "OPT_", name, len,
				   min);
		return OPT_STOP;
	}
	uint32_t off = 0;
	if (type != 7)
		off = nlab_get32(v, *bp + 2);
	size_t a = *bp + min - 2;
	uint16_t afi = nlab_get16(v, a - 4);
	size_t al = afi_len(afi);
	if (!al)
		return NLAB_P_ETRUNC;
	if (len != min + al) {
		nlab_strbuf_printf(
		    c->out,
		    "[Bad OPT_%s option, length %u != %u + address size]", name,
		    len, min);
		return OPT_STOP;
	}
	if (!nlab_view_has(v, a, al))
		return NLAB_P_ETRUNC;
	if (type == 7)
		nlab_p_puts(c, " REDIRECT ");
	else
		nlab_strbuf_printf(c->out,
				   type == 18 ? " PGMCC DATA %u "
					      : " PGMCC FEEDBACK %u ",
				   off);
	put_nla(c, v, a, afi);
	*bp = a + al;
	*left -= len;
	return NLAB_P_OK;
}

/* One option of TYPE and LEN whose body (all captured) is at *BP of V:
 * its text; *BP past what tcpdump skips, *LEFT less what it counts. */
static int option(nlab_pctx *c, nlab_view v, size_t *bp, uint8_t type,
		  uint8_t len, uint32_t *left)
{
	uint8_t t = type & 0x7f;
	if (t == 0) {
		if (len != 4) {
			nlab_strbuf_printf(
			    c->out, "[Bad OPT_LENGTH option, length %u != 4]",
			    len);
			return OPT_STOP;
		}
		nlab_strbuf_printf(c->out, " OPTS LEN (extra?) %u",
				   nlab_get16(v, *bp));
		*bp += 2, *left -= 4;
		return NLAB_P_OK;
	}
	for (size_t i = 0; i < sizeof fixed / sizeof fixed[0]; i++) {
		if (fixed[i].type != t)
			continue;
		if (len != fixed[i].len) {
			nlab_strbuf_printf(
			    c->out, "[Bad OPT_%s option, length %u != %u]",
			    fixed[i].name, len, fixed[i].len);
			return OPT_STOP;
		}
		size_t w = *bp + 2;
		nlab_strbuf_printf(c->out, fixed[i].fmt, nlab_get32(v, w),
				   nlab_get32(v, w + 4), nlab_get32(v, w + 8));
		*bp += (size_t)len - 2, *left -= len;
		return NLAB_P_OK;
	}
	if (t == 2) { /* NAK list: its header is not counted off */
		nlab_p_puts(c, " NAK LIST");
		*bp += 2;
		for (unsigned n = len - 4u; n; n -= 4, *bp += 4, *left -= 4) {
			if (n < 4) {
				nlab_p_puts(
				    c, "[Option length not a multiple of 4]");
				return OPT_STOP;
			}
			nlab_strbuf_printf(c->out, " %u", nlab_get32(v, *bp));
		}
		return NLAB_P_OK;
	}
	if (t == 7 || t == 18 || t == 19)
		return opt_nla(c, v, bp, t, len, left);
	if (t == 12)
		nlab_strbuf_printf(c->out, " PATH_NLA [%u]", len);
	else if (t == 16)
		nlab_p_puts(c, " CR");
	else
		nlab_strbuf_printf(c->out, " OPT_%02X [%u] ", type, len);
	*bp += len, *left -= len; /* sic: 2 bytes beyond the option */
	return NLAB_P_OK;
}

/* The options from BP of V: NLAB_P_OK, OPT_STOP, or a truncation. */
static int options(nlab_pctx *c, nlab_view v, size_t bp)
{
	if (!nlab_view_has(v, bp, 4))
		return NLAB_P_ETRUNC;
	uint8_t type = nlab_get8(v, bp), len = nlab_get8(v, bp + 1);
	uint16_t total = nlab_get16(v, bp + 2);
	if ((type & 0x7f) != 0) {
		nlab_strbuf_printf(
		    c->out,
		    "[First option bad, should be PGM_OPT_LENGTH, is %u]",
		    type & 0x7f);
		return OPT_STOP;
	}
	if (len != 4) {
		nlab_strbuf_printf(
		    c->out, "[Bad OPT_LENGTH option, length %u != 4]", len);
		return OPT_STOP;
	}
	if (total < 4) {
		nlab_strbuf_printf(c->out, "[Bad total option length %u < 4]",
				   total);
		return OPT_STOP;
	}
	nlab_strbuf_printf(c->out, " OPTS LEN %u", total);
	bp += 4;
	for (uint32_t left = total - 4u; left;) {
		if (left < 4) {
			nlab_p_puts(c, "[Total option length leaves no room "
				       "for final option]");
			return OPT_STOP;
		}
		if (!nlab_view_has(v, bp, 2))
			return NLAB_P_TRUNC;
		type = nlab_get8(v, bp), len = nlab_get8(v, bp + 1);
		bp += 2;
		if (len < 4) {
			nlab_strbuf_printf(c->out,
					   "[Bad option, length %u < 4]", len);
			break;
		}
		if (left < len) {
			nlab_p_puts(c, "[Total option length leaves no room "
				       "for final option]");
			return OPT_STOP;
		}
		if (!nlab_view_has(v, bp, (size_t)len - 2))
			return NLAB_P_ETRUNC;
		int r = option(c, v, &bp, type, len, &left);
		if (r)
			return r;
		if (type & 0x80)
			break;
	}
	return NLAB_P_OK;
}

/* "src.sport > dst.dport: " from the IP header IP (the ports alone when
 * extension headers came between). */
static void put_addrs(nlab_pctx *c, nlab_view ip, uint16_t sp, uint16_t dp)
{
	int v6 = nlab_get8(ip, 0) >> 4 == 6;
	if (nlab_get8(ip, v6 ? 6 : 9) != 113) {
		nlab_strbuf_printf(c->out, "%u > %u: ", sp, dp);
		return;
	}
	v6 ? nlab_p_ip6addr(c, ip, 8) : nlab_p_ip4(c, ip, 12);
	nlab_strbuf_printf(c->out, ".%u > ", sp);
	v6 ? nlab_p_ip6addr(c, ip, 24) : nlab_p_ip4(c, ip, 16);
	nlab_strbuf_printf(c->out, ".%u: ", dp);
}

int nlab_p_pgm(nlab_pctx *c, nlab_view v, uint32_t len, nlab_view ip)
{
	c->proto = "pgm";
	if (!nlab_view_has(v, 2, 2)) {
		int v6 = nlab_get8(ip, 0) >> 4 == 6;
		v6 ? nlab_p_ip6addr(c, ip, 8) : nlab_p_ip4(c, ip, 12);
		nlab_p_puts(c, " > ");
		v6 ? nlab_p_ip6addr(c, ip, 24) : nlab_p_ip4(c, ip, 16);
		nlab_p_puts(c, ":");
		return NLAB_P_ETRUNC;
	}
	put_addrs(c, ip, nlab_get16(v, 0), nlab_get16(v, 2));
	if (!nlab_view_has(v, 0, 16))
		return NLAB_P_ETRUNC;
	nlab_strbuf_printf(c->out, "PGM, length %u", nlab_get16(v, 14));
	if (!c->o->v)
		return NLAB_P_OK;
	nlab_p_puts(c, " 0x");
	for (size_t i = 8; i < 14; i++)
		nlab_strbuf_printf(c->out, "%02x", nlab_get8(v, i));
	nlab_p_puts(c, " ");
	size_t bp;
	int r = message(c, v, nlab_get8(v, 4), &bp);
	if (r == NLAB_P_OK && (nlab_get8(v, 5) & 1))
		r = options(c, v, bp);
	if (r == OPT_STOP)
		return NLAB_P_OK;
	if (r)
		return r;
	nlab_strbuf_printf(c->out, " [%u]", len);
	return NLAB_P_OK;
}
