/* lpacket.h - the packet userdata ("netlab.packet", l_packet.c) that
 * captures (l_capture.c), pcap files and crafting hand to Lua. */
#ifndef LPACKET_H
#define LPACKET_H

#include "pkt.h"
#include "print.h"

#include <lua.h>

#define NLAB_PACKET "netlab.packet"

/* Pushes a new packet userdata holding a copy of DATA (H->caplen bytes)
 * and header H. FLOWS, when not NULL, is the conversation table of the
 * packet's source (capture or file), noted in the order packets are
 * pushed so that tostring(p) prints tcpdump's relative numbers. */
void nlab_lpacket_push(lua_State *L, const nlab_pkthdr *h, const uint8_t *data,
		       nlab_flows *flows);

/* As nlab_lpacket_push, with the TCP bases REL already noted (a
 * capture's ring notes each packet as it keeps it). */
void nlab_lpacket_push_rel(lua_State *L, const nlab_pkthdr *h,
			   const uint8_t *data, const nlab_tcprel *rel);

/* Pushes a new packet as nlab_lpacket_push_rel does, with room for CAP
 * bytes (at least H->caplen), so that nlab_lpacket_refill can reuse it,
 * and a user value for its source (LPACKET_SOURCE). */
void nlab_lpacket_push_cap(lua_State *L, const nlab_pkthdr *h,
			   const uint8_t *data, const nlab_tcprel *rel,
			   uint32_t cap);

/* Makes the packet at IDX (one of nlab_lpacket_push_cap) hold a copy of
 * DATA with header H and bases REL instead, decoded afresh; its layer
 * views follow. Returns 0, or -1 (nothing changed) if its room is too
 * small. */
int nlab_lpacket_refill(lua_State *L, int idx, const nlab_pkthdr *h,
			const uint8_t *data, const nlab_tcprel *rel);

/* The packet at IDX (as nlab_lpacket_refill takes it), or NULL. */
struct lpacket *nlab_lpacket_at(lua_State *L, int idx);

/* Checks that ARG is a packet; sets *H and returns its bytes. */
const uint8_t *nlab_lpacket_check(lua_State *L, int arg, nlab_pkthdr *h);

#endif
