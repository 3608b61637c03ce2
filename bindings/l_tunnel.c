/* l_tunnel.c - "netlab.c.tunnel": one end of a tunnel link made in a host
 * (core/net/tunnel.h). scripts/netlab/lab_tunnel.lua picks the outer
 * addresses, checks the options and makes both ends (lab:tunnel).
 *
 *   tunnel.add(host, "vxlan0", {kind = "vxlan", family = "inet",
 *              local = "10.0.1.1", remote = "10.0.2.2", vni = 42,
 *              port = 4789, mtu = 1450}) -> 1 | nil, message, errno
 *   spec.into = host2: the interface is made through HOST's netlink
 *   socket (its outer UDP socket is HOST's) and put in HOST2 (a lab
 *   worker's cross-machine link: HOST is the machine, netlab.here) */
#include "lnetlab.h"
#include "modules.h"

#include "error.h"
#include "tunnel.h"

#include <arpa/inet.h>
#include <sys/socket.h>

/* Reads field KEY of the table at 3 as an integer in [LO, HI]. */
static lua_Integer int_field(lua_State *L, const char *key, lua_Integer lo,
			     lua_Integer hi)
{
	lua_getfield(L, 3, key);
	int ok;
	lua_Integer v = lua_tointegerx(L, -1, &ok);
	lua_pop(L, 1);
	if (!ok || v < lo || v > hi)
		luaL_error(L, "tunnel %s out of range (%d-%d)", key, (int)lo,
			   (int)hi);
	return v;
}

/* Reads outer address field KEY of the table at 3 into BYTES. */
static void addr_field(lua_State *L, const char *key, int family,
		       unsigned char *bytes)
{
	lua_getfield(L, 3, key);
	const char *text = nlab_tostring(L, -1);
	if (text == NULL || inet_pton(family, text, bytes) != 1)
		luaL_error(L, "tunnel %s: %s address expected", key,
			   family == AF_INET6 ? "IPv6" : "IPv4");
	lua_pop(L, 1);
}

/* Fills *T from the spec table at 3 (lab_tunnel.lua has checked it). */
static void check_spec(lua_State *L, nlab_tunnel_spec *t)
{
	static const char *const kinds[] = {"vxlan", "geneve", "gre", "ipip",
					    "sit", NULL};
	static const char *const families[] = {"inet", "inet6", NULL};
	luaL_checktype(L, 3, LUA_TTABLE);
	lua_getfield(L, 3, "kind");
	t->kind = nlab_checkoption(L, -1, NULL, kinds);
	lua_getfield(L, 3, "family");
	t->family = nlab_checkoption(L, -1, "inet", families) ? AF_INET6
							       : AF_INET;
	lua_pop(L, 2);
	addr_field(L, "local", t->family, t->local);
	addr_field(L, "remote", t->family, t->remote);
	t->vni = (uint32_t)int_field(L, "vni", 0, 0xffffff);
	t->port = (int)int_field(L, "port", 0, 65535);
	t->mtu = (int)int_field(L, "mtu", 0, 65535);
	t->into_netns = -1;
	lua_getfield(L, 3, "into");
	if (!lua_isnil(L, -1))
		t->into_netns = nlab_lhost_check(L, lua_gettop(L));
	lua_pop(L, 1);
}

/* tunnel.add(host, ifname, spec) -> 1 | nil, message, errno */
static int l_tunnel_add(lua_State *L)
{
	nlab_lhost_check(L, 1);
	const char *name = nlab_checkstring(L, 2, NULL);
	nlab_tunnel_spec t = {0};
	check_spec(L, &t);
	struct nl_sock *nl;
	int rc = nlab_lhost_nl(L, 1, &nl);
	if (rc != 0)
		return nlab_push_error(L, rc);
	return nlab_push_result(L, nlab_tunnel_add(nl, name, &t));
}

static const luaL_Reg funcs[] = {{"add", l_tunnel_add}, {NULL, NULL}};

int luaopen_netlab_tunnel(lua_State *L)
{
	luaL_newlib(L, funcs);
	return 1;
}
