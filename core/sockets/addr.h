/* addr.h - socket addresses: parse, resolve and format. */
#ifndef NLAB_ADDR_H
#define NLAB_ADDR_H

#include <stddef.h>
#include <sys/socket.h>

typedef struct nlab_addr {
	struct sockaddr_storage ss;
	socklen_t len;
} nlab_addr;

/* The longest text an address formats to (a unix path or an IPv6 text). */
#define NLAB_ADDR_TEXT 112

/* Resolves HOST and PORT for a socket of FAMILY (AF_INET or AF_INET6) and
 * TYPE. HOST "*" (or NULL) is the wildcard address, numeric text skips the
 * resolver; anything else goes through getaddrinfo. */
int nlab_addr_resolve(nlab_addr *out, int family, int type, const char *host,
		      int port);

/* Returns 1 if HOST is a numeric address of FAMILY ("10.0.0.1", "::1"). */
int nlab_addr_is_numeric(int family, const char *host);

/* The port of an IPv4 or IPv6 address (0 for others). */
int nlab_addr_port(const nlab_addr *a);

/* Makes a unix-domain address from PATH ("@name": an abstract name). */
int nlab_addr_unix(nlab_addr *out, const char *path);

/* Writes an address as text (IP or path) and its port (0 for unix). */
int nlab_addr_format(const nlab_addr *a, char *text, size_t size, int *port);

/* Returns "inet", "inet6" or "unix" for an address family. */
const char *nlab_family_name(int family);

#endif
