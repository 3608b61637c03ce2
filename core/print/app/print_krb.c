/* print_krb.c - Kerberos (UDP 88 and 750), as tcpdump's print-krb.c
 * writes it: the version (" v5"), and for version 4 the byte order,
 * the message type and the names the message carries
 * (" v4 be KDC_REQUEST: user.inst@REALM 600min service.inst"). */
#include "print_priv.h"

/* tcpdump's type2str, by the type byte without its byte order bit. */
static void type_name(nlab_pctx *c, uint8_t t)
{
	static const char *const names[] = {NULL,
					    "KDC_REQUEST",
					    "KDC_REPLY",
					    "APPL_REQUEST",
					    "APPL_REQUEST_MUTUAL",
					    "ERR_REPLY",
					    "PRIVATE",
					    "SAFE",
					    "APPL_ERR"};
	if (t >> 1 >= 1 && t >> 1 <= 8)
		nlab_p_puts(c, names[t >> 1]);
	else if (t == 63 << 1)
		nlab_p_puts(c, "DIE");
	else
		nlab_strbuf_printf(c->out, "#%d", t);
}

/* tcpdump's kerr2str. */
static void err_name(nlab_pctx *c, uint16_t e)
{
	static const char *const names[] = {"OK",
					    "NAME_EXP",
					    "SERVICE_EXP",
					    "AUTH_EXP",
					    "PKT_VER",
					    "NAME_MAST_KEY_VER",
					    "SERV_MAST_KEY_VER",
					    "BYTE_ORDER",
					    "PRINCIPAL_UNKNOWN",
					    "PRINCIPAL_NOT_UNIQUE",
					    "NULL_KEY"};
	if (e <= 10)
		nlab_p_puts(c, names[e]);
	else
		nlab_strbuf_printf(c->out, "#%d", e);
}

/* The NUL-ended string at *OFF, *OFF moved past its NUL: 0 when the
 * capture ends first (tcpdump's c_print). */
static int str(nlab_pctx *c, nlab_view v, size_t *off)
{
	for (; nlab_view_has(v, *off, 1); (*off)++) {
		uint8_t ch = nlab_get8(v, *off);
		if (ch == 0) {
			(*off)++;
			return 1;
		}
		nlab_p_char(c, ch);
	}
	return 0;
}

/* The strings at *OFF with SEPS between them ("." and "@": a
 * principal); 0 when the capture ends inside them. */
static int strs(nlab_pctx *c, nlab_view v, size_t *off, const char *seps)
{
	if (!str(c, v, off))
		return 0;
	for (; *seps; seps++) {
		nlab_strbuf_add(c->out, seps, 1);
		if (!str(c, v, off))
			return 0;
	}
	return 1;
}

/* A 16-bit number at OFF in the message's byte order (LE: little). */
static int get16(nlab_view v, size_t off, int le, uint32_t *out)
{
	if (!nlab_view_has(v, off, 2))
		return 0;
	*out = le ? nlab_get16le(v, off) : nlab_get16(v, off);
	return 1;
}

/* A message with the principal after its header, by TYPE. */
static int with_principal(nlab_pctx *c, nlab_view v, uint8_t type, int le)
{
	size_t off = 2;
	uint32_t n;
	if (!strs(c, v, &off, ".@"))
		return NLAB_P_ETRUNC;
	if (type == 1 << 1) { /* KDC_REQUEST: life time, service */
		if (!nlab_view_has(v, off + 4, 1))
			return NLAB_P_TRUNC;
		nlab_strbuf_printf(c->out, " %umin ",
				   nlab_get8(v, off + 4) * 5u);
		off += 5;
		return strs(c, v, &off, ".") ? NLAB_P_OK : NLAB_P_ETRUNC;
	}
	if (type == 2 << 1) { /* KDC_REPLY: the ticket's length */
		if (!get16(v, off + 10, le, &n))
			return NLAB_P_TRUNC;
		nlab_strbuf_printf(c->out, " (%u)", n);
		return NLAB_P_OK;
	}
	if (!get16(v, off + 4, le, &n)) /* ERR_REPLY: error, text */
		return NLAB_P_TRUNC;
	nlab_p_puts(c, " ");
	err_name(c, (uint16_t)n);
	nlab_p_puts(c, " ");
	off += 8;
	return str(c, v, &off) ? NLAB_P_OK : NLAB_P_ETRUNC;
}

/* An application request: the key version, realm and two numbers. */
static int appl_request(nlab_pctx *c, nlab_view v)
{
	size_t off = 3;
	if (!nlab_view_has(v, 2, 1))
		return NLAB_P_TRUNC;
	nlab_strbuf_printf(c->out, "v%u ", nlab_get8(v, 2));
	if (!str(c, v, &off))
		return NLAB_P_ETRUNC;
	for (int i = 0; i < 2; i++, off++) {
		if (!nlab_view_has(v, off, 1))
			return NLAB_P_TRUNC;
		nlab_strbuf_printf(c->out, " (%u)", nlab_get8(v, off));
	}
	return NLAB_P_OK;
}

/* Version 4: " be KDC_REQUEST: " and the message's fields. */
static int krb4(nlab_pctx *c, nlab_view v)
{
	if (!nlab_view_has(v, 1, 1))
		return NLAB_P_TRUNC;
	uint8_t type = nlab_get8(v, 1) & 0xfe;
	int le = nlab_get8(v, 1) & 1;
	nlab_strbuf_printf(c->out, " %s ", le ? "le" : "be");
	type_name(c, type);
	nlab_p_puts(c, ": ");
	switch (type) {
	case 1 << 1:
	case 2 << 1:
	case 5 << 1:
		return with_principal(c, v, type, le);
	case 3 << 1:
		return appl_request(c, v);
	default:
		nlab_p_puts(c, "(unknown)");
		return NLAB_P_OK;
	}
}

int nlab_p_krb(nlab_pctx *c, nlab_view v)
{
	c->proto = "krb";
	if (!nlab_view_has(v, 0, 1))
		return NLAB_P_ETRUNC;
	uint8_t pvno = nlab_get8(v, 0);
	if (pvno >= 1 && pvno <= 4)
		nlab_strbuf_printf(c->out, " v%u", pvno);
	else if (pvno == 106 || pvno == 107)
		nlab_p_puts(c, " v5");
	return pvno == 4 ? krb4(c, v) : NLAB_P_OK;
}
