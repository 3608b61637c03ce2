/* error.h - netlab's error codes: 0, a negative errno, or an NLAB_E* code. */
#ifndef NLAB_ERROR_H
#define NLAB_ERROR_H

enum {
	NLAB_ECLOSED = -5000, /* the peer closed the connection */
	NLAB_ETIMEOUT,        /* a wait ran out of time */
	NLAB_EADDR,           /* an address that does not parse */
	NLAB_ENONAME,         /* a name that does not resolve */
	NLAB_EFAMILY,         /* an address of the wrong family */
	NLAB_ERESOLVE,        /* the resolver failed for another reason */
	NLAB_EINTR,           /* interrupted by Ctrl-C */
	NLAB_EUSERNS,         /* rootless, and user namespaces are refused */
	NLAB_ELAST
};

/* Returns the message for an error code, LuaSocket's wording where
 * LuaSocket has one ("closed", "timeout", "connection refused"...). */
const char *nlab_strerror(int code);

/* Returns the errno number behind code RC, or 0 for netlab's own codes. */
int nlab_errnum(int rc);

/* Returns -errno: the usual way a core function reports a failed call. */
int nlab_errno(void);

#endif
