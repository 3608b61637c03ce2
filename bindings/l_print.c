/* l_print.c - "netlab.print": tcpdump's printer for Lua.
 *
 * print.new{ts=, e=, S=, q=, X=, XX=, x=, xx=, A=, AA=, v=, nsec=, number=}
 * makes a printer (netlab.printer) that remembers what tcpdump remembers
 * between packets: the reference time stamp (-ttt, -ttttt), the packets'
 * count (-#) and the TCP conversations (relative numbers). The option string
 * is read into that table by scripts/netlab/tcpdump.lua.
 * printer:line(packet) is the packet's line; printer:file(path[, out])
 * prints a whole pcap file to a Lua file in C, for speed. */
#include "lnetlab.h"
#include "lpacket.h"
#include "modules.h"
#include "error.h"
#include "pcapfile.h"
#include "print.h"

#include <errno.h>
#include <lauxlib.h>
#include <lualib.h>
#include <stdio.h>
#include <string.h>

#define PRINTER "netlab.printer"

typedef struct lprinter {
	nlab_printer *pr;
	nlab_flows *flows;
	nlab_print_opts o;
	nlab_strbuf out; /* the text being made (owned here: Lua calls may raise) */
} lprinter;

/* Checks that ARG is an open printer. */
static lprinter *check_printer(lua_State *L, int arg)
{
	lprinter *p = luaL_checkudata(L, arg, PRINTER);
	if (!p->pr)
		luaL_error(L, "attempt to use a closed printer");
	return p;
}

/* Reads field NAME of the options table at 1: one of MODES (the first
 * when absent), never a string cut at a NUL byte. */
static int opt_mode(lua_State *L, const char *name, const char *const modes[])
{
	size_t len;
	int t = lua_getfield(L, 1, name);
	if (t == LUA_TNIL) {
		lua_pop(L, 1);
		return 0;
	}
	if (t != LUA_TSTRING)
		luaL_error(L, "bad argument #1 to 'new' (%s: string expected, got %s)", name,
			   luaL_typename(L, -1));
	const char *s = lua_tolstring(L, -1, &len);
	if (memchr(s, '\0', len) != NULL)
		luaL_error(L, "bad argument #1 to 'new' (%s: string contains a NUL byte)", name);
	for (int i = 0; modes[i] != NULL; i++)
		if (strcmp(modes[i], s) == 0) {
			lua_pop(L, 1);
			return i;
		}
	return luaL_error(L, "bad argument #1 to 'new' (%s: invalid option '%s')", name, s);
}

/* Reads boolean field NAME of the options table at 1. */
static int opt_flag(lua_State *L, const char *name)
{
	int t = lua_getfield(L, 1, name);
	int v = lua_toboolean(L, -1);
	if (t != LUA_TNIL && t != LUA_TBOOLEAN)
		luaL_error(L, "bad argument #1 to 'new' (%s: boolean expected, got %s)", name,
			   luaL_typename(L, -1));
	lua_pop(L, 1);
	return v;
}

/* Reads field v of the options table at 1: tcpdump's count of -v
 * (a boolean is -v or nothing; 0, 1 or 2). */
static int opt_verbose(lua_State *L)
{
	int t = lua_getfield(L, 1, "v"), isnum = 0;
	lua_Integer n = lua_tointegerx(L, -1, &isnum);
	if (t == LUA_TNIL || t == LUA_TBOOLEAN)
		n = lua_toboolean(L, -1);
	else if (t != LUA_TNUMBER || !isnum || n < 0 || n > 2)
		luaL_error(L, "bad argument #1 to 'new' (v: boolean or 0, 1, 2 expected, got %s)",
			   t == LUA_TNUMBER ? lua_tostring(L, -1) : luaL_typename(L, -1));
	lua_pop(L, 1);
	return (int)n;
}

/* print.new([opts]) -> printer */
static int l_print_new(lua_State *L)
{
	static const char *const modes[] = {
	    "local", "none", "epoch", "delta", "date", "since_first", NULL};
	nlab_print_opts o = {0};
	if (!lua_isnoneornil(L, 1)) {
		luaL_checktype(L, 1, LUA_TTABLE);
		o.ts = opt_mode(L, "ts", modes);
		o.e = opt_flag(L, "e"), o.S = opt_flag(L, "S"), o.q = opt_flag(L, "q");
		o.X = opt_flag(L, "XX") ? 2 : opt_flag(L, "X");
		o.x = opt_flag(L, "xx") ? 2 : opt_flag(L, "x");
		o.A = opt_flag(L, "AA") ? 2 : opt_flag(L, "A");
		o.v = opt_verbose(L);
		o.nsec = opt_flag(L, "nsec");
		o.number = opt_flag(L, "number");
	}
	lprinter *p = lua_newuserdatauv(L, sizeof *p, 0);
	memset(p, 0, sizeof *p);
	luaL_setmetatable(L, PRINTER);
	p->o = o;
	p->pr = nlab_printer_new(&o);
	p->flows = nlab_flows_new();
	if (!p->pr || !p->flows)
		return luaL_error(L, "not enough memory");
	return 1;
}

/* Frees a printer; safe twice (__gc, __close, printer:close()). */
static int l_printer_close(lua_State *L)
{
	lprinter *p = luaL_checkudata(L, 1, PRINTER);
	nlab_printer_free(p->pr);
	nlab_flows_free(p->flows);
	nlab_strbuf_free(&p->out);
	p->pr = NULL, p->flows = NULL;
	return 0;
}

/* printer:line(packet) -> the packet's line (with -X lines) */
static int l_printer_line(lua_State *L)
{
	lprinter *p = check_printer(L, 1);
	nlab_pkthdr h;
	const uint8_t *data = nlab_lpacket_check(L, 2, &h);
	nlab_tcprel rel;
	nlab_flows_note(p->flows, &h, data, &rel);
	nlab_strbuf_reset(&p->out);
	if (nlab_print_packet(p->pr, &h, data, &rel, &p->out))
		return luaL_error(L, "not enough memory");
	lua_pushlstring(L, p->out.s ? p->out.s : "", p->out.len);
	return 1;
}

/* The error of a failed write to F (-errno), its text in ERR. */
static long write_failed(char *err, size_t errlen)
{
	int e = errno ? errno : EIO;
	snprintf(err, errlen, "%s", strerror(e));
	return -e;
}

/* Prints every packet of file PF to F; returns the count, -ENOMEM, or
 * -EIO when the file turns out damaged, or -errno when F cannot be
 * written (/dev/full, a file opened for reading); ERR says how. */
static long print_all(lprinter *p, nlab_pcapfile *pf, FILE *f, char *err,
		      size_t errlen)
{
	nlab_pkthdr h;
	const uint8_t *data;
	long n = 0;
	int rc;
	while ((rc = nlab_pcapfile_next(pf, &h, &data, err, errlen)) == 1) {
		nlab_tcprel rel;
		nlab_flows_note(p->flows, &h, data, &rel);
		nlab_strbuf_reset(&p->out);
		if (nlab_print_packet(p->pr, &h, data, &rel, &p->out))
			return -ENOMEM;
		nlab_strbuf_add(&p->out, "\n", 1);
		errno = 0;
		if (fwrite(p->out.s, 1, p->out.len, f) != p->out.len)
			return write_failed(err, errlen);
		n++;
	}
	errno = 0;
	if (fflush(f) != 0)
		return write_failed(err, errlen);
	return rc < 0 ? rc : n;
}

/* printer:file(path[, out]) -> count | nil, msg, errno: a damaged file
 * prints what it could before the error, as tcpdump -r does. */
static int l_printer_file(lua_State *L)
{
	lprinter *p = check_printer(L, 1);
	const char *path = nlab_checkstring(L, 2, NULL);
	FILE *f = stdout;
	if (!lua_isnoneornil(L, 3)) {
		luaL_Stream *s = luaL_checkudata(L, 3, LUA_FILEHANDLE);
		if (!s->closef)
			return luaL_error(L, "attempt to use a closed file");
		f = s->f;
	}
	char err[NLAB_PCAPFILE_ERRLEN];
	nlab_pcapfile *pf;
	int rc = nlab_pcapfile_open(path, &pf, err, sizeof err);
	long n = rc < 0 ? rc : print_all(p, pf, f, err, sizeof err);
	nlab_pcapfile_close(pf);
	if (n == -ENOMEM)
		return luaL_error(L, "not enough memory");
	if (n < 0) {
		lua_pushnil(L);
		lua_pushstring(L, err);
		lua_pushinteger(L, nlab_errnum((int)n));
		return 3;
	}
	lua_pushinteger(L, n);
	return 1;
}

/* __tostring */
static int l_printer_tostring(lua_State *L)
{
	lprinter *p = luaL_checkudata(L, 1, PRINTER);
	lua_pushfstring(L, p->pr ? "printer (%p)" : "printer (closed)", (void *)p);
	return 1;
}

static const luaL_Reg printer_methods[] = {
	{"line", l_printer_line},
	{"file", l_printer_file},
	{"close", l_printer_close},
	{NULL, NULL},
};

static const luaL_Reg printer_meta[] = {
	{"__gc", l_printer_close},
	{"__close", l_printer_close},
	{"__tostring", l_printer_tostring},
	{NULL, NULL},
};

/* Creates the printer metatable. */
static void createmeta(lua_State *L)
{
	luaL_newmetatable(L, PRINTER);
	luaL_setfuncs(L, printer_meta, 0);
	luaL_newlib(L, printer_methods);
	lua_setfield(L, -2, "__index");
	lua_pop(L, 1);
}

int luaopen_netlab_print(lua_State *L)
{
	static const luaL_Reg funcs[] = {{"new", l_print_new}, {NULL, NULL}};
	createmeta(L);
	luaL_newlib(L, funcs);
	return 1;
}
