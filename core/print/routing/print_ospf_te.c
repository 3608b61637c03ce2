/* print_ospf_te.c - OSPF's traffic engineering LSA (RFC 3630, 4203,
 * 4124): its router address and link TLVs with their sub-TLVs, as
 * tcpdump's ospf_te_lsa_print writes them under -v. */
#include "print_priv.h"

/* What ends the walk: LS_STOP stops it quietly (tcpdump's -1). */
enum { LS_STOP = -1 };

/* An IEEE float at OFF of V, in Mbps as tcpdump computes it (float). */
static double mbps(nlab_view v, size_t off)
{
	uint32_t i = nlab_get32(v, off);
	float f;
	memcpy(&f, &i, sizeof f);
	float m = f * 8 / 1000000;
	return m;
}

/* The name of sub-TLV T of a link TLV, or "unknown". */
static const char *subtlv_name(uint16_t t)
{
	static const char *const n[] = {
		NULL, "Link Type", "Link ID", "Local Interface IP address",
		"Remote Interface IP address", "Traffic Engineering Metric", "Maximum Bandwidth",
		"Maximum Reservable Bandwidth", "Unreserved Bandwidth", "Administrative Group",
		NULL, "Link Local/Remote Identifier", NULL, NULL, "Link Protection Type",
		"Interface Switching Capability", "Shared Risk Link Group", "Bandwidth Constraints"};
	return t < 18 && n[t] ? n[t] : "unknown";
}

/* " (invalid)" after WHAT, and the quiet stop. */
static int invalid(nlab_pctx *c, const char *what)
{
	nlab_p_puts(c, what);
	nlab_p_puts(c, " (invalid)");
	return LS_STOP;
}

/* Bandwidths: the 8 unreserved ones, or the constraints model and its
 * constraints (LEN bytes at OFF). */
static int bandwidths(nlab_pctx *c, nlab_view v, size_t off, uint16_t t, uint16_t len)
{
	if (t == 8) {
		if (len != 32)
			return invalid(c, " != 32");
		for (unsigned i = 0; i < 8; i++)
			nlab_strbuf_printf(c->out, "\n\t\tTE-Class %u: %.3f Mbps", i, mbps(v, off + 4 * i));
		return NLAB_P_OK;
	}
	if (len < 4)
		return invalid(c, " < 4");
	uint8_t m = nlab_get8(v, off);
	nlab_strbuf_printf(c->out, "\n\t\tBandwidth Constraints Model ID: %s (%u)",
			   m == 0 ? "Russian dolls" : m == 1 ? "Maximum allocation"
			   : m == 254 ? "Maximum allocation with E-LSP support" : "unknown", m);
	if (len % 4) {
		nlab_strbuf_printf(c->out, "\n\t\tlength %u != N x 4", len);
		return invalid(c, "");
	}
	if (len > 36) {
		nlab_strbuf_printf(c->out, "\n\t\tlength %u > 36", len);
		return invalid(c, "");
	}
	for (unsigned i = 0; i < (len - 4u) / 4; i++)
		nlab_strbuf_printf(c->out, "\n\t\t  Bandwidth constraint CT%u: %.3f Mbps", i,
				   mbps(v, off + 4 + 4 * i));
	return NLAB_P_OK;
}

/* Link protection, switching capability and shared risk groups. */
static int gmpls(nlab_pctx *c, nlab_view v, size_t off, uint16_t t, uint16_t len)
{
	if (t == 14) {
		static const nlab_bitname prot[] = {
			{0x01, "Extra Traffic"}, {0x02, "Unprotected"}, {0x04, "Shared"},
			{0x08, "Dedicated 1:1"}, {0x10, "Dedicated 1+1"}, {0x20, "Enhanced"},
			{0x40, "Reserved"}, {0x80, "Reserved"}, {0, NULL}};
		if (len != 4)
			return invalid(c, " != 4");
		nlab_p_puts(c, ", ");
		nlab_p_bits(c, prot, nlab_get8(v, off), ", ", "none");
		return NLAB_P_OK;
	}
	if (t == 15) {
		if (len < 36)
			return invalid(c, " < 36");
		nlab_strbuf_printf(c->out, "\n\t\tInterface Switching Capability: %s",
				   nlab_p_gmpls_switch_cap(nlab_get8(v, off)));
		nlab_strbuf_printf(c->out, "\n\t\tLSP Encoding: %s\n\t\tMax LSP Bandwidth:",
				   nlab_p_gmpls_encoding(nlab_get8(v, off + 1)));
		for (unsigned i = 0; i < 8; i++)
			nlab_strbuf_printf(c->out, "\n\t\t  priority level %u: %.3f Mbps", i,
					   mbps(v, off + 4 + 4 * i));
		return NLAB_P_OK;
	}
	if (len % 4)
		return invalid(c, " != N x 4");
	if (len)
		nlab_p_puts(c, "\n\t\t  Shared risk group: ");
	for (unsigned i = 0; i < len / 4u; i++)
		nlab_strbuf_printf(c->out, i ? ", %u" : "%u", nlab_get32(v, off + 4 * i));
	return NLAB_P_OK;
}

/* One sub-TLV's value (type T, LEN bytes at OFF, all captured). */
static int subtlv(nlab_pctx *c, nlab_view v, size_t off, uint16_t t, uint16_t len)
{
	switch (t) {
	case 9: case 5:
		if (len != 4)
			return invalid(c, " != 4");
		nlab_strbuf_printf(c->out, t == 9 ? ", 0x%08x" : ", Metric %u", nlab_get32(v, off));
		return NLAB_P_OK;
	case 2: case 11:
		if (len != 4 && len != 8)
			return invalid(c, " != 4 && != 8");
		for (size_t i = 0; i < len; i += 4) {
			nlab_p_puts(c, ", ");
			nlab_p_ip4(c, v, off + i);
			nlab_strbuf_printf(c->out, " (0x%08x)", nlab_get32(v, off + i));
		}
		return NLAB_P_OK;
	case 3: case 4: case 6: case 7:
		if (len != 4)
			return invalid(c, " != 4");
		if (t <= 4)
			nlab_p_puts(c, ", "), nlab_p_ip4(c, v, off);
		else
			nlab_strbuf_printf(c->out, ", %.3f Mbps", mbps(v, off));
		return NLAB_P_OK;
	case 8: case 17:
		return bandwidths(c, v, off, t, len);
	case 14: case 15: case 16:
		return gmpls(c, v, off, t, len);
	case 1:
		if (len != 1)
			return invalid(c, " != 1");
		uint8_t k = nlab_get8(v, off);
		nlab_strbuf_printf(c->out, ", %s (%u)", k == 1 ? "Point-to-point" : k == 2 ? "Multi-Access"
							     : "unknown", k);
		return NLAB_P_OK;
	default:
		if (c->o->v <= 1)
			nlab_p_hexdump(c, v, off, len, "\n\t\t");
		return NLAB_P_OK;
	}
}

/* A link TLV's sub-TLVs: LEFT bytes from *OFF. */
static int link_tlv(nlab_pctx *c, nlab_view v, size_t *off, uint32_t *left)
{
	while (*left) {
		if (*left < 4) {
			nlab_strbuf_printf(c->out, "\n\t    Remaining TLV length %u < 4", *left);
			return LS_STOP;
		}
		if (!nlab_view_has(v, *off, 4))
			return NLAB_P_TRUNC;
		uint16_t t = nlab_get16(v, *off), len = nlab_get16(v, *off + 2);
		*off += 4, *left -= 4;
		if (t == 0 || len == 0)
			return invalid(c, "");
		nlab_strbuf_printf(c->out, "\n\t      %s subTLV (%u), length: %u", subtlv_name(t), t, len);
		if (*left < len) {
			nlab_strbuf_printf(c->out, "\n\t    Remaining TLV length %u < %u", *left + 4, len + 4u);
			return LS_STOP;
		}
		if (!nlab_view_has(v, *off, len))
			return LS_STOP;
		int r = subtlv(c, v, *off, t, len);
		if (r != NLAB_P_OK)
			return r;
		if (t == 16) /* tcpdump walks its pointer over the groups too */
			*off += len;
		uint32_t step = len % 4 ? len + 4u - len % 4 : len;
		if (*left < step) {
			nlab_strbuf_printf(c->out, "\n\t    Remaining TLV length %u < %u", *left + 4, step + 4);
			return LS_STOP;
		}
		*left -= step, *off += step;
	}
	return NLAB_P_OK;
}

int nlab_p_ospf_te(nlab_pctx *c, nlab_view v, size_t off, uint32_t left)
{
	while (left) {
		if (!nlab_view_has(v, off, 4))
			return LS_STOP;
		if (left < 4) {
			nlab_strbuf_printf(c->out, "\n\t    Remaining LS length %u < 4", left);
			return LS_STOP;
		}
		uint16_t t = nlab_get16(v, off);
		uint32_t len = nlab_get16(v, off + 2);
		off += 4, left -= 4;
		nlab_strbuf_printf(c->out, "\n\t    %s TLV (%u), length: %u",
				   t == 1 ? "Router Address" : t == 2 ? "Link" : "unknown", t, len);
		if (len > left) {
			nlab_strbuf_printf(c->out, "\n\t    Bogus length %u > %u", len, left);
			return LS_STOP;
		}
		if (t == 0 || len == 0)
			return LS_STOP;
		size_t at = off;
		uint32_t sub = len;
		int r = NLAB_P_OK;
		if (t == 2) {
			r = link_tlv(c, v, &at, &sub);
		} else if (t == 1) {
			if (len < 4) {
				nlab_strbuf_printf(c->out, "\n\t    TLV length %u < 4", len);
				return LS_STOP;
			}
			if (!nlab_view_has(v, off, 4))
				return NLAB_P_TRUNC;
			nlab_p_puts(c, ", ");
			nlab_p_ip4(c, v, off);
		} else if (c->o->v <= 1) {
			if (off > v.len)
				return LS_STOP;
			nlab_p_hexdump(c, v, off, len, "\n\t      ");
		}
		if (r != NLAB_P_OK)
			return r;
		/* a link TLV's count is what its sub-TLVs left (tcpdump's) */
		uint32_t step = t == 2 ? sub : len;
		if (step % 4)
			step += 4 - step % 4;
		if (step > left) {
			nlab_strbuf_printf(c->out, "\n\t    Bogus padded length %u > %u", step, left);
			return LS_STOP;
		}
		left -= step, off = (t == 2 ? at : off) + step;
	}
	return NLAB_P_OK;
}
