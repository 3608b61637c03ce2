/* print_radius_tab.c - the names RADIUS's printer (print_radius.c)
 * gives: tcpdump 4.99.3's attribute table (name and how its value
 * prints), the standard values of the numeric attributes, the
 * Error-Cause texts, and the SMI enterprise names of vendors. */
#include "print_radius.h"

/* The standard values of the numeric attributes (NULL: none there). */
static const char *const serv_type[] = {NULL,
					"Login",
					"Framed",
					"Callback Login",
					"Callback Framed",
					"Outbound",
					"Administrative",
					"NAS Prompt",
					"Authenticate Only",
					"Callback NAS Prompt",
					"Call Check",
					"Callback Administrative",
					"Voice",
					"Fax",
					"Modem Relay",
					"IAPP-Register",
					"IAPP-AP-Check",
					"Authorize Only",
					"Framed-Management",
					"Additional-Authorization"};
static const char *const frm_proto[] = {NULL,
					"PPP",
					"SLIP",
					"ARAP",
					"Gandalf proprietary",
					"Xylogics IPX/SLIP",
					"X.75 Synchronous",
					"GPRS PDP Context"};
static const char *const frm_routing[] = {"None", "Send", "Listen",
					  "Send&Listen"};
static const char *const frm_comp[] = {"None", "VJ TCP/IP", "IPX", "Stac-LZS"};
static const char *const login_serv[] = {
    "Telnet",	"Rlogin",     "TCP Clear",  "PortMaster(proprietary)", "LAT",
    "X.25-PAD", "X.25-T3POS", "Unassigned", "TCP Clear Quiet"};
static const char *const term_action[] = {"Default", "RADIUS-Request"};
static const char *const acct_status[] = {NULL,
					  "Start",
					  "Stop",
					  "Interim-Update",
					  "Unassigned",
					  "Unassigned",
					  "Unassigned",
					  "Accounting-On",
					  "Accounting-Off",
					  "Tunnel-Start",
					  "Tunnel-Stop",
					  "Tunnel-Reject",
					  "Tunnel-Link-Start",
					  "Tunnel-Link-Stop",
					  "Tunnel-Link-Reject",
					  "Failed"};
static const char *const acct_auth[] = {NULL, "RADIUS", "Local", "Remote",
					"Diameter"};
static const char *const acct_term[] = {NULL,
					"User Request",
					"Lost Carrier",
					"Lost Service",
					"Idle Timeout",
					"Session Timeout",
					"Admin Reset",
					"Admin Reboot",
					"Port Error",
					"NAS Error",
					"NAS Request",
					"NAS Reboot",
					"Port Unneeded",
					"Port Preempted",
					"Port Suspended",
					"Service Unavailable",
					"Callback",
					"User Error",
					"Host Request",
					"Supplicant Restart",
					"Reauthentication Failure",
					"Port Reinitialized",
					"Port Administratively Disabled",
					"Lost Power"};
static const char *const ingress_filters[] = {NULL, "Enabled", "Disabled"};
static const char *const nas_port_type[] = {"Async",
					    "Sync",
					    "ISDN Sync",
					    "ISDN Async V.120",
					    "ISDN Async V.110",
					    "Virtual",
					    "PIAFS",
					    "HDLC Clear Channel",
					    "X.25",
					    "X.75",
					    "G.3 Fax",
					    "SDSL",
					    "ADSL-CAP",
					    "ADSL-DMT",
					    "ISDN-DSL",
					    "Ethernet",
					    "xDSL",
					    "Cable",
					    "Wireless - Other",
					    "Wireless - IEEE 802.11",
					    "Token-Ring",
					    "FDDI",
					    "Wireless - CDMA200",
					    "Wireless - UMTS",
					    "Wireless - 1X-EV",
					    "IAPP",
					    "FTTP",
					    "Wireless - IEEE 802.16",
					    "Wireless - IEEE 802.20",
					    "Wireless - IEEE 802.22",
					    "PPPoA",
					    "PPPoEoA",
					    "PPPoEoE",
					    "PPPoEoVLAN",
					    "PPPoEoQinQ",
					    "xPON",
					    "Wireless - XGP",
					    "WiMAX Pre-Release 8 IWK Function",
					    "WIMAX-WIFI-IWK",
					    "WIMAX-SFF",
					    "WIMAX-HA-LMA",
					    "WIMAX-DHCP",
					    "WIMAX-LBS",
					    "WIMAX-WVS"};
static const char *const tunnel_type[] = {NULL,
					  "PPTP",
					  "L2F",
					  "L2TP",
					  "ATMP",
					  "VTP",
					  "AH",
					  "IP-IP",
					  "MIN-IP-IP",
					  "ESP",
					  "GRE",
					  "DVS",
					  "IP-in-IP Tunneling",
					  "VLAN"};
static const char *const tunnel_medium[] = {
    NULL,	 "IPv4",      "IPv6",	      "NSAP",
    "HDLC",	 "BBN 1822",  "802",	      "E.163",
    "E.164",	 "F.69",      "X.121",	      "IPX",
    "Appletalk", "Decnet IV", "Banyan Vines", "E.164 with NSAP subaddress"};
static const char *const arap_zone[] = {NULL, "Only access to dfl zone",
					"Use zone filter inc.", "Not used",
					"Use zone filter exc."};
static const char *const prompt[] = {"No Echo", "Echo"};

/* A value table and its length. */
typedef struct values {
	const char *const *names;
	uint8_t count;
} values;

static const values value_tables[] = {
    {NULL, 0},
    {serv_type, sizeof serv_type / sizeof serv_type[0]},
    {frm_proto, sizeof frm_proto / sizeof frm_proto[0]},
    {frm_routing, sizeof frm_routing / sizeof frm_routing[0]},
    {frm_comp, sizeof frm_comp / sizeof frm_comp[0]},
    {login_serv, sizeof login_serv / sizeof login_serv[0]},
    {term_action, sizeof term_action / sizeof term_action[0]},
    {acct_status, sizeof acct_status / sizeof acct_status[0]},
    {acct_auth, sizeof acct_auth / sizeof acct_auth[0]},
    {acct_term, sizeof acct_term / sizeof acct_term[0]},
    {ingress_filters, sizeof ingress_filters / sizeof ingress_filters[0]},
    {nas_port_type, sizeof nas_port_type / sizeof nas_port_type[0]},
    {tunnel_type, sizeof tunnel_type / sizeof tunnel_type[0]},
    {tunnel_medium, sizeof tunnel_medium / sizeof tunnel_medium[0]},
    {arap_zone, sizeof arap_zone / sizeof arap_zone[0]},
    {prompt, sizeof prompt / sizeof prompt[0]}};

/* Each attribute type's name, how its value prints and its values. */
static const struct {
	const char *name;
	uint8_t kind, values;
} attrs[RADIUS_ATTRS] = {{NULL, A_NONE, 0},
			 {"User-Name", A_STR, 0},
			 {"User-Password", A_NONE, 0},
			 {"CHAP-Password", A_NONE, 0},
			 {"NAS-IP-Address", A_ADDR, 0},
			 {"NAS-Port", A_NUM, 0},
			 {"Service-Type", A_NUM, 1},
			 {"Framed-Protocol", A_NUM, 2},
			 {"Framed-IP-Address", A_ADDR, 0},
			 {"Framed-IP-Netmask", A_ADDR, 0},
			 {"Framed-Routing", A_NUM, 3},
			 {"Filter-Id", A_STR, 0},
			 {"Framed-MTU", A_NUM, 0},
			 {"Framed-Compression", A_NUM, 4},
			 {"Login-IP-Host", A_ADDR, 0},
			 {"Login-Service", A_NUM, 5},
			 {"Login-TCP-Port", A_NUM, 0},
			 {"Unassigned", A_NONE, 0},
			 {"Reply-Message", A_STR, 0},
			 {"Callback-Number", A_STR, 0},
			 {"Callback-Id", A_STR, 0},
			 {"Unassigned", A_NONE, 0},
			 {"Framed-Route", A_STR, 0},
			 {"Framed-IPX-Network", A_NUM, 0},
			 {"State", A_STR, 0},
			 {"Class", A_STR, 0},
			 {"Vendor-Specific", A_VENDOR, 0},
			 {"Session-Timeout", A_NUM, 0},
			 {"Idle-Timeout", A_NUM, 0},
			 {"Termination-Action", A_NUM, 6},
			 {"Called-Station-Id", A_STR, 0},
			 {"Calling-Station-Id", A_STR, 0},
			 {"NAS-Identifier", A_STR, 0},
			 {"Proxy-State", A_STR, 0},
			 {"Login-LAT-Service", A_STR, 0},
			 {"Login-LAT-Node", A_STR, 0},
			 {"Login-LAT-Group", A_STR, 0},
			 {"Framed-AppleTalk-Link", A_NUM, 0},
			 {"Framed-AppleTalk-Network", A_NUM, 0},
			 {"Framed-AppleTalk-Zone", A_STR, 0},
			 {"Acct-Status-Type", A_NUM, 7},
			 {"Acct-Delay-Time", A_NUM, 0},
			 {"Acct-Input-Octets", A_NUM, 0},
			 {"Acct-Output-Octets", A_NUM, 0},
			 {"Acct-Session-Id", A_STR, 0},
			 {"Acct-Authentic", A_NUM, 8},
			 {"Acct-Session-Time", A_NUM, 0},
			 {"Acct-Input-Packets", A_NUM, 0},
			 {"Acct-Output-Packets", A_NUM, 0},
			 {"Acct-Terminate-Cause", A_NUM, 9},
			 {"Acct-Multi-Session-Id", A_STR, 0},
			 {"Acct-Link-Count", A_NUM, 0},
			 {"Acct-Input-Gigawords", A_NUM, 0},
			 {"Acct-Output-Gigawords", A_NUM, 0},
			 {"Unassigned", A_NONE, 0},
			 {"Event-Timestamp", A_TIME, 0},
			 {"Egress-VLANID", A_NUM, 0},
			 {"Ingress-Filters", A_NUM, 10},
			 {"Egress-VLAN-Name", A_STR, 0},
			 {"User-Priority-Table", A_NONE, 0},
			 {"CHAP-Challenge", A_STR, 0},
			 {"NAS-Port-Type", A_NUM, 11},
			 {"Port-Limit", A_NUM, 0},
			 {"Login-LAT-Port", A_STR, 0},
			 {"Tunnel-Type", A_NUM, 12},
			 {"Tunnel-Medium-Type", A_NUM, 13},
			 {"Tunnel-Client-Endpoint", A_STR, 0},
			 {"Tunnel-Server-Endpoint", A_STR, 0},
			 {"Acct-Tunnel-Connection", A_STR, 0},
			 {"Tunnel-Password", A_STR, 0},
			 {"ARAP-Password", A_STRANGE, 0},
			 {"ARAP-Features", A_STRANGE, 0},
			 {"ARAP-Zone-Access", A_NUM, 14},
			 {"ARAP-Security", A_STR, 0},
			 {"ARAP-Security-Data", A_STR, 0},
			 {"Password-Retry", A_NUM, 0},
			 {"Prompt", A_NUM, 15},
			 {"Connect-Info", A_STR, 0},
			 {"Configuration-Token", A_STR, 0},
			 {"EAP-Message", A_STR, 0},
			 {"Message-Authenticator", A_STR, 0},
			 {"Tunnel-Private-Group-ID", A_STR, 0},
			 {"Tunnel-Assignment-ID", A_STR, 0},
			 {"Tunnel-Preference", A_NUM, 0},
			 {"ARAP-Challenge-Response", A_STRANGE, 0},
			 {"Acct-Interim-Interval", A_NUM, 0},
			 {"Acct-Tunnel-Packets-Lost", A_NUM, 0},
			 {"NAS-Port-Id", A_STR, 0},
			 {"Framed-Pool", A_STR, 0},
			 {"CUI", A_STR, 0},
			 {"Tunnel-Client-Auth-ID", A_STR, 0},
			 {"Tunnel-Server-Auth-ID", A_STR, 0},
			 {"NAS-Filter-Rule", A_STR, 0},
			 {"Unassigned", A_NONE, 0},
			 {"Originating-Line-Info", A_NONE, 0},
			 {"NAS-IPv6-Address", A_ADDR6, 0},
			 {"Framed-Interface-ID", A_NONE, 0},
			 {"Framed-IPv6-Prefix", A_PREFIX6, 0},
			 {"Login-IPv6-Host", A_ADDR6, 0},
			 {"Framed-IPv6-Route", A_STR, 0},
			 {"Framed-IPv6-Pool", A_STR, 0},
			 {"Error-Cause", A_STRANGE, 0},
			 {"EAP-Key-Name", A_NONE, 0},
			 {"Digest-Response", A_STR, 0},
			 {"Digest-Realm", A_STR, 0},
			 {"Digest-Nonce", A_STR, 0},
			 {"Digest-Response-Auth", A_STR, 0},
			 {"Digest-Nextnonce", A_STR, 0},
			 {"Digest-Method", A_STR, 0},
			 {"Digest-URI", A_STR, 0},
			 {"Digest-Qop", A_STR, 0},
			 {"Digest-Algorithm", A_STR, 0},
			 {"Digest-Entity-Body-Hash", A_STR, 0},
			 {"Digest-CNonce", A_STR, 0},
			 {"Digest-Nonce-Count", A_STR, 0},
			 {"Digest-Username", A_STR, 0},
			 {"Digest-Opaque", A_STR, 0},
			 {"Digest-Auth-Param", A_STR, 0},
			 {"Digest-AKA-Auts", A_STR, 0},
			 {"Digest-Domain", A_STR, 0},
			 {"Digest-Stale", A_STR, 0},
			 {"Digest-HA1", A_STR, 0},
			 {"SIP-AOR", A_STR, 0},
			 {"Delegated-IPv6-Prefix", A_PREFIX6, 0},
			 {"MIP6-Feature-Vector", A_VEC64, 0},
			 {"MIP6-Home-Link-Prefix", A_HLP6, 0},
			 {"Operator-Name", A_OPNAME, 0},
			 {"Location-Information", A_LOCINFO, 0},
			 {"Location-Data", A_LOCDATA, 0},
			 {"Basic-Location-Policy-Rules", A_BLPR, 0}};

int nlab_radius_kind(uint8_t t)
{
	return t < RADIUS_ATTRS ? attrs[t].kind : A_NONE;
}

const char *nlab_radius_name(uint8_t t)
{
	return t != 0 && t < RADIUS_ATTRS ? attrs[t].name : "Unknown";
}

int nlab_radius_has_values(uint8_t t)
{
	return t < RADIUS_ATTRS && attrs[t].values != 0;
}

const char *nlab_radius_value(uint8_t t, uint32_t v)
{
	const values *vt =
	    &value_tables[t < RADIUS_ATTRS ? attrs[t].values : 0];
	return v < vt->count ? vt->names[v] : NULL;
}

/* A number and its text (tcpdump's struct tok). */
typedef struct tok {
	uint32_t v;
	const char *s;
} tok;

/* The text of V in T (COUNT entries), or NULL. */
static const char *tok_text(const tok *t, size_t count, uint32_t v)
{
	for (size_t i = 0; i < count; i++)
		if (t[i].v == v)
			return t[i].s;
	return NULL;
}

const char *nlab_radius_error_cause(uint32_t v)
{
	static const tok t[] = {{201, "Residual Session Context Removed"},
				{202, "Invalid EAP Packet (Ignored)"},
				{401, "Unsupported Attribute"},
				{402, "Missing Attribute"},
				{403, "NAS Identification Mismatch"},
				{404, "Invalid Request"},
				{405, "Unsupported Service"},
				{406, "Unsupported Extension"},
				{407, "Invalid Attribute Value"},
				{501, "Administratively Prohibited"},
				{502, "Request Not Routable (Proxy)"},
				{503, "Session Context Not Found"},
				{504, "Session Context Not Removable"},
				{505, "Other Proxy Processing Error"},
				{506, "Resources Unavailable"},
				{507, "Request Initiated"},
				{508, "Multiple Session Selection Unsupported"},
				{509, "Location Info Required"}};
	return tok_text(t, sizeof t / sizeof t[0], v);
}

const char *nlab_p_smi_name(uint32_t id)
{
	static const tok t[] = {
	    {0, "IETF (reserved)"},
	    {5, "ACC"},
	    {9, "Cisco"},
	    {11, "Hewlett Packard"},
	    {42, "Sun Microsystems"},
	    {61, "Merit"},
	    {74, "AT&T"},
	    {161, "Motorola"},
	    {166, "Shiva"},
	    {193, "Ericsson AB"},
	    {255, "Cisco VPN 5000"},
	    {307, "Livingston"},
	    {311, "Microsoft"},
	    {429, "3Com"},
	    {529, "Ascend"},
	    {1584, "Bay Networks"},
	    {1991, "Foundry"},
	    {2180, "Versanet"},
	    {2352, "Redback"},
	    {2636, "Juniper Networks"},
	    {2637, "Aptis"},
	    {2937, "Deutsche Telekom AG"},
	    {3054, "Ixia Communications"},
	    {3076, "Cisco VPN 3000"},
	    {3085, "CoSine Communications"},
	    {3224, "Netscreen"},
	    {3199, "Shasta"},
	    {3309, "Nomadix"},
	    {3414, "T-Mobile"},
	    {3561, "The Broadband Forum"},
	    {3902, "ZTE"},
	    {4329, "Siemens"},
	    {4491, "CableLabs"},
	    {4874, "Unisphere Networks"},
	    {5263, "Cisco BBSM"},
	    {5535, "3rd Generation Partnership Project 2 (3GPP2)"},
	    {5806, "SK Telecom"},
	    {5925, "ipUnplugged"},
	    {5948, "Issanni Communications"},
	    {5951, "Netscaler"},
	    {6490, "T-Mobile"},
	    {6618, "Quintum"},
	    {6728, "Interlink"},
	    {7951, "CNCTC"},
	    {8164, "Starent Networks"},
	    {8744, "Colubris"},
	    {10415, "3GPP"},
	    {10529, "Gemtek-Systems"},
	    {10704, "Barracuda Networks"},
	    {10923, "Ericsson AB - Packet Core Networks"},
	    {11665, "dacom"},
	    {11862, "Columbia University"},
	    {12356, "Fortinet"},
	    {12951, "Verizon Wireless"},
	    {13745, "Plixer"},
	    {14122, "Wi-Fi Alliance"},
	    {16787, "T-Systems Nova"},
	    {20942, "China Telecom - Guangzhou Research Institute"},
	    {26866, "Gigamon Systems"},
	    {32622, "CACE Technologies"},
	    {35632, "ntop"},
	    {46098, "Ericsson Canada"}};
	return tok_text(t, sizeof t / sizeof t[0], id);
}
