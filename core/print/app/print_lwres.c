/* print_lwres.c - BIND's lightweight resolver protocol (UDP 921), as
 * tcpdump's print-lwres.c writes it: " lwres getaddrsbyname? IPv4
 * host.example" for a query, " lwres getaddrsbyname 1/2 host alias
 * 10.0.0.1 ..." for a response (-v: the version, -vv: serial, result
 * and receive length), the addresses, names, rdata and signatures of
 * each opcode, and " [len: N != M]" and "[extra]" where the packet's
 * own length disagrees. */
#include "print_priv.h"

enum { HDR = 28, NOOP = 0, GABN = 0x10001, GNBA = 0x10002, GRBN = 0x10003 };

#define NEED(v, off, n)                          \
	do {                                     \
		if (!nlab_view_has(v, off, n))   \
			return -2;               \
	} while (0)

/* The offsets walked are tcpdump's pointers: 64-bit, so a length field
 * near 2^32 never wraps them. Each walker returns the bytes it took,
 * -1 when invalid, -2 when the capture ends. */

/* " name" of L bytes at OFF and " (not NUL-terminated!)" when the byte
 * after them is not NUL. */
static int64_t name(nlab_pctx *c, nlab_view v, uint64_t off, uint32_t l)
{
	nlab_p_puts(c, " ");
	if (nlab_p_printn(c, v, (size_t)off, l))
		return -2;
	NEED(v, off + l, 1);
	if (nlab_get8(v, off + l))
		nlab_p_puts(c, " (not NUL-terminated!)");
	return (int64_t)l + 1;
}

/* A name after its 2-byte length. */
static int64_t name_len(nlab_pctx *c, nlab_view v, uint64_t off)
{
	NEED(v, off, 2);
	int64_t r = name(c, v, off + 2, nlab_get16(v, off));
	return r < 0 ? r : 2 + r;
}

/* Hex of the bytes after a 2-byte length (rdata, signatures). */
static int64_t bin_len(nlab_pctx *c, nlab_view v, uint64_t off)
{
	NEED(v, off, 2);
	uint16_t l = nlab_get16(v, off);
	for (uint32_t i = 0; i < l; i++) {
		NEED(v, off + 2 + i, 1);
		nlab_strbuf_printf(c->out, "%02x", nlab_get8(v, off + 2 + i));
	}
	return 2 + (int64_t)l;
}

/* An address: family (4 bytes), length (2), the address. */
static int64_t addr(nlab_pctx *c, nlab_view v, uint64_t off)
{
	NEED(v, off + 4, 2);
	uint16_t l = nlab_get16(v, off + 4);
	NEED(v, off + 6, l);
	uint32_t fam = nlab_get32(v, off);
	if (fam == 1) {
		if (l < 4)
			return -1;
		nlab_p_puts(c, " ");
		nlab_p_ip4(c, v, (size_t)off + 6);
		return 10;
	}
	if (fam == 2) {
		if (l < 16)
			return -1;
		nlab_p_puts(c, " ");
		nlab_p_ip6addr(c, v, (size_t)off + 6);
		return 22;
	}
	nlab_strbuf_printf(c->out, " %u/", fam);
	for (uint32_t i = 0; i < l; i++)
		nlab_strbuf_printf(c->out, "%02x", nlab_get8(v, off + 6 + i));
	return 6 + (int64_t)l;
}

/* " A" and, for a class other than IN, " CHAOS" (the type at OFF + 2). */
static void type_class(nlab_pctx *c, nlab_view v, uint64_t off)
{
	uint16_t t = nlab_get16(v, off + 2), cl = nlab_get16(v, off);
	const char *n = nlab_p_dns_type_name(t);
	if (n)
		nlab_strbuf_printf(c->out, " %s", n);
	else
		nlab_strbuf_printf(c->out, " Type%u", t);
	if (cl == 1)
		return;
	switch (cl) {
	case 3: nlab_p_puts(c, " CHAOS"); break;
	case 4: nlab_p_puts(c, " HS"); break;
	case 255: nlab_p_puts(c, " ANY"); break;
	default: nlab_strbuf_printf(c->out, " Class%u", cl);
	}
}

/* Adds walker result R to *S: 0, or R when it failed. */
static int64_t step(int64_t r, uint64_t *s)
{
	if (r < 0)
		return r;
	*s += (uint64_t)r;
	return 0;
}

#define STEP(x)                                  \
	do {                                     \
		int64_t r_ = step((x), s);       \
		if (r_ < 0)                      \
			return r_;               \
	} while (0)

/* A query's body from HDR: *S past what it printed; 1 when the opcode is
 * unknown. */
static int64_t query(nlab_pctx *c, nlab_view v, uint32_t op, uint64_t *s)
{
	uint64_t p = HDR;
	*s = p;
	switch (op) {
	case NOOP:
		return 0;
	case GABN: {
		NEED(v, p + 8, 2);
		uint32_t t = nlab_get32(v, p + 4);
		switch (t & 3) {
		case 1: nlab_p_puts(c, " IPv4"); break;
		case 2: nlab_p_puts(c, " IPv6"); break;
		case 3: nlab_p_puts(c, " IPv4/6"); break;
		}
		if (t & ~3u)
			nlab_strbuf_printf(c->out, "[0x%x]", t);
		*s = p + 10;
		STEP(name(c, v, *s, nlab_get16(v, p + 8)));
		return 0;
	}
	case GNBA:
		NEED(v, p, 4);
		*s = p + 4;
		STEP(addr(c, v, *s));
		return 0;
	case GRBN:
		NEED(v, p + 8, 2);
		type_class(c, v, p + 4);
		*s = p + 10;
		STEP(name(c, v, *s, nlab_get16(v, p + 8)));
		return 0;
	default:
		return 1;
	}
}

/* A response's body, likewise. */
static int64_t response(nlab_pctx *c, nlab_view v, uint32_t op, uint64_t *s)
{
	uint64_t p = HDR;
	*s = p;
	switch (op) {
	case NOOP:
		return 0;
	case GABN: {
		NEED(v, p + 8, 2);
		uint16_t na = nlab_get16(v, p + 4), nd = nlab_get16(v, p + 6);
		nlab_strbuf_printf(c->out, " %u/%u", na, nd);
		*s = p + 10;
		STEP(name(c, v, *s, nlab_get16(v, p + 8)));
		for (uint32_t i = 0; i < na; i++)
			STEP(name_len(c, v, *s));
		for (uint32_t i = 0; i < nd; i++)
			STEP(addr(c, v, *s));
		return 0;
	}
	case GNBA: {
		NEED(v, p + 6, 2);
		uint16_t na = nlab_get16(v, p + 4);
		nlab_strbuf_printf(c->out, " %u", na);
		*s = p + 8;
		STEP(name(c, v, *s, nlab_get16(v, p + 6)));
		for (uint32_t i = 0; i < na; i++)
			STEP(name_len(c, v, *s));
		return 0;
	}
	case GRBN: {
		NEED(v, p + 14, 2);
		type_class(c, v, p + 4);
		nlab_p_puts(c, " TTL ");
		nlab_p_relts(c, nlab_get32(v, p + 8));
		uint16_t nr = nlab_get16(v, p + 12), ns = nlab_get16(v, p + 14);
		nlab_strbuf_printf(c->out, " %u/%u", nr, ns);
		*s = p + 16;
		STEP(name_len(c, v, *s));
		for (uint32_t i = 0; i < nr; i++)
			STEP(bin_len(c, v, *s));
		for (uint32_t i = 0; i < ns; i++)
			STEP(bin_len(c, v, *s));
		return 0;
	}
	default:
		return 1;
	}
}

int nlab_p_lwres(nlab_pctx *c, nlab_view v, uint32_t len)
{
	static const char *const ops[] = {"getaddrsbyname", "getnamebyaddr", "getrdatabyname"};
	c->proto = "lwres";
	if (!nlab_view_has(v, 0, HDR))
		return NLAB_P_TRUNC;
	nlab_p_puts(c, " lwres");
	uint32_t plen = nlab_get32(v, 0);
	uint16_t ver = nlab_get16(v, 4), flags = nlab_get16(v, 6);
	if (c->o->v || ver != 0)
		nlab_strbuf_printf(c->out, " v%u", ver);
	uint64_t s = plen;
	int64_t r = 0;
	if (ver == 0) {
		uint32_t op = nlab_get32(v, 12);
		int resp = flags & 1;
		if (op == NOOP)
			nlab_p_puts(c, " noop");
		else if (op >= GABN && op <= GRBN)
			nlab_strbuf_printf(c->out, " %s", ops[op - GABN]);
		else
			nlab_strbuf_printf(c->out, " #0x%x", op);
		if (!resp)
			nlab_p_puts(c, "?");
		if (flags & ~1u)
			nlab_strbuf_printf(c->out, "[0x%x]", flags);
		if (c->o->v > 1)
			nlab_strbuf_printf(c->out, " (serial:0x%x result:0x%x recvlen:%u)",
					   nlab_get32(v, 8), nlab_get32(v, 16), nlab_get32(v, 20));
		r = resp ? response(c, v, op, &s) : query(c, v, op, &s);
		if (r == -2)
			return NLAB_P_TRUNC;
		if (r == -1) {
			nlab_p_puts(c, " (invalid)");
			return NLAB_P_OK;
		}
	}
	if (plen != len)
		nlab_strbuf_printf(c->out, " [len: %u != %u]", plen, len);
	if (r == 0 && (uint32_t)s < plen)
		nlab_p_puts(c, "[extra]");
	return NLAB_P_OK;
}
