/* print_mcast.c - what IGMPv3 (print_igmp.c) and MLDv2 (print_icmp6.c)
 * print alike, as tcpdump's print-igmp.c and print-icmp6.c write it: a
 * query's source list and a report's group records, for addresses of W
 * bytes (4: IPv4, 16: IPv6). */
#include "print_priv.h"

/* Appends the address of W bytes at OFF. */
static void put_addr(nlab_pctx *c, nlab_view v, size_t off, size_t w)
{
	if (w == 4)
		nlab_p_ip4(c, v, off);
	else
		nlab_p_ip6addr(c, v, off);
}

/* Appends " A" for each of the N addresses of W bytes from OFF; 0, or
 * NLAB_P_TRUNC when they were not all captured. */
static int addr_list(nlab_pctx *c, nlab_view v, size_t off, uint32_t n, size_t w)
{
	for (uint32_t i = 0; i < n; i++) {
		if (!nlab_view_has(v, off + w * i, w))
			return NLAB_P_TRUNC;
		nlab_p_puts(c, " ");
		put_addr(c, v, off + w * i, w);
	}
	return NLAB_P_OK;
}

int nlab_p_mcast_sources(nlab_pctx *c, nlab_view v, uint32_t len, size_t off, size_t w)
{
	if (!nlab_view_has(v, off, 2))
		return NLAB_P_TRUNC;
	uint32_t n = nlab_get16(v, off);
	if (n > 0 && len < off + 2 + n * w) {
		nlab_p_puts(c, " [invalid number of sources]");
	} else if (n > 0 && c->o->v > 1) {
		nlab_p_puts(c, " {");
		int r = addr_list(c, v, off + 2, n, w);
		if (r != NLAB_P_OK)
			return r;
		nlab_p_puts(c, " }");
	} else if (n > 0) {
		nlab_strbuf_printf(c->out, ", %u source(s)", n);
	}
	nlab_p_puts(c, "]");
	return NLAB_P_OK;
}

/* tcpdump's igmpv3report2str and mldv2report2str (" [v3-report-#N]",
 * " [v2-report-#N]" when unknown). */
static void report_type(nlab_pctx *c, uint8_t t, size_t w)
{
	static const char *const names[] = {NULL, "is_in", "is_ex", "to_in", "to_ex", "allow", "block"};
	if (t >= 1 && t <= 6)
		nlab_strbuf_printf(c->out, " %s", names[t]);
	else
		nlab_strbuf_printf(c->out, "  [v%u-report-#%u]", w == 4 ? 3 : 2, t);
}

/* One group record at *AT (-v): " [gaddr A is_ex, N source(s)]" (-vv:
 * " { A B }"); -1 when tcpdump stops. */
static int report_group(nlab_pctx *c, nlab_view v, uint32_t len, size_t *at, size_t w)
{
	size_t g = *at;
	if (len < g + 4 + w) {
		nlab_p_puts(c, " [invalid number of groups]");
		return -1;
	}
	if (!nlab_view_has(v, g + 4, w))
		return NLAB_P_TRUNC;
	nlab_p_puts(c, " [gaddr ");
	put_addr(c, v, g + 4, w);
	report_type(c, nlab_get8(v, g), w);
	uint32_t n = nlab_get16(v, g + 2);
	if (len < g + 4 + w + n * w) {
		nlab_strbuf_printf(c->out, " [invalid number of sources %u]", n);
		return -1;
	}
	if (c->o->v == 1) {
		nlab_strbuf_printf(c->out, ", %u source(s)", n);
	} else {
		nlab_p_puts(c, " {");
		int r = addr_list(c, v, g + 4 + w, n, w);
		if (r != NLAB_P_OK)
			return r;
		nlab_p_puts(c, " }");
	}
	*at = g + 4 + w + n * w;
	nlab_p_puts(c, "]");
	return NLAB_P_OK;
}

int nlab_p_mcast_records(nlab_pctx *c, nlab_view v, uint32_t len, size_t w)
{
	if (!nlab_view_has(v, 6, 2))
		return NLAB_P_TRUNC;
	uint32_t n = nlab_get16(v, 6);
	nlab_strbuf_printf(c->out, ", %u group record(s)", n);
	size_t at = 8;
	for (uint32_t i = 0; c->o->v && i < n; i++) {
		int r = report_group(c, v, len, &at, w);
		if (r == -1)
			return NLAB_P_OK;
		if (r != NLAB_P_OK)
			return r;
	}
	return NLAB_P_OK;
}
