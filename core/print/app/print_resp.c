/* print_resp.c - Redis's RESP on TCP port 6379, as tcpdump's
 * print-resp.c writes it: ": RESP" then every value of the segment in
 * turn (pipelined commands, replies, inline commands typed at nc).
 *
 * tcpdump parses nested arrays by recursion; here the values are read
 * in the same order by one loop that counts the array elements still
 * owed, which prints the same and needs no stack however deep the
 * nesting. As in tcpdump, "truncated" ends the line with " [|resp]",
 * while a bad length prints " invalid" (or its like) and goes on. */
#include "print_priv.h"

#include <limits.h>

/* Errors of the readers below: NLAB_P_TRUNC where tcpdump's GET_U_1
 * longjmps out, NLAB_P_ETRUNC where it checks and gives up itself. */
enum { R_OK = NLAB_P_OK, R_TRUNC = NLAB_P_TRUNC, R_ETRUNC = NLAB_P_ETRUNC };

/* What resp_get_length gives for a length that is no count. */
enum {
	LEN_NULL = -1,	  /* "-1": a null string or array */
	LEN_TRUNC = -2,	  /* the segment ends inside it */
	LEN_LARGE = -3,	  /* more than INT_MAX */
	LEN_NEG = -4,	  /* negative and not -1 */
	LEN_INVALID = -5, /* not digits then CRLF */
	LEN_LJMP = -6	  /* the capture ends inside it */
};

/* One segment's payload being read. */
typedef struct resp {
	nlab_pctx *c;
	nlab_view p;  /* the bytes captured */
	uint32_t len; /* the bytes the headers say it has */
} resp;

/* Whether the byte at OFF is in the capture (ND_TTEST_1). */
static int has(const resp *r, uint32_t off)
{
	return nlab_view_has(r->p, off, 1);
}

/* Whether B ends an inline line. */
static int cr_or_lf(uint8_t b)
{
	return b == '\r' || b == '\n';
}

/* Appends byte B as tcpdump's fn_print_char does ("M-", "^"). */
static void put_char(nlab_pctx *c, uint8_t b)
{
	char s[4];
	size_t n = 0;
	if (b & 0x80) {
		b &= 0x7f;
		s[n++] = 'M', s[n++] = '-';
	}
	if (b < 0x20 || b == 0x7f) {
		b ^= 0x40;
		s[n++] = '^';
	}
	s[n++] = (char)b;
	nlab_strbuf_add(c->out, s, n);
}

/* Appends ' "text"' for the N captured bytes at OFF (RESP_PRINT_SEGMENT). */
static void segment(resp *r, uint32_t off, uint32_t n)
{
	nlab_p_puts(r->c, " \"");
	for (uint32_t i = 0; i < n; i++)
		put_char(r->c, nlab_get8(r->p, off + i));
	nlab_p_puts(r->c, "\"");
}

/* Moves *OFF to the next CRLF (FIND_CRLF). */
static int find_crlf(const resp *r, uint32_t *off)
{
	for (uint32_t at = *off;; at++) {
		if (r->len - at < 2 || !nlab_view_has(r->p, at, 2))
			return R_ETRUNC;
		if (nlab_get8(r->p, at) == '\r' &&
		    nlab_get8(r->p, at + 1) == '\n') {
			*off = at;
			return R_OK;
		}
	}
}

/* Moves *OFF to the next CR or LF (FIND_CR_OR_LF). */
static int find_cr_or_lf(const resp *r, uint32_t *off)
{
	for (uint32_t at = *off;; at++) {
		if (at >= r->len)
			return R_ETRUNC;
		if (!has(r, at))
			return R_TRUNC;
		if (cr_or_lf(nlab_get8(r->p, at))) {
			*off = at;
			return R_OK;
		}
	}
}

/* Moves *OFF past a run of CRs and LFs; an empty run at the end of the
 * data is truncation (CONSUME_CR_OR_LF). */
static int consume_cr_or_lf(const resp *r, uint32_t *off)
{
	uint32_t at = *off;
	while (at < r->len && has(r, at) && cr_or_lf(nlab_get8(r->p, at)))
		at++;
	if (at == *off && (at >= r->len || !has(r, at)))
		return R_ETRUNC;
	*off = at;
	return R_OK;
}

/* Adds decimal digit D to *N, or sets *LARGE past INT_MAX (as tcpdump's
 * resp_get_length does, step for step). */
static void add_digit(int *n, int d, int *large)
{
	if (*n > INT_MAX / 10) {
		*large = 1;
		return;
	}
	*n *= 10;
	if (*n == INT_MAX / 10 * 10 && d > INT_MAX % 10)
		*large = 1;
	else
		*n += d;
}

/* The CRLF after a length's digits at *OFF: 0, or a LEN_ code. */
static int length_end(const resp *r, uint32_t *off)
{
	uint32_t at = *off;
	if (nlab_get8(r->p, at) != '\r') {
		*off = at + 1;
		return LEN_INVALID;
	}
	if (++at >= r->len) {
		*off = at;
		return LEN_TRUNC;
	}
	if (!has(r, at))
		return LEN_LJMP;
	*off = at + 1;
	return nlab_get8(r->p, at) == '\n' ? 0 : LEN_INVALID;
}

/* The "<length>\r\n" at *OFF, moving *OFF past what it read: the count,
 * or a LEN_ code (tcpdump's resp_get_length). */
static int get_length(const resp *r, uint32_t *off)
{
	uint32_t at = *off;
	int n = 0, neg = 0, large = 0, saw_digit = 0;
	if (at < r->len && has(r, at) && nlab_get8(r->p, at) == '-')
		neg = 1, at++;
	for (;; at++, saw_digit = 1) {
		if (at >= r->len) {
			*off = at;
			return LEN_TRUNC;
		}
		if (!has(r, at))
			return LEN_LJMP;
		uint8_t b = nlab_get8(r->p, at);
		if (b < '0' || b > '9')
			break;
		add_digit(&n, b - '0', &large);
	}
	if (!saw_digit) {
		*off = at + 1;
		return LEN_INVALID;
	}
	*off = at;
	int e = length_end(r, off);
	if (e)
		return e;
	if (neg)
		return large || n != 1 ? LEN_NEG : LEN_NULL;
	return large ? LEN_LARGE : n;
}

/* Prints what a length code that is no count means; the error, if any. */
static int bad_length(resp *r, int n)
{
	switch (n) {
	case LEN_LJMP:
		return R_TRUNC;
	case LEN_TRUNC:
		return R_ETRUNC;
	case LEN_NULL:
		nlab_p_puts(r->c, " null");
		break;
	case LEN_LARGE:
		nlab_p_puts(r->c, " length too large");
		break;
	case LEN_NEG:
		nlab_p_puts(r->c, " length negative and not -1");
		break;
	default:
		nlab_p_puts(r->c, " invalid");
	}
	return R_OK;
}

/* A simple string, error or integer at *OFF: its text to the CRLF. */
static int simple(resp *r, uint32_t *off)
{
	uint32_t start = *off + 1, end = start;
	int e = find_crlf(r, &end);
	if (e)
		return e;
	segment(r, start, end - start);
	*off = end + 2;
	return R_OK;
}

/* A bulk string at *OFF: "$<n>\r\n", n bytes, and the next CRLF. */
static int bulk_string(resp *r, uint32_t *off)
{
	uint32_t at = *off + 1;
	int n = get_length(r, &at);
	*off = at;
	if (n < 0)
		return bad_length(r, n);
	if (n == 0) {
		nlab_p_puts(r->c, " empty");
	} else {
		if (r->len - at < (uint32_t)n ||
		    !nlab_view_has(r->p, at, (uint32_t)n))
			return R_ETRUNC;
		segment(r, at, (uint32_t)n);
		at += (uint32_t)n;
	}
	int e = find_crlf(r, &at);
	*off = at + 2;
	return e;
}

/* An array's header at *OFF: "*<n>\r\n"; adds its N elements to *OWED. */
static int array(resp *r, uint32_t *off, uint64_t *owed)
{
	uint32_t at = *off + 1;
	int n = get_length(r, &at), e = R_OK;
	if (n > 0)
		*owed += (uint64_t)n;
	else if (n == 0)
		nlab_p_puts(r->c, " empty");
	else
		e = bad_length(r, n);
	*off = at;
	return e;
}

/* An inline command at *OFF: a line ended by CRs and LFs. */
static int inline_cmd(resp *r, uint32_t *off)
{
	uint32_t start = *off, end;
	int e = consume_cr_or_lf(r, &start);
	if (e)
		return e;
	end = start;
	if ((e = find_cr_or_lf(r, &end)) != R_OK)
		return e;
	segment(r, start, end - start);
	e = consume_cr_or_lf(r, &end);
	*off = end;
	return e;
}

/* One value at *OFF, by its first byte (tcpdump's resp_parse); it fills
 * one of the *OWED elements of the arrays it is in. */
static int value(resp *r, uint32_t *off, uint64_t *owed)
{
	if (*owed)
		(*owed)--;
	if (*off >= r->len)
		return R_ETRUNC;
	if (!has(r, *off))
		return R_TRUNC;
	switch (nlab_get8(r->p, *off)) {
	case '+':
	case '-':
	case ':':
		return simple(r, off);
	case '$':
		return bulk_string(r, off);
	case '*':
		return array(r, off, owed);
	default:
		return inline_cmd(r, off);
	}
}

int nlab_p_resp(nlab_pctx *c, nlab_view p, uint32_t len)
{
	resp r = {c, p, len};
	uint32_t off = 0;
	uint64_t owed = 0;
	c->proto = "resp";
	nlab_p_puts(c, ": RESP");
	while (off < len || owed) {
		int e = value(&r, &off, &owed);
		if (e)
			return e;
	}
	return NLAB_P_OK;
}
