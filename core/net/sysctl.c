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

/* A file to open: its path, how, and the fd. */
typedef struct {
	const char *path;
	int flags;
	int fd;
} open_job;

/* Opens the file of open_job *P where we are. */
static int open_here(void *p)
{
	open_job *o = p;
	o->fd = open(o->path, o->flags | O_CLOEXEC);
	return o->fd < 0 ? nlab_errno() : 0;
}

/* Opens PATH (FLAGS) while inside the namespace NETNS (-1: here). */
static int open_inside(int netns, const char *path, int flags, int *fd)
{
	open_job o = {.path = path, .flags = flags, .fd = -1};
	int rc = netns >= 0 ? nlab_netns_call(netns, open_here, &o)
			    : open_here(&o);
	if (rc != 0 && o.fd >= 0)
		close(o.fd);
	*fd = o.fd;
	return rc;
}

int nlab_sysctl_set(int netns, const char *key, const char *value)
{
	char path[256];
	int fd, rc = key_path(key, path, sizeof path);
	if (rc == 0)
		rc = open_inside(netns, path, O_WRONLY, &fd);
	if (rc != 0)
		return rc;
	size_t len = strlen(value);
	ssize_t n = write(fd, value, len);
	rc = n < 0 ? nlab_errno() : ((size_t)n == len ? 0 : -EIO);
	close(fd);
	return rc;
}

int nlab_sysctl_get(int netns, const char *key, char *out, size_t size)
{
	char path[256];
	int fd, rc = key_path(key, path, sizeof path);
	if (rc == 0)
		rc = open_inside(netns, path, O_RDONLY, &fd);
	if (rc != 0)
		return rc;
	ssize_t n = read(fd, out, size - 1);
	rc = n < 0 ? nlab_errno() : 0;
	close(fd);
	n = n < 0 ? 0 : n;
	out[n] = '\0';
	if (n > 0 && out[n - 1] == '\n')
		out[n - 1] = '\0';
	return rc;
}
