/* print_mptcp.c - the Multipath TCP option (RFC 6824, 8684) inside a
 * TCP header's options, as tcpdump's print-mptcp.c writes it. */
#include "print_priv.h"

#include <inttypes.h>

/* Offsets below count from the option's kind byte; D, the view the
 * callers hand over, starts two bytes later (at the subtype byte). */
#define AT(off) ((size_t)(off) - 2)

/* The big-endian 64-bit number at OFF of D (0 out of range). */
static uint64_t get64(nlab_view d, size_t off)
{
	return (uint64_t)nlab_get32(d, off) << 32 | nlab_get32(d, off + 4);
}

/* " 0x" and the 64-bit number at option offset OFF. */
static void hex64(nlab_pctx *c, nlab_view d, size_t off)
{
	nlab_strbuf_printf(c->out, " 0x%" PRIx64, get64(d, AT(off)));
}

/* MP_CAPABLE: version, checksum flag and keys. */
static int capable(nlab_pctx *c, nlab_view d, uint32_t len, uint8_t flags)
{
	int syn = (len == 12 || len == 4) && (flags & 0x02);
	int ack = (len == 20 || len == 22) && (flags & 0x12) == 0x10;
	if (!syn && !ack)
		return 0;
	uint8_t version = nlab_get8(d, AT(2)) & 15;
	if (version > 1) {
		nlab_strbuf_printf(c->out, " Unknown Version (%u)", version);
		return 1;
	}
	nlab_strbuf_printf(c->out, " v%u", version);
	if (nlab_get8(d, AT(3)) & 0x80)
		nlab_p_puts(c, " csum");
	if (len == 12 || len >= 20) {
		nlab_strbuf_printf(c->out, " {0x%" PRIx64, get64(d, AT(4)));
		if (len >= 20)
			nlab_strbuf_printf(c->out, ",0x%" PRIx64, get64(d, AT(12)));
		nlab_p_puts(c, "}");
	}
	return 1;
}

/* MP_JOIN of a SYN (token, nonce), a SYN-ACK (short HMAC, nonce) or
 * the ACK after them (the whole HMAC). */
static int join(nlab_pctx *c, nlab_view d, uint32_t len, uint8_t flags)
{
	if (!(len == 12 && (flags & 0x02)) && !(len == 16 && (flags & 0x12) == 0x12) &&
	    !(len == 24 && (flags & 0x10)))
		return 0;
	if (len != 24) {
		if (nlab_get8(d, AT(2)) & 1)
			nlab_p_puts(c, " backup");
		nlab_strbuf_printf(c->out, " id %u", nlab_get8(d, AT(3)));
	}
	if (len == 12) {
		nlab_strbuf_printf(c->out, " token 0x%x nonce 0x%x", nlab_get32(d, AT(4)),
				   nlab_get32(d, AT(8)));
	} else if (len == 16) {
		nlab_strbuf_printf(c->out, " hmac 0x%" PRIx64 " nonce 0x%x",
				   get64(d, AT(4)), nlab_get32(d, AT(12)));
	} else {
		nlab_p_puts(c, " hmac 0x");
		for (size_t i = 4; i < 24; i++)
			nlab_strbuf_printf(c->out, "%02x", nlab_get8(d, AT(i)));
	}
	return 1;
}

/* One DSS number of 8 bytes (WIDE) or 4 at *AT of the LEFT bytes left,
 * after WHAT (printed first in any case); 0 when the option is too short for it. */
static int dss_num(nlab_pctx *c, nlab_view d, size_t *at, uint32_t *left, int wide,
		   const char *what)
{
	uint32_t n = wide ? 8 : 4;
	nlab_p_puts(c, what);
	if (*left < n)
		return 0;
	if (wide)
		nlab_strbuf_printf(c->out, "%" PRIu64, get64(d, *at));
	else
		nlab_p_u(c, nlab_get32(d, *at));
	*at += n, *left -= n;
	return 1;
}

/* DSS: the data FIN, the data ACK, the mapping (and its checksum). */
static int dss(nlab_pctx *c, nlab_view d, uint32_t len, uint8_t flags)
{
	if (len < 4 || (flags & 0x02))
		return 0;
	uint8_t f = nlab_get8(d, AT(3));
	size_t at = AT(4);
	uint32_t left = len - 4;
	if (f & 0x10)
		nlab_p_puts(c, " fin");
	if ((f & 0x01) && !dss_num(c, d, &at, &left, f & 0x02, " ack "))
		return 0;
	if (f & 0x04) {
		if (!dss_num(c, d, &at, &left, f & 0x08, " seq "))
			return 0;
		if (left < 4)
			return 0;
		nlab_strbuf_printf(c->out, " subseq %u", nlab_get32(d, at));
		at += 4, left -= 4;
		if (left < 2)
			return 0;
		nlab_strbuf_printf(c->out, " len %u", nlab_get16(d, at));
		at += 2, left -= 2;
		if (left >= 2) {
			nlab_strbuf_printf(c->out, " csum 0x%x", nlab_get16(d, at));
			left -= 2;
		}
	}
	return left == 0;
}

/* ADD_ADDR: version/echo, id, an IPv4 or IPv6 address, port, HMAC. */
static int add_addr(nlab_pctx *c, nlab_view d, uint32_t len, uint8_t flags)
{
	(void)flags;
	int v4 = len == 8 || len == 10 || len == 16 || len == 18;
	int v6 = len == 20 || len == 22 || len == 28 || len == 30;
	if (!v4 && !v6)
		return 0;
	static const char *const echo[16] = {[0] = "v1", [1] = "v1-echo", [4] = "v0-ip4",
					     [6] = "v0-ip6"};
	const char *e = echo[nlab_get8(d, AT(2)) & 15];
	nlab_strbuf_printf(c->out, " %s id %u ", e ? e : "[bad version/echo]",
			   nlab_get8(d, AT(3)));
	size_t end = v4 ? 8 : 20; /* after the address */
	v4 ? nlab_p_ip4(c, d, AT(4)) : nlab_p_ip6addr(c, d, AT(4));
	int port = len == end + 2 || len == end + 10;
	if (port)
		nlab_strbuf_printf(c->out, ":%u", nlab_get16(d, AT(end)));
	if (len > end + 2) {
		nlab_p_puts(c, " hmac");
		hex64(c, d, end + 2 * port);
	}
	return 1;
}

/* REMOVE_ADDR: the ids. */
static int rem_addr(nlab_pctx *c, nlab_view d, uint32_t len, uint8_t flags)
{
	(void)flags;
	if (len < 4)
		return 0;
	nlab_p_puts(c, " id");
	for (uint32_t i = 3; i < len; i++)
		nlab_strbuf_printf(c->out, " %u", nlab_get8(d, AT(i)));
	return 1;
}

/* MP_PRIO: backup or not, and the id if there is one. */
static int prio(nlab_pctx *c, nlab_view d, uint32_t len, uint8_t flags)
{
	(void)flags;
	if (len != 3 && len != 4)
		return 0;
	nlab_p_puts(c, nlab_get8(d, AT(2)) & 1 ? " backup" : " non-backup");
	if (len == 4)
		nlab_strbuf_printf(c->out, " id %u", nlab_get8(d, AT(3)));
	return 1;
}

/* MP_FAIL (the data sequence number) and MP_FASTCLOSE (the key). */
static int fail_close(nlab_pctx *c, nlab_view d, uint32_t len, uint8_t flags, int close)
{
	(void)flags;
	if (len != 12)
		return 0;
	if (close) {
		nlab_p_puts(c, " key");
		hex64(c, d, 4);
	} else
		nlab_strbuf_printf(c->out, " seq %" PRIu64, get64(d, AT(4)));
	return 1;
}

int nlab_p_mptcp(nlab_pctx *c, nlab_view d, uint32_t len, uint8_t flags)
{
	static const char *const names[] = {"capable", "join",	   "dss",	 "add-addr",
					    "rem-addr", "prio",	   "fail",	 "fast-close",
					    "unknown"};
	c->proto = "mptcp";
	if (len < 3)
		return 0;
	unsigned sub = nlab_get8(d, 0) >> 4;
	if (sub > 8)
		sub = 8;
	nlab_strbuf_printf(c->out, " %u %s", len, names[sub]);
	switch (sub) {
	case 0: return capable(c, d, len, flags);
	case 1: return join(c, d, len, flags);
	case 2: return dss(c, d, len, flags);
	case 3: return add_addr(c, d, len, flags);
	case 4: return rem_addr(c, d, len, flags);
	case 5: return prio(c, d, len, flags);
	case 6: return fail_close(c, d, len, flags, 0);
	case 7: return fail_close(c, d, len, flags, 1);
	default: return 1;
	}
}
