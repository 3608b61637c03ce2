-- netlab as a drop-in lua: each place where Lua 5.4.4's own test suite
-- (testes/) found netlab behaving otherwise than lua5.4, checked on its
-- own (docs/api.md "Compatibility with lua" says how to run the suite).
local lu = require "luaunit"
local helper = require "helper"

TestCompat = {}

local sq = helper.shquote

-- Runs netlab with ARGS (already quoted) after ENV assignments, without
-- LUA_INIT or LUA_PATH from the caller; returns stdout, stderr, code.
local function run(env, args, opts)
  opts = opts or {}
  local cmd = ("env -u LUA_INIT -u LUA_INIT_5_4 -u LUA_PATH -u LUA_PATH_5_4 %s %s %s")
    :format(env or "", helper.bin, args)
  return helper.run(cmd .. (opts.stdin and "" or " </dev/null"), 20)
end

-- Runs the REPL (-i) after the -e code SETUP on INPUT from a pipe.
local function repl(setup, input)
  local file = helper.tmpfile(input, ".in")
  return run("", ("-e %s -i < %s"):format(sq(setup), sq(file)), {stdin = true})
end

-- A directory holding FILES ({name = text}); returns its path.
local function dir_with(files)
  local dir = helper.tmpname(".d")
  assert(os.execute("mkdir -p " .. sq(dir)))
  for name, text in pairs(files) do
    local f = assert(io.open(dir .. "/" .. name, "w"))
    f:write(text)
    f:close()
  end
  return dir
end

-- package.path and the searcher of netlab's own modules ---------------------

function TestCompat:test_package_path_is_lua_path_as_given()
  lu.assertEquals(run("LUA_PATH=x", "-e 'print(package.path)'"), "x\n")
  lu.assertEquals(run("LUA_PATH=x LUA_PATH_5_4=y", "-e 'print(package.path)'"), "y\n")
end

function TestCompat:test_default_path_is_luas_default()
  local out = run("", "-e 'print(package.path)'")
  lu.assertStrContains(out, "/usr/local/share/lua/5.4/?.lua;")
  lu.assertNotStrContains(out, "scripts")
  lu.assertNotStrContains(out, "share/netlab")
end

function TestCompat:test_module_not_found_message_is_luas_line_for_line()
  local code = [[
    package.path = "?.lua;?/?"
    package.cpath = "?.so;?/init"
    print(select(2, pcall(require, "XXX")))]]
  local out, err = run("", "-e " .. sq(code))
  lu.assertEquals(out, "module 'XXX' not found:\n"
    .. "\tno field package.preload['XXX']\n"
    .. "\tno file 'XXX.lua'\n\tno file 'XXX/XXX'\n"
    .. "\tno file 'XXX.so'\n\tno file 'XXX/init'\n", err)
end

function TestCompat:test_netlab_modules_load_whatever_the_path()
  local code = "print(require('netlab.sched') ~= nil, require('socket')._VERSION)"
  local out, err, status = run("LUA_PATH=/nonexistent/?.lua", "-e " .. sq(code))
  lu.assertEquals(status, 0, err)
  lu.assertEquals(out, "true\tLuaSocket 3.0.0 (netlab)\n")
end

function TestCompat:test_user_modules_come_from_lua_path_and_netlabs_names_stay_netlabs()
  local dir = dir_with({["mine.lua"] = "return 'mine'", ["socket.lua"] = "return {_VERSION = 'user'}"})
  local code = "local m, where = require 'mine' print(m, where, require('socket')._VERSION)"
  local out, err, status = run("LUA_PATH=" .. sq(dir .. "/?.lua"), "-e " .. sq(code))
  os.execute("rm -rf " .. sq(dir))
  lu.assertEquals(status, 0, err)
  lu.assertEquals(out, ("mine\t%s/mine.lua\tLuaSocket 3.0.0 (netlab)\n"):format(dir))
end

-- A netlab tree in /tmp: a copy of the binary, scripts/ with netlab's own
-- modules and scripts/probe.lua, and build/luac/ for probe's bytecode.
local function probe_tree()
  local dir = helper.tmpname(".tree")
  local cmd = ("mkdir -p %s/scripts %s/build/luac && cp %s %s/netlab"
    .. " && ln -s \"$(pwd)/scripts/netlab\" %s/scripts/netlab")
    :format(sq(dir), sq(dir), sq(helper.exe), sq(dir), sq(dir))
  assert(os.execute(cmd))
  local f = assert(io.open(dir .. "/scripts/probe.lua", "w"))
  f:write("return 'source'")
  f:close()
  return dir
end

-- Writes FILE with TEXT, its time stamp set to STAMP (touch -d).
local function write_at(file, text, stamp)
  local f = assert(io.open(file, "wb"))
  f:write(text)
  f:close()
  assert(os.execute(("touch -d %s %s"):format(sq(stamp), sq(file))))
end

-- require "probe" in the netlab of tree DIR: stdout, stderr, code.
local function require_probe(dir)
  local code = "print(require 'probe')"
  return helper.run(("env -u LUA_INIT %s/netlab -e %s"):format(sq(dir), sq(code)))
end

function TestCompat:test_searcher_loads_fresh_bytecode_else_the_source()
  local dir = probe_tree()
  local src, bc = dir .. "/scripts/probe.lua", dir .. "/build/luac/probe.luac"
  write_at(src, "return 'source'", "2020-01-01 00:00:00")
  write_at(bc, string.dump(load("return 'bytecode'")), "2020-01-01 00:00:01")
  local fresh = require_probe(dir)
  write_at(src, "return 'source'", "2020-01-01 00:00:02")
  local stale = require_probe(dir)
  os.execute("rm -rf " .. sq(dir))
  lu.assertEquals(fresh, ("bytecode\t%s\n"):format(bc))
  lu.assertEquals(stale, ("source\t%s\n"):format(src))
end

function TestCompat:test_searcher_reports_a_broken_bytecode_file()
  local dir = probe_tree()
  write_at(dir .. "/scripts/probe.lua", "return 'source'", "2020-01-01 00:00:00")
  write_at(dir .. "/build/luac/probe.luac", "\27Lua garbage", "2020-01-01 00:00:01")
  local out, err, status = require_probe(dir)
  os.execute("rm -rf " .. sq(dir))
  lu.assertEquals(status, 1)
  lu.assertEquals(out, "")
  lu.assertStrContains(err, "error loading module 'probe' from file '" .. dir .. "/build/luac/probe.luac'")
end

-- coroutine.wrap and coroutine.resume -----------------------------------------

function TestCompat:test_wrap_closes_pending_variables_when_the_coroutine_fails()
  local seen
  local f = coroutine.wrap(function()
    local x <close> = setmetatable({}, {__close = function(_, e) seen = e end})
    coroutine.yield(1)
    error("boom", 0)
  end)
  lu.assertEquals(f(), 1)
  lu.assertEquals({pcall(f)}, {false, "boom"})
  lu.assertEquals(seen, "boom")
end

function TestCompat:test_wrap_raises_the_error_of_a_failing_close()
  local f = coroutine.wrap(function()
    local x <close> = setmetatable({}, {__close = function() error("in close", 0) end})
    error("boom", 0)
  end)
  lu.assertEquals({pcall(f)}, {false, "in close"})
end

function TestCompat:test_wrap_puts_the_callers_position_before_a_message()
  local f = coroutine.wrap(function() end)
  f()
  local ok, err = pcall(function() local r = f() return r end)
  lu.assertFalse(ok)
  lu.assertStrMatches(err, ".*compat_spec%.lua:%d+: cannot resume dead coroutine")
  lu.assertEquals({pcall(f)}, {false, "cannot resume dead coroutine"}) -- called from C: no position
end

function TestCompat:test_wrap_and_resume_argument_errors_name_themselves()
  lu.assertEquals({pcall(coroutine.wrap, 1)},
    {false, "bad argument #1 to 'coroutine.wrap' (function expected, got number)"})
  lu.assertEquals({pcall(coroutine.wrap)},
    {false, "bad argument #1 to 'coroutine.wrap' (function expected, got no value)"})
  lu.assertEquals({pcall(coroutine.resume, io.stdout)},
    {false, "bad argument #1 to 'coroutine.resume' (thread expected, got FILE*)"})
  lu.assertEquals({pcall(coroutine.resume)},
    {false, "bad argument #1 to 'coroutine.resume' (thread expected, got no value)"})
end

-- the command line -------------------------------------------------------------

function TestCompat:test_messages_start_with_the_name_netlab_was_called_by()
  local dir = helper.tmpname(".d")
  local exe = helper.exe:sub(1, 1) == "/" and helper.exe or os.getenv("PWD") .. "/" .. helper.exe
  assert(os.execute(("mkdir -p %s && ln -s %s %s/mylua"):format(sq(dir), sq(exe), sq(dir))))
  local mylua = dir .. "/mylua"
  local _, err, status = helper.run(sq(mylua) .. " -e 'error(\"boom\")'")
  local _, usage = helper.run(sq(mylua) .. " -x")
  os.execute("rm -rf " .. sq(dir))
  lu.assertEquals(status, 1)
  lu.assertStrContains(err, mylua .. ": (command line):1: boom\n")
  lu.assertStrContains(usage, mylua .. ": unrecognized option '-x'\nusage: " .. mylua .. " [options]")
end

function TestCompat:test_h_is_an_unknown_option_as_in_lua()
  local out, err, status = run("", "-h")
  lu.assertEquals(status, 1)
  lu.assertEquals(out, "")
  lu.assertStrContains(err, "unrecognized option '-h'")
end

-- the REPL ---------------------------------------------------------------------

function TestCompat:test_prompts_come_from_PROMPT_and_PROMPT2()
  local out = repl("_PROMPT = 'one> ' _PROMPT2 = 'two> '", "if true then\nend\n")
  lu.assertStrContains(out, "\none> if true then\ntwo> end\none> \n")
end

function TestCompat:test_a_prompt_is_shown_through_tostring()
  local setup = "local n = 0 _PROMPT = setmetatable({}, {__tostring = function() n = n + 1 return n end})"
  local out = repl(setup, " --\na = 2\n")
  lu.assertStrContains(out, "\n1 --\n2a = 2\n3\n")
end

function TestCompat:test_a_failing_prompt_falls_back_to_the_default()
  local out = repl("_PROMPT = setmetatable({}, {__tostring = error})", "1\n")
  lu.assertStrContains(out, "\n> 1\n1\n> \n")
end

function TestCompat:test_equals_expr_prints_values_as_print_does()
  local out = repl("_PROMPT = ''", "=('a\\nb'), {}\n('a\\nb')\n")
  lu.assertStrMatches(out, ".*\n=%('a\\nb'%), {}\na\nb\ttable: 0x%x+\n%('a\\nb'%)\n\"a\\nb\"\n\n")
end

function TestCompat:test_results_go_through_the_global_print()
  local setup = "function print(...) io.write('[', table.concat({...}, '|'), ']\\n') end"
  local out = repl(setup, "1, 'x'\n")
  lu.assertStrContains(out, '[1|"x"]\n')
end

function TestCompat:test_a_nil_print_is_reported_and_the_repl_goes_on()
  local out, err, status = repl("print = nil", "10\nio.write('after\\n')\n")
  lu.assertEquals(status, 0)
  lu.assertStrContains(err, "error calling 'print' (attempt to call a nil value)")
  lu.assertStrContains(out, "after\n")
end
