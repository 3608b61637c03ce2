/* congestion.c - choosing a socket's TCP congestion control, and the
 * kernel's lists of them. */
#include "congestion.h"

#include "error.h"
#include "sysctl.h"

#include <errno.h>
#include <netinet/in.h>
#include <netinet/tcp.h>
#include <string.h>
#include <sys/socket.h>

int nlab_cong_list(int netns, enum nlab_cong_list which, char *out, size_t size)
{
	static const char *const keys[] = {
	    "net/ipv4/tcp_available_congestion_control",
	    "net/ipv4/tcp_allowed_congestion_control",
	    "net/ipv4/tcp_congestion_control",
	};
	return nlab_sysctl_get(netns, keys[which], out, size);
}

/* Whether the space-separated LIST holds the word NAME. */
static int has_word(const char *list, const char *name)
{
	size_t len = strlen(name);
	for (const char *p = list; *p;) {
		size_t n = strcspn(p, " \t");
		if (n == len && strncmp(p, name, len) == 0)
			return 1;
		p += n;
		p += strspn(p, " \t");
	}
	return 0;
}

int nlab_cong_set(int fd, const char *name)
{
	char list[512];
	int rc = nlab_cong_list(-1, NLAB_CONG_AVAILABLE, list, sizeof list);
	if (rc != 0)
		return rc;
	if (name[0] == '\0' || !has_word(list, name))
		return -ENOENT;
	rc = setsockopt(fd, IPPROTO_TCP, TCP_CONGESTION, name, strlen(name));
	return rc < 0 ? nlab_errno() : 0;
}
