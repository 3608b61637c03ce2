/* print_chars.c - bytes of a packet printed as text, as tcpdump's
 * fn_print_char, nd_printn and nd_printztn write them ("M-" for the high
 * bit, "^" for control characters), or in hex as print_unknown_data. */
#include "print_priv.h"

void nlab_p_char(nlab_pctx *c, uint8_t ch)
{
	char s[4];
	size_t n = 0;
	if (ch & 0x80) {
		ch &= 0x7f;
		s[n++] = 'M', s[n++] = '-';
	}
	if (ch < 0x20 || ch == 0x7f) {
		ch ^= 0x40;
		s[n++] = '^';
	}
	s[n++] = (char)ch;
	nlab_strbuf_add(c->out, s, n);
}

int nlab_p_printn(nlab_pctx *c, nlab_view v, size_t off, size_t n)
{
	for (; n > 0 && nlab_view_has(v, off, 1); n--, off++)
		nlab_p_char(c, nlab_get8(v, off));
	return n != 0;
}

size_t nlab_p_printztn(nlab_pctx *c, nlab_view v, size_t off, size_t n)
{
	for (size_t i = 0; i < n && nlab_view_has(v, off + i, 1); i++) {
		uint8_t ch = nlab_get8(v, off + i);
		if (!ch)
			return i + 1;
		nlab_p_char(c, ch);
	}
	return 0;
}

int nlab_p_printjnp(nlab_pctx *c, nlab_view v, size_t off, size_t n)
{
	for (size_t i = 0; i < n; i++) {
		if (!nlab_view_has(v, off + i, 1))
			return NLAB_P_TRUNC;
		uint8_t ch = nlab_get8(v, off + i);
		if (!ch)
			break;
		nlab_p_char(c, ch);
	}
	return NLAB_P_OK;
}

void nlab_p_hexdump(nlab_pctx *c, nlab_view v, size_t off, size_t n,
		    const char *ident)
{
	nlab_view d = nlab_view_sub(v, off, n); /* no more than was captured */
	for (size_t i = 0; i < d.len; i++) {
		if (i % 16 == 0)
			nlab_strbuf_printf(c->out, "%s0x%04zx: ", ident, i);
		nlab_strbuf_printf(c->out, i % 2 ? "%02x" : " %02x",
				   nlab_get8(d, i));
	}
}

int nlab_p_unknown_data(nlab_pctx *c, nlab_view v, size_t off, size_t n, const char *ident)
{
	if (off > v.len) {
		nlab_strbuf_printf(c->out, "%sDissector error: print_unknown_data called with "
					   "pointer past end of packet", ident);
		return 0;
	}
	nlab_p_hexdump(c, v, off, n, ident);
	return 1;
}

void nlab_p_bits(nlab_pctx *c, const nlab_bitname *t, uint32_t v, const char *sep,
		 const char *none)
{
	int any = 0;
	for (; t->name; t++) {
		if (t->bit && (v & t->bit) == t->bit) {
			if (any++)
				nlab_p_puts(c, sep);
			nlab_p_puts(c, t->name);
		}
	}
	if (!any)
		nlab_p_puts(c, none);
}

void nlab_p_relts(nlab_pctx *c, uint32_t secs)
{
	static const char *const unit[] = {"y", "w", "d", "h", "m", "s"};
	static const uint32_t size[] = {31536000, 604800, 86400, 3600, 60, 1};
	if (secs == 0)
		nlab_p_puts(c, "0s");
	for (int i = 0; i < 6 && secs > 0; i++)
		if (secs >= size[i]) {
			nlab_strbuf_printf(c->out, "%u%s", secs / size[i], unit[i]);
			secs %= size[i];
		}
}
