/* l_edit.c - netlab.c.edit: line editing for a REPL that waits for input
 * through the scheduler instead of blocking in readline.
 *
 * It drives libedit's own API (histedit.h) one key at a time
 * (EL_UNBUFFERED, el_wgets). libedit's readline emulation is not used:
 * its callback mode (rl_callback_read_char) writes through a stale
 * rl_line_buffer once a line passes about 1 KiB (heap corruption, abort
 * on a pasted 16 KB line, libedit 3.1-20221030) and re-encodes the whole
 * line after every key (a quadratic paste). Here a key costs the same at
 * any line length, and the line is encoded once, when it is done. Keys
 * are decoded from UTF-8 by core/base/utf8.c, which keeps junk bytes as they
 * were typed. */
#include <errno.h>
#include <langinfo.h>
#include <locale.h>
#include <poll.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <unistd.h>
#include <wchar.h>

#include <histedit.h>

#include <lauxlib.h>
#include <lua.h>

#include "modules.h"
#include "utf8.h"

#define HISTORY_MAX 1000
#define FEED_MAX 4096	    /* keys per feed(): the scheduler runs between */
#define CONTINUATION_MS 100 /* wait for the rest of a UTF-8 sequence */
#define PROMPT_IGNORE 1	    /* libedit: text between two \1 is not shown */

/* Lua-specific word breaks: '.' and ':' stay inside the word, so
 * "netlab.tc" and "s:rec" complete as a whole. */
static const char word_breaks[] = " \t\n\"\\'`@$><=;|&{([+-*/%^~#,)]}";

static EditLine *el;
static History *hist;
static locale_t edit_locale; /* a UTF-8 LC_CTYPE for libedit, or 0 */
static char *prompt_text;
static int editing;	  /* between start() and stop()/cancel() */
static int completer_key; /* registry key of the Lua completer */
static lua_State *feed_L; /* state running feed(), for the completer */

/* The key reader's state: decoded keys not yet handed to libedit. */
static nlab_utf8_dec decoder;
static uint32_t queue[8];
static int queue_len;
static int at_eof;	      /* stdin ended or failed */
static int interrupted;	      /* a read was cut by Ctrl-C */
static unsigned long keys;    /* keys handed to libedit so far */
static unsigned long tab_key; /* the number of the last TAB */

/* Whether FD has input within MS milliseconds. */
static int readable(int fd, int ms)
{
	struct pollfd p = {.fd = fd, .events = POLLIN};

	return poll(&p, 1, ms) > 0;
}

/* Reads one byte of stdin: 1, or 0 at end of input or on error (a
 * terminal that hung up), or -1 if Ctrl-C cut the read (netlab's only
 * signal handler is SIGINT's). Not retried: libedit may be waiting for
 * the rest of a key sequence or an incremental search, and Ctrl-C must
 * reach the Lua code that cancels the line. */
static int read_byte(unsigned char *c)
{
	ssize_t n = read(0, c, 1);

	if (n < 0 && errno == EINTR)
		return -1;
	return n == 1;
}

/* Decodes bytes until a key is queued or input ends. A sequence cut
 * short (junk, or its end never comes) goes out as escaped bytes. */
static void fill_queue(void)
{
	unsigned char c;
	int r;

	while (queue_len == 0 && !at_eof && !interrupted) {
		if (nlab_utf8_pending(&decoder) &&
		    !readable(0, CONTINUATION_MS)) {
			queue_len = nlab_utf8_flush(&decoder, queue);
		} else if ((r = read_byte(&c)) < 0) {
			interrupted = 1;
		} else if (r == 0) {
			at_eof = 1;
			queue_len = nlab_utf8_flush(&decoder, queue);
		} else {
			queue_len = nlab_utf8_step(&decoder, c, queue);
		}
	}
}

/* libedit's reader (EL_GETCFN): one key; 0 at end of input, -1 after
 * Ctrl-C. */
static int read_key(EditLine *e, wchar_t *wc)
{
	(void)e;
	fill_queue();
	if (queue_len == 0)
		return interrupted ? -1 : 0;
	*wc = (wchar_t)queue[0];
	memmove(queue, queue + 1, (size_t)--queue_len * sizeof queue[0]);
	keys++;
	return 1;
}

/* Pushes N wide characters of S as a UTF-8 (escapes: raw bytes) string. */
static void push_wide(lua_State *L, const wchar_t *s, size_t n)
{
	luaL_Buffer b;
	char out[4];

	luaL_buffinit(L, &b);
	for (size_t i = 0; i < n; i++)
		luaL_addlstring(&b, out,
				(size_t)nlab_utf8_put((uint32_t)s[i], out));
	luaL_pushresult(&b);
}

/* S decoded from UTF-8 as a NUL-terminated wide string (malloc), or NULL. */
static wchar_t *to_wide(const char *s, size_t len)
{
	wchar_t *w = malloc((len + 1) * sizeof *w);
	nlab_utf8_dec d = {{0}, 0, 0};
	uint32_t cp[4];
	size_t n = 0;
	int k;

	if (w == NULL)
		return NULL;
	for (size_t i = 0; i < len; i++) {
		k = nlab_utf8_step(&d, (unsigned char)s[i], cp);
		for (int j = 0; j < k; j++)
			w[n++] = (wchar_t)cp[j];
	}
	k = nlab_utf8_flush(&d, cp);
	for (int j = 0; j < k; j++)
		w[n++] = (wchar_t)cp[j];
	w[n] = L'\0';
	return w;
}

/* Runs STMT with libedit's character type set to UTF-8 (display widths,
 * printable characters), leaving the rest of netlab in its locale. */
#define WITH_EDIT_LOCALE(stmt)                                                 \
	do {                                                                   \
		locale_t old_ = edit_locale ? uselocale(edit_locale) : 0;      \
		stmt;                                                          \
		if (old_)                                                      \
			uselocale(old_);                                       \
	} while (0)

/* Completion ---------------------------------------------------------- */

/* Where the word ending at END starts. */
static size_t word_start(const wchar_t *line, size_t end)
{
	while (end > 0) {
		wchar_t c = line[end - 1];
		if (c < 128 && c != 0 && strchr(word_breaks, (int)c) != NULL)
			break;
		end--;
	}
	return end;
}

/* Calls the Lua completer on the word before the cursor (in protected
 * mode); returns an array of its string candidates. */
static int call_completer(lua_State *L)
{
	const LineInfoW *li = lua_touserdata(L, 1);
	size_t end = (size_t)(li->cursor - li->buffer);
	size_t start = word_start(li->buffer, end);
	lua_Integer n = 0;

	lua_newtable(L);
	lua_rawgetp(L, LUA_REGISTRYINDEX, &completer_key);
	push_wide(L, li->buffer + start, end - start);
	push_wide(L, li->buffer, end);
	lua_call(L, 2, 1);
	if (lua_istable(L, 3)) {
		for (lua_Integer i = 1; lua_rawgeti(L, 3, i) != LUA_TNIL; i++) {
			if (lua_type(L, -1) == LUA_TSTRING)
				lua_rawseti(L, 2, ++n);
			else
				lua_pop(L, 1);
		}
	}
	lua_settop(L, 2);
	return 1;
}

/* Length of the common prefix of the N candidates in the table at -1,
 * cut back to a whole UTF-8 character. */
static size_t common_prefix(lua_State *L, lua_Integer n, const char **first)
{
	size_t len;
	const char *s;

	lua_rawgeti(L, -1, 1);
	*first = lua_tolstring(L, -1, &len);
	lua_pop(L, 1); /* the table still holds it */
	for (lua_Integer i = 2; i <= n; i++) {
		size_t k = 0, slen;
		lua_rawgeti(L, -1, i);
		s = lua_tolstring(L, -1, &slen);
		while (k < len && k < slen && s[k] == (*first)[k])
			k++;
		len = k;
		lua_pop(L, 1);
	}
	while (len > 0 && ((unsigned char)(*first)[len] & 0xC0) == 0x80)
		len--;
	return len;
}

/* Prints the N candidates in the table at -1 in columns. */
static void list_candidates(EditLine *e, lua_State *L, lua_Integer n)
{
	int cols = 80;
	size_t width = 0, len;

	if (el_get(e, EL_GETTC, "co", &cols, NULL) != 0 || cols < 20)
		cols = 80;
	for (lua_Integer i = 1; i <= n; i++) {
		lua_rawgeti(L, -1, i);
		lua_tolstring(L, -1, &len);
		width = len > width ? len : width;
		lua_pop(L, 1);
	}
	width += 2;
	lua_Integer per_row = (lua_Integer)((size_t)cols / width);
	per_row = per_row < 1 ? 1 : per_row;
	fputs("\n", stdout);
	for (lua_Integer i = 1; i <= n; i++) {
		lua_rawgeti(L, -1, i);
		const char *s = lua_tolstring(L, -1, &len);
		fputs(s, stdout);
		if (i % per_row == 0 || i == n)
			fputs("\n", stdout);
		else
			fprintf(stdout, "%*s", (int)(width - len), "");
		lua_pop(L, 1);
	}
	fflush(stdout);
}

/* Inserts what the common prefix P (LEN bytes) adds to the word. */
static unsigned char extend_word(EditLine *e, const char *p, size_t len,
				 size_t word_len)
{
	wchar_t *w = to_wide(p + word_len, len - word_len);
	int ok = w != NULL && el_winsertstr(e, w) == 0;

	free(w);
	return ok ? CC_REFRESH : CC_ERROR;
}

/* What TAB does with the candidates in the table at -1 for WORD: extends
 * the word to their common prefix, or lists them if TAB was pressed
 * twice, or beeps. */
static unsigned char use_candidates(EditLine *e, lua_State *L, size_t word_len,
				    const char *word, int twice)
{
	lua_Integer n = (lua_Integer)lua_rawlen(L, -1);
	const char *first;
	size_t len;

	if (n == 0)
		return CC_ERROR;
	len = common_prefix(L, n, &first);
	if (len > word_len && memcmp(first, word, word_len) == 0)
		return extend_word(e, first, len, word_len);
	if (n == 1)
		return CC_NORM;
	if (!twice)
		return CC_ERROR;
	list_candidates(e, L, n);
	return CC_REDISPLAY;
}

/* The word before the cursor as UTF-8 (malloc; *LEN its bytes), the
 * bytes the completer saw. */
static char *word_bytes(const LineInfoW *li, size_t *len)
{
	size_t end = (size_t)(li->cursor - li->buffer);
	size_t start = word_start(li->buffer, end);
	char *word = malloc((end - start) * 4 + 1);

	*len = 0;
	for (size_t i = start; word != NULL && i < end; i++)
		*len +=
		    (size_t)nlab_utf8_put((uint32_t)li->buffer[i], word + *len);
	return word;
}

/* libedit's TAB (EL_ADDFN): asks the Lua completer, never raises. */
static unsigned char complete_key(EditLine *e, int ch)
{
	lua_State *L = feed_L;
	const LineInfoW *li = el_wline(e);
	int twice = keys == tab_key + 1;
	unsigned char cc = CC_ERROR;
	char *word;
	size_t len;

	(void)ch;
	tab_key = keys;
	if (L == NULL || !lua_checkstack(L, 8))
		return CC_ERROR;
	lua_pushcfunction(L, call_completer);
	lua_pushlightuserdata(L, (void *)li);
	if (lua_pcall(L, 1, 1, 0) == LUA_OK &&
	    (word = word_bytes(li, &len)) != NULL) {
		cc = use_candidates(e, L, len, word, twice);
		free(word);
	}
	lua_pop(L, 1);
	return cc;
}

/* Setting up ----------------------------------------------------------- */

/* A UTF-8 character type for libedit: the environment's if it is UTF-8,
 * else C.UTF-8 (terminals are), else none (non-ASCII shown escaped). */
static locale_t utf8_locale(void)
{
	locale_t loc = newlocale(LC_CTYPE_MASK, "", (locale_t)0);

	if (loc != (locale_t)0 &&
	    strcmp(nl_langinfo_l(CODESET, loc), "UTF-8") == 0)
		return loc;
	if (loc != (locale_t)0)
		freelocale(loc);
	loc = newlocale(LC_CTYPE_MASK, "C.UTF-8", (locale_t)0);
	return loc;
}

/* libedit's prompt (EL_PROMPT_ESC). */
static char *edit_prompt(EditLine *e)
{
	(void)e;
	return prompt_text ? prompt_text : (char *)"";
}

/* The history, made once (the history functions work without a line). */
static void init_history(void)
{
	HistEvent ev;

	if (hist != NULL)
		return;
	hist = history_init();
	if (hist != NULL)
		history(hist, &ev, H_SETSIZE, HISTORY_MAX);
}

/* Gives the terminal back if netlab exits while a line is edited (a
 * task may call os.exit while the prompt waits). */
static void end_at_exit(void)
{
	if (el != NULL && editing)
		WITH_EDIT_LOCALE(el_set(el, EL_UNBUFFERED, 0));
	editing = 0;
}

/* The key bindings readline users expect beside libedit's emacs map. */
static void bind_keys(void)
{
	static const char *const binds[][2] = {
	    {"^R", "em-inc-search-prev"},
	    {"\\e[1~", "ed-move-to-beg"},
	    {"\\e[4~", "ed-move-to-end"},
	    {"\\e[7~", "ed-move-to-beg"},
	    {"\\e[8~", "ed-move-to-end"},
	    {"\\e[H", "ed-move-to-beg"},
	    {"\\e[F", "ed-move-to-end"},
	    {"\\e[3~", "ed-delete-next-char"},
	    {"\\e[1;5C", "em-next-word"},
	    {"\\e[1;5D", "ed-prev-word"},
	    {"\\e[5C", "em-next-word"},
	    {"\\e[5D", "ed-prev-word"},
	    {"\\e\\e[C", "em-next-word"},
	    {"\\e\\e[D", "ed-prev-word"},
	    /* no quoted insert: it turns Ctrl-C into a character, and
	     * control characters in a long line crash libedit (a NULL
	     * write in el_wgets). NUL is a disabled terminal character,
	     * which libedit binds to quoted insert. Lua strings have
	     * escapes for control characters. */
	    {"^@", "em-set-mark"},
	    {"^V", "ed-unassigned"},
	};

	for (size_t i = 0; i < sizeof binds / sizeof binds[0]; i++)
		el_set(el, EL_BIND, binds[i][0], binds[i][1], NULL);
	el_set(el, EL_ADDFN, "netlab-complete", "Complete a Lua name",
	       complete_key);
	el_set(el, EL_BIND, "^I", "netlab-complete", NULL);
}

/* Sets libedit up once: our key reader, no signal handling of its own
 * (Ctrl-C is the scheduler's), emacs keys, then ~/.editrc. */
static int init_edit(lua_State *L)
{
	if (el != NULL)
		return 1;
	init_history();
	edit_locale = utf8_locale();
	WITH_EDIT_LOCALE(el = el_init("netlab", stdin, stdout, stderr));
	if (el == NULL)
		return luaL_error(L, "cannot set up line editing");
	WITH_EDIT_LOCALE({
		el_set(el, EL_SIGNAL, 0);
		el_set(el, EL_GETCFN, read_key);
		el_set(el, EL_PROMPT_ESC, edit_prompt, PROMPT_IGNORE);
		el_set(el, EL_EDITOR, "emacs");
		if (hist != NULL)
			el_set(el, EL_HIST, history, hist);
		bind_keys();
		el_source(el, NULL);
	});
	atexit(end_at_exit);
	return 1;
}

/* The prompt as libedit wants it: readline marks invisible text with
 * \1 ... \2, libedit with \1 ... \1 (an adjacent \2\1 pair is dropped). */
static char *convert_prompt(const char *p)
{
	char *s = strdup(p), *q;

	if (s == NULL)
		return NULL;
	while ((q = strchr(s, '\2')) != NULL) {
		if (q[1] == '\1')
			memmove(q, q + 2, strlen(q + 2) + 1);
		else
			*q = '\1';
	}
	return s;
}

/* The Lua functions ---------------------------------------------------- */

/* edit.start(prompt): shows the prompt and starts a line. */
static int l_edit_start(lua_State *L)
{
	const char *prompt = luaL_checkstring(L, 1);
	char *copy;

	init_edit(L);
	copy = convert_prompt(prompt);
	if (copy == NULL)
		return luaL_error(L, "out of memory");
	free(prompt_text);
	prompt_text = copy;
	if (editing)
		WITH_EDIT_LOCALE(el_set(el, EL_UNBUFFERED, 0));
	editing = 1;
	WITH_EDIT_LOCALE(el_set(el, EL_UNBUFFERED, 1)); /* shows the prompt */
	return 0;
}

/* One key for libedit: pushes the line if it is done (nil at end of
 * input) and returns 1, or returns 0 while the line goes on, -1 if
 * Ctrl-C cut it. */
static int edit_one_key(lua_State *L)
{
	const wchar_t *w;
	int n = 0;

	WITH_EDIT_LOCALE(w = el_wgets(el, &n));
	if (interrupted) { /* the Lua hook set by Ctrl-C cancels the line */
		interrupted = 0;
		return -1;
	}
	if (at_eof || (w != NULL && n == 1 && w[0] == 4)) { /* Ctrl-D */
		lua_pushnil(L);
		return 1;
	}
	if (w == NULL || n <= 0 || w[n - 1] != L'\n')
		return 0;
	push_wide(L, w, (size_t)n - 1);
	return 1;
}

/* edit.feed(): edits with the keys stdin has (at most FEED_MAX, so
 * tasks still run during a long paste); returns the line once complete,
 * false while incomplete, nil at end of input. */
static int l_edit_feed(lua_State *L)
{
	int done = 0;

	luaL_argcheck(L, editing, 1, "edit.start was not called");
	feed_L = L;
	for (int i = 0; done == 0 && (i < FEED_MAX || queue_len > 0); i++) {
		if (i > 0 && queue_len == 0 && !readable(0, 0))
			break;
		done = edit_one_key(L);
	}
	feed_L = NULL;
	if (done <= 0)
		lua_pushboolean(L, 0);
	return 1;
}

/* edit.stop(): ends line editing and gives the terminal back. */
static int l_edit_stop(lua_State *L)
{
	(void)L;
	if (editing)
		WITH_EDIT_LOCALE(el_set(el, EL_UNBUFFERED, 0));
	editing = 0;
	return 0;
}

/* edit.cancel(): drops the partial line (after Ctrl-C); the next start()
 * begins an empty one. */
static int l_edit_cancel(lua_State *L)
{
	l_edit_stop(L);
	queue_len = 0;
	decoder.have = decoder.need = 0;
	interrupted = 0;
	fputs("\n", stdout);
	fflush(stdout);
	return 0;
}

/* edit.redisplay(): shows the prompt and the partial line again, on a
 * fresh line, after something else was printed. */
static int l_edit_redisplay(lua_State *L)
{
	(void)L;
	if (editing)
		WITH_EDIT_LOCALE(el_set(el, EL_REFRESH));
	return 0;
}

/* Runs a history command on a file: true, or nil, msg. */
static int history_file(lua_State *L, int op)
{
	const char *path = luaL_checkstring(L, 1);
	HistEvent ev;

	init_history();
	if (hist == NULL)
		return luaL_error(L, "out of memory");
	errno = 0;
	if (history(hist, &ev, op, path) == -1) {
		if (errno == 0)
			errno = EINVAL;
		return luaL_fileresult(L, 0, path);
	}
	lua_pushboolean(L, 1);
	return 1;
}

/* edit.history_load(path): reads saved history; true or nil, msg. */
static int l_edit_history_load(lua_State *L)
{
	return history_file(L, H_LOAD);
}

/* edit.history_save(path): writes the history; true or nil, msg. */
static int l_edit_history_save(lua_State *L)
{
	return history_file(L, H_SAVE);
}

/* edit.history_add(line): appends a line to the history. */
static int l_edit_history_add(lua_State *L)
{
	const char *line = luaL_checkstring(L, 1);
	HistEvent ev;

	init_history();
	if (hist != NULL && line[0] != '\0')
		history(hist, &ev, H_ENTER, line);
	return 0;
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

/* edit.read(fd): one read() of what fd has (up to 64 KiB); a string,
 * false if nothing yet, nil at end of input, or nil, msg, errno. */
static int l_edit_read(lua_State *L)
{
	enum { CHUNK = 65536 };
	int fd = (int)luaL_checkinteger(L, 1);
	luaL_Buffer b;
	char *p = luaL_buffinitsize(L, &b, CHUNK);
	ssize_t n = read(fd, p, CHUNK);

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
