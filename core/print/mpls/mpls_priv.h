/* mpls_priv.h - what the MPLS family's printers (mpls/) share. */
#ifndef NLAB_MPLS_PRIV_H
#define NLAB_MPLS_PRIV_H

#include <stdint.h>

/* tcpdump's mpls_pw_types_values (l2vpn.c): the name of pseudowire type
 * T, or "Unknown" (print_ldp.c). */
const char *nlab_p_pw_type(uint16_t t);

#endif
