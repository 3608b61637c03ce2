/* print_dhcp6.c - DHCPv6 (UDP 546, 547), as tcpdump 4.99.3's
 * print-dhcp6.c writes it: the message type; -v: the transaction id
 * or the relay's addresses, then every option. */
#include "print_priv.h"

static const char *msg_name(uint8_t t)
{
	static const char *n[] = {NULL, "solicit", "advertise", "request", "confirm",
		"renew", "rebind", "reply", "release", "decline", "reconfigure",
		"inf-req", "relay-fwd", "relay-reply", "leasequery", "leasequery-reply"};
	return t < sizeof n / sizeof n[0] ? n[t] : NULL;
}

static const char *opt_name(uint16_t t)
{
	static const char *n[] = {NULL, "client-ID", "server-ID", "IA_NA", "IA_TA",
		"IA_ADDR", "option-request", "preference", "elapsed-time",
		"relay-message", NULL, "authentication", "server-unicast",
		"status-code", "rapid-commit", "user-class", "vendor-class",
		"vendor-specific-info", "interface-ID", "reconfigure-message",
		"reconfigure-accept", "SIP-servers-domain", "SIP-servers-address",
		"DNS-server", "DNS-search-list", "IA_PD", "IA_PD-prefix",
		"NIS-server", "NIS+-server", "NIS-domain-name", "NIS+-domain-name",
		"SNTP-servers", "lifetime", "BCMCS-domain-name", "BCMCS-server",
		NULL, "Geoconf-Civic", "Remote-ID", "Subscriber-ID", "Client-FQDN",
		"PANA-agent", "POSIX-timezone", "POSIX-tz-database",
		"Echo-request-option", "Lease-query", "LQ-client-data", "Clt-time",
		"LQ-relay-data", "LQ-client-link"};
	if (t < sizeof n / sizeof n[0])
		return n[t];
	return t == 56 ? "NTP-server" : t == 64 ? "AFTR-Name" : t == 112 ? "MUD-URL" : NULL;
}

static void put_opt_name(nlab_pctx *c, uint16_t t)
{
	const char *n = opt_name(t);
	if (n)
		nlab_p_puts(c, n);
	else
		nlab_strbuf_printf(c->out, "opt_%u", t);
}

static void hex(nlab_pctx *c, nlab_view v, size_t from, size_t to)
{
	for (size_t i = from; i < to; i++)
		nlab_strbuf_printf(c->out, "%02x", nlab_get8(v, i));
}

static int opts(nlab_pctx *c, nlab_view v, size_t cp, size_t ep, int depth);

/* client-ID, server-ID: the DUID of LEN bytes at P. */
static void duid(nlab_pctx *c, nlab_view v, size_t p, uint32_t len)
{
	if (len < 2) {
		nlab_p_puts(c, " ?)");
		return;
	}
	uint16_t t = nlab_get16(v, p);
	if (t == 1 && len >= 8) {
		nlab_strbuf_printf(c->out, " hwaddr/time type %u time %u ", nlab_get16(v, p + 2),
				   nlab_get32(v, p + 4));
		hex(c, v, p + 8, p + len);
	} else if (t == 2 && len >= 10) {
		nlab_p_puts(c, " vid ");
		hex(c, v, p + 2, p + 10);
	} else if (t == 3 && len >= 4) {
		nlab_strbuf_printf(c->out, " hwaddr type %u ", nlab_get16(v, p + 2));
		hex(c, v, p + 4, p + len);
	} else if (t >= 1 && t <= 3) {
		nlab_p_puts(c, " ?)");
		return;
	} else {
		nlab_strbuf_printf(c->out, " type %u)", t);
		return;
	}
	nlab_p_puts(c, ")");
}

/* A DNS name at P, labels and dots (tcpdump's fqdn_print: it reads on
 * past the option's END as far as the capture goes); the offset after
 * it, or 0 when the capture ends inside it (its chars printed so far). */
static size_t fqdn(nlab_pctx *c, nlab_view v, size_t p, size_t end)
{
	(void)end;
	if (!nlab_view_has(v, p, 1))
		return 0;
	size_t n = nlab_get8(v, p);
	if (!n) {
		nlab_p_puts(c, ".");
		return p + 1;
	}
	for (int labels = 0; n && labels < 128; labels++) {
		if (n & 0xc0)
			return 0;
		if (nlab_p_printn(c, v, p + 1, n))
			return 0;
		nlab_p_puts(c, ".");
		p += 1 + n;
		if (!nlab_view_has(v, p, 1))
			return p; /* the capture's end ends the name */
		n = nlab_get8(v, p);
	}
	return p + 1;
}

/* The addresses of an option of LEN bytes at P. */
static void addrs(nlab_pctx *c, nlab_view v, size_t p, uint32_t len)
{
	if (len % 16) {
		nlab_p_puts(c, " ?)");
		return;
	}
	for (uint32_t i = 0; i < len; i += 16) {
		nlab_p_puts(c, " ");
		nlab_p_ip6addr(c, v, p + i);
	}
	nlab_p_puts(c, ")");
}

/* NTP-server's sub-options. */
static int ntp_server(nlab_pctx *c, nlab_view v, size_t p, uint32_t len)
{
	if (len < 4) {
		nlab_p_puts(c, " ?)");
		return NLAB_P_OK;
	}
	size_t end = p + len;
	while (p < end - 4) {
		uint16_t code = nlab_get16(v, p), sl = nlab_get16(v, p + 2);
		p += 4;
		if (p + sl > end)
			return NLAB_P_ETRUNC;
		nlab_strbuf_printf(c->out, " subopt:%u", code);
		if ((code == 1 || code == 2) && sl == 16) {
			nlab_p_puts(c, " ");
			nlab_p_ip6addr(c, v, p);
		} else if (code == 3) {
			nlab_p_puts(c, " ");
			if (!fqdn(c, v, p, p + sl))
				return NLAB_P_ETRUNC;
		} else {
			nlab_p_puts(c, " ?");
		}
		p += sl;
	}
	nlab_p_puts(c, ")");
	return NLAB_P_OK;
}

/* AFTR-Name: labels joined by dots. */
static void aftr(nlab_pctx *c, nlab_view v, size_t p, uint32_t len)
{
	if (len < 3) {
		nlab_p_puts(c, " ?)");
		return;
	}
	nlab_p_puts(c, " ");
	uint32_t remain = len;
	while (remain && nlab_get8(v, p)) {
		uint32_t l = nlab_get8(v, p++);
		if (l >= remain - 1) {
			nlab_p_puts(c, " ?");
			break;
		}
		nlab_p_printn(c, v, p, l);
		p += l, remain -= l + 1;
		if (nlab_get8(v, p))
			nlab_p_puts(c, ".");
	}
	nlab_p_puts(c, ")");
}

/* Fixed-size numbers: preference (1), elapsed-time (2), lifetimes (4). */
static void number(nlab_pctx *c, nlab_view v, size_t p, uint32_t len, uint32_t want)
{
	if (len != want) {
		nlab_p_puts(c, " ?)");
		return;
	}
	uint32_t x = want == 1 ? nlab_get8(v, p) : want == 2 ? nlab_get16(v, p) : nlab_get32(v, p);
	nlab_strbuf_printf(c->out, " %u)", x);
}

/* An identity association or address with its sub-options after HL. */
static int ia(nlab_pctx *c, nlab_view v, uint16_t t, size_t p, uint32_t len, int depth)
{
	uint32_t hl = t == 3 || t == 25 ? 12 : t == 4 ? 4 : t == 5 ? 24 : 25;
	if (len < hl) {
		nlab_p_puts(c, " ?)");
		return NLAB_P_OK;
	}
	if (t == 3 || t == 25)
		nlab_strbuf_printf(c->out, " IAID:%u T1:%u T2:%u", nlab_get32(v, p),
				   nlab_get32(v, p + 4), nlab_get32(v, p + 8));
	else if (t == 4)
		nlab_strbuf_printf(c->out, " IAID:%u", nlab_get32(v, p));
	if (t == 5) {
		nlab_p_puts(c, " ");
		nlab_p_ip6addr(c, v, p);
		nlab_strbuf_printf(c->out, " pltime:%u vltime:%u", nlab_get32(v, p + 16),
				   nlab_get32(v, p + 20));
	} else if (t == 26) {
		nlab_p_puts(c, " ");
		nlab_p_ip6addr(c, v, p + 9);
		nlab_strbuf_printf(c->out, "/%u pltime:%u vltime:%u", nlab_get8(v, p + 8),
				   nlab_get32(v, p), nlab_get32(v, p + 4));
	}
	if (len > hl && opts(c, v, p + hl, p + len, depth + 1) == NLAB_P_TRUNC)
		return NLAB_P_TRUNC;
	nlab_p_puts(c, ")");
	return NLAB_P_OK;
}

static const char *status(uint16_t s)
{
	static const char *n[] = {"Success", "UnspecFail", "NoAddrsAvail", "NoBinding",
		"NotOnLink", "UseMulticast", "NoPrefixAvail", "UnknownQueryType",
		"MalformedQuery", "NotConfigured", "NotAllowed"};
	return s < sizeof n / sizeof n[0] ? n[s] : NULL;
}

/* The body of option T (LEN bytes at P) after its name; ETRUNC when
 * tcpdump's own check fails inside it. */
static int opt_body(nlab_pctx *c, nlab_view v, uint16_t t, size_t p, uint32_t len, int depth)
{
	switch (t) {
	case 1: case 2: duid(c, v, p, len); return NLAB_P_OK;
	case 3: case 4: case 5: case 25: case 26: return ia(c, v, t, p, len, depth);
	case 6: case 43:
		if (len % 2) {
			nlab_p_puts(c, " ?)");
			return NLAB_P_OK;
		}
		for (uint32_t i = 0; i < len; i += 2) {
			nlab_p_puts(c, " ");
			put_opt_name(c, nlab_get16(v, p + i));
		}
		nlab_p_puts(c, ")");
		return NLAB_P_OK;
	case 7: number(c, v, p, len, 1); return NLAB_P_OK;
	case 8: number(c, v, p, len, 2); return NLAB_P_OK;
	case 32: case 46: number(c, v, p, len, 4); return NLAB_P_OK;
	case 13:
		if (len < 2) {
			nlab_p_puts(c, " ?)");
			return NLAB_P_OK;
		}
		uint16_t s = nlab_get16(v, p);
		if (s > 255)
			nlab_p_puts(c, " INVALID code)");
		else if (status(s))
			nlab_strbuf_printf(c->out, " %s)", status(s));
		else
			nlab_strbuf_printf(c->out, " code%u)", s);
		return NLAB_P_OK;
	case 18: case 38:
		nlab_p_puts(c, " ");
		hex(c, v, p, p + (len < 10 ? len : 10));
		nlab_p_puts(c, "...)");
		return NLAB_P_OK;
	case 19:
		if (len != 1) {
			nlab_p_puts(c, " ?)");
			return NLAB_P_OK;
		}
		uint8_t r = nlab_get8(v, p);
		if (r == 5 || r == 11)
			nlab_strbuf_printf(c->out, " for %s)", r == 5 ? "renew" : "inf-req");
		else
			nlab_strbuf_printf(c->out, " for ?\?\?(%02x))", r);
		return NLAB_P_OK;
	case 22: case 23: case 31: case 27: case 28: case 34: case 40: case 48:
		addrs(c, v, p, len);
		return NLAB_P_OK;
	case 21: case 24:
		for (size_t q = p; q < p + len;) {
			nlab_p_puts(c, " ");
			if (!(q = fqdn(c, v, q, p + len)))
				return NLAB_P_ETRUNC;
		}
		nlab_p_puts(c, ")");
		return NLAB_P_OK;
	case 37: case 47: /* Remote-ID: enterprise; LQ-relay-data: peer */
		if (len < (t == 37 ? 4u : 16u)) {
			nlab_p_puts(c, " ?)");
			return NLAB_P_OK;
		}
		if (t == 37) {
			nlab_strbuf_printf(c->out, " %u ", nlab_get32(v, p));
		} else {
			nlab_p_puts(c, " ");
			nlab_p_ip6addr(c, v, p);
			nlab_p_puts(c, " ");
		}
		uint32_t from = t == 37 ? 4 : 16;
		hex(c, v, p + from, p + (len < from + 10 ? len : from + 10));
		nlab_p_puts(c, "...)");
		return NLAB_P_OK;
	case 44: /* Lease-query */
		if (len < 17) {
			nlab_p_puts(c, " ?)");
			return NLAB_P_OK;
		}
		uint8_t q = nlab_get8(v, p);
		if (q == 1 || q == 2)
			nlab_p_puts(c, q == 1 ? " by-address" : " by-clientID");
		else
			nlab_strbuf_printf(c->out, " type_%u", q);
		nlab_p_puts(c, " ");
		nlab_p_ip6addr(c, v, p + 1);
		if (len > 17 && opts(c, v, p + 17, p + len, depth + 1) == NLAB_P_TRUNC)
			return NLAB_P_TRUNC;
		nlab_p_puts(c, ")");
		return NLAB_P_OK;
	case 45: /* LQ-client-data: options inside */
		if (len > 0 && opts(c, v, p, p + len, depth + 1) == NLAB_P_TRUNC)
			return NLAB_P_TRUNC;
		nlab_p_puts(c, ")");
		return NLAB_P_OK;
	case 56: return ntp_server(c, v, p, len);
	case 64: aftr(c, v, p, len); return NLAB_P_OK;
	case 41: case 42: case 112:
		if (len < 5) {
			nlab_p_puts(c, " ?)");
			return NLAB_P_OK;
		}
		nlab_p_puts(c, " ");
		nlab_p_printn(c, v, p, len);
		nlab_p_puts(c, ")");
		return NLAB_P_OK;
	default:
		nlab_p_puts(c, ")");
		return NLAB_P_OK;
	}
}

/* authentication: protocol, algorithm, replay detection, and what the
 * protocol adds (delayed: realm, key id, HMAC; reconfigure: its key). */
static void auth(nlab_pctx *c, nlab_view v, size_t p, uint32_t len)
{
	if (len < 11) {
		nlab_p_puts(c, " ?)");
		return;
	}
	uint8_t proto = nlab_get8(v, p), alg = nlab_get8(v, p + 1), rdm = nlab_get8(v, p + 2);
	if (proto == 2 || proto == 3)
		nlab_strbuf_printf(c->out, " proto: %s", proto == 2 ? "delayed" : "reconfigure");
	else
		nlab_strbuf_printf(c->out, " proto: %u", proto);
	if (alg == 1)
		nlab_p_puts(c, ", alg: HMAC-MD5");
	else
		nlab_strbuf_printf(c->out, ", alg: %u", alg);
	if (rdm == 0)
		nlab_p_puts(c, ", RDM: mono");
	else
		nlab_strbuf_printf(c->out, ", RDM: %u", rdm);
	nlab_p_puts(c, ", RD:");
	for (int i = 0; i < 4; i++)
		nlab_strbuf_printf(c->out, " %04x", nlab_get16(v, p + 3 + 2 * i));
	p += 11;
	uint32_t info = len - 11;
	if (proto == 2 && info) {
		if (info < 20) {
			nlab_p_puts(c, " ?\?)");
			return;
		}
		if (info > 20)
			nlab_p_puts(c, ", realm: ");
		hex(c, v, p, p + info - 20);
		p += info - 20;
		nlab_strbuf_printf(c->out, ", key ID: %08x, HMAC-MD5:", nlab_get32(v, p));
		for (int i = 0; i < 4; i++)
			nlab_strbuf_printf(c->out, " %08x", nlab_get32(v, p + 4 + 4 * i));
	} else if (proto == 3) {
		if (info != 17) {
			nlab_p_puts(c, " ?\?)");
			return;
		}
		uint8_t k = nlab_get8(v, p);
		nlab_p_puts(c, k == 1 ? " reconfig-key" : k == 2 ? " type: HMAC-MD5" : " type: ?\?");
		nlab_p_puts(c, " value:");
		for (int i = 0; i < 4; i++)
			nlab_strbuf_printf(c->out, " %08x", nlab_get32(v, p + 1 + 4 * i));
	} else if (proto != 2) {
		nlab_p_puts(c, " ?\?");
	}
	nlab_p_puts(c, ")");
}

/* The options from CP to EP; " [|dhcp6]" when one runs past EP. */
static int opts(nlab_pctx *c, nlab_view v, size_t cp, size_t ep, int depth)
{
	while (cp < ep) {
		if (ep < cp + 4 || ep < cp + 4 + nlab_get16(v, cp + 2) || depth > 16) {
			nlab_p_puts(c, " [|dhcp6]");
			return NLAB_P_OK;
		}
		uint16_t t = nlab_get16(v, cp), len = nlab_get16(v, cp + 2);
		nlab_p_puts(c, " (");
		put_opt_name(c, t);
		if (t == 9) {
			nlab_p_puts(c, " (");
			nlab_view in = nlab_view_sub(v, cp + 4, len);
			if (nlab_p_dhcp6(c, in, len) == NLAB_P_TRUNC)
				return NLAB_P_TRUNC;
			c->proto = "dhcp6";
			nlab_p_puts(c, ")");
		} else if (t == 11) {
			auth(c, v, cp + 4, len);
		} else {
			int r = opt_body(c, v, t, cp + 4, len, depth);
			if (r == NLAB_P_TRUNC)
				return r;
			if (r == NLAB_P_ETRUNC) {
				nlab_p_puts(c, " [|dhcp6]");
				return NLAB_P_OK;
			}
		}
		cp += 4 + len;
	}
	return NLAB_P_OK;
}

int nlab_p_dhcp6(nlab_pctx *c, nlab_view v, uint32_t len)
{
	c->proto = "dhcp6";
	nlab_p_puts(c, "dhcp6");
	if (!nlab_view_has(v, 0, 4)) {
		nlab_p_puts(c, " [|dhcp6]");
		return NLAB_P_OK;
	}
	uint8_t t = nlab_get8(v, 0);
	const char *n = msg_name(t);
	if (n)
		nlab_strbuf_printf(c->out, " %s", n);
	else
		nlab_strbuf_printf(c->out, " msgtype-%u", t);
	if (!c->o->v)
		return NLAB_P_OK;
	size_t ep = v.len < len ? v.len : len;
	nlab_p_puts(c, " (");
	if (t != 12 && t != 13) {
		nlab_strbuf_printf(c->out, "xid=%x", nlab_get32(v, 0) & 0xffffff);
		if (opts(c, nlab_view_sub(v, 0, ep), 4, ep, 0) == NLAB_P_TRUNC)
			return NLAB_P_TRUNC;
	} else {
		if (!nlab_view_has(v, 2, 16))
			return NLAB_P_TRUNC;
		nlab_p_puts(c, "linkaddr=");
		nlab_p_ip6addr(c, v, 2);
		if (!nlab_view_has(v, 18, 16))
			return NLAB_P_TRUNC;
		nlab_p_puts(c, " peeraddr=");
		nlab_p_ip6addr(c, v, 18);
		if (opts(c, nlab_view_sub(v, 0, ep), 34, ep, 0) == NLAB_P_TRUNC)
			return NLAB_P_TRUNC;
	}
	nlab_p_puts(c, ")");
	return NLAB_P_OK;
}
