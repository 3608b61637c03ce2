/* l_diag.c - "netlab.c.diag": a host's socket table (sock_diag) as rows,
 * and which processes hold which sockets (/proc/PID/fd).
 *
 *   local d = diag.open(host)        -- a netlab.diag: a sock_diag socket
 *   d:dump("inet", "tcp", mask)      -- {row, ...}
 *   diag.owners()                    -- {[inode] = {{pid, fd, command,
 * program}...}} diag.socket(sock)                -- a netlab.diag in sock's
 * namespace, its inode */
#include "lnetlab.h"
#include "ltcpinfo.h"
#include "modules.h"

#include "diag.h"
#include "error.h"

#include <netinet/in.h>
#include <arpa/inet.h>
#include <netdb.h>
#include <pwd.h>
#include <stdlib.h>
#include <unistd.h>

#define NLAB_DIAG "netlab.diag"

/* Checks that ARG is an open netlab.diag. */
static nlab_diag *check_diag(lua_State *L, int arg)
{
	nlab_diag *d = nlab_checkudata(L, arg, NLAB_DIAG);
	if (d->sk == NULL)
		luaL_error(L, "attempt to use a closed diag socket");
	return d;
}

/* Pushes a new netlab.diag in the closed state. */
static nlab_diag *new_diag(lua_State *L)
{
	nlab_diag *d = lua_newuserdatauv(L, sizeof *d, 0);
	*d = (nlab_diag){0};
	luaL_setmetatable(L, NLAB_DIAG);
	return d;
}

/* diag.open(host) -> diag | nil, message, errno: a sock_diag socket
 * made inside the host, seeing that host's sockets. */
static int l_diag_open(lua_State *L)
{
	int netns = nlab_lhost_check(L, 1);
	nlab_diag *d = new_diag(L);
	int rc = nlab_diag_open(d, netns);
	if (rc != 0)
		return nlab_push_error(L, rc);
	return 1;
}

/* diag.process(pid) -> diag | nil, message, errno: a sock_diag socket
 * in the network namespace of process PID. */
static int l_diag_process(lua_State *L)
{
	lua_Integer pid = luaL_checkinteger(L, 1);
	luaL_argcheck(L, pid > 0 && pid <= 0x7fffffff, 1, "pid out of range");
	nlab_diag *d = new_diag(L);
	int rc = nlab_diag_open_pid(d, (int)pid);
	if (rc != 0)
		return nlab_push_error(L, rc);
	return 1;
}

/* diag.socket(sock) -> diag, inode | nil, message, errno: a sock_diag
 * socket in the namespace SOCK was made in, and SOCK's inode. */
static int l_diag_socket(lua_State *L)
{
	lsock *s = nlab_lsock_check(L, 1);
	nlab_diag *d = new_diag(L);
	uint32_t inode;
	int netns, rc = nlab_diag_sockns(s->fd, &inode, &netns);
	if (rc != 0)
		return nlab_push_error(L, rc);
	rc = nlab_diag_open(d, netns);
	if (netns >= 0)
		close(netns);
	if (rc != 0)
		return nlab_push_error(L, rc);
	lua_pushinteger(L, inode);
	return 2;
}

/* The state names of the rows: the kernel's, with FIN_WAIT_1's spelling
 * (as netlab.ladder writes it); an unconnected UDP socket is UNCONN. */
static const char *state_name(const nlab_diag_row *r)
{
	if (r->protocol == IPPROTO_UDP && r->state == 7)
		return "UNCONN"; /* an unconnected UDP socket, as ss says */
	return nlab_tcp_state(r->state);
}

/* The name of a socket's timer, as netstat -o and ss -o call it. */
static const char *timer_name(int timer)
{
	static const char *const names[] = {"off", "on", "keepalive",
					    "timewait", "probe"};
	return timer >= 0 && timer < 5 ? names[timer] : "unknown";
}

/* Sets t[KEY] = integer V on the table at the top. */
static void set_int(lua_State *L, const char *key, lua_Integer v)
{
	lua_pushinteger(L, v);
	lua_setfield(L, -2, key);
}

/* Sets t[KEY] = string V on the table at the top. */
static void set_str(lua_State *L, const char *key, const char *v)
{
	lua_pushstring(L, v);
	lua_setfield(L, -2, key);
}

/* Sets t[KEY] = address text and t[KEY.."_port"] = its port. */
static void set_addr(lua_State *L, const char *key, const char *port_key,
		     const nlab_addr *a)
{
	char text[NLAB_ADDR_TEXT];
	int port = 0;
	if (nlab_addr_format(a, text, sizeof text, &port) != 0)
		text[0] = '\0';
	set_str(L, key, text);
	set_int(L, port_key, port);
}

/* Pushes one row as a table. */
static void push_row(lua_State *L, const nlab_diag_row *r)
{
	int v6 = r->family == AF_INET6, tcp = r->protocol == IPPROTO_TCP;
	lua_createtable(L, 0, 96);
	if (r->info_len > 0) { /* first: the row's own state is the truth */
		nlab_set_tcpinfo(L, &r->info, r->info_len);
		set_int(L, "mss", r->info.tcpi_snd_mss); /* snd_mss's old name */
	}
	if (r->cong[0] != '\0')
		set_str(L, "congestion", r->cong);
	nlab_set_skmem(L, &r->skmem);
	nlab_set_ccinfo(L, &r->cc);
	set_str(L, "proto",
		tcp ? (v6 ? "tcp6" : "tcp") : (v6 ? "udp6" : "udp"));
	set_str(L, "family", v6 ? "inet6" : "inet");
	set_addr(L, "local", "local_port", &r->local);
	set_addr(L, "remote", "remote_port", &r->remote);
	set_str(L, "state", state_name(r));
	set_int(L, "recv_q", r->rqueue);
	set_int(L, "send_q", r->wqueue);
	set_int(L, "inode", r->inode);
	set_int(L, "uid", r->uid);
	set_str(L, "timer", timer_name(r->timer));
	set_int(L, "expires", r->expires);
	set_int(L, "timer_retrans", r->retrans); /* tcp_info's retrans differs */
}

/* Reads a family name at ARG: "inet" or "inet6". */
static int check_family(lua_State *L, int arg)
{
	static const char *const names[] = {"inet", "inet6", NULL};
	return nlab_checkoption(L, arg, NULL, names) ? AF_INET6 : AF_INET;
}

/* Reads a protocol name at ARG: "tcp" or "udp". */
static int check_protocol(lua_State *L, int arg)
{
	static const char *const names[] = {"tcp", "udp", NULL};
	return nlab_checkoption(L, arg, NULL, names) ? IPPROTO_UDP
						     : IPPROTO_TCP;
}

/* diag:dump(family, protocol[, states]) -> {row, ...} | nil, message,
 * errno: the namespace's sockets of that kind whose state's bit
 * (1 << the kernel's TCP_* number) is in STATES (default all). */
static int l_diag_dump(lua_State *L)
{
	nlab_diag *d = check_diag(L, 1);
	int family = check_family(L, 2), protocol = check_protocol(L, 3);
	uint32_t states = (uint32_t)luaL_optinteger(L, 4, 0xffffffff);
	int rc = nlab_diag_dump(d, family, protocol, states);
	if (rc != 0)
		return nlab_push_error(L, rc);
	lua_createtable(L, (int)d->n, 0);
	for (size_t i = 0; i < d->n; i++) {
		push_row(L, &d->rows[i]);
		lua_rawseti(L, -2, (lua_Integer)i + 1);
	}
	return 1;
}

/* diag:close(): closes the netlink socket; safe to call twice. */
static int l_diag_close(lua_State *L)
{
	nlab_diag_close(luaL_checkudata(L, 1, NLAB_DIAG));
	return 0;
}

/* tostring(diag) */
static int l_diag_tostring(lua_State *L)
{
	nlab_diag *d = luaL_checkudata(L, 1, NLAB_DIAG);
	lua_pushfstring(L, "netlab.diag (%s)", d->sk ? "open" : "closed");
	return 1;
}

/* Adds {pid, fd, command, program} to owners[inode] (the table at -1). */
static int add_owner(void *arg, uint32_t inode, int pid, int fd)
{
	lua_State *L = arg;
	char text[256];
	if (lua_rawgeti(L, -1, inode) == LUA_TNIL) {
		lua_pop(L, 1);
		lua_newtable(L);
		lua_pushvalue(L, -1);
		lua_rawseti(L, -3, inode);
	}
	lua_createtable(L, 0, 4);
	set_int(L, "pid", pid);
	set_int(L, "fd", fd);
	nlab_diag_comm(pid, text, sizeof text);
	set_str(L, "command", text);
	nlab_diag_argv0(pid, text, sizeof text);
	set_str(L, "program", text);
	lua_rawseti(L, -2, (lua_Integer)lua_rawlen(L, -2) + 1);
	lua_pop(L, 1);
	return 0;
}

/* diag.owners([pid]) -> {[inode] = {{pid, fd, command, program}, ...}}:
 * the socket fds of PID, or of every process this one may look at.
 * Lua may raise (memory) inside the scan: the directory is then left to
 * the process's end, as luaL_Buffer leaves a buffer. */
static int l_diag_owners(lua_State *L)
{
	lua_Integer pid = luaL_optinteger(L, 1, 0);
	luaL_argcheck(L, pid >= 0 && pid <= 0x7fffffff, 1, "pid out of range");
	lua_newtable(L);
	int rc = nlab_diag_owners((int)pid, add_owner, L);
	if (rc != 0)
		return nlab_push_error(L, rc);
	return 1;
}

/* diag.user(uid) -> the user's name | nil */
static int l_diag_user(lua_State *L)
{
	lua_Integer uid = luaL_checkinteger(L, 1);
	struct passwd *pw = getpwuid((uid_t)uid);
	if (pw == NULL)
		return 0;
	lua_pushstring(L, pw->pw_name);
	return 1;
}

/* diag.service(port, proto) -> name | nil: the service /etc/services
 * names for PORT of PROTO ("tcp" or "udp"), as ss looks it up. */
static int l_diag_service(lua_State *L)
{
	lua_Integer port = luaL_checkinteger(L, 1);
	const char *proto = nlab_checkstring(L, 2, NULL);
	luaL_argcheck(L, port >= 0 && port <= 65535, 1, "port out of range");
	struct servent *se = getservbyport(htons((uint16_t)port), proto);
	if (se == NULL)
		return 0;
	lua_pushstring(L, se->s_name);
	return 1;
}

/* diag.pid() -> netlab's own pid */
static int l_diag_pid(lua_State *L)
{
	lua_pushinteger(L, getpid());
	return 1;
}

static const luaL_Reg diag_meta[] = {
    {"__gc", l_diag_close},
    {"__close", l_diag_close},
    {"__tostring", l_diag_tostring},
    {NULL, NULL},
};

static const luaL_Reg diag_methods[] = {
    {"dump", l_diag_dump},
    {"close", l_diag_close},
    {NULL, NULL},
};

static const luaL_Reg diag_funcs[] = {
    {"open", l_diag_open},
    {"socket", l_diag_socket},
    {"process", l_diag_process},
    {"owners", l_diag_owners},
    {"user", l_diag_user},
    {"pid", l_diag_pid},
    {"service", l_diag_service},
    {NULL, NULL},
};

int luaopen_netlab_diag(lua_State *L)
{
	nlab_createmeta(L, NLAB_DIAG, diag_meta, diag_methods);
	luaL_newlib(L, diag_funcs);
	return 1;
}
