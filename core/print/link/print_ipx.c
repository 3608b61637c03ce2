/* print_ipx.c - Novell's IPX (EtherType 0x8137, 802.2 SAP 0xe0, raw
 * 802.3), as tcpdump's print-ipx.c writes it: "IPX 00000000.00:01:02:
 * 03:04:05.0452 > ...: ipx-sap-resp 0004 'NAME' addr ...", its SAP and
 * RIP messages, the sockets' names, EIGRP over IPX. */
#include "print_priv.h"

enum { IPX_HDR = 30 };

/* "0000abcd.00:01:02:03:04:05.0452" of the address (net, node, socket)
 * at OFF of V, all of it captured (ipxaddr_string and the socket). */
static void put_addr(nlab_pctx *c, nlab_view v, size_t off, int socket)
{
	nlab_strbuf_printf(c->out, "%08x.", nlab_get32(v, off));
	nlab_p_mac(c, v, off + 4, 6);
	if (socket)
		nlab_strbuf_printf(c->out, ".%04x", nlab_get16(v, off + 10));
}

/* A SAP message's entries (ipx_sap_print, up to 8) from OFF of V, LEFT
 * bytes: NLAB_P_OK, -1 when invalid, NLAB_P_TRUNC. */
static int sap_entries(nlab_pctx *c, nlab_view v, size_t off, uint32_t left)
{
	for (int i = 0; i < 8 && left != 0; i++) {
		if (!nlab_view_has(v, off, 2))
			return NLAB_P_TRUNC;
		if (left < 2)
			return -1;
		nlab_strbuf_printf(c->out, " %04x '", nlab_get16(v, off));
		off += 2, left -= 2;
		if (left < 48) {
			nlab_p_puts(c, "'");
			return -1;
		}
		for (size_t k = 0; k < 48; k++) { /* nd_printjnp */
			if (!nlab_view_has(v, off + k, 1))
				return NLAB_P_TRUNC;
			if (nlab_get8(v, off + k) == 0)
				break;
			nlab_p_char(c, nlab_get8(v, off + k));
		}
		nlab_p_puts(c, "'");
		off += 48, left -= 48;
		if (!nlab_view_has(v, off, 10))
			return NLAB_P_TRUNC;
		if (left < 10)
			return -1;
		nlab_p_puts(c, " addr ");
		put_addr(c, v, off, 0);
		off += 10, left -= 10;
		if (!nlab_view_has(v, off, 4))
			return NLAB_P_TRUNC;
		if (left < 4)
			return -1;
		off += 4, left -= 4;
	}
	return NLAB_P_OK;
}

/* A SAP message of LEN bytes at OFF of V (ipx_sap_print). */
static int sap(nlab_pctx *c, nlab_view v, size_t off, uint32_t len)
{
	if (!nlab_view_has(v, off, 2))
		return NLAB_P_TRUNC;
	uint16_t cmd = nlab_get16(v, off);
	if (len < 2) {
		nlab_strbuf_printf(c->out, " [length %u < 2]", len);
		return -1;
	}
	switch (cmd) {
	case 1:
	case 3:
		nlab_p_puts(c,
			    cmd == 1 ? "ipx-sap-req" : "ipx-sap-nearest-req");
		if (!nlab_view_has(v, off + 2, 2))
			return NLAB_P_TRUNC;
		nlab_strbuf_printf(c->out, " %04x", nlab_get16(v, off + 2));
		return NLAB_P_OK;
	case 2:
	case 4:
		nlab_p_puts(c,
			    cmd == 2 ? "ipx-sap-resp" : "ipx-sap-nearest-resp");
		return sap_entries(c, v, off + 2, len - 2);
	default:
		nlab_strbuf_printf(c->out, "ipx-sap-?%x", cmd);
		return NLAB_P_OK;
	}
}

/* A RIP message of LEN bytes at OFF of V (ipx_rip_print): its routes,
 * " net/hops.ticks", up to 50. */
static int rip(nlab_pctx *c, nlab_view v, size_t off, uint32_t len)
{
	if (!nlab_view_has(v, off, 2))
		return NLAB_P_TRUNC;
	uint16_t cmd = nlab_get16(v, off);
	if (len < 2) {
		nlab_strbuf_printf(c->out, " [length %u < 2]", len);
		return -1;
	}
	if (cmd != 1 && cmd != 2) {
		nlab_strbuf_printf(c->out, "ipx-rip-?%x", cmd);
		return NLAB_P_OK;
	}
	nlab_p_puts(c, cmd == 1 ? "ipx-rip-req" : "ipx-rip-resp");
	off += 2, len -= 2;
	for (int i = 0; i < (cmd == 1 ? 1 : 50) && len != 0;
	     i++, off += 8, len -= 8) {
		if (len < 8)
			return -1;
		if (!nlab_view_has(v, off, 8))
			return NLAB_P_TRUNC;
		nlab_strbuf_printf(c->out, " %08x/%u.%u", nlab_get32(v, off),
				   nlab_get16(v, off + 4),
				   nlab_get16(v, off + 6));
	}
	return NLAB_P_OK;
}

/* What the packet to socket SKT carries, LEN bytes after the header. */
static int decode(nlab_pctx *c, nlab_view v, uint16_t skt, uint32_t len)
{
	switch (skt) {
	case 0x0451:
		nlab_strbuf_printf(c->out, "ipx-ncp %u", len);
		return NLAB_P_OK;
	case 0x0452:
		return sap(c, v, IPX_HDR, len);
	case 0x0453:
		return rip(c, v, IPX_HDR, len);
	case 0x0455:
		nlab_strbuf_printf(c->out, "ipx-netbios %u", len);
		return NLAB_P_OK;
	case 0x0456:
		nlab_strbuf_printf(c->out, "ipx-diags %u", len);
		return NLAB_P_OK;
	case 0x0553:
		nlab_strbuf_printf(c->out, "ipx-nwlink-dgm %u", len);
		return NLAB_P_OK;
	case 0x85be:
		return nlab_p_eigrp(c, nlab_view_from(v, IPX_HDR), len);
	default:
		nlab_strbuf_printf(c->out, "ipx-#%x %u", skt, len);
		return NLAB_P_OK;
	}
}

int nlab_p_ipx(nlab_pctx *c, nlab_view v, uint32_t len)
{
	(void)len; /* tcpdump takes the length from the IPX header */
	c->proto = "ipx";
	if (!c->o->e)
		nlab_p_puts(c, "IPX ");
	if (!nlab_view_has(v, 18, 12))
		return NLAB_P_TRUNC;
	put_addr(c, v, 18, 1);
	nlab_p_puts(c, " > ");
	put_addr(c, v, 6, 1);
	nlab_p_puts(c, ": ");
	uint16_t n = nlab_get16(v, 2);
	if (n < IPX_HDR) {
		nlab_strbuf_printf(c->out, "[length %u < %u] (invalid)", n,
				   IPX_HDR);
		return NLAB_P_OK;
	}
	int r = decode(c, v, nlab_get16(v, 16), n - IPX_HDR);
	if (r < 0) {
		nlab_p_puts(c, " (invalid)");
		return NLAB_P_OK;
	}
	return r;
}
