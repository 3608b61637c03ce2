/* print_txt.c - the text protocols tcpdump shows one line of (HTTP,
 * RTSP, SMTP, FTP, WHOIS: its txtproto_print; with -v every line) and
 * the SSH version banner. */
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

static const char *const rtsp_cmds[] = {
	"DESCRIBE", "ANNOUNCE", "GET_PARAMETER", "OPTIONS", "PAUSE", "PLAY",
	"RECORD", "REDIRECT", "SETUP", "SET_PARAMETER", "TEARDOWN", NULL};

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

/* Prints PREFIX and the line at *IDX, moving *IDX past its end (0 when
 * the text stops there: binary data, or no line end in the LEN bytes);
 * returns NLAB_P_TRUNC when the capture ends inside it (tcpdump's
 * print_txt_line). */
static int txt_line(nlab_pctx *c, nlab_view p, uint32_t *idx, uint32_t len,
		    const char *prefix)
{
	uint32_t start = *idx, i = start, n, skip;
	*idx = 0;
	for (; i < len; i++) {
		if (!nlab_view_has(p, i, 1))
			return NLAB_P_TRUNC;
		uint8_t b = nlab_get8(p, i);
		if (b == '\n') {
			n = i - start, skip = 1;
			goto print;
		}
		if (b == '\r') {
			if (i + 1 >= len)
				return NLAB_P_OK;
			if (!nlab_view_has(p, i + 1, 1))
				return NLAB_P_TRUNC;
			if (nlab_get8(p, i + 1) != '\n')
				return NLAB_P_OK;
			n = i - start, skip = 2;
			goto print;
		}
		if (!isprint_(b) && b != '\t')
			return NLAB_P_OK;
	}
	nlab_p_puts(c, prefix);
	nlab_strbuf_add(c->out, (const char *)p.base + start, i - start);
	nlab_p_trunc(c);
	return NLAB_P_OK;
print:
	nlab_p_puts(c, prefix);
	nlab_strbuf_add(c->out, (const char *)p.base + start, n);
	*idx = i + skip;
	return NLAB_P_OK;
}

/* -v: ", length: LEN" and every text line, each on a line of its own. */
static int txt_lines(nlab_pctx *c, nlab_view p, uint32_t len)
{
	nlab_strbuf_printf(c->out, ", length: %u", len);
	for (uint32_t idx = 0; idx < len;) {
		int r = txt_line(c, p, &idx, len, "\n\t");
		if (r != NLAB_P_OK || idx == 0)
			return r;
	}
	return NLAB_P_OK;
}

/* Whether the payload starts like a request (a command of CMDS) or a
 * response (a 3-digit code as second token). */
static int looks_like_txt(nlab_view p, uint32_t len, const char *const *cmds)
{
	char tok[129];
	int show = 0;
	uint32_t idx = fetch_token(p, 0, len, tok, sizeof tok);
	if (!idx)
		return 0;
	for (const char *const *cmd = cmds; *cmd; cmd++)
		if (strcasecmp(tok, *cmd) == 0)
			show = 1;
	idx = fetch_token(p, idx, len, tok, sizeof tok);
	if (idx && tok[0] >= '0' && tok[0] <= '9' && tok[1] >= '0' && tok[1] <= '9' &&
	    tok[2] >= '0' && tok[2] <= '9' && tok[3] == '\0')
		show = 1;
	return show;
}

/* tcpdump's txtproto_print: "NAME" and, for what looks like a request
 * or response (always when CMDS is NULL), ": first line" (with -v, all
 * the lines). */
static int txtproto(nlab_pctx *c, nlab_view p, uint32_t len, const char *proto,
		    const char *name, const char *const *cmds)
{
	c->proto = proto;
	int show = cmds ? looks_like_txt(p, len, cmds) : 1;
	nlab_p_puts(c, name);
	uint32_t idx = 0;
	if (!show)
		return NLAB_P_OK;
	return c->o->v ? txt_lines(c, p, len) : txt_line(c, p, &idx, len, ": ");
}

int nlab_p_txt(nlab_pctx *c, nlab_view p, uint32_t len, uint16_t port)
{
	switch (port) {
	case 80:
	case 8080:
		return txtproto(c, p, len, "http", "HTTP", http_cmds);
	case 554:
	case 8554:
		return txtproto(c, p, len, "rtsp", "RTSP", rtsp_cmds);
	case 25:
		return txtproto(c, p, len, "smtp", "SMTP", NULL);
	case 21:
		return txtproto(c, p, len, "ftp", "FTP", NULL);
	default:
		return txtproto(c, p, len, "whois", "WHOIS", NULL);
	}
}

int nlab_p_ssh(nlab_pctx *c, nlab_view p, uint32_t len)
{
	c->proto = "ssh";
	static const char magic[] = "SSH-";
	uint32_t i = 0;
	for (; i < 4; i++) {
		if (!nlab_view_has(p, i, 1))
			return NLAB_P_TRUNC;
		if (nlab_get8(p, i) != (uint8_t)magic[i])
			return NLAB_P_OK;
	}
	for (; i < len; i++) {
		if (!nlab_view_has(p, i, 1))
			return NLAB_P_TRUNC;
		uint8_t b = nlab_get8(p, i);
		if (b == '\r') {
			if (i + 1 >= len)
				return NLAB_P_OK;
			if (!nlab_view_has(p, i + 1, 1))
				return NLAB_P_TRUNC;
			if (nlab_get8(p, i + 1) != '\n')
				return NLAB_P_OK;
			break;
		}
		if (b == '\n')
			break;
		if (!isprint_(b))
			return NLAB_P_OK;
	}
	if (i >= len)
		return NLAB_P_OK;
	nlab_p_puts(c, ": SSH: ");
	nlab_strbuf_add(c->out, (const char *)p.base, i);
	return NLAB_P_OK;
}
