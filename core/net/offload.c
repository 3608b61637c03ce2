/* offload.c - lab cables carry frames the size real cables do. */
#include "offload.h"
#include "error.h"
#include "netns.h"

#include <errno.h>
#include <linux/ethtool.h>
#include <linux/sockios.h>
#include <net/if.h>
#include <string.h>
#include <sys/ioctl.h>
#include <sys/socket.h>
#include <unistd.h>

/* The ethtool commands that turn one offload off. */
static const unsigned offloads[] = {ETHTOOL_STSO, ETHTOOL_SGSO, ETHTOOL_SGRO};

/* Runs inside the namespace: ARG is the interface name. */
static int offload_off_here(void *arg)
{
	int fd = socket(AF_INET, SOCK_DGRAM | SOCK_CLOEXEC, 0);
	if (fd < 0)
		return nlab_errno();
	int rc = 0;
	for (size_t i = 0; i < sizeof offloads / sizeof *offloads && rc == 0; i++) {
		struct ethtool_value v = {.cmd = offloads[i], .data = 0};
		struct ifreq ifr;
		memset(&ifr, 0, sizeof ifr);
		strncpy(ifr.ifr_name, arg, IFNAMSIZ - 1);
		ifr.ifr_data = (char *)&v;
		if (ioctl(fd, SIOCETHTOOL, &ifr) < 0)
			rc = nlab_errno();
	}
	close(fd);
	return rc;
}

int nlab_offload_off(int netns, const char *ifname)
{
	if (strlen(ifname) >= IFNAMSIZ)
		return -ENAMETOOLONG;
	return nlab_netns_call(netns, offload_off_here, (void *)ifname);
}
