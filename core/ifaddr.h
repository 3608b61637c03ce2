/* ifaddr.h - IP addresses of interfaces ("10.0.0.1/24", "fd00::1/64"):
 * parse the CIDR text, add one to an interface through libnl-route-3. */
#ifndef NLAB_IFADDR_H
#define NLAB_IFADDR_H

#include <stddef.h>

struct nl_sock;

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

/* Adds C to interface IFNAME (ip addr add C [brd +] dev IFNAME). IPv4
 * gets its broadcast address; IPv6 skips duplicate address detection, so
 * the address is usable at once rather than "tentative" for a second. */
int nlab_ifaddr_add(struct nl_sock *sk, const char *ifname, const nlab_cidr *c);

#endif
