/* tun.h - TUN and TAP interfaces a script reads and writes: whole IP
 * packets (TUN) or Ethernet frames (TAP) through /dev/net/tun. */
#ifndef NLAB_TUN_H
#define NLAB_TUN_H

#include <stddef.h>

/* Makes interface NAME in namespace NETNS, a TAP if TAP is set (else a
 * TUN), without the packet information header, down; *FD (non-blocking,
 * close-on-exec, >= NLAB_FD_LOW) carries its packets, and the interface
 * goes when *FD is closed. */
int nlab_tun_open(int netns, const char *name, int tap, int *fd);

/* Reads one packet of FD into BUF (SIZE bytes): its length (the packet
 * is cut if longer), or -EAGAIN when none is waiting. */
long nlab_tun_read(int fd, void *buf, size_t size);

/* Writes one packet to FD: its length, or -EAGAIN when the queue is full,
 * -EINVAL for one the kernel refuses (not IP on a TUN, too short). */
long nlab_tun_write(int fd, const void *buf, size_t len);

#endif
