/* l_capture.c - "netlab.c.capture": the netlab.capture userdata, a live
 * capture on an interface of a lab host (core/packets/capture.c).
 *
 * The methods here never wait: _read returns the next packet or the
 * "wantread" marker, and the Lua side (netlab.lab_capture) waits on the
 * capture's fd with the scheduler. _pump moves what the kernel holds
 * into the capture's ring (core/packets/ring.c: the newest packets, a
 * bounded number and size of them) and, when the capture streams, into
 * its pcap files (core/packets/savefile.c), without making a Lua value
 * per packet; _read hands out the ring's packets, oldest first. Packets
 * are numbered into one conversation table per capture (nlab_flows) as
 * they are kept, so that each prints tcpdump's relative sequence
 * numbers. The pcap file half of the module is l_pcapfile.c. */
#include "capture.h"
#include "error.h"
#include "lcapture.h"
#include "lnetlab.h"
#include "loop.h"
#include "lpacket.h"
#include "modules.h"
#include "ring.h"
#include "savefile.h"

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
	nlab_ring *ring;     /* the newest packets captured */
	nlab_savefile *save; /* the pcap files streamed to, or NULL */
	uint64_t saved;	     /* packets written to them */
	uint64_t moved;	     /* packets this libpcap handle handed over */
	int save_rc;	     /* 0, or why writing stopped (save_err) */
	char save_err[NLAB_CAPTURE_ERRLEN];
	char host[64]; /* "a", for tostring */
	char iface[NLAB_IFNAMELEN];
} lcapture;

/* The most packets one _pump moves, so other tasks get their turn. */
enum { PUMP_MAX = 4096 };

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

/* Reads integer option NAME of the table at 2 (DEF when absent) of at
 * most MAX. */
static lua_Integer opt_size(lua_State *L, const char *name, lua_Integer def,
			    lua_Integer max)
{
	int isnum, t = lua_getfield(L, 2, name);
	lua_Integer v = lua_tointegerx(L, -1, &isnum);
	lua_pop(L, 1);
	if (t == LUA_TNIL)
		return def;
	if (!isnum || v <= 0 || v > max)
		luaL_error(L, "bad option '%s' (positive integer expected)",
			   name);
	return v;
}

/* The ring and file options of a capture (host:capture's ring,
 * ring_bytes, write, size, files). */
typedef struct keep_opts {
	lua_Integer ring, ring_bytes;
	nlab_savefile_opts save; /* save.path NULL: no file */
} keep_opts;

/* Reads the keeping options of the table at 2 into *K (the path is left
 * on the stack). */
static void read_keep(lua_State *L, keep_opts *k)
{
	k->ring = opt_size(L, "ring", NLAB_RING_PACKETS, 0x7fffffff);
	k->ring_bytes =
	    opt_size(L, "ring_bytes", NLAB_RING_BYTES, (lua_Integer)1 << 40);
	k->save = (nlab_savefile_opts){.path = opt_str(L, "write")};
	k->save.size = (uint64_t)opt_size(L, "size", 0, (lua_Integer)1 << 50);
	k->save.files = (unsigned)opt_size(L, "files", 0, 0x7fffffff);
}

/* Reads the options table at 2 into *O (strings left on the stack). */
static void read_opts(lua_State *L, nlab_capture_opts *o)
{
	luaL_checktype(L, 2, LUA_TTABLE);
	o->iface = opt_str(L, "iface");
	o->filter = opt_str(L, "filter");
	o->snaplen = opt_int(L, "snaplen", NLAB_CAPTURE_SNAPLEN);
	lua_getfield(L, 2, "promisc");
	o->promisc = lua_toboolean(L, -1);
	lua_getfield(L, 2, "immediate"); /* false by default when writing */
	int write = lua_getfield(L, 2, "write") != LUA_TNIL;
	o->batched = lua_isnil(L, -2) ? write : !lua_toboolean(L, -2);
	lua_pop(L, 3);
	o->buffer =
	    opt_int(L, "buffer",
		    write ? NLAB_CAPTURE_WRITE_BUFFER : NLAB_CAPTURE_BUFFER);
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

/* Starts K's pcap files on options O (the capture's link type and
 * snapshot length). */
static int open_save(lcapture *k, nlab_savefile_opts *o, char *err,
		     size_t errlen)
{
	o->linktype = nlab_capture_linktype(k->c);
	o->snaplen = nlab_capture_snaplen(k->c);
	return nlab_savefile_open(o, &k->save, err, errlen);
}

/* open(host, opts) -> capture | nil, message, errno[, "write"]: a
 * capture on an
 * interface of the host (opts: iface, filter, snaplen, promisc, buffer,
 * ring, ring_bytes, write, size, files) */
static int l_capture_open(lua_State *L)
{
	int netns = nlab_lhost_check(L, 1);
	nlab_capture_opts o;
	read_opts(L, &o);
	keep_opts keep;
	read_keep(L, &keep);
	lcapture *k = lua_newuserdatauv(L, sizeof *k, 1);
	*k = (lcapture){.fd = -1};
	luaL_setmetatable(L, NLAB_CAPTURE);
	host_name(L, k);
	lua_pushstring(L, o.filter ? o.filter : "");
	lua_setiuservalue(L, -2, 1);
	k->flows = nlab_flows_new();
	if (!k->flows || nlab_ring_new((size_t)keep.ring,
				       (size_t)keep.ring_bytes, &k->ring) != 0)
		return luaL_error(L, "not enough memory");
	char err[NLAB_CAPTURE_ERRLEN];
	int rc = nlab_capture_open(netns, &o, &k->c, err, sizeof err);
	if (rc != 0)
		return nlab_push_pcap_error(L, rc, err);
	if (keep.save.path &&
	    (rc = open_save(k, &keep.save, err, sizeof err))) {
		nlab_capture_close(k->c);
		k->c = NULL;
		nlab_push_pcap_error(L, rc, err);
		lua_pushliteral(L, "write");
		return 4;
	}
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
	int netns = nlab_lhost_check(L, 1);
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
	k->moved = 0;
	k->fd = nlab_capture_fd(c);
	k->linktype = nlab_capture_linktype(c);
	lua_pushboolean(L, 1);
	return 1;
}

/* Writes one packet to K's files; a failure stops the writing and is
 * kept for cap:close to return. */
static void save_packet(lcapture *k, const nlab_pkthdr *h, const uint8_t *data)
{
	if (!k->save || k->save_rc != 0)
		return;
	int rc = nlab_savefile_write(k->save, h, data, k->save_err,
				     sizeof k->save_err);
	if (rc != 0)
		k->save_rc = rc;
	else
		k->saved++;
}

/* Moves up to MAX packets from the kernel into K's ring and files:
 * returns how many, or a negative code with libpcap's text in ERR
 * (-EAGAIN: none was waiting). */
static int pump(lcapture *k, int max, char *err, size_t errlen)
{
	int n = 0;
	while (n < max) {
		nlab_pkthdr h;
		const uint8_t *data;
		int rc = nlab_capture_next(k->c, &h, &data, err, errlen);
		if (rc < 0)
			return n > 0 && rc == -EAGAIN ? n : rc;
		save_packet(k, &h, data);
		nlab_tcprel rel;
		nlab_flows_note(k->flows, &h, data, &rel);
		if (nlab_ring_put(k->ring, &h, data, &rel) != 0)
			return -ENOMEM;
		k->moved++;
		n++;
	}
	return n;
}

/* cap:_pump() -> n, more | nil, message, errno: moves what the kernel
 * holds into the ring (and the capture's files), at most PUMP_MAX
 * packets; MORE is true when it stopped at that bound */
static int l_capture_pump(lua_State *L)
{
	lcapture *k = check_open(L, 1);
	char err[NLAB_CAPTURE_ERRLEN] = "";
	int n = pump(k, PUMP_MAX, err, sizeof err);
	if (n == -ENOMEM)
		return luaL_error(L, "not enough memory");
	if (n < 0 && n != -EAGAIN)
		return nlab_push_pcap_error(L, n, err);
	lua_pushinteger(L, n < 0 ? 0 : n);
	lua_pushboolean(L, n == PUMP_MAX);
	return 2;
}

/* cap:_held() -> n: packets the kernel has taken for the capture and
 * not handed over yet (a batched capture's block not yet retired) */
static int l_capture_held(lua_State *L)
{
	lcapture *k = check_open(L, 1);
	nlab_capture_stats s;
	uint64_t held = 0;
	if (nlab_capture_stats_get(k->c, &s) == 0 &&
	    s.received > s.dropped + k->moved)
		held = s.received - s.dropped - k->moved;
	lua_pushinteger(L, (lua_Integer)held);
	return 1;
}

/* cap:_read() -> packet | nil, "wantread" | nil, message, errno: the
 * ring's oldest packet not handed out yet (the kernel's next, when the
 * ring has none), without waiting */
static int l_capture_read(lua_State *L)
{
	lcapture *k = check_open(L, 1);
	const nlab_ringrec *r = nlab_ring_next(k->ring);
	if (!r) {
		char err[NLAB_CAPTURE_ERRLEN] = "";
		int rc = pump(k, PUMP_MAX, err, sizeof err);
		if (rc == -ENOMEM)
			return luaL_error(L, "not enough memory");
		if (rc == -EAGAIN)
			return nlab_push_want(L, "wantread");
		if (rc < 0)
			return nlab_push_pcap_error(L, rc, err);
		r = nlab_ring_next(k->ring);
	}
	nlab_lpacket_push_rel(L, &r->h, r->data, &r->rel);
	return 1;
}

/* cap:_list() -> {packet, ...}: the packets the ring holds, oldest first,
 * handed out or not (an open or closed capture) */
static int l_capture_list(lua_State *L)
{
	lcapture *k = check_any(L, 1);
	size_t n = k->ring ? nlab_ring_count(k->ring) : 0;
	lua_createtable(L, (int)n, 0);
	for (size_t i = 0; i < n; i++) {
		const nlab_ringrec *r = nlab_ring_at(k->ring, i);
		nlab_lpacket_push_rel(L, &r->h, r->data, &r->rel);
		lua_rawseti(L, -2, (lua_Integer)i + 1);
	}
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

/* Sets the ring's and the files' counts of K in the table on top. */
static void set_keep_counts(lua_State *L, const lcapture *k)
{
	nlab_ring_stats r;
	nlab_ring_stats_get(k->ring, &r);
	set_count(L, "captured", r.put);
	set_count(L, "ring_dropped", r.dropped);
	set_count(L, "ring_packets", nlab_ring_count(k->ring));
	set_count(L, "ring_bytes", r.bytes);
	set_count(L, "unread", r.unread);
	if (k->save || k->save_rc != 0) {
		set_count(L, "saved", k->saved);
		set_count(L, "files",
			  k->save ? nlab_savefile_started(k->save) : 0);
	}
}

/* cap:stats() -> {received =, dropped =, ifdropped =, captured =,
 * ring_dropped =, ...} | nil, msg, errno */
static int l_capture_stats(lua_State *L)
{
	lcapture *k = check_open(L, 1);
	nlab_capture_stats s;
	int rc = nlab_capture_stats_get(k->c, &s);
	if (rc != 0)
		return nlab_push_error(L, rc);
	lua_createtable(L, 0, 10);
	set_count(L, "received", s.received);
	set_count(L, "dropped", s.dropped);
	set_count(L, "ifdropped", s.ifdropped);
	set_keep_counts(L, k);
	return 1;
}

/* Closes K's files: 0 or why writing them failed (in K->save_err). */
static int close_save(lcapture *k)
{
	char err[NLAB_CAPTURE_ERRLEN] = "";
	int rc = nlab_savefile_close(k->save, err, sizeof err);
	k->save = NULL;
	if (rc != 0 && k->save_rc == 0) {
		k->save_rc = rc;
		snprintf(k->save_err, sizeof k->save_err, "%s", err);
	}
	return k->save_rc;
}

/* cap:_close() -> true | nil, message, errno: closes the capture (its
 * ring is kept for cap:list); the error is the files' (a full disk) */
static int l_capture_close_files(lua_State *L)
{
	lcapture *k = check_any(L, 1);
	int had = k->save != NULL || k->save_rc != 0;
	if (k->fd >= 0)
		nlab_loop_forget(nlab_loop_default(),
				 k->fd); /* fd reused later */
	nlab_capture_close(k->c);
	k->c = NULL;
	k->fd = -1;
	int rc = close_save(k);
	k->save_rc = 0; /* told once; closing again is harmless */
	if (rc != 0 && had)
		return nlab_push_pcap_error(L, rc, k->save_err);
	lua_pushboolean(L, 1);
	return 1;
}

/* __gc: closes the capture and frees its ring and flows. */
static int l_capture_gc(lua_State *L)
{
	lcapture *k = check_any(L, 1);
	if (k->fd >= 0)
		nlab_loop_forget(nlab_loop_default(), k->fd);
	nlab_capture_close(k->c);
	close_save(k);
	nlab_ring_free(k->ring);
	if (k->flows)
		nlab_flows_free(k->flows);
	*k = (lcapture){.fd = -1};
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
	nlab_ring_stats r = {0};
	if (k->ring)
		nlab_ring_stats_get(k->ring, &r);
	lua_Integer n = (lua_Integer)r.put;
	lua_pushfstring(L, ", %I packet%s%s", n, n == 1 ? "" : "s",
			k->c ? "" : " (closed)");
	luaL_addvalue(&b);
	luaL_pushresult(&b);
	return 1;
}

/* capture.settle([ms]): waits (at most MS milliseconds, 100 by default)
 * for the captures closed on threads of their own to have closed their fds */
static int l_capture_settle(lua_State *L)
{
	lua_Integer ms = luaL_optinteger(L, 1, 100);
	luaL_argcheck(L, ms >= 0 && ms <= 10000, 1, "0 to 10000 milliseconds expected");
	nlab_capture_settle((int)ms);
	return 0;
}

static const luaL_Reg capture_methods[] = {
    {"_read", l_capture_read},
    {"_pump", l_capture_pump},
    {"_held", l_capture_held},
    {"_list", l_capture_list},
    {"_reopen", l_capture_reopen},
    {"fd", l_capture_fd},
    {"linktype", l_capture_linktype},
    {"snaplen", l_capture_snaplen},
    {"iface", l_capture_iface},
    {"isopen", l_capture_isopen},
    {"stats", l_capture_stats},
    {"close", l_capture_close_files},
    {NULL, NULL},
};

static const luaL_Reg capture_meta[] = {
    {"__gc", l_capture_gc},
    {"__close", l_capture_close_files},
    {"__tostring", l_capture_tostring},
    {NULL, NULL},
};

static const luaL_Reg capture_funcs[] = {
    {"open", l_capture_open},
    {"settle", l_capture_settle},
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
