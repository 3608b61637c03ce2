/* names.c - a private /etc/hosts for a child run in a lab's host. */
#include "names.h"

#include "dirview.h"
#include "error.h"

#include <fcntl.h>
#include <sched.h>
#include <string.h>
#include <sys/mount.h>
#include <sys/stat.h>
#include <unistd.h>

/* Where the tmpfs is mounted for a moment, in the child's namespace only:
 * /tmp always exists, and is uncovered again right after. */
#define SCRATCH "/tmp"
#define SCRATCH_FILE SCRATCH "/netlab-hosts"
#define SCRATCH_ETC SCRATCH "/etc"

/* Writes all of TEXT to the new file PATH. */
static int write_file(const char *path, const char *text)
{
	int fd = open(path, O_WRONLY | O_CREAT | O_EXCL | O_CLOEXEC, 0644);
	if (fd < 0)
		return nlab_errno();
	size_t len = strlen(text), done = 0;
	while (done < len) {
		ssize_t n = write(fd, text + done, len - done);
		if (n < 0) {
			int rc = nlab_errno();
			close(fd);
			return rc;
		}
		done += (size_t)n;
	}
	return close(fd) < 0 ? nlab_errno() : 0;
}

/* Binds the file TEXT, made at SCRATCH_FILE, over the existing /etc/hosts. */
static int bind_file(const char *text)
{
	int rc = write_file(SCRATCH_FILE, text);
	if (rc == 0 && mount(SCRATCH_FILE, "/etc/hosts", NULL, MS_BIND, NULL) < 0)
		rc = nlab_errno();
	return rc;
}

/* No /etc/hosts to bind over (dirview.h): a view of /etc, made at
 * SCRATCH_ETC with the file TEXT as its hosts, is bound over /etc. */
static int bind_etc(const char *text)
{
	if (mkdir(SCRATCH_ETC, 0755) < 0)
		return nlab_errno();
	int rc = nlab_dirview_fill("/etc", SCRATCH_ETC, "hosts");
	if (rc == 0)
		rc = write_file(SCRATCH_ETC "/hosts", text);
	if (rc == 0 && mount(SCRATCH_ETC, "/etc", NULL, MS_BIND | MS_REC, NULL) < 0)
		rc = nlab_errno();
	return rc;
}

/* Makes the file on a fresh tmpfs and shows it as /etc/hosts. */
static int bind_hosts(const char *text)
{
	if (mount("netlab", SCRATCH, "tmpfs", MS_NOSUID | MS_NODEV | MS_NOEXEC,
		  "size=1m,mode=0755") < 0)
		return nlab_errno();
	struct stat st;
	int rc = stat("/etc/hosts", &st) == 0 ? bind_file(text) : bind_etc(text);
	/* the bind keeps the tmpfs alive; /tmp is the real one again */
	if (umount2(SCRATCH, MNT_DETACH) < 0 && rc == 0)
		rc = nlab_errno();
	return rc;
}

int nlab_names_mount(const char *text)
{
	/* propagation stays the host's (hostfs.h): what is mounted here
	 * reaches neither the machine nor the host, but names `ip netns add`
	 * makes under /run/netns reach the host's other commands */
	if (unshare(CLONE_NEWNS) < 0)
		return nlab_errno();
	return bind_hosts(text);
}
