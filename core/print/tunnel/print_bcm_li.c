/* print_bcm_li.c - Broadcom's lawful intercept shim (UDP from port
 * 49152), as tcpdump's print-bcm-li.c writes it: "BCM-LI-SHIM:
 * direction ingress, pkt-type ipv4, ..., li-id 66666", and under -v the
 * packet it carries (Ethernet, IPv4, IPv6, or by its version nibble). */
#include "print_priv.h"

/* Name I of the N names T (NULL for none), or "unknown". */
static const char *tok(const char *const *t, unsigned n, unsigned i)
{
	return i < n && t[i] ? t[i] : "unknown";
}

/* The carried packet of LEN bytes at V, of the shim's PKT_TYPE. */
static int payload(nlab_pctx *c, nlab_view v, uint32_t len, unsigned type)
{
	switch (type) {
	case 7: return nlab_p_inner_ether(c, v, len);
	case 5: return nlab_p_ip(c, v, len);
	case 6: return nlab_p_ip6(c, v, len);
	case 4: /* undecided: the IP version nibble says */
		if (!nlab_view_has(v, 0, 1))
			return NLAB_P_TRUNC;
		if (nlab_get8(v, 0) >> 4 == 4)
			return nlab_p_ip(c, v, len);
		if (nlab_get8(v, 0) >> 4 == 6)
			return nlab_p_ip6(c, v, len);
		nlab_p_puts(c, "unknown payload");
		return NLAB_P_OK;
	default:
		nlab_p_puts(c, " (invalid)");
		return NLAB_P_OK;
	}
}

int nlab_p_bcm_li(nlab_pctx *c, nlab_view v, uint32_t len)
{
	static const char *const dir[] = {NULL, "unused", "egress", "ingress"};
	static const char *const type[] = {NULL, NULL, NULL, NULL, "undecided", "ipv4", "ipv6",
					   "ethernet"};
	static const char *const sub[] = {NULL, "single VLAN tag", "double VLAN tag", "untagged"};
	c->proto = "bcm_li";
	if (len < 4) {
		nlab_strbuf_printf(c->out, " (length %u < 4) (invalid)", len);
		return NLAB_P_OK;
	}
	if (!nlab_view_has(v, 0, 4))
		return NLAB_P_TRUNC;
	uint32_t shim = nlab_get32(v, 0);
	unsigned t = (shim >> 25) & 0xf;
	const char *nl = c->o->v ? "\n    " : "";
	nlab_strbuf_printf(c->out,
			   "%sBCM-LI-SHIM: direction %s, pkt-type %s, pkt-subtype %s, li-id %u%s",
			   nl, tok(dir, 4, shim >> 29), tok(type, 8, t),
			   tok(sub, 4, (shim >> 22) & 7), shim & 0x3fffff, nl);
	if (!c->o->v) /* tcpdump checks the rest was captured */
		return nlab_view_has(v, 4, len - 4) ? NLAB_P_OK : NLAB_P_TRUNC;
	return payload(c, nlab_view_from(v, 4), len - 4, t);
}
