/* userns.c - rootless labs: netlab enters a user namespace it owns.
 *
 * The one process enters it (unshare(CLONE_NEWUSER) needs a process that
 * is still single-threaded: netlab is, until its first lab). Mapping
 * only the user's own uid and gid needs no privilege nor helper program
 * (newuidmap); setgroups must be denied first for the gid map. */
#include "userns.h"

#include "error.h"

#include <errno.h>
#include <fcntl.h>
#include <sched.h>
#include <stdio.h>
#include <string.h>
#include <unistd.h>

static int state;     /* 0: not tried; 1: rootless; <0: refused */
static char why[512]; /* the message for NLAB_EUSERNS */
/* A machine command's maps back to the user ("UID 0 1"), written before
 * any fork: a forked child of a threaded netlab formats nothing. */
static char uid_back[32], gid_back[32];

/* Writes TEXT to the /proc file PATH. */
static int write_file(const char *path, const char *text)
{
	int fd = open(path, O_WRONLY | O_CLOEXEC);
	if (fd < 0)
		return nlab_errno();
	size_t len = strlen(text);
	ssize_t n = write(fd, text, len);
	int rc = n < 0 ? nlab_errno() : ((size_t)n == len ? 0 : -EIO);
	close(fd);
	return rc;
}

/* Reads the integer in sysctl file PATH; -1 if absent or unreadable. */
static long read_long(const char *path)
{
	long v = -1;
	FILE *f = fopen(path, "re");
	if (f) {
		if (fscanf(f, "%ld", &v) != 1)
			v = -1;
		fclose(f);
	}
	return v;
}

/* Says which setting forbids user namespaces to ordinary users, and
 * the command that allows them; NULL if none of the known ones does. */
static const char *setting(void)
{
	if (read_long("/proc/sys/kernel/unprivileged_userns_clone") == 0)
		return "kernel.unprivileged_userns_clone is 0); run netlab "
		       "with sudo, or allow them:  sudo sysctl -w "
		       "kernel.unprivileged_userns_clone=1";
	if (read_long("/proc/sys/user/max_user_namespaces") == 0)
		return "user.max_user_namespaces is 0); run netlab with sudo, "
		       "or allow them:  sudo sysctl -w "
		       "user.max_user_namespaces=10000";
	if (read_long(
		"/proc/sys/kernel/apparmor_restrict_unprivileged_userns") == 1)
		return "AppArmor: kernel.apparmor_restrict_unprivileged_userns "
		       "is 1); run netlab with sudo, or allow them:  sudo "
		       "sysctl -w "
		       "kernel.apparmor_restrict_unprivileged_userns=0"
		       "  (or an AppArmor profile for netlab that allows "
		       "userns)";
	return NULL;
}

int nlab_userns_refused(int err)
{
	const char *s = setting();
	snprintf(why, sizeof why,
		 "lab hosts need root or a user namespace, which this system "
		 "refuses to ordinary users (%s%s",
		 s ? s : strerror(err < 0 ? -err : err),
		 s ? "" : "); run netlab with sudo");
	state = NLAB_EUSERNS;
	return NLAB_EUSERNS;
}

const char *nlab_userns_why(void)
{
	return why[0] ? why : "user namespaces refused";
}

int nlab_userns_rootless(void)
{
	return state == 1;
}

/* Maps uid and gid 0 of the new namespace to the user's own. */
static int map_self(uid_t uid, gid_t gid)
{
	char map[64];
	snprintf(map, sizeof map, "0 %u 1\n", (unsigned)uid);
	int rc = write_file("/proc/self/uid_map", map);
	if (rc == 0)
		rc = write_file("/proc/self/setgroups", "deny");
	snprintf(map, sizeof map, "0 %u 1\n", (unsigned)gid);
	return rc != 0 ? rc : write_file("/proc/self/gid_map", map);
}

int nlab_userns_enter(void)
{
	if (state != 0)
		return state < 0 ? state : 0;
	uid_t uid = geteuid();
	gid_t gid = getegid();
	if (unshare(CLONE_NEWUSER) < 0)
		return nlab_userns_refused(nlab_errno());
	int rc = map_self(uid, gid);
	if (rc != 0)
		return nlab_userns_refused(rc);
	snprintf(uid_back, sizeof uid_back, "%u 0 1\n", (unsigned)uid);
	snprintf(gid_back, sizeof gid_back, "%u 0 1\n", (unsigned)gid);
	state = 1;
	return 0;
}

void nlab_userns_as_user(void)
{
	/* refused (a limit on namespaces): it runs as netlab's root, as
	 * before; a map refused after unshare leaves it nobody, still
	 * without capabilities once it execs */
	if (state != 1 || unshare(CLONE_NEWUSER) < 0)
		return;
	if (write_file("/proc/self/uid_map", uid_back) == 0 &&
	    write_file("/proc/self/setgroups", "deny") == 0)
		write_file("/proc/self/gid_map", gid_back);
}
