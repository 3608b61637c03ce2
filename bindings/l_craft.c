/* l_craft.c - "netlab.c.craft" (being written). */
#include "modules.h"

#include <lauxlib.h>

int luaopen_netlab_craft(lua_State *L)
{
	lua_newtable(L);
	return 1;
}
