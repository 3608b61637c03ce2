/* print_tipc.c - TIPC (EtherType 0x88ca), as tcpdump's print-tipc.c
 * writes it: the version, nodes and ports, header and message sizes,
 * user and message type; -v a second line of link-level numbers. Each
 * kind of header reads all its words before printing them, so a cut
 * one prints nothing but " [|tipc]". */
#include "print_priv.h"

/* A TIPC address as "zone.cluster.node". */
static void node(nlab_pctx *c, uint32_t a)
{
	nlab_strbuf_printf(c->out, "%u.%u.%u", a >> 24, (a >> 12) & 0xfff, a & 0xfff);
}

static const char *user_name(unsigned u)
{
	static const char *const names[] = {
	    "Low Importance Data payload",
	    "Medium Importance Data payload",
	    "High Importance Data payload",
	    "Critical Importance Data payload",
	    NULL,
	    "Broadcast Link Protocol internal",
	    "Message Bundler Protocol internal",
	    "Link State Protocol internal",
	    "Connection Manager internal",
	    NULL,
	    "Link Changeover Protocol internal",
	    "Name Table Update Protocol internal",
	    "Message Fragmentation Protocol internal",
	    "Neighbor Detection Protocol internal",
	};
	return u < 14 && names[u] ? names[u] : "unknown";
}

/* tcpdump's tipcmtype_values, with its swapped names. */
static const char *mtype_name(unsigned t)
{
	static const char *const names[] = {"CONN_MSG", "MCAST_MSG", "NAMED_MSG", "DIRECT_MSG"};
	return t < 4 ? names[t] : "Unknown";
}

/* ", headerlength N bytes, MessageSize N bytes, USER, messageType " */
static void sizes(nlab_pctx *c, uint32_t w0)
{
	nlab_strbuf_printf(c->out, ", headerlength %u bytes, MessageSize %u bytes, %s, messageType ",
			   ((w0 >> 21) & 15) * 4, w0 & 0x1ffff, user_name((w0 >> 25) & 15));
}

/* A data or connection header (users 0-3, 8, 11). */
static int payload(nlab_pctx *c, nlab_view v)
{
	uint32_t w0 = nlab_get32(v, 0), w1 = nlab_get32(v, 4), prev = nlab_get32(v, 12);
	int full = ((w0 >> 21) & 15) > 6;
	if (!nlab_view_has(v, 0, full ? 32 : 24))
		return NLAB_P_TRUNC;
	nlab_strbuf_printf(c->out, "TIPC v%u.0 ", w0 >> 29);
	node(c, full ? nlab_get32(v, 24) : prev);
	nlab_strbuf_printf(c->out, ":%u > ", nlab_get32(v, 16));
	if (full) {
		node(c, nlab_get32(v, 28));
		nlab_p_puts(c, ":");
	}
	nlab_p_u(c, nlab_get32(v, 20));
	sizes(c, w0);
	nlab_p_puts(c, mtype_name(w1 >> 29));
	if (full && c->o->v) {
		uint32_t w2 = nlab_get32(v, 8);
		nlab_p_puts(c, "\n\tPrevious Node ");
		node(c, prev);
		nlab_strbuf_printf(c->out, ", Broadcast Ack %u, Link Ack %u, Link Sequence %u",
				   w1 & 0xffff, w2 >> 16, w2 & 0xffff);
	}
	return NLAB_P_OK;
}

/* A link-level protocol's header (users 5-7, 10, 12). */
static int internal(nlab_pctx *c, nlab_view v)
{
	if (!nlab_view_has(v, 0, 32))
		return NLAB_P_TRUNC;
	uint32_t w0 = nlab_get32(v, 0), w1 = nlab_get32(v, 4);
	nlab_strbuf_printf(c->out, "TIPC v%u.0 ", w0 >> 29);
	node(c, nlab_get32(v, 24));
	nlab_p_puts(c, " > ");
	node(c, nlab_get32(v, 28));
	sizes(c, w0);
	nlab_strbuf_printf(c->out, "%s (0x%08x)", mtype_name(w1 >> 29), w1);
	if (!c->o->v)
		return NLAB_P_OK;
	if (!nlab_view_has(v, 0, 40))
		return NLAB_P_TRUNC;
	uint32_t w2 = nlab_get32(v, 8), w4 = nlab_get32(v, 16), w9 = nlab_get32(v, 36);
	nlab_p_puts(c, "\n\tPrevious Node ");
	node(c, nlab_get32(v, 12));
	nlab_strbuf_printf(c->out,
			   ", Session No. %u, Broadcast Ack %u, Sequence Gap %u,  Broadcast Gap After %u,"
			   " Broadcast Gap To %u, Last Sent Packet No. %u, Next sent Packet No. %u,"
			   " Transport Sequence %u, msg_count %u, Link Tolerance %u",
			   nlab_get32(v, 20) >> 16, w1 & 0xffff, (w1 >> 16) & 0x1fff, w2 >> 16,
			   w2 & 0xffff, w4 >> 16, w4 & 0xffff, nlab_get32(v, 32), w9 >> 16,
			   w9 & 0xffff);
	return NLAB_P_OK;
}

/* A neighbour detection header (user 13). */
static int link_conf(nlab_pctx *c, nlab_view v)
{
	if (!nlab_view_has(v, 0, 16))
		return NLAB_P_TRUNC;
	uint32_t w0 = nlab_get32(v, 0), w1 = nlab_get32(v, 4);
	unsigned t = w1 >> 29;
	nlab_strbuf_printf(c->out, "TIPC v%u.0 ", w0 >> 29);
	node(c, nlab_get32(v, 12));
	nlab_p_puts(c, " > ");
	node(c, nlab_get32(v, 8));
	sizes(c, w0);
	nlab_p_puts(c, t == 0 ? "Link request" : t == 1 ? "Link response" : "Unknown");
	if (!c->o->v)
		return NLAB_P_OK;
	if (!nlab_view_has(v, 0, 24))
		return NLAB_P_TRUNC;
	nlab_strbuf_printf(c->out, "\n\tNodeSignature %u, network_id %u, media_id %u", w1 & 0xffff,
			   nlab_get32(v, 16), nlab_get32(v, 20) & 0xff);
	return NLAB_P_OK;
}

int nlab_p_tipc(nlab_pctx *c, nlab_view v)
{
	c->proto = "tipc";
	if (!nlab_view_has(v, 0, 4))
		return NLAB_P_TRUNC;
	switch ((nlab_get32(v, 0) >> 25) & 15) {
	case 0: case 1: case 2: case 3: case 8: case 11:
		return payload(c, v);
	case 13:
		return link_conf(c, v);
	case 5: case 6: case 7: case 10: case 12:
		return internal(c, v);
	default: /* a user tcpdump does not know prints nothing */
		return NLAB_P_OK;
	}
}
