/* print_ldp.c - the Label Distribution Protocol (TCP and UDP 646,
 * RFC 5036) as tcpdump 4.99.3's print-ldp.c writes it: "LDP,
 * Label-Space-ID: 10.1.0.2:0, pdu-length: 38" per PDU (without -v only
 * the first), and under -v each message and its TLVs a line (hello
 * parameters, transport addresses, address lists, session parameters,
 * FECs with prefixes and Martini VCs, labels, status), the others in
 * hex; -vv each message in hex too. */
#include "print_priv.h"

#include "mpls_priv.h"

#define NEED(off, n)                                                                   \
	do {                                                                           \
		if (!nlab_view_has(v, (off), (n)))                                     \
			return NLAB_P_TRUNC;                                           \
	} while (0)

/* tcpdump's ldp_msg_values: the name of message type T, or "Unknown". */
static const char *msg_name(uint16_t t)
{
	static const struct {
		uint16_t t;
		const char *n;
	} m[] = {{0x0001, "Notification"},	  {0x0100, "Hello"},
		 {0x0200, "Initialization"},	  {0x0201, "Keepalive"},
		 {0x0300, "Address"},		  {0x0301, "Address Withdraw"},
		 {0x0400, "Label Mapping"},	  {0x0401, "Label Request"},
		 {0x0402, "Label Withdraw"},	  {0x0403, "Label Release"},
		 {0x0404, "Label Abort Request"}};
	for (size_t i = 0; i < sizeof m / sizeof m[0]; i++)
		if (m[i].t == t)
			return m[i].n;
	return "Unknown";
}

/* tcpdump's ldp_tlv_values: the name of TLV type T, or "Unknown". */
static const char *tlv_name(uint16_t t)
{
	static const struct {
		uint16_t t;
		const char *n;
	} m[] = {{0x0100, "FEC"},
		 {0x0101, "Address List"},
		 {0x0103, "Hop Count"},
		 {0x0104, "Path Vector"},
		 {0x0200, "Generic Label"},
		 {0x0201, "ATM Label"},
		 {0x0202, "Frame-Relay Label"},
		 {0x0300, "Status"},
		 {0x0301, "Extended Status"},
		 {0x0302, "Returned PDU"},
		 {0x0303, "Returned Message"},
		 {0x0400, "Common Hello Parameters"},
		 {0x0401, "IPv4 Transport Address"},
		 {0x0402, "Configuration Sequence Number"},
		 {0x0403, "IPv6 Transport Address"},
		 {0x0500, "Common Session Parameters"},
		 {0x0501, "ATM Session Parameters"},
		 {0x0502, "Frame-Relay Session Parameters"},
		 {0x0503, "Fault-Tolerant Session Parameters"},
		 {0x0600, "Label Request Message ID"},
		 {0x0601, "MTU"}};
	for (size_t i = 0; i < sizeof m / sizeof m[0]; i++)
		if (m[i].t == t)
			return m[i].n;
	return "Unknown";
}

/* decode_prefix4/6: the prefix of address W bytes (4 or 16) at OFF, of
 * LEFT bytes, as ": IPv4 prefix 10.0.0.0/8" or its complaint; one
 * longer than LEFT ends the line as a cut one does (tcpdump's -2). */
static int fec_prefix(nlab_pctx *c, nlab_view v, size_t off, uint32_t left, size_t w)
{
	const char *fam = w == 4 ? "IPv4" : "IPv6";
	if (left < 1)
		return NLAB_P_TRUNC;
	NEED(off, 1);
	uint32_t plen = nlab_get8(v, off), bytes = (plen + 7) / 8;
	if (plen > w * 8) {
		nlab_strbuf_printf(c->out, ": %s prefix (invalid length)", fam);
		return NLAB_P_OK;
	}
	if (left - 1 < bytes)
		return NLAB_P_TRUNC;
	NEED(off + 1, bytes);
	uint8_t a[16] = {0};
	memcpy(a, v.base + off + 1, bytes);
	if (plen % 8)
		a[bytes - 1] &= (uint8_t)(0xff00 >> (plen % 8));
	nlab_view av = {a, w};
	nlab_strbuf_printf(c->out, ": %s prefix ", fam);
	w == 4 ? nlab_p_ip4(c, av, 0) : nlab_p_ip6addr(c, av, 0);
	nlab_strbuf_printf(c->out, "/%u", plen);
	return NLAB_P_OK;
}

/* The interface parameters of a Martini VC FEC: LEN bytes at OFF. */
static int martini_params(nlab_pctx *c, nlab_view v, size_t off, uint32_t len)
{
	static const nlab_bitname cc[] = {{0x01, "PWE3 control word"},
					  {0x02, "MPLS Router Alert Label"},
					  {0x04, "MPLS inner label TTL = 1"},
					  {0, NULL}};
	static const nlab_bitname cv[] = {{0x01, "ICMP Ping"}, {0x02, "LSP Ping"}, {0x04, "BFD"}, {0, NULL}};
	while (len > 2) {
		NEED(off, 2);
		uint8_t t = nlab_get8(v, off), l = nlab_get8(v, off + 1);
		if (l < 2 || len < l)
			break;
		nlab_strbuf_printf(c->out, "\n\t\tInterface Parameter: %s (0x%02x), len %u",
				   t == 1 ? "MTU" : t == 3 ? "Description" : t == 12 ? "VCCV" : "Unknown", t, l);
		if (t == 1) {
			NEED(off + 2, 2);
			nlab_strbuf_printf(c->out, ": %u", nlab_get16(v, off + 2));
		} else if (t == 3) {
			nlab_p_puts(c, ": ");
			for (uint32_t i = 2; i < l; i++) {
				NEED(off + i, 1);
				nlab_p_char(c, nlab_get8(v, off + i));
			}
		} else if (t == 12) {
			NEED(off + 2, 1);
			uint8_t b = nlab_get8(v, off + 2);
			nlab_strbuf_printf(c->out, "\n\t\t  Control Channels (0x%02x) = [", b);
			nlab_p_bits(c, cc, b, ", ", "none");
			NEED(off + 3, 1);
			b = nlab_get8(v, off + 3);
			nlab_strbuf_printf(c->out, "]\n\t\t  CV Types (0x%02x) = [", b);
			nlab_p_bits(c, cv, b, ", ", "none");
			nlab_p_puts(c, "]");
		} else {
			nlab_p_unknown_data(c, v, off + 2, l - 2u, "\n\t\t  ");
		}
		len -= l, off += l;
	}
	return NLAB_P_OK;
}

/* " [tlv length N < MIN] (invalid)" when LEN is under MIN: 1 if so. */
static int short_tlv(nlab_pctx *c, uint32_t len, uint32_t min)
{
	if (len >= min)
		return 0;
	nlab_strbuf_printf(c->out, " [tlv length %u < %u] (invalid)", len, min);
	return 1;
}

/* A Martini VC FEC's fields, LEN bytes at OFF. */
static int martini(nlab_pctx *c, nlab_view v, size_t off, uint32_t len)
{
	if (short_tlv(c, len, 7))
		return NLAB_P_OK;
	NEED(off, 7);
	uint16_t t = nlab_get16(v, off);
	uint32_t info = nlab_get8(v, off + 2);
	nlab_strbuf_printf(c->out, ": %s, %scontrol word, group-ID %u", nlab_p_pw_type(t & 0x7fff),
			   t & 0x8000 ? "" : "no ", nlab_get32(v, off + 3));
	if (info == 0) {
		nlab_p_puts(c, ", VC-info-length: 0");
		return NLAB_P_OK;
	}
	if (short_tlv(c, len, 11))
		return NLAB_P_OK;
	NEED(off + 7, 4);
	nlab_strbuf_printf(c->out, ", VC-ID %u, VC-info-length: %u", nlab_get32(v, off + 7), info);
	if (info < 4) {
		nlab_p_puts(c, " (invalid, < 4");
		return NLAB_P_OK;
	}
	if (short_tlv(c, len - 11, info - 4))
		return NLAB_P_OK;
	return martini_params(c, v, off + 11, info - 4);
}

/* A FEC TLV's value, LEN bytes at OFF. */
static int fec(nlab_pctx *c, nlab_view v, size_t off, uint32_t len)
{
	if (short_tlv(c, len, 1))
		return NLAB_P_OK;
	NEED(off, 1);
	uint8_t t = nlab_get8(v, off);
	nlab_strbuf_printf(c->out, "\n\t      %s FEC (0x%02x)",
			   t == 1 ? "Wildcard" : t == 2 ? "Prefix" : t == 3 ? "Host address" : t == 0x80 ? "Martini VC" : "Unknown",
			   t);
	off++, len--;
	if (t == 0x80)
		return martini(c, v, off, len);
	if (t != 2)
		return NLAB_P_OK;
	if (short_tlv(c, len, 2))
		return NLAB_P_OK;
	NEED(off, 2);
	uint16_t af = nlab_get16(v, off);
	if (af == 1 || af == 2)
		return fec_prefix(c, v, off + 2, len - 2, af == 1 ? 4 : 16);
	nlab_strbuf_printf(c->out, ": Address family %u prefix", af);
	return NLAB_P_OK;
}

/* An address list TLV's value, LEN bytes at OFF. */
static int addresses(nlab_pctx *c, nlab_view v, size_t off, uint32_t len)
{
	if (short_tlv(c, len, 2))
		return NLAB_P_OK;
	NEED(off, 2);
	uint16_t af = nlab_get16(v, off);
	const char *n = nlab_p_bgp_af_name(af, NULL);
	if (n)
		nlab_strbuf_printf(c->out, "\n\t      Address Family: %s, addresses", n);
	else
		nlab_strbuf_printf(c->out, "\n\t      Address Family: Unknown (%u), addresses", af);
	size_t w = af == 1 ? 4 : af == 2 ? 16 : 0;
	for (off += 2, len -= 2; w && len >= w; off += w, len -= (uint32_t)w) {
		NEED(off, w);
		nlab_p_puts(c, " ");
		w == 4 ? nlab_p_ip4(c, v, off) : nlab_p_ip6addr(c, v, off);
	}
	return NLAB_P_OK;
}

/* The fault-tolerant session TLV's value at OFF. */
static int ft_session(nlab_pctx *c, nlab_view v, size_t off)
{
	NEED(off, 2);
	uint16_t f = nlab_get16(v, off);
	nlab_strbuf_printf(c->out,
			   "\n\t      Flags: [%sReconnect, %sSave State, %sAll-Label Protection, %s "
			   "Checkpoint, %sRe-Learn State]",
			   f & 0x8000 ? "" : "No ", f & 8 ? "" : "Don't ", f & 4 ? "" : "No ",
			   f & 2 ? "Sequence Numbered Label" : "All Labels", f & 1 ? "" : "Don't ");
	NEED(off + 4, 4);
	if (nlab_get32(v, off + 4))
		nlab_strbuf_printf(c->out, ", Reconnect Timeout: %ums", nlab_get32(v, off + 4));
	NEED(off + 8, 4);
	if (nlab_get32(v, off + 8))
		nlab_strbuf_printf(c->out, ", Recovery Time: %ums", nlab_get32(v, off + 8));
	return NLAB_P_OK;
}

/* The value of TLV T, LEN bytes at OFF. */
static int tlv_value(nlab_pctx *c, nlab_view v, size_t off, uint16_t t, uint32_t len)
{
	static const uint8_t min[] = {4, 4, 4, 16}; /* 0x0400-0x0403 */
	uint32_t u;
	switch (t) {
	case 0x0400:
	case 0x0401:
	case 0x0402:
	case 0x0403:
		if (short_tlv(c, len, min[t - 0x0400]))
			return NLAB_P_OK;
		NEED(off, min[t - 0x0400]);
		if (t == 0x0400) {
			u = nlab_get16(v, off + 2);
			nlab_strbuf_printf(c->out, "\n\t      Hold Time: %us, Flags: [%s Hello%s]",
					   nlab_get16(v, off), u & 0x8000 ? "Targeted" : "Link",
					   u & 0x4000 ? ", Request for targeted Hellos" : "");
		} else if (t == 0x0402) {
			nlab_strbuf_printf(c->out, "\n\t      Sequence Number: %u", nlab_get32(v, off));
		} else {
			nlab_strbuf_printf(c->out, "\n\t      IPv%c Transport Address: ", t == 0x0401 ? '4' : '6');
			t == 0x0401 ? nlab_p_ip4(c, v, off) : nlab_p_ip6addr(c, v, off);
		}
		return NLAB_P_OK;
	case 0x0101:
		return addresses(c, v, off, len);
	case 0x0500:
		if (short_tlv(c, len, 8))
			return NLAB_P_OK;
		NEED(off, 4);
		nlab_strbuf_printf(c->out, "\n\t      Version: %u, Keepalive: %us", nlab_get16(v, off),
				   nlab_get16(v, off + 2));
		NEED(off + 6, 2);
		u = nlab_get16(v, off + 6);
		nlab_strbuf_printf(c->out, ", Flags: [Downstream %s, Loop Detection %s]",
				   u & 0x8000 ? "On Demand" : "Unsolicited", u & 0x4000 ? "Enabled" : "Disabled");
		return NLAB_P_OK;
	case 0x0100:
		return fec(c, v, off, len);
	case 0x0200:
		if (short_tlv(c, len, 4))
			return NLAB_P_OK;
		NEED(off, 4);
		nlab_strbuf_printf(c->out, "\n\t      Label: %u", nlab_get32(v, off) & 0xfffff);
		return NLAB_P_OK;
	case 0x0300:
		if (short_tlv(c, len, 8))
			return NLAB_P_OK;
		NEED(off, 4);
		u = nlab_get32(v, off);
		nlab_strbuf_printf(c->out, "\n\t      Status: 0x%02x, Flags: [%s and %s forward]", u & 0x3fffffff,
				   u & 0x80000000 ? "Fatal error" : "Advisory Notification",
				   u & 0x40000000 ? "do" : "don't");
		NEED(off + 4, 4);
		if (nlab_get32(v, off + 4))
			nlab_strbuf_printf(c->out, ", causing Message ID: 0x%08x", nlab_get32(v, off + 4));
		return NLAB_P_OK;
	case 0x0503:
		if (short_tlv(c, len, 12))
			return NLAB_P_OK;
		return ft_session(c, v, off);
	case 0x0601:
		if (short_tlv(c, len, 2))
			return NLAB_P_OK;
		NEED(off, 2);
		nlab_strbuf_printf(c->out, "\n\t      MTU: %u", nlab_get16(v, off));
		return NLAB_P_OK;
	default:
		if (c->o->v <= 1)
			nlab_p_unknown_data(c, v, off, len, "\n\t      ");
		return NLAB_P_OK;
	}
}

/* One TLV at OFF of a message with LEFT bytes of TLVs: its length in
 * *USED (0: the walk stops). */
static int tlv(nlab_pctx *c, nlab_view v, size_t off, uint32_t left, uint32_t *used)
{
	NEED(off, 4);
	uint16_t type = nlab_get16(v, off), len = nlab_get16(v, off + 2);
	*used = 0;
	if (len + 4u > left) {
		nlab_p_puts(c, "\n\t\t TLV contents go past end of message");
		return NLAB_P_OK;
	}
	uint16_t t = type & 0x3fff;
	nlab_strbuf_printf(c->out, "\n\t    %s TLV (0x%04x), length: %u, Flags: [%s and %s forward if unknown]",
			   tlv_name(t), t, len, type & 0x8000 ? "continue processing" : "ignore",
			   type & 0x4000 ? "do" : "don't");
	*used = len + 4u;
	return tlv_value(c, v, off + 4, t, len);
}

/* Whether message type T is one whose TLVs tcpdump decodes. */
static int decoded(uint16_t t)
{
	return t == 0x0001 || t == 0x0100 || t == 0x0200 || t == 0x0201 || t == 0x0300 || t == 0x0400 ||
	       t == 0x0301 || t == 0x0402;
}

/* The messages of a PDU from OFF on, TLEN bytes (a u_short, as tcpdump's). */
static int messages(nlab_pctx *c, nlab_view v, size_t off, uint16_t tlen)
{
	while (tlen > 0) {
		NEED(off, 8);
		uint16_t type = nlab_get16(v, off), t = type & 0x7fff, mlen = nlab_get16(v, off + 2);
		if (mlen < 4) {
			nlab_strbuf_printf(c->out, "\n\t  %s Message (0x%04x), length: %u (too short, < 4)",
					   msg_name(t), t, mlen);
			return -1;
		}
		nlab_strbuf_printf(c->out,
				   "\n\t  %s Message (0x%04x), length: %u, Message ID: 0x%08x, Flags: [%s if unknown]",
				   msg_name(t), t, mlen, nlab_get32(v, off + 4),
				   type & 0x8000 ? "continue processing" : "ignore");
		NEED(off, mlen);
		uint32_t left = mlen - 4u;
		size_t at = off + 8;
		if (decoded(t)) {
			while (left >= 4) {
				uint32_t used;
				int r = tlv(c, v, at, left, &used);
				if (r != NLAB_P_OK)
					return r;
				if (!used)
					break;
				left -= used, at += used;
			}
		} else if (c->o->v <= 1) {
			nlab_p_unknown_data(c, v, off + 8, left, "\n\t  ");
		}
		if (c->o->v > 1)
			nlab_p_unknown_data(c, v, off + 8, mlen, "\n\t  ");
		off += mlen + 4u;
		tlen = (uint16_t)(tlen - (mlen + 4u));
	}
	return NLAB_P_OK;
}

/* One PDU at OFF: the bytes it took in *USED (0: the walk stops). */
static int pdu(nlab_pctx *c, nlab_view v, size_t off, uint32_t *used)
{
	const char *nl = c->o->v ? "\n\t" : "";
	*used = 0;
	NEED(off, 10);
	if (nlab_get16(v, off) != 1) {
		nlab_strbuf_printf(c->out, "%sLDP version %u packet not supported", nl, nlab_get16(v, off));
		return NLAB_P_OK;
	}
	uint16_t plen = nlab_get16(v, off + 2);
	if (plen < 6) {
		nlab_strbuf_printf(c->out, "%sLDP, pdu-length: %u (too short, < 6)", nl, plen);
		return NLAB_P_OK;
	}
	nlab_strbuf_printf(c->out, "%sLDP, Label-Space-ID: ", nl);
	nlab_p_ip4(c, v, off + 4);
	nlab_strbuf_printf(c->out, ":%u, pdu-length: %u", nlab_get16(v, off + 8), plen);
	if (!c->o->v)
		return NLAB_P_OK;
	int r = messages(c, v, off + 10, (uint16_t)(plen - 6));
	if (r == NLAB_P_OK)
		*used = plen + 4u;
	return r < 0 ? NLAB_P_OK : r;
}

int nlab_p_ldp(nlab_pctx *c, nlab_view v, uint32_t len)
{
	c->proto = "ldp";
	size_t off = 0;
	while (len > 18) {
		uint32_t used;
		int r = pdu(c, v, off, &used);
		if (r != NLAB_P_OK || !used)
			return r;
		if (len < used) {
			nlab_strbuf_printf(c->out, " [remaining length %u < %u] (invalid)", len, used);
			break;
		}
		len -= used, off += used;
	}
	return NLAB_P_OK;
}

const char *nlab_p_pw_type(uint16_t t)
{
	static const char *const n[] = {"Reserved",
					"Frame Relay DLCI (Martini Mode)",
					"ATM AAL5 SDU VCC transport",
					"ATM transparent cell transport",
					"Ethernet VLAN",
					"Ethernet",
					"Cisco-HDLC",
					"PPP",
					"SONET/SDH Circuit Emulation Service over MPLS",
					"ATM n-to-one VCC cell transport",
					"ATM n-to-one VPC cell transport",
					"IP Layer2 Transport",
					"ATM one-to-one VCC Cell Mode",
					"ATM one-to-one VPC Cell Mode",
					"ATM AAL5 PDU VCC transport",
					"Frame-Relay Port mode",
					"SONET/SDH Circuit Emulation over Packet",
					"Structure-agnostic E1 over Packet",
					"Structure-agnostic T1 (DS1) over Packet",
					"Structure-agnostic E3 over Packet",
					"Structure-agnostic T3 (DS3) over Packet",
					"CESoPSN basic mode",
					"TDMoIP basic mode",
					"CESoPSN TDM with CAS",
					"TDMoIP TDM with CAS",
					"Frame Relay DLCI"};
	if (t < sizeof n / sizeof n[0])
		return n[t];
	return t == 0x40 ? "IP-interworking" : "Unknown";
}
