/* names.c - a private /etc/hosts for a child run in a lab's host. */
#include "names.h"

#include "error.h"

#include <fcntl.h>
#include <sched.h>
#include <string.h>
#include <sys/mount.h>
#include <unistd.h>

/* Where the tmpfs is mounted for a moment, in the child's namespace only:
 * /tmp always exists, and is uncovered again right after. */
#define SCRATCH "/tmp"
#define SCRATCH_FILE SCRATCH "/netlab-hosts"

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

/* Makes the file on a fresh tmpfs and binds it over /etc/hosts. */
static int bind_hosts(const char *text)
{
	if (mount("netlab", SCRATCH, "tmpfs", MS_NOSUID | MS_NODEV | MS_NOEXEC,
		  "size=1m,mode=0755") < 0)
		return nlab_errno();
	int rc = write_file(SCRATCH_FILE, text);
	if (rc == 0 && mount(SCRATCH_FILE, "/etc/hosts", NULL, MS_BIND, NULL) < 0)
		rc = nlab_errno();
	/* the bind keeps the tmpfs alive; /tmp is the real one again */
	if (umount2(SCRATCH, MNT_DETACH) < 0 && rc == 0)
		rc = nlab_errno();
	return rc;
}

int nlab_names_mount(const char *text)
{
	if (unshare(CLONE_NEWNS) < 0)
		return nlab_errno();
	/* nothing mounted here may propagate back to the machine */
	if (mount(NULL, "/", NULL, MS_REC | MS_PRIVATE, NULL) < 0)
		return nlab_errno();
	return bind_hosts(text);
}
