/* unixdiag.h - a namespace's unix-domain sockets from sock_diag
 * (UNIX_DIAG, asked on NETLINK_SOCK_DIAG directly: libnl-idiag knows
 * only inet sockets): what `ss -x` and `netstat -x` list. */
#ifndef NLAB_UNIXDIAG_H
#define NLAB_UNIXDIAG_H

#include "diag.h"

#include <stddef.h>
#include <stdio.h>
#include <stdint.h>

/* sun_path's size: a name is at most this many bytes. */
#define NLAB_UNIX_PATH 108

/* One unix socket as UNIX_DIAG reports it. */
typedef struct nlab_unix_row {
	int type;	      /* SOCK_STREAM, SOCK_DGRAM, SOCK_SEQPACKET */
	int state;	      /* TCP_LISTEN, TCP_ESTABLISHED, TCP_CLOSE */
	uint32_t inode, peer; /* peer: the other end's inode, 0 if none */
	uint32_t rqueue, wqueue; /* a listener: pending, backlog */
	uint32_t uid;
	int has_uid;
	uint32_t refcnt; /* /proc/net/unix's RefCount (nlab_unix_proc)... */
	int sock_state;	 /* ...and St: SS_UNCONNECTED... (-1: not seen) */
	size_t name_len; /* 0: unnamed; name[0] == 0: abstract */
	char name[NLAB_UNIX_PATH + 1];
	int pending; /* a connection queued on a listener, not accepted:
			no inode, so only /proc/net/unix lists it; NAME is
			then the text /proc prints */
} nlab_unix_row;

/* The rows of one dump (owned here, reused by the next dump). */
typedef struct nlab_unix_table {
	nlab_unix_row *rows;
	size_t n, cap;
	int err; /* a failure met while storing rows */
} nlab_unix_table;

/* Replaces T's rows by every unix socket of the namespace D's netlink
 * socket was opened in (nlab_diag_open). */
int nlab_unix_dump(nlab_diag *d, nlab_unix_table *t);

/* Fills each row's refcnt and sock_state from /proc/net/unix read
 * inside NETNS (-1: here): netstat -x's RefCnt and State, which
 * sock_diag does not carry; adds the pending connections sock_diag
 * skips (they have no inode), and puts the rows in /proc's order. */
int nlab_unix_proc(nlab_unix_table *t, int netns);

/* nlab_unix_proc's work on /proc/net/unix's text read from PROC: the
 * rows in its order with their counts and states, pending ones added
 * (for the fuzz target too). */
int nlab_unix_merge(nlab_unix_table *t, FILE *proc);

/* Frees T's rows; safe to call twice. */
void nlab_unix_free(nlab_unix_table *t);

#endif
