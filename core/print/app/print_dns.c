/* print_dns.c - DNS messages on port 53, as tcpdump's print-domain.c
 * writes them: "1234+ A? example.com. (29)" for a query, "1234 1/0/0 A
 * 10.0.0.1 (45)" for a response; -v names each answer's owner and shows
 * SOA and TSIG data, -vv the questions of a response and every section. */
#include "print_priv.h"

#include <arpa/inet.h>

/* A DNS message: its bytes (M) and where names may point back to. */
typedef struct dns {
	nlab_pctx *c;
	nlab_view m;
	int mdns; /* multicast DNS: the class's top bit is QU / cache flush */
} dns;

enum { NAME_ERR = -1 };

/* The length of a bit-string label whose bit count is at OFF (its
 * count byte included), as tcpdump's labellen works it out. */
static size_t bitlabel_len(dns *d, size_t off)
{
	size_t bits = nlab_get8(d->m, off);
	return ((bits ? bits : 256) + 7) / 8 + 1;
}

/* The offset after the name at OFF (tcpdump's ns_nskip), or -1: as many
 * labels as the capture holds (each moves OFF on, so the walk ends). */
static long name_skip(dns *d, size_t off)
{
	for (;;) {
		if (!nlab_view_has(d->m, off, 1))
			return NAME_ERR;
		uint8_t i = nlab_get8(d->m, off++);
		if (i == 0)
			return (long)off;
		switch (i & 0xc0) {
		case 0xc0:
			return (long)off + 1;
		case 0x40: /* EDNS0 extended label: only bit strings are known */
			if ((i & 0x3f) != 1 || !nlab_view_has(d->m, off, 1))
				return NAME_ERR;
			off += bitlabel_len(d, off);
			break;
		case 0x80:
			return NAME_ERR;
		default:
			off += i;
		}
	}
}

/* Prints one label character as tcpdump's fn_print_char does. */
static void name_char(dns *d, uint8_t ch)
{
	nlab_p_char(d->c, ch);
}

/* tcpdump's labellen: the length of the label at OFF (a pointer's first
 * byte as is), or -1 after saying what is wrong with it. */
static long label_len(dns *d, size_t off)
{
	if (!nlab_view_has(d->m, off, 1))
		return NAME_ERR;
	uint8_t i = nlab_get8(d->m, off);
	if ((i & 0xc0) == 0x40) {
		if ((i & 0x3f) != 1) {
			nlab_strbuf_printf(d->c->out, "<ELT %d>", i & 0x3f);
			return NAME_ERR;
		}
		if (!nlab_view_has(d->m, off + 1, 1))
			return NAME_ERR;
		return (long)bitlabel_len(d, off + 1);
	}
	if ((i & 0xc0) == 0x80) {
		nlab_p_puts(d->c, "<BAD LABEL TYPE>");
		return NAME_ERR;
	}
	return i;
}

/* A bit-string label whose count is at OFF: "\[xHEX/BITS]". */
static void bitlabel_print(dns *d, size_t off)
{
	unsigned bits = nlab_get8(d->m, off) ? nlab_get8(d->m, off) : 256, b = bits;
	size_t at = off + 1, lim = off + 1 + (bits + 3) / 4;
	nlab_p_puts(d->c, "\\[x");
	for (; at < lim && b > 7; b -= 8, at++)
		nlab_strbuf_printf(d->c->out, "%02x", nlab_get8(d->m, at));
	if (b > 4)
		nlab_strbuf_printf(d->c->out, "%02x", nlab_get8(d->m, at) & (0xff << (8 - b)) & 0xff);
	else if (b > 0)
		nlab_strbuf_printf(d->c->out, "%1x",
				   ((nlab_get8(d->m, at) >> 4) & 0x0f) & (0x0f << (4 - b)) & 0x0f);
	nlab_strbuf_printf(d->c->out, "/%u]", bits);
}

/* Prints the L bytes of a label at OFF; -1 if the capture ends first. */
static int label_print(dns *d, size_t off, size_t l)
{
	for (size_t k = 0; k < l; k++) {
		if (!nlab_view_has(d->m, off + k, 1))
			return NAME_ERR;
		name_char(d, nlab_get8(d->m, off + k));
	}
	return 0;
}

enum { MAXCDNAME = 255 }; /* the longest name fqdn_print prints */

/* Prints the name at OFF as tcpdump's fqdn_print (pointers followed
 * backwards only, at most MAXCDNAME characters); the offset after the
 * name where it is written (a pointer's 2 bytes, not what it points
 * to), or -1 when it gives up. */
static long name_print(dns *d, size_t off)
{
	long l = label_len(d, off);
	long rp = NAME_ERR; /* a pointer first that is never followed: none */
	size_t max = off, chars = 0;
	int compress = 0;
	if (l < 0)
		return NAME_ERR;
	uint8_t i = nlab_get8(d->m, off++);
	if ((i & 0xc0) != 0xc0)
		rp = (long)(off + (size_t)l);
	if (i == 0) {
		nlab_p_puts(d->c, ".");
		return rp;
	}
	while (i && off < d->m.len) { /* labels move on, pointers back: it ends */
		if ((i & 0xc0) == 0xc0) {
			if (!compress)
				rp = (long)off + 1, compress = 1;
			if (!nlab_view_has(d->m, off, 1))
				return NAME_ERR;
			size_t to = ((size_t)(i & 0x3f) << 8) | nlab_get8(d->m, off);
			if (to >= max) {
				nlab_p_puts(d->c, "<BAD PTR>");
				return NAME_ERR;
			}
			max = off = to;
			if ((l = label_len(d, off)) < 0)
				return NAME_ERR;
			i = nlab_get8(d->m, off++);
			continue;
		}
		if ((i & 0xc0) == 0x40) {
			bitlabel_print(d, off);
		} else {
			size_t take = chars + (size_t)l <= MAXCDNAME ? (size_t)l
				      : chars < MAXCDNAME ? MAXCDNAME - chars : 0;
			if (take && label_print(d, off, take) < 0)
				return NAME_ERR;
			chars += (size_t)l;
		}
		off += (size_t)l;
		if (chars <= MAXCDNAME)
			nlab_p_puts(d->c, ".");
		chars++;
		if ((l = label_len(d, off)) < 0)
			return NAME_ERR;
		i = nlab_get8(d->m, off++);
		if (!compress)
			rp += l + 1;
	}
	if (chars > MAXCDNAME)
		nlab_p_puts(d->c, "<DOMAIN NAME TOO LONG>");
	return rp;
}

long nlab_p_dns_name(nlab_pctx *c, nlab_view m, size_t off)
{
	dns d = {c, m, 0};
	return name_print(&d, off);
}

/* tcpdump 4.99.3's ns_type2str; NULL for the types it has no name for. */
const char *nlab_p_dns_type_name(uint16_t t)
{
	static const char *const low[] = {
		NULL, "A", "NS", "MD", "MF", "CNAME", "SOA", "MB", "MG", "MR", "NULL",
		"WKS", "PTR", "HINFO", "MINFO", "MX", "TXT", "RP", "AFSDB", "X25",
		"ISDN", "RT", "NSAP", "NSAP_PTR", "SIG", "KEY", "PX", "GPOS", "AAAA",
		"LOC", "NXT", "EID", "NIMLOC", "SRV", "ATMA", "NAPTR", "KX", "CERT",
		"A6", "DNAME", "SINK", "OPT", "APL", "DS", "SSHFP", "IPSECKEY",
		"RRSIG", "NSEC", "DNSKEY"};
	static const struct { uint16_t t; const char *n; } high[] = {
		{99, "SPF"}, {100, "UINFO"}, {101, "UID"}, {102, "GID"},
		{103, "UNSPEC"}, {104, "UNSPECA"}, {249, "TKEY"}, {250, "TSIG"},
		{251, "IXFR"}, {252, "AXFR"}, {253, "MAILB"}, {254, "MAILA"},
		{255, "ANY"}, {256, "URI"}};
	if (t < sizeof low / sizeof low[0])
		return low[t];
	for (size_t i = 0; i < sizeof high / sizeof high[0]; i++)
		if (high[i].t == t)
			return high[i].n;
	return NULL;
}

/* " A", or " Type99". */
static void put_type(dns *d, uint16_t t)
{
	const char *n = nlab_p_dns_type_name(t);
	if (n)
		nlab_strbuf_printf(d->c->out, " %s", n);
	else
		nlab_strbuf_printf(d->c->out, " Type%u", t);
}

/* " CHAOS" for a class other than IN. */
static void put_class(dns *d, uint16_t cl)
{
	static const char *const names[] = {NULL, NULL, NULL, "CHAOS", "HS"};
	if (cl == 1)
		return;
	if (cl < 5 && names[cl])
		nlab_strbuf_printf(d->c->out, " %s", names[cl]);
	else if (cl == 255)
		nlab_p_puts(d->c, " ANY");
	else
		nlab_strbuf_printf(d->c->out, " (Class %u)", cl);
}

/* One question: " A? name."; the offset after it, or -1. */
static long question(dns *d, size_t off)
{
	long q = name_skip(d, off);
	if (q < 0 || !nlab_view_has(d->m, (size_t)q, 4))
		return NAME_ERR;
	put_type(d, nlab_get16(d->m, (size_t)q));
	uint16_t cl = nlab_get16(d->m, (size_t)q + 2);
	put_class(d, d->mdns ? cl & 0x7fff : cl);
	if (d->mdns)
		nlab_p_puts(d->c, cl & 0x8000 ? " (QU)" : " (QM)");
	nlab_p_puts(d->c, "? ");
	return name_print(d, off) < 0 ? NAME_ERR : q + 4;
}

/* An SOA record's data (-v): " mname rname serial refresh retry
 * expire minimum"; 0 or -1. */
static int soa(dns *d, size_t off)
{
	nlab_p_puts(d->c, " ");
	long at = name_print(d, off);
	if (at < 0)
		return NAME_ERR;
	nlab_p_puts(d->c, " ");
	if ((at = name_print(d, (size_t)at)) < 0 || !nlab_view_has(d->m, (size_t)at, 20))
		return NAME_ERR;
	for (int i = 0; i < 5; i++)
		nlab_strbuf_printf(d->c->out, " %u", nlab_get32(d->m, (size_t)at + 4 * (size_t)i));
	return 0;
}

/* A TSIG record's data (-v): " name fudge=N maclen=N origid=N error=N
 * otherlen=N"; 0 or -1. */
static int tsig(dns *d, size_t off)
{
	static const char *const field[] = {" fudge=%u", " maclen=%u", " origid=%u", " error=%u",
		" otherlen=%u"};
	nlab_p_puts(d->c, " ");
	long at = name_print(d, off);
	if (at < 0)
		return NAME_ERR;
	size_t p = (size_t)at + 6;
	for (int i = 0; i < 5; i++) {
		if (!nlab_view_has(d->m, p, 2))
			return NAME_ERR;
		uint16_t x = nlab_get16(d->m, p);
		nlab_strbuf_printf(d->c->out, field[i], x);
		p += 2 + (i == 1 ? x : 0); /* the MAC itself after its length */
	}
	return 0;
}

/* An A6 record's data: prefix length, address suffix, prefix name. */
static int a6(dns *d, size_t off)
{
	if (!nlab_view_has(d->m, off, 1))
		return NAME_ERR;
	unsigned pbit = nlab_get8(d->m, off), pbyte = (pbit & ~7u) / 8;
	if (pbit > 128) {
		nlab_strbuf_printf(d->c->out, " %u(bad plen)", pbit);
		return 0;
	}
	if (pbit < 128) {
		uint8_t a[16] = {0};
		char text[INET6_ADDRSTRLEN];
		if (!nlab_getbytes(d->m, off + 1, a + pbyte, 16 - pbyte))
			return NAME_ERR;
		inet_ntop(AF_INET6, a, text, sizeof text);
		nlab_strbuf_printf(d->c->out, " %u %s", pbit, text);
	}
	if (pbit > 0) {
		nlab_p_puts(d->c, " ");
		return name_print(d, off + 1 + 16 - pbyte) < 0 ? NAME_ERR : 0;
	}
	return 0;
}

/* An OPT record's data: " UDPsize=N DO [option,...]"; 0 or -1. */
static int opt(dns *d, uint16_t cl, uint16_t oflags, size_t off, size_t rdlen)
{
	nlab_strbuf_printf(d->c->out, " UDPsize=%u", cl);
	if (oflags & 0x8000)
		nlab_p_puts(d->c, " DO");
	if (!rdlen)
		return 0;
	nlab_p_puts(d->c, " [");
	for (size_t at = off; at < off + rdlen;) {
		long next = nlab_p_edns_opt(d->c, d->m, at);
		if (next < 0)
			return NAME_ERR;
		at = (size_t)next;
		if (at < off + rdlen)
			nlab_p_puts(d->c, ",");
	}
	nlab_p_puts(d->c, "]");
	return 0;
}

/* The character strings of a TXT record (RDLEN bytes at OFF). */
static int txt(dns *d, size_t off, size_t rdlen)
{
	for (size_t at = off; at < off + rdlen;) {
		nlab_p_puts(d->c, " \"");
		if (!nlab_view_has(d->m, at, 1))
			return NAME_ERR;
		size_t n = nlab_get8(d->m, at++);
		if (nlab_p_printn(d->c, d->m, at, n))
			return NAME_ERR;
		at += n;
		nlab_p_puts(d->c, "\"");
	}
	return 0;
}

/* The data of an answer of type T (RDLEN bytes at OFF); 0 or -1. */
static int rdata(dns *d, uint16_t t, uint16_t cl, uint16_t oflags, size_t off,
		 size_t rdlen)
{
	char a[INET6_ADDRSTRLEN];
	uint8_t b[16];
	switch (t) {
	case 1:
	case 28:
		if (!nlab_getbytes(d->m, off, b, t == 1 ? 4 : 16))
			return NAME_ERR;
		inet_ntop(t == 1 ? AF_INET : AF_INET6, b, a, sizeof a);
		nlab_strbuf_printf(d->c->out, " %s", a);
		return 0;
	case 2: case 5: case 12: case 39:
		nlab_p_puts(d->c, " ");
		return name_print(d, off) < 0 ? NAME_ERR : 0;
	case 6:
		return d->c->o->v ? soa(d, off) : 0;
	case 15:
		nlab_p_puts(d->c, " ");
		if (!nlab_view_has(d->m, off, 2) || name_print(d, off + 2) < 0)
			return NAME_ERR;
		nlab_strbuf_printf(d->c->out, " %u", nlab_get16(d->m, off));
		return 0;
	case 16:
		return txt(d, off, rdlen);
	case 33:
		nlab_p_puts(d->c, " ");
		if (!nlab_view_has(d->m, off, 6) || name_print(d, off + 6) < 0)
			return NAME_ERR;
		nlab_strbuf_printf(d->c->out, ":%u %u %u", nlab_get16(d->m, off + 4),
				   nlab_get16(d->m, off), nlab_get16(d->m, off + 2));
		return 0;
	case 38:
		return a6(d, off);
	case 41:
		return opt(d, cl, oflags, off, rdlen);
	case 104:
		if (!nlab_view_has(d->m, off, rdlen))
			return NAME_ERR;
		return nlab_p_printn(d->c, d->m, off, rdlen) ? NAME_ERR : 0;
	case 250:
		return d->c->o->v ? tsig(d, off) : 0;
	case 256:
		if (!nlab_view_has(d->m, off, rdlen))
			return NAME_ERR;
		nlab_strbuf_printf(d->c->out, " %u %u ", nlab_get16(d->m, off), nlab_get16(d->m, off + 2));
		return nlab_p_printn(d->c, d->m, off + 4, rdlen < 4 ? SIZE_MAX / 2 : rdlen - 4) ? NAME_ERR : 0;
	default:
		return 0;
	}
}

/* One answer: " A 10.0.0.1" (-v: " name. A 10.0.0.1"); the offset after
 * it, or -1 (truncated). An answer whose fixed part is not captured
 * prints nothing more and ends the section (tcpdump's ns_rprint
 * returning snapend). */
static long answer(dns *d, size_t off)
{
	long p;
	if (d->c->o->v) {
		nlab_p_puts(d->c, " ");
		if ((p = name_print(d, off)) < 0)
			return NAME_ERR;
	} else {
		p = name_skip(d, off);
	}
	if (p < 0 || !nlab_view_has(d->m, (size_t)p, 10))
		return (long)d->m.len;
	size_t at = (size_t)p;
	uint16_t t = nlab_get16(d->m, at), cl = nlab_get16(d->m, at + 2);
	uint16_t oflags = nlab_get16(d->m, at + 6), rdlen = nlab_get16(d->m, at + 8);
	int flush = d->mdns && (cl & 0x8000);
	if (d->mdns)
		cl &= 0x7fff;
	if (t != 41)
		put_class(d, cl);
	if (flush)
		nlab_p_puts(d->c, " (Cache flush)");
	put_type(d, t);
	at += 10;
	if (!nlab_view_has(d->m, at, rdlen))
		return NAME_ERR;
	if (rdata(d, t, cl, oflags, at, rdlen) < 0)
		return NAME_ERR;
	return (long)(at + rdlen);
}

/* N records from *OFF, the first after FIRST, the others after ",";
 * a section -vv shows (LABELLED: " ns:", " ar:") is skipped when the
 * capture ended before it. 0 or -1 (truncated). */
static int records(dns *d, long *off, uint16_t n, const char *first, int labelled)
{
	for (uint16_t i = 0; i < n; i++) {
		if ((i || labelled) && (size_t)*off >= d->m.len)
			return NAME_ERR; /* records left, capture ended */
		nlab_p_puts(d->c, i ? "," : first);
		*off = answer(d, (size_t)*off);
		if (*off < 0)
			return NAME_ERR;
	}
	return 0;
}

/* -vv: the authority and additional sections from OFF. */
static int more_sections(dns *d, long off, uint16_t ns, uint16_t ar)
{
	if (d->c->o->v < 2)
		return 0;
	if (records(d, &off, ns, " ns:", 1) < 0)
		return NAME_ERR;
	return records(d, &off, ar, " ar:", 1);
}

/* A response's " 1/0/0 A 10.0.0.1,..." (-vv: " q: A? name." first and
 * the other sections after); 0 or -1 (truncated). */
static int response(dns *d, uint16_t qd, uint16_t an, uint16_t ns, uint16_t ar)
{
	long off = 12;
	if (qd != 1)
		nlab_strbuf_printf(d->c->out, " [%uq]", qd);
	for (uint16_t i = 0; i < qd; i++) {
		if (i)
			nlab_p_puts(d->c, ","); /* tcpdump 4.99.3 says it even without -vv */
		if (d->c->o->v > 1) {
			nlab_p_puts(d->c, " q:");
			off = question(d, (size_t)off);
		} else if ((off = name_skip(d, (size_t)off)) >= 0) {
			off += 4;
		}
		if (off < 0)
			return NAME_ERR;
	}
	nlab_strbuf_printf(d->c->out, " %u/%u/%u", an, ns, ar);
	if (records(d, &off, an, "", 0) < 0)
		return NAME_ERR;
	return more_sections(d, off, ns, ar);
}

/* A query's " [1a]"... and questions (-vv: its other sections too); 0
 * or -1 (truncated). */
static int query(dns *d, uint16_t flags, uint16_t qd, uint16_t an, uint16_t ns,
		 uint16_t ar)
{
	if (flags & 0x06cf)
		nlab_strbuf_printf(d->c->out, " [b2&3=0x%x]", flags);
	if (((flags >> 11) & 15) == 1) {
		if (qd)
			nlab_strbuf_printf(d->c->out, " [%uq]", qd);
		if (an != 1)
			nlab_strbuf_printf(d->c->out, " [%ua]", an);
	} else {
		if (an)
			nlab_strbuf_printf(d->c->out, " [%ua]", an);
		if (qd != 1)
			nlab_strbuf_printf(d->c->out, " [%uq]", qd);
	}
	if (ns)
		nlab_strbuf_printf(d->c->out, " [%un]", ns);
	if (ar)
		nlab_strbuf_printf(d->c->out, " [%uau]", ar);
	long off = 12;
	for (uint16_t i = 0; i < qd; i++) {
		if (i && (size_t)off >= d->m.len)
			return NAME_ERR;
		off = question(d, (size_t)off);
		if (off < 0)
			return NAME_ERR;
	}
	if (d->c->o->v < 2)
		return 0;
	if (records(d, &off, an, "", 0) < 0)
		return NAME_ERR;
	return more_sections(d, off, ns, ar);
}

/* The response code, extended by an OPT record's high bits (tcpdump
 * looks for it first, going over the sections). */
static unsigned rcode(dns *d, uint16_t flags, uint16_t qd, uint16_t anns, uint16_t ar)
{
	unsigned rc = flags & 15;
	long off = 12;
	for (uint32_t i = 0; i < qd; i++) {
		if ((off = name_skip(d, (size_t)off)) < 0 || (size_t)(off += 4) >= d->m.len)
			return rc;
	}
	for (uint32_t i = 0; i < anns; i++) {
		if ((off = name_skip(d, (size_t)off)) < 0 || !nlab_view_has(d->m, (size_t)off + 8, 2))
			return rc;
		off += 10 + nlab_get16(d->m, (size_t)off + 8);
		if ((size_t)off >= d->m.len)
			return rc;
	}
	for (uint32_t i = 0; i < ar; i++) {
		if ((off = name_skip(d, (size_t)off)) < 0 || !nlab_view_has(d->m, (size_t)off, 5))
			return rc;
		if (nlab_get16(d->m, (size_t)off) == 41)
			return rc | (unsigned)nlab_get8(d->m, (size_t)off + 4) << 4;
		if (!nlab_view_has(d->m, (size_t)off + 8, 2))
			return rc;
		off += 10 + nlab_get16(d->m, (size_t)off + 8);
		if ((size_t)off >= d->m.len)
			return rc;
	}
	return rc;
}

/* tcpdump's ns_ops and ns_resp tables. */
static const char *const dns_ops[] = {
	"", " inv_q", " stat", " op3", " notify", " update", " op6", " op7", " op8",
	" updateA", " updateD", " updateDA", " updateM", " updateMA", " zoneInit",
	" zoneRef"};
static const char *const dns_resp[] = {
	"", " FormErr", " ServFail", " NXDomain", " NotImp", " Refused", " YXDomain",
	" YXRRSet", " NXRRSet", " NotAuth", " NotZone", " Resp11", " Resp12",
	" Resp13", " Resp14", " NoChange", " BadVers", "Resp17", " Resp18", " Resp19",
	" Resp20", "Resp21", " Resp22", " BadCookie"};

/* A DNS message of LEN bytes, multicast DNS's when MDNS. */
static int dns_print(nlab_pctx *c, nlab_view v, uint32_t len, int mdns)
{
	c->proto = "domain";
	if (len < 12) {
		nlab_strbuf_printf(c->out, "domain [length %u < 12] (invalid)", len);
		return NLAB_P_OK;
	}
	if (!nlab_view_has(v, 0, 12))
		return NLAB_P_ETRUNC;
	dns d = {c, nlab_view_sub(v, 0, len), mdns};
	uint16_t id = nlab_get16(v, 0), flags = nlab_get16(v, 2);
	uint16_t qd = nlab_get16(v, 4), an = nlab_get16(v, 6);
	uint16_t ns = nlab_get16(v, 8), ar = nlab_get16(v, 10);
	int r;
	if (flags & 0x8000) {
		unsigned rc = rcode(&d, flags, qd, (uint16_t)(an + ns), ar);
		nlab_strbuf_printf(c->out, "%u%s", id, dns_ops[(flags >> 11) & 15]);
		if (rc < sizeof dns_resp / sizeof dns_resp[0])
			nlab_p_puts(c, dns_resp[rc]);
		else
			nlab_strbuf_printf(c->out, " Resp%u", rc & 0xfff);
		nlab_strbuf_printf(c->out, "%s%s%s%s", flags & 0x0400 ? "*" : "",
				   flags & 0x0080 ? "" : "-", flags & 0x0200 ? "|" : "",
				   flags & 0x0020 ? "$" : "");
		r = response(&d, qd, an, ns, ar);
	} else {
		nlab_strbuf_printf(c->out, "%u%s%s%s", id, dns_ops[(flags >> 11) & 15],
				   flags & 0x0100 ? "+" : "", flags & 0x0010 ? "%" : "");
		r = query(&d, flags, qd, an, ns, ar);
	}
	if (r < 0)
		return NLAB_P_ETRUNC;
	nlab_strbuf_printf(c->out, " (%u)", len);
	return NLAB_P_OK;
}

int nlab_p_dns(nlab_pctx *c, nlab_view v, uint32_t len)
{
	return dns_print(c, v, len, 0);
}

int nlab_p_mdns(nlab_pctx *c, nlab_view v, uint32_t len)
{
	return dns_print(c, v, len, 1);
}
