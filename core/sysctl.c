/* sysctl.c - kernel settings of one network namespace: /proc/sys/net
 * shows the namespace of whoever opens the file, so it is opened while
 * inside the host (the open file keeps that namespace's view). */
#include "sysctl.h"

#include "error.h"
#include "netns.h"

#include <errno.h>
#include <fcntl.h>
#include <stdio.h>
#include <string.h>
#include <unistd.h>

/* Writes /proc/sys/KEY's path (dots turned into slashes) into OUT. */
static int key_path(const char *key, char *out, size_t size)
{
	if (key[0] == '\0' || strstr(key, "..") || key[0] == '/')
		return -EINVAL;
	int n = snprintf(out, size, "/proc/sys/%s", key);
	if (n < 0 || (size_t)n >= size)
		return -ENAMETOOLONG;
	for (char *p = out + strlen("/proc/sys/"); *p; p++)
		if (*p == '.')
			*p = '/';
	return 0;
}

/* Opens PATH for writing while inside the namespace NETNS. */
static int open_inside(int netns, const char *path, int *fd)
{
	int rc = nlab_netns_enter(netns);
	if (rc != 0)
		return rc;
	*fd = open(path, O_WRONLY | O_CLOEXEC);
	rc = *fd < 0 ? nlab_errno() : 0;
	int back = nlab_netns_leave();
	if (back != 0 && rc == 0) {
		close(*fd);
		rc = back;
	}
	return rc;
}

int nlab_sysctl_set(int netns, const char *key, const char *value)
{
	char path[256];
	int fd, rc = key_path(key, path, sizeof path);
	if (rc == 0)
		rc = open_inside(netns, path, &fd);
	if (rc != 0)
		return rc;
	size_t len = strlen(value);
	ssize_t n = write(fd, value, len);
	rc = n < 0 ? nlab_errno() : ((size_t)n == len ? 0 : -EIO);
	close(fd);
	return rc;
}
