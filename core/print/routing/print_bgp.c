/* print_bgp.c - BGP (TCP port 179), as tcpdump's print-bgp.c writes it:
 * ": BGP", and under -v each message of the segment: OPEN with its
 * capabilities, UPDATE with withdrawn routes, path attributes and NLRI,
 * NOTIFICATION, KEEPALIVE, ROUTE-REFRESH (attributes in
 * print_bgp_update.c and print_bgp_mp.c). */
#include "print_priv.h"

/* tcpdump's af_values; UNKNOWN for the rest ("Unknown", or
 * bgp_mp_af_print's "Unknown AFI"). */
const char *nlab_p_bgp_af_name(uint16_t af, const char *unknown)
{
	static const char *const n[] = {"Reserved", "IPv4", "IPv6", "NSAP", "HDLC", "BBN 1822",
					"802", "E.163", "E.164", "F.69", "X.121", "Novell IPX",
					"Appletalk", "Decnet IV", "Banyan Vines",
					"E.164 with NSAP subaddress"};
	if (af < 16)
		return n[af];
	return af == 25 ? "VPLS" : af == 196 ? "Layer-2 VPN" : unknown;
}

/* tcpdump's bgp_safi_values; UNKNOWN as for nlab_p_bgp_af_name. */
const char *nlab_p_bgp_safi_name(uint8_t s, const char *unknown)
{
	static const char *const n[] = {"Reserved", "Unicast", "Multicast", "Unicast+Multicast",
					"labeled Unicast", "Multicast VPN"};
	if (s < 6)
		return n[s];
	switch (s) {
	case 64: return "Tunnel";
	case 65: return "VPLS";
	case 66: return "MDT";
	case 70: return "EVPN";
	case 128: return "labeled VPN Unicast";
	case 129: return "labeled VPN Multicast";
	case 130: return "labeled VPN Unicast+Multicast";
	case 132: return "Route Target Routing Information";
	default: return unknown;
	}
}

/* "AFI IPv4 (1), SAFI Unicast (1)" of the AFI at OFF and the SAFI at
 * OFF + SAFI_AT. */
static void afi_safi(nlab_pctx *c, nlab_view v, size_t off, size_t safi_at)
{
	uint16_t af = nlab_get16(v, off);
	uint8_t s = nlab_get8(v, off + safi_at);
	nlab_strbuf_printf(c->out, "AFI %s (%u), SAFI %s (%u)", nlab_p_bgp_af_name(af, "Unknown"), af,
			   nlab_p_bgp_safi_name(s, "Unknown"), s);
}

/* tcpdump's bgp_capcode_values. */
static const char *cap_name(uint8_t t)
{
	static const char *const n[] = {NULL, "Multiprotocol Extensions", "Route Refresh",
					"Cooperative Route Filtering",
					"Multiple Routes to a Destination",
					"Extended Next Hop Encoding", NULL, NULL, "Multiple Labels"};
	if (t < 9)
		return n[t] ? n[t] : "Unknown";
	switch (t) {
	case 64: return "Graceful Restart";
	case 65: return "32-Bit AS Number";
	case 67: return "Dynamic Capability";
	case 68: return "Multisession BGP";
	case 69: return "Multiple Paths";
	case 70: return "Enhanced Route Refresh";
	case 71: return "Long-lived Graceful Restart";
	case 128: return "Route Refresh (Cisco)";
	default: return "Unknown";
	}
}

/* The per-family entries of a capability: N bytes at OFF, 4 each, as
 * KIND (8: multiple labels, 64: graceful restart, 69: add-path). */
static void cap_families(nlab_pctx *c, nlab_view v, size_t off, uint32_t n, int kind)
{
	static const char *const sr[] = {NULL, "Receive", "Send", "Both"};
	for (; n >= 4; n -= 4, off += 4) {
		uint8_t last = nlab_get8(v, off + 3);
		nlab_p_puts(c, kind == 64 ? "\n\t\t  " : "\n\t\t");
		afi_safi(c, v, off, 2);
		if (kind == 8)
			nlab_strbuf_printf(c->out, ", Count: %u", last);
		else if (kind == 64)
			nlab_strbuf_printf(c->out, ", Forwarding state preserved: %s",
					   last & 0x80 ? "yes" : "no");
		else if (last >= 1 && last <= 3)
			nlab_strbuf_printf(c->out, ", Send/Receive: %s", sr[last]);
		else
			nlab_strbuf_printf(c->out, ", Send/Receive: Bogus (0x%02x)", last);
	}
	if (kind == 69 && n)
		nlab_p_puts(c, " (invalid)");
}

/* One capability's value (type T, LEN bytes at OFF); 0 when tcpdump
 * gives up on the rest of them. */
static int cap_value(nlab_pctx *c, nlab_view v, size_t off, uint8_t t, uint8_t len)
{
	switch (t) {
	case 1: case 65:
		if (len < 4) {
			nlab_p_puts(c, " (too short, < 4)");
			return 0;
		}
		if (t == 1) {
			nlab_p_puts(c, "\n\t\t");
			afi_safi(c, v, off, 3);
		} else {
			nlab_strbuf_printf(c->out, "\n\t\t 4 Byte AS %u", nlab_get32(v, off));
		}
		return 1;
	case 8:
		cap_families(c, v, off, len, 8);
		return 1;
	case 64:
		if (len < 2) {
			nlab_p_puts(c, " (too short, < 2)");
			return 0;
		}
		nlab_strbuf_printf(c->out, "\n\t\tRestart Flags: [%s], Restart Time %us",
				   nlab_get8(v, off) & 0x80 ? "R" : "none", nlab_get16(v, off) & 0xfff);
		cap_families(c, v, off + 2, len - 2u, 64);
		return 1;
	case 2: case 71: case 128:
		return 1;
	case 69:
		if (len == 0)
			nlab_p_puts(c, " (bogus)");
		else
			cap_families(c, v, off, len, 69);
		return 1;
	default:
		nlab_strbuf_printf(c->out, "\n\t\tno decoder for Capability %u", t);
		if (c->o->v <= 1)
			nlab_p_hexdump(c, v, off, len, "\n\t\t");
		return 1;
	}
}

/* The capabilities of an OPEN's option: LEN bytes at OFF. */
static int capabilities(nlab_pctx *c, nlab_view v, size_t off, uint32_t len)
{
	for (uint32_t i = 0; i < len;) {
		if (!nlab_view_has(v, off + i, 2))
			return NLAB_P_ETRUNC;
		uint8_t t = nlab_get8(v, off + i), l = nlab_get8(v, off + i + 1);
		nlab_strbuf_printf(c->out, "\n\t      %s (%u), length: %u", cap_name(t), t, l);
		if (!nlab_view_has(v, off + i + 2, l))
			return NLAB_P_ETRUNC;
		if (!cap_value(c, v, off + i + 2, t, l))
			return NLAB_P_OK;
		if (c->o->v > 1 && l)
			nlab_p_hexdump(c, v, off + i + 2, l, "\n\t\t");
		i += 2u + l;
	}
	return NLAB_P_OK;
}

/* An OPEN message of LEN bytes at V (from its marker). */
static int bgp_open(nlab_pctx *c, nlab_view v, uint32_t len)
{
	if (!nlab_view_has(v, 0, 29) || len < 29)
		return NLAB_P_ETRUNC;
	nlab_strbuf_printf(c->out, "\n\t  Version %u, my AS %u, Holdtime %us, ID ", nlab_get8(v, 19),
			   nlab_get16(v, 20), nlab_get16(v, 22));
	nlab_p_ip4(c, v, 24);
	uint32_t optlen = nlab_get8(v, 28);
	nlab_strbuf_printf(c->out, "\n\t  Optional parameters, length: %u", optlen);
	len -= 29;
	for (uint32_t i = 0; i < optlen;) {
		if (!nlab_view_has(v, 29 + i, 2) || len < 2 + i)
			return NLAB_P_ETRUNC;
		uint8_t t = nlab_get8(v, 29 + i), l = nlab_get8(v, 30 + i);
		if (2 + i + l > optlen) {
			nlab_strbuf_printf(c->out, "\n\t     Option %u, length: %u, goes past the end of the options",
					   t, l);
			break;
		}
		nlab_strbuf_printf(c->out, "\n\t    Option %s (%u), length: %u",
				   t == 1 ? "Authentication Information" : t == 2 ? "Capabilities Advertisement"
				   : "Unknown", t, l);
		if (t == 2) {
			if (capabilities(c, v, 31 + i, l) != NLAB_P_OK)
				nlab_p_trunc(c);
		} else {
			nlab_strbuf_printf(c->out, "\n\t      no decoder for option %u", t);
		}
		i += 2u + l;
	}
	return NLAB_P_OK;
}

/* tcpdump's bgp_notify_*_values: the name of subcode MINOR of MAJOR. */
static const char *minor_name(uint8_t major, uint8_t minor)
{
	static const char *const msg[] = {NULL, "Connection Not Synchronized",
					  "Bad Message Length", "Bad Message Type"};
	static const char *const open[] = {NULL, "Unsupported Version Number", "Bad Peer AS",
					   "Bad BGP Identifier", "Unsupported Optional Parameter",
					   "Authentication Failure", "Unacceptable Hold Time",
					   "Capability Message Error"};
	static const char *const update[] = {
		NULL, "Malformed Attribute List", "Unrecognized Well-known Attribute",
		"Missing Well-known Attribute", "Attribute Flags Error", "Attribute Length Error",
		"Invalid ORIGIN Attribute", "AS Routing Loop", "Invalid NEXT_HOP Attribute",
		"Optional Attribute Error", "Invalid Network Field", "Malformed AS_PATH"};
	static const char *const fsm[] = {"Unspecified Error", "In OpenSent State",
					  "In OpenConfirm State", "In Established State"};
	static const char *const cease[] = {
		NULL, "Maximum Number of Prefixes Reached", "Administrative Shutdown",
		"Peer Unconfigured", "Administrative Reset", "Connection Rejected",
		"Other Configuration Change", "Connection Collision Resolution"};
	static const char *const cap[] = {NULL, "Invalid Action Value", "Invalid Capability Length",
					  "Malformed Capability Value", "Unsupported Capability Code"};
	const char *n = NULL;
	switch (major) {
	case 1: n = minor < 4 ? msg[minor] : NULL; break;
	case 2: n = minor < 8 ? open[minor] : NULL; break;
	case 3: n = minor < 12 ? update[minor] : NULL; break;
	case 5: n = minor < 4 ? fsm[minor] : NULL; break;
	case 6: n = minor < 8 ? cease[minor] : NULL; break;
	case 7: n = minor < 5 ? cap[minor] : NULL; break;
	}
	return n ? n : "Unknown";
}

/* A cease's data: the maximum prefixes, or a shutdown communication and
 * what follows it (LEN: the message's length). */
static int cease_data(nlab_pctx *c, nlab_view v, uint32_t len, uint8_t minor)
{
	if (minor == 1 && len >= 28) {
		if (!nlab_view_has(v, 21, 7))
			return NLAB_P_TRUNC;
		nlab_p_puts(c, ", ");
		afi_safi(c, v, 21, 2);
		nlab_strbuf_printf(c->out, ", Max Prefixes: %u", nlab_get32(v, 24));
	}
	if ((minor != 2 && minor != 4) || len < 22)
		return NLAB_P_OK;
	if (!nlab_view_has(v, 21, 1))
		return NLAB_P_TRUNC;
	uint8_t n = nlab_get8(v, 21);
	uint32_t rest = 0;
	if (n > len - 22) {
		nlab_p_puts(c, ", invalid Shutdown Communication length");
	} else if (n == 0) {
		nlab_p_puts(c, ", empty Shutdown Communication");
		rest = 1;
	} else {
		nlab_strbuf_printf(c->out, ", Shutdown Communication (length: %u): \"", n);
		if (nlab_p_printn(c, v, 22, n))
			return NLAB_P_TRUNC;
		nlab_p_puts(c, "\"");
		rest = n + 1u;
	}
	if (len - (rest + 21) > 0) {
		nlab_strbuf_printf(c->out, ", Data: (length: %u)", len - (rest + 21));
		nlab_p_hexdump(c, v, 21 + rest, len - (rest + 21), "\n\t\t");
	}
	return NLAB_P_OK;
}

/* A NOTIFICATION of LEN bytes: the error, its subcode and data. */
static int notification(nlab_pctx *c, nlab_view v, uint32_t len)
{
	static const char *const major[] = {NULL, "Message Header Error", "OPEN Message Error",
					    "UPDATE Message Error", "Hold Timer Expired",
					    "Finite State Machine Error", "Cease",
					    "Capability Message Error"};
	if (!nlab_view_has(v, 0, 21))
		return NLAB_P_ETRUNC;
	if (len < 21)
		return NLAB_P_OK;
	uint8_t ma = nlab_get8(v, 19), mi = nlab_get8(v, 20);
	nlab_strbuf_printf(c->out, ", %s (%u)", ma >= 1 && ma <= 7 ? major[ma] : "Unknown Error", ma);
	if (ma == 4 || ma < 1 || ma > 7)
		return NLAB_P_OK;
	nlab_strbuf_printf(c->out, ma == 5 || ma == 7 ? " subcode %s (%u)" : ", subcode %s (%u)",
			   minor_name(ma, mi), mi);
	return ma == 6 ? cease_data(c, v, len, mi) : NLAB_P_OK;
}

/* A ROUTE-REFRESH of LEN bytes: its family (-vv: the message in hex). */
static int route_refresh(nlab_pctx *c, nlab_view v, uint32_t len)
{
	if (!nlab_view_has(v, 0, 23))
		return NLAB_P_ETRUNC;
	if (len < 23)
		return NLAB_P_OK;
	nlab_p_puts(c, "\n\t  ");
	afi_safi(c, v, 19, 3);
	if (c->o->v > 1) {
		if (!nlab_view_has(v, 0, len))
			return NLAB_P_ETRUNC;
		nlab_p_hexdump(c, v, 0, len, "\n\t  ");
	}
	return NLAB_P_OK;
}

/* One message of LEN bytes (all captured) at V; NLAB_P_TRUNC ends the
 * segment's walk. */
static int pdu(nlab_pctx *c, nlab_view v, uint32_t len)
{
	static const char *const names[] = {NULL, "Open", "Update", "Notification", "Keepalive",
					    "Route Refresh"};
	uint8_t t = nlab_get8(v, 18);
	nlab_strbuf_printf(c->out, "\n\t%s Message (%u), length: %u",
			   t >= 1 && t <= 5 ? names[t] : "Unknown", t, len);
	int r = NLAB_P_OK;
	switch (t) {
	case 1: r = bgp_open(c, v, len); break;
	case 2: r = nlab_p_bgp_update(c, v, len); break;
	case 3: r = notification(c, v, len); break;
	case 4: break;
	case 5: r = route_refresh(c, v, len); break;
	default:
		nlab_strbuf_printf(c->out, "\n\t  no Message %u decoder", t);
		nlab_p_hexdump(c, v, 0, len, "\n\t  ");
	}
	if (r == NLAB_P_ETRUNC) /* the message's own nd_print_trunc */
		nlab_p_trunc(c);
	return r == NLAB_P_TRUNC ? r : NLAB_P_OK;
}

/* Whether the 16 bytes at OFF of V are the all-ones marker. */
static int marker(nlab_view v, size_t off)
{
	for (size_t i = 0; i < 16; i++)
		if (nlab_get8(v, off + i) != 0xff)
			return 0;
	return 1;
}

int nlab_p_bgp(nlab_pctx *c, nlab_view v, uint32_t len)
{
	static const char *const names[] = {NULL, "Open", "Update", "Notification", "Keepalive",
					    "Route Refresh"};
	(void)len;
	c->proto = "bgp";
	nlab_p_puts(c, ": BGP");
	if (!c->o->v)
		return NLAB_P_OK;
	size_t p = 0, start = 0;
	while (p < v.len) {
		if (nlab_get8(v, p) != 0xff) {
			p++;
			continue;
		}
		if (!nlab_view_has(v, p, 16))
			break;
		if (!marker(v, p)) {
			p++;
			continue;
		}
		if (!nlab_view_has(v, p, 19))
			return NLAB_P_TRUNC;
		if (start != p)
			nlab_p_trunc(c);
		uint16_t hlen = nlab_get16(v, p + 16);
		if (hlen < 19) {
			nlab_strbuf_printf(c->out, "\nmessage length %u < 19 (invalid)", hlen);
			break;
		}
		if (!nlab_view_has(v, p, hlen)) {
			uint8_t t = nlab_get8(v, p + 18);
			nlab_strbuf_printf(c->out, "\n[|BGP %s]",
					   t >= 1 && t <= 5 ? names[t] : "Unknown Message Type");
			break;
		}
		if (pdu(c, nlab_view_from(v, p), hlen) != NLAB_P_OK)
			return NLAB_P_TRUNC;
		p += hlen, start = p;
	}
	return NLAB_P_OK;
}
