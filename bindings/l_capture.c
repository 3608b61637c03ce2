/* l_capture.c - "netlab.c.capture" (being written). */
#include "modules.h"

#include <lauxlib.h>

int luaopen_netlab_capture(lua_State *L)
{
	lua_newtable(L);
	return 1;
}
