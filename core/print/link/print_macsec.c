/* print_macsec.c - IEEE 802.1AE MACsec's SecTAG (EtherType 0x88e5) as
 * tcpdump's print-macsec.c writes it: with -e "an 0, pn 68, flags I,
 * sci 2eb73f3995c30001, "; an encrypted or changed payload as the
 * addresses, "802.1AE MACsec, ", the tag, then its bytes in hex; else
 * the ICV (16 bytes) and what the short length leaves out are cut off
 * and print_ether.c goes on with the EtherType inside. */
#include "print_priv.h"

#include <inttypes.h>

enum { ICV_LEN = 16, F_SC = 0x20, F_CONFID = 0x0c };

/* "an 0, pn 6, flags CI, sl 34, sci 2eb73f3995c3006f, " */
static void sectag(nlab_pctx *c, nlab_view t, unsigned sl)
{
	static const struct {
		uint8_t bit;
		char name;
	} flags[] = {{0x08, 'E'}, {0x04, 'C'}, {0x40, 'S'}, {0x10, 'B'}, {0x20, 'I'}};
	uint8_t tci = nlab_get8(t, 0);
	nlab_strbuf_printf(c->out, "an %u, pn %u, flags ", tci & 3, nlab_get32(t, 2));
	int any = 0;
	for (size_t i = 0; i < sizeof flags / sizeof flags[0]; i++)
		if (tci & flags[i].bit)
			nlab_strbuf_add(c->out, &flags[i].name, 1), any = 1;
	if (!any)
		nlab_p_puts(c, "none");
	if (sl)
		nlab_strbuf_printf(c->out, ", sl %u", sl);
	if (tci & F_SC)
		nlab_strbuf_printf(c->out, ", sci %016" PRIx64,
				   (uint64_t)nlab_get32(t, 6) << 32 | nlab_get32(t, 10));
	nlab_p_puts(c, ", ");
}

int nlab_p_macsec(nlab_pctx *c, nlab_view frame, size_t *off, uint32_t *rest, size_t *cap)
{
	nlab_view t = nlab_view_from(frame, *off);
	const char *saved = c->proto;
	c->proto = "macsec";
	uint8_t tci = nlab_get8(t, 0);
	size_t tlen = t.len >= 1 && (tci & F_SC) ? 14 : 6;
	if (t.len < 6 || *rest < 6 || t.len < tlen || *rest < tlen)
		return NLAB_P_ETRUNC;
	uint8_t slb = nlab_get8(t, 1);
	if ((slb & ~0x3f) || (tci & 0x80)) {
		nlab_p_puts(c, " (invalid)");
		return NLAB_P_STOP;
	}
	unsigned sl = slb & 0x3f;
	if (c->o->e)
		sectag(c, t, sl);
	size_t caplen = t.len - tlen;
	uint32_t length = *rest - (uint32_t)tlen;
	if (tci & F_CONFID) {
		if (!c->o->e) {
			nlab_p_mac(c, frame, 6, 6);
			nlab_p_puts(c, " > ");
			nlab_p_mac(c, frame, 0, 6);
			nlab_p_puts(c, " 802.1AE MACsec, ");
			sectag(c, t, sl);
		}
		nlab_p_default(c, nlab_view_from(t, tlen));
		*off += tlen;
		c->proto = saved;
		return NLAB_P_OK;
	}
	if (length < ICV_LEN || caplen < ICV_LEN)
		return NLAB_P_ETRUNC;
	length -= ICV_LEN, caplen -= ICV_LEN;
	if (sl) {
		if (sl > length || sl > caplen)
			return NLAB_P_ETRUNC;
		length = sl, caplen = sl;
	}
	c->proto = saved;
	*off += tlen, *rest = length, *cap = *off + caplen;
	return -1;
}
