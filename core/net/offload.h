/* offload.h - lab cables carry frames the size real cables do. */
#ifndef NLAB_OFFLOAD_H
#define NLAB_OFFLOAD_H

/* Turns off segmentation and receive offloads (TSO, GSO, GRO) of
 * interface IFNAME in the namespace NETNS, so that the kernel cuts TCP
 * segments to the MSS before they cross it, as on a real Ethernet: a
 * capture shows the segments a wire would carry, and libpcap sizes its
 * ring's frames by the MTU instead of 64 KiB. */
int nlab_offload_off(int netns, const char *ifname);

/* nlab_offload_off through SOCK, any socket already in the interface's
 * namespace (its netlink socket will do: the kernel takes ethtool
 * requests on a socket of any family), with no entering it. */
int nlab_offload_off_via(int sock, const char *ifname);

#endif
