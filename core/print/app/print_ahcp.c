/* print_ahcp.c - the Ad-Hoc Configuration Protocol (UDP 5359, Babel's
 * companion for addresses), as tcpdump's print-ahcp.c writes it: "AHCP
 * Version 1", under -v the header and the message type, under -vv each
 * option a line. */
#include "print_priv.h"

#include <time.h>

/* " (invalid)", then the rest (LEN bytes at OFF) must have been
 * captured (tcpdump's invalid: label). */
static int invalid(nlab_pctx *c, nlab_view v, size_t off, uint32_t len)
{
	nlab_p_puts(c, " (invalid)");
	return nlab_view_has(v, off, len) ? NLAB_P_OK : NLAB_P_TRUNC;
}

/* tcpdump's ahcp1_opt_str. */
static void opt_name(nlab_pctx *c, uint8_t o)
{
	static const char *const names[] = {"Pad",
					    "Mandatory",
					    "Origin Time",
					    "Expires",
					    "My-IPv6-Address",
					    "My-IPv4-Address",
					    "IPv6 Prefix",
					    "IPv4 Prefix",
					    "IPv6 Address",
					    "IPv4 Address",
					    "IPv6 Prefix Delegation",
					    "IPv4 Prefix Delegation",
					    "Name Server",
					    "NTP Server"};
	if (o < sizeof names / sizeof names[0])
		nlab_strbuf_printf(c->out, "\n\t %s", names[o]);
	else
		nlab_strbuf_printf(c->out, "\n\t Unknown-%u", o);
}

/* Origin time (a date) or expiry (seconds): LEN bytes at OFF. */
static int time_opt(nlab_pctx *c, nlab_view v, size_t off, uint8_t len,
		    int date)
{
	if (len != 4)
		return invalid(c, v, off, len);
	if (!nlab_view_has(v, off, 4))
		return NLAB_P_TRUNC;
	uint32_t t = nlab_get32(v, off);
	if (!date) {
		nlab_strbuf_printf(c->out, ": %us", t);
		return NLAB_P_OK;
	}
	time_t tt = (time_t)t;
	struct tm tm;
	char buf[64];
	if (!gmtime_r(&tt, &tm))
		nlab_p_puts(c, ": gmtime() error");
	else if (!strftime(buf, sizeof buf, "%Y-%m-%d %H:%M:%S", &tm))
		nlab_p_puts(c, ": strftime() error");
	else
		nlab_strbuf_printf(c->out, ": %s UTC", buf);
	return NLAB_P_OK;
}

/* A list of IPv6 (ALEN 16) or IPv4 (4) addresses, each followed by a
 * prefix length when PFX: LEN bytes at OFF. */
static int addr_list(nlab_pctx *c, nlab_view v, size_t off, uint8_t len,
		     size_t alen, int pfx)
{
	const char *sep = ": ";
	size_t each = alen + (pfx ? 1 : 0);
	while (len) {
		if (len < each)
			return invalid(c, v, off, len);
		if (!nlab_view_has(v, off, each))
			return NLAB_P_TRUNC;
		nlab_p_puts(c, sep);
		alen == 16 ? nlab_p_ip6addr(c, v, off) : nlab_p_ip4(c, v, off);
		if (pfx)
			nlab_strbuf_printf(c->out, "/%u",
					   nlab_get8(v, off + alen));
		off += each, len = (uint8_t)(len - each), sep = ", ";
	}
	return NLAB_P_OK;
}

/* Option NO's value of LEN bytes at OFF. */
static int opt_value(nlab_pctx *c, nlab_view v, size_t off, uint8_t no,
		     uint8_t len)
{
	switch (no) {
	case 2:
		return time_opt(c, v, off, len, 1);
	case 3:
		return time_opt(c, v, off, len, 0);
	case 4:
	case 8:
	case 12:
	case 13:
		return addr_list(c, v, off, len, 16, 0);
	case 5:
	case 9:
		return addr_list(c, v, off, len, 4, 0);
	case 6:
	case 10:
		return addr_list(c, v, off, len, 16, 1);
	case 11:
		return addr_list(c, v, off, len, 4, 1);
	default:
		nlab_strbuf_printf(c->out, " (Length %u)", len);
		return nlab_view_has(v, off, len) ? NLAB_P_OK : NLAB_P_TRUNC;
	}
}

/* -vv: the options, LEN bytes at OFF. */
static int options(nlab_pctx *c, nlab_view v, size_t off, uint32_t len)
{
	while (len) {
		if (!nlab_view_has(v, off, 1))
			return NLAB_P_TRUNC;
		uint8_t no = nlab_get8(v, off);
		off++, len--;
		opt_name(c, no);
		if (no == 0 || no == 1)
			continue;
		if (!len)
			return invalid(c, v, off, len);
		if (!nlab_view_has(v, off, 1))
			return NLAB_P_TRUNC;
		uint8_t olen = nlab_get8(v, off);
		off++, len--;
		if (olen > len)
			return invalid(c, v, off, len);
		int r = opt_value(c, v, off, no, olen);
		if (r != NLAB_P_OK)
			return r;
		off += olen, len -= olen;
	}
	return NLAB_P_OK;
}

/* The body (LEN bytes at OFF): its type and length, and its options. */
static int body(nlab_pctx *c, nlab_view v, size_t off, uint32_t len)
{
	static const char *const types[] = {"Discover", "Offer", "Request",
					    "Ack",	"Nack",	 "Release"};
	if (len < 4)
		return invalid(c, v, off, len);
	if (!nlab_view_has(v, off, 4))
		return NLAB_P_TRUNC;
	uint8_t type = nlab_get8(v, off), mbz = nlab_get8(v, off + 1);
	uint16_t blen = nlab_get16(v, off + 2);
	off += 4, len -= 4;
	if (c->o->v) {
		if (type < 6)
			nlab_strbuf_printf(c->out, "\n\t%s", types[type]);
		else
			nlab_strbuf_printf(c->out, "\n\tUnknown-%u", type);
		if (mbz)
			nlab_strbuf_printf(c->out, ", MBZ %u", mbz);
		nlab_strbuf_printf(c->out, ", Length %u", blen);
	}
	if (blen > len)
		return invalid(c, v, off, len);
	if (c->o->v >= 2)
		return options(c, v, off, blen);
	return nlab_view_has(v, off, blen) ? NLAB_P_OK : NLAB_P_TRUNC;
}

/* -v: version 1's hop counts, nonce and the two ids. */
static int header(nlab_pctx *c, nlab_view v)
{
	if (!nlab_view_has(v, 2, 1))
		return NLAB_P_TRUNC;
	nlab_strbuf_printf(c->out, "\n\tHopcount %u", nlab_get8(v, 2));
	if (!nlab_view_has(v, 3, 1))
		return NLAB_P_TRUNC;
	nlab_strbuf_printf(c->out, ", Original Hopcount %u", nlab_get8(v, 3));
	if (!nlab_view_has(v, 4, 4))
		return NLAB_P_TRUNC;
	nlab_strbuf_printf(c->out, ", Nonce 0x%08x", nlab_get32(v, 4));
	if (!nlab_view_has(v, 8, 8))
		return NLAB_P_TRUNC;
	nlab_p_puts(c, ", Source Id ");
	nlab_p_mac(c, v, 8, 8);
	if (!nlab_view_has(v, 16, 8))
		return NLAB_P_TRUNC;
	nlab_p_puts(c, ", Destination Id ");
	nlab_p_mac(c, v, 16, 8);
	return NLAB_P_OK;
}

int nlab_p_ahcp(nlab_pctx *c, nlab_view v, uint32_t len)
{
	c->proto = "ahcp";
	nlab_p_puts(c, "AHCP");
	if (len < 2)
		return invalid(c, v, 0, len);
	if (!nlab_view_has(v, 0, 1))
		return NLAB_P_TRUNC;
	if (nlab_get8(v, 0) != 43)
		return invalid(c, v, 0, len);
	if (!nlab_view_has(v, 1, 1))
		return NLAB_P_TRUNC;
	uint8_t ver = nlab_get8(v, 1);
	if (ver != 1) {
		nlab_strbuf_printf(c->out, " Version %u (unknown)", ver);
		return nlab_view_has(v, 2, len - 2) ? NLAB_P_OK : NLAB_P_TRUNC;
	}
	nlab_p_puts(c, " Version 1");
	if (len - 2 < 22)
		return invalid(c, v, 2, len - 2);
	if (c->o->v) {
		int r = header(c, v);
		if (r != NLAB_P_OK)
			return r;
	} else if (!nlab_view_has(v, 2, 22)) {
		return NLAB_P_TRUNC;
	}
	return body(c, v, 24, len - 24);
}
