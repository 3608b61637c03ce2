/* inherited.c - the fds netlab was started with, as a bitmap. */
#include "inherited.h"

#include <fcntl.h>
#include <limits.h>

static unsigned char bits[NLAB_INHERITED_MAX / CHAR_BIT];

void nlab_inherited_note(void)
{
	/* fcntl on each number rather than reading /proc/self/fd: at start
	 * /proc may not be mounted, and nothing here may open an fd */
	for (int fd = 0; fd < NLAB_INHERITED_MAX; fd++)
		if (fcntl(fd, F_GETFD) >= 0)
			bits[fd / CHAR_BIT] |= (unsigned char)(1u << (fd % CHAR_BIT));
}

int nlab_inherited_has(int fd)
{
	if (fd < 0 || fd >= NLAB_INHERITED_MAX)
		return 0;
	return (bits[fd / CHAR_BIT] >> (fd % CHAR_BIT)) & 1;
}

void nlab_inherited_drop(int fd)
{
	if (fd >= 0 && fd < NLAB_INHERITED_MAX)
		bits[fd / CHAR_BIT] &= (unsigned char)~(1u << (fd % CHAR_BIT));
}
