/* print_arcnet.c - ARCNET (DLT_ARCNET 7, DLT_ARCNET_LINUX 129) as
 * tcpdump's print-arcnet.c writes it: a header of 3 to 10 bytes (source
 * and destination station, a type, for the new encoding a fragment flag
 * and sequence number), then IPv4, IPv6, ARP or IPX; with -e "01 02 ip
 * seqid 0003 84: " before. */
#include "print_priv.h"

/* Whether TYPE is one of the old encoding's (no fragmentation fields). */
static int old_type(uint8_t type)
{
	return type == 240 || type == 241 || type == 0x80;
}

/* tcpdump's arctypemap name of TYPE, or its hex. */
static void put_type(nlab_pctx *c, uint8_t type)
{
	const char *n = NULL;
	switch (type) {
	case 240: n = "oldip"; break;
	case 241: n = "oldarp"; break;
	case 212: n = "ip"; break;
	case 213: n = "arp"; break;
	case 214: n = "rarp"; break;
	case 221: n = "atalk"; break;
	case 247: n = "banyan"; break;
	case 250: n = "ipx"; break;
	case 0xc4: n = "ipv6"; break;
	case 0x80: n = "diag"; break;
	}
	if (n)
		nlab_p_puts(c, n);
	else
		nlab_strbuf_printf(c->out, "%02x", type);
}

/* The -e header (tcpdump's arcnet_print): stations, type (the byte at
 * 2, whatever the header's layout), with PHDS the fragment FLAG and
 * SEQID, and the frame's LEN. */
static void header(nlab_pctx *c, nlab_view v, uint32_t len, int phds, unsigned flag,
		   unsigned seqid)
{
	nlab_strbuf_printf(c->out, "%02x %02x ", nlab_get8(v, 0), nlab_get8(v, 1));
	if (c->o->q) {
		nlab_strbuf_printf(c->out, "%u: ", len);
		return;
	}
	put_type(c, nlab_get8(v, 2));
	if (phds && flag == 0)
		nlab_strbuf_printf(c->out, " seqid %04x", seqid);
	else if (phds && (flag & 1))
		nlab_strbuf_printf(c->out, " seqid %04x (first of %u fragments)", seqid,
				   (flag + 3) / 2);
	else if (phds)
		nlab_strbuf_printf(c->out, " seqid %04x (fragment %u)", seqid, flag / 2 + 1);
	nlab_strbuf_printf(c->out, " %u: ", len);
}

/* What the header's TYPE carries, LEN bytes at V; its bytes when the
 * type is not one netlab prints. */
static int encap(nlab_pctx *c, uint8_t type, nlab_view v, uint32_t len)
{
	switch (type) {
	case 240: case 212: return nlab_p_ip(c, v, len);
	case 0xc4: return nlab_p_ip6(c, v, len);
	case 241: case 213: case 214: return nlab_p_arp(c, v, len);
	case 250: return nlab_p_ipx(c, v, len);
	default: /* AppleTalk among them: netlab has no printer for it */
		nlab_p_raw(c, v);
		return NLAB_P_OK;
	}
}

/* A cut inside the header (tcpdump's longjmp: -X shows it all). */
static int cut(nlab_view v, size_t *hdrlen)
{
	*hdrlen = v.len;
	return NLAB_P_TRUNC;
}

/* The BSD header's fragmentation fields (after the first 3 bytes): the
 * header's length, 0 when cut (having said so as tcpdump does). */
static size_t phds_fields(nlab_pctx *c, nlab_view v, uint32_t len, unsigned *flag,
			  unsigned *seqid)
{
	if (v.len < 6 || (nlab_get8(v, 3) == 0xff && v.len < 10)) {
		header(c, v, len, 0, 0, 0);
		nlab_p_puts(c, v.len < 6 ? " phds" : " phds extended");
		return 0;
	}
	int exc = nlab_get8(v, 3) == 0xff;
	*flag = nlab_get8(v, exc ? 7 : 3);
	*seqid = nlab_get16(v, exc ? 8 : 4);
	return exc ? 10 : 6;
}

int nlab_p_arcnet(nlab_pctx *c, nlab_view v, uint32_t len, size_t *hdrlen)
{
	c->proto = "arcnet";
	if (v.len < 3)
		return cut(v, hdrlen);
	uint8_t type = nlab_get8(v, 2);
	int phds = !old_type(type);
	unsigned flag = 0, seqid = 0;
	size_t hl = 3;
	if (phds && !(hl = phds_fields(c, v, len, &flag, &seqid)))
		return cut(v, hdrlen);
	if (c->o->e)
		header(c, v, len, phds, flag, seqid);
	*hdrlen = hl;
	if (phds && flag && !(flag & 1))
		return NLAB_P_OK; /* a middle fragment */
	return encap(c, type, nlab_view_from(v, hl), len - (uint32_t)hl);
}

int nlab_p_arcnet_linux(nlab_pctx *c, nlab_view v, uint32_t len, size_t *hdrlen)
{
	c->proto = "arcnet_linux";
	if (v.len < 5)
		return cut(v, hdrlen);
	uint8_t type = nlab_get8(v, 4);
	size_t hl = old_type(type) ? 5 : 8;
	if (v.len < hl)
		return cut(v, hdrlen);
	if (c->o->e)
		header(c, v, len, 0, 0, 0);
	*hdrlen = hl;
	return encap(c, type, nlab_view_from(v, hl), len - (uint32_t)hl);
}
