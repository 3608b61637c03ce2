/* l_capture.c - "netlab.c.capture": the netlab.capture userdata, a live
 * capture on an interface of a lab host (core/packets/capture.c).
 *
 * The methods here never wait: _read returns the next packet or the
 * "wantread" marker, and the Lua side (netlab.lab_capture) waits on the
 * capture's fd with the scheduler. Packets are numbered into one
 * conversation table per capture (nlab_flows), in the order they are
 * read, so that each prints tcpdump's relative sequence numbers. The
 * pcap file half of the module is l_pcapfile.c. */
#include "capture.h"
#include "error.h"
#include "lcapture.h"
#include "lnetlab.h"
#include "loop.h"
#include "lpacket.h"
#include "modules.h"

#include <errno.h>
#include <lauxlib.h>
#include <string.h>

#define NLAB_CAPTURE "netlab.capture"

/* The capture userdata; its user value is the filter text. */
typedef struct lcapture {
	nlab_capture *c;   /* NULL once closed */
	nlab_flows *flows; /* the capture's TCP conversations */
	int fd;		   /* the selectable fd, -1 once closed */
	int linktype;
	lua_Integer count; /* packets read so far */
	char host[64];	   /* "a", for tostring */
	char iface[NLAB_IFNAMELEN];
} lcapture;

int nlab_push_pcap_error(lua_State *L, int rc, const char *text)
{
	lua_pushnil(L);
	lua_pushstring(L, text && *text ? text : nlab_strerror(rc));
	lua_pushinteger(L, nlab_errnum(rc));
	return 3;
}

/* Checks that ARG is a capture, open or closed. */
static lcapture *check_any(lua_State *L, int arg)
{
	return nlab_checkudata(L, arg, NLAB_CAPTURE);
}

/* Checks that ARG is an open capture; raises otherwise. */
static lcapture *check_open(lua_State *L, int arg)
{
	lcapture *k = check_any(L, arg);
	if (!k->c)
		luaL_error(L, "attempt to use a closed capture");
	return k;
}

/* Reads integer option NAME of the table at 2 (DEF when absent). */
static int opt_int(lua_State *L, const char *name, int def)
{
	int isnum, t = lua_getfield(L, 2, name);
	lua_Integer v = lua_tointegerx(L, -1, &isnum);
	lua_pop(L, 1);
	if (t == LUA_TNIL)
		return def;
	if (!isnum || v <= 0 || v > 0x7fffffff)
		luaL_error(L, "bad option '%s' (positive integer expected)",
			   name);
	return (int)v;
}

/* Reads string option NAME of the table at 2 (NULL when absent); the
 * string stays on the stack. */
static const char *opt_str(lua_State *L, const char *name)
{
	int t = lua_getfield(L, 2, name);
	if (t != LUA_TNIL && t != LUA_TSTRING)
		luaL_error(L, "bad option '%s' (string expected)", name);
	return nlab_tostring(L, -1);
}

/* Reads the options table at 2 into *O (strings left on the stack). */
static void read_opts(lua_State *L, nlab_capture_opts *o)
{
	luaL_checktype(L, 2, LUA_TTABLE);
	o->iface = opt_str(L, "iface");
	o->filter = opt_str(L, "filter");
	o->snaplen = opt_int(L, "snaplen", NLAB_CAPTURE_SNAPLEN);
	o->buffer = opt_int(L, "buffer", NLAB_CAPTURE_BUFFER);
	lua_getfield(L, 2, "promisc");
	o->promisc = lua_toboolean(L, -1);
	lua_pop(L, 1);
}

/* Copies the name of the host at 1 (host:name()) into K. */
static void host_name(lua_State *L, lcapture *k)
{
	lua_getfield(L, 1, "name");
	lua_pushvalue(L, 1);
	lua_call(L, 1, 1);
	const char *name = lua_tostring(L, -1);
	snprintf(k->host, sizeof k->host, "%s", name ? name : "?");
	lua_pop(L, 1);
}

/* open(host, opts) -> capture | nil, message, errno: a capture on an
 * interface of the host (opts: iface, filter, snaplen, promisc, buffer) */
static int l_capture_open(lua_State *L)
{
	int netns = nlab_lhost_check(L, 1, NULL);
	nlab_capture_opts o;
	read_opts(L, &o);
	lcapture *k = lua_newuserdatauv(L, sizeof *k, 1);
	*k = (lcapture){.fd = -1};
	luaL_setmetatable(L, NLAB_CAPTURE);
	host_name(L, k);
	lua_pushstring(L, o.filter ? o.filter : "");
	lua_setiuservalue(L, -2, 1);
	k->flows = nlab_flows_new();
	if (!k->flows)
		return luaL_error(L, "not enough memory");
	char err[NLAB_CAPTURE_ERRLEN];
	int rc = nlab_capture_open(netns, &o, &k->c, err, sizeof err);
	if (rc != 0)
		return nlab_push_pcap_error(L, rc, err);
	k->fd = nlab_capture_fd(k->c);
	k->linktype = nlab_capture_linktype(k->c);
	snprintf(k->iface, sizeof k->iface, "%s", nlab_capture_iface(k->c));
	return 1;
}

/* cap:_reopen(host, opts) -> true | nil, message, errno: the capture
 * carries on from a new handle on the same options (its interface was
 * rebuilt under the same name: lab_wire.rewire); the old one is closed,
 * its fd forgotten by the loop, what it counted and its flows kept. */
static int l_capture_reopen(lua_State *L)
{
	lcapture *k = check_open(L, 1);
	lua_remove(L, 1); /* host, opts at 1 and 2, as open reads them */
	int netns = nlab_lhost_check(L, 1, NULL);
	nlab_capture_opts o;
	read_opts(L, &o);
	nlab_capture *c;
	char err[NLAB_CAPTURE_ERRLEN];
	int rc = nlab_capture_open(netns, &o, &c, err, sizeof err);
	if (rc != 0)
		return nlab_push_pcap_error(L, rc, err);
	nlab_loop_forget(nlab_loop_default(), k->fd);
	nlab_capture_close(k->c);
	k->c = c;
	k->fd = nlab_capture_fd(c);
	k->linktype = nlab_capture_linktype(c);
	lua_pushboolean(L, 1);
	return 1;
}

/* cap:_read() -> packet | nil, "wantread" | nil, message, errno: the next
 * packet the kernel holds, without waiting */
static int l_capture_read(lua_State *L)
{
	lcapture *k = check_open(L, 1);
	nlab_pkthdr h;
	const uint8_t *data;
	char err[NLAB_CAPTURE_ERRLEN] = "";
	int rc = nlab_capture_next(k->c, &h, &data, err, sizeof err);
	if (rc == -EAGAIN)
		return nlab_push_want(L, "wantread");
	if (rc < 0)
		return nlab_push_pcap_error(L, rc, err);
	nlab_lpacket_push(L, &h, data, k->flows);
	k->count++;
	return 1;
}

/* cap:fd() -> the fd to wait on for packets */
static int l_capture_fd(lua_State *L)
{
	lua_pushinteger(L, check_open(L, 1)->fd);
	return 1;
}

/* cap:linktype() -> the link type (1 Ethernet, 113 Linux cooked...) */
static int l_capture_linktype(lua_State *L)
{
	lua_pushinteger(L, check_any(L, 1)->linktype);
	return 1;
}

/* cap:snaplen() -> the snapshot length in force */
static int l_capture_snaplen(lua_State *L)
{
	lua_pushinteger(L, nlab_capture_snaplen(check_open(L, 1)->c));
	return 1;
}

/* cap:iface() -> the interface captured on */
static int l_capture_iface(lua_State *L)
{
	lua_pushstring(L, check_any(L, 1)->iface);
	return 1;
}

/* cap:isopen() -> true until the capture is closed */
static int l_capture_isopen(lua_State *L)
{
	lua_pushboolean(L, check_any(L, 1)->c != NULL);
	return 1;
}

/* Sets field NAME of the table on top to V. */
static void set_count(lua_State *L, const char *name, uint64_t v)
{
	lua_pushinteger(L, (lua_Integer)v);
	lua_setfield(L, -2, name);
}

/* cap:stats() -> {received =, dropped =, ifdropped =} | nil, msg, errno */
static int l_capture_stats(lua_State *L)
{
	lcapture *k = check_open(L, 1);
	nlab_capture_stats s;
	int rc = nlab_capture_stats_get(k->c, &s);
	if (rc != 0)
		return nlab_push_error(L, rc);
	lua_createtable(L, 0, 3);
	set_count(L, "received", s.received);
	set_count(L, "dropped", s.dropped);
	set_count(L, "ifdropped", s.ifdropped);
	return 1;
}

/* __gc, __close and cap:close(): the same closer, safe to run twice. */
static int l_capture_close(lua_State *L)
{
	lcapture *k = check_any(L, 1);
	if (k->fd >= 0)
		nlab_loop_forget(nlab_loop_default(),
				 k->fd); /* fd reused later */
	nlab_capture_close(k->c);
	if (k->flows)
		nlab_flows_free(k->flows);
	k->c = NULL;
	k->flows = NULL;
	k->fd = -1;
	return 0;
}

/* tostring(cap): "capture on a:eth0 (tcp port 80), 12 packets". */
static int l_capture_tostring(lua_State *L)
{
	lcapture *k = check_any(L, 1);
	luaL_Buffer b;
	luaL_buffinit(L, &b);
	lua_pushfstring(L, "capture on %s:%s", k->host, k->iface);
	luaL_addvalue(&b);
	lua_getiuservalue(L, 1, 1);
	if (lua_rawlen(L, -1) > 0)
		lua_pushfstring(L, " (%s)", lua_tostring(L, -1));
	else
		lua_pushliteral(L, "");
	lua_remove(L, -2);
	luaL_addvalue(&b);
	lua_pushfstring(L, ", %I packet%s%s", k->count,
			k->count == 1 ? "" : "s", k->c ? "" : " (closed)");
	luaL_addvalue(&b);
	luaL_pushresult(&b);
	return 1;
}

static const luaL_Reg capture_methods[] = {
    {"_read", l_capture_read},
    {"_reopen", l_capture_reopen},
    {"fd", l_capture_fd},
    {"linktype", l_capture_linktype},
    {"snaplen", l_capture_snaplen},
    {"iface", l_capture_iface},
    {"isopen", l_capture_isopen},
    {"stats", l_capture_stats},
    {"close", l_capture_close},
    {NULL, NULL},
};

static const luaL_Reg capture_meta[] = {
    {"__gc", l_capture_close},
    {"__close", l_capture_close},
    {"__tostring", l_capture_tostring},
    {NULL, NULL},
};

static const luaL_Reg capture_funcs[] = {
    {"open", l_capture_open},
    {NULL, NULL},
};

int luaopen_netlab_capture(lua_State *L)
{
	nlab_createmeta(L, NLAB_CAPTURE, capture_meta, capture_methods);
	luaL_newlib(L, capture_funcs);
	luaL_getmetatable(L, NLAB_CAPTURE);
	lua_setfield(L, -2, "meta");
	nlab_pcapfile_register(L);
	return 1;
}
