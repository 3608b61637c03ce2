/* print_http.c - the first line of an HTTP request or response, as
 * tcpdump's txtproto_print writes it without -v. */
#include "print_priv.h"

#include <string.h>
#include <strings.h>

static const char *const http_cmds[] = {
	"GET", "PUT", "COPY", "HEAD", "LOCK", "MOVE", "POLL", "POST", "BCOPY",
	"BMOVE", "MKCOL", "TRACE", "LABEL", "MERGE", "DELETE", "SEARCH",
	"UNLOCK", "REPORT", "UPDATE", "NOTIFY", "BDELETE", "CONNECT", "OPTIONS",
	"CHECKIN", "PROPFIND", "CHECKOUT", "CCM_POST", "SUBSCRIBE", "PROPPATCH",
	"BPROPFIND", "BPROPPATCH", "UNCHECKOUT", "MKACTIVITY", "MKWORKSPACE",
	"UNSUBSCRIBE", "RPC_CONNECT", "VERSION-CONTROL", "BASELINE-CONTROL", NULL};

/* Whether B is printable ASCII (tcpdump's ND_ASCII_ISPRINT). */
static int isprint_(uint8_t b)
{
	return b >= 0x20 && b <= 0x7e;
}

/* The token at IDX into TOK; the index after it and its blanks, 0 if none
 * (tcpdump's fetch_token). */
static uint32_t fetch_token(nlab_view p, uint32_t idx, uint32_t len, char *tok,
			    size_t cap)
{
	size_t n = 0;
	for (; idx < len; idx++) {
		if (!nlab_view_has(p, idx, 1))
			return 0;
		uint8_t b = nlab_get8(p, idx);
		if (b & 0x80)
			return 0;
		if (b == ' ' || b == '\t' || b == '\r' || b == '\n')
			break;
		if (!isprint_(b) || n + 2 > cap)
			return 0;
		tok[n++] = (char)b;
	}
	if (n == 0)
		return 0;
	tok[n] = '\0';
	for (; idx < len && nlab_view_has(p, idx, 1); idx++) {
		uint8_t b = nlab_get8(p, idx);
		if (b == '\r' || b == '\n' || !isprint_(b) || (b != ' ' && b != '\t'))
			break;
	}
	return idx;
}

/* Prints PREFIX and the first line; returns NLAB_P_TRUNC when the
 * capture ends inside it (tcpdump's print_txt_line). */
static int txt_line(nlab_pctx *c, nlab_view p, uint32_t len)
{
	uint32_t i = 0, n;
	for (; i < len; i++) {
		if (!nlab_view_has(p, i, 1))
			return NLAB_P_TRUNC;
		uint8_t b = nlab_get8(p, i);
		if (b == '\n') {
			n = i;
			goto print;
		}
		if (b == '\r') {
			if (i + 1 >= len)
				return NLAB_P_OK;
			if (!nlab_view_has(p, i + 1, 1))
				return NLAB_P_TRUNC;
			if (nlab_get8(p, i + 1) != '\n')
				return NLAB_P_OK;
			n = i;
			goto print;
		}
		if (!isprint_(b) && b != '\t')
			return NLAB_P_OK;
	}
	nlab_p_puts(c, ": ");
	nlab_strbuf_add(c->out, (const char *)p.base, i);
	nlab_p_trunc(c);
	return NLAB_P_OK;
print:
	nlab_p_puts(c, ": ");
	nlab_strbuf_add(c->out, (const char *)p.base, n);
	return NLAB_P_OK;
}

int nlab_p_http(nlab_pctx *c, nlab_view p, uint32_t len)
{
	char tok[129];
	int show = 0;
	c->proto = "http";
	uint32_t idx = fetch_token(p, 0, len, tok, sizeof tok);
	if (idx) {
		for (const char *const *cmd = http_cmds; *cmd; cmd++)
			if (strcasecmp(tok, *cmd) == 0)
				show = 1;
		idx = fetch_token(p, idx, len, tok, sizeof tok);
		if (idx && tok[0] >= '0' && tok[0] <= '9' && tok[1] >= '0' &&
		    tok[1] <= '9' && tok[2] >= '0' && tok[2] <= '9' && tok[3] == '\0')
			show = 1;
	}
	nlab_p_puts(c, "HTTP");
	return show ? txt_line(c, p, len) : NLAB_P_OK;
}
