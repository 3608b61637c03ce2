/* print_isis_spb.c - shortest path bridging (IEEE 802.1aq, RFC 6329)
 * in IS-IS: the sub-TLVs of the MT port capability TLV (143: MCIDs,
 * digest, B-VIDs) and of the MT capability TLV (144: SPB instance,
 * SPBM service identifiers), as tcpdump prints them. A cut sub-TLV
 * prints " [|isis]" there and the TLVs go on, as tcpdump's do. */
#include "osi_priv.h"

/* An MCID (51 bytes at OFF): "ID: 0, Name: ..., Lvl: 0, Digest: ...". */
static void mcid(isis_pdu *d, size_t off)
{
	nlab_pctx *c = d->c;
	if (!nlab_view_has(d->p, off, 51)) {
		nlab_p_trunc(c);
		return;
	}
	nlab_strbuf_printf(c->out, "ID: %u, Name: ", nlab_get8(d->p, off));
	nlab_p_printjnp(c, d->p, off + 1, 32);
	nlab_strbuf_printf(c->out, "\n\t              Lvl: %u, Digest: ", nlab_get16(d->p, off + 33));
	for (size_t i = 0; i < 16; i++)
		nlab_strbuf_printf(c->out, "%.2x ", nlab_get8(d->p, off + 35 + i));
}

/* " (too short)" or " (> containing TLV length)": the walk ends. */
static int complain(nlab_pctx *c, const char *what)
{
	nlab_p_puts(c, what);
	return NLAB_P_OK;
}

/* tcpdump's trunc label there: " [|isis]", and the TLVs go on. */
static int trunc_here(nlab_pctx *c)
{
	nlab_p_trunc(c);
	return NLAB_P_OK;
}

/* Sub-TLV 6: the ECT algorithms and B-VIDs, LEN bytes at *P. */
static int bvids(isis_pdu *d, size_t *p, unsigned *len, unsigned *slen)
{
	nlab_pctx *c = d->c;
	while (*slen != 0) {
		if (*slen < 4)
			return 1;
		nlab_strbuf_printf(c->out, "\n\t           ECT: %08x", nlab_get32(d->p, *p));
		*p += 4, *len -= 4, *slen -= 4;
		if (*slen < 2)
			return 1;
		uint16_t w = nlab_get16(d->p, *p);
		nlab_strbuf_printf(c->out, " BVID: %u, U:%01x M:%01x ", w >> 4, (w >> 3) & 1,
				   (w >> 2) & 1);
		*p += 2, *len -= 2, *slen -= 2;
	}
	return 0;
}

int nlab_isis_spb_port_cap(isis_pdu *d, size_t p, unsigned len)
{
	nlab_pctx *c = d->c;
	static const char *const names[] = {"SPB MCID", "SPB Digest", "SPB BVID"};
	while (len > 2) {
		OSI_NEED(d->p, p, 2);
		uint8_t t = nlab_get8(d->p, p);
		unsigned slen = nlab_get8(d->p, p + 1);
		nlab_strbuf_printf(c->out, "\n\t       %s subTLV #%u, length: %u",
				   t >= 4 && t <= 6 ? names[t - 4] : "unknown", t, slen);
		p += 2, len -= 2;
		if (len < slen)
			return complain(c, " (> containing TLV length)");
		if (!nlab_view_has(d->p, p, slen))
			return trunc_here(c);
		if (t == 4) {
			if (slen < 102)
				return complain(c, " (too short)");
			nlab_p_puts(c, "\n\t         MCID: ");
			mcid(d, p);
			nlab_p_puts(c, "\n\t         AUX-MCID: ");
			mcid(d, p + 51);
			p += 102, len -= 102, slen -= 102;
		} else if (t == 5) {
			if (slen < 33)
				return complain(c, " (too short)");
			uint8_t b = nlab_get8(d->p, p);
			nlab_strbuf_printf(c->out, "\n\t        RES: %u V: %u A: %u D: %u", b >> 5,
					   (b >> 4) & 1, (b >> 2) & 3, b & 3);
			p++;
			nlab_p_puts(c, "\n\t         Digest: ");
			for (int i = 1; i <= 8; i++, p += 4) {
				nlab_strbuf_printf(c->out, "%08x ", nlab_get32(d->p, p));
				if (i % 4 == 0 && i != 8)
					nlab_p_puts(c, "\n\t                 ");
			}
			len -= 33, slen -= 33;
		} else if (t == 6) {
			if (bvids(d, &p, &len, &slen))
				return complain(c, " (too short)");
		}
		p += slen, len -= slen;
	}
	return NLAB_P_OK;
}

/* Sub-TLV 1: an SPB instance and its VLAN tuples (SLEN bytes at *P). */
static int instance(isis_pdu *d, size_t *p, unsigned *len, unsigned *slen)
{
	nlab_pctx *c = d->c;
	nlab_view v = d->p;
	size_t o = *p;
	nlab_strbuf_printf(c->out, "\n\t        CIST Root-ID: %08x %08x, Path Cost: %08x, Prio: %u",
			   nlab_get32(v, o), nlab_get32(v, o + 4), nlab_get32(v, o + 8),
			   nlab_get16(v, o + 12));
	nlab_strbuf_printf(c->out, "\n\t        RES: %u, V: %u, SPSource-ID: %u, No of Trees: %x",
			   nlab_get16(v, o + 14) >> 5, (nlab_get16(v, o + 14) >> 4) & 1,
			   nlab_get32(v, o + 14) & 0xfffff, nlab_get8(v, o + 18));
	unsigned trees = nlab_get8(v, o + 18);
	o += 19, *len -= 19, *slen -= 19;
	for (; trees; trees--) {
		if (*slen < 8) {
			*p = o;
			return 1;
		}
		uint8_t b = nlab_get8(v, o);
		nlab_strbuf_printf(c->out, "\n\t         U:%u, M:%u, A:%u, RES:%u", b >> 7, (b >> 6) & 1,
				   (b >> 5) & 1, b & 0x1f);
		uint32_t vid = nlab_get24(v, o + 5);
		nlab_strbuf_printf(c->out, ", ECT: %08x, BVID: %u, SPVID: %u", nlab_get32(v, o + 1),
				   (vid >> 12) & 0xfff, vid & 0xfff);
		o += 8, *len -= 8, *slen -= 8;
	}
	*p = o;
	return 0;
}

/* Sub-TLV 3: the B-MAC, VID and I-SIDs. */
static void service_ids(isis_pdu *d, size_t *p, unsigned *len, unsigned *slen)
{
	nlab_pctx *c = d->c;
	nlab_view v = d->p;
	size_t o = *p;
	nlab_strbuf_printf(c->out, "\n\t        BMAC: %08x%04x, RES: %u, VID: %u", nlab_get32(v, o),
			   nlab_get16(v, o + 4), nlab_get16(v, o + 6) >> 12,
			   nlab_get16(v, o + 6) & 0xfff);
	o += 8, *len -= 8, *slen -= 8;
	for (; *slen >= 4; o += 4, *len -= 4, *slen -= 4) {
		uint32_t w = nlab_get32(v, o);
		nlab_strbuf_printf(c->out, "\n\t        T: %u, R: %u, RES: %u, ISID: %u", w >> 31,
				   (w >> 30) & 1, (w >> 24) & 0x3f, w & 0xffffff);
	}
	*p = o;
}

int nlab_isis_spb_cap(isis_pdu *d, size_t p, unsigned len)
{
	nlab_pctx *c = d->c;
	while (len > 2) {
		OSI_NEED(d->p, p, 2);
		uint8_t t = nlab_get8(d->p, p);
		unsigned slen = nlab_get8(d->p, p + 1);
		p += 2, len -= 2;
		nlab_strbuf_printf(c->out, "\n\t      %s subTLV #%u, length: %u",
				   t == 1   ? "SPB Instance"
				   : t == 3 ? "SPBM Service Identifier and Unicast Address"
					    : "unknown",
				   t, slen);
		if (len < slen)
			return complain(c, " (> containing TLV length)");
		if (!nlab_view_has(d->p, p, slen))
			return trunc_here(c);
		if (t == 1) {
			if (slen < 19)
				return complain(c, " (too short)");
			if (instance(d, &p, &len, &slen))
				return trunc_here(c);
		} else if (t == 3) {
			if (slen < 8)
				return trunc_here(c);
			service_ids(d, &p, &len, &slen);
		}
		p += slen, len -= slen;
	}
	return NLAB_P_OK;
}
