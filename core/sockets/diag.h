/* diag.h - a host's socket table from the kernel's socket diagnostics
 * (sock_diag netlink, through libnl-idiag-3): what `ss` and `netstat`
 * show, and which process holds each socket (/proc/PID/fd, as lsof). */
#ifndef NLAB_DIAG_H
#define NLAB_DIAG_H

#include "addr.h"

#include <netinet/tcp.h>
#include <stddef.h>
#include <stdint.h>

/* One socket as sock_diag reports it. */
typedef struct nlab_diag_row {
	int family;   /* AF_INET, AF_INET6 */
	int protocol; /* IPPROTO_TCP, IPPROTO_UDP */
	int state; /* the kernel's TCP_* number (UDP: TCP_CLOSE/ESTABLISHED) */
	nlab_addr local, remote;
	uint32_t rqueue, wqueue, uid, inode, expires; /* expires: ms */
	int timer, retrans; /* idiag_timer (0 off, 1 on, 2 keepalive...) */
	int has_info;	    /* INET_DIAG_INFO came: INFO is valid */
	struct tcp_info info;
} nlab_diag_row;

/* A sock_diag netlink socket opened in one namespace, and the rows of
 * its last dump (owned here, reused by the next dump). */
typedef struct nlab_diag {
	struct nl_sock *sk;
	nlab_diag_row *rows;
	size_t n, cap;
	int err; /* a failure met while storing rows */
} nlab_diag;

/* Opens D's netlink socket inside the namespace NETNS (-1: here). */
int nlab_diag_open(nlab_diag *d, int netns);

/* Opens D's netlink socket in the network namespace of process PID. */
int nlab_diag_open_pid(nlab_diag *d, int pid);

/* Frees D's socket and rows; safe to call twice. */
void nlab_diag_close(nlab_diag *d);

/* Replaces D's rows by the sockets of FAMILY (AF_INET/AF_INET6) and
 * PROTOCOL (IPPROTO_TCP/UDP) whose state is in the mask STATES
 * (1 << TCP_*), with tcp_info for TCP. */
int nlab_diag_dump(nlab_diag *d, int family, int protocol, uint32_t states);

/* Calls FN(ARG, inode, pid, fd) for every socket fd of process PID, or
 * of every process this one may look at when PID is 0 (/proc/PID/fd ->
 * "socket:[INODE]"); FN returns nonzero to stop. Returns 0 or an error
 * code. */
int nlab_diag_owners(int pid, int (*fn)(void *, uint32_t, int, int), void *arg);

/* The name of PID's program as /proc/PID/comm says ("" if gone). */
void nlab_diag_comm(int pid, char *out, size_t size);

/* The first word of PID's command line, as netstat -p prints it. */
void nlab_diag_argv0(int pid, char *out, size_t size);

/* The inode of socket FD, and a new fd for the network namespace it was
 * made in (-1 when the kernel will not say: the caller's own). */
int nlab_diag_sockns(int fd, uint32_t *inode, int *netns);

#endif
