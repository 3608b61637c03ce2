/* wire_io.c - a wire's frames in and out (see wire_io.h). */
#include "wire_io.h"

#include "craft.h"
#include "error.h"
#include "fdinfo.h"

#include <arpa/inet.h>
#include <errno.h>
#include <linux/if_packet.h>
#include <net/ethernet.h>
#include <net/if.h>
#include <stdlib.h>
#include <string.h>
#include <sys/ioctl.h>
#include <sys/mman.h>
#include <unistd.h>

/* Bytes of each end's receive ring: a TCP window's worth of frames can
 * arrive between two pumps without the kernel refusing any. */
#define RING_BYTES (4u << 20)

/* The sending socket's kernel buffer (frames on their way out). */
#define SEND_BUFFER (4 << 20)

/* A packet socket bound to interface INDEX for protocol PROTO (0: it
 * receives nothing), with receive ring R mapped first if not NULL; the
 * fd or an error code. */
static int open_socket(unsigned index, int proto, nlab_ring *r);

/* The slot size for interface INDEX's frames: its MTU, an Ethernet and
 * an 802.1Q header and the ring's own header, to a power of two. */
static unsigned slot_size(int fd, unsigned index)
{
	struct ifreq ifr;
	memset(&ifr, 0, sizeof ifr);
	unsigned mtu = 1500;
	if (if_indextoname(index, ifr.ifr_name) != NULL &&
	    ioctl(fd, SIOCGIFMTU, &ifr) == 0 && ifr.ifr_mtu > 0)
		mtu = (unsigned)ifr.ifr_mtu;
	unsigned need = TPACKET_ALIGN(TPACKET2_HDRLEN) + 16 +
			sizeof(nlab_vnet) + ETH_HLEN + 4 + mtu;
	unsigned size = 2048;
	while (size < need && size < RING_BYTES / 16)
		size <<= 1;
	return size;
}

/* Gives FD a TPACKET_V2 receive ring of RING_BYTES for interface INDEX's
 * frames, mapped into R; 0 or an error code. */
static int map_ring(int fd, unsigned index, nlab_ring *r)
{
	int v = TPACKET_V2;
	unsigned frame = slot_size(fd, index);
	unsigned block = frame < 65536 ? 65536 : frame;
	struct tpacket_req req = {.tp_block_size = block,
				  .tp_block_nr = RING_BYTES / block,
				  .tp_frame_size = frame,
				  .tp_frame_nr = RING_BYTES / frame};
	if (setsockopt(fd, SOL_PACKET, PACKET_VERSION, &v, sizeof v) < 0 ||
	    setsockopt(fd, SOL_PACKET, PACKET_RX_RING, &req, sizeof req) < 0)
		return nlab_errno();
	void *map = mmap(NULL, RING_BYTES, PROT_READ | PROT_WRITE, MAP_SHARED,
			 fd, 0);
	if (map == MAP_FAILED)
		return nlab_errno();
	*r = (nlab_ring){map, RING_BYTES, frame, req.tp_frame_nr, 0, 0};
	return 0;
}

static int open_socket(unsigned index, int proto, nlab_ring *r)
{
	int fd = nlab_fd_high(
	    socket(AF_PACKET, SOCK_RAW | SOCK_CLOEXEC | SOCK_NONBLOCK, 0));
	if (fd < 0)
		return nlab_errno();
	int one = 1, rc = 0;
	if (r != NULL) /* before the bind: no frame comes in meanwhile */
		setsockopt(fd, SOL_PACKET, PACKET_IGNORE_OUTGOING, &one,
			   sizeof one);
	/* each frame with its offload state (before the ring: the kernel
	 * lays out its slots by it) */
	if (setsockopt(fd, SOL_PACKET, PACKET_VNET_HDR, &one, sizeof one) < 0)
		rc = nlab_errno();
	if (rc == 0 && r != NULL)
		rc = map_ring(fd, index, r);
	struct sockaddr_ll sll = {.sll_family = AF_PACKET,
				  .sll_protocol = htons(proto),
				  .sll_ifindex = (int)index};
	if (rc == 0 && bind(fd, (struct sockaddr *)&sll, sizeof sll) < 0)
		rc = nlab_errno();
	if (rc != 0) {
		if (r != NULL)
			nlab_io_ring_close(r);
		close(fd);
		return rc;
	}
	return fd;
}

int nlab_io_open_receiver(unsigned index, nlab_ring *r)
{
	return open_socket(index, ETH_P_ALL, r);
}

int nlab_io_open_sender(unsigned index)
{
	int fd = open_socket(index, 0, NULL);
	if (fd < 0)
		return fd;
	/* straight to the veth: the wire's end has no qdisc to apply, and
	 * the namespace's packet taps (the receiver) need no copy */
	int one = 1, buf = SEND_BUFFER;
	setsockopt(fd, SOL_PACKET, PACKET_QDISC_BYPASS, &one, sizeof one);
	/* past the machine's wmem_max where netlab may (CAP_NET_ADMIN) */
	if (setsockopt(fd, SOL_SOCKET, SO_SNDBUFFORCE, &buf, sizeof buf) < 0)
		setsockopt(fd, SOL_SOCKET, SO_SNDBUF, &buf, sizeof buf);
	return fd;
}

void nlab_io_ring_close(nlab_ring *r)
{
	if (r->map != NULL)
		munmap(r->map, r->size);
	r->map = NULL;
}

/* The header of R's slot I. */
static struct tpacket2_hdr *header(nlab_ring *r, unsigned i)
{
	return (struct tpacket2_hdr *)(r->map + (size_t)(i % r->frames) *
						    r->frame);
}

/* True once the kernel has put a frame in slot H (and its bytes are
 * there to read). */
static int filled(struct tpacket2_hdr *h)
{
	return (__atomic_load_n(&h->tp_status, __ATOMIC_ACQUIRE) &
		TP_STATUS_USER) != 0;
}

/* The frame in slot H, its 802.1Q tag (which the kernel keeps in the
 * header) put back before its EtherType, in the room the ring leaves
 * before the frame (where its offload state was: read first into
 * *VNET); sets *N to its length. */
static uint8_t *frame_of(struct tpacket2_hdr *h, size_t *n, nlab_vnet *vnet)
{
	uint8_t *f = (uint8_t *)h + h->tp_mac;
	memcpy(vnet, f - sizeof *vnet, sizeof *vnet);
	*n = h->tp_snaplen;
	if (!(h->tp_status & TP_STATUS_VLAN_VALID) || *n < ETH_HLEN)
		return f;
	unsigned tpid = (h->tp_status & TP_STATUS_VLAN_TPID_VALID)
			    ? h->tp_vlan_tpid
			    : ETH_P_8021Q;
	uint8_t tag[4] = {(uint8_t)(tpid >> 8), (uint8_t)tpid,
			  (uint8_t)(h->tp_vlan_tci >> 8),
			  (uint8_t)h->tp_vlan_tci};
	memmove(f - 4, f, 2 * ETH_ALEN);
	memcpy(f - 4 + 2 * ETH_ALEN, tag, sizeof tag);
	*n += sizeof tag;
	/* the offsets the offload state gives are the untagged frame's */
	if (vnet->flags & VIRTIO_NET_HDR_F_NEEDS_CSUM)
		vnet->csum_start += sizeof tag;
	if (vnet->hdr_len > 0)
		vnet->hdr_len += sizeof tag;
	return f - 4;
}

uint8_t *nlab_io_next(nlab_ring *r, size_t *n, nlab_vnet *vnet, int *status)
{
	struct tpacket2_hdr *h = header(r, r->next);
	if (!filled(h))
		return NULL;
	r->next = (r->next + 1) % r->frames;
	if (h->tp_status & TP_STATUS_LOSING)
		r->losing = 1;
	const struct sockaddr_ll *sll =
	    (const struct sockaddr_ll *)((uint8_t *)h +
					 TPACKET_ALIGN(sizeof *h));
	*status = h->tp_snaplen < h->tp_len		   ? 1
		  : sll->sll_pkttype == PACKET_OUTGOING ? 2
							: 0;
	return frame_of(h, n, vnet);
}

void nlab_io_csum_finish(uint8_t *data, size_t n, nlab_vnet *vnet)
{
	if (!(vnet->flags & VIRTIO_NET_HDR_F_NEEDS_CSUM))
		return;
	size_t start = vnet->csum_start, at = start + vnet->csum_offset;
	if (start >= n || at + 2 > n)
		return; /* the kernel never says so; nothing to trust then */
	/* the field holds the pseudo-header's sum: summing over it adds it
	 * in (the kernel's skb_checksum_help) */
	uint16_t sum = nlab_craft_fold(nlab_craft_sum(data + start, n - start, 0));
	if (sum == 0)
		sum = 0xffff; /* UDP's "no checksum" is 0: send its other zero */
	data[at] = (uint8_t)(sum >> 8);
	data[at + 1] = (uint8_t)sum;
	vnet->flags &= (uint8_t)~VIRTIO_NET_HDR_F_NEEDS_CSUM;
}

void nlab_io_release(nlab_ring *r, unsigned count)
{
	for (unsigned i = count; i > 0; i--)
		__atomic_store_n(&header(r, r->next + r->frames - i)->tp_status,
				 TP_STATUS_KERNEL, __ATOMIC_RELEASE);
}

uint64_t nlab_io_overflow(int fd, nlab_ring *r)
{
	if (!r->losing && !filled(header(r, r->next + r->frames - 1)))
		return 0; /* the slot filled last is free: none refused */
	r->losing = 0;
	struct tpacket_stats st;
	socklen_t len = sizeof st;
	if (getsockopt(fd, SOL_PACKET, PACKET_STATISTICS, &st, &len) != 0)
		return 0;
	return st.tp_drops; /* and the kernel counts from 0 again */
}

/* Whether the kernel refusing a frame with errno E is what a cable's
 * far end does too: busy, down, or the frame too long for it. */
static int cable_refusal(int e)
{
	return e == EAGAIN || e == EWOULDBLOCK || e == ENOBUFS ||
	       e == ENOMEM || e == ENETDOWN || e == EMSGSIZE;
}

void nlab_io_send(nlab_batch *b, int fd, nlab_io_counts c)
{
	for (int i = 0; i < b->n;) {
		int r = sendmmsg(fd, &b->msg[i], (unsigned)(b->n - i),
				 MSG_DONTWAIT);
		if (r < 0 && errno == EINTR)
			continue;
		if (r <= 0) {
			int e = r < 0 ? errno : EIO;
			(*c.refused)++;
			if (!cable_refusal(e)) {
				(*c.errors)++;
				*c.error = e;
				*c.error_receiving = 0;
			}
			i++;
		} else {
			*c.sent += (uint64_t)r;
			i += r;
		}
	}
	for (int i = 0; i < b->n; i++)
		free(b->owned[i]);
	b->n = 0;
}

void nlab_io_add(nlab_batch *b, int fd, uint8_t *data, size_t n,
		 const nlab_vnet *vnet, uint8_t *owned, nlab_io_counts c)
{
	if (b->n == NLAB_IO_BATCH)
		nlab_io_send(b, fd, c);
	int i = b->n++;
	b->vnet[i] = *vnet;
	/* a checksum the near end vouched for is checked again by the far
	 * host's own kernel, as a cable's far end would */
	b->vnet[i].flags &= (uint8_t)~VIRTIO_NET_HDR_F_DATA_VALID;
	b->iov[2 * i] = (struct iovec){&b->vnet[i], sizeof b->vnet[i]};
	b->iov[2 * i + 1] = (struct iovec){data, n};
	b->msg[i].msg_hdr =
	    (struct msghdr){.msg_iov = &b->iov[2 * i], .msg_iovlen = 2};
	b->owned[i] = owned;
}
