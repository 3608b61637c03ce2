/* print_lspping.c - MPLS LSP ping (UDP 3503, RFC 4379) as tcpdump
 * 4.99.3's print-lspping.c writes it: "LSP-PINGv1, MPLS Echo Request,
 * seq 1, length: 48", and under -v the header (reply mode, return code,
 * handle, sequence, time stamps) and each TLV a line: the target FEC
 * stack's sub-TLVs (LDP, RSVP, VPN and BGP prefixes, L2 VPN endpoints,
 * pseudowires), the downstream mapping's addresses, the BFD
 * discriminator, the vendor enterprise TLV's SMI name, the others in
 * hex; -vv every TLV in hex too. */
#include "print_priv.h"

#include "mpls_priv.h"

#define NEED(off, n)                                                                   \
	do {                                                                           \
		if (!nlab_view_has(v, (off), (n)))                                     \
			return NLAB_P_TRUNC;                                           \
	} while (0)

enum { TOO_SHORT = -1 };

/* tcpdump's lspping_return_code_values. */
static const char *return_code(uint8_t r)
{
	static const char *const n[] = {
	    "No return code or return code contained in the Error Code TLV",
	    "Malformed echo request received",
	    "One or more of the TLVs was not understood",
	    "Replying router is an egress for the FEC at stack depth",
	    "Replying router has no mapping for the FEC at stack depth",
	    "Reserved",
	    "Reserved",
	    "Reserved",
	    "Label switched at stack-depth",
	    "Label switched but no MPLS forwarding at stack-depth",
	    "Mapping for this FEC is not the given label at stack depth",
	    "No label entry at stack-depth",
	    "Protocol not associated with interface at FEC stack depth",
	    "Premature termination of ping due to label stack shrinking to a single label"};
	return r < 14 ? n[r] : "unknown";
}

/* tcpdump's lspping_tlv_values. */
static const char *tlv_name(uint16_t t)
{
	switch (t) {
	case 1: return "Target FEC Stack";
	case 2: return "Downstream Mapping";
	case 3: return "Pad";
	case 9: return "Error Code";
	case 5: return "Vendor Enterprise Code";
	case 7: return "Interface Label Stack";
	case 10: return "Reply TOS Byte";
	case 15: return "BFD Discriminator";
	case 0xfc00: return "Vendor Private Code";
	default: return "Unknown";
	}
}

/* tcpdump's lspping_tlvtargetfec_subtlv_values. */
static const char *subtlv_name(uint16_t t)
{
	static const char *const n[] = {NULL,
					"LDP IPv4 prefix",
					"LDP IPv6 prefix",
					"RSVP IPv4 Session Query",
					"RSVP IPv6 Session Query",
					"Reserved",
					"VPN IPv4 prefix",
					"VPN IPv6 prefix",
					"L2 VPN endpoint",
					"FEC 128 pseudowire (old)",
					"FEC 128 pseudowire",
					NULL,
					"BGP labeled IPv4 prefix",
					"BGP labeled IPv6 prefix"};
	return t < 14 && n[t] ? n[t] : "Unknown";
}

/* The length sub-TLV T must have (0: any). */
static uint16_t subtlv_len(uint16_t t)
{
	static const uint16_t n[] = {0, 5, 17, 20, 56, 0, 13, 25, 14, 10, 14, 0, 5, 17};
	return t < 14 ? n[t] : 0;
}

/* An address of W bytes at OFF (4: IPv4, 16: IPv6). */
static void addr(nlab_pctx *c, nlab_view v, size_t off, size_t w)
{
	w == 4 ? nlab_p_ip4(c, v, off) : nlab_p_ip6addr(c, v, off);
}

/* The value of sub-TLV T (of its fixed length) at OFF. */
static void subtlv_value(nlab_pctx *c, nlab_view v, size_t off, uint16_t t)
{
	size_t w = t == 2 || t == 4 || t == 7 || t == 13 ? 16 : 4;
	switch (t) {
	case 1:
	case 2:
	case 12:
	case 13:
		nlab_p_puts(c, "\n\t      ");
		addr(c, v, off, w);
		nlab_strbuf_printf(c->out, "/%u", nlab_get8(v, off + w));
		return;
	case 3:
	case 4:
		nlab_p_puts(c, "\n\t      tunnel end-point ");
		addr(c, v, off, w);
		nlab_p_puts(c, ", tunnel sender ");
		addr(c, v, off + w + 4 + w, w);
		nlab_strbuf_printf(c->out, ", lsp-id 0x%04x\n\t      tunnel-id 0x%04x, extended tunnel-id ",
				   nlab_get16(v, off + w + 4 + 2 * w + 2), nlab_get16(v, off + w + 2));
		addr(c, v, off + w + 4, w);
		return;
	case 6:
	case 7:
		nlab_p_puts(c, "\n\t      RD: ");
		nlab_p_bgp_rd(c, v, off);
		nlab_p_puts(c, ", ");
		addr(c, v, off + 8, w);
		nlab_strbuf_printf(c->out, "/%u", nlab_get8(v, off + 8 + w));
		return;
	case 8:
		nlab_p_puts(c, "\n\t      RD: ");
		nlab_p_bgp_rd(c, v, off);
		nlab_strbuf_printf(c->out, ", Sender VE ID: %u, Receiver VE ID: %u\n\t      Encapsulation Type: ",
				   nlab_get16(v, off + 8), nlab_get16(v, off + 10));
		break;
	case 9:
		nlab_p_puts(c, "\n\t      Remote PE: ");
		nlab_p_ip4(c, v, off);
		nlab_strbuf_printf(c->out, "\n\t      PW ID: 0x%08x, PW Type: ", nlab_get32(v, off + 4));
		off -= 4; /* the type at 8, as FEC 128's at 12 */
		break;
	default: /* 10 */
		nlab_p_puts(c, "\n\t      Sender PE: ");
		nlab_p_ip4(c, v, off);
		nlab_p_puts(c, ", Remote PE: ");
		nlab_p_ip4(c, v, off + 4);
		nlab_strbuf_printf(c->out, "\n\t      PW ID: 0x%08x, PW Type: ", nlab_get32(v, off + 8));
		break;
	}
	uint16_t pw = nlab_get16(v, off + 12);
	const char *n = nlab_p_pw_type(pw);
	nlab_strbuf_printf(c->out, "%s (%u)", strcmp(n, "Unknown") ? n : "unknown", pw);
}

/* The sub-TLVs of a target FEC stack TLV, LEN bytes at OFF: NLAB_P_OK,
 * NLAB_P_TRUNC, TOO_SHORT (the TLV is hex dumped), or NLAB_P_STOP when
 * the packet's walk ends. */
static int fec_stack(nlab_pctx *c, nlab_view v, size_t off, uint32_t len)
{
	while (len) {
		if (len < 4) {
			nlab_p_puts(c, "\n\t      TLV is too short");
			return TOO_SHORT;
		}
		NEED(off, 4);
		uint16_t t = nlab_get16(v, off);
		uint32_t l = nlab_get16(v, off + 2);
		if (len < l + 4) {
			nlab_p_puts(c, "\n\t      TLV is too short");
			return TOO_SHORT;
		}
		NEED(off + 4, l);
		nlab_strbuf_printf(c->out, "\n\t    %s subTLV (%u), length: %u", subtlv_name(t), t, l);
		uint16_t want = subtlv_len(t);
		int hex = 1;
		if (want && l != want)
			nlab_strbuf_printf(c->out, "\n\t      invalid subTLV length, should be %u", want);
		else if (want)
			subtlv_value(c, v, off + 4, t), hex = 0;
		if (c->o->v > 1 || hex)
			nlab_p_unknown_data(c, v, off + 4, l, "\n\t      ");
		if (l % 4) {
			l += 4 - l % 4;
			if (len < l + 4) {
				nlab_p_puts(c, "\n\t\t TLV is too short");
				return NLAB_P_STOP;
			}
		}
		off += l, len -= l + 4; /* tcpdump 4.99.3 skips the value only */
	}
	return NLAB_P_OK;
}

/* A downstream mapping TLV, LEN bytes at OFF: as fec_stack; it is
 * always hex dumped after (TOO_SHORT's effect). */
static int downstream(nlab_pctx *c, nlab_view v, size_t off, uint32_t len)
{
	if (len < 4) {
		nlab_p_puts(c, "\n\t      TLV is too short");
		return TOO_SHORT;
	}
	NEED(off, 4);
	uint8_t at = nlab_get8(v, off + 2);
	static const char *const names[] = {"unknown", "IPv4", "Unnumbered IPv4", "IPv6", "IPv6"};
	nlab_strbuf_printf(c->out, "\n\t    MTU: %u, Address-Type: %s (%u)", nlab_get16(v, off),
			   names[at < 5 ? at : 0], at);
	static const uint8_t need[] = {0, 12, 12, 36, 24};
	if (at >= 1 && at <= 4) {
		if (len < need[at]) {
			nlab_p_puts(c, "\n\t      TLV is too short");
			return TOO_SHORT;
		}
		NEED(off, need[at]);
		size_t w = at <= 2 ? 4 : 16;
		nlab_p_puts(c, "\n\t    Downstream IP: ");
		addr(c, v, off + 4, w);
		if (at == 1 || at == 3) {
			nlab_p_puts(c, "\n\t    Downstream Interface IP: ");
			addr(c, v, off + 4 + w, w);
		} else {
			nlab_strbuf_printf(c->out, "\n\t    Downstream Interface Index: 0x%08x",
					   nlab_get32(v, off + 4 + w));
		}
		off += need[at], len -= need[at];
	}
	if (len < 4) {
		nlab_p_puts(c, "\n\t      TLV is too short");
		return TOO_SHORT;
	}
	NEED(off, 4);
	return TOO_SHORT;
}

/* The value of TLV T, LEN bytes at OFF: as fec_stack. */
static int tlv_value(nlab_pctx *c, nlab_view v, size_t off, uint16_t t, uint32_t len)
{
	switch (t) {
	case 1:
		return fec_stack(c, v, off, len);
	case 2:
		return downstream(c, v, off, len);
	case 15:
		if (len < 4) {
			nlab_p_puts(c, "\n\t      TLV is too short");
			return TOO_SHORT;
		}
		NEED(off, 4);
		nlab_strbuf_printf(c->out, "\n\t    BFD Discriminator 0x%08x", nlab_get32(v, off));
		return NLAB_P_OK;
	case 5: {
		if (len < 4) {
			nlab_p_puts(c, "\n\t      TLV is too short");
			return TOO_SHORT;
		}
		NEED(off, 4);
		uint32_t id = nlab_get32(v, off);
		const char *name = nlab_p_smi_name(id);
		nlab_strbuf_printf(c->out, "\n\t    Vendor: %s (0x%04x)", name ? name : "Unknown", id);
		return NLAB_P_OK;
	}
	default:
		if (c->o->v <= 1)
			nlab_p_unknown_data(c, v, off, len, "\n\t    ");
		return NLAB_P_OK;
	}
}

/* Where the walk finds the datagram ends before what it announced. */
static int too_short(nlab_pctx *c)
{
	nlab_p_puts(c, "\n\t\t packet is too short");
	return NLAB_P_OK;
}

/* -v: the header of V (LEN bytes, at least 32). */
static void header(nlab_pctx *c, nlab_view v, uint32_t len)
{
	static const char *const modes[] = {"unknown", "Do not reply", "Reply via an IPv4/IPv6 UDP packet",
					    "Reply via an IPv4/IPv6 UDP packet with Router Alert",
					    "Reply via application level control channel"};
	uint8_t type = nlab_get8(v, 4), mode = nlab_get8(v, 5), rc = nlab_get8(v, 6), sub = nlab_get8(v, 7);
	nlab_strbuf_printf(c->out, "\n\tLSP-PINGv%u, msg-type: %s (%u), length: %u\n\t  reply-mode: %s (%u)",
			   nlab_get16(v, 0), type == 1 ? "MPLS Echo Request" : type == 2 ? "MPLS Echo Reply" : "unknown",
			   type, len, modes[mode < 5 ? mode : 0], mode);
	if (rc == 3 || rc == 4 || rc == 8 || rc == 10 || rc == 11 || rc == 12)
		nlab_strbuf_printf(c->out, "\n\t  Return Code: %s %u (%u)", return_code(rc), sub, rc);
	else
		nlab_strbuf_printf(c->out, "\n\t  Return Code: %s (%u)", return_code(rc), rc);
	nlab_strbuf_printf(c->out, "\n\t  Return Subcode: (%u)\n\t  Sender Handle: 0x%08x, Sequence: %u", sub,
			   nlab_get32(v, 8), nlab_get32(v, 12));
	nlab_p_puts(c, "\n\t  Sender Timestamp: ");
	nlab_p_ntp_time(c, v, 16);
	nlab_p_puts(c, " Receiver Timestamp: ");
	if (nlab_get32(v, 24) || nlab_get32(v, 28))
		nlab_p_ntp_time(c, v, 24);
	else
		nlab_p_puts(c, "no timestamp");
}

int nlab_p_lspping(nlab_pctx *c, nlab_view v, uint32_t len)
{
	c->proto = "lspping";
	if (len < 32)
		return too_short(c);
	NEED(0, 32);
	if (nlab_get16(v, 0) != 1) {
		nlab_strbuf_printf(c->out, "LSP-PING version %u packet not supported", nlab_get16(v, 0));
		return NLAB_P_OK;
	}
	if (!c->o->v) {
		uint8_t t = nlab_get8(v, 4);
		if (t == 1 || t == 2)
			nlab_strbuf_printf(c->out, "LSP-PINGv1, %s", t == 1 ? "MPLS Echo Request" : "MPLS Echo Reply");
		else
			nlab_strbuf_printf(c->out, "LSP-PINGv1, unknown (%u)", t);
		nlab_strbuf_printf(c->out, ", seq %u, length: %u", nlab_get32(v, 12), len);
		return NLAB_P_OK;
	}
	header(c, v, len);
	size_t off = 32;
	for (uint32_t left = len - 32; left;) {
		if (left < 4)
			return too_short(c);
		NEED(off, 4);
		uint16_t t = nlab_get16(v, off);
		uint32_t l = nlab_get16(v, off + 2);
		nlab_strbuf_printf(c->out, "\n\t  %s TLV (%u), length: %u", tlv_name(t), t, l);
		if (l == 0) {
			off += 4, left -= 4;
			continue;
		}
		if (left < l + 4)
			return too_short(c);
		NEED(off + 4, l);
		int r = tlv_value(c, v, off + 4, t, l);
		if (r == NLAB_P_TRUNC || r == NLAB_P_STOP)
			return r == NLAB_P_STOP ? NLAB_P_OK : r;
		if (c->o->v > 1 || r == TOO_SHORT)
			nlab_p_unknown_data(c, v, off + 4, l, "\n\t    ");
		if (l % 4) {
			l += 4 - l % 4;
			if (left < l + 4)
				return too_short(c);
		}
		off += l + 4, left -= l + 4;
	}
	return NLAB_P_OK;
}
