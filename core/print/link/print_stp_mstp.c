/* print_stp_mstp.c - the multiple spanning tree BPDU (802.1s) and the
 * shortest path bridging one (802.1aq, its version 4 part after), as
 * tcpdump's stp_print_mstp_bpdu and stp_print_spb_bpdu write them:
 * the CIST flags, and under -v the CIST, the MST configuration id,
 * each MSTI, SPB's auxiliary configuration id and agreement. Each
 * line is printed only once the bytes it reads are captured. */
#include "print_priv.h"

/* Returns NLAB_P_TRUNC from the caller when V lacks bytes up to END. */
#define NEED_TO(v, end)                                                        \
	do {                                                                   \
		if (!nlab_view_has((v), 0, (end)))                             \
			return NLAB_P_TRUNC;                                   \
	} while (0)

/* "8000.02:00:00:00:00:01" of the bridge id at OFF. */
static void bridge_id(nlab_pctx *c, nlab_view v, size_t off)
{
	nlab_strbuf_printf(c->out, "%04x.", nlab_get16(v, off));
	nlab_p_mac(c, v, off + 2, 6);
}

/* The BPDU flags F as tcpdump's bittok2str writes them. */
static void flags(nlab_pctx *c, uint8_t f)
{
	static const nlab_bitname names[] = {{0x01, "Topology change"}, {0x02, "Proposal"},
					     {0x10, "Learn"},		{0x20, "Forward"},
					     {0x40, "Agreement"},	{0x80, "Topology change ACK"},
					     {0, NULL}};
	nlab_p_bits(c, names, f, ", ", "none");
}

static const char *role(uint8_t f)
{
	static const char *const roles[] = {"Unknown", "Alternate", "Root", "Designated"};
	return roles[(f >> 2) & 3];
}

static double stp_time(nlab_view v, size_t off)
{
	return (float)nlab_get16(v, off) / 256;
}

/* The name of the 32 bytes at OFF, then "TAIL". */
static int name(nlab_pctx *c, nlab_view v, size_t off)
{
	for (size_t i = 0; i < 32; i++) {
		NEED_TO(v, off + i + 1);
		uint8_t ch = nlab_get8(v, off + i);
		if (!ch)
			break;
		nlab_p_char(c, ch);
	}
	return NLAB_P_OK;
}

/* The CIST's lines (-v). */
static int cist(nlab_pctx *c, nlab_view v)
{
	uint8_t f = nlab_get8(v, 4);
	nlab_strbuf_printf(c->out, "\n\tport-role %s, ", role(f));
	NEED_TO(v, 17);
	nlab_p_puts(c, "CIST root-id ");
	bridge_id(c, v, 5);
	nlab_strbuf_printf(c->out, ", CIST ext-pathcost %u", nlab_get32(v, 13));
	NEED_TO(v, 25);
	nlab_p_puts(c, "\n\tCIST regional-root-id ");
	bridge_id(c, v, 17);
	nlab_p_puts(c, ", ");
	NEED_TO(v, 27);
	nlab_strbuf_printf(c->out, "CIST port-id %04x,", nlab_get16(v, 25));
	NEED_TO(v, 35);
	nlab_strbuf_printf(c->out,
			   "\n\tmessage-age %.2fs, max-age %.2fs, hello-time %.2fs, "
			   "forwarding-delay %.2fs",
			   stp_time(v, 27), stp_time(v, 29), stp_time(v, 31), stp_time(v, 33));
	NEED_TO(v, 38);
	nlab_strbuf_printf(c->out, "\n\tv3len %u, MCID Name ", nlab_get16(v, 36));
	int r = name(c, v, 39);
	if (r)
		return r;
	NEED_TO(v, 89);
	nlab_strbuf_printf(c->out, ", rev %u,\n\t\tdigest %08x%08x%08x%08x, ", nlab_get16(v, 71),
			   nlab_get32(v, 73), nlab_get32(v, 77), nlab_get32(v, 81),
			   nlab_get32(v, 85));
	NEED_TO(v, 93);
	nlab_strbuf_printf(c->out, "CIST int-root-pathcost %u,", nlab_get32(v, 89));
	NEED_TO(v, 101);
	nlab_p_puts(c, "\n\tCIST bridge-id ");
	bridge_id(c, v, 93);
	nlab_p_puts(c, ", ");
	NEED_TO(v, 102);
	nlab_strbuf_printf(c->out, "CIST remaining-hops %u", nlab_get8(v, 101));
	return NLAB_P_OK;
}

/* Each MSTI record (16 bytes) the version 3 length holds. */
static int mstis(nlab_pctx *c, nlab_view v)
{
	unsigned v3len = nlab_get16(v, 36);
	if (v3len <= 64)
		return NLAB_P_OK;
	size_t o = 102;
	for (unsigned left = (uint16_t)(v3len - 64); left >= 16; left -= 16, o += 16) {
		NEED_TO(v, o + 3);
		uint8_t f = nlab_get8(v, o);
		nlab_strbuf_printf(c->out, "\n\tMSTI %u, Flags [", nlab_get16(v, o + 1) & 0xfff);
		flags(c, f);
		nlab_strbuf_printf(c->out, "], port-role %s", role(f));
		NEED_TO(v, o + 13);
		nlab_p_puts(c, "\n\t\tMSTI regional-root-id ");
		bridge_id(c, v, o + 1);
		nlab_strbuf_printf(c->out, ", pathcost %u", nlab_get32(v, o + 9));
		NEED_TO(v, o + 16);
		nlab_strbuf_printf(c->out, "\n\t\tMSTI bridge-prio %u, port-prio %u, hops %u",
				   nlab_get8(v, o + 13) >> 4, nlab_get8(v, o + 14) >> 4,
				   nlab_get8(v, o + 15));
	}
	return NLAB_P_OK;
}

/* SPB's version 4 part at O (-v). */
static int spb(nlab_pctx *c, nlab_view v, size_t o)
{
	NEED_TO(v, o + 2);
	nlab_strbuf_printf(c->out, "\n\tv4len %u, AUXMCID Name ", nlab_get16(v, o));
	int r = name(c, v, o + 3);
	if (r)
		return r;
	NEED_TO(v, o + 53);
	nlab_strbuf_printf(c->out, ", Rev %u,\n\t\tdigest %08x%08x%08x%08x", nlab_get16(v, o + 35),
			   nlab_get32(v, o + 37), nlab_get32(v, o + 41), nlab_get32(v, o + 45),
			   nlab_get32(v, o + 49));
	NEED_TO(v, o + 87);
	uint8_t a = nlab_get8(v, o + 53), f = nlab_get8(v, o + 55), k = nlab_get8(v, o + 56);
	nlab_strbuf_printf(c->out,
			   "\n\tAgreement num %u, Discarded Agreement num %u, Agreement valid-flag "
			   "%u,\n\tRestricted role-flag: %u, Format id %u cap %u, Convention id %u "
			   "cap %u,\n\tEdge count %u, Agreement digest %08x%08x%08x%08x%08x",
			   a >> 6, a >> 4 & 3, a >> 3 & 1, a >> 2 & 1, f >> 4, f, k >> 4, k,
			   nlab_get16(v, o + 57), nlab_get32(v, o + 67), nlab_get32(v, o + 71),
			   nlab_get32(v, o + 75), nlab_get32(v, o + 79), nlab_get32(v, o + 83));
	return NLAB_P_OK;
}

/* tcpdump's length checks of the MSTP (and SPB) parts: 0 when sound,
 * 1 when " (invalid)" ends the line. */
static int invalid(nlab_pctx *c)
{
	nlab_p_puts(c, " (invalid)");
	return NLAB_P_OK;
}

int nlab_p_mstp(nlab_pctx *c, nlab_view v, uint32_t len, int is_spb)
{
	if (len < 102)
		return invalid(c);
	NEED_TO(v, 36);
	if (nlab_get8(v, 35) != 0)
		return invalid(c);
	NEED_TO(v, 38);
	unsigned mstp_len = nlab_get16(v, 36) + 2u;
	if (len < 36 + mstp_len)
		return invalid(c);
	NEED_TO(v, 5);
	nlab_p_puts(c, ", CIST Flags [");
	flags(c, nlab_get8(v, 4));
	nlab_strbuf_printf(c->out, "], length %u", len);
	int r;
	if (c->o->v && ((r = cist(c, v)) || (r = mstis(c, v))))
		return r;
	if (!is_spb)
		return NLAB_P_OK;
	size_t o = 36 + mstp_len;
	NEED_TO(v, o + 2);
	unsigned spb_len = nlab_get16(v, o) + 2u;
	if (len < o + spb_len || spb_len < 87)
		return invalid(c);
	return c->o->v ? spb(c, v, o) : NLAB_P_OK;
}
