/* print_edns.c - the options of a DNS OPT record (EDNS, RFC 6891), as
 * tcpdump's print-domain.c (eopt_print) writes them: " [COOKIE ..., ...]". */
#include "print_priv.h"

#include <arpa/inet.h>

/* tcpdump's edns_opt2str, or NULL. */
static const char *opt_name(uint16_t o)
{
	static const char *const names[] = {NULL, "LLQ", "UL", "NSID", NULL, "DAU", "DHU", "N3U",
		"ECS", "EXPIRE", "COOKIE", "KEEPALIVE", "PADDING", "CHAIN", "KEY-TAG", NULL,
		"CLIENT-TAG", "SERVER-TAG"};
	return o < sizeof names / sizeof names[0] ? names[o] : NULL;
}

/* An algorithm number's name in tcpdump's dau_alg2str (OPT 5), dhu_alg2str
 * (6) or n3u_alg2str (7), or NULL. */
static const char *alg_name(uint16_t opt, uint8_t a)
{
	static const char *const dau[] = {"DELETE", "RSAMD5", "DH", "DS", NULL, "RSASHA1",
		"DSA-NSEC3-SHA1", "RSASHA1-NSEC3-SHA1", "RSASHA256", NULL, "RSASHA512", NULL,
		"ECC-GOST", "ECDSAP256SHA256", "ECDSAP384SHA384", "ED25519", "ED448"};
	static const char *const dhu[] = {NULL, "SHA-1", "SHA-256", "GOST_R_34.11-94", "SHA-384"};
	if (opt == 5 && a < sizeof dau / sizeof dau[0])
		return dau[a];
	if (opt == 5)
		return a == 252 ? "INDIRECT" : a == 253 ? "PRIVATEDNS" : a == 254 ? "PRIVATEOID" : NULL;
	if (opt == 6)
		return a < sizeof dhu / sizeof dhu[0] ? dhu[a] : NULL;
	return a == 1 ? "SHA-1" : NULL;
}

/* The client subnet option (N bytes at OFF): "10.1.2.0/24/0". */
static void ecs(nlab_pctx *c, nlab_view m, size_t off, size_t n)
{
	if (n < 4) {
		nlab_p_puts(c, " (invalid)");
		return;
	}
	uint16_t family = nlab_get16(m, off);
	unsigned src = nlab_get8(m, off + 2), scope = nlab_get8(m, off + 3);
	unsigned bits = family == 1 ? 32 : family == 2 ? 128 : 0;
	if (!bits || n - 4 > bits / 8 || src > bits || scope > bits || (src + 7) / 8 != n - 4) {
		nlab_p_puts(c, " (invalid)");
		return;
	}
	uint8_t a[16] = {0};
	char text[INET6_ADDRSTRLEN];
	nlab_getbytes(m, off + 4, a, n - 4);
	inet_ntop(family == 1 ? AF_INET : AF_INET6, a, text, sizeof text);
	nlab_strbuf_printf(c->out, "%s/%u/%u", text, src, scope);
}

/* The N (> 0) data bytes at OFF of option OPT, all captured. */
static void opt_data(nlab_pctx *c, nlab_view m, uint16_t opt, size_t off, size_t n)
{
	switch (opt) {
	case 8:
		ecs(c, m, off, n);
		return;
	case 10:
		if (n < 8 || (n > 8 && n < 16) || n > 40) {
			nlab_p_puts(c, " (invalid)");
			return;
		}
		for (size_t i = 0; i < n; i++)
			nlab_strbuf_printf(c->out, i == 8 ? " %02x" : "%02x", nlab_get8(m, off + i));
		return;
	case 11:
		if (n != 2)
			nlab_p_puts(c, " (invalid)");
		else
			nlab_strbuf_printf(c->out, "%0.1f sec", nlab_get16(m, off) / 10.0);
		return;
	case 9:
		if (n != 4)
			nlab_p_puts(c, " (invalid)");
		else
			nlab_strbuf_printf(c->out, "%u sec", nlab_get32(m, off));
		return;
	case 12:
		nlab_strbuf_printf(c->out, "(%zu)", n);
		return;
	case 14:
		if (n % 2) {
			nlab_p_puts(c, " (invalid)");
			return;
		}
		for (size_t i = 0; i < n; i += 2)
			nlab_strbuf_printf(c->out, i ? " %u" : "%u", nlab_get16(m, off + i));
		return;
	case 5: case 6: case 7:
		for (size_t i = 0; i < n; i++) {
			const char *a = alg_name(opt, nlab_get8(m, off + i));
			if (a)
				nlab_strbuf_printf(c->out, i ? " %s" : "%s", a);
			else
				nlab_strbuf_printf(c->out, i ? " Alg_%u" : "Alg_%u", nlab_get8(m, off + i));
		}
		return;
	case 13:
		nlab_p_dns_name(c, nlab_view_from(m, off), 0);
		return;
	default:
		for (size_t i = 0; i < n; i++)
			nlab_strbuf_printf(c->out, "%02x", nlab_get8(m, off + i));
		return;
	}
}

long nlab_p_edns_opt(nlab_pctx *c, nlab_view m, size_t off)
{
	if (!nlab_view_has(m, off, 2))
		return -1;
	uint16_t opt = nlab_get16(m, off);
	const char *name = opt_name(opt);
	if (name)
		nlab_p_puts(c, name);
	else
		nlab_strbuf_printf(c->out, "Opt%u", opt);
	if (!nlab_view_has(m, off + 2, 2))
		return -1;
	size_t n = nlab_get16(m, off + 2);
	if (!nlab_view_has(m, off + 4, n))
		return -1;
	if (n > 0) {
		nlab_p_puts(c, " ");
		opt_data(c, m, opt, off + 4, n);
	}
	return (long)(off + 4 + n);
}
