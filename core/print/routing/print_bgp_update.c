/* print_bgp_update.c - a BGP UPDATE under -v, as tcpdump's
 * bgp_update_print and bgp_attr_print write it: withdrawn routes, each
 * path attribute with its flags, the announced prefixes (add-path IDs
 * guessed as tcpdump guesses them). */
#include "print_priv.h"

#include <inttypes.h>

/* tcpdump's check_add_path: one pass with IDs, one without. */
int nlab_p_bgp_add_path(nlab_view v, size_t off, uint32_t len, uint32_t max)
{
	if (len < 5)
		return 0;
	uint32_t at = 0, plen;
	while (at < len) {
		at += 4;
		if (!nlab_view_has(v, off + at, 1))
			break;
		plen = nlab_get8(v, off + at);
		if (plen > max)
			return 0;
		at += 1 + (plen + 7) / 8;
	}
	if (at > len)
		return 0;
	for (at = 0; at < len;) {
		if (!nlab_view_has(v, off + at, 1))
			break;
		plen = nlab_get8(v, off + at);
		if (plen < 1 || plen > max)
			return 1;
		at += 1 + (plen + 7) / 8;
	}
	return at > len;
}

/* An IPv4 prefix at OFF of at most LEN bytes printed after TEXT: its
 * size, -1 for a bad length, -2 when LEN is too short. */
static int prefix4(nlab_pctx *c, nlab_view v, size_t off, uint32_t len, const char *text)
{
	if (len < 1)
		return -2;
	uint32_t plen = nlab_get8(v, off), n = (plen + 7) / 8;
	if (plen > 32)
		return -1;
	if (len - 1 < n)
		return -2;
	uint8_t a[4] = {0};
	nlab_getbytes(nlab_view_from(v, off + 1), 0, a, n);
	if (plen % 8)
		a[n - 1] &= (uint8_t)(0xff00 >> (plen % 8));
	nlab_strbuf_printf(c->out, "%s%u.%u.%u.%u/%u", text, a[0], a[1], a[2], a[3], plen);
	return (int)(1 + n);
}

/* Prefixes from *OFF, *LEFT bytes, after the heading TITLE (NLRI: the
 * announced ones, else the withdrawn); NLAB_P_ETRUNC when one is cut
 * short. *LEFT keeps what a bad one left. */
static int prefixes(nlab_pctx *c, nlab_view v, size_t *off, uint32_t *left, const char *title,
		    int nlri)
{
	int ap = nlab_p_bgp_add_path(v, *off, *left, 32);
	uint32_t id = 0;
	nlab_p_puts(c, title);
	while (*left) {
		if (ap) {
			if (nlri && (!nlab_view_has(v, *off, 4) || *left < 4))
				return NLAB_P_ETRUNC;
			if (*left < 4) { /* withdrawn routes: the rest skipped */
				*off += *left;
				break;
			}
			id = nlab_get32(v, *off);
			*off += 4, *left -= 4;
		}
		int n = prefix4(c, v, *off, *left, "\n\t    ");
		if (n == -1) {
			nlab_p_puts(c, "\n\t    (illegal prefix length)");
			break;
		}
		if (n == -2)
			return NLAB_P_ETRUNC;
		if (ap)
			nlab_strbuf_printf(c->out, "   Path Id: %u", id);
		*off += (size_t)n, *left -= (uint32_t)n;
	}
	return NLAB_P_OK;
}

/* tcpdump's bgp_attr_values. */
static const char *attr_name(uint8_t t)
{
	static const char *const n[] = {
		NULL, "Origin", "AS Path", "Next Hop", "Multi Exit Discriminator",
		"Local Preference", "Atomic Aggregate", "Aggregator", "Community", "Originator ID",
		"Cluster List", "DPA", "Advertisers", "RCID Path / Cluster ID",
		"Multi-Protocol Reach NLRI", "Multi-Protocol Unreach NLRI", "Extended Community",
		"AS4 Path", "Aggregator4", NULL, NULL, NULL, "PMSI Tunnel", "Tunnel Encapsulation",
		"Traffic Engineering", "IPv6 Extended Community", "Accumulated IGP Metric",
		"PE Distinguisher Label", "Entropy Label", NULL, NULL, NULL, "Large Community"};
	if (t < 33 && n[t])
		return n[t];
	return t == 128 ? "Attribute Set" : t == 255 ? "Reserved for development"
						    : "Unknown Attribute";
}

/* The AS size of an AS path of LEN bytes at OFF: 2 when its segments
 * fit in 2-byte ASes exactly, else 4 (bgp_attr_get_as_size). */
static int as_size(nlab_view v, size_t off, uint32_t len, uint8_t type)
{
	if (type == 17)
		return 4;
	size_t t = off;
	while (t < off + len) {
		if (!nlab_view_has(v, t, 2))
			return 4;
		uint8_t seg = nlab_get8(v, t);
		if (seg < 1 || seg > 4)
			return 4;
		t += 2 + nlab_get8(v, t + 1) * 2u;
	}
	return t == off + len ? 2 : 4;
}

/* An AS path (TYPE 2 or 17) of LEN bytes at OFF. */
static int as_path(nlab_pctx *c, nlab_view v, size_t off, uint32_t len, uint8_t type)
{
	static const char *const open[] = {"?", "{ ", "", "( ", "({ "};
	static const char *const close[] = {"?", "}", "", ")", "})"};
	if (len % 2) {
		nlab_p_puts(c, "invalid len");
		return NLAB_P_OK;
	}
	if (!len) {
		nlab_p_puts(c, "empty");
		return NLAB_P_OK;
	}
	unsigned as = (unsigned)as_size(v, off, len, type);
	for (size_t t = off; t < off + len;) {
		if (!nlab_view_has(v, t, 2))
			return NLAB_P_TRUNC;
		uint8_t seg = nlab_get8(v, t);
		unsigned n = nlab_get8(v, t + 1) * as;
		nlab_p_puts(c, seg <= 4 ? open[seg] : "?");
		for (unsigned i = 0; i < n; i += as) {
			if (!nlab_view_has(v, t + 2 + i, as))
				return NLAB_P_ETRUNC;
			nlab_strbuf_printf(c->out, "%u ", as == 2 ? nlab_get16(v, t + 2 + i)
								  : nlab_get32(v, t + 2 + i));
		}
		nlab_p_puts(c, seg <= 4 ? close[seg] : "?");
		t += 2 + n;
	}
	return NLAB_P_OK;
}

/* Communities (TYPE 8), cluster lists (10) and large communities (32):
 * LEN bytes at OFF. */
static int lists(nlab_pctx *c, nlab_view v, size_t off, uint32_t len, uint8_t type)
{
	uint32_t each = type == 32 ? 12 : 4;
	if (len % each || (type == 32 && len == 0)) {
		nlab_p_puts(c, "invalid len");
		return NLAB_P_OK;
	}
	if (type == 32)
		nlab_p_puts(c, "\n\t    ");
	for (uint32_t i = 0; i < len; i += each) {
		const char *sep = len - i > each ? ", " : "";
		uint32_t x = nlab_get32(v, off + i);
		if (type == 10) {
			nlab_p_ip4(c, v, off + i);
			nlab_p_puts(c, sep);
		} else if (type == 32) {
			nlab_strbuf_printf(c->out, "%u:%u:%u%s", x, nlab_get32(v, off + i + 4),
					   nlab_get32(v, off + i + 8), sep);
		} else if (x >= 0xffffff01 && x <= 0xffffff03) {
			static const char *const wk[] = {" NO_EXPORT", " NO_ADVERTISE",
							 " NO_EXPORT_SUBCONFED"};
			nlab_p_puts(c, wk[x - 0xffffff01]);
		} else {
			nlab_strbuf_printf(c->out, "%u:%u%s", x >> 16, x & 0xffff, sep);
		}
	}
	return NLAB_P_OK;
}

/* A PMSI tunnel attribute (LEN bytes at OFF). */
static int pmsi(nlab_pctx *c, nlab_view v, size_t off, uint32_t len)
{
	static const char *const kinds[] = {"Unknown", "RSVP-TE P2MP LSP", "LDP P2MP LSP",
					    "PIM-SSM Tree", "PIM-SM Tree", "PIM-Bidir Tree",
					    "Ingress Replication", "LDP MP2MP LSP"};
	if (!nlab_view_has(v, off, 5) || len < 5)
		return NLAB_P_ETRUNC;
	uint8_t flags = nlab_get8(v, off), t = nlab_get8(v, off + 1);
	nlab_strbuf_printf(c->out, "\n\t    Tunnel-type %s (%u), Flags [%s], MPLS Label %u",
			   t < 8 ? kinds[t] : "Unknown", t, flags & 1 ? "Leaf Information required" : "none",
			   nlab_get24(v, off + 2) >> 4);
	off += 5, len -= 5;
	if (t == 0 || t > 7) {
		if (c->o->v <= 1)
			nlab_p_hexdump(c, v, off, len, "\n\t      ");
		return NLAB_P_OK;
	}
	if (!nlab_view_has(v, off, t == 6 ? 4 : 8))
		return NLAB_P_TRUNC;
	static const char *const what[] = {NULL, "Extended-Tunnel-ID ", "Root-Node ", "Root-Node ",
					   "Sender ", "Sender ", "Tunnel-Endpoint ", "Root-Node "};
	nlab_p_puts(c, "\n\t      ");
	nlab_p_puts(c, what[t]);
	nlab_p_ip4(c, v, off);
	if (t >= 3 && t <= 5) {
		nlab_p_puts(c, ", P-Group ");
		nlab_p_ip4(c, v, off + 4);
	} else if (t != 6) {
		nlab_strbuf_printf(c->out, t == 1 ? ", P2MP-ID 0x%08x" : ", LSP-ID 0x%08x",
				   nlab_get32(v, off + 4));
	}
	return NLAB_P_OK;
}

/* The accumulated IGP metric attribute's TLVs (LEN bytes at OFF). */
static int aigp(nlab_pctx *c, nlab_view v, size_t off, uint32_t len)
{
	while (len >= 3) {
		uint8_t t = nlab_get8(v, off);
		uint32_t l = nlab_get16(v, off + 1);
		off += 3, len -= 3;
		nlab_strbuf_printf(c->out, "\n\t    %s TLV (%u), length %u", t == 1 ? "AIGP" : "Unknown", t, l);
		if (l < 3)
			return NLAB_P_ETRUNC;
		l -= 3;
		if (len < l)
			return NLAB_P_ETRUNC;
		if (t == 1) {
			if (l < 8)
				return NLAB_P_ETRUNC;
			nlab_strbuf_printf(c->out, ", metric %" PRIu64,
					   (uint64_t)nlab_get32(v, off) << 32 | nlab_get32(v, off + 4));
		} else if (c->o->v <= 1) {
			nlab_p_hexdump(c, v, off, l, "\n\t      ");
		}
		off += l, len -= l;
	}
	return NLAB_P_OK;
}

static int attr(nlab_pctx *c, nlab_view v, size_t off, uint32_t len, uint8_t type, int level);

/* An attribute set (LEN bytes at OFF, nested LEVEL deep): its origin AS
 * and the attributes in it; sets *LEFT to what a short one left. */
static int attr_set(nlab_pctx *c, nlab_view v, size_t off, uint32_t len, int level,
		    uint32_t *left)
{
	if (!nlab_view_has(v, off, 4) || len < 4)
		return NLAB_P_ETRUNC;
	nlab_strbuf_printf(c->out, "\n\t    Origin AS: %u", nlab_get32(v, off));
	off += 4, len -= 4;
	*left = len;
	while (len) {
		if (!nlab_view_has(v, off, 2))
			return NLAB_P_ETRUNC;
		if (len < 2)
			break;
		uint8_t flags = nlab_get8(v, off), t = nlab_get8(v, off + 1);
		off += 2, len -= 2;
		uint32_t ll = flags & 0x10 ? 2 : 1;
		if (!nlab_view_has(v, off, ll))
			return NLAB_P_ETRUNC;
		if (len < ll)
			break;
		uint32_t alen = ll == 2 ? nlab_get16(v, off) : nlab_get8(v, off);
		off += ll, len -= ll;
		nlab_strbuf_printf(c->out, "\n\t      %s (%u), length: %u", attr_name(t), t, alen);
		if (flags) {
			nlab_strbuf_printf(c->out, ", Flags [%s%s%s%s", flags & 0x80 ? "O" : "",
					   flags & 0x40 ? "T" : "", flags & 0x20 ? "P" : "",
					   flags & 0x10 ? "E" : "");
			if (flags & 0xf)
				nlab_strbuf_printf(c->out, "+%x", flags & 0xf);
			nlab_p_puts(c, "]");
		}
		nlab_p_puts(c, ": ");
		if (len < alen)
			break;
		if (level == 10) {
			nlab_p_puts(c, "(too many nested levels, not recursing)");
		} else {
			int r = attr(c, v, off, alen, t, level + 1);
			if (r != NLAB_P_OK)
				return r;
		}
		off += alen, len -= alen;
	}
	if (len)
		nlab_p_puts(c, " [path attr too short]");
	*left = len;
	return NLAB_P_OK;
}

/* One path attribute's value (TYPE, LEN bytes at OFF, within the
 * message; LEVEL: how deep in attribute sets): NLAB_P_OK, or the kind
 * of cut that ends it. */
static int attr(nlab_pctx *c, nlab_view v, size_t off, uint32_t len, uint8_t type, int level)
{
	uint32_t want = type == 1 ? 1 : type == 6 ? 0 : 4;
	switch (type) {
	case 1: case 3: case 4: case 5: case 6: case 9:
		if (len != want) {
			nlab_p_puts(c, "invalid len");
		} else if (type == 1) {
			uint8_t o = nlab_get8(v, off);
			nlab_p_puts(c, o == 0 ? "IGP" : o == 1 ? "EGP" : o == 2 ? "Incomplete"
							  : "Unknown Origin Typecode");
		} else if (type == 3 || type == 9) {
			nlab_p_ip4(c, v, off);
		} else if (type != 6) {
			nlab_p_u(c, nlab_get32(v, off));
		}
		break;
	case 2: case 17: {
		int r = as_path(c, v, off, len, type);
		if (r != NLAB_P_OK)
			return r;
		break;
	}
	case 7: case 18:
		if ((type == 7 && len != 6 && len != 8) || (type == 18 && len != 8)) {
			nlab_p_puts(c, "invalid len");
			break;
		}
		nlab_strbuf_printf(c->out, " AS #%u, origin ", len == 6 ? nlab_get16(v, off)
									: nlab_get32(v, off));
		nlab_p_ip4(c, v, off + len - 4);
		break;
	case 8: case 10: case 32:
		lists(c, v, off, len, type);
		if (type == 32 && len && len % 12 == 0)
			return NLAB_P_OK; /* tcpdump counted its length down to 0 */
		break;
	case 14: case 15: {
		int r = nlab_p_bgp_mp(c, v, off, len, type);
		if (r != NLAB_P_OK)
			return r;
		break;
	}
	case 16:
		nlab_p_bgp_extcomm(c, v, off, len);
		break;
	case 22: case 26: {
		int r = type == 22 ? pmsi(c, v, off, len) : aigp(c, v, off, len);
		if (r != NLAB_P_OK)
			return r;
		break;
	}
	case 128: {
		uint32_t left = 0;
		int r = attr_set(c, v, off, len, level, &left);
		if (r != NLAB_P_OK)
			return r;
		len = left; /* tcpdump counted it down */
		break;
	}
	default:
		nlab_strbuf_printf(c->out, "\n\t    no Attribute %u decoder", type);
		if (c->o->v <= 1)
			nlab_p_hexdump(c, v, off, len, "\n\t    ");
	}
	if (c->o->v > 1 && len)
		nlab_p_hexdump(c, v, off, len, "\n\t    ");
	return NLAB_P_OK;
}

/* " [path attrs too short]" (LEAD: its line break) and the rest of the
 * attributes skipped. */
static void too_short(nlab_pctx *c, const char *lead, size_t *p, uint32_t *length,
		      uint32_t *len)
{
	nlab_p_puts(c, lead);
	nlab_p_puts(c, "[path attrs too short]");
	*p += *len, *length -= *len, *len = 0;
}

/* The path attributes (LEN bytes from *P, LENGTH left in the message). */
static int attrs(nlab_pctx *c, nlab_view v, size_t *p, uint32_t *length, uint32_t len)
{
	if (*length < len)
		return NLAB_P_ETRUNC;
	while (len) {
		if (!nlab_view_has(v, *p, 2) || *length < 2)
			return NLAB_P_ETRUNC;
		if (len < 2) {
			too_short(c, "\n\t  ", p, length, &len);
			break;
		}
		uint8_t flags = nlab_get8(v, *p), type = nlab_get8(v, *p + 1);
		*p += 2, len -= 2, *length -= 2;
		uint32_t ll = flags & 0x10 ? 2 : 1;
		if (!nlab_view_has(v, *p, ll) || *length < ll)
			return NLAB_P_ETRUNC;
		if (len < ll) {
			too_short(c, "\n\t  ", p, length, &len);
			break;
		}
		uint32_t alen = ll == 2 ? nlab_get16(v, *p) : nlab_get8(v, *p);
		*p += ll, len -= ll, *length -= ll;
		nlab_strbuf_printf(c->out, "\n\t  %s (%u), length: %u", attr_name(type), type, alen);
		if (flags) {
			nlab_strbuf_printf(c->out, ", Flags [%s%s%s%s", flags & 0x80 ? "O" : "",
					   flags & 0x40 ? "T" : "", flags & 0x20 ? "P" : "",
					   flags & 0x10 ? "E" : "");
			if (flags & 0xf)
				nlab_strbuf_printf(c->out, "+%x", flags & 0xf);
			nlab_p_puts(c, "]: ");
		}
		if (len < alen) {
			too_short(c, " ", p, length, &len);
			break;
		}
		if (*length < alen)
			return NLAB_P_ETRUNC;
		int r = attr(c, v, *p, alen, type, 0);
		if (r != NLAB_P_OK)
			return r;
		*p += alen, len -= alen, *length -= alen;
	}
	return NLAB_P_OK;
}

int nlab_p_bgp_update(nlab_pctx *c, nlab_view v, uint32_t length)
{
	if (!nlab_view_has(v, 0, 19) || length < 19)
		return NLAB_P_ETRUNC;
	size_t p = 19;
	length -= 19;
	if (!nlab_view_has(v, p, 2) || length < 2)
		return NLAB_P_ETRUNC;
	uint32_t wlen = nlab_get16(v, p);
	p += 2, length -= 2;
	if (!nlab_view_has(v, p, wlen) || length < wlen)
		return NLAB_P_ETRUNC;
	if (wlen > 1) {
		size_t at = p;
		uint32_t left = wlen;
		int r = prefixes(c, v, &at, &left, "\n\t  Withdrawn routes:", 0);
		if (r != NLAB_P_OK)
			return r;
		length -= (uint32_t)(at - p), p = at, wlen = left;
	} else {
		p += wlen, length -= wlen;
	}
	if (!nlab_view_has(v, p, 2) || length < 2)
		return NLAB_P_ETRUNC;
	uint32_t len = nlab_get16(v, p);
	p += 2, length -= 2;
	if (wlen == 0 && len == 0 && length == 0) {
		nlab_p_puts(c, "\n\t  End-of-Rib Marker (empty NLRI)");
		return NLAB_P_OK;
	}
	int r = len ? attrs(c, v, &p, &length, len) : NLAB_P_OK;
	if (r != NLAB_P_OK || !length)
		return r;
	return prefixes(c, v, &p, &length, "\n\t  Updated routes:", 1);
}
