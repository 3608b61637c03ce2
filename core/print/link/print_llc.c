/* print_llc.c - 802.2 LLC and SNAP headers after an 802.3 length field,
 * as tcpdump's print-llc.c writes them: STP and SNAP-encapsulated
 * EtherTypes are printed, other SAPs as LLC's own line and raw bytes. */
#include "print_priv.h"

/* tcpdump's llc_values: the name of SAP S (its low bit cleared). */
static const char *sap_name(uint8_t s)
{
	switch (s) {
	case 0x00:
		return "Null";
	case 0x02:
		return "802.1B I";
	case 0x03:
		return "802.1B G";
	case 0x04:
		return "SNA";
	case 0x06:
		return "IP";
	case 0x0e:
		return "ProWay NM";
	case 0x42:
		return "STP";
	case 0x4e:
		return "RS511";
	case 0x7e:
		return "ISO8208";
	case 0x8e:
		return "ProWay";
	case 0xaa:
		return "SNAP";
	case 0xe0:
		return "IPX";
	case 0xf0:
		return "NetBeui";
	case 0xfe:
		return "OSI";
	case 0xff:
		return "Global";
	default:
		return NULL;
	}
}

/* tcpdump's llc_flag_values for the command/response bit and poll. */
static const char *flag_name(unsigned f)
{
	switch (f) {
	case 0x00:
		return "Command";
	case 0x01:
		return "Response";
	case 0x10:
	case 0x100:
		return "Poll";
	case 0x11:
	case 0x101:
		return "Final";
	default:
		return "?";
	}
}

/* tcpdump's llc_cmd_values: a U frame's command, or NULL. */
static const char *u_cmd_name(uint8_t u)
{
	switch (u) {
	case 0x03:
		return "ui";
	case 0xe3:
		return "test";
	case 0xaf:
		return "xid";
	case 0x63:
		return "ua";
	case 0x43:
		return "disc";
	case 0x0f:
		return "dm";
	case 0x6f:
		return "sabme";
	case 0x87:
		return "frmr";
	default:
		return NULL;
	}
}

/* Appends SAP S's name or FALLBACK (a format taking S). */
static void put_sap(nlab_pctx *c, uint8_t s, const char *fallback)
{
	const char *n = sap_name(s);
	if (n)
		nlab_p_puts(c, n);
	else
		nlab_strbuf_printf(c->out, fallback, s);
}

/* tcpdump's oui_values: the name of OUI O, or NULL. */
static const char *oui_name(uint32_t o)
{
	switch (o) {
	case 0x000000:
		return "Ethernet";
	case 0x0000f8:
		return "Cisco";
	case 0x00000c:
		return "Cisco";
	case 0x080007:
		return "Appletalk";
	case 0x0080c2:
		return "Ethernet bridged";
	case 0x00906d:
		return "Juniper";
	case 0x00a0c5:
		return "Cisco";
	default:
		return NULL;
	}
}

/* The name of PID P under OUI O (an EtherType under OUI 0), or NULL. */
static const char *pid_name(uint32_t o, uint16_t p)
{
	if (o == 0x000000 || o == 0x0000f8)
		return nlab_p_ethertype_name(p);
	if (o == 0x00000c) {
		switch (p) {
		case 0x2000:
			return "CDP";
		case 0x2003:
			return "VTP";
		case 0x2004:
			return "DTP";
		case 0x0111:
			return "UDLD";
		case 0x010b:
			return "PVST";
		case 0x010c:
			return "VLAN Bridge";
		default:
			return NULL;
		}
	}
	if (o == 0x0080c2) {
		static const char *names[] = {NULL,
					      "Ethernet + FCS",
					      "802.4 + FCS",
					      "802.5 + FCS",
					      "FDDI + FCS",
					      "802.6 + FCS",
					      "802.6 + FCS",
					      "Ethernet w/o FCS",
					      "802.4 w/o FCS",
					      "802.5 w/o FCS",
					      "FDDI w/o FCS",
					      "802.6 w/o FCS",
					      "802.6 w/o FCS",
					      "BPDU"};
		return p < sizeof names / sizeof *names ? names[p] : NULL;
	}
	return NULL;
}

/* Appends "NAME (0x..)" or "Unknown (0x..)" of a SNAP OUI and PID. */
static void put_snap_ids(nlab_pctx *c, uint32_t oui, uint16_t pid, int oui_too)
{
	const char *on = oui_name(oui), *pn = pid_name(oui, pid);
	if (oui_too)
		nlab_strbuf_printf(c->out, "oui %s (0x%06x), ",
				   on ? on : "Unknown", oui);
	nlab_strbuf_printf(c->out, "%s %s (0x%04x)",
			   oui == 0 ? "ethertype" : "pid", pn ? pn : "Unknown",
			   pid);
}

/* An Ethernet frame bridged over LLC (RFC 2684), after its PAD bytes
 * of padding (2 after LLC, none after Frame Relay's NLPID). */
static int bridged(nlab_pctx *c, nlab_view v, uint32_t len, size_t pad)
{
	if (!nlab_view_has(v, 0, pad)) {
		nlab_p_trunc(c);
		return NLAB_P_OK;
	}
	size_t inner_hl;
	return nlab_p_ether(c, nlab_view_from(v, pad), len < pad ? 0 : len - (uint32_t)pad,
			    &inner_hl);
}

/* A SNAP header and what it carries (LEN bytes from V on; FRAME: the
 * Ethernet header whose addresses an unknown one names, or empty),
 * bridged frames after PAD bytes (tcpdump's snap_print); *KNOWN is 0
 * when the caller must dump the frame. */
static int snap(nlab_pctx *c, nlab_view v, uint32_t len, nlab_view frame, size_t pad,
		int *known)
{
	c->proto = "snap";
	*known = 1;
	if (!nlab_view_has(v, 0, 5)) { /* tcpdump's ND_TCHECK: -X skips it */
		nlab_p_trunc(c);
		return NLAB_P_OK;
	}
	uint32_t oui = nlab_get24(v, 0);
	uint16_t pid = nlab_get16(v, 3);
	if (c->o->e) {
		put_snap_ids(c, oui, pid, 1);
		nlab_strbuf_printf(c->out, ", length %u: ", len - 5);
	}
	nlab_view p = nlab_view_from(v, 5);
	if (oui == 0x000000 || oui == 0x0000f8) {
		int r = nlab_p_ethertype(c, pid, p, len - 5, known);
		if (*known)
			return r;
	} else if (oui == 0x00000c && (pid == 0x010b || pid == 0x010c)) {
		return nlab_p_stp(c, p, len - 5);
	} else if (oui == 0x00000c && pid == 0x0111) {
		return nlab_p_udld(c, p, len - 5);
	} else if (oui == 0x00000c && pid == 0x2004) {
		return nlab_p_dtp(c, p, len - 5);
	} else if (oui == 0x00000c && pid == 0x2000) {
		return nlab_p_cdp(c, p, len - 5);
	} else if (oui == 0x00000c && pid == 0x2003) {
		return nlab_p_vtp(c, p, len - 5);
	} else if (oui == 0x0080c2 && pid == 0x000e) {
		return nlab_p_stp(c, p, len - 5);
	} else if (oui == 0x0080c2 && (pid == 0x0001 || pid == 0x0007)) {
		return bridged(c, p, len - 5, pad);
	}
	*known = 0;
	if (!c->o->e) {
		if (frame.len) {
			nlab_p_mac(c, frame, 6, 6);
			nlab_p_puts(c, " > ");
			nlab_p_mac(c, frame, 0, 6);
			nlab_p_puts(c, " ");
		}
		nlab_p_puts(c, "SNAP, ");
		put_snap_ids(c, oui, pid, oui != 0);
		nlab_strbuf_printf(c->out, ", length %u: ", len - 5);
	}
	return NLAB_P_OK;
}

int nlab_p_snap(nlab_pctx *c, nlab_view v, uint32_t len, int *known)
{
	if (len < 5 && nlab_view_has(v, 0, 5)) { /* snap_print's length check */
		c->proto = "snap";
		*known = 1;
		nlab_p_trunc(c);
		return NLAB_P_OK;
	}
	return snap(c, v, len, nlab_view_sub(v, 0, 0), 0, known);
}

/* Appends "src > dst SAP " (or "src SSAP > dst DSAP ") without -e. */
static void llc_addrs(nlab_pctx *c, nlab_view frame, uint8_t dsap, uint8_t ssap)
{
	int addrs = frame.len >= 12;
	if (ssap == dsap) {
		if (addrs) {
			nlab_p_mac(c, frame, 6, 6);
			nlab_p_puts(c, " > ");
			nlab_p_mac(c, frame, 0, 6);
			nlab_p_puts(c, " ");
		}
		put_sap(c, dsap, "Unknown DSAP 0x%02x");
	} else {
		if (addrs)
			nlab_p_mac(c, frame, 6, 6), nlab_p_puts(c, " ");
		put_sap(c, ssap, "Unknown SSAP 0x%02x");
		nlab_p_puts(c, " > ");
		if (addrs)
			nlab_p_mac(c, frame, 0, 6), nlab_p_puts(c, " ");
		put_sap(c, dsap, "Unknown DSAP 0x%02x");
	}
	nlab_p_puts(c, " ");
}

/* The line of an LLC frame of LEN bytes no printer takes: the kind of
 * frame and its fields. Returns 1 when tcpdump dumps its bytes after. */
static int llc_line(nlab_pctx *c, uint8_t ssap_field, uint16_t control,
		    int is_u, uint32_t len)
{
	unsigned cr = ssap_field & 1;
	if (is_u) {
		const char *n = u_cmd_name(control & 0xef);
		nlab_p_puts(c, "Unnumbered, ");
		if (n)
			nlab_p_puts(c, n);
		else
			nlab_strbuf_printf(c->out, "%02x", control & 0xef);
		nlab_strbuf_printf(c->out, ", Flags [%s], length %u",
				   flag_name(cr | (control & 0x10)), len);
		return 1;
	}
	if (control & 1) {
		static const char *s[] = {"Receiver Ready",
					  "Receiver not Ready", "Reject", "?"};
		nlab_strbuf_printf(
		    c->out,
		    "Supervisory, %s, rcv seq %u, Flags [%s], length %u",
		    s[(control >> 2) & 3], (control >> 9) & 0x7f,
		    flag_name(cr | (control & 0x100)), len);
		return 0;
	}
	nlab_strbuf_printf(
	    c->out,
	    "Information, send seq %u, rcv seq %u, Flags [%s], length %u",
	    (control >> 1) & 0x7f, (control >> 9) & 0x7f,
	    flag_name(cr | (control & 0x100)), len);
	return 1;
}

/* "LLC, dsap STP (0x42) Individual, ssap STP (0x42) Command, ctrl 0x03: " */
static void llc_header(nlab_pctx *c, uint8_t dsap_field, uint8_t ssap_field,
		       uint16_t control, int is_u)
{
	uint8_t dsap = dsap_field & 0xfe, ssap = ssap_field & 0xfe;
	const char *dn = sap_name(dsap), *sn = sap_name(ssap);
	nlab_strbuf_printf(
	    c->out, "LLC, dsap %s (0x%02x) %s, ssap %s (0x%02x) %s",
	    dn ? dn : "Unknown", dsap, dsap_field & 1 ? "Group" : "Individual",
	    sn ? sn : "Unknown", ssap, ssap_field & 1 ? "Response" : "Command");
	nlab_strbuf_printf(
	    c->out, is_u ? ", ctrl 0x%02x: " : ", ctrl 0x%04x: ", control);
}

/* tcpdump's explicit truncation check: " [|llc]" and the bytes there
 * are, with -X or not; the header length is what was captured. */
static int llc_short(nlab_pctx *c, nlab_view v, int *hl)
{
	nlab_p_trunc(c);
	nlab_p_raw(c, v);
	*hl = (int)v.len;
	return NLAB_P_OK;
}

int nlab_p_llc(nlab_pctx *c, nlab_view v, uint32_t len, nlab_view frame,
	       int *hl)
{
	c->proto = "llc";
	if (v.len < 3 || len < 3)
		return llc_short(c, v, hl);
	uint8_t dsap_field = nlab_get8(v, 0), ssap_field = nlab_get8(v, 1);
	uint16_t control = nlab_get8(v, 2);
	int is_u = (control & 3) == 3;
	*hl = 3;
	if (!is_u) {
		if (v.len < 4 || len < 4)
			return llc_short(c, v, hl);
		control = nlab_get16le(v, 2);
		*hl = 4;
	}
	if (dsap_field == 0xff && ssap_field == 0xff) {
		*hl = 0; /* Novell's raw 802.3 IPX: no LLC header */
		if (c->o->e)
			nlab_p_puts(c, "IPX 802.3: ");
		return nlab_p_ipx(c, v, len);
	}
	uint8_t dsap = dsap_field & 0xfe, ssap = ssap_field & 0xfe;
	if (c->o->e)
		llc_header(c, dsap_field, ssap_field, control, is_u);
	nlab_view p = nlab_view_from(v, (size_t)*hl);
	uint32_t rest = len - (uint32_t)*hl;
	if (dsap == 0xaa && ssap == 0xaa && control == 0x03) {
		int known, r = snap(c, p, rest, frame, 2, &known);
		*hl = known ? 8 : -8;
		return r;
	}
	if (dsap == 0x42 && ssap == 0x42 && control == 0x03)
		return nlab_p_stp(c, p, rest);
	if (dsap == 0x06 && ssap == 0x06 && control == 0x03)
		return nlab_p_ip(c, p, rest);
	if (dsap == 0xe0 && ssap == 0xe0 && control == 0x03) {
		if (c->o->e)
			nlab_p_puts(c, "IPX 802.2: ");
		return nlab_p_ipx(c, p, rest);
	}
	if (dsap == 0xfe && ssap == 0xfe && control == 0x03) {
		int known, r = nlab_p_isoclns(c, p, rest, &known);
		if (known)
			return r;
	}
	if (!c->o->e)
		llc_addrs(c, frame, dsap, ssap);
	if (llc_line(c, ssap_field, control, is_u, len))
		*hl = -*hl;
	return NLAB_P_OK;
}
