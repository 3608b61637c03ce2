/* addr.c - socket addresses: numeric fast path, getaddrinfo otherwise. */
#include "addr.h"

#include "error.h"

#include <arpa/inet.h>
#include <netdb.h>
#include <netinet/in.h>
#include <stdio.h>
#include <string.h>
#include <sys/un.h>

/* Fills OUT with the wildcard address of FAMILY. */
static void addr_any(nlab_addr *out, int family, int port)
{
	memset(out, 0, sizeof *out);
	if (family == AF_INET6) {
		struct sockaddr_in6 *s6 = (struct sockaddr_in6 *)&out->ss;
		s6->sin6_family = AF_INET6;
		s6->sin6_addr = in6addr_any;
		s6->sin6_port = htons((unsigned short)port);
		out->len = sizeof *s6;
	} else {
		struct sockaddr_in *s4 = (struct sockaddr_in *)&out->ss;
		s4->sin_family = AF_INET;
		s4->sin_addr.s_addr = htonl(INADDR_ANY);
		s4->sin_port = htons((unsigned short)port);
		out->len = sizeof *s4;
	}
}

/* Parses numeric HOST; returns 1 on success, 0 if it is not numeric. */
static int addr_numeric(nlab_addr *out, int family, const char *host, int port)
{
	addr_any(out, family, port);
	if (family == AF_INET6) {
		struct sockaddr_in6 *s6 = (struct sockaddr_in6 *)&out->ss;
		return inet_pton(AF_INET6, host, &s6->sin6_addr) == 1;
	}
	struct sockaddr_in *s4 = (struct sockaddr_in *)&out->ss;
	return inet_pton(AF_INET, host, &s4->sin_addr) == 1;
}

/* Maps a getaddrinfo failure to a netlab code. */
static int gai_code(int rc)
{
	switch (rc) {
	case EAI_NONAME:
	case EAI_SERVICE:
	case EAI_NODATA:
		return NLAB_ENONAME;
	case EAI_FAMILY:
	case EAI_ADDRFAMILY:
		return NLAB_EFAMILY;
	case EAI_SYSTEM:
		return nlab_errno();
	default:
		return NLAB_ERESOLVE;
	}
}

/* Asks the resolver for HOST's first address of FAMILY. */
static int addr_lookup(nlab_addr *out, int family, int type, const char *host,
		       int port)
{
	struct addrinfo hints = {.ai_family = family, .ai_socktype = type};
	struct addrinfo *res = NULL;
	int rc = getaddrinfo(host, NULL, &hints, &res);
	if (rc != 0)
		return gai_code(rc);
	memset(out, 0, sizeof *out);
	memcpy(&out->ss, res->ai_addr, res->ai_addrlen);
	out->len = res->ai_addrlen;
	freeaddrinfo(res);
	if (family == AF_INET6)
		((struct sockaddr_in6 *)&out->ss)->sin6_port = htons((unsigned short)port);
	else
		((struct sockaddr_in *)&out->ss)->sin_port = htons((unsigned short)port);
	return 0;
}

int nlab_addr_resolve(nlab_addr *out, int family, int type, const char *host,
		      int port)
{
	if (host == NULL || strcmp(host, "*") == 0) {
		addr_any(out, family, port);
		return 0;
	}
	if (*host == '\0')
		return NLAB_EADDR;
	if (addr_numeric(out, family, host, port))
		return 0;
	int other = family == AF_INET6 ? AF_INET : AF_INET6;
	nlab_addr probe;
	if (addr_numeric(&probe, other, host, port))
		return NLAB_EFAMILY; /* an IPv4 literal on an IPv6 socket */
	return addr_lookup(out, family, type, host, port);
}

int nlab_addr_is_numeric(int family, const char *host)
{
	unsigned char buf[sizeof(struct in6_addr)];
	return inet_pton(family, host, buf) == 1;
}

int nlab_addr_port(const nlab_addr *a)
{
	if (a->ss.ss_family == AF_INET)
		return ntohs(((const struct sockaddr_in *)&a->ss)->sin_port);
	if (a->ss.ss_family == AF_INET6)
		return ntohs(((const struct sockaddr_in6 *)&a->ss)->sin6_port);
	return 0;
}

int nlab_addr_unix(nlab_addr *out, const char *path)
{
	struct sockaddr_un *su = (struct sockaddr_un *)&out->ss;
	size_t n = strlen(path);
	memset(out, 0, sizeof *out);
	if (n == 0 || n >= sizeof su->sun_path)
		return NLAB_EADDR;
	su->sun_family = AF_UNIX;
	memcpy(su->sun_path, path, n);
	out->len = (socklen_t)(offsetof(struct sockaddr_un, sun_path) + n + 1);
	if (path[0] == '@' && n > 1) { /* an abstract name, as ss -x shows it */
		su->sun_path[0] = '\0';
		out->len--; /* no terminating NUL: the name is its bytes */
	}
	return 0;
}

int nlab_addr_format(const nlab_addr *a, char *text, size_t size, int *port)
{
	const struct sockaddr *sa = (const struct sockaddr *)&a->ss;
	*port = 0;
	switch (sa->sa_family) {
	case AF_INET: {
		const struct sockaddr_in *s4 = (const struct sockaddr_in *)sa;
		*port = ntohs(s4->sin_port);
		return inet_ntop(AF_INET, &s4->sin_addr, text, (socklen_t)size) ? 0 : nlab_errno();
	}
	case AF_INET6: {
		const struct sockaddr_in6 *s6 = (const struct sockaddr_in6 *)sa;
		*port = ntohs(s6->sin6_port);
		return inet_ntop(AF_INET6, &s6->sin6_addr, text, (socklen_t)size) ? 0 : nlab_errno();
	}
	case AF_UNIX: {
		const struct sockaddr_un *su = (const struct sockaddr_un *)sa;
		size_t max = a->len > offsetof(struct sockaddr_un, sun_path)
				     ? a->len - offsetof(struct sockaddr_un, sun_path) : 0;
		if (max > 1 && su->sun_path[0] == '\0') /* abstract: "@name" */
			snprintf(text, size, "@%.*s", (int)(max - 1), su->sun_path + 1);
		else
			snprintf(text, size, "%.*s", (int)strnlen(su->sun_path, max), su->sun_path);
		return 0;
	}
	default:
		return NLAB_EFAMILY;
	}
}

const char *nlab_family_name(int family)
{
	switch (family) {
	case AF_INET: return "inet";
	case AF_INET6: return "inet6";
	case AF_UNIX: return "unix";
	default: return "unknown";
	}
}
