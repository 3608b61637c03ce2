/* tunnel.h - tunnel interfaces (a packet inside a packet) through
 * libnl-route-3: VXLAN, Geneve, GRE, IPIP and SIT, one end per host. */
#ifndef NLAB_TUNNEL_H
#define NLAB_TUNNEL_H

#include <stdint.h>

struct nl_sock;

/* The kinds of tunnel, as ip link's "type" names them. */
enum nlab_tunnel_kind {
	NLAB_TUNNEL_VXLAN,  /* Ethernet in UDP (RFC 7348) */
	NLAB_TUNNEL_GENEVE, /* Ethernet in UDP (RFC 8926) */
	NLAB_TUNNEL_GRE,    /* IP in GRE in IPv4 (RFC 2784) */
	NLAB_TUNNEL_IPIP,   /* IPv4 in IPv4 (RFC 2003) */
	NLAB_TUNNEL_SIT,    /* IPv6 in IPv4 (RFC 4213) */
};

/* One end of a tunnel: its outer (underlay) addresses and settings. */
typedef struct nlab_tunnel_spec {
	int kind;                  /* enum nlab_tunnel_kind */
	int family;                /* of the outer addresses: AF_INET(6) */
	unsigned char local[16];   /* this end's outer address */
	unsigned char remote[16];  /* the other end's */
	uint32_t vni;              /* VXLAN and Geneve: 0-16777215 */
	int port;                  /* VXLAN and Geneve: UDP port */
	int mtu;                   /* the tunnel interface's MTU; 0: kernel's */
	int into_netns;            /* namespace fd the interface is put in,
				      its outer socket staying in SK's; -1:
				      SK's own (a lab worker's cross link) */
} nlab_tunnel_spec;

/* Makes tunnel interface NAME in SK's namespace, down. A kernel built
 * without the kind answers -EOPNOTSUPP. */
int nlab_tunnel_add(struct nl_sock *sk, const char *name,
		    const nlab_tunnel_spec *t);

#endif
