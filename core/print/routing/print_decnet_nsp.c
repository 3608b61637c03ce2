/* print_decnet_nsp.c - DECnet's Network Services Protocol, the message
 * a DECnet data packet carries (print_decnet.c), as tcpdump's
 * print_nsp writes it: data and interrupt segments with their
 * acknowledgements, link service, data and I/LS acks, connect
 * initiate/confirm, disconnect initiate/confirm with the reason. */
#include "print_priv.h"

enum { INVALID = -1 };

/* What an acknowledgement field (or the one for the other channel,
 * when OTHER) is called: "ack"/"nak", "oack"/"onak" or, for a link
 * service or interrupt message's, "ackdat"/"nakdat". */
typedef struct ack_names {
	const char *ack, *nak, *oack, *onak;
} ack_names;

static const ack_names DATA_ACKS = {"ack", "nak", "oack", "onak"};
static const ack_names LS_ACKS = {"ack", "nak", "ackdat", "nakdat"};

/* The acknowledgement field A (qualifier bits Q) as "ack 3 ". */
static void put_ack(nlab_pctx *c, uint16_t a, uint16_t q, const char *ack, const char *nak)
{
	nlab_strbuf_printf(c->out, "%s %u ", (a & q) == q ? nak : ack, a & 07777);
}

/* A segment's acknowledgement fields, which each may be absent, then
 * its number ("seg 5 "), from OFF of the LEN-byte message. CHECK: the
 * message's length is checked as each field is reached. */
static int seg_acks(nlab_pctx *c, nlab_view v, size_t off, uint32_t len, const ack_names *n,
		    int check)
{
	size_t at = 5;
	if (check && len < 7)
		return INVALID;
	if (!nlab_view_has(v, off + at, 2))
		return NLAB_P_TRUNC;
	uint16_t a = nlab_get16le(v, off + at);
	if (a & 0x8000) {
		put_ack(c, a, 0x9000, n->ack, n->nak);
		at += 2;
		if (check && len < at + 2)
			return INVALID;
		if (!nlab_view_has(v, off + at, 2))
			return NLAB_P_TRUNC;
		a = nlab_get16le(v, off + at);
		if (a & 0xa000) {
			put_ack(c, a, 0xb000, n->oack, n->onak);
			at += 2;
			if (check && len < at + 2)
				return INVALID;
			if (!nlab_view_has(v, off + at, 2))
				return NLAB_P_TRUNC;
			a = nlab_get16le(v, off + at);
		}
	}
	nlab_strbuf_printf(c->out, "seg %u ", a & 07777);
	return NLAB_P_OK;
}

/* A link service message: its segment fields, then the flow control. */
static int link_service(nlab_pctx *c, nlab_view v, size_t off, uint32_t len)
{
	if (len < 13)
		return INVALID;
	int r = seg_acks(c, v, off, len, &LS_ACKS, 0);
	if (r != NLAB_P_OK)
		return r;
	if (!nlab_view_has(v, off + 11, 2))
		return NLAB_P_TRUNC;
	uint8_t flags = nlab_get8(v, off + 11), fcval = nlab_get8(v, off + 12);
	switch (flags & 014) {
	case 0:
		nlab_strbuf_printf(c->out, "dat seg count %u ", fcval);
		if ((flags & 3) == 1)
			nlab_p_puts(c, "donotsend-data ");
		else if ((flags & 3) == 2)
			nlab_p_puts(c, "send-data ");
		else if ((flags & 3) == 3)
			nlab_strbuf_printf(c->out, "reserved-fcmod? %x", flags);
		break;
	case 4:
		nlab_strbuf_printf(c->out, "intr req count %u ", fcval);
		break;
	default:
		nlab_strbuf_printf(c->out, "reserved-fcval-int? %x", flags);
	}
	return NLAB_P_OK;
}

/* A data message (FLAGS of type 0): data, interrupt or link service. */
static int data_msg(nlab_pctx *c, nlab_view v, size_t off, uint32_t len, uint8_t flags,
		    uint16_t src, uint16_t dst)
{
	switch (flags & 0160) {
	case 0: case 040: case 0100: case 0140:
		nlab_strbuf_printf(c->out, "data %u>%u ", src, dst);
		return seg_acks(c, v, off, len, &DATA_ACKS, 1);
	case 060:
		nlab_p_puts(c, "intr ");
		return seg_acks(c, v, off, len, &LS_ACKS, 1);
	case 020:
		nlab_strbuf_printf(c->out, "link-service %u>%u ", src, dst);
		return link_service(c, v, off, len);
	default:
		nlab_strbuf_printf(c->out, "reserved-subtype? %x %u > %u", flags, src, dst);
		return NLAB_P_OK;
	}
}

/* A data or I/LS acknowledgement's fields (9 bytes). */
static int ack_fields(nlab_pctx *c, nlab_view v, size_t off, uint32_t len, const ack_names *n)
{
	if (len < 9)
		return INVALID;
	if (!nlab_view_has(v, off, 9))
		return NLAB_P_TRUNC;
	uint16_t a = nlab_get16le(v, off + 5);
	if (a & 0x8000) {
		put_ack(c, a, 0x9000, n->ack, n->nak);
		a = nlab_get16le(v, off + 7);
		if (a & 0xa000)
			put_ack(c, a, 0xb000, n->oack, n->onak);
	}
	return NLAB_P_OK;
}

/* An acknowledgement message (FLAGS of type 1). */
static int ack_msg(nlab_pctx *c, nlab_view v, size_t off, uint32_t len, uint8_t flags,
		   uint16_t src, uint16_t dst)
{
	switch (flags & 0160) {
	case 0:
		nlab_strbuf_printf(c->out, "data-ack %u>%u ", src, dst);
		return ack_fields(c, v, off, len, &DATA_ACKS);
	case 020:
		nlab_strbuf_printf(c->out, "ils-ack %u>%u ", src, dst);
		return ack_fields(c, v, off, len, &LS_ACKS);
	case 040:
		nlab_strbuf_printf(c->out, "conn-ack %u", dst);
		return NLAB_P_OK;
	default:
		nlab_strbuf_printf(c->out, "reserved-acktype? %x %u > %u", flags, src, dst);
		return NLAB_P_OK;
	}
}

/* A connect message's services, version and segment size (at OFF+5). */
static void connect_fields(nlab_pctx *c, nlab_view v, size_t off)
{
	static const char *const ver[] = {"3.2", "3.1", "4.0", "4.1"};
	uint8_t services = nlab_get8(v, off + 5);
	if ((services & 014) == 04)
		nlab_p_puts(c, "seg ");
	else if ((services & 014) == 010)
		nlab_p_puts(c, "msg ");
	nlab_strbuf_printf(c->out, "ver %s segsize %u ", ver[nlab_get8(v, off + 6) & 3],
			   nlab_get16le(v, off + 7));
}

/* A disconnect reason's name ("disconnect complete "), or "reason-N ". */
static void put_reason(nlab_pctx *c, uint16_t r)
{
	static const char *const low[] = {
		"object rejected connect", "insufficient resources", "unrecognized node name",
		"node is shutting down", "unrecognized object", "invalid object name format",
		"object too busy", "protocol error discovered", "third party abort",
		"user abort", "invalid node name format", "local node shutting down"};
	static const char *const high[] = {
		"insufficient local resources", "insufficient remote user resources",
		"invalid access control information", NULL, "bad ACCOUNT information", NULL,
		"no response from object", "node unreachable", NULL, "no link terminate",
		"disconnect complete", "bad image data in connect"};
	const char *n = r < 12 ? low[r] : r >= 32 && r < 44 ? high[r - 32] : NULL;
	if (r == 54)
		n = "cryptographic service mismatch";
	if (n)
		nlab_strbuf_printf(c->out, "%s ", n);
	else
		nlab_strbuf_printf(c->out, "reason-%u ", r);
}

/* A connect initiate, or its retransmission (RCI). */
static int conn_initiate(nlab_pctx *c, nlab_view v, size_t off, uint32_t len, int rci,
			 uint16_t src, uint16_t dst)
{
	nlab_strbuf_printf(c->out, "%sconn-initiate %u>%u ", rci ? "retrans-" : "", src, dst);
	if (len < 9)
		return INVALID;
	if (!nlab_view_has(v, off + 5, 4))
		return NLAB_P_TRUNC;
	connect_fields(c, v, off);
	return NLAB_P_OK;
}

/* A connect confirm: the connect fields and the optional data's size. */
static int conn_confirm(nlab_pctx *c, nlab_view v, size_t off, uint32_t len, uint16_t src,
			uint16_t dst)
{
	nlab_strbuf_printf(c->out, "conn-confirm %u>%u ", src, dst);
	if (len < 10)
		return INVALID;
	if (!nlab_view_has(v, off + 5, 5))
		return NLAB_P_TRUNC;
	connect_fields(c, v, off);
	if (nlab_get8(v, off + 9))
		nlab_strbuf_printf(c->out, "optlen %u ", nlab_get8(v, off + 9));
	return NLAB_P_OK;
}

/* A disconnect initiate (DI) or confirm: the reason, and for DI the
 * optional data's size. */
static int disconnect(nlab_pctx *c, nlab_view v, size_t off, uint32_t len, int di,
		      uint16_t src, uint16_t dst)
{
	nlab_strbuf_printf(c->out, "disconn-%s %u>%u ", di ? "initiate" : "confirm", src, dst);
	if (di && len < 8)
		return INVALID;
	if (!nlab_view_has(v, off + 5, di ? 3 : 2))
		return NLAB_P_TRUNC;
	put_reason(c, nlab_get16le(v, off + 5));
	if (di && nlab_get8(v, off + 7))
		nlab_strbuf_printf(c->out, "optlen %u ", nlab_get8(v, off + 7));
	return NLAB_P_OK;
}

/* A control message (FLAGS of type 2). */
static int ctl_msg(nlab_pctx *c, nlab_view v, size_t off, uint32_t len, uint8_t flags,
		   uint16_t src, uint16_t dst)
{
	switch (flags & 0160) {
	case 020: return conn_initiate(c, v, off, len, 0, src, dst);
	case 0140: return conn_initiate(c, v, off, len, 1, src, dst);
	case 040: return conn_confirm(c, v, off, len, src, dst);
	case 060: return disconnect(c, v, off, len, 1, src, dst);
	case 0100: return disconnect(c, v, off, len, 0, src, dst);
	default:
		nlab_strbuf_printf(c->out, "reserved-ctltype? %x %u > %u", flags, src, dst);
		return NLAB_P_OK;
	}
}

int nlab_p_nsp(nlab_pctx *c, nlab_view v, size_t off, uint32_t len)
{
	if (len < 5) {
		nlab_strbuf_printf(c->out, " (nsplen %u < 5)", len);
		return INVALID;
	}
	if (!nlab_view_has(v, off, 5))
		return NLAB_P_TRUNC;
	uint8_t flags = nlab_get8(v, off);
	uint16_t dst = nlab_get16le(v, off + 1), src = nlab_get16le(v, off + 3);
	switch (flags & 014) {
	case 0: return data_msg(c, v, off, len, flags, src, dst);
	case 04: return ack_msg(c, v, off, len, flags, src, dst);
	case 010: return ctl_msg(c, v, off, len, flags, src, dst);
	default:
		nlab_strbuf_printf(c->out, "reserved-type? %x %u > %u", flags, src, dst);
		return NLAB_P_OK;
	}
}
