/* print_cdp.h - what CDP's two files share: the TLV table. */
#ifndef NLAB_PRINT_CDP_H
#define NLAB_PRINT_CDP_H

#include "print_priv.h"

/* A TLV type: its name, the printer of its value of LEN bytes at OFF
 * (NULL: none, nor a hex dump), and the value lengths it may have (0:
 * no bound). */
typedef struct nlab_cdp_tlv {
	const char *name;
	int (*fn)(nlab_pctx *c, nlab_view v, size_t off, uint32_t len);
	int min, max;
} nlab_cdp_tlv;

/* The TLV type TYPE's entry, or NULL past the table (print_cdp_tlv.c). */
const nlab_cdp_tlv *nlab_p_cdp_tlv(uint16_t type);

#endif
