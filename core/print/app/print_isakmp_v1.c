/* print_isakmp_v1.c - IKEv1's payloads under -v as tcpdump 4.99.3's
 * print-isakmp.c writes them: the security association with its
 * proposals and transforms and their attributes (the IPsec DOI's and
 * Oakley's names), key exchange, identification (the IPsec DOI's
 * address, name and subnet types), certificates and requests, hash,
 * signature, nonce, notification (with its lifetime attributes and
 * replay status), delete and vendor id. Each returns where the next
 * payload is as tcpdump's does (for some, not the item's end). */
#include "print_isakmp.h"

/* The names of an attribute type and of its values (struct attrmap). */
typedef struct attrmap {
	const char *type;
	uint8_t nvalue;
	const char *const *value;
} attrmap;

const char *const nlab_ike_dh[19] = {
	NULL,	      "modp768",    "modp1024",	  "EC2N 2^155", "EC2N 2^185",
	"modp1536",   "iana-grp06", "iana-grp07", "iana-grp08", "iana-grp09",
	"iana-grp10", "iana-grp11", "iana-grp12", "iana-grp13", "modp2048",
	"modp3072",   "modp4096",   "modp6144",	  "modp8192"};

static const char *const lifetypes[] = {NULL, "sec", "kb"};

static const attrmap oakley_map[] = {
	{NULL, 0, NULL},
	{"enc", 8, (const char *const[]){NULL, "1des", "idea", "blowfish", "rc5", "3des", "cast", "aes"}},
	{"hash", 7, (const char *const[]){NULL, "md5", "sha1", "tiger", "sha2-256", "sha2-384", "sha2-512"}},
	{"auth", 6,
	 (const char *const[]){NULL, "preshared", "dss", "rsa sig", "rsa enc", "rsa enc revised"}},
	{"group desc", 18, nlab_ike_dh},
	{"group type", 4, (const char *const[]){NULL, "MODP", "ECP", "EC2N"}},
	{"group prime", 0, NULL},
	{"group gen1", 0, NULL},
	{"group gen2", 0, NULL},
	{"group curve A", 0, NULL},
	{"group curve B", 0, NULL},
	{"lifetype", 3, lifetypes},
	{"lifeduration", 0, NULL},
	{"prf", 0, NULL},
	{"keylen", 0, NULL},
	{"field", 0, NULL},
	{"order", 0, NULL}};

static const attrmap ipsec_map[] = {
	{NULL, 0, NULL},
	{"lifetype", 3, lifetypes},
	{"life", 0, NULL},
	{"group desc", 18, nlab_ike_dh},
	{"enc mode", 3, (const char *const[]){NULL, "tunnel", "transport"}},
	{"auth", 5, (const char *const[]){NULL, "hmac-md5", "hmac-sha1", "1des-mac", "keyed"}},
	{"keylen", 0, NULL},
	{"rounds", 0, NULL},
	{"dictsize", 0, NULL},
	{"privalg", 0, NULL}};

/* The entry of map MAP for attribute type T, or NULL. */
static const attrmap *map_entry(int map, uint32_t t)
{
	static const attrmap encr_keylen = {"keylen", 14, NULL};
	if (map == IKE_MAP_OAKLEY && t < sizeof oakley_map / sizeof oakley_map[0])
		return &oakley_map[t];
	if (map == IKE_MAP_IPSEC && t < sizeof ipsec_map / sizeof ipsec_map[0])
		return &ipsec_map[t];
	if (map == IKE_MAP_ENCR && t == 14)
		return &encr_keylen;
	return NULL;
}

/* One attribute at P of an item ending at EP2 (ikev1_attrmap_print):
 * the position after it, EP2 + 1 after "[|attr]", IKE_NULL when its
 * value was cut (after its ")"). */
static ike_at attr(ike *k, ike_at p, ike_at ep2, int map)
{
	uint8_t b0 = nlab_ike_u8(k, p);
	uint32_t totlen = b0 & 0x80 ? 4 : 4u + nlab_ike_u16(k, p + 2);
	if (k->jmp)
		return IKE_NULL;
	if (ep2 < p + totlen) {
		nlab_p_puts(k->c, "[|attr]");
		return ep2 + 1;
	}
	uint32_t t = nlab_ike_u16(k, p) & 0x7fff;
	const attrmap *m = map_entry(map, t);
	if (m && m->type)
		nlab_strbuf_printf(k->c->out, "(type=%s ", m->type);
	else
		nlab_strbuf_printf(k->c->out, "(type=#%u ", t);
	int ok;
	if (b0 & 0x80) {
		nlab_p_puts(k->c, "value=");
		uint16_t v = nlab_ike_u16(k, p + 2);
		if (m && v < m->nvalue && m->value && m->value[v])
			nlab_p_puts(k->c, m->value[v]), ok = 1;
		else
			ok = nlab_ike_hex(k, p + 2, 2);
	} else {
		nlab_strbuf_printf(k->c->out, "len=%u value=", totlen - 4);
		ok = nlab_ike_hex(k, p + 4, totlen - 4);
	}
	nlab_p_puts(k->c, ")");
	return ok ? p + totlen : IKE_NULL;
}

ike_at nlab_ike_attrs(ike *k, ike_at cp, ike_at ep2, int map)
{
	while (cp < k->ep && cp < ep2) {
		cp = attr(k, cp, ep2, map);
		if (k->jmp)
			return IKE_NULL;
		if (cp == IKE_NULL) {
			nlab_ike_trunc(k, IKE_T);
			return IKE_NULL;
		}
	}
	if (k->ep < ep2)
		nlab_p_puts(k->c, "...");
	return cp;
}

/* The security association: DOI, situation, its proposals. */
static ike_at v1_sa(ike *k, uint8_t np, ike_at ext, uint32_t len, uint32_t doi0, uint32_t proto,
		    int depth)
{
	(void)np, (void)len, (void)doi0;
	nlab_p_puts(k->c, "sa:");
	if (!nlab_ike_has(k, ext, 12)) {
		nlab_ike_trunc(k, IKE_SA);
		return IKE_NULL;
	}
	uint32_t doi = nlab_ike_u32(k, ext + 4), sit = nlab_ike_u32(k, ext + 8);
	if (doi != 1) {
		nlab_strbuf_printf(k->c->out, " doi=%u situation=%u", doi, sit);
		return ext + 12;
	}
	nlab_strbuf_printf(k->c->out, " doi=ipsec situation=%s%s%s%s%s", sit & 1 ? "identity" : "",
			   sit & 1 && sit & 2 ? "+" : "", sit & 2 ? "secrecy" : "",
			   sit & 4 && sit & 3 ? "+" : "", sit & 4 ? "integrity" : "");
	ike_at next = ext + 12;
	if (sit != 1) { /* tcpdump reads the DOI again as the labeled domain */
		nlab_strbuf_printf(k->c->out, " ident=%u", doi);
		next += 4;
	}
	if (!nlab_ike_has(k, next, 4)) {
		nlab_ike_trunc(k, IKE_SA);
		return IKE_NULL;
	}
	return nlab_ike_walk(k, IKE_P, next, doi, proto, depth, 0);
}

/* A proposal: number, protocol, transform count, SPI, its transforms. */
static ike_at v1_p(ike *k, uint8_t np, ike_at ext, uint32_t len, uint32_t doi, uint32_t proto,
		   int depth)
{
	(void)np, (void)len, (void)proto;
	nlab_p_puts(k->c, "p:");
	if (!nlab_ike_has(k, ext, 8)) {
		nlab_ike_trunc(k, IKE_P);
		return IKE_NULL;
	}
	uint8_t prot = nlab_get8(k->v, (size_t)ext + 5), spi = nlab_get8(k->v, (size_t)ext + 6);
	nlab_strbuf_printf(k->c->out, " #%u protoid=", nlab_get8(k->v, (size_t)ext + 4));
	nlab_ike_protoid(k, prot);
	nlab_strbuf_printf(k->c->out, " transform=%u", nlab_get8(k->v, (size_t)ext + 7));
	if (spi) {
		nlab_p_puts(k->c, " spi=");
		if (!nlab_ike_hex(k, ext + 8, spi)) {
			nlab_ike_trunc(k, IKE_P);
			return IKE_NULL;
		}
	}
	if (!nlab_ike_has(k, ext + 8 + spi, 4)) {
		nlab_ike_trunc(k, IKE_P);
		return IKE_NULL;
	}
	return nlab_ike_walk(k, IKE_T, ext + 8 + spi, doi, prot, depth, 0);
}

/* A transform: number, id by the proposal's protocol PROTO, attributes. */
static ike_at v1_t(ike *k, uint8_t np, ike_at ext, uint32_t len, uint32_t doi, uint32_t proto,
		   int depth)
{
	(void)np, (void)doi, (void)depth;
	static const char *const ike_ids[] = {NULL, "ike"};
	static const char *const ah_ids[] = {NULL,	 "(reserved)", "md5",	   "sha",
					     "1des",	 "sha2-256",   "sha2-384", "sha2-512"};
	static const char *const esp_ids[] = {NULL,   "1des-iv64", "1des",	"3des", "rc5",
					      "idea", "cast",	   "blowfish", "3idea", "1des-iv32",
					      "rc4",  "null",	   "aes"};
	static const char *const ipcomp_ids[] = {NULL, "oui", "deflate", "lzs"};
	static const struct {
		const char *const *ids;
		size_t n;
	} by_proto[] = {{NULL, 0}, {ike_ids, 2}, {ah_ids, 8}, {esp_ids, 13}, {ipcomp_ids, 4}};
	nlab_p_puts(k->c, "t:");
	if (!nlab_ike_has(k, ext, 8)) {
		nlab_ike_trunc(k, IKE_T);
		return IKE_NULL;
	}
	uint8_t id = nlab_get8(k->v, (size_t)ext + 5);
	nlab_strbuf_printf(k->c->out, " #%u id=", nlab_get8(k->v, (size_t)ext + 4));
	if (proto >= 1 && proto <= 4)
		nlab_ike_name(k, by_proto[proto].ids, by_proto[proto].n, id);
	else
		nlab_p_u(k->c, id);
	nlab_p_puts(k->c, " ");
	int map = proto == 1 ? IKE_MAP_OAKLEY : proto >= 2 && proto <= 4 ? IKE_MAP_IPSEC : IKE_MAP_NONE;
	return nlab_ike_attrs(k, ext + 8, ext + len, map);
}

/* The payloads that say their name and length only (-vvv's hex aside):
 * key exchange "ke: key len=N", hash, signature and vendor id. */
static ike_at v1_len(ike *k, uint8_t np, ike_at ext, uint32_t len, uint32_t doi, uint32_t proto,
		     int depth)
{
	(void)doi, (void)proto, (void)depth;
	nlab_ike_np(k, np);
	nlab_strbuf_printf(k->c->out, np == IKE_KE ? ": key len=%u" : ": len=%u", len - 4);
	return ext + len;
}

/* A certificate or a certificate request: length and encoding. */
static ike_at v1_cert(ike *k, uint8_t np, ike_at ext, uint32_t len, uint32_t doi, uint32_t proto,
		      int depth)
{
	(void)doi, (void)proto, (void)depth;
	static const char *const types[] = {"none", "pkcs7",	"pgp", "dns",  "x509sign", "x509ke",
					    "kerberos", "crl", "arl", "spki", "x509attr"};
	nlab_ike_np(k, np);
	nlab_p_puts(k->c, ":");
	if (!nlab_ike_has(k, ext, 6)) {
		nlab_ike_trunc(k, np);
		return IKE_NULL;
	}
	nlab_strbuf_printf(k->c->out, " len=%u type=", len - 4);
	nlab_ike_name(k, types, 11, nlab_get8(k->v, (size_t)ext + 4));
	return ext + len;
}

/* The nonce's length; -vv: some of the bytes from it to the end. */
static ike_at v1_nonce(ike *k, uint8_t np, ike_at ext, uint32_t len, uint32_t doi, uint32_t proto,
		       int depth)
{
	(void)np, (void)doi, (void)proto, (void)depth;
	nlab_strbuf_printf(k->c->out, "nonce: n len=%u", len - 4);
	if (len > 4 && k->c->o->v > 1) {
		nlab_p_puts(k->c, " ");
		if (!nlab_ike_somedata(k, ext + 4)) {
			nlab_ike_trunc(k, IKE_NONCE);
			return IKE_NULL;
		}
	}
	return ext + len;
}

/* The IPsec DOI's identification data of type TYPE, LEN bytes at DATA
 * (captured): the bytes it leaves to be counted as " len=N" after. */
static uint32_t id_data(ike *k, uint8_t type, ike_at data, uint32_t len)
{
	static const uint8_t least[] = {0, 4, 0, 0, 8, 16, 32, 8, 32};
	nlab_pctx *c = k->c;
	size_t d = (size_t)data;
	if (type == 0 || type > 8)
		return len; /* DN, GN, key id and unknown types: their length */
	if (len < least[type]) {
		nlab_strbuf_printf(c->out, " len=%u [bad: < %u]", len, least[type]);
		return 0;
	}
	nlab_strbuf_printf(c->out, " len=%u ", len);
	if (type == 2 || type == 3) {
		for (uint32_t i = 0; i < len; i++)
			nlab_p_char(c, nlab_get8(k->v, d + i));
		return 0;
	}
	int v6 = type == 5 || type == 6 || type == 8;
	v6 ? nlab_p_ip6addr(c, k->v, d) : nlab_p_ip4(c, k->v, d);
	size_t w = v6 ? 16 : 4;
	if (type == 4)
		nlab_strbuf_printf(c->out, "/%u.%u.%u.%u", nlab_get8(k->v, d + 4), nlab_get8(k->v, d + 5),
				   nlab_get8(k->v, d + 6), nlab_get8(k->v, d + 7));
	if (type == 6) {
		nlab_p_puts(c, "/0x");
		for (size_t i = 0; i < 16; i++)
			nlab_strbuf_printf(c->out, "%02x", nlab_get8(k->v, d + 16 + i));
	}
	if (type == 7 || type == 8) {
		nlab_p_puts(c, "-");
		v6 ? nlab_p_ip6addr(c, k->v, d + w) : nlab_p_ip4(c, k->v, d + w);
	}
	return 0;
}

/* Identification, read by the IPsec DOI in both phases: type,
 * protocol, port, the data by its type. */
static ike_at v1_id(ike *k, uint8_t np, ike_at ext, uint32_t len, uint32_t doi, uint32_t proto,
		    int depth)
{
	(void)np, (void)doi, (void)proto, (void)depth;
	static const char *const types[] = {NULL,	   "IPv4",	 "FQDN",      "user FQDN",
					    "IPv4net",	   "IPv6",	 "IPv6net",   "IPv4range",
					    "IPv6range", "ASN1 DN", "ASN1 GN", "keyid"};
	nlab_p_puts(k->c, "id:");
	if (!nlab_ike_has(k, ext, 8)) {
		nlab_ike_trunc(k, IKE_ID);
		return IKE_NULL;
	}
	uint8_t type = nlab_get8(k->v, (size_t)ext + 4);
	nlab_p_puts(k->c, " idtype=");
	nlab_ike_name(k, types, 12, type);
	nlab_strbuf_printf(k->c->out, " protoid=%u port=%u", nlab_get8(k->v, (size_t)ext + 5),
			   nlab_get16(k->v, (size_t)ext + 6));
	uint32_t dlen = len > 8 ? len - 8 : 0;
	if (!dlen)
		return ext + len;
	if (!nlab_ike_has(k, ext + 8, dlen)) {
		nlab_ike_trunc(k, IKE_ID);
		return IKE_NULL;
	}
	dlen = id_data(k, type, ext + 8, dlen);
	if (dlen)
		nlab_strbuf_printf(k->c->out, " len=%u", dlen);
	return ext + len;
}

/* A notification type's name: by the DOI's ranges when IPSEC, else
 * the generic ones only (NOTIFY_ERROR_STR and its neighbours). */
static void n_type(ike *k, uint16_t type, int ipsec)
{
	static const char *const errors[] = {
		NULL,			   "INVALID-PAYLOAD-TYPE",	"DOI-NOT-SUPPORTED",
		"SITUATION-NOT-SUPPORTED", "INVALID-COOKIE",		"INVALID-MAJOR-VERSION",
		"INVALID-MINOR-VERSION",   "INVALID-EXCHANGE-TYPE",	"INVALID-FLAGS",
		"INVALID-MESSAGE-ID",	   "INVALID-PROTOCOL-ID",	"INVALID-SPI",
		"INVALID-TRANSFORM-ID",	   "ATTRIBUTES-NOT-SUPPORTED", "NO-PROPOSAL-CHOSEN",
		"BAD-PROPOSAL-SYNTAX",	   "PAYLOAD-MALFORMED",		"INVALID-KEY-INFORMATION",
		"INVALID-ID-INFORMATION",  "INVALID-CERT-ENCODING",	"INVALID-CERTIFICATE",
		"CERT-TYPE-UNSUPPORTED",   "INVALID-CERT-AUTHORITY",	"INVALID-HASH-INFORMATION",
		"AUTHENTICATION-FAILED",   "INVALID-SIGNATURE",		"ADDRESS-NOTIFICATION",
		"NOTIFY-SA-LIFETIME",	   "CERTIFICATE-UNAVAILABLE",	"UNSUPPORTED-EXCHANGE-TYPE",
		"UNEQUAL-PAYLOAD-LENGTHS"};
	static const char *const ipsec_errors[] = {"RESERVED"}, *const status[] = {"CONNECTED"};
	static const char *const ipsec_status[] = {"RESPONDER-LIFETIME", "REPLAY-STATUS",
						   "INITIAL-CONTACT"};
	nlab_p_puts(k->c, " type=");
	if (type < 8192)
		nlab_ike_name(k, errors, 31, type);
	else if (type < 16384 && ipsec)
		nlab_ike_name(k, ipsec_errors, 1, type - 8192u);
	else if (type >= 16384 && type < 24576)
		nlab_ike_name(k, status, 1, type - 16384u);
	else if (type >= 24576 && type < 32768 && ipsec)
		nlab_ike_name(k, ipsec_status, 3, type - 24576u);
	else
		nlab_strbuf_printf(k->c->out, "#%u", type);
}

/* What follows a notification's SPI at CP, by its TYPE (its item
 * ending at EP2): 0 when cut (after what tcpdump printed). */
static int n_data(ike *k, uint16_t type, ike_at cp, ike_at ep2)
{
	if (type == 24576) { /* RESPONDER-LIFETIME */
		nlab_p_puts(k->c, " attrs=(");
		while (cp < k->ep && cp < ep2) {
			cp = attr(k, cp, ep2, IKE_MAP_OAKLEY);
			if (k->jmp)
				return 0;
			if (cp == IKE_NULL) {
				nlab_p_puts(k->c, ")");
				return 0;
			}
		}
		nlab_p_puts(k->c, ")");
		return 1;
	}
	if (type == 24577) { /* REPLAY-STATUS */
		nlab_p_puts(k->c, " status=(");
		uint32_t on = nlab_ike_u32(k, cp);
		if (k->jmp)
			return 0;
		nlab_strbuf_printf(k->c->out, "replay detection %sabled)", on ? "en" : "dis");
		return 1;
	}
	return nlab_ike_somedata(k, cp);
}

/* A notification: DOI, protocol, type, SPI, and in the IPsec DOI what
 * follows (to the end of the capture, not of the payload). */
static ike_at v1_n(ike *k, uint8_t np, ike_at ext, uint32_t len, uint32_t doi0, uint32_t proto0,
		   int depth)
{
	(void)np, (void)doi0, (void)proto0, (void)depth;
	nlab_p_puts(k->c, "n:");
	if (!nlab_ike_has(k, ext, 12)) {
		nlab_ike_trunc(k, IKE_N);
		return IKE_NULL;
	}
	uint32_t doi = nlab_get32(k->v, (size_t)ext + 4);
	uint8_t proto = nlab_get8(k->v, (size_t)ext + 8), spi = nlab_get8(k->v, (size_t)ext + 9);
	uint16_t type = nlab_get16(k->v, (size_t)ext + 10);
	if (doi != 1) {
		nlab_strbuf_printf(k->c->out, " doi=%u proto=%u", doi, proto);
	} else {
		nlab_p_puts(k->c, " doi=ipsec proto=");
		nlab_ike_protoid(k, proto);
	}
	n_type(k, type, doi == 1);
	if (spi) {
		nlab_p_puts(k->c, " spi=");
		if (!nlab_ike_hex(k, ext + 12, spi)) {
			nlab_ike_trunc(k, IKE_N);
			return IKE_NULL;
		}
	}
	if (doi != 1)
		return ext + 12 + spi;
	if (ext + 12 + spi < k->ep && !n_data(k, type, ext + 12 + spi, ext + len)) {
		if (!k->jmp)
			nlab_ike_trunc(k, IKE_N);
		return IKE_NULL;
	}
	return ext + len;
}

/* A delete: DOI, protocol, SPI size and count, the SPIs. */
static ike_at v1_d(ike *k, uint8_t np, ike_at ext, uint32_t len, uint32_t doi0, uint32_t proto0,
		   int depth)
{
	(void)np, (void)len, (void)doi0, (void)proto0, (void)depth;
	nlab_p_puts(k->c, "d:");
	if (!nlab_ike_has(k, ext, 12)) {
		nlab_ike_trunc(k, IKE_D);
		return IKE_NULL;
	}
	uint32_t doi = nlab_get32(k->v, (size_t)ext + 4);
	uint8_t proto = nlab_get8(k->v, (size_t)ext + 8), spi = nlab_get8(k->v, (size_t)ext + 9);
	uint16_t nspi = nlab_get16(k->v, (size_t)ext + 10);
	if (doi != 1) {
		nlab_strbuf_printf(k->c->out, " doi=%u proto=%u", doi, proto);
	} else {
		nlab_p_puts(k->c, " doi=ipsec proto=");
		nlab_ike_protoid(k, proto);
	}
	nlab_strbuf_printf(k->c->out, " spilen=%u nspi=%u spi=", spi, nspi);
	ike_at q = ext + 12;
	for (uint32_t i = 0; i < nspi; i++, q += spi) {
		if (i)
			nlab_p_puts(k->c, ",");
		if (!nlab_ike_hex(k, q, spi)) {
			nlab_ike_trunc(k, IKE_D);
			return IKE_NULL;
		}
	}
	return q;
}

ike_fn *nlab_ike_v1_fn(uint8_t np)
{
	switch (np) {
	case IKE_SA: return v1_sa;
	case IKE_P: return v1_p;
	case IKE_T: return v1_t;
	case IKE_KE: case IKE_HASH: case IKE_SIG: case IKE_VID: return v1_len;
	case IKE_ID: return v1_id;
	case IKE_CERT: case IKE_CR: return v1_cert;
	case IKE_NONCE: return v1_nonce;
	case IKE_N: return v1_n;
	case IKE_D: return v1_d;
	default: return NULL;
	}
}
