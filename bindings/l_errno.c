/* l_errno.c - "netlab.errno": errno names to numbers and back, so a
 * script can write `if code == errno.ECONNREFUSED`. */
#include "modules.h"

#include <errno.h>
#include <lauxlib.h>

#define E(name) {#name, name}

static const struct errno_name {
	const char *name;
	int value;
} errnos[] = {
	E(EPERM), E(ENOENT), E(ESRCH), E(EINTR), E(EIO), E(ENXIO), E(E2BIG),
	E(ENOEXEC), E(EBADF), E(ECHILD), E(EAGAIN), E(ENOMEM), E(EACCES),
	E(EFAULT), E(EBUSY), E(EEXIST), E(EXDEV), E(ENODEV), E(ENOTDIR),
	E(EISDIR), E(EINVAL), E(ENFILE), E(EMFILE), E(ENOTTY), E(EFBIG),
	E(ENOSPC), E(ESPIPE), E(EROFS), E(EMLINK), E(EPIPE), E(ERANGE),
	E(ENAMETOOLONG), E(ENOSYS), E(ENOTEMPTY), E(ELOOP), E(ENOTSOCK),
	E(EDESTADDRREQ), E(EMSGSIZE), E(EPROTOTYPE), E(ENOPROTOOPT),
	E(EPROTONOSUPPORT), E(EOPNOTSUPP), E(EAFNOSUPPORT), E(EADDRINUSE),
	E(EADDRNOTAVAIL), E(ENETDOWN), E(ENETUNREACH), E(ENETRESET),
	E(ECONNABORTED), E(ECONNRESET), E(ENOBUFS), E(EISCONN), E(ENOTCONN),
	E(ESHUTDOWN), E(ETIMEDOUT), E(ECONNREFUSED), E(EHOSTDOWN),
	E(EHOSTUNREACH), E(EALREADY), E(EINPROGRESS), E(ENODATA), E(EPROTO),
	E(ENOTSUP), E(ENONET), E(EXFULL),
};

int luaopen_netlab_errno(lua_State *L)
{
	size_t n = sizeof errnos / sizeof errnos[0];
	lua_createtable(L, (int)n, (int)n);
	for (size_t i = 0; i < n; i++) {
		lua_pushinteger(L, errnos[i].value);
		lua_setfield(L, -2, errnos[i].name);
		/* EAGAIN and EWOULDBLOCK, ENOTSUP and EOPNOTSUPP share numbers:
		 * the first name listed wins the reverse mapping */
		if (lua_rawgeti(L, -1, errnos[i].value) == LUA_TNIL) {
			lua_pushstring(L, errnos[i].name);
			lua_rawseti(L, -3, errnos[i].value);
		}
		lua_pop(L, 1);
	}
	return 1;
}
