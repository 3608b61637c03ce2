/* print_of10_port.c - OpenFlow 1.0's physical port description (in
 * FEATURES_REPLY and PORT_STATUS), PORT_MOD, and the queues of
 * QUEUE_GET_CONFIG_REPLY, as tcpdump's print-openflow-1.0.c writes them. */
#include "print_openflow.h"

/* Port config bits (ofppc_bm). */
static const nlab_bitname config_bits[] = {
	{1 << 0, "PORT_DOWN"}, {1 << 1, "NO_STP"},   {1 << 2, "NO_RECV"},
	{1 << 3, "NO_RECV_STP"}, {1 << 4, "NO_FLOOD"}, {1 << 5, "NO_FWD"},
	{1 << 6, "NO_PACKET_IN"}, {0, NULL}};
#define CONFIG_U (~0x7fU)

/* Port feature bits (ofppf_bm). */
static const nlab_bitname feature_bits[] = {
	{1 << 0, "10MB_HD"}, {1 << 1, "10MB_FD"},  {1 << 2, "100MB_HD"},
	{1 << 3, "100MB_FD"}, {1 << 4, "1GB_HD"},  {1 << 5, "1GB_FD"},
	{1 << 6, "10GB_FD"}, {1 << 7, "COPPER"},   {1 << 8, "FIBER"},
	{1 << 9, "AUTONEG"}, {1 << 10, "PAUSE"},   {1 << 11, "PAUSE_ASYM"},
	{0, NULL}};
#define FEATURE_U (~0xfffU)

/* "LEAD0x%08x (NAMES)" of the 32-bit bitmap at OFF of P. */
static int bitmap(nlab_pctx *c, nlab_view p, size_t off, const char *lead,
		  const nlab_bitname *t, uint32_t unassigned)
{
	OF_NEED(p, off, 4);
	uint32_t v = nlab_get32(p, off);
	nlab_strbuf_printf(c->out, "%s0x%08x", lead, v);
	nlab_of_bitmap(c, t, v, unassigned);
	return NLAB_P_OK;
}

/* The port state at OFF of P: its STP code point and link bit. */
static int state(nlab_pctx *c, nlab_view p, size_t off)
{
	static const char *const stp[] = {"STP_LISTEN", "STP_LEARN", "STP_FORWARD",
					  "STP_BLOCK"};
	OF_NEED(p, off, 4);
	uint32_t s = nlab_get32(p, off);
	nlab_strbuf_printf(c->out, "\n\t   state 0x%08x (%s%s)%s", s, stp[(s >> 8) & 3],
			   s & 1 ? ", LINK_DOWN" : "", s & ~0x301U ? " (bogus)" : "");
	return NLAB_P_OK;
}

/* Under -vv, a port's config, state and features (bytes 24 to 48). */
static int phy_port_detail(nlab_pctx *c, nlab_view p)
{
	if (bitmap(c, p, 24, "\n\t   config ", config_bits, CONFIG_U) ||
	    state(c, p, 28) ||
	    bitmap(c, p, 32, "\n\t   curr ", feature_bits, FEATURE_U) ||
	    bitmap(c, p, 36, "\n\t   advertised ", feature_bits, FEATURE_U) ||
	    bitmap(c, p, 40, "\n\t   supported ", feature_bits, FEATURE_U) ||
	    bitmap(c, p, 44, "\n\t   peer ", feature_bits, FEATURE_U))
		return NLAB_P_TRUNC;
	return NLAB_P_OK;
}

int nlab_of10_phy_port(nlab_pctx *c, nlab_view p)
{
	OF_NEED(p, 0, 2);
	nlab_p_puts(c, "\n\t  port_no ");
	nlab_of10_port(c, nlab_get16(p, 0));
	OF_NEED(p, 2, 6);
	nlab_p_puts(c, ", hw_addr ");
	nlab_p_mac(c, p, 2, 6);
	if (nlab_of_text(c, p, 8, 16, ", name ") != NLAB_P_OK)
		return NLAB_P_TRUNC;
	if (c->o->v < 2)
		return nlab_of_tcheck(p, 48);
	return phy_port_detail(c, p);
}

int nlab_of10_port_mod(nlab_pctx *c, nlab_view p, uint32_t len)
{
	(void)len; /* fixed: 24 */
	OF_NEED(p, 0, 2);
	nlab_p_puts(c, "\n\t port_no ");
	nlab_of10_port(c, nlab_get16(p, 0));
	OF_NEED(p, 2, 6);
	nlab_p_puts(c, ", hw_addr ");
	nlab_p_mac(c, p, 2, 6);
	if (bitmap(c, p, 8, "\n\t config ", config_bits, CONFIG_U) ||
	    bitmap(c, p, 12, "\n\t mask ", config_bits, CONFIG_U) ||
	    bitmap(c, p, 16, "\n\t advertise ", feature_bits, FEATURE_U))
		return NLAB_P_TRUNC;
	return nlab_of_tcheck(p, 24);
}

/* A queue property's body after its 8-byte header: MIN_RATE's rate. */
static int min_rate(nlab_pctx *c, nlab_view p)
{
	OF_NEED(p, 8, 2);
	uint16_t rate = nlab_get16(p, 8);
	if (rate > 1000)
		nlab_p_puts(c, ", rate disabled");
	else
		nlab_strbuf_printf(c->out, ", rate %u.%u%%", rate / 10, rate % 10);
	return nlab_of_tcheck(p, 16);
}

/* The properties of a queue, LEN bytes at P (-vv). */
static int queue_props(nlab_pctx *c, nlab_view p, uint32_t len)
{
	size_t off = 0;
	while (len) {
		nlab_view q = nlab_view_from(p, off);
		if (len < 8)
			return nlab_of_invalid(c, q, len);
		OF_NEED(q, 0, 2);
		uint16_t prop = nlab_get16(q, 0);
		if (prop <= 1)
			nlab_strbuf_printf(c->out, "\n\t   property %s", prop ? "MIN_RATE" : "NONE");
		else
			nlab_strbuf_printf(c->out, "\n\t   property invalid (0x%04x)", prop);
		OF_NEED(q, 2, 2);
		uint16_t plen = nlab_get16(q, 2);
		nlab_strbuf_printf(c->out, ", len %u", plen);
		if (plen < 8 || plen > len)
			return nlab_of_invalid(c, nlab_view_from(q, 4), len - 4);
		OF_NEED(q, 4, 4);
		int bogus = prop == 0 ? plen != 8 : prop == 1 ? plen != 16 : 0;
		if (bogus)
			nlab_p_puts(c, " (bogus)");
		int r = prop == 1 && !bogus ? min_rate(c, q) : nlab_of_tcheck(q, plen);
		if (r != NLAB_P_OK)
			return r;
		off += plen, len -= plen;
	}
	return NLAB_P_OK;
}

int nlab_of10_queues(nlab_pctx *c, nlab_view p, uint32_t len)
{
	size_t off = 0;
	while (len) {
		nlab_view q = nlab_view_from(p, off);
		if (len < 8)
			return nlab_of_invalid(c, q, len);
		OF_NEED(q, 0, 4);
		nlab_strbuf_printf(c->out, "\n\t  queue_id %u", nlab_get32(q, 0));
		OF_NEED(q, 4, 2);
		uint16_t dlen = nlab_get16(q, 4);
		nlab_strbuf_printf(c->out, ", len %u", dlen);
		if (dlen < 8 || dlen > len)
			return nlab_of_invalid(c, nlab_view_from(q, 6), len - 6);
		OF_NEED(q, 6, 2);
		nlab_view props = nlab_view_from(q, 8);
		int r = c->o->v >= 2 ? queue_props(c, props, dlen - 8U)
				     : nlab_of_tcheck(props, dlen - 8U);
		if (r != NLAB_P_OK)
			return r;
		off += dlen, len -= dlen;
	}
	return NLAB_P_OK;
}
