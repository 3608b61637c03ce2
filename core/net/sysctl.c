/* sysctl.c - kernel settings of one network namespace: /proc/sys/net
 * shows the namespace of whoever opens the file, so it is opened while
 * inside the host (the open file keeps that namespace's view). */
#include "sysctl.h"

#include "error.h"
#include "netns.h"

#include <dirent.h>
#include <errno.h>
#include <fcntl.h>
#include <stdio.h>
#include <stdlib.h>
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
	if (strchr(key, '/') != NULL)
		return 0; /* slashes: the dots are a name's own */
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

/* A directory's settings being read: its path and what was read. */
typedef struct dir_job {
	const char *path;
	char *text; /* "name\tvalue\n"... */
	size_t len, cap;
} dir_job;

/* Appends NAME and VALUE (LEN bytes, one line) to J's text; 0 or -ENOMEM. */
static int append(dir_job *j, const char *name, const char *value, size_t len)
{
	size_t need = j->len + strlen(name) + len + 3;
	if (need > j->cap) {
		size_t cap = need * 2;
		char *t = realloc(j->text, cap);
		if (t == NULL)
			return -ENOMEM;
		j->text = t;
		j->cap = cap;
	}
	j->len += (size_t)sprintf(j->text + j->len, "%s\t%.*s\n", name,
				  (int)len, value);
	return 0;
}

/* Reads setting NAME of the open directory DIRFD into J, if it shows one
 * line; 0 or -ENOMEM. */
static int read_one(dir_job *j, int dirfd, const char *name)
{
	int fd = openat(dirfd, name, O_RDONLY | O_CLOEXEC);
	if (fd < 0)
		return 0; /* write-only */
	char value[512];
	ssize_t n = read(fd, value, sizeof value);
	close(fd);
	if (n <= 0 || (size_t)n == sizeof value)
		return 0; /* unreadable (stable_secret: EIO), empty or long */
	if (value[n - 1] == '\n')
		n--;
	if (memchr(value, '\n', (size_t)n) != NULL)
		return 0;
	return append(j, name, value, (size_t)n);
}

/* Reads the directory of dir_job *P where we are (in the namespace:
 * /proc/sys/net shows the reader's). */
static int read_dir_here(void *p)
{
	dir_job *j = p;
	DIR *d = opendir(j->path);
	if (d == NULL)
		return nlab_errno();
	/* a text from the start, even empty, ended by a NUL sprintf puts */
	int rc = append(j, "", "", 0) == 0 ? 0 : -ENOMEM;
	j->len = 0;
	j->text[0] = '\0';
	struct dirent *e;
	while (rc == 0 && (e = readdir(d)) != NULL) /* bounded by the dir */
		if (e->d_type == DT_REG || e->d_type == DT_UNKNOWN)
			rc = read_one(j, dirfd(d), e->d_name);
	closedir(d);
	return rc;
}

int nlab_sysctl_dir(int netns, const char *dir, char *out, size_t size,
		    size_t *need)
{
	char path[256];
	dir_job j = {.path = path};
	int rc = key_path(dir, path, sizeof path);
	if (rc == 0)
		rc = netns >= 0 ? nlab_netns_call(netns, read_dir_here, &j)
				: read_dir_here(&j);
	*need = j.len + 1;
	if (rc == 0 && size < *need)
		rc = -ENOSPC;
	if (rc == 0)
		memcpy(out, j.text, *need); /* the NUL read_dir_here left */
	free(j.text);
	return rc;
}
