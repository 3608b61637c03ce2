/* link.h - network interfaces of one namespace, through libnl-route-3:
 * bring one up, pick a free name, make a veth pair across namespaces. */
#ifndef NLAB_LINK_H
#define NLAB_LINK_H

#include <stddef.h>

struct nl_sock;

/* The longest interface name, with its NUL (IFNAMSIZ). */
#define NLAB_IFNAME 16

/* Sets interface NAME up (ip link set NAME up). */
int nlab_link_up(struct nl_sock *sk, const char *name);

/* Gives interface NAME no IPv6 link-local address when it comes up
 * (ip link set NAME addrgenmode none): set while it is down, the kernel
 * then sends nothing of its own on it (no DAD, MLD report or router
 * solicitation) until an IPv6 address is added. */
int nlab_link_no_linklocal(struct nl_sock *sk, const char *name);

/* Makes interface NAME a port of the interface with index MASTER (a
 * bridge): ip link set NAME master M. Like nlab_link_up, one request
 * naming the interface, no lookup first. */
int nlab_link_enslave(struct nl_sock *sk, const char *name, int master);

/* How many names PREFIXn nlab_link_free_name tries at most. */
#define NLAB_LINK_NAMES 1000000

/* Writes the first name PREFIXn, n >= *NEXT, no interface has, and sets
 * *NEXT past it; a *NEXT below 0 (not known) starts at the lowest free n,
 * found by one dump of the table. Each candidate after that is one
 * lookup by name: the thousandth link of a switch costs what its first
 * did. */
int nlab_link_free_name(struct nl_sock *sk, const char *prefix, int *next,
			char *out, size_t size);

/* Makes a veth pair: NAME in SK's namespace (with interface index INDEX
 * if above 0, else the kernel's next), PEER_NAME in the namespace
 * PEER_NETNS (an fd). Both ends are created there directly, down, with
 * one transmit and one receive queue. */
int nlab_link_veth(struct nl_sock *sk, const char *name, int index,
		   int peer_netns, const char *peer_name);

/* Moves interface NAME into namespace NETNS (an fd), renamed NEW_NAME
 * there (ip link set NAME netns N name NEW_NAME); it arrives down, its
 * addresses and routes left behind. */
int nlab_link_move(struct nl_sock *sk, const char *name, int netns,
		   const char *new_name);

/* Sets *READY to 1 if interface NAME is operationally up and can send:
 * carrier on (operstate UP, or UNKNOWN with the carrier flag: a tunnel,
 * a TUN) and its queueing discipline attached. The kernel does both
 * shortly after the link is set up (its linkwatch work); packets sent
 * before are dropped. */
int nlab_link_ready(struct nl_sock *sk, const char *name, int *ready);

/* Deletes interface NAME (for a veth, both ends go). */
int nlab_link_del(struct nl_sock *sk, const char *name);

/* The interface index of NAME, in *INDEX. */
int nlab_link_index(struct nl_sock *sk, const char *name, int *index);

#endif
