/* print_ppp_cp.c - PPP's control protocols as tcpdump's print-ppp.c
 * writes them: the code, id and length of an LCP, IPCP, IP6CP, CCP,
 * BACP, OSICP or MPLSCP packet, and under -v its encoded length and
 * what the code carries: the configuration options of LCP, IPCP,
 * IP6CP, CCP and BACP a line each (-vv: each in hex too), rejected
 * protocols, echo magic numbers and trailing data, identification
 * messages, time remaining. Also CHAP's and PAP's messages and
 * multilink PPP's fragment header. */
#include "print_priv.h"

#include <stdio.h>

/* tcpdump's cpcodes. */
static const char *cp_code(uint8_t code)
{
	static const char *const n[] = {
	    "Vendor-Extension", "Conf-Request", "Conf-Ack", "Conf-Nack", "Conf-Reject",
	    "Term-Request", "Term-Ack", "Code-Reject", "Prot-Reject", "Echo-Request",
	    "Echo-Reply", "Disc-Req", "Ident", "Time-Rem", "Reset-Req", "Reset-Ack"};
	return code < sizeof n / sizeof n[0] ? n[code] : "Unknown Opcode";
}

/* What an option's body tells the option walker. */
enum {
	OPT_DUMP, /* go on; -vv dumps the option's bytes */
	OPT_LEN,  /* go on past the option, nothing dumped */
	OPT_STOP, /* stop walking the options */
	OPT_CUT   /* the capture ended in a field: the packet's end */
};

/* One protocol's options: the name of option OPT, its "[|lcp]", and the
 * printer of its body (LEN bytes at OFF of V, header included; *AT the
 * offset -vv's dump is made from, moved past IPCP's suboptions). */
typedef struct cp_opts {
	const char *(*name)(uint8_t opt);
	const char *trunc;
	int (*body)(nlab_pctx *c, nlab_view v, size_t off, uint8_t opt, uint8_t len, size_t *at);
	int lcp; /* LCP names options past its table "unknown LCP option" */
} cp_opts;

#define NEED(o, n)                                                                       \
	do {                                                                             \
		if (!nlab_view_has(v, (o), (n)))                                         \
			return OPT_CUT;                                                  \
	} while (0)

/* " (length bogus, should be OP N)" */
static void bogus(nlab_pctx *c, const char *op, unsigned n)
{
	nlab_strbuf_printf(c->out, " (length bogus, should be %s %u)", op, n);
}

/* An option tcpdump does not decode: its value in hex (-vv does it later). */
static int opt_unknown(nlab_pctx *c, nlab_view v, size_t off, uint8_t len)
{
	if (c->o->v < 2)
		nlab_p_unknown_data(c, v, off + 2, (size_t)len - 2, "\n\t    ");
	return OPT_DUMP;
}

/* tcpdump's lcpconfopts, options 0 to 30. */
static const char *lcp_name(uint8_t opt)
{
	static const char *const n[] = {
	    "Vend-Ext", "MRU", "ACCM", "Auth-Prot", "Qual-Prot", "Magic-Num", "deprecated(6)",
	    "PFC", "ACFC", "FCS-Alt", "SDP", "Num-Mode", "deprecated(12)", "Call-Back",
	    "deprecated(14)", "deprecated(15)", "deprecated(16)", "MRRU", "12-Bit seq #",
	    "End-Disc", "Proprietary", "DCE-Id", "MP+", "Link-Disc", "LCP-Auth-Opt", "COBS",
	    "Prefix-elision", "Multilink-header-Form", "I18N", "SDL-over-SONET/SDH",
	    "PPP-Muxing"};
	return opt < sizeof n / sizeof n[0] ? n[opt] : NULL;
}

/* LCP's Auth-Prot option (3). */
static int lcp_auth(nlab_pctx *c, nlab_view v, size_t off, uint8_t len)
{
	if (len < 4) {
		bogus(c, ">=", 4);
		return OPT_LEN;
	}
	NEED(off + 2, 2);
	uint16_t ap = nlab_get16(v, off + 2);
	const char *n = nlab_p_ppp_name(ap);
	nlab_strbuf_printf(c->out, ": %s", n ? n : "Unknown Auth Proto (0x04x)");
	switch (ap) {
	case 0xc223: {
		NEED(off + 4, 1);
		uint8_t alg = nlab_get8(v, off + 4);
		if (alg == 5 || alg == 128 || alg == 129)
			nlab_strbuf_printf(c->out, ", %s",
					   alg == 5 ? "MD5" : alg == 128 ? "MS-CHAPv1" : "MS-CHAPv2");
		else
			nlab_strbuf_printf(c->out, ", Unknown Auth Alg %u", alg);
		break;
	}
	case 0xc023:
	case 0xc227:
	case 0xc027:
	case 0xc123:
		break;
	default:
		nlab_p_unknown_data(c, v, off, len, "\n\t");
	}
	return OPT_DUMP;
}

/* LCP's endpoint discriminator option (19). */
static int lcp_disc(nlab_pctx *c, nlab_view v, size_t off, uint8_t len)
{
	if (len < 3) {
		bogus(c, ">=", 3);
		return OPT_STOP;
	}
	NEED(off + 2, 1);
	uint8_t cls = nlab_get8(v, off + 2);
	static const char *const n[] = {": Null", ": Local", NULL, NULL, ": Magic-Num-Block",
					": PSNDN"};
	if (cls == 2 || cls == 3) {
		if (len != (cls == 2 ? 7 : 9)) {
			bogus(c, "=", cls == 2 ? 7 : 9);
			return OPT_STOP;
		}
		NEED(off + 3, cls == 2 ? 4 : 6);
		nlab_p_puts(c, cls == 2 ? ": IPv4 " : ": MAC ");
		if (cls == 2)
			nlab_p_ip4(c, v, off + 3);
		else
			nlab_p_mac(c, v, off + 3, 6);
	} else if (cls < 6) {
		nlab_p_puts(c, n[cls]);
	} else {
		nlab_strbuf_printf(c->out, ": Unknown class %u", cls);
	}
	return OPT_DUMP;
}

/* An option whose LEN must be WANT: its value of N bytes in FMT, or
 * "bogus" and what tcpdump does then (ON_BAD). */
static int lcp_fixed(nlab_pctx *c, nlab_view v, size_t off, uint8_t len, uint8_t want,
		     int on_bad, const char *fmt)
{
	if (len != want) {
		bogus(c, "=", want);
		return on_bad;
	}
	size_t n = want == 6 ? 4 : 2;
	NEED(off + 2, n);
	nlab_strbuf_printf(c->out, fmt, n == 4 ? nlab_get32(v, off + 2) : nlab_get16(v, off + 2));
	return OPT_DUMP;
}

static int lcp_body(nlab_pctx *c, nlab_view v, size_t off, uint8_t opt, uint8_t len,
		    size_t *at)
{
	(void)at;
	switch (opt) {
	case 0: {
		if (len < 6) {
			bogus(c, ">=", 6);
			return OPT_LEN;
		}
		NEED(off + 2, 3);
		uint32_t oui = nlab_get24(v, off + 2);
		const char *n = nlab_p_oui_name(oui);
		nlab_strbuf_printf(c->out, ": Vendor: %s (%u)", n ? n : "Unknown", oui);
		return OPT_DUMP;
	}
	case 1:
		return lcp_fixed(c, v, off, len, 4, OPT_LEN, ": %u");
	case 2:
		return lcp_fixed(c, v, off, len, 6, OPT_LEN, ": 0x%08x");
	case 3:
		return lcp_auth(c, v, off, len);
	case 4:
		if (len < 4) {
			bogus(c, ">=", 4);
			return OPT_STOP;
		}
		NEED(off + 2, 2);
		nlab_p_puts(c, nlab_get16(v, off + 2) == 0xc025 ? ": LQR" : ": unknown");
		return OPT_DUMP;
	case 5:
		return lcp_fixed(c, v, off, len, 6, OPT_STOP, ": 0x%08x");
	case 7:
	case 8:
		return OPT_DUMP;
	case 23:
		return lcp_fixed(c, v, off, len, 4, OPT_STOP, ": 0x%04x");
	case 13: {
		static const char *const n[] = {"UserAuth", "DialString", "LocalID", "E.164",
						"X.500",    "Unknown",	  "CBCP"};
		if (len < 3) {
			bogus(c, ">=", 3);
			return OPT_STOP;
		}
		nlab_p_puts(c, ": ");
		NEED(off + 2, 1);
		uint8_t op = nlab_get8(v, off + 2);
		nlab_strbuf_printf(c->out, ": Callback Operation %s (%u)", op < 7 ? n[op] : "Unknown",
				   op);
		return OPT_DUMP;
	}
	case 17:
		return lcp_fixed(c, v, off, len, 4, OPT_STOP, ": %u");
	case 19:
		return lcp_disc(c, v, off, len);
	default:
		return opt_unknown(c, v, off, len);
	}
}

static const char *ipcp_name(uint8_t opt)
{
	switch (opt) {
	case 1: return "IP-Addrs";
	case 2: return "IP-Comp";
	case 3: return "IP-Addr";
	case 4: return "Home-Addr";
	case 129: return "Pri-DNS";
	case 130: return "Pri-NBNS";
	case 131: return "Sec-DNS";
	case 132: return "Sec-NBNS";
	default: return "unknown";
	}
}

/* IP header compression's parameters and suboptions (RFC 3544), from
 * OFF; *AT ends past the suboptions walked. */
static int ipcp_hdrcomp(nlab_pctx *c, nlab_view v, size_t off, uint8_t len, size_t *at)
{
	if (len < 14) {
		bogus(c, ">=", 14);
		return OPT_STOP;
	}
	if (!nlab_view_has(v, off + 2, 14)) {
		nlab_p_puts(c, "[|ipcp]");
		return OPT_STOP;
	}
	nlab_strbuf_printf(c->out,
			   "\n\t    TCP Space %u, non-TCP Space %u, maxPeriod %u, maxTime %u, maxHdr %u",
			   nlab_get16(v, off + 4), nlab_get16(v, off + 6), nlab_get16(v, off + 8),
			   nlab_get16(v, off + 10), nlab_get16(v, off + 12));
	if (len == 14)
		return OPT_DUMP;
	uint32_t left = len - 14u;
	size_t p = off + 14;
	nlab_strbuf_printf(c->out, "\n\t      Suboptions, length %u", left);
	while (left >= 2) {
		if (!nlab_view_has(v, p, 2)) {
			nlab_p_puts(c, "[|ipcp]");
			return OPT_STOP;
		}
		uint8_t so = nlab_get8(v, p), sl = nlab_get8(v, p + 1);
		if (so == 0 || sl == 0)
			break;
		nlab_strbuf_printf(c->out, "\n\t\t%s Suboption #%u, length %u",
				   so == 1 ? "RTP-Compression" : so == 2 ? "Enhanced RTP-Compression"
									 : "Unknown",
				   so, sl);
		if (left < sl) {
			nlab_strbuf_printf(c->out, " [remaining suboptions length %u < %u] (invalid)",
					   left, sl);
			break;
		}
		left -= sl;
		p += sl;
	}
	*at = p;
	return OPT_DUMP;
}

static int ipcp_body(nlab_pctx *c, nlab_view v, size_t off, uint8_t opt, uint8_t len,
		     size_t *at)
{
	switch (opt) {
	case 1:
		if (len != 10) {
			bogus(c, "=", 10);
			return OPT_LEN;
		}
		NEED(off + 2, 8);
		nlab_p_puts(c, ": src ");
		nlab_p_ip4(c, v, off + 2);
		nlab_p_puts(c, ", dst ");
		nlab_p_ip4(c, v, off + 6);
		return OPT_DUMP;
	case 2: {
		if (len < 4) {
			bogus(c, ">=", 4);
			return OPT_STOP;
		}
		NEED(off + 2, 2);
		uint16_t cp = nlab_get16(v, off + 2);
		nlab_strbuf_printf(c->out, ": %s (0x%02x):",
				   cp == 0x2d	? "VJ-Comp"
				   : cp == 0x61 ? "IP Header Compression"
						: "Unknown",
				   cp);
		return cp == 0x61 ? ipcp_hdrcomp(c, v, off, len, at) : OPT_DUMP;
	}
	case 3:
	case 4:
	case 129:
	case 130:
	case 131:
	case 132:
		if (len != 6) {
			bogus(c, "=", 6);
			return OPT_STOP;
		}
		NEED(off + 2, 4);
		nlab_p_puts(c, ": ");
		nlab_p_ip4(c, v, off + 2);
		return OPT_DUMP;
	default:
		return opt_unknown(c, v, off, len);
	}
}

static const char *ip6cp_name(uint8_t opt)
{
	return opt == 1 ? "Interface-ID" : "unknown";
}

static int ip6cp_body(nlab_pctx *c, nlab_view v, size_t off, uint8_t opt, uint8_t len,
		      size_t *at)
{
	(void)at;
	if (opt != 1)
		return opt_unknown(c, v, off, len);
	if (len != 10) {
		bogus(c, "=", 10);
		return OPT_LEN;
	}
	if (!nlab_view_has(v, off + 2, 8)) {
		nlab_p_puts(c, "[|ip6cp]");
		return OPT_STOP;
	}
	nlab_strbuf_printf(c->out, ": %04x:%04x:%04x:%04x", nlab_get16(v, off + 2),
			   nlab_get16(v, off + 4), nlab_get16(v, off + 6), nlab_get16(v, off + 8));
	return OPT_DUMP;
}

static const char *ccp_name(uint8_t opt)
{
	switch (opt) {
	case 0: return "OUI";
	case 1: return "Pred-1";
	case 2: return "Pred-2";
	case 3: return "Puddle";
	case 16: return "HP-PPC";
	case 17: return "Stac-LZS";
	case 18: return "MPPC";
	case 19: return "Gand-FZA";
	case 20: return "V.42bis";
	case 21: return "BSD-Comp";
	case 23: return "LZS-DCP";
	case 24: return "MVRCA";
	case 25: return "DEC";
	case 26: return "Deflate";
	case 255: return "Reserved";
	default: return "Unknown";
	}
}

static int ccp_body(nlab_pctx *c, nlab_view v, size_t off, uint8_t opt, uint8_t len,
		    size_t *at)
{
	(void)at;
	uint8_t want = opt == 21 ? 3 : 4;
	if (opt != 21 && opt != 24 && opt != 26)
		return opt_unknown(c, v, off, len);
	if (len < want) {
		bogus(c, ">=", want);
		return OPT_LEN;
	}
	NEED(off + 2, want - 2u);
	uint8_t a = nlab_get8(v, off + 2), b = nlab_get8(v, off + 3);
	if (opt == 21)
		nlab_strbuf_printf(c->out, ": Version: %u, Dictionary Bits: %u", a >> 5, a & 0x1f);
	else if (opt == 24)
		nlab_strbuf_printf(c->out, ": Features: %u, PxP: %s, History: %u, #CTX-ID: %u",
				   (a & 0xc0) >> 6, a & 0x20 ? "Enabled" : "Disabled", a & 0x1f, b);
	else
		nlab_strbuf_printf(c->out, ": Window: %uK, Method: %s (0x%x), MBZ: %u, CHK: %u",
				   (a & 0xf0) >> 4, (a & 0x0f) == 8 ? "zlib" : "unknown", a & 0x0f,
				   (b & 0xfc) >> 2, b & 0x03);
	return OPT_DUMP;
}

static const char *bacp_name(uint8_t opt)
{
	return opt == 1 ? "Favored-Peer" : "Unknown";
}

static int bacp_body(nlab_pctx *c, nlab_view v, size_t off, uint8_t opt, uint8_t len,
		     size_t *at)
{
	(void)at;
	if (opt != 1)
		return opt_unknown(c, v, off, len);
	return lcp_fixed(c, v, off, len, 6, OPT_LEN, ": Magic-Num 0x%08x");
}

static const cp_opts lcp_opts = {lcp_name, "[|lcp]", lcp_body, 1};
static const cp_opts ipcp_opts = {ipcp_name, "[|ipcp]", ipcp_body, 0};
static const cp_opts ip6cp_opts = {ip6cp_name, "[|ip6cp]", ip6cp_body, 0};
static const cp_opts ccp_opts = {ccp_name, "[|ccp]", ccp_body, 0};
static const cp_opts bacp_opts = {bacp_name, "[|bacp]", bacp_body, 0};

/* The option at OFF of V in a packet whose encoded length is LEN: the
 * bytes to go on by, 0 to stop, -1 when the capture ends in it. */
static long cp_option(nlab_pctx *c, nlab_view v, size_t off, uint32_t len, const cp_opts *t)
{
	if (!nlab_view_has(v, off, 2)) {
		nlab_p_puts(c, t->trunc);
		return 0;
	}
	uint8_t opt = nlab_get8(v, off), olen = nlab_get8(v, off + 1);
	if (len < olen)
		return 0;
	const char *n = t->name(opt);
	if (!n) { /* LCP past its table */
		nlab_strbuf_printf(c->out, "\n\tunknown LCP option 0x%02x", opt);
		return olen < 2 ? 0 : olen;
	}
	nlab_strbuf_printf(c->out, "\n\t  %s Option (0x%02x), length %u", n, opt, olen);
	if (olen < 2) {
		nlab_p_puts(c, " (length bogus, should be >= 2)");
		return 0;
	}
	size_t at = off;
	switch (t->body(c, v, off, opt, olen, &at)) {
	case OPT_CUT:
		return -1;
	case OPT_STOP:
		return 0;
	case OPT_LEN:
		return olen;
	default:
		if (c->o->v > 1)
			nlab_p_unknown_data(c, v, at + 2, olen - 2u, "\n\t    ");
		return olen;
	}
}

/* A Configure-Request, -Ack, -Nak or -Reject's options from OFF of V,
 * LEN its encoded length (more than 4). */
static int cp_options(nlab_pctx *c, nlab_view v, size_t off, uint32_t len, const cp_opts *t)
{
	uint32_t left = len - 4;
	do {
		long adv = cp_option(c, v, off, len, t);
		if (adv < 0)
			return NLAB_P_TRUNC;
		if (adv == 0)
			break;
		if (left < adv) {
			nlab_strbuf_printf(c->out, " [remaining options length %u < %ld] (invalid)",
					   left, adv);
			break;
		}
		left -= (uint32_t)adv;
		off += (size_t)adv;
	} while (left != 0);
	return NLAB_P_OK;
}

/* The option table of control protocol PROTO, or NULL. */
static const cp_opts *cp_table(uint16_t proto)
{
	switch (proto) {
	case 0xc021: return &lcp_opts;
	case 0x8021: return &ipcp_opts;
	case 0x8057: return &ip6cp_opts;
	case 0x80fd: return &ccp_opts;
	case 0xc02b: return &bacp_opts;
	default: return NULL;
	}
}

/* "\n\t  Magic-Num 0x..." at OFF: 0, or -1 when it was not captured. */
static int magic(nlab_pctx *c, nlab_view v, size_t off)
{
	if (!nlab_view_has(v, off, 4))
		return -1;
	nlab_strbuf_printf(c->out, "\n\t  Magic-Num 0x%08x", nlab_get32(v, off));
	return 0;
}

/* What code CODE of a packet (encoded length LEN, T its data's offset
 * in V, after the protocol field at T - 6) carries, under -v. */
static int cp_data(nlab_pctx *c, uint16_t proto, const char *name, nlab_view v, size_t t,
		   uint8_t code, uint32_t len)
{
	const cp_opts *tab;
	switch (code) {
	case 0: {
		if (len < 11)
			return NLAB_P_OK;
		if (magic(c, v, t) || !nlab_view_has(v, t + 4, 3))
			return NLAB_P_TRUNC;
		uint32_t oui = nlab_get24(v, t + 4);
		const char *n = nlab_p_oui_name(oui);
		nlab_strbuf_printf(c->out, " Vendor: %s (%u)", n ? n : "Unknown", oui);
		return NLAB_P_OK;
	}
	case 1:
	case 2:
	case 3:
	case 4:
		tab = cp_table(proto);
		return tab ? cp_options(c, v, t, len, tab) : NLAB_P_OK;
	case 5:
	case 6:
	case 7:
		return NLAB_P_OK;
	case 8: {
		if (len < 6)
			return NLAB_P_OK;
		if (!nlab_view_has(v, t, 2))
			return NLAB_P_TRUNC;
		uint16_t p = nlab_get16(v, t);
		const char *n = nlab_p_ppp_name(p);
		nlab_strbuf_printf(c->out, "\n\t  Rejected %s Protocol (0x%04x)", n ? n : "unknown",
				   p);
		if (len > 6) {
			nlab_p_puts(c, "\n\t  Rejected Packet");
			nlab_p_unknown_data(c, v, t + 2, len - 2, "\n\t    ");
		}
		return NLAB_P_OK;
	}
	case 9:
	case 10:
	case 11:
		if (len < 8)
			return NLAB_P_OK;
		if (magic(c, v, t))
			return NLAB_P_TRUNC;
		if (len > 8) {
			nlab_p_puts(c, "\n\t  -----trailing data-----");
			if (!nlab_view_has(v, t + 4, len - 8)) {
				nlab_strbuf_printf(c->out, "[|%s]", name);
				return NLAB_P_OK;
			}
			nlab_p_unknown_data(c, v, t + 4, len - 8, "\n\t  ");
		}
		return NLAB_P_OK;
	case 12:
		if (len < 8)
			return NLAB_P_OK;
		if (magic(c, v, t))
			return NLAB_P_TRUNC;
		if (len > 8) {
			nlab_p_puts(c, "\n\t  Message\n\t    ");
			if (nlab_p_printn(c, v, t + 4, len - 4))
				nlab_strbuf_printf(c->out, "[|%s]", name);
		}
		return NLAB_P_OK;
	case 13:
		if (len < 12)
			return NLAB_P_OK;
		if (magic(c, v, t) || !nlab_view_has(v, t + 4, 4))
			return NLAB_P_TRUNC;
		nlab_strbuf_printf(c->out, ", Seconds-Remaining %us", nlab_get32(v, t + 4));
		return NLAB_P_OK;
	default:
		if (c->o->v <= 1)
			nlab_p_unknown_data(c, v, t - 6, len + 2, "\n\t  ");
		return NLAB_P_OK;
	}
}

int nlab_p_ppp_cp(nlab_pctx *c, uint16_t proto, nlab_view v, size_t off, uint32_t length)
{
	char unk[32];
	const char *name = nlab_p_ppp_name(proto);
	if (!name) {
		snprintf(unk, sizeof unk, "unknown ctrl-proto (0x%04x)", proto);
		name = unk;
	}
	nlab_strbuf_printf(c->out, "%s, ", name);
	if (length < 4 || !nlab_view_has(v, off, 2)) {
		nlab_strbuf_printf(c->out, "[|%s]", name);
		return NLAB_P_OK;
	}
	uint8_t code = nlab_get8(v, off);
	nlab_strbuf_printf(c->out, "%s (0x%02x), id %u, length %u", cp_code(code), code,
			   nlab_get8(v, off + 1), length + 2);
	if (!c->o->v)
		return NLAB_P_OK;
	if (!nlab_view_has(v, off + 2, 2))
		return NLAB_P_TRUNC;
	uint32_t len = nlab_get16(v, off + 2);
	if (len < 4) {
		nlab_strbuf_printf(c->out, "\n\tencoded length %u (< 4))", len);
		return NLAB_P_OK;
	}
	if (len > length) {
		nlab_strbuf_printf(c->out, "\n\tencoded length %u (> packet length %u))", len,
				   length);
		return NLAB_P_OK;
	}
	nlab_strbuf_printf(c->out, "\n\tencoded length %u (=Option(s) length %u)", len, len - 4);
	if (len == 4)
		return NLAB_P_OK;
	if (c->o->v > 1)
		nlab_p_unknown_data(c, v, off - 2, 6, "\n\t");
	return cp_data(c, proto, name, v, off + 4, code, len);
}

int nlab_p_mlppp(nlab_pctx *c, nlab_view v, uint32_t len)
{
	if (!c->o->e)
		nlab_p_puts(c, "MLPPP, ");
	if (len < 2 || !nlab_view_has(v, 0, 2)) {
		nlab_p_puts(c, "[|mlppp]");
		return NLAB_P_OK;
	}
	static const nlab_bitname fl[] = {{0x80, "begin"}, {0x40, "end"}, {0, NULL}};
	nlab_strbuf_printf(c->out, "seq 0x%03x, Flags [", nlab_get16(v, 0) & 0x0fff);
	nlab_p_bits(c, fl, nlab_get8(v, 0) & 0xc0, ", ", "none");
	nlab_strbuf_printf(c->out, "], length %u", len);
	return NLAB_P_OK;
}

/* "[|chap]" or "[|chap 0x01]" for a packet shorter than its header: 1
 * when it was that, -1 when even its first byte was not captured. */
static int auth_short(nlab_pctx *c, nlab_view v, uint32_t len, const char *what)
{
	if (len < 1) {
		nlab_strbuf_printf(c->out, "[|%s]", what);
		return 1;
	}
	if (len >= 4)
		return 0;
	if (!nlab_view_has(v, 0, 1))
		return -1;
	nlab_strbuf_printf(c->out, "[|%s 0x%02x]", what, nlab_get8(v, 0));
	return 1;
}

/* ", WHAT " and N bytes at OFF as characters (to the capture's end, then cut). */
static int auth_text(nlab_pctx *c, const char *what, nlab_view v, size_t off, uint32_t n)
{
	nlab_p_puts(c, what);
	return nlab_p_printn(c, v, off, n) ? NLAB_P_TRUNC : NLAB_P_OK;
}

int nlab_p_chap(nlab_pctx *c, nlab_view v, uint32_t length)
{
	int s = auth_short(c, v, length, "chap");
	if (s)
		return s < 0 ? NLAB_P_TRUNC : NLAB_P_OK;
	if (!nlab_view_has(v, 0, 1))
		return NLAB_P_TRUNC;
	static const char *const n[] = {"unknown", "Challenge", "Response", "Success", "Fail"};
	uint8_t code = nlab_get8(v, 0);
	nlab_strbuf_printf(c->out, "CHAP, %s (0x%02x)", code < 5 ? n[code] : "unknown", code);
	if (!nlab_view_has(v, 1, 1))
		return NLAB_P_TRUNC;
	nlab_strbuf_printf(c->out, ", id %u", nlab_get8(v, 1));
	if (!nlab_view_has(v, 2, 2))
		return NLAB_P_TRUNC;
	uint32_t len = nlab_get16(v, 2);
	if (code == 3 || code == 4)
		return auth_text(c, ", Msg ", v, 4, len - 4);
	if (code != 1 && code != 2)
		return NLAB_P_OK;
	if (length - 4 < 1)
		return NLAB_P_OK;
	if (!nlab_view_has(v, 4, 1))
		return NLAB_P_TRUNC;
	uint32_t vs = nlab_get8(v, 4);
	if (length - 5 < vs)
		return NLAB_P_OK;
	nlab_p_puts(c, ", Value ");
	for (uint32_t i = 0; i < vs; i++) {
		if (!nlab_view_has(v, 5 + i, 1))
			return NLAB_P_TRUNC;
		nlab_strbuf_printf(c->out, "%02x", nlab_get8(v, 5 + i));
	}
	return auth_text(c, ", Name ", v, 5 + vs, len - (5 + vs));
}

/* A PAP string: its length byte at *OFF (LEFT bytes of the packet
 * left), then ", WHAT " and the string; 1 when the packet ends before it. */
static int pap_string(nlab_pctx *c, const char *what, nlab_view v, size_t *off,
		      uint32_t length, int *r)
{
	*r = NLAB_P_OK;
	if (length - *off < 1)
		return 1;
	if (!nlab_view_has(v, *off, 1)) {
		*r = NLAB_P_TRUNC;
		return 1;
	}
	uint32_t n = nlab_get8(v, *off);
	*off += 1;
	if (length - *off < n)
		return 1;
	*r = auth_text(c, what, v, *off, n);
	*off += n;
	return *r != NLAB_P_OK;
}

int nlab_p_pap(nlab_pctx *c, nlab_view v, uint32_t length)
{
	int s = auth_short(c, v, length, "pap");
	if (s)
		return s < 0 ? NLAB_P_TRUNC : NLAB_P_OK;
	if (!nlab_view_has(v, 0, 1))
		return NLAB_P_TRUNC;
	static const char *const n[] = {"unknown", "Auth-Req", "Auth-ACK", "Auth-NACK"};
	uint8_t code = nlab_get8(v, 0);
	nlab_strbuf_printf(c->out, "PAP, %s (0x%02x)", code < 4 ? n[code] : "unknown", code);
	if (!nlab_view_has(v, 1, 1))
		return NLAB_P_TRUNC;
	nlab_strbuf_printf(c->out, ", id %u", nlab_get8(v, 1));
	if (!nlab_view_has(v, 2, 2))
		return NLAB_P_TRUNC;
	uint32_t len = nlab_get16(v, 2);
	if (len > length) {
		nlab_strbuf_printf(c->out, ", length %u > packet size", len);
		return NLAB_P_OK;
	}
	if (len < 4) {
		nlab_strbuf_printf(c->out, ", length %u < PAP header length", len);
		return NLAB_P_OK;
	}
	if (code != 1 && code != 2 && code != 3)
		return NLAB_P_OK;
	if (len < (code == 1 ? 6u : 5u)) {
		nlab_p_puts(c, "[|pap]");
		return NLAB_P_OK;
	}
	size_t off = 4;
	int r;
	if (pap_string(c, code == 1 ? ", Peer " : ", Msg ", v, &off, len, &r) || code != 1)
		return r;
	pap_string(c, ", Name ", v, &off, len, &r);
	return r;
}
