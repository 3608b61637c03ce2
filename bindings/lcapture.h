/* lcapture.h - what l_capture.c ("netlab.c.capture") and l_pcapfile.c,
 * the two halves of that module, share. */
#ifndef LCAPTURE_H
#define LCAPTURE_H

#include <lua.h>

/* Pushes nil, TEXT (or the message for RC when TEXT is empty) and the
 * errno number behind RC: the `nil, message, errno` of a libpcap error. */
int nlab_push_pcap_error(lua_State *L, int rc, const char *text);

/* Adds the pcap file functions (pcap_open, pcap_write) to the module
 * table on the top of the stack, and makes the netlab.pcapfile type. */
void nlab_pcapfile_register(lua_State *L);

#endif
