/* print_radius.c - RADIUS (UDP 1645, 1646, 1812, 1813, 1700 and 3799)
 * as tcpdump 4.99.3's print-radius.c writes it: "RADIUS, Access-Request
 * (1), id: 0x05 length: 84", and under -v the authenticator and each
 * attribute a line with its value: text, numbers and their standard
 * values, times, addresses and prefixes, tags, vendors' attributes, EAP
 * messages, location attributes (RFC 5580), MIP6 attributes (RFC 5447);
 * -vv each attribute's bytes in hex too. A value's own check that finds
 * its bytes cut writes " [|radius]" and the walk goes on, as tcpdump's
 * ND_TCHECK does; a field read past the capture ends the line. */
#include "print_radius.h"

#include <time.h>

enum {
	AT_FRAMED_IP = 8,
	AT_LOGIN_HOST = 14,
	AT_IPX = 23,
	AT_SESSION_TIMEOUT = 27,
	AT_IDLE_TIMEOUT = 28,
	AT_ATALK_LINK = 37,
	AT_ATALK_NET = 38,
	AT_ACCT_DELAY = 41,
	AT_SESSION_TIME = 46,
	AT_EGRESS_VLAN = 56,
	AT_EGRESS_VLAN_NAME = 58,
	AT_TUNNEL_TYPE = 64,
	AT_TUNNEL_MEDIUM = 65,
	AT_TUNNEL_CLIENT = 66,
	AT_TUNNEL_SERVER = 67,
	AT_TUNNEL_PASS = 69,
	AT_ARAP_PASS = 70,
	AT_ARAP_FEATURES = 71,
	AT_EAP = 79,
	AT_TUNNEL_GROUP = 81,
	AT_TUNNEL_ASSIGN = 82,
	AT_TUNNEL_PREF = 83,
	AT_ARAP_CHALLENGE = 84,
	AT_INTERIM = 85,
	AT_TUNNEL_CLIENT_AUTH = 90,
	AT_TUNNEL_SERVER_AUTH = 91,
	AT_ERROR_CAUSE = 101
};

/* One attribute's value being printed: N bytes at OFF of V, type T. */
typedef struct rval {
	nlab_pctx *c;
	nlab_view v;
	size_t off;
	uint32_t n;
	uint8_t t;
} rval;

/* What an ND_TCHECK of tcpdump's value printers does: " [|radius]",
 * and the walk goes on with the next attribute. */
static int soft_trunc(nlab_pctx *c)
{
	nlab_p_trunc(c);
	return NLAB_P_OK;
}

/* A byte of text as tcpdump's value printers write it: itself or '.'. */
static void dotted(nlab_pctx *c, uint8_t ch)
{
	char b = ch >= 0x20 && ch < 0x7f ? (char)ch : '.';
	nlab_strbuf_add(c->out, &b, 1);
}

/* "Tag[N] " or "Tag[Unused] " (tag 0). */
static void tag(nlab_pctx *c, uint8_t t)
{
	if (t)
		nlab_strbuf_printf(c->out, "Tag[%u] ", t);
	else
		nlab_p_puts(c, "Tag[Unused] ");
}

/* RFC 4675's tag byte B: "Tagged (0x31) ". */
static void vlan_tag(nlab_pctx *c, uint8_t b)
{
	nlab_strbuf_printf(c->out, "%s (0x%02x) ",
			   b == 0x31   ? "Tagged"
			   : b == 0x32 ? "Untagged"
				       : "Unknown tag",
			   b);
}

/* The tag and salt of a Tunnel-Password, or the tag of the tunnel
 * attributes that may carry one; *SKIP the bytes they took. */
static void string_prefix(rval *r, size_t *skip)
{
	uint8_t b = nlab_get8(r->v, r->off);
	switch (r->t) {
	case AT_TUNNEL_PASS:
		tag(r->c, b <= 0x1f ? b : 0);
		nlab_strbuf_printf(r->c->out, "Salt %u ",
				   nlab_get16(r->v, r->off + 1));
		*skip = 3;
		break;
	case AT_TUNNEL_CLIENT:
	case AT_TUNNEL_SERVER:
	case AT_TUNNEL_GROUP:
	case AT_TUNNEL_ASSIGN:
	case AT_TUNNEL_CLIENT_AUTH:
	case AT_TUNNEL_SERVER_AUTH:
		if (b <= 0x1f)
			tag(r->c, b), *skip = 1;
		break;
	case AT_EGRESS_VLAN_NAME:
		vlan_tag(r->c, b), *skip = 1;
		break;
	}
}

/* Text up to a NUL (print_attr_string), EAP-Message as EAP. */
static int attr_string(rval *r)
{
	if (!nlab_view_has(r->v, r->off, r->n))
		return soft_trunc(r->c);
	if (r->t == AT_TUNNEL_PASS && r->n < 3)
		return soft_trunc(r->c);
	if (r->t == AT_EAP) {
		int e = nlab_p_eap(r->c, r->v, r->off, (uint16_t)r->n);
		return e == NLAB_P_ETRUNC ? soft_trunc(r->c) : e;
	}
	size_t skip = 0;
	string_prefix(r, &skip);
	for (size_t i = skip; i < r->n && nlab_get8(r->v, r->off + i); i++)
		dotted(r->c, nlab_get8(r->v, r->off + i));
	return NLAB_P_OK;
}

/* One vendor attribute at *OFF of the *LEFT bytes left: NLAB_P_OK to go
 * on, NLAB_P_STOP when the walk ends, NLAB_P_TRUNC when cut. */
static int vendor_one(rval *r, size_t *off, uint32_t *left)
{
	if (!nlab_view_has(r->v, *off, 2))
		return NLAB_P_TRUNC;
	uint8_t type = nlab_get8(r->v, *off), len = nlab_get8(r->v, *off + 1);
	const char *bad = len < 2 ? "must be >= 2"
			  : len > *left
			      ? "goes past end of vendor-specific attribute"
			      : NULL;
	if (bad) {
		nlab_strbuf_printf(
		    r->c->out,
		    "\n\t    Vendor Attribute: %u, Length: %u (bogus, %s)",
		    type, len, bad);
		return NLAB_P_STOP;
	}
	*off += 2, len -= 2, *left -= 2;
	if (!nlab_view_has(r->v, *off, len)) {
		soft_trunc(r->c);
		return NLAB_P_STOP;
	}
	nlab_strbuf_printf(
	    r->c->out,
	    "\n\t    Vendor Attribute: %u, Length: %u, Value: ", type, len);
	for (size_t i = 0; i < len; i++)
		dotted(r->c, nlab_get8(r->v, *off + i));
	*off += len, *left -= len;
	return NLAB_P_OK;
}

/* Vendor-Specific: the vendor's id and name, then its attributes. */
static int attr_vendor(rval *r)
{
	if (r->n < 4)
		return soft_trunc(r->c);
	if (!nlab_view_has(r->v, r->off, 4))
		return NLAB_P_TRUNC;
	uint32_t id = nlab_get32(r->v, r->off);
	const char *name = nlab_p_smi_name(id);
	nlab_strbuf_printf(r->c->out, "Vendor: %s (%u)",
			   name ? name : "Unknown", id);
	size_t off = r->off + 4;
	uint32_t left = r->n - 4;
	while (left >= 2) {
		int e = vendor_one(r, &off, &left);
		if (e != NLAB_P_OK)
			return e == NLAB_P_STOP ? NLAB_P_OK : e;
	}
	return NLAB_P_OK;
}

/* SECS as "05 secs", "01:05 min" or "01:00:05 hours". */
static void duration(nlab_pctx *c, uint32_t secs)
{
	if (secs < 60)
		nlab_strbuf_printf(c->out, "%02u secs", secs);
	else if (secs < 3600)
		nlab_strbuf_printf(c->out, "%02u:%02u min", secs / 60,
				   secs % 60);
	else
		nlab_strbuf_printf(c->out, "%02u:%02u:%02u hours", secs / 3600,
				   secs % 3600 / 60, secs % 60);
}

/* A tag byte (Tunnel-Type, -Medium-Type, -Preference) or RFC 4675's
 * (Egress-VLANID) and the 24-bit number after it; *X that number. */
static int tagged24(rval *r, uint32_t *x)
{
	if (!nlab_view_has(r->v, r->off, 1))
		return NLAB_P_TRUNC;
	uint8_t b = nlab_get8(r->v, r->off);
	if (r->t == AT_EGRESS_VLAN)
		vlan_tag(r->c, b);
	else
		tag(r->c, b);
	if (!nlab_view_has(r->v, r->off + 1, 3))
		return NLAB_P_TRUNC;
	*x = nlab_get24(r->v, r->off + 1);
	return NLAB_P_OK;
}

/* A numeric attribute without standard values: the special cases. */
static void num_plain(rval *r, uint32_t x)
{
	nlab_pctx *c = r->c;
	switch (r->t) {
	case AT_IPX:
		if (x == 0xfffffffe)
			nlab_p_puts(c, "NAS Select");
		else
			nlab_p_u(c, x);
		break;
	case AT_SESSION_TIMEOUT:
	case AT_IDLE_TIMEOUT:
	case AT_ACCT_DELAY:
	case AT_SESSION_TIME:
	case AT_INTERIM:
		duration(c, x);
		break;
	case AT_ATALK_LINK:
	case AT_ATALK_NET:
		if (x)
			nlab_p_u(c, x);
		else
			nlab_p_puts(c, r->t == AT_ATALK_LINK ? "Unnumbered"
							     : "NAS assigned");
		break;
	default:
		nlab_p_u(c, x);
	}
}

/* A 32-bit number (print_attr_num), its standard value's name if any. */
static int attr_num(rval *r)
{
	if (r->n != 4) {
		nlab_strbuf_printf(r->c->out, "ERROR: length %u != 4", r->n);
		return NLAB_P_OK;
	}
	int values = nlab_radius_has_values(r->t);
	uint32_t x;
	if ((values && (r->t == AT_TUNNEL_TYPE || r->t == AT_TUNNEL_MEDIUM)) ||
	    (!values && (r->t == AT_TUNNEL_PREF || r->t == AT_EGRESS_VLAN))) {
		int e = tagged24(r, &x);
		if (e != NLAB_P_OK)
			return e;
	} else if (!nlab_view_has(r->v, r->off, 4)) {
		return NLAB_P_TRUNC;
	} else {
		x = nlab_get32(r->v, r->off);
	}
	const char *name = values ? nlab_radius_value(r->t, x) : NULL;
	if (name)
		nlab_p_puts(r->c, name);
	else if (values)
		nlab_strbuf_printf(r->c->out, "#%u", x);
	else
		num_plain(r, x);
	return NLAB_P_OK;
}

/* Whether the value is N bytes long; if not, "ERROR: length 3 != 4". */
static int length_is(rval *r, uint32_t n, const char *error)
{
	if (r->n == n)
		return 1;
	nlab_strbuf_printf(r->c->out, "%s: length %u != %u", error, r->n, n);
	return 0;
}

/* An IPv4 address (print_attr_address). */
static int attr_addr(rval *r)
{
	if (!length_is(r, 4, "ERROR"))
		return NLAB_P_OK;
	if (!nlab_view_has(r->v, r->off, 4))
		return NLAB_P_TRUNC;
	uint32_t a = nlab_get32(r->v, r->off);
	if ((r->t == AT_FRAMED_IP || r->t == AT_LOGIN_HOST) && a >= 0xfffffffe)
		nlab_p_puts(r->c,
			    a == 0xffffffff ? "User Selected" : "NAS Select");
	else
		nlab_p_ip4(r->c, r->v, r->off);
	return NLAB_P_OK;
}

/* An IPv6 address (print_attr_address6). */
static int attr_addr6(rval *r)
{
	if (!length_is(r, 16, "ERROR"))
		return NLAB_P_OK;
	if (!nlab_view_has(r->v, r->off, 16))
		return NLAB_P_TRUNC;
	nlab_p_ip6addr(r->c, r->v, r->off);
	return NLAB_P_OK;
}

/* A prefix length byte B over 128: "ERROR: netmask 129 not in range". */
static int bad_netmask(rval *r, uint8_t b)
{
	if (b > 128)
		nlab_strbuf_printf(
		    r->c->out, "ERROR: netmask %u not in range (0..128)", b);
	return b > 128;
}

/* An IPv6 prefix: reserved byte, length, up to 16 bytes of prefix
 * (print_attr_netmask6). */
static int attr_prefix6(rval *r)
{
	if (r->n < 2 || r->n > 18) {
		nlab_strbuf_printf(
		    r->c->out, "ERROR: length %u not in range (2..18)", r->n);
		return NLAB_P_OK;
	}
	if (!nlab_view_has(r->v, r->off, r->n))
		return soft_trunc(r->c);
	uint8_t plen = nlab_get8(r->v, r->off + 1), a[16] = {0};
	if (bad_netmask(r, plen))
		return NLAB_P_OK;
	nlab_getbytes(r->v, r->off + 2, a, r->n - 2);
	nlab_p_ip6addr(r->c, (nlab_view){a, sizeof a}, 0);
	nlab_strbuf_printf(r->c->out, "/%u", plen);
	if (plen > 8 * (r->n - 2))
		nlab_p_puts(r->c, " (inconsistent prefix length)");
	return NLAB_P_OK;
}

/* MIP6-Home-Link-Prefix: the length, then a whole IPv6 address. */
static int attr_hlp6(rval *r)
{
	if (!length_is(r, 17, "ERROR"))
		return NLAB_P_OK;
	if (!nlab_view_has(r->v, r->off, r->n))
		return soft_trunc(r->c);
	uint8_t plen = nlab_get8(r->v, r->off);
	if (bad_netmask(r, plen))
		return NLAB_P_OK;
	nlab_p_ip6addr(r->c, r->v, r->off + 1);
	nlab_strbuf_printf(r->c->out, "/%u", plen);
	return NLAB_P_OK;
}

/* Whether the value is at least N bytes long after its bytes were
 * checked (the location attributes): if not, "ERROR: length 2 < 3". */
static int at_least(rval *r, uint32_t n)
{
	if (r->n >= n)
		return 1;
	nlab_strbuf_printf(r->c->out, "ERROR: length %u < %u", r->n, n);
	return 0;
}

/* Operator-Name (RFC 5580): "[REALM] name". */
static int attr_opname(rval *r)
{
	static const char *const ns[] = {"TADIG", "REALM", "E212", "ICC"};
	if (!nlab_view_has(r->v, r->off, r->n))
		return soft_trunc(r->c);
	if (!at_least(r, 2))
		return NLAB_P_OK;
	uint8_t b = nlab_get8(r->v, r->off);
	if (b >= 0x30 && b <= 0x33)
		nlab_strbuf_printf(r->c->out, "[%s] ", ns[b - 0x30]);
	else
		nlab_strbuf_printf(r->c->out, "[unknown namespace %u] ", b);
	nlab_p_printn(r->c, r->v, r->off + 1, r->n - 1);
	return NLAB_P_OK;
}

/* Location-Information (RFC 5580): index, code, entity, two NTP times
 * and the method. */
static int attr_locinfo(rval *r)
{
	static const char *const codes[] = {"Civic", "Geospatial"},
				 *const ents[] = {"User", "RADIUS"};
	if (!nlab_view_has(r->v, r->off, r->n))
		return soft_trunc(r->c);
	if (!at_least(r, 21))
		return NLAB_P_OK;
	uint8_t code = nlab_get8(r->v, r->off + 2),
		ent = nlab_get8(r->v, r->off + 3);
	nlab_strbuf_printf(r->c->out, "index %u, code ",
			   nlab_get16(r->v, r->off));
	if (code < 2)
		nlab_p_puts(r->c, codes[code]);
	else
		nlab_strbuf_printf(r->c->out, "Unknown (%u)", code);
	nlab_p_puts(r->c, ", entity ");
	if (ent < 2)
		nlab_p_puts(r->c, ents[ent]);
	else
		nlab_strbuf_printf(r->c->out, "Unknown (%u)", ent);
	nlab_p_puts(r->c, ", sighting time ");
	nlab_p_ntp_time(r->c, r->v, r->off + 4);
	nlab_p_puts(r->c, ", time to live ");
	nlab_p_ntp_time(r->c, r->v, r->off + 12);
	nlab_p_puts(r->c, ", method \"");
	nlab_p_printn(r->c, r->v, r->off + 20, r->n - 20);
	nlab_p_puts(r->c, "\"");
	return NLAB_P_OK;
}

/* Location-Data (RFC 5580): the index, the location in hex and ASCII. */
static int attr_locdata(rval *r)
{
	if (!nlab_view_has(r->v, r->off, r->n))
		return soft_trunc(r->c);
	if (!at_least(r, 3))
		return NLAB_P_OK;
	nlab_strbuf_printf(r->c->out, "index %u, location",
			   nlab_get16(r->v, r->off));
	nlab_p_hexascii(r->c, nlab_view_from(r->v, r->off + 2), r->n - 2,
			"\n\t    ");
	return NLAB_P_OK;
}

/* Basic-Location-Policy-Rules (RFC 5580): flags, retention, note. */
static int attr_blpr(rval *r)
{
	static const nlab_bitname bits[] = {
	    {0x0001, "MBZ-15"}, {0x0002, "MBZ-14"},
	    {0x0004, "MBZ-13"}, {0x0008, "MBZ-12"},
	    {0x0010, "MBZ-11"}, {0x0020, "MBZ-10"},
	    {0x0040, "MBZ-9"},	{0x0080, "MBZ-8"},
	    {0x0100, "MBZ-7"},	{0x0200, "MBZ-6"},
	    {0x0400, "MBZ-5"},	{0x0800, "MBZ-4"},
	    {0x1000, "MBZ-3"},	{0x2000, "MBZ-2"},
	    {0x4000, "MBZ-1"},	{0x8000, "Retransmission Allowed"},
	    {0, NULL}};
	if (!nlab_view_has(r->v, r->off, r->n))
		return soft_trunc(r->c);
	if (!at_least(r, 10))
		return NLAB_P_OK;
	nlab_p_puts(r->c, "flags [");
	nlab_p_bits(r->c, bits, nlab_get16(r->v, r->off), ", ", "none");
	nlab_p_puts(r->c, "], retention expires ");
	nlab_p_ntp_time(r->c, r->v, r->off + 2);
	if (r->n > 10) {
		nlab_p_puts(r->c, ", note well \"");
		nlab_p_printn(r->c, r->v, r->off + 10, r->n - 10);
		nlab_p_puts(r->c, "\"");
	}
	return NLAB_P_OK;
}

/* Seconds since 1970 in local time, as ctime writes them (without its
 * newline): "Thu Jan  1 00:00:00 1970". */
static int attr_time(rval *r)
{
	static const char days[] = "SunMonTueWedThuFriSat",
			  months[] = "JanFebMarAprMayJunJulAugSepOctNovDec";
	if (!length_is(r, 4, "ERROR"))
		return NLAB_P_OK;
	if (!nlab_view_has(r->v, r->off, 4))
		return NLAB_P_TRUNC;
	time_t t = (time_t)nlab_get32(r->v, r->off);
	struct tm tm;
	if (!localtime_r(&t, &tm))
		return NLAB_P_OK;
	nlab_strbuf_printf(r->c->out, "%.3s %.3s%3d %.2d:%.2d:%.2d %d",
			   days + 3 * tm.tm_wday, months + 3 * tm.tm_mon,
			   tm.tm_mday, tm.tm_hour, tm.tm_min, tm.tm_sec,
			   1900 + tm.tm_year);
	return NLAB_P_OK;
}

/* MIP6-Feature-Vector (RFC 5447): the names of its bits set. */
static int attr_vec64(rval *r)
{
	static const struct {
		uint8_t bit;
		const char *name;
	} bits[] = {{0, "MIP6_INTEGRATED"},
		    {1, "LOCAL_HOME_AGENT_ASSIGNMENT"},
		    {40, "PMIP6_SUPPORTED"},
		    {41, "IP4_HOA_SUPPORTED"},
		    {42, "LOCAL_MAG_ROUTING_SUPPORTED"},
		    {43, "ASSIGN_LOCAL_IP"},
		    {44, "MIP4_SUPPORTED"},
		    {45, "OPTIMIZED_IDLE_MODE_MOBILITY"},
		    {46, "GTPv2_SUPPORTED"},
		    {47, "IP4_TRANSPORT_SUPPORTED"},
		    {48, "IP4_HOA_ONLY_SUPPORTED"},
		    {49, "INTER_MAG_ROUTING_SUPPORTED"}};
	if (!length_is(r, 8, "ERROR"))
		return NLAB_P_OK;
	nlab_p_puts(r->c, "[");
	if (!nlab_view_has(r->v, r->off, 8))
		return NLAB_P_TRUNC;
	uint64_t x = (uint64_t)nlab_get32(r->v, r->off) << 32 |
		     nlab_get32(r->v, r->off + 4);
	const char *sep = "";
	for (size_t i = 0; i < sizeof bits / sizeof bits[0]; i++) {
		if (x >> bits[i].bit & 1) {
			nlab_strbuf_printf(r->c->out, "%s%s", sep,
					   bits[i].name);
			sep = ", ";
		}
	}
	nlab_p_puts(r->c, "]");
	return NLAB_P_OK;
}

/* N bytes at *OFF in upper-case hex, byte by byte as tcpdump reads
 * them: NLAB_P_TRUNC where the capture ends. */
static int hex_upper(rval *r, size_t *off, size_t n)
{
	for (size_t i = 0; i < n; i++, (*off)++) {
		if (!nlab_view_has(r->v, *off, 1))
			return NLAB_P_TRUNC;
		nlab_strbuf_printf(r->c->out, "%02X", nlab_get8(r->v, *off));
	}
	return NLAB_P_OK;
}

/* ARAP-Features: the password flag and length, three times in hex. */
static int arap_features(rval *r)
{
	static const char *const parts[] = {
	    ", created at: ", ", expires in: ", ", Current Time: "};
	if (!length_is(r, 14, "ERROR"))
		return NLAB_P_OK;
	if (!nlab_view_has(r->v, r->off, 1))
		return NLAB_P_TRUNC;
	nlab_strbuf_printf(r->c->out, "User %s change password",
			   nlab_get8(r->v, r->off) ? "can" : "cannot");
	if (!nlab_view_has(r->v, r->off + 1, 1))
		return NLAB_P_TRUNC;
	nlab_strbuf_printf(r->c->out, ", Min password length: %u",
			   nlab_get8(r->v, r->off + 1));
	size_t off = r->off + 2;
	for (int i = 0; i < 3; i++) {
		nlab_p_puts(r->c, parts[i]);
		if (hex_upper(r, &off, 4) != NLAB_P_OK)
			return NLAB_P_TRUNC;
	}
	return NLAB_P_OK;
}

/* ARAP-Password, ARAP-Features, ARAP-Challenge-Response, Error-Cause
 * (print_attr_strange). */
static int attr_strange(rval *r)
{
	size_t off = r->off;
	switch (r->t) {
	case AT_ARAP_PASS:
		if (!length_is(r, 16, "ERROR"))
			return NLAB_P_OK;
		nlab_p_puts(r->c, "User_challenge (");
		if (hex_upper(r, &off, 8) != NLAB_P_OK)
			return NLAB_P_TRUNC;
		nlab_p_puts(r->c, ") User_resp(");
		if (hex_upper(r, &off, 8) != NLAB_P_OK)
			return NLAB_P_TRUNC;
		nlab_p_puts(r->c, ")");
		return NLAB_P_OK;
	case AT_ARAP_FEATURES:
		return arap_features(r);
	case AT_ARAP_CHALLENGE:
		if (r->n < 8) {
			nlab_strbuf_printf(r->c->out, "ERROR: length %u != 8",
					   r->n);
			return NLAB_P_OK;
		}
		return hex_upper(r, &off, 8);
	default: /* Error-Cause */
		if (!length_is(r, 4, "Error"))
			return NLAB_P_OK;
		if (!nlab_view_has(r->v, r->off, 4))
			return NLAB_P_TRUNC;
		uint32_t x = nlab_get32(r->v, r->off);
		const char *s = nlab_radius_error_cause(x);
		nlab_strbuf_printf(r->c->out, "Error cause %u: ", x);
		if (s)
			nlab_p_puts(r->c, s);
		else
			nlab_strbuf_printf(r->c->out,
					   "Error-Cause %u not known", x);
		return NLAB_P_OK;
	}
}

/* The value of an attribute by its type's way of printing. */
static int attr_value(rval *r)
{
	switch (nlab_radius_kind(r->t)) {
	case A_STR:
		return attr_string(r);
	case A_NUM:
		return attr_num(r);
	case A_VENDOR:
		return attr_vendor(r);
	case A_ADDR:
		return attr_addr(r);
	case A_ADDR6:
		return attr_addr6(r);
	case A_PREFIX6:
		return attr_prefix6(r);
	case A_HLP6:
		return attr_hlp6(r);
	case A_OPNAME:
		return attr_opname(r);
	case A_LOCINFO:
		return attr_locinfo(r);
	case A_LOCDATA:
		return attr_locdata(r);
	case A_BLPR:
		return attr_blpr(r);
	case A_TIME:
		return attr_time(r);
	case A_VEC64:
		return attr_vec64(r);
	case A_STRANGE:
		return attr_strange(r);
	default:
		return NLAB_P_OK;
	}
}

/* The attributes, LEFT bytes from OFF of the message V (-v). */
static int attributes(nlab_pctx *c, nlab_view v, size_t off, uint32_t left)
{
	while (left > 0) {
		if (left < 2 || !nlab_view_has(v, off, 2))
			return NLAB_P_ETRUNC;
		uint8_t type = nlab_get8(v, off), len = nlab_get8(v, off + 1);
		nlab_strbuf_printf(c->out,
				   "\n\t  %s Attribute (%u), length: %u",
				   nlab_radius_name(type), type, len);
		if (len < 2 || len > left) {
			nlab_p_puts(
			    c, len < 2 ? " (bogus, must be >= 2)"
				       : " (bogus, goes past end of packet)");
			return NLAB_P_OK;
		}
		nlab_p_puts(c, ", Value: ");
		rval r = {c, v, off + 2, len - 2u, type};
		int e = len > 2 ? attr_value(&r) : NLAB_P_OK;
		if (e != NLAB_P_OK)
			return e;
		if (c->o->v > 1)
			nlab_p_hexdump(c, v, off + 2, len - 2u, "\n\t    ");
		left -= len, off += len;
	}
	return NLAB_P_OK;
}

/* The name of message code CODE in tcpdump's radius_command_values. */
static const char *code_name(uint8_t code)
{
	static const char *const low[] = {NULL,
					  "Access-Request",
					  "Access-Accept",
					  "Access-Reject",
					  "Accounting-Request",
					  "Accounting-Response"};
	static const char *const high[] = {
	    "Disconnect-Request", "Disconnect-ACK", "Disconnect-NAK",
	    "CoA-Request",	  "CoA-ACK",	    "CoA-NAK"};
	if (code >= 1 && code <= 5)
		return low[code];
	if (code >= 40 && code <= 45)
		return high[code - 40];
	return code == 11    ? "Access-Challenge"
	       : code == 12  ? "Status-Server"
	       : code == 13  ? "Status-Client"
	       : code == 255 ? "Reserved"
			     : "Unknown Command";
}

int nlab_p_radius(nlab_pctx *c, nlab_view v, uint32_t length)
{
	c->proto = "radius";
	if (!nlab_view_has(v, 0, 20))
		return NLAB_P_ETRUNC;
	uint32_t len = nlab_get16(v, 2);
	if (len < 20)
		return NLAB_P_ETRUNC;
	if (len > length)
		len = length;
	uint8_t code = nlab_get8(v, 0), id = nlab_get8(v, 1);
	if (!c->o->v) {
		nlab_strbuf_printf(c->out,
				   "RADIUS, %s (%u), id: 0x%02x length: %u",
				   code_name(code), code, id, len);
		return NLAB_P_OK;
	}
	nlab_strbuf_printf(
	    c->out,
	    "RADIUS, length: %u\n\t%s (%u), id: 0x%02x, Authenticator: ", len,
	    code_name(code), code, id);
	for (size_t i = 4; i < 20; i++)
		nlab_strbuf_printf(c->out, "%02x", nlab_get8(v, i));
	return len > 20 ? attributes(c, v, 20, len - 20) : NLAB_P_OK;
}
