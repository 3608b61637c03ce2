/* diag_fuzz.c - libFuzzer target: one sock_diag answer, as a dump meets
 * it, parsed into a row (libnl's inet_diag_msg parse, then the raw
 * tcp_info, skmem, congestion name and BBR/Vegas/DCTCP records). The
 * first byte picks TCP or UDP; the rest follows the netlink header. No
 * record may be read past its attribute, nor stored past its field. */
#include "diag.h"

#include <linux/netlink.h>
#include <linux/sock_diag.h>
#include <netinet/in.h>
#include <stdlib.h>
#include <string.h>

/* Aborts unless row R's stored records fit their fields. */
static void check_row(const nlab_diag_row *r)
{
	if (r->info_len > sizeof r->info || r->skmem.n > 9 ||
	    r->cc.len > sizeof r->cc.u ||
	    memchr(r->cong, '\0', sizeof r->cong) == NULL)
		abort();
}

int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size)
{
	if (size < 1 || size > 65536)
		return 0;
	int protocol = data[0] & 1 ? IPPROTO_UDP : IPPROTO_TCP;
	size_t len = NLMSG_HDRLEN + size - 1;
	struct nlmsghdr *h = calloc(1, NLMSG_ALIGN(len));
	if (h == NULL)
		return 0;
	h->nlmsg_len = (uint32_t)len;
	h->nlmsg_type = SOCK_DIAG_BY_FAMILY;
	memcpy((char *)h + NLMSG_HDRLEN, data + 1, size - 1);
	nlab_diag d;
	memset(&d, 0, sizeof d);
	if (nlab_diag_add_answer(&d, h, protocol) == 0) {
		if (d.n != 1)
			abort();
		check_row(&d.rows[0]);
	}
	nlab_diag_close(&d);
	free(h);
	return 0;
}
