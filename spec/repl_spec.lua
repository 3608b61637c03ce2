-- The REPL: values print readably, statements may span lines, help()
-- documents the API, TAB completes names and methods, Ctrl-C stops a
-- statement, Ctrl-D leaves, and tasks keep running while the prompt waits.
local lu = require "luaunit"
local helper = require "helper"
local repl = require "netlab.repl"
local doc = require "netlab.doc"

TestReplPretty = {}

function TestReplPretty:test_scalars()
  lu.assertEquals(repl.pretty(42), "42")
  lu.assertEquals(repl.pretty(1.5), "1.5")
  lu.assertEquals(repl.pretty(2.0), "2.0")
  lu.assertEquals(repl.pretty(true), "true")
  lu.assertEquals(repl.pretty(nil), "nil")
end

function TestReplPretty:test_strings_are_quoted_like_q()
  lu.assertEquals(repl.pretty("hi"), '"hi"')
  lu.assertEquals(repl.pretty('say "x"\n'), '"say \\"x\\"\\n"')
  lu.assertEquals(repl.pretty("\0"), '"\\0"')
end

function TestReplPretty:test_arrays_print_as_lists()
  lu.assertEquals(repl.pretty({1, 2, 3}), "{1, 2, 3}")
  lu.assertEquals(repl.pretty({}), "{}")
end

function TestReplPretty:test_keys_are_sorted_numbers_then_strings()
  lu.assertEquals(repl.pretty({b = 1, a = 2, [10] = "x", "first"}),
    '{"first", [10] = "x", a = 2, b = 1}')
end

function TestReplPretty:test_odd_keys_are_bracketed()
  lu.assertEquals(repl.pretty({["b c"] = 1, ["end"] = 2, [true] = 3}),
    '{["b c"] = 1, ["end"] = 2, [true] = 3}')
end

function TestReplPretty:test_nested_tables()
  lu.assertEquals(repl.pretty({a = {b = {1}}}), "{a = {b = {1}}}")
end

function TestReplPretty:test_depth_is_bounded()
  local s = repl.pretty({{{{{{"deep"}}}}}})
  lu.assertStrContains(s, "{...}")
  lu.assertNotStrContains(s, "deep")
end

function TestReplPretty:test_size_is_bounded()
  local t = {}
  for i = 1, 1000 do t[i] = i end
  local s = repl.pretty(t)
  lu.assertStrContains(s, "more)")
  lu.assertTrue(#s < 1000)
end

function TestReplPretty:test_cycles_are_shown()
  local t = {name = "loop"}
  t.self = t
  lu.assertStrMatches(repl.pretty(t), '{name = "loop", self = <cycle: table: .*>}')
end

function TestReplPretty:test_long_tables_break_lines()
  local t = {}
  for i = 1, 12 do t["key" .. i] = ("v"):rep(8) end
  local s = repl.pretty(t)
  lu.assertStrContains(s, "{\n  key1 = ")
  lu.assertStrContains(s, "\n}")
end

function TestReplPretty:test_nested_tables_indent_two_spaces_a_level()
  local t = {}
  for i = 1, 6 do t["key" .. i] = ("v"):rep(10) end
  local s = repl.pretty({list = {t}, x = 1})
  lu.assertStrContains(s, '{\n  list = {\n    {\n      key1 = "vvvvvvvvvv",\n')
  lu.assertStrContains(s, '      key6 = "vvvvvvvvvv"\n    }\n  },\n  x = 1\n}')
end

function TestReplPretty:test_objects_print_through_tostring()
  local s <close> = netlab.tcp()
  lu.assertEquals(repl.pretty(s), tostring(s))
  lu.assertEquals(repl.pretty({s}), "{" .. tostring(s) .. "}")
  local obj = setmetatable({}, {__tostring = function() return "<thing>" end})
  lu.assertEquals(repl.pretty(obj), "<thing>")
end

function TestReplPretty:test_failing_tostring_falls_back()
  local obj = setmetatable({1}, {__tostring = function() error("no") end})
  lu.assertEquals(repl.pretty(obj), "{1}")
end

TestReplComplete = {}

function TestReplComplete:test_globals_and_keywords()
  local c = repl.complete("pri", "pri")
  lu.assertItemsEquals(c, {"print"})
  lu.assertItemsEquals(repl.complete("whil", "whil"), {"while"})
end

function TestReplComplete:test_fields_of_tables()
  local c = repl.complete("netlab.tc", "netlab.tc")
  lu.assertItemsEquals(c, {"netlab.tcp", "netlab.tcp6", "netlab.tcp_congestion", "netlab.tcp_sampler",
    "netlab.tcpdump"}) -- lazy fields too
  lu.assertItemsEquals(repl.complete("string.up", "x = string.up"), {"string.upper"})
end

function TestReplComplete:test_nested_fields()
  lu.assertItemsEquals(repl.complete("netlab.fd.rea", "netlab.fd.rea"), {"netlab.fd.read"})
end

function TestReplComplete:test_methods_of_live_objects()
  local s <close> = netlab.tcp()
  rawset(_G, "spec_sock", s)
  local c = repl.complete("spec_sock:rec", "spec_sock:rec")
  rawset(_G, "spec_sock", nil)
  lu.assertItemsEquals(c, {"spec_sock:receive", "spec_sock:receive_into", "spec_sock:receivefrom",
    "spec_sock:receivefrom_into"})
end

function TestReplComplete:test_private_names_are_hidden()
  local s <close> = netlab.tcp()
  rawset(_G, "spec_sock", s)
  local c = repl.complete("spec_sock:", "spec_sock:")
  rawset(_G, "spec_sock", nil)
  for _, name in ipairs(c) do lu.assertNotStrContains(name, ":_") end
  lu.assertTrue(#c > 5)
end

function TestReplComplete:test_never_calls_code()
  local called = false
  local trap = setmetatable({}, {__index = function() called = true end})
  rawset(_G, "spec_trap", trap)
  local c = repl.complete("spec_trap.x", "spec_trap.x")
  local d = repl.complete("spec_trap.a.b", "spec_trap.a.b")
  rawset(_G, "spec_trap", nil)
  lu.assertFalse(called)
  lu.assertEquals(c, {})
  lu.assertEquals(d, {})
end

function TestReplComplete:test_lazy_fields_come_from_the_docs()
  lu.assertItemsEquals(repl.complete("netlab.f", "netlab.f"), {"netlab.fd", "netlab.fmt"})
end

function TestReplComplete:test_keywords_are_not_fields()
  local t = {["end"] = 1, ending = 2}
  rawset(_G, "spec_t", t)
  local c = repl.complete("spec_t.en", "spec_t.en")
  rawset(_G, "spec_t", nil)
  lu.assertEquals(c, {"spec_t.ending"})
end

function TestReplComplete:test_unknown_or_odd_words()
  lu.assertEquals(repl.complete("no_such_thing.x", ""), {})
  lu.assertEquals(repl.complete(":x", ""), {})
  lu.assertEquals(repl.complete("a..b", ""), {})
  lu.assertEquals(repl.complete("1abc", ""), {})
end

TestReplHelp = {}

function TestReplHelp:test_help_lists_the_api()
  local text = repl.help()
  lu.assertStrContains(text, doc["netlab.tcp"])
  lu.assertStrContains(text, doc["socket:receive"])
end

function TestReplHelp:test_help_of_a_function_by_identity()
  lu.assertStrContains(repl.help(netlab.tcp), doc["netlab.tcp"])
  lu.assertStrContains(repl.help(netlab.fd.read), doc["netlab.fd.read"])
end

function TestReplHelp:test_help_of_a_method()
  local s <close> = netlab.tcp()
  lu.assertStrContains(repl.help(s.receive), doc["socket:receive"])
end

function TestReplHelp:test_help_of_an_object_lists_its_type_and_methods()
  local s <close> = netlab.tcp()
  local text = repl.help(s)
  lu.assertStrContains(text, doc["socket"])
  lu.assertStrContains(text, doc["socket:send"])
end

function TestReplHelp:test_help_of_a_task_method()
  local t = netlab.spawn(function() end)
  t:join()
  lu.assertStrContains(repl.help(t.join), doc["task:join"])
  lu.assertStrContains(repl.help(t), doc["task:join"])
end

function TestReplHelp:test_help_by_name()
  lu.assertStrContains(repl.help("netlab.tcp"), doc["netlab.tcp"])
  lu.assertStrContains(repl.help("netlab.fd"), doc["netlab.fd.read"])
end

function TestReplHelp:test_help_finds_a_bare_method_or_field_name()
  lu.assertStrContains(repl.help("impair"), doc["link:impair"])
  lu.assertStrContains(repl.help("ping"), doc["host:ping"])
  lu.assertStrContains(repl.help("route_get"), doc["host:route_get"])
  lu.assertStrContains(repl.help("tcpdump"), doc["netlab.tcpdump"])
  lu.assertStrContains(repl.help("receive"), doc["socket:receive"])
  lu.assertStrContains(repl.help("no_such_method"), "no help for")
end

function TestReplHelp:test_help_starts_with_a_short_overview()
  local text = repl.help()
  local first = {}
  for line in text:gmatch("[^\n]+") do
    first[#first + 1] = line
    if line:find("The whole API") then break end
  end
  lu.assertTrue(#first <= 12, "the overview is short")
  lu.assertStrContains(first[1], "netlab: a network lab")
  lu.assertStrContains(table.concat(first, "\n"), 'help("ping")')
  for _, line in ipairs(first) do lu.assertTrue(#line <= 80, line) end
  local api = text:match("The whole API, one line per name:\n(.*)")
  lu.assertNotNil(api, "the overview leads to the whole API")
  lu.assertStrContains(api, doc["capture"] .. "\n")
end

function TestReplHelp:test_print_new_is_where_the_docs_list_it()
  local sig = doc["netlab.print.new"]:match("^(netlab%.print%.new)")
  lu.assertEquals(sig, "netlab.print.new")
  lu.assertIs(netlab.print.new, require("netlab.print").new)
  lu.assertStrContains(repl.help(netlab.print.new), doc["netlab.print.new"])
  local pr <close> = netlab.print.new{ts = "none"}
  lu.assertStrContains(tostring(pr), "printer")
end

function TestReplHelp:test_help_of_something_else()
  lu.assertStrContains(repl.help(print), "no help for")
  lu.assertStrContains(repl.help("no.such.name"), "no help for")
end

-- netlab -i with stdin from a pipe: same REPL, each prompt printed with the
-- line read after it (as lua's readline echoes it) ---------------------------

TestReplPipe = {}

-- Runs `netlab -i` on INPUT; returns stdout, stderr, exit code.
local function repl_pipe(input)
  return helper.netlab("-i", {stdin = input, timeout = 20})
end

function TestReplPipe:test_expression_prints_its_value()
  local out, _, code = repl_pipe("1 + 1\n")
  lu.assertEquals(code, 0)
  lu.assertStrMatches(out, "netlab [^\n]*\n> 1 %+ 1\n2\n> \n")
end

function TestReplPipe:test_several_values_and_tables()
  local out = repl_pipe("'a', {1, 2, x = {y = true}}, nil\n")
  lu.assertStrContains(out, '"a"\t{1, 2, x = {y = true}}\tnil\n')
end

function TestReplPipe:test_statement_prints_nothing()
  local out = repl_pipe("x = 5\nx * 2\n")
  lu.assertStrContains(out, "> x = 5\n> x * 2\n10\n")
end

function TestReplPipe:test_multi_line_statement_uses_continuation_prompt()
  local out, _, code = repl_pipe("for i = 1, 2 do\nprint(i * 10)\nend\n")
  lu.assertEquals(code, 0)
  lu.assertStrContains(out, "> for i = 1, 2 do\n>> print(i * 10)\n>> end\n10\n20\n")
end

function TestReplPipe:test_errors_are_reported_and_the_repl_goes_on()
  local out, err, code = repl_pipe("error('oops')\nx = = 1\n3\n")
  lu.assertEquals(code, 0)
  lu.assertStrContains(err, "netlab: stdin:1: oops")
  lu.assertStrContains(err, "netlab: stdin:1: unexpected symbol")
  lu.assertStrContains(out, "3\n")
end

function TestReplPipe:test_errors_show_the_users_frames_not_netlabs()
  local input = "local function mine() netlab.sleep('x') end mine()\n"
  local _, err = repl_pipe(input)
  lu.assertStrContains(err, "stack traceback:\n\tstdin:1: in local 'mine'\n", false, err)
  lu.assertStrContains(err, "frames inside netlab hidden: NETLAB_TRACEBACK=full shows them)", false, err)
  lu.assertNotStrContains(err, "sched.lua")
  local file = helper.tmpfile(input)
  local _, full = helper.run(("env NETLAB_TRACEBACK=full %s -i < %s"):format(helper.bin, helper.shquote(file)))
  lu.assertStrContains(full, "sched.lua:", false, full)
end

function TestReplPipe:test_help_is_available()
  local out = repl_pipe("help(netlab.tcp)\n")
  lu.assertStrContains(out, doc["netlab.tcp"])
end

function TestReplPipe:test_tcpdump_echoes_its_count_alone()
  -- it printed the packets; the REPL then shows its one result, not "0\tnil\tnil"
  local out = repl_pipe("netlab.tcpdump({})\n")
  lu.assertStrMatches(out, ".*\n0\n> \n?$")
  lu.assertNotStrContains(out, "nil")
end

function TestReplPipe:test_help_is_never_paged_in_a_pipe()
  local input = helper.tmpfile("help()\n")
  local out = helper.run(("env %s %s -i < %s"):format(helper.shquote("PAGER=sed s/^/paged:/"),
    helper.bin, helper.shquote(input)))
  lu.assertStrContains(out, "netlab: a network lab")
  lu.assertNotStrContains(out, "paged:")
end

function TestReplPipe:test_incomplete_statement_at_end_of_input()
  local out, err, code = repl_pipe("if true then\n")
  lu.assertEquals(code, 0)
  lu.assertStrContains(out, ">> ")
  lu.assertStrContains(err, "<eof>")
end

function TestReplPipe:test_runs_after_script_with_i()
  local s = helper.tmpfile("greeting = 'from script'\n")
  local out, _, code = helper.netlab("-i " .. s, {stdin = "greeting\n"})
  lu.assertEquals(code, 0)
  lu.assertStrContains(out, '"from script"')
end

function TestReplPipe:test_failed_background_task_is_reported()
  local input = "netlab.spawn(function() error('bg' .. 'fail') end)\nnetlab.sleep(0.1)\n"
  local _, err = repl_pipe(input)
  lu.assertStrContains(err, "bgfail")
end

-- netlab on a pseudo-terminal (spec/ptyrun.py) -----------------------------

TestReplTty = {}

local have_python = os.execute("command -v python3 >/dev/null 2>&1")

-- Runs netlab on a pty with the STEPS (see spec/ptyrun.py); returns the
-- report lines, the exit line and the output.
-- ENV: more VAR=value words for env(1).
local function pty(steps, env)
  local file = helper.tmpfile(table.concat(steps, "\n") .. "\n", ".steps")
  local home = helper.tmpname(".home")
  os.execute("mkdir -p " .. helper.shquote(home))
  local cmd = ("env HOME=%s TERM=xterm %s python3 spec/ptyrun.py %s -- %s")
    :format(helper.shquote(home), env or "", helper.shquote(file), helper.bin)
  local out = helper.run(cmd, 75)
  os.execute("rm -rf " .. helper.shquote(home))
  local report, output = out:match("^(.-)%-%-%- output\n(.*)$")
  lu.assertNotNil(report, "ptyrun failed: " .. tostring(out))
  return report, output
end

-- Asserts that every step succeeded and netlab exited with CODE.
local function assert_session(report, output, code)
  lu.assertNotStrContains(report, " fail ", output)
  lu.assertStrContains(report, "exit " .. code, output)
end

-- The steps that end a session: wait for a prompt, Ctrl-D, exit.
local ending = {"sleep 0.3", "send \\x04", "wait 5"}

-- A session: START prompt, STEPS, then Ctrl-D (ENV as pty's).
local function session(steps, env)
  local all = {"expect 10 > "}
  for _, s in ipairs(steps) do all[#all + 1] = s end
  for _, s in ipairs(ending) do all[#all + 1] = s end
  return pty(all, env)
end

function TestReplTty:setUp()
  if not have_python then lu.skip("python3 is needed for the pty tests") end
end

function TestReplTty:test_expression_prints_its_value()
  local report, output = session({"send 6 * 7\\r", "expect 5 42\\r\\n"})
  assert_session(report, output, 0)
end

function TestReplTty:test_prompts_come_from_PROMPT_and_PROMPT2()
  local report, output = session({
    "send _PROMPT, _PROMPT2 = 'one$ ', 'two$ '\\r", "expect 5 one$ ",
    "send if true then\\r", "expect 5 two$ ", "send end\\r", "expect 5 one$ ",
    "send _PROMPT, _PROMPT2 = nil\\r", "expect 5 > "})
  assert_session(report, output, 0)
end

function TestReplTty:test_table_prints_readably()
  local report, output = session({
    "send {1, 2, name = 'x' .. 'y'}\\r",
    'expect 5 {1, 2, name = "xy"}',
  })
  assert_session(report, output, 0)
end

function TestReplTty:test_multi_line_statement()
  local report, output = session({
    "send for i = 1, 2 do\\r", "expect 5 >> ",
    "send print(i * 100) end\\r", "expect 5 200\\r\\n",
  })
  assert_session(report, output, 0)
end

function TestReplTty:test_tab_completes_netlab_fields()
  local report, output = session({
    "send type(netlab.tc\\t)\\r", 'expect 5 "function"',
  })
  assert_session(report, output, 0)
end

function TestReplTty:test_tab_lists_candidates_on_second_tab()
  local report, output = session({
    "send netlab.tc\\t", "sleep 0.3", "send \\t", "expect 5 netlab.tcp6",
    "send \\x03", "expect 5 > ",
  })
  assert_session(report, output, 0)
end

function TestReplTty:test_tab_completes_methods_of_live_objects()
  local report, output = session({
    "send s = netlab.tcp()\\r", "sleep 0.3",
    "send s:getsockn\\t()\\r", "expect 5 \"0.0.0.0\"\\t0",
  })
  assert_session(report, output, 0)
end

function TestReplTty:test_ctrl_c_stops_a_blocking_call_within_a_second()
  local report, output = session({
    "send netlab.sleep(30)\\r", "sleep 0.5", "send \\x03",
    "expect 1 interrupted!", "expect 5 > ",
    "send 6 * 7\\r", "expect 5 42\\r\\n",
  })
  assert_session(report, output, 0)
  lu.assertStrContains(output, "netlab: interrupted!\r\n", false, output)
  lu.assertNotStrContains(output, "sched.lua", false, output)
  local line = report:match("step 5 ok ([%d.]+)")
  lu.assertNotNil(line, report)
  lu.assertTrue(tonumber(line) < 1, report)
end

function TestReplTty:test_ctrl_c_stops_a_busy_loop()
  local report, output = session({
    "send while true do end\\r", "sleep 0.5", "send \\x03",
    "expect 2 interrupted!", "expect 5 > ",
    "send 6 * 7\\r", "expect 5 42\\r\\n",
  })
  assert_session(report, output, 0)
  lu.assertStrContains(output, "netlab: interrupted!\r\n", false, output) -- not "stdin:1: interrupted!"
end

function TestReplTty:test_ctrl_c_at_the_prompt_drops_the_line()
  local report, output = session({
    "send abc", "sleep 0.3", "send \\x03", "sleep 0.3",
    "send 6 * 7\\r", "expect 5 42\\r\\n",
  })
  assert_session(report, output, 0)
end

function TestReplTty:test_ctrl_d_exits_0()
  local report, output = pty({"expect 10 > ", "send \\x04", "wait 5"})
  assert_session(report, output, 0)
end

function TestReplTty:test_task_keeps_running_while_the_prompt_waits()
  local report, output = session({
    "send netlab.spawn(function() for i = 1, 3 do netlab.sleep(0.2) print('tick' .. i * 11) end end)\\r",
    "expect 5 tick11", "expect 5 tick22", "expect 5 tick33",
  })
  assert_session(report, output, 0)
end

function TestReplTty:test_failed_task_is_reported_while_waiting()
  local report, output = session({
    "send netlab.spawn(function() netlab.sleep(0.2) error('bg' .. 'oops') end)\\r",
    "expect 5 bgoops",
  })
  assert_session(report, output, 0)
end

function TestReplTty:test_long_help_is_paged_on_a_terminal()
  -- the pty is 24 rows: help() is longer, help(netlab.tcp) is not
  local report, output = session({
    "send help()\\r", "expect 5 paged:netlab: a network lab", "expect 5 > ",
    "send help(netlab.tcp)\\r", "expect 5 > ",
  }, helper.shquote("PAGER=sed s/^/paged:/"))
  assert_session(report, output, 0)
  lu.assertStrContains(output, "help(netlab.tcp)\r\nnetlab.tcp() -> ")
end

function TestReplTty:test_history_is_saved()
  local home = helper.tmpname(".home")
  os.execute("mkdir -p " .. helper.shquote(home))
  local file = helper.tmpfile("expect 10 > \nsend history_marker = 1\\r\nsleep 0.3\nsend \\x04\nwait 5\n", ".steps")
  local cmd = ("env HOME=%s TERM=xterm python3 spec/ptyrun.py %s -- %s")
    :format(helper.shquote(home), helper.shquote(file), helper.bin)
  helper.run(cmd, 75)
  local f = io.open(home .. "/.netlab_history")
  local text = f and f:read("a") or ""
  if f then f:close() end
  os.execute("rm -rf " .. helper.shquote(home))
  lu.assertStrContains(text, "history_marker")
end

function TestReplTty:test_multi_line_table_and_function()
  local report, output = session({
    "send t = {\\r", "expect 5 >> ", "send 10,\\r", "expect 5 >> ", "send 20 }\\r", "expect 5 > ",
    "send function twice(x)\\r", "expect 5 >> ", "send return 2 * x\\r", "expect 5 >> ",
    "send end\\r", "expect 5 > ",
    "send twice(t[1] + t[2]), #t\\r", "expect 5 60\\t2\\r\\n",
  })
  assert_session(report, output, 0)
end

function TestReplTty:test_tab_completes_a_name_made_in_the_session()
  local report, output = session({
    "send spec_long_name_xyz = 99\\r", "sleep 0.3",
    "send spec_long_na\\t + 1\\r", "expect 5 100\\r\\n",
  })
  assert_session(report, output, 0)
end

function TestReplTty:test_ctrl_c_stops_a_blocked_accept_within_a_second()
  -- accept on a listening socket nobody connects to: Ctrl-C gives the
  -- prompt back, and the socket is still usable
  local report, output = session({
    "send s = netlab.tcp(); assert(s:bind('127.0.0.1', 0)); assert(s:listen())\\r", "sleep 0.3",
    "send s:accept()\\r", "sleep 0.5", "send \\x03",
    "expect 1 interrupted!", "expect 5 > ",
    "send select(2, s:getsockname()) > 0\\r", "expect 5 true\\r\\n",
  })
  assert_session(report, output, 0)
  local line = report:match("step 7 ok ([%d.]+)")
  lu.assertNotNil(line, report)
  lu.assertTrue(tonumber(line) < 1, report)
end

function TestReplTty:test_a_background_server_answers_clients_while_the_prompt_waits()
  -- a daemon task serves a loopback port; two other processes (python3
  -- and a second netlab) connect while the REPL sits at its prompt
  local portfile = helper.tmpname(".port")
  local client = helper.tmpfile(([[
local f = assert(io.open(%q))
local port = assert(f:read("n"))
f:close()
local c = assert(netlab.tcp())
c:settimeout(5)
assert(c:connect("127.0.0.1", port))
assert(c:send("from-netlab\n"))
print(assert(c:receive()))
]]):format(portfile))
  local python = ([[python3 -c 'import socket, sys
port = int(open(sys.argv[1]).read())
s = socket.create_connection(("127.0.0.1", port), timeout=5)
s.sendall(b"from-python\n")
print(s.makefile().readline().strip())' %s]]):format(helper.shquote(portfile)):gsub("\n", "; ")
  local report, output = session({
    "send srv = netlab.tcp(); assert(srv:bind('127.0.0.1', 0)); assert(srv:listen())\\r", "sleep 0.3",
    ("send f = io.open(%q, 'w'); f:write((select(2, srv:getsockname()))); f:close()\\r"):format(portfile),
    "sleep 0.3",
    "send server = netlab.daemon(function() for i = 1, 2 do local c = srv:accept(); "
      .. "c:settimeout(5); c:send('echo ' .. tostring(c:receive()) .. ' ' .. i .. '\\\\n'); c:close() end end)\\r",
    "expect 5 > ",
    "shell 20 " .. python,
    "shell 20 " .. helper.bin .. " " .. client,
    "send 6 * 7\\r", "expect 5 42\\r\\n",
    "send server:join(1)\\r", "expect 5 > ",
  })
  assert_session(report, output, 0)
  lu.assertStrContains(report, "shell> echo from-python 1\n", false, output)
  lu.assertStrContains(report, "shell> echo from-netlab 2\n", false, output)
end

function TestReplTty:test_a_failing_shell_step_fails_the_session()
  -- the harness must be able to fail: a client that cannot connect
  local report = session({"shell 5 exit 3"})
  lu.assertStrContains(report, "step 2 fail")
end

-- Hostile input on a terminal: long pastes, junk bytes, Ctrl-C ---------------
-- (libedit's readline emulation corrupted the heap on lines over ~1 KiB
-- and aborted on a 16 KB paste; bindings/l_edit.c drives libedit itself.)

TestReplTtyHostile = {}

function TestReplTtyHostile:setUp()
  if not have_python then lu.skip("python3 is needed for the pty tests") end
end

function TestReplTtyHostile:test_a_pasted_100_kb_line_is_evaluated()
  local report, output = session({
    'send s = "', "sendrep 100000 x", 'send "\\r', "expect 30 > ",
    "send #s, s:sub(1, 3), s:find('[^x]')\\r", 'expect 10 100000\\t"xxx"\\tnil\\r\\n',
  })
  assert_session(report, output, 0)
end

function TestReplTtyHostile:test_two_long_lines_one_recalled_from_history_and_edited()
  -- the second line is the first again (up arrow), changed at its start
  local report, output = session({
    'send s = "', "sendrep 100000 ab", 'send "\\r', "expect 30 > ",
    "send \\x1b[A", "sleep 0.3", "send \\x01", "send z\\r", "expect 30 > ",
    "send #zs, zs == s\\r", "expect 10 200000\\ttrue\\r\\n",
  })
  assert_session(report, output, 0)
end

function TestReplTtyHostile:test_junk_bytes_reach_lua_exactly()
  -- invalid UTF-8 (a lone continuation byte, 0xff, a surrogate's
  -- encoding) and valid UTF-8 inside a string: the bytes typed, unchanged
  local report, output = session({
    'sendraw u = "h\\xc3\\xa9\\xff\\x80z\\xed\\xa0\\x80"\\r', "expect 5 > ",
    "send #u, u:byte(1, -1)\\r", "expect 5 9\\t104\\t195\\t169\\t255\\t128\\t122\\t237\\t160\\t128\\r\\n",
  })
  assert_session(report, output, 0)
end

function TestReplTtyHostile:test_control_bytes_nul_and_escapes_do_no_harm()
  -- every control byte but those the terminal keeps for itself (^C ^D
  -- ^Z ^\ signals and EOF, ^Q ^S flow control) and Enter, NUL included
  -- (libedit took NUL and ^V for quoted insert, after which Ctrl-C was
  -- a character, and control characters in a long line crashed it),
  -- then broken escape sequences and a cut UTF-8 sequence; Ctrl-C drops
  -- the mess, the REPL goes on
  local keep = {[3] = true, [4] = true, [10] = true, [13] = true, [17] = true,
    [19] = true, [26] = true, [28] = true}
  local junk = {}
  for b = 0, 31 do
    if not keep[b] then
      junk[#junk + 1] = ("\\x%02x"):format(b)
    end
  end
  local report, output = session({
    "sendraw " .. table.concat(junk) .. "\\x7f\\x1b[\\x1b[99;99\\x1bO\\xc3", "sleep 0.5",
    "send \\x03", "expect 5 > ",
    "sendrep 500 \\x1b[D\\x1b[C\\x01\\x05\\x02\\x06\\x16", "send \\x00", "sleep 0.5",
    "send \\x03", "expect 5 > ",
    "send 6 * 7\\r", "expect 5 42\\r\\n",
  })
  assert_session(report, output, 0)
end

function TestReplTtyHostile:test_ctrl_c_drops_a_long_partial_line()
  local report, output = session({
    "send dropped = 1 --", "sendrep 50000 y", "sleep 0.5", "send \\x03", "expect 5 > ",
    "send dropped\\r", "expect 10 nil\\r\\n",
  })
  assert_session(report, output, 0)
end

function TestReplTtyHostile:test_ctrl_c_inside_a_utf8_sequence()
  -- the first byte of "é", then Ctrl-C: the next line starts clean
  local report, output = session({
    "sendraw x\\xc3", "sleep 0.3", "send \\x03", "expect 5 > ",
    'sendraw #"\\xc3\\xa9"\\r', "expect 5 2\\r\\n",
  })
  assert_session(report, output, 0)
end

-- Long input on a pipe: read whole, like lua.c (its speed: bench/repl_pipe.sh)

TestReplPipeLong = {}

function TestReplPipeLong:test_a_multi_megabyte_line_is_read_whole()
  local n = 3 * 1024 * 1024
  local out, err, code = repl_pipe('x = "' .. ("a"):rep(n) .. 'b"\n#x, x:sub(-2), x:find("[^a]")\n')
  lu.assertEquals(code, 0, err)
  lu.assertStrContains(out, ('%d\t"ab"\t%d\t%d\n'):format(n + 1, n + 1, n + 1))
end

function TestReplPipeLong:test_lines_across_chunk_boundaries_stay_whole()
  -- a 200 KB line between short ones: three reads of 64 KiB end inside it
  local input = "a = 1\nb = '" .. ("z"):rep(200000) .. "'\nc = 3\n#b, a + c\n"
  local out, err, code = repl_pipe(input)
  lu.assertEquals(code, 0, err)
  lu.assertStrContains(out, "200000\t4\n")
end

function TestReplPipeLong:test_many_short_lines()
  local input = "n = 0\n" .. ("n = n + 1\n"):rep(20000) .. "n\n"
  local out, err, code = repl_pipe(input)
  lu.assertEquals(code, 0, err)
  lu.assertStrContains(out, "> n\n20000\n")
end

function TestReplPipeLong:test_a_last_line_without_newline()
  local out, err, code = repl_pipe("x = 40\nx + 2")
  lu.assertEquals(code, 0, err)
  lu.assertStrContains(out, "> x + 2\n42\n")
end
