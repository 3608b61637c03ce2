/* diag.h - a host's socket table from the kernel's socket diagnostics
 * (sock_diag netlink, through libnl-idiag-3): what `ss` and `netstat`
 * show, and which process holds each socket (/proc/PID/fd, as lsof). */
#ifndef NLAB_DIAG_H
#define NLAB_DIAG_H

#include "addr.h"
#include "tcpinfo.h"

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
	size_t info_len; /* INET_DIAG_INFO's bytes (0: none came) */
	nlab_tcp_info info;
	nlab_skmem skmem; /* INET_DIAG_SKMEMINFO (n 0: none came) */
	char cong[16];	  /* INET_DIAG_CONG: the congestion control ("") */
	nlab_ccinfo cc;	  /* its own numbers (BBR, Vegas, DCTCP) */
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
 * (1 << TCP_*), with each socket's memory (skmem) and, for TCP,
 * tcp_info, the congestion control's name and its own numbers. */
int nlab_diag_dump(nlab_diag *d, int family, int protocol, uint32_t states);

/* Adds the row of one sock_diag answer H (for PROTOCOL) to D's rows:
 * what a dump does with each answer (a fuzz target's entry, too). */
struct nlmsghdr;
int nlab_diag_add_answer(nlab_diag *d, struct nlmsghdr *h, int protocol);

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
