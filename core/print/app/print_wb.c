/* print_wb.c - the LBL whiteboard (wb, UDP to port 4567), as tcpdump's
 * print-wb.c writes it: "*" for a flagged message, then " wb-id:" and
 * the page state with its site name, " wb-rreq:" and " wb-rrep:" repair
 * requests and replies, " wb-dop:" drawing operations (-v: each
 * operation's type), " wb-preq:" and " wb-prep:" page requests and
 * replies, " wb-kill". */
#include "print_priv.h"

enum { HDR = 12, ID = 28, IDOFF = 8, RREQ = 20, PREQ = 16, PGSTATE = 16, DOP = 16, RREP = 20 };

#define NEED(v, off, n)                          \
	do {                                     \
		if (!nlab_view_has(v, off, n))   \
			return NLAB_P_TRUNC;     \
	} while (0)

/* "sid:uid" of the page id at OFF. */
static void page(nlab_pctx *c, nlab_view v, size_t off)
{
	nlab_p_ip4(c, v, off);
	nlab_strbuf_printf(c->out, ":%u", nlab_get32(v, off + 4));
}

/* "<id:off,id:off" of N site offsets at *OFF, *OFF moved past them. */
static int id_offs(nlab_pctx *c, nlab_view v, size_t *off, uint32_t n)
{
	char sep = '<';
	for (uint32_t i = 0; i < n; i++, *off += IDOFF) {
		NEED(v, *off, IDOFF);
		nlab_strbuf_add(c->out, &sep, 1);
		nlab_p_ip4(c, v, *off);
		nlab_strbuf_printf(c->out, ":%u", nlab_get32(v, *off + 4));
		sep = ',';
	}
	return NLAB_P_OK;
}

static int wb_id(nlab_pctx *c, nlab_view v, uint32_t len)
{
	nlab_p_puts(c, " wb-id:");
	if (len < ID)
		return -1;
	len -= ID;
	NEED(v, 0, 24);
	nlab_strbuf_printf(c->out, " %u/", nlab_get32(v, 12));
	page(c, v, 16);
	nlab_strbuf_printf(c->out, " (max %u/", nlab_get32(v, 0));
	page(c, v, 4);
	nlab_p_puts(c, ") ");
	NEED(v, 0, ID);
	uint32_t nid = nlab_get16(v, 24);
	if (len < IDOFF * nid)
		return -1;
	len -= IDOFF * nid;
	size_t off = ID;
	int r = id_offs(c, v, &off, nid);
	if (r != NLAB_P_OK)
		return r;
	nlab_p_puts(c, "> \"");
	r = nlab_p_printjnp(c, v, off, len);
	if (r != NLAB_P_OK)
		return r;
	nlab_p_puts(c, "\"");
	return NLAB_P_OK;
}

static int wb_rreq(nlab_pctx *c, nlab_view v, uint32_t len)
{
	nlab_p_puts(c, " wb-rreq:");
	if (len < RREQ)
		return -1;
	NEED(v, 0, RREQ);
	nlab_p_puts(c, " please repair ");
	nlab_p_ip4(c, v, 0);
	nlab_p_puts(c, " ");
	page(c, v, 4);
	nlab_strbuf_printf(c->out, "<%u:%u>", nlab_get32(v, 12), nlab_get32(v, 16));
	return NLAB_P_OK;
}

static int wb_preq(nlab_pctx *c, nlab_view v, uint32_t len)
{
	nlab_p_puts(c, " wb-preq:");
	if (len < PREQ)
		return -1;
	NEED(v, 0, 12);
	nlab_strbuf_printf(c->out, " need %u/", nlab_get32(v, 8));
	page(c, v, 0);
	NEED(v, 0, PREQ);
	return NLAB_P_OK;
}

static int wb_prep(nlab_pctx *c, nlab_view v, uint32_t len)
{
	nlab_p_puts(c, " wb-prep:");
	if (len < 4)
		return -1;
	NEED(v, 0, 4);
	size_t off = 4;
	for (uint32_t n = nlab_get32(v, 0); n != 0; n--) {
		NEED(v, off, 12);
		nlab_strbuf_printf(c->out, " %u/", nlab_get32(v, off));
		page(c, v, off + 4);
		NEED(v, off, PGSTATE);
		uint32_t nid = nlab_get8(v, off + 12); /* the first byte of the field */
		off += PGSTATE;
		int r = id_offs(c, v, &off, nid);
		if (r != NLAB_P_OK)
			return r;
		nlab_p_puts(c, ">");
	}
	return NLAB_P_OK;
}

/* -v: the types of the drawing operations SS to ES after the header at
 * DOP (each 4-aligned, skips and holes jumping ahead). */
static int dops(nlab_pctx *c, nlab_view v, size_t dop, uint32_t ss, uint32_t es)
{
	static const char *const names[] = {"RECT",   "LINE",   "ML",  "DEL", "XFORM",
					    "ELL",    "CHAR",   "STR", "NOP", "PSCODE",
					    "PSCOMP", "REF",    "SKIP", "HOLE"};
	size_t dh = dop + DOP;
	nlab_p_puts(c, " <");
	for (; ss <= es; ++ss) {
		NEED(v, dh + 7, 1);
		uint8_t t = nlab_get8(v, dh + 7);
		if (t >= 2 && t <= 15)
			nlab_strbuf_printf(c->out, " %s", names[t - 2]);
		else
			nlab_strbuf_printf(c->out, " dop-%u!", t);
		if (t == 14 || t == 15) {
			NEED(v, dh, 4);
			uint32_t ts = nlab_get32(v, dh);
			nlab_strbuf_printf(c->out, "%u", ts - ss + 1);
			if (ss > ts || ts > es) {
				nlab_p_puts(c, "[|]");
				if (ts < ss)
					return NLAB_P_OK;
			}
			ss = ts;
		}
		NEED(v, dh + 4, 2);
		dh += (nlab_get16(v, dh + 4) + 8u + 3u) & ~3u; /* each op moves on: the capture ends it */
	}
	nlab_p_puts(c, " >");
	return NLAB_P_OK;
}

/* "sid:uid<sseq:eseq>" of the drawing op header at OFF, and -v its ops. */
static int dop_range(nlab_pctx *c, nlab_view v, size_t off)
{
	page(c, v, off);
	uint32_t ss = nlab_get32(v, off + 8), es = nlab_get32(v, off + 12);
	nlab_strbuf_printf(c->out, "<%u:%u>", ss, es);
	return c->o->v ? dops(c, v, off, ss, es) : NLAB_P_OK;
}

static int wb_rrep(nlab_pctx *c, nlab_view v, uint32_t len)
{
	nlab_p_puts(c, " wb-rrep:");
	if (len < RREP)
		return -1;
	NEED(v, 0, RREP);
	nlab_p_puts(c, " for ");
	nlab_p_ip4(c, v, 0);
	nlab_p_puts(c, " ");
	return dop_range(c, v, 4);
}

static int wb_drawop(nlab_pctx *c, nlab_view v, uint32_t len)
{
	nlab_p_puts(c, " wb-dop:");
	if (len < DOP)
		return -1;
	NEED(v, 0, DOP);
	nlab_p_puts(c, " ");
	return dop_range(c, v, 0);
}

int nlab_p_wb(nlab_pctx *c, nlab_view v, uint32_t len)
{
	c->proto = "wb";
	if (len < HDR) {
		nlab_p_puts(c, " (invalid)");
		return NLAB_P_OK;
	}
	NEED(v, 0, HDR);
	if (nlab_get8(v, 11))
		nlab_p_puts(c, "*");
	uint8_t type = nlab_get8(v, 10);
	nlab_view b = nlab_view_from(v, HDR);
	len -= HDR;
	int r;
	switch (type) {
	case 4: nlab_p_puts(c, " wb-kill"); return NLAB_P_OK;
	case 1: r = wb_id(c, b, len); break;
	case 2: r = wb_rreq(c, b, len); break;
	case 3: r = wb_rrep(c, b, len); break;
	case 0: r = wb_drawop(c, b, len); break;
	case 5: r = wb_preq(c, b, len); break;
	case 7: r = wb_prep(c, b, len); break;
	default: nlab_strbuf_printf(c->out, " wb-%u!", type); r = -1;
	}
	if (r < 0) {
		nlab_p_puts(c, " (invalid)");
		return NLAB_P_OK;
	}
	return r;
}
