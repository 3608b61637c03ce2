/* wire_udp_fuzz.c - libFuzzer target: the check a datagram from another
 * machine passes before its frame reaches a lab host (wire_udp.c). Any
 * bytes are taken or refused, never read past; a frame taken has a sane
 * offload state: no GSO, no flag but "checksum to fill in", and that
 * checksum's place inside the frame (filled in here, as the wire does
 * for a frame it corrupts, without reading or writing outside it). */
#include "wire_udp.h"

#include <net/ethernet.h>
#include <stdlib.h>
#include <string.h>

int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size)
{
	nlab_vnet vnet;
	size_t len;
	int off = nlab_udp_frame_check(data, size, &vnet, &len);
	if (off < 0)
		return 0;
	if ((size_t)off + len != size || len < ETH_HLEN ||
	    vnet.gso_type != VIRTIO_NET_HDR_GSO_NONE ||
	    (vnet.flags & ~VIRTIO_NET_HDR_F_NEEDS_CSUM) != 0)
		abort();
	if ((vnet.flags & VIRTIO_NET_HDR_F_NEEDS_CSUM) &&
	    (size_t)vnet.csum_start + vnet.csum_offset + 2 > len)
		abort();
	uint8_t *frame = malloc(len); /* exactly its size: ASan sees past it */
	if (frame == NULL)
		return 0;
	memcpy(frame, data + off, len);
	nlab_io_csum_finish(frame, len, &vnet);
	if (vnet.flags & VIRTIO_NET_HDR_F_NEEDS_CSUM)
		abort(); /* filled in: no longer to do */
	free(frame);
	return 0;
}
