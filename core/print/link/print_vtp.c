/* print_vtp.c - Cisco's VLAN Trunking Protocol (SNAP, Cisco OUI, PID
 * 0x2003), as tcpdump's print-vtp.c writes it: "VTPv2, Message Summary
 * advertisement (0x01), length 76", under -v the domain and the
 * message's fields, a subset advertisement's VLANs and their TLVs. */
#include "print_priv.h"

/* " (invalid)", and the whole message (LEN bytes) must have been
 * captured: NLAB_P_OK or NLAB_P_TRUNC. */
static int invalid(nlab_pctx *c, nlab_view v, uint32_t len)
{
	nlab_p_puts(c, " (invalid)");
	return nlab_view_has(v, 0, len) ? NLAB_P_OK : NLAB_P_TRUNC;
}

/* The text of at most N bytes at OFF, up to a NUL (nd_printjnp). */
static int jnp(nlab_pctx *c, nlab_view v, size_t off, size_t n)
{
	for (size_t i = 0; i < n; i++) {
		if (!nlab_view_has(v, off + i, 1))
			return NLAB_P_TRUNC;
		if (nlab_get8(v, off + i) == 0)
			break;
		nlab_p_char(c, nlab_get8(v, off + i));
	}
	return NLAB_P_OK;
}

/* A summary advertisement's revision, updater, time stamp and digest. */
static int summary(nlab_pctx *c, nlab_view v)
{
	if (!nlab_view_has(v, 36, 8))
		return NLAB_P_TRUNC;
	nlab_strbuf_printf(c->out, "\n\t  Config Rev %x, Updater ",
			   nlab_get32(v, 36));
	nlab_p_ip4(c, v, 40);
	if (!nlab_view_has(v, 44, 12))
		return NLAB_P_TRUNC;
	nlab_strbuf_printf(c->out, ", Timestamp 0x%08x 0x%08x 0x%08x",
			   nlab_get32(v, 44), nlab_get32(v, 48),
			   nlab_get32(v, 52));
	if (!nlab_view_has(v, 56, 16))
		return NLAB_P_TRUNC;
	nlab_strbuf_printf(c->out, ", MD5 digest: %08x%08x%08x%08x",
			   nlab_get32(v, 56), nlab_get32(v, 60),
			   nlab_get32(v, 64), nlab_get32(v, 68));
	return NLAB_P_OK;
}

/* A VLAN TLV of TYPE and value X (its length was right). */
static void tlv_value(nlab_pctx *c, nlab_view v, size_t off, uint8_t type,
		      uint16_t x)
{
	static const char *const stp[] = {"Unknown", "SRT", "SRB", "Auto"};
	switch (type) {
	case 9:
		nlab_strbuf_printf(c->out, ", %u", x);
		return;
	case 6:
		nlab_strbuf_printf(c->out, ", %s (%u)",
				   x == 1 ? "Enabled" : "Disabled", x);
		return;
	case 3:
		nlab_strbuf_printf(c->out, ", %s (%u)",
				   x <= 3 ? stp[x] : "Unknown", x);
		return;
	case 7:
		nlab_strbuf_printf(c->out, ", %s (%u)", x == 1 ? "SRB" : "SRT",
				   x);
		return;
	case 10:
		nlab_strbuf_printf(c->out, ", %s (%u)",
				   x == 1 ? "Backup" : "Not backup", x);
		return;
	default:
		nlab_p_hexdump(c, v, off, 4, "\n\t\t  ");
		return;
	}
}

/* The TLVs after a VLAN's name: LEN bytes at OFF; -1 when invalid. */
static int vlan_tlvs(nlab_pctx *c, nlab_view v, size_t off, uint32_t len)
{
	static const char *const names[] = {"Source-Routing Ring Number TLV",
					    "Source-Routing Bridge Number TLV",
					    "STP type TLV",
					    "Parent VLAN TLV",
					    "Translationally bridged VLANs TLV",
					    "Pruning TLV",
					    "Bridge Type TLV",
					    "Max ARP Hop Count TLV",
					    "Max STE Hop Count TLV",
					    "Backup CRF Mode TLV"};
	while (len > 0) {
		if (len < 2)
			return -1;
		uint8_t type = nlab_get8(v, off), tl = nlab_get8(v, off + 1);
		nlab_strbuf_printf(c->out, "\n\t\t%s (0x%04x) TLV",
				   type >= 1 && type <= 10 ? names[type - 1]
							   : "Unknown",
				   type);
		if (len < tl * 2u + 2) {
			nlab_p_puts(c,
				    " (TLV goes past the end of the packet)");
			return -1;
		}
		if (tl != 1) {
			nlab_strbuf_printf(c->out,
					   " (invalid TLV length %u != 1)", tl);
			return -1;
		}
		tlv_value(c, v, off, type, nlab_get16(v, off + 2));
		off += 4, len -= 4;
	}
	return NLAB_P_OK;
}

/* One VLAN's information of LEN bytes at OFF (all captured); -1 when
 * invalid. */
static int vlan(nlab_pctx *c, nlab_view v, size_t off, uint32_t len)
{
	static const char *const types[] = {"Ethernet", "FDDI", "TrCRF",
					    "FDDI-net", "TrBRF"};
	if (len < 12)
		return -1;
	uint8_t st = nlab_get8(v, off + 1), ty = nlab_get8(v, off + 2);
	nlab_strbuf_printf(c->out,
			   "\n\tVLAN info status %s, type %s, VLAN-id %u, MTU "
			   "%u, SAID 0x%08x, Name ",
			   st == 0   ? "Operational"
			   : st == 1 ? "Suspended"
				     : "Unknown",
			   ty >= 1 && ty <= 5 ? types[ty - 1] : "Unknown",
			   nlab_get16(v, off + 4), nlab_get16(v, off + 6),
			   nlab_get32(v, off + 8));
	uint32_t nl = nlab_get8(v, off + 3), padded = 4 * ((nl + 3) / 4);
	len -= 12;
	if (len < padded)
		return -1;
	jnp(c, v, off + 12, nl);
	return vlan_tlvs(c, v, off + 12 + padded, len - padded);
}

/* A subset advertisement's revision and VLANs (message of LEN bytes). */
static int subset(nlab_pctx *c, nlab_view v, uint32_t len)
{
	if (!nlab_view_has(v, 36, 4))
		return NLAB_P_TRUNC;
	nlab_strbuf_printf(c->out, ", Config Rev %x", nlab_get32(v, 36));
	for (size_t off = 40; off < len;) {
		if (!nlab_view_has(v, off, 1))
			return NLAB_P_TRUNC;
		uint8_t vl = nlab_get8(v, off);
		if (vl == 0)
			break;
		if (!nlab_view_has(v, off, vl))
			return NLAB_P_TRUNC;
		if (vlan(c, v, off, vl) < 0)
			return invalid(c, v, len);
		off += vl;
	}
	return NLAB_P_OK;
}

/* -v: the domain name and what the message of TYPE says. */
static int verbose(nlab_pctx *c, nlab_view v, uint32_t len, uint8_t type)
{
	static const char *const third[] = {"Followers", "Seq number", "Rsvd",
					    "Rsvd"};
	nlab_p_puts(c, "\n\tDomain name: ");
	uint8_t dl = nlab_get8(v, 3);
	if (dl < 1 || dl > 32) {
		nlab_strbuf_printf(c->out, " [invalid MgmtD Len %u]", dl);
		return invalid(c, v, len);
	}
	jnp(c, v, 4, dl);
	nlab_strbuf_printf(c->out, ", %s: %u",
			   type >= 1 && type <= 4 ? third[type - 1] : "Unknown",
			   nlab_get8(v, 2));
	switch (type) {
	case 1:
		return summary(c, v);
	case 2:
		return subset(c, v, len);
	case 3:
		if (!nlab_view_has(v, 36, 4))
			return NLAB_P_TRUNC;
		nlab_strbuf_printf(c->out, "\n\tStart value: %u",
				   nlab_get32(v, 36));
		return NLAB_P_OK;
	default:
		return NLAB_P_OK;
	}
}

int nlab_p_vtp(nlab_pctx *c, nlab_view v, uint32_t len)
{
	static const char *const types[] = {
	    "Summary advertisement", "Subset advertisement",
	    "Advertisement request", "Join message"};
	c->proto = "vtp";
	if (len < 36)
		return invalid(c, v, len);
	if (!nlab_view_has(v, 0, 36))
		return NLAB_P_TRUNC;
	uint8_t type = nlab_get8(v, 1);
	nlab_strbuf_printf(
	    c->out, "VTPv%u, Message %s (0x%02x), length %u", nlab_get8(v, 0),
	    type >= 1 && type <= 4 ? types[type - 1] : "Unknown message type",
	    type, len);
	if (!c->o->v)
		return nlab_view_has(v, 0, len) ? NLAB_P_OK : NLAB_P_TRUNC;
	return verbose(c, v, len, type);
}
