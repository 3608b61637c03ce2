/* print_radius.h - what RADIUS's printer (print_radius.c, the attribute
 * walk and values) and its tables (print_radius_tab.c) share. */
#ifndef NLAB_PRINT_RADIUS_H
#define NLAB_PRINT_RADIUS_H

#include "print_priv.h"

enum { RADIUS_ATTRS = 130 }; /* the attribute types tcpdump names */

/* How an attribute's value prints (tcpdump's print_func). */
enum {
	A_NONE,	   /* not at all */
	A_STR,	   /* text up to a NUL (tags, EAP for some types) */
	A_NUM,	   /* a 32-bit number, a standard value's name, a time */
	A_VENDOR,  /* vendor id and the vendor's attributes */
	A_ADDR,	   /* an IPv4 address */
	A_ADDR6,   /* an IPv6 address */
	A_PREFIX6, /* an IPv6 prefix: reserved, length, bytes */
	A_HLP6,	   /* MIP6's home link prefix: length, address */
	A_OPNAME,  /* Operator-Name: namespace, name */
	A_LOCINFO, /* Location-Information */
	A_LOCDATA, /* Location-Data: index, hex and ASCII */
	A_BLPR,	   /* Basic-Location-Policy-Rules */
	A_TIME,	   /* seconds since 1970 as ctime writes them */
	A_VEC64,   /* MIP6-Feature-Vector's bits */
	A_STRANGE  /* ARAP's, Error-Cause */
};

/* Attribute type T's way of printing (A_NONE past the table). */
int nlab_radius_kind(uint8_t t);
/* Its name, "Unknown" for 0 and past the table. */
const char *nlab_radius_name(uint8_t t);
/* Whether T's numbers have standard values, and V's name (or NULL). */
int nlab_radius_has_values(uint8_t t);
const char *nlab_radius_value(uint8_t t, uint32_t v);
/* An Error-Cause's text, or NULL. */
const char *nlab_radius_error_cause(uint32_t v);

#endif
