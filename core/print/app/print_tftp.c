/* print_tftp.c - TFTP (UDP port 69) as tcpdump's print-tftp.c writes it:
 * the opcode, then a request's file name, mode and options, a block
 * number or an error. */
#include "print_priv.h"

/* tcpdump's op2str: opcodes 1 to 6. */
static const char *op_name(uint16_t op)
{
	static const char *n[] = {NULL,	 "RRQ",	  "WRQ", "DATA",
				  "ACK", "ERROR", "OACK"};
	return op < sizeof n / sizeof n[0] ? n[op] : NULL;
}

/* NUL-ended strings filling the LEN bytes from OFF, each after a space
 * unless empty; NLAB_P_ETRUNC when one is cut, NLAB_P_TRUNC when the
 * capture ends between them. */
static int strings(nlab_pctx *c, nlab_view v, size_t off, uint32_t len)
{
	while (len != 0) {
		if (!nlab_view_has(v, off, 1))
			return NLAB_P_TRUNC;
		if (nlab_get8(v, off))
			nlab_p_puts(c, " ");
		size_t n = nlab_p_printztn(c, v, off, len);
		if (!n)
			return NLAB_P_ETRUNC;
		off += n, len -= (uint32_t)n;
	}
	return NLAB_P_OK;
}

/* A read or write request: "file" mode options... */
static int request(nlab_pctx *c, nlab_view v, uint32_t len)
{
	if (len == 0)
		return NLAB_P_ETRUNC;
	nlab_p_puts(c, " \"");
	size_t n = nlab_p_printztn(c, v, 2, len);
	nlab_p_puts(c, "\"");
	if (!n)
		return NLAB_P_ETRUNC;
	len -= (uint32_t)n;
	if (len == 0)
		return NLAB_P_ETRUNC; /* no mode */
	nlab_p_puts(c, " ");
	size_t m = nlab_p_printztn(c, v, 2 + n, len);
	if (!m)
		return NLAB_P_ETRUNC;
	return strings(c, v, 2 + n + m, len - (uint32_t)m);
}

/* An error: its code's name and its message. */
static int error(nlab_pctx *c, nlab_view v, uint32_t len)
{
	static const char *n[] = {"EUNDEF", "ENOTFOUND", "EACCESS", "ENOSPACE",
				  "EBADOP", "EBADID",	 "EEXISTS", "ENOUSER"};
	if (len < 2)
		return NLAB_P_ETRUNC;
	if (!nlab_view_has(v, 2, 2))
		return NLAB_P_TRUNC;
	uint16_t code = nlab_get16(v, 2);
	if (code < 8)
		nlab_strbuf_printf(c->out, " %s", n[code]);
	else
		nlab_strbuf_printf(c->out, " tftp-err-#%u \"", code);
	if (len == 2)
		return NLAB_P_ETRUNC; /* no message */
	nlab_p_puts(c, " \"");
	size_t k = nlab_p_printztn(c, v, 4, len - 2);
	nlab_p_puts(c, "\"");
	return k ? NLAB_P_OK : NLAB_P_ETRUNC;
}

int nlab_p_tftp(nlab_pctx *c, nlab_view v, uint32_t len)
{
	c->proto = "tftp";
	nlab_strbuf_printf(c->out, "TFTP, length %u", len);
	if (len < 2)
		return NLAB_P_ETRUNC;
	if (!nlab_view_has(v, 0, 2))
		return NLAB_P_TRUNC;
	uint16_t op = nlab_get16(v, 0);
	const char *name = op_name(op);
	if (!name) {
		nlab_strbuf_printf(c->out, ", tftp-#%u", op);
		return NLAB_P_OK;
	}
	nlab_strbuf_printf(c->out, ", %s", name);
	len -= 2;
	switch (op) {
	case 1:
	case 2:
		return request(c, v, len);
	case 6:
		return strings(c, v, 2, len);
	case 3:
	case 4:
		if (len < 2)
			return NLAB_P_ETRUNC; /* no block number */
		if (!nlab_view_has(v, 2, 2))
			return NLAB_P_TRUNC;
		nlab_strbuf_printf(c->out, " block %u", nlab_get16(v, 2));
		return NLAB_P_OK;
	default:
		return error(c, v, len);
	}
}
