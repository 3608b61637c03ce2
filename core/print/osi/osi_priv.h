/* osi_priv.h - what the OSI printers (print_isoclns.c, print_clnp.c,
 * print_esis.c, print_isis*.c) share: tcpdump's print-isoclns.c split
 * by protocol, IS-IS's TLVs over four files.
 *
 * Their functions return NLAB_P_OK, NLAB_P_TRUNC (a read past the
 * capture: tcpdump's longjmp), NLAB_P_ETRUNC (tcpdump's own "goto
 * trunc"), or the two below. */
#ifndef NLAB_OSI_PRIV_H
#define NLAB_OSI_PRIV_H

#include "print_priv.h"

enum {
	OSI_DONE = 4, /* the PDU's text ends here, nothing more to add */
	OSI_FAIL = 5  /* tcpdump's printer returned 0: dump the PDU's bytes */
};

/* Returns NLAB_P_TRUNC from the caller when V lacks N bytes at OFF. */
#define OSI_NEED(v, off, n)                                                    \
	do {                                                                   \
		if (!nlab_view_has((v), (off), (n)))                           \
			return NLAB_P_TRUNC;                                   \
	} while (0)

/* The name tcpdump's nlpid_values gives NLPID N, or UNKNOWN. */
const char *nlab_osi_nlpid_name(uint8_t n, const char *unknown);

/* The N-byte NSAP at OFF of V as isonsap_string writes it ("49.000a"):
 * NLAB_P_TRUNC (nothing appended) when V lacks the bytes. */
int nlab_osi_nsap(nlab_pctx *c, nlab_view v, size_t off, unsigned n);

/* An IS-IS system (N 6), node (7) or LSP (8) id at OFF of V:
 * "1921.6800.1001.00-00" (isis_print_id); NLAB_P_TRUNC when cut. */
int nlab_osi_id(nlab_pctx *c, nlab_view v, size_t off, unsigned n);

/* " (correct)", " (incorrect should be 0x....)" or " (unverified)": the
 * Fletcher checksum CK of the LEN bytes at BASE of V, its field CKOFF
 * bytes in (osi_print_cksum). */
void nlab_osi_cksum(nlab_pctx *c, nlab_view v, size_t base, uint16_t ck, int ckoff,
		    uint32_t len);



/* The bytes of V from OFF to the end of the capture, "%02X" each (what
 * tcpdump prints after a length indicator too short; print_esis.c). */
void nlab_osi_hex_upper(nlab_pctx *c, nlab_view v, size_t off);

/* The protocols after their NLPID byte: each prints from it on. */
int nlab_osi_isis(nlab_pctx *c, nlab_view v, uint32_t len);
int nlab_osi_clnp(nlab_pctx *c, nlab_view v, uint32_t len);
int nlab_osi_esis(nlab_pctx *c, nlab_view v, uint32_t len);

/* An IS-IS PDU being walked: its captured bytes from the NLPID on and
 * the length its TLVs are read within. */
typedef struct isis_pdu {
	nlab_pctx *c;
	nlab_view p;
	uint32_t length;
} isis_pdu;

/* One TLV (print_isis_tlv.c): TYPE, its LEN bytes of value at OFF of
 * D->p, as tcpdump's isis_print switch prints it. */
int nlab_isis_tlv(isis_pdu *d, uint8_t type, size_t off, uint8_t len);
/* TLV TYPE's name in isis_tlv_values, or NULL. */
const char *nlab_isis_tlv_name(uint8_t type);

/* The reachability TLVs (print_isis_reach.c): the extended IS
 * reachability entry at OFF (TLVs 22, 24, 222) with TLEN bytes left,
 * the bytes it took in *USED (0: tcpdump's failure); the extended IP
 * reachability entry (135, 235, 236, 237) for AFI 4 or 6; the old IP
 * reachability list (128, 130); the multi-topology id (2 bytes). */
int nlab_isis_ext_is_reach(isis_pdu *d, size_t off, uint8_t type, unsigned tlen,
			   unsigned *used);
int nlab_isis_extd_ip_reach(isis_pdu *d, size_t off, int afi, unsigned *used);
int nlab_isis_ip_reach(isis_pdu *d, size_t off, unsigned len);
int nlab_isis_mtid(isis_pdu *d, size_t off, unsigned tlen);
/* The 4-byte metric block of the old TLVs at OFF. */
void nlab_isis_metrics(isis_pdu *d, size_t off);

/* Shortest path bridging (print_isis_spb.c): the sub-TLVs of TLV 143
 * (MT port capability) and 144 (MT capability), LEN bytes at OFF:
 * NLAB_P_TRUNC when the capture ends where tcpdump reads on. */
int nlab_isis_spb_port_cap(isis_pdu *d, size_t off, unsigned len);
int nlab_isis_spb_cap(isis_pdu *d, size_t off, unsigned len);
/* The router capability TLV's sub-TLVs (242), LEN bytes at OFF. */
int nlab_isis_router_cap(isis_pdu *d, size_t off, uint8_t len);

#endif
