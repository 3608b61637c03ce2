/* wire_udp.h - a wire end carried as UDP datagrams (a link between two
 * machines whose netlab may not make a VXLAN device there: rootless).
 * Each frame crosses as one datagram of a connected UDP socket in the
 * machine's own network (a socket any user may open):
 *
 *   | offload state (nlab_vnet, 10 bytes) | the Ethernet frame |
 *
 * the frame's offload state as the near kernel gave it (a checksum still
 * to fill in), so the far kernel finishes it as a veth's far end would.
 * The header is in the machines' own byte order, little-endian (a
 * big-endian machine refuses to open one). A connected socket takes
 * datagrams from its peer's address and port only. */
#ifndef NLAB_WIRE_UDP_H
#define NLAB_WIRE_UDP_H

#include "wire_io.h"

#include <stddef.h>
#include <stdint.h>
#include <sys/socket.h>

typedef struct nlab_udp nlab_udp;

/* A UDP socket of the calling thread's network namespace bound to LOCAL
 * (its port 0: any free one), with NLAB_IO_BATCH receive buffers; 0 or
 * an error code (-EADDRINUSE: the port is taken, -EADDRNOTAVAIL: LOCAL
 * is not an address of this machine). */
int nlab_udp_open(const struct sockaddr *local, socklen_t len, nlab_udp **out);

/* Connects U to its peer REMOTE: datagrams go there, and only its come
 * in. 0 or an error code. */
int nlab_udp_connect(nlab_udp *u, const struct sockaddr *remote, socklen_t len);

/* U's socket: to send on (a batch, wire_io.h) and to wait on. */
int nlab_udp_fd(const nlab_udp *u);

/* The port U is bound to. */
int nlab_udp_port(const nlab_udp *u);

/* Reads the datagrams waiting, at most NLAB_IO_BATCH, into U's buffers:
 * how many (0: none), or an error code the socket reported (its peer's
 * port closed: -ECONNREFUSED), which it no longer reports. A datagram
 * may hold several frames (a train the kernel took in as one: UDP_GRO);
 * nlab_udp_count says how many all hold. *DROPPED gets the datagrams the
 * kernel dropped for want of room since the last read. */
int nlab_udp_read(nlab_udp *u, uint64_t *dropped);

/* The frames the last read took. */
int nlab_udp_count(const nlab_udp *u);

/* The frame I of the last read (0 <= I < nlab_udp_count), with its
 * offload state in *VNET and its length in *N; NULL when it is not one a
 * peer sends (nlab_udp_frame_check) or its datagram was cut. */
uint8_t *nlab_udp_frame(nlab_udp *u, int i, size_t *n, nlab_vnet *vnet);

/* Sends the frames batch B holds (wire_io.h: each its header and its
 * bytes), each one datagram to U's peer, and empties B: a run of frames
 * of one size goes as one GSO send (UDP_SEGMENT), cut into datagrams by
 * the kernel or the card. Counts as nlab_io_send does. */
void nlab_udp_send(nlab_udp *u, nlab_batch *b, nlab_io_counts c);

/* The frame in the N-byte datagram at DATA: its offset past the header,
 * with its offload state in *VNET and its length in *LEN; -1 when the
 * datagram is not a frame a peer sends: shorter than the header and an
 * Ethernet header, a GSO super-frame, flags other than "checksum still
 * to fill in", or a checksum place outside the frame. */
int nlab_udp_frame_check(const uint8_t *data, size_t n, nlab_vnet *vnet,
			 size_t *len);

/* Closes the socket and frees the buffers; NULL is fine. */
void nlab_udp_close(nlab_udp *u);

#endif
