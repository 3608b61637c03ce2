/* print_pptp.c - PPTP control messages (TCP 1723, RFC 2637) as tcpdump
 * 4.99.3's print-pptp.c writes them: ": pptp", under -v the length and
 * message type, the magic cookie (always when it is wrong), the control
 * message's type and each of its fields in order ("CALL_ID(0)
 * PEER_CALL_ID(0) RESULT_CODE(1:Connected)"), -v naming result and
 * error codes. Only the first message of a segment is printed (as
 * tcpdump); fields past the captured bytes end the line " [|pptp]". */
#include "print_priv.h"

/* What a field of a message is and how it prints. */
enum {
	F_U16,	  /* " NAME(%u)" of 2 bytes */
	F_U32,	  /* the same of 4 bytes */
	F_LEN,	  /* F_U16, a length a later F_LSTR takes */
	F_RSV8,	  /* reserved byte: said only when not zero */
	F_RSV16,  /* reserved 2 bytes: the same */
	F_VER,	  /* " PROTO_VER(1.0)" */
	F_FCAP,	  /* framing capabilities: A, S */
	F_BCAP,	  /* bearer capabilities: D, A */
	F_BTYPE,  /* bearer type: A, D, Any */
	F_FTYPE,  /* framing type: A, S, E */
	F_RESULT, /* result code, -v its text for the message type */
	F_ERR,	  /* error code, -v its text */
	F_REASON, /* StopCCRQ's reason, -v its text */
	F_ACCM,	  /* " NAME(0x%08x)" of 4 bytes */
	F_STR,	  /* text of SIZE bytes up to a NUL */
	F_LSTR	  /* the same, no more than the last F_LEN said */
};

typedef struct field {
	uint8_t kind, size;
	const char *name;
} field;

/* The text of code V in NAMES (COUNT of them, from 1), or "?". */
static const char *name_of(const char *const *names, size_t count, uint32_t v)
{
	return v >= 1 && v <= count && names[v - 1] ? names[v - 1] : "?";
}

/* A result code's text for control message type T (tcpdump's dicts). */
static const char *result_text(uint16_t t, uint8_t r)
{
	static const char *const sccrp[] = {
	    "Successful channel establishment", "General error",
	    "Command channel already exists",
	    "Requester is not authorized to establish a command channel",
	    "The protocol version of the requester is not supported"};
	static const char *const echorp[] = {"OK", "General Error"};
	static const char *const ocrp[] = {
	    "Connected",    "General Error", "No Carrier",   "Busy",
	    "No Dial Tone", "Time-out",	     "Do Not Accept"};
	static const char *const icrp[] = {"Connect", "General Error",
					   "Do Not Accept"};
	static const char *const cdn[] = {"Lost Carrier", "General Error",
					  "Admin Shutdown", "Request"};
	switch (t) {
	case 2:
		return name_of(sccrp, 5, r);
	case 4:
	case 6:
		return name_of(echorp, 2, r);
	case 8:
		return name_of(ocrp, 7, r);
	case 10:
		return name_of(icrp, 3, r);
	case 13:
		return name_of(cdn, 4, r);
	default:
		return NULL;
	}
}

/* A code field: RESULT_CODE, ERR_CODE or REASON, with -v its text. */
static void code_field(nlab_pctx *c, const field *f, uint8_t b, uint16_t type)
{
	static const char *const errs[] = {"Not-Connected", "Bad-Format",
					   "Bad-Value",	    "No-Resource",
					   "Bad-Call-ID",   "PAC-Error"};
	static const char *const reasons[] = {"None", "Stop-Protocol",
					      "Stop-Local-Shutdown"};
	nlab_strbuf_printf(c->out, " %s(%u", f->name, b);
	const char *text = f->kind == F_RESULT	 ? result_text(type, b)
			   : f->kind == F_REASON ? name_of(reasons, 3, b)
			   : b == 0		 ? "None"
						 : name_of(errs, 6, b);
	if (c->o->v && text)
		nlab_strbuf_printf(c->out, ":%s", text);
	nlab_p_puts(c, ")");
}

/* A capability or type word's letters (tcpdump's masks and tables). */
static void caps_field(nlab_pctx *c, uint8_t kind, uint32_t w)
{
	static const char *const btype[] = {"A", "D", "Any"}, *const ftype[] = {
								  "A", "S",
								  "E"};
	switch (kind) {
	case F_FCAP:
		nlab_strbuf_printf(c->out, " FRAME_CAP(%s%s)", w & 1 ? "A" : "",
				   w & 2 ? "S" : "");
		break;
	case F_BCAP:
		nlab_strbuf_printf(c->out, " BEARER_CAP(%s%s)",
				   w & 2 ? "D" : "", w & 1 ? "A" : "");
		break;
	case F_BTYPE:
		nlab_strbuf_printf(c->out, " BEARER_TYPE(%s)",
				   name_of(btype, 3, w));
		break;
	default:
		nlab_strbuf_printf(c->out, " FRAME_TYPE(%s)",
				   name_of(ftype, 3, w));
	}
}

/* The value of the SIZE-byte field at OFF (0 for text). */
static uint32_t value(nlab_view v, size_t off, uint8_t size)
{
	return size == 1   ? nlab_get8(v, off)
	       : size == 2 ? nlab_get16(v, off)
	       : size == 4 ? nlab_get32(v, off)
			   : 0;
}

/* Field F at OFF of message V (of type TYPE); *LEN the last length. */
static int print_field(nlab_pctx *c, nlab_view v, size_t off, const field *f,
		       uint16_t type, uint32_t *len)
{
	if (f->kind == F_STR || f->kind == F_LSTR) {
		nlab_strbuf_printf(c->out, " %s(", f->name);
		int r =
		    nlab_p_printjnp(c, v, off,
			f->kind == F_LSTR && *len < f->size ? *len : f->size);
		if (r == NLAB_P_OK)
			nlab_p_puts(c, ")");
		return r;
	}
	if (!nlab_view_has(v, off, f->size)) {
		if (f->kind ==
		    F_FCAP) /* tcpdump writes its name before reading it */
			nlab_p_puts(c, " FRAME_CAP(");
		return NLAB_P_TRUNC;
	}
	uint32_t x = value(v, off, f->size);
	switch (f->kind) {
	case F_LEN:
		*len = x; /* fall through */
	case F_U16:
	case F_U32:
		nlab_strbuf_printf(c->out, " %s(%u)", f->name, x);
		break;
	case F_RSV8:
	case F_RSV16:
		if (x)
			nlab_strbuf_printf(
			    c->out, " [ERROR: reserved=%u must be zero]", x);
		break;
	case F_VER:
		nlab_strbuf_printf(c->out, " PROTO_VER(%u.%u)", x >> 8,
				   x & 0xff);
		break;
	case F_RESULT:
	case F_ERR:
	case F_REASON:
		code_field(c, f, (uint8_t)x, type);
		break;
	case F_ACCM:
		nlab_strbuf_printf(c->out, " %s(0x%08x)", f->name, x);
		break;
	default:
		caps_field(c, f->kind, x);
	}
	return NLAB_P_OK;
}

#define U16(n)                                                                 \
	{                                                                      \
		F_U16, 2, n                                                    \
	}
#define U32(n)                                                                 \
	{                                                                      \
		F_U32, 4, n                                                    \
	}
#define RSV16                                                                  \
	{                                                                      \
		F_RSV16, 2, NULL                                               \
	}
#define CALL U16("CALL_ID")
#define PEER U16("PEER_CALL_ID")
#define RESULT                                                                 \
	{                                                                      \
		F_RESULT, 1, "RESULT_CODE"                                     \
	}
#define ERR                                                                    \
	{                                                                      \
		F_ERR, 1, "ERR_CODE"                                           \
	}
#define WIN U16("RECV_WIN")
#define DELAY U16("PROC_DELAY")
#define END                                                                    \
	{                                                                      \
		0, 0, NULL                                                     \
	}

/* The fields of control message type T (1..15), in order. */
static const field *message_fields(uint16_t t)
{
	static const field sccrq[] = {{F_VER, 2, NULL},
				      RSV16,
				      {F_FCAP, 4, NULL},
				      {F_BCAP, 4, NULL},
				      U16("MAX_CHAN"),
				      U16("FIRM_REV"),
				      {F_STR, 64, "HOSTNAME"},
				      {F_STR, 64, "VENDOR"},
				      END};
	static const field sccrp[] = {{F_VER, 2, NULL},
				      RESULT,
				      ERR,
				      {F_FCAP, 4, NULL},
				      {F_BCAP, 4, NULL},
				      U16("MAX_CHAN"),
				      U16("FIRM_REV"),
				      {F_STR, 64, "HOSTNAME"},
				      {F_STR, 64, "VENDOR"},
				      END};
	static const field stopccrq[] = {
	    {F_REASON, 1, "REASON"}, {F_RSV8, 1, NULL}, RSV16, END};
	static const field stopccrp[] = {RESULT, ERR, RSV16, END};
	static const field echorq[] = {U32("ID"), END};
	static const field echorp[] = {U32("ID"), RESULT, ERR, RSV16, END};
	static const field ocrq[] = {CALL,
				     U16("CALL_SER_NUM"),
				     U32("MIN_BPS"),
				     U32("MAX_BPS"),
				     {F_BTYPE, 4, NULL},
				     {F_FTYPE, 4, NULL},
				     WIN,
				     DELAY,
				     {F_LEN, 2, "PHONE_NO_LEN"},
				     RSV16,
				     {F_LSTR, 64, "PHONE_NO"},
				     {F_STR, 64, "SUB_ADDR"},
				     END};
	static const field ocrp[] = {CALL,
				     PEER,
				     RESULT,
				     ERR,
				     U16("CAUSE_CODE"),
				     U32("CONN_SPEED"),
				     WIN,
				     DELAY,
				     U32("PHY_CHAN_ID"),
				     END};
	static const field icrq[] = {CALL,
				     U16("CALL_SER_NUM"),
				     {F_BTYPE, 4, NULL},
				     U32("PHY_CHAN_ID"),
				     U16("DIALED_NO_LEN"),
				     U16("DIALING_NO_LEN"),
				     END};
	static const field icrp[] = {CALL, PEER,  RESULT, ERR,
				     WIN,  DELAY, RSV16,  END};
	static const field iccn[] = {PEER, RSV16, U32("CONN_SPEED"),
				     WIN,  DELAY, {F_FTYPE, 4, NULL},
				     END};
	static const field ccrq[] = {CALL, RSV16, END};
	static const field cdn[] = {CALL,  RESULT,
				    ERR,   U16("CAUSE_CODE"),
				    RSV16, {F_STR, 128, "CALL_STATS"},
				    END};
	static const field wen[] = {PEER,
				    RSV16,
				    U32("CRC_ERR"),
				    U32("FRAMING_ERR"),
				    U32("HARDWARE_OVERRUN"),
				    U32("BUFFER_OVERRUN"),
				    U32("TIMEOUT_ERR"),
				    U32("ALIGN_ERR"),
				    END};
	static const field sli[] = {PEER,
				    RSV16,
				    {F_ACCM, 4, "SEND_ACCM"},
				    {F_ACCM, 4, "RECV_ACCM"},
				    END};
	static const field *const all[] = {
	    sccrq, sccrp, stopccrq, stopccrp, echorq, echorp, ocrq, ocrp,
	    icrq,  icrp,  iccn,	    ccrq,     cdn,    wen,    sli};
	return t >= 1 && t <= 15 ? all[t - 1] : NULL;
}

/* ICRQ's numbers, each no longer than its length at 12 and 14 says,
 * after the fields message_fields gives (at 16 on). */
static int icrq_numbers(nlab_pctx *c, nlab_view v)
{
	static const char *const names[] = {"DIALED_NO", "DIALING_NO",
					    "SUB_ADDR"};
	for (int i = 0; i < 3; i++) {
		uint32_t n = i < 2 ? nlab_get16(v, 12 + 2 * i) : 64;
		nlab_strbuf_printf(c->out, " %s(", names[i]);
		if (nlab_p_printjnp(c, v, 16 + 64 * (size_t)i, n < 64 ? n : 64) !=
		    NLAB_P_OK)
			return NLAB_P_TRUNC;
		nlab_p_puts(c, ")");
	}
	return NLAB_P_OK;
}

/* The header: -v length and message type, the magic cookie, the
 * control message type; NLAB_P_TRUNC when cut. */
static int header(nlab_pctx *c, nlab_view v)
{
	if (c->o->v) {
		if (!nlab_view_has(v, 0, 2))
			return NLAB_P_TRUNC;
		nlab_strbuf_printf(c->out, " Length=%u", nlab_get16(v, 0));
		if (!nlab_view_has(v, 2, 2))
			return NLAB_P_TRUNC;
		uint16_t mt = nlab_get16(v, 2);
		nlab_p_puts(c, mt == 1	 ? " CTRL-MSG"
			       : mt == 2 ? " MGMT-MSG"
					 : " UNKNOWN-MSG-TYPE");
	}
	if (!nlab_view_has(v, 4, 4))
		return NLAB_P_TRUNC;
	uint32_t mc = nlab_get32(v, 4);
	if (mc != 0x1a2b3c4d)
		nlab_strbuf_printf(c->out, " UNEXPECTED Magic-Cookie!!(%08x)",
				   mc);
	if (c->o->v || mc != 0x1a2b3c4d)
		nlab_strbuf_printf(c->out, " Magic-Cookie=%08x", mc);
	if (!nlab_view_has(v, 8, 2))
		return NLAB_P_TRUNC;
	static const char *const types[] = {
	    "NOT_DEFINED", "SCCRQ", "SCCRP", "StopCCRQ", "StopCCRP", "ECHORQ",
	    "ECHORP",	   "OCRQ",  "OCRP",  "ICRQ",	 "ICRP",     "ICCN",
	    "CCRQ",	   "CDN",   "WEN",   "SLI"};
	uint16_t t = nlab_get16(v, 8);
	if (t < 16)
		nlab_strbuf_printf(c->out, " CTRL_MSGTYPE=%s", types[t]);
	else
		nlab_strbuf_printf(c->out, " UNKNOWN_CTRL_MSGTYPE(%u)", t);
	if (!nlab_view_has(v, 10, 2))
		return NLAB_P_TRUNC;
	if (nlab_get16(v, 10))
		nlab_strbuf_printf(c->out, " [ERROR: reserved=%u must be zero]",
				   nlab_get16(v, 10));
	return NLAB_P_OK;
}

int nlab_p_pptp(nlab_pctx *c, nlab_view v)
{
	c->proto = "pptp";
	nlab_p_puts(c, ": pptp");
	int r = header(c, v);
	if (r != NLAB_P_OK)
		return r;
	uint16_t t = nlab_get16(v, 8);
	const field *f = message_fields(t);
	nlab_view m = nlab_view_from(v, 12);
	size_t off = 0;
	uint32_t len = 0;
	for (; f && f->size; off += f->size, f++) {
		if ((r = print_field(c, m, off, f, t, &len)) != NLAB_P_OK)
			return r;
	}
	return t == 9 ? icrq_numbers(c, m) : NLAB_P_OK;
}
