/* l_fd.c - "netlab.c.fd": putting a socket on a chosen fd number (bash's
 * `exec 8<> /dev/tcp/...`) and describing the process's fds. */
#include "lnetlab.h"
#include "modules.h"

#include "error.h"
#include "fdinfo.h"
#include "inherited.h"
#include "sock.h"

#include <dirent.h>
#include <fcntl.h>
#include <stdio.h>
#include <stdlib.h>
#include <unistd.h>

/* Checks that ARG is an fd number in 0..NLAB_FD_LOW-1's neighbourhood. */
static int check_fdnum(lua_State *L, int arg)
{
	lua_Integer n = luaL_checkinteger(L, arg);
	luaL_argcheck(L, n >= 0 && n < 1024, arg, "fd number out of range (0-1023)");
	return (int)n;
}

/* fd.place(n, sock) -> socket on fd n | nil, message, errno: dup2s the
 * socket onto n, inheritable and blocking for the programs that get it. */
static int l_fd_place(lua_State *L)
{
	int n = check_fdnum(L, 1);
	lsock *s = nlab_lsock_check(L, 2);
	nlab_fd_low_lock();
	int placed = dup2(s->fd, n);
	nlab_fd_low_unlock();
	if (placed < 0)
		return nlab_push_error(L, nlab_errno());
	int flags = fcntl(n, F_GETFL), listening = 0;
	nlab_sock_getint(n, SOL_SOCKET, SO_ACCEPTCONN, &listening);
	if (flags >= 0 && !listening) /* accept needs it; readers and writers not */
		fcntl(n, F_SETFL, flags & ~O_NONBLOCK);
	nlab_sock_set_rcvtimeo(n, 0); /* a child's reads and writes must */
	nlab_sock_set_sndtimeo(n, 0); /* not time out */
	s->rcvtimeo = s->sndtimeo = 0;
	s->shared = 1;
	nlab_inherited_drop(n); /* what netlab was started with on n is gone */
	nlab_lsock_adopt(L, n, s->role)->shared = 1;
	return 1;
}

/* fd.adopt(n) -> socket | nil, message, errno: wraps an open fd. */
static int l_fd_adopt(lua_State *L)
{
	int n = check_fdnum(L, 1);
	if (fcntl(n, F_GETFD) < 0)
		return nlab_push_error(L, nlab_errno());
	nlab_lsock_adopt(L, n, LSOCK_CLIENT)->shared = 1;
	return 1;
}

/* Moves fd N to a high close-on-exec non-blocking fd; returns it or -1. */
static int take_fd(int n)
{
	int fd = nlab_fd_high(fcntl(n, F_DUPFD_CLOEXEC, 0));
	int flags = fd < 0 ? -1 : fcntl(fd, F_GETFL);
	if (flags < 0 || fcntl(fd, F_SETFL, flags | O_NONBLOCK) < 0) {
		if (fd >= 0)
			close(fd);
		return -1;
	}
	return fd;
}

/* fd.channel() -> input, output | nil, message, errno: netlab's stdin
 * and stdout taken for a framed protocol (netlab --worker): each moved
 * to a socket object of its own; fd 0 then reads /dev/null and fd 1
 * writes to stderr, so nothing else can read or write the channel. */
static int l_fd_channel(lua_State *L)
{
	int in = take_fd(0), out = take_fd(1);
	int null = open("/dev/null", O_RDONLY | O_CLOEXEC);
	if (in < 0 || out < 0 || null < 0 || dup2(null, 0) < 0 ||
	    dup2(2, 1) < 0) {
		int rc = nlab_errno();
		for (int fd = 0; fd < 3; fd++) {
			int v[] = {in, out, null};
			if (v[fd] >= 0)
				close(v[fd]);
		}
		return nlab_push_error(L, rc);
	}
	close(null);
	nlab_lsock_adopt(L, in, LSOCK_FILE);
	nlab_lsock_adopt(L, out, LSOCK_FILE);
	return 2;
}

/* fd.termsize(n) -> columns, rows | nil: the size of the terminal on
 * fd n (nil when it is no terminal), for text fitted to the screen. */
static int l_fd_termsize(lua_State *L)
{
	int cols, rows;
	if (nlab_fd_termsize(check_fdnum(L, 1), &cols, &rows) != 0) {
		lua_pushnil(L);
		return 1;
	}
	lua_pushinteger(L, cols);
	lua_pushinteger(L, rows);
	return 2;
}

/* fd.isopen(n) -> boolean */
static int l_fd_isopen(lua_State *L)
{
	lua_pushboolean(L, fcntl(check_fdnum(L, 1), F_GETFD) >= 0);
	return 1;
}

/* fd.inherited(n) -> boolean: n is still what netlab was started with */
static int l_fd_inherited(lua_State *L)
{
	lua_pushboolean(L, nlab_inherited_has(check_fdnum(L, 1)));
	return 1;
}

/* fd.forget(n): n was closed; its number is no longer the script's */
static int l_fd_forget(lua_State *L)
{
	nlab_inherited_drop(check_fdnum(L, 1));
	return 0;
}

/* fd.socket_on(n) -> the live socket object holding fd n | nil */
static int l_fd_socket_on(lua_State *L)
{
	if (!nlab_lsock_owning(L, check_fdnum(L, 1)))
		lua_pushnil(L);
	return 1;
}

/* Sets t[key] = address text and t[key.."_port"] = port. */
static void set_addr(lua_State *L, const char *key, const char *port_key,
		     const nlab_addr *a)
{
	char text[NLAB_ADDR_TEXT];
	int port;
	if (nlab_addr_format(a, text, sizeof text, &port) != 0)
		return;
	lua_pushstring(L, text);
	lua_setfield(L, -2, key);
	if (a->ss.ss_family != AF_UNIX) {
		lua_pushinteger(L, port);
		lua_setfield(L, -2, port_key);
	}
}

/* Names a socket's protocol as lsof does. */
static const char *proto_name(const nlab_fdinfo *i)
{
	if (i->family == AF_UNIX)
		return i->type == SOCK_DGRAM ? "unix-dgram" : "unix";
	if (i->type == SOCK_STREAM)
		return i->family == AF_INET6 ? "tcp6" : "tcp";
	if (i->type == SOCK_DGRAM)
		return i->family == AF_INET6 ? "udp6" : "udp";
	return "raw";
}

/* Pushes one fd's description as a table. */
static void push_fdinfo(lua_State *L, const nlab_fdinfo *i)
{
	lua_createtable(L, 0, 10);
	lua_pushinteger(L, i->fd);
	lua_setfield(L, -2, "fd");
	lua_pushstring(L, i->target);
	lua_setfield(L, -2, "target");
	lua_pushstring(L, i->mode);
	lua_setfield(L, -2, "mode");
	if (!i->is_socket)
		return;
	lua_pushstring(L, proto_name(i));
	lua_setfield(L, -2, "proto");
	lua_pushstring(L, nlab_family_name(i->family));
	lua_setfield(L, -2, "family");
	if (i->has_local)
		set_addr(L, "local", "local_port", &i->local);
	if (i->has_remote)
		set_addr(L, "remote", "remote_port", &i->remote);
	if (i->tcp_state >= 0) {
		lua_pushstring(L, nlab_tcp_state_name(i->tcp_state));
		lua_setfield(L, -2, "state");
	}
}

/* fd.describe(n) -> table | nil, message, errno */
static int l_fd_describe(lua_State *L)
{
	nlab_fdinfo info;
	int rc = nlab_fd_describe(check_fdnum(L, 1), &info);
	if (rc != 0)
		return nlab_push_error(L, rc);
	push_fdinfo(L, &info);
	return 1;
}

/* Compares fd numbers for qsort. */
static int by_number(const void *a, const void *b)
{
	return *(const int *)a - *(const int *)b;
}

/* Reads up to MAX open fd numbers of process PID (0: this one, but the
 * directory's own fd) into FDS, or only counts them when FDS is NULL.
 * Returns how many or an error code. Nothing here can raise, so the
 * directory is never leaked. */
static int scan_fds(int pid, int *fds, int max)
{
	char path[64];
	snprintf(path, sizeof path, pid > 0 ? "/proc/%d/fd" : "/proc/self/fd", pid);
	DIR *dir = opendir(path);
	if (dir == NULL)
		return nlab_errno();
	int n = 0, self = pid > 0 ? -1 : dirfd(dir);
	struct dirent *e;
	while ((e = readdir(dir)) != NULL && (fds == NULL || n < max)) {
		if (e->d_name[0] < '0' || e->d_name[0] > '9' || atoi(e->d_name) == self)
			continue;
		if (fds)
			fds[n] = atoi(e->d_name);
		n++;
	}
	closedir(dir);
	return n;
}

/* Pushes a userdata array of the open fd numbers, sorted; returns how
 * many, or an error code. */
static int read_fds(lua_State *L, int pid, int **fds)
{
	int count = scan_fds(pid, NULL, 0);
	if (count < 0)
		return count;
	int max = count + 16; /* room for fds opened since the count */
	*fds = lua_newuserdatauv(L, (size_t)max * sizeof **fds, 0);
	int n = scan_fds(pid, *fds, max);
	if (n > 0)
		qsort(*fds, (size_t)n, sizeof **fds, by_number);
	return n;
}

/* fd.list([pid]) -> array of fd descriptions, by fd number: this
 * process's, or process PID's (target and mode only) */
static int l_fd_list(lua_State *L)
{
	lua_Integer pid = luaL_optinteger(L, 1, 0);
	if (pid < 0 || pid > 0x7fffffff)
		nlab_argerror(L, 1, "pid out of range");
	int *fds;
	int n = read_fds(L, (int)pid, &fds);
	if (n < 0)
		return nlab_push_error(L, n);
	lua_createtable(L, n, 0);
	for (int i = 0, k = 1; i < n; i++) {
		nlab_fdinfo info;
		int rc = pid > 0 ? nlab_fd_describe_pid((int)pid, fds[i], &info)
				 : nlab_fd_describe(fds[i], &info);
		if (rc != 0)
			continue;
		push_fdinfo(L, &info);
		lua_rawseti(L, -2, k++);
	}
	return 1;
}

static const luaL_Reg fd_funcs[] = {
	{"place", l_fd_place},       {"adopt", l_fd_adopt},
	{"channel", l_fd_channel},
	{"isopen", l_fd_isopen},     {"describe", l_fd_describe},
	{"list", l_fd_list},         {"termsize", l_fd_termsize},
	{"inherited", l_fd_inherited}, {"forget", l_fd_forget},
	{"socket_on", l_fd_socket_on},
	{NULL, NULL},
};

int luaopen_netlab_fd(lua_State *L)
{
	luaL_newlib(L, fd_funcs);
	return 1;
}
