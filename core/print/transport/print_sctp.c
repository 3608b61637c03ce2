/* print_sctp.c - SCTP, as tcpdump's print-sctp.c writes it without -vv:
 * "10.0.0.1.5000 > 10.0.0.2.6000: sctp (1) [INIT] [init tag: ...] ...,
 * (2) [DATA] ..." — the addresses are SCTP's to print, not IP's. */
#include "print_priv.h"

/* tcpdump's sctp_chunkid_str. */
static const char *chunk_name(uint8_t id)
{
	static const char *const low[] = {
		"DATA", "INIT", "INIT ACK", "SACK", "HB REQ", "HB ACK", "ABORT",
		"SHUTDOWN", "SHUTDOWN ACK", "OP ERR", "COOKIE ECHO", "COOKIE ACK",
		"ECN ECHO", "ECN CWR", "SHUTDOWN COMPLETE"};
	if (id < sizeof low / sizeof low[0])
		return low[id];
	if (id == 0xc0)
		return "FOR CUM TSN";
	if (id == 0xc1)
		return "REL CTRL";
	if (id == 0xc2)
		return "REL CTRL ACK";
	return NULL;
}

/* tcpdump's PayloadProto_idents (26 has no name). */
static const char *ppid_name(uint32_t ppid)
{
	static const char *const names[] = {
		NULL, "ISDN Q.921", "M2UA", "M3UA", "SUA", "M2PA", "V5.2", "H.248",
		"BICC", "TALI", "DUA", "ASAP", "ENRP", "H.323", "Q.IPC", "SIMCO",
		"DDPSC", "DDPSSC", "S1AP", "RUA", "HNBAP", "ForCES HP", "ForCES MP",
		"ForCES LP", "SBc-AP", "NBAP", NULL, "X2AP"};
	return ppid < sizeof names / sizeof names[0] ? names[ppid] : NULL;
}

/* The ForCES channel of PORT, or NULL. */
static const char *forces_channel(uint16_t port)
{
	switch (port) {
	case 6704: return "ForCES HP";
	case 6705: return "ForCES MP";
	case 6706: return "ForCES LP";
	default: return NULL;
	}
}

/* One chunk being read: V its bytes (captured, as the check before
 * ensured), LEFT what its length says remain after the descriptor. */
typedef struct chunk {
	nlab_view v, tail; /* TAIL: from the chunk to the capture's end */
	uint32_t len, left;
	int *forces;
} chunk;

/* "bogus chunk length N]" when the chunk is shorter than NEED; 1 if so. */
static int bogus(nlab_pctx *c, const chunk *k, uint32_t need)
{
	if (k->left >= need)
		return 0;
	nlab_strbuf_printf(c->out, "bogus chunk length %u]", k->len);
	return 1;
}

/* -vv: "[Payload:" and the hex and ASCII lines of V, "]" (only
 * "[Payload]" under -q, -x and -X, which suppress the default print). */
static void data_payload(nlab_pctx *c, nlab_view v)
{
	nlab_p_puts(c, "[Payload");
	if (!c->o->X && !c->o->x && !c->o->q) {
		nlab_p_puts(c, ":");
		nlab_p_default(c, v);
	}
	nlab_p_puts(c, "]");
}

/* A DATA chunk's header and payload; 1 if it ended the line, -1 if
 * M3UA's or ForCES's printer found the capture cut. */
static int data_chunk(nlab_pctx *c, const chunk *k, uint8_t flags)
{
	if (flags & 4)
		nlab_p_puts(c, "(U)");
	if (flags & 2)
		nlab_p_puts(c, "(B)");
	if (flags & 1)
		nlab_p_puts(c, "(E)");
	if (flags & 7)
		nlab_p_puts(c, " ");
	if (bogus(c, k, 12))
		return 1;
	uint32_t ppid = nlab_get32(k->v, 12);
	nlab_strbuf_printf(c->out, "[TSN: %u] [SID: %u] [SSEQ %u] ", nlab_get32(k->v, 4),
			   nlab_get16(k->v, 8), nlab_get16(k->v, 10));
	const char *n = ppid_name(ppid);
	if (n)
		nlab_strbuf_printf(c->out, "[PPID %s] ", n);
	else
		nlab_strbuf_printf(c->out, "[PPID 0x%x] ", ppid);
	if (ppid >= 21 && ppid <= 23)
		*k->forces = 1;
	if (k->left == 12) {
		nlab_strbuf_printf(c->out, "bogus chunk length %u]", k->len);
		return 1;
	}
	if (*k->forces) {
		if (nlab_p_forces(c, nlab_view_from(k->tail, 16), k->left - 12) == NLAB_P_TRUNC)
			return -1; /* " [|forces]" */
		c->proto = "sctp";
	} else if (c->o->v > 1 && ppid == 3) {
		if (nlab_p_m3ua(c, nlab_view_from(k->tail, 16), k->left - 12) != NLAB_P_OK)
			return -1;
		c->proto = "sctp";
	} else if (c->o->v > 1) {
		data_payload(c, nlab_view_sub(k->v, 16, k->left - 12));
	}
	return 0; /* without -vv other payloads are not shown */
}

/* An INIT or INIT ACK chunk; 1 if it ended the line. */
static int init_chunk(nlab_pctx *c, const chunk *k)
{
	if (bogus(c, k, 16))
		return 1;
	nlab_strbuf_printf(c->out, "[init tag: %u] [rwnd: %u] [OS: %u] [MIS: %u] "
			   "[init TSN: %u] ", nlab_get32(k->v, 4), nlab_get32(k->v, 8),
			   nlab_get16(k->v, 12), nlab_get16(k->v, 14), nlab_get32(k->v, 16));
	return 0;
}

/* A SACK chunk with its gap blocks and duplicate TSNs; 1 if it ended
 * the line. */
static int sack_chunk(nlab_pctx *c, const chunk *k)
{
	if (bogus(c, k, 12))
		return 1;
	uint32_t cum = nlab_get32(k->v, 4);
	uint16_t ngaps = nlab_get16(k->v, 12), ndups = nlab_get16(k->v, 14);
	nlab_strbuf_printf(c->out, "[cum ack %u] [a_rwnd %u] [#gap acks %u] [#dup tsns %u] ",
			   cum, nlab_get32(k->v, 8), ngaps, ndups);
	uint32_t left = k->left - 12;
	size_t at = 16;
	for (unsigned i = 0; left != 0 && i < ngaps; i++, at += 4, left -= 4) {
		if (left < 4) {
			nlab_strbuf_printf(c->out, "bogus chunk length %u]", k->len);
			return 1;
		}
		nlab_strbuf_printf(c->out, "\n\t\t[gap ack block #%u: start = %u, end = %u] ",
				   i + 1, cum + nlab_get16(k->v, at), cum + nlab_get16(k->v, at + 2));
	}
	for (unsigned i = 0; left != 0 && i < ndups; i++, at += 4, left -= 4) {
		if (left < 4) {
			nlab_strbuf_printf(c->out, "bogus chunk length %u]", k->len);
			return 1;
		}
		nlab_strbuf_printf(c->out, "\n\t\t[dup TSN #%u: %u] ", i + 1, nlab_get32(k->v, at));
	}
	return 0;
}

/* "(N) [NAME] ..." of the chunk at V; 1 if it ended the line. */
static int one_chunk(nlab_pctx *c, const chunk *k)
{
	uint8_t id = nlab_get8(k->v, 0);
	const char *name = chunk_name(id);
	if (name)
		nlab_strbuf_printf(c->out, "[%s] ", name);
	else
		nlab_strbuf_printf(c->out, "[Unknown chunk type: 0x%x] ", id);
	switch (id) {
	case 0:
		return data_chunk(c, k, nlab_get8(k->v, 1));
	case 1:
	case 2:
		return init_chunk(c, k);
	case 3:
		return sack_chunk(c, k);
	default:
		return 0;
	}
}

/* "src.sport > dst.dport: sctp" from the IP header IP (v4 or v6). */
static void sctp_addrs(nlab_pctx *c, nlab_view ip, nlab_view v)
{
	int v6 = nlab_get8(ip, 0) >> 4 == 6;
	v6 ? nlab_p_ip6addr(c, ip, 8) : nlab_p_ip4(c, ip, 12);
	nlab_strbuf_printf(c->out, ".%u > ", nlab_get16(v, 0));
	v6 ? nlab_p_ip6addr(c, ip, 24) : nlab_p_ip4(c, ip, 16);
	nlab_strbuf_printf(c->out, ".%u: sctp", nlab_get16(v, 2));
}

int nlab_p_sctp(nlab_pctx *c, nlab_view v, uint32_t length, nlab_view ip)
{
	c->proto = "sctp";
	if (length < 12) {
		nlab_strbuf_printf(c->out, "truncated-sctp - %u bytes missing!", 12 - length);
		return NLAB_P_OK;
	}
	if (!nlab_view_has(v, 0, 12))
		return NLAB_P_ETRUNC;
	sctp_addrs(c, ip, v);
	int forces = 0;
	for (int i = 0; i < 2; i++) {
		const char *ch = forces_channel(nlab_get16(v, (size_t)i * 2));
		if (ch) {
			nlab_strbuf_printf(c->out, "[%s]", ch);
			forces = 1;
		}
	}
	size_t at = 12;
	uint32_t left = length - 12;
	const char *sep = c->o->v > 1 ? "\n\t" : " ("; /* -vv: a line each */
	for (unsigned n = 1; left != 0; n++) {
		if (left < 4) {
			nlab_strbuf_printf(c->out, "%s%u) [chunk descriptor cut off at end of packet]",
					   sep, n);
			return NLAB_P_OK;
		}
		if (!nlab_view_has(v, at, 4))
			return NLAB_P_ETRUNC;
		uint16_t clen = nlab_get16(v, at + 2);
		if (clen < 4) {
			nlab_strbuf_printf(c->out, "%s%u) [Bad chunk length %u, < size of chunk descriptor]",
					   sep, n, clen);
			return NLAB_P_OK;
		}
		uint16_t align = clen % 4 ? 4 - clen % 4 : 0;
		if (left < align) {
			nlab_strbuf_printf(c->out, "%s%u) [Bad chunk length %u, > remaining data in packet]",
					   sep, n, clen);
			return NLAB_P_OK;
		}
		if (!nlab_view_has(v, at, clen))
			return NLAB_P_ETRUNC;
		nlab_strbuf_printf(c->out, "%s%u) ", sep, n);
		chunk k = {nlab_view_sub(v, at, clen), nlab_view_from(v, at), clen, clen - 4u, &forces};
		int r = one_chunk(c, &k);
		if (r)
			return r < 0 ? NLAB_P_TRUNC : NLAB_P_OK;
		at += clen, left -= clen;
		if (c->o->v < 2)
			sep = ", (";
		if (align) {
			if (!nlab_view_has(v, at, align))
				return NLAB_P_ETRUNC;
			at += align, left -= align;
		}
	}
	return NLAB_P_OK;
}
