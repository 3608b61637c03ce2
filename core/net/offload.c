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

/* What one namespace call turns off. */
typedef struct off_job {
	const char *ifname;
	const unsigned *cmds;
	size_t n;
} off_job;

/* Sends J's ethtool commands through SOCK, a socket in the interface's
 * namespace. */
static int off_through(int sock, const off_job *j)
{
	for (size_t i = 0; i < j->n; i++) {
		struct ethtool_value v = {.cmd = j->cmds[i], .data = 0};
		struct ifreq ifr;
		memset(&ifr, 0, sizeof ifr);
		strncpy(ifr.ifr_name, j->ifname, IFNAMSIZ - 1);
		ifr.ifr_data = (char *)&v;
		if (ioctl(sock, SIOCETHTOOL, &ifr) < 0)
			return nlab_errno();
	}
	return 0;
}

/* Runs inside the namespace: ARG is the off_job. */
static int offload_off_here(void *arg)
{
	int fd = socket(AF_INET, SOCK_DGRAM | SOCK_CLOEXEC, 0);
	if (fd < 0)
		return nlab_errno();
	int rc = off_through(fd, arg);
	close(fd);
	return rc;
}

int nlab_offload_off(int netns, const char *ifname)
{
	if (strlen(ifname) >= IFNAMSIZ)
		return -ENAMETOOLONG;
	off_job j = {ifname, offloads, sizeof offloads / sizeof *offloads};
	return nlab_netns_call(netns, offload_off_here, &j);
}

int nlab_offload_off_via(int sock, const char *ifname)
{
	if (strlen(ifname) >= IFNAMSIZ)
		return -ENAMETOOLONG;
	off_job j = {ifname, offloads, sizeof offloads / sizeof *offloads};
	return off_through(sock, &j);
}
