/* route.h - a namespace's routing table through libnl-route-3's
 * rtnl_route objects: list the main table (route -n), add and delete
 * entries (route add / del), and ask which entry the kernel picks for a
 * destination (ip route get, RTM_GETROUTE). */
#ifndef NLAB_ROUTE_H
#define NLAB_ROUTE_H

#include "ifaddr.h"
#include "link.h"

struct nl_sock;

/* One routing table entry, as route -n and ip route show it. */
typedef struct nlab_route {
	int family;              /* AF_INET or AF_INET6 */
	unsigned char dst[16];   /* network byte order; all zero for default */
	int prefix;              /* 0-32 or 0-128 */
	int has_gw;              /* 1 if it goes via a gateway (next hop) */
	unsigned char gw[16];
	int ifindex;             /* 0 if none */
	char ifname[NLAB_IFNAME];
	unsigned metric;         /* the priority; lower wins among equals */
	int type;                /* RTN_UNICAST, RTN_LOCAL, RTN_UNREACHABLE... */
	int scope;               /* RT_SCOPE_UNIVERSE, _LINK, _HOST */
	unsigned table;          /* RT_TABLE_MAIN, RT_TABLE_LOCAL... */
} nlab_route;

/* What route_add and route_del take: DST (a network or host), and an
 * optional gateway, interface and metric. */
typedef struct nlab_route_spec {
	nlab_cidr dst;
	int has_gw;
	unsigned char gw[16];    /* of dst's family */
	const char *ifname;      /* NULL: let the kernel find it from gw */
	long metric;             /* -1: none given (the kernel's default) */
} nlab_route_spec;

/* Fills ROWS (room for MAX) with the main table's entries of FAMILY
 * (AF_UNSPEC: both), IPv4 first; *N is how many there are in all (may be
 * more than MAX: then only MAX were written). */
int nlab_route_list(struct nl_sock *sk, int family, nlab_route *rows,
		    int max, int *n);

/* Adds a route to the main table (ip route add, NLM_F_EXCL). */
int nlab_route_add(struct nl_sock *sk, const nlab_route_spec *r);

/* Deletes the main table's route matching R (ip route del). */
int nlab_route_del(struct nl_sock *sk, const nlab_route_spec *r);

/* The kernel's answer to "which route to ADDR?" (ip route get): the
 * route, and what of the reply ip prints beside it that libnl's
 * rtnl_route does not keep. */
typedef struct nlab_route_reply {
	nlab_route row;
	unsigned flags;          /* rtm_flags: RTM_F_CLONED, RTCF_LOCAL... */
	int protocol;            /* rtm_protocol: RTPROT_KERNEL, _BOOT... */
	unsigned table;          /* RTA_TABLE, else rtm_table */
	int has_src, src_len;    /* RTA_SRC ("from"), rtm_src_len */
	unsigned char src[16];
	int has_prefsrc;         /* RTA_PREFSRC ("src") */
	unsigned char prefsrc[16];
	int has_priority;        /* RTA_PRIORITY ("metric") */
	unsigned priority;
	int has_uid;             /* RTA_UID ("uid") */
	unsigned uid;
	int has_pref;            /* RTA_PREF ("pref", IPv6) */
	int pref;
} nlab_route_reply;

/* Asks the kernel which route it takes to ADDR (FAMILY's bytes). */
int nlab_route_get(struct nl_sock *sk, int family, const unsigned char *addr,
		   nlab_route_reply *out);

#endif
