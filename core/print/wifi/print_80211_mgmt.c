/* print_80211_mgmt.c - IEEE 802.11 management frames: beacons, probe
 * requests and responses, (re)association requests and responses,
 * authentication, deauthentication, disassociation and action frames,
 * with the SSID, rates and channel of their elements and the texts of
 * their status and reason codes, as tcpdump 4.99.3 prints them. */
#include "print_80211.h"

/* The status codes' texts (IEEE 802.11-2016 table 9-46, as tcpdump
 * words them; what it has none for is "n/a"). */
static const char *const status_text[] = {
	/*   0 */ "Successful",
	/*   1 */ "Unspecified failure",
	/*   2 */ "TDLS wakeup schedule rejected but alternative schedule provided",
	/*   3 */ "TDLS wakeup schedule rejected",
	/*   4 */ "Reserved",
	/*   5 */ "Security disabled",
	/*   6 */ "Unacceptable lifetime",
	/*   7 */ "Not in same BSS",
	/*   8 */ "Reserved",
	/*   9 */ "Reserved",
	/*  10 */ "Cannot Support all requested capabilities in the Capability "
	          "Information field",
	/*  11 */ "Reassociation denied due to inability to confirm that "
	          "association exists",
	/*  12 */ "Association denied due to reason outside the scope of this "
	          "standard",
	/*  13 */ "Responding STA does not support the specified authentication "
	          "algorithm",
	/*  14 */ "Received an Authentication frame with authentication transaction "
	          "sequence number out of expected sequence",
	/*  15 */ "Authentication rejected because of challenge failure",
	/*  16 */ "Authentication rejected due to timeout waiting for next frame in "
	          "sequence",
	/*  17 */ "Association denied because AP is unable to handle additional "
	          "associated STAs",
	/*  18 */ "Association denied due to requesting STA not supporting all of "
	          "the data rates in the BSSBasicRateSet parameter, the Basic "
	          "HT-MCS Set field of the HT Operation parameter, or the Basic "
	          "VHT-MCS and NSS Set field in the VHT Operation parameter",
	/*  19 */ "Association denied due to requesting STA not supporting the "
	          "short preamble option",
	/*  20 */ "Reserved",
	/*  21 */ "Reserved",
	/*  22 */ "Association request rejected because Spectrum Management "
	          "capability is required",
	/*  23 */ "Association request rejected because the information in the "
	          "Power Capability element is unacceptable",
	/*  24 */ "Association request rejected because the information in the "
	          "Supported Channels element is unacceptable",
	/*  25 */ "Association denied due to requesting STA not supporting the "
	          "Short Slot Time option",
	/*  26 */ "Reserved",
	/*  27 */ "Association denied because the requested STA does not support HT "
	          "features",
	/*  28 */ "R0KH unreachable",
	/*  29 */ "Association denied because the requesting STA does not support "
	          "the phased coexistence operation (PCO) transition time required "
	          "by the AP",
	/*  30 */ "Association request rejected temporarily; try again later",
	/*  31 */ "Robust management frame policy violation",
	/*  32 */ "Unspecified, QoS-related failure",
	/*  33 */ "Association denied because QoS AP or PCP has insufficient "
	          "bandwidth to handle another QoS STA",
	/*  34 */ "Association denied due to excessive frame loss rates and/or poor "
	          "conditions on current operating channel",
	/*  35 */ "Association (with QoS BSS) denied because the requesting STA "
	          "does not support the QoS facility",
	/*  36 */ "Reserved",
	/*  37 */ "The request has been declined",
	/*  38 */ "The request has not been successful as one or more parameters "
	          "have invalid values",
	/*  39 */ "The allocation or TS has not been created because the request "
	          "cannot be honored; however, a suggested TSPEC/DMG TSPEC is "
	          "provided so that the initiating STA can attempt to set another "
	          "allocation or TS with the suggested changes to the TSPEC/DMG "
	          "TSPEC",
	/*  40 */ "Invalid element, i.e., an element defined in this standard for "
	          "which the content does not meet the specifications in Clause 9",
	/*  41 */ "Invalid group cipher",
	/*  42 */ "Invalid pairwise cipher",
	/*  43 */ "Invalid AKMP",
	/*  44 */ "Unsupported RSNE version",
	/*  45 */ "Invalid RSNE capabilities",
	/*  46 */ "Cipher suite rejected because of security policy",
	/*  47 */ "The TS or allocation has not been created; however, the HC or "
	          "PCP might be capable of creating a TS or allocation, in response "
	          "to a request, after the time indicated in the TS Delay element",
	/*  48 */ "Direct Link is not allowed in the BSS by policy",
	/*  49 */ "The Destination STA is not present within this BSS",
	/*  50 */ "The Destination STA is not a QoS STA",
	/*  51 */ "Association denied because the listen interval is too large",
	/*  52 */ "Invalid FT Action frame count",
	/*  53 */ "Invalid pairwise master key identifier (PMKID)",
	/*  54 */ "Invalid MDE",
	/*  55 */ "Invalid FTE",
	/*  56 */ "Requested TCLAS processing is not supported by the AP or PCP",
	/*  57 */ "The AP or PCP has insufficient TCLAS processing resources to "
	          "satisfy the request",
	/*  58 */ "The TS has not been created because the request cannot be "
	          "honored; however, the HC or PCP suggests that the STA transition "
	          "to a different BSS to set up the TS",
	/*  59 */ "GAS Advertisement Protocol not supported",
	/*  60 */ "No outstanding GAS request",
	/*  61 */ "GAS Response not received from the Advertisement Server",
	/*  62 */ "STA timed out waiting for GAS Query Response",
	/*  63 */ "LARGE GAS Response is larger than query response length limit",
	/*  64 */ "Request refused because home network does not support request",
	/*  65 */ "Advertisement Server in the network is not currently reachable",
	/*  66 */ "Reserved",
	/*  67 */ "Request refused due to permissions received via SSPN interface",
	/*  68 */ "Request refused because the AP or PCP does not support "
	          "unauthenticated access",
	/*  69 */ "Reserved",
	/*  70 */ "Reserved",
	/*  71 */ "Reserved",
	/*  72 */ "Invalid contents of RSNE",
	/*  73 */ "U-APSD coexistence is not supported",
	/*  74 */ "Requested U-APSD coexistence mode is not supported",
	/*  75 */ "Requested Interval/Duration value cannot be supported with "
	          "U-APSD coexistence",
	/*  76 */ "Authentication is rejected because an Anti-Clogging Token is "
	          "required",
	/*  77 */ "Authentication is rejected because the offered finite cyclic "
	          "group is not supported",
	/*  78 */ "The TBTT adjustment request has not been successful because the "
	          "STA could not find an alternative TBTT",
	/*  79 */ "Transmission failure",
	/*  80 */ "Requested TCLAS Not Supported",
	/*  81 */ "TCLAS Resources Exhausted",
	/*  82 */ "Rejected with Suggested BSS transition",
	/*  83 */ "Reject with recommended schedule",
	/*  84 */ "Reject because no wakeup schedule specified",
	/*  85 */ "Success, the destination STA is in power save mode",
	/*  86 */ "FST pending, in process of admitting FST session",
	/*  87 */ "Performing FST now",
	/*  88 */ "FST pending, gap(s) in block ack window",
	/*  89 */ "Reject because of U-PID setting",
	/*  90 */ "Reserved",
	/*  91 */ "Reserved",
	/*  92 */ "(Re)Association refused for some external reason",
	/*  93 */ "(Re)Association refused because of memory limits at the AP",
	/*  94 */ "(Re)Association refused because emergency services are not "
	          "supported at the AP",
	/*  95 */ "GAS query response not yet received",
	/*  96 */ "Reject since the request is for transition to a frequency band "
	          "subject to DSE procedures and FST Initiator is a dependent STA",
	/*  97 */ "Requested TCLAS processing has been terminated by the AP",
	/*  98 */ "The TS schedule conflicts with an existing schedule; an "
	          "alternative schedule is provided",
	/*  99 */ "The association has been denied; however, one or more Multi-band "
	          "elements are included that can be used by the receiving STA to "
	          "join the BSS",
	/* 100 */ "The request failed due to a reservation conflict",
	/* 101 */ "The request failed due to exceeded MAF limit",
	/* 102 */ "The request failed due to exceeded MCCA track limit",
	/* 103 */ "Association denied because the information in theSpectrum "
	          "Management field is unacceptable",
	/* 104 */ "Association denied because the requesting STA does not support "
	          "VHT features",
	/* 105 */ "Enablement denied",
	/* 106 */ "Enablement denied due to restriction from an authorized GDB",
	/* 107 */ "Authorization deenabled",
};

/* The reason codes' texts (table 9-45; "Reserved" past the end). */
static const char *const reason_text[] = {
	/*   0 */ "Reserved",
	/*   1 */ "Unspecified reason",
	/*   2 */ "Previous authentication no longer valid",
	/*   3 */ "Deauthenticated because sending STA is leaving (or has left) "
	          "IBSS or ESS",
	/*   4 */ "Disassociated due to inactivity",
	/*   5 */ "Disassociated because AP is unable to handle all currently  "
	          "associated STAs",
	/*   6 */ "Class 2 frame received from nonauthenticated STA",
	/*   7 */ "Class 3 frame received from nonassociated STA",
	/*   8 */ "Disassociated because sending STA is leaving (or has left) BSS",
	/*   9 */ "STA requesting (re)association is not authenticated with "
	          "responding STA",
	/*  10 */ "Disassociated because the information in the Power Capability "
	          "element is unacceptable",
	/*  11 */ "Disassociated because the information in the Supported Channels "
	          "element is unacceptable",
	/*  12 */ "Disassociated due to BSS transition management",
	/*  13 */ "Invalid element, i.e., an element defined in this standard for "
	          "which the content does not meet the specifications in Clause 9",
	/*  14 */ "Message integrity code (MIC) failure",
	/*  15 */ "4-Way Handshake timeout",
	/*  16 */ "Group key handshake timeout",
	/*  17 */ "Information element in 4-Way Handshake different from "
	          "(Re)AssociationRequest/Probe Response/Beacon frame",
	/*  18 */ "Invalid group cipher",
	/*  19 */ "Invalid pairwise cipher",
	/*  20 */ "Invalid AKMP",
	/*  21 */ "Unsupported RSNE version",
	/*  22 */ "Invalid RSNE capabilities",
	/*  23 */ "IEEE 802.1X authentication failed",
	/*  24 */ "Cipher suite rejected because of the security policy",
	/*  25 */ "TDLS direct-link teardown due to TDLS peer STA unreachable via "
	          "the TDLS direct link",
	/*  26 */ "TDLS direct-link teardown for unspecified reason",
	/*  27 */ "Disassociated because session terminated by SSP request",
	/*  28 */ "Disassociated because of lack of SSP roaming agreement",
	/*  29 */ "Requested service rejected because of SSP cipher suite or AKM "
	          "requirement",
	/*  30 */ "Requested service not authorized in this location",
	/*  31 */ "TS deleted because QoS AP lacks sufficient bandwidth for this "
	          "QoS STA due to a change in BSS service characteristics or "
	          "operational mode (e.g. an HT BSS change from 40 MHz channel to "
	          "20 MHz channel)",
	/*  32 */ "Disassociated for unspecified, QoS-related reason",
	/*  33 */ "Disassociated because QoS AP lacks sufficient bandwidth for this "
	          "QoS STA",
	/*  34 */ "Disassociated because of excessive number of frames that need to "
	          "be acknowledged, but are not acknowledged due to AP "
	          "transmissions and/or poor channel conditions",
	/*  35 */ "Disassociated because STA is transmitting outside the limits of "
	          "its TXOPs",
	/*  36 */ "Requested from peer STA as the STA is leaving the BSS (or "
	          "resetting)",
	/*  37 */ "Requested from peer STA as it does not want to use the mechanism",
	/*  38 */ "Requested from peer STA as the STA received frames using the "
	          "mechanism for which a set up is required",
	/*  39 */ "Requested from peer STA due to time out",
	/*  40 */ "Reserved",
	/*  41 */ "Reserved",
	/*  42 */ "Reserved",
	/*  43 */ "Reserved",
	/*  44 */ "Reserved",
	/*  45 */ "Peer STA does not support the requested cipher suite",
	/*  46 */ "In a DLS Teardown frame: The teardown was initiated by the DLS "
	          "peer. In a Disassociation frame: Disassociated because "
	          "authorized access limit reached",
	/*  47 */ "In a DLS Teardown frame: The teardown was initiated by the AP. "
	          "In a Disassociation frame: Disassociated due to external service "
	          "requirements",
	/*  48 */ "Invalid FT Action frame count",
	/*  49 */ "Invalid pairwise master key identifier (PMKID)",
	/*  50 */ "Invalid MDE",
	/*  51 */ "Invalid FTE",
	/*  52 */ "Mesh peering canceled for unknown reasons",
	/*  53 */ "The mesh STA has reached the supported maximum number of peer "
	          "mesh STAs",
	/*  54 */ "The received information violates the Mesh Configuration policy "
	          "configured in the mesh STA profile",
	/*  55 */ "The mesh STA has received a Mesh Peering Close frame requesting "
	          "to close the mesh peering",
	/*  56 */ "The mesh STA has resent dot11MeshMaxRetries Mesh Peering Open "
	          "frames, without receiving a Mesh Peering Confirm frame",
	/*  57 */ "The confirmTimer for the mesh peering instance times out",
	/*  58 */ "The mesh STA fails to unwrap the GTK or the values in the "
	          "wrapped contents do not match",
	/*  59 */ "The mesh STA receives inconsistent information about the mesh "
	          "parameters between mesh peering Management frames",
	/*  60 */ "The mesh STA fails the authenticated mesh peering exchange "
	          "because due to failure in selecting either the pairwise "
	          "ciphersuite or group ciphersuite",
	/*  61 */ "The mesh STA does not have proxy information for this external "
	          "destination",
	/*  62 */ "The mesh STA does not have forwarding information for this "
	          "destination",
	/*  63 */ "The mesh STA determines that the link to the next hop of an "
	          "active path in its forwarding information is no longer usable",
	/*  64 */ "The Deauthentication frame was sent because the MAC address of "
	          "the STA already exists in the mesh BSS",
	/*  65 */ "The mesh STA performs channel switch to meet regulatory "
	          "requirements",
	/*  66 */ "The mesh STA performs channel switching with unspecified reason",
};

#define COUNT(a) (sizeof(a) / sizeof((a)[0]))

static const char *status(uint16_t s)
{
	return s < COUNT(status_text) ? status_text[s] : "n/a";
}

static const char *reason(uint16_t r)
{
	return r < COUNT(reason_text) ? reason_text[r] : "Reserved";
}

/* What a body's elements say that tcpdump prints: the first SSID, the
 * first rates that are not empty, the first DS parameter set's channel. */
typedef struct elems {
	int ssid_len, rates_len, channel; /* -1: not seen */
	uint8_t ssid[32], rates[16];
} elems;

/* One element of N bytes at OFF of V, of kind ID: 0 when tcpdump finds
 * it too long for its kind and gives up. */
static int element(elems *e, nlab_view v, size_t off, uint8_t id, uint8_t n)
{
	switch (id) {
	case 0: /* SSID */
		if (n > 32)
			return 0;
		if (e->ssid_len < 0)
			e->ssid_len = n, nlab_getbytes(v, off, e->ssid, n);
		break;
	case 1: /* supported rates */
		if (n > 16)
			return 0;
		if (e->rates_len < 0 && n)
			e->rates_len = n, nlab_getbytes(v, off, e->rates, n);
		break;
	case 3: /* DS parameter set */
		if (n == 1 && e->channel < 0)
			e->channel = nlab_get8(v, off);
		break;
	case 5: /* TIM: its bitmap holds 251 bytes at most */
		if (n > 254)
			return 0;
		break;
	case 16: /* challenge text */
		if (n > 253)
			return 0;
		break;
	}
	return 1;
}

/* The elements of the LEN bytes from OFF of V (tcpdump's
 * parse_elements): 0 when they end before the body does. */
static int parse(elems *e, nlab_view v, size_t off, uint32_t len)
{
	e->ssid_len = e->rates_len = e->channel = -1;
	while (len) {
		if (!nlab_view_has(v, off, 2) || len < 2)
			return 0;
		uint8_t n = nlab_get8(v, off + 1);
		if (!nlab_view_has(v, off + 2, n) || len < n + 2u)
			return 0;
		if (!element(e, v, off + 2, nlab_get8(v, off), n))
			return 0;
		off += 2u + n, len -= 2u + n;
	}
	return 1;
}

/* " (ssid)": the SSID up to a NUL in it. */
static void put_ssid(nlab_pctx *c, const elems *e)
{
	if (e->ssid_len < 0)
		return;
	nlab_p_puts(c, " (");
	for (int i = 0; i < e->ssid_len && e->ssid[i]; i++)
		nlab_p_char(c, e->ssid[i]);
	nlab_p_puts(c, ")");
}

/* " [1.0* 2.0* 5.5 11.0 Mbit]": the basic rates starred. */
static void put_rates(nlab_pctx *c, const elems *e)
{
	for (int i = 0; i < e->rates_len; i++)
		nlab_strbuf_printf(c->out, "%s%2.1f%s", i ? " " : " [", .5 * (e->rates[i] & 0x7f),
				   e->rates[i] & 0x80 ? "*" : "");
	if (e->rates_len > 0)
		nlab_p_puts(c, " Mbit]");
}

/* " CH: 6" and ", PRIVACY" by the capability CAP. */
static void put_channel(nlab_pctx *c, const elems *e, uint16_t cap)
{
	if (e->channel >= 0)
		nlab_strbuf_printf(c->out, " CH: %d", e->channel);
	if (cap & 0x10)
		nlab_p_puts(c, ", PRIVACY");
}

/* A beacon (ESS) and a probe response (BEACON 0): time stamp, interval,
 * capability, elements. */
static int beacon(nlab_pctx *c, nlab_view v, uint32_t len, int is_beacon)
{
	if (!nlab_view_has(v, 0, 12) || len < 12)
		return 0;
	uint16_t cap = nlab_get16le(v, 10);
	elems e;
	int ok = parse(&e, v, 12, len - 12);
	put_ssid(c, &e);
	put_rates(c, &e);
	if (is_beacon)
		nlab_p_puts(c, cap & 1 ? " ESS" : " IBSS");
	put_channel(c, &e, cap);
	return ok;
}

/* An association request (AP 0) or a reassociation request, whose
 * fixed part ends with the current AP's address. */
static int assoc_req(nlab_pctx *c, nlab_view v, uint32_t len, int reassoc)
{
	uint32_t fixed = reassoc ? 10 : 4;
	if (!nlab_view_has(v, 0, fixed) || len < fixed)
		return 0;
	elems e;
	int ok = parse(&e, v, fixed, len - fixed);
	put_ssid(c, &e);
	if (reassoc) {
		nlab_p_puts(c, " AP : ");
		nlab_p_mac(c, v, 4, 6);
	} else {
		put_rates(c, &e);
	}
	return ok;
}

/* An association or reassociation response: " AID(1) :: Successful". */
static int assoc_resp(nlab_pctx *c, nlab_view v, uint32_t len)
{
	if (!nlab_view_has(v, 0, 6) || len < 6)
		return 0;
	uint16_t cap = nlab_get16le(v, 0);
	elems e;
	int ok = parse(&e, v, 6, len - 6);
	nlab_strbuf_printf(c->out, " AID(%x) :%s: %s", nlab_get16le(v, 4) & 0x3fff,
			   cap & 0x10 ? " PRIVACY " : "", status(nlab_get16le(v, 2)));
	return ok;
}

static int probe_req(nlab_pctx *c, nlab_view v, uint32_t len)
{
	elems e;
	int ok = parse(&e, v, 0, len);
	put_ssid(c, &e);
	put_rates(c, &e);
	return ok;
}

/* Authentication: " (Open System)-1: " and the status of an odd step. */
static int auth(nlab_pctx *c, nlab_view v, uint32_t len)
{
	static const char *const alg[] = {"Open System", "Shared Key", "EAP"};
	if (!nlab_view_has(v, 0, 6) || len < 6)
		return 0;
	uint16_t a = nlab_get16le(v, 0), seq = nlab_get16le(v, 2);
	elems e;
	int ok = parse(&e, v, 6, len - 6);
	int challenge = a == 1 && (seq == 2 || seq == 3);
	nlab_strbuf_printf(c->out, " (%s)-%x%s%s", a < COUNT(alg) ? alg[a] : "Reserved", seq,
			   challenge ? " [Challenge Text] " : ": ",
			   seq % 2 ? status(nlab_get16le(v, 4)) : "");
	return ok;
}

/* Deauthentication and disassociation (SRC: 1 names the sender first
 * when -e did not): their reason. */
static int reason_code(nlab_pctx *c, nlab_view hdr, nlab_view v, uint32_t len, int src)
{
	if (!nlab_view_has(v, 0, 2) || len < 2)
		return 0;
	if (src && !c->o->e) {
		nlab_p_puts(c, " (");
		nlab_p_mac(c, hdr, 10, 6);
		nlab_p_puts(c, ")");
	}
	nlab_p_puts(c, ": ");
	nlab_p_puts(c, reason(nlab_get16le(v, 0)));
	return 1;
}

/* An action's name in category CAT, or NULL. */
static const char *action_name(uint8_t cat, uint8_t act)
{
	static const char *const ba[] = {"ADDBA Request", "ADDBA Response", "DELBA"};
	static const char *const ht[] = {"TxChWidth", "MIMOPwrSave"};
	static const char *const mesh[] = {
	    "MeshLink",		  "HWMP",		"Gate Announcement",
	    "Congestion Control", "MCCA Setup Request", "MCCA Setup Reply",
	    "MCCA Advertisement Request", "MCCA Advertisement", "MCCA Teardown",
	    "TBTT Adjustment Request", "TBTT Adjustment Response"};
	static const char *const mhop[] = {"Proxy Update", "Proxy Update Confirmation"};
	static const char *const self[] = {NULL, "Peering Open", "Peering Confirm",
					   "Peering Close", "Group Key Inform",
					   "Group Key Acknowledge"};
#define PICK(t) return act < COUNT(t) ? t[act] : NULL
	switch (cat) {
	case 3: PICK(ba);
	case 7: PICK(ht);
	case 13: PICK(mesh);
	case 14: PICK(mhop);
	case 15: PICK(self);
	}
#undef PICK
	return NULL;
}

/* An action frame: " (sender): BA ADDBA Request". */
static int action(nlab_pctx *c, nlab_view hdr, nlab_view v, uint32_t len)
{
	if (!nlab_view_has(v, 0, 2) || len < 2)
		return 0;
	if (c->o->e) {
		nlab_p_puts(c, ": ");
	} else {
		nlab_p_puts(c, " (");
		nlab_p_mac(c, hdr, 10, 6);
		nlab_p_puts(c, "): ");
	}
	uint8_t cat = nlab_get8(v, 0), act = nlab_get8(v, 1);
	static const char *const cats[16] = {
	    [0] = "Spectrum Management", [1] = "QoS", [2] = "DLS", [3] = "BA", [7] = "HT",
	    [13] = "MeshAction", [14] = "MultiohopAction", [15] = "SelfprotectAction"};
	const char *cn = cat < 16 ? cats[cat] : cat == 127 ? "Vendor" : NULL;
	if (cn)
		nlab_strbuf_printf(c->out, "%s ", cn);
	else
		nlab_strbuf_printf(c->out, "Reserved(%u) ", cat);
	const char *an = action_name(cat, act);
	if (an)
		nlab_p_puts(c, an);
	else
		nlab_strbuf_printf(c->out, "Act#%u", act);
	return 1;
}

int nlab_p_80211_mgmt(nlab_pctx *c, uint16_t fc, nlab_view hdr, nlab_view v, uint32_t len)
{
	static const char *const names[16] = {
	    "Assoc Request", "Assoc Response", "ReAssoc Request", "ReAssoc Response",
	    "Probe Request", "Probe Response", NULL, NULL, "Beacon", "ATIM",
	    "Disassociation", "Authentication", "DeAuthentication", "Action"};
	unsigned st = FC_SUBTYPE(fc);
	if (names[st])
		nlab_p_puts(c, names[st]);
	else
		nlab_strbuf_printf(c->out, "Unhandled Management subtype(%x)", st);
	if (FC_PROTECTED(fc))
		return nlab_p_80211_wep(c, v);
	switch (st) {
	case 0: return assoc_req(c, v, len, 0);
	case 1: case 3: return assoc_resp(c, v, len);
	case 2: return assoc_req(c, v, len, 1);
	case 4: return probe_req(c, v, len);
	case 5: return beacon(c, v, len, 0);
	case 8: return beacon(c, v, len, 1);
	case 10: return reason_code(c, hdr, v, len, 0);
	case 11: return auth(c, v, len);
	case 12: return reason_code(c, hdr, v, len, 1);
	case 13: return action(c, hdr, v, len);
	default: return 1;
	}
}
