/* print_eigrp.c - EIGRP (IP protocol 88, over IPv4 and IPv6) as tcpdump
 * 4.99.3's print-eigrp.c writes it: "EIGRP Hello, length: 40"; under -v
 * the header's fields and each TLV (general parameters, software
 * version, IP and AppleTalk internal and external routes, AppleTalk
 * cable setup; the others in hex), under -vv every TLV in hex too. */
#include "print_priv.h"

#include <stdio.h>

static const nlab_bitname eigrp_flags[] = {
	{0x01, "Init"}, {0x02, "Conditionally Received"}, {0x04, "Restart"},
	{0x08, "End-of-Table"}, {0, NULL},
};

/* tcpdump's eigrp_opcode_values. */
static const char *opcode_name(uint8_t op)
{
	switch (op) {
	case 1: return "Update";
	case 3: return "Query";
	case 4: return "Reply";
	case 5: return "Hello";
	case 6: return "IPX SAP";
	case 7: return "Probe";
	default: return NULL;
	}
}

/* tcpdump's eigrp_tlv_values. */
static const char *tlv_name(uint16_t t)
{
	switch (t) {
	case 0x0001: return "General Parameters";
	case 0x0002: return "Authentication";
	case 0x0003: return "Sequence";
	case 0x0004: return "Software Version";
	case 0x0005: return "Next Multicast Sequence";
	case 0x0102: return "IP Internal routes";
	case 0x0103: return "IP External routes";
	case 0x0202: return "AppleTalk Internal routes";
	case 0x0203: return "AppleTalk External routes";
	case 0x0204: return "AppleTalk Cable setup";
	case 0x0302: return "IPX Internal routes";
	case 0x0303: return "IPX External routes";
	default: return "Unknown";
	}
}

/* tcpdump's eigrp_ext_proto_id_values. */
static const char *proto_name(uint8_t p)
{
	static const char *const names[] = {
		NULL, "IGRP", "EIGRP", "Static", "RIP", "Hello", "OSPF",
		"IS-IS", "EGP", "BGP", "IDRP", "Connected",
	};
	return p < sizeof names / sizeof *names && names[p] ? names[p] : "unknown";
}

/* The metric's line of a route whose delay is at OFF of the TLV body B. */
static void metric(nlab_pctx *c, nlab_view b, size_t off)
{
	nlab_strbuf_printf(c->out,
			   "\n\t      delay %u ms, bandwidth %u Kbps, mtu %u, hop %u, reliability %u, load %u",
			   nlab_get32(b, off) / 100, nlab_get32(b, off + 4), nlab_get24(b, off + 8),
			   nlab_get8(b, off + 11), nlab_get8(b, off + 12), nlab_get8(b, off + 13));
}

/* "\n\t    IPv4 prefix: ADDR/LEN, nexthop: ..." of an IP route whose prefix
 * length is at PL of the body B (its bytes after it); NLAB_P_TRUNC
 * when they were not captured. */
static int ip_prefix(nlab_pctx *c, nlab_view b, size_t pl)
{
	unsigned bits = nlab_get8(b, pl);
	if (bits > 32) {
		nlab_strbuf_printf(c->out, "\n\t    illegal prefix length %u", bits);
		return -1;
	}
	uint8_t a[4] = {0};
	size_t n = (bits + 7) / 8;
	if (!nlab_view_has(b, pl + 1, n))
		return NLAB_P_TRUNC;
	nlab_getbytes(b, pl + 1, a, n);
	char s[16];
	snprintf(s, sizeof s, "%u.%u.%u.%u", a[0], a[1], a[2], a[3]);
	nlab_strbuf_printf(c->out, "\n\t    IPv4 prefix: %15s/%u, nexthop: ", s, bits);
	if (nlab_get32(b, 0) == 0)
		nlab_p_puts(c, "self");
	else
		nlab_p_ip4(c, b, 0);
	return NLAB_P_OK;
}

/* IP internal (EXT 0) and external routes. */
static int ip_route(nlab_pctx *c, nlab_view b, int ext)
{
	int r = ip_prefix(c, b, ext ? 40 : 20);
	if (r)
		return r < 0 ? NLAB_P_OK : r;
	if (ext) {
		nlab_p_puts(c, "\n\t      origin-router ");
		nlab_p_ip4(c, b, 4);
		nlab_strbuf_printf(c->out,
				   ", origin-as %u, origin-proto %s, flags [0x%02x], tag 0x%08x, metric %u",
				   nlab_get32(b, 8), proto_name(nlab_get8(b, 22)), nlab_get8(b, 23),
				   nlab_get32(b, 12), nlab_get32(b, 16));
	}
	metric(c, b, ext ? 24 : 4);
	return NLAB_P_OK;
}

/* AppleTalk internal (EXT 0) and external routes. */
static void at_route(nlab_pctx *c, nlab_view b, int ext)
{
	size_t cable = ext ? 36 : 20;
	nlab_strbuf_printf(c->out, "\n\t     Cable-Range: %u-%u, nexthop: ", nlab_get16(b, cable),
			   nlab_get16(b, cable + 2));
	if (nlab_get32(b, 0) == 0)
		nlab_p_puts(c, "self");
	else
		nlab_strbuf_printf(c->out, "%u.%u", nlab_get16(b, 0), nlab_get16(b, 2));
	if (ext)
		nlab_strbuf_printf(c->out,
				   "\n\t      origin-router %u, origin-as %u, origin-proto %s, flags [0x%02x], tag 0x%08x, metric %u",
				   nlab_get32(b, 4), nlab_get32(b, 8), proto_name(nlab_get8(b, 16)),
				   nlab_get8(b, 17), nlab_get32(b, 12), nlab_get16(b, 18));
	metric(c, b, ext ? 20 : 4);
}

/* The least body length of TLV type T tcpdump decodes, 0 for a type it
 * dumps in hex. */
static size_t tlv_min(uint16_t t)
{
	switch (t) {
	case 0x0001: return 8;
	case 0x0004: return 4;
	case 0x0102: return 22;
	case 0x0103: return 42;
	case 0x0202: return 24;
	case 0x0203: return 40;
	case 0x0204: return 8;
	default: return 0;
	}
}

/* The body B (N bytes) of a TLV of type T that tcpdump decodes. */
static int tlv_body(nlab_pctx *c, uint16_t t, nlab_view b)
{
	switch (t) {
	case 0x0001:
		nlab_strbuf_printf(c->out, "\n\t    holdtime: %us, k1 %u, k2 %u, k3 %u, k4 %u, k5 %u",
				   nlab_get16(b, 6), nlab_get8(b, 0), nlab_get8(b, 1), nlab_get8(b, 2),
				   nlab_get8(b, 3), nlab_get8(b, 4));
		return NLAB_P_OK;
	case 0x0004:
		nlab_strbuf_printf(c->out, "\n\t    IOS version: %u.%u, EIGRP version %u.%u",
				   nlab_get8(b, 0), nlab_get8(b, 1), nlab_get8(b, 2), nlab_get8(b, 3));
		return NLAB_P_OK;
	case 0x0102:
	case 0x0103:
		return ip_route(c, b, t == 0x0103);
	case 0x0202:
	case 0x0203:
		at_route(c, b, t == 0x0203);
		return NLAB_P_OK;
	default: /* 0x0204 */
		nlab_strbuf_printf(c->out, "\n\t    Cable-range: %u-%u, Router-ID %u", nlab_get16(b, 0),
				   nlab_get16(b, 2), nlab_get32(b, 4));
		return NLAB_P_OK;
	}
}

/* One TLV at OFF of V with LEFT bytes of the message from it: its
 * length, 0 when the walk ends (a bad length), or -NLAB_P_* on a cut. */
static long eigrp_tlv(nlab_pctx *c, nlab_view v, size_t off, uint32_t left)
{
	if (!nlab_view_has(v, off, 4))
		return -NLAB_P_ETRUNC;
	uint16_t type = nlab_get16(v, off), len = nlab_get16(v, off + 2);
	if (len < 4 || len > left) {
		nlab_p_hexdump(c, v, off + 4, left, "\n\t    ");
		return 0;
	}
	nlab_strbuf_printf(c->out, "\n\t  %s TLV (0x%04x), length: %u", tlv_name(type), type, len);
	if (!nlab_view_has(v, off, len))
		return -NLAB_P_ETRUNC;
	nlab_view b = nlab_view_from(v, off + 4);
	size_t n = len - 4u, min = tlv_min(type);
	if (min && n < min) {
		nlab_strbuf_printf(c->out, " (too short, < %zu)", min + 4);
	} else if (min) {
		int r = tlv_body(c, type, b);
		if (r)
			return -r;
	} else if (c->o->v <= 1) {
		nlab_p_hexdump(c, b, 0, n, "\n\t    ");
	}
	if (c->o->v > 1)
		nlab_p_hexdump(c, b, 0, n, "\n\t    ");
	return len;
}

/* -v: the header's two lines, then the TLVs of the LEN bytes. */
static int eigrp_verbose(nlab_pctx *c, nlab_view v, uint32_t len)
{
	uint8_t op = nlab_get8(v, 1);
	const char *n = opcode_name(op);
	nlab_p_puts(c, "\n\tEIGRP v2, opcode: ");
	if (n)
		nlab_p_puts(c, n);
	else
		nlab_strbuf_printf(c->out, "unknown, type: %u", op);
	nlab_strbuf_printf(c->out, " (%u), chksum: 0x%04x, Flags: [", op, nlab_get16(v, 2));
	nlab_p_bits(c, eigrp_flags, nlab_get32(v, 4), ", ", "none");
	nlab_strbuf_printf(c->out, "]\n\tseq: 0x%08x, ack: 0x%08x, VRID: %u, AS: %u, length: %u",
			   nlab_get32(v, 8), nlab_get32(v, 12), nlab_get16(v, 16), nlab_get16(v, 18),
			   len - 20);
	size_t off = 20;
	for (uint32_t left = len - 20; left > 0;) {
		long r = eigrp_tlv(c, v, off, left);
		if (r <= 0)
			return (int)-r;
		off += (size_t)r;
		left -= (uint32_t)r;
	}
	return NLAB_P_OK;
}

int nlab_p_eigrp(nlab_pctx *c, nlab_view v, uint32_t len)
{
	c->proto = "eigrp";
	if (!nlab_view_has(v, 0, 20))
		return NLAB_P_ETRUNC;
	uint8_t op = nlab_get8(v, 1);
	if (nlab_get8(v, 0) != 2) {
		nlab_strbuf_printf(c->out, "EIGRP version %u packet not supported", nlab_get8(v, 0));
		return NLAB_P_OK;
	}
	const char *n = opcode_name(op);
	if (!c->o->v || len < 20) {
		nlab_p_puts(c, "EIGRP ");
		if (n)
			nlab_p_puts(c, n);
		else
			nlab_strbuf_printf(c->out, "unknown (%u)", op);
		nlab_strbuf_printf(c->out, ", length: %u", len);
		if (c->o->v)
			nlab_p_puts(c, " (too short, < 20)");
		return NLAB_P_OK;
	}
	return eigrp_verbose(c, v, len);
}
