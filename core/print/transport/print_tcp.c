/* print_tcp.c - TCP, as tcpdump's print-tcp.c writes it without -v. */
#include "print_priv.h"

/* "src.sport > dst.dport: " from the IP header IP (v4 or v6). */
static void tcp_addrs(nlab_pctx *c, nlab_view ip, uint16_t sp, uint16_t dp)
{
	int v6 = nlab_get8(ip, 0) >> 4 == 6;
	int direct = v6 ? nlab_get8(ip, 6) == 6 : nlab_get8(ip, 9) == 6;
	if (direct) {
		v6 ? nlab_p_ip6addr(c, ip, 8) : nlab_p_ip4(c, ip, 12);
		nlab_strbuf_add(c->out, ".", 1);
	}
	nlab_p_u(c, sp);
	nlab_p_puts(c, " > ");
	if (direct) {
		v6 ? nlab_p_ip6addr(c, ip, 24) : nlab_p_ip4(c, ip, 16);
		nlab_strbuf_add(c->out, ".", 1);
	}
	nlab_p_u(c, dp);
	nlab_p_puts(c, ": ");
}

/* tcpdump's tcp_option_values. */
static const char *opt_name(uint8_t o)
{
	switch (o) {
	case 0: return "eol";
	case 1: return "nop";
	case 2: return "mss";
	case 3: return "wscale";
	case 4: return "sackOK";
	case 5: return "sack";
	case 6: return "echo";
	case 7: return "echoreply";
	case 8: return "TS";
	case 11: return "cc";
	case 12: return "ccnew";
	case 13: return ""; /* tcpdump 4.99's table has no name for ccecho */
	case 19: return "md5";
	case 20: return "scps";
	case 28: return "uto";
	case 29: return "tcp-ao";
	case 30: return "mptcp";
	case 34: return "tfo";
	case 254: return "exp";
	default: return NULL;
	}
}

enum { OPT_OK, OPT_BAD, OPT_TRUNC };

/* N bytes at OFF of P in hex. */
static void hex_bytes(nlab_pctx *c, nlab_view p, size_t off, size_t n)
{
	static const char hex[] = "0123456789abcdef";
	for (size_t i = 0; i < n; i++) {
		uint8_t b = nlab_get8(p, off + i);
		char s[2] = {hex[b >> 4], hex[b & 15]};
		nlab_strbuf_add(c->out, s, 2);
	}
}

/* A TCP Fast Open cookie (or request) of N bytes at OFF of P. */
static void fastopen(nlab_pctx *c, nlab_view p, size_t off, uint32_t n)
{
	if (n == 0) {
		nlab_p_puts(c, " cookiereq");
	} else if (n % 2 || n < 4 || n > 16) {
		nlab_p_puts(c, " (invalid)");
	} else {
		nlab_p_puts(c, " cookie ");
		hex_bytes(c, p, off, n);
	}
}

/* TCP-AO's D bytes at P (HLEN header bytes left): key ids and MAC. */
static int tcp_ao(nlab_pctx *c, nlab_view p, uint32_t d, uint32_t hlen, uint32_t *dlen)
{
	static const char *const what[] = {" keyid %u", " rnextkeyid %u"};
	for (uint32_t i = 0; i < 2; i++) {
		if (i + 1 > hlen)
			return OPT_BAD;
		if (!nlab_view_has(p, i, 1))
			return OPT_TRUNC;
		nlab_strbuf_printf(c->out, what[i], nlab_get8(p, i));
	}
	if (d > 2)
		nlab_p_puts(c, " mac 0x");
	for (uint32_t i = 2; i < d; i++) {
		if (i + 1 > hlen)
			return OPT_BAD;
		if (!nlab_view_has(p, i, 1))
			return OPT_TRUNC;
		hex_bytes(c, p, i, 1);
	}
	*dlen = d;
	return OPT_OK;
}

/* Whether L data bytes of an option at P are there: OPT_BAD beyond the
 * header's HLEN bytes, OPT_TRUNC beyond the capture (tcpdump's LENCHECK). */
static int need(nlab_view p, uint32_t l, uint32_t hlen)
{
	if (l > hlen)
		return OPT_BAD;
	return nlab_view_has(p, 0, l) ? OPT_OK : OPT_TRUNC;
}

/* The data length of the options whose data has a fixed size (or -1). */
static int fixed_len(uint8_t opt)
{
	switch (opt) {
	case 0: case 1: case 4: return 0;
	case 3: return 1;
	case 2: case 20: case 28: return 2;
	case 6: case 7: case 11: case 12: case 13: return 4;
	case 8: return 8;
	case 19: return 16;
	default: return -1;
	}
}

/* Prints the fixed-size data at P of option OPT (WHOLE: the segment is
 * captured whole, for md5). */
static void opt_fixed(nlab_pctx *c, nlab_view p, uint8_t opt, int whole)
{
	uint16_t u = nlab_get16(p, 0);
	switch (fixed_len(opt)) {
	case 1:
		nlab_p_puts(c, " ");
		nlab_p_u(c, nlab_get8(p, 0));
		return;
	case 4:
		nlab_strbuf_printf(c->out, " %u", nlab_get32(p, 0));
		return;
	case 8:
		nlab_p_puts(c, " val ");
		nlab_p_u(c, nlab_get32(p, 0));
		nlab_p_puts(c, " ecr ");
		nlab_p_u(c, nlab_get32(p, 4));
		return;
	case 16:
		nlab_p_puts(c, whole ? " shared secret not supplied with -M, can't check - "
				     : " snaplen too short, can't check - ");
		hex_bytes(c, p, 0, 16);
		return;
	}
	if (opt == 2) {
		nlab_p_puts(c, " ");
		nlab_p_u(c, u);
	} else if (opt == 20) {
		nlab_strbuf_printf(c->out, " cap %02x id %u", nlab_get8(p, 0), nlab_get8(p, 1));
	} else if (opt == 28) {
		nlab_strbuf_printf(c->out, " 0x%x %u", u, u & 1 ? (u >> 1) * 60 : u >> 1);
	}
}

/* SACK blocks (D bytes), relative to SACK_BASE. */
static int opt_sack(nlab_pctx *c, nlab_view p, uint32_t d, uint32_t hlen,
		    uint32_t sack_base)
{
	if (d % 8) {
		nlab_p_puts(c, " invalid sack");
		return OPT_OK;
	}
	nlab_strbuf_printf(c->out, " %u ", d / 8);
	for (uint32_t i = 0; i < d; i += 8) {
		int r = need(p, i + 4, hlen);
		if (r == OPT_OK)
			r = need(p, i + 8, hlen);
		if (r != OPT_OK)
			return r;
		nlab_strbuf_printf(c->out, "{%u:%u}", nlab_get32(p, i) - sack_base,
				   nlab_get32(p, i + 4) - sack_base);
	}
	return OPT_OK;
}

/* The experimental option (D bytes): "-tfo ..." or "-MAGIC". */
static int opt_exp(nlab_pctx *c, nlab_view p, uint32_t d, uint32_t hlen)
{
	int r = need(p, d, hlen);
	if (r != OPT_OK)
		return r;
	if (d < 2)
		return OPT_BAD;
	if (nlab_get16(p, 0) == 0xf989) {
		nlab_p_puts(c, "-tfo");
		fastopen(c, p, 2, d - 2);
	} else {
		nlab_strbuf_printf(c->out, "-%04x", nlab_get16(p, 0));
	}
	return OPT_OK;
}

/* An unknown option's D bytes in hex. */
static int opt_hex(nlab_pctx *c, nlab_view p, uint32_t d, uint32_t hlen)
{
	if (d)
		nlab_p_puts(c, " 0x");
	for (uint32_t i = 0; i < d; i++) {
		int r = need(p, i + 1, hlen);
		if (r != OPT_OK)
			return r;
		hex_bytes(c, p, i, 1);
	}
	return OPT_OK;
}

/* The data of option OPT (LEN bytes in all) at P, HLEN bytes of header
 * left (WHOLE: the segment is captured whole); prints it and sets *DLEN
 * to the bytes it took (FLAGS: the segment's). */
static int opt_data(nlab_pctx *c, nlab_view p, uint8_t opt, uint32_t len,
		    uint32_t hlen, uint32_t sack_base, int whole, uint32_t *dlen,
		    uint8_t flags)
{
	int fixed = fixed_len(opt), r = OPT_OK;
	*dlen = fixed >= 0 ? (uint32_t)fixed : len - 2;
	if (fixed >= 0) {
		r = need(p, *dlen, hlen);
		if (r == OPT_OK)
			opt_fixed(c, p, opt, whole);
		return r;
	}
	switch (opt) {
	case 5:
		return opt_sack(c, p, *dlen, hlen, sack_base);
	case 29:
		if (*dlen < 2) {
			nlab_p_puts(c, " (invalid)");
			return OPT_OK;
		}
		return tcp_ao(c, p, *dlen, hlen, dlen);
	case 34:
		r = need(p, *dlen, hlen);
		if (r == OPT_OK) {
			nlab_p_puts(c, " ");
			fastopen(c, p, 0, *dlen);
		}
		return r;
	case 30:
		r = need(p, *dlen, hlen);
		if (r == OPT_OK && !nlab_p_mptcp(c, nlab_view_sub(p, 0, *dlen), len, flags))
			r = OPT_BAD;
		return r;
	case 254:
		return opt_exp(c, p, *dlen, hlen);
	default:
		return opt_hex(c, p, *dlen, hlen);
	}
}

/* ", options [...]" for the HLEN option bytes at V (FLAGS: the
 * segment's, which MPTCP's subtypes depend on). */
static int tcp_options(nlab_pctx *c, nlab_view v, uint32_t hlen, uint32_t sack_base,
		       int whole, uint8_t flags)
{
	size_t at = 0;
	int any = 0;
	nlab_p_puts(c, ", options [");
	while (hlen > 0) {
		if (any)
			nlab_strbuf_add(c->out, ",", 1);
		if (!nlab_view_has(v, at, 1))
			return NLAB_P_TRUNC;
		uint8_t opt = nlab_get8(v, at++);
		uint32_t len = 1;
		if (opt > 1) {
			if (!nlab_view_has(v, at, 1))
				return NLAB_P_TRUNC;
			len = nlab_get8(v, at++);
			if (len < 2 || len > hlen)
				goto bad;
			hlen--;
		}
		hlen--;
		const char *n = opt_name(opt);
		if (n)
			nlab_p_puts(c, n);
		else
			nlab_strbuf_printf(c->out, "unknown-%u", opt);
		uint32_t d = 0;
		int r = opt_data(c, nlab_view_from(v, at), opt, len, hlen, sack_base, whole, &d,
				 flags);
		if (r == OPT_BAD)
			goto bad;
		if (r == OPT_TRUNC) {
			nlab_p_trunc(c);
			if (any)
				nlab_p_puts(c, ">");
			return NLAB_P_STOP;
		}
		at += d, hlen -= d;
		if (d + 1 + (opt > 1) != len)
			nlab_strbuf_printf(c->out, "[len %u]", len);
		any = 1;
		if (opt == 0)
			break;
	}
	nlab_p_puts(c, "]");
	return NLAB_P_OK;
bad:
	nlab_p_puts(c, "[bad opt]");
	if (any)
		nlab_p_puts(c, "]");
	return NLAB_P_STOP;
}

/* tcpdump's bittok2str_nosep(tcp_flag_values, "none", flags). */
static void tcp_flags(nlab_pctx *c, uint8_t f)
{
	static const struct { uint8_t bit; char ch; } tab[] = {
		{0x01, 'F'}, {0x02, 'S'}, {0x04, 'R'}, {0x08, 'P'},
		{0x10, '.'}, {0x20, 'U'}, {0x40, 'E'}, {0x80, 'W'}};
	char s[16];
	size_t n = 0;
	for (size_t i = 0; i < 8; i++)
		if (f & tab[i].bit)
			s[n++] = tab[i].ch;
	nlab_p_puts(c, "Flags [");
	if (n)
		nlab_strbuf_add(c->out, s, n);
	else
		nlab_p_puts(c, "none");
	nlab_p_puts(c, "]");
}

/* DNS over TCP: the message after its 2-byte length. */
static int tcp_dns(nlab_pctx *c, nlab_view p, uint32_t len)
{
	c->proto = "domain";
	if (len < 2) {
		nlab_strbuf_printf(c->out, " [DNS over TCP: length %u < 2] (invalid)", len);
		return NLAB_P_OK;
	}
	if (!nlab_view_has(p, 0, 2))
		return NLAB_P_TRUNC;
	if (nlab_get16(p, 0) != len - 2) {
		nlab_strbuf_printf(c->out, " [prefix length(%u) != length(%u)] (invalid)",
				   nlab_get16(p, 0), len - 2);
		return NLAB_P_OK;
	}
	nlab_p_puts(c, " ");
	return nlab_p_dns(c, nlab_view_from(p, 2), len - 2);
}

/* BEEP (port 10288): the frame's keyword, as tcpdump's beep_print
 * matches it (with the terminating NUL of "MSG" and "END" in the 4). */
static int tcp_beep(nlab_pctx *c, nlab_view p, uint32_t len)
{
	static const char *const kw[] = {"MSG", "RPY ", "ERR ", "ANS ", "NUL ",
					 "SEQ ", "END"};
	for (size_t i = 0; i < sizeof kw / sizeof kw[0]; i++) {
		uint8_t b[4];
		if (!nlab_view_has(p, 0, 4) || len < 4)
			break;
		nlab_getbytes(p, 0, b, 4);
		if (memcmp(b, kw[i], 4) == 0) {
			nlab_strbuf_printf(c->out, " BEEP %.3s", kw[i]);
			return NLAB_P_OK;
		}
	}
	nlab_p_puts(c, " BEEP (payload or undecoded)");
	return NLAB_P_OK;
}

/* What tcpdump's tcp_print does with a payload on one of its ports. */
enum tcp_app {
	APP_TXT, APP_PPTP, APP_TELNET, APP_BGP, APP_RESP, APP_SSH, APP_BEEP, APP_DNS,
	APP_OPENFLOW, APP_LDP
};

/* The payload of a segment between ports SP and DP: tcpdump tries its
 * ports in this order, the first one either port matches wins (so 179
 * to 80 is BGP). */
static int tcp_payload(nlab_pctx *c, nlab_view p, uint32_t len, uint16_t sp,
		       uint16_t dp)
{
	static const struct { uint16_t port; uint8_t app; } ports[] = {
		{23, APP_TELNET}, {25, APP_TXT}, {43, APP_TXT}, {179, APP_BGP},
		{1723, APP_PPTP}, {6379, APP_RESP}, {22, APP_SSH},
		{10288, APP_BEEP}, {6633, APP_OPENFLOW}, {6653, APP_OPENFLOW},
		{21, APP_TXT}, {80, APP_TXT}, {8080, APP_TXT}, {554, APP_TXT},
		{8554, APP_TXT}, {53, APP_DNS}, {646, APP_LDP}};
	for (size_t i = 0; i < sizeof ports / sizeof ports[0]; i++) {
		uint16_t port = ports[i].port;
		if (sp != port && dp != port)
			continue;
		switch (ports[i].app) {
		case APP_PPTP:
			return nlab_p_pptp(c, p);
		case APP_TELNET:
			return nlab_p_telnet(c, p, len);
		case APP_BGP:
			return nlab_p_bgp(c, p, len);
		case APP_RESP:
			return nlab_p_resp(c, p, len);
		case APP_SSH:
			return nlab_p_ssh(c, p, len);
		case APP_BEEP:
			return tcp_beep(c, p, len);
		case APP_DNS:
			return tcp_dns(c, p, len);
		case APP_OPENFLOW:
			return nlab_p_openflow(c, p, len);
		case APP_LDP:
			return nlab_p_ldp(c, p, len);
		default:
			nlab_p_puts(c, ": ");
			return nlab_p_txt(c, p, len, port);
		}
	}
	return NLAB_P_OK;
}

/* "src > dst:" when not even the ports are captured. */
static int tcp_no_ports(nlab_pctx *c, nlab_view ip)
{
	int v6 = nlab_get8(ip, 0) >> 4 == 6;
	v6 ? nlab_p_ip6addr(c, ip, 8) : nlab_p_ip4(c, ip, 12);
	nlab_p_puts(c, " > ");
	v6 ? nlab_p_ip6addr(c, ip, 24) : nlab_p_ip4(c, ip, 16);
	nlab_p_puts(c, ":");
	return NLAB_P_ETRUNC;
}

/* -q: "tcp N" and nothing of the header. */
static int tcp_quick(nlab_pctx *c, uint32_t hlen, uint32_t length)
{
	nlab_strbuf_printf(c->out, "tcp %u", length - hlen);
	if (hlen > length)
		nlab_strbuf_printf(c->out, " [bad hdr length %u - too long, > %u]", hlen,
				   length);
	return NLAB_P_OK;
}

/* ", seq A:B, ack C, win W, urg U" of header V with LENGTH data bytes,
 * relative to the conversation's bases unless -S; sets *SACK_BASE. */
static void tcp_numbers(nlab_pctx *c, nlab_view v, uint32_t length,
			uint32_t *sack_base)
{
	uint8_t flags = nlab_get8(v, 13);
	uint32_t seq = nlab_get32(v, 4), ack = nlab_get32(v, 8);
	const nlab_tcprel *rel = c->o->S ? NULL : c->rel;
	*sack_base = 0;
	if (rel && rel->valid && (flags & 0x10)) {
		*sack_base = rel->ack_base;
		if (rel->valid == 1) /* 2: the segment that set the bases */
			seq -= rel->seq_base, ack -= rel->ack_base;
	}
	if (c->o->v > 1 || length > 0 || (flags & 0x07)) {
		nlab_p_puts(c, ", seq ");
		nlab_p_u(c, seq);
		if (length > 0) {
			nlab_strbuf_add(c->out, ":", 1);
			nlab_p_u(c, seq + length);
		}
	}
	if (flags & 0x10) {
		nlab_p_puts(c, ", ack ");
		nlab_p_u(c, ack);
	}
	nlab_p_puts(c, ", win ");
	nlab_p_u(c, nlab_get16(v, 14));
	if (flags & 0x20)
		nlab_strbuf_printf(c->out, ", urg %u", nlab_get16(v, 18));
}

/* -v: ", cksum 0x1234 (correct)" or "(incorrect -> 0x5678)" of segment
 * V of LENGTH bytes, when all of it was captured. */
static void tcp_cksum(nlab_pctx *c, nlab_view v, uint32_t length, nlab_view ip)
{
	uint8_t ver = nlab_get8(ip, 0) >> 4;
	if ((ver != 4 && ver != 6) || !nlab_view_has(v, 0, length))
		return;
	static const char hex[] = "0123456789abcdef";
	uint16_t sum = nlab_p_l4_cksum(ip, v, length, 6), field = nlab_get16(v, 16);
	char b[14] = ", cksum 0x";
	for (int i = 0; i < 4; i++)
		b[10 + i] = hex[field >> (12 - 4 * i) & 15];
	nlab_strbuf_add(c->out, b, sizeof b);
	if (sum)
		nlab_strbuf_printf(c->out, " (incorrect -> 0x%04x)",
				   nlab_p_shouldbe(field, sum));
	else
		nlab_p_puts(c, " (correct)");
}

/* -v on a reset: " [RST text]" of the first 30 data bytes ("RST+" when
 * there are more, "!RST" when not all were captured), as
 * print_tcp_rst_data writes them through fn_print_char. */
static int tcp_rst_data(nlab_pctx *c, nlab_view p, uint32_t len)
{
	nlab_p_puts(c, nlab_view_has(p, 0, len) ? " [RST" : " [!RST");
	if (len > 30)
		len = 30, nlab_p_puts(c, "+");
	nlab_p_puts(c, " ");
	for (uint32_t i = 0; i < len && i < p.len; i++) {
		uint8_t b = nlab_get8(p, i);
		if (b & 0x80)
			b &= 0x7f, nlab_p_puts(c, "M-");
		if (b < 0x20 || b == 0x7f)
			b ^= 0x40, nlab_p_puts(c, "^");
		nlab_strbuf_add(c->out, (const char *)&b, 1);
	}
	nlab_p_puts(c, "]");
	return NLAB_P_OK;
}

int nlab_p_tcp(nlab_pctx *c, nlab_view v, uint32_t length, nlab_view ip, int frag)
{
	c->proto = "tcp";
	if (!nlab_view_has(v, 0, 4))
		return tcp_no_ports(c, ip);
	uint16_t sp = nlab_get16(v, 0), dp = nlab_get16(v, 2);
	tcp_addrs(c, ip, sp, dp);
	if (!nlab_view_has(v, 0, 20))
		return NLAB_P_ETRUNC;
	uint32_t hlen = (nlab_get8(v, 12) >> 4) * 4u, sack_base;
	if (hlen < 20) {
		nlab_strbuf_printf(c->out, " tcp %u [bad hdr length %u - too short, < 20]",
				   length - hlen, hlen);
		return NLAB_P_OK;
	}
	if (c->o->q)
		return tcp_quick(c, hlen, length);
	tcp_flags(c, nlab_get8(v, 13));
	if (hlen > length) {
		nlab_strbuf_printf(c->out, " [bad hdr length %u - too long, > %u]", hlen,
				   length);
		return NLAB_P_OK;
	}
	if (c->o->v && !frag)
		tcp_cksum(c, v, length, ip);
	length -= hlen;
	tcp_numbers(c, v, length, &sack_base);
	if (hlen > 20) {
		int whole = nlab_view_has(v, hlen, length); /* for md5 */
		int r = tcp_options(c, nlab_view_from(v, 20), hlen - 20, sack_base, whole,
				    nlab_get8(v, 13));
		if (r != NLAB_P_OK)
			return r;
	}
	nlab_p_puts(c, ", length ");
	nlab_p_u(c, length);
	if (length == 0)
		return NLAB_P_OK;
	if (!nlab_view_has(v, 0, hlen)) { /* options cut, their walk ended early */
		nlab_strbuf_printf(c->out, " [remaining caplen(%zu) < header length(%u)]",
				   v.len, hlen);
		return NLAB_P_TRUNC;
	}
	if (c->o->v && (nlab_get8(v, 13) & 0x04))
		return tcp_rst_data(c, nlab_view_from(v, hlen), length);
	return tcp_payload(c, nlab_view_from(v, hlen), length, sp, dp);
}
