/* print_bootp.c - BOOTP and DHCP (UDP ports 67 and 68) as tcpdump's
 * print-bootp.c writes them: one line without -v; with it the header's
 * fields and every RFC 1048 option (or CMU's vendor area). */
#include "print_priv.h"

/* Each option's name after a letter saying how its data prints (tcpdump's
 * tag2str): i addresses, l/L 32-bit numbers, s 16-bit, b bytes, B
 * booleans, a text, p address pairs, $ its own format. */
static const char *const tags[256] = {
    [0] = " PAD",
    [1] = "iSubnet-Mask",
    [2] = "LTime-Zone",
    [3] = "iDefault-Gateway",
    [4] = "iTime-Server",
    [5] = "iIEN-Name-Server",
    [6] = "iDomain-Name-Server",
    [7] = "iLOG",
    [8] = "iCS",
    [9] = "iLPR-Server",
    [10] = "iIM",
    [11] = "iRL",
    [12] = "aHostname",
    [13] = "sBS",
    [14] = "aDP",
    [15] = "aDomain-Name",
    [16] = "iSS",
    [17] = "aRP",
    [18] = "aEP",
    [19] = "BIPF",
    [20] = "BSRT",
    [21] = "pPF",
    [22] = "sRSZ",
    [23] = "bTTL",
    [24] = "lMTU-Timeout",
    [25] = "sMTU-Table",
    [26] = "sMTU",
    [27] = "BLSN",
    [28] = "iBR",
    [29] = "BMD",
    [30] = "BMS",
    [31] = "BRouter-Discovery",
    [32] = "iRSA",
    [33] = "pStatic-Route",
    [34] = "BUT",
    [35] = "lAT",
    [36] = "BIE",
    [37] = "bTT",
    [38] = "lKI",
    [39] = "BKG",
    [40] = "aYD",
    [41] = "iYS",
    [42] = "iNTP",
    [43] = "bVendor-Option",
    [44] = "iNetbios-Name-Server",
    [45] = "iWDD",
    [46] = "$Netbios-Node",
    [47] = "aNetbios-Scope",
    [48] = "iXFS",
    [49] = "iXDM",
    [50] = "iRequested-IP",
    [51] = "lLease-Time",
    [52] = "$OO",
    [53] = " DHCP-Message",
    [54] = "iServer-ID",
    [55] = "bParameter-Request",
    [56] = "aMSG",
    [57] = "sMSZ",
    [58] = "lRN",
    [59] = "lRB",
    [60] = "aVendor-Class",
    [61] = "$Client-ID",
    [64] = "sN+D",
    [65] = "iN+S",
    [66] = "aTFTP",
    [67] = "aBF",
    [68] = "iMH",
    [69] = "iSMTP",
    [70] = "iPOP3",
    [71] = "iNNTP",
    [72] = "iWWW",
    [73] = "iFG",
    [74] = "iIRC",
    [75] = "iSTS",
    [76] = "iSTDA",
    [77] = "$User-Class",
    [78] = "bSLP-DA",
    [79] = "bSLP-SCOPE",
    [80] = "aSLP-NA",
    [81] = "$FQDN",
    [82] = "$Agent-Information",
    [83] = "bARMT",
    [88] = "aTZSTR",
    [89] = "bFQDNS",
    [90] = "bAUTH",
    [91] = "LLast-Transaction-Time",
    [92] = "iAssociated-IP",
    [93] = "sARCH",
    [94] = "bNDI",
    [95] = "aLDAP",
    [97] = "bGUID",
    [98] = "aUAP",
    [100] = "aPOSIX-TZ",
    [101] = "aTZ-Name",
    [112] = "iNI",
    [113] = "aNITAG",
    [114] = "aURL",
    [116] = "BNOAUTO",
    [117] = "sNSSEARCH",
    [118] = "iSUBNET",
    [121] = "$Classless-Static-Route",
    [150] = "iTFTP-Server-Address",
    [161] = "aMUD-URL",
    [249] = "$Classless-Static-Route-Microsoft",
    [255] = " END",
};

enum {
	TAG_PAD = 0,
	TAG_END = 255,
	TAG_DHCP_MESSAGE = 53,
	TAG_PARM_REQUEST = 55
};

/* The entry of option TAG, "?Unknown" when tcpdump has none. */
static const char *tag_entry(uint8_t tag)
{
	return tags[tag] ? tags[tag] : "?Unknown";
}

/* tcpdump's dhcp_msg_values. */
static const char *dhcp_msg(uint8_t t)
{
	static const char *n[] = {
	    NULL,	    "Discover",	  "Offer",	"Request",
	    "Decline",	    "ACK",	  "NACK",	"Release",
	    "Inform",	    NULL,	  "LeaseQuery", "LeaseUnassigned",
	    "LeaseUnknown", "LeaseActive"};
	return t < sizeof n / sizeof n[0] ? n[t] : NULL;
}

/* Numbers, addresses or bytes of an option of format F: LEN bytes at
 * OFF of V; returns the bytes left over. */
static uint32_t opt_plain(nlab_pctx *c, char f, nlab_view v, size_t off,
			  uint32_t len)
{
	size_t w = f == 'i' || f == 'l' || f == 'L' ? 4
		   : f == 'p'			    ? 8
		   : f == 's'			    ? 2
						    : 1;
	for (int first = 1; len >= w; first = 0, off += w, len -= (uint32_t)w) {
		if (!first)
			nlab_p_puts(c, w > 1 || f == 'B' ? ","
				       : f == 'x'	 ? ":"
							 : ".");
		uint8_t b = nlab_get8(v, off);
		if (f == 'i')
			nlab_p_ip4(c, v, off);
		else if (f == 'L')
			nlab_strbuf_printf(c->out, "%d",
					   (int32_t)nlab_get32(v, off));
		else if (f == 'l')
			nlab_p_u(c, nlab_get32(v, off));
		else if (f == 's')
			nlab_p_u(c, nlab_get16(v, off));
		else if (f == 'p') {
			nlab_p_puts(c, "(");
			nlab_p_ip4(c, v, off);
			nlab_p_puts(c, ":");
			nlab_p_ip4(c, v, off + 4);
			nlab_p_puts(c, ")");
		} else if (f == 'B')
			nlab_strbuf_printf(c->out,
					   b == 0   ? "N"
					   : b == 1 ? "Y"
						    : "%u?",
					   b);
		else
			nlab_p_u(c, b);
	}
	return len;
}

/* Text between quotes: 0, or NLAB_P_ETRUNC when the capture ends. */
static int quoted(nlab_pctx *c, nlab_view v, size_t off, size_t n)
{
	nlab_p_puts(c, "\"");
	int cut = nlab_p_printn(c, v, off, n);
	nlab_p_puts(c, "\"");
	return cut ? NLAB_P_ETRUNC : 0;
}

/* Option 61: a type byte, then text (type 0) or a hardware address. */
static int client_id(nlab_pctx *c, nlab_view v, size_t off, uint32_t len)
{
	if (len < 1) {
		nlab_p_puts(c, "[ERROR: length < 1 bytes]");
		return 0;
	}
	uint8_t type = nlab_get8(v, off);
	if (type == 0)
		return quoted(c, v, off + 1, len - 1);
	static const struct {
		uint8_t t;
		const char *n;
	} hw[] = {{1, "ether"},	   {6, "ieee802"},  {7, "arcnet"},
		  {0xf, "frelay"}, {0x17, "strip"}, {0x18, "ieee1394"}};
	const char *name = NULL;
	for (size_t i = 0; i < sizeof hw / sizeof hw[0]; i++)
		if (hw[i].t == type)
			name = hw[i].n;
	if (name)
		nlab_strbuf_printf(c->out, "%s ", name);
	else
		nlab_strbuf_printf(c->out, "hardware-type %u, ", type);
	for (uint32_t i = 1; i < len; i++)
		nlab_strbuf_printf(c->out, i > 1 ? ":%02x" : "%02x",
				   nlab_get8(v, off + i));
	return 0;
}

/* Option 81: flags, two result codes and the name. */
static int client_fqdn(nlab_pctx *c, nlab_view v, size_t off, uint32_t len)
{
	if (len < 3) {
		nlab_p_puts(c, "[ERROR: length < 3 bytes]");
		return 0;
	}
	uint8_t f = nlab_get8(v, off);
	if (f & 0xf0)
		nlab_strbuf_printf(c->out, "[ERROR: MBZ nibble 0x%x != 0] ",
				   (f & 0xf0) >> 4);
	if (f & 0x0f)
		nlab_strbuf_printf(c->out, "[%s%s%s%s] ", f & 1 ? "S" : "",
				   f & 2 ? "O" : "", f & 4 ? "E" : "",
				   f & 8 ? "N" : "");
	if (nlab_get8(v, off + 1) || nlab_get8(v, off + 2))
		nlab_strbuf_printf(c->out, "%u/%u ", nlab_get8(v, off + 1),
				   nlab_get8(v, off + 2));
	return quoted(c, v, off + 3, len - 3);
}

/* Option 82: the relay agent's sub-options. */
static int agent_info(nlab_pctx *c, nlab_view v, size_t off, uint32_t len)
{
	while (len >= 2) {
		uint8_t sub = nlab_get8(v, off), sublen = nlab_get8(v, off + 1);
		const char *name = sub == 1   ? "Circuit-ID"
				   : sub == 2 ? "Remote-ID"
				   : sub == 6 ? "Subscriber-ID"
					      : "Unknown";
		off += 2, len -= 2;
		nlab_strbuf_printf(
		    c->out, "\n\t      %s SubOption %u, length %u: ", name, sub,
		    sublen);
		if (sublen > len) {
			nlab_p_puts(c, "length goes past end of option");
			return 0;
		}
		if (sub == 1 || sub == 2 || sub == 6) {
			if (nlab_p_printn(c, v, off, sublen))
				return NLAB_P_ETRUNC;
		} else {
			nlab_p_hexdump(c, v, off, sublen, "\n\t\t");
		}
		off += sublen, len -= sublen;
	}
	return 0;
}

/* Options 121 and 249: "(10.0.0.0/8:10.0.0.1),(default:...)". */
static int classless_routes(nlab_pctx *c, nlab_view v, size_t off, uint32_t len)
{
	if (len < 5) {
		nlab_p_puts(c, "[ERROR: length < 5 bytes]");
		return 0;
	}
	for (int first = 1; len > 0; first = 0) {
		if (!first)
			nlab_p_puts(c, ",");
		uint32_t width = nlab_get8(v, off++);
		len--;
		if (width > 32) {
			nlab_strbuf_printf(
			    c->out, "[ERROR: Mask width (%u) > 32]", width);
			return 0;
		}
		uint32_t sig = (width + 7) / 8;
		if (len < sig + 4) {
			nlab_strbuf_printf(
			    c->out, "[ERROR: Remaining length (%u) < %u bytes]",
			    len, sig + 4);
			return 0;
		}
		nlab_p_puts(c, "(");
		if (width == 0)
			nlab_p_puts(c, "default");
		for (uint32_t i = 0; width && i < 4; i++)
			nlab_strbuf_printf(c->out, i ? ".%u" : "%u",
					   i < sig ? nlab_get8(v, off + i) : 0);
		if (width)
			nlab_strbuf_printf(c->out, "/%u", width);
		nlab_p_puts(c, ":");
		nlab_p_ip4(c, v, off + sig);
		nlab_p_puts(c, ")");
		off += sig + 4, len -= sig + 4;
	}
	return 0;
}

/* Option 77: the user classes, each quoted with its length. */
static int user_class(nlab_pctx *c, nlab_view v, size_t off, uint32_t len)
{
	if (len < 2) {
		nlab_p_puts(c, "[ERROR: length < 2 bytes]");
		return 0;
	}
	for (unsigned n = 1; len > 0; n++) {
		uint8_t sublen = nlab_get8(v, off++);
		len--;
		nlab_strbuf_printf(c->out, "\n\t      instance#%u: ", n);
		if (sublen == 0) {
			nlab_p_puts(
			    c, "[ERROR: suboption length must be non-zero]");
			return 0;
		}
		if (len < sublen) {
			nlab_p_puts(c, "[ERROR: invalid option]");
			return 0;
		}
		if (quoted(c, v, off, sublen))
			return NLAB_P_ETRUNC;
		nlab_strbuf_printf(c->out, ", length %u", sublen);
		off += sublen, len -= sublen;
	}
	return 0;
}

/* An option of the '$' kind; *LEN is what is left over afterwards. */
static int opt_special(nlab_pctx *c, uint8_t tag, nlab_view v, size_t off,
		       uint32_t *len)
{
	uint32_t n = *len;
	*len = 0;
	switch (tag) {
	case 46: /* NetBIOS node type */
	case 52: /* option overload */
		if (n < 1) {
			nlab_p_puts(c, "[ERROR: length < 1 bytes]");
			return 0;
		}
		*len = n - 1;
		uint8_t t = nlab_get8(v, off);
		const char *s = tag == 52 ? (t == 1   ? "file"
					     : t == 2 ? "sname"
					     : t == 3 ? "file+sname"
						      : "")
					  : (t == 1   ? "b-node"
					     : t == 2 ? "p-node"
					     : t == 4 ? "m-node"
					     : t == 8 ? "h-node"
						      : "");
		if (*s)
			nlab_p_puts(c, s);
		else
			nlab_strbuf_printf(c->out, "#%u",
					   t); /* tok2str's default */
		return 0;
	case 61:
		return client_id(c, v, off, n);
	case 81:
		return client_fqdn(c, v, off, n);
	case 82:
		return agent_info(c, v, off, n);
	case 121:
	case 249:
		return classless_routes(c, v, off, n);
	case 77:
		return user_class(c, v, off, n);
	default:
		nlab_strbuf_printf(c->out, "[unknown special tag %u, size %u]",
				   tag, n);
		return 0;
	}
}

/* The data of option TAG: LEN bytes at OFF of V, all captured. */
static int opt_data(nlab_pctx *c, uint8_t tag, nlab_view v, size_t off,
		    uint32_t len)
{
	char f = tag_entry(tag)[0];
	if (f == '?')
		f = len & 1 ? 'b' : len & 2 ? 's' : 'l';
	int r = 0;
	if (f == 'a') {
		r = quoted(c, v, off, len);
		len = 0;
	} else if (f == '$') {
		r = opt_special(c, tag, v, off, &len);
	} else {
		len = opt_plain(c, f, v, off, len);
	}
	if (r == 0 && len)
		nlab_strbuf_printf(c->out, "\n\t  trailing data length %u",
				   len);
	return r;
}

/* Option 55: the names of the options asked for, four a line. */
static void param_request(nlab_pctx *c, nlab_view v, size_t off, uint32_t len)
{
	for (uint32_t i = 0; i < len; i++) {
		uint8_t t = nlab_get8(v, off + i);
		nlab_p_puts(c, i % 4 == 0 ? "\n\t      " : ", ");
		nlab_strbuf_printf(c->out, "%s (%u)", tag_entry(t) + 1, t);
	}
}

/* The RFC 1048 vendor area at V: the magic cookie, then each option. */
static int rfc1048(nlab_pctx *c, nlab_view v)
{
	nlab_strbuf_printf(
	    c->out,
	    "\n\t  Vendor-rfc1048 Extensions\n\t    Magic Cookie 0x%08x",
	    nlab_get32(v, 0));
	for (size_t off = 4; nlab_view_has(v, off, 1);) {
		uint8_t tag = nlab_get8(v, off++);
		if (tag == TAG_PAD)
			continue;
		if (tag == TAG_END)
			return NLAB_P_OK;
		if (!nlab_view_has(v, off, 1))
			return NLAB_P_TRUNC;
		uint32_t len = nlab_get8(v, off++);
		nlab_strbuf_printf(c->out, "\n\t    %s (%u), length %u%s",
				   tag_entry(tag) + 1, tag, len,
				   len ? ": " : "");
		if (!nlab_view_has(v, off, len))
			return NLAB_P_ETRUNC;
		if (tag == TAG_DHCP_MESSAGE && len == 1) {
			const char *m = dhcp_msg(nlab_get8(v, off));
			if (m)
				nlab_p_puts(c, m);
			else
				nlab_strbuf_printf(c->out, "Unknown (%u)",
						   nlab_get8(v, off));
		} else if (tag == TAG_PARM_REQUEST) {
			param_request(c, v, off, len);
		} else {
			int r = opt_data(c, tag, v, off, len);
			if (r)
				return r;
		}
		off += len;
	}
	return NLAB_P_OK;
}

/* CMU's vendor area at V: its flags and the addresses that are set. */
static int cmu(nlab_pctx *c, nlab_view v)
{
	static const char *names[] = {"DG",   "SM",   "NS1", "NS2",
				      "IEN1", "IEN2", "TS1", "TS2"};
	static const size_t at[] = {12, 8, 16, 20, 24, 28, 32, 36};
	nlab_p_puts(c, " vend-cmu");
	if (!nlab_view_has(v, 4, 4))
		return NLAB_P_ETRUNC;
	uint8_t f = nlab_get8(v, 4);
	if (f & ~1u)
		nlab_strbuf_printf(c->out, " F:0x%x", f);
	for (size_t i = 0; i < 8; i++) {
		if (!nlab_view_has(v, at[i], 4))
			return NLAB_P_ETRUNC;
		if (nlab_get32(v, at[i]) == 0)
			continue;
		nlab_strbuf_printf(
		    c->out, " %s:", i == 1 && !(f & 1) ? "SM*" : names[i]);
		nlab_p_ip4(c, v, at[i]);
	}
	return NLAB_P_OK;
}

/* The vendor area at V (offset 236), by its magic cookie. */
static int vendor(nlab_pctx *c, nlab_view v)
{
	if (!nlab_view_has(v, 0, 4))
		return NLAB_P_ETRUNC;
	uint32_t magic = nlab_get32(v, 0);
	if (magic == 0x63825363)
		return rfc1048(c, v);
	if (magic == 0x434d5500) /* "CMU" */
		return cmu(c, v);
	if (magic)
		nlab_strbuf_printf(c->out, "\n\t  Vendor-#0x%x", magic);
	return NLAB_P_OK;
}

/* The NUL-ended server or file name of at most N bytes at OFF, quoted
 * after LABEL, if it has a first byte; 1 when the capture (or the field)
 * ends before its NUL (nd_printztn). */
static int zname(nlab_pctx *c, nlab_view v, size_t off, size_t n,
		 const char *label)
{
	if (!nlab_view_has(v, off, 1))
		return -1;
	if (!nlab_get8(v, off))
		return 0;
	nlab_strbuf_printf(c->out, "\n\t  %s \"", label);
	for (size_t i = 0;; i++) {
		if (i == n || !nlab_view_has(v, off + i, 1)) {
			nlab_p_puts(c, "\"");
			return 1;
		}
		uint8_t ch = nlab_get8(v, off + i);
		if (!ch)
			break;
		nlab_p_char(c, ch);
	}
	nlab_p_puts(c, "\"");
	return 0;
}

/* Prints the address at OFF after LABEL when it is not 0.0.0.0. */
static int addr_field(nlab_pctx *c, nlab_view v, size_t off, const char *label)
{
	if (!nlab_view_has(v, off, 4))
		return -1;
	if (nlab_get32(v, off)) {
		nlab_strbuf_printf(c->out, "\n\t  %s ", label);
		nlab_p_ip4(c, v, off);
	}
	return 0;
}

/* What -v adds: the header's fields, the names and the vendor area. */
static int bootp_verbose(nlab_pctx *c, nlab_view v, uint8_t htype, uint8_t hlen)
{
	if (!nlab_view_has(v, 8, 2))
		return NLAB_P_ETRUNC;
	if (htype != 1)
		nlab_strbuf_printf(c->out, ", htype %u", htype);
	if (htype != 1 || hlen != 6)
		nlab_strbuf_printf(c->out, ", hlen %u", hlen);
	if (nlab_get8(v, 3))
		nlab_strbuf_printf(c->out, ", hops %u", nlab_get8(v, 3));
	if (nlab_get32(v, 4))
		nlab_strbuf_printf(c->out, ", xid 0x%x", nlab_get32(v, 4));
	if (nlab_get16(v, 8))
		nlab_strbuf_printf(c->out, ", secs %u", nlab_get16(v, 8));
	if (!nlab_view_has(v, 10, 2))
		return NLAB_P_TRUNC;
	uint16_t flags = nlab_get16(v, 10);
	nlab_strbuf_printf(c->out, ", Flags [%s]",
			   flags & 0x8000 ? "Broadcast" : "none");
	if (c->o->v > 1)
		nlab_strbuf_printf(c->out, " (0x%04x)", flags);
	static const char *labels[] = {"Client-IP", "Your-IP", "Server-IP",
				       "Gateway-IP"};
	for (size_t i = 0; i < 4; i++)
		if (addr_field(c, v, 12 + 4 * i, labels[i]) < 0)
			return NLAB_P_TRUNC;
	if (htype == 1 && hlen == 6) {
		if (!nlab_view_has(v, 28, 6))
			return NLAB_P_TRUNC;
		nlab_p_puts(c, "\n\t  Client-Ethernet-Address ");
		nlab_p_mac(c, v, 28, 6);
	}
	int r = zname(c, v, 44, 64, "sname");
	if (!r)
		r = zname(c, v, 108, 128, "file");
	if (r)
		return r < 0 ? NLAB_P_TRUNC : NLAB_P_ETRUNC;
	return vendor(c, nlab_view_from(v, 236));
}

int nlab_p_bootp(nlab_pctx *c, nlab_view v, uint32_t len)
{
	c->proto = "bootp";
	if (!nlab_view_has(v, 0, 1))
		return NLAB_P_TRUNC;
	uint8_t op = nlab_get8(v, 0);
	if (op == 1 || op == 2)
		nlab_strbuf_printf(c->out, "BOOTP/DHCP, %s",
				   op == 1 ? "Request" : "Reply");
	else
		nlab_strbuf_printf(c->out, "BOOTP/DHCP, unknown (0x%02x)", op);
	if (!nlab_view_has(v, 1, 2))
		return NLAB_P_TRUNC;
	uint8_t htype = nlab_get8(v, 1), hlen = nlab_get8(v, 2);
	if (htype == 1 && hlen == 6 && op == 1) {
		if (!nlab_view_has(v, 28, 6))
			return NLAB_P_TRUNC;
		nlab_p_puts(c, " from ");
		nlab_p_mac(c, v, 28, 6);
	}
	nlab_strbuf_printf(c->out, ", length %u", len);
	if (!c->o->v)
		return NLAB_P_OK;
	return bootp_verbose(c, v, htype, hlen);
}
