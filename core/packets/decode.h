/* decode.h - where each layer of a packet starts, found once.
 *
 * nlab_decode walks a packet's bytes from its link layer down to its
 * payload and records the offset of every layer it recognises; fields
 * are then read at those offsets through pkt.h's getters. A layer the
 * capture cuts short is "truncated": it is present if any of its bytes
 * were captured (fields outside them are not read). A layer whose fields
 * contradict its protocol (an IPv4 header length under 20 bytes) is
 * "invalid", and present unless its version field says it is another
 * protocol. Either ends the walk. */
#ifndef NLAB_DECODE_H
#define NLAB_DECODE_H

#include "pkt.h"

/* Link-layer types (pcap's DLT_ values on Linux). */
enum {
	NLAB_DLT_NULL = 0,
	NLAB_DLT_EN10MB = 1,
	NLAB_DLT_RAW = 12,
	NLAB_DLT_RAW14 = 14,   /* DLT_RAW on OpenBSD */
	NLAB_DLT_RAW101 = 101, /* LINKTYPE_RAW as some pcap files store it */
	NLAB_DLT_LOOP = 108,
	NLAB_DLT_LINUX_SLL = 113,
	NLAB_DLT_IPNET = 226, /* Solaris's ipnet: 24 bytes, then IP */
	NLAB_DLT_NFLOG = 239, /* netfilter log: TLVs, one the IP packet */
	NLAB_DLT_IPV4 = 228,
	NLAB_DLT_IPV6 = 229,
	NLAB_DLT_LINUX_SLL2 = 276,
};

/* The layers, in the order p:layers() can list them. */
enum nlab_layer {
	NLAB_L_ETH,  /* Ethernet II header */
	NLAB_L_VLAN, /* the first 802.1Q / 802.1ad tag */
	NLAB_L_SLL,  /* Linux "cooked" header, v1 or v2 */
	NLAB_L_LOOP, /* BSD loopback (DLT_NULL, DLT_LOOP) */
	NLAB_L_ARP,
	NLAB_L_IP,
	NLAB_L_IP6,
	NLAB_L_TCP,
	NLAB_L_UDP,
	NLAB_L_ICMP,
	NLAB_L_ICMP6,
	NLAB_L_COUNT
};

/* How the walk ended. */
enum nlab_decode_status {
	NLAB_DECODE_OK,
	NLAB_DECODE_TRUNCATED,
	NLAB_DECODE_INVALID
};

/* What nlab_decode found. Offsets are from the first captured byte. */
typedef struct nlab_decoded {
	uint32_t off[NLAB_L_COUNT];  /* where each present layer starts */
	uint16_t present;	     /* bit (1 << layer) per present layer */
	uint8_t order[NLAB_L_COUNT]; /* present layers, outermost first */
	uint8_t nlayers;
	uint8_t status; /* enum nlab_decode_status */
	uint8_t bad;	/* the truncated or invalid layer */
	uint8_t sll2;	/* NLAB_L_SLL is the v2 header */
	uint8_t proto;	/* upper protocol after IPv4/IPv6 headers */
	uint32_t
	    link_len; /* bytes of link-layer header (tcpdump -X skips them) */
	uint32_t net_end;     /* end of the IP datagram within the capture */
	uint32_t l4_len;      /* transport bytes on the wire (header + data),
				 by the IP length fields */
	uint32_t frag6;	      /* offset of an IPv6 fragment header, 0: none */
	uint32_t payload_off; /* bytes after the last header... */
	uint32_t payload_len; /* ...as captured */
} nlab_decoded;

/* Decodes packet (H, DATA) into *D. Always succeeds: what cannot be
 * decoded is left out and said in D->status and D->bad. */
void nlab_decode(const nlab_pkthdr *h, const uint8_t *data, nlab_decoded *d);

/* Returns 1 if layer L is present in D. */
static inline int nlab_decoded_has(const nlab_decoded *d, int l)
{
	return (d->present >> l) & 1;
}

/* The name of layer L ("eth", "ip", "tcp"...). */
const char *nlab_layer_name(int l);

/* Writes tcpdump's text for TCP flags F ("S", "S.", "none") into OUT
 * (at least 9 bytes). */
void nlab_tcp_flags_text(uint8_t f, char *out);

/* Writes an IPv4 address in dotted form into OUT (at least 16 bytes);
 * returns its length. */
int nlab_ip4_text(nlab_view v, size_t off, char *out);

/* Writes an IPv6 address (RFC 5952 form) into OUT (at least 46 bytes). */
int nlab_ip6_text(nlab_view v, size_t off, char *out);

/* Writes N bytes as "aa:bb:cc" into OUT (at least 3 * N bytes). */
int nlab_mac_text(nlab_view v, size_t off, size_t n, char *out);

#endif
