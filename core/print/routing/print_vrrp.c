/* print_vrrp.c - VRRP (IP protocol 112), versions 2 and 3, as tcpdump's
 * print-vrrp.c writes it: the router id, priority, interval, and under
 * -v a bad checksum, the addresses and a simple password. */
#include "print_priv.h"

/* -v: a bad checksum (v2 over the message, v3 with IP's pseudo-header). */
static void vrrp_cksum(nlab_pctx *c, nlab_view v, uint32_t len, nlab_view ip,
		       int version)
{
	if (!nlab_view_has(v, 0, len))
		return;
	uint16_t sum = version == 2 ? nlab_p_cksum(nlab_p_sum(v, 0, len, 0))
				    : nlab_p_l4_cksum(ip, v, len, 112);
	if (sum)
		nlab_strbuf_printf(c->out, ", (bad vrrp cksum %x)",
				   nlab_get16(v, 6));
}

/* -v: the addresses (v4 or v6 as the IP header) and v2's password. */
static int vrrp_addrs(nlab_pctx *c, nlab_view v, int ip6, int simple)
{
	unsigned n = nlab_get8(v, 3);
	size_t w = ip6 ? 16 : 4, off = 8;
	nlab_p_puts(c, ", addrs");
	if (n > 1)
		nlab_strbuf_printf(c->out, "(%u)", n);
	nlab_p_puts(c, ":");
	for (unsigned i = 0; i < n; i++, off += w) {
		if (!nlab_view_has(v, off, w))
			return NLAB_P_TRUNC;
		nlab_p_puts(c, i ? "," : " ");
		ip6 ? nlab_p_ip6addr(c, v, off) : nlab_p_ip4(c, v, off);
	}
	if (!simple)
		return NLAB_P_OK;
	nlab_p_puts(c, " auth \"");
	for (size_t i = 0; i < 8; i++) { /* nd_printjnp */
		if (!nlab_view_has(v, off + i, 1))
			return NLAB_P_TRUNC;
		uint8_t ch = nlab_get8(v, off + i);
		if (!ch)
			break;
		nlab_p_char(c, ch);
	}
	nlab_p_puts(c, "\"");
	return NLAB_P_OK;
}

int nlab_p_vrrp(nlab_pctx *c, nlab_view v, uint32_t len, nlab_view ip)
{
	c->proto = "vrrp";
	nlab_p_puts(c, "VRRP");
	if (!nlab_view_has(v, 0, 1))
		return NLAB_P_TRUNC;
	int ip6 = nlab_get8(ip, 0) >> 4 == 6;
	unsigned version = nlab_get8(v, 0) >> 4, type = nlab_get8(v, 0) & 15;
	unsigned ttl = nlab_get8(ip, ip6 ? 7 : 8);
	if (type == 1)
		nlab_strbuf_printf(c->out, "v%u, Advertisement", version);
	else
		nlab_strbuf_printf(c->out, "v%u, unknown type (%u)", version,
				   type);
	if (ttl != 255)
		nlab_strbuf_printf(c->out, ", (ttl %u)", ttl);
	if (version < 2 || version > 3 || type != 1)
		return NLAB_P_OK;
	if (!nlab_view_has(v, 1, 2))
		return NLAB_P_TRUNC;
	nlab_strbuf_printf(c->out, ", vrid %u, prio %u", nlab_get8(v, 1),
			   nlab_get8(v, 2));
	if (!nlab_view_has(v, 4, 1))
		return NLAB_P_TRUNC;
	uint8_t auth = nlab_get8(v, 4);
	if (version == 2) {
		static const char *n[] = {"none", "simple", "ah"};
		if (auth < 3)
			nlab_strbuf_printf(c->out, ", authtype %s", n[auth]);
		else
			nlab_strbuf_printf(c->out, ", authtype #%u", auth);
	}
	if (!nlab_view_has(v, 5, 1))
		return NLAB_P_TRUNC;
	if (version == 2)
		nlab_strbuf_printf(c->out, ", intvl %us, length %u",
				   nlab_get8(v, 5), len);
	else
		nlab_strbuf_printf(c->out, ", intvl %ucs, length %u",
				   (auth & 0x0fu) << 8 | nlab_get8(v, 5), len);
	if (!c->o->v)
		return NLAB_P_OK;
	if (!nlab_view_has(v, 3, 1))
		return NLAB_P_TRUNC;
	vrrp_cksum(c, v, len, ip, (int)version);
	return vrrp_addrs(c, v, ip6, version == 2 && auth == 1);
}
