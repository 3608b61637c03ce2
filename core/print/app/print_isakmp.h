/* print_isakmp.h - what the ISAKMP printer's files share: the message
 * header and the walk over its payloads (print_isakmp.c), IKEv1's
 * payloads (print_isakmp_v1.c) and IKEv2's (print_ikev2.c).
 *
 * Positions are signed offsets from the ISAKMP header; like tcpdump's
 * pointers they may point past the end of what was captured (a payload
 * printer may hand back its item's end plus one, or a proposal's end
 * worked out from a length that lies), and every read checks them. */
#ifndef NLAB_PRINT_ISAKMP_H
#define NLAB_PRINT_ISAKMP_H

#include "print_priv.h"

typedef int64_t ike_at;

/* What a payload printer hands back instead of the next payload's
 * position: tcpdump's NULL (the walk ends; what encloses it goes on). */
enum { IKE_NULL = -1 };

/* The payload types the printers name themselves. */
enum { IKE_SA = 1, IKE_P = 2, IKE_T = 3, IKE_KE = 4, IKE_ID = 5, IKE_CERT = 6, IKE_CR = 7,
       IKE_HASH = 8, IKE_SIG = 9, IKE_NONCE = 10, IKE_N = 11, IKE_D = 12, IKE_VID = 13,
       IKE_V2E = 46 };

/* One message being printed. */
typedef struct ike {
	nlab_pctx *c;
	nlab_view v;    /* the message from its header to where tcpdump's */
	ike_at ep;      /* snapend is: the capture's or the IP datagram's end */
	uint32_t phase; /* 1 (message id 0) or 2 */
	int jmp;        /* a read went past ep: tcpdump's longjmp, the line */
			/* ends " [|isakmp]" and nothing more is printed */
} ike;

/* Whether the N bytes at AT were captured (ND_TCHECK_LEN). */
int nlab_ike_has(const ike *k, ike_at at, int64_t n);

/* Big-endian reads at AT; past ep they set k->jmp and give 0. */
uint8_t nlab_ike_u8(ike *k, ike_at at);
uint16_t nlab_ike_u16(ike *k, ike_at at);
uint32_t nlab_ike_u32(ike *k, ike_at at);

/* tcpdump's rawprint: the N bytes at AT in hex; 0 when not captured. */
int nlab_ike_hex(ike *k, ike_at at, int64_t n);

/* ike_show_somedata: " data=(" the first bytes from AT, "...", the
 * last ones before ep, ")"; 0 when they were not captured. */
int nlab_ike_somedata(ike *k, ike_at at);

/* Appends T[X] of a table of N names, or "#X" (STR_OR_ID). */
void nlab_ike_name(ike *k, const char *const *t, size_t n, uint32_t x);

/* Appends payload type NP's name (NPSTR), and " [|name]". */
void nlab_ike_np(ike *k, uint8_t np);
void nlab_ike_trunc(ike *k, uint8_t np);

/* A newline and DEPTH levels of indent, then "(". */
void nlab_ike_open(ike *k, int depth);

/* The payloads from EXT on, NP the first's type, each on a line of its
 * own at DEPTH + 1 (ikev1_sub_print; V2: ikev2_sub_print, which knows
 * the encrypted payload): the position after the last, or IKE_NULL. */
ike_at nlab_ike_walk(ike *k, uint8_t np, ike_at ext, uint32_t doi, uint32_t proto, int depth,
		     int v2);

/* One payload of type NP and LEN bytes at EXT, by its type (npfunc);
 * NULL when netlab, as tcpdump, only names it. */
typedef ike_at ike_fn(ike *k, uint8_t np, ike_at ext, uint32_t len, uint32_t doi, uint32_t proto,
		      int depth);
ike_fn *nlab_ike_v1_fn(uint8_t np);
ike_fn *nlab_ike_v2_fn(uint8_t np);
/* IKEv2's encrypted payload: its length; always IKE_NULL (the last). */
ike_at nlab_ike_v2_e(ike *k, uint8_t np, ike_at ext, uint32_t len);

/* The attributes from CP on of a transform ending at EP2, their names
 * from map MAP (IKE_MAP_*; IKE_MAP_NONE: numbers only): the position
 * after them, IKE_NULL when one was cut (after " [|t]"). */
enum { IKE_MAP_NONE, IKE_MAP_OAKLEY, IKE_MAP_IPSEC, IKE_MAP_ENCR };
ike_at nlab_ike_attrs(ike *k, ike_at cp, ike_at ep2, int map);

/* The protocol id's name (PROTOIDSTR), the DH groups' (dh_p_map). */
void nlab_ike_protoid(ike *k, uint8_t id);
extern const char *const nlab_ike_dh[19];

#endif
