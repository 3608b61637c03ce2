/* utf8.c - UTF-8 decoding and encoding for the line editor (utf8.h). */
#include "utf8.h"

/* The length of the sequence LEAD starts, 0 if it starts none. C0, C1
 * and F5..FF never appear in UTF-8. */
static int sequence_length(unsigned char lead)
{
	if (lead < 0x80)
		return 1;
	if (lead >= 0xC2 && lead <= 0xDF)
		return 2;
	if (lead >= 0xE0 && lead <= 0xEF)
		return 3;
	if (lead >= 0xF0 && lead <= 0xF4)
		return 4;
	return 0;
}

/* Whether BYTE may follow the pending bytes: the second byte's range
 * depends on the lead, which rules out overlong forms, surrogates and
 * code points past U+10FFFF (RFC 3629). */
static int continues(const nlab_utf8_dec *d, unsigned char byte)
{
	unsigned char lo = 0x80, hi = 0xBF;

	if (d->have == 1) {
		switch (d->pending[0]) {
		case 0xE0:
			lo = 0xA0;
			break;
		case 0xED:
			hi = 0x9F;
			break;
		case 0xF0:
			lo = 0x90;
			break;
		case 0xF4:
			hi = 0x8F;
			break;
		}
	}
	return byte >= lo && byte <= hi;
}

/* The code point of the complete sequence in pending. */
static uint32_t decode_pending(const nlab_utf8_dec *d)
{
	static const unsigned char lead_mask[] = {0, 0x7F, 0x1F, 0x0F, 0x07};
	uint32_t cp = d->pending[0] & lead_mask[d->need];

	for (int i = 1; i < d->need; i++)
		cp = (cp << 6) | (d->pending[i] & 0x3F);
	return cp;
}

/* The code point standing for a byte that is not valid UTF-8. */
static uint32_t escape(unsigned char byte)
{
	return byte < 0x80 ? byte : NLAB_UTF8_ESCAPE + byte;
}

int nlab_utf8_flush(nlab_utf8_dec *d, uint32_t out[4])
{
	int n = d->have;

	for (int i = 0; i < n; i++)
		out[i] = escape(d->pending[i]);
	d->have = d->need = 0;
	return n;
}

int nlab_utf8_step(nlab_utf8_dec *d, unsigned char byte, uint32_t out[4])
{
	int n = 0;

	if (d->have > 0 && continues(d, byte)) {
		d->pending[d->have++] = byte;
		if (d->have < d->need)
			return 0;
		out[0] = decode_pending(d);
		d->have = d->need = 0;
		return 1;
	}
	/* A broken sequence: its bytes go out escaped, BYTE starts anew
	 * (at most 3 pending, so one slot stays free for BYTE). */
	n = nlab_utf8_flush(d, out);
	d->need = sequence_length(byte);
	if (d->need <= 1) {
		out[n++] = escape(byte);
		d->need = 0;
		return n;
	}
	d->pending[0] = byte;
	d->have = 1;
	return n;
}

int nlab_utf8_pending(const nlab_utf8_dec *d)
{
	return d->have > 0;
}

int nlab_utf8_put(uint32_t cp, char out[4])
{
	if (cp >= NLAB_UTF8_ESCAPE + 0x80 && cp <= NLAB_UTF8_ESCAPE + 0xFF) {
		out[0] = (char)(cp - NLAB_UTF8_ESCAPE);
		return 1;
	}
	if ((cp >= 0xD800 && cp <= 0xDFFF) || cp > 0x10FFFF)
		cp = 0xFFFD;
	if (cp < 0x80) {
		out[0] = (char)cp;
		return 1;
	}
	if (cp < 0x800) {
		out[0] = (char)(0xC0 | (cp >> 6));
		out[1] = (char)(0x80 | (cp & 0x3F));
		return 2;
	}
	if (cp < 0x10000) {
		out[0] = (char)(0xE0 | (cp >> 12));
		out[1] = (char)(0x80 | ((cp >> 6) & 0x3F));
		out[2] = (char)(0x80 | (cp & 0x3F));
		return 3;
	}
	out[0] = (char)(0xF0 | (cp >> 18));
	out[1] = (char)(0x80 | ((cp >> 12) & 0x3F));
	out[2] = (char)(0x80 | ((cp >> 6) & 0x3F));
	out[3] = (char)(0x80 | (cp & 0x3F));
	return 4;
}
