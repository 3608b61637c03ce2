/* l_iface.c - "netlab.c.iface": a host's interfaces and addresses (list,
 * change, add and delete, alias labels) and netem on its interfaces.
 * scripts/netlab/lab_iface.lua checks arguments and builds the public
 * host and link methods on top. */
#include "lnetlab.h"
#include "modules.h"

#include "error.h"
#include "iface.h"
#include "ifaddr.h"
#include "qdisc.h"

#include <linux/if.h>
#include <linux/if_addr.h>
#include <stdio.h>
#include <string.h>

/* The interface flags ip link prints, in its order. */
static const struct flag {
	unsigned bit;
	const char *name;
} flags[] = {
	{IFF_LOOPBACK, "LOOPBACK"}, {IFF_BROADCAST, "BROADCAST"},
	{IFF_POINTOPOINT, "POINTOPOINT"}, {IFF_MULTICAST, "MULTICAST"},
	{IFF_NOARP, "NOARP"}, {IFF_PROMISC, "PROMISC"}, {IFF_UP, "UP"},
	{IFF_RUNNING, "RUNNING"}, {IFF_LOWER_UP, "LOWER_UP"}, {0, NULL},
};

/* Sets field K of the table on top to integer V. */
static void setint(lua_State *L, const char *k, lua_Integer v)
{
	lua_pushinteger(L, v);
	lua_setfield(L, -2, k);
}

/* Sets field K of the table on top to string V. */
static void setstr(lua_State *L, const char *k, const char *v)
{
	lua_pushstring(L, v);
	lua_setfield(L, -2, k);
}

/* Pushes the list of flag names set in F. */
static void push_flags(lua_State *L, unsigned f)
{
	lua_newtable(L);
	int n = 0;
	for (const struct flag *fl = flags; fl->name; fl++) {
		if (f & fl->bit) {
			lua_pushstring(L, fl->name);
			lua_rawseti(L, -2, ++n);
		}
	}
}

/* Pushes one interface row (an nlab_iface). */
static void push_iface(lua_State *L, const void *row)
{
	const nlab_iface *r = row;
	lua_createtable(L, 0, 13);
	setstr(L, "name", r->name);
	setint(L, "index", r->index);
	setstr(L, "mac", r->mac);
	setint(L, "mtu", r->mtu);
	lua_pushboolean(L, (r->flags & IFF_UP) != 0);
	lua_setfield(L, -2, "up");
	setstr(L, "state", r->state);
	setint(L, "txqlen", r->txqlen);
	setstr(L, "kind", r->kind);
	push_flags(L, r->flags);
	lua_setfield(L, -2, "flags");
	setint(L, "flag_bits", r->flags);
	setint(L, "rx_packets", (lua_Integer)r->rx_packets);
	setint(L, "rx_bytes", (lua_Integer)r->rx_bytes);
	setint(L, "tx_packets", (lua_Integer)r->tx_packets);
	setint(L, "tx_bytes", (lua_Integer)r->tx_bytes);
}

/* Fills up to MAX rows of a host's table; sets *N to how many it has. */
typedef int (*lister)(struct nl_sock *nl, void *rows, size_t max, size_t *n);

/* Pushes the host at 1's rows (SIZE bytes each, listed by LIST) as a
 * table, PUSH making each: {row...} | nil, message, errno. */
static int push_rows(lua_State *L, size_t size, lister list,
		     void (*push)(lua_State *L, const void *row))
{
	nlab_lhost_check(L, 1);
	size_t max = 32, n;
	unsigned char *rows;
	for (;;) { /* a userdata owns the rows, so an error cannot leak them */
		rows = lua_newuserdatauv(L, max * size, 0);
		struct nl_sock *nl;
		int rc = nlab_lhost_nl(L, 1, &nl);
		if (rc == 0)
			rc = list(nl, rows, max, &n);
		if (rc != 0)
			return nlab_push_error(L, rc);
		if (n <= max)
			break;
		lua_pop(L, 1);
		max = n + 8;
	}
	lua_createtable(L, (int)n, 0);
	for (size_t i = 0; i < n; i++) {
		push(L, rows + i * size);
		lua_rawseti(L, -2, (lua_Integer)i + 1);
	}
	return 1;
}

/* nlab_iface_list as a lister. */
static int list_ifaces(struct nl_sock *nl, void *rows, size_t max, size_t *n)
{
	return nlab_iface_list(nl, rows, max, n);
}

/* iface.list(host) -> {row...} | nil, message, errno */
static int l_iface_list(lua_State *L)
{
	return push_rows(L, sizeof(nlab_iface), list_ifaces, push_iface);
}

/* Pushes one address row (an nlab_iface_addr). */
static void push_addr(lua_State *L, const void *row)
{
	const nlab_iface_addr *r = row;
	lua_createtable(L, 0, 9);
	setstr(L, "iface", r->ifname);
	if (r->label[0])
		setstr(L, "label", r->label);
	setstr(L, "family", nlab_family_name(r->family));
	setstr(L, "address", r->address);
	setint(L, "prefix", r->prefix);
	if (r->broadcast[0])
		setstr(L, "broadcast", r->broadcast);
	setstr(L, "scope", nlab_iface_scope_name(r->scope));
	lua_pushboolean(L, (r->flags & IFA_F_SECONDARY) != 0);
	lua_setfield(L, -2, "secondary");
}

/* nlab_iface_addrs as a lister. */
static int list_addrs(struct nl_sock *nl, void *rows, size_t max, size_t *n)
{
	return nlab_iface_addrs(nl, rows, max, n);
}

/* iface.addrs(host) -> {row...} | nil, message, errno */
static int l_iface_addrs(lua_State *L)
{
	return push_rows(L, sizeof(nlab_iface_addr), list_addrs, push_addr);
}

/* Reads "aa:bb:cc:dd:ee:ff" at ARG into MAC; raises when it is not one. */
static void check_mac(lua_State *L, int arg, unsigned char *mac)
{
	const char *s = nlab_checkstring(L, arg, NULL);
	int end = 0;
	if (sscanf(s, "%2hhx:%2hhx:%2hhx:%2hhx:%2hhx:%2hhx%n", &mac[0], &mac[1],
		   &mac[2], &mac[3], &mac[4], &mac[5], &end) != 6 ||
	    s[end] != '\0' || strlen(s) != 17)
		luaL_argerror(L, arg, "MAC address like \"02:00:00:00:00:01\" expected");
}

/* iface.set(host, ifname, up|nil, mtu|nil, mac|nil) -> 1 | nil, msg, errno */
static int l_iface_set(lua_State *L)
{
	nlab_lhost_check(L, 1);
	const char *name = nlab_checkstring(L, 2, NULL);
	nlab_iface_change c = {0};
	if ((c.has_up = !lua_isnoneornil(L, 3)))
		c.up = lua_toboolean(L, 3);
	if ((c.has_mtu = !lua_isnoneornil(L, 4)))
		c.mtu = (unsigned)luaL_checkinteger(L, 4);
	if ((c.has_mac = !lua_isnoneornil(L, 5)))
		check_mac(L, 5, c.mac);
	struct nl_sock *nl;
	int rc = nlab_lhost_nl(L, 1, &nl);
	if (rc != 0)
		return nlab_push_error(L, rc);
	return nlab_push_result(L, nlab_iface_set(nl, name, &c));
}

/* Reads the CIDR at ARG; raises when it does not parse. */
static void check_cidr(lua_State *L, int arg, nlab_cidr *c)
{
	if (nlab_cidr_parse(nlab_checkstring(L, arg, NULL), c) != 0)
		luaL_argerror(L, arg, "invalid CIDR");
}

/* Reads the (host, ifname, cidr) arguments at 1-3; returns ifname. */
static const char *check_addr_args(lua_State *L, nlab_cidr *c)
{
	nlab_lhost_check(L, 1);
	const char *ifname = nlab_checkstring(L, 2, NULL);
	check_cidr(L, 3, c);
	return ifname;
}

/* iface.addr_add(host, ifname, cidr[, label]) -> 1 | nil, msg, errno */
static int l_iface_addr_add(lua_State *L)
{
	nlab_cidr c;
	const char *ifname = check_addr_args(L, &c);
	const char *label = nlab_optstring(L, 4, NULL);
	struct nl_sock *nl;
	int rc = nlab_lhost_nl(L, 1, &nl);
	if (rc != 0)
		return nlab_push_error(L, rc);
	return nlab_push_result(L, nlab_iface_addr_add(nl, ifname, &c, label));
}

/* iface.addr_del(host, ifname, cidr) -> 1 | nil, msg, errno */
static int l_iface_addr_del(lua_State *L)
{
	nlab_cidr c;
	const char *ifname = check_addr_args(L, &c);
	struct nl_sock *nl;
	int rc = nlab_lhost_nl(L, 1, &nl);
	if (rc != 0)
		return nlab_push_error(L, rc);
	return nlab_push_result(L, nlab_iface_addr_del(nl, ifname, &c));
}

/* iface.netem(host, ifname, delay_us, jitter_us, loss, rate_bps)
 * -> 1 | nil, msg, errno */
static int l_iface_netem(lua_State *L)
{
	nlab_lhost_check(L, 1);
	const char *ifname = nlab_checkstring(L, 2, NULL);
	nlab_netem n = {
		.delay_us = (uint32_t)luaL_checkinteger(L, 3),
		.jitter_us = (uint32_t)luaL_checkinteger(L, 4),
		.loss = luaL_checknumber(L, 5),
		.rate_bps = (uint64_t)luaL_checkinteger(L, 6),
	};
	struct nl_sock *nl;
	int rc = nlab_lhost_nl(L, 1, &nl);
	if (rc != 0)
		return nlab_push_error(L, rc);
	return nlab_push_result(L, nlab_qdisc_netem(nl, ifname, &n));
}

/* iface.clear(host, ifname) -> 1 | nil, msg, errno: the default qdisc */
static int l_iface_clear(lua_State *L)
{
	nlab_lhost_check(L, 1);
	const char *ifname = nlab_checkstring(L, 2, NULL);
	struct nl_sock *nl;
	int rc = nlab_lhost_nl(L, 1, &nl);
	if (rc != 0)
		return nlab_push_error(L, rc);
	return nlab_push_result(L, nlab_qdisc_clear(nl, ifname));
}

/* iface.blackhole(host, ifname) -> 1 | nil, msg, errno: drop all it sends */
static int l_iface_blackhole(lua_State *L)
{
	nlab_lhost_check(L, 1);
	const char *ifname = nlab_checkstring(L, 2, NULL);
	struct nl_sock *nl;
	int rc = nlab_lhost_nl(L, 1, &nl);
	if (rc != 0)
		return nlab_push_error(L, rc);
	return nlab_push_result(L, nlab_qdisc_blackhole(nl, ifname));
}

static const luaL_Reg funcs[] = {
	{"blackhole", l_iface_blackhole},
	{"list", l_iface_list},
	{"addrs", l_iface_addrs},
	{"set", l_iface_set},
	{"addr_add", l_iface_addr_add},
	{"addr_del", l_iface_addr_del},
	{"netem", l_iface_netem},
	{"clear", l_iface_clear},
	{NULL, NULL},
};

int luaopen_netlab_iface(lua_State *L)
{
	luaL_newlib(L, funcs);
	return 1;
}
