/* l_lab.c - "netlab.c.lab": the netlab.host userdata, a network namespace
 * of netlab's own (an fd, never bind-mounted) with its route netlink
 * socket, opened when needed (at most NL_OPEN hosts have one open at a
 * time); sockets made inside it; veth pairs between two of them; CIDR
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
	struct nl_sock *nl; /* a route netlink socket inside it, or NULL:
			       see host_nl */
	char name[64];
	int next_eth;       /* no ethN below it is free, but those netlab
			       freed, which lower it again (eth_freed);
			       -1, not known, once a command has run */
} lhost;

/* The hosts whose netlink socket is open, the most recently used first.
 * A host holds one fd of its own, its namespace; its netlink socket is
 * opened when a call needs it and closed once NL_OPEN other hosts' were
 * used since (opening one again costs a socket made in the namespace,
 * some microseconds), so a lab of 10,000 hosts takes 10,000 fds and a
 * few, under an open-file limit of 20,000. A C function fetches a
 * host's socket (host_nl, nlab_lhost_nl) after its last Lua call before
 * using it: a finalizer that ran in between could close it. */
#define NL_OPEN 16
static lhost *nl_hosts[NL_OPEN];
static int nl_count;

/* Takes H out of nl_hosts, if in it. */
static void nl_forget(lhost *h)
{
	for (int i = 0; i < nl_count; i++)
		if (nl_hosts[i] == h) {
			memmove(nl_hosts + i, nl_hosts + i + 1,
				(size_t)(nl_count - i - 1) * sizeof *nl_hosts);
			nl_count--;
			return;
		}
}

/* Closes H's netlink socket, if open. */
static void nl_close(lhost *h)
{
	if (h->nl == NULL)
		return;
	nl_forget(h);
	nlab_rtnl_close(h->nl);
	h->nl = NULL;
}

/* Closes the least recently used sockets until at most KEEP are open. */
static void nl_shrink(int keep)
{
	while (nl_count > keep)
		nl_close(nl_hosts[nl_count - 1]);
}

/* Puts H, whose socket is open, first in nl_hosts. */
static void nl_touch(lhost *h)
{
	nl_forget(h);
	memmove(nl_hosts + 1, nl_hosts, (size_t)nl_count * sizeof *nl_hosts);
	nl_hosts[0] = h;
	nl_count++;
}

/* Sets *NL to open host H's netlink socket, opening it if need be (out
 * of open files, after closing the others kept open). */
static int host_nl(lhost *h, struct nl_sock **nl)
{
	*nl = NULL;
	if (h->nl == NULL) {
		nl_shrink(NL_OPEN - 1);
		int rc = nlab_rtnl_open(h->netns, &h->nl);
		if (rc == -EMFILE && nl_count > 0) {
			nl_shrink(0);
			rc = nlab_rtnl_open(h->netns, &h->nl);
		}
		if (rc != 0)
			return rc;
	}
	nl_touch(h);
	*nl = h->nl;
	return 0;
}

/* Closes a host's netlink socket and namespace fd; safe to call twice.
 * Sockets and children made in it keep the namespace until they go. */
static void host_close(lhost *h)
{
	nl_close(h);
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

int nlab_lhost_check(lua_State *L, int arg)
{
	return check_host(L, arg)->netns;
}

int nlab_lhost_nl(lua_State *L, int arg, struct nl_sock **nl)
{
	return host_nl(check_host(L, arg), nl);
}

/* Makes the namespace (out of open files, after closing the netlink
 * sockets kept open) and brings its lo up. */
static int host_open(lhost *h)
{
	int rc = nlab_netns_new(&h->netns);
	if (rc == -EMFILE && nl_count > 0) {
		nl_shrink(0);
		rc = nlab_netns_new(&h->netns);
	}
	struct nl_sock *nl;
	if (rc == 0)
		rc = host_nl(h, &nl);
	if (rc == 0)
		rc = nlab_link_up(nl, "lo");
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
	return h->netns < 0 ? nlab_push_error(L, nlab_errno()) : 1;
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
	lua_pushstring(L, ((lhost *)nlab_checkudata(L, 1, NLAB_HOST))->name);
	return 1;
}

/* host:_isopen() -> boolean */
static int l_host_isopen(lua_State *L)
{
	lhost *h = nlab_checkudata(L, 1, NLAB_HOST);
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
 * namespace's fd (-1 once closed, or not open now): what netlab.fd names
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
	const char *ifname = nlab_checkstring(L, 2, NULL);
	struct nl_sock *nl;
	int rc = host_nl(h, &nl);
	return result(L, rc != 0 ? rc : nlab_link_up(nl, ifname));
}

/* host:_no_linklocal(ifname) -> 1 | nil, message, errno */
static int l_host_no_linklocal(lua_State *L)
{
	lhost *h = check_host(L, 1);
	const char *ifname = nlab_checkstring(L, 2, NULL);
	struct nl_sock *nl;
	int rc = host_nl(h, &nl);
	return result(L, rc != 0 ? rc : nlab_link_no_linklocal(nl, ifname));
}

/* host:_link_ready(ifname) -> up and able to send? | nil, message, errno */
static int l_host_link_ready(lua_State *L)
{
	lhost *h = check_host(L, 1);
	const char *ifname = nlab_checkstring(L, 2, NULL);
	struct nl_sock *nl;
	int ready = 0, rc = host_nl(h, &nl);
	if (rc == 0)
		rc = nlab_link_ready(nl, ifname, &ready);
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
	struct nl_sock *nl;
	int rc = host_nl(h, &nl);
	if (rc == 0)
		rc = nlab_link_del(nl, name);
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
	const char *name = nlab_checkstring(L, 2, NULL);
	const char *new_name = nlab_checkstring(L, 4, NULL);
	struct nl_sock *nl;
	int rc = host_nl(h, &nl);
	return result(L, rc != 0 ? rc : nlab_link_move(nl, name, to->netns, new_name));
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
	const char *prefix = nlab_checkstring(L, 2, NULL);
	char name[NLAB_IFNAME];
	int next = 0;
	struct nl_sock *nl;
	int rc = host_nl(h, &nl);
	if (rc == 0)
		rc = nlab_link_free_name(nl, prefix, &next, name, sizeof name);
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
	struct nl_sock *nl;
	int rc = host_nl(h, &nl);
	return result(L, rc != 0 ? rc : nlab_ifaddr_add(nl, ifname, &c));
}

/* Copies interface name NAME into OUT, or when NAME is NULL the first
 * free ethN of host H (from *NEXT on, past any that a command in the
 * host deleted). */
static int end_name(const char *name, lhost *h, int *next, char *out)
{
	struct nl_sock *nl;
	int rc = 0;
	if (name == NULL)
		return (rc = host_nl(h, &nl)) != 0
			       ? rc
			       : nlab_link_free_name(nl, "eth", next, out,
						     NLAB_IFNAME);
	if (strlen(name) >= NLAB_IFNAME)
		return -ENAMETOOLONG;
	snprintf(out, NLAB_IFNAME, "%s", name);
	return 0;
}

/* Turns offloads off on host H's end NAME, through its netlink socket. */
static int end_offload_off(lhost *h, const char *name)
{
	struct nl_sock *nl;
	int rc = host_nl(h, &nl);
	return rc != 0 ? rc : nlab_offload_off_via(nlab_rtnl_fd(nl), name);
}

/* Makes the veth pair NA in A (interface index INDEX if above 0) - NB
 * in B, without offloads; nothing of it is left if that fails. */
static int veth_make(lhost *a, const char *na, int index, lhost *b,
		     const char *nb)
{
	struct nl_sock *nl;
	int rc = host_nl(a, &nl);
	if (rc == 0)
		rc = nlab_link_veth(nl, na, index, b->netns, nb);
	if (rc != 0)
		return rc;
	if ((rc = end_offload_off(a, na)) == 0)
		rc = end_offload_off(b, nb);
	if (rc != 0 && host_nl(a, &nl) == 0)
		nlab_link_del(nl, na); /* its peer goes with it */
	return rc;
}

/* lab.veth(a, b[, name_a, name_b[, index_a]]) -> ifname in a, ifname in
 * b | nil, message, errno: a veth pair, each end named NAME or the first
 * free ethN of its host (a's end with interface index INDEX_A if given),
 * down, without offloads (segments cross it cut to the MSS, as on a
 * wire). */
static int l_lab_veth(lua_State *L)
{
	lhost *a = check_host(L, 1), *b = check_host(L, 2);
	const char *name_a = nlab_optstring(L, 3, NULL);
	const char *name_b = nlab_optstring(L, 4, NULL);
	int index = (int)luaL_optinteger(L, 5, 0);
	char na[NLAB_IFNAME], nb[NLAB_IFNAME];
	int next_a = a->next_eth, next_b = b->next_eth;
	int rc = end_name(name_a, a, &next_a, na);
	if (rc == 0)
		rc = end_name(name_b, b, &next_b, nb);
	if (rc == 0)
		rc = veth_make(a, na, index, b, nb);
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
