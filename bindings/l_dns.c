/* l_dns.c - "netlab.c.dns": the resolver calls behind socket.dns. */
#include "lnetlab.h"
#include "modules.h"

#include "addr.h"
#include "error.h"

#include <netdb.h>
#include <string.h>
#include <sys/socket.h>
#include <unistd.h>

/* LuaSocket's messages for getaddrinfo's failures (socket_gaistrerror). */
static const char *gai_message(int rc)
{
	switch (rc) {
	case EAI_AGAIN: return "temporary failure in name resolution";
	case EAI_FAMILY: return "ai_family not supported";
	case EAI_NONAME: return "host or service not provided, or not known";
	case EAI_SERVICE: return "service not supported for socket type";
	default: return gai_strerror(rc);
	}
}

/* dns.getaddrinfo(host) -> {{family = "inet", addr = "1.2.3.4"}, ...} |
 * nil, message */
static int l_dns_getaddrinfo(lua_State *L)
{
	const char *host = nlab_checkstring(L, 1, NULL);
	struct addrinfo hints = {.ai_family = AF_UNSPEC, .ai_socktype = SOCK_STREAM};
	struct addrinfo *res = NULL;
	int rc = getaddrinfo(host, NULL, &hints, &res);
	if (rc != 0) {
		lua_pushnil(L);
		lua_pushstring(L, gai_message(rc));
		return 2;
	}
	lua_newtable(L);
	int i = 1;
	for (struct addrinfo *ai = res; ai; ai = ai->ai_next) {
		nlab_addr a = {.len = ai->ai_addrlen};
		char text[NLAB_ADDR_TEXT];
		int port;
		memcpy(&a.ss, ai->ai_addr, ai->ai_addrlen);
		if (nlab_addr_format(&a, text, sizeof text, &port) != 0)
			continue;
		lua_createtable(L, 0, 2);
		lua_pushstring(L, nlab_family_name(ai->ai_family));
		lua_setfield(L, -2, "family");
		lua_pushstring(L, text);
		lua_setfield(L, -2, "addr");
		lua_rawseti(L, -2, i++);
	}
	freeaddrinfo(res);
	return 1;
}

/* dns.getnameinfo(ip) -> host name | nil, message */
static int l_dns_getnameinfo(lua_State *L)
{
	const char *ip = nlab_checkstring(L, 1, NULL);
	nlab_addr a;
	if (nlab_addr_resolve(&a, strchr(ip, ':') ? AF_INET6 : AF_INET,
			      SOCK_STREAM, ip, 0) != 0) {
		lua_pushnil(L);
		lua_pushliteral(L, "host not found");
		return 2;
	}
	char host[NI_MAXHOST];
	int rc = getnameinfo((struct sockaddr *)&a.ss, a.len, host, sizeof host,
			     NULL, 0, NI_NAMEREQD);
	if (rc != 0) {
		lua_pushnil(L);
		lua_pushstring(L, rc == EAI_NONAME ? "host not found" : gai_message(rc));
		return 2;
	}
	lua_pushstring(L, host);
	return 1;
}

/* dns.gethostname() -> this machine's name */
static int l_dns_gethostname(lua_State *L)
{
	char name[256];
	if (gethostname(name, sizeof name) != 0)
		return nlab_push_error(L, nlab_errno());
	name[sizeof name - 1] = '\0';
	lua_pushstring(L, name);
	return 1;
}

static const luaL_Reg dns_funcs[] = {
	{"getaddrinfo", l_dns_getaddrinfo},
	{"getnameinfo", l_dns_getnameinfo},
	{"gethostname", l_dns_gethostname},
	{NULL, NULL},
};

int luaopen_netlab_dns(lua_State *L)
{
	luaL_newlib(L, dns_funcs);
	return 1;
}
