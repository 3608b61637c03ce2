/* modules.h - the C modules netlab links in, each `require`d by name. */
#ifndef NLAB_MODULES_H
#define NLAB_MODULES_H

#include <lua.h>

int luaopen_netlab_socket(lua_State *L); /* "netlab.c.socket" */
int luaopen_netlab_loop(lua_State *L);   /* "netlab.c.loop"   */
int luaopen_netlab_fd(lua_State *L);     /* "netlab.c.fd"     */
int luaopen_netlab_proc(lua_State *L);   /* "netlab.c.proc"   */
int luaopen_netlab_errno(lua_State *L);  /* "netlab.errno"    */
int luaopen_netlab_edit(lua_State *L);   /* "netlab.c.edit"   */
int luaopen_netlab_dns(lua_State *L);    /* "netlab.c.dns"    */
int luaopen_netlab_lab(lua_State *L);    /* "netlab.c.lab"    */
int luaopen_netlab_net(lua_State *L);    /* "netlab.c.net"    */
int luaopen_netlab_iface(lua_State *L);  /* "netlab.c.iface"  */
int luaopen_netlab_route(lua_State *L);  /* "netlab.c.route"  */
int luaopen_netlab_capture(lua_State *L); /* "netlab.c.capture" */
int luaopen_netlab_packet(lua_State *L); /* "netlab.c.packet" */
int luaopen_netlab_print(lua_State *L);  /* "netlab.print"    */
int luaopen_netlab_craft(lua_State *L);  /* "netlab.c.craft"  */
int luaopen_netlab_diag(lua_State *L);   /* "netlab.c.diag"   */
int luaopen_netlab_unixdiag(lua_State *L); /* "netlab.c.unixdiag" */
int luaopen_netlab_wire(lua_State *L);   /* "netlab.c.wire"   */
int luaopen_netlab_tcpinfo(lua_State *L); /* "netlab.c.tcpinfo" */
int luaopen_netlab_tunnel(lua_State *L); /* "netlab.c.tunnel" */
int luaopen_netlab_tun(lua_State *L);    /* "netlab.c.tun"    */
int luaopen_netlab_zcopy(lua_State *L);  /* "netlab.c.zcopy"  */
int luaopen_netlab_buffer(lua_State *L); /* "netlab.c.buffer" */

/* Installs the SIGINT handler for the next statement (main.c): the first
 * Ctrl-C interrupts the running Lua code and any blocking wait, a second
 * one ends netlab. */
void nlab_sigint_arm(lua_State *L);

/* Called by a wait that saw the interrupt: clears the handler's hook so
 * the error is raised once, then raises "interrupted!". */
int nlab_sigint_raise(lua_State *L);

#endif
