/* l_packet.c - "netlab.c.packet": the packet userdata ("netlab.packet")
 * that captures, pcap files and crafting hand to Lua.
 *
 * A packet is one allocation: header, conversation bases, decoded
 * offsets and a copy of its bytes. Decoding waits for the first field
 * access and is kept. p.tcp, p.ip... are small layer views
 * ("netlab.packet.layer"), made once and kept in the packet's user
 * values; a view computes a field when it is read, so reading p.tcp.flags
 * never builds a table of every TCP field. */
#include "lnetlab.h"
#include "lpacket.h"
#include "modules.h"

#include "decode.h"
#include "lpacket_fields.h"

#include <lauxlib.h>
#include <string.h>

#define NLAB_LAYER "netlab.packet.layer"

/* The metatable of the state's printer, and its registry field. */
#define PRINTER "netlab.packet.printer"
#define STATE_PRINTER "netlab.packet.state_printer"

/* The printer tostring(p) uses, one per Lua state, and its buffer. */
typedef struct lprinter {
	nlab_printer *pr;
	nlab_strbuf out;
} lprinter;

/* The field id of the key at index 2 (F_NONE if not a name); the key
 * is consumed: the stack is left with the object alone. */
static int field_id(lua_State *L)
{
	lua_settop(L, 2);
	if (lua_type(L, 2) != LUA_TSTRING) {
		lua_settop(L, 1);
		return F_NONE;
	}
	lua_rawget(L, lua_upvalueindex(UV_FIELDS));
	int id = (int)lua_tointeger(L, 2);
	lua_settop(L, 1);
	return id;
}

/* The registry key of the packet metatable (a pointer key: no string
 * to hash for every packet pushed). */
static const char packet_mt_key;

/* Creates the metatables and the name table once per Lua state. */
static void createmeta(lua_State *L);

/* Checks that index 1 is a packet, for the closures that have the packet
 * metatable as upvalue UV_PACKET: a pointer comparison. */
static lpacket *check_self(lua_State *L, int uv, const char *tname)
{
	void *u = lua_touserdata(L, 1);
	if (!u || !lua_getmetatable(L, 1) ||
	    !lua_rawequal(L, -1, lua_upvalueindex(uv)))
		luaL_typeerror(L, 1, tname);
	lua_pop(L, 1);
	return u;
}

#define NLAB_FLOWS "netlab.flows"

/* Pushes a new packet userdata with a copy of DATA. */
void nlab_lpacket_push(lua_State *L, const nlab_pkthdr *h, const uint8_t *data,
		       nlab_flows *flows)
{
	nlab_tcprel rel;
	memset(&rel, 0, sizeof rel);
	if (flows)
		nlab_flows_note(flows, h, data, &rel);
	nlab_lpacket_push_rel(L, h, data, &rel);
}

/* Pushes a new packet of H and a copy of DATA, room for CAP bytes, NUV
 * user values. */
static void push_packet(lua_State *L, const nlab_pkthdr *h, const uint8_t *data,
			const nlab_tcprel *rel, uint32_t cap, int nuv)
{
	if (cap < h->caplen)
		cap = h->caplen;
	lpacket *p = lua_newuserdatauv(L, sizeof(lpacket) + cap, nuv);
	p->h = *h;
	p->decoded = 0;
	p->cap = cap;
	p->settle = NULL;
	if (h->caplen)
		memcpy(p->data, data, h->caplen);
	p->rel = *rel;
	if (lua_rawgetp(L, LUA_REGISTRYINDEX, &packet_mt_key) == LUA_TNIL) {
		lua_pop(L, 1);
		createmeta(L);
		lua_rawgetp(L, LUA_REGISTRYINDEX, &packet_mt_key);
	}
	lua_setmetatable(L, -2);
}

void nlab_lpacket_push_rel(lua_State *L, const nlab_pkthdr *h,
			   const uint8_t *data, const nlab_tcprel *rel)
{
	push_packet(L, h, data, rel, h->caplen, LPACKET_NUV);
}

void nlab_lpacket_push_cap(lua_State *L, const nlab_pkthdr *h,
			   const uint8_t *data, const nlab_tcprel *rel,
			   uint32_t cap)
{
	push_packet(L, h, data, rel, cap, LPACKET_SOURCE);
}

int nlab_lpacket_refill(lua_State *L, int idx, const nlab_pkthdr *h,
			const uint8_t *data, const nlab_tcprel *rel)
{
	lpacket *p = lua_touserdata(L, idx);
	if (!p || h->caplen > p->cap)
		return -1;
	p->h = *h;
	p->decoded = 0;
	if (h->caplen)
		memcpy(p->data, data, h->caplen);
	p->rel = *rel;
	p->settle = NULL;
	return 0;
}

lpacket *nlab_lpacket_at(lua_State *L, int idx)
{
	return lua_touserdata(L, idx);
}

/* Checks that ARG is a packet; sets *H and returns its bytes. */
const uint8_t *nlab_lpacket_check(lua_State *L, int arg, nlab_pkthdr *h)
{
	lpacket *p = luaL_checkudata(L, arg, NLAB_PACKET);
	if (h)
		*h = p->h;
	return p->data;
}

/* The user value slot of layer L's view: its place among the packet's
 * layers, 0 when the packet has no such layer. */
static int layer_slot(const nlab_decoded *d, int l)
{
	if (!nlab_decoded_has(d, l))
		return 0;
	for (int i = 0; i < d->nlayers && i < LPACKET_NUV; i++)
		if (d->order[i] == l)
			return i + 1;
	return 0;
}

/* Pushes the view of layer L of the packet at index 1, or nil. */
static int push_layer(lua_State *L, lpacket *p, int l)
{
	int slot = layer_slot(decoded(p), l);
	if (slot == 0) {
		lua_pushnil(L);
		return 1;
	}
	if (lua_getiuservalue(L, 1, slot) != LUA_TNIL) {
		/* a reused packet's view: its layer follows the new packet */
		((lview *)lua_touserdata(L, -1))->layer = l;
		return 1;
	}
	lua_pop(L, 1);
	lview *v = lua_newuserdatauv(L, sizeof *v, 1);
	v->p = p;
	v->layer = l;
	lua_pushvalue(L, 1);
	lua_setiuservalue(L, -2, 1);
	lua_pushvalue(L, lua_upvalueindex(UV_LAYER));
	lua_setmetatable(L, -2);
	lua_pushvalue(L, -1);
	lua_setiuservalue(L, 1, slot);
	return 1;
}

/* Pushes the name of the layer where decoding stopped with STATUS. */
static int push_bad(lua_State *L, lpacket *p, int status)
{
	const nlab_decoded *d = decoded(p);
	if (d->status == status)
		lua_pushstring(L, nlab_layer_name(d->bad));
	else
		lua_pushnil(L);
	return 1;
}

/* p:layers() -> {"eth", "ip", "tcp"}: the decoded layers, outermost first. */
static int l_packet_layers(lua_State *L)
{
	lpacket *p = luaL_checkudata(L, 1, NLAB_PACKET);
	const nlab_decoded *d = decoded(p);
	lua_createtable(L, d->nlayers, 0);
	for (int i = 0; i < d->nlayers; i++) {
		lua_pushstring(L, nlab_layer_name(d->order[i]));
		lua_rawseti(L, -2, i + 1);
	}
	return 1;
}

/* p:offsets() -> {eth = 0, ip = 14, tcp = 34, payload = 54, link = 14}:
 * where each decoded layer starts in p:bytes() (0-based, as tcpdump -XX
 * numbers them), where the payload starts, and the link-layer header's
 * length (the bytes tcpdump -X leaves out). */
static int l_packet_offsets(lua_State *L)
{
	lpacket *p = luaL_checkudata(L, 1, NLAB_PACKET);
	const nlab_decoded *d = decoded(p);
	lua_createtable(L, 0, d->nlayers + 2);
	for (int i = 0; i < d->nlayers; i++) {
		lua_pushinteger(L, d->off[d->order[i]]);
		lua_setfield(L, -2, nlab_layer_name(d->order[i]));
	}
	lua_pushinteger(L, d->payload_off);
	lua_setfield(L, -2, "payload");
	lua_pushinteger(L, d->link_len);
	lua_setfield(L, -2, "link");
	return 1;
}

/* p:bytes() -> string: the captured bytes. */
static int l_packet_bytes(lua_State *L)
{
	lpacket *p = luaL_checkudata(L, 1, NLAB_PACKET);
	lua_pushlstring(L, (const char *)p->data, p->h.caplen);
	return 1;
}

/* The printer of this Lua state, made the first time. */
static lprinter *state_printer(lua_State *L)
{
	if (lua_getfield(L, LUA_REGISTRYINDEX, STATE_PRINTER) != LUA_TNIL) {
		lprinter *lp = lua_touserdata(L, -1);
		lua_pop(L, 1);
		return lp;
	}
	lua_pop(L, 1);
	lprinter *lp = lua_newuserdatauv(L, sizeof *lp, 0);
	lp->pr = NULL;
	nlab_strbuf empty = NLAB_STRBUF_INIT;
	lp->out = empty;
	luaL_setmetatable(L, PRINTER);
	nlab_print_opts o = {.ts = NLAB_TS_LOCAL};
	lp->pr = nlab_printer_new(&o);
	if (!lp->pr)
		luaL_error(L, "not enough memory");
	lua_setfield(L, LUA_REGISTRYINDEX, STATE_PRINTER);
	return lp;
}

/* Frees a state's printer (its __gc). */
static int l_printer_gc(lua_State *L)
{
	lprinter *lp = lua_touserdata(L, 1);
	nlab_printer_free(lp->pr);
	lp->pr = NULL;
	nlab_strbuf_free(&lp->out);
	return 0;
}

/* Pushes the text in LP's buffer, or raises if it could not be made. */
static int push_text(lua_State *L, lprinter *lp, int rc)
{
	if (rc != 0 || lp->out.failed)
		return luaL_error(L, "not enough memory");
	lua_pushlstring(L, lp->out.s ? lp->out.s : "", lp->out.len);
	return 1;
}

/* tostring(p) -> the line tcpdump -nn prints for it. */
static int l_packet_tostring(lua_State *L)
{
	lpacket *p = luaL_checkudata(L, 1, NLAB_PACKET);
	if (p->settle)
		p->settle(L, 1, p);
	lprinter *lp = state_printer(L);
	nlab_strbuf_reset(&lp->out);
	int rc = nlab_print_packet(lp->pr, &p->h, p->data, &p->rel, &lp->out);
	return push_text(L, lp, rc);
}

/* p:hex() -> the tcpdump -X lines of the bytes after the link header. */
static int l_packet_hex(lua_State *L)
{
	lpacket *p = luaL_checkudata(L, 1, NLAB_PACKET);
	lprinter *lp = state_printer(L);
	nlab_strbuf_reset(&lp->out);
	nlab_print_hex(nlab_view_from(pview(p), decoded(p)->link_len),
		       &lp->out);
	return push_text(L, lp, 0);
}

/* p.name: a packet field, a layer view or a method. */
static int l_packet_index(lua_State *L)
{
	lpacket *p = check_self(L, UV_PACKET, NLAB_PACKET);
	int id = field_id(L);
	if (id >= F_LAYER0 && id < F_LAYER0 + NLAB_L_COUNT)
		return push_layer(L, p, id - F_LAYER0);
	switch (id) {
	case F_TIME:
		lua_pushnumber(L, (lua_Number)p->h.sec + p->h.nsec / 1e9);
		break;
	case F_LEN:
		lua_pushinteger(L, p->h.len);
		break;
	case F_CAPLEN:
		lua_pushinteger(L, p->h.caplen);
		break;
	case F_LINKTYPE:
		lua_pushinteger(L, p->h.linktype);
		break;
	case F_PAYLOAD: {
		const nlab_decoded *d = decoded(p);
		lua_pushlstring(L, (const char *)p->data + d->payload_off,
				d->payload_len);
		break;
	}
	case F_TRUNCATED:
		return push_bad(L, p, NLAB_DECODE_TRUNCATED);
	case F_INVALID:
		return push_bad(L, p, NLAB_DECODE_INVALID);
	case F_LAYERS:
		lua_pushcfunction(L, l_packet_layers);
		break;
	case F_HEX:
		lua_pushcfunction(L, l_packet_hex);
		break;
	case F_BYTES:
		lua_pushcfunction(L, l_packet_bytes);
		break;
	case F_OFFSETS:
		lua_pushcfunction(L, l_packet_offsets);
		break;
	default:
		lua_pushnil(L);
		break;
	}
	return 1;
}

/* view.name: one field of a layer, computed now. */
static int l_layer_index(lua_State *L)
{
	lview *v = (lview *)check_self(L, UV_LAYER, NLAB_LAYER);
	return nlab_lpacket_push_field(L, v->p, v->layer, field_id(L));
}

/* The iterator of pairs(view): the layer's next present field. */
static int l_layer_next(lua_State *L)
{
	lview *v = luaL_checkudata(L, 1, NLAB_LAYER);
	int i = 0;
	if (!lua_isnil(L, 2)) {
		int id = field_id(L);
		while (i < 16 && nlab_lpacket_layer_fields[v->layer][i] &&
		       nlab_lpacket_layer_fields[v->layer][i] != id)
			i++;
		i++;
	}
	for (; i < 16 && nlab_lpacket_layer_fields[v->layer][i]; i++) {
		int id = nlab_lpacket_layer_fields[v->layer][i];
		lua_pushstring(L, nlab_lpacket_field_name(id));
		if (nlab_lpacket_push_field(L, v->p, v->layer, id) &&
		    !lua_isnil(L, -1))
			return 2;
		lua_pop(L, 2);
	}
	lua_pushnil(L);
	return 1;
}

/* pairs(view) -> the layer's fields and values. */
static int l_layer_pairs(lua_State *L)
{
	luaL_checkudata(L, 1, NLAB_LAYER);
	lua_pushvalue(L, lua_upvalueindex(UV_NEXT));
	lua_pushvalue(L, 1);
	lua_pushnil(L);
	return 3;
}

/* tostring(view) -> "tcp {sport=1, dport=2, ...}". */
static int l_layer_tostring(lua_State *L)
{
	lview *v = luaL_checkudata(L, 1, NLAB_LAYER);
	luaL_Buffer b;
	luaL_buffinit(L, &b);
	luaL_addstring(&b, nlab_layer_name(v->layer));
	luaL_addstring(&b, " {");
	const char *sep = "";
	for (int i = 0; i < 16 && nlab_lpacket_layer_fields[v->layer][i]; i++) {
		int id = nlab_lpacket_layer_fields[v->layer][i];
		if (id == F_OPTIONS || id == F_QUOTED)
			continue;
		nlab_lpacket_push_field(L, v->p, v->layer, id);
		if (lua_isnil(L, -1)) {
			lua_pop(L, 1);
			continue;
		}
		lua_pushfstring(L, "%s%s=%s", sep, nlab_lpacket_field_name(id),
				luaL_tolstring(L, -1, NULL));
		lua_remove(L, -2);
		lua_remove(L, -2);
		luaL_addvalue(&b);
		sep = ", ";
	}
	luaL_addstring(&b, "}");
	luaL_pushresult(&b);
	return 1;
}

/* p.x = v, view.x = v: raises; packets are what was captured. */
static int l_packet_newindex(lua_State *L)
{
	return luaL_error(
	    L,
	    "packet fields are read-only (build packets with netlab.packet)");
}

/* Reads linktype argument ARG: a number or "ether", "raw", "ip"... */
static int check_linktype(lua_State *L, int arg)
{
	static const char *const names[] = {"ether", "eth", "raw",  "ip",
					    "ip6",   "sll", "sll2", "null",
					    "loop",  NULL};
	static const int values[] = {
	    NLAB_DLT_EN10MB,	 NLAB_DLT_EN10MB, NLAB_DLT_RAW,
	    NLAB_DLT_RAW,	 NLAB_DLT_RAW,	  NLAB_DLT_LINUX_SLL,
	    NLAB_DLT_LINUX_SLL2, NLAB_DLT_NULL,	  NLAB_DLT_LOOP};
	if (lua_isnoneornil(L, arg))
		return NLAB_DLT_EN10MB;
	if (lua_type(L, arg) == LUA_TSTRING)
		return values[nlab_checkoption(L, arg, NULL, names)];
	lua_Integer n = luaL_checkinteger(L, arg);
	luaL_argcheck(L, n >= 0 && n <= 0xffff, arg, "link type out of range");
	return (int)n;
}

/* decode(bytes[, linktype[, time]]) -> packet: the packet userdata of
 * BYTES as if captured on a link of LINKTYPE (Ethernet by default) at
 * TIME (seconds since the epoch, 0 by default). */
static int l_packet_decode(lua_State *L)
{
	nlab_flows **flows = luaL_testudata(L, 4, NLAB_FLOWS);
	luaL_argexpected(L, flows || lua_isnoneornil(L, 4), 4, NLAB_FLOWS);
	size_t n;
	const char *s = luaL_checklstring(L, 1, &n);
	int linktype = check_linktype(L, 2);
	luaL_argcheck(L, n <= 0xffffffffu, 1, "packet too long");
	lua_Number t = luaL_optnumber(L, 3, 0);
	luaL_argcheck(L, t >= 0 && t < 1e15, 3, "time stamp out of range");
	int64_t sec = (int64_t)t;
	uint32_t nsec = (uint32_t)((t - (lua_Number)sec) * 1e9);
	nlab_pkthdr h = {sec, nsec < 1000000000u ? nsec : 999999999u,
			 (uint32_t)n, (uint32_t)n, linktype, ""};
	nlab_lpacket_push(L, &h, (const uint8_t *)s, flows ? *flows : NULL);
	return 1;
}

/* Frees a flows userdata's table (__gc). */
static int l_flows_gc(lua_State *L)
{
	nlab_flows **f = luaL_checkudata(L, 1, NLAB_FLOWS);
	nlab_flows_free(*f);
	*f = NULL;
	return 0;
}

/* packet.flows() -> a conversation table (tcpdump's relative sequence
 * numbers) that decode(bytes, linktype, time, flows) notes packets in,
 * in the order they come: packets copied from a lab worker's capture
 * print as the capture's own do. */
static int l_packet_flows(lua_State *L)
{
	nlab_flows **f = lua_newuserdatauv(L, sizeof *f, 0);
	*f = NULL;
	if (luaL_newmetatable(L, NLAB_FLOWS)) {
		lua_pushcfunction(L, l_flows_gc);
		lua_setfield(L, -2, "__gc");
	}
	lua_setmetatable(L, -2);
	*f = nlab_flows_new();
	if (*f == NULL)
		return luaL_error(L, "not enough memory");
	return 1;
}

/* The upvalues of a getter of netlab.packet.field: the metamethods'
 * (UV_*), then its layer and its field. */
enum { UV_GET_LAYER = UV_COUNT + 1, UV_GET_FIELD, UV_GET_COUNT = UV_GET_FIELD };

/* A getter of netlab.packet.field: its field of its layer of the packet
 * at 1; nil when the packet has no such layer. */
static int l_field_get(lua_State *L)
{
	lpacket *p = check_self(L, UV_PACKET, NLAB_PACKET);
	int l = (int)lua_tointeger(L, lua_upvalueindex(UV_GET_LAYER));
	int id = (int)lua_tointeger(L, lua_upvalueindex(UV_GET_FIELD));
	lua_settop(L, 1);
	return nlab_lpacket_push_field(L, p, l, id);
}

/* Whether ID is one of layer L's fields. */
static int layer_has_field(int l, int id)
{
	for (int i = 0; i < 16 && nlab_lpacket_layer_fields[l][i]; i++)
		if (nlab_lpacket_layer_fields[l][i] == id)
			return 1;
	return 0;
}

/* field(name) -> getter: for "layer.field" ("tcp.flags"), a function
 * of a packet giving what p.tcp.flags gives, without the layer view. */
static int l_packet_field(lua_State *L)
{
	const char *name = nlab_checkstring(L, 1, NULL); /* no NUL inside */
	const char *dot = strchr(name, '.');
	if (!dot)
		return luaL_argerror(L, 1, "\"layer.field\" expected (\"tcp.flags\")");
	lua_settop(L, 1);
	lua_rawgetp(L, LUA_REGISTRYINDEX, &packet_mt_key); /* 2: the packet metatable */
	lua_getfield(L, 2, "__index"); /* 3: its closure, upvalues UV_* */
	lua_getupvalue(L, 3, UV_FIELDS); /* 4: the field ids by name */
	lua_pushlstring(L, name, (size_t)(dot - name)); /* 5: the layer's name */
	lua_pushvalue(L, 5);
	int l = (int)lua_tointeger(L, (lua_rawget(L, 4), -1)) - F_LAYER0;
	int id = (int)lua_tointeger(L, (lua_getfield(L, 4, dot + 1), -1));
	if (l < 0 || l >= NLAB_L_COUNT)
		return luaL_argerror(L, 1, lua_pushfstring(L, "no layer '%s'", lua_tostring(L, 5)));
	if (!layer_has_field(l, id))
		return luaL_argerror(L, 1, lua_pushfstring(L, "%s has no field '%s'", lua_tostring(L, 5), dot + 1));
	for (int i = 1; i <= UV_COUNT; i++) /* the same as p.x's __index */
		lua_getupvalue(L, 3, i);
	lua_pushinteger(L, l);
	lua_pushinteger(L, id);
	lua_pushcclosure(L, l_field_get, UV_GET_COUNT);
	return 1;
}

/* Pushes the table of field ids by name. */
static void push_field_ids(lua_State *L)
{
	lua_createtable(L, 0, F_COUNT);
	for (int i = 1; i < F_COUNT; i++) {
		const char *name = nlab_lpacket_field_name(i);
		if (!name)
			continue;
		lua_pushinteger(L, i);
		lua_setfield(L, -2, name);
	}
}

/* Pushes the 256 texts of the TCP flags byte, interned once. */
static void push_flag_texts(lua_State *L)
{
	char text[9];
	lua_createtable(L, 256, 0);
	for (int f = 0; f < 256; f++) {
		nlab_tcp_flags_text((uint8_t)f, text);
		lua_pushstring(L, text);
		lua_rawseti(L, -2, f + 1);
	}
}

/* Sets t[NAME] = F closed over the upvalues (UV_*) for the table on top;
 * UV is the stack index of the first upvalue. */
static void set_closure(lua_State *L, int uv, const char *name, lua_CFunction f)
{
	for (int i = 0; i < UV_COUNT; i++)
		lua_pushvalue(L, uv + i);
	lua_pushcclosure(L, f, UV_COUNT);
	lua_setfield(L, -2, name);
}

/* Creates the metatables and the name table once per Lua state. */
static void createmeta(lua_State *L)
{
	int uv = lua_gettop(L) + 1; /* the upvalues, in UV_* order: */
	push_field_ids(L);
	luaL_newmetatable(L, NLAB_PACKET);
	luaL_newmetatable(L, NLAB_LAYER);
	push_flag_texts(L);
	lua_pushnil(L); /* UV_NEXT, set below */
	for (int i = 0; i < UV_COUNT - 1; i++)
		lua_pushvalue(L, uv + i);
	lua_pushcclosure(L, l_layer_next, UV_COUNT - 1);
	lua_replace(L, uv + UV_NEXT - 1);
	lua_pushvalue(L, uv + UV_PACKET - 1);
	set_closure(L, uv, "__index", l_packet_index);
	lua_pushcfunction(L, l_packet_tostring);
	lua_setfield(L, -2, "__tostring");
	lua_pushcfunction(L, l_packet_newindex);
	lua_setfield(L, -2, "__newindex");
	lua_rawsetp(L, LUA_REGISTRYINDEX, &packet_mt_key);
	lua_pushvalue(L, uv + UV_LAYER - 1);
	set_closure(L, uv, "__index", l_layer_index);
	set_closure(L, uv, "__pairs", l_layer_pairs);
	set_closure(L, uv, "__tostring", l_layer_tostring);
	lua_pushcfunction(L, l_packet_newindex);
	lua_setfield(L, -2, "__newindex");
	lua_pop(L, 1);
	if (luaL_newmetatable(L, PRINTER)) {
		lua_pushcfunction(L, l_printer_gc);
		lua_setfield(L, -2, "__gc");
	}
	lua_settop(L, uv - 1);
}

/* require "netlab.c.packet" -> {packet = {decode = ...}}: netlab.packet's
 * decode one table down, so that only netlab.packet holds it as a
 * loaded module's field (what Lua names a function called through pcall
 * by: "bad argument #1 to 'netlab.packet.decode'"). */
int luaopen_netlab_packet(lua_State *L)
{
	if (lua_rawgetp(L, LUA_REGISTRYINDEX, &packet_mt_key) == LUA_TNIL)
		createmeta(L);
	lua_pop(L, 1);
	lua_newtable(L);
	lua_newtable(L);
	lua_pushcfunction(L, l_packet_decode);
	lua_setfield(L, -2, "decode");
	lua_pushcfunction(L, l_packet_flows);
	lua_setfield(L, -2, "flows");
	lua_pushcfunction(L, l_packet_field);
	lua_setfield(L, -2, "field");
	lua_setfield(L, -2, "packet");
	return 1;
}
