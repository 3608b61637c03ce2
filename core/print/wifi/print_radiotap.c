/* print_radiotap.c - the radiotap header before an 802.11 frame
 * (DLT_IEEE802_11_RADIO): each field its presence bitmaps announce, in
 * bit order and aligned to its size from the header's start (time
 * stamp, flags, rate, channel, signal and noise, antenna, MCS, VHT ...),
 * extended bitmaps and vendor namespaces, as tcpdump 4.99.3's
 * ieee802_11_radio_print writes them; then the frame (print_80211.c),
 * its FCS and padding as the flags field says. */
#include "print_80211.h"

#include <stdio.h>

/* The header being unpacked (tcpdump's cpack): HDR its it_len bytes. */
typedef struct rt_pack {
	nlab_view hdr;
	size_t off;
} rt_pack;

/* Reserves N bytes aligned to N: their offset, or -1 when the header
 * ends first (nothing is taken then). */
static long take(rt_pack *s, size_t n)
{
	size_t at = (s->off + n - 1) / n * n;
	if (at + n > s->hdr.len)
		return -1;
	s->off = at + n;
	return (long)at;
}

static int take8(rt_pack *s, uint8_t *x)
{
	long at = take(s, 1);
	*x = at < 0 ? 0 : nlab_get8(s->hdr, (size_t)at);
	return at < 0 ? -1 : 0;
}

static int take16(rt_pack *s, uint16_t *x)
{
	long at = take(s, 2);
	*x = at < 0 ? 0 : nlab_get16le(s->hdr, (size_t)at);
	return at < 0 ? -1 : 0;
}

static int take32(rt_pack *s, uint32_t *x)
{
	long at = take(s, 4);
	*x = at < 0 ? 0 : nlab_get32le(s->hdr, (size_t)at);
	return at < 0 ? -1 : 0;
}

/* The HT rate (Mb/s) of MCS index M at 40 MHz (W40) or 20 and with a
 * short guard interval (SGI) or a long one; 0 when there is none. The
 * rate is the coded bits per subcarrier of all streams times the coding
 * rate times the data subcarriers (52, 108 at 40 MHz) per OFDM symbol
 * (4 us, 3.6 us with SGI). MCS 0-31 send 1-4 equal streams, 32 is 40
 * MHz's duplicate BPSK, 33-76 send unequal ones (802.11n's tables
 * 20-39..20-41: their bits per subcarrier summed here). */
static double ht_rate(unsigned m, int w40, int sgi)
{
	static const uint8_t eq_bits[8] = {1, 2, 2, 4, 4, 6, 6, 6};
	static const double eq_rate[8] = {1 / 2., 1 / 2., 3 / 4., 1 / 2., 3 / 4., 2 / 3., 3 / 4., 5 / 6.};
	/* MCS 33-38 (2 streams), 39-52 (3), 53-76 (4), each run's first half at
	 * rate 1/2, its second at 3/4 */
	static const uint8_t uneq_bits[] = {6,  8,  10, 8,  10, 10, 12, 14, 14, 16, 10,
					    12, 14, 12, 14, 16, 18, 16, 18, 20, 20, 22};
	double bits, r;
	if (m < 32) {
		bits = eq_bits[m % 8] * (m / 8 + 1), r = eq_rate[m % 8];
	} else if (m == 32) {
		if (!w40)
			return 0;
		return sgi ? 6.0 / 0.9 : 6.0; /* 48 subcarriers of BPSK at 1/2 */
	} else if (m <= 38) {
		bits = uneq_bits[(m - 33) % 3], r = m < 36 ? 1 / 2. : 3 / 4.;
	} else if (m <= 52) {
		bits = uneq_bits[3 + (m - 39) % 7], r = m < 46 ? 1 / 2. : 3 / 4.;
	} else {
		bits = uneq_bits[10 + (m - 53) % 12], r = m < 65 ? 1 / 2. : 3 / 4.;
	}
	return bits * r * (w40 ? 108 : 52) / (sgi ? 3.6 : 4.0);
}

/* The channel: frequency and what its flags and MCS's presence say. */
static void chaninfo(nlab_pctx *c, uint16_t freq, uint32_t fl, uint32_t present)
{
	nlab_strbuf_printf(c->out, "%u MHz", freq);
	if (present & (1u << 19)) {
		nlab_p_puts(c, " 11n"); /* an MCS field: 11n whatever the flags */
	} else {
		if ((fl & 0x880) == 0x880)
			nlab_p_puts(c, " FHSS");
		const char *w = fl & 0x4000 ? "/10Mhz" : fl & 0x8000 ? "/5Mhz" : "";
		if ((fl & 0x140) == 0x140)
			nlab_strbuf_printf(c->out, " 11a%s", w);
		if ((fl & 0xc0) == 0xc0 || (fl & 0x480) == 0x480)
			nlab_strbuf_printf(c->out, " 11g%s", w);
		else if ((fl & 0xa0) == 0xa0)
			nlab_p_puts(c, " 11b");
		if (fl & 0x10)
			nlab_p_puts(c, " Turbo");
	}
	if (fl & 0x10000)
		nlab_p_puts(c, " ht/20");
	else if (fl & 0x40000)
		nlab_p_puts(c, " ht/40-");
	else if (fl & 0x20000)
		nlab_p_puts(c, " ht/40+");
	nlab_p_puts(c, " ");
}

/* The flags field: what it says, and *FLAGS for the frame after. */
static void flags_field(nlab_pctx *c, uint8_t f)
{
	static const nlab_bitname names[] = {{0x01, "cfp "}, {0x02, "short preamble "},
					     {0x04, "wep "}, {0x08, "fragmented "},
					     {0x40, "bad-fcs "}, {0, NULL}};
	nlab_p_bits(c, names, f, "", "");
}

/* The rate field: half-Mb/s units, or an MCS index on FreeBSD. */
static void rate_field(nlab_pctx *c, uint8_t r)
{
	if (r >= 0x80 && r <= 0x8f)
		nlab_strbuf_printf(c->out, "MCS %u ", r & 0x7f);
	else
		nlab_strbuf_printf(c->out, "%2.1f Mb/s ", .5 * r);
}

/* The MCS field: rate, bandwidth, guard interval, format, FEC, STBC. */
static int mcs_field(nlab_pctx *c, rt_pack *s)
{
	static const char *const bw[4] = {"20 MHz", "40 MHz", "20 MHz (L)", "20 MHz (U)"};
	uint8_t known, fl, m;
	if (take8(s, &known) || take8(s, &fl) || take8(s, &m))
		return -1;
	if (known & 0x02) {
		double rate = 0;
		if (m <= 76 && (known & 0x05))
			rate = ht_rate(m, (fl & 3) == 1, fl & 4);
		if (rate != 0)
			nlab_strbuf_printf(c->out, "%.1f Mb/s MCS %u ", (double)(float)rate, m);
		else
			nlab_strbuf_printf(c->out, "MCS %u ", m);
	}
	if (known & 0x01)
		nlab_strbuf_printf(c->out, "%s ", bw[fl & 3]);
	if (known & 0x04)
		nlab_strbuf_printf(c->out, "%s GI ", fl & 4 ? "short" : "long");
	if (known & 0x08)
		nlab_strbuf_printf(c->out, "%s ", fl & 8 ? "greenfield" : "mixed");
	if (known & 0x10)
		nlab_strbuf_printf(c->out, "%s FEC ", fl & 0x10 ? "LDPC" : "BCC");
	if (known & 0x20)
		nlab_strbuf_printf(c->out, "RX-STBC%u ", (fl & 0x60) >> 5);
	return 0;
}

/* The VHT bandwidth code B's name: 20, 40, 80 and 160 MHz and their
 * sidebands (L, U) in the radiotap order. */
static void vht_bw(nlab_pctx *c, unsigned b)
{
	static const char *const side[] = {"",	  "", "(L)", "(U)", "",	   "(L)", "(U)", "(LL)",
					   "(LU)", "(UL)", "(UU)", "", "(L)", "(U)", "(LL)", "(LU)",
					   "(UL)", "(UU)", "(LLL)", "(LLU)", "(LUL)", "(UUU)",
					   "(ULL)", "(ULU)", "(UUL)", "(UUU)"};
	if (b >= 26) {
		nlab_strbuf_printf(c->out, "unknown (%u) ", b);
		return;
	}
	unsigned mhz = b == 0 ? 20 : b < 4 ? (b == 1 ? 40 : 20) : b < 11 ? 80 : 160;
	nlab_strbuf_printf(c->out, "%u MHz%s%s ", mhz, *side[b] ? " " : "", side[b]);
}

/* The VHT field: each user's MCS and FEC, bandwidth, guard interval. */
static int vht_field(nlab_pctx *c, rt_pack *s)
{
	uint16_t known, aid;
	uint8_t fl, bw, mn[4], coding, gid;
	if (take16(s, &known) || take8(s, &fl) || take8(s, &bw))
		return -1;
	for (int i = 0; i < 4; i++)
		if (take8(s, &mn[i]))
			return -1;
	if (take8(s, &coding) || take8(s, &gid) || take16(s, &aid))
		return -1;
	for (unsigned i = 0; i < 4; i++) {
		if (!(mn[i] & 0x0f))
			continue;
		nlab_strbuf_printf(c->out, "User %u MCS %u %s FEC ", i, mn[i] >> 4,
				   coding & (1u << i) ? "LDPC" : "BCC");
	}
	if (known & 0x40)
		vht_bw(c, bw & 0x1f);
	if (known & 0x04)
		nlab_strbuf_printf(c->out, "%s GI ", fl & 4 ? "short" : "long");
	return 0;
}

/* Fields of one byte or two, signed or not, that print a number. */
static int small_field(nlab_pctx *c, rt_pack *s, unsigned bit)
{
	uint8_t a, b;
	uint16_t w;
	switch (bit) {
	case 4: /* FHSS */
		if (take8(s, &a) || take8(s, &b))
			return -1;
		nlab_strbuf_printf(c->out, "fhset %u fhpat %u ", a, b);
		return 0;
	case 7: /* lock quality */
		if (take16(s, &w))
			return -1;
		nlab_strbuf_printf(c->out, "%u sq ", w);
		return 0;
	case 8: /* TX attenuation */
		if (take16(s, &w))
			return -1;
		nlab_strbuf_printf(c->out, "%d tx power ", -(int)(int16_t)w);
		return 0;
	}
	if (take8(s, &a))
		return -1;
	int sv = (int8_t)a;
	switch (bit) {
	case 5: nlab_strbuf_printf(c->out, "%ddBm signal ", sv); break;
	case 6: nlab_strbuf_printf(c->out, "%ddBm noise ", sv); break;
	case 9: nlab_strbuf_printf(c->out, "%ddB tx attenuation ", -sv); break;
	case 10: nlab_strbuf_printf(c->out, "%ddBm tx power ", sv); break;
	case 11: nlab_strbuf_printf(c->out, "antenna %u ", a); break;
	case 12: nlab_strbuf_printf(c->out, "%udB signal ", a); break;
	case 13: nlab_strbuf_printf(c->out, "%udB noise ", a); break;
	}
	return 0;
}

/* The field of radiotap bit BIT (PRESENT: its presence word): 0, or -1
 * when the header ends inside it or its size is unknown (then nothing
 * more of the header is read). */
static int field(nlab_pctx *c, rt_pack *s, unsigned bit, uint8_t *flags, uint32_t present)
{
	uint8_t a;
	uint16_t f16, w;
	uint32_t f32;
	int r = 0;
	switch (bit) {
	case 0: { /* TSFT */
		long at = take(s, 8);
		if (at < 0) {
			r = -1;
			break;
		}
		nlab_strbuf_printf(c->out, "%lluus tsft ",
				   (unsigned long long)nlab_get64le(s->hdr, (size_t)at));
		break;
	}
	case 1:
		if (!(r = take8(s, &a)))
			*flags = a, flags_field(c, a);
		break;
	case 2:
		if (!(r = take8(s, &a)))
			rate_field(c, a);
		break;
	case 3: /* channel, unless an XChannel is there too */
		if (!(r = take16(s, &w) || take16(s, &f16)) && !(present & (1u << 18)))
			chaninfo(c, w, f16, present);
		break;
	case 4: case 5: case 6: case 7: case 8: case 9: case 10: case 11: case 12: case 13:
		r = small_field(c, s, bit);
		break;
	case 14: /* RX flags: read, not printed */
		r = take16(s, &w);
		break;
	case 18: /* XChannel: flags, frequency, channel, max power */
		if (!(r = take32(s, &f32) || take16(s, &w) || take8(s, &a) || take8(s, &a)))
			chaninfo(c, w, f32, present);
		break;
	case 19:
		r = mcs_field(c, s);
		break;
	case 20: /* A-MPDU status: read, not printed */
		r = take32(s, &f32) || take16(s, &w) || take8(s, &a) || take8(s, &a) ? -1 : 0;
		break;
	case 21:
		r = vht_field(c, s);
		break;
	default:
		nlab_strbuf_printf(c->out, "[bit %u] ", bit);
		return -1;
	}
	if (r) {
		c->proto = "802.11_radio";
		nlab_p_trunc(c);
		return -1;
	}
	return 0;
}

/* The fields of presence word PRESENT whose bits count from BIT0: 0,
 * or -1 when the rest of the header cannot be read. */
static int namespace_fields(nlab_pctx *c, rt_pack *s, uint8_t *flags, uint32_t present,
			    unsigned bit0)
{
	for (unsigned b = 0; b < 29; b++)
		if ((present & (1u << b)) && field(c, s, bit0 + b, flags, present))
			return -1;
	return 0;
}

/* A vendor namespace's header (OUI, sub-namespace, length to skip)
 * after the presence words: *SKIP, or " [|802.11_radio]" if cut. */
static void vendor_header(nlab_pctx *c, rt_pack *s, uint16_t *skip)
{
	uint8_t x;
	size_t at = (s->off + 1) & ~(size_t)1; /* only checked, not moved to */
	if (at + 2 > s->hdr.len || take8(s, &x) || take8(s, &x) || take8(s, &x) ||
	    take8(s, &x) || take16(s, skip)) {
		nlab_p_trunc(c);
	}
}

/* Walks the presence words (the first at 4, N of them) and their
 * fields; returns the flags field's value (0 without one). */
static uint8_t walk(nlab_pctx *c, rt_pack *s, size_t n)
{
	uint8_t flags = 0;
	unsigned bit0 = 0;
	int vendor = 0;
	uint16_t skip = 0;
	for (size_t i = 0; i < n; i++) {
		uint32_t present = nlab_get32le(s->hdr, 4 + 4 * i);
		if (vendor) {
			if (s->off + skip > s->hdr.len)
				break;
			s->off += skip, skip = 0;
		} else if (namespace_fields(c, s, &flags, present, bit0)) {
			break;
		}
		switch (present & 0x60000000u) {
		case 0:
			bit0 += 32;
			break;
		case 0x20000000u: /* back to the radiotap namespace */
			bit0 = 0, vendor = 0, skip = 0;
			break;
		case 0x40000000u: /* into a vendor's */
			bit0 = 0, vendor = 1;
			c->proto = "802.11_radio";
			vendor_header(c, s, &skip);
			break;
		}
	}
	return flags;
}

int nlab_p_radiotap(nlab_pctx *c, nlab_view v, uint32_t len, size_t *hdrlen)
{
	c->proto = "802.11_radio";
	*hdrlen = v.len;
	if (v.len < 8) {
		nlab_p_trunc(c);
		return NLAB_P_OK;
	}
	uint16_t it_len = nlab_get16le(v, 2);
	if (it_len < 8 || v.len < it_len) {
		nlab_p_trunc(c);
		return NLAB_P_OK;
	}
	rt_pack s = {nlab_view_sub(v, 0, it_len), 8};
	size_t k = 0; /* the last presence word: bit 31 says another follows */
	while (8 + 4 * k <= it_len && (nlab_get32le(v, 4 + 4 * k) & 0x80000000u))
		k++, s.off += 4;
	if (8 + 4 * k > it_len) {
		nlab_p_trunc(c); /* more presence words than the header holds */
		return NLAB_P_OK;
	}
	uint8_t flags = walk(c, &s, k + 1);
	size_t hl;
	int r = nlab_p_80211_frame(c, nlab_view_from(v, it_len), len - it_len, flags & 0x20,
				   flags & 0x10 ? 4 : 0, &hl);
	*hdrlen = it_len + hl;
	return r;
}

long nlab_p_radiotap_ip_at(nlab_view v)
{
	uint16_t it_len = nlab_get16le(v, 2);
	if (!nlab_view_has(v, 0, 8) || it_len < 8)
		return -1;
	size_t at = 8; /* the fields start after the presence words */
	while (nlab_get32le(v, at - 4) & 0x80000000u)
		at += 4;
	uint32_t present = nlab_get32le(v, 4);
	uint8_t flags = 0;
	if (present & 2) { /* the flags byte, after a time stamp (8 aligned) */
		size_t f = present & 1 ? ((at + 7) & ~(size_t)7) + 8 : at;
		flags = f < it_len ? nlab_get8(v, f) : 0;
	}
	return nlab_p_80211_ip_at(v, it_len, flags & 0x20);
}
