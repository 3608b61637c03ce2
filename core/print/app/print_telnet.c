/* print_telnet.c - Telnet (port 23), as tcpdump's print-telnet.c writes
 * it without -v: the commands a segment starts with, " [telnet WILL
 * ECHO, DO SUPPRESS GO AHEAD]"; text after them, or a segment not
 * starting with IAC, prints nothing. */
#include "print_priv.h"

enum { IAC = 255, SB = 250, SE = 240, TELCMD_FIRST = 236 };

static const char *const telcmds[] = {
	"EOF", "SUSP", "ABORT", "EOR", "SE", "NOP", "DMARK", "BRK", "IP", "AO",
	"AYT", "EC", "EL", "GA", "SB", "WILL", "WONT", "DO", "DONT", "IAC"};

static const char *const telopts[] = {
	"BINARY", "ECHO", "RCP", "SUPPRESS GO AHEAD", "NAME", "STATUS",
	"TIMING MARK", "RCTE", "NAOL", "NAOP", "NAOCRD", "NAOHTS", "NAOHTD",
	"NAOFFD", "NAOVTS", "NAOVTD", "NAOLFD", "EXTEND ASCII", "LOGOUT",
	"BYTE MACRO", "DATA ENTRY TERMINAL", "SUPDUP", "SUPDUP OUTPUT",
	"SEND LOCATION", "TERMINAL TYPE", "END OF RECORD", "TACACS UID",
	"OUTPUT MARKING", "TTYLOC", "3270 REGIME", "X.3 PAD", "NAWS", "TSPEED",
	"LFLOW", "LINEMODE", "XDISPLOC", "OLD-ENVIRON", "AUTHENTICATION",
	"ENCRYPT", "NEW-ENVIRON"};

/* The sub-negotiation words: the qualifier (and for 37 and 38 the type). */
static const char *const cmds[] = {"IS", "SEND", "INFO"};
static const char *const authcmd[] = {"IS", "SEND", "REPLY", "NAME"};
static const char *const authtype[] = {
	"NULL", "KERBEROS_V4", "KERBEROS_V5", "SPX", "MINK", "SRP", "RSA",
	"SSL", NULL, NULL, "LOKI", "SSA", "KEA_SJ", "KEA_SJ_INTEG", "DSS",
	"NTLM"};
static const char *const enccmd[] = {
	"IS", "SUPPORT", "REPLY", "START", "END", "REQUEST-START",
	"REQUEST-END", "END_KEYID", "DEC_KEYID"};
static const char *const enctype[] = {
	"NULL", "DES_CFB64", "DES_OFB64", "DES3_CFB64", "DES3_OFB64", NULL,
	"CAST5_40_CFB64", "CAST5_40_OFB64", "CAST128_CFB64", "CAST128_OFB64"};

/* A command being read: the captured bytes, where it is, what the
 * segment's length says is left, and whether to print. */
typedef struct cmdr {
	nlab_pctx *c;
	nlab_view v;
	size_t at;
	uint32_t left;
	int print;
} cmdr;

/* What telnet_parse's reads can end in: the command is incomplete in
 * the segment (-1, pktend) or past the capture (-2, its longjmp). */
enum { PKTEND = -1, CUT = -2 };

/* FETCH: the next byte, or PKTEND / CUT. */
static int fetch(cmdr *r)
{
	if (r->left < 1)
		return PKTEND;
	if (!nlab_view_has(r->v, r->at, 1))
		return CUT;
	r->left--;
	return nlab_get8(r->v, r->at++);
}

/* Appends " NAME" of X in table T (N entries), or " 0x..." (STR_OR_ID). */
static void word(cmdr *r, int x, const char *const *t, size_t n)
{
	if (!r->print)
		return;
	if ((size_t)x < n && t[x])
		nlab_strbuf_printf(r->c->out, " %s", t[x]);
	else
		nlab_strbuf_printf(r->c->out, " %#x", x);
}

/* The body of "IAC SB opt ... IAC SE" after opt X; 0 or PKTEND / CUT. */
static int subneg(cmdr *r, int x)
{
	size_t p = r->at;
	while (r->left > p + 1 - r->at) {
		if (!nlab_view_has(r->v, p, 1))
			return CUT;
		if (nlab_get8(r->v, p) == IAC) {
			if (!nlab_view_has(r->v, p + 1, 1))
				return CUT;
			if (nlab_get8(r->v, p + 1) == SE)
				break;
		}
		p++;
	}
	if (!nlab_view_has(r->v, p, 1))
		return CUT;
	if (nlab_get8(r->v, p) != IAC)
		return PKTEND;
	const char *const *t1 = cmds, *const *t2 = NULL;
	size_t n1 = 3, n2 = 0;
	if (x == 37)
		t1 = authcmd, n1 = 4, t2 = authtype, n2 = sizeof authtype / sizeof *authtype;
	else if (x == 38)
		t1 = enccmd, n1 = 9, t2 = enctype, n2 = sizeof enctype / sizeof *enctype;
	for (int k = 0; k < (t2 ? 2 : 1) && p > r->at; k++) {
		int b = fetch(r);
		if (b < 0)
			return b;
		word(r, b, k ? t2 : t1, k ? n2 : n1);
	}
	while (p > r->at) {
		int b = fetch(r);
		if (b < 0)
			return b;
		if (r->print)
			nlab_strbuf_printf(r->c->out, " %#x", b);
	}
	if (r->print)
		nlab_p_puts(r->c, " SE");
	r->at += 2; /* tcpdump steps over IAC SE without counting it */
	return 0;
}

/* telnet_parse: reads (and prints) the command at AT; its length, or
 * PKTEND / CUT. */
static int parse(nlab_pctx *c, nlab_view v, size_t at, uint32_t left, int print)
{
	cmdr r = {c, v, at, left, print};
	int b = fetch(&r);
	if (b < 0 || b != IAC)
		return b < 0 ? b : PKTEND;
	if ((b = fetch(&r)) < 0)
		return b;
	if (b == IAC) {
		if (print)
			nlab_p_puts(c, "IAC IAC");
		return (int)(r.at - at);
	}
	if (b < TELCMD_FIRST)
		return PKTEND;
	const char *name = telcmds[b - TELCMD_FIRST];
	if (b < SB || b > 254) { /* a command without an option */
		if (print)
			nlab_p_puts(c, name);
		return (int)(r.at - at);
	}
	int x = fetch(&r);
	if (x < 0)
		return x;
	if (print && (size_t)x < sizeof telopts / sizeof *telopts)
		nlab_strbuf_printf(c->out, "%s %s", name, telopts[x]);
	else if (print)
		nlab_strbuf_printf(c->out, "%s %#x", name, x);
	if (b == SB) {
		int e = subneg(&r, x);
		if (e < 0)
			return e;
	}
	return (int)(r.at - at);
}

int nlab_p_telnet(nlab_pctx *c, nlab_view v, uint32_t length)
{
	c->proto = "telnet";
	size_t at = 0;
	int first = 1;
	while (length > 0) {
		if (!nlab_view_has(v, at, 1))
			return NLAB_P_TRUNC;
		if (nlab_get8(v, at) != IAC)
			break;
		int l = parse(c, v, at, length, 0);
		if (l == CUT)
			return NLAB_P_TRUNC;
		if (l < 0)
			break;
		nlab_p_puts(c, first ? " [telnet " : ", ");
		parse(c, v, at, length, 1);
		first = 0;
		at += (size_t)l;
		length -= (uint32_t)l;
	}
	if (!first)
		nlab_p_puts(c, "]");
	return NLAB_P_OK;
}
