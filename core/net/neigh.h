/* neigh.h - a namespace's neighbour table (ARP for IPv4, NDP for IPv6)
 * through libnl-route-3's rtnl_neigh objects: list it (arp -a), add a
 * permanent entry (arp -s), delete entries (arp -d), flush it. */
#ifndef NLAB_NEIGH_H
#define NLAB_NEIGH_H

#include "link.h"

struct nl_sock;

/* One neighbour entry. */
typedef struct nlab_neigh {
	int family;              /* AF_INET or AF_INET6 */
	unsigned char ip[16];    /* network byte order */
	int has_mac;             /* 0 while the address is being resolved */
	unsigned char mac[6];
	int ifindex;
	char ifname[NLAB_IFNAME];
	int state;               /* NUD_* bits: NUD_REACHABLE, NUD_STALE... */
} nlab_neigh;

/* Fills ROWS (room for MAX) with the table's entries, but for NOARP ones
 * (multicast and the like, which arp -a does not show); *N is how many
 * there are in all (only MAX written when more). */
int nlab_neigh_list(struct nl_sock *sk, nlab_neigh *rows, int max, int *n);

/* Adds or replaces an entry in state NUD (NUD_PERMANENT, or a learnt
 * one's NUD_REACHABLE or NUD_STALE): IP (FAMILY's bytes) is at MAC on
 * interface IFNAME (ip neigh replace IP lladdr MAC dev IFNAME nud NUD). */
int nlab_neigh_add(struct nl_sock *sk, int family, const unsigned char *ip,
		   const unsigned char *mac, const char *ifname, int nud);

/* Deletes the entries for IP (FAMILY's bytes) on every interface; sets
 * *COUNT to how many there were (0: none, not an error). */
int nlab_neigh_del(struct nl_sock *sk, int family, const unsigned char *ip,
		   int *count);

/* Deletes every entry but NOARP ones; *COUNT is how many went. */
int nlab_neigh_flush(struct nl_sock *sk, int *count);

#endif
