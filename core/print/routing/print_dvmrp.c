/* print_dvmrp.c - DVMRP (IGMP type 0x13), as tcpdump's print-dvmrp.c
 * writes it after "igmp dvmrp": the message type; a probe's generation
 * id (-v) and neighbours (-vv), a report's masks and origins (-vv), the
 * old and new neighbour lists with their metrics, thresholds and flags,
 * prunes with their timer, grafts and their acks. */
#include "print_priv.h"

static int invalid(nlab_pctx *c)
{
	nlab_p_puts(c, " (invalid)");
	return NLAB_P_OK;
}

/* A probe's "genid N" and (-vv) its neighbours. */
static int probe(nlab_pctx *c, nlab_view v, size_t off, uint32_t len)
{
	if (len < 4) {
		nlab_strbuf_printf(c->out, " [full length %u < 4]", len);
		return invalid(c);
	}
	nlab_p_puts(c, c->o->v > 1 ? "\n\t" : " ");
	if (!nlab_view_has(v, off, 4))
		return NLAB_P_TRUNC;
	nlab_strbuf_printf(c->out, "genid %u", nlab_get32(v, off));
	if (c->o->v < 2)
		return NLAB_P_OK;
	for (off += 4, len -= 4; len > 0; off += 4, len -= 4) {
		if (len < 4) {
			nlab_strbuf_printf(c->out, "[remaining length %u < 4]", len);
			return invalid(c);
		}
		if (!nlab_view_has(v, off, 4))
			return NLAB_P_TRUNC;
		nlab_p_puts(c, "\n\tneighbor ");
		nlab_p_ip4(c, v, off);
	}
	return NLAB_P_OK;
}

/* "a.b.c.d" of the host-order address A (tcpdump's intoa). */
static void addr(nlab_pctx *c, uint32_t a)
{
	nlab_strbuf_printf(c->out, "%u.%u.%u.%u", a >> 24, a >> 16 & 255, a >> 8 & 255, a & 255);
}

/* -vv: a report's masks, each with its origins and metrics. */
static int report(nlab_pctx *c, nlab_view v, size_t off, uint32_t len)
{
	while (len > 0) {
		if (len < 3) {
			nlab_strbuf_printf(c->out, " [length %u < 3]", len);
			return invalid(c);
		}
		if (!nlab_view_has(v, off, 3))
			return NLAB_P_TRUNC;
		uint8_t m0 = nlab_get8(v, off), m1 = nlab_get8(v, off + 1), m2 = nlab_get8(v, off + 2);
		uint32_t width = m2 ? 4 : m1 ? 3 : m0 ? 2 : 1;
		nlab_p_puts(c, "\n\tMask ");
		addr(c, 0xffu << 24 | (uint32_t)m0 << 16 | (uint32_t)m1 << 8 | m2);
		off += 3, len -= 3;
		int done;
		do {
			if (len < width + 1) {
				nlab_p_puts(c, "\n\t  [Truncated Report]");
				return invalid(c);
			}
			if (!nlab_view_has(v, off, width + 1))
				return NLAB_P_TRUNC;
			uint32_t origin = 0, i;
			for (i = 0; i < width; i++)
				origin = origin << 8 | nlab_get8(v, off + i);
			for (; i < 4; i++)
				origin <<= 8;
			uint8_t metric = nlab_get8(v, off + width);
			done = metric & 0x80;
			nlab_p_puts(c, "\n\t  ");
			addr(c, origin);
			nlab_strbuf_printf(c->out, " metric %u", metric & 0x7f);
			off += width + 1, len -= width + 1;
		} while (!done);
	}
	return NLAB_P_OK;
}

/* The old neighbour list: " [local -> neighbour, (metric/threshold)]". */
static int neighbors(nlab_pctx *c, nlab_view v, size_t off, uint32_t len)
{
	while (len > 0) {
		if (len < 7) {
			nlab_strbuf_printf(c->out, " [length %u < 7]", len);
			return invalid(c);
		}
		if (!nlab_view_has(v, off + 4, 3))
			return NLAB_P_TRUNC;
		size_t local = off;
		uint8_t metric = nlab_get8(v, off + 4), thresh = nlab_get8(v, off + 5);
		int n = nlab_get8(v, off + 6);
		off += 7, len -= 7;
		while (--n >= 0) {
			if (len < 4) {
				nlab_strbuf_printf(c->out, " [length %u < 4]", len);
				return invalid(c);
			}
			if (!nlab_view_has(v, local, 4))
				return NLAB_P_TRUNC;
			nlab_p_puts(c, " [");
			nlab_p_ip4(c, v, local);
			nlab_p_puts(c, " ->");
			if (!nlab_view_has(v, off, 4))
				return NLAB_P_TRUNC;
			nlab_p_puts(c, " ");
			nlab_p_ip4(c, v, off);
			nlab_strbuf_printf(c->out, ", (%u/%u)]", metric, thresh);
			off += 4, len -= 4;
		}
	}
	return NLAB_P_OK;
}

/* The new neighbour list, after " (v major.minor):", with its flags. */
static int neighbors2(nlab_pctx *c, nlab_view v, size_t off, uint32_t len)
{
	static const nlab_bitname flags[] = {{0x01, "/tunnel"}, {0x02, "/srcrt"}, {0x40, "/querier"},
					     {0x20, "/disabled"}, {0x10, "/down"}};
	nlab_strbuf_printf(c->out, " (v %u.%u):", nlab_get8(v, 7), nlab_get8(v, 6));
	while (len > 0) {
		if (len < 8) {
			nlab_strbuf_printf(c->out, " [length %u < 8]", len);
			return invalid(c);
		}
		if (!nlab_view_has(v, off + 4, 4))
			return NLAB_P_TRUNC;
		size_t local = off;
		uint8_t metric = nlab_get8(v, off + 4), thresh = nlab_get8(v, off + 5);
		uint8_t f = nlab_get8(v, off + 6);
		int n = nlab_get8(v, off + 7);
		off += 8, len -= 8;
		while (--n >= 0 && len > 0) {
			if (len < 4) {
				nlab_strbuf_printf(c->out, " [length %u < 4]", len);
				return invalid(c);
			}
			if (!nlab_view_has(v, local, 4))
				return NLAB_P_TRUNC;
			nlab_p_puts(c, " [");
			nlab_p_ip4(c, v, local);
			nlab_p_puts(c, " -> ");
			if (!nlab_view_has(v, off, 4))
				return NLAB_P_TRUNC;
			nlab_p_ip4(c, v, off);
			nlab_strbuf_printf(c->out, " (%u/%u", metric, thresh);
			for (size_t i = 0; i < sizeof flags / sizeof flags[0]; i++)
				if (f & flags[i].bit)
					nlab_p_puts(c, flags[i].name);
			nlab_p_puts(c, ")]");
			off += 4, len -= 4;
		}
		if (n != -1) {
			nlab_p_puts(c, " [invalid ncount]");
			return invalid(c);
		}
	}
	return NLAB_P_OK;
}

/* " src A grp B" of a prune or graft. */
static int src_grp(nlab_pctx *c, nlab_view v)
{
	if (!nlab_view_has(v, 8, 8))
		return NLAB_P_TRUNC;
	nlab_p_puts(c, " src ");
	nlab_p_ip4(c, v, 8);
	nlab_p_puts(c, " grp ");
	nlab_p_ip4(c, v, 12);
	return NLAB_P_OK;
}

int nlab_p_dvmrp(nlab_pctx *c, nlab_view v, uint32_t len)
{
	static const char *const types[] = {NULL,         "Probe",          "Report",
					    "Ask-neighbors(old)", "Neighbors(old)", "Ask-neighbors2",
					    "Neighbors2",   "Prune",          "Graft",
					    "Graft-ACK"};
	c->proto = "dvmrp";
	if (len < 8) {
		nlab_strbuf_printf(c->out, " [length %u < 8] (invalid)", len);
		return NLAB_P_OK;
	}
	if (!nlab_view_has(v, 1, 1))
		return NLAB_P_TRUNC;
	uint8_t type = nlab_get8(v, 1);
	if (type >= 1 && type <= 9)
		nlab_strbuf_printf(c->out, " %s", types[type]);
	else
		nlab_strbuf_printf(c->out, " [type %u]", type);
	len -= 8;
	int r;
	switch (type) {
	case 1:
		return c->o->v ? probe(c, v, 8, len) : NLAB_P_OK;
	case 2:
		return c->o->v > 1 ? report(c, v, 8, len) : NLAB_P_OK;
	case 4:
		return neighbors(c, v, 8, len);
	case 6:
		if (!nlab_view_has(v, 6, 2))
			return NLAB_P_TRUNC;
		return neighbors2(c, v, 8, len);
	case 7:
		r = src_grp(c, v);
		if (r != NLAB_P_OK)
			return r;
		nlab_p_puts(c, " timer ");
		if (!nlab_view_has(v, 16, 4))
			return NLAB_P_TRUNC;
		nlab_p_relts(c, nlab_get32(v, 16));
		return NLAB_P_OK;
	case 8:
	case 9:
		return src_grp(c, v);
	default:
		return NLAB_P_OK;
	}
}
