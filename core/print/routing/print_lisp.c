/* print_lisp.c - LISP control messages (UDP 4342) as tcpdump 4.99.3's
 * print-lisp.c writes them: the type ("LISP-Map-Register,"), and for
 * Map-Register and Map-Notify the record count, each EID record's
 * prefix and locators, the xTR and site ids; -v the flags, the
 * authentication data in hex, each record's TTL, action and version and
 * each locator's priorities and flags. Other types print their name only
 * (as tcpdump); LCAF EIDs end the message (as tcpdump). */
#include "print_priv.h"

/* hex_print: N bytes at OFF of V after IDENT; NLAB_P_TRUNC when cut. */
static int hex(nlab_pctx *c, nlab_view v, size_t off, uint32_t n, const char *ident)
{
	nlab_p_hexdump(c, v, off, n, ident);
	return nlab_view_has(v, off, n) ? NLAB_P_OK : NLAB_P_TRUNC;
}

/* The type's name and, under -v, the header's flags. */
static void type_flags(nlab_pctx *c, nlab_view v, uint8_t type)
{
	static const char *const names[] = {"LISP-Reserved", "LISP-Map-Request", "LISP-Map-Reply",
					    "LISP-Map-Register", "LISP-Map-Notify"};
	if (type < 5)
		nlab_strbuf_printf(c->out, "%s,", names[type]);
	else if (type == 8)
		nlab_p_puts(c, "LISP-Encapsulated-Contol-Message,");
	else
		nlab_strbuf_printf(c->out, "unknown-type-%u,", type);
	static const nlab_bitname reg[] = {{0x08000000, "P-Proxy-Map-Reply"}, {0x04000000, "S-LISP-SEC-Capable"},
					   {0x02000000, "I-xTR-ID-Present"},  {0x01000000, "R-Build-For-RTR"},
					   {0x00000100, "M-Want-Map-Notify"}, {0, NULL}};
	static const nlab_bitname notify[] = {{0x08000000, "I-xTR-ID-Present"}, {0x04000000, "R-Build-For-RTR"},
					      {0, NULL}};
	if (!c->o->v || (type != 3 && type != 4))
		return;
	nlab_p_puts(c, " flags [");
	nlab_p_bits(c, type == 3 ? reg : notify, nlab_get32(v, 0), ", ", "none");
	nlab_p_puts(c, "],");
}

/* The locators of a record from *OFF on, COUNT of them. */
static int locators(nlab_pctx *c, nlab_view v, size_t *off, uint8_t count)
{
	static const nlab_bitname flags[] = {{4, "Local-Locator"}, {2, "RLoc-Probed"}, {1, "Reachable"}, {0, NULL}};
	while (count--) {
		size_t at = *off;
		if (!nlab_view_has(v, at, 8))
			return NLAB_P_ETRUNC;
		*off += 8;
		uint16_t afi = nlab_get16(v, at + 6);
		if (c->o->v)
			nlab_p_puts(c, "\n       ");
		if (afi == 1 || afi == 2) {
			size_t w = afi == 1 ? 4 : 16;
			if (!nlab_view_has(v, *off, w))
				return NLAB_P_ETRUNC;
			nlab_p_puts(c, " LOC ");
			w == 4 ? nlab_p_ip4(c, v, at + 8) : nlab_p_ip6addr(c, v, at + 8);
			*off += w;
		}
		if (c->o->v) {
			nlab_strbuf_printf(c->out, "\n          Priority/Weight %u/%u, Multicast Priority/Weight %u/%u, flags [",
					   nlab_get8(v, at), nlab_get8(v, at + 1), nlab_get8(v, at + 2),
					   nlab_get8(v, at + 3));
			nlab_p_bits(c, flags, nlab_get16(v, at + 4), ", ", "none");
			nlab_p_puts(c, "],");
		}
	}
	return NLAB_P_OK;
}

/* One EID record at *OFF: NLAB_P_OK, NLAB_P_ETRUNC, or NLAB_P_STOP for
 * an EID family tcpdump does not decode (the message ends). */
static int record(nlab_pctx *c, nlab_view v, size_t *off)
{
	static const char *const actions[] = {"No-Action", "Natively-Forward", "Send-Map-Request", "Drop"};
	size_t at = *off;
	if (!nlab_view_has(v, at, 12))
		return NLAB_P_ETRUNC;
	nlab_p_puts(c, "\n");
	*off += 12;
	uint8_t mask = nlab_get8(v, at + 5), locs = nlab_get8(v, at + 4), act = nlab_get8(v, at + 6);
	uint16_t afi = nlab_get16(v, at + 10);
	if (c->o->v) {
		nlab_strbuf_printf(c->out, "      Record TTL %u,%s %s, Map Version: %u,", nlab_get32(v, at),
				   act >> 4 & 1 ? " Authoritative," : " Non-Authoritative,",
				   act >> 5 < 4 ? actions[act >> 5] : "unknown", nlab_get16(v, at + 8) & 0x0fff);
	}
	if (afi != 1 && afi != 2)
		return NLAB_P_STOP;
	size_t w = afi == 1 ? 4 : 16;
	if (!nlab_view_has(v, *off, w))
		return NLAB_P_TRUNC;
	nlab_p_puts(c, " EID ");
	w == 4 ? nlab_p_ip4(c, v, *off) : nlab_p_ip6addr(c, v, *off);
	nlab_strbuf_printf(c->out, "/%u, %u locator(s)", mask, locs);
	*off += w;
	return locators(c, v, off, locs);
}

int nlab_p_lisp(nlab_pctx *c, nlab_view v, uint32_t len)
{
	c->proto = "lisp";
	if (!nlab_view_has(v, 0, 16))
		return NLAB_P_ETRUNC;
	uint8_t tf = nlab_get8(v, 0), type = tf >> 4;
	type_flags(c, v, type);
	if (type != 3 && type != 4)
		return NLAB_P_OK;
	int xtr = type == 3 ? tf & 2 : tf & 8;
	uint16_t auth = nlab_get16(v, 14);
	uint8_t records = nlab_get8(v, 3);
	if (c->o->v) {
		uint16_t k = nlab_get16(v, 12);
		nlab_strbuf_printf(c->out, "\n    %u record(s), Authentication %s,", records,
				   k == 0 ? "None" : k == 1 ? "SHA1" : k == 2 ? "SHA256" : "unknown-type");
		int r = hex(c, v, 16, auth, "\n    Authentication-Data: ");
		if (r != NLAB_P_OK)
			return r;
	} else {
		nlab_strbuf_printf(c->out, " %u record(s),", records);
	}
	uint16_t off16 = (uint16_t)(16 + auth); /* tcpdump's u_short offset */
	size_t off = off16;
	if (records == 0) {
		nlab_p_puts(c, " (invalid)");
		return NLAB_P_OK;
	}
	while (len > off && records) {
		records--;
		int r = record(c, v, &off);
		if (r == NLAB_P_STOP)
			return NLAB_P_OK;
		if (r != NLAB_P_OK)
			return r;
		off = (uint16_t)off;
	}
	if (xtr) {
		if (!nlab_view_has(v, off, 24)) {
			nlab_p_puts(c, " (invalid)");
			return NLAB_P_OK;
		}
		nlab_p_hexdump(c, v, off, 16, "\n    xTR-ID: ");
		nlab_strbuf_printf(c->out, "\n    SITE-ID: %llu",
				   (unsigned long long)nlab_get32(v, off + 16) << 32 | nlab_get32(v, off + 20));
	} else if (off < v.len) {
		nlab_p_hexdump(c, v, off, (uint32_t)(v.len - off), "\n    Data: ");
	}
	return NLAB_P_OK;
}
