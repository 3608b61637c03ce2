/* l_edit.c - netlab.c.edit: libedit's callback interface for a REPL that
 * waits for input through the scheduler instead of blocking in readline. */
#include <errno.h>
#include <stdlib.h>
#include <string.h>
#include <unistd.h>

#include <editline/readline.h>

#include <lauxlib.h>
#include <lua.h>

#include "modules.h"

#define HISTORY_MAX 1000

/* Lua-specific word breaks: '.' and ':' stay inside the word, so
 * "netlab.tc" and "s:rec" complete as a whole. */
static char word_breaks[] = " \t\n\"\\'`@$><=;|&{([+-*/%^~#,)]}";

static int completer_key; /* registry key of the Lua completer */
static lua_State *feed_L; /* state running feed(), for the completer */
static char *done_line;	  /* line handed over by libedit, owned here */
static int line_state;	  /* 0: not yet, 1: line, 2: end of input */
static int initialised;	  /* rl_initialize done */
static int fresh; /* no key fed since start(): rl_line_buffer is stale */

/* Pushes the edited line up to the cursor position 'end'. In callback
 * mode libedit refreshes rl_line_buffer after each key, not at start
 * (and its rl_copy_text drops the last byte). */
static void push_line_to(lua_State *L, int end)
{
	const char *line = rl_line_buffer;

	if (fresh || line == NULL || end <= 0)
		lua_pushliteral(L, "");
	else
		lua_pushlstring(L, line, strnlen(line, (size_t)end));
}

/* libedit's reader: one byte from the terminal; notes the end of input,
 * which libedit would otherwise not report in callback mode. */
static int read_key(FILE *f)
{
	unsigned char c;
	ssize_t n;

	do
		n = read(fileno(f), &c, 1);
	while (n < 0 && errno == EINTR);
	if (n == 1)
		return c;
	line_state = 2;
	return EOF;
}

/* libedit's line handler: keeps the finished line (NULL at EOF). */
static void on_line(char *line)
{
	free(done_line);
	done_line = line;
	line_state = line ? 1 : 2;
}

/* Pushes the completer's candidates for text (called in protected mode). */
static int call_completer(lua_State *L)
{
	const char *text = lua_touserdata(L, 1);
	int end = (int)lua_tointeger(L, 2);

	lua_rawgetp(L, LUA_REGISTRYINDEX, &completer_key);
	lua_pushstring(L, text);
	push_line_to(L, end);
	lua_call(L, 2, 1);
	if (!lua_istable(L, -1))
		lua_newtable(L);
	return 1;
}

/* Length of the common prefix of all strings in m[1..n]. */
static size_t common_prefix(char **m, int n)
{
	size_t len = strlen(m[1]);
	int i;

	for (i = 2; i <= n; i++) {
		size_t k = 0;
		while (k < len && m[i][k] == m[1][k])
			k++;
		len = k;
	}
	return len;
}

/* Frees a matches array holding n matches after its slot 0. */
static void free_matches(char **m, int n)
{
	int i;

	for (i = 0; i <= n; i++)
		free(m[i]);
	free(m);
}

/* Turns the candidate list on top of the stack into libedit's matches
 * array: {common prefix, match..., NULL} (NULL if none); pops the list.
 * Only non-raising Lua calls happen while the array is held. */
static char **to_matches(lua_State *L)
{
	int n = (int)lua_rawlen(L, -1), i, k = 0;
	char **m = calloc((size_t)n + 3, sizeof *m);

	for (i = 1; m && i <= n; i++) {
		if (lua_rawgeti(L, -1, i) == LUA_TSTRING &&
		    (m[k + 1] = strdup(lua_tostring(L, -1))) != NULL)
			k++;
		lua_pop(L, 1);
	}
	lua_pop(L, 1);
	if (m && k > 0)
		m[0] = strndup(m[1], common_prefix(m, k));
	if (m && m[0] == NULL) {
		free_matches(m, k);
		m = NULL;
	}
	return m;
}

/* libedit's completion hook: asks the Lua completer, never raises. */
static char **complete(const char *text, int start, int end)
{
	lua_State *L = feed_L;

	(void)start;
	rl_attempted_completion_over = 1; /* no filename completion */
	if (L == NULL || !lua_checkstack(L, 8))
		return NULL;
	lua_pushcfunction(L, call_completer);
	lua_pushlightuserdata(L, (void *)text);
	lua_pushinteger(L, end);
	if (lua_pcall(L, 2, 1, 0) != LUA_OK) {
		lua_pop(L, 1);
		return NULL;
	}
	return to_matches(L);
}

/* Sets libedit up once: no signal handling of its own, Lua word breaks. */
static void init_edit(void)
{
	if (initialised)
		return;
	initialised = 1;
	rl_readline_name = "netlab";
	rl_catch_signals = 0;
	rl_catch_sigwinch = 0;
	rl_getc_function = read_key;
	rl_initialize();
	rl_basic_word_break_characters = word_breaks;
	rl_completer_word_break_characters = word_breaks;
	rl_completion_append_character = '\0';
	rl_attempted_completion_function = complete;
	stifle_history(HISTORY_MAX);
}

/* edit.start(prompt): shows the prompt and starts a line. */
static int l_edit_start(lua_State *L)
{
	const char *prompt = luaL_checkstring(L, 1);

	init_edit();
	free(done_line);
	done_line = NULL;
	line_state = 0;
	fresh = 1;
	rl_callback_handler_install(prompt, on_line);
	return 0;
}

/* Pushes what feed() returns for the current line state. */
static int push_line(lua_State *L)
{
	if (line_state == 0) {
		lua_pushboolean(L, 0);
	} else if (line_state == 2) {
		lua_pushnil(L);
	} else {
		line_state = 0;
		lua_pushstring(L, done_line);
		free(done_line);
		done_line = NULL;
	}
	return 1;
}

/* edit.feed(): reads what stdin has; returns the line once complete,
 * false while incomplete, nil at end of input. */
static int l_edit_feed(lua_State *L)
{
	luaL_argcheck(L, initialised, 1, "edit.start was not called");
	if (line_state == 0) {
		feed_L = L;
		rl_callback_read_char();
		feed_L = NULL;
		fresh = 0;
	}
	return push_line(L);
}

/* edit.stop(): ends line editing and gives the terminal back. */
static int l_edit_stop(lua_State *L)
{
	(void)L;
	if (initialised)
		rl_callback_handler_remove();
	return 0;
}

/* edit.cancel(): drops the partial line (after Ctrl-C). */
static int l_edit_cancel(lua_State *L)
{
	(void)L;
	if (initialised) {
		rl_replace_line("", 0);
		rl_callback_handler_remove();
	}
	free(done_line);
	done_line = NULL;
	line_state = 0;
	fputs("\n", stdout);
	fflush(stdout);
	return 0;
}

/* edit.redisplay(): shows the prompt and the partial line again, on a
 * fresh line, after something else was printed. */
static int l_edit_redisplay(lua_State *L)
{
	(void)L;
	if (initialised)
		rl_forced_update_display();
	return 0;
}

/* edit.history_load(path): reads saved history; true or nil, msg. */
static int l_edit_history_load(lua_State *L)
{
	const char *path = luaL_checkstring(L, 1);
	int err;

	init_edit();
	err = read_history(path);
	if (err != 0)
		return luaL_fileresult(L, 0, path);
	lua_pushboolean(L, 1);
	return 1;
}

/* edit.history_add(line): appends a line to the history. */
static int l_edit_history_add(lua_State *L)
{
	const char *line = luaL_checkstring(L, 1);

	init_edit();
	if (line[0] != '\0')
		add_history(line);
	return 0;
}

/* edit.history_save(path): writes the history; true or nil, msg. */
static int l_edit_history_save(lua_State *L)
{
	const char *path = luaL_checkstring(L, 1);

	init_edit();
	errno = 0;
	if (write_history(path) != 0)
		return luaL_fileresult(L, 0, path);
	lua_pushboolean(L, 1);
	return 1;
}

/* edit.set_completer(fn | nil): fn(word, line) -> {candidate...}. */
static int l_edit_set_completer(lua_State *L)
{
	if (!lua_isnoneornil(L, 1))
		luaL_checktype(L, 1, LUA_TFUNCTION);
	lua_settop(L, 1);
	lua_rawsetp(L, LUA_REGISTRYINDEX, &completer_key);
	return 0;
}

/* edit.isatty(fd): whether fd is a terminal. */
static int l_edit_isatty(lua_State *L)
{
	int fd = (int)luaL_checkinteger(L, 1);

	lua_pushboolean(L, isatty(fd));
	return 1;
}

/* edit.read(fd): one read() of what fd has; a string, false if nothing
 * yet, nil at end of input, or nil, msg, errno. */
static int l_edit_read(lua_State *L)
{
	int fd = (int)luaL_checkinteger(L, 1);
	luaL_Buffer b;
	char *p = luaL_buffinitsize(L, &b, LUAL_BUFFERSIZE);
	ssize_t n = read(fd, p, LUAL_BUFFERSIZE);

	if (n < 0 && (errno == EINTR || errno == EAGAIN)) {
		lua_pushboolean(L, 0);
		return 1;
	}
	if (n < 0)
		return luaL_fileresult(L, 0, NULL);
	if (n == 0) {
		lua_pushnil(L);
		return 1;
	}
	luaL_pushresultsize(&b, (size_t)n);
	return 1;
}

/* edit.arm_sigint(): Ctrl-C interrupts the next statement or wait. */
static int l_edit_arm_sigint(lua_State *L)
{
	nlab_sigint_arm(L);
	return 0;
}

static const luaL_Reg edit_funcs[] = {
    {"start", l_edit_start},
    {"feed", l_edit_feed},
    {"stop", l_edit_stop},
    {"cancel", l_edit_cancel},
    {"redisplay", l_edit_redisplay},
    {"history_load", l_edit_history_load},
    {"history_add", l_edit_history_add},
    {"history_save", l_edit_history_save},
    {"set_completer", l_edit_set_completer},
    {"isatty", l_edit_isatty},
    {"read", l_edit_read},
    {"arm_sigint", l_edit_arm_sigint},
    {NULL, NULL},
};

/* require "netlab.c.edit" */
int luaopen_netlab_edit(lua_State *L)
{
	luaL_newlib(L, edit_funcs);
	return 1;
}
