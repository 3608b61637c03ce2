/* l_diag.c - "netlab.c.diag" (being written). */
#include "modules.h"

#include <lauxlib.h>

int luaopen_netlab_diag(lua_State *L)
{
	lua_newtable(L);
	return 1;
}
