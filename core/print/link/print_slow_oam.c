/* print_slow_oam.c - Ethernet OAM (IEEE 802.3ah, the slow protocol of
 * subtype 3), what tcpdump's print-slow.c writes of it under -v: the
 * code and flags, the information TLVs, link events and loopback
 * commands (-vv: the TLVs in hex too). */
#include "print_priv.h"

static const nlab_bitname flag_names[] = {
    {0x01, "Link Fault"},     {0x02, "Dying Gasp"},
    {0x04, "Critical Event"}, {0x08, "Local Evaluating"},
    {0x10, "Local Stable"},   {0x20, "Remote Evaluating"},
    {0x40, "Remote Stable"},  {0, NULL}};

static const nlab_bitname config_names[] = {{0x01, "Active"},
					    {0x02, "Unidirectional"},
					    {0x04, "Remote-Loopback"},
					    {0x08, "Link-Events"},
					    {0x10, "Variable-Retrieval"},
					    {0, NULL}};

/* "\n\t\t packet is too short". */
static int too_short(nlab_pctx *c)
{
	nlab_p_puts(c, "\n\t\t packet is too short");
	return NLAB_P_OK;
}

/* tcpdump's oui_values. */
static const char *oui_name(uint32_t o)
{
	static const struct {
		uint32_t oui;
		const char *name;
	} t[] = {{0x000000, "Ethernet"},
		 {0x00000c, "Cisco"},
		 {0x00005e, "IANA"},
		 {0x000081, "Nortel Networks SONMP"},
		 {0x0000f8, "Cisco bridged"},
		 {0x0080c2, "Ethernet bridged"},
		 {0x00a03e, "ATM Forum"},
		 {0x00e02f, "DOCSIS Spanning Tree"},
		 {0x080007, "Appletalk"},
		 {0x009069, "Juniper"},
		 {0x080009, "Hewlett-Packard"},
		 {0x00120f, "IEEE 802.3 Private"},
		 {0x0012bb, "ANSI/TIA"},
		 {0x001b21, "DCBX"},
		 {0x002320, "Nicira Networks"},
		 {0x5c16c7, "Big Switch Networks"},
		 {0xb0d2f5, "Vello Systems"},
		 {0x002481, "HP"},
		 {0x0004ea, "HP-Labs"},
		 {0x748771, "Infoblox Inc"},
		 {0xa42305, "Open Networking Lab"},
		 {0x00049f, "Freescale"},
		 {0x0015ad, "Netronome"},
		 {0x001018, "Broadcom"},
		 {0x00e004, "PMC-Sierra"},
		 {0xd0f0db, "Ericsson"}};
	for (size_t i = 0; i < sizeof t / sizeof t[0]; i++)
		if (t[i].oui == o)
			return t[i].name;
	return "Unknown";
}

/* A 64-bit number at OFF. */
static unsigned long long get64(nlab_view v, size_t off)
{
	return (unsigned long long)nlab_get32(v, off) << 32 |
	       nlab_get32(v, off + 4);
}

/* A local or remote information TLV of 16 bytes at OFF. */
static void info(nlab_pctx *c, nlab_view v, size_t off)
{
	static const char *const parser[] = {"forwarding", "looping back",
					     "discarding", "reserved"};
	uint8_t state = nlab_get8(v, off + 5);
	nlab_strbuf_printf(c->out, "\n\t    OAM-Version %u, Revision %u",
			   nlab_get8(v, off + 2), nlab_get16(v, off + 3));
	nlab_strbuf_printf(
	    c->out, "\n\t    State-Parser-Action %s, State-MUX-Action %s",
	    parser[state & 3], state & 4 ? "discarding" : "forwarding");
	nlab_p_puts(c, "\n\t    OAM-Config Flags [");
	nlab_p_bits(c, config_names, nlab_get8(v, off + 6), ", ", "none");
	nlab_strbuf_printf(c->out, "], OAM-PDU-Config max-PDU size %u",
			   nlab_get16(v, off + 7) & 0x7ff);
	nlab_strbuf_printf(c->out,
			   "\n\t    OUI %s (0x%06x), Vendor-Private 0x%08x",
			   oui_name(nlab_get24(v, off + 9)),
			   nlab_get24(v, off + 9), nlab_get32(v, off + 12));
}

/* A link event TLV of 40 bytes at OFF. */
static void link_event(nlab_pctx *c, nlab_view v, size_t off)
{
	nlab_strbuf_printf(c->out,
			   "\n\t    Timestamp %u ms, Errored Window %llu\n\t   "
			   " Errored Threshold "
			   "%llu\n\t    Errors %llu\n\t    Error Running Total "
			   "%llu\n\t    Event "
			   "Running Total %u",
			   nlab_get16(v, off + 2) * 100u, get64(v, off + 4),
			   get64(v, off + 12), get64(v, off + 20),
			   get64(v, off + 28), nlab_get32(v, off + 36));
}

/* The name of an information TLV's TYPE, or of a link event's (EV). */
static const char *tlv_name(uint8_t type, int ev)
{
	static const char *const infos[] = {"End of TLV marker", "Local",
					    "Remote"};
	static const char *const evs[] = {
	    "End of TLV marker", "Errored Symbol Period Event",
	    "Errored Frame Event", "Errored Frame Period Event",
	    "Errored Frame Seconds Summary Event"};
	if (type == 0xfe)
		return "Organization specific";
	if (ev)
		return type <= 4 ? evs[type] : "Reserved";
	return type <= 2 ? infos[type] : "Reserved";
}

/* The TLVs of an information PDU or (EV) an event notification, LEN
 * bytes at OFF. */
static int tlvs(nlab_pctx *c, nlab_view v, size_t off, uint32_t len, int ev)
{
	while (len > 0) {
		if (len < 2)
			return too_short(c);
		if (!nlab_view_has(v, off, 2))
			return NLAB_P_TRUNC;
		uint8_t type = nlab_get8(v, off), tl = nlab_get8(v, off + 1);
		nlab_strbuf_printf(
		    c->out,
		    ev ? "\n\t  %s Link Event Type (%u), length %u"
		       : "\n\t  %s Information Type (%u), length %u",
		    tlv_name(type, ev), type, tl);
		if (type == 0)
			return NLAB_P_OK;
		if (tl < 2) {
			nlab_p_puts(
			    c,
			    "\n\t    ERROR: illegal length - should be >= 2");
			return NLAB_P_OK;
		}
		if (len < tl)
			return too_short(c);
		if (!nlab_view_has(v, off, tl))
			return NLAB_P_TRUNC;
		int known =
		    ev ? type >= 1 && type <= 4 : type == 1 || type == 2;
		size_t want = ev ? 40 : 16;
		int hex = !known;
		if (known && tl != want) {
			nlab_strbuf_printf(
			    c->out,
			    "\n\t    ERROR: illegal length - should be %zu",
			    want);
			hex = 1;
		} else if (known) {
			ev ? link_event(c, v, off) : info(c, v, off);
		}
		if (c->o->v > 1 || hex)
			nlab_p_hexdump(c, v, off, tl, "\n\t  ");
		off += tl, len -= tl;
	}
	return NLAB_P_OK;
}

/* An event notification: its sequence number and link events. */
static int event(nlab_pctx *c, nlab_view v, uint32_t len)
{
	if (len < 2)
		return too_short(c);
	if (!nlab_view_has(v, 3, 2))
		return NLAB_P_TRUNC;
	nlab_strbuf_printf(c->out, "\n\t  Sequence Number %u",
			   nlab_get16(v, 3));
	return tlvs(c, v, 5, len - 2, 1);
}

/* A loopback control PDU: its command. */
static int loopback(nlab_pctx *c, nlab_view v, uint32_t len)
{
	if (len < 1)
		return too_short(c);
	if (!nlab_view_has(v, 3, 1))
		return NLAB_P_TRUNC;
	uint8_t cmd = nlab_get8(v, 3);
	nlab_strbuf_printf(c->out, "\n\t  Command %s (%u)",
			   cmd == 1   ? "Enable OAM Remote Loopback"
			   : cmd == 2 ? "Disable OAM Remote Loopback"
				      : "Unknown",
			   cmd);
	return NLAB_P_OK;
}

int nlab_p_slow_oam(nlab_pctx *c, nlab_view v, uint32_t len)
{
	static const char *const codes[] = {
	    "Information", "Event Notification", "Variable Request",
	    "Variable Response", "Loopback Control"};
	if (len < 3)
		return too_short(c);
	if (!nlab_view_has(v, 0, 3))
		return NLAB_P_TRUNC;
	uint8_t code = nlab_get8(v, 2);
	if (code <= 4)
		nlab_strbuf_printf(c->out, "\n\tCode %s OAM PDU, Flags [",
				   codes[code]);
	else if (code == 0xfe)
		nlab_p_puts(c, "\n\tCode Vendor Private OAM PDU, Flags [");
	else
		nlab_strbuf_printf(
		    c->out, "\n\tCode Unknown (%u) OAM PDU, Flags [", code);
	nlab_p_bits(c, flag_names, nlab_get16(v, 0), ", ", "none");
	nlab_p_puts(c, "]");
	len -= 3;
	switch (code) {
	case 0:
		return tlvs(c, v, 3, len, 0);
	case 1:
		return event(c, v, len);
	case 4:
		return loopback(c, v, len);
	default:
		if (c->o->v <= 1)
			nlab_p_hexdump(c, v, 3, len, "\n\t  ");
		return NLAB_P_OK;
	}
}
