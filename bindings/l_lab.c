/* l_lab.c - "netlab.c.lab": the netlab.host userdata, a network namespace
 * of netlab's own (an fd, never bind-mounted) with its route netlink
 * socket; sockets made inside it; veth pairs between two of them; CIDR
 * text. scripts/netlab/lab.lua builds labs, hosts' public methods and
 * links on top, and gives hosts their __tostring and __close. */
#include "lnetlab.h"
#include "modules.h"

#include "error.h"
#include "hostfs.h"
#include "ifaddr.h"
#include "link.h"
#include "offload.h"
#include "netns.h"
#include "rtnl.h"

#include "fdinfo.h"

#include <errno.h>
#include <fcntl.h>
#include <stdio.h>
#include <string.h>
#include <sys/socket.h>
#include <unistd.h>

#define NLAB_HOST "netlab.host"

/* The host userdata. */
typedef struct lhost {
	int netns;          /* the namespace's fd; -1 once closed */
	int mntns;          /* its mount namespace's fd (hostfs.h); -1 until
			       its first command */
	struct nl_sock *nl; /* a route netlink socket inside it */
	char name[64];
	int next_eth;       /* no ethN below it is free, but those netlab
			       freed, which lower it again (eth_freed);
			       -1, not known, once a command has run */
} lhost;

/* Closes a host's netlink socket and namespace fd; safe to call twice.
 * Sockets and children made in it keep the namespace until they go. */
static void host_close(lhost *h)
{
	nlab_rtnl_close(h->nl);
	h->nl = NULL;
	if (h->netns >= 0)
		close(h->netns);
	if (h->mntns >= 0)
		close(h->mntns);
	h->netns = h->mntns = -1;
}

/* Checks that ARG is an open host; raises otherwise. */
static lhost *check_host(lua_State *L, int arg)
{
	lhost *h = nlab_checkudata(L, arg, NLAB_HOST);
	if (h->netns < 0)
		luaL_error(L, "attempt to use a closed host");
	return h;
}

int nlab_lhost_check(lua_State *L, int arg, struct nl_sock **nl)
{
	lhost *h = check_host(L, arg);
	if (nl)
		*nl = h->nl;
	return h->netns;
}

/* Makes the namespace, its netlink socket, and brings lo up. */
static int host_open(lhost *h)
{
	int rc = nlab_netns_new(&h->netns);
	if (rc == 0)
		rc = nlab_rtnl_open(h->netns, &h->nl);
	if (rc == 0)
		rc = nlab_link_up(h->nl, "lo");
	if (rc != 0)
		host_close(h);
	return rc;
}

/* lab.host(name) -> host | nil, message, errno: a new namespace, lo up */
static int l_lab_host(lua_State *L)
{
	size_t len;
	const char *name = nlab_checkstring(L, 1, &len);
	luaL_argcheck(L, len > 0 && len < sizeof(((lhost *)0)->name), 1,
		      "host name of 1-63 characters expected");
	lhost *h = lua_newuserdatauv(L, sizeof *h, 0);
	*h = (lhost){.netns = -1, .mntns = -1, .nl = NULL};
	memcpy(h->name, name, len + 1);
	luaL_setmetatable(L, NLAB_HOST);
	int rc = host_open(h);
	return rc != 0 ? nlab_push_error(L, rc) : 1;
}

/* lab.here() -> host | nil, message, errno: the machine's own network
 * namespace (netlab.here, scripts/netlab/lab_names.lua), as a host. */
static int l_lab_here(lua_State *L)
{
	lhost *h = lua_newuserdatauv(L, sizeof *h, 0);
	*h = (lhost){.netns = -1, .mntns = -1, .nl = NULL, .name = "here",
		     .next_eth = -1};
	luaL_setmetatable(L, NLAB_HOST);
	h->netns = nlab_fd_high(open("/proc/self/ns/net", O_RDONLY | O_CLOEXEC));
	int rc = h->netns < 0 ? nlab_errno() : nlab_rtnl_open(h->netns, &h->nl);
	if (rc != 0)
		host_close(h);
	return rc != 0 ? nlab_push_error(L, rc) : 1;
}

/* lab.real() -> true if netlab was started with --real (main.c) */
static int l_lab_real(lua_State *L)
{
	lua_getfield(L, LUA_REGISTRYINDEX, NLAB_REAL);
	lua_pushboolean(L, lua_toboolean(L, -1));
	return 1;
}

/* lab.interactive() -> true if netlab was started with -i (main.c) */
static int l_lab_interactive(lua_State *L)
{
	lua_getfield(L, LUA_REGISTRYINDEX, NLAB_INTERACTIVE);
	lua_pushboolean(L, lua_toboolean(L, -1));
	return 1;
}

/* host:name() -> the name it was created with (also once closed) */
static int l_host_name(lua_State *L)
{
	lua_pushstring(L, ((lhost *)luaL_checkudata(L, 1, NLAB_HOST))->name);
	return 1;
}

/* host:_isopen() -> boolean */
static int l_host_isopen(lua_State *L)
{
	lhost *h = luaL_checkudata(L, 1, NLAB_HOST);
	lua_pushboolean(L, h->netns >= 0);
	return 1;
}

/* host:_netns() -> the namespace's fd (for a child to setns into) */
static int l_host_netns(lua_State *L)
{
	lua_pushinteger(L, check_host(L, 1)->netns);
	return 1;
}

/* host:_mntns() -> its mount namespace's fd, made at the first call (its
 * own /run, hostfs.h) | nil, message, errno */
static int l_host_mntns(lua_State *L)
{
	lhost *h = check_host(L, 1);
	int rc = h->mntns < 0 ? nlab_hostfs_new(&h->mntns) : 0;
	if (rc != 0)
		return nlab_push_error(L, rc);
	h->next_eth = -1; /* a command may rename or delete an ethN */
	lua_pushinteger(L, h->mntns);
	return 1;
}

/* host:_fds() -> the namespace's fd, the netlink socket's fd, the mount
 * namespace's fd (-1 once closed, or not made yet): what netlab.fd names
 * when it refuses them */
static int l_host_fds(lua_State *L)
{
	lhost *h = luaL_checkudata(L, 1, NLAB_HOST);
	lua_pushinteger(L, h->netns);
	lua_pushinteger(L, nlab_rtnl_fd(h->nl));
	lua_pushinteger(L, h->mntns);
	return 3;
}

/* host:_socket(kind) -> socket made inside the host | nil, message, errno */
static int l_host_socket(lua_State *L)
{
	lhost *h = check_host(L, 1);
	const nlab_sockkind *k = nlab_check_sockkind(L, 2);
	lsock *s = nlab_lsock_new(L); /* closed until the fd is in it */
	int fd, rc = nlab_netns_socket(h->netns, k->family, k->type, &fd);
	if (rc != 0)
		return nlab_push_error(L, rc);
	nlab_lsock_open(L, s, fd, k);
	return 1;
}

/* Pushes 1 for RC 0, else the error triple. */
static int result(lua_State *L, int rc) { return nlab_push_result(L, rc); }

/* host:_link_up(ifname) -> 1 | nil, message, errno */
static int l_host_link_up(lua_State *L)
{
	lhost *h = check_host(L, 1);
	return result(L, nlab_link_up(h->nl, nlab_checkstring(L, 2, NULL)));
}

/* host:_no_linklocal(ifname) -> 1 | nil, message, errno */
static int l_host_no_linklocal(lua_State *L)
{
	lhost *h = check_host(L, 1);
	const char *ifname = nlab_checkstring(L, 2, NULL);
	return result(L, nlab_link_no_linklocal(h->nl, ifname));
}

/* host:_link_ready(ifname) -> up and able to send? | nil, message, errno */
static int l_host_link_ready(lua_State *L)
{
	lhost *h = check_host(L, 1);
	int ready, rc = nlab_link_ready(h->nl, nlab_checkstring(L, 2, NULL), &ready);
	if (rc != 0)
		return nlab_push_error(L, rc);
	lua_pushboolean(L, ready);
	return 1;
}

/* Lowers H's next free ethN when NAME, one of its ethN, has gone. */
static void eth_freed(lhost *h, const char *name)
{
	int n, end = 0;
	if (sscanf(name, "eth%d%n", &n, &end) == 1 && name[end] == '\0' &&
	    n >= 0 && n < h->next_eth) /* -1, not known, stays so */
		h->next_eth = n;
}

/* host:_link_del(ifname) -> 1 | nil, message, errno */
static int l_host_link_del(lua_State *L)
{
	lhost *h = check_host(L, 1);
	const char *name = nlab_checkstring(L, 2, NULL);
	int rc = nlab_link_del(h->nl, name);
	if (rc == 0)
		eth_freed(h, name);
	return result(L, rc);
}

/* host:_name_freed(ifname): IFNAME went with its peer (a veth's other
 * end, or a wire's namespace); lab.veth may give it again. */
static int l_host_name_freed(lua_State *L)
{
	eth_freed(check_host(L, 1), nlab_checkstring(L, 2, NULL));
	return 0;
}

/* host:_link_move(ifname, host2, new_name) -> 1 | nil, message, errno:
 * the interface moves into HOST2, named NEW_NAME there */
static int l_host_link_move(lua_State *L)
{
	lhost *h = check_host(L, 1), *to = check_host(L, 3);
	return result(L, nlab_link_move(h->nl, nlab_checkstring(L, 2, NULL),
					to->netns,
					nlab_checkstring(L, 4, NULL)));
}

/* host:_offload_off(ifname) -> 1 | nil, message, errno: TSO, GSO and GRO
 * off on IFNAME, as on a lab cable (a link between machines' VXLAN end) */
static int l_host_offload_off(lua_State *L)
{
	lhost *h = check_host(L, 1);
	return result(L, nlab_offload_off(h->netns, nlab_checkstring(L, 2, NULL)));
}

/* host:_free_name(prefix) -> the first name PREFIX0, PREFIX1... the host
 * has no interface of | nil, message, errno */
static int l_host_free_name(lua_State *L)
{
	lhost *h = check_host(L, 1);
	char name[NLAB_IFNAME];
	int next = 0;
	int rc = nlab_link_free_name(h->nl, nlab_checkstring(L, 2, NULL), &next,
				     name, sizeof name);
	if (rc != 0)
		return nlab_push_error(L, rc);
	lua_pushstring(L, name);
	return 1;
}

/* host:_addr_add(ifname, cidr) -> 1 | nil, message, errno */
static int l_host_addr_add(lua_State *L)
{
	lhost *h = check_host(L, 1);
	const char *ifname = nlab_checkstring(L, 2, NULL);
	nlab_cidr c;
	if (nlab_cidr_parse(nlab_checkstring(L, 3, NULL), &c) != 0)
		return luaL_argerror(L, 3, "invalid CIDR");
	return result(L, nlab_ifaddr_add(h->nl, ifname, &c));
}

/* Copies the optional interface name at ARG into OUT, or the first free
 * ethN of host H (from *NEXT on, past any that a command in the host
 * deleted) when ARG is nil. */
static int end_name(lua_State *L, int arg, lhost *h, int *next, char *out)
{
	const char *name = nlab_optstring(L, arg, NULL);
	if (name == NULL)
		return nlab_link_free_name(h->nl, "eth", next, out,
					   NLAB_IFNAME);
	if (strlen(name) >= NLAB_IFNAME)
		return -ENAMETOOLONG;
	snprintf(out, NLAB_IFNAME, "%s", name);
	return 0;
}

/* lab.veth(a, b[, name_a, name_b[, index_a]]) -> ifname in a, ifname in
 * b | nil, message, errno: a veth pair, each end named NAME or the first
 * free ethN of its host (a's end with interface index INDEX_A if given),
 * down, without offloads (segments cross it cut to the MSS, as on a
 * wire). */
static int l_lab_veth(lua_State *L)
{
	lhost *a = check_host(L, 1), *b = check_host(L, 2);
	char na[NLAB_IFNAME], nb[NLAB_IFNAME];
	int next_a = a->next_eth, next_b = b->next_eth;
	int index = (int)luaL_optinteger(L, 5, 0);
	int rc = end_name(L, 3, a, &next_a, na);
	if (rc == 0)
		rc = end_name(L, 4, b, &next_b, nb);
	if (rc == 0 &&
	    (rc = nlab_link_veth(a->nl, na, index, b->netns, nb)) == 0) {
		if ((rc = nlab_offload_off(a->netns, na)) == 0)
			rc = nlab_offload_off(b->netns, nb);
		if (rc != 0)
			nlab_link_del(a->nl, na); /* its peer goes with it */
	}
	if (rc != 0)
		return nlab_push_error(L, rc);
	a->next_eth = next_a;
	b->next_eth = next_b;
	lua_pushstring(L, na);
	lua_pushstring(L, nb);
	return 2;
}

/* lab.cidr(text) -> family, ip, prefix | nil, why, max prefix: why is
 * "invalid" (not ADDRESS/PREFIX) or "prefix" (too long for the family) */
static int l_lab_cidr(lua_State *L)
{
	nlab_cidr c;
	int rc = nlab_cidr_parse(nlab_checkstring(L, 1, NULL), &c);
	char ip[64];
	if (rc == 0 && nlab_cidr_ip(&c, ip, sizeof ip) != 0)
		rc = NLAB_EADDR;
	if (rc != 0) {
		lua_pushnil(L);
		lua_pushstring(L, rc == NLAB_EADDR ? "invalid" : "prefix");
		lua_pushinteger(L, nlab_cidr_max_prefix(c.family));
		return 3;
	}
	lua_pushstring(L, nlab_family_name(c.family));
	lua_pushstring(L, ip);
	lua_pushinteger(L, c.prefix);
	return 3;
}

/* __gc, and host:_close(): the same closer, safe to run twice. */
static int l_host_gc(lua_State *L)
{
	host_close(luaL_checkudata(L, 1, NLAB_HOST));
	return 0;
}

static const luaL_Reg host_methods[] = {
	{"name", l_host_name},
	{"_isopen", l_host_isopen},
	{"_netns", l_host_netns},
	{"_mntns", l_host_mntns},
	{"_fds", l_host_fds},
	{"_socket", l_host_socket},
	{"_link_up", l_host_link_up},
	{"_link_ready", l_host_link_ready},
	{"_no_linklocal", l_host_no_linklocal},
	{"_link_del", l_host_link_del},
	{"_name_freed", l_host_name_freed},
	{"_link_move", l_host_link_move},
	{"_addr_add", l_host_addr_add},
	{"_free_name", l_host_free_name},
	{"_offload_off", l_host_offload_off},
	{"_close", l_host_gc},
	{NULL, NULL},
};

static const luaL_Reg host_meta[] = {
	{"__gc", l_host_gc},
	{"__close", l_host_gc}, /* lab.lua's close replaces it */
	{NULL, NULL},
};

static const luaL_Reg lab_funcs[] = {
	{"host", l_lab_host},
	{"veth", l_lab_veth},
	{"cidr", l_lab_cidr},
	{"here", l_lab_here},
	{"real", l_lab_real},
	{"interactive", l_lab_interactive},
	{NULL, NULL},
};

int luaopen_netlab_lab(lua_State *L)
{
	nlab_createmeta(L, NLAB_HOST, host_meta, host_methods);
	luaL_newlib(L, lab_funcs);
	luaL_getmetatable(L, NLAB_HOST);
	lua_setfield(L, -2, "meta");
	return 1;
}
