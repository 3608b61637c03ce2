/* l_packet.c - "netlab.c.packet" (being written). */
#include "modules.h"

#include <lauxlib.h>

int luaopen_netlab_packet(lua_State *L)
{
	lua_newtable(L);
	return 1;
}
