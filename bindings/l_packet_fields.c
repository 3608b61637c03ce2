/* l_packet_fields.c - the fields of a packet's layers, each read from
 * the packet's bytes when a script asks for it (p.tcp.flags). */
#include "lpacket_fields.h"

#include <lauxlib.h>
#include <string.h>

const char *const nlab_lpacket_field_names[F_COUNT] = {
    [F_TIME] = "time",
    [F_LEN] = "len",
    [F_CAPLEN] = "caplen",
    [F_LINKTYPE] = "linktype",
    [F_PAYLOAD] = "payload",
    [F_TRUNCATED] = "truncated",
    [F_INVALID] = "invalid",
    [F_LAYERS] = "layers",
    [F_HEX] = "hex",
    [F_BYTES] = "bytes",
    [F_OFFSETS] = "offsets",
    [F_SRC] = "src",
    [F_DST] = "dst",
    [F_TYPE] = "type",
    [F_ID] = "id",
    [F_PRIO] = "prio",
    [F_DEI] = "dei",
    [F_OP] = "op",
    [F_SHA] = "sha",
    [F_SPA] = "spa",
    [F_THA] = "tha",
    [F_TPA] = "tpa",
    [F_HRD] = "hrd",
    [F_PRO] = "pro",
    [F_TTL] = "ttl",
    [F_PROTO] = "proto",
    [F_FLAGS] = "flags",
    [F_FRAG] = "frag",
    [F_TOS] = "tos",
    [F_HL] = "hl",
    [F_CHECKSUM] = "checksum",
    [F_HLIM] = "hlim",
    [F_NEXT] = "next",
    [F_PLEN] = "plen",
    [F_FLOW] = "flow",
    [F_TC] = "tc",
    [F_SPORT] = "sport",
    [F_DPORT] = "dport",
    [F_SEQ] = "seq",
    [F_ACK] = "ack",
    [F_WIN] = "win",
    [F_URG] = "urg",
    [F_OPTIONS] = "options",
    [F_CODE] = "code",
    [F_QUOTED] = "quoted",
    [F_TARGET] = "target",
    [F_MTU] = "mtu",
    [F_GATEWAY] = "gateway",
    [F_GROUP] = "group",
    [F_MAXDELAY] = "maxdelay",
    [F_TLL] = "tll",
    [F_HATYPE] = "hatype",
    [F_ADDR] = "addr",
    [F_IFINDEX] = "ifindex",
    [F_FAMILY] = "family",
    [F_RECORDS] = "records",
};

/* The fields of each layer, for pairs() and tostring() of a view. */
const uint8_t nlab_lpacket_layer_fields[NLAB_L_COUNT][16] = {
    [NLAB_L_ETH] = {F_SRC, F_DST, F_TYPE},
    [NLAB_L_VLAN] = {F_ID, F_PRIO, F_DEI, F_TYPE},
    [NLAB_L_SLL] = {F_TYPE, F_HATYPE, F_ADDR, F_PROTO, F_IFINDEX},
    [NLAB_L_LOOP] = {F_FAMILY},
    [NLAB_L_ARP] = {F_OP, F_SHA, F_SPA, F_THA, F_TPA, F_HRD, F_PRO},
    [NLAB_L_IP] = {F_SRC, F_DST, F_TTL, F_ID, F_PROTO, F_LEN, F_FLAGS, F_FRAG,
		   F_TOS, F_HL, F_CHECKSUM},
    [NLAB_L_IP6] = {F_SRC, F_DST, F_HLIM, F_NEXT, F_PLEN, F_FLOW, F_TC, F_PROTO,
		    F_FRAG},
    [NLAB_L_TCP] = {F_SPORT, F_DPORT, F_SEQ, F_ACK, F_FLAGS, F_WIN, F_URG,
		    F_OPTIONS, F_LEN, F_HL, F_CHECKSUM},
    [NLAB_L_UDP] = {F_SPORT, F_DPORT, F_LEN, F_CHECKSUM},
    [NLAB_L_ICMP] = {F_TYPE, F_CODE, F_ID, F_SEQ, F_CHECKSUM, F_MTU, F_GATEWAY,
		     F_QUOTED},
    [NLAB_L_ICMP6] = {F_TYPE, F_CODE, F_ID, F_SEQ, F_CHECKSUM, F_TARGET,
		      F_FLAGS, F_SLL, F_TLL, F_GROUP, F_MAXDELAY, F_RECORDS,
		      F_MTU, F_QUOTED},
};

/* Pushes the IPv4 address at OFF as text. */
static int push_ip4(lua_State *L, nlab_view v, size_t off)
{
	char text[16];
	if (!nlab_view_has(v, off, 4))
		return 0;
	lua_pushlstring(L, text, (size_t)nlab_ip4_text(v, off, text));
	return 1;
}

/* Pushes the IPv6 address at OFF as text. */
static int push_ip6(lua_State *L, nlab_view v, size_t off)
{
	char text[46];
	if (!nlab_view_has(v, off, 16))
		return 0;
	lua_pushlstring(L, text, (size_t)nlab_ip6_text(v, off, text));
	return 1;
}

/* Pushes N bytes at OFF as "aa:bb:cc" (a MAC address when N is 6). */
static int push_mac(lua_State *L, nlab_view v, size_t off, size_t n)
{
	char text[3 * 32];
	if (n > 32)
		n = 32;
	if (!nlab_view_has(v, off, n))
		return 0;
	lua_pushlstring(L, text, (size_t)nlab_mac_text(v, off, n, text));
	return 1;
}

/* Pushes the byte at OFF, if captured. */
static int push_u8(lua_State *L, nlab_view v, size_t off)
{
	return nlab_view_has(v, off, 1)
		   ? (lua_pushinteger(L, nlab_get8(v, off)), 1)
		   : 0;
}

/* Pushes the 16-bit number at OFF, if captured. */
static int push_u16(lua_State *L, nlab_view v, size_t off)
{
	return nlab_view_has(v, off, 2)
		   ? (lua_pushinteger(L, nlab_get16(v, off)), 1)
		   : 0;
}

/* Pushes the 32-bit number at OFF, if captured. */
static int push_u32(lua_State *L, nlab_view v, size_t off)
{
	return nlab_view_has(v, off, 4)
		   ? (lua_pushinteger(L, nlab_get32(v, off)), 1)
		   : 0;
}

/* Pushes integer N. */
static int push_int(lua_State *L, lua_Integer n)
{
	lua_pushinteger(L, n);
	return 1;
}

/* The length on the wire of the IP datagram at the start of V: its
 * length field, or what V holds when that is shorter. */
static uint32_t quoted_len(nlab_view v)
{
	uint32_t n = 0;
	if ((nlab_get8(v, 0) >> 4) == 4)
		n = nlab_get16(v, 2);
	else if ((nlab_get8(v, 0) >> 4) == 6 && nlab_view_has(v, 0, 40))
		n = 40u + nlab_get16(v, 4);
	return n > v.len ? n : (uint32_t)v.len;
}

/* Pushes a packet (linktype raw) of the IP datagram an ICMP error
 * quotes, from OFF to the end of the outer datagram; its len is the
 * quoted datagram's own length. Nothing when it quotes no bytes. */
static int push_quoted(lua_State *L, lpacket *p, size_t off)
{
	const nlab_decoded *d = decoded(p);
	if (off >= d->net_end)
		return 0;
	nlab_pkthdr h = p->h;
	nlab_view q = {p->data + off, d->net_end - off};
	h.caplen = (uint32_t)q.len;
	h.len = quoted_len(q);
	h.linktype = NLAB_DLT_RAW;
	nlab_lpacket_push(L, &h, q.base, NULL);
	return 1;
}

/* Ethernet: src, dst, type (the EtherType field, 0x8100 under a tag). */
static int eth_field(lua_State *L, nlab_view v, size_t off, int id)
{
	switch (id) {
	case F_SRC:
		return push_mac(L, v, off + 6, 6);
	case F_DST:
		return push_mac(L, v, off, 6);
	case F_TYPE:
		return push_u16(L, v, off + 12);
	default:
		return 0;
	}
}

/* 802.1Q tag (OFF is its TPID): id, prio, dei, type (the inner type). */
static int vlan_field(lua_State *L, nlab_view v, size_t off, int id)
{
	uint16_t tci = nlab_get16(v, off + 2);
	if (id != F_TYPE && !nlab_view_has(v, off + 2, 2))
		return 0;
	switch (id) {
	case F_ID:
		return push_int(L, tci & 0xfff);
	case F_PRIO:
		return push_int(L, tci >> 13);
	case F_DEI:
		return push_int(L, (tci >> 12) & 1);
	case F_TYPE:
		return push_u16(L, v, off + 4);
	default:
		return 0;
	}
}

/* Linux cooked header: type (packet type), hatype, addr, proto, ifindex. */
static int sll_field(lua_State *L, nlab_view v, int v2, int id)
{
	size_t alen = v2 ? nlab_get8(v, 11) : nlab_get16(v, 4);
	switch (id) {
	case F_TYPE:
		return v2 ? push_u8(L, v, 10) : push_u16(L, v, 0);
	case F_HATYPE:
		return push_u16(L, v, v2 ? 8 : 2);
	case F_ADDR:
		return push_mac(L, v, v2 ? 12 : 6, alen > 8 ? 8 : alen);
	case F_PROTO:
		return push_u16(L, v, v2 ? 0 : 14);
	case F_IFINDEX:
		return v2 ? push_u32(L, v, 4) : 0;
	default:
		return 0;
	}
}

/* BSD loopback: the address family, in whichever byte order it came. */
static int loop_field(lua_State *L, nlab_view v, int id)
{
	uint32_t be = nlab_get32(v, 0);
	uint32_t le = nlab_get16le(v, 0) | (uint32_t)nlab_get16le(v, 2) << 16;
	if (id != F_FAMILY || !nlab_view_has(v, 0, 4))
		return 0;
	return push_int(L, be <= 0xffff ? be : le);
}

/* Pushes an ARP address of N bytes at OFF: IPv4 text for a 4-byte
 * protocol address of IPv4, colon-separated hex otherwise. */
static int push_arp_addr(lua_State *L, nlab_view v, size_t off, size_t n,
			 int ip)
{
	if (ip && n == 4)
		return push_ip4(L, v, off);
	return push_mac(L, v, off, n);
}

/* ARP: op ("request", "reply" or the number), sha, spa, tha, tpa, hrd, pro. */
static int arp_field(lua_State *L, nlab_view v, size_t off, int id)
{
	size_t hln = nlab_get8(v, off + 4), pln = nlab_get8(v, off + 5);
	int ip = nlab_get16(v, off + 2) == 0x0800;
	uint16_t op = nlab_get16(v, off + 6);
	if (id >= F_SHA && id <= F_TPA &&
	    !nlab_view_has(v, off, 8 + 2 * (hln + pln)))
		return 0;
	switch (id) {
	case F_OP:
		if (!nlab_view_has(v, off + 6, 2))
			return 0;
		if (op == 1 || op == 2)
			lua_pushstring(L, op == 1 ? "request" : "reply");
		else
			lua_pushinteger(L, op);
		return 1;
	case F_SHA:
		return push_mac(L, v, off + 8, hln);
	case F_SPA:
		return push_arp_addr(L, v, off + 8 + hln, pln, ip);
	case F_THA:
		return push_mac(L, v, off + 8 + hln + pln, hln);
	case F_TPA:
		return push_arp_addr(L, v, off + 8 + 2 * hln + pln, pln, ip);
	case F_HRD:
		return push_u16(L, v, off);
	case F_PRO:
		return push_u16(L, v, off + 2);
	default:
		return 0;
	}
}

/* IPv4 flags as text: "DF", "MF", "DF,MF" or "". */
static int push_ip_flags(lua_State *L, uint16_t fo)
{
	int df = (fo & 0x4000) != 0, mf = (fo & 0x2000) != 0;
	lua_pushstring(L, df && mf ? "DF,MF" : df ? "DF" : mf ? "MF" : "");
	return 1;
}

/* IPv4 header fields. */
static int ip_field(lua_State *L, nlab_view v, size_t off, int id)
{
	int fo = nlab_view_has(v, off + 6, 2);
	switch (id) {
	case F_SRC:
		return push_ip4(L, v, off + 12);
	case F_DST:
		return push_ip4(L, v, off + 16);
	case F_TTL:
		return push_u8(L, v, off + 8);
	case F_ID:
		return push_u16(L, v, off + 4);
	case F_PROTO:
		return push_u8(L, v, off + 9);
	case F_LEN:
		return push_u16(L, v, off + 2);
	case F_FLAGS:
		return fo ? push_ip_flags(L, nlab_get16(v, off + 6)) : 0;
	case F_FRAG:
		return fo ? push_int(L, (nlab_get16(v, off + 6) & 0x1fff) * 8)
			  : 0;
	case F_TOS:
		return push_u8(L, v, off + 1);
	case F_HL:
		return push_int(L, (nlab_get8(v, off) & 15) * 4);
	case F_CHECKSUM:
		return push_u16(L, v, off + 10);
	default:
		return 0;
	}
}

/* IPv6 header fields; proto is the upper protocol after any extension
 * headers, frag the fragment offset when there is a fragment header. */
static int ip6_field(lua_State *L, lpacket *p, nlab_view v, size_t off, int id)
{
	const nlab_decoded *d = decoded(p);
	int whole = nlab_view_has(v, off, 40);
	switch (id) {
	case F_SRC:
		return push_ip6(L, v, off + 8);
	case F_DST:
		return push_ip6(L, v, off + 24);
	case F_HLIM:
		return push_u8(L, v, off + 7);
	case F_NEXT:
		return push_u8(L, v, off + 6);
	case F_PLEN:
		return push_u16(L, v, off + 4);
	case F_FLOW:
		return whole ? push_int(L, nlab_get32(v, off) & 0xfffff) : 0;
	case F_TC:
		return whole ? push_int(L, (nlab_get32(v, off) >> 20) & 0xff)
			     : 0;
	case F_PROTO:
		return whole ? push_int(L, d->proto) : 0;
	case F_FRAG:
		return d->frag6
			   ? push_int(L, nlab_get16(v, d->frag6 + 2) & 0xfff8)
			   : 0;
	default:
		return 0;
	}
}

/* Sets t[key] = N on the table on top. */
static void set_int(lua_State *L, const char *key, lua_Integer n)
{
	lua_pushinteger(L, n);
	lua_setfield(L, -2, key);
}

/* Adds TCP option KIND (LEN bytes at OFF) to the table on top. */
static void add_tcp_option(lua_State *L, nlab_view v, size_t off, int kind,
			   size_t len)
{
	switch (kind) {
	case 2:
		if (len == 4)
			set_int(L, "mss", nlab_get16(v, off + 2));
		break;
	case 3:
		if (len == 3)
			set_int(L, "wscale", nlab_get8(v, off + 2));
		break;
	case 4:
		lua_pushboolean(L, 1);
		lua_setfield(L, -2, "sack_ok");
		break;
	case 5:
		lua_createtable(L, (int)(len / 8), 0);
		for (size_t i = 2; i + 8 <= len; i += 8) {
			lua_createtable(L, 2, 0);
			lua_pushinteger(L, nlab_get32(v, off + i));
			lua_rawseti(L, -2, 1);
			lua_pushinteger(L, nlab_get32(v, off + i + 4));
			lua_rawseti(L, -2, 2);
			lua_rawseti(L, -2, (lua_Integer)(i / 8 + 1));
		}
		lua_setfield(L, -2, "sack");
		break;
	case 8:
		if (len != 10)
			break;
		lua_createtable(L, 0, 2);
		set_int(L, "val", nlab_get32(v, off + 2));
		set_int(L, "ecr", nlab_get32(v, off + 6));
		lua_setfield(L, -2, "ts");
		break;
	}
}

/* Pushes a table of the TCP options between OFF and END that are captured:
 * {mss=, wscale=, sack_ok=, sack={{left, right}...}, ts={val=, ecr=}}. */
static int push_tcp_options(lua_State *L, nlab_view v, size_t off, size_t end)
{
	lua_createtable(L, 0, 4);
	while (off < end && nlab_view_has(v, off, 1)) {
		int kind = nlab_get8(v, off);
		if (kind == 0)
			break;
		if (kind == 1) {
			off++;
			continue;
		}
		size_t len = nlab_get8(v, off + 1);
		if (len < 2 || off + len > end || !nlab_view_has(v, off, len))
			break;
		add_tcp_option(L, v, off, kind, len);
		off += len;
	}
	return 1;
}

/* TCP header fields; len is the payload's length on the wire. */
static int tcp_field(lua_State *L, lpacket *p, nlab_view v, size_t off, int id)
{
	size_t hl = (size_t)(nlab_get8(v, off + 12) >> 4) * 4;
	if ((id == F_FLAGS || id == F_HL || id == F_LEN || id == F_OPTIONS) &&
	    !nlab_view_has(v, off, 20))
		return 0;
	switch (id) {
	case F_SPORT:
		return push_u16(L, v, off);
	case F_DPORT:
		return push_u16(L, v, off + 2);
	case F_SEQ:
		return push_u32(L, v, off + 4);
	case F_ACK:
		return push_u32(L, v, off + 8);
	case F_FLAGS: /* interned texts, an upvalue of every caller */
		lua_rawgeti(L, lua_upvalueindex(UV_FLAGS),
			    nlab_get8(v, off + 13) + 1);
		return 1;
	case F_WIN:
		return push_u16(L, v, off + 14);
	case F_CHECKSUM:
		return push_u16(L, v, off + 16);
	case F_URG:
		return push_u16(L, v, off + 18);
	case F_HL:
		return push_int(L, (lua_Integer)hl);
	case F_LEN: {
		uint32_t l4 = decoded(p)->l4_len;
		return push_int(L, l4 > hl ? (lua_Integer)(l4 - hl) : 0);
	}
	case F_OPTIONS:
		return push_tcp_options(L, v, off + 20, off + hl);
	default:
		return 0;
	}
}

/* UDP header fields. */
static int udp_field(lua_State *L, nlab_view v, size_t off, int id)
{
	switch (id) {
	case F_SPORT:
		return push_u16(L, v, off);
	case F_DPORT:
		return push_u16(L, v, off + 2);
	case F_LEN:
		return push_u16(L, v, off + 4);
	case F_CHECKSUM:
		return push_u16(L, v, off + 6);
	default:
		return 0;
	}
}

/* ICMP types that carry an identifier and sequence number. */
static int icmp_has_id(int type)
{
	return type == 0 || type == 8 || (type >= 13 && type <= 18);
}

/* ICMP error types that quote the offending datagram. */
static int icmp_is_error(int type)
{
	return type == 3 || type == 4 || type == 5 || type == 11 || type == 12;
}

/* ICMP fields: id and seq for echo and friends, mtu for "need to
 * frag", gateway for redirects, quoted for errors. */
static int icmp_field(lua_State *L, lpacket *p, nlab_view v, size_t off, int id)
{
	int type = nlab_get8(v, off), code = nlab_get8(v, off + 1);
	switch (id) {
	case F_TYPE:
		return push_u8(L, v, off);
	case F_CODE:
		return push_u8(L, v, off + 1);
	case F_CHECKSUM:
		return push_u16(L, v, off + 2);
	case F_ID:
		return icmp_has_id(type) ? push_u16(L, v, off + 4) : 0;
	case F_SEQ:
		return icmp_has_id(type) ? push_u16(L, v, off + 6) : 0;
	case F_MTU:
		return type == 3 && code == 4 ? push_u16(L, v, off + 6) : 0;
	case F_GATEWAY:
		return type == 5 ? push_ip4(L, v, off + 4) : 0;
	case F_QUOTED:
		return icmp_is_error(type) ? push_quoted(L, p, off + 8) : 0;
	default:
		return 0;
	}
}

/* Where the options of neighbour discovery message TYPE start, 0 if it
 * is not one. */
static size_t nd_options(int type)
{
	switch (type) {
	case 133:
		return 8;
	case 134:
		return 16;
	case 135:
	case 136:
		return 24;
	case 137:
		return 40;
	default:
		return 0;
	}
}

/* Pushes the link-layer address of ND option WANT (1 source, 2 target)
 * among the options of the message at OFF. */
static int push_nd_lladdr(lua_State *L, nlab_view v, size_t off, int type,
			  int want)
{
	size_t o = nd_options(type);
	if (!o)
		return 0;
	for (o += off; nlab_view_has(v, o, 2);) {
		size_t len = (size_t)nlab_get8(v, o + 1) * 8;
		if (len == 0 || !nlab_view_has(v, o, len))
			return 0;
		if (nlab_get8(v, o) == want)
			return push_mac(L, v, o + 2, len - 2 < 6 ? len - 2 : 6);
		o += len;
	}
	return 0;
}

/* Neighbour advertisement flags: "R", "S", "O" for router, solicited,
 * override. */
static int push_na_flags(lua_State *L, uint8_t f)
{
	char text[4], *t = text;
	if (f & 0x80)
		*t++ = 'R';
	if (f & 0x40)
		*t++ = 'S';
	if (f & 0x20)
		*t++ = 'O';
	lua_pushlstring(L, text, (size_t)(t - text));
	return 1;
}

/* Pushes the IPv6 address at OFF if captured. */
static int push_ip6_at(lua_State *L, nlab_view v, size_t off)
{
	return nlab_view_has(v, off, 16) ? push_ip6(L, v, off) : 0;
}

/* ICMPv6 fields: id/seq (echo), target/flags/sll/tll (neighbour
 * discovery), group/maxdelay (MLD), records (MLDv2 report), mtu
 * (packet too big), quoted (errors). */
static int icmp6_field(lua_State *L, lpacket *p, nlab_view v, size_t off,
		       int id)
{
	int type = nlab_get8(v, off);
	int echo = type == 128 || type == 129, mld = type >= 130 && type <= 132;
	switch (id) {
	case F_TYPE:
		return push_u8(L, v, off);
	case F_CODE:
		return push_u8(L, v, off + 1);
	case F_CHECKSUM:
		return push_u16(L, v, off + 2);
	case F_ID:
		return echo ? push_u16(L, v, off + 4) : 0;
	case F_SEQ:
		return echo ? push_u16(L, v, off + 6) : 0;
	case F_TARGET:
		return type >= 135 && type <= 137 ? push_ip6_at(L, v, off + 8)
						  : 0;
	case F_FLAGS:
		if (type != 136 || !nlab_view_has(v, off + 4, 1))
			return 0;
		return push_na_flags(L, nlab_get8(v, off + 4));
	case F_SLL:
		return push_nd_lladdr(L, v, off, type, 1);
	case F_TLL:
		return push_nd_lladdr(L, v, off, type, 2);
	case F_GROUP:
		return mld ? push_ip6_at(L, v, off + 8) : 0;
	case F_MAXDELAY:
		return mld ? push_u16(L, v, off + 4) : 0;
	case F_RECORDS:
		return type == 143 ? push_u16(L, v, off + 6) : 0;
	case F_MTU:
		return type == 2 ? push_u32(L, v, off + 4) : 0;
	case F_QUOTED:
		return type >= 1 && type <= 4 ? push_quoted(L, p, off + 8) : 0;
	default:
		return 0;
	}
}

/* Pushes field ID of layer L of packet P, or nothing; returns the count. */
static int layer_field(lua_State *L, lpacket *p, int l, int id)
{
	const nlab_decoded *d = decoded(p);
	nlab_view v = {p->data, d->net_end};
	size_t off = d->off[l];
	switch (l) {
	case NLAB_L_ETH:
		return eth_field(L, pview(p), off, id);
	case NLAB_L_VLAN:
		return vlan_field(L, pview(p), off, id);
	case NLAB_L_SLL:
		return sll_field(L, pview(p), d->sll2, id);
	case NLAB_L_LOOP:
		return loop_field(L, pview(p), id);
	case NLAB_L_ARP:
		return arp_field(L, pview(p), off, id);
	case NLAB_L_IP:
		return ip_field(L, v, off, id);
	case NLAB_L_IP6:
		return ip6_field(L, p, v, off, id);
	case NLAB_L_TCP:
		return tcp_field(L, p, v, off, id);
	case NLAB_L_UDP:
		return udp_field(L, v, off, id);
	case NLAB_L_ICMP:
		return icmp_field(L, p, v, off, id);
	case NLAB_L_ICMP6:
		return icmp6_field(L, p, v, off, id);
	default:
		return 0;
	}
}

/* Pushes field ID of layer L of packet P (nil when it has none). */
int nlab_lpacket_push_field(lua_State *L, lpacket *p, int l, int id)
{
	/* a view kept from a reused packet's earlier contents may name a
	 * layer the packet no longer has */
	if (!nlab_decoded_has(decoded(p), l) || !layer_field(L, p, l, id))
		lua_pushnil(L);
	return 1;
}
