/* print_geonet.c - the ITS vehicle networks' two non-IP link protocols,
 * as tcpdump's print-geonet.c and print-calm-fast.c write them:
 * GeoNetworking (EtherType 0x8947, and 0x0707 of old) "GeoNet
 * src:..; v:0 NH:0-Any HT:1-0-Beacon HopLim:1 Payload:0 GN_ADDR:.. lat:..
 * lon:..", with its BTP header, and CALM FAST (0x1111); -v adds the
 * payload in hex. */
#include "print_priv.h"

/* The common header's next header field's name. */
static const char *next_name(uint8_t nh)
{
	static const char *const names[] = {"Any", "BTP-A", "BTP-B", "IPv6"};
	return nh < 4 ? names[nh] : "Unknown";
}

/* The common header's type and subtype's name. */
static const char *type_name(uint8_t t, uint8_t s)
{
	static const char *const anycast[] = {
	    "GeoAnycastCircle", "GeoAnycastRect", "GeoAnycastElipse"};
	static const char *const bcast[] = {
	    "GeoBroadcastCircle", "GeoBroadcastRect", "GeoBroadcastElipse"};
	static const char *const topo[] = {"TopoScopeBcast-SH",
					   "TopoScopeBcast-MH"};
	static const char *const loc[] = {"LocService-Request",
					  "LocService-Reply"};
	switch (t) {
	case 0:
		return "Any";
	case 1:
		return "Beacon";
	case 2:
		return "GeoUnicast";
	case 3:
		return s < 3 ? anycast[s] : "Unknown";
	case 4:
		return s < 3 ? bcast[s] : "Unknown";
	case 5:
		return s < 2 ? topo[s] : "Unknown";
	case 6:
		return s < 2 ? loc[s] : "Unknown";
	default:
		return "Unknown";
	}
}

/* The length of the extended header after the common one, or -1 for
 * the types tcpdump does not step over (it then stops there). */
static int ext_len(uint8_t t, uint8_t s)
{
	if (t == 0 || t == 1 || (t == 5 && s == 0))
		return 0;
	return t == 5 && s == 1 ? 68 - 36 : -1;
}

/* tcpdump's msg_type_values for an ITS PDU header. */
static const char *msg_name(uint8_t t)
{
	static const char *const hi[] = {"TPEGM", "TSPDM",  "VPM", "SRM",
					 "SLAM",  "ecoCAM", "ITM"};
	if (t <= 1)
		return t ? "DENM" : "CAM";
	if (t >= 101 && t <= 107)
		return hi[t - 101];
	return t == 150 ? "SA" : NULL;
}

/* " (invalid)" (nd_print_invalid). */
static int invalid(nlab_pctx *c)
{
	nlab_p_puts(c, " (invalid)");
	return NLAB_P_OK;
}

/* -v: the LEN bytes left at OFF in hex (tcpdump's ND_DEFAULTPRINT),
 * cut when fewer were captured. */
static int payload(nlab_pctx *c, nlab_view v, size_t off, uint32_t len)
{
	if (!c->o->v)
		return NLAB_P_OK;
	nlab_view p = nlab_view_sub(v, off, len);
	nlab_p_raw(c, p);
	return p.len < len ? NLAB_P_TRUNC : NLAB_P_OK;
}

/* The common header's fields and its long position vector. */
static int common(nlab_pctx *c, nlab_view v)
{
	if (!nlab_view_has(v, 0, 8))
		return NLAB_P_TRUNC;
	uint8_t b0 = nlab_get8(v, 0), t = nlab_get8(v, 1) >> 4,
		s = nlab_get8(v, 1) & 15;
	nlab_strbuf_printf(c->out,
			   "v:%u NH:%u-%s HT:%u-%u-%s HopLim:%u Payload:%u ",
			   b0 >> 4, b0 & 15, next_name(b0 & 15), t, s,
			   type_name(t, s), nlab_get8(v, 7), nlab_get16(v, 4));
	if (!nlab_view_has(v, 8, 8))
		return NLAB_P_TRUNC;
	nlab_p_puts(c, "GN_ADDR:");
	nlab_p_mac(c, v, 8, 8);
	nlab_p_puts(c, " ");
	if (!nlab_view_has(v, 20, 4))
		return NLAB_P_TRUNC;
	nlab_strbuf_printf(c->out, "lat:%u ", nlab_get32(v, 20));
	if (!nlab_view_has(v, 24, 4))
		return NLAB_P_TRUNC;
	nlab_strbuf_printf(c->out, "lon:%u", nlab_get32(v, 24));
	return nlab_view_has(v, 0, 36) ? NLAB_P_OK : NLAB_P_TRUNC;
}

/* The BTP header at OFF (LEFT bytes left) and the ITS PDU header after
 * it; the offset after the BTP header, or 0 when it ended the line. */
static size_t btp(nlab_pctx *c, nlab_view v, size_t off, uint32_t left, int *r)
{
	if (left < 4) {
		nlab_strbuf_printf(c->out, " (BTP length %u < 4)", left);
		*r = invalid(c);
		return 0;
	}
	for (size_t i = 0; i < 4; i += 2) {
		if (!nlab_view_has(v, off + i, 2)) {
			*r = NLAB_P_TRUNC;
			return 0;
		}
		nlab_strbuf_printf(c->out, i ? " Src:%u" : "; BTP Dst:%u",
				   nlab_get16(v, off + i));
	}
	if (left - 4 >= 2) {
		if (!nlab_view_has(v, off + 4, 1)) {
			*r = NLAB_P_TRUNC;
			return 0;
		}
		nlab_strbuf_printf(c->out, "; ItsPduHeader v:%u",
				   nlab_get8(v, off + 4));
		if (!nlab_view_has(v, off + 5, 1)) {
			*r = NLAB_P_TRUNC;
			return 0;
		}
		uint8_t m = nlab_get8(v, off + 5);
		const char *n = msg_name(m);
		if (n)
			nlab_strbuf_printf(c->out, " t:%u-%s", m, n);
		else
			nlab_strbuf_printf(c->out, " t:%u-unknown (%u)", m, m);
	}
	return off + 4;
}

/* GeoNetworking of LEN bytes at V. */
static int geonet(nlab_pctx *c, nlab_view v, uint32_t len)
{
	if (len < 36) {
		nlab_strbuf_printf(c->out, " (common header length %u < 36)",
				   len);
		return invalid(c);
	}
	int r = common(c, v);
	if (r != NLAB_P_OK)
		return r;
	uint8_t t = nlab_get8(v, 1) >> 4, s = nlab_get8(v, 1) & 15,
		nh = nlab_get8(v, 0) & 15;
	int ext = ext_len(t, s);
	size_t off = 36;
	len -= 36;
	if (ext >= 0) {
		if (len < (uint32_t)ext) {
			nlab_strbuf_printf(c->out, " (header size %d > %u)",
					   ext, len);
			return invalid(c);
		}
		if (!nlab_view_has(v, off, (size_t)ext))
			return NLAB_P_TRUNC;
		off += (size_t)ext, len -= (uint32_t)ext;
		if (nh == 1 || nh == 2) {
			size_t after = btp(c, v, off, len, &r);
			if (!after)
				return r;
			off = after, len -= 4;
		}
	}
	return payload(c, v, off, len);
}

/* CALM FAST of LEN bytes at V: its two network references. */
static int calm_fast(nlab_pctx *c, nlab_view v, uint32_t len)
{
	if (len < 2) {
		nlab_strbuf_printf(c->out, " (length %u < 2)", len);
		invalid(c);
		return nlab_view_has(v, 0, len) ? NLAB_P_OK : NLAB_P_TRUNC;
	}
	for (size_t i = 0; i < 2; i++) {
		if (!nlab_view_has(v, i, 1))
			return NLAB_P_TRUNC;
		nlab_strbuf_printf(c->out,
				   i ? "DstNwref:%u; " : "SrcNwref:%u; ",
				   nlab_get8(v, i));
	}
	return payload(c, v, 2, len - 2);
}

int nlab_p_its(nlab_pctx *c, uint16_t type, nlab_view v, uint32_t len,
	       nlab_view src)
{
	int fast = type == 0x1111;
	c->proto = fast ? "calm_fast" : "geonet";
	nlab_p_puts(c, fast ? "CALM FAST" : "GeoNet ");
	if (src.len) {
		nlab_p_puts(c, fast ? " src:" : "src:");
		nlab_p_mac(c, src, 0, src.len);
	}
	nlab_p_puts(c, "; ");
	return fast ? calm_fast(c, v, len) : geonet(c, v, len);
}
