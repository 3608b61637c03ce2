/* print_esis.c - ES-IS (ISO 9542, NLPID 0x82) as tcpdump's esis_print
 * writes it: the PDU type and length, and under -v its header (the
 * checksum checked), the redirect's, ESH's or ISH's addresses and the
 * options (protocols, configuration time; others in hex). */
#include "osi_priv.h"

static const char *pdu_name(uint8_t t)
{
	return t == 6 ? "redirect" : t == 2 ? "ESH" : t == 4 ? "ISH" : NULL;
}

static const char *option_name(uint8_t o)
{
	switch (o) {
	case 129: return "Protocols supported";
	case 195: return "QoS Maintenance";
	case 197: return "Security";
	case 198: return "ES Configuration Time";
	case 205: return "Priority";
	case 225: return "Addressk Mask";
	case 226: return "SNPA Mask";
	default: return "Unknown";
	}
}

/* The bytes of V from OFF to the capture's end as "%02X" each. */
void nlab_osi_hex_upper(nlab_pctx *c, nlab_view v, size_t off)
{
	for (; off < v.len; off++)
		nlab_strbuf_printf(c->out, "%02X", nlab_get8(v, off));
}

/* A length byte at *P and the address after it (LI bytes left): 0, or
 * the complaint WHAT and 1 when LI runs out, or a truncation. */
static int counted(nlab_pctx *c, nlab_view v, size_t *p, unsigned *li, unsigned *n,
		   const char *what, int count_li)
{
	if (!nlab_view_has(v, *p, 1))
		return NLAB_P_ETRUNC;
	if (*li < 1) {
		nlab_p_puts(c, what);
		return OSI_DONE;
	}
	*n = nlab_get8(v, (*p)++);
	if (count_li)
		(*li)--;
	if (!nlab_view_has(v, *p, *n))
		return NLAB_P_ETRUNC;
	if (*li < *n) {
		nlab_p_puts(c, what);
		return OSI_DONE;
	}
	return NLAB_P_OK;
}

/* The redirect's destination, SNPA and NET. */
static int redirect(nlab_pctx *c, nlab_view v, size_t *p, unsigned *li)
{
	unsigned dl, sl, nl;
	const char *bad = ", bad redirect/li";
	int r = counted(c, v, p, li, &dl, bad, 1);
	if (r)
		return r;
	nlab_p_puts(c, "\n\t  ");
	nlab_osi_nsap(c, v, *p, dl);
	*p += dl, *li -= dl;
	if ((r = counted(c, v, p, li, &sl, bad, 1)))
		return r;
	size_t snpa = *p;
	*p += sl, *li -= sl;
	if ((r = counted(c, v, p, li, &nl, bad, 0))) /* tcpdump leaves li */
		return r;
	size_t net = *p;
	*p += nl, *li -= nl;
	nlab_strbuf_printf(c->out, "\n\t  SNPA (length: %u): ", sl);
	if (sl == 0)
		nlab_p_puts(c, "<empty>");
	else
		nlab_p_mac(c, v, snpa, sl);
	if (nl != 0) {
		nlab_strbuf_printf(c->out, "\n\t  NET (length: %u) ", nl);
		nlab_osi_nsap(c, v, net, nl);
	}
	return NLAB_P_OK;
}

/* ESH's source addresses, ISH's NET. */
static int hello(nlab_pctx *c, nlab_view v, size_t *p, unsigned *li, int esh)
{
	const char *bad = esh ? ", bad esh/li" : ", bad ish/li";
	unsigned count = 1, n;
	if (esh) {
		if (!nlab_view_has(v, *p, 1))
			return NLAB_P_ETRUNC;
		if (*li < 1) {
			nlab_p_puts(c, bad);
			return OSI_DONE;
		}
		count = nlab_get8(v, (*p)++);
		(*li)--;
		nlab_strbuf_printf(c->out, "\n\t  Number of Source Addresses: %u", count);
	}
	for (; count > 0; count--) {
		int r = counted(c, v, p, li, &n, bad, 1);
		if (r)
			return r;
		nlab_strbuf_printf(c->out, "\n\t  NET (length: %u): ", n);
		nlab_osi_nsap(c, v, *p, n);
		*p += n, *li -= n;
	}
	return NLAB_P_OK;
}

/* One option's value (LEN bytes at P); *ADV what the walk moves on by
 * (tcpdump's protocols loop uses the length up). */
static int option(nlab_pctx *c, nlab_view v, uint8_t op, size_t p, unsigned len, unsigned *adv)
{
	*adv = len;
	if (op == 198) {
		if (len != 2) {
			nlab_p_puts(c, "(bad length)");
			return NLAB_P_OK;
		}
		if (!nlab_view_has(v, p, 2))
			return NLAB_P_ETRUNC;
		nlab_strbuf_printf(c->out, "%us", nlab_get16(v, p));
		return NLAB_P_OK;
	}
	if (op == 129) {
		for (; len > 0; len--, p++) {
			OSI_NEED(v, p, 1);
			uint8_t n = nlab_get8(v, p);
			nlab_strbuf_printf(c->out, "%s (0x%02x)", nlab_osi_nlpid_name(n, "unknown"), n);
			if (len > 1)
				nlab_p_puts(c, ", ");
		}
		*adv = 0;
		return NLAB_P_OK;
	}
	nlab_p_unknown_data(c, v, p, len, "\n\t  ");
	return NLAB_P_OK;
}

static int options(nlab_pctx *c, nlab_view v, size_t p, unsigned li)
{
	while (li != 0) {
		if (li < 2) {
			nlab_p_puts(c, ", bad opts/li");
			return NLAB_P_OK;
		}
		OSI_NEED(v, p, 2);
		uint8_t op = nlab_get8(v, p);
		unsigned len = nlab_get8(v, p + 1), adv;
		p += 2, li -= 2;
		if (len > li) {
			nlab_strbuf_printf(c->out, ", opt (%u) too long", op);
			return NLAB_P_OK;
		}
		li -= len;
		nlab_strbuf_printf(c->out, "\n\t  %s Option #%u, length %u, value: ", option_name(op), op,
				   len);
		int r = option(c, v, op, p, len, &adv);
		if (r)
			return r;
		if (c->o->v > 1)
			nlab_p_unknown_data(c, v, p, adv, "\n\t  ");
		p += adv;
	}
	return NLAB_P_OK;
}

/* Under -v: the header's fields after "length N". */
static void header(nlab_pctx *c, nlab_view v, uint8_t t, unsigned li)
{
	const char *n = pdu_name(t);
	if (n)
		nlab_strbuf_printf(c->out, "\n\t%s (%u)", n, t);
	else
		nlab_strbuf_printf(c->out, "\n\tunknown type: %u (%u)", t, t);
	nlab_strbuf_printf(c->out, ", v: 1, checksum: 0x%04x", nlab_get16(v, 7));
	nlab_osi_cksum(c, v, 0, nlab_get16(v, 7), 7, li);
	nlab_strbuf_printf(c->out, ", holding time: %us, length indicator: %u", nlab_get16(v, 5), li);
	if (c->o->v > 1)
		nlab_p_unknown_data(c, v, 0, 9, "\n\t");
}

/* The checks before the PDU's type: NLAB_P_OK when they pass. */
static int checks(nlab_pctx *c, nlab_view v, uint32_t len)
{
	if (len <= 2) {
		nlab_p_puts(c, c->o->q ? "bad pkt!" : "no header at all!");
		return OSI_DONE;
	}
	if (!nlab_view_has(v, 0, 9))
		return NLAB_P_ETRUNC;
	unsigned li = nlab_get8(v, 1), version = nlab_get8(v, 2);
	if (version != 1)
		nlab_strbuf_printf(c->out, " version %u packet not supported", version);
	else if (li > len)
		nlab_strbuf_printf(c->out, " length indicator(%u) > PDU size (%u)!", li, len);
	else if (li < 11) {
		nlab_strbuf_printf(c->out, " length indicator %u < min PDU size:", li);
		nlab_osi_hex_upper(c, v, 0);
	} else
		return NLAB_P_OK;
	return OSI_DONE;
}

int nlab_osi_esis(nlab_pctx *c, nlab_view v, uint32_t len)
{
	c->proto = "esis";
	if (!c->o->e)
		nlab_p_puts(c, "ES-IS");
	int r = checks(c, v, len);
	if (r)
		return r;
	unsigned li = nlab_get8(v, 1);
	uint8_t t = nlab_get8(v, 4) & 0x1f;
	const char *n = pdu_name(t);
	if (!c->o->v) {
		nlab_p_puts(c, c->o->e ? "" : ", ");
		if (n)
			nlab_p_puts(c, n);
		else
			nlab_strbuf_printf(c->out, "unknown type (%u)", t);
		nlab_strbuf_printf(c->out, ", length %u", len);
		return OSI_DONE;
	}
	nlab_strbuf_printf(c->out, "%slength %u", c->o->e ? "" : ", ", len);
	header(c, v, t, li);
	size_t p = 9;
	li -= 9;
	if (t == 6)
		r = redirect(c, v, &p, &li);
	else if (t == 2 || t == 4)
		r = hello(c, v, &p, &li, t == 2);
	else {
		if (c->o->v <= 1 && p < v.len)
			nlab_p_unknown_data(c, v, p, v.len - p, "\n\t  ");
		return OSI_DONE;
	}
	if (r)
		return r == OSI_DONE ? OSI_DONE : r;
	r = options(c, v, p, li);
	return r ? r : OSI_DONE;
}
