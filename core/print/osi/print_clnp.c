/* print_clnp.c - CLNP (ISO 8473, NLPID 0x81) as tcpdump's clnp_print
 * writes it: "CLNP, src > dst, Data, length N", and under -v the fixed
 * part (the checksum checked), flags, addresses, the segmentation part,
 * each option (source routes and recorded routes, priority, QoS,
 * security, discard reasons, padding), the packet an error report
 * quotes, and the data in hex. */
#include "osi_priv.h"

static const char *pdu_name(uint8_t t)
{
	switch (t) {
	case 1: return "Error Report";
	case 29: return "MD";
	case 28: return "Data";
	case 30: return "Echo Request";
	case 31: return "Echo Response";
	default: return NULL;
	}
}

static void put_pdu(nlab_pctx *c, uint8_t t)
{
	const char *n = pdu_name(t);
	if (n)
		nlab_p_puts(c, n);
	else
		nlab_strbuf_printf(c->out, "unknown (%u)", t);
}

static const char *option_name(uint8_t o)
{
	switch (o) {
	case 193: return "Discard Reason";
	case 205: return "Priority";
	case 195: return "QoS Maintenance";
	case 197: return "Security";
	case 200: return "Source Routing";
	case 203: return "Route Recording";
	case 204: return "Padding";
	default: return "Unknown";
	}
}

static const char *scope_name(uint8_t s)
{
	return s == 0x40 ? "Source Address Specific"
	       : s == 0x80 ? "Destination Address Specific"
	       : s == 0xc0 ? "Globally unique"
			   : "Reserved";
}

/* A discard reason's class and error (rfd tables of tcpdump). */
static const char *rfd_error(unsigned major, unsigned minor)
{
	static const char *const general[] = {"Reason not specified", "Protocol procedure error",
		"Incorrect checksum", "PDU discarded due to congestion",
		"Header syntax error (cannot be parsed)", "Segmentation needed but not permitted",
		"Incomplete PDU received", "Duplicate option"};
	static const char *const address[] = {"Destination address unreachable",
					      "Destination address unknown"};
	static const char *const sroute[] = {"Unspecified source routeing error",
		"Syntax error in source routeing field", "Unknown address in source routeing field",
		"Path not acceptable"};
	static const char *const life[] = {"Lifetime expired while data unit in transit",
					   "Lifetime expired during reassembly"};
	static const char *const discard[] = {"Unsupported option not specified",
		"Unsupported protocol version", "Unsupported security option",
		"Unsupported source routeing option", "Unsupported recording of route option"};
	switch (major) {
	case 0: return minor < 8 ? general[minor] : "Unknown";
	case 8: return minor < 2 ? address[minor] : "Unknown";
	case 9: return minor < 4 ? sroute[minor] : "Unknown";
	case 10: return minor < 2 ? life[minor] : "Unknown";
	case 11: return minor < 5 ? discard[minor] : "Unknown";
	case 12: return minor == 0 ? "Reassembly interference" : "Unknown";
	default: return "Unknown";
	}
}

static const char *rfd_class(unsigned major)
{
	switch (major) {
	case 0x0: return "General";
	case 0x8: return "Address";
	case 0x9: return "Source Routeing";
	case 0xa: return "Lifetime";
	case 0xb: return "PDU Discarded";
	case 0xc: return "Reassembly";
	default: return "Unknown";
	}
}

/* Source routing and route recording: the kind and the NSAPs (tcpdump
 * reads the first one again each time round, as here). */
static void route(nlab_pctx *c, nlab_view v, uint8_t op, size_t p, unsigned len)
{
	uint8_t k = nlab_get8(v, p);
	nlab_strbuf_printf(c->out, "%s %s", k == 0 ? "partial" : k == 1 ? "complete" : "Unknown",
			   op == 200 ? "source routing" : "recording of route in progress");
	unsigned off = nlab_get8(v, p + 1);
	if (off == 0) {
		nlab_p_puts(c, " Bad NSAP offset (0)");
		return;
	}
	if (--off > len) {
		nlab_p_puts(c, " Bad NSAP offset (past end of option)");
		return;
	}
	p += off, len -= off;
	while (len > 0) {
		unsigned n = nlab_get8(v, p);
		if (len < n + 1) {
			nlab_p_puts(c, "\n\t    NSAP address goes past end of option");
			break;
		}
		if (n > 0) {
			nlab_strbuf_printf(c->out, "\n\t    NSAP address (length %u): ", n);
			nlab_osi_nsap(c, v, p + 1, n);
		}
		len -= n + 1;
	}
}

/* One option's value (LEN bytes at P, captured): OSI_FAIL when tcpdump
 * gives up on the PDU. */
static int option(nlab_pctx *c, nlab_view v, uint8_t op, size_t p, unsigned len)
{
	static const nlab_bitname qos[] = {{0x20, "reserved"}, {0x10, "sequencing vs. delay"},
					   {0x08, "congested"}, {0x04, "delay vs. cost"},
					   {0x02, "error vs. delay"}, {0x01, "error vs. cost"},
					   {0, NULL}};
	unsigned need = op == 200 || op == 203 || op == 197 ? 2 : op == 205 || op == 195 || op == 193;
	if (len < need) {
		nlab_p_puts(c, ", bad opt len");
		return OSI_FAIL;
	}
	uint8_t b = nlab_get8(v, p);
	switch (op) {
	case 200:
	case 203:
		route(c, v, op, p, len);
		break;
	case 205:
		nlab_strbuf_printf(c->out, "0x%1x", b & 0x0f);
		break;
	case 195:
		nlab_strbuf_printf(c->out, "\n\t    Format Code: %s", scope_name(b & 0xc0));
		if ((b & 0xc0) == 0xc0) {
			nlab_p_puts(c, "\n\t    QoS Flags [");
			nlab_p_bits(c, qos, b & 0x3f, ", ", "none");
			nlab_p_puts(c, "]");
		}
		break;
	case 197:
		nlab_strbuf_printf(c->out, "\n\t    Format Code: %s, Security-Level %u",
				   scope_name(b & 0xc0), nlab_get8(v, p + 1));
		break;
	case 193:
		nlab_strbuf_printf(c->out, "\n\t    Class: %s Error (0x%01x), %s (0x%01x)",
				   rfd_class(b >> 4), b >> 4, rfd_error(b >> 4, b & 0xf), b & 0xf);
		break;
	case 204:
		nlab_p_puts(c, "padding data");
		break;
	default:
		nlab_p_unknown_data(c, v, p, len, "\n\t  ");
		break;
	}
	return NLAB_P_OK;
}

/* The options: LI bytes from *P on. */
static int options(nlab_pctx *c, nlab_view v, size_t *p, unsigned li)
{
	while (li != 0) {
		if (li < 2) {
			nlab_p_puts(c, ", bad opts/li");
			return OSI_FAIL;
		}
		OSI_NEED(v, *p, 2);
		uint8_t op = nlab_get8(v, *p);
		unsigned len = nlab_get8(v, *p + 1);
		*p += 2, li -= 2;
		if (len > li) {
			nlab_strbuf_printf(c->out, ", opt (%u) too long", op);
			return OSI_FAIL;
		}
		if (!nlab_view_has(v, *p, len))
			return NLAB_P_ETRUNC;
		li -= len;
		nlab_strbuf_printf(c->out, "\n\t  %s Option #%u, length %u, value: ", option_name(op), op,
				   len);
		int r = option(c, v, op, *p, len);
		if (r)
			return r;
		if (c->o->v > 1)
			nlab_p_unknown_data(c, v, *p, len, "\n\t  ");
		*p += len;
	}
	return NLAB_P_OK;
}

/* The checks of the fixed part and the addresses: NLAB_P_OK with
 * where they are, or what ends the PDU. */
static int addresses(nlab_pctx *c, nlab_view v, uint32_t len, size_t *dst, unsigned *dl,
		     size_t *src, unsigned *sl)
{
	unsigned li = nlab_get8(v, 1), version = nlab_get8(v, 2);
	if (version != 1) {
		nlab_strbuf_printf(c->out, "version %u packet not supported", version);
		return OSI_FAIL;
	}
	if (li > len) {
		nlab_strbuf_printf(c->out, " length indicator(%u) > PDU size (%u)!", li, len);
		return OSI_FAIL;
	}
	if (li < 9) {
		nlab_strbuf_printf(c->out, " length indicator %u < min PDU size:", li);
		nlab_osi_hex_upper(c, v, 0);
		return OSI_FAIL;
	}
	const char *few = "li < size of fixed part of CLNP header and addresses";
	unsigned left = li - 9;
	size_t p = 9;
	for (int i = 0; i < 2; i++) {
		if (left < 1) {
			nlab_p_puts(c, few);
			return OSI_FAIL;
		}
		OSI_NEED(v, p, 1);
		unsigned n = nlab_get8(v, p++);
		left--;
		if (left < n) {
			nlab_p_puts(c, few);
			return OSI_FAIL;
		}
		if (!nlab_view_has(v, p, n))
			return NLAB_P_ETRUNC;
		*(i ? src : dst) = p;
		*(i ? sl : dl) = n;
		p += n, left -= n;
	}
	return NLAB_P_OK;
}

/* One CLNP PDU of LEN bytes at V; *NEXT the quoted packet's offset when
 * an error report carries one (0: none). */
static int pdu(nlab_pctx *c, nlab_view v, uint32_t len, size_t *next, uint32_t *next_len)
{
	*next = 0;
	if (!nlab_view_has(v, 0, 9))
		return NLAB_P_ETRUNC;
	if (!c->o->e)
		nlab_p_puts(c, "CLNP");
	size_t dst, src;
	unsigned dl, sl, li = nlab_get8(v, 1);
	int r = addresses(c, v, len, &dst, &dl, &src, &sl);
	if (r)
		return r;
	uint8_t t = nlab_get8(v, 4) & 0x1f, flags = nlab_get8(v, 4) & 0xe0;
	if (!c->o->v) {
		nlab_p_puts(c, c->o->e ? "" : ", ");
		nlab_osi_nsap(c, v, src, sl);
		nlab_p_puts(c, " > ");
		nlab_osi_nsap(c, v, dst, dl);
		nlab_p_puts(c, ", ");
		put_pdu(c, t);
		nlab_strbuf_printf(c->out, ", length %u", len);
		return OSI_DONE;
	}
	uint8_t life = nlab_get8(v, 3);
	nlab_strbuf_printf(c->out, "%slength %u\n\t", c->o->e ? "" : ", ", len);
	put_pdu(c, t);
	nlab_strbuf_printf(c->out, " PDU, hlen: %u, v: 1, lifetime: %u.%us, Segment PDU length: %u, "
				   "checksum: 0x%04x",
			   li, life / 2, (life % 2) * 5, nlab_get16(v, 5), nlab_get16(v, 7));
	nlab_osi_cksum(c, v, 0, nlab_get16(v, 7), 7, li);
	static const nlab_bitname fl[] = {{0x80, "Segmentation permitted"},
					  {0x40, "more Segments"},
					  {0x20, "request Error Report"},
					  {0, NULL}};
	nlab_p_puts(c, "\n\tFlags [");
	nlab_p_bits(c, fl, flags, ", ", "none");
	nlab_strbuf_printf(c->out, "]\n\tsource address (length %u): ", sl);
	nlab_osi_nsap(c, v, src, sl);
	nlab_strbuf_printf(c->out, "\n\tdest   address (length %u): ", dl);
	nlab_osi_nsap(c, v, dst, dl);
	size_t p = src + sl;
	unsigned left = li - (unsigned)p;
	if (flags & 0x80) {
		if (left < 6) {
			nlab_p_puts(c, "li < size of fixed part of CLNP header, addresses, and segment "
				       "part");
			return OSI_FAIL;
		}
		if (!nlab_view_has(v, p, 6))
			return NLAB_P_ETRUNC;
		nlab_strbuf_printf(c->out,
				   "\n\tData Unit ID: 0x%04x, Segment Offset: %u, Total PDU Length: %u",
				   nlab_get16(v, p), nlab_get16(v, p + 2), nlab_get16(v, p + 4));
		p += 6, left -= 6;
	}
	if ((r = options(c, v, &p, left)))
		return r;
	if (t == 1 || t == 31) {
		OSI_NEED(v, p, 1);
		if (nlab_get8(v, p) == 0x81) {
			nlab_p_puts(c, "\n\t-----original packet-----\n\t");
			*next = p, *next_len = len - li;
			return OSI_DONE;
		}
	}
	if (len > p) {
		nlab_strbuf_printf(c->out, "\n\t  undecoded non-header data, length %u", len - li);
		nlab_p_unknown_data(c, v, p, len - p, "\n\t  ");
	}
	return OSI_DONE;
}

int nlab_osi_clnp(nlab_pctx *c, nlab_view v, uint32_t len)
{
	c->proto = "clnp";
	size_t next;
	uint32_t next_len;
	int r = pdu(c, v, len, &next, &next_len);
	/* the packet an error report quotes: tcpdump's recursion, a loop
	 * here (each time further on), its failure not dumped */
	while (next) {
		v = nlab_view_from(v, next), len = next_len;
		r = pdu(c, v, len, &next, &next_len);
		if (r == OSI_FAIL)
			r = OSI_DONE;
	}
	return r;
}
