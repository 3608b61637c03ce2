/* print_rsvp.c - RSVP (IP protocol 46), as tcpdump's print-rsvp.c writes
 * it: "RSVPv1 Path Message, length: N", and under -v the common header
 * and each object a line with what tcpdump decodes of it (sessions,
 * hops, time values, error specs, styles, flow and filter specs with
 * their IntServ parameters, labels, EROs and RROs, hellos, message ids,
 * integrity, GMPLS objects, fast re-route, generalized UNI), bundles'
 * messages, hex for the rest (-vv: every object in hex too). */
#include "print_priv.h"

/* One message being read: V from its common header (what was captured
 * of the datagram), IND before each object line. */
typedef struct rsvp {
	nlab_pctx *c;
	nlab_view v;
	const char *ind;
} rsvp;

enum { R_ERR = -1, R_CUT = -2 };

/* A message type's name (rsvp_msg_type_values), or NULL. */
static const char *msg_name(uint8_t t)
{
	static const char *const n[] = {NULL, "Path", "Resv", "PathErr", "ResvErr", "PathTear",
					"ResvTear", "ResvConf", NULL, NULL, NULL, NULL, "Bundle",
					"Acknowledgement", "Hello (Old)", "Refresh", NULL, NULL,
					NULL, NULL, "Hello"};
	return t < sizeof n / sizeof n[0] ? n[t] : NULL;
}

/* An object class's name (rsvp_obj_values). */
static const char *obj_name(uint8_t k)
{
	static const char *const low[] = {NULL, "Session", NULL, "RSVP Hop", "Integrity",
		"Time Values", "Error Spec", "Scope", "Style", "Flowspec", "FilterSpec",
		"Sender Template", "Sender TSpec", "Adspec", "Policy Data", "Confirm", "Label", NULL,
		NULL, "Label Request", "ERO", "RRO", "Hello", "Message ID", "Message ID Ack",
		"Message ID List"};
	if (k < sizeof low / sizeof low[0] && low[k])
		return low[k];
	switch (k) {
	case 34: return "Recovery Label";
	case 35: return "Upstream Label";
	case 36: return "Label Set";
	case 37: return "Protection";
	case 50: return "Sub-LSP to LSP";
	case 63: return "Detour";
	case 66: return "Class Type";
	case 125: return "Class Type (old)";
	case 129: return "Suggested Label";
	case 130: return "Acceptable Label Set";
	case 131: return "Restart Capability";
	case 134: return "Capability";
	case 195: return "Notify Request";
	case 196: return "Administrative Status";
	case 204: return "Properties";
	case 205: return "Fast Re-Route";
	case 207: return "Session Attribute";
	case 229: return "Generalized UNI";
	case 230: return "Call-ID";
	case 236: return "Call Capability";
	default: return "Unknown";
	}
}

/* The label objects' class-type names (Label, Suggested, Upstream,
 * Recovery). */
static const char *label_ctype(uint8_t t)
{
	return t == 1 ? "Label" : t == 2 ? "Generalized Label" : t == 3 ? "Waveband Switching" : NULL;
}

/* The name of class-type T of class K (rsvp_ctype_values), or NULL. */
static const char *ctype_name(uint8_t k, uint8_t t)
{
	static const char *const ip[] = {NULL, "IPv4", "IPv6"};
	static const char *const opt[] = {NULL, "IPv4", "IPv6", "IPv4 plus opt. TLVs", "IPv6 plus opt. TLVs"};
	static const char *const lreq[] = {NULL, "without label range", "with ATM label range",
					   "with FR label range", "Generalized Label"};
	switch (k) {
	case 3: case 6: return t <= 4 ? opt[t] : NULL;
	case 195: case 15: return t <= 2 ? ip[t] : NULL;
	case 131: return t == 1 ? "IPv4" : NULL;
	case 5: case 8: case 23: case 25: case 134: case 204: case 196: case 66:
	case 125: case 36: case 229:
		return t == 1 ? "1" : NULL;
	case 9: return t == 1 ? "obsolete" : t == 2 ? "IntServ" : NULL;
	case 12: case 13: return t == 2 ? "IntServ" : NULL;
	case 10:
		if (t == 3)
			return "IPv6 Flow-label";
		/* fall through */
	case 11:
		if (t <= 2)
			return ip[t];
		return t == 7 ? "Tunnel IPv4" : t == 12 ? "IPv4 P2MP LSP Tunnel" : t == 13 ? "IPv6 P2MP LSP Tunnel" : NULL;
	case 1:
		if (t <= 2)
			return ip[t];
		return t == 7 ? "Tunnel IPv4" : t == 11 ? "UNI IPv4" : t == 13 ? "IPv4 P2MP LSP Tunnel"
			: t == 14 ? "IPv6 P2MP LSP Tunnel" : NULL;
	case 24: return t == 1 ? "Message id ack" : t == 2 ? "Message id nack" : NULL;
	case 22: return t == 1 ? "Hello Request" : t == 2 ? "Hello Ack" : NULL;
	case 19: return t <= 4 ? lreq[t] : NULL;
	case 16: case 129: case 35: case 34: return label_ctype(t);
	case 20: case 21: return t == 1 ? "IPv4" : NULL;
	case 207: case 63: return t == 7 ? "Tunnel IPv4" : NULL;
	case 205: return t == 7 ? "Tunnel IPv4" : t == 1 ? "1" : NULL;
	case 50: return t == 1 ? "IPv4 sub-LSP" : t == 2 ? "IPv6 sub-LSP" : NULL;
	default: return NULL;
	}
}

/* A 32-bit IEEE float at OFF. */
static float flt(nlab_view v, size_t off)
{
	uint32_t i = nlab_get32(v, off);
	float f;
	memcpy(&f, &i, sizeof f);
	return f;
}

/* One IntServ parameter at OFF, LEFT bytes of the object left
 * (rsvp_intserv_print): the bytes it took, 0 to stop. */
static uint32_t intserv(rsvp *r, size_t off, uint32_t left)
{
	static const char *const pn[] = {"IS hop cnt", NULL, "Path b/w estimate", NULL,
					 "Minimum path latency", NULL, "Composed MTU"};
	nlab_pctx *c = r->c;
	nlab_view v = r->v;
	if (left < 4)
		return 0;
	uint8_t id = nlab_get8(v, off);
	uint32_t plen = (uint32_t)nlab_get16(v, off + 2) << 2;
	const char *name = id >= 4 && id <= 10 && !(id & 1) ? pn[id - 4] : id == 127 ? "Token Bucket TSpec"
		: id == 130 ? "Guaranteed Service RSpec" : id == 133 ? "End-to-end composed value for C"
		: id == 134 ? "End-to-end composed value for D" : id == 135 ? "Since-last-reshaping point composed C"
		: id == 136 ? "Since-last-reshaping point composed D" : "unknown";
	nlab_strbuf_printf(c->out, "\n\t      Parameter ID: %s (%u), length: %u, Flags: [0x%02x]", name, id, plen,
			   nlab_get8(v, off + 1));
	if (left < plen + 4)
		return 0;
	size_t p = off + 4;
	uint32_t x = nlab_get32(v, p);
	switch (id) {
	case 4: if (plen == 4) nlab_strbuf_printf(c->out, "\n\t\tIS hop count: %u", x); break;
	case 6: if (plen == 4) nlab_strbuf_printf(c->out, "\n\t\tPath b/w estimate: %.10g Mbps", (double)(flt(v, p) / 125000)); break;
	case 8:
		if (plen == 4) {
			nlab_p_puts(c, "\n\t\tMinimum path latency: ");
			x == 0xffffffff ? nlab_p_puts(c, "don't care") : nlab_p_u(c, x);
		}
		break;
	case 10: if (plen == 4) nlab_strbuf_printf(c->out, "\n\t\tComposed MTU: %u bytes", x); break;
	case 127:
		if (plen == 20)
			nlab_strbuf_printf(c->out, "\n\t\tToken Bucket Rate: %.10g Mbps\n\t\tToken Bucket Size: %.10g bytes"
					   "\n\t\tPeak Data Rate: %.10g Mbps\n\t\tMinimum Policed Unit: %u bytes"
					   "\n\t\tMaximum Packet Size: %u bytes", (double)(flt(v, p) / 125000),
					   (double)flt(v, p + 4), (double)(flt(v, p + 8) / 125000),
					   nlab_get32(v, p + 12), nlab_get32(v, p + 16));
		break;
	case 130:
		if (plen == 8)
			nlab_strbuf_printf(c->out, "\n\t\tRate: %.10g Mbps\n\t\tSlack Term: %u",
					   (double)(flt(v, p) / 125000), nlab_get32(v, p + 4));
		break;
	case 133: case 134: case 135: case 136:
		if (plen == 4)
			nlab_strbuf_printf(c->out, "\n\t\tValue: %u", x);
		break;
	default:
		if (c->o->v <= 1)
			nlab_p_hexdump(c, v, p, plen, "\n\t\t");
	}
	return plen + 4;
}

/* The IntServ flowspec, TSpec or Adspec body of LEN bytes at P. */
static void intserv_obj(rsvp *r, size_t p, uint32_t len)
{
	nlab_pctx *c = r->c;
	nlab_strbuf_printf(c->out, "%s  Msg-Version: %u, length: %u", r->ind, nlab_get8(r->v, p) >> 4,
			   (uint32_t)nlab_get16(r->v, p + 2) << 2);
	p += 4, len -= 4;
	while (len >= 4) {
		uint8_t st = nlab_get8(r->v, p);
		uint32_t slen = (uint32_t)nlab_get16(r->v, p + 2) << 2;
		nlab_strbuf_printf(c->out, "%s  Service Type: %s (%u), break bit %sset, Service length: %u", r->ind,
				   st == 1 ? "Default/Global Information" : st == 2 ? "Guaranteed Service"
				   : st == 5 ? "Controlled Load" : "unknown", st,
				   nlab_get8(r->v, p + 1) & 0x80 ? "" : "not ", slen);
		p += 4, len -= 4;
		while (slen >= 4) {
			uint32_t took = intserv(r, p, len);
			if (!took)
				break;
			len -= took, slen -= took, p += took;
		}
	}
}

/* An IPv4 or IPv6 address at OFF (V6 chooses). */
static void addr(rsvp *r, size_t off, int v6)
{
	v6 ? nlab_p_ip6addr(r->c, r->v, off) : nlab_p_ip4(r->c, r->v, off);
}

/* "Error Code: ..." of an error spec whose address of W bytes is at P. */
static void error_spec(rsvp *r, size_t p, size_t w)
{
	static const char *const routing[] = {NULL, "Bad EXPLICIT_ROUTE object", "Bad strict node",
		"Bad loose node", "Bad initial subobject", "No route available toward destination",
		"Unacceptable label value", "RRO indicated routing loops",
		"non-RSVP-capable router in the path", "MPLS label allocation failure", "Unsupported L3PID"};
	static const char *const dste[] = {NULL, "Unexpected CT object", "Unsupported CT", "Invalid CT value",
		"CT/setup priority do not form a configured TE-Class",
		"CT/holding priority do not form a configured TE-Class",
		"CT/setup priority and CT/holding priority do not form a configured TE-Class",
		"Inconsistency between signaled PSC and signaled CT",
		"Inconsistency between signaled PHBs and signaled CT"};
	nlab_pctx *c = r->c;
	uint8_t code = nlab_get8(r->v, p + w + 1);
	uint16_t val = nlab_get16(r->v, p + w + 2);
	nlab_strbuf_printf(c->out, "%s  Error Node Address: ", r->ind);
	addr(r, p, w == 16);
	nlab_strbuf_printf(c->out, ", Flags: [0x%02x]%s  Error Code: %s (%u)", nlab_get8(r->v, p + w), r->ind,
			   code == 24 ? "Routing Problem" : code == 25 ? "Notify Error" : code == 28
			   ? "Diffserv TE Error" : code == 125 ? "Diffserv TE Error (Old)" : "unknown", code);
	if (code == 24)
		nlab_strbuf_printf(c->out, ", Error Value: %s (%u)", val < 11 && routing[val] ? routing[val] : "unknown", val);
	else if (w == 16)
		return;
	else if (code == 28 || code == 125)
		nlab_strbuf_printf(c->out, ", Error Value: %s (%u)", val < 9 && dste[val] ? dste[val] : "unknown", val);
	else
		nlab_strbuf_printf(c->out, ", Unknown Error Value (%u)", val);
}

/* The ERO or RRO subobjects of LEN bytes at P: 0, or R_ERR. */
static int xro(rsvp *r, size_t p, uint32_t len)
{
	static const nlab_bitname rro[] = {{0x01, "Local protection available"}, {0x02, "Local protection in use"},
		{0x04, "Bandwidth protection"}, {0x08, "Node protection"}, {0, NULL}};
	static const nlab_bitname lbl[] = {{0x01, "Global"}, {0, NULL}};
	nlab_pctx *c = r->c;
	while (len >= 4) {
		uint8_t t = nlab_get8(r->v, p) & 0x7f, l = nlab_get8(r->v, p + 1);
		const char *n = t == 0 ? "Reserved" : t == 1 ? "IPv4 prefix" : t == 2 ? "IPv6 prefix" : t == 3 ? "Label"
			: t == 32 ? "Autonomous system number" : t == 64 ? "MPLS label switched path termination" : NULL;
		nlab_strbuf_printf(c->out, "%s  Subobject Type: ", r->ind);
		n ? nlab_p_puts(c, n) : nlab_strbuf_printf(c->out, "Unknown %u", t);
		nlab_strbuf_printf(c->out, ", length %u", l);
		if (len < l) {
			nlab_strbuf_printf(c->out, "%s  ERROR: ERO subobject length > object length", r->ind);
			return 0;
		}
		if (l == 0) {
			nlab_strbuf_printf(c->out, "%s  ERROR: zero length ERO subtype", r->ind);
			return 0;
		}
		if ((t == 1 || t == 3) && l != 8) {
			nlab_p_puts(c, " ERROR: length != 8 (invalid)");
			return R_ERR;
		}
		if (t == 1) {
			uint8_t pl = nlab_get8(r->v, p + 6);
			if (pl != 32) {
				nlab_strbuf_printf(c->out, " ERROR: Prefix length %u != 32 (invalid)", pl);
				return R_ERR;
			}
			nlab_strbuf_printf(c->out, ", %s, ", nlab_get8(r->v, p) & 0x80 ? "Loose" : "Strict");
			nlab_p_ip4(c, r->v, p + 2);
			nlab_strbuf_printf(c->out, "/%u, Flags: [", pl);
			nlab_p_bits(c, rro, nlab_get8(r->v, p + 7), ", ", "none");
			nlab_p_puts(c, "]");
		} else if (t == 3) {
			uint8_t f = nlab_get8(r->v, p + 2), ct = nlab_get8(r->v, p + 3);
			nlab_p_puts(c, ", Flags: [");
			nlab_p_bits(c, lbl, f, ", ", "none");
			nlab_strbuf_printf(c->out, f ? "] (%#x), Class-Type: %s (%u), %u" : "] (%u), Class-Type: %s (%u), %u",
					   f, ct == 1 ? "IPv4" : "Unknown", ct, nlab_get32(r->v, p + 4));
		}
		len -= l, p += l;
	}
	return 0;
}

/* The generalized UNI object's subobjects (LEN bytes at P): 0, 1 to
 * dump it in hex, R_ERR. */
static int gen_uni(rsvp *r, size_t p, uint32_t len)
{
	static const char *const names[] = {"Unknown", "Source TNA address", "Destination TNA address",
					    "Diversity", "Egress label", "Service level"};
	nlab_pctx *c = r->c;
	int hex = 0;
	uint32_t total = len;
	while (total > 0) {
		if (total < 4)
			goto invalid;
		uint32_t sl = nlab_get16(r->v, p);
		uint8_t st = nlab_get8(r->v, p + 2), af = nlab_get8(r->v, p + 3);
		nlab_strbuf_printf(c->out, "%s  Subobject Type: %s (%u), AF: %s (%u), length: %u", r->ind,
				   names[st <= 5 ? st : 0], st, nlab_p_bgp_af_name(af, "Unknown"), af, sl);
		if (sl < 4 || sl > total || len < sl)
			goto invalid;
		if ((st == 1 || st == 2) && ((af == 1 && sl < 8) || (af == 2 && sl < 20)))
			goto short_sub;
		if ((st == 4 && sl < 16) || (st == 5 && sl < 8))
			goto short_sub;
		if ((st == 1 || st == 2) && (af == 1 || af == 2)) {
			nlab_strbuf_printf(c->out, "%s    UNI IPv%c TNA address: ", r->ind, af == 1 ? '4' : '6');
			addr(r, p + 4, af == 2);
		} else if (st == 4) {
			uint32_t w = nlab_get32(r->v, p + 4);
			nlab_strbuf_printf(c->out, "%s    U-bit: %x, Label type: %u, Logical port id: %u, Label: %u", r->ind,
					   w >> 31, w & 0xff, nlab_get32(r->v, p + 8), nlab_get32(r->v, p + 12));
		} else if (st == 5) {
			nlab_strbuf_printf(c->out, "%s    Service level: %u", r->ind, nlab_get32(r->v, p + 4) >> 24);
		} else if (!(st == 1 || st == 2) || af == 3) {
			hex |= st != 3 || sl > 4;
		}
		total -= sl, p += sl, len += sl; /* tcpdump adds, as it does */
	}
	return hex;
short_sub:
	nlab_strbuf_printf(c->out, "%sERROR: sub-object is too short", r->ind);
	return R_ERR;
invalid:
	nlab_p_puts(c, " (invalid)");
	return R_ERR;
}

/* "ERROR: object is too short": R_ERR. */
static int too_short(rsvp *r)
{
	nlab_strbuf_printf(r->c->out, "%sERROR: object is too short", r->ind);
	return R_ERR;
}

/* The session, sender template and filter spec objects of class K,
 * class-type T (LEN bytes at P): 0, 1 (hex), R_ERR. */
static int addr_obj(rsvp *r, uint8_t k, uint8_t t, size_t p, uint32_t len)
{
	nlab_pctx *c = r->c;
	const char *I = r->ind;
	static const uint8_t need_s[] = {0, 8, 20, 0, 0, 0, 0, 12, 36, 0, 0, 12, 0, 12, 26};
	static const uint8_t need_t[] = {0, 8, 20, 20, 0, 0, 0, 8, 20, 0, 0, 0, 16, 40};
	if (k == 1) {
		if (t > 14 || !need_s[t])
			return 1;
		if (len < need_s[t])
			return too_short(r);
		if (t == 1 || t == 2) {
			nlab_strbuf_printf(c->out, "%s  IPv%c DestAddress: ", I, t == 1 ? '4' : '6');
			addr(r, p, t == 2);
			size_t w = t == 1 ? 4 : 16;
			nlab_strbuf_printf(c->out, ", Protocol ID: 0x%02x%s  Flags: [0x%02x], DestPort %u",
					   nlab_get8(r->v, p + w), I, nlab_get8(r->v, p + w + 1), nlab_get16(r->v, p + w + 2));
		} else if (t == 8) {
			nlab_strbuf_printf(c->out, "%s  IPv6 Tunnel EndPoint: ", I);
			addr(r, p, 1);
			nlab_strbuf_printf(c->out, ", Tunnel ID: 0x%04x, Extended Tunnel ID: ", nlab_get16(r->v, p + 18));
			addr(r, p + 20, 1);
		} else if (t == 14) {
			nlab_strbuf_printf(c->out, "%s  IPv6 P2MP LSP ID: 0x%08x, Tunnel ID: 0x%04x, Extended Tunnel ID: ", I,
					   nlab_get32(r->v, p), nlab_get16(r->v, p + 6));
			addr(r, p + 8, 1);
		} else {
			nlab_strbuf_printf(c->out, "%s  IPv4 %s: ", I, t == 13 ? "P2MP LSP ID" : "Tunnel EndPoint");
			addr(r, p, 0);
			nlab_strbuf_printf(c->out, ", Tunnel ID: 0x%04x, Extended Tunnel ID: ", nlab_get16(r->v, p + 6));
			addr(r, p + 8, 0);
		}
		return 0;
	}
	if (t > 13 || !need_t[t] || (k == 11 && (t == 3 || t == 8)))
		return 1;
	if (len < need_t[t])
		return too_short(r);
	if (t == 12 || t == 13) {
		int v6 = t == 13;
		nlab_strbuf_printf(c->out, "%s  IPv%c Tunnel Sender Address: ", I, v6 ? '6' : '4');
		addr(r, p, v6);
		nlab_strbuf_printf(c->out, ", LSP ID: 0x%04x%s  Sub-Group Originator ID: ", nlab_get16(r->v, p + (v6 ? 18 : 6)), I);
		addr(r, p + (v6 ? 20 : 8), v6);
		nlab_strbuf_printf(c->out, ", Sub-Group ID: 0x%04x", nlab_get16(r->v, p + (v6 ? 38 : 12)));
		return 0;
	}
	if (k == 11 && t == 7)
		nlab_strbuf_printf(c->out, "%s  IPv4 Tunnel Sender Address: ", I);
	else
		nlab_strbuf_printf(c->out, "%s  Source Address: ", I);
	addr(r, p, t == 2 || t == 3);
	if (t == 1 || t == 2)
		nlab_strbuf_printf(c->out, ", Source Port: %u", nlab_get16(r->v, p + (t == 1 ? 6 : 18)));
	else if (t == 3)
		nlab_strbuf_printf(c->out, ", Flow Label: %u", nlab_get24(r->v, p + 17));
	else
		nlab_strbuf_printf(c->out, ", LSP-ID: 0x%04x", nlab_get16(r->v, p + (t == 8 ? 18 : 6)));
	return 0;
}

/* The label request object of class-type T (LEN bytes at P). */
static int label_req(rsvp *r, uint8_t t, size_t p, uint32_t len)
{
	nlab_pctx *c = r->c;
	const char *I = r->ind;
	if (t < 1 || t > 4)
		return 1;
	if ((t == 2 || t == 3) && len < 12)
		return too_short(r);
	if (t == 4) {
		if (len < 4)
			return too_short(r);
		uint8_t e = nlab_get8(r->v, p), s = nlab_get8(r->v, p + 1);
		uint16_t g = nlab_get16(r->v, p + 2);
		nlab_strbuf_printf(c->out, "%s  LSP Encoding Type: %s (%u)%s  Switching Type: %s (%u), Payload ID: %s (0x%04x)",
				   I, nlab_p_gmpls_encoding(e), e, I, nlab_p_gmpls_switch_cap(s), s,
				   nlab_p_gmpls_payload(g), g);
		return 0;
	}
	for (; len >= 4; len -= 4, p += 4) {
		uint16_t et = nlab_get16(r->v, p + 2);
		const char *n = nlab_p_ethertype_name(et);
		nlab_strbuf_printf(c->out, "%s  L3 Protocol ID: ", I);
		n ? nlab_p_puts(c, n) : nlab_strbuf_printf(c->out, "Unknown Protocol (0x%04x)", et);
		if (t == 2) {
			nlab_strbuf_printf(c->out, ",%s merge capability%s  Minimum VPI/VCI: %u/%u%s  Maximum VPI/VCI: %u/%u",
					   nlab_get8(r->v, p + 4) & 0x80 ? "no" : "", I, nlab_get16(r->v, p + 4) & 0xfff,
					   nlab_get16(r->v, p + 6) & 0xfff, I, nlab_get16(r->v, p + 8) & 0xfff,
					   nlab_get16(r->v, p + 10) & 0xfff);
			return 0;
		}
		if (t == 3) {
			unsigned d = (nlab_get16(r->v, p + 4) >> 7) & 3;
			nlab_strbuf_printf(c->out, "%s  Minimum/Maximum DLCI: %u/%u, %s%s bit DLCI", I,
					   nlab_get32(r->v, p + 4) & 0x7fffff, nlab_get32(r->v, p + 8) & 0x7fffff,
					   d == 0 ? "10" : "", d == 2 ? "23" : "");
			return 0;
		}
	}
	return 0;
}

/* The labels (class-type T) of LEN bytes at P. */
static int label_obj(rsvp *r, uint8_t t, size_t p, uint32_t len)
{
	nlab_pctx *c = r->c;
	if (t == 1) {
		for (; len >= 4; len -= 4, p += 4)
			nlab_strbuf_printf(c->out, "%s  Label: %u", r->ind, nlab_get32(r->v, p));
		return 0;
	}
	if (t == 2 && len >= 4)
		nlab_strbuf_printf(c->out, "%s  Generalized Label: %u", r->ind, nlab_get32(r->v, p));
	else if (t == 3 && len >= 12)
		nlab_strbuf_printf(c->out, "%s  Waveband ID: %u%s  Start Label: %u, Stop Label: %u", r->ind,
				   nlab_get32(r->v, p), r->ind, nlab_get32(r->v, p + 4), nlab_get32(r->v, p + 8));
	else if (t == 2 || t == 3)
		return too_short(r);
	else
		return 1;
	return 0;
}

/* The session attribute object (LEN bytes at P). */
static int session_attr(rsvp *r, size_t p, uint32_t len)
{
	static const nlab_bitname fl[] = {{0x01, "Local Protection"}, {0x02, "Label Recording"},
		{0x04, "SE Style"}, {0x08, "Bandwidth protection"}, {0x10, "Node protection"}, {0, NULL}};
	nlab_pctx *c = r->c;
	if (len < 4)
		return too_short(r);
	uint32_t n = nlab_get8(r->v, p + 3);
	if (len < 4 + n)
		return too_short(r);
	nlab_strbuf_printf(c->out, "%s  Session Name: ", r->ind);
	for (uint32_t i = 0; i < n; i++)
		nlab_p_char(c, nlab_get8(r->v, p + 4 + i));
	uint8_t f = nlab_get8(r->v, p + 2);
	nlab_strbuf_printf(c->out, "%s  Setup Priority: %u, Holding Priority: %u, Flags: [", r->ind,
			   nlab_get8(r->v, p), nlab_get8(r->v, p + 1));
	nlab_p_bits(c, fl, f, ", ", "none");
	nlab_strbuf_printf(c->out, f ? "] (%#x)" : "] (%u)", f);
	return 0;
}

/* The fast re-route object of class-type T (LEN bytes at P). */
static int frr(rsvp *r, uint8_t t, size_t p, uint32_t len)
{
	nlab_pctx *c = r->c;
	if (t != 1 && t != 7)
		return 1;
	if (len < (t == 1 ? 20u : 16u))
		return too_short(r);
	float bw = flt(r->v, p + 4);
	nlab_strbuf_printf(c->out, "%s  Setup Priority: %u, Holding Priority: %u, Hop-limit: %u, Bandwidth: %.10g Mbps",
			   r->ind, nlab_get8(r->v, p), nlab_get8(r->v, p + 1), nlab_get8(r->v, p + 2),
			   (double)(bw * 8 / 1000000));
	if (t == 1)
		nlab_strbuf_printf(c->out, "%s  Include-any: 0x%08x, Exclude-any: 0x%08x, Include-all: 0x%08x", r->ind,
				   nlab_get32(r->v, p + 8), nlab_get32(r->v, p + 12), nlab_get32(r->v, p + 16));
	else
		nlab_strbuf_printf(c->out, "%s  Include Colors: 0x%08x, Exclude Colors: 0x%08x", r->ind,
				   nlab_get32(r->v, p + 8), nlab_get32(r->v, p + 12));
	return 0;
}

/* The properties object (LEN bytes at P). */
static int properties(rsvp *r, size_t p, uint32_t len)
{
	nlab_pctx *c = r->c;
	if (len < 4)
		return too_short(r);
	uint32_t pad = nlab_get16(r->v, p + 2);
	nlab_strbuf_printf(c->out, "%s  TLV count: %u, padding bytes: %u", r->ind, nlab_get16(r->v, p), pad);
	p += 4, len -= 4;
	while (len >= 2 + pad) {
		uint8_t t = nlab_get8(r->v, p), l = nlab_get8(r->v, p + 1);
		const char *n = t == 1 ? "Cos" : t == 2 ? "Metric 1" : t == 4 ? "Metric 2" : t == 8 ? "CCC Status"
			: t == 16 ? "Path Type" : "unknown";
		nlab_strbuf_printf(c->out, "%s    %s TLV (0x%02x), length: %u", r->ind, n, t, l);
		if (len < l)
			return too_short(r);
		if (l < 2) {
			nlab_strbuf_printf(c->out, "%sERROR: property TLV is too short", r->ind);
			return R_ERR;
		}
		nlab_p_hexdump(c, r->v, p + 2, l - 2u, "\n\t\t");
		len -= l, p += l;
	}
	return 0;
}

/* The label set object (LEN bytes at P). */
static int label_set(rsvp *r, size_t p, uint32_t len)
{
	static const char *const act[] = {"Inclusive list", "Exclusive list", "Inclusive range", "Exclusive range"};
	nlab_pctx *c = r->c;
	if (len < 4)
		return too_short(r);
	unsigned a = nlab_get16(r->v, p) >> 8;
	nlab_strbuf_printf(c->out, "%s  Action: %s (%u), Label type: %u", r->ind, a < 4 ? act[a] : "Unknown", a,
			   nlab_get32(r->v, p) & 0x7f);
	if (a == 2 || a == 3) {
		if (len < 12)
			return too_short(r);
		nlab_strbuf_printf(c->out, "%s  Start range: %u, End range: %u", r->ind, nlab_get32(r->v, p + 4),
				   nlab_get32(r->v, p + 8));
		return 0;
	}
	p += 4, len -= 4;
	for (unsigned n = 1; len >= 4; n++, p += 4, len -= 4)
		nlab_strbuf_printf(c->out, "%s  Subchannel #%u: %u", r->ind, n, nlab_get32(r->v, p));
	return 0;
}

/* The message id, ack and list objects (LEN bytes at P). */
static int message_ids(rsvp *r, size_t p, uint32_t len)
{
	nlab_pctx *c = r->c;
	if (len < 4)
		return too_short(r);
	nlab_strbuf_printf(c->out, "%s  Flags [0x%02x], epoch: %u", r->ind, nlab_get8(r->v, p), nlab_get24(r->v, p + 1));
	for (p += 4, len -= 4; len >= 4; p += 4, len -= 4) {
		uint32_t id = nlab_get32(r->v, p);
		nlab_strbuf_printf(c->out, "%s    Message-ID 0x%08x (%u)", r->ind, id, id);
	}
	return 0;
}

/* The integrity object (LEN bytes at P). */
static int integrity(rsvp *r, size_t p, uint32_t len)
{
	nlab_view v = r->v;
	if (len < 32)
		return too_short(r);
	nlab_strbuf_printf(r->c->out, "%s  Key-ID 0x%04x%08x, Sequence 0x%08x%08x, Flags [%s]", r->ind,
			   nlab_get16(v, p + 2), nlab_get32(v, p + 4), nlab_get32(v, p + 8), nlab_get32(v, p + 12),
			   nlab_get8(v, p) & 0x80 ? "Handshake" : "none");
	nlab_strbuf_printf(r->c->out, "%s  MD5-sum 0x%08x%08x%08x%08x  (unchecked)", r->ind, nlab_get32(v, p + 16),
			   nlab_get32(v, p + 20), nlab_get32(v, p + 24), nlab_get32(v, p + 28));
	return 0;
}

/* An object whose body is one or two fixed fields, of class K and
 * class-type T (LEN bytes at P): 0, 1 (hex), R_ERR; -3: not one. */
static int simple_obj(rsvp *r, uint8_t k, uint8_t t, size_t p, uint32_t len)
{
	static const nlab_bitname cap[] = {{4, "RecoveryPath Transmit Enabled"}, {2, "RecoveryPath Desired"},
		{1, "RecoveryPath Srefresh Capable"}, {0, NULL}};
	static const nlab_bitname adm[] = {{0x80000000u, "Reflect"}, {4, "Testing"}, {2, "Admin-down"},
		{1, "Delete-in-progress"}, {0, NULL}};
	nlab_pctx *c = r->c;
	const char *I = r->ind;
	uint32_t need;
	switch (k) {
	case 15: case 195: case 50: /* addresses */
		if (t != 1 && t != 2)
			return 1;
		if (len < (t == 1 ? 4u : 16u))
			return too_short(r);
		nlab_strbuf_printf(c->out, "%s  %s%s", I, k == 50 ? "" : t == 1 ? "IPv4 " : "IPv6 ",
				   k == 15 ? "Receiver Address: " : k == 195 ? "Notify Node Address: " : "Sub-LSP destination address: ");
		addr(r, p, t == 2);
		return 0;
	case 8: case 22: case 131: case 134: case 5: case 66: case 125: case 196:
		need = k == 22 || k == 131 ? 8 : 4;
		if (t != 1 && !(k == 22 && t == 2))
			return 1;
		if (len < need)
			return too_short(r);
		break;
	case 63:
		if (t != 7)
			return 1;
		for (; len >= 8; len -= 8, p += 8) {
			nlab_strbuf_printf(c->out, "%s  PLR-ID: ", I);
			addr(r, p, 0);
			nlab_p_puts(c, ", Avoid-Node-ID: ");
			addr(r, p + 4, 0);
		}
		return 0;
	default:
		return -3;
	}
	uint32_t x = nlab_get32(r->v, p), y = nlab_get32(r->v, p + 4);
	switch (k) {
	case 8: {
		uint32_t s = nlab_get24(r->v, p + 1);
		nlab_strbuf_printf(c->out, "%s  Reservation Style: %s, Flags: [0x%02x]", I, s == 17 ? "Wildcard Filter"
				   : s == 10 ? "Fixed Filter" : s == 18 ? "Shared Explicit" : "Unknown", x >> 24);
		break;
	}
	case 22: nlab_strbuf_printf(c->out, "%s  Source Instance: 0x%08x, Destination Instance: 0x%08x", I, x, y); break;
	case 131: nlab_strbuf_printf(c->out, "%s  Restart  Time: %ums, Recovery Time: %ums", I, x, y); break;
	case 134:
		if (x & ~7u)
			nlab_strbuf_printf(c->out, "%s  [reserved=0x%08x must be zero]", I, x & ~7u);
		nlab_strbuf_printf(c->out, "%s  Flags: [", I);
		nlab_p_bits(c, cap, x & 7, ", ", "none");
		nlab_p_puts(c, "]");
		break;
	case 5: nlab_strbuf_printf(c->out, "%s  Refresh Period: %ums", I, x); break;
	case 196:
		nlab_strbuf_printf(c->out, "%s  Flags [", I);
		nlab_p_bits(c, adm, x, ", ", "none");
		nlab_p_puts(c, "]");
		break;
	default: nlab_strbuf_printf(c->out, "%s  CT: %u", I, x & 7); break;
	}
	return 0;
}

/* The hop object of class-type T (LEN bytes at P). */
static int hop(rsvp *r, uint8_t t, size_t p, uint32_t len)
{
	int v6 = t == 2 || t == 4;
	if (t < 1 || t > 4)
		return 1;
	if (len < (v6 ? 20u : 8u))
		return too_short(r);
	nlab_strbuf_printf(r->c->out, "%s  Previous/Next Interface: ", r->ind);
	addr(r, p, v6);
	nlab_strbuf_printf(r->c->out, ", Logical Interface Handle: 0x%08x", nlab_get32(r->v, p + (v6 ? 16 : 4)));
	return v6 || len > 8;
}

/* The body of an object of class K, class-type T (LEN bytes at P): 0,
 * 1 when its bytes go in hex after it, R_ERR when it ended the walk. */
static int body(rsvp *r, uint8_t k, uint8_t t, size_t p, uint32_t len)
{
	int s = simple_obj(r, k, t, p, len);
	if (s != -3)
		return s;
	switch (k) {
	case 1: case 10: case 11: return addr_obj(r, k, t, p, len);
	case 16: case 129: case 35: case 34: return label_obj(r, t, p, len);
	case 19: return label_req(r, t, p, len);
	case 20: case 21: return t == 1 ? xro(r, p, len) : 1;
	case 207:
		return t == 7 ? session_attr(r, p, len) : 1;
	case 229:
		if (t != 1)
			return 1;
		return len < 4 ? too_short(r) : gen_uni(r, p, len);
	case 3: return hop(r, t, p, len);
	case 12: case 13: case 9:
		if (t != 2)
			return 1;
		if (len < 4)
			return too_short(r);
		intserv_obj(r, p, len);
		return 0;
	case 205: return frr(r, t, p, len);
	case 6:
		if (t < 1 || t > 4)
			return 1;
		if (len < (t == 2 || t == 4 ? 20u : 8u))
			return too_short(r);
		error_spec(r, p, t == 2 || t == 4 ? 16 : 4);
		return 0;
	case 204: return t == 1 ? properties(r, p, len) : 1;
	case 23: case 24: case 25: return t == 1 || t == 2 ? message_ids(r, p, len) : 1;
	case 4: return t == 1 ? integrity(r, p, len) : 1;
	case 36: return t == 1 ? label_set(r, p, len) : 1;
	default:
		if (r->c->o->v <= 1)
			nlab_p_hexdump(r->c, r->v, p, len, "\n\t    ");
		return 0;
	}
}

/* The objects of the LEN bytes at OFF (rsvp_obj_print): 0, R_ERR when
 * the message's print ends, R_CUT when the capture did. */
static int objects(rsvp *r, size_t off, uint32_t len)
{
	nlab_pctx *c = r->c;
	while (len >= 4) {
		if (!nlab_view_has(r->v, off, 4))
			return R_CUT;
		uint16_t olen = nlab_get16(r->v, off);
		uint8_t k = nlab_get8(r->v, off + 2), t = nlab_get8(r->v, off + 3);
		if (olen % 4) {
			nlab_strbuf_printf(c->out, "%sERROR: object header size %u not a multiple of 4", r->ind, olen);
			return R_ERR;
		}
		if (olen < 4) {
			nlab_strbuf_printf(c->out, "%sERROR: object header too short %u < 4", r->ind, olen);
			return R_ERR;
		}
		const char *cn = ctype_name(k, t);
		nlab_strbuf_printf(c->out, "%s%s Object (%u) Flags: [%s if unknown], Class-Type: %s (%u), length: %u",
				   r->ind, obj_name(k), k, k & 0x80 ? (k & 0x40 ? "ignore and forward" : "ignore silently")
				   : "reject", cn ? cn : "Unknown", t, olen);
		if (len < olen) {
			nlab_strbuf_printf(c->out, "%sERROR: object goes past end of objects TLV", r->ind);
			return R_ERR;
		}
		if (!nlab_view_has(r->v, off, olen))
			return R_CUT;
		int hex = body(r, k, t, off + 4, olen - 4u);
		if (hex == R_ERR)
			return R_ERR;
		if (c->o->v > 1 || hex == 1)
			nlab_p_hexdump(c, r->v, off + 4, olen - 4u, "\n\t    ");
		off += olen, len -= olen;
	}
	return 0;
}

/* The common header at OFF, after PRE: "RSVPv1 Path Message (1), ...";
 * its length, or -1 (version or length wrong, said) or R_CUT. */
static long header(rsvp *r, size_t off, const char *pre)
{
	static const nlab_bitname fl[] = {{1, "Refresh reduction capable"}, {0, NULL}};
	nlab_pctx *c = r->c;
	if (!nlab_view_has(r->v, off, 8))
		return R_CUT;
	uint8_t vf = nlab_get8(r->v, off), t = nlab_get8(r->v, off + 1);
	if (vf >> 4 != 1) {
		nlab_strbuf_printf(c->out, "ERROR: RSVP version %u packet not supported", vf >> 4);
		return -1;
	}
	uint16_t len = nlab_get16(r->v, off + 6);
	const char *n = msg_name(t);
	nlab_strbuf_printf(c->out, "%sRSVPv1 ", pre);
	n ? nlab_p_puts(c, n) : nlab_strbuf_printf(c->out, "unknown, type: %u", t);
	nlab_strbuf_printf(c->out, " Message (%u), Flags: [", t);
	nlab_p_bits(c, fl, vf & 15, ", ", "none");
	nlab_strbuf_printf(c->out, "], length: %u, ttl: %u, checksum: 0x%04x", len, nlab_get8(r->v, off + 4),
			   nlab_get16(r->v, off + 2));
	if (len < 8) {
		nlab_strbuf_printf(c->out, "ERROR: common header too short %u < 8", len);
		return -1;
	}
	return len;
}

/* A bundle's messages, LEN bytes from OFF. */
static int bundle(rsvp *r, size_t off, uint32_t len)
{
	while (len > 0) {
		long sub = header(r, off, "\n\t  ");
		if (sub == R_CUT)
			return R_CUT;
		if (sub < 0)
			return 0;
		if (len < (uint32_t)sub) {
			nlab_strbuf_printf(r->c->out, "ERROR: common header too large %ld > %u", sub, len);
			return 0;
		}
		r->ind = "\n\t    ";
		int e = objects(r, off + 8, (uint32_t)sub - 8);
		if (e)
			return e == R_CUT ? R_CUT : 0;
		off += (size_t)sub, len -= (uint32_t)sub;
	}
	return 0;
}

int nlab_p_rsvp(nlab_pctx *c, nlab_view v, uint32_t len)
{
	c->proto = "rsvp";
	rsvp r = {c, v, "\n\t  "};
	if (!nlab_view_has(v, 0, 8))
		return NLAB_P_ETRUNC;
	uint8_t vf = nlab_get8(v, 0), t = nlab_get8(v, 1);
	if (vf >> 4 != 1) {
		nlab_strbuf_printf(c->out, "ERROR: RSVP version %u packet not supported", vf >> 4);
		return NLAB_P_OK;
	}
	if (!c->o->v) {
		const char *n = msg_name(t);
		nlab_p_puts(c, "RSVPv1 ");
		n ? nlab_p_puts(c, n) : nlab_strbuf_printf(c->out, "unknown (%u)", t);
		nlab_strbuf_printf(c->out, " Message, length: %u", len);
		return NLAB_P_OK;
	}
	long hl = header(&r, 0, "\n\t");
	if (hl < 0)
		return NLAB_P_OK;
	int e = 0;
	if (t == 12)
		e = bundle(&r, 8, (uint32_t)hl - 8);
	else if ((t >= 1 && t <= 7) || (t >= 13 && t <= 15) || t == 20)
		e = objects(&r, 8, (uint32_t)hl - 8);
	else
		nlab_p_hexdump(c, v, 8, (uint32_t)hl - 8, "\n\t    ");
	return e == R_CUT ? NLAB_P_ETRUNC : NLAB_P_OK; /* tcpdump checks, it does not longjmp */
}
