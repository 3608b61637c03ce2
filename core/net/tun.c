/* tun.c - TUN and TAP interfaces made inside a host, through the
 * /dev/net/tun clone device: the interface belongs to the namespace the
 * device was opened in, so it is opened there (nlab_netns_call). */
#include "tun.h"

#include "error.h"
#include "fdinfo.h"
#include "link.h"
#include "netns.h"

#include <errno.h>
#include <fcntl.h>
#include <linux/if.h>
#include <linux/if_tun.h>
#include <string.h>
#include <sys/ioctl.h>
#include <unistd.h>

/* What nlab_netns_call hands open_here: the request and the fd made. */
typedef struct tun_request {
	const char *name;
	int tap;
	int fd;
} tun_request;

/* Opens /dev/net/tun where we are and attaches it to a new interface. */
static int open_here(void *arg)
{
	tun_request *r = arg;
	r->fd = open("/dev/net/tun", O_RDWR | O_NONBLOCK | O_CLOEXEC);
	if (r->fd < 0)
		return nlab_errno();
	struct ifreq ifr = {0};
	ifr.ifr_flags = (short)((r->tap ? IFF_TAP : IFF_TUN) | IFF_NO_PI);
	memcpy(ifr.ifr_name, r->name, strlen(r->name));
	if (ioctl(r->fd, TUNSETIFF, &ifr) < 0) {
		int rc = nlab_errno();
		close(r->fd);
		r->fd = -1;
		return rc;
	}
	return 0;
}

int nlab_tun_open(int netns, const char *name, int tap, int *fd)
{
	*fd = -1;
	if (strlen(name) >= NLAB_IFNAME)
		return -ENAMETOOLONG;
	tun_request r = {.name = name, .tap = tap, .fd = -1};
	int rc = nlab_netns_call(netns, open_here, &r);
	if (rc != 0)
		return rc;
	*fd = nlab_fd_high(r.fd);
	return *fd < 0 ? nlab_errno() : 0;
}

long nlab_tun_read(int fd, void *buf, size_t size)
{
	ssize_t n = read(fd, buf, size);
	return n < 0 ? nlab_errno() : (long)n;
}

long nlab_tun_write(int fd, const void *buf, size_t len)
{
	ssize_t n = write(fd, buf, len);
	return n < 0 ? nlab_errno() : (long)n;
}
