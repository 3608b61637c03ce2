/* print_rx.c - Rx, the remote procedure calls of AFS (UDP 7000-7009), as
 * tcpdump's print-rx.c writes it: " rx data fs call fetch-status fid
 * 1/2/3 (44)", under -v the sequence and serial numbers, under -vv the
 * connection, call number and flags; the acks' windows; and the replies'
 * procedures, remembered from the calls seen before. */
#include "print_afs.h"

enum { RX_DATA = 1, RX_ACK = 2, RX_ABORT = 4, RX_CLIENT_INIT = 1 };

/* The name of Rx packet type T (rx_types), or NULL. */
static const char *type_name(uint8_t t)
{
	static const char *const names[] = {
	    NULL,     "data",	   "ack",      "busy",	 "abort",
	    "ackall", "challenge", "response", "debug",	 "params",
	    NULL,     NULL,	   NULL,       "version"};
	return t < sizeof names / sizeof names[0] ? names[t] : NULL;
}

/* -vv's " <client-init>,<req-ack>" of FLAGS in a packet of TYPE. */
static void put_flags(nlab_pctx *c, uint8_t flags, uint8_t type)
{
	static const char *const names[] = {
	    "client-init", "req-ack", "last-pckt", "more-pckts", "free-pckt"};
	int first = 1;
	for (unsigned i = 0; i < 6; i++) {
		const char *n = i < 5		 ? names[i]
				: type == RX_ACK ? "slow-start"
						 : "jumbogram";
		if (!(flags & 1u << i) ||
		    (i == 5 && type != RX_ACK && type != RX_DATA))
			continue;
		nlab_p_puts(c, first ? " <" : ",<");
		nlab_p_puts(c, n);
		nlab_p_puts(c, ">");
		first = 0;
	}
}

/* What -v and -vv add to the header line of the Rx packet V. */
static void header_verbose(nlab_pctx *c, nlab_view v)
{
	if (c->o->v > 1)
		nlab_strbuf_printf(c->out, " cid %08x call# %u",
				   nlab_get32(v, 4), nlab_get32(v, 8));
	nlab_strbuf_printf(c->out, " seq %u ser %u", nlab_get32(v, 12),
			   nlab_get32(v, 16));
	if (c->o->v > 1)
		put_flags(c, nlab_get8(v, 21), nlab_get8(v, 20));
}

/* Remembers the call V (from the IP header IP's source to port DPORT)
 * so that its reply can name its procedure (rx_cache_insert). */
static void cache_insert(nlab_pctx *c, nlab_view v, nlab_view ip,
			 uint16_t dport)
{
	nlab_rxcache *rx = c->rx;
	if (!rx || !nlab_view_has(v, AFS_RXHDR, 4))
		return;
	nlab_rxcall *e = &rx->e[rx->next];
	rx->next = (rx->next + 1) % NLAB_RXCACHE;
	/* over IPv6 too tcpdump reads the addresses where IPv4 has them */
	*e = (nlab_rxcall){nlab_get32(v, 8),
			   nlab_get32(ip, 12),
			   nlab_get32(ip, 16),
			   nlab_get32(v, AFS_RXHDR),
			   dport,
			   nlab_get16(v, 26)};
}

/* The opcode of the call the reply V (from port SPORT) answers, found
 * from where the last search ended (rx_cache_find): 1, or 0. */
static int cache_find(nlab_pctx *c, nlab_view v, nlab_view ip, uint16_t sport,
		      uint32_t *op)
{
	nlab_rxcache *rx = c->rx;
	if (!rx)
		return 0;
	uint32_t call = nlab_get32(v, 8), client = nlab_get32(ip, 16),
		 server = nlab_get32(ip, 12);
	uint32_t i = rx->hint;
	do {
		const nlab_rxcall *e = &rx->e[i];
		if (e->callnum == call && e->client == client &&
		    e->server == server && e->service == nlab_get16(v, 26) &&
		    e->dport == sport) {
			rx->hint = i;
			*op = e->opcode;
			return 1;
		}
		i = (i + 1) % NLAB_RXCACHE;
	} while (i != rx->hint);
	return 0;
}

/* " acked 3-5,7" (WANT 1) or " nacked 6" (WANT 0) of the N ack bytes at
 * OFF of V, the first of them for packet FIRST: runs collapsed. */
static void ack_runs(nlab_pctx *c, nlab_view v, size_t off, unsigned n,
		     uint32_t first, uint8_t want)
{
	int start = -2, last = -2, i;
	for (i = 0; i < (int)n; i++) {
		if (nlab_get8(v, off + (size_t)i) == want) {
			if (last == -2)
				nlab_strbuf_printf(
				    c->out, want ? " acked %u" : " nacked %u",
				    first + (uint32_t)i);
			else if (last != i - 1)
				nlab_strbuf_printf(c->out, ",%u",
						   first + (uint32_t)i);
			if (last == -2 || last != i - 1)
				start = i;
			last = i;
		} else if (last == i - 1 && start != last) {
			nlab_strbuf_printf(c->out, "-%u",
					   first + (uint32_t)i - 1);
		}
	}
	if (last == i - 1 && start != last)
		nlab_strbuf_printf(c->out, "-%u", first + (uint32_t)i - 1);
}

/* -vv's optional fields after the acks from AT (ifmtu, maxmtu, rwind,
 * maxpackets), each only when all four of its bytes were captured. */
static void ack_trailer(nlab_pctx *c, nlab_view v, size_t at)
{
	static const char *const names[] = {" ifmtu", " maxmtu", " rwind",
					    " maxpackets"};
	for (unsigned i = 0; i < 4 && nlab_view_has(v, at, 4); i++, at += 4) {
		nlab_p_puts(c, names[i]);
		nlab_strbuf_printf(c->out, " %u", nlab_get32(v, at));
	}
}

/* An ack packet's body (rx_ack_print): " first 2 serial 7 reason delay
 * acked 1-3", " [|ack]" when cut. */
static void ack(nlab_pctx *c, nlab_view v, uint32_t len)
{
	static const char *const reasons[] = {NULL,
					      "ack requested",
					      "duplicate packet",
					      "out of sequence",
					      "exceeds window",
					      "no buffer space",
					      "ping",
					      "ping response",
					      "delay",
					      "idle"};
	if (len < AFS_RXHDR)
		return;
	if (!nlab_view_has(v, AFS_RXHDR, 18)) {
		nlab_p_puts(c, " [|ack]");
		return;
	}
	uint32_t first = nlab_get32(v, 32);
	uint8_t reason = nlab_get8(v, 44), n = nlab_get8(v, 45);
	nlab_strbuf_printf(c->out, " first %u serial %u reason ", first,
			   nlab_get32(v, 40));
	if (reason && reason < 10)
		nlab_p_puts(c, reasons[reason]);
	else
		nlab_strbuf_printf(c->out, "#%u", reason);
	if (n && !nlab_view_has(v, 46, n)) {
		nlab_p_puts(c, " [|ack]");
		return;
	}
	ack_runs(c, v, 46, n, first, 1);
	ack_runs(c, v, 46, n, first, 0);
	if (c->o->v > 1)
		ack_trailer(c, v, 46 + (size_t)n + 3);
}

/* What follows the header of the Rx packet V: a call's procedure, a
 * reply's (when its call was seen), an ack's window: AFS_OK or AFS_RX. */
static int body(nlab_pctx *c, nlab_view v, uint32_t len, uint16_t sp,
		uint16_t dp, nlab_view ip)
{
	uint8_t type = nlab_get8(v, 20), flags = nlab_get8(v, 21);
	int first = nlab_get32(v, 12) == 1;
	uint32_t op;
	if (type == RX_DATA && first && (flags & RX_CLIENT_INIT)) {
		cache_insert(c, v, ip, dp);
		return nlab_afs_call(c, v, len, dp);
	}
	if (((type == RX_DATA && first) || type == RX_ABORT) &&
	    !(flags & RX_CLIENT_INIT) && cache_find(c, v, ip, sp, &op))
		return nlab_afs_reply(c, v, len, sp, op);
	if (type == RX_ACK)
		ack(c, v, len);
	return AFS_OK;
}

int nlab_p_rx(nlab_pctx *c, nlab_view v, uint32_t len, uint16_t sp, uint16_t dp,
	      nlab_view ip)
{
	c->proto = "rx";
	if (!nlab_view_has(v, 0, AFS_RXHDR)) {
		nlab_strbuf_printf(c->out, " [|rx] (%u)", len);
		return NLAB_P_OK;
	}
	uint8_t type = nlab_get8(v, 20);
	const char *name = type_name(type);
	if (name)
		nlab_strbuf_printf(c->out, " rx %s", name);
	else
		nlab_strbuf_printf(c->out, " rx type %u", type);
	if (c->o->v)
		header_verbose(c, v);
	if (body(c, v, len, sp, dp, ip) == AFS_RX) {
		c->proto = "rx";
		return NLAB_P_TRUNC;
	}
	nlab_strbuf_printf(c->out, " (%u)", len);
	return NLAB_P_OK;
}
