/* iface.h - a namespace's interfaces and their addresses, as `ip link`,
 * `ip addr` and `ifconfig` show them, through libnl-route-3 (rtnl_link
 * and rtnl_addr caches): list, change (up, MTU, MAC), add an address
 * with a label (the alias IP "eth0:0"), delete one. */
#ifndef NLAB_IFACE_H
#define NLAB_IFACE_H

#include "ifaddr.h"
#include "link.h"

#include <stddef.h>
#include <stdint.h>

struct nl_sock;

/* One interface, as ip -s link shows it. */
typedef struct nlab_iface {
	char name[NLAB_IFNAME];
	int index;
	char mac[24];       /* "aa:bb:cc:dd:ee:ff"; "" if none */
	unsigned mtu;
	unsigned flags;     /* IFF_UP, IFF_RUNNING, IFF_LOOPBACK... */
	char state[16];     /* operational state: "UP", "DOWN", "UNKNOWN"... */
	unsigned txqlen;    /* the transmit queue's length, in packets */
	char kind[16];      /* ip -d link's type: "veth", "vxlan", "tun"...;
			       "" for lo and devices with none */
	uint64_t rx_packets, rx_bytes, tx_packets, tx_bytes;
} nlab_iface;

/* Writes at most MAX interfaces into ROWS, ordered by index; *COUNT is
 * how many there are (more than MAX: call again with room for them). */
int nlab_iface_list(struct nl_sock *sk, nlab_iface *rows, size_t max,
		    size_t *count);

/* What nlab_iface_set changes: each field only when its has_ is set. */
typedef struct nlab_iface_change {
	int has_up, up;
	int has_mtu;
	unsigned mtu;
	int has_mac;
	unsigned char mac[6];
} nlab_iface_change;

/* Changes interface NAME (ip link set NAME up|down mtu N address MAC). */
int nlab_iface_set(struct nl_sock *sk, const char *name,
		   const nlab_iface_change *c);

/* One address, as ip addr shows it. */
typedef struct nlab_iface_addr {
	char ifname[NLAB_IFNAME];
	char label[NLAB_IFNAME]; /* IPv4's label ("eth0:0"); "" for IPv6 */
	int family;              /* AF_INET or AF_INET6 */
	char address[48];
	int prefix;
	char broadcast[48];      /* "" if none */
	int scope;               /* RT_SCOPE_UNIVERSE, _LINK, _HOST */
	unsigned flags;          /* IFA_F_SECONDARY, IFA_F_PERMANENT... */
} nlab_iface_addr;

/* Writes at most MAX addresses into ROWS (by interface, IPv4 first);
 * *COUNT is how many there are. */
int nlab_iface_addrs(struct nl_sock *sk, nlab_iface_addr *rows, size_t max,
		     size_t *count);

/* Adds C to interface IFNAME with LABEL (NULL or "": the interface's
 * name), as ip addr add C brd + dev IFNAME label LABEL. -EEXIST if the
 * interface has it already. */
int nlab_iface_addr_add(struct nl_sock *sk, const char *ifname,
			const nlab_cidr *c, const char *label);

/* Deletes C from interface IFNAME (ip addr del C dev IFNAME);
 * -EADDRNOTAVAIL if it has no such address. */
int nlab_iface_addr_del(struct nl_sock *sk, const char *ifname,
			const nlab_cidr *c);

/* The name of address scope SCOPE: "global", "link", "host"... */
const char *nlab_iface_scope_name(int scope);

#endif
