-- The netlab interpreter behaves like `lua` where they overlap (arg,
-- -e, -l, -v, -E, -W, -, --, #!, LUA_INIT, exit codes, error format) and
-- adds --help, --labs and --lab (spec/compat_spec.lua: what Lua's own
-- test suite found).
local lu = require "luaunit"
local helper = require "helper"

TestInterp = {}

local sq = helper.shquote

-- Runs netlab with ARGS (already quoted) after ENV assignments, with
-- LUA_INIT unset; returns stdout, stderr, exit code.
local function netlab_env(env, args, opts)
  opts = opts or {}
  local cmd = ("timeout -s KILL %d env -u LUA_INIT -u LUA_INIT_5_4 %s %s %s")
    :format(opts.timeout or 20, env or "", helper.bin, args)
  return netlab.sh(cmd, {stdin = opts.stdin})
end

-- Runs netlab with ARGS and no LUA_INIT.
local function run(args, opts)
  return netlab_env("", args, opts)
end

-- A script file holding CODE.
local function script(code)
  return helper.tmpfile(code)
end

-- The lab files netlab --labs should list (names without .lua).
local function lab_names()
  local names = {}
  local p = io.popen("ls labs/*.lua 2>/dev/null")
  for f in p:lines() do names[#names + 1] = f:match("([^/]+)%.lua$") end
  p:close()
  return names
end

-- arg ------------------------------------------------------------------------

function TestInterp:test_arg_table_holds_script_and_arguments()
  local s = script("print(arg[-1], arg[0], arg[1], arg[2], #arg, ...)")
  local out, err, code = run(s .. " a 'b c'")
  lu.assertEquals(code, 0, err)
  lu.assertEquals(out, ("%s\t%s\ta\tb c\t2\ta\tb c\n"):format(helper.exe, s))
end

function TestInterp:test_arg_table_gives_options_negative_indices()
  local s = script("for i = -4, 1 do io.write(tostring(arg[i]), '|') end print()")
  local out, _, code = run("-e 'x=1' -W " .. s .. " z")
  lu.assertEquals(code, 0)
  lu.assertEquals(out, ("%s|-e|x=1|-W|%s|z|\n"):format(helper.exe, s))
end

function TestInterp:test_arg_without_script_starts_at_interpreter()
  local out = run("-e 'print(arg[0], arg[1], arg[2], arg[-1])'")
  lu.assertEquals(out, helper.exe .. "\t-e\tprint(arg[0], arg[1], arg[2], arg[-1])\tnil\n")
end

-- -e, -l -----------------------------------------------------------------------

function TestInterp:test_e_runs_each_statement_in_order()
  local out, _, code = run("-e 'print(1 + 1)' -e'print(2 + 2)'")
  lu.assertEquals(code, 0)
  lu.assertEquals(out, "2\n4\n")
end

function TestInterp:test_e_error_is_reported_with_position_and_traceback()
  local out, err, code = run("-e 'print(1)' -e 'error(\"boom\")' -e 'print(3)'")
  lu.assertEquals(code, 1)
  lu.assertEquals(out, "1\n")
  lu.assertStrContains(err, helper.exe .. ": (command line):1: boom\nstack traceback:")
end

function TestInterp:test_e_syntax_error_exits_1()
  local _, err, code = run("-e 'x = = 1'")
  lu.assertEquals(code, 1)
  lu.assertStrMatches(err, helper.exe:gsub("%p", "%%%0") .. ": %(command line%):1: unexpected symbol.*\n")
end

function TestInterp:test_e_without_argument_is_a_usage_error()
  local out, err, code = run("-e")
  lu.assertEquals(code, 1)
  lu.assertEquals(out, "")
  lu.assertStrContains(err, helper.exe .. ": '-e' needs argument")
  lu.assertStrContains(err, "usage: " .. helper.exe)
end

function TestInterp:test_non_string_error_object_is_named()
  local _, err, code = run("-e 'error({})'")
  lu.assertEquals(code, 1)
  lu.assertStrContains(err, helper.exe .. ": (error object is a table value)")
end

-- A module file in /tmp; returns its directory's LUA_PATH and its name.
local function module(code, suffix)
  local path = helper.tmpname(suffix or ".lua")
  local f = assert(io.open(path, "w"))
  f:write(code)
  f:close()
  local dir, name = path:match("^(.*)/([^/]+)%.lua$")
  return ("LUA_PATH=%s"):format(sq(dir .. "/?.lua;;")), name
end

function TestInterp:test_l_requires_module_into_global()
  local env, name = module("return {v = 42}")
  local out, err, code = netlab_env(env, ("-l %s -e 'print(%s.v)'"):format(name, name))
  lu.assertEquals(code, 0, err)
  lu.assertEquals(out, "42\n")
end

function TestInterp:test_l_global_equals_module()
  local env, name = module("return {v = 7}")
  local out, err, code = netlab_env(env, ("-l m=%s -e 'print(m.v, %s)'"):format(name, name))
  lu.assertEquals(code, 0, err)
  lu.assertEquals(out, "7\tnil\n")
end

function TestInterp:test_l_drops_version_suffix_from_global_name()
  local env, name = module("return {v = 'suffixed'}", "-2.lua")
  local global = name:match("^(.*)%-2$")
  local out, err, code = netlab_env(env, ("-l%s -e 'print(%s.v)'"):format(name, global))
  lu.assertEquals(code, 0, err)
  lu.assertEquals(out, "suffixed\n")
end

function TestInterp:test_l_missing_module_exits_1()
  local _, err, code = run("-l no_such_module_xyz")
  lu.assertEquals(code, 1)
  lu.assertStrContains(err, helper.exe .. ": module 'no_such_module_xyz' not found")
end

-- -v, -E, -W ---------------------------------------------------------------------

function TestInterp:test_v_prints_netlab_and_lua_versions()
  local out, _, code = run("-v")
  lu.assertEquals(code, 0)
  lu.assertStrMatches(out, "netlab %S+  Lua 5%.4%.%d+  Copyright .*\n")
end

-- The version the file VERSION gives.
local function release()
  local f = assert(io.open("VERSION"))
  local v = f:read("l")
  f:close()
  return v
end

function TestInterp:test_v_prints_the_version_of_the_file_VERSION()
  local out = run("-v")
  lu.assertEquals(out:match("^netlab (%S+)  "), release(), out)
  lu.assertEquals(run("-e 'print(netlab._VERSION)'"), "netlab " .. release() .. "\n")
end

function TestInterp:test_version_prints_the_v_line_and_libpcaps_then_exits()
  local v = run("-v")
  local out, err, code = run("--version -e 'print(\"not run\")'")
  lu.assertEquals(code, 0, err)
  lu.assertEquals(err, "")
  local first, second = out:match("^([^\n]*\n)([^\n]*)\n$")
  lu.assertEquals(first, v, out)
  lu.assertStrMatches(second, "libpcap version %d+%.%d+[%.%d]*.*")
end

function TestInterp:test_version_is_in_the_help()
  local out = run("--help")
  lu.assertStrContains(out, "\n  --version   show netlab's, Lua's and libpcap's versions\n")
end

function TestInterp:test_v_then_script_runs_both()
  local out = run("-v -e 'print(\"after\")'")
  lu.assertStrMatches(out, "netlab .*\nafter\n")
end

function TestInterp:test_E_ignores_lua_init_and_lua_path()
  local env = "LUA_INIT='print(\"init ran\")' LUA_PATH='/nonexistent/?.lua;;'"
  local out, err, code = netlab_env(env, "-E -e 'print(package.path)'")
  lu.assertEquals(code, 0, err)
  lu.assertNotStrContains(out, "init ran")
  lu.assertNotStrContains(out, "/nonexistent")
end

function TestInterp:test_without_E_lua_init_and_lua_path_apply()
  local env = "LUA_INIT='print(\"init ran\")' LUA_PATH='/nonexistent/?.lua;;'"
  local out, err, code = netlab_env(env, "-e 'print(package.path)'")
  lu.assertEquals(code, 0, err)
  lu.assertStrContains(out, "init ran\n")
  lu.assertStrContains(out, "/nonexistent/?.lua")
end

function TestInterp:test_W_turns_warnings_on()
  local _, err = run("-W -e 'warn(\"careful\")'")
  lu.assertStrContains(err, "Lua warning: careful")
  local _, quiet = run("-e 'warn(\"careful\")'")
  lu.assertEquals(quiet, "")
end

-- LUA_INIT -------------------------------------------------------------------------

function TestInterp:test_lua_init_code_runs_first()
  local out = netlab_env("LUA_INIT='x = 5'", "-e 'print(x)'")
  lu.assertEquals(out, "5\n")
end

function TestInterp:test_lua_init_at_file_runs_the_file()
  local f = script("y = 'from file'")
  local out = netlab_env("LUA_INIT=@" .. sq(f), "-e 'print(y)'")
  lu.assertEquals(out, "from file\n")
end

function TestInterp:test_lua_init_5_4_wins_over_lua_init()
  local out = netlab_env("LUA_INIT='v = 1' LUA_INIT_5_4='v = 54'", "-e 'print(v)'")
  lu.assertEquals(out, "54\n")
end

function TestInterp:test_failing_lua_init_exits_1()
  local _, err, code = netlab_env("LUA_INIT='error(\"bad init\")'", "-e 'print(1)'")
  lu.assertEquals(code, 1)
  lu.assertStrContains(err, helper.exe .. ": LUA_INIT:1: bad init")
end

-- scripts: -, --, #!, stdin ---------------------------------------------------------

function TestInterp:test_dash_runs_stdin_with_arguments()
  local out, _, code = run("- a b", {stdin = "print(arg[0], ...)"})
  lu.assertEquals(code, 0)
  lu.assertEquals(out, "-\ta\tb\n")
end

function TestInterp:test_double_dash_stops_options()
  local s = script("print('ran', ...)")
  local out, _, code = run("-- " .. s .. " -e x")
  lu.assertEquals(code, 0)
  lu.assertEquals(out, "ran\t-e\tx\n")
end

function TestInterp:test_dash_after_double_dash_is_a_file_name()
  local _, err, code = run("-- -")
  lu.assertEquals(code, 1)
  lu.assertStrContains(err, "cannot open -")
end

function TestInterp:test_shebang_line_is_skipped()
  local s = script("#!/usr/bin/env netlab\nprint('shebang ok')\n")
  local out, err, code = run(s)
  lu.assertEquals(code, 0, err)
  lu.assertEquals(out, "shebang ok\n")
end

function TestInterp:test_no_script_and_piped_stdin_runs_stdin()
  local out, _, code = run("", {stdin = "print('from stdin')"})
  lu.assertEquals(code, 0)
  lu.assertEquals(out, "from stdin\n")
end

function TestInterp:test_missing_script_exits_1()
  local _, err, code = run("/nonexistent/script.lua")
  lu.assertEquals(code, 1)
  lu.assertStrContains(err, helper.exe .. ": cannot open /nonexistent/script.lua")
end

-- errors and exit codes ---------------------------------------------------------------

function TestInterp:test_script_error_names_file_and_line()
  local s = script("local x = 1\nerror('boom')\n")
  local out, err, code = run(s)
  lu.assertEquals(code, 1)
  lu.assertEquals(out, "")
  lu.assertStrContains(err, (helper.exe .. ": %s:2: boom\nstack traceback:\n"):format(s))
end

-- A script whose error is raised inside netlab's modules (netlab.sleep's
-- argument check, in sched.lua), called from the script's own function.
local NAP = "local function nap() netlab.sleep('x') end\nnap()\n"

function TestInterp:test_a_script_error_shows_its_frames_and_hides_netlabs()
  local s = script(NAP)
  local _, err, code = run(s)
  lu.assertEquals(code, 1)
  lu.assertStrContains(err, (helper.exe .. ": %s:1: bad argument #1 to 'sleep'"):format(s))
  lu.assertStrContains(err, ("stack traceback:\n\t%s:1: in local 'nap'\n\t%s:2: in main chunk\n\t[C]: in ?\n"):format(s, s))
  lu.assertStrMatches(err, ".*\n\t%(%d+ frames? inside netlab hidden: NETLAB_TRACEBACK=full shows them%)\n$")
  lu.assertNotStrContains(err, "sched.lua")
  lu.assertNotStrContains(err, "in function 'error'")
end

function TestInterp:test_NETLAB_TRACEBACK_full_shows_netlabs_frames_too()
  local s = script(NAP)
  local _, err, code = netlab_env("NETLAB_TRACEBACK=full", sq(s))
  lu.assertEquals(code, 1)
  lu.assertStrContains(err, "/netlab/sched.lua:")
  lu.assertStrContains(err, ("\t%s:1: in local 'nap'\n"):format(s))
  lu.assertNotStrContains(err, "hidden")
end

function TestInterp:test_a_failed_tasks_traceback_hides_netlabs_frames()
  local s = script("local function nap() netlab.sleep('x') end\nnetlab.spawn(nap)\n")
  local _, err, code = run(s)
  lu.assertEquals(code, 1)
  lu.assertStrContains(err, ("netlab: task 1 failed: %s:1: bad argument #1 to 'sleep'"):format(s))
  lu.assertStrContains(err, ("stack traceback:\n\t%s:1: in function <%s:1>\n"):format(s, s))
  lu.assertStrContains(err, "frames inside netlab hidden")
  lu.assertNotStrContains(err, "sched.lua")
end

function TestInterp:test_a_stack_overflow_is_reported_as_lua_reports_it()
  -- 200000 levels: the frames are looked at as luaL_traceback does, not one by one
  local t0 = netlab.now()
  local _, err, code = run("-e 'local function f() return 1 + f() end f()'", {timeout = 20})
  lu.assertEquals(code, 1, err)
  lu.assertStrContains(err, helper.exe .. ": (command line):1: stack overflow")
  lu.assertStrMatches(err, ".*\n\t%.%.%.\t%(skipping %d+ levels%)\n.*")
  lu.assertTrue(netlab.now() - t0 < 10 * helper.slow, "reported in " .. (netlab.now() - t0) .. " s")
end

function TestInterp:test_a_script_in_a_folder_named_netlab_keeps_its_frames()
  -- netlab's frames are told by their chunk names, not by a folder's name
  local dir = helper.tmpname("-dir")
  helper.run("mkdir -p " .. sq(dir .. "/netlab"))
  local s = dir .. "/netlab/mine.lua"
  local f = assert(io.open(s, "w"))
  f:write("local function boom() error('mine') end\nboom()\n")
  f:close()
  local _, err, code = run(sq(s))
  helper.run("rm -rf " .. sq(dir))
  lu.assertEquals(code, 1)
  lu.assertStrContains(err, ("\t[C]: in function 'error'\n\t%s:1: in local 'boom'\n\t%s:2: in main chunk\n"):format(s, s))
  lu.assertNotStrContains(err, "hidden")
end

function TestInterp:test_script_syntax_error_exits_1()
  local s = script("print(\n")
  local _, err, code = run(s)
  lu.assertEquals(code, 1)
  lu.assertStrContains(err, (helper.exe .. ": %s:2:"):format(s))
end

function TestInterp:test_os_exit_codes()
  lu.assertEquals(select(3, run("-e 'os.exit(3)'")), 3)
  lu.assertEquals(select(3, run("-e 'os.exit(true)'")), 0)
  lu.assertEquals(select(3, run("-e 'os.exit(false)'")), 1)
  lu.assertEquals(select(3, run("-e 'print(1)'")), 0)
end

function TestInterp:test_os_exit_can_close_the_state()
  local code = "setmetatable({}, {__gc = function() print('closed') end}) os.exit(4, true)"
  local out, _, status = run(script(code))
  lu.assertEquals(status, 4)
  lu.assertEquals(out, "closed\n")
end

function TestInterp:test_failed_task_makes_exit_status_1()
  local s = script("netlab.spawn(function() error('task boom') end) print('main done')")
  local out, err, code = run(s)
  lu.assertEquals(out, "main done\n")
  lu.assertEquals(code, 1)
  lu.assertStrContains(err, "task boom")
end

function TestInterp:test_tasks_finish_before_exit()
  local s = script("netlab.spawn(function() netlab.sleep(0.1) print('task done') end)")
  local out, _, code = run(s)
  lu.assertEquals(code, 0)
  lu.assertEquals(out, "task done\n")
end

function TestInterp:test_sigpipe_does_not_kill_netlab()
  -- env --default-signal: netlab must ignore SIGPIPE itself
  local cmd = ("(timeout -s KILL 20 env --default-signal=PIPE %s -e "
    .. "'for i = 1, 5000 do print((\"x\"):rep(100)) end'; echo \"status=$?\" >&2)"
    .. " | head -c 1 >/dev/null"):format(helper.bin)
  local _, err = netlab.sh(cmd)
  lu.assertStrContains(err, "status=0")
end

-- help and options ------------------------------------------------------------------

function TestInterp:test_help_prints_usage_with_netlab_options()
  local out, _, code = run("--help")
  lu.assertEquals(code, 0)
  lu.assertStrContains(out, ("usage: %s [options] [script [args]]"):format(helper.exe))
  lu.assertStrContains(out, "-e stat")
  lu.assertStrContains(out, "-l g=mod")
  lu.assertStrContains(out, "--labs")
  lu.assertStrContains(out, "--lab name")
end

function TestInterp:test_unknown_option_prints_usage_and_exits_1()
  for _, opt in ipairs({"-x", "--bogus", "-vx"}) do
    local out, err, code = run(opt)
    lu.assertEquals(code, 1)
    lu.assertEquals(out, "")
    lu.assertStrContains(err, (helper.exe .. ": unrecognized option '%s'"):format(opt))
    lu.assertStrContains(err, "usage: " .. helper.exe)
  end
end

function TestInterp:test_labs_lists_every_lab()
  local out, err, code = run("--labs")
  local names = lab_names()
  if #names == 0 then return end -- no labs written yet
  lu.assertEquals(code, 0, err)
  for _, name in ipairs(names) do
    lu.assertStrMatches(out, ".*" .. name:gsub("%p", "%%%0") .. " .*")
  end
end

function TestInterp:test_lab_with_unknown_name_exits_1()
  local _, err, code = run("--lab no_such_lab")
  lu.assertEquals(code, 1)
  lu.assertStrContains(err, "no_such_lab")
end

function TestInterp:test_lab_needs_a_name()
  local _, err, code = run("--lab")
  lu.assertEquals(code, 1)
  lu.assertStrContains(err, helper.exe .. ": '--lab' needs argument")
end

-- A netlab tree in /tmp: a copy of the binary, scripts/ and two labs.
local function lab_tree()
  local dir = helper.tmpname(".tree")
  local labs = dir .. "/labs/"
  local cmd = ("mkdir -p %s && cp %s %s/netlab && ln -s \"$(pwd)/scripts\" %s/scripts")
    :format(sq(labs), sq(helper.exe), sq(dir), sq(dir))
  local _, err, code = netlab.sh(cmd)
  lu.assertEquals(code, 0, err)
  local function write(name, text)
    local f = assert(io.open(labs .. name, "w"))
    f:write(text)
    f:close()
  end
  write("demo.lua", "-- demo: greets its arguments\nprint('hello', ...)\nprint(arg[0])\n")
  write("broken.lua", "#!/usr/bin/env netlab\n-- broken: fails on purpose\nerror('lab failed')\n")
  write("notes.txt", "not a lab\n")
  return dir
end

-- Runs the netlab of a lab tree with ARGS.
local function run_tree(dir, args)
  local out, err, code = netlab.sh(("timeout -s KILL 20 env -u LUA_INIT -u LUA_INIT_5_4 %s/netlab %s")
    :format(sq(dir), args))
  netlab.sh("rm -rf " .. sq(dir))
  return out, err, code
end

function TestInterp:test_labs_lists_name_and_summary()
  local out, err, code = run_tree(lab_tree(), "--labs")
  lu.assertEquals(code, 0, err)
  lu.assertStrMatches(out, "broken +fails on purpose\ndemo +greets its arguments\n")
end

function TestInterp:test_lab_runs_with_arguments()
  local dir = lab_tree()
  local out, err, code = run_tree(dir, "--lab demo x 'y z'")
  lu.assertEquals(code, 0, err)
  lu.assertEquals(out, ("hello\tx\ty z\n%s/labs/demo.lua\n"):format(dir))
end

function TestInterp:test_failing_lab_exits_1()
  local _, err, code = run_tree(lab_tree(), "--lab broken")
  lu.assertEquals(code, 1)
  lu.assertStrContains(err, "broken.lua:3: lab failed")
end

function TestInterp:test_lab_name_cannot_be_a_path()
  local _, err, code = run_tree(lab_tree(), "--lab ../demo")
  lu.assertEquals(code, 1)
  lu.assertStrContains(err, "netlab: ")
end

function TestInterp:test_help_global_exists_only_in_repl()
  local out = run("-e 'print(help)'")
  lu.assertEquals(out, "nil\n")
end
