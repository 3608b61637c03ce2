/* print_bfd.c - Bidirectional Forwarding Detection (UDP 3784 control,
 * 4784 multihop, 6784 LAG, 3785 echo), as tcpdump's print-bfd.c writes
 * it: "BFDv1, Control, State Up, Flags: [none], length: 24", and under
 * -v the header a line each and the authentication section. */
#include "print_priv.h"

/* Where the authentication section starts: after the fixed header. */
enum { BFD_HDR = 24, BFD_AUTH = 0x04 };

static const nlab_bitname v0_flags[] = {{0x80, "I Hear You"},
					{0x40, "Demand"},
					{0x20, "Poll"},
					{0x10, "Final"},
					{0x08, "Control Plane Independent"},
					{BFD_AUTH, "Authentication Present"},
					{0x02, "Reserved"},
					{0x01, "Reserved"},
					{0, NULL}};

static const nlab_bitname v1_flags[] = {{0x20, "Poll"},
					{0x10, "Final"},
					{0x08, "Control Plane Independent"},
					{BFD_AUTH, "Authentication Present"},
					{0x02, "Demand"},
					{0x01, "Multipoint"},
					{0, NULL}};

/* The session type a control packet's destination PORT says. */
static const char *port_name(int port)
{
	return port == 3784 ? "Control" : port == 4784 ? "Multihop" : "Lag";
}

/* tcpdump's bfd_diag_values. */
static const char *diag_name(uint8_t d)
{
	static const char *const names[] = {"No Diagnostic",
					    "Control Detection Time Expired",
					    "Echo Function Failed",
					    "Neighbor Signaled Session Down",
					    "Forwarding Plane Reset",
					    "Path Down",
					    "Concatenated Path Down",
					    "Administratively Down",
					    "Reverse Concatenated Path Down"};
	return d < sizeof names / sizeof names[0] ? names[d] : "unknown";
}

/* tcpdump's bfd_v1_authentication_values. */
static const char *auth_name(uint8_t t)
{
	static const char *const names[] = {
	    "Simple Password", "Keyed MD5", "Meticulous Keyed MD5",
	    "Keyed SHA1", "Meticulous Keyed SHA1"};
	return t >= 1 && t <= 5 ? names[t - 1] : "Unknown";
}

/* A keyed MD5 or SHA1 section of LEN bytes (WANT expected) at OFF:
 * its sequence number and its N-byte digest, named NAME. */
static int auth_keyed(nlab_pctx *c, nlab_view v, uint8_t len, uint8_t want,
		      size_t n, const char *name)
{
	if (len != want) {
		nlab_strbuf_printf(c->out, "[invalid length %u]", len);
		return NLAB_P_OK;
	}
	if (!nlab_view_has(v, BFD_HDR + 4, 4))
		return NLAB_P_TRUNC;
	nlab_strbuf_printf(c->out, ", Sequence Number: 0x%08x",
			   nlab_get32(v, BFD_HDR + 4));
	if (!nlab_view_has(v, BFD_HDR + 8, n))
		return NLAB_P_TRUNC;
	nlab_strbuf_printf(c->out, "\n\t  %s: ", name);
	for (size_t i = 0; i < n; i++)
		nlab_strbuf_printf(c->out, "%02x",
				   nlab_get8(v, BFD_HDR + 8 + i));
	return NLAB_P_OK;
}

/* -v: the authentication section after the fixed header. */
static int auth(nlab_pctx *c, nlab_view v)
{
	if (!nlab_view_has(v, BFD_HDR, 4))
		return NLAB_P_TRUNC;
	uint8_t type = nlab_get8(v, BFD_HDR), len = nlab_get8(v, BFD_HDR + 1);
	nlab_strbuf_printf(c->out, "\n\tAuthentication: %s (%u), length: %u",
			   auth_name(type), type, len);
	nlab_strbuf_printf(c->out, "\n\t  Auth Key ID: %u",
			   nlab_get8(v, BFD_HDR + 2));
	switch (type) {
	case 1:
		if (len < 4 || len > 19) {
			nlab_strbuf_printf(c->out, "[invalid length %u]", len);
			return NLAB_P_OK;
		}
		nlab_p_puts(c, ", Password: ");
		return nlab_p_printn(c, v, BFD_HDR + 3, len - 3u) ? NLAB_P_TRUNC
								  : NLAB_P_OK;
	case 2:
	case 3:
		return auth_keyed(c, v, len, 24, 16, "Digest");
	case 4:
	case 5:
		return auth_keyed(c, v, len, 28, 20, "Hash");
	default:
		return NLAB_P_OK;
	}
}

/* -v: the header's fields after the first line, and the authentication
 * section when the flags say there is one. */
static int fields(nlab_pctx *c, nlab_view v, uint8_t flags)
{
	uint8_t mult = nlab_get8(v, 2);
	uint32_t tx = nlab_get32(v, 12);
	nlab_strbuf_printf(
	    c->out,
	    "\n\tDetection Timer Multiplier: %u (%u ms Detection time), BFD "
	    "Length: %u",
	    mult, (uint32_t)(mult * tx) / 1000, nlab_get8(v, 3));
	nlab_strbuf_printf(
	    c->out, "\n\tMy Discriminator: 0x%08x, Your Discriminator: 0x%08x",
	    nlab_get32(v, 4), nlab_get32(v, 8));
	nlab_strbuf_printf(c->out, "\n\t  Desired min Tx Interval:    %4u ms",
			   tx / 1000);
	nlab_strbuf_printf(c->out, "\n\t  Required min Rx Interval:   %4u ms",
			   nlab_get32(v, 16) / 1000);
	nlab_strbuf_printf(c->out, "\n\t  Required min Echo Interval: %4u ms",
			   nlab_get32(v, 20) / 1000);
	return flags & BFD_AUTH ? auth(c, v) : NLAB_P_OK;
}

/* Version 0 or 1 of a control packet whose header V holds. */
static int control_v01(nlab_pctx *c, nlab_view v, uint32_t len, int port,
		       uint8_t ver)
{
	uint8_t flags = nlab_get8(v, 1), diag = nlab_get8(v, 0) & 0x1f;
	if (c->o->v)
		nlab_strbuf_printf(c->out, "BFDv%u, length: %u\n\t", ver, len);
	else
		nlab_strbuf_printf(c->out, "BFDv%u, ", ver);
	if (ver == 0) {
		nlab_p_puts(c, "Control, Flags: [");
		nlab_p_bits(c, v0_flags, flags, ", ", "none");
	} else {
		static const char *const states[] = {"AdminDown", "Down",
						     "Init", "Up"};
		nlab_strbuf_printf(c->out, "%s, State %s, Flags: [",
				   port_name(port), states[flags >> 6]);
		nlab_p_bits(c, v1_flags, flags & 0x3f, ", ", "none");
	}
	if (!c->o->v) {
		nlab_strbuf_printf(c->out, "], length: %u", len);
		return NLAB_P_OK;
	}
	nlab_strbuf_printf(c->out, "], Diagnostic: %s (0x%02x)",
			   diag_name(diag), diag);
	return fields(c, v, flags);
}

/* -v: the bytes of an echo or unknown packet as hex lines. */
static int dump(nlab_pctx *c, nlab_view v, uint32_t len)
{
	if (c->o->v)
		nlab_p_unknown(c, v, len);
	return NLAB_P_OK;
}

int nlab_p_bfd(nlab_pctx *c, nlab_view v, uint32_t len, int port)
{
	c->proto = "bfd";
	if (port == 3785) {
		nlab_strbuf_printf(c->out, "BFD, Echo, length: %u", len);
		return dump(c, v, len);
	}
	if (!nlab_view_has(v, 0, BFD_HDR))
		return NLAB_P_TRUNC;
	uint8_t ver = nlab_get8(v, 0) >> 5;
	if (ver <= 1)
		return control_v01(c, v, len, port, ver);
	nlab_strbuf_printf(c->out, "BFDv%u, Control, length: %u", ver, len);
	return dump(c, v, len);
}
