/* print_igmp.c - IGMP (IPv4 multicast membership), as tcpdump's
 * print-igmp.c writes it: -v adds IGMPv3 reports' group records and a
 * bad checksum, -vv the sources of queries and records. */
#include "print_priv.h"

/* " [gaddr A, N source(s)]" of an IGMPv3 query (-vv: " { A B }"). */
static int gaddr_sources(nlab_pctx *c, nlab_view v, uint32_t len)
{
	if (!nlab_view_has(v, 4, 4))
		return NLAB_P_TRUNC;
	if (nlab_get32(v, 4) == 0)
		return NLAB_P_OK;
	nlab_p_puts(c, " [gaddr ");
	nlab_p_ip4(c, v, 4);
	return nlab_p_mcast_sources(c, v, len, 10, 4);
}

/* An IGMPv3 query's " v3 [max resp time ...] [gaddr ...]". */
static int query3(nlab_pctx *c, nlab_view v, uint32_t len)
{
	nlab_p_puts(c, " v3");
	if (len < 12 || (len & 3)) {
		nlab_strbuf_printf(c->out, " [invalid len %u]", len);
		return NLAB_P_OK;
	}
	if (!nlab_view_has(v, 1, 1))
		return NLAB_P_TRUNC;
	uint32_t mrc = nlab_get8(v, 1);
	uint32_t mrt = mrc < 128 ? mrc : ((mrc & 0x0f) | 0x10) << (((mrc & 0x70) >> 4) + 3);
	if (mrc != 100) {
		nlab_p_puts(c, " [max resp time ");
		if (mrt < 600)
			nlab_strbuf_printf(c->out, "%.1fs", mrt * 0.1);
		else
			nlab_p_relts(c, mrt / 10);
		nlab_p_puts(c, "]");
	}
	return gaddr_sources(c, v, len);
}

/* An IGMPv1/v2 query: " v1" or " v2 [max resp time N]", group, length. */
static int query12(nlab_pctx *c, nlab_view v, uint32_t len)
{
	if (!nlab_view_has(v, 1, 1))
		return NLAB_P_TRUNC;
	uint8_t t = nlab_get8(v, 1);
	if (t) {
		nlab_p_puts(c, " v2");
		if (t != 100)
			nlab_strbuf_printf(c->out, " [max resp time %u]", t);
	} else {
		nlab_p_puts(c, " v1");
	}
	if (!nlab_view_has(v, 4, 4))
		return NLAB_P_TRUNC;
	if (nlab_get32(v, 4)) {
		nlab_p_puts(c, " [gaddr ");
		nlab_p_ip4(c, v, 4);
		nlab_p_puts(c, "]");
	}
	if (len != 8)
		nlab_strbuf_printf(c->out, " [len %u]", len);
	return NLAB_P_OK;
}

/* "igmp <what> A" for the reports and leaves that name one group. */
static int group(nlab_pctx *c, nlab_view v, const char *what)
{
	if (!nlab_view_has(v, 4, 4))
		return NLAB_P_TRUNC;
	nlab_p_puts(c, what);
	nlab_p_ip4(c, v, 4);
	return NLAB_P_OK;
}

/* An IGMPv3 report: ", N group record(s)", each with -v. */
static int report3(nlab_pctx *c, nlab_view v, uint32_t len)
{
	nlab_p_puts(c, "igmp v3 report");
	if (len < 16 || (len & 3)) {
		nlab_strbuf_printf(c->out, " [invalid len %u]", len);
		return NLAB_P_OK;
	}
	return nlab_p_mcast_records(c, v, len, 4);
}

/* An mtrace query or response: "mtrace 5: S to D reply-to R". */
static int mtrace(nlab_pctx *c, nlab_view v, uint32_t len, const char *name)
{
	if (len < 8 + 16) {
		nlab_strbuf_printf(c->out, " [invalid len %u]", len);
		return NLAB_P_OK;
	}
	if (!nlab_view_has(v, 8, 16))
		return NLAB_P_TRUNC;
	nlab_strbuf_printf(c->out, "%s %u: ", name, nlab_get24(v, 21));
	nlab_p_ip4(c, v, 8);
	nlab_p_puts(c, " to ");
	nlab_p_ip4(c, v, 12);
	nlab_p_puts(c, " reply-to ");
	nlab_p_ip4(c, v, 16);
	if ((nlab_get8(v, 16) & 0xf0) == 0xe0)
		nlab_strbuf_printf(c->out, " with-ttl %u", nlab_get8(v, 20));
	return NLAB_P_OK;
}

/* The message after its type byte was read. */
static int igmp_body(nlab_pctx *c, nlab_view v, uint32_t len, uint8_t type)
{
	int r;
	switch (type) {
	case 0x11:
		nlab_p_puts(c, "igmp query");
		return len >= 12 ? query3(c, v, len) : query12(c, v, len);
	case 0x12:
		r = group(c, v, "igmp v1 report ");
		if (r == NLAB_P_OK && len != 8)
			nlab_strbuf_printf(c->out, " [len %u]", len);
		return r;
	case 0x16:
		return group(c, v, "igmp v2 report ");
	case 0x17:
		return group(c, v, "igmp leave ");
	case 0x22:
		return report3(c, v, len);
	case 0x13:
		nlab_p_puts(c, "igmp dvmrp");
		if (len < 8) {
			nlab_strbuf_printf(c->out, " [len %u]", len);
			return NLAB_P_OK;
		}
		return nlab_p_dvmrp(c, v, len);
	case 0x14:
		nlab_p_puts(c, "igmp pimv1");
		return nlab_p_pimv1(c, v, len);
	case 0x1e:
		return mtrace(c, v, len, "mresp");
	case 0x1f:
		return mtrace(c, v, len, "mtrace");
	default:
		nlab_strbuf_printf(c->out, "igmp-%u", type);
		return NLAB_P_OK;
	}
}

int nlab_p_igmp(nlab_pctx *c, nlab_view v, uint32_t len)
{
	c->proto = "igmp";
	if (c->o->q) {
		nlab_p_puts(c, "igmp");
		return NLAB_P_OK;
	}
	if (!nlab_view_has(v, 0, 1))
		return NLAB_P_TRUNC;
	int r = igmp_body(c, v, len, nlab_get8(v, 0));
	if (r != NLAB_P_OK)
		return r;
	/* -v: a message whose checksum is wrong says so */
	if (c->o->v && len >= 4 && nlab_view_has(v, 0, len) && nlab_p_cksum(nlab_p_sum(v, 0, len, 0)))
		nlab_strbuf_printf(c->out, " bad igmp cksum %x!", nlab_get16(v, 2));
	return NLAB_P_OK;
}
