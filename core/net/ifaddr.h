/* ifaddr.h - IP addresses of interfaces ("10.0.0.1/24", "fd00::1/64"):
 * parse the CIDR text, add one to an interface through libnl-route-3. */
#ifndef NLAB_IFADDR_H
#define NLAB_IFADDR_H

#include <stddef.h>

struct nl_sock;
struct nl_addr;
struct rtnl_addr;

typedef struct nlab_cidr {
	int family;              /* AF_INET or AF_INET6 */
	unsigned char addr[16];  /* network byte order; 4 bytes for IPv4 */
	int prefix;              /* 0-32 or 0-128 */
} nlab_cidr;

/* Parses "ADDRESS/PREFIX". Returns 0, NLAB_EADDR when the text is not
 * an address with a /prefix, or -ERANGE when the prefix is too long for
 * the family (then OUT has the family, for the message). */
int nlab_cidr_parse(const char *text, nlab_cidr *out);

/* The longest prefix of FAMILY: 32 or 128. */
int nlab_cidr_max_prefix(int family);

/* Writes the address without its prefix ("10.0.0.1"). */
int nlab_cidr_ip(const nlab_cidr *c, char *text, size_t size);

/* libnl's address object for BYTES (C's family's length) with C's prefix;
 * NULL when out of memory. The caller puts it (nl_addr_put). */
struct nl_addr *nlab_cidr_nladdr(const nlab_cidr *c, const void *bytes);

/* Sets A's IPv4 broadcast address (C's host bits all ones); nothing for
 * IPv6 or a /31 or /32. Returns 0 or an error code. */
int nlab_ifaddr_set_broadcast(struct rtnl_addr *a, const nlab_cidr *c);

/* Adds C to interface IFNAME (ip addr add C [brd +] dev IFNAME). IPv4
 * gets its broadcast address; IPv6 skips duplicate address detection, so
 * the address is usable at once rather than "tentative" for a second. */
int nlab_ifaddr_add(struct nl_sock *sk, const char *ifname, const nlab_cidr *c);

#endif
