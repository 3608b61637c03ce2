/* print_isis_tlv.c - IS-IS's TLVs as tcpdump's isis_print switch prints
 * each under -v: areas, neighbours, protocols, addresses, hostname,
 * authentication, LSP entries, adjacency state, restart signaling and
 * the rest; the reachability TLVs are print_isis_reach.c's, SPB's
 * sub-TLVs print_isis_spb.c's. A TLV tcpdump has no decoder for is
 * dumped in hex (with -v only: -vv dumps every TLV anyway). */
#include "osi_priv.h"

const char *nlab_isis_tlv_name(uint8_t t)
{
	switch (t) {
	case 1: return "Area address(es)";
	case 2: return "IS Reachability";
	case 3: return "ES Neighbor(s)";
	case 4: return "Partition DIS";
	case 5: return "Prefix Neighbors";
	case 6: return "IS Neighbor(s)";
	case 7: return "Instance Identifier";
	case 8: return "Padding";
	case 9: return "LSP entries";
	case 10: return "Authentication";
	case 12: return "Checksum";
	case 13: return "Purge Originator Identifier";
	case 14: return "LSP Buffersize";
	case 22: return "Extended IS Reachability";
	case 24: return "IS Alias ID";
	case 42: return "DECnet Phase IV";
	case 66: return "Lucent Proprietary";
	case 128: return "IPv4 Internal Reachability";
	case 129: return "Protocols supported";
	case 130: return "IPv4 External Reachability";
	case 131: return "Inter-Domain Information Type";
	case 132: return "IPv4 Interface address(es)";
	case 133: return "IPv4 authentication (deprecated)";
	case 134: return "Traffic Engineering Router ID";
	case 135: return "Extended IPv4 Reachability";
	case 137: return "Hostname";
	case 138: return "Shared Risk Link Group";
	case 143: return "Multi-Topology-Aware Port Capability";
	case 144: return "Multi-Topology Capability";
	case 176:
	case 177: return "Nortel Proprietary";
	case 211: return "Restart Signaling";
	case 222: return "Multi Topology IS Reachability";
	case 229: return "Multi Topology";
	case 232: return "IPv6 Interface address(es)";
	case 235: return "Multi-Topology IPv4 Reachability";
	case 236: return "IPv6 reachability";
	case 237: return "Multi-Topology IP6 Reachability";
	case 240: return "Point-to-point Adjacency State";
	case 241: return "Hello PDU Sequence Number";
	case 242: return "IS-IS Router Capability";
	case 250: return "Vendor Private";
	default: return NULL;
	}
}

/* 1: "Area address (length: 3): 49.000a" each. */
static int areas(isis_pdu *d, size_t off, unsigned len)
{
	while (len != 0) {
		OSI_NEED(d->p, off, 1);
		uint8_t alen = nlab_get8(d->p, off++);
		len--;
		if (len < alen)
			return NLAB_P_OK;
		OSI_NEED(d->p, off, alen);
		nlab_strbuf_printf(d->c->out, "\n\t      Area address (length: %u): ", alen);
		nlab_osi_nsap(d->c, d->p, off, alen);
		off += alen;
		len -= alen;
	}
	return NLAB_P_OK;
}

/* A list of LEN bytes of N-byte ids (6: SNPAs, 4: partition DIS),
 * each a line after WHAT. */
static int ids(isis_pdu *d, size_t off, unsigned len, const char *what)
{
	for (; len != 0; off += 6, len -= 6) {
		if (len < 6)
			return NLAB_P_OK;
		if (!nlab_view_has(d->p, off, 6))
			return NLAB_P_ETRUNC;
		nlab_p_puts(d->c, what);
		nlab_osi_id(d->c, d->p, off, 6);
	}
	return NLAB_P_OK;
}

/* 7: "Instance ID: 1, ITIDs(2): 3, 4". */
static int instance(isis_pdu *d, size_t off, unsigned len)
{
	if (len < 4)
		return NLAB_P_OK;
	unsigned n = (len - 2) / 2;
	OSI_NEED(d->p, off, 2);
	nlab_strbuf_printf(d->c->out, "\n\t      Instance ID: %u, ITIDs(%u)%s ",
			   nlab_get16(d->p, off), n, n ? ":" : "");
	for (unsigned i = 0; i < n; i++) {
		OSI_NEED(d->p, off + 2 + 2 * i, 2);
		nlab_p_u(d->c, nlab_get16(d->p, off + 2 + 2 * i));
		if (i < n - 1)
			nlab_p_puts(d->c, ", ");
	}
	return NLAB_P_OK;
}

/* 2: the virtual flag, then neighbours with their metric blocks; 3:
 * ES neighbours likewise (SIZE 11 or 10 bytes each). */
static int old_neighbors(isis_pdu *d, size_t off, unsigned len, int es)
{
	nlab_pctx *c = d->c;
	if (!es) {
		if (len < 1)
			return NLAB_P_OK;
		OSI_NEED(d->p, off, 1);
		uint8_t f = nlab_get8(d->p, off++);
		len--;
		if (f <= 1)
			nlab_strbuf_printf(c->out, "\n\t      %s", f ? "IsVirtual" : "IsNotVirtual");
		else
			nlab_strbuf_printf(c->out, "\n\t      bogus virtual flag 0x%02x", f);
	}
	unsigned size = es ? 10 : 11;
	for (; len != 0; off += size, len -= size) {
		if (len < size)
			return NLAB_P_OK;
		if (!nlab_view_has(d->p, off, size))
			return NLAB_P_ETRUNC;
		nlab_p_puts(c, es ? "\n\t      ES Neighbor: " : "\n\t      IS Neighbor: ");
		nlab_osi_id(c, d->p, off + 4, size - 4);
		nlab_isis_metrics(d, off);
	}
	return NLAB_P_OK;
}

/* 10: the authentication's type and value. */
static int auth(isis_pdu *d, size_t off, unsigned len)
{
	nlab_pctx *c = d->c;
	if (len < 1)
		return NLAB_P_OK;
	OSI_NEED(d->p, off, 1);
	uint8_t t = nlab_get8(d->p, off++);
	len--;
	switch (t) {
	case 1:
		nlab_p_puts(c, "\n\t      simple text password: ");
		return nlab_p_printjnp(c, d->p, off, len);
	case 54:
		nlab_p_puts(c, "\n\t      HMAC-MD5 password: ");
		for (unsigned i = 0; i < len; i++) {
			OSI_NEED(d->p, off + i, 1);
			nlab_strbuf_printf(c->out, "%02x", nlab_get8(d->p, off + i));
		}
		if (len != 16)
			nlab_p_puts(c, ", (invalid subTLV) ");
		nlab_p_puts(c, " (unchecked)"); /* no -M secret to check it with */
		return NLAB_P_OK;
	case 3:
		nlab_p_puts(c, "\n\t      Generic Crypto key-id: ");
		if (len < 2)
			return NLAB_P_OK;
		OSI_NEED(d->p, off, 2);
		nlab_strbuf_printf(c->out, "%u, password: ", nlab_get16(d->p, off));
		for (unsigned i = 2; i < len; i++) {
			OSI_NEED(d->p, off + i, 1);
			nlab_strbuf_printf(c->out, "%02x", nlab_get8(d->p, off + i));
		}
		return NLAB_P_OK;
	case 255:
		nlab_p_puts(c, "\n\t      Routing Domain private password: ");
		break;
	default:
		nlab_strbuf_printf(c->out, "\n\t      unknown Authentication type 0x%02x: ", t);
		break;
	}
	return nlab_p_unknown_data(c, d->p, off, len, "\n\t\t  ") ? NLAB_P_OK : OSI_FAIL;
}

/* 240: the point-to-point adjacency's state and circuit ids. */
static int ptp_adj(isis_pdu *d, size_t off, unsigned len)
{
	nlab_pctx *c = d->c;
	if (len >= 1) {
		OSI_NEED(d->p, off, 1);
		uint8_t s = nlab_get8(d->p, off);
		static const char *const n[] = {"Up", "Initializing", "Down"};
		nlab_strbuf_printf(c->out, "\n\t      Adjacency State: %s (%u)", s < 3 ? n[s] : "unknown",
				   s);
		len--;
	}
	if (len > 4) {
		OSI_NEED(d->p, off + 1, 4);
		nlab_strbuf_printf(c->out, "\n\t      Extended Local circuit-ID: 0x%08x",
				   nlab_get32(d->p, off + 1));
		len -= 4;
	}
	if (len >= 6) {
		if (!nlab_view_has(d->p, off + 5, 6))
			return NLAB_P_ETRUNC;
		nlab_p_puts(c, "\n\t      Neighbor System-ID: ");
		nlab_osi_id(c, d->p, off + 5, 6);
		len -= 6;
	}
	if (len >= 4) {
		OSI_NEED(d->p, off + 11, 4);
		nlab_strbuf_printf(c->out, "\n\t      Neighbor Extended Local circuit-ID: 0x%08x",
				   nlab_get32(d->p, off + 11));
	}
	return NLAB_P_OK;
}

/* 129: "NLPID(s): IPv4 (0xcc), IPv6 (0x8e)". */
static int protocols(isis_pdu *d, size_t off, unsigned len)
{
	nlab_p_puts(d->c, "\n\t      NLPID(s): ");
	for (; len != 0; off++, len--) {
		OSI_NEED(d->p, off, 1);
		uint8_t n = nlab_get8(d->p, off);
		nlab_strbuf_printf(d->c->out, "%s (0x%02x)", nlab_osi_nlpid_name(n, "unknown"), n);
		if (len > 1)
			nlab_p_puts(d->c, ", ");
	}
	return NLAB_P_OK;
}

/* 132 and 232: interface addresses, each a line. */
static int addresses(isis_pdu *d, size_t off, unsigned len, int six)
{
	unsigned n = six ? 16 : 4;
	for (; len != 0; off += n, len -= n) {
		if (len < n)
			return NLAB_P_OK;
		OSI_NEED(d->p, off, n);
		if (six) {
			nlab_p_puts(d->c, "\n\t      IPv6 interface address: ");
			nlab_p_ip6addr(d->c, d->p, off);
		} else {
			nlab_p_puts(d->c, "\n\t      IPv4 interface address: ");
			nlab_p_ip4(d->c, d->p, off);
		}
	}
	return NLAB_P_OK;
}

/* 138: a shared risk link group: neighbour, flags, addresses, ids. */
static int srlg(isis_pdu *d, size_t off, unsigned len)
{
	nlab_pctx *c = d->c;
	if (len < 7)
		return NLAB_P_OK;
	if (!nlab_view_has(d->p, off, 7))
		return NLAB_P_ETRUNC;
	nlab_p_puts(c, "\n\t      IS Neighbor: ");
	nlab_osi_id(c, d->p, off, 7);
	off += 7, len -= 7;
	if (len < 1)
		return NLAB_P_OK;
	OSI_NEED(d->p, off, 1);
	nlab_strbuf_printf(c->out, ", Flags: [%s]",
			   nlab_get8(d->p, off) & 1 ? "numbered" : "unnumbered");
	off++, len--;
	static const char *const what[] = {"\n\t      IPv4 interface address: ",
					   "\n\t      IPv4 neighbor address: "};
	for (int i = 0; i < 2; i++, off += 4, len -= 4) {
		if (len < 4)
			return NLAB_P_OK;
		OSI_NEED(d->p, off, 4);
		nlab_p_puts(c, what[i]);
		nlab_p_ip4(c, d->p, off);
	}
	for (; len != 0; off += 4, len -= 4) {
		if (len < 4)
			return NLAB_P_OK;
		OSI_NEED(d->p, off, 4);
		nlab_strbuf_printf(c->out, "\n\t      Link-ID: 0x%08x", nlab_get32(d->p, off));
	}
	return NLAB_P_OK;
}

/* 9: the LSP entries of a CSNP or PSNP, 16 bytes each. */
static int lsp_entries(isis_pdu *d, size_t off, unsigned len)
{
	nlab_pctx *c = d->c;
	for (; len != 0; off += 16, len -= 16) {
		if (len < 16)
			return NLAB_P_OK;
		if (!nlab_view_has(d->p, off + 9, 1))
			return NLAB_P_ETRUNC;
		nlab_p_puts(c, "\n\t      lsp-id: ");
		nlab_osi_id(c, d->p, off + 2, 8);
		OSI_NEED(d->p, off + 10, 4);
		nlab_strbuf_printf(c->out, ", seq: 0x%08x", nlab_get32(d->p, off + 10));
		nlab_strbuf_printf(c->out, ", lifetime: %5us", nlab_get16(d->p, off));
		OSI_NEED(d->p, off + 14, 2);
		nlab_strbuf_printf(c->out, ", chksum: 0x%04x", nlab_get16(d->p, off + 14));
	}
	return NLAB_P_OK;
}

/* 13: the purge originator and who it came from. */
static int poi(isis_pdu *d, size_t off, unsigned len)
{
	nlab_pctx *c = d->c;
	if (len < 1)
		return NLAB_P_OK;
	OSI_NEED(d->p, off, 1);
	uint8_t n = nlab_get8(d->p, off++);
	len--;
	if (n == 0) {
		nlab_p_puts(c, " No system IDs supplied");
		return NLAB_P_OK;
	}
	if (len < 6)
		return NLAB_P_OK;
	if (!nlab_view_has(d->p, off, 6))
		return NLAB_P_ETRUNC;
	nlab_p_puts(c, "\n\t      Purge Originator System-ID: ");
	nlab_osi_id(c, d->p, off, 6);
	off += 6, len -= 6;
	if (n > 1) {
		if (len < 6)
			return NLAB_P_OK;
		if (!nlab_view_has(d->p, off, 13))
			return NLAB_P_ETRUNC;
		nlab_p_puts(c, "\n\t      Received from System-ID: ");
		nlab_osi_id(c, d->p, off, 6);
	}
	return NLAB_P_OK;
}

/* 229: the topologies, 2 bytes each. */
static int mt_supported(isis_pdu *d, size_t off, unsigned len)
{
	while (len != 0) {
		if (len == 1) {
			nlab_p_puts(d->c, "\n\t      invalid MT-ID");
			break;
		}
		int r = nlab_isis_mtid(d, off, len);
		if (r)
			return r;
		off += 2, len -= 2;
	}
	return NLAB_P_OK;
}

/* 211: restart signaling's flags, holding time and system id. */
static int restart(isis_pdu *d, size_t off, unsigned len)
{
	nlab_pctx *c = d->c;
	static const nlab_bitname flags[] = {{0x1, "Restart Request"},
					     {0x2, "Restart Acknowledgement"},
					     {0x4, "Suppress adjacency advertisement"},
					     {0, NULL}};
	if (len < 1)
		return NLAB_P_OK;
	if (!nlab_view_has(d->p, off, 1))
		return NLAB_P_ETRUNC;
	nlab_p_puts(c, "\n\t      Flags [");
	nlab_p_bits(c, flags, nlab_get8(d->p, off), ", ", "none");
	nlab_p_puts(c, "]");
	off++, len--;
	if (len < 2)
		return NLAB_P_OK;
	if (!nlab_view_has(d->p, off, 2))
		return NLAB_P_ETRUNC;
	nlab_strbuf_printf(c->out, ", Remaining holding time %us", nlab_get16(d->p, off));
	off += 2, len -= 2;
	if (len == 6) {
		if (!nlab_view_has(d->p, off, 6))
			return NLAB_P_ETRUNC;
		nlab_p_puts(c, ", for ");
		nlab_osi_id(c, d->p, off, 6);
	}
	return NLAB_P_OK;
}

/* 131: the inter-domain information's type and value. */
static int idrp(isis_pdu *d, size_t off, unsigned len)
{
	nlab_pctx *c = d->c;
	if (len < 1)
		return NLAB_P_OK;
	OSI_NEED(d->p, off, 1);
	uint8_t t = nlab_get8(d->p, off++);
	len--;
	static const char *const n[] = {"Reserved", "Routing-Domain Specific", "AS Number Tag"};
	if (t < 3)
		nlab_strbuf_printf(c->out, "\n\t      Inter-Domain Information Type: %s", n[t]);
	else
		nlab_strbuf_printf(c->out, "\n\t      Inter-Domain Information Type: Unknown (0x%02x)",
				   t);
	if (t == 2) {
		if (len < 2)
			return NLAB_P_OK;
		OSI_NEED(d->p, off, 2);
		nlab_strbuf_printf(c->out, "AS Number: %u", nlab_get16(d->p, off));
		return NLAB_P_OK;
	}
	return nlab_p_unknown_data(c, d->p, off, len, "\n\t      ") ? NLAB_P_OK : OSI_FAIL;
}

/* 5: a metric block, then prefixes (lengths in semi-octets). */
static int prefix_neighbors(isis_pdu *d, size_t off, unsigned len)
{
	nlab_pctx *c = d->c;
	if (len < 4)
		return NLAB_P_OK;
	if (!nlab_view_has(d->p, off, 4))
		return NLAB_P_ETRUNC;
	nlab_p_puts(c, "\n\t      Metric Block");
	nlab_isis_metrics(d, off);
	off += 4, len -= 4;
	while (len != 0) {
		OSI_NEED(d->p, off, 1);
		uint8_t plen = nlab_get8(d->p, off++);
		len--;
		if (plen < 2) {
			nlab_strbuf_printf(c->out, "\n\t\tAddress: prefix length %u < 2", plen);
			break;
		}
		if (len < plen / 2u)
			break;
		OSI_NEED(d->p, off, plen / 2u);
		nlab_p_puts(c, "\n\t\tAddress: ");
		nlab_osi_nsap(c, d->p, off, plen / 2u);
		nlab_strbuf_printf(c->out, "/%u", plen * 4);
		off += plen / 2u, len -= plen / 2u;
	}
	return NLAB_P_OK;
}

/* 250: the vendor and its bytes. */
static int vendor(isis_pdu *d, size_t off, unsigned len)
{
	if (len < 3)
		return NLAB_P_OK;
	OSI_NEED(d->p, off, 3);
	uint32_t o = nlab_get24(d->p, off);
	const char *name = nlab_p_oui_name(o); /* tcpdump's oui_values */
	nlab_strbuf_printf(d->c->out, "\n\t      Vendor: %s (%u)", name ? name : "Unknown", o);
	if (len > 3 && !nlab_p_unknown_data(d->c, d->p, off + 3, len - 3, "\n\t\t"))
		return OSI_FAIL;
	return NLAB_P_OK;
}

/* 242: the router id, flags and sub-TLVs. */
static int router_cap(isis_pdu *d, size_t off, uint8_t len)
{
	nlab_pctx *c = d->c;
	static const nlab_bitname flags[] = {{0x01, "S bit"}, {0x02, "D bit"}, {0, NULL}};
	if (len < 5) {
		nlab_strbuf_printf(c->out, " [object length %u < 5] (invalid)", len);
		return NLAB_P_OK;
	}
	OSI_NEED(d->p, off, 4);
	nlab_p_puts(c, "\n\t      Router-ID ");
	nlab_p_ip4(c, d->p, off);
	OSI_NEED(d->p, off + 4, 1);
	nlab_p_puts(c, ", Flags [");
	nlab_p_bits(c, flags, nlab_get8(d->p, off + 4), ", ", "none");
	nlab_p_puts(c, "]");
	if (len > 5)
		return nlab_isis_router_cap(d, off + 5, (uint8_t)(len - 5));
	return NLAB_P_OK;
}

/* The reachability TLVs: entries until the TLV's LEN bytes end. */
static int reach_list(isis_pdu *d, uint8_t type, size_t off, unsigned len)
{
	uint8_t tlen = (uint8_t)len;
	if (type == 222 || type == 235 || type == 237) {
		int r = nlab_isis_mtid(d, off, tlen);
		if (r)
			return r;
		off += 2, tlen -= 2;
	}
	while (tlen != 0) {
		unsigned used = 0;
		int r;
		if (type == 22 || type == 24 || type == 222)
			r = nlab_isis_ext_is_reach(d, off, type, tlen, &used);
		else
			r = nlab_isis_extd_ip_reach(d, off, type == 236 || type == 237 ? 6 : 4,
						    &used);
		if (r)
			return r;
		if (used == 0)
			return NLAB_P_ETRUNC;
		if (tlen < used) {
			nlab_strbuf_printf(d->c->out, " [remaining tlv length %u < %u] (invalid)", tlen,
					   used);
			break;
		}
		tlen -= (uint8_t)used;
		off += (uint8_t)used;
	}
	return NLAB_P_OK;
}

/* A TLV of 2 or 4 bytes tcpdump prints as one number after WHAT. */
static int number(isis_pdu *d, size_t off, unsigned len, unsigned n, const char *what)
{
	if (len < n)
		return NLAB_P_OK;
	OSI_NEED(d->p, off, n);
	nlab_p_puts(d->c, what);
	nlab_p_u(d->c, n == 2 ? nlab_get16(d->p, off) : nlab_get32(d->p, off));
	return NLAB_P_OK;
}

/* The TLVs print_isis_reach.c and print_isis_spb.c print, and 12, 134,
 * 137: NLAB_P_OK with *DONE 0 for a type this is not for. */
static int more(isis_pdu *d, uint8_t type, size_t off, uint8_t len, int *done)
{
	nlab_pctx *c = d->c;
	*done = 1;
	switch (type) {
	case 22:
	case 24:
	case 222:
	case 135:
	case 235:
	case 236:
	case 237:
		return reach_list(d, type, off, len);
	case 128:
	case 130:
		return nlab_isis_ip_reach(d, off, len);
	case 143:
	case 144:
		if (len < 2)
			return NLAB_P_OK;
		OSI_NEED(d->p, off, 2);
		uint16_t w = nlab_get16(d->p, off);
		if (type == 143)
			nlab_strbuf_printf(c->out, "\n\t       RES: %u, MTID(s): %u", w >> 12, w & 0xfff);
		else
			nlab_strbuf_printf(c->out, "\n\t      O: %u, RES: %u, MTID(s): %u", (w >> 15) & 1,
					   (w >> 12) & 7, w & 0xfff);
		if (len > 2 && type == 143)
			return nlab_isis_spb_port_cap(d, off + 2, len - 2u);
		if (len > 2)
			return nlab_isis_spb_cap(d, off + 2, len - 2u);
		return NLAB_P_OK;
	case 134:
		if (len < 4)
			return NLAB_P_OK;
		OSI_NEED(d->p, off, 4);
		nlab_p_puts(c, "\n\t      Traffic Engineering Router ID: ");
		nlab_p_ip4(c, d->p, off);
		return NLAB_P_OK;
	case 137:
		nlab_p_puts(c, "\n\t      Hostname: ");
		return nlab_p_printjnp(c, d->p, off, len);
	case 12:
		if (len < 2)
			return NLAB_P_OK;
		if (!nlab_view_has(d->p, off, 2))
			return NLAB_P_ETRUNC;
		nlab_strbuf_printf(c->out, "\n\t      checksum: 0x%04x ", nlab_get16(d->p, off));
		nlab_osi_cksum(c, d->p, 0, nlab_get16(d->p, off), (int)off, d->length);
		return NLAB_P_OK;
	default:
		*done = 0;
		return NLAB_P_OK;
	}
}

int nlab_isis_tlv(isis_pdu *d, uint8_t type, size_t off, uint8_t len)
{
	switch (type) {
	case 1: return areas(d, off, len);
	case 2: return old_neighbors(d, off, len, 0);
	case 3: return old_neighbors(d, off, len, 1);
	case 4: return ids(d, off, len, "\n\t      ");
	case 5: return prefix_neighbors(d, off, len);
	case 6: return ids(d, off, len, "\n\t      SNPA: ");
	case 7: return instance(d, off, len);
	case 8: return NLAB_P_OK;
	case 9: return lsp_entries(d, off, len);
	case 10: return auth(d, off, len);
	case 13: return poi(d, off, len);
	case 14: return number(d, off, len, 2, "\n\t      LSP Buffersize: ");
	case 129: return protocols(d, off, len);
	case 131: return idrp(d, off, len);
	case 132: return addresses(d, off, len, 0);
	case 138: return srlg(d, off, len);
	case 211: return restart(d, off, len);
	case 229: return mt_supported(d, off, len);
	case 232: return addresses(d, off, len, 1);
	case 240: return ptp_adj(d, off, len);
	case 241: return number(d, off, len, 4, "\n\t      Sequence number: ");
	case 242: return router_cap(d, off, len);
	case 250: return vendor(d, off, len);
	default: break;
	}
	int done, r = more(d, type, off, len, &done);
	if (done)
		return r;
	if (d->c->o->v <= 1 && !nlab_p_unknown_data(d->c, d->p, off, len, "\n\t\t"))
		return OSI_FAIL;
	return NLAB_P_OK;
}
