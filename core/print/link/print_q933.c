/* print_q933.c - Q.933 and T1.617 Annex D signalling (Frame Relay's
 * NLPID 0x08, the LMI keepalives) as tcpdump's q933_print writes it:
 * "Q.933, ANSI, codeset 5, Status Enquiry, ..." with the link verify
 * sequence numbers and PVC states, under -v each information element. */
#include "print_priv.h"

/* tcpdump's fr_q933_msg_values. */
static const char *msg_name(uint8_t t)
{
	switch (t) {
	case 0x00: return "ESC to National";
	case 0x01: return "Alert";
	case 0x02: return "Call proceeding";
	case 0x07: return "Connect";
	case 0x0f: return "Connect ACK";
	case 0x03: return "Progress";
	case 0x05: return "Setup";
	case 0x45: return "Disconnect";
	case 0x4d: return "Release";
	case 0x5a: return "Release Complete";
	case 0x46: return "Restart";
	case 0x4e: return "Restart ACK";
	case 0x7d: return "Status Reply";
	case 0x75: return "Status Enquiry";
	default: return NULL;
	}
}

/* The names of codesets 0 and 5's information elements. */
static const char *ie_name(uint8_t ie)
{
	switch (ie) {
	case 0x01: return "ANSI Report Type";
	case 0x19: case 0x03: return "ANSI Link Verify";
	case 0x07: return "ANSI PVC Status";
	case 0x51: return "CCITT Report Type";
	case 0x53: return "CCITT Link Verify";
	case 0x57: return "CCITT PVC Status";
	default: return NULL;
	}
}

/* A PVC status element's bytes (N of them at P) are a valid DLCI. */
static int pvc_valid(nlab_view p, unsigned n)
{
	uint8_t b0 = nlab_get8(p, 0), b1 = nlab_get8(p, 1), b2 = nlab_get8(p, 2);
	if (n < 3 || n > 5 || (b0 & 0x80) || !(nlab_get8(p, n - 1) & 0x80))
		return 0;
	if (n == 3)
		return (b1 & 0x80) != 0;
	if (n == 4)
		return !(b1 & 0x80) && (b2 & 0x80);
	return !(b1 & 0x80) && !(b2 & 0x80) && (nlab_get8(p, 3) & 0x80);
}

/* "DLCI N: status [New, ]Active|Inactive" of a PVC status element. */
static void pvc_status(nlab_pctx *c, nlab_view p, unsigned n)
{
	if (!pvc_valid(p, n)) {
		nlab_p_puts(c, "Invalid DLCI in PVC STATUS IE");
		return;
	}
	uint32_t dlci = (uint32_t)(nlab_get8(p, 0) & 0x3f) << 4 | (nlab_get8(p, 1) & 0x78) >> 3;
	if (n == 4)
		dlci = dlci << 6 | (nlab_get8(p, 2) & 0x7e) >> 1;
	else if (n == 5)
		dlci = dlci << 13 | (nlab_get8(p, 2) & 0x7f) | (nlab_get8(p, 3) & 0x7e) >> 1;
	uint8_t st = nlab_get8(p, n - 1);
	nlab_strbuf_printf(c->out, "DLCI %u: status %s%s", dlci, st & 0x8 ? "New, " : "",
			   st & 0x2 ? "Active" : "Inactive");
}

/* Codesets 0 and 5's elements (fr_q933_print_ie_codeset_0_5): 1 when
 * IE is one they know. */
static int ie_known(nlab_pctx *c, uint8_t ie, nlab_view p, unsigned n)
{
	int v = c->o->v;
	switch (ie) {
	case 0x01: case 0x51:
		if (v) {
			uint8_t t = nlab_get8(p, 0);
			const char *s = t == 0 ? "Full Status" : t == 1 ? "Link verify"
					: t == 2 ? "Async PVC Status" : "unknown";
			nlab_strbuf_printf(c->out, "%s (%u)", s, t);
		}
		return 1;
	case 0x03: case 0x53: case 0x19:
		if (!v)
			nlab_p_puts(c, ", ");
		if (n < 2)
			nlab_p_puts(c, "Invalid LINK VERIFY IE");
		else
			nlab_strbuf_printf(c->out, "TX Seq: %3d, RX Seq: %3d", nlab_get8(p, 0),
					   nlab_get8(p, 1));
		return 1;
	case 0x07: case 0x57:
		if (!v)
			nlab_p_puts(c, ", ");
		pvc_status(c, p, n);
		return 1;
	default:
		return 0;
	}
}

/* The walk's state: where it is and the codeset shifts in effect. */
typedef struct q933 {
	nlab_view v;
	size_t off;
	uint32_t left, olen;
	unsigned codeset, unshift, shift; /* shift: 0, 1 or 2 (non-locking) */
} q933;

/* ", length N" then the cut, as tcpdump's goto trunc after a short IE. */
static int q933_cut(nlab_pctx *c, const q933 *q)
{
	if (!c->o->v)
		nlab_strbuf_printf(c->out, ", length %u", q->olen);
	return NLAB_P_ETRUNC;
}

/* One information element with its length byte; 1 to go on, 0 when the
 * sanity checks end the walk, or NLAB_P_ETRUNC negated. */
static int q933_ie(nlab_pctx *c, q933 *q, uint8_t ie)
{
	if (q->left == 0 || !nlab_view_has(q->v, q->off, 1))
		return -q933_cut(c, q);
	unsigned n = nlab_get8(q->v, q->off++);
	q->left--;
	if (c->o->v) {
		const char *s = q->codeset == 0 || q->codeset == 5 ? ie_name(ie) : NULL;
		nlab_strbuf_printf(c->out, "\n\t%s IE (0x%02x), length %u: ", s ? s : "unknown",
				   ie, n);
	}
	if (ie == 0 || n == 0)
		return 0;
	if (q->left < n || !nlab_view_has(q->v, q->off, n))
		return -q933_cut(c, q);
	nlab_view p = nlab_view_from(q->v, q->off);
	int known = (q->codeset == 0 || q->codeset == 5) && ie_known(c, ie, p, n);
	if (known && c->o->v > 1)
		nlab_p_hexdump(c, p, 0, n, "\n\t  ");
	else if (!known && c->o->v)
		nlab_p_hexdump(c, p, 0, n, "\n\t");
	q->left -= n;
	q->off += n;
	return 1;
}

/* The elements after the message type. */
static int q933_ies(nlab_pctx *c, q933 *q)
{
	while (q->left) {
		if (q->shift == 1) {
			q->shift = 2;
		} else if (q->shift == 2) {
			q->codeset = q->unshift;
			q->shift = 0;
		}
		if (!nlab_view_has(q->v, q->off, 1))
			return q933_cut(c, q);
		uint8_t ie = nlab_get8(q->v, q->off++);
		q->left--;
		if (ie & 0x80) { /* a single octet: maybe a shift */
			if ((ie & 0xf0) == 0x90) {
				q->shift = ie & 0x08 ? 1 : 0;
				if (ie & 0x08)
					q->unshift = q->codeset;
				q->codeset = ie & 7;
			}
			continue;
		}
		int r = q933_ie(c, q, ie);
		if (r <= 0)
			return r ? -r : NLAB_P_OK;
	}
	if (!c->o->v)
		nlab_strbuf_printf(c->out, ", length %u", q->olen);
	return NLAB_P_OK;
}

/* ", length N" and the cut for a message that ends in its header. */
static int head_cut(nlab_pctx *c, uint32_t n)
{
	if (!c->o->e)
		nlab_p_puts(c, ", ");
	nlab_strbuf_printf(c->out, "length %u", n);
	return NLAB_P_ETRUNC;
}

/* The message type's text and what precedes it: protocol, codeset,
 * call reference (REF, RLEN bytes long); NLAB_P_TRUNC where tcpdump
 * reads a byte past the capture to tell a dummy reference. */
static int q933_head(nlab_pctx *c, const q933 *q, int ansi, nlab_view ref,
		     unsigned rlen, uint8_t type)
{
	if (!c->o->e)
		nlab_p_puts(c, ", ");
	nlab_strbuf_printf(c->out, "%s, codeset %u", ansi ? "ANSI" : "CCITT", q->codeset);
	if (rlen == 1 && !nlab_view_has(q->v, q->off, 1))
		return NLAB_P_TRUNC;
	if (rlen > 1 || (rlen == 1 && nlab_get8(q->v, q->off) != 0)) {
		nlab_p_puts(c, ", Call Ref: 0x");
		for (unsigned i = 0; i < rlen; i++)
			nlab_strbuf_printf(c->out, "%02x", nlab_get8(ref, i));
	}
	const char *n = msg_name(type);
	if (c->o->v)
		nlab_strbuf_printf(c->out, ", %s (0x%02x), length %u", n ? n : "unknown message",
				   type, q->olen);
	else if (n)
		nlab_strbuf_printf(c->out, ", %s", n);
	else
		nlab_strbuf_printf(c->out, ", unknown message 0x%02x", type);
	return NLAB_P_OK;
}

int nlab_p_q933(nlab_pctx *c, nlab_view v, uint32_t len)
{
	c->proto = "q.933";
	nlab_p_puts(c, c->o->e ? "" : "Q.933");
	if (len == 0 || !nlab_view_has(v, 0, 1))
		return head_cut(c, len);
	q933 q = {v, 1, len - 1, len, 0, 0, 0};
	unsigned rlen = nlab_get8(v, 0) & 0x0f;
	nlab_view ref = nlab_view_from(v, 1);
	if (q.left < rlen || !nlab_view_has(v, 1, rlen))
		return head_cut(c, len);
	q.off += rlen, q.left -= rlen;
	if (q.left == 0 || !nlab_view_has(v, q.off, 1))
		return head_cut(c, len);
	uint8_t type = nlab_get8(v, q.off++);
	q.left--;
	int ansi = 0;
	if (q.left) {
		if (!nlab_view_has(v, q.off, 1))
			return head_cut(c, len);
		uint8_t ie = nlab_get8(v, q.off);
		if ((ie & 0xf0) == 0x90) {
			q.off++, q.left--;
			q.codeset = ie & 7;
			if (!(ie & 0x08))
				ansi = q.codeset == 5;
			else
				q.shift = 1;
		}
	}
	if (q933_head(c, &q, ansi, ref, rlen, type) == NLAB_P_TRUNC)
		return NLAB_P_TRUNC;
	return q933_ies(c, &q);
}
