/* bridge.h - Linux bridges (a lab's switches) through libnl-route-3. */
#ifndef NLAB_BRIDGE_H
#define NLAB_BRIDGE_H

struct nl_sock;

/* Makes bridge NAME in SK's namespace and sets it up (ip link add NAME
 * type bridge; ip link set NAME up). */
int nlab_bridge_add(struct nl_sock *sk, const char *name);

/* Makes interface PORT a port of bridge NAME (ip link set PORT master
 * NAME). */
int nlab_bridge_enslave(struct nl_sock *sk, const char *name, const char *port);

#endif
