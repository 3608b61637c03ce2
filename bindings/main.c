/* main.c - the netlab interpreter: lua.c's command line plus netlab's.
 *
 * Based on lua.c from Lua 5.4.6, Copyright (C) 1994-2023 Lua.org,
 * PUC-Rio, distributed under the MIT license (see lua.h). */
#include <dirent.h>
#include <signal.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <strings.h>
#include <unistd.h>

#include <lauxlib.h>
#include <lua.h>
#include <lualib.h>

#include "capture.h"
#include "inherited.h"
#include "intr.h"
#include "lnetlab.h"
#include "modules.h"
#include "netlab.h"

#define PROGNAME "netlab"

#define LUA_INIT_VAR "LUA_INIT"
#define LUA_INITVARVERSION LUA_INIT_VAR LUA_VERSUFFIX

#if !defined(LUA_IGMARK)
#define LUA_IGMARK "-"
#endif

/* bits of the options collected from the command line */
#define has_error 1 /* bad option */
#define has_i 2	    /* -i */
#define has_v 4	    /* -v */
#define has_e 8	    /* -e */
#define has_E 16    /* -E */
#define has_h 32    /* --help */
#define has_labs 64 /* --labs */
#define has_lab 128 /* --lab NAME */
#define has_real 256 /* --real */
#define has_version 512 /* --version */
#define has_web 1024 /* --web */
#define has_grade 2048 /* --grade DIR */
#define has_worker 4096 /* --worker */

static lua_State *globalL; /* the main thread, for the SIGINT handler */
static const char *progname = PROGNAME; /* argv[0], as lua names itself */
static int task_failed;	   /* nlab_finish reported a failed task */

/* Installs 'handler' for 'sig' without SA_RESTART, so waits see EINTR. */
static void setsignal(int sig, void (*handler)(int))
{
	struct sigaction sa;

	sa.sa_handler = handler;
	sa.sa_flags = 0;
	sigemptyset(&sa.sa_mask);
	sigaction(sig, &sa, NULL);
}

/* Hook set by the SIGINT handler: stops the running Lua code. */
static void lstop(lua_State *L, lua_Debug *ar)
{
	(void)ar;
	lua_sethook(L, NULL, 0, 0);
	nlab_intr_take();
	luaL_error(L, "interrupted!");
}

/* SIGINT handler: flag blocking waits, stop Lua code, let a second
 * Ctrl-C end the process. */
static void laction(int sig)
{
	int flag = LUA_MASKCALL | LUA_MASKRET | LUA_MASKLINE | LUA_MASKCOUNT;

	nlab_intr_set();
	setsignal(sig, SIG_DFL);
	lua_sethook(globalL, lstop, flag, 1);
}

/* Returns the main thread of L's state. */
static lua_State *main_thread(lua_State *L)
{
	lua_State *M;

	lua_rawgeti(L, LUA_REGISTRYINDEX, LUA_RIDX_MAINTHREAD);
	M = lua_tothread(L, -1);
	lua_pop(L, 1);
	return M;
}

/* Arms Ctrl-C for the next statement or wait (see modules.h). */
void nlab_sigint_arm(lua_State *L)
{
	globalL = main_thread(L);
	setsignal(SIGINT, laction);
}

/* Raises a bare "interrupted!": a position would point into the
 * scheduler, not at the user's code. */
int nlab_sigint_raise(lua_State *L)
{
	lua_sethook(main_thread(L), NULL, 0, 0);
	nlab_intr_take();
	lua_pushliteral(L, "interrupted!");
	return lua_error(L);
}

/* Prints the option list of lua plus netlab's own on 'f'. */
static void print_options(FILE *f)
{
	fprintf(
	    f,
	    "usage: %s [options] [script [args]]\n"
	    "Available options are:\n"
	    "  -e stat     execute string 'stat'\n"
	    "  -i          enter interactive mode after executing 'script'\n"
	    "  -l mod      require library 'mod' into global 'mod'\n"
	    "  -l g=mod    require library 'mod' into global 'g'\n"
	    "  -v          show version information\n"
	    "  -E          ignore environment variables\n"
	    "  -W          turn warnings on\n"
	    "  --          stop handling options\n"
	    "  -           stop handling options and execute stdin\n"
	    "netlab options:\n"
	    "  --lab name  run lab 'name' (see --labs) with the remaining "
	    "args\n"
	    "  --labs      list the labs with a one-line summary\n"
	    "  --grade dir grade every student's exercise solution in 'dir' "
	    "(dir/STUDENT/EXERCISE.lua; --grade dir --help lists its options)\n"
	    "  --real      let scripts change the machine's own network "
	    "(netlab.here; root only)\n"
	    "  --web       serve every lab's live page on 127.0.0.1 (lab:web), "
	    "kept until Enter\n"
	    "  --worker    serve one lab controller on stdin/stdout (started "
	    "over ssh by a lab across machines, lab:machine)\n"
	    "  --version   show netlab's, Lua's and libpcap's versions\n"
	    "  --help      show this help\n"
	    "Without a script, netlab starts its REPL (help() lists the "
	    "API).\n",
	    progname);
}

/* Reports a bad command-line option and the usage on stderr. */
static void print_usage(const char *badoption)
{
	fprintf(stderr, "%s: ", progname);
	if (badoption[1] == 'e' || badoption[1] == 'l' ||
	    strcmp(badoption, "--lab") == 0 ||
	    strcmp(badoption, "--grade") == 0)
		fprintf(stderr, "'%s' needs argument\n", badoption);
	else
		fprintf(stderr, "unrecognized option '%s'\n", badoption);
	print_options(stderr);
	fflush(stderr);
}

/* Prints a message on stderr, prefixed by the program name if given. */
static void l_message(const char *pname, const char *msg)
{
	if (pname)
		fprintf(stderr, "%s: ", pname);
	fprintf(stderr, "%s\n", msg);
	fflush(stderr);
}

/* Prints the error message on top of the stack, if status is an error. */
static int report(lua_State *L, int status)
{
	if (status != LUA_OK) {
		const char *msg = lua_tostring(L, -1);
		if (msg == NULL)
			msg = "(error object is not a string)";
		l_message(progname, msg);
		lua_pop(L, 1);
	}
	return status;
}

/* Filters the traceback on top of the stack through netlab.traceback
 * (netlab's frames hidden, unless NETLAB_TRACEBACK=full). */
static int l_user_frames(lua_State *L)
{
	lua_getglobal(L, "require");
	lua_pushliteral(L, "netlab.traceback");
	lua_call(L, 1, 1);
	lua_getfield(L, -1, "filter");
	lua_pushvalue(L, 1);
	lua_call(L, 1, 1);
	return 1;
}

/* Replaces the traceback on top by its user frames; keeps it whole if
 * the filter cannot run (no netlab.traceback, a redefined require...). */
static void user_frames(lua_State *L)
{
	lua_pushcfunction(L, l_user_frames);
	lua_pushvalue(L, -2);
	if (lua_pcall(L, 1, 1, 0) == LUA_OK && lua_type(L, -1) == LUA_TSTRING)
		lua_remove(L, -2);
	else
		lua_pop(L, 1);
}

/* Message handler: turns the error into a string with a traceback of
 * the script's own frames (user_frames). */
static int msghandler(lua_State *L)
{
	const char *msg = lua_tostring(L, 1);

	if (msg == NULL) {
		if (luaL_callmeta(L, 1, "__tostring") &&
		    lua_type(L, -1) == LUA_TSTRING)
			return 1;
		msg = lua_pushfstring(L, "(error object is a %s value)",
				      luaL_typename(L, 1));
	}
	luaL_traceback(L, L, msg, 1);
	user_frames(L);
	return 1;
}

/* Calls the function under its narg arguments, Ctrl-C armed. */
static int docall(lua_State *L, int narg, int nres)
{
	int status;
	int base = lua_gettop(L) - narg;

	lua_pushcfunction(L, msghandler);
	lua_insert(L, base);
	nlab_sigint_arm(L);
	status = lua_pcall(L, narg, nres, base);
	setsignal(SIGINT, SIG_DFL);
	lua_remove(L, base);
	return status;
}

/* Prints netlab's and Lua's version (-v: lua -v's line, netlab's first). */
static void print_version(void)
{
	printf("%s  %s\n", NETLAB_VERSION, LUA_COPYRIGHT);
	fflush(stdout);
}

/* Prints -v's line, then the version of the libpcap captures use
 * (--version: what a bug report needs). */
static void print_versions(void)
{
	printf("%s  %s\n%s\n", NETLAB_VERSION, LUA_COPYRIGHT,
	       nlab_capture_libversion());
	fflush(stdout);
}

/* Creates the global 'arg': script at 0, options below, args above. */
static void createargtable(lua_State *L, char **argv, int argc, int script)
{
	int i, narg;

	narg = argc - (script + 1);
	lua_createtable(L, narg > 0 ? narg : 0, script + 1);
	for (i = 0; i < argc; i++) {
		lua_pushstring(L, argv[i]);
		lua_rawseti(L, -2, i - script);
	}
	lua_setglobal(L, "arg");
}

/* Runs a loaded chunk (if loading went well) and reports errors. */
static int dochunk(lua_State *L, int status)
{
	if (status == LUA_OK)
		status = docall(L, 0, 0);
	return report(L, status);
}

/* Runs a file (NULL: stdin). */
static int dofile(lua_State *L, const char *name)
{
	return dochunk(L, luaL_loadfile(L, name));
}

/* Runs a string under the given chunk name. */
static int dostring(lua_State *L, const char *s, const char *name)
{
	return dochunk(L, luaL_loadbuffer(L, s, strlen(s), name));
}

/* Runs 'globname = require(modname)' for "-l globname[=modname]". */
static int dolibrary(lua_State *L, char *globname)
{
	int status;
	char *suffix = NULL;
	char *modname = strchr(globname, '=');

	if (modname == NULL) {
		modname = globname;
		suffix = strchr(modname, *LUA_IGMARK);
	} else {
		*modname = '\0';
		modname++;
	}
	lua_getglobal(L, "require");
	lua_pushstring(L, modname);
	status = docall(L, 1, 1);
	if (status == LUA_OK) {
		if (suffix != NULL)
			*suffix = '\0';
		lua_setglobal(L, globname);
	}
	return report(L, status);
}

/* Pushes the script's arguments (arg[1..n]); returns n. */
static int pushargs(lua_State *L)
{
	int i, n;

	if (lua_getglobal(L, "arg") != LUA_TTABLE)
		luaL_error(L, "'arg' is not a table");
	n = (int)luaL_len(L, -1);
	luaL_checkstack(L, n + 3, "too many arguments to script");
	for (i = 1; i <= n; i++)
		lua_rawgeti(L, -i, i);
	lua_remove(L, -i);
	return n;
}

/* Loads and runs the script argv[0] ("-": stdin) with its arguments. */
static int handle_script(lua_State *L, char **argv)
{
	int status;
	const char *fname = argv[0];

	if (strcmp(fname, "-") == 0 && strcmp(argv[-1], "--") != 0)
		fname = NULL;
	status = luaL_loadfile(L, fname);
	if (status == LUA_OK) {
		int n = pushargs(L);
		status = docall(L, n, LUA_MULTRET);
	}
	return report(L, status);
}

/* Checks a netlab long option ("--lab", "--grade", "--labs", "--help",
 * "--version"). */
static int long_option(char **argv, int *i, int *first, int args)
{
	const char *opt = argv[*i];

	if (strcmp(opt, "--labs") == 0)
		return args | has_labs;
	if (strcmp(opt, "--help") == 0)
		return args | has_h;
	if (strcmp(opt, "--version") == 0)
		return args | has_version;
	if (strcmp(opt, "--worker") == 0)
		return args | has_worker;
	if (strcmp(opt, "--lab") != 0 && strcmp(opt, "--grade") != 0)
		return has_error;
	if (argv[*i + 1] == NULL)
		return has_error;
	*first = *i + 1;
	return args | (opt[2] == 'l' ? has_lab : has_grade);
}

/* Checks that a one-letter option has no extra characters. */
static int single(const char *opt, int args, int flag)
{
	return opt[2] != '\0' ? has_error : args | flag;
}

/* Checks the option at argv[*i]; returns the updated mask, or has_error.
 * Sets *stop when option handling ends here. */
static int check_option(char **argv, int *i, int *first, int args, int *stop)
{
	const char *opt = argv[*i];

	switch (opt[1]) {
	case '-':
		if (strcmp(opt, "--real") == 0) /* more options may follow */
			return args | has_real;
		if (strcmp(opt, "--web") == 0)
			return args | has_web;
		*stop = 1;
		if (opt[2] != '\0')
			return long_option(argv, i, first, args);
		*first = *i + 1;
		return args;
	case '\0':
		*stop = 1;
		return args;
	case 'E':
		return single(opt, args, has_E);
	case 'W':
		return single(opt, args, 0);
	case 'i':
		return single(opt, args, has_i | has_v); /* -i implies -v */
	case 'v':
		return single(opt, args, has_v);
	case 'e':
		args |= has_e; /* FALLTHROUGH */
	case 'l':
		if (opt[2] == '\0') {
			(*i)++;
			if (argv[*i] == NULL || argv[*i][0] == '-')
				return has_error;
		}
		return args;
	default:
		return has_error;
	}
}

/* Traverses argv, returning the mask of options found. *first is the
 * index of the bad option on error, else of the script (0: none). */
static int collectargs(char **argv, int *first)
{
	int args = 0, stop = 0, i;

	if (argv[0] == NULL) {
		*first = -1;
		return 0;
	}
	for (i = 1; argv[i] != NULL; i++) {
		int opt = i;
		*first = i;
		if (argv[i][0] != '-')
			return args;
		args = check_option(argv, &i, first, args, &stop);
		if (args == has_error) {
			*first = opt;
			return has_error;
		}
		if (stop)
			return args;
	}
	*first = 0;
	return args;
}

/* Runs -e and -l options, and applies -W; returns 0 if some code failed. */
static int runargs(lua_State *L, char **argv, int n)
{
	int i;

	for (i = 1; i < n; i++) {
		int option = argv[i][1];
		if (option == 'e' || option == 'l') {
			int status;
			char *extra = argv[i] + 2;
			if (*extra == '\0')
				extra = argv[++i];
			status = (option == 'e')
				     ? dostring(L, extra, "=(command line)")
				     : dolibrary(L, extra);
			if (status != LUA_OK)
				return 0;
		} else if (option == 'W') {
			lua_warning(L, "@on", 0);
		}
	}
	return 1;
}

/* Runs LUA_INIT_5_4 or LUA_INIT (code, or @file). */
static int handle_luainit(lua_State *L)
{
	const char *name = "=" LUA_INITVARVERSION;
	const char *init = getenv(name + 1);

	if (init == NULL) {
		name = "=" LUA_INIT_VAR;
		init = getenv(name + 1);
	}
	if (init == NULL)
		return LUA_OK;
	if (init[0] == '@')
		return dofile(L, init + 1);
	return dostring(L, init, name);
}

/* scandir filter: keeps "*.lua" files. */
static int is_lua_file(const struct dirent *d)
{
	size_t n = strlen(d->d_name);

	return d->d_name[0] != '.' && n > 4 &&
	       strcmp(d->d_name + n - 4, ".lua") == 0;
}

/* Copies the text of a lab's "-- NAME: summary" line into buf. */
static void lab_summary(const char *path, const char *name, char *buf,
			size_t size)
{
	char line[512];
	FILE *f = fopen(path, "r");
	size_t n = strlen(name);
	char *s = NULL;

	buf[0] = '\0';
	while (f && fgets(line, sizeof line, f)) {
		if (strncmp(line, "--", 2) == 0) {
			s = line + strspn(line, "-");
			break;
		}
	}
	if (f)
		fclose(f);
	if (s == NULL)
		return;
	s += strspn(s, " \t");
	if (strncasecmp(s, name, n) == 0 && s[n] == ':')
		s += n + 1 + strspn(s + n + 1, " \t");
	s[strcspn(s, "\r\n")] = '\0';
	snprintf(buf, size, "%s", s);
}

/* Prints one line per lab in the lab directory; returns 0 on failure. */
static int list_labs(void)
{
	struct dirent **list;
	const char *dir = nlab_labdir();
	int i, n;

	n = dir ? scandir(dir, &list, is_lua_file, alphasort) : -1;
	if (n < 0) {
		l_message(progname, "cannot find the labs directory");
		return 0;
	}
	for (i = 0; i < n; i++) {
		char path[4096], name[256], summary[512];
		snprintf(name, sizeof name, "%.*s",
			 (int)(strlen(list[i]->d_name) - 4), list[i]->d_name);
		snprintf(path, sizeof path, "%s/%s", dir, list[i]->d_name);
		lab_summary(path, name, summary, sizeof summary);
		printf("%-14s %s\n", name, summary);
		free(list[i]);
	}
	free(list);
	return 1;
}

/* Replaces argv[script] (a lab name) by the lab's path, kept alive on
 * the stack; returns 0 (after a message) if there is no such lab. */
static int find_lab(lua_State *L, char **argv, int script)
{
	const char *dir = nlab_labdir();
	const char *name = argv[script];
	size_t n = strlen(name);
	const char *ext =
	    (n > 4 && strcmp(name + n - 4, ".lua") == 0) ? "" : ".lua";
	const char *path;

	if (dir == NULL || strchr(name, '/') != NULL) {
		l_message(progname, dir ? "a lab name has no '/' (see --labs)"
					: "cannot find the labs directory");
		return 0;
	}
	path = lua_pushfstring(L, "%s/%s%s", dir, name, ext);
	if (access(path, R_OK) != 0) {
		lua_pushfstring(L, "no lab named '%s' (see --labs)", name);
		l_message(progname, lua_tostring(L, -1));
		return 0;
	}
	argv[script] = (char *)path;
	return 1;
}

/* Drives the scheduler until the tasks are done (nlab_finish). */
static int l_finish(lua_State *L)
{
	lua_pushboolean(L, nlab_finish(L));
	return 1;
}

/* Runs nlab_finish with Ctrl-C armed; returns 0 if something failed. */
static int finish(lua_State *L)
{
	int ok;

	lua_pushcfunction(L, l_finish);
	if (report(L, docall(L, 0, 1)) != LUA_OK)
		return 0;
	ok = lua_toboolean(L, -1);
	lua_pop(L, 1);
	if (!ok)
		task_failed = 1;
	return 1;
}

/* Runs netlab's REPL (scripts/netlab/repl.lua). */
static void doREPL(lua_State *L)
{
	dostring(L, "require('netlab.repl').run()", "=(repl)");
}

/* Sets up the state from the collected options: -v, -E, libraries. */
static void prepare(lua_State *L, int args)
{
	if (args & has_v)
		print_version();
	if (args & has_E) {
		lua_pushboolean(L, 1);
		lua_setfield(L, LUA_REGISTRYINDEX, "LUA_NOENV");
	}
	luaL_openlibs(L);
	nlab_openlibs(L);
	lua_pushboolean(L, (args & has_real) != 0);
	lua_setfield(L, LUA_REGISTRYINDEX, NLAB_REAL);
	lua_pushboolean(L, (args & has_i) != 0);
	lua_setfield(L, LUA_REGISTRYINDEX, NLAB_INTERACTIVE);
}

/* --web: every lab the script makes serves its page (netlab.web). */
static int prepare_web(lua_State *L, int args)
{
	if (!(args & has_web))
		return 1;
	return dostring(L, "require('netlab.web').enable_auto()", "=(--web)") ==
	       LUA_OK;
}

/* Runs LUA_INIT, -e/-l and the script, then (without -i) waits for the
 * tasks; returns 0 if something failed. */
static int run_code(lua_State *L, char **argv, int argc, int script, int args)
{
	int optlim = (script > 0) ? script : argc;

	if ((args & has_lab) && !find_lab(L, argv, script))
		return 0;
	createargtable(L, argv, argc, script);
	lua_gc(L, LUA_GCRESTART);
	lua_gc(L, LUA_GCGEN, 0, 0);
	if (!(args & has_E) && handle_luainit(L) != LUA_OK)
		return 0;
	if (!prepare_web(L, args))
		return 0;
	if (!runargs(L, argv, optlim))
		return 0;
	if (args & has_grade) /* arg[0]: the directory, then its options */
		return dostring(L, "require('netlab.grade').main(arg)",
				"=(--grade)") == LUA_OK && finish(L);
	if (script > 0 && handle_script(L, argv + script) != LUA_OK)
		return 0;
	if ((script > 0 || (args & has_e)) && !(args & has_i))
		return finish(L); /* with -i, the tasks go on under the REPL */
	return 1;
}

/* Runs the REPL or stdin when no script asked for something else;
 * returns 0 if something failed. */
static int interact(lua_State *L, int script, int args)
{
	if (args & has_i) {
		doREPL(L);
	} else if (script < 1 && !(args & (has_e | has_v))) {
		if (isatty(0)) {
			print_version();
			doREPL(L);
		} else {
			if (dofile(L, NULL) != LUA_OK)
				return 0;
			return finish(L);
		}
	}
	return 1;
}

/* The whole program, run in protected mode: argv in, success out. */
static int pmain(lua_State *L)
{
	int argc = (int)lua_tointeger(L, 1);
	char **argv = (char **)lua_touserdata(L, 2);
	int script;
	int args = collectargs(argv, &script);

	luaL_checkversion(L);
	if (args == has_error) {
		print_usage(argv[script]);
		return 0;
	}
	if (args & (has_h | has_version)) {
		if (args & has_h)
			print_options(stdout);
		else
			print_versions();
		lua_pushboolean(L, 1);
		return 1;
	}
	prepare(L, args);
	if (args & has_labs) {
		lua_pushboolean(L, list_labs());
		return 1;
	}
	if (args & has_worker) { /* the protocol on stdin/stdout, no script */
		lua_pushboolean(L, dostring(L, "require('netlab.worker').main()",
					    "=(--worker)") == LUA_OK &&
				       finish(L));
		return 1;
	}
	if (!run_code(L, argv, argc, script, args))
		return 0;
	if (!interact(L, script, args))
		return 0;
	lua_pushboolean(L, !task_failed);
	return 1;
}

/* Runs pmain in protected mode and turns its outcome into the status. */
int main(int argc, char **argv)
{
	int status, result;
	lua_State *L;

	nlab_inherited_note(); /* before netlab opens anything of its own */
	signal(SIGPIPE, SIG_IGN);
	if (argv[0] && argv[0][0])
		progname = argv[0];
	L = luaL_newstate();
	if (L == NULL) {
		l_message(progname, "cannot create state: not enough memory");
		return EXIT_FAILURE;
	}
	lua_gc(L, LUA_GCSTOP);
	lua_pushcfunction(L, &pmain);
	lua_pushinteger(L, argc);
	lua_pushlightuserdata(L, argv);
	status = lua_pcall(L, 2, 1, 0);
	result = lua_toboolean(L, -1);
	report(L, status);
	lua_close(L);
	return (result && status == LUA_OK) ? EXIT_SUCCESS : EXIT_FAILURE;
}
