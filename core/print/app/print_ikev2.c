/* print_ikev2.c - IKEv2's payloads under -v as tcpdump 4.99.3's
 * print-isakmp.c writes them: "name[C]:" (the critical bit), the
 * security association's proposals and transforms, key exchange with
 * its group, identities, authentication (-v: some of its data, -vv all
 * of it), nonce (likewise), notifications by name with their SPI and
 * the cookie's data, vendor ids as text, and the others' lengths; the
 * encrypted payload's length only (nothing is decrypted). */
#include "print_isakmp.h"

/* "name:" or "name[C]:" for a payload whose second byte is at EXT. */
static void title(ike *k, const char *name, ike_at ext)
{
	nlab_p_puts(k->c, name);
	nlab_p_puts(k->c, nlab_get8(k->v, (size_t)ext + 1) & 0x80 ? "[C]:" : ":");
}

/* The same with payload type NP's name. */
static void title_np(ike *k, uint8_t np, ike_at ext)
{
	nlab_ike_np(k, np);
	title(k, "", ext);
}

/* Certificates, requests, delete, traffic selectors, configuration and
 * EAP: their length only (ikev2_gen_print). */
static ike_at v2_gen(ike *k, uint8_t np, ike_at ext, uint32_t len, uint32_t doi, uint32_t proto,
		     int depth)
{
	(void)doi, (void)proto, (void)depth;
	title_np(k, np, ext);
	nlab_strbuf_printf(k->c->out, " len=%u", len - 4);
	return ext + len;
}

/* Transform number N of type, id and attributes, LEN bytes at EXT. */
static ike_at v2_t(ike *k, int n, ike_at ext, uint32_t len, int depth)
{
	(void)depth;
	static const char *const types[] = {NULL, "encr", "prf", "integ", "dh", "esn"};
	static const char *const encr[] = {NULL,   "1des-iv64", "1des",	   "3des", "rc5",
					   "idea", "cast",	"blowfish", "3idea", "1des-iv32",
					   "rc4",  "null",	"aes"};
	static const char *const prf[] = {NULL, "hmac-md5", "hmac-sha", "hmac-tiger", "aes128_xcbc"};
	static const char *const integ[] = {NULL, "hmac-md5", "hmac-sha", "dec-mac", "kpdk-md5", "aes-xcbc"};
	static const char *const esn[] = {"no-esn", "esn"};
	static const struct {
		const char *const *ids;
		size_t n;
	} by_type[] = {{NULL, 0}, {encr, 13}, {prf, 5}, {integ, 6}, {nlab_ike_dh, 19}, {esn, 2}};
	if (!nlab_ike_has(k, ext, 8)) {
		nlab_ike_trunc(k, IKE_T);
		return IKE_NULL;
	}
	title(k, "t", ext);
	uint8_t type = nlab_get8(k->v, (size_t)ext + 4);
	uint16_t id = nlab_get16(k->v, (size_t)ext + 6);
	nlab_strbuf_printf(k->c->out, " #%d type=", n);
	nlab_ike_name(k, types, 6, type);
	nlab_p_puts(k->c, " id=");
	if (type >= 1 && type <= 5)
		nlab_ike_name(k, by_type[type].ids, by_type[type].n, id);
	else
		nlab_p_u(k->c, id);
	nlab_p_puts(k->c, " ");
	return nlab_ike_attrs(k, ext + 8, ext + len, type == 1 ? IKE_MAP_ENCR : IKE_MAP_NONE);
}

/* How a walk over an SA's proposals or a proposal's transforms ended:
 * at the last; at one longer than what was left ("toolong": the rest
 * skipped); at one cut or too short; where the printer of one ended
 * the walk (or a read went past the capture). */
enum { SUB_DONE, SUB_LONG, SUB_TRUNC, SUB_NULL };

/* The substructures from *CP on, *REST bytes left, a line each at
 * DEPTH + 1: those of type WANT by EACH (with their count), any other
 * type named; *CP ends after the last, or after the rest (SUB_LONG). */
typedef ike_at sub_fn(ike *k, int n, ike_at ext, uint32_t len, int depth);
static int subs(ike *k, ike_at *cp, uint32_t *rest, uint8_t want, sub_fn *each, int depth)
{
	int n = 0;
	for (uint8_t np = want; np != 0;) {
		ike_at ext = *cp;
		n++;
		if (*rest < 4) {
			*cp += *rest;
			return SUB_LONG;
		}
		if (!nlab_ike_has(k, ext, 4))
			return SUB_TRUNC;
		uint32_t len = nlab_get16(k->v, (size_t)ext + 2);
		if (len <= 4)
			return SUB_TRUNC;
		if (*rest < len) {
			*cp += *rest;
			return SUB_LONG;
		}
		if (!nlab_ike_has(k, ext, len))
			return SUB_TRUNC;
		nlab_ike_open(k, depth + 1);
		if (np == want) {
			*cp = each(k, n, ext, len, depth + 1);
			if (*cp == IKE_NULL)
				return SUB_NULL;
		} else {
			nlab_ike_np(k, np);
			*cp = ext + len;
		}
		nlab_p_puts(k->c, ")");
		*rest -= len;
		np = nlab_get8(k->v, (size_t)ext);
	}
	return SUB_DONE;
}

/* What a walk's end makes of its container NP: the position after it,
 * or IKE_NULL; " [|name]" when it was long or cut. */
static ike_at sub_end(ike *k, int r, ike_at cp, uint8_t np)
{
	if (r == SUB_LONG || r == SUB_TRUNC)
		nlab_ike_trunc(k, np);
	return r == SUB_DONE || r == SUB_LONG ? cp : IKE_NULL;
}

/* A proposal of LEN bytes: number, protocol, transform count, length,
 * SPI, its transforms. */
static ike_at v2_p(ike *k, int n, ike_at ext, uint32_t len, int depth)
{
	(void)n;
	if (!nlab_ike_has(k, ext, 8)) {
		nlab_ike_trunc(k, IKE_P);
		return IKE_NULL;
	}
	title(k, "p", ext);
	uint32_t rest = len - 4; /* as tcpdump counts: 4 bytes short */
	uint8_t spi = nlab_get8(k->v, (size_t)ext + 6);
	nlab_strbuf_printf(k->c->out, " #%u protoid=", nlab_get8(k->v, (size_t)ext + 4));
	nlab_ike_protoid(k, nlab_get8(k->v, (size_t)ext + 5));
	nlab_strbuf_printf(k->c->out, " transform=%u len=%u", nlab_get8(k->v, (size_t)ext + 7), len);
	ike_at cp = ext + 8;
	if (spi) {
		if (rest < spi) {
			nlab_ike_trunc(k, IKE_P);
			return cp + rest;
		}
		nlab_p_puts(k->c, " spi=");
		if (!nlab_ike_hex(k, cp, spi)) {
			nlab_ike_trunc(k, IKE_P);
			return IKE_NULL;
		}
		cp += spi, rest -= spi;
	}
	int r = subs(k, &cp, &rest, IKE_T, v2_t, depth);
	return sub_end(k, r, cp, IKE_P);
}

/* The security association: its length, its proposals. */
static ike_at v2_sa(ike *k, uint8_t np, ike_at ext, uint32_t len, uint32_t doi, uint32_t proto,
		    int depth)
{
	(void)doi, (void)proto;
	title(k, "sa", ext);
	uint32_t rest = len - 4;
	nlab_strbuf_printf(k->c->out, " len=%u", rest);
	ike_at cp = ext + 4;
	int r = subs(k, &cp, &rest, IKE_P, v2_p, depth);
	return sub_end(k, r, cp, np);
}

/* Key exchange: the data's length and the DH group. */
static ike_at v2_ke(ike *k, uint8_t np, ike_at ext, uint32_t len, uint32_t doi, uint32_t proto,
		    int depth)
{
	(void)doi, (void)proto, (void)depth;
	if (!nlab_ike_has(k, ext, 8)) {
		nlab_ike_trunc(k, np);
		return IKE_NULL;
	}
	title_np(k, np, ext);
	if (len < 8) {
		nlab_strbuf_printf(k->c->out, " len=%u < 8", len);
		return ext + len;
	}
	nlab_strbuf_printf(k->c->out, " len=%u group=", len - 8);
	nlab_ike_name(k, nlab_ike_dh, 19, nlab_get16(k->v, (size_t)ext + 4));
	return ext + len;
}

/* The identity's bytes at AT, N of them: as text (dots for what is not
 * printable ASCII) when TEXT, else in hex; 0 when not captured. */
static int id_bytes(ike *k, ike_at at, int64_t n, int text)
{
	if (!text)
		return nlab_ike_hex(k, at, n);
	if (!nlab_ike_has(k, at, n))
		return 0;
	for (int64_t i = 0; i < n; i++) {
		uint8_t ch = nlab_get8(k->v, (size_t)(at + i));
		nlab_strbuf_add(k->c->out, ch >= 0x20 && ch < 0x7f ? (const char *)&ch : ".", 1);
	}
	return 1;
}

/* An identity (IDi, IDr): length, its type, its data as the type says. */
static ike_at v2_id(ike *k, uint8_t np, ike_at ext, uint32_t len, uint32_t doi, uint32_t proto,
		    int depth)
{
	(void)doi, (void)proto, (void)depth;
	static const char *const types[] = {NULL,     " ipv4:", " fqdn:", " rfc822:", NULL, " ipv6:",
					    NULL,     NULL,	NULL,	  " dn:",     " gn:", " keyid:"};
	if (!nlab_ike_has(k, ext, 8)) {
		nlab_ike_trunc(k, np);
		return IKE_NULL;
	}
	title_np(k, np, ext);
	nlab_strbuf_printf(k->c->out, " len=%u", len - 4);
	uint8_t type = nlab_get8(k->v, (size_t)ext + 4);
	if (type >= 12 || !types[type])
		return ext + len;
	nlab_p_puts(k->c, types[type]);
	int64_t n = (uint32_t)(len - 8); /* tcpdump's u_int: short ones wrap */
	if (!id_bytes(k, ext + 8, n, type == 2 || type == 3)) {
		nlab_ike_trunc(k, np);
		return IKE_NULL;
	}
	return ext + len;
}

/* Authentication: length, method; -v some of the data, -vv all of it. */
static ike_at v2_auth(ike *k, uint8_t np, ike_at ext, uint32_t len, uint32_t doi, uint32_t proto,
		      int depth)
{
	(void)doi, (void)proto, (void)depth;
	static const char *const methods[] = {"invalid", "rsasig", "shared-secret", "dsssig"};
	if (!nlab_ike_has(k, ext, 8)) {
		nlab_ike_trunc(k, np);
		return IKE_NULL;
	}
	title_np(k, np, ext);
	nlab_strbuf_printf(k->c->out, " len=%u method=", len - 4);
	nlab_ike_name(k, methods, 4, nlab_get8(k->v, (size_t)ext + 4));
	int ok = 1;
	if (k->c->o->v > 1) {
		nlab_p_puts(k->c, " authdata=(");
		ok = nlab_ike_hex(k, ext + 8, (uint32_t)(len - 8));
		if (ok)
			nlab_p_puts(k->c, ") ");
	} else {
		ok = nlab_ike_somedata(k, ext + 8);
	}
	if (!ok) {
		nlab_ike_trunc(k, np);
		return IKE_NULL;
	}
	return ext + len;
}

/* The nonce: length; -v some of it (to the capture's end), -vv all. */
static ike_at v2_nonce(ike *k, uint8_t np, ike_at ext, uint32_t len, uint32_t doi, uint32_t proto,
		       int depth)
{
	(void)doi, (void)proto, (void)depth;
	title(k, "nonce", ext);
	nlab_strbuf_printf(k->c->out, " len=%u", len - 4);
	int ok = 1;
	if (k->c->o->v > 1) {
		nlab_p_puts(k->c, " nonce=(");
		ok = nlab_ike_hex(k, ext + 4, len - 4);
		if (ok)
			nlab_p_puts(k->c, ") ");
	} else {
		ok = nlab_ike_somedata(k, ext + 4);
	}
	if (!ok) {
		nlab_ike_trunc(k, np);
		return IKE_NULL;
	}
	return ext + len;
}

/* A notification type's name and whether its SPI (and, for the cookie,
 * its data) is shown; the ranges' words for the others. */
static const char *n_name(uint16_t type, int *spi, int *data)
{
	static const struct {
		uint16_t type;
		uint8_t spi;
		const char *name;
	} names[] = {{1, 0, "unsupported_critical_payload"},
		     {4, 1, "invalid_ike_spi"},
		     {5, 0, "invalid_major_version"},
		     {7, 1, "invalid_syntax"},
		     {9, 1, "invalid_message_id"},
		     {11, 1, "invalid_spi"},
		     {14, 1, "no_protocol_chosen"},
		     {17, 1, "invalid_ke_payload"},
		     {24, 1, "authentication_failed"},
		     {34, 1, "single_pair_required"},
		     {35, 0, "no_additional_sas"},
		     {36, 0, "internal_address_failure"},
		     {37, 0, "failed:cp_required"},
		     {39, 0, "invalid_selectors"},
		     {16384, 0, "initial_contact"},
		     {16385, 0, "set_window_size"},
		     {16386, 0, "additional_ts_possible"},
		     {16387, 0, "ipcomp_supported"},
		     {16388, 1, "nat_detection_source_ip"},
		     {16389, 1, "nat_detection_destination_ip"},
		     {16390, 1, "cookie"},
		     {16391, 0, "use_transport_mode"},
		     {16392, 0, "http_cert_lookup_supported"},
		     {16393, 1, "rekey_sa"},
		     {16394, 0, "tfc_padding_not_supported"},
		     {16395, 0, "non_first_fragment_also"}};
	*spi = 1, *data = type == 16390;
	for (size_t i = 0; i < sizeof names / sizeof names[0]; i++)
		if (names[i].type == type) {
			*spi = names[i].spi;
			return names[i].name;
		}
	return type < 8192 ? "error" : type < 16384 ? "private-error" : type < 40960 ? "status"
										 : "private-status";
}

/* A notification: protocol, type, SPI; the cookie's data (or some of
 * it), to the end of the capture. */
static ike_at v2_n(ike *k, uint8_t np, ike_at ext, uint32_t len, uint32_t doi, uint32_t proto,
		   int depth)
{
	(void)np, (void)doi, (void)proto, (void)depth;
	if (!nlab_ike_has(k, ext, 8)) {
		nlab_ike_trunc(k, IKE_N);
		return IKE_NULL;
	}
	title(k, "n", ext);
	nlab_p_puts(k->c, " prot_id=");
	nlab_ike_protoid(k, nlab_get8(k->v, (size_t)ext + 4));
	uint16_t type = nlab_get16(k->v, (size_t)ext + 6);
	int showspi, data;
	nlab_strbuf_printf(k->c->out, " type=%u(%s)", type, n_name(type, &showspi, &data));
	uint8_t spi = nlab_get8(k->v, (size_t)ext + 5);
	int ok = 1;
	if (showspi && spi) {
		nlab_p_puts(k->c, " spi=");
		ok = nlab_ike_hex(k, ext + 8, spi);
	}
	ike_at cp = ext + 8 + spi;
	if (ok && cp < k->ep && data && k->ep - cp < 30) {
		nlab_p_puts(k->c, " data=(");
		ok = nlab_ike_hex(k, cp, k->ep - cp);
		if (ok)
			nlab_p_puts(k->c, ")");
	} else if (ok && cp < k->ep && data) {
		ok = nlab_ike_somedata(k, cp);
	}
	if (!ok) {
		nlab_ike_trunc(k, IKE_N);
		return IKE_NULL;
	}
	return ext + len;
}

/* A vendor id: its length, its bytes as text. */
static ike_at v2_vid(ike *k, uint8_t np, ike_at ext, uint32_t len, uint32_t doi, uint32_t proto,
		     int depth)
{
	(void)doi, (void)proto, (void)depth;
	title_np(k, np, ext);
	nlab_strbuf_printf(k->c->out, " len=%u vid=", len - 4);
	if (!id_bytes(k, ext + 4, len - 4, 1)) {
		nlab_ike_trunc(k, np);
		return IKE_NULL;
	}
	return ext + len;
}

ike_at nlab_ike_v2_e(ike *k, uint8_t np, ike_at ext, uint32_t len)
{
	title_np(k, np, ext);
	nlab_strbuf_printf(k->c->out, " len=%u", len - 4);
	if (!nlab_ike_has(k, ext + 4, len - 4))
		nlab_ike_trunc(k, np);
	return IKE_NULL;
}

ike_fn *nlab_ike_v2_fn(uint8_t np)
{
	switch (np) {
	case 33: return v2_sa;
	case 34: return v2_ke;
	case 35: case 36: return v2_id;
	case 39: return v2_auth;
	case 40: return v2_nonce;
	case 41: return v2_n;
	case 43: return v2_vid;
	case 37: case 38: case 42: case 44: case 45: case 47: case 48: return v2_gen;
	default: return NULL;
	}
}
