/* print_forces_pd.c - ForCES's operation TLVs and the path data in
 * them, as tcpdump 4.99.3's print-forces.c walks them (otlv_print,
 * recpdoptlv_print, pdata_print, pdatacnt_print and the data TLVs'
 * printers). Below -vvv the walk prints only what it finds wrong and
 * the key of a KEYINFO TLV; its quirks are tcpdump's: a KEYINFO TLV's
 * key TLV is checked against the whole of what holds it, and the
 * FULLDATA TLV is looked for after the key TLV's header. */
#include "print_forces.h"

enum { PD_PATH = 0x110, PD_KEY = 0x111, PD_FULL = 0x112, PD_SPARSE = 0x113, PD_RESULT = 0x114 };
/* The encodings an operation allows (tcpdump's B_FULLD ...), and what
 * the path flags add to them. */
enum { B_FULLD = 1, B_SPARD = 2, B_RESTV = 4, B_KEYIN = 8, B_APPND = 0x10, B_TRNG = 0x20 };

static int path_tlvs(nlab_fwalk *w, size_t off, uint32_t len, uint16_t msk, int indent);
static int pdata(nlab_fwalk *w, size_t off, uint32_t len, uint16_t msk, int indent);

/* tcpdump's ND_TCHECK of N bytes at OFF: " [|forces]" and FC_ERR when
 * they were not captured (the walk stops, the message's hex follows). */
static int tcheck(nlab_fwalk *w, size_t off, size_t n)
{
	if (!nlab_fc_cut(w, off, n))
		return 0;
	nlab_p_trunc(w->c);
	return FC_ERR;
}

/* A RESULT TLV of LEN bytes (with its header and padding) at OFF. */
static int result_tlv(nlab_fwalk *w, size_t off, uint32_t len)
{
	if (len - FC_TLV_HDR != 4) {
		nlab_strbuf_printf(w->c->out, "illegal RESULT-TLV: %u bytes!\n", len - FC_TLV_HDR);
		return FC_ERR;
	}
	if (tcheck(w, off + FC_TLV_HDR, 4))
		return FC_ERR;
	uint8_t r = nlab_get8(w->v, off + FC_TLV_HDR);
	if (r >= 0x18 && r <= 0xfe) {
		nlab_strbuf_printf(w->c->out, "illegal reserved result code: 0x%x!\n", r);
		return FC_ERR;
	}
	return 0;
}

/* A FULLDATA TLV at OFF: only its type is checked (fdatatlv_print). */
static int full_tlv(nlab_fwalk *w, size_t off)
{
	if (tcheck(w, off, FC_TLV_HDR))
		return FC_ERR;
	if (nlab_get16(w->v, off) != PD_FULL) {
		nlab_p_puts(w->c, "Error: expecting FULLDATA!\n");
		return FC_ERR;
	}
	return 0;
}

/* A SPARSEDATA TLV of LEN bytes at OFF: its ILVs' lengths checked. */
static int sparse_tlv(nlab_fwalk *w, size_t off, uint32_t len)
{
	if (tcheck(w, off, FC_TLV_HDR))
		return FC_ERR;
	if (nlab_get16(w->v, off) != PD_SPARSE) {
		nlab_p_puts(w->c, "Error: expecting SPARSEDATA!\n");
		return FC_ERR;
	}
	uint32_t rlen = len - FC_TLV_HDR;
	if (rlen < FC_ILV_HDR) {
		nlab_p_puts(w->c, "Error: BAD SPARSEDATA-TLV!\n");
		return FC_ERR;
	}
	for (off += FC_TLV_HDR; rlen != 0;) {
		uint32_t why = 1, ilvl = 0;
		if (rlen >= FC_ILV_HDR) {
			if (nlab_fc_cut(w, off + 4, 4))
				return FC_CUT;
			ilvl = nlab_get32(w->v, off + 4);
			why = ilvl < FC_ILV_HDR ? 2 : ilvl > rlen ? 3 : rlen < nlab_fc_align(ilvl) ? 4 : 0;
		}
		if (why) {
			nlab_strbuf_printf(w->c->out, "Error: %s, rlen %u\n", nlab_fc_bad_name(why), rlen);
			return FC_ERR;
		}
		off += nlab_fc_align(ilvl), rlen -= nlab_fc_align(ilvl);
	}
	return 0;
}

/* A KEYINFO TLV of LEN bytes at OFF: "Keyinfo: Key 0x.." at any
 * verbosity, then its key TLV (pkeyitlv_print). */
static int key_tlv(nlab_fwalk *w, size_t off, uint32_t len, int indent)
{
	if (nlab_fc_cut(w, off + 4, 4))
		return FC_CUT;
	nlab_fc_indent(w, indent);
	nlab_strbuf_printf(w->c->out, "Keyinfo: Key 0x%x\n", nlab_get32(w->v, off + 4));
	size_t kd = off + 8;
	if (nlab_fc_cut(w, kd, FC_TLV_HDR))
		return FC_CUT;
	uint16_t type = nlab_get16(w->v, kd), tll = nlab_get16(w->v, kd + 2);
	uint32_t why = nlab_fc_tlv_bad(tll, len);
	if (why) {
		nlab_strbuf_printf(w->c->out, "%s TLV type 0x%x len %u\n", nlab_fc_bad_name(why), type, tll);
		return FC_ERR;
	}
	return full_tlv(w, kd + FC_TLV_HDR);
}

/* The data TLV at OFF of LEN bytes with its header and padding, of
 * type TYPE (pd_valid), under the path's encodings MSK. */
static int data_tlv(nlab_fwalk *w, uint16_t type, size_t off, uint32_t len, uint16_t msk, int indent)
{
	static const uint16_t want[] = {0, 0, B_FULLD, B_SPARD, B_RESTV}; /* by type - PD_PATH */
	if (type != PD_PATH) {
		if (msk & B_KEYIN) {
			if (type != PD_KEY)
				nlab_p_puts(w->c, "Based on flags expected KEYINFO TLV!\n");
		} else if (!(msk & want[type - PD_PATH])) {
			nlab_strbuf_printf(w->c->out, "Illegal DATA encoding for type 0x%x programmed %x got %x\n", type,
					   want[type - PD_PATH], msk);
		}
	}
	switch (type) {
	case PD_PATH:
		return path_tlvs(w, off, len, msk, indent);
	case PD_KEY:
		return key_tlv(w, off, len, indent);
	case PD_FULL:
		return full_tlv(w, off);
	case PD_SPARSE:
		return sparse_tlv(w, off, len);
	default:
		return result_tlv(w, off, len);
	}
}

/* A range's or key's bytes after the IDs (pdatacnt_print's middle):
 * what is left of *LEN after them at *OFF, or FC_ERR. */
static int range_or_key(nlab_fwalk *w, size_t *off, uint32_t *len, uint16_t msk)
{
	if (*len < 12) {
		nlab_strbuf_printf(w->c->out, "pathlength %u with key/range too short %u\n", *len, 12);
		return FC_ERR;
	}
	if (msk & B_TRNG) { /* a TLV header, the first and the last index */
		*off += 12, *len -= 12;
		return 0;
	}
	uint16_t tll = nlab_get16(w->v, *off + 6); /* key id, then the key TLV */
	*off += 8, *len -= 8;
	if (tll < FC_TLV_HDR) {
		nlab_strbuf_printf(w->c->out, "key content length %u < %u\n", tll, FC_TLV_HDR);
		return FC_ERR;
	}
	uint32_t key = (uint32_t)tll - FC_TLV_HDR;
	if (*len < key) {
		nlab_p_puts(w->c, "key content too short\n");
		return FC_ERR;
	}
	*off += key, *len -= key;
	return 0;
}

/* What follows a path's COUNT IDs (pdatacnt_print): the bytes left
 * after its data TLV (0 when none), FC_ERR or FC_CUT. */
static long path_content(nlab_fwalk *w, size_t off, uint32_t len, uint16_t count, uint16_t msk,
			 int indent)
{
	for (uint16_t i = 0; i < count; i++) {
		if (tcheck(w, off, 4))
			return FC_ERR;
		off += 4, len -= 4; /* pdata checked that the IDs fit */
	}
	if ((msk & (B_TRNG | B_KEYIN)) && range_or_key(w, &off, &len, msk))
		return FC_ERR;
	if (!len)
		return 0;
	if (nlab_fc_cut(w, off, FC_TLV_HDR))
		return FC_CUT;
	uint16_t type = nlab_get16(w->v, off), tlvl = nlab_get16(w->v, off + 2);
	uint32_t why = nlab_fc_tlv_bad(tlvl, len);
	if (why)
		nlab_strbuf_printf(w->c->out, "%s Outstanding bytes %u for TLV type 0x%x TLV len %u\n",
				   nlab_fc_bad_name(why), len, type, tlvl);
	else if (type >= PD_PATH && type <= PD_RESULT) {
		uint32_t aligned = nlab_fc_align(tlvl); /* tlv_bad saw it fit */
		int rc = data_tlv(w, type, off, aligned, msk, indent + 2);
		return rc == FC_ERR || rc == FC_CUT ? rc : (long)(len - aligned);
	} else
		nlab_strbuf_printf(w->c->out, "Invalid path data content type 0x%x len %u\n", type, tlvl);
	if (!tlvl)
		return len;
	int rc = nlab_fc_hex(w, off, len, "Bad Data val\n\t  [");
	if (rc == 0)
		nlab_p_puts(w->c, "]\n");
	return rc == FC_CUT ? FC_CUT : FC_ERR;
}

/* A PATH-DATA TLV's content, LEN bytes at OFF (pdata_print): flags, IDs
 * and what follows them, the rest PATH-DATA TLVs again. */
static int pdata(nlab_fwalk *w, size_t off, uint32_t len, uint16_t msk, int indent)
{
	if (tcheck(w, off, 4))
		return FC_ERR;
	if (len < 4) {
		nlab_p_trunc(w->c);
		return FC_ERR;
	}
	uint16_t flags = nlab_get16(w->v, off), count = nlab_get16(w->v, off + 2);
	msk |= (flags & 1 ? B_KEYIN : 0) | (flags & 2 ? B_TRNG : 0) | (flags & 4 ? B_APPND : 0);
	off += 4, len -= 4;
	if (len < (uint32_t)count * 4) {
		nlab_strbuf_printf(w->c->out, "\t\t\ttruncated IDs expected %uB got %uB\n", (uint32_t)count * 4, len);
		int rc = nlab_fc_hex(w, off, len, "\t\t\tID Data[");
		if (rc == 0)
			nlab_p_puts(w->c, "]\n");
		return rc == FC_CUT ? FC_CUT : FC_ERR;
	}
	if ((msk & B_TRNG) && (msk & B_KEYIN)) {
		nlab_p_puts(w->c, "\t\t\tIllegal to have both Table ranges and keys\n");
		return FC_ERR;
	}
	long more = path_content(w, off, len, count, msk, indent);
	if (more == FC_CUT)
		return FC_CUT;
	if (more <= 0) /* tcpdump goes on after a failure here */
		return 0;
	return path_tlvs(w, off + (len - (uint32_t)more), (uint32_t)more, msk, indent + 1);
}

/* PATH-DATA TLVs, LEN bytes at OFF (recpdoptlv_print). */
static int path_tlvs(nlab_fwalk *w, size_t off, uint32_t len, uint16_t msk, int indent)
{
	while (len != 0) {
		if (nlab_fc_cut(w, off, FC_TLV_HDR))
			return FC_CUT;
		uint16_t tlvl = nlab_get16(w->v, off + 2);
		if (nlab_fc_tlv_bad(tlvl, len))
			break;
		int rc = pdata(w, off + FC_TLV_HDR, tlvl - FC_TLV_HDR, msk, indent + 1);
		if (rc < 0)
			return rc;
		off += nlab_fc_align(tlvl), len -= nlab_fc_align(tlvl);
	}
	if (len) {
		if (nlab_fc_cut(w, off, FC_TLV_HDR))
			return FC_CUT;
		nlab_strbuf_printf(w->c->out, "\n\t\tMessy PATHDATA TLV header, type (0x%x)\n\t\texcess of %u Bytes ",
				   nlab_get16(w->v, off), len - nlab_get16(w->v, off + 2));
		return FC_ERR;
	}
	return 0;
}

/* An RCommit's TLV, LEN bytes at OFF (genoptlv_print). */
static int commit_tlv(nlab_fwalk *w, size_t off, uint32_t len, uint16_t msk, int indent)
{
	if (nlab_fc_cut(w, off, FC_TLV_HDR))
		return FC_CUT;
	uint16_t type = nlab_get16(w->v, off), tlvl = nlab_get16(w->v, off + 2);
	uint32_t why = nlab_fc_tlv_bad(tlvl, len);
	char buf[16];
	nlab_strbuf_printf(w->c->out, "genoptlvprint - %s TLV type 0x%x len %u\n", nlab_fc_tlv_name(type, buf),
			   type, tlvl);
	if (why) {
		nlab_strbuf_printf(w->c->out, "\t\t\tInvalid ForCES TLV type=%x", type);
		return FC_ERR;
	}
	if (!nlab_fc_ttlv_valid(type)) {
		nlab_strbuf_printf(w->c->out, "#0 TLV type 0x%x len %u\n", type, tlvl);
		return FC_ERR;
	}
	return pdata(w, off + FC_TLV_HDR, tlvl - FC_TLV_HDR, msk, indent + 1);
}

int nlab_fc_oper(nlab_fwalk *w, size_t off, int indent)
{
	/* each operation's name and encodings (OPTLV_msg); 0 and the vendor
	 * ones are "Invalid OPTLV" */
	static const struct {
		const char *name;
		uint16_t msk;
	} ops[] = {{"Invalid OPTLV", 0},
		   {" Set", B_FULLD | B_SPARD},
		   {" SetProp", B_FULLD | B_SPARD},
		   {" SetResp", B_RESTV},
		   {" SetPropResp", B_RESTV},
		   {" Del", 0},
		   {" DelResp", B_RESTV},
		   {" Get", 0},
		   {" GetProp", 0},
		   {" GetResp", B_FULLD | B_SPARD | B_RESTV},
		   {" GetPropResp", B_FULLD | B_RESTV},
		   {" Report", B_FULLD | B_SPARD},
		   {" Commit", 0},
		   {" RCommit", B_RESTV},
		   {" RTRCOMP", 0}};
	uint16_t type = nlab_get16(w->v, off), tlvl = nlab_get16(w->v, off + 2);
	uint16_t op = type <= 14 ? type : 0;
	uint32_t tll = (uint32_t)tlvl - FC_TLV_HDR;
	if (tll < 8) {
		nlab_strbuf_printf(w->c->out, "\t\tOper TLV %s(0x%x) length %u\n", ops[op].name, type, tlvl);
		nlab_strbuf_printf(w->c->out, "\t\tTruncated data size %u minimum required %u\n", tll, 8);
		return FC_ERR;
	}
	switch (op) {
	case 0: /* invoptlv_print: its hex only under -vvv */
		return FC_ERR;
	case 12:
	case 14:
		return 0;
	case 13:
		return commit_tlv(w, off + FC_TLV_HDR, tll, ops[op].msk, indent + 1);
	default:
		return path_tlvs(w, off + FC_TLV_HDR, tll, ops[op].msk, indent + 1);
	}
}
