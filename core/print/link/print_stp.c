/* print_stp.c - spanning tree BPDUs (802.1D, 802.1w), as tcpdump's
 * print-stp.c writes them; MSTP's (802.1s) and SPB's (802.1aq) are
 * print_stp_mstp.c's. */
#include "print_priv.h"

/* Appends bridge id at OFF: "8000.02:00:00:00:00:01". */
static void bridge_id(nlab_pctx *c, nlab_view v, size_t off)
{
	nlab_strbuf_printf(c->out, "%04x.", nlab_get16(v, off));
	nlab_p_mac(c, v, off + 2, 6);
}

/* Appends the flags byte F as tcpdump's bittok2str does. */
static void bpdu_flags(nlab_pctx *c, uint8_t f)
{
	static const struct {
		uint8_t bit;
		const char *name;
	} names[] = {{0x01, "Topology change"}, {0x02, "Proposal"},
		     {0x10, "Learn"},		{0x20, "Forward"},
		     {0x40, "Agreement"},	{0x80, "Topology change ACK"}};
	const char *sep = "";
	nlab_p_puts(c, ", Flags [");
	for (size_t i = 0; i < sizeof names / sizeof *names; i++)
		if (f & names[i].bit) {
			nlab_strbuf_printf(c->out, "%s%s", sep, names[i].name);
			sep = ", ";
		}
	nlab_p_puts(c, *sep ? "]" : "none]");
}

/* A time field at OFF, in 1/256 s, as "%.2fs". */
static double stp_time(nlab_view v, size_t off)
{
	return (float)nlab_get16(v, off) / 256;
}

/* The body of a config or RSTP BPDU of LEN bytes (header at 0), each
 * of tcpdump's printfs only once the bytes it reads are captured. */
static int config_bpdu(nlab_pctx *c, nlab_view v, uint32_t len)
{
	static const char *roles[] = {"Unknown", "Alternate", "Root",
				      "Designated"};
	if (!nlab_view_has(v, 0, 5))
		return NLAB_P_TRUNC;
	uint8_t f = nlab_get8(v, 4);
	bpdu_flags(c, f);
	if (!nlab_view_has(v, 0, 27))
		return NLAB_P_TRUNC;
	nlab_p_puts(c, ", bridge-id ");
	bridge_id(c, v, 17);
	nlab_strbuf_printf(c->out, ".%04x, length %u", nlab_get16(v, 25), len);
	if (!c->o->v)
		return NLAB_P_OK;
	if (!nlab_view_has(v, 0, 35))
		return NLAB_P_TRUNC;
	nlab_strbuf_printf(
	    c->out,
	    "\n\tmessage-age %.2fs, max-age %.2fs, hello-time %.2fs, "
	    "forwarding-delay %.2fs",
	    stp_time(v, 27), stp_time(v, 29), stp_time(v, 31), stp_time(v, 33));
	nlab_p_puts(c, "\n\troot-id ");
	bridge_id(c, v, 5);
	nlab_strbuf_printf(c->out, ", root-pathcost %u", nlab_get32(v, 13));
	if (nlab_get8(v, 2) == 2)
		nlab_strbuf_printf(c->out, ", port-role %s",
				   roles[(f >> 2) & 3]);
	return NLAB_P_OK;
}

/* tcpdump's name of STP version N, or NULL. */
static const char *version_name(uint8_t n)
{
	switch (n) {
	case 0:
		return "802.1d";
	case 2:
		return "802.1w";
	case 3:
		return "802.1s";
	case 4:
		return "802.1aq";
	default:
		return NULL;
	}
}

/* tcpdump's name of BPDU type T, or NULL. */
static const char *type_name(uint8_t t)
{
	switch (t) {
	case 0x00:
		return "Config";
	case 0x02:
		return "Rapid STP";
	case 0x80:
		return "Topology Change";
	default:
		return NULL;
	}
}

int nlab_p_stp(nlab_pctx *c, nlab_view v, uint32_t len)
{
	c->proto = "stp";
	if (len < 4) {
		nlab_p_puts(c, " (invalid)");
		return NLAB_P_OK;
	}
	if (!nlab_view_has(v, 0, 2))
		return NLAB_P_TRUNC;
	if (nlab_get16(v, 0) != 0) {
		nlab_strbuf_printf(c->out, "unknown STP version, length %u",
				   len);
		return NLAB_P_OK;
	}
	if (!nlab_view_has(v, 2, 1))
		return NLAB_P_TRUNC;
	uint8_t ver = nlab_get8(v, 2);
	const char *vn = version_name(ver);
	if (!vn) {
		nlab_strbuf_printf(c->out, "STP Unknown STP protocol (0x%02x)",
				   ver);
		return NLAB_P_OK;
	}
	nlab_strbuf_printf(c->out, "STP %s", vn);
	if (!nlab_view_has(v, 3, 1))
		return NLAB_P_TRUNC;
	uint8_t type = nlab_get8(v, 3);
	const char *tn = type_name(type);
	if (tn)
		nlab_strbuf_printf(c->out, ", %s", tn);
	else
		nlab_strbuf_printf(c->out, ", Unknown BPDU Type (0x%02x)",
				   type);
	if (type == 2 && (ver == 3 || ver == 4))
		return nlab_p_mstp(c, v, len, ver == 4);
	int config = type == 0 || (type == 2 && ver == 2);
	if (!config)
		return NLAB_P_OK;
	if (len < (type == 0 ? 35u : 36u)) {
		nlab_p_puts(c, " (invalid)");
		return NLAB_P_OK;
	}
	return config_bpdu(c, v, len);
}
