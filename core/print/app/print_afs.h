/* print_afs.h - what Rx's printer (print_rx.c), the AFS argument reader
 * (print_afs.c) and the AFS services' tables (print_afs_ops.c) share. */
#ifndef NLAB_PRINT_AFS_H
#define NLAB_PRINT_AFS_H

#include "print_priv.h"

enum { AFS_RXHDR = 28 }; /* an Rx header's length */

/* What reading an argument came to: AFS_OK; AFS_SVC when the service
 * ends the line itself (" [|fs]", then the packet's length); AFS_RX
 * when the capture ended where tcpdump's GET_ macros longjmp (the line
 * ends " [|rx]" with no length). */
enum { AFS_OK, AFS_SVC, AFS_RX };

/* The arguments of one Rx packet V being read from AT on. */
typedef struct afs_rd {
	nlab_pctx *c;
	nlab_view v;
	size_t at;
	unsigned namemax; /* the longest string (STROUT's MAX) */
	unsigned vecmax;  /* the characters of a name sent one per word */
} afs_rd;

/* One remote procedure: its opcode, name and the argument formats of
 * its call and of its data reply (NULL: nothing to print); see
 * nlab_afs_run for the format's words. */
typedef struct afs_op {
	uint32_t op;
	const char *name, *call, *reply;
} afs_op;

/* An AFS service: its port, name (and " [|name]"), its procedures, its
 * MAX lengths; UBIK when its opcodes may be Ubik's (then its name comes
 * first: " pt ubik call ..."); REPLY_LT when a reply of exactly an Rx
 * header's length is still printed. */
typedef struct afs_svc {
	uint16_t port;
	const char *name;
	const afs_op *ops;
	size_t nops;
	unsigned namemax, vecmax;
	uint8_t ubik, reply_lt;
} afs_svc;

/* The service on PORT (7000-7007), or NULL; Ubik's procedures. */
const afs_svc *nlab_afs_svc(uint16_t port);
extern const afs_svc nlab_afs_ubik;

/* The procedure OP of S, or NULL. */
const afs_op *nlab_afs_op(const afs_svc *s, uint32_t op);

/* Prints the arguments FMT describes, reading R on: AFS_OK/SVC/RX. */
int nlab_afs_run(afs_rd *r, const char *fmt);

/* A call to the service on PORT in the Rx packet V of LEN bytes, or a
 * reply from it to a call of OPCODE: AFS_OK, or AFS_RX when the line
 * must end " [|rx]". */
int nlab_afs_call(nlab_pctx *c, nlab_view v, uint32_t len, uint16_t port);
int nlab_afs_reply(nlab_pctx *c, nlab_view v, uint32_t len, uint16_t port,
		   uint32_t opcode);

#endif
