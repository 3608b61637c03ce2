/* print_forces.c - ForCES (RFC 5810) inside SCTP DATA chunks, as
 * tcpdump 4.99.3's print-forces.c writes it: "\n\tForCES Config " and
 * under -v the version, length, flags, source and destination ids and
 * correlator, under -vv the flags spelt out; then the walk over the
 * top-level TLVs (LFB selectors, redirect data, association results),
 * which prints only what it finds wrong ("illegal ...", "Messy ...")
 * and then the message in hex. What tcpdump adds under -vvv is not
 * here: netlab.tcpdump refuses -vvv. */
#include "print_forces.h"

#include <inttypes.h>
#include <stdio.h>

/* A message type: its name, top-level TLV rules (tcpdump's tom_h
 * flags), the operations it may carry and its TLVs' printer. */
typedef int tlv_fn(nlab_fwalk *w, size_t off, uint32_t len, uint16_t ops, int indent);
typedef struct tom {
	uint8_t type;
	uint16_t flags, ops;
	const char *name;
	tlv_fn *print;
} tom;

enum { ZERO_TTLV = 1, ZERO_MORE_TTLV = 2, ONE_MORE_TTLV = 4 };
enum { T1 = ONE_MORE_TTLV | 0x10, T2 = ONE_MORE_TTLV | 0xf0 };
/* The operations' bits (1 << (operation - 1)) each message allows. */
enum {
	OPS_CFG = 0x1 | 0x2 | 0x10 | 0x800 | 0x2000, /* set, set-prop, del, commit, trcomp */
	OPS_CFGR = 0x4 | 0x8 | 0x20 | 0x1000,        /* their responses */
	OPS_QRY = 0x40 | 0x80,                       /* get, get-prop */
	OPS_QRYR = 0x100 | 0x200,                    /* their responses */
	OPS_RPT = 0x400                              /* report */
};

void nlab_fc_indent(nlab_fwalk *w, int n)
{
	static const char sp[] = "                                ";
	for (n = n > 255 ? 255 : n; n > 0; n -= 32)
		nlab_strbuf_add(w->c->out, sp, n < 32 ? (size_t)n : 32);
}

int nlab_fc_hex(nlab_fwalk *w, size_t off, uint32_t n, const char *ident)
{
	nlab_p_hexdump(w->c, w->v, off, n, ident);
	return nlab_fc_cut(w, off, n) ? FC_CUT : 0;
}

uint32_t nlab_fc_tlv_bad(uint32_t tlvl, uint32_t rlen)
{
	if (rlen < FC_TLV_HDR)
		return 1;
	if (tlvl < FC_TLV_HDR)
		return 2;
	if (tlvl > rlen)
		return 3;
	return rlen < nlab_fc_align(tlvl) ? 4 : 0;
}

const char *nlab_fc_bad_name(uint32_t why)
{
	static const char *const names[] = {"#0", "Invalid total length", "xLV too short",
					    "xLV too long", "data padding missing"};
	return names[why < 5 ? why : 0];
}

const char *nlab_fc_tlv_name(uint16_t t, char buf[16])
{
	switch (t) {
	case 0x0000: return "Invalid TLV";
	case 0x0001: return "REDIRECT TLV";
	case 0x0010: return "ASResult TLV";
	case 0x0011: return "ASTreason TLV";
	case 0x1000: return "LFBselect TLV";
	case 0x0110: return "PATH-DATA TLV";
	case 0x0111: return "KEYINFO TLV";
	case 0x0112: return "FULLDATA TLV";
	case 0x0113: return "SPARSEDATA TLV";
	case 0x0114: return "RESULT TLV";
	case 0x0115: return "METADATA TLV";
	case 0x0116: return "REDIRECTDATA TLV";
	default:
		snprintf(buf, 16, "#%d", t);
		return buf;
	}
}

int nlab_fc_ttlv_valid(uint16_t t)
{
	return t == 1 || t == 0x1000 || t == 0x10 || t == 0x11 || (t >= 0x110 && t <= 0x116);
}

/* An association result or teardown reason of LEN bytes at OFF (its
 * TLV's length with the header): 4 bytes of code no greater than MAX. */
static int result_tlv(nlab_fwalk *w, size_t off, uint32_t len, const char *what, uint32_t max)
{
	if (len - FC_TLV_HDR != 4) {
		nlab_strbuf_printf(w->c->out, "illegal %s-TLV: %u bytes!\n", what, len - FC_TLV_HDR);
		return FC_ERR;
	}
	if (nlab_fc_cut(w, off, 4))
		return FC_CUT;
	uint32_t code = nlab_get32(w->v, off);
	if (code > max) {
		nlab_strbuf_printf(w->c->out, "illegal %s result code: %u!\n", what, code);
		return FC_ERR;
	}
	return 0;
}

/* Association TearDown's reason and Response's result (asttlv_print,
 * asrtlv_print). */
static int teardown_tlv(nlab_fwalk *w, size_t off, uint32_t len, uint16_t ops, int indent)
{
	(void)ops, (void)indent;
	return result_tlv(w, off, len, "ASTresult", 255);
}

static int response_tlv(nlab_fwalk *w, size_t off, uint32_t len, uint16_t ops, int indent)
{
	(void)ops, (void)indent;
	return result_tlv(w, off, len, "ASRresult", 3);
}

/* A redirect's METADATA TLV: its ILVs, "MetaID 0x.. length .." each
 * (print_metatlv, print_metailv); DLEN bytes of them at OFF. */
static int metadata(nlab_fwalk *w, size_t off, uint32_t dlen, int indent)
{
	nlab_p_puts(w->c, "\n");
	nlab_fc_indent(w, indent);
	nlab_strbuf_printf(w->c->out, " METADATA length %u\n", dlen);
	for (uint32_t rlen = dlen; rlen != 0;) {
		if (rlen < FC_ILV_HDR)
			break;
		if (nlab_fc_cut(w, off, FC_ILV_HDR))
			return FC_CUT;
		uint32_t ilvl = nlab_get32(w->v, off + 4);
		if (ilvl < FC_ILV_HDR || ilvl > rlen || rlen < nlab_fc_align(ilvl))
			break;
		nlab_fc_indent(w, indent + 1);
		nlab_strbuf_printf(w->c->out, "MetaID 0x%x length %u\n", nlab_get32(w->v, off), ilvl);
		off += nlab_fc_align(ilvl), rlen -= nlab_fc_align(ilvl);
	}
	return 0;
}

/* A Packet Redirect's TLV (redirect_print): METADATA and REDIRECTDATA
 * TLVs, LEN bytes with the header at OFF - 4. */
static int redirect_tlv(nlab_fwalk *w, size_t off, uint32_t len, uint16_t ops, int indent)
{
	(void)ops;
	uint32_t rlen = len - FC_TLV_HDR;
	if (rlen <= 8) {
		nlab_strbuf_printf(w->c->out, "\n\t\ttruncated Redirect TLV: %u bytes missing! ", 8 - rlen);
		return FC_ERR;
	}
	indent++;
	while (rlen != 0) {
		if (nlab_fc_cut(w, off, FC_TLV_HDR))
			return FC_CUT;
		uint16_t type = nlab_get16(w->v, off), tlvl = nlab_get16(w->v, off + 2);
		if (nlab_fc_tlv_bad(tlvl, rlen)) {
			nlab_p_puts(w->c, "Bad Redirect data\n");
			break;
		}
		if (type == 0x115) {
			if (metadata(w, off + FC_TLV_HDR, tlvl - FC_TLV_HDR, indent) == FC_CUT)
				return FC_CUT;
		} else if (type == 0x116) {
			nlab_p_puts(w->c, "\n");
			nlab_fc_indent(w, indent);
			nlab_strbuf_printf(w->c->out, " Redirect Data length %u\n", tlvl - FC_TLV_HDR);
		} else {
			nlab_strbuf_printf(w->c->out, "Unknown REDIRECT TLV 0x%x len %u\n", type, tlvl);
		}
		off += nlab_fc_align(tlvl), rlen -= nlab_fc_align(tlvl);
	}
	if (rlen) {
		if (nlab_fc_cut(w, off, FC_TLV_HDR))
			return FC_CUT;
		nlab_strbuf_printf(w->c->out, "\n\t\tMessy Redirect TLV header, type (0x%x)\n\t\texcess of %u Bytes ",
				   nlab_get16(w->v, off), rlen - nlab_get16(w->v, off + 2));
		return FC_ERR;
	}
	return 0;
}

/* Whether operation OP is one of OPS's (op_valid; vendor ones are). */
static int op_valid(uint16_t op, uint16_t ops)
{
	if (op == 0)
		return 0;
	if (op <= 14)
		return (1 << (op - 1)) & ops;
	return op >= 0x8000;
}

/* An LFB selector TLV (lfbselect_print): class and instance, then its
 * operation TLVs, LEN bytes with the header at OFF - 4. */
static int lfb_tlv(nlab_fwalk *w, size_t off, uint32_t len, uint16_t ops, int indent)
{
	uint32_t dlen = len - FC_TLV_HDR;
	if (dlen <= 12) {
		nlab_strbuf_printf(w->c->out, "\n\t\ttruncated lfb selector: %u bytes missing! ", 12 - dlen);
		return FC_ERR;
	}
	if (nlab_fc_cut(w, off, 8)) { /* tcpdump's ND_TCHECK: it goes on */
		nlab_p_trunc(w->c);
		return FC_ERR;
	}
	uint32_t rlen = dlen - 8;
	indent++;
	for (off += 8; rlen != 0;) {
		if (nlab_fc_cut(w, off, FC_TLV_HDR))
			return FC_CUT;
		uint16_t type = nlab_get16(w->v, off), tlvl = nlab_get16(w->v, off + 2);
		if (nlab_fc_tlv_bad(tlvl, rlen))
			break;
		if (op_valid(type, ops)) {
			if (nlab_fc_oper(w, off, indent) == FC_CUT)
				return FC_CUT; /* another failure goes on to the next */
		} else {
			nlab_strbuf_printf(w->c->out, "\n\t\tINValid oper-TLV type 0x%x length %u for this ForCES message\n",
					   type, tlvl);
		}
		off += nlab_fc_align(tlvl), rlen -= nlab_fc_align(tlvl);
	}
	if (rlen) {
		if (nlab_fc_cut(w, off, FC_TLV_HDR))
			return FC_CUT;
		nlab_strbuf_printf(w->c->out, "\n\t\tMessy oper TLV header, type (0x%x)\n\t\texcess of %u Bytes ",
				   nlab_get16(w->v, off), rlen - nlab_get16(w->v, off + 2));
		return FC_ERR;
	}
	return 0;
}

/* The message types tcpdump knows (ForCES_msg). */
static const tom toms[] = {
	{0x01, ZERO_MORE_TTLV | 0x20, OPS_RPT, "Association Setup", lfb_tlv},
	{0x02, T1, 0, "Association TearDown", teardown_tlv},
	{0x03, T2, OPS_CFG, "Config", lfb_tlv},
	{0x04, T2, OPS_QRY, "Query", lfb_tlv},
	{0x05, T1, OPS_RPT, "Event Notification", lfb_tlv},
	{0x06, T2, 0, "Packet Redirect", redirect_tlv},
	{0x0f, ZERO_TTLV, 0, "HeartBeat", NULL},
	{0x11, T1, 0, "Association Response", response_tlv},
	{0x13, T2, OPS_CFGR, "Config Response", lfb_tlv},
	{0x14, T2, OPS_QRYR, "Query Response", lfb_tlv},
};

/* The top-level TLVs of a message of MLEN bytes (forces_type_print). */
static int top_tlvs(nlab_fwalk *w, uint32_t mlen, const tom *t)
{
	uint32_t rlen = mlen - 24;
	if (rlen > FC_TLV_HDR) {
		if (t->flags & ZERO_TTLV) {
			nlab_strbuf_printf(w->c->out, "<0x%x>Illegal Top level TLV!\n", t->flags);
			return FC_ERR;
		}
	} else {
		if (t->flags & ZERO_MORE_TTLV)
			return 0;
		if (t->flags & ONE_MORE_TTLV) {
			nlab_p_puts(w->c, "\tTop level TLV Data missing!\n");
			return FC_ERR;
		}
	}
	if (t->flags & ZERO_TTLV)
		return 0;
	size_t off = 24;
	for (unsigned left = t->flags >> 4; rlen != 0;) {
		if (nlab_fc_cut(w, off, FC_TLV_HDR))
			return FC_CUT;
		uint16_t type = nlab_get16(w->v, off), tlvl = nlab_get16(w->v, off + 2);
		if (nlab_fc_tlv_bad(tlvl, rlen))
			break;
		if (!nlab_fc_ttlv_valid(type)) {
			nlab_strbuf_printf(w->c->out, "\n\tInvalid ForCES Top TLV type=0x%x", type);
			return FC_ERR;
		}
		int rc = t->print(w, off + FC_TLV_HDR, tlvl, t->ops, 9);
		if (rc < 0)
			return rc;
		off += nlab_fc_align(tlvl), rlen -= nlab_fc_align(tlvl);
		if (--left == 0)
			break;
	}
	if (rlen) {
		if (nlab_fc_cut(w, off + 2, 2))
			return FC_CUT;
		nlab_strbuf_printf(w->c->out, "\tMess TopTLV header: min %u, total %u advertised %u ",
				   FC_TLV_HDR, rlen, nlab_get16(w->v, off + 2));
		return FC_ERR;
	}
	return 0;
}

/* The node kind of id N (ForCES_node). */
static const char *node(uint32_t n)
{
	if (n <= 0x3fffffff)
		return "FE";
	if (n <= 0x7fffffff)
		return "CE";
	if (n >= 0xc0000000 && n <= 0xffffffef)
		return "AllMulticast";
	if (n == 0xfffffffd)
		return "AllCEsBroadcast";
	if (n == 0xfffffffe)
		return "AllFEsBroadcast";
	if (n == 0xffffffff)
		return "AllBroadcast";
	return "ForCESreserved";
}

/* The header's fields: -v the version, length, ids and correlator,
 * -vv the flags a name each. */
static void header(nlab_fwalk *w, uint32_t mlen)
{
	static const char *const acks[] = {"NoACK", "SuccessACK", "FailureACK", "AlwaysACK"};
	static const char *const ems[] = {"EMReserved", "execute-all-or-none", "execute-until-failure",
					  "continue-execute-on-failure"};
	static const char *const ats[] = {"Standalone", "2PCtransaction"};
	static const char *const tps[] = {"StartofTransaction", "MiddleofTransaction", "EndofTransaction",
					  "abort"};
	nlab_view v = w->v;
	uint32_t f = nlab_get32(v, 20), sid = nlab_get32(v, 4), did = nlab_get32(v, 8);
	uint64_t cor = (uint64_t)nlab_get32(v, 12) << 32 | nlab_get32(v, 16);
	if (w->c->o->v >= 1) {
		nlab_strbuf_printf(w->c->out, "\n\tForCES Version %u len %uB flags 0x%08x ", nlab_get8(v, 0) >> 4,
				   mlen, f);
		nlab_strbuf_printf(w->c->out, "\n\tSrcID 0x%x(%s) DstID 0x%x(%s) Correlator 0x%" PRIx64, sid,
				   node(sid), did, node(did), cor);
	}
	if (w->c->o->v < 2)
		return;
	uint32_t ack = f >> 30, em = f >> 22 & 3, at = f >> 21 & 1, tp = f >> 19 & 3;
	nlab_strbuf_printf(w->c->out, "\n\tForCES flags:\n\t  %s(0x%x), prio=%u, %s(0x%x),\n\t  %s(0x%x), %s(0x%x)\n",
			   acks[ack], ack, f >> 27 & 7, ems[em], em, ats[at], at, tps[tp], tp);
	nlab_strbuf_printf(w->c->out, "\t  Extra flags: rsv(b5-7) 0x%x rsv(b13-31) 0x%x\n", f >> 24 & 7,
			   f & 0x7ffff);
}

/* Whether message type T is one tcpdump reads on (tom_valid). */
static int tom_valid(uint8_t t)
{
	return t > 0 && !(t >= 7 && t <= 0xe) && t != 0x10 && t <= 0x14;
}

/* The message's name, header and TLVs; FC_ERR when its hex is due. */
static int message(nlab_fwalk *w, uint32_t len)
{
	uint8_t type = nlab_get8(w->v, 1);
	if (!tom_valid(type)) {
		nlab_strbuf_printf(w->c->out, "Invalid ForCES message type %u\n", type);
		return FC_ERR;
	}
	const tom *t = NULL;
	for (size_t i = 0; i < sizeof toms / sizeof toms[0]; i++)
		if (toms[i].type == type)
			t = &toms[i];
	if (!t) {
		nlab_strbuf_printf(w->c->out, "\n\tUnknown ForCES message type=0x%x", type);
		return FC_ERR;
	}
	nlab_strbuf_printf(w->c->out, "\n\tForCES %s ", t->name);
	uint32_t mlen = (uint32_t)nlab_get16(w->v, 2) << 2;
	if (len < 24 || mlen < 24 || mlen != len) {
		nlab_strbuf_printf(w->c->out, "Illegal ForCES pkt len - min %u, total recvd %u, advertised %u ", 24,
				   len, mlen);
		return FC_ERR;
	}
	header(w, mlen);
	return top_tlvs(w, mlen, t);
}

int nlab_p_forces(nlab_pctx *c, nlab_view v, uint32_t len)
{
	c->proto = "forces";
	if (!nlab_view_has(v, 0, 24)) {
		nlab_p_trunc(c);
		return NLAB_P_OK;
	}
	nlab_fwalk w = {c, v};
	int rc = message(&w, len);
	if (rc == FC_ERR) {
		rc = nlab_fc_hex(&w, 0, len, "\n\t[");
		if (rc == 0)
			nlab_p_puts(c, "\n\t]");
	}
	return rc == FC_CUT ? NLAB_P_TRUNC : NLAB_P_OK;
}
