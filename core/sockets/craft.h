/* craft.h - crafted packets: internet checksums and the sockets that put
 * hand-made bytes on a lab host's wire.
 *
 * A crafted packet is serialised once (scripts/netlab/packet.lua) into a
 * buffer; a loop that changes one field patches the buffer in place and
 * nlab_craft_fix recomputes only the checksums, so sending a template
 * again costs a few stores, one checksum over its headers and a sendto.
 * Sockets are raw ones made inside the host's namespace: IPv4 and IPv6
 * with the header included, and packet sockets for frames. */
#ifndef NLAB_CRAFT_H
#define NLAB_CRAFT_H

#include <stddef.h>
#include <stdint.h>

struct mmsghdr;

/* The ones'-complement sum of N bytes at P added to SUM, not folded. */
uint32_t nlab_craft_sum(const uint8_t *p, size_t n, uint32_t sum);

/* Folds SUM to 16 bits and complements it: the checksum to store. */
uint16_t nlab_craft_fold(uint32_t sum);

/* Which checksums nlab_craft_fix fills in. */
enum { NLAB_FIX_IP = 1, NLAB_FIX_L4 = 2 };

/* Fills in the checksums FLAGS asks for of the IPv4 or IPv6 packet at
 * L3OFF in the N bytes at P: the IPv4 header's, and the TCP, UDP, ICMP
 * or ICMPv6 one after it (with the pseudo-header where the protocol has
 * one). Packets it cannot parse (truncated, fragments) are left as they
 * are. */
void nlab_craft_fix(uint8_t *p, size_t n, size_t l3off, unsigned flags);

/* The kinds of crafting socket. */
enum nlab_craft_kind {
	NLAB_CRAFT_IP4,   /* AF_INET raw, header included: sends IPv4 packets */
	NLAB_CRAFT_IP6,   /* AF_INET6 raw, header included: sends IPv6 packets */
	NLAB_CRAFT_LINK,  /* AF_PACKET raw bound to one interface: sends frames */
	NLAB_CRAFT_SNIFF, /* AF_PACKET raw, every protocol on every interface:
	                     receives frames (replies to match) */
};

/* Opens a non-blocking, close-on-exec socket of KIND inside namespace
 * NETNS into *FD; IFNAME names the interface of NLAB_CRAFT_LINK (its
 * index goes to *IFINDEX). -ENODEV for an unknown interface. */
int nlab_craft_open(int netns, int kind, const char *ifname, int *fd, int *ifindex);

/* Sends the N bytes at P on crafting socket FD of KIND; an IP packet goes
 * to the destination in its own header. Returns the bytes sent or a
 * negative error (-EAGAIN when the socket's buffer is full). */
long nlab_craft_send(int fd, int kind, const uint8_t *p, size_t n);

/* Sends the N frames of M (a frame an iovec each, no address: FD is a
 * link socket bound to its interface) by sendmmsg, as many a call as the
 * kernel takes, without waiting. Returns how many went: N, or fewer when
 * the socket's buffer filled or the next frame failed (a call for the
 * rest then says which); -EAGAIN when not one could go, or the first
 * frame's negative error. */
long nlab_craft_sendmmsg(int fd, struct mmsghdr *m, unsigned n);

/* Receives one frame of at most CAP bytes into BUF without waiting;
 * returns its length (the wire length, which may exceed CAP) or a
 * negative error; *OUTGOING is 1 for a frame this host sent. */
long nlab_craft_recv(int fd, uint8_t *buf, size_t cap, int *outgoing);

#endif
