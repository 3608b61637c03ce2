/* print.c - the printer object: -#, dispatch by link type, -X -x -A.
 *
 * The protocol printers live in print_<proto>.c; this file writes what
 * tcpdump's pretty_print_packet writes around them. */
#include "print_priv.h"

#include <arpa/inet.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

/* DLT_ values (pcap/dlt.h) the printer knows. */
enum {
	DLT_EN10MB_ = 1,
	DLT_RAW_ = 12,
	DLT_RAW_BSD_ = 14,
	LINKTYPE_RAW_ = 101,
	DLT_LINUX_SLL_ = 113,
	DLT_LINUX_SLL2_ = 276,
	DLT_NULL_ = 0,
	DLT_LOOP_ = 108,
	DLT_IPV4_ = 228,
	DLT_IPV6_ = 229,
	DLT_FRELAY_ = 107,
	DLT_MFR_ = 182,
	DLT_SLIP_ = 8,
	DLT_SLIP_BSDOS_ = 15,
	DLT_C_HDLC_ = 104,
	DLT_IPOIB_ = 242,
	DLT_ARCNET_ = 7,
	DLT_ARCNET_LINUX_ = 129,
	DLT_PPP_ = 9,
	DLT_PPP_PPPD_ = 166,
	DLT_PPP_SERIAL_ = 50,
	DLT_PPP_ETHER_ = 51,
	DLT_ATM_CLIP_ = 19,
	DLT_DSA_TAG_BRCM_ = 281,
	DLT_VSOCK_ = 271,
	DLT_DSA_TAG_BRCM_PREPEND_ = 282,
	DLT_IEEE802_11_ = 105,
	DLT_IEEE802_11_RADIO_ = 127,
	DLT_DSA_TAG_DSA_ = 284,
	DLT_DSA_TAG_EDSA_ = 285,
	DLT_PRISM_HEADER_ = 119,
	DLT_IEEE802_11_RADIO_AVS_ = 163,
	DLT_IPNET_ = 226,
	DLT_PKTAP_ = 258,
	DLT_USER2_ = 149, /* Apple's PKTAP before it had a number */
	DLT_NFLOG_ = 239,
};

struct nlab_printer {
	nlab_print_opts o;
	nlab_clock clock; /* the time stamps' state */
	uint32_t count;   /* packets printed so far (-#) */
	nlab_rxcache rx;  /* Rx calls seen, for their replies */
	nlab_ikecache ike; /* ISAKMP initiators seen, for I and R */
	nlab_slip sl;     /* SLIP's compressed TCP lengths */
};

nlab_printer *nlab_printer_new(const nlab_print_opts *opts)
{
	nlab_printer *pr = calloc(1, sizeof *pr);
	if (pr) {
		pr->o = *opts;
		pr->sl.lastconn = 255;
	}
	return pr;
}

void nlab_printer_free(nlab_printer *pr)
{
	free(pr);
}

void nlab_p_u(nlab_pctx *c, uint32_t v)
{
	char buf[12];
	int i = sizeof buf;
	do {
		buf[--i] = (char)('0' + v % 10);
		v /= 10;
	} while (v);
	nlab_strbuf_add(c->out, buf + i, sizeof buf - (size_t)i);
}

void nlab_p_ip4(nlab_pctx *c, nlab_view v, size_t off)
{
	char b[16];
	size_t n = 0;
	for (int i = 0; i < 4; i++) {
		unsigned x = nlab_get8(v, off + (size_t)i);
		if (i)
			b[n++] = '.';
		if (x >= 100)
			b[n++] = (char)('0' + x / 100);
		if (x >= 10)
			b[n++] = (char)('0' + x / 10 % 10);
		b[n++] = (char)('0' + x % 10);
	}
	nlab_strbuf_add(c->out, b, n);
}

void nlab_p_ip6addr(nlab_pctx *c, nlab_view v, size_t off)
{
	uint8_t a[16];
	char buf[INET6_ADDRSTRLEN];
	nlab_getbytes(v, off, a, sizeof a);
	if (inet_ntop(AF_INET6, a, buf, sizeof buf))
		nlab_p_puts(c, buf);
}

void nlab_p_mac(nlab_pctx *c, nlab_view v, size_t off, size_t n)
{
	static const char hex[] = "0123456789abcdef";
	for (size_t i = 0; i < n; i++) {
		uint8_t b = nlab_get8(v, off + i);
		char s[3] = {':', hex[b >> 4], hex[b & 15]};
		nlab_strbuf_add(c->out, i ? s : s + 1, i ? 3 : 2);
	}
}

void nlab_p_trunc(nlab_pctx *c)
{
	nlab_strbuf_printf(c->out, " [|%s]", c->proto);
}

static int print_link(nlab_pctx *c, const nlab_pkthdr *h, nlab_view v,
		      size_t *hdrlen);

/* The little-endian 32-bit number at OFF of V. */
static uint32_t le32(nlab_view v, size_t off)
{
	return (uint32_t)nlab_get16le(v, off) | (uint32_t)nlab_get16le(v, off + 2) << 16;
}

/* libpcap's name of link type DLT, for PKTAP's -e header, or NULL. */
static const char *dlt_name(uint32_t dlt)
{
	switch (dlt) {
	case 0: return "NULL";
	case 1: return "EN10MB";
	case 9: return "PPP";
	case 12: return "RAW";
	case 50: return "PPP_SERIAL";
	case 105: return "IEEE802_11";
	case 108: return "LOOP";
	case 113: return "LINUX_SLL";
	case 127: return "IEEE802_11_RADIO";
	case 228: return "IPV4";
	case 229: return "IPV6";
	default: return NULL;
	}
}

/* "DLT EN10MB (1) len 108, length LEN: " (-q: "EN10MB, length LEN: "). */
static void pktap_header(nlab_pctx *c, nlab_view v, uint32_t len)
{
	uint32_t dlt = le32(v, 8);
	const char *n = dlt_name(dlt);
	if (!c->o->q)
		nlab_strbuf_printf(c->out, "DLT %s (%u) len %u", n ? n : "UNKNOWN", dlt,
				   le32(v, 0));
	else
		nlab_p_puts(c, n ? n : "UNKNOWN");
	nlab_strbuf_printf(c->out, ", length %u: ", len);
}

/* Apple's PKTAP (DLT_PKTAP 258, DLT_USER2 149), as tcpdump's
 * print-pktap.c writes it: a little-endian header naming the link
 * type of the packet after it, which its own printer prints. */
static int print_pktap(nlab_pctx *c, const nlab_pkthdr *h, nlab_view v, size_t *hdrlen)
{
	enum { PKTAP = 108 };
	c->proto = "pktap";
	if (h->len < PKTAP) {
		nlab_strbuf_printf(c->out, " (packet too short, %u < %u) (invalid)", h->len, PKTAP);
		return NLAB_P_OK;
	}
	if (!nlab_view_has(v, 0, 12))
		return NLAB_P_TRUNC;
	uint32_t hl = le32(v, 0), dlt = le32(v, 8);
	if (hl < PKTAP || hl > h->len) {
		nlab_strbuf_printf(c->out, hl < PKTAP ? " (pkt_len too small, %u < %u) (invalid)"
						      : " (pkt_len too big, %u > %u) (invalid)",
				   hl, hl < PKTAP ? PKTAP : h->len);
		return NLAB_P_OK;
	}
	if (!nlab_view_has(v, 0, hl))
		return NLAB_P_TRUNC;
	if (c->o->e)
		pktap_header(c, v, h->len);
	*hdrlen = hl;
	if (le32(v, 4) == 0) {
		nlab_p_puts(c, "no data");
		return NLAB_P_OK;
	}
	if (le32(v, 4) != 1)
		return NLAB_P_OK;
	nlab_pkthdr nh = *h;
	nh.caplen -= hl, nh.len -= hl, nh.linktype = (int)dlt;
	nlab_view p = nlab_view_from(v, hl);
	if (dlt_name(dlt)) {
		size_t inner = 0;
		int r = print_link(c, &nh, p, &inner);
		*hdrlen += 2 * inner; /* tcpdump counts the inner header twice */
		return r;
	}
	if (!c->o->e)
		pktap_header(c, v, h->len);
	nlab_p_default(c, p);
	return NLAB_P_OK;
}

/* Prints the link layer and up; sets *HDRLEN to the link header length. */
static int print_link(nlab_pctx *c, const nlab_pkthdr *h, nlab_view v,
		      size_t *hdrlen)
{
	*hdrlen = 0;
	switch (h->linktype) {
	case DLT_EN10MB_:
		return nlab_p_ether(c, v, h->len, hdrlen);
	case DLT_LINUX_SLL_:
		return nlab_p_sll(c, v, h->len, hdrlen);
	case DLT_LINUX_SLL2_:
		return nlab_p_sll2(c, v, h->len, hdrlen);
	case DLT_NULL_:
	case DLT_LOOP_:
		return nlab_p_null(c, v, h->len, hdrlen);
	case DLT_FRELAY_:
		return nlab_p_fr(c, v, h->len, hdrlen);
	case DLT_MFR_:
		return nlab_p_mfr(c, v, h->len, hdrlen);
	case DLT_SLIP_:
		return nlab_p_slip(c, v, h->len, hdrlen);
	case DLT_SLIP_BSDOS_:
		return nlab_p_slip_bsdos(c, v, h->len, hdrlen);
	case DLT_C_HDLC_:
		return nlab_p_chdlc(c, v, h->len, hdrlen);
	case DLT_DSA_TAG_DSA_:
		return nlab_p_dsa(c, v, h->len, hdrlen);
	case DLT_DSA_TAG_EDSA_:
		return nlab_p_edsa(c, v, h->len, hdrlen);
	case DLT_IPOIB_:
		return nlab_p_ipoib(c, v, h->len, hdrlen);
	case DLT_ARCNET_:
		return nlab_p_arcnet(c, v, h->len, hdrlen);
	case DLT_ARCNET_LINUX_:
		return nlab_p_arcnet_linux(c, v, h->len, hdrlen);
	case DLT_PPP_:
	case DLT_PPP_PPPD_:
		return nlab_p_ppp(c, v, h->len, hdrlen);
	case DLT_PPP_SERIAL_:
		return nlab_p_ppp_serial(c, v, h->len, hdrlen);
	case DLT_PPP_ETHER_:
		return nlab_p_ppp_ether(c, v, h->len, hdrlen);
	case DLT_ATM_CLIP_:
		return nlab_p_cip(c, v, h->len, hdrlen);
	case DLT_DSA_TAG_BRCM_:
		return nlab_p_brcm_tag(c, v, h->len, hdrlen);
	case DLT_VSOCK_:
		return nlab_p_vsock(c, v, h->len, hdrlen);
	case DLT_DSA_TAG_BRCM_PREPEND_:
		return nlab_p_brcm_tag_prepend(c, v, h->len, hdrlen);
	case DLT_IEEE802_11_:
		return nlab_p_80211(c, v, h->len, hdrlen);
	case DLT_IEEE802_11_RADIO_:
		return nlab_p_radiotap(c, v, h->len, hdrlen);
	case DLT_PRISM_HEADER_:
		return nlab_p_prism(c, v, h->len, hdrlen);
	case DLT_IEEE802_11_RADIO_AVS_:
		return nlab_p_avs(c, v, h->len, hdrlen);
	case DLT_PKTAP_:
	case DLT_USER2_:
		return print_pktap(c, h, v, hdrlen);
	case DLT_NFLOG_:
		return nlab_p_nflog(c, v, h->len, hdrlen);
	case DLT_IPNET_:
		return nlab_p_ipnet(c, v, h->len, hdrlen);
	case DLT_RAW_:
	case DLT_RAW_BSD_:
	case LINKTYPE_RAW_:
	case DLT_IPV4_: /* tcpdump's raw_if_print for these too: the */
	case DLT_IPV6_: /* version nibble decides */
		if (c->o->e)
			nlab_p_puts(c, "ip: ");
		if (h->len < 1) {
			nlab_strbuf_printf(c->out, "truncated-ip %u", h->len);
			return NLAB_P_OK;
		}
		c->proto = "ipn";
		if (v.len < 1)
			return NLAB_P_TRUNC;
		if ((nlab_get8(v, 0) & 0xf0) == 0x60)
			return nlab_p_ip6(c, v, h->len);
		if ((nlab_get8(v, 0) & 0xf0) == 0x40)
			return nlab_p_ip(c, v, h->len);
		nlab_strbuf_printf(c->out, "unknown ip %u", nlab_get8(v, 0) >> 4);
		return NLAB_P_OK;
	default: /* tcpdump's unsupported_if_print: the bytes, and -X's again */
		c->proto = "unsupported";
		nlab_p_puts(c, "UNSUPPORTED");
		nlab_p_hexascii(c, v, v.len, "\n\t");
		return NLAB_P_OK;
	}
}

/* tcpdump's "[Invalid header: ...]" for impossible lengths; 1 if so. */
static int bad_header(const nlab_pkthdr *h, nlab_strbuf *out)
{
	const uint32_t max = 262144;
	int bad = 0;
	if (h->caplen == 0)
		bad = 1, nlab_strbuf_puts(out, "[Invalid header: caplen==0");
	if (h->len == 0 || h->len < h->caplen) {
		nlab_strbuf_puts(out, bad ? "," : "[Invalid header:");
		if (h->len == 0)
			nlab_strbuf_puts(out, " len==0");
		else
			nlab_strbuf_printf(out, " len(%u) < caplen(%u)", h->len, h->caplen);
		bad = 1;
	}
	if (h->caplen > max) {
		nlab_strbuf_puts(out, bad ? "," : "[Invalid header:");
		nlab_strbuf_printf(out, " caplen(%u) > %u", h->caplen, max);
		bad = 1;
	}
	if (h->len > max) {
		nlab_strbuf_puts(out, bad ? "," : "[Invalid header:");
		nlab_strbuf_printf(out, " len(%u) > %u", h->len, max);
		bad = 1;
	}
	if (bad)
		nlab_strbuf_puts(out, "]");
	return bad;
}

/* The -X / -XX / -x / -xx / -A / -AA lines under a packet's line: from
 * its link header on when doubled, else after it (nothing when nothing
 * is after it); -X wins over -x, -x over -A, as in tcpdump's
 * pretty_print_packet. */
static void put_dump(const nlab_print_opts *o, nlab_view v, size_t hdrlen,
		     nlab_strbuf *out)
{
	int level = o->X ? o->X : o->x ? o->x : o->A;
	if (!level)
		return;
	size_t from = level > 1 ? 0 : hdrlen;
	if (v.len <= from)
		return;
	nlab_strbuf_add(out, "\n", 1);
	if (o->X)
		nlab_print_hex(nlab_view_from(v, from), out);
	else if (o->x)
		nlab_print_hex_only(nlab_view_from(v, from), out);
	else
		nlab_print_ascii(nlab_view_from(v, from), out);
}

int nlab_print_packet(nlab_printer *pr, const nlab_pkthdr *h,
		      const uint8_t *data, const nlab_tcprel *rel,
		      nlab_strbuf *out)
{
	nlab_pctx c = {out, &pr->o, rel, "unknown", h->ifname, &pr->rx, &pr->ike, &pr->sl};
	nlab_view v = {data, h->caplen};
	size_t hdrlen = 0;
	if (pr->o.number)
		nlab_strbuf_printf(out, "%5u  ", ++pr->count);
	if (bad_header(h, out))
		return out->failed ? -12 : 0;
	nlab_p_time(&pr->clock, &c, h);
	int r = print_link(&c, h, v, &hdrlen);
	if (r == NLAB_P_TRUNC || r == NLAB_P_ETRUNC)
		nlab_p_trunc(&c);
	if (r == NLAB_P_TRUNC)
		hdrlen = 0; /* tcpdump's longjmp skips the link header length */
	put_dump(&pr->o, v, hdrlen, out);
	return out->failed ? -12 : 0;
}

void nlab_p_raw(nlab_pctx *c, nlab_view v)
{
	if (v.len) {
		nlab_strbuf_add(c->out, "\n", 1);
		nlab_print_hex(v, c->out);
	}
}

void nlab_p_default(nlab_pctx *c, nlab_view v)
{
	if (!c->o->X && !c->o->x && !c->o->q && v.len) {
		nlab_strbuf_add(c->out, "\n", 1);
		nlab_print_hex(v, c->out);
	}
}

/* Appends N bytes of V as tcpdump's hex_print lines, each after LEAD. */
static void hex_lines(nlab_view v, size_t n, const char *lead, nlab_strbuf *out)
{
	for (size_t i = 0; i < n; i++) {
		if (i % 16 == 0)
			nlab_strbuf_printf(out, "%s0x%04zx: ", i ? "\n\t" : lead, i);
		nlab_strbuf_printf(out, i % 2 ? "%02x" : " %02x", nlab_get8(v, i));
	}
}

void nlab_p_unknown(nlab_pctx *c, nlab_view v, uint32_t len)
{
	hex_lines(v, v.len < len ? v.len : len, "\n\t", c->out);
}

void nlab_print_hex_only(nlab_view v, nlab_strbuf *out)
{
	hex_lines(v, v.len, "\t", out);
}

/* Appends one -X line of N (1..16) bytes at OFF, after LEAD (at most
 * 16 characters). */
static void hex_line(nlab_view v, size_t off, size_t n, const char *lead,
		     nlab_strbuf *out)
{
	static const char hex[] = "0123456789abcdef";
	char line[96];
	size_t k = (size_t)snprintf(line, sizeof line, "%.16s0x%04zx: ", lead, off);
	size_t start = k;
	for (size_t i = 0; i < n; i++) {
		if (i % 2 == 0)
			line[k++] = ' ';
		uint8_t b = nlab_get8(v, off + i);
		line[k++] = hex[b >> 4];
		line[k++] = hex[b & 15];
	}
	while (k < start + 40)
		line[k++] = ' ';
	line[k++] = ' ';
	line[k++] = ' ';
	for (size_t i = 0; i < n; i++) {
		uint8_t b = nlab_get8(v, off + i);
		line[k++] = (char)(b > 0x20 && b < 0x7f ? b : '.');
	}
	nlab_strbuf_add(out, line, k);
}

void nlab_print_ascii(nlab_view v, nlab_strbuf *out)
{
	char buf[256];
	size_t k = 0;
	for (size_t i = 0; i < v.len; i++) {
		uint8_t b = nlab_get8(v, i);
		size_t left = v.len - i - 1; /* ascii_print's length after b */
		if (b == '\r') {
			if (left > 1 && nlab_get8(v, i + 1) != '\n')
				buf[k++] = '.';
		} else if ((b > 0x20 && b < 0x7f) || b == '\t' || b == ' ' || b == '\n') {
			buf[k++] = (char)b;
		} else {
			buf[k++] = '.';
		}
		if (k == sizeof buf)
			nlab_strbuf_add(out, buf, k), k = 0;
	}
	nlab_strbuf_add(out, buf, k);
}

void nlab_print_hex(nlab_view v, nlab_strbuf *out)
{
	for (size_t off = 0; off < v.len; off += 16) {
		if (off)
			nlab_strbuf_add(out, "\n", 1);
		hex_line(v, off, v.len - off < 16 ? v.len - off : 16, "\t", out);
	}
}

void nlab_p_hexascii(nlab_pctx *c, nlab_view v, size_t n, const char *ident)
{
	if (n > v.len)
		n = v.len;
	for (size_t off = 0; off < n; off += 16)
		hex_line(v, off, n - off < 16 ? n - off : 16, ident, c->out);
}
