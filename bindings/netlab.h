/* netlab.h - what the interpreter (main.c) needs from netlab's bindings. */
#ifndef NETLAB_H
#define NETLAB_H

#include <lua.h>

/* NETLAB_RELEASE comes from the file VERSION, through the Makefile. */
#define NETLAB_VERSION "netlab " NETLAB_RELEASE

/* Registers netlab's C modules in package.preload, makes the Lua half
 * (scripts/, found next to the binary or in the install tree) loadable
 * through nlab_searcher and sets the global `netlab`. Raises on failure. */
void nlab_openlibs(lua_State *L);

/* Puts a searcher second in package.searchers (after preload) that
 * finds the modules in SOURCES (netlab's scripts/) and nothing else,
 * silently: BYTECODE/<module>.luac when it is as new as
 * SOURCES/<module>.lua, else the source. */
void nlab_searcher(lua_State *L, const char *sources, const char *bytecode);

/* Called once the main chunk has returned: drives the scheduler until
 * every non-daemon task has finished, then reports tasks that failed
 * and were never joined. Returns 1 if all went well, 0 if some task
 * failed (its error has been printed on stderr). */
int nlab_finish(lua_State *L);

/* Where netlab's labs live (source tree or install tree), or NULL. */
const char *nlab_labdir(void);

/* The directory of netlab's Lua modules (scripts/), resolved (realpath),
 * or NULL before nlab_openlibs. */
const char *nlab_scriptdir(void);

#endif
