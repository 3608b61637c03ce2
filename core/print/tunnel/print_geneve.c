/* print_geneve.c - GENEVE (UDP port 6081), its options and the packet
 * it carries, as tcpdump's print-geneve.c writes them. */
#include "print_priv.h"

/* tcpdump's format_opt_class: the name of option class CL. */
static const char *opt_class(uint16_t cl)
{
	switch (cl) {
	case 0x0100:
		return "Linux";
	case 0x0101:
		return "Open vSwitch";
	case 0x0102:
		return "Open Virtual Networking (OVN)";
	case 0x0103:
		return "In-band Network Telemetry (INT)";
	case 0x0104:
		return "VMware";
	default:
		return cl <= 0x00ff   ? "Standard"
		       : cl >= 0xfff0 ? "Experimental"
				      : "Unknown";
	}
}

/* -v: each of the options in the LEN bytes of V (all captured). */
static void geneve_opts(nlab_pctx *c, nlab_view v, uint32_t len)
{
	for (size_t at = 0; len > 0;) {
		if (at)
			nlab_p_puts(c, ", ");
		uint16_t cl = nlab_get16(v, at);
		uint8_t type = nlab_get8(v, at + 2);
		uint32_t olen = 4 + (nlab_get8(v, at + 3) & 0x1f) * 4u;
		nlab_strbuf_printf(c->out, "class %s (0x%x) type 0x%x%s len %u",
				   opt_class(cl), cl, type,
				   type & 0x80 ? "(C)" : "", olen);
		if (olen > len) {
			nlab_p_puts(c, " [bad length]");
			return;
		}
		if (c->o->v > 1 && olen > 4) { /* -vv: the option's words */
			nlab_p_puts(c, " data");
			for (uint32_t i = 4; i < olen; i += 4)
				nlab_strbuf_printf(c->out, " %08x",
						   nlab_get32(v, at + i));
		}
		at += olen, len -= olen;
	}
}

/* The flags byte F as tcpdump's bittok2str_nosep(geneve_flag_values). */
static void geneve_flags(nlab_pctx *c, uint8_t f)
{
	static const char *names[] = {"O",  "C",  "R1", "R2",
				      "R3", "R4", "R5", "R6"};
	nlab_p_puts(c, ", Flags [");
	if (!f)
		nlab_p_puts(c, "none");
	for (int i = 0; i < 8; i++)
		if (f & (0x80 >> i))
			nlab_p_puts(c, names[i]);
	nlab_p_puts(c, "]");
}

/* The payload of protocol PROT (an ethertype; 0x6558 an Ethernet frame). */
static int geneve_payload(nlab_pctx *c, uint16_t prot, nlab_view v,
			  uint32_t len)
{
	int known;
	int r = nlab_p_ethertype(c, prot, v, len, &known);
	if (known)
		return r;
	if (prot == 0x6558)
		return nlab_p_inner_ether(c, v, len);
	nlab_strbuf_printf(c->out, "geneve-proto-0x%x", prot);
	return NLAB_P_OK;
}

int nlab_p_geneve(nlab_pctx *c, nlab_view v, uint32_t len)
{
	c->proto = "geneve";
	nlab_p_puts(c, "Geneve");
	if (len < 8) {
		nlab_strbuf_printf(c->out, " [length %u < 8] (invalid)", len);
		return NLAB_P_OK;
	}
	if (!nlab_view_has(v, 0, 8))
		return NLAB_P_ETRUNC;
	uint8_t vo = nlab_get8(v, 0);
	if (vo >> 6) {
		nlab_strbuf_printf(c->out, " ERROR: unknown-version %u",
				   vo >> 6);
		return NLAB_P_OK;
	}
	uint16_t prot = nlab_get16(v, 2);
	geneve_flags(c, nlab_get8(v, 1));
	nlab_strbuf_printf(c->out, ", vni 0x%x", nlab_get24(v, 4));
	if (nlab_get8(v, 7))
		nlab_strbuf_printf(c->out, ", rsvd 0x%x", nlab_get8(v, 7));
	if (c->o->e) {
		const char *n = nlab_p_ethertype_name(prot);
		nlab_strbuf_printf(c->out, ", proto %s (0x%04x)",
				   n ? n : "unknown", prot);
	}
	uint32_t olen = (vo & 0x3f) * 4u;
	len -= 8;
	if (len < olen) {
		nlab_strbuf_printf(
		    c->out, " truncated-geneve - %u bytes missing", olen - len);
		return NLAB_P_OK;
	}
	if (!nlab_view_has(v, 8, olen))
		return NLAB_P_ETRUNC;
	if (olen) {
		nlab_p_puts(c, ", options [");
		if (c->o->v)
			geneve_opts(c, nlab_view_from(v, 8), olen);
		else
			nlab_strbuf_printf(c->out, "%u bytes", olen);
		nlab_p_puts(c, "]");
	}
	nlab_p_puts(c, c->o->v ? "\n\t" : ": ");
	return geneve_payload(c, prot, nlab_view_from(v, 8 + olen), len - olen);
}
