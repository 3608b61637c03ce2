/* congestion.h - TCP congestion control: which algorithms the kernel has
 * (tcp_available_congestion_control), which a process without
 * CAP_NET_ADMIN may pick (tcp_allowed_congestion_control), a namespace's
 * default (tcp_congestion_control), and one socket's (TCP_CONGESTION). */
#ifndef NLAB_CONGESTION_H
#define NLAB_CONGESTION_H

#include <stddef.h>

/* The lists: which one a socket or namespace reads. */
enum nlab_cong_list {
	NLAB_CONG_AVAILABLE,
	NLAB_CONG_ALLOWED,
	NLAB_CONG_DEFAULT
};

/* Reads list WHICH as seen in the namespace NETNS (-1: here) into OUT:
 * names separated by spaces, as /proc/sys/net/ipv4 gives them. */
int nlab_cong_list(int netns, enum nlab_cong_list which, char *out,
		   size_t size);

/* Sets socket FD's congestion control to NAME. A name the kernel does not
 * have gives -ENOENT without asking the kernel, which would load a module
 * for it (root): netlab never changes the machine's kernel. */
int nlab_cong_set(int fd, const char *name);

#endif
