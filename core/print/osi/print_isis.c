/* print_isis.c - IS-IS (ISO 10589, NLPID 0x83) as tcpdump's isis_print
 * writes it: the common header, the hello (LAN and point-to-point),
 * LSP, CSNP and PSNP headers, then the walk over the TLVs
 * (print_isis_tlv.c prints each). Without -v one line per PDU. */
#include "osi_priv.h"

/* The PDU type's name (isis_pdu_values), or NULL. */
static const char *pdu_name(uint8_t t)
{
	switch (t) {
	case 15: return "L1 Lan IIH";
	case 16: return "L2 Lan IIH";
	case 17: return "p2p IIH";
	case 18: return "L1 LSP";
	case 20: return "L2 LSP";
	case 24: return "L1 CSNP";
	case 25: return "L2 CSNP";
	case 26: return "L1 PSNP";
	case 27: return "L2 PSNP";
	default: return NULL;
	}
}

/* The fixed header's length each PDU type has (the common 8 bytes and
 * its own), or 0 for a type tcpdump does not know. */
static unsigned fixed_size(uint8_t t)
{
	switch (t) {
	case 15:
	case 16: return 8 + 19;
	case 17: return 8 + 12;
	case 18:
	case 20: return 8 + 19;
	case 24:
	case 25: return 8 + 25;
	case 26:
	case 27: return 8 + 9;
	default: return 0;
	}
}

/* "Level 1 only" ... of a hello's circuit type. */
static void circuit_type(nlab_pctx *c, uint8_t t)
{
	static const char *const n[] = {NULL, "Level 1 only", "Level 2 only",
					"Level 1, Level 2"};
	if (t >= 1 && t <= 3)
		nlab_p_puts(c, n[t]);
	else
		nlab_strbuf_printf(c->out, "unknown circuit type 0x%02x", t);
}

/* The one line without -v after the PDU type's name. */
static int brief(isis_pdu *d, uint8_t t)
{
	nlab_pctx *c = d->c;
	nlab_view p = d->p;
	int r = NLAB_P_OK;
	switch (t) {
	case 15:
	case 16:
		nlab_p_puts(c, ", src-id ");
		if ((r = nlab_osi_id(c, p, 9, 6)))
			return r;
		nlab_p_puts(c, ", lan-id ");
		if ((r = nlab_osi_id(c, p, 20, 7)))
			return r;
		nlab_strbuf_printf(c->out, ", prio %u", nlab_get8(p, 19));
		break;
	case 17:
		nlab_p_puts(c, ", src-id ");
		r = nlab_osi_id(c, p, 9, 6);
		break;
	case 18:
	case 20:
		OSI_NEED(p, 12, 12);
		nlab_p_puts(c, ", lsp-id ");
		nlab_osi_id(c, p, 12, 8);
		nlab_strbuf_printf(c->out, ", seq 0x%08x, lifetime %5us", nlab_get32(p, 20),
				   nlab_get16(p, 10));
		break;
	default:
		nlab_p_puts(c, ", src-id ");
		r = nlab_osi_id(c, p, 10, 7);
		break;
	}
	if (!r)
		nlab_strbuf_printf(c->out, ", length %u", d->length);
	return r;
}

/* The LSP header's flags: "[ Overload bit set, ATT bit set, L2 IS ]". */
static void lsp_flags(nlab_pctx *c, uint8_t b)
{
	nlab_p_puts(c, b & 0x4 ? "Overload bit set, " : "");
	if (b & 0x78) {
		nlab_p_puts(c, b & 0x8 ? "default " : "");
		nlab_p_puts(c, b & 0x10 ? "delay " : "");
		nlab_p_puts(c, b & 0x20 ? "expense " : "");
		nlab_p_puts(c, b & 0x40 ? "error " : "");
		nlab_p_puts(c, "ATT bit set, ");
	}
	nlab_p_puts(c, b & 0x80 ? "P bit set, " : "");
	static const char *const is[] = {"Unused 0x0 (invalid)", "L1 IS", "Unused 0x2 (invalid)",
					 "L2 IS"};
	nlab_strbuf_printf(c->out, "%s ]", is[b & 3]);
}

/* -v: the PDU type's own header, lines after the common one. */
static int verbose_header(isis_pdu *d, uint8_t t)
{
	nlab_pctx *c = d->c;
	nlab_view p = d->p;
	switch (t) {
	case 15:
	case 16:
		nlab_p_puts(c, "\n\t  source-id: ");
		nlab_osi_id(c, p, 9, 6);
		nlab_strbuf_printf(c->out, ",  holding time: %us, Flags: [", nlab_get16(p, 15));
		circuit_type(c, nlab_get8(p, 8));
		nlab_p_puts(c, "]\n\t  lan-id:    ");
		nlab_osi_id(c, p, 20, 7);
		nlab_strbuf_printf(c->out, ", Priority: %u, PDU length: %u",
				   nlab_get8(p, 19) & 0x7f, nlab_get16(p, 17));
		break;
	case 17:
		nlab_p_puts(c, "\n\t  source-id: ");
		nlab_osi_id(c, p, 9, 6);
		nlab_strbuf_printf(c->out, ", holding time: %us, Flags: [", nlab_get16(p, 15));
		circuit_type(c, nlab_get8(p, 8));
		nlab_strbuf_printf(c->out, "]\n\t  circuit-id: 0x%02x, PDU length: %u",
				   nlab_get8(p, 19), nlab_get16(p, 17));
		break;
	case 18:
	case 20:
		nlab_p_puts(c, "\n\t  lsp-id: ");
		nlab_osi_id(c, p, 12, 8);
		nlab_strbuf_printf(c->out, ", seq: 0x%08x, lifetime: %5us\n\t  chksum: 0x%04x",
				   nlab_get32(p, 20), nlab_get16(p, 10), nlab_get16(p, 24));
		nlab_osi_cksum(c, p, 12, nlab_get16(p, 24), 12, d->length - 12);
		nlab_strbuf_printf(c->out, ", PDU length: %u, Flags: [ ", nlab_get16(p, 8));
		lsp_flags(c, nlab_get8(p, 26));
		break;
	case 24:
	case 25:
		nlab_p_puts(c, "\n\t  source-id:    ");
		nlab_osi_id(c, p, 10, 7);
		nlab_strbuf_printf(c->out, ", PDU length: %u\n\t  start lsp-id: ", nlab_get16(p, 8));
		nlab_osi_id(c, p, 17, 8);
		nlab_p_puts(c, "\n\t  end lsp-id:   ");
		nlab_osi_id(c, p, 25, 8);
		break;
	default:
		nlab_p_puts(c, "\n\t  source-id:    ");
		nlab_osi_id(c, p, 10, 7);
		nlab_strbuf_printf(c->out, ", PDU length: %u", nlab_get16(p, 8));
		break;
	}
	if (c->o->v > 1 && !nlab_p_unknown_data(c, p, 8, fixed_size(t) - 8, "\n\t  "))
		return OSI_FAIL;
	return NLAB_P_OK;
}

/* The PDU-specific header: NLAB_P_OK when its TLVs follow (*LEFT the
 * bytes they take), else what ends the PDU. */
static int pdu_header(isis_pdu *d, uint8_t t, uint8_t fixed, uint32_t *left)
{
	nlab_pctx *c = d->c;
	unsigned want = fixed_size(t);
	if (!want) {
		if (!c->o->v) {
			nlab_strbuf_printf(c->out, ", length %u", d->length);
			return OSI_DONE;
		}
		nlab_p_unknown_data(c, d->p, 8, d->length, "\n\t  ");
		return OSI_FAIL;
	}
	if (fixed != want) {
		nlab_strbuf_printf(c->out, "%s bogus fixed header length %u should be %u",
				   t == 26 || t == 27 ? "-" : ",", fixed,
				   t == 18 || t == 20 ? want - 8 : want);
		return OSI_FAIL;
	}
	if (!nlab_view_has(d->p, 8, want - 8) || d->length < want)
		return NLAB_P_ETRUNC;
	if (!c->o->v) {
		int r = brief(d, t);
		return r ? r : OSI_DONE;
	}
	uint16_t pdu_len = nlab_get16(d->p, t <= 17 ? 17 : 8); /* hellos: after the holding time */
	if (d->length > pdu_len)
		d->length = pdu_len;
	int r = verbose_header(d, t);
	if (r)
		return r;
	if (d->length < want) {
		nlab_strbuf_printf(c->out, " [packet length %u < %u] (invalid)", d->length, want);
		return OSI_DONE;
	}
	*left = d->length - want;
	return NLAB_P_OK;
}

/* The TLVs: LEFT bytes from OFF. */
static int tlvs(isis_pdu *d, size_t off, uint32_t left)
{
	nlab_pctx *c = d->c;
	while (left > 0) {
		if (!nlab_view_has(d->p, off, 2) || left < 2)
			return NLAB_P_ETRUNC;
		uint8_t type = nlab_get8(d->p, off), len = nlab_get8(d->p, off + 1);
		off += 2;
		left -= 2;
		const char *n = nlab_isis_tlv_name(type);
		nlab_strbuf_printf(c->out, "\n\t    %s TLV #%u, length: %u", n ? n : "unknown", type,
				   len);
		if (left < len)
			return NLAB_P_ETRUNC;
		int r = nlab_isis_tlv(d, type, off, len);
		if (r)
			return r;
		if (c->o->v > 1 && !nlab_p_unknown_data(c, d->p, off, len, "\n\t      "))
			return OSI_FAIL;
		off += len;
		left -= len;
	}
	return NLAB_P_OK;
}

/* The common header's checks, with their complaints: NLAB_P_OK when it
 * is one tcpdump decodes further. */
static int common_checks(isis_pdu *d, uint8_t *fixed)
{
	nlab_pctx *c = d->c;
	nlab_view p = d->p;
	uint8_t version = nlab_get8(p, 2), idlen = nlab_get8(p, 3);
	uint8_t pdu_v = nlab_get8(p, 5), max_area = nlab_get8(p, 7);
	*fixed = nlab_get8(p, 1);
	if (version != 1)
		nlab_strbuf_printf(c->out, "version %u packet not supported", version);
	else if (idlen != 6 && idlen != 0)
		nlab_strbuf_printf(c->out, "system ID length of %u is not supported", idlen);
	else if (pdu_v != 1)
		nlab_strbuf_printf(c->out, "version %u packet not supported", pdu_v);
	else if (d->length < *fixed)
		nlab_strbuf_printf(c->out, "fixed header length %u > packet length %u", *fixed,
				   d->length);
	else if (*fixed < 8)
		nlab_strbuf_printf(c->out, "fixed header length %u < minimum header size 8",
				   *fixed);
	else if (max_area == 255)
		nlab_p_puts(c, "bad packet -- 255 areas");
	else
		return NLAB_P_OK;
	return OSI_FAIL;
}

int nlab_osi_isis(nlab_pctx *c, nlab_view v, uint32_t len)
{
	c->proto = "isis";
	isis_pdu d = {c, v, len};
	if (!nlab_view_has(v, 0, 8) || len < 8)
		return NLAB_P_ETRUNC;
	if (!c->o->e)
		nlab_p_puts(c, "IS-IS");
	uint8_t fixed;
	if (common_checks(&d, &fixed))
		return OSI_FAIL;
	uint8_t idlen = nlab_get8(v, 3), max_area = nlab_get8(v, 7), t = nlab_get8(v, 4);
	const char *n = pdu_name(t);
	if (!c->o->v) {
		nlab_p_puts(c, c->o->e ? "" : ", ");
		if (n)
			nlab_p_puts(c, n);
		else
			nlab_strbuf_printf(c->out, "unknown PDU-Type %u", t);
	} else {
		nlab_strbuf_printf(c->out, "%slength %u\n\t", c->o->e ? "" : ", ", len);
		if (n)
			nlab_p_puts(c, n);
		else
			nlab_strbuf_printf(c->out, "unknown, type %u", t);
		nlab_strbuf_printf(c->out,
				   ", hlen: %u, v: 1, pdu-v: 1, sys-id-len: 6 (%u), max-area: %u (%u)",
				   fixed, idlen, max_area ? max_area : 3, max_area);
		if (c->o->v > 1 && !nlab_p_unknown_data(c, v, 0, 8, "\n\t"))
			return OSI_FAIL;
	}
	uint32_t left = 0;
	int r = pdu_header(&d, t, fixed, &left);
	if (r)
		return r;
	return tlvs(&d, fixed_size(t), left);
}
