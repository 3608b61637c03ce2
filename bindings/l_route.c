/* l_route.c - "netlab.c.route": a host's routing table and neighbour
 * (ARP) table, as rows of plain Lua tables. scripts/netlab/lab_route.lua
 * checks the arguments, words the errors and adds the host methods. */
#include "lnetlab.h"
#include "modules.h"

#include "error.h"
#include "neigh.h"
#include "route.h"

#include <arpa/inet.h>
#include <linux/neighbour.h>
#include <linux/rtnetlink.h>
#include <stdio.h>
#include <string.h>

/* Sets field K of the table on top to string V (nothing when V is NULL). */
static void set_string(lua_State *L, const char *k, const char *v)
{
	if (v == NULL)
		return;
	lua_pushstring(L, v);
	lua_setfield(L, -2, k);
}

/* Sets field K of the table on top to integer V. */
static void set_int(lua_State *L, const char *k, lua_Integer v)
{
	lua_pushinteger(L, v);
	lua_setfield(L, -2, k);
}

/* Sets field K to the text of address BYTES of FAMILY. */
static void set_ip(lua_State *L, const char *k, int family,
		   const unsigned char *bytes)
{
	char text[INET6_ADDRSTRLEN];
	if (inet_ntop(family, bytes, text, sizeof text) != NULL)
		set_string(L, k, text);
}

/* The name of route type T, as ip route prints it. */
static const char *type_name(int t)
{
	switch (t) {
	case RTN_UNICAST: return "unicast";
	case RTN_LOCAL: return "local";
	case RTN_BROADCAST: return "broadcast";
	case RTN_MULTICAST: return "multicast";
	case RTN_BLACKHOLE: return "blackhole";
	case RTN_UNREACHABLE: return "unreachable";
	case RTN_PROHIBIT: return "prohibit";
	default: return "other";
	}
}

/* The name of route scope S, as ip route prints it. */
static const char *scope_name(int s)
{
	switch (s) {
	case RT_SCOPE_UNIVERSE: return "global";
	case RT_SCOPE_LINK: return "link";
	case RT_SCOPE_HOST: return "host";
	default: return "other";
	}
}

/* Pushes one route as a table. */
static void push_route(lua_State *L, const nlab_route *r)
{
	lua_createtable(L, 0, 10);
	set_string(L, "family", r->family == AF_INET6 ? "inet6" : "inet");
	set_ip(L, "destination", r->family, r->dst);
	set_int(L, "prefix", r->prefix);
	if (r->has_gw)
		set_ip(L, "gateway", r->family, r->gw);
	if (r->ifname[0])
		set_string(L, "iface", r->ifname);
	set_int(L, "metric", r->metric);
	set_string(L, "type", type_name(r->type));
	set_string(L, "scope", scope_name(r->scope));
	set_string(L, "table", r->table == RT_TABLE_MAIN    ? "main"
			       : r->table == RT_TABLE_LOCAL ? "local"
							    : "other");
}

/* Reads the optional family argument ARG: nil, "inet" or "inet6". */
static int check_family(lua_State *L, int arg)
{
	static const char *const names[] = {"all", "inet", "inet6", NULL};
	static const int families[] = {AF_UNSPEC, AF_INET, AF_INET6};
	return families[nlab_checkoption(L, arg, "all", names)];
}

/* route.list(host[, family]) -> {row...} | nil, message, errno */
static int l_route_list(lua_State *L)
{
	nlab_lhost_check(L, 1);
	int family = check_family(L, 2), n = 0, max = 64, rc;
	nlab_route *rows;
	do { /* a userdata owns the buffer: nothing leaks if Lua raises */
		max = n > max ? n + 16 : max;
		rows = lua_newuserdatauv(L, sizeof *rows * (size_t)max, 0);
		struct nl_sock *nl;
		if ((rc = nlab_lhost_nl(L, 1, &nl)) == 0)
			rc = nlab_route_list(nl, family, rows, max, &n);
	} while (rc == 0 && n > max);
	if (rc != 0)
		return nlab_push_error(L, rc);
	lua_createtable(L, n, 0);
	for (int i = 0; i < n; i++) {
		push_route(L, &rows[i]);
		lua_rawseti(L, -2, i + 1);
	}
	return 1;
}

/* Reads the address text at ARG into FAMILY and BYTES; 0 if it is none. */
static int parse_ip(lua_State *L, int arg, int *family, unsigned char *bytes)
{
	const char *text = nlab_checkstring(L, arg, NULL);
	if (inet_pton(AF_INET, text, bytes) == 1)
		*family = AF_INET;
	else if (inet_pton(AF_INET6, text, bytes) == 1)
		*family = AF_INET6;
	else
		return 0;
	return 1;
}

/* Reads route_add's and route_del's arguments: host, CIDR, gateway or
 * nil, interface or nil, metric or nil. Raises on bad ones. */
static void check_spec(lua_State *L, nlab_route_spec *spec)
{
	nlab_lhost_check(L, 1);
	memset(spec, 0, sizeof *spec);
	if (nlab_cidr_parse(nlab_checkstring(L, 2, NULL), &spec->dst) != 0)
		luaL_argerror(L, 2, "invalid CIDR");
	int gw_family = AF_UNSPEC;
	if (!lua_isnoneornil(L, 3)) {
		if (!parse_ip(L, 3, &gw_family, spec->gw))
			luaL_argerror(L, 3, "invalid gateway address");
		if (gw_family != spec->dst.family)
			luaL_argerror(L, 3, "gateway of another family");
		spec->has_gw = 1;
	}
	spec->ifname = nlab_optstring(L, 4, NULL);
	spec->metric = (long)luaL_optinteger(L, 5, -1);
}

/* route.add(host, cidr, gw, dev, metric) -> 1 | nil, message, errno */
static int l_route_add(lua_State *L)
{
	nlab_route_spec spec;
	check_spec(L, &spec);
	struct nl_sock *nl;
	int rc = nlab_lhost_nl(L, 1, &nl);
	if (rc != 0)
		return nlab_push_error(L, rc);
	return nlab_push_result(L, nlab_route_add(nl, &spec));
}

/* route.del(host, cidr, gw, dev, metric) -> 1 | nil, message, errno */
static int l_route_del(lua_State *L)
{
	nlab_route_spec spec;
	check_spec(L, &spec);
	struct nl_sock *nl;
	int rc = nlab_lhost_nl(L, 1, &nl);
	if (rc != 0)
		return nlab_push_error(L, rc);
	return nlab_push_result(L, nlab_route_del(nl, &spec));
}

/* Pushes what ip route get prints of reply R beside its row: {flags,
 * protocol, table, src, src_len, prefsrc, priority, uid, pref}, the
 * numbers as the kernel gave them, absent attributes nil. */
static void push_reply(lua_State *L, const nlab_route_reply *r)
{
	int family = r->row.family;
	lua_createtable(L, 0, 9);
	set_int(L, "flags", r->flags);
	set_int(L, "protocol", r->protocol);
	set_int(L, "table", r->table);
	if (r->has_src) {
		set_ip(L, "src", family, r->src);
		set_int(L, "src_len", r->src_len);
	}
	if (r->has_prefsrc)
		set_ip(L, "prefsrc", family, r->prefsrc);
	if (r->has_priority)
		set_int(L, "priority", r->priority);
	if (r->has_uid)
		set_int(L, "uid", r->uid);
	if (r->has_pref)
		set_int(L, "pref", r->pref);
}

/* route.get(host, ip) -> row | nil, message, errno: the kernel's pick,
 * with the reply's own fields in row.reply */
static int l_route_get(lua_State *L)
{
	nlab_lhost_check(L, 1);
	unsigned char addr[16];
	int family;
	if (!parse_ip(L, 2, &family, addr))
		return luaL_argerror(L, 2, "invalid IP address");
	nlab_route_reply r;
	struct nl_sock *nl;
	int rc = nlab_lhost_nl(L, 1, &nl);
	if (rc == 0)
		rc = nlab_route_get(nl, family, addr, &r);
	if (rc != 0)
		return nlab_push_error(L, rc);
	push_route(L, &r.row);
	push_reply(L, &r);
	lua_setfield(L, -2, "reply");
	return 1;
}

/* route.pton(ip) -> family, bytes | nil: an address's bytes */
static int l_route_pton(lua_State *L)
{
	unsigned char bytes[16];
	int family;
	if (!parse_ip(L, 1, &family, bytes)) {
		lua_pushnil(L);
		return 1;
	}
	lua_pushstring(L, family == AF_INET6 ? "inet6" : "inet");
	lua_pushlstring(L, (const char *)bytes, family == AF_INET6 ? 16 : 4);
	return 2;
}

/* route.ntop(bytes) -> text: 4 or 16 bytes as an address */
static int l_route_ntop(lua_State *L)
{
	size_t len;
	const char *bytes = luaL_checklstring(L, 1, &len);
	luaL_argcheck(L, len == 4 || len == 16, 1, "4 or 16 bytes expected");
	char text[INET6_ADDRSTRLEN];
	inet_ntop(len == 16 ? AF_INET6 : AF_INET, bytes, text, sizeof text);
	lua_pushstring(L, text);
	return 1;
}

/* The name of neighbour state S (its strongest NUD_* bit). */
static const char *state_name(int s)
{
	static const struct { int bit; const char *name; } names[] = {
		{NUD_PERMANENT, "PERMANENT"}, {NUD_REACHABLE, "REACHABLE"},
		{NUD_STALE, "STALE"},         {NUD_DELAY, "DELAY"},
		{NUD_PROBE, "PROBE"},         {NUD_INCOMPLETE, "INCOMPLETE"},
		{NUD_FAILED, "FAILED"},       {NUD_NOARP, "NOARP"},
	};
	for (size_t i = 0; i < sizeof names / sizeof names[0]; i++)
		if (s & names[i].bit)
			return names[i].name;
	return "NONE";
}

/* Pushes one neighbour entry as a table. */
static void push_neigh(lua_State *L, const nlab_neigh *e)
{
	lua_createtable(L, 0, 5);
	set_string(L, "family", e->family == AF_INET6 ? "inet6" : "inet");
	set_ip(L, "ip", e->family, e->ip);
	if (e->has_mac) {
		char mac[18];
		const unsigned char *m = e->mac;
		snprintf(mac, sizeof mac, "%02x:%02x:%02x:%02x:%02x:%02x", m[0],
			 m[1], m[2], m[3], m[4], m[5]);
		set_string(L, "mac", mac);
	}
	if (e->ifname[0])
		set_string(L, "iface", e->ifname);
	set_string(L, "state", state_name(e->state));
}

/* route.neigh(host) -> {row...} | nil, message, errno */
static int l_route_neigh(lua_State *L)
{
	nlab_lhost_check(L, 1);
	int n = 0, max = 64, rc;
	nlab_neigh *rows;
	do {
		max = n > max ? n + 16 : max;
		rows = lua_newuserdatauv(L, sizeof *rows * (size_t)max, 0);
		struct nl_sock *nl;
		if ((rc = nlab_lhost_nl(L, 1, &nl)) == 0)
			rc = nlab_neigh_list(nl, rows, max, &n);
	} while (rc == 0 && n > max);
	if (rc != 0)
		return nlab_push_error(L, rc);
	lua_createtable(L, n, 0);
	for (int i = 0; i < n; i++) {
		push_neigh(L, &rows[i]);
		lua_rawseti(L, -2, i + 1);
	}
	return 1;
}

/* Reads a MAC address "aa:bb:cc:dd:ee:ff" at ARG; raises if it is not. */
static void check_mac(lua_State *L, int arg, unsigned char *mac)
{
	const char *text = nlab_checkstring(L, arg, NULL);
	unsigned v[6];
	char end;
	if (sscanf(text, "%2x:%2x:%2x:%2x:%2x:%2x%c", &v[0], &v[1], &v[2], &v[3],
		   &v[4], &v[5], &end) != 6 || strlen(text) != 17)
		luaL_argerror(L, arg, "invalid MAC address");
	for (int i = 0; i < 6; i++)
		mac[i] = (unsigned char)v[i];
}

/* route.neigh_add(host, ip, mac, iface [, state]) -> 1 | nil, message,
 * errno: STATE "PERMANENT" (the default), "REACHABLE" or "STALE" (an
 * entry as if learnt, which the kernel checks again when it is used) */
static int l_route_neigh_add(lua_State *L)
{
	static const char *const states[] = {"PERMANENT", "REACHABLE", "STALE",
					     NULL};
	static const int nud[] = {NUD_PERMANENT, NUD_REACHABLE, NUD_STALE};
	nlab_lhost_check(L, 1);
	unsigned char ip[16], mac[6];
	int family;
	if (!parse_ip(L, 2, &family, ip))
		return luaL_argerror(L, 2, "invalid IP address");
	check_mac(L, 3, mac);
	const char *ifname = nlab_checkstring(L, 4, NULL);
	int state = luaL_checkoption(L, 5, "PERMANENT", states);
	struct nl_sock *nl;
	int rc = nlab_lhost_nl(L, 1, &nl);
	if (rc != 0)
		return nlab_push_error(L, rc);
	return nlab_push_result(
	    L, nlab_neigh_add(nl, family, ip, mac, ifname, nud[state]));
}

/* route.neigh_del(host, ip) -> count | nil, message, errno */
static int l_route_neigh_del(lua_State *L)
{
	nlab_lhost_check(L, 1);
	unsigned char ip[16];
	int family, count;
	if (!parse_ip(L, 2, &family, ip))
		return luaL_argerror(L, 2, "invalid IP address");
	struct nl_sock *nl;
	int rc = nlab_lhost_nl(L, 1, &nl);
	if (rc == 0)
		rc = nlab_neigh_del(nl, family, ip, &count);
	if (rc != 0)
		return nlab_push_error(L, rc);
	lua_pushinteger(L, count);
	return 1;
}

/* route.neigh_flush(host) -> count | nil, message, errno */
static int l_route_neigh_flush(lua_State *L)
{
	nlab_lhost_check(L, 1);
	struct nl_sock *nl;
	int count, rc = nlab_lhost_nl(L, 1, &nl);
	if (rc == 0)
		rc = nlab_neigh_flush(nl, &count);
	if (rc != 0)
		return nlab_push_error(L, rc);
	lua_pushinteger(L, count);
	return 1;
}

static const luaL_Reg funcs[] = {
	{"list", l_route_list},
	{"add", l_route_add},
	{"del", l_route_del},
	{"get", l_route_get},
	{"pton", l_route_pton},
	{"ntop", l_route_ntop},
	{"neigh", l_route_neigh},
	{"neigh_add", l_route_neigh_add},
	{"neigh_del", l_route_neigh_del},
	{"neigh_flush", l_route_neigh_flush},
	{NULL, NULL},
};

int luaopen_netlab_route(lua_State *L)
{
	luaL_newlib(L, funcs);
	return 1;
}
