/* error.c - one place that turns any netlab error code into text. */
#include "error.h"
#include "userns.h"

#include <errno.h>
#include <string.h>

/* LuaSocket's messages for the errno values it names (socket_strerror). */
static const char *luasocket_message(int err)
{
	switch (err) {
	case EADDRINUSE: return "address already in use";
	case EISCONN: return "already connected";
	case EACCES: return "permission denied";
	case ECONNREFUSED: return "connection refused";
	case ECONNABORTED: return "closed";
	case ECONNRESET: return "closed";
	case EPIPE: return "closed";
	case ETIMEDOUT: return "timeout";
	case EADDRNOTAVAIL: return "address not available";
	case EAFNOSUPPORT: return "address family not supported";
	case ENETUNREACH: return "network is unreachable";
	case EHOSTUNREACH: return "host is unreachable";
	case ENOTCONN: return "not connected";
	case EINVAL: return "invalid argument";
	case ENOENT: return "no such file or directory";
	default: return NULL;
	}
}

static const char *const nlab_messages[] = {
	[NLAB_ECLOSED - NLAB_ECLOSED] = "closed",
	[NLAB_ETIMEOUT - NLAB_ECLOSED] = "timeout",
	[NLAB_EADDR - NLAB_ECLOSED] = "invalid address",
	[NLAB_ENONAME - NLAB_ECLOSED] = "host or service not provided, or not known",
	[NLAB_EFAMILY - NLAB_ECLOSED] = "address family mismatch",
	[NLAB_ERESOLVE - NLAB_ECLOSED] = "name resolution failed",
	[NLAB_EINTR - NLAB_ECLOSED] = "interrupted!",
};

const char *nlab_strerror(int code)
{
	if (code == NLAB_EUSERNS)
		return nlab_userns_why();
	if (code >= NLAB_ECLOSED && code < NLAB_ELAST)
		return nlab_messages[code - NLAB_ECLOSED];
	if (code < 0) {
		const char *msg = luasocket_message(-code);
		return msg ? msg : strerror(-code);
	}
	return code == 0 ? "success" : "unknown error";
}

int nlab_errno(void) { return -errno; }

int nlab_errnum(int rc)
{
	if (rc == NLAB_EUSERNS)
		return EPERM; /* the refusal behind it */
	return rc < 0 && rc > -4096 ? -rc : 0;
}
