/* wire_io.h - how a wire (wire.h) moves frames: each end's packet socket
 * has a receive ring (PACKET_RX_RING, TPACKET_V2) that the kernel fills
 * in the sending program's own system call and netlab reads in place,
 * and a second socket that only sends, a batch of frames a sendmmsg.
 * No frame is copied on its way through unless it has to wait. Both
 * sockets speak PACKET_VNET_HDR: each frame comes with the kernel's
 * offload state (a checksum still to fill in, a GSO size) and goes out
 * with it, so the far host's kernel finishes what the near one left. */
#ifndef NLAB_WIRE_IO_H
#define NLAB_WIRE_IO_H

#include <linux/virtio_net.h>
#include <stddef.h>
#include <stdint.h>
#include <sys/socket.h>
#include <sys/uio.h>

/* Frames one sendmmsg moves, and the most read before they are sent. */
#define NLAB_IO_BATCH 64

/* An end's receive ring. */
typedef struct nlab_ring {
	uint8_t *map;	 /* NULL until mapped */
	size_t size;	 /* bytes mapped */
	unsigned frame;	 /* bytes a slot */
	unsigned frames; /* slots */
	unsigned next;	 /* the slot read next */
	int losing;	 /* the kernel has marked a frame: it refused some */
} nlab_ring;

/* A frame's offload state as the kernel gives and takes it
 * (virtio_net.h, in this machine's byte order). */
typedef struct virtio_net_hdr nlab_vnet;

/* Frames on their way out of one socket: iovecs (each frame's offload
 * state, then its bytes) on ring slots or on queued copies (OWNED:
 * freed once sent). */
typedef struct nlab_batch {
	struct mmsghdr msg[NLAB_IO_BATCH];
	nlab_vnet vnet[NLAB_IO_BATCH];
	struct iovec iov[2 * NLAB_IO_BATCH];
	uint8_t *owned[NLAB_IO_BATCH];
	int n;
} nlab_batch;

/* What became of the frames a batch sent: sent, or refused (counted
 * dropped); of those refused, ERRORS counts the ones refused for a
 * reason a cable never has (the far end gone, a frame the kernel calls
 * invalid), the last such errno in *ERROR. */
typedef struct nlab_io_counts {
	uint64_t *sent, *refused, *errors;
	int *error, *error_receiving; /* the latter cleared */
} nlab_io_counts;

/* Inside the interface's namespace: a socket receiving every frame that
 * reaches interface INDEX but those it sends, through ring R; its fd or
 * an error code (R is unmapped then). */
int nlab_io_open_receiver(unsigned index, nlab_ring *r);

/* Inside the namespace: a socket that only sends out of INDEX, past the
 * qdisc; its fd or an error code. */
int nlab_io_open_sender(unsigned index);

/* Unmaps R; safe on a ring never mapped. */
void nlab_io_ring_close(nlab_ring *r);

/* The frame in R's next slot, if the kernel has put one there: sets *N to
 * its length (an 802.1Q tag the kernel took out put back in), *VNET to
 * its offload state and *STATUS to 1 when it was longer than a slot
 * (cut), 2 when it came from this host (kernels before
 * PACKET_IGNORE_OUTGOING), else 0, and moves past it. NULL when the ring
 * is empty. */
uint8_t *nlab_io_next(nlab_ring *r, size_t *n, nlab_vnet *vnet, int *status);

/* Fills in the checksum the N-byte frame at DATA still lacks (VNET says
 * where, from a sender that left it to the hardware) and clears VNET's
 * note of it: the frame is then whole, as its sender would have sent it
 * without the offload. Does nothing to a frame whose checksum is done, or
 * whose VNET points outside it. */
void nlab_io_csum_finish(uint8_t *data, size_t n, nlab_vnet *vnet);

/* Gives the COUNT slots read last back to the kernel. */
void nlab_io_release(nlab_ring *r, unsigned count);

/* How many frames receiver FD's kernel refused since the last call for
 * want of a free slot in R (checked only when R is full or the kernel
 * said so), or 0. */
uint64_t nlab_io_overflow(int fd, nlab_ring *r);

/* Adds the N bytes at DATA, with offload state VNET, to B, bound out of
 * FD, sending B first when it is full. */
void nlab_io_add(nlab_batch *b, int fd, uint8_t *data, size_t n,
		 const nlab_vnet *vnet, uint8_t *owned, nlab_io_counts c);

/* Sends what B holds out of FD: a frame the kernel refuses counts
 * refused and the rest still go; a refusal a cable could meet too (the
 * far end down, its queue full, a frame over its MTU) is only a drop,
 * any other one counts an error as well. */
void nlab_io_send(nlab_batch *b, int fd, nlab_io_counts c);

#endif
