-- netlab -i after a lab (lua -i's semantics): the lab runs, gives its
-- verdict, and the REPL opens with its lab still up and offered as
-- globals; the lab is closed when the REPL ends, and netlab exits with
-- the lab's verdict.
local lu = require "luaunit"
local helper = require "helper"

TestInteractive = {}

-- Runs netlab ARGS with INPUT on stdin (a pipe); returns stdout, stderr,
-- the exit code and the processes left behind.
local function launch(args, input)
  local mark = helper.new_mark()
  local file = helper.tmpfile(input)
  local out, err, code = helper.run(("env NETLAB_SPEC_MARK=%s %s %s < %s")
    :format(mark, helper.bin, args, helper.shquote(file)), 60)
  return out or "", err or "", code, helper.marked(mark)
end

-- A lesson's source: CLAIM is the condition of its one claim, BODY runs
-- in its main after a lab with a host "x" is made.
local function lesson_file(claim, body, opts)
  return helper.tmpfile(([[
local lesson = require "netlab.lesson"
local lab = lesson.new{name = "mini", limit = %s}
lab:run(function()
  local net <close> = netlab.lab()
  local x = assert(net:host "%s")
  %s
  lab:check(%s, "the one claim")
end)
]]):format((opts or {}).limit or 20, (opts or {}).host or "x", body or "", claim))
end

function TestInteractive:test_routes_lab_stays_up_for_the_repl()
  local out, err, code, left = launch("-i labs/routes.lua",
    "A:ping('192.168.121.1', {count = 1, timeout = 2}).received\n#lab:hosts()\n")
  local context = out .. "\n--- stderr\n" .. err
  lu.assertEquals(code, 0, context)
  lu.assertStrContains(out, "PASS: all ", false, context)
  lu.assertStrContains(out, "-i: the lab stays up until the REPL ends (Ctrl-D); globals: lab, A, B, G\n", false, context)
  -- A still reaches B across the lab's cable, after the verdict
  lu.assertStrContains(out, "> A:ping('192.168.121.1', {count = 1, timeout = 2}).received\n1\n", false, context)
  lu.assertStrContains(out, "> #lab:hosts()\n3\n", false, context)
  lu.assertStrMatches(out, ".*\nclosing lab %(3 hosts: A, B, G; 2 links%)\n$", nil, nil, context)
  lu.assertEquals(left, {}, "processes left behind")
end

function TestInteractive:test_lab_option_works_with_i()
  local out, err, code = launch("-i --lab mss", "lab\n")
  lu.assertEquals(code, 0, out .. err)
  lu.assertStrMatches(out, ".*\n> lab\nlab %(2 hosts: client, server; 1 link%)\n> \nclosing lab %(2 hosts.*", nil, nil, out)
end

function TestInteractive:test_a_lab_closed_by_the_lesson_is_not_offered()
  -- two_hosts closes its lab itself (its last part): nothing to hand over
  local out, err, code = launch("-i labs/two_hosts.lua", "lab\n")
  lu.assertEquals(code, 0, out .. err)
  lu.assertStrContains(out, "globals: none (the lesson left no lab up)\n> lab\nnil\n")
  lu.assertNotStrContains(out, "closing lab")
end

function TestInteractive:test_without_i_the_lab_exits_at_its_verdict()
  local out, err, code = launch("labs/two_hosts.lua", "print('never read')\n")
  lu.assertEquals(code, 0, err)
  lu.assertStrMatches(out, ".*PASS: all %d+ claims held\n$")
  lu.assertNotStrContains(out, "never read")
  lu.assertNotStrContains(out, "-i:")
end

function TestInteractive:test_a_failed_lab_exits_1_after_the_repl()
  local out, err, code = launch("-i " .. lesson_file("false"), "x\n")
  lu.assertEquals(code, 1, out .. err)
  lu.assertStrContains(out, "FAIL: 1 of 1 claims did not hold")
  lu.assertStrContains(out, "> x\nhost x")
  lu.assertStrContains(out, "closing lab (1 host: x; 0 links)")
end

function TestInteractive:test_a_lab_that_raised_still_hands_over_its_hosts()
  local out, err, code = launch("-i " .. lesson_file("true", "error('broken here')"), "x:name()\n")
  lu.assertEquals(code, 1, out .. err)
  lu.assertStrContains(out, "broken here")
  lu.assertStrContains(out, '> x:name()\n"x"\n')
end

function TestInteractive:test_the_watchdog_stops_at_the_verdict()
  -- limit 1 s: the REPL outlives it, the watchdog does not fail the lab
  local out, err, code = launch("-i " .. lesson_file("true", nil, {limit = 1}), "netlab.sleep(1.5)\n'still here'\n")
  lu.assertEquals(code, 0, out .. err)
  lu.assertStrContains(out, '"still here"')
  lu.assertNotStrContains(out, "did not finish within")
end

function TestInteractive:test_a_host_name_never_replaces_a_global()
  -- a host named "print" is not offered: print stays the function
  local out, err, code = launch("-i " .. lesson_file("true", nil, {host = "print"}), "type(print)\nlab:hosts()[1]\n")
  lu.assertEquals(code, 0, out .. err)
  lu.assertStrContains(out, "globals: lab\n")  -- and not print
  lu.assertStrContains(out, '> type(print)\n"function"\n')
  lu.assertStrContains(out, "> lab:hosts()[1]\nhost print")
end

function TestInteractive:test_a_plain_script_keeps_its_globals()
  local s = helper.tmpfile("net = netlab.lab()\nh = assert(net:host 'h')\nlocal gone = 1\n")
  local out, err, code = launch("-i " .. s, "h:name(), gone\n")
  lu.assertEquals(code, 0, out .. err)
  lu.assertStrContains(out, '> h:name(), gone\n"h"\tnil\n')
end

-- on a terminal: the prompt comes after the verdict, Ctrl-D closes the lab
function TestInteractive:test_on_a_terminal()
  if not os.execute("command -v python3 >/dev/null 2>&1") then lu.skip("python3 is needed for the pty test") end
  local steps = helper.tmpfile(table.concat({
    "expect 20 globals: lab, client, server",
    "expect 5 > ",
    "send #lab:hosts()\\r",
    "expect 5 2\\r\\n",
    "expect 5 > ",
    "send \\x04",
    "expect 5 closing lab (2 hosts",
    "wait 10",
  }, "\n") .. "\n", ".steps")
  local mark = helper.new_mark()
  local home = helper.tmpname(".home")
  os.execute("mkdir -p " .. helper.shquote(home))
  local out = helper.run(("env HOME=%s TERM=xterm NETLAB_SPEC_MARK=%s python3 spec/ptyrun.py %s -- %s -i --lab mss")
    :format(helper.shquote(home), mark, steps, helper.bin), 75) or ""
  os.execute("rm -rf " .. helper.shquote(home))
  lu.assertNotStrContains(out, " fail ", false, out)
  lu.assertStrContains(out, "exit 0\n", false, out)
  lu.assertEquals(helper.marked(mark), {}, "processes left behind")
end

-- netlab.lab's hold, which -i uses: a held lab's close waits for release
function TestInteractive:test_hold_defers_close_until_release()
  local labmod = require "netlab.lab"
  labmod.hold()
  local net = netlab.lab()
  local ok, h = pcall(net.host, net, "held")
  if not ok or not h then labmod.release() error(h) end
  do local _ <close> = net end
  lu.assertEquals(tostring(net), "lab (1 host: held; 0 links)")
  lu.assertEquals(labmod.held(), {net})
  labmod.release()
  lu.assertEquals(tostring(net), "lab (closed)")
  lu.assertEquals(labmod.held(), {})
  -- an explicit close closes a held lab; after release, labs close as before
  labmod.hold()
  local closing = netlab.lab()
  closing:close()
  labmod.release()
  lu.assertEquals(tostring(closing), "lab (closed)")
  local other = netlab.lab()
  do local _ <close> = other end
  lu.assertEquals(tostring(other), "lab (closed)")
end

function TestInteractive:test_repl_at_end_needs_a_function()
  helper.raises("bad argument #1 to 'at_end' (function expected, got string)", require("netlab.repl").at_end, "x")
end

function TestInteractive:test_interactive_is_false_in_a_script()
  lu.assertFalse(require("netlab.lesson").interactive())
  local out = launch("-i -e 'print(require(\"netlab.lesson\").interactive())'", "")
  lu.assertStrContains(out, "true\n")
end
