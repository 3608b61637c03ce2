/* l_pcapfile.c - the pcap file half of "netlab.c.capture": the
 * netlab.pcapfile reader userdata (pcap and pcapng) and pcap_write.
 *
 * A reader's packets share one conversation table (nlab_flows), noted
 * in file order. Its iterator is a C closure over the reader: one
 * pcap_next_ex and one packet push per step, no Lua in between. */
#include "error.h"
#include "lcapture.h"
#include "lnetlab.h"
#include "lpacket.h"
#include "lpacket_fields.h"
#include "pcapfile.h"

#include <lauxlib.h>
#include <string.h>
#include <sys/stat.h>

#define NLAB_PCAPFILE "netlab.pcapfile"

/* The biggest snapshot length written (tcpdump's default). */
#define WRITE_SNAPLEN 262144

/* The reader userdata; its user value 1 is the file's path, 2 the packet
 * packets{reuse = true} refills. */
typedef struct lpcapfile {
	nlab_pcapfile *f;  /* NULL once closed */
	nlab_flows *flows; /* the file's TCP conversations */
	int linktype;
	lua_Integer count; /* packets read so far */
	/* packets{reuse = true} notes nothing until a packet is printed
	 * (then the file is read again up to it): */
	int lazy;	   /* no packet noted in flows yet */
	lpacket *pending;  /* the reused packet (user value 2), not noted */
} lpcapfile;

/* Checks that ARG is a reader, open or closed. */
static lpcapfile *check_any(lua_State *L, int arg)
{
	return luaL_checkudata(L, arg, NLAB_PCAPFILE);
}

/* Checks that ARG is an open reader; raises otherwise. */
static lpcapfile *check_open(lua_State *L, int arg)
{
	lpcapfile *r = check_any(L, arg);
	if (!r->f)
		luaL_error(L, "attempt to use a closed pcap file");
	return r;
}

/* pcap.open(path) -> reader | nil, message, errno: a pcap or pcapng file */
static int l_pcap_open(lua_State *L)
{
	const char *path = nlab_checkstring(L, 1, NULL);
	lpcapfile *r = lua_newuserdatauv(L, sizeof *r, 2);
	*r = (lpcapfile){0};
	luaL_setmetatable(L, NLAB_PCAPFILE);
	lua_pushvalue(L, 1);
	lua_setiuservalue(L, -2, 1);
	r->flows = nlab_flows_new();
	if (!r->flows)
		return luaL_error(L, "not enough memory");
	char err[NLAB_PCAPFILE_ERRLEN];
	int rc = nlab_pcapfile_open(path, &r->f, err, sizeof err);
	if (rc != 0)
		return nlab_push_pcap_error(L, rc, err);
	r->linktype = nlab_pcapfile_linktype(r->f);
	return 1;
}

/* Notes the first N packets of the lazy reader R (at IDX) in its
 * conversation table, reading its file again: tcpdump's relative
 * numbers count from the file's first packet. From then on R notes
 * each packet as it reads it. */
static void catch_up(lua_State *L, int idx, lpcapfile *r, lua_Integer n)
{
	r->lazy = 0;
	lua_getiuservalue(L, idx, 1);
	nlab_pcapfile *f;
	char err[NLAB_PCAPFILE_ERRLEN];
	int rc = nlab_pcapfile_open(lua_tostring(L, -1), &f, err, sizeof err);
	lua_pop(L, 1);
	if (rc != 0)
		return; /* gone meanwhile: the numbers count from here */
	nlab_pkthdr h;
	const uint8_t *data;
	nlab_tcprel rel;
	for (lua_Integer i = 0; i < n && nlab_pcapfile_next(f, &h, &data, err, sizeof err) == 1; i++)
		nlab_flows_note(r->flows, &h, data, &rel);
	nlab_pcapfile_close(f);
}

/* Ends R's (at IDX) lazy noting: the packets before the pending one are
 * noted again from the file, then the pending one. */
static void settle_reader(lua_State *L, int idx, lpcapfile *r)
{
	if (!r->lazy || !r->flows)
		return;
	lpacket *p = r->pending;
	catch_up(L, idx, r, p ? r->count - 1 : r->count);
	if (p) {
		nlab_flows_note(r->flows, &p->h, p->data, &p->rel);
		p->settle = NULL;
	}
	r->pending = NULL;
}

/* The settle function of a reused packet (at IDX): its reader notes it. */
static void reuse_settle(lua_State *L, int idx, lpacket *p)
{
	lua_getiuservalue(L, idx, LPACKET_SOURCE);
	lpcapfile *r = lua_touserdata(L, -1);
	if (r && r->pending == p)
		settle_reader(L, lua_gettop(L), r);
	p->settle = NULL;
	lua_pop(L, 1);
}

/* Pushes R's next packet: 1 (a packet), 0 at the end, or -1 with
 * libpcap's message pushed instead. R is the reader at index 1. */
static int read_next(lua_State *L, lpcapfile *r)
{
	settle_reader(L, 1, r);
	nlab_pkthdr h;
	const uint8_t *data;
	char err[NLAB_PCAPFILE_ERRLEN] = "";
	int rc = nlab_pcapfile_next(r->f, &h, &data, err, sizeof err);
	if (rc < 0) {
		lua_pushstring(L, err);
		return -1;
	}
	if (rc == 0)
		return 0;
	nlab_lpacket_push(L, &h, data, r->flows);
	r->count++;
	return 1;
}

/* reader:next() -> packet | nil (the end) | nil, message (a bad file) */
static int l_pcapfile_next(lua_State *L)
{
	int rc = read_next(L, check_open(L, 1));
	if (rc == 1)
		return 1;
	lua_pushnil(L);
	if (rc == 0)
		return 1;
	lua_insert(L, -2);
	return 2;
}

/* The iterator of reader:packets(): the next packet, nothing at the end;
 * a bad file raises libpcap's message. */
static int pcapfile_iter(lua_State *L)
{
	lpcapfile *r = lua_touserdata(L, lua_upvalueindex(1));
	if (!r->f)
		return luaL_error(L, "attempt to use a closed pcap file");
	lua_settop(L, 0);
	lua_pushvalue(L, lua_upvalueindex(1)); /* read_next's reader at 1 */
	int rc = read_next(L, r);
	if (rc < 0)
		return lua_error(L);
	return rc;
}

/* The room a reused packet starts with (a full-size Ethernet frame and
 * more; a bigger packet gets a new one). */
#define REUSE_ROOM 2048

/* The iterator of reader:packets{reuse = true}: the same packet object
 * each step (upvalue 2 once made), refilled with the next packet. */
static int pcapfile_reuse_iter(lua_State *L)
{
	lpcapfile *r = lua_touserdata(L, lua_upvalueindex(1));
	if (!r->f)
		return luaL_error(L, "attempt to use a closed pcap file");
	nlab_pkthdr h;
	const uint8_t *data;
	char err[NLAB_PCAPFILE_ERRLEN] = "";
	int rc = nlab_pcapfile_next(r->f, &h, &data, err, sizeof err);
	if (rc < 0)
		return luaL_error(L, "%s", err);
	if (rc == 0)
		return 0;
	nlab_tcprel rel = {0};
	if (!r->lazy)
		nlab_flows_note(r->flows, &h, data, &rel);
	r->count++;
	lua_settop(L, 0);
	lua_pushvalue(L, lua_upvalueindex(1));
	if (lua_getiuservalue(L, 1, 2) == LUA_TNIL ||
	    nlab_lpacket_refill(L, 2, &h, data, &rel) != 0) {
		lua_settop(L, 1);
		nlab_lpacket_push_cap(L, &h, data, &rel, REUSE_ROOM);
		lua_pushvalue(L, 1);
		lua_setiuservalue(L, 2, LPACKET_SOURCE);
		lua_pushvalue(L, 2);
		lua_setiuservalue(L, 1, 2);
	}
	lpacket *p = nlab_lpacket_at(L, 2);
	if (r->lazy) {
		p->settle = reuse_settle;
		r->pending = p;
	}
	return 1;
}

/* Whether the reader at 1 reads a regular file (one it can read again). */
static int regular_file(lua_State *L)
{
	struct stat st;
	lua_getiuservalue(L, 1, 1);
	int ok = stat(lua_tostring(L, -1), &st) == 0 && S_ISREG(st.st_mode);
	lua_pop(L, 1);
	return ok;
}

/* Reads packets' options at 2 (nil allowed): reuse. */
static int reuse_opt(lua_State *L)
{
	if (lua_isnoneornil(L, 2))
		return 0;
	luaL_checktype(L, 2, LUA_TTABLE);
	int t = lua_getfield(L, 2, "reuse");
	if (t != LUA_TNIL && t != LUA_TBOOLEAN)
		luaL_argerror(L, 2, lua_pushfstring(L, "reuse: boolean expected, got %s", luaL_typename(L, -1)));
	int on = lua_toboolean(L, -1);
	lua_pop(L, 1);
	return on;
}

/* reader:packets([{reuse = true}]) -> iterator over the packets left, for
 * a generic for; with reuse, one packet object refilled each step */
static int l_pcapfile_packets(lua_State *L)
{
	lpcapfile *r = check_open(L, 1);
	int reuse = reuse_opt(L);
	lua_settop(L, 1);
	if (reuse) {
		if (r->count == 0 && regular_file(L))
			r->lazy = 1; /* noting waits for a packet printed */
		lua_pushcclosure(L, pcapfile_reuse_iter, 1);
	} else {
		lua_pushcclosure(L, pcapfile_iter, 1);
	}
	return 1;
}

/* reader:linktype() -> the link type (1 Ethernet, 113 Linux cooked...) */
static int l_pcapfile_linktype(lua_State *L)
{
	lua_pushinteger(L, check_any(L, 1)->linktype);
	return 1;
}

/* __gc, __close and reader:close(): the same closer, safe to run twice. */
static int l_pcapfile_close(lua_State *L)
{
	lpcapfile *r = check_any(L, 1);
	nlab_pcapfile_close(r->f);
	if (r->flows)
		nlab_flows_free(r->flows);
	r->f = NULL;
	r->flows = NULL;
	return 0;
}

/* tostring(reader): "pcap file x.pcap (EN10MB), 3 packets read". */
static int l_pcapfile_tostring(lua_State *L)
{
	lpcapfile *r = check_any(L, 1);
	const char *name = nlab_linktype_name(r->linktype);
	lua_getiuservalue(L, 1, 1);
	if (name)
		lua_pushstring(L, name);
	else
		lua_pushfstring(L, "linktype %d", r->linktype);
	lua_pushfstring(L, "pcap file %s (%s), %I packet%s read%s",
			lua_tostring(L, -2), lua_tostring(L, -1), r->count,
			r->count == 1 ? "" : "s", r->f ? "" : " (closed)");
	return 1;
}

/* Raises about item I of the list at 2, on top: not a packet. */
static void bad_item(lua_State *L, lua_Integer i)
{
	const char *got = luaL_typename(L, -1);

	if (luaL_getmetafield(L, -1, "__name") == LUA_TSTRING)
		got = strcmp(lua_tostring(L, -1), "netlab.crafted") == 0
			  ? "a crafted packet (p:decode() makes it a packet)"
			  : lua_tostring(L, -1);
	luaL_argerror(
	    L, 2,
	    lua_pushfstring(L, "packet expected at index %I, got %s", i, got));
}

/* Checks the packets of the list at 2: all packets of one link type
 * (DEF for an empty list); returns it and the largest caplen in *MAX. */
static int check_packets(lua_State *L, int def, uint32_t *max)
{
	lua_Integer n = (lua_Integer)lua_rawlen(L, 2);
	int linktype = def;
	*max = 0;
	for (lua_Integer i = 1; i <= n; i++) {
		lua_rawgeti(L, 2, i);
		if (!luaL_testudata(L, -1, NLAB_PACKET))
			bad_item(L, i);
		nlab_pkthdr h;
		nlab_lpacket_check(L, lua_gettop(L), &h);
		if (i > 1 && h.linktype != linktype)
			luaL_argerror(
			    L, 2,
			    lua_pushfstring(
				L, "packets of two link types (%d and %d)",
				linktype, h.linktype));
		linktype = h.linktype;
		*max = h.caplen > *max ? h.caplen : *max;
		lua_pop(L, 1);
	}
	return linktype;
}

/* Writes the (checked) packets of the list at 2 to D. */
static void write_packets(lua_State *L, nlab_pcapdump *d)
{
	lua_Integer n = (lua_Integer)lua_rawlen(L, 2);
	for (lua_Integer i = 1; i <= n; i++) {
		lua_rawgeti(L, 2, i);
		nlab_pkthdr h;
		const uint8_t *data = nlab_lpacket_check(L, lua_gettop(L), &h);
		nlab_pcapdump_write(d, &h, data);
		lua_pop(L, 1);
	}
}

/* Reads the options table at 3 (nil allowed): nsec, linktype. */
static void write_opts(lua_State *L, int *nsec, int *linktype)
{
	*nsec = 0;
	*linktype = 1; /* DLT_EN10MB, for an empty list */
	if (lua_isnoneornil(L, 3))
		return;
	luaL_checktype(L, 3, LUA_TTABLE);
	lua_getfield(L, 3, "nsec");
	*nsec = lua_toboolean(L, -1);
	int isnum, t = lua_getfield(L, 3, "linktype");
	lua_Integer v = lua_tointegerx(L, -1, &isnum);
	if (t != LUA_TNIL && (!isnum || v < 0 || v > 0xffff))
		luaL_argerror(L, 3, "linktype: integer expected");
	if (t != LUA_TNIL)
		*linktype = (int)v;
	lua_pop(L, 2);
}

/* pcap.write(path, packets[, {nsec =, linktype =}]) -> true | nil, msg,
 * errno: the packets as a pcap file (microsecond time stamps unless nsec;
 * linktype for an empty list) */
static int l_pcap_write(lua_State *L)
{
	const char *path = nlab_checkstring(L, 1, NULL);
	luaL_checktype(L, 2, LUA_TTABLE);
	int nsec, def;
	write_opts(L, &nsec, &def);
	uint32_t max;
	int linktype = check_packets(L, def, &max);
	int snaplen = max > WRITE_SNAPLEN ? (int)max : WRITE_SNAPLEN;
	char err[NLAB_PCAPFILE_ERRLEN] = "";
	nlab_pcapdump *d;
	int rc = nlab_pcapdump_open(path, linktype, snaplen, nsec, &d, err,
				    sizeof err);
	if (rc != 0)
		return nlab_push_pcap_error(L, rc, err);
	write_packets(L, d);
	rc = nlab_pcapdump_close(d, err, sizeof err);
	if (rc != 0)
		return nlab_push_pcap_error(
		    L, rc, lua_pushfstring(L, "%s: %s", path, err));
	lua_pushboolean(L, 1);
	return 1;
}

static const luaL_Reg pcapfile_methods[] = {
    {"next", l_pcapfile_next},
    {"packets", l_pcapfile_packets},
    {"linktype", l_pcapfile_linktype},
    {"close", l_pcapfile_close},
    {NULL, NULL},
};

static const luaL_Reg pcapfile_meta[] = {
    {"__gc", l_pcapfile_close},
    {"__close", l_pcapfile_close},
    {"__tostring", l_pcapfile_tostring},
    {NULL, NULL},
};

/* netlab.pcap's functions, one table down in the C module ({pcap =
 * {open, write}}): Lua names a function called without a name (pcall) by
 * the first loaded module holding it, and only netlab.pcap must. */
static const luaL_Reg pcapfile_funcs[] = {
    {"open", l_pcap_open},
    {"write", l_pcap_write},
    {NULL, NULL},
};

void nlab_pcapfile_register(lua_State *L)
{
	nlab_createmeta(L, NLAB_PCAPFILE, pcapfile_meta, pcapfile_methods);
	luaL_newlib(L, pcapfile_funcs);
	lua_setfield(L, -2, "pcap");
	luaL_getmetatable(L, NLAB_PCAPFILE);
	lua_setfield(L, -2, "pcapfile_meta");
}
