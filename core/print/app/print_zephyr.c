/* print_zephyr.c - Zephyr (UDP 2103 and 2104), as tcpdump's
 * print-zephyr.c writes it: " zephyr unacked sender to
 * <class,inst,recipient> op opcode", and the words it has for the
 * location, admin, control, host manager, login and windowgram
 * messages. The header is a run of NUL-ended fields. */
#include "print_priv.h"

#include <stdio.h>
#include <stdlib.h>
#include <string.h>

enum { NFIELDS = 17, SERVACK = 5 };

typedef struct zparse {
	nlab_view v;
	size_t off;
	uint32_t left;
} zparse;

/* The next NUL-ended field (a C string inside the packet), NULL when the
 * message ends first; *CUT when the capture does. */
static const char *field(zparse *z, int *cut)
{
	size_t start = z->off;
	for (;;) {
		if (z->left == 0)
			return NULL;
		if (!nlab_view_has(z->v, z->off, 1)) {
			*cut = 1;
			return NULL;
		}
		if (nlab_get8(z->v, z->off) == 0)
			break;
		z->off++, z->left--;
	}
	z->off++, z->left--;
	return (const char *)z->v.base + start;
}

/* Appends S as fn_print_str does (each byte through fn_print_char). */
static void zstr(nlab_pctx *c, const char *s)
{
	for (; *s; s++)
		nlab_p_char(c, (uint8_t)*s);
}

/* PRE, then S lower-cased and cut to 255 bytes (tcpdump's
 * str_to_lower through its 256-byte buffer). */
static void lower(nlab_pctx *c, const char *pre, const char *s)
{
	nlab_p_puts(c, pre);
	for (size_t i = 0; s[i] && i < 255; i++) {
		uint8_t ch = (uint8_t)s[i];
		nlab_p_char(c, ch >= 'A' && ch <= 'Z' ? (uint8_t)(ch + 32) : ch);
	}
}

/* PRE, then "<class,inst,recipient>" cut to 255 bytes (z_triple). */
static void triple(nlab_pctx *c, const char *pre, const char *cl, const char *in, const char *re)
{
	char b[256];
	snprintf(b, sizeof b, "<%s,%s,%s>", cl, in, *re ? re : "*");
	nlab_p_puts(c, pre);
	zstr(c, b);
}

static int any_of(const char *s, const char *const *t)
{
	for (; *t; t++)
		if (!strcmp(s, *t))
			return 1;
	return 0;
}

/* What the class, instance and opcode say; 1 when the line is done. */
static int control(nlab_pctx *c, zparse *z, const char **f, int *cut)
{
	const char *cl = f[8], *in = f[9], *op = f[10];
	if (!strcmp(cl, "ZEPHYR_CTL")) {
		if (!strcmp(in, "CLIENT")) {
			if (!strcmp(op, "SUBSCRIBE") || !strcmp(op, "SUBSCRIBE_NODEFS") ||
			    !strcmp(op, "UNSUBSCRIBE")) {
				nlab_strbuf_printf(c->out, " %ssub%s", strcmp(op, "SUBSCRIBE") ? "un" : "",
						   strcmp(op, "SUBSCRIBE_NODEFS") ? "" : "-nodefs");
				if (strtol(f[2], 0, 16) != SERVACK) {
					const char *sc = field(z, cut), *si = sc ? field(z, cut) : NULL;
					const char *sr = si ? field(z, cut) : NULL;
					if (sr)
						triple(c, " ", sc, si, sr);
				}
				return 1;
			}
			if (!strcmp(op, "GIMME"))
				nlab_p_puts(c, " ret");
			else if (!strcmp(op, "GIMMEDEFS"))
				nlab_p_puts(c, " gimme-defs");
			else if (!strcmp(op, "CLEARSUB"))
				nlab_p_puts(c, " clear-subs");
			else
				lower(c, " ", op);
			return 1;
		}
		if (!strcmp(in, "HM")) {
			lower(c, " ", op);
			return 1;
		}
		if (!strcmp(in, "REALM")) {
			if (!strcmp(op, "ADD_SUBSCRIBE"))
				nlab_p_puts(c, " realm add-subs");
			if (!strcmp(op, "REQ_SUBSCRIBE"))
				nlab_p_puts(c, " realm req-subs");
			if (!strcmp(op, "RLM_SUBSCRIBE"))
				nlab_p_puts(c, " realm rlm-sub");
			if (!strcmp(op, "RLM_UNSUBSCRIBE"))
				nlab_p_puts(c, " realm rlm-unsub");
			return 1;
		}
	}
	if (!strcmp(cl, "HM_CTL") || !strcmp(cl, "WG_CTL")) {
		lower(c, !strcmp(cl, "HM_CTL") ? " hm_ctl " : " wg_ctl ", in);
		lower(c, " ", op);
		return 1;
	}
	if (!strcmp(cl, "HM_STAT") && !strcmp(in, "HMST_CLIENT") && !strcmp(op, "GIMMESTATS")) {
		nlab_p_puts(c, " get-client-stats");
		return 1;
	}
	if (!strcmp(cl, "LOGIN")) {
		static const char *const exposure[] = {"NONE", "OPSTAFF", "REALM-VISIBLE",
						       "REALM-ANNOUNCED", "NET-VISIBLE",
						       "NET-ANNOUNCED", NULL};
		if (!strcmp(op, "USER_FLUSH")) {
			nlab_p_puts(c, " flush_locs");
			return 1;
		}
		if (any_of(op, exposure)) {
			lower(c, " set-exposure ", op);
			return 1;
		}
	}
	return 0;
}

int nlab_p_zephyr(nlab_pctx *c, nlab_view v, uint32_t len)
{
	static const char *const kinds[] = {"unsafe",   "unacked",  "acked",
					    "hm-ack",   "hm-ctl",   "serv-ack",
					    "serv-nak", "client-ack", "stat"};
	c->proto = "zephyr";
	zparse z = {v, 0, len};
	const char *f[NFIELDS];
	int cut = 0;
	f[0] = field(&z, &cut);
	if (cut)
		return NLAB_P_TRUNC;
	if (!f[0]) {
		nlab_p_puts(c, " (invalid)");
		return NLAB_P_OK;
	}
	if (strncmp(f[0], "ZEPH", 4))
		return NLAB_P_OK;
	int lose = 0;
	for (int i = 1; i < NFIELDS; i++) {
		f[i] = lose ? NULL : field(&z, &cut);
		if (cut)
			return NLAB_P_TRUNC;
		lose |= !f[i];
	}
	if (lose) {
		nlab_p_puts(c, " (invalid)");
		return NLAB_P_OK;
	}
	nlab_p_puts(c, " zephyr");
	if (strncmp(f[0] + 4, "0.2", 3)) {
		nlab_p_puts(c, " v");
		zstr(c, f[0] + 4);
		return NLAB_P_OK;
	}
	int kind = (int)strtol(f[2], 0, 16);
	if (kind >= 0 && kind <= 8)
		nlab_strbuf_printf(c->out, " %s", kinds[kind]);
	else
		nlab_strbuf_printf(c->out, " type %d", kind);
	if (kind == SERVACK) {
		const char *ack = field(&z, &cut);
		if (cut)
			return NLAB_P_TRUNC;
		if (ack && strcmp(ack, "SENT"))
			lower(c, "/", ack);
	}
	if (*f[11]) {
		nlab_p_puts(c, " ");
		zstr(c, f[11]);
	}
	if (!strcmp(f[8], "USER_LOCATE")) {
		if (!strcmp(f[10], "USER_HIDE"))
			nlab_p_puts(c, " hide");
		else if (!strcmp(f[10], "USER_UNHIDE"))
			nlab_p_puts(c, " unhide");
		else {
			nlab_p_puts(c, " locate ");
			zstr(c, f[9]);
		}
		return NLAB_P_OK;
	}
	if (!strcmp(f[8], "ZEPHYR_ADMIN")) {
		lower(c, " zephyr-admin ", f[10]);
		return NLAB_P_OK;
	}
	if (control(c, &z, f, &cut))
		return cut ? NLAB_P_TRUNC : NLAB_P_OK;
	triple(c, " to ", f[8], f[9], f[12]);
	if (*f[10]) {
		nlab_p_puts(c, " op ");
		zstr(c, f[10]);
	}
	return NLAB_P_OK;
}
