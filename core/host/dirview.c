/* dirview.c - a directory's entries bound into another (dirview.h). */
#include "dirview.h"

#include "error.h"

#include <dirent.h>
#include <errno.h>
#include <fcntl.h>
#include <limits.h>
#include <stdio.h>
#include <string.h>
#include <sys/mount.h>
#include <sys/stat.h>
#include <unistd.h>

/* Copies the symlink SRC as DST: a symlink cannot be bind-mounted. */
static int copy_link(const char *src, const char *dst)
{
	char target[PATH_MAX];
	ssize_t n = readlink(src, target, sizeof target - 1);
	if (n < 0)
		return nlab_errno();
	target[n] = '\0';
	return symlink(target, dst) < 0 ? nlab_errno() : 0;
}

/* Makes DST a mount point of SRC's kind (a directory or a file). */
static int make_point(const char *dst, int is_dir)
{
	if (is_dir)
		return mkdir(dst, 0755) < 0 ? nlab_errno() : 0;
	int fd = open(dst, O_WRONLY | O_CREAT | O_EXCL | O_CLOEXEC, 0644);
	if (fd < 0)
		return nlab_errno();
	close(fd);
	return 0;
}

/* Shows FROM/NAME as DIR/NAME: a symlink copied, anything else bound. */
static int add_entry(const char *from, const char *dir, const char *name)
{
	char src[PATH_MAX], dst[PATH_MAX];
	if (snprintf(src, sizeof src, "%s/%s", from, name) >= (int)sizeof src ||
	    snprintf(dst, sizeof dst, "%s/%s", dir, name) >= (int)sizeof dst)
		return -ENAMETOOLONG;
	struct stat st;
	if (lstat(src, &st) < 0)
		return nlab_errno();
	if (S_ISLNK(st.st_mode))
		return copy_link(src, dst);
	int rc = make_point(dst, S_ISDIR(st.st_mode));
	if (rc == 0 && mount(src, dst, NULL, MS_BIND | MS_REC, NULL) < 0)
		rc = nlab_errno();
	return rc;
}

/* Skips ".", ".." and SKIP, the entry the caller makes itself. */
static int skipped(const char *name, const char *skip)
{
	return strcmp(name, ".") == 0 || strcmp(name, "..") == 0 ||
	       strcmp(name, skip) == 0;
}

int nlab_dirview_fill(const char *src, const char *dir, const char *skip)
{
	DIR *d = opendir(src);
	if (!d)
		return nlab_errno();
	int rc = 0;
	struct dirent *e;
	while (rc == 0 && (e = readdir(d)) != NULL)
		if (!skipped(e->d_name, skip))
			rc = add_entry(src, dir, e->d_name);
	closedir(d);
	return rc;
}
