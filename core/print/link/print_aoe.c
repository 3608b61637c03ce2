/* print_aoe.c - ATA over Ethernet (EtherType 0x88a2), as tcpdump's
 * print-aoe.c writes it: "AoE length N, Ver 1, Flags: [Response]" and
 * under -v the common header (major, minor, command, tag) and each
 * command's arguments: an ATA command's registers, a configuration
 * query's string, a MAC mask list's directives, a reserve list. */
#include "print_priv.h"

/* " (invalid)", and a cut if the LEN bytes at OFF were not captured
 * (tcpdump's invalid: label checks them after saying so). */
static int invalid(nlab_pctx *c, nlab_view v, size_t off, uint32_t len)
{
	nlab_p_puts(c, " (invalid)");
	return nlab_view_has(v, off, len) ? NLAB_P_OK : NLAB_P_TRUNC;
}

/* Name I of the N names T, or FALLBACK (a printf format of I). */
static void put_tok(nlab_pctx *c, const char *const *t, unsigned n, unsigned i,
		    const char *fallback)
{
	if (i < n && t[i])
		nlab_p_puts(c, t[i]);
	else
		nlab_strbuf_printf(c->out, fallback, i);
}

/* An Issue ATA Command's arguments: the flags and registers. */
static int issue(nlab_pctx *c, nlab_view v, size_t off, uint32_t len)
{
	static const nlab_bitname aflags[] = {
		{0x80, "MBZ-7"}, {0x40, "Ext48"}, {0x20, "MBZ-5"}, {0x10, "Device"},
		{0x08, "MBZ-3"}, {0x04, "MBZ-2"}, {0x02, "Async"}, {0x01, "Write"}, {0, NULL}};
	static const char *const label[] = {
		", Err/Feature: ", ", Sector Count: ", ", Cmd/Status: ", "\n\tlba0: ",
		", lba1: ", ", lba2: ", ", lba3: ", ", lba4: ", ", lba5: "};
	if (len < 12)
		return invalid(c, v, off, len);
	if (!nlab_view_has(v, off, 1))
		return NLAB_P_TRUNC;
	nlab_p_puts(c, "\n\tAFlags: [");
	nlab_p_bits(c, aflags, nlab_get8(v, off), ", ", "none");
	nlab_p_puts(c, "]");
	for (size_t i = 0; i < 9; i++) {
		if (!nlab_view_has(v, off + 1 + i, 1))
			return NLAB_P_TRUNC;
		nlab_p_puts(c, label[i]);
		nlab_p_u(c, nlab_get8(v, off + 1 + i));
	}
	if (!nlab_view_has(v, off + 10, 2)) /* reserved */
		return NLAB_P_TRUNC;
	if (len > 12)
		nlab_strbuf_printf(c->out, "\n\tData: %u bytes", len - 12);
	return NLAB_P_OK;
}

/* A Query Config Information's arguments and its config string. */
static int query(nlab_pctx *c, nlab_view v, size_t off, uint32_t len)
{
	static const char *const ccmd[] = {"read config string", "test config string",
					   "test config string prefix", "set config string",
					   "force set config string"};
	if (len < 8)
		return invalid(c, v, off, len);
	if (!nlab_view_has(v, off, 2))
		return NLAB_P_TRUNC;
	nlab_strbuf_printf(c->out, "\n\tBuffer Count: %u", nlab_get16(v, off));
	if (!nlab_view_has(v, off + 2, 2))
		return NLAB_P_TRUNC;
	nlab_strbuf_printf(c->out, ", Firmware Version: %u", nlab_get16(v, off + 2));
	if (!nlab_view_has(v, off + 4, 1))
		return NLAB_P_TRUNC;
	nlab_strbuf_printf(c->out, ", Sector Count: %u", nlab_get8(v, off + 4));
	if (!nlab_view_has(v, off + 5, 1))
		return NLAB_P_TRUNC;
	uint8_t b = nlab_get8(v, off + 5);
	nlab_strbuf_printf(c->out, ", AoE: %u, CCmd: ", b >> 4);
	put_tok(c, ccmd, 5, b & 0x0f, "Unknown (0x02x)"); /* tcpdump's format, sic */
	if (!nlab_view_has(v, off + 6, 2))
		return NLAB_P_TRUNC;
	uint16_t cslen = nlab_get16(v, off + 6);
	off += 8, len -= 8;
	if (cslen > 1024 || cslen > len)
		return invalid(c, v, off, len);
	if (!cslen)
		return NLAB_P_OK;
	nlab_strbuf_printf(c->out, "\n\tConfig String (length %u): ", cslen);
	return nlab_p_printn(c, v, off, cslen) ? NLAB_P_TRUNC : NLAB_P_OK;
}

/* A MAC Mask List's arguments and its directives. */
static int mac_mask(nlab_pctx *c, nlab_view v, size_t off, uint32_t len)
{
	static const char *const mcmd[] = {"Read Mac Mask List", "Edit Mac Mask List"};
	static const char *const merr[] = {NULL, "Unspecified Error", "Bad DCmd directive",
					   "Mask list full"};
	static const char *const dcmd[] = {"No Directive", "Add mac address to mask list",
					   "Delete mac address from mask list"};
	if (len < 4)
		return invalid(c, v, off, len);
	if (!nlab_view_has(v, off + 1, 1))
		return NLAB_P_TRUNC;
	nlab_p_puts(c, "\n\tMCmd: ");
	put_tok(c, mcmd, 2, nlab_get8(v, off + 1), "Unknown (0x%02x)");
	if (!nlab_view_has(v, off + 2, 1))
		return NLAB_P_TRUNC;
	nlab_p_puts(c, ", MError: ");
	put_tok(c, merr, 4, nlab_get8(v, off + 2), "Unknown (0x%02x)");
	if (!nlab_view_has(v, off + 3, 1))
		return NLAB_P_TRUNC;
	unsigned count = nlab_get8(v, off + 3);
	nlab_strbuf_printf(c->out, ", Dir Count: %u", count);
	off += 4, len -= 4;
	if (count * 8U > len)
		return invalid(c, v, off, len);
	for (unsigned i = 0; i < count; i++, off += 8) {
		if (!nlab_view_has(v, off + 1, 1))
			return NLAB_P_TRUNC;
		nlab_p_puts(c, "\n\t DCmd: ");
		put_tok(c, dcmd, 3, nlab_get8(v, off + 1), "Unknown (0x%02x)");
		if (!nlab_view_has(v, off + 2, 6))
			return NLAB_P_TRUNC;
		nlab_p_puts(c, ", Ethernet Address: ");
		nlab_p_mac(c, v, off + 2, 6);
	}
	return NLAB_P_OK;
}

/* A Reserve/Release's arguments and its list of addresses. */
static int reserve(nlab_pctx *c, nlab_view v, size_t off, uint32_t len)
{
	static const char *const rcmd[] = {"Read reserve list", "Set reserve list",
					   "Force set reserve list"};
	if (len < 2 || (len - 2) % 6)
		return invalid(c, v, off, len);
	if (!nlab_view_has(v, off, 1))
		return NLAB_P_TRUNC;
	nlab_p_puts(c, "\n\tRCmd: ");
	put_tok(c, rcmd, 3, nlab_get8(v, off), "Unknown (0x%02x)");
	if (!nlab_view_has(v, off + 1, 1))
		return NLAB_P_TRUNC;
	unsigned n = nlab_get8(v, off + 1);
	nlab_strbuf_printf(c->out, ", NMacs: %u", n);
	off += 2, len -= 2;
	if (n * 6U != len)
		return invalid(c, v, off, len);
	for (unsigned i = 0; i < n; i++, off += 6) {
		if (!nlab_view_has(v, off, 6))
			return NLAB_P_TRUNC;
		nlab_strbuf_printf(c->out, "\n\tEthernet Address %u: ", i);
		nlab_p_mac(c, v, off, 6);
	}
	return NLAB_P_OK;
}

/* -v: the error, major, minor, command and tag, then the arguments. */
static int v1_header(nlab_pctx *c, nlab_view v, uint8_t flags, uint32_t len)
{
	static const char *const err[] = {NULL, "Unrecognized command code",
					  "Bad argument parameter", "Device unavailable",
					  "Config string present", "Unsupported version",
					  "Target is reserved"};
	static const char *const cmd[] = {"Issue ATA Command", "Query Config Information",
					  "MAC Mask List", "Reserve/Release"};
	static int (*const args[])(nlab_pctx *, nlab_view, size_t, uint32_t) = {
		issue, query, mac_mask, reserve};
	if (flags & 0x04) {
		if (!nlab_view_has(v, 1, 1))
			return NLAB_P_TRUNC;
		nlab_p_puts(c, "\n\tError: ");
		put_tok(c, err, 7, nlab_get8(v, 1), "Invalid (%u)");
	}
	if (!nlab_view_has(v, 2, 2))
		return NLAB_P_TRUNC;
	nlab_strbuf_printf(c->out, "\n\tMajor: 0x%04x", nlab_get16(v, 2));
	if (!nlab_view_has(v, 4, 1))
		return NLAB_P_TRUNC;
	nlab_strbuf_printf(c->out, ", Minor: 0x%02x", nlab_get8(v, 4));
	if (!nlab_view_has(v, 5, 1))
		return NLAB_P_TRUNC;
	uint8_t command = nlab_get8(v, 5);
	nlab_p_puts(c, ", Command: ");
	put_tok(c, cmd, 4, command, "Unknown (0x%02x)");
	if (!nlab_view_has(v, 6, 4))
		return NLAB_P_TRUNC;
	nlab_strbuf_printf(c->out, ", Tag: 0x%08x", nlab_get32(v, 6));
	return command < 4 ? args[command](c, v, 10, len - 10) : NLAB_P_OK;
}

/* Version 1: the flags, and under -v the rest. */
static int v1(nlab_pctx *c, nlab_view v, uint32_t len)
{
	static const nlab_bitname flag[] = {
		{0x08, "Response"}, {0x04, "Error"}, {0x02, "MBZ-1"}, {0x01, "MBZ-0"}, {0, NULL}};
	if (len < 10)
		return invalid(c, v, 0, len);
	uint8_t flags = nlab_get8(v, 0) & 0x0f;
	nlab_p_puts(c, ", Flags: [");
	nlab_p_bits(c, flag, flags, ", ", "none");
	nlab_p_puts(c, "]");
	return c->o->v ? v1_header(c, v, flags, len) : NLAB_P_OK;
}

int nlab_p_aoe(nlab_pctx *c, nlab_view v, uint32_t len)
{
	c->proto = "aoe";
	nlab_strbuf_printf(c->out, "AoE length %u", len);
	if (len < 1)
		return invalid(c, v, 0, len);
	if (!nlab_view_has(v, 0, 1))
		return NLAB_P_TRUNC;
	uint8_t ver = nlab_get8(v, 0) >> 4;
	nlab_strbuf_printf(c->out, ", Ver %u", ver);
	return ver == 1 ? v1(c, v, len) : NLAB_P_OK;
}
