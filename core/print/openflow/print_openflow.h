/* print_openflow.h - what the OpenFlow printers (print_openflow*.c,
 * print_of10*.c, print_of13.c) share: the message type table each version
 * gives the walk over a segment's messages, and the helpers every
 * version's messages print with (tcpdump's openflow.h).
 *
 * A decoder prints a message body of LEN bytes (as its header says) of
 * which P holds what was captured; it returns NLAB_P_OK, or NLAB_P_TRUNC
 * where tcpdump's bounds check would longjmp out of the whole packet. */
#ifndef NLAB_PRINT_OPENFLOW_H
#define NLAB_PRINT_OPENFLOW_H

#include "print_priv.h"

/* Returns NLAB_P_TRUNC from the caller unless V holds N bytes at OFF. */
#define OF_NEED(v, off, n)                            \
	do {                                          \
		if (!nlab_view_has((v), (off), (n)))  \
			return NLAB_P_TRUNC;          \
	} while (0)

#define OF_HEADER_LEN 8U

typedef int (*nlab_of_decoder)(nlab_pctx *c, nlab_view p, uint32_t len);

/* How a message type's body length is checked before it is decoded. */
enum { OF_REQ_NONE, OF_REQ_FIXLEN, OF_REQ_MINLEN };

/* One message type of a version (tcpdump's struct of_msgtypeinfo):
 * DEC NULL when its body is not decoded. */
typedef struct nlab_of_msgtype {
	const char *name;
	nlab_of_decoder dec;
	uint8_t req;
	uint16_t value;
} nlab_of_msgtype;

/* The message type TYPE of OpenFlow 1.0 and 1.3, or NULL. */
const nlab_of_msgtype *nlab_of10_msgtype(uint8_t type);
const nlab_of_msgtype *nlab_of13_msgtype(uint8_t type);

/* " (NAMES)" of V's bits that T names when a bit outside UNASSIGNED is
 * set, then " (bogus)" when a bit in UNASSIGNED is (of_bitmap_print). */
void nlab_of_bitmap(nlab_pctx *c, const nlab_bitname *t, uint32_t v, uint32_t unassigned);

/* The name of vendor (experimenter) id V: an OUI's or an ONF
 * experimenter's, "unknown" else (of_vendor_name). */
const char *nlab_of_vendor_name(uint32_t v);

/* The variable data of LEN bytes at P: "data (N octets)" and, under
 * -vv, its hex and ASCII lines (of_data_print). */
int nlab_of_data(nlab_pctx *c, nlab_view p, uint32_t len);

/* " (invalid)", then NLAB_P_TRUNC unless P holds LEN bytes (the
 * "invalid:" exit of tcpdump's decoders). */
int nlab_of_invalid(nlab_pctx *c, nlab_view p, uint32_t len);

/* NLAB_P_OK when P holds LEN bytes, else NLAB_P_TRUNC (ND_TCHECK_LEN). */
static inline int nlab_of_tcheck(nlab_view p, uint32_t len)
{
	return nlab_view_has(p, 0, len) ? NLAB_P_OK : NLAB_P_TRUNC;
}

/* Up to N bytes of text at OFF of P, ending at a NUL, between quotes
 * after LEAD (nd_printjnp): NLAB_P_TRUNC when P ends first. */
int nlab_of_text(nlab_pctx *c, nlab_view p, size_t off, size_t n, const char *lead);

/* OpenFlow 1.0's pieces (print_of10_match.c, print_of10_port.c,
 * print_of10_stats.c, print_of10_vendor.c): the name of port P or its
 * number; a match structure (40 bytes at P) with PFX before each field;
 * a list of actions of LEN bytes; a physical port (48 bytes), PORT_MOD's
 * body, a list of queues of LEN bytes; the statistics messages' bodies;
 * the vendor message, a vendor action's body and vendor data. */
void nlab_of10_port(nlab_pctx *c, uint16_t p);
int nlab_of10_match(nlab_pctx *c, const char *pfx, nlab_view p);
int nlab_of10_actions(nlab_pctx *c, const char *pfx, nlab_view p, uint32_t len);
int nlab_of10_phy_port(nlab_pctx *c, nlab_view p);
int nlab_of10_port_mod(nlab_pctx *c, nlab_view p, uint32_t len);
int nlab_of10_queues(nlab_pctx *c, nlab_view p, uint32_t len);
int nlab_of10_stats_request(nlab_pctx *c, nlab_view p, uint32_t len);
int nlab_of10_stats_reply(nlab_pctx *c, nlab_view p, uint32_t len);
int nlab_of10_vendor_message(nlab_pctx *c, nlab_view p, uint32_t len);
int nlab_of10_vendor_action(nlab_pctx *c, nlab_view p, uint32_t len);
int nlab_of10_vendor_data(nlab_pctx *c, nlab_view p, uint32_t len);

/* OpenFlow 1.3's ERROR body (print_of13_error.c). */
int nlab_of13_error(nlab_pctx *c, nlab_view p, uint32_t len);

#endif
