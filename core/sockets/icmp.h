/* icmp.h - ICMP echo (ping) through datagram ICMP sockets: the kernel
 * fills in the identifier (the socket's "port") and the checksum, hands
 * the socket only its own replies, and queues the ICMP errors about its
 * requests (time exceeded, unreachable) on the socket's error queue
 * (IP_RECVERR), with the address of the router that sent them. */
#ifndef NLAB_ICMP_H
#define NLAB_ICMP_H

#include "addr.h"

#include <stddef.h>

/* The largest payload an echo request may carry. */
#define NLAB_ICMP_MAXDATA 65000

/* One message read from an ICMP socket: an echo reply, or an ICMP error
 * about one of its echo requests. */
typedef struct nlab_icmp_msg {
	int is_error;	/* 1: from the error queue (about our request) */
	int type, code; /* the reply's, or the ICMP error's type and code */
	int id, seq;	/* the reply's, or the failed request's */
	int ttl;	/* the reply's IP TTL (hop limit); -1 unknown */
	int err;	/* for errors: the errno the kernel maps it to */
	size_t bytes;	/* ICMP bytes received (header and data) */
	nlab_addr from; /* who replied, or the router that reported */
} nlab_icmp_msg;

/* Opens a non-blocking, close-on-exec ICMP socket of FAMILY (AF_INET or
 * AF_INET6) inside the namespace NETNS, reporting errors and TTLs. */
int nlab_icmp_open(int netns, int family, int *fd);

/* Sets the TTL (hop limit) of the requests sent from now on. */
int nlab_icmp_set_ttl(int fd, int family, int ttl);

/* The identifier the kernel puts in this socket's requests. */
int nlab_icmp_id(int fd, int *id);

/* Sends an echo request with sequence number SEQ and SIZE data bytes. */
int nlab_icmp_echo(int fd, const nlab_addr *to, int seq, size_t size);

/* Reads one error from the error queue, else one reply; -EAGAIN when
 * there is neither. */
int nlab_icmp_recv(int fd, nlab_icmp_msg *m);

#endif
