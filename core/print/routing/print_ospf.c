/* print_ospf.c - OSPFv2 (IP protocol 89 over IPv4), as tcpdump's
 * print-ospf.c writes it: one line without -v; with it the header, the
 * authentication, each message's fields and every LSA a line each,
 * LLS data blocks after a hello or a database description. */
#include "print_priv.h"

/* Returns NLAB_P_TRUNC from the caller unless V holds N bytes at OFF. */
#define NEED(v, off, n)                                                        \
	do {                                                                   \
		if (!nlab_view_has(v, off, n))                                 \
			return NLAB_P_TRUNC;                                   \
	} while (0)

/* What a failed LSA walk tells its caller: stop quietly (tcpdump returns
 * -1 from ospf_print_lshdr), or the packet is cut. */
enum { LS_STOP = -1 };

static const nlab_bitname options[] = {
	{0x01, "MultiTopology"}, {0x02, "External"}, {0x04, "Multicast"},
	{0x08, "NSSA"}, {0x10, "LLS"}, {0x20, "Demand Circuit"},
	{0x40, "Opaque"}, {0x80, "Up/Down"}, {0, NULL}};

/* The name of LSA type T in tcpdump's lsa_values, or "unknown". */
static const char *lsa_name(uint32_t t)
{
	static const char *const n[] = {NULL, "Router", "Network", "Summary",
					"ASBR Summary", "External", "Multicast Group", "NSSA",
					NULL, "Link Local Opaque", "Area Local Opaque",
					"Domain Wide Opaque"};
	return t < 12 && n[t] ? n[t] : "unknown";
}

/* The name of opaque LSA type T (lsa_opaque_values), or "unknown". */
static const char *opaque_name(uint8_t t)
{
	return t == 1 ? "Traffic Engineering" : t == 3 ? "Graceful restart"
		      : t == 4 ? "Router Information" : "unknown";
}

static int is_opaque(uint32_t t)
{
	return t >= 9 && t <= 11;
}

/* "[External, Opaque]" of the option byte O ("[none]"). */
static void opts(nlab_pctx *c, uint8_t o)
{
	nlab_p_puts(c, "[");
	nlab_p_bits(c, options, o, ", ", "none");
	nlab_p_puts(c, "]");
}

/* A " %s" IPv4 address after TEXT, or NLAB_P_TRUNC when it is cut. */
static int addr(nlab_pctx *c, const char *text, nlab_view v, size_t off)
{
	NEED(v, off, 4);
	nlab_p_puts(c, text);
	nlab_p_ip4(c, v, off);
	return NLAB_P_OK;
}

/* An LSA header at OFF: its length, LS_STOP when that is bogus, or
 * NLAB_P_TRUNC (as a negative number below LS_STOP) when it is cut. */
static long lshdr(nlab_pctx *c, nlab_view v, size_t off)
{
	if (!nlab_view_has(v, off + 18, 2))
		return -2;
	uint16_t len = nlab_get16(v, off + 18);
	if (len < 20) {
		nlab_strbuf_printf(c->out, "\n\t    Bogus length %u < header (20)", len);
		return LS_STOP;
	}
	if (!nlab_view_has(v, off, 16))
		return -2;
	nlab_p_puts(c, "\n\t  Advertising Router ");
	nlab_p_ip4(c, v, off + 8);
	nlab_strbuf_printf(c->out, ", seq 0x%08x, age %us, length %u", nlab_get32(v, off + 12),
			   nlab_get16(v, off), len - 20u);
	uint8_t t = nlab_get8(v, off + 3);
	nlab_strbuf_printf(c->out, "\n\t    %s LSA (%u), ", lsa_name(t), t);
	if (is_opaque(t))
		nlab_strbuf_printf(c->out, "Opaque-Type %s LSA (%u), Opaque-ID %u",
				   opaque_name(nlab_get8(v, off + 4)), nlab_get8(v, off + 4),
				   nlab_get24(v, off + 5));
	else
		nlab_p_puts(c, "LSA-ID: "), nlab_p_ip4(c, v, off + 4);
	nlab_p_puts(c, "\n\t    Options: ");
	opts(c, nlab_get8(v, off + 2));
	return len;
}

/* The metrics of a router link whose type byte is at OFF. */
static int tos_metrics(nlab_pctx *c, nlab_view v, size_t off)
{
	NEED(v, off + 1, 1);
	unsigned n = nlab_get8(v, off + 1) + 1u;
	for (unsigned i = 0; i < n; i++, off += 4) {
		NEED(v, off, 4);
		uint8_t t = i ? nlab_get8(v, off) : 0;
		nlab_strbuf_printf(c->out, "\n\t\ttopology %s (%u), metric %u",
				   t == 0 ? "default" : t == 1 ? "multicast" : t == 2 ? "management" : "Unknown",
				   t, nlab_get16(v, off + 2));
	}
	return NLAB_P_OK;
}

/* A router LSA's body at OFF: its flags and links. */
static int router_lsa(nlab_pctx *c, nlab_view v, size_t off)
{
	static const nlab_bitname flags[] = {{0x01, "ABR"}, {0x02, "ASBR"}, {0x04, "Virtual"},
					     {0x08, "Wildcard"}, {0x10, "Nt"}, {0x80, "Host"},
					     {0, NULL}};
	static const char *const kinds[][2] = {
		{NULL, NULL}, {"Neighbor Router-ID: ", ", Interface Address: "},
		{"Neighbor Network-ID: ", ", Interface Address: "}, {"Stub Network: ", ", Mask: "},
		{"Virtual Link: Neighbor Router-ID: ", ", Interface Address: "}};
	NEED(v, off, 1);
	nlab_p_puts(c, "\n\t    Router LSA Options: [");
	nlab_p_bits(c, flags, nlab_get8(v, off), ", ", "none");
	nlab_p_puts(c, "]");
	NEED(v, off + 2, 2);
	unsigned n = nlab_get16(v, off + 2);
	size_t at = off + 4;
	NEED(v, at, 12);
	for (; n; n--) {
		NEED(v, at, 12);
		uint8_t t = nlab_get8(v, at + 8);
		if (t < 1 || t > 4) {
			nlab_strbuf_printf(c->out, "\n\t      Unknown Router Link Type (%u)", t);
			return LS_STOP;
		}
		nlab_p_puts(c, "\n\t      ");
		nlab_p_puts(c, kinds[t][0]);
		nlab_p_ip4(c, v, at);
		nlab_p_puts(c, kinds[t][1]);
		nlab_p_ip4(c, v, at + 4);
		if (tos_metrics(c, v, at + 8) != NLAB_P_OK)
			return NLAB_P_TRUNC;
		at += 12 + 4u * nlab_get8(v, at + 9);
	}
	return NLAB_P_OK;
}

/* The name of a summary or external LSA's topology T. */
static const char *topology(uint32_t t)
{
	return t == 0 ? "default" : t == 1 ? "multicast" : t == 2 ? "management" : "Unknown";
}

/* Summary (3), ASBR summary (4), external (5) and NSSA (7) LSA bodies at
 * OFF up to END. */
static int metric_lsa(nlab_pctx *c, nlab_view v, size_t off, size_t end, uint8_t type)
{
	if (type != 4) {
		if (addr(c, "\n\t    Mask ", v, off) != NLAB_P_OK)
			return NLAB_P_TRUNC;
	}
	NEED(v, off + 4, 4);
	int ext = type == 5 || type == 7;
	for (size_t at = off + 4; at < end; at += ext ? 12 : 4) {
		NEED(v, at, 4);
		uint32_t ul = nlab_get32(v, at), t = (ul & 0x7f000000) >> 24;
		if (!ext) {
			nlab_strbuf_printf(c->out, "\n\t\ttopology %s (%u) metric %u", topology(t), t,
					   ul & 0xffffff);
			continue;
		}
		nlab_strbuf_printf(c->out, "\n\t\ttopology %s (%u), type %u, metric", topology(t), t,
				   ul & 0x80000000 ? 2 : 1);
		if ((ul & 0xffffff) == 0xffffff)
			nlab_p_puts(c, " infinite");
		else
			nlab_strbuf_printf(c->out, " %u", ul & 0xffffff);
		NEED(v, at + 4, 4);
		if (nlab_get32(v, at + 4) && addr(c, ", forward ", v, at + 4) != NLAB_P_OK)
			return NLAB_P_TRUNC;
		NEED(v, at + 8, 4);
		if (nlab_get32(v, at + 8) && addr(c, ", tag ", v, at + 8) != NLAB_P_OK)
			return NLAB_P_TRUNC;
	}
	return NLAB_P_OK;
}

/* A network LSA (2) or a group membership one (6) from OFF to END. */
static int list_lsa(nlab_pctx *c, nlab_view v, size_t off, size_t end, uint8_t type)
{
	if (type == 2) {
		NEED(v, off, 4);
		nlab_p_puts(c, "\n\t    Mask ");
		nlab_p_ip4(c, v, off);
		nlab_p_puts(c, "\n\t    Connected Routers:");
		for (size_t at = off + 4; at < end; at += 4)
			if (addr(c, "\n\t      ", v, at) != NLAB_P_OK)
				return NLAB_P_TRUNC;
		return NLAB_P_OK;
	}
	for (size_t at = off; at < end; at += 8) {
		NEED(v, at, 4);
		uint32_t t = nlab_get32(v, at);
		if (t == 1 || t == 2) {
			if (addr(c, t == 1 ? "\n\t    Router Router-ID " : "\n\t    Network Designated Router ",
				 v, at + 4) != NLAB_P_OK)
				return NLAB_P_TRUNC;
		} else {
			nlab_strbuf_printf(c->out, "\n\t    unknown VertexType (%u)", t);
		}
	}
	return NLAB_P_OK;
}

/* print_unknown_data: the LEN bytes at OFF in hex lines after IDENT;
 * LS_STOP when OFF is past the capture. */
static int unknown(nlab_pctx *c, nlab_view v, size_t off, uint32_t len, const char *ident)
{
	return nlab_p_unknown_data(c, v, off, len, ident) ? NLAB_P_OK : LS_STOP;
}

/* A grace-LSA TLV's value (TYPE, LEN bytes at OFF). */
static int grace_value(nlab_pctx *c, nlab_view v, size_t off, uint16_t type, uint16_t len)
{
	static const char *const reasons[] = {"Unknown", "Software Restart",
					      "Software Reload/Upgrade", "Control Processor Switch"};
	uint16_t want = type == 2 ? 1 : 4;
	if (type >= 1 && type <= 3 && len != want) {
		nlab_strbuf_printf(c->out, "\n\t    Bogus length %u != %u", len, want);
		return LS_STOP;
	}
	if (type == 1) {
		nlab_strbuf_printf(c->out, "%us", nlab_get32(v, off));
	} else if (type == 2) {
		uint8_t r = nlab_get8(v, off);
		nlab_strbuf_printf(c->out, "%s (%u)", r < 4 ? reasons[r] : "Unknown", r);
	} else if (type == 3) {
		nlab_p_ip4(c, v, off);
	} else if (c->o->v <= 1) {
		return unknown(c, v, off, len, "\n\t      ");
	}
	return NLAB_P_OK;
}

/* A router information TLV's value (TYPE, LEN bytes at OFF). */
static int ri_value(nlab_pctx *c, nlab_view v, size_t off, uint16_t type, uint16_t len)
{
	static const nlab_bitname caps[] = {
		{1, "Reserved"}, {2, "Reserved"}, {4, "Reserved"}, {8, "Reserved"},
		{16, "graceful restart capable"}, {32, "graceful restart helper"},
		{64, "Stub router support"}, {128, "Traffic engineering"},
		{256, "p2p over LAN"}, {512, "path computation server"}, {0, NULL}};
	if (type != 1)
		return c->o->v <= 1 ? unknown(c, v, off, len, "\n\t      ") : NLAB_P_OK;
	if (len != 4) {
		nlab_strbuf_printf(c->out, "\n\t    Bogus length %u != 4", len);
		return LS_STOP;
	}
	nlab_p_puts(c, "Capabilities: ");
	nlab_p_bits(c, caps, nlab_get32(v, off), ", ", "Unknown");
	return NLAB_P_OK;
}

/* The TLVs of a grace (GRACE set) or router information LSA: LEFT
 * bytes from OFF. */
static int opaque_tlvs(nlab_pctx *c, nlab_view v, size_t off, uint32_t left, int grace)
{
	while (left) {
		NEED(v, off, 4);
		if (left < 4) {
			nlab_strbuf_printf(c->out, "\n\t    Remaining LS length %u < 4", left);
			return LS_STOP;
		}
		uint16_t t = nlab_get16(v, off), len = nlab_get16(v, off + 2);
		off += 4, left -= 4;
		const char *n = grace ? (t == 1 ? "Grace Period" : t == 2 ? "Graceful restart Reason"
						 : t == 3 ? "IPv4 interface address" : "unknown")
				      : (t == 1 ? "Router Capabilities" : "unknown");
		nlab_strbuf_printf(c->out, grace ? "\n\t    %s TLV (%u), length %u, value: "
						 : "\n\t    %s TLV (%u), length: %u, value: ", n, t, len);
		if (len > left) {
			nlab_strbuf_printf(c->out, grace ? "\n\t    Bogus length %u > %u"
							 : "\n\t    Bogus length %u > remaining LS length %u",
					   len, left);
			return LS_STOP;
		}
		if (grace && (t == 0 || len == 0))
			return LS_STOP;
		NEED(v, off, len);
		int r = grace ? grace_value(c, v, off, t, len) : ri_value(c, v, off, t, len);
		if (r != NLAB_P_OK)
			return r;
		/* padded past the LSA, LEFT wraps as tcpdump's unsigned count
		 * does and the walk reads on until the capture ends */
		uint32_t step = grace && len % 4 ? len + 4 - len % 4 : len;
		off += step, left -= step;
	}
	return NLAB_P_OK;
}

int nlab_p_ospf_grace(nlab_pctx *c, nlab_view v, size_t off, uint32_t len)
{
	return opaque_tlvs(c, v, off, len, 1) == NLAB_P_OK ? 0 : -1;
}

/* An opaque LSA's body (LEN bytes at OFF) by its opaque type T. */
static int opaque_lsa(nlab_pctx *c, nlab_view v, size_t off, uint32_t len, uint8_t t)
{
	if (t == 4)
		return opaque_tlvs(c, v, off, len, 0);
	if (t == 3) /* a cut grace LSA ends quietly: tcpdump's -1 */
		return nlab_p_ospf_grace(c, v, off, len) ? LS_STOP : NLAB_P_OK;
	if (t == 1)
		return nlab_p_ospf_te(c, v, off, len);
	return c->o->v <= 1 ? unknown(c, v, off, len, "\n\t    ") : NLAB_P_OK;
}

/* One LSA at OFF: sets *NEXT to the offset after it; NLAB_P_TRUNC
 * when it is cut or its length is bogus (tcpdump's NULL). */
static int lsa(nlab_pctx *c, nlab_view v, size_t off, size_t *next)
{
	long l = lshdr(c, v, off);
	if (l < 0)
		return NLAB_P_TRUNC;
	size_t body = off + 20, end = off + (size_t)l;
	uint32_t len = (uint32_t)l - 20;
	uint8_t t = nlab_get8(v, off + 3);
	int r = NLAB_P_OK;
	*next = end;
	if (t == 1)
		r = router_lsa(c, v, body);
	else if (t == 2 || t == 6)
		r = list_lsa(c, v, body, end, t);
	else if (t == 3 || t == 4 || t == 5 || t == 7)
		r = metric_lsa(c, v, body, end, t);
	else if (is_opaque(t))
		r = opaque_lsa(c, v, body, len, nlab_get8(v, off + 4));
	if (r == LS_STOP)
		return NLAB_P_OK;
	if (r != NLAB_P_OK)
		return r;
	if (c->o->v > 1)
		unknown(c, v, body, len, "\n\t    ");
	return NLAB_P_OK;
}

/* LSA headers from OFF (a database description's up to END, an
 * acknowledgement's until one is bogus or cut). */
static int lshdrs(nlab_pctx *c, nlab_view v, size_t off, size_t end, int bounded)
{
	for (; !bounded || off < end; off += 20) {
		long l = lshdr(c, v, off);
		if (l == LS_STOP)
			return NLAB_P_OK;
		if (l < 0)
			return NLAB_P_TRUNC;
	}
	return NLAB_P_OK;
}

/* A hello's fields and neighbours, up to END. */
static int hello(nlab_pctx *c, nlab_view v, size_t end)
{
	NEED(v, 30, 1);
	nlab_p_puts(c, "\n\tOptions ");
	opts(c, nlab_get8(v, 30));
	NEED(v, 24, 12);
	nlab_strbuf_printf(c->out, "\n\t  Hello Timer %us, Dead Timer %us, Mask ", nlab_get16(v, 28),
			   nlab_get32(v, 32));
	nlab_p_ip4(c, v, 24);
	nlab_strbuf_printf(c->out, ", Priority %u", nlab_get8(v, 31));
	NEED(v, 36, 4);
	if (nlab_get32(v, 36) && addr(c, "\n\t  Designated Router ", v, 36) != NLAB_P_OK)
		return NLAB_P_TRUNC;
	NEED(v, 40, 4);
	if (nlab_get32(v, 40) && addr(c, ", Backup Designated Router ", v, 40) != NLAB_P_OK)
		return NLAB_P_TRUNC;
	if (44 < end)
		nlab_p_puts(c, "\n\t  Neighbor List:");
	for (size_t at = 44; at < end; at += 4)
		if (addr(c, "\n\t    ", v, at) != NLAB_P_OK)
			return NLAB_P_TRUNC;
	return NLAB_P_OK;
}

/* A database description's fields and LSA headers, up to END. */
static int dd(nlab_pctx *c, nlab_view v, size_t end)
{
	static const nlab_bitname flags[] = {{0x04, "Init"}, {0x02, "More"}, {0x01, "Master"},
					     {0x08, "OOBResync"}, {0, NULL}};
	NEED(v, 26, 1);
	nlab_p_puts(c, "\n\tOptions ");
	opts(c, nlab_get8(v, 26));
	NEED(v, 27, 1);
	nlab_p_puts(c, ", DD Flags [");
	nlab_p_bits(c, flags, nlab_get8(v, 27), ", ", "none");
	nlab_p_puts(c, "]");
	NEED(v, 24, 2);
	if (nlab_get16(v, 24))
		nlab_strbuf_printf(c->out, ", MTU: %u", nlab_get16(v, 24));
	NEED(v, 28, 4);
	nlab_strbuf_printf(c->out, ", Sequence: 0x%08x", nlab_get32(v, 28));
	return lshdrs(c, v, 32, end, 1);
}

/* A link state request's entries, up to END. */
static int ls_request(nlab_pctx *c, nlab_view v, size_t end)
{
	for (size_t at = 24; at < end; at += 12) {
		NEED(v, at, 12);
		uint32_t t = nlab_get32(v, at);
		nlab_p_puts(c, "\n\t  Advertising Router: ");
		nlab_p_ip4(c, v, at + 8);
		nlab_strbuf_printf(c->out, ", %s LSA (%u)", lsa_name(t), t);
		if (is_opaque(t)) {
			uint8_t o = nlab_get8(v, at + 4);
			nlab_strbuf_printf(c->out, ", Opaque-Type: %s LSA (%u), Opaque-ID: %u",
					   opaque_name(o), o, nlab_get24(v, at + 5));
		} else {
			nlab_p_puts(c, ", LSA-ID: ");
			nlab_p_ip4(c, v, at + 4);
		}
	}
	return NLAB_P_OK;
}

/* A link state update: its count and each LSA. */
static int ls_update(nlab_pctx *c, nlab_view v)
{
	NEED(v, 24, 4);
	uint32_t n = nlab_get32(v, 24);
	nlab_strbuf_printf(c->out, ", %u LSA%s", n, n == 1 ? "" : "s");
	size_t at = 28;
	for (uint32_t i = 1; i <= n && i != 0; i++) {
		nlab_strbuf_printf(c->out, "\n\t  LSA #%u", i);
		int r = lsa(c, v, at, &at);
		if (r != NLAB_P_OK)
			return r;
	}
	return NLAB_P_OK;
}

/* The LLS block after a hello or database description with the L
 * option: LEN is the packet's length, OLEN its OSPF length. */
static int lls(nlab_pctx *c, nlab_view v, uint32_t len, uint32_t olen)
{
	uint8_t type = nlab_get8(v, 1);
	if (type != 1 && type != 2)
		return NLAB_P_OK;
	NEED(v, type == 1 ? 30 : 26, 1);
	if (!(nlab_get8(v, type == 1 ? 30 : 26) & 0x10))
		return NLAB_P_OK;
	size_t at = olen;
	if (nlab_get16(v, 14) == 2) {
		NEED(v, 19, 1);
		at += nlab_get8(v, 19), olen += nlab_get8(v, 19);
	}
	if (olen >= len) {
		nlab_p_puts(c, "\n\t[LLS truncated]");
		return NLAB_P_OK;
	}
	NEED(v, at, 2);
	nlab_strbuf_printf(c->out, "\n\t  LLS: checksum: 0x%04x", nlab_get16(v, at));
	NEED(v, at + 2, 2);
	nlab_strbuf_printf(c->out, ", length: %u", nlab_get16(v, at + 2));
	for (at += 4; at < len;) {
		NEED(v, at, 2);
		uint16_t t = nlab_get16(v, at);
		nlab_strbuf_printf(c->out, "\n\t    %s (%u)", t == 1 ? "Extended Options"
					   : t == 2 ? "MD5 Authentication" : "Unknown TLV", t);
		NEED(v, at + 2, 2);
		uint32_t l = nlab_get16(v, at + 2);
		nlab_strbuf_printf(c->out, ", length: %u", l);
		at += 4;
		if ((t == 1 && l != 4) || (t == 2 && l != 20))
			nlab_p_puts(c, t == 1 ? " [should be 4]" : " [should be 20]"), l = t == 1 ? 4 : 20;
		if (t == 1 || t == 2)
			NEED(v, at, 4);
		if (t == 1) {
			static const nlab_bitname eo[] = {{1, "LSDB resync"}, {2, "Restart"}, {0, NULL}};
			nlab_strbuf_printf(c->out, "\n\t      Options: 0x%08x [", nlab_get32(v, at));
			nlab_p_bits(c, eo, nlab_get32(v, at), ", ", "?");
			nlab_p_puts(c, "]");
		} else if (t == 2) {
			nlab_strbuf_printf(c->out, "\n\t      Sequence number: 0x%08x", nlab_get32(v, at));
		}
		at += l;
	}
	return NLAB_P_OK;
}

/* -v: the router, area and authentication; 1 when the message is not
 * to be decoded further (an unknown authentication type). */
static int head(nlab_pctx *c, nlab_view v, int *stop)
{
	static const char *const auth[] = {"none", "simple", "MD5"};
	if (addr(c, "\n\tRouter-ID ", v, 4) != NLAB_P_OK)
		return NLAB_P_TRUNC;
	NEED(v, 8, 4);
	if (nlab_get32(v, 8)) {
		nlab_p_puts(c, ", Area ");
		nlab_p_ip4(c, v, 8);
	} else {
		nlab_p_puts(c, ", Backbone Area");
	}
	NEED(v, 16, 8);
	uint16_t a = nlab_get16(v, 14);
	nlab_strbuf_printf(c->out, ", Authentication Type: %s (%u)", a < 3 ? auth[a] : "unknown", a);
	if (a == 1) {
		nlab_p_puts(c, "\n\tSimple text password: ");
		for (size_t i = 16; i < 24 && nlab_get8(v, i); i++)
			nlab_p_char(c, nlab_get8(v, i));
	} else if (a == 2) {
		nlab_strbuf_printf(c->out, "\n\tKey-ID: %u, Auth-Length: %u, Crypto Sequence Number: 0x%08x",
				   nlab_get8(v, 18), nlab_get8(v, 19), nlab_get32(v, 20));
	}
	*stop = a > 2;
	return NLAB_P_OK;
}

/* The messages of OSPFv2 under -v (LEN bytes, the header's OLEN). */
static int body(nlab_pctx *c, nlab_view v, uint32_t len, uint32_t olen)
{
	size_t end = len > olen ? olen : len;
	int r = NLAB_P_OK;
	switch (nlab_get8(v, 1)) {
	case 1: r = hello(c, v, end); break;
	case 2: r = dd(c, v, end); break;
	case 3: r = ls_request(c, v, end); break;
	case 4: r = ls_update(c, v); break;
	case 5: r = lshdrs(c, v, 24, 0, 0); break;
	}
	if (r != NLAB_P_OK)
		return r;
	return len > olen ? lls(c, v, len, olen) : NLAB_P_OK;
}

int nlab_p_ospf(nlab_pctx *c, nlab_view v, uint32_t len)
{
	static const char *const types[] = {NULL, "Hello", "Database Description", "LS-Request",
					    "LS-Update", "LS-Ack"};
	c->proto = "ospf2";
	NEED(v, 14, 2);
	if (nlab_get16(v, 14) == 2) { /* the MD5 trailer is left out */
		len -= 16;
		v.len = v.len > 16 ? v.len - 16 : 0;
	}
	NEED(v, 0, 2);
	uint8_t t = nlab_get8(v, 1);
	nlab_strbuf_printf(c->out, "OSPFv%u, ", nlab_get8(v, 0));
	if (t < 1 || t > 5) {
		nlab_strbuf_printf(c->out, "unknown LS-type %u, length %u", t, len);
		return NLAB_P_OK;
	}
	nlab_strbuf_printf(c->out, "%s, length %u", types[t], len);
	if (!c->o->v)
		return NLAB_P_OK;
	NEED(v, 2, 2);
	uint32_t olen = nlab_get16(v, 2);
	if (len != olen)
		nlab_strbuf_printf(c->out, " [len %u]", olen);
	int stop = 0, r = head(c, v, &stop);
	if (r != NLAB_P_OK || stop)
		return r;
	if (nlab_get8(v, 0) != 2) {
		nlab_strbuf_printf(c->out, " ospf [version %u]", nlab_get8(v, 0));
		return NLAB_P_OK;
	}
	return body(c, v, len, olen);
}
