/* ltcpinfo.h - the kernel's view of a TCP connection as Lua fields, the
 * same for sock:tcp_info() (l_tcpinfo.c) and host:sockets() rows
 * (l_diag.c). */
#ifndef LTCPINFO_H
#define LTCPINFO_H

#include "tcpinfo.h"

#include <lua.h>

/* The name of the kernel's TCP state number STATE ("ESTABLISHED",
 * "FIN_WAIT_1"... as host:sockets() spells them). */
const char *nlab_tcp_state(int state);

/* Sets the fields of tcp_info TI, of which the kernel gave LEN bytes, on
 * the table at the top: times in ms (floats), rates in bytes/s. */
void nlab_set_tcpinfo(lua_State *L, const nlab_tcp_info *ti, size_t len);

/* Sets t.skmem = {rmem_alloc =, rcvbuf =, ...} when M has counters. */
void nlab_set_skmem(lua_State *L, const nlab_skmem *m);

/* Sets t.bbr, t.vegas or t.dctcp from CC, when it holds one. */
void nlab_set_ccinfo(lua_State *L, const nlab_ccinfo *cc);

#endif
