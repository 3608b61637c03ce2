-- spec/sched_spec.lua: tasks on netlab's scheduler. A task is a coroutine
-- that runs while others wait; blocking calls (sleep, receive, join) let
-- the other tasks run. Lessons about how a script ends, and about Ctrl-C,
-- run a second netlab as a child process. Every wait here is bounded.
local lu = require "luaunit"
local helper = require "helper"

local LO = "127.0.0.1"
local T = 2 -- the longest any wait in-process may take (seconds)

-- keep(s) remembers socket S so that tearDown (cleanup) closes it; returns S.
local keep, cleanup = helper.keeper(T)

-- A listening TCP socket on loopback, and its port.
local function listener()
  local s = keep(assert(netlab.tcp()))
  assert(s:bind(LO, 0))
  assert(s:listen())
  return s, select(2, s:getsockname())
end

-- A connected TCP pair: the client end and the accepted end.
local function pair()
  local srv, port = listener()
  local c = keep(assert(netlab.tcp()))
  assert(c:connect(LO, port))
  return c, keep(assert(srv:accept()))
end

-- Runs netlab on CODE in a child process: stdout, stderr, exit code and
-- how long it took. The child is killed after LIMIT seconds (10).
-- (The script file has no suffix: helper.tmpname(".lua") would leave the
-- file os.tmpname made behind.)
local function run(code, args, limit)
  limit = limit or 10
  local cmd = ("timeout -s KILL %d %s %s %s"):format(limit, helper.bin, helper.tmpfile(code, ""), args or "")
  local t0 = netlab.now()
  local out, err, status = netlab.sh(cmd, {timeout = limit + 2})
  return out, err, status, netlab.now() - t0
end

------------------------------------------------------------------------
-- spawn and join

TestSchedTasks = {tearDown = cleanup}

function TestSchedTasks:test_join_returns_what_the_task_returned()
  local t = netlab.spawn(function(a, b) return a + b, nil, "three" end, 1, 2)
  local r = table.pack(t:join(T))
  lu.assertEquals(r.n, 3)
  lu.assertEquals({r[1], r[2], r[3]}, {3, nil, "three"})
  lu.assertEquals(select("#", t:join()), 3) -- joining again gives the same
end

function TestSchedTasks:test_a_task_runs_when_the_main_chunk_waits()
  local ran = false
  local t = netlab.spawn(function() ran = true end)
  lu.assertFalse(ran) -- spawn only schedules it
  netlab.sleep(0)
  lu.assertTrue(ran)
  t:join(T)
end

function TestSchedTasks:test_join_raises_the_error_of_a_failed_task()
  local t = netlab.spawn(function() error("boom") end)
  lu.assertErrorMsgContains("boom", t.join, t, T)
  lu.assertErrorMsgContains("boom", t.join, t, T) -- and again
end

function TestSchedTasks:test_a_task_can_join_another_and_sees_its_error()
  local failing = netlab.spawn(function() netlab.sleep(0.01); error("inner") end)
  local joiner = netlab.spawn(function()
    local ok, err = pcall(failing.join, failing, T)
    return ok, err
  end)
  local ok, err = joiner:join(T)
  lu.assertFalse(ok)
  lu.assertStrContains(err, "inner")
end

function TestSchedTasks:test_join_with_a_timeout_gives_up_on_a_running_task()
  local t = netlab.spawn(function() netlab.sleep(5) end)
  local t0 = netlab.now()
  lu.assertEquals({t:join(0.05)}, {nil, "timeout"})
  lu.assertTrue(netlab.now() - t0 < 1)
  t:cancel()
end

function TestSchedTasks:test_status_follows_the_life_of_a_task()
  local t = netlab.spawn(function() netlab.sleep(0.02) end)
  lu.assertEquals(t:status(), "ready")
  netlab.sleep(0)
  lu.assertEquals(t:status(), "waiting")
  t:join(T)
  lu.assertEquals(t:status(), "done")
  local f = netlab.spawn(error, "x")
  pcall(f.join, f, T)
  lu.assertEquals(f:status(), "failed")
end

function TestSchedTasks:test_tostring_names_the_task()
  local t = netlab.spawn(function() end)
  t:join(T)
  lu.assertStrMatches(tostring(t), "task %d+ %(done%)")
  local d = netlab.daemon(function() netlab.sleep(5) end)
  lu.assertStrMatches(tostring(d), "task %d+ %(ready, daemon%)")
  d:cancel()
end

function TestSchedTasks:test_a_task_cannot_join_itself()
  local t
  t = netlab.spawn(function() return pcall(function() return t:join() end) end)
  local ok, err = t:join(T)
  lu.assertFalse(ok)
  lu.assertStrContains(err, "a task cannot join itself")
end

function TestSchedTasks:test_spawn_wants_a_function()
  lu.assertErrorMsgContains("bad argument #1 to 'spawn' (function expected, got number)", netlab.spawn, 42)
  lu.assertErrorMsgContains("bad argument #1 to 'daemon' (function expected, got nil)", netlab.daemon)
end

function TestSchedTasks:test_a_server_task_and_a_client_in_one_script()
  local srv, port = listener()
  local server = netlab.spawn(function()
    local served = 0
    for _ = 1, 3 do
      local c <close> = srv:accept()
      c:settimeout(T)
      c:send(c:receive():upper() .. "\n")
      served = served + 1
    end
    return served
  end)
  for _, word in ipairs{"one", "two", "three"} do
    local c <close> = keep(assert(netlab.tcp()))
    assert(c:connect(LO, port))
    c:send(word .. "\n")
    lu.assertEquals(c:receive(), word:upper())
  end
  lu.assertEquals(server:join(T), 3)
end

------------------------------------------------------------------------
-- sleep

TestSchedSleep = {tearDown = cleanup}

function TestSchedSleep:test_sleepers_wake_in_order_of_their_deadlines()
  local woke = {}
  local tasks = {}
  for _, d in ipairs{0.06, 0.02, 0.04, 0} do
    tasks[#tasks + 1] = netlab.spawn(function()
      netlab.sleep(d)
      woke[#woke + 1] = d
    end)
  end
  for _, t in ipairs(tasks) do t:join(T) end
  lu.assertEquals(woke, {0, 0.02, 0.04, 0.06})
end

function TestSchedSleep:test_sleep_lasts_at_least_as_asked_and_now_is_monotonic()
  local t0 = netlab.now()
  netlab.sleep(0.05)
  local t1 = netlab.now()
  lu.assertTrue(t1 - t0 >= 0.05, t1 - t0)
  lu.assertTrue(t1 - t0 < 0.5, t1 - t0)
  netlab.sleep(-1) -- a negative sleep is no sleep
  lu.assertTrue(netlab.now() >= t1)
end

function TestSchedSleep:test_tasks_sleep_side_by_side_not_one_after_another()
  local t0 = netlab.now()
  local tasks = {}
  for i = 1, 20 do tasks[i] = netlab.spawn(netlab.sleep, 0.1) end
  for _, t in ipairs(tasks) do t:join(T) end
  lu.assertTrue(netlab.now() - t0 < 0.5)
end

function TestSchedSleep:test_sleep_wants_a_number()
  lu.assertErrorMsgContains("bad argument #1 to 'sleep' (number expected, got string)", netlab.sleep, "1s")
  lu.assertErrorMsgContains("bad argument #1 to 'sleep'", netlab.sleep)
end

------------------------------------------------------------------------
-- Timeouts given to sleep, join and wait_any

TestSchedBadTimeouts = {tearDown = cleanup}

function TestSchedBadTimeouts:test_a_timeout_must_be_a_number()
  local t = netlab.spawn(netlab.sleep, 0.05)
  lu.assertErrorMsgContains("bad argument", t.join, t, "soon")
  lu.assertErrorMsgContains("bad argument", netlab.wait_any, {t}, "soon")
  lu.assertErrorMsgContains("bad argument", netlab.sleep, {})
  t:join(T)
end

function TestSchedBadTimeouts:test_nan_is_not_a_timeout()
  -- each in its own netlab: a NaN that slips through waits forever
  local calls = {
    {"sleep", "netlab.sleep(0/0)"},
    {"join", "netlab.spawn(netlab.sleep, 3):join(0/0)"},
    {"wait_any", "netlab.wait_any({netlab.spawn(netlab.sleep, 3)}, 0/0)"},
  }
  local wrong = {}
  for _, c in ipairs(calls) do
    local out, _, _, took = run(([[
      local ok, err = pcall(function() %s end)
      print(ok, (tostring(err):match("bad argument")))
      os.exit(0) -- do not wait for the sleeper
    ]]):format(c[2]), nil, 5)
    if out ~= "false\tbad argument\n" or took > 2 then
      wrong[#wrong + 1] = ("%s(NaN): %q after %.1f s"):format(c[1], out or "", took)
    end
  end
  lu.assertEquals(wrong, {})
end

------------------------------------------------------------------------
-- How a script ends: after its main chunk and its non-daemon tasks

TestSchedEnd = {}

function TestSchedEnd:test_the_script_waits_for_its_tasks()
  local out, err, code = run([[
    netlab.spawn(function() netlab.sleep(0.1); print("task done") end)
    print("main done")
  ]])
  lu.assertEquals(out, "main done\ntask done\n", err)
  lu.assertEquals(code, 0)
end

function TestSchedEnd:test_a_task_nobody_waits_for_still_lets_the_script_end()
  local out, err, code, took = run([[
    netlab.spawn(function() print("quick task") end)
  ]], nil, 5)
  lu.assertEquals(out, "quick task\n", err)
  lu.assertEquals(code, 0)
  lu.assertTrue(took < 3, took)
end

function TestSchedEnd:test_daemons_are_cancelled_when_the_script_ends()
  local out, err, code, took = run([[
    netlab.daemon(function() netlab.sleep(8); print("daemon woke") end)
    netlab.spawn(function() netlab.sleep(0.05); print("task done") end)
  ]])
  lu.assertEquals(out, "task done\n", err)
  lu.assertEquals(code, 0)
  lu.assertTrue(took < 3, took)
end

function TestSchedEnd:test_an_unjoined_failure_is_reported_and_exits_1()
  local out, err, code = run([[
    netlab.spawn(function() error("kaboom") end)
    netlab.spawn(function() netlab.sleep(0.05); print("others finish") end)
  ]])
  lu.assertEquals(out, "others finish\n")
  lu.assertStrContains(err, "task 1 failed")
  lu.assertStrContains(err, "kaboom")
  lu.assertEquals(code, 1)
end

function TestSchedEnd:test_a_failure_seen_through_join_is_not_reported()
  local out, err, code = run([[
    local t = netlab.spawn(function() error("handled") end)
    print(pcall(t.join, t))
  ]])
  lu.assertStrContains(out, "false")
  lu.assertStrContains(out, "handled")
  lu.assertEquals(err, "")
  lu.assertEquals(code, 0)
end

------------------------------------------------------------------------
-- wait_any: the first of several things to be ready

TestSchedWaitAny = {tearDown = cleanup}

function TestSchedWaitAny:test_the_first_task_to_end_wins()
  local slow = netlab.spawn(netlab.sleep, 0.2)
  local fast = netlab.spawn(netlab.sleep, 0.01)
  local item, i = netlab.wait_any({slow, fast}, T)
  lu.assertIs(item, fast)
  lu.assertEquals(i, 2)
  slow:cancel()
end

function TestSchedWaitAny:test_a_socket_with_data_wins()
  local c, a = pair()
  local u = keep(assert(netlab.udp()))
  u:bind(LO, 0)
  local writer = netlab.spawn(function() netlab.sleep(0.02); c:send("ready\n") end)
  local item, i = netlab.wait_any({u, a}, T)
  lu.assertIs(item, a)
  lu.assertEquals(i, 2)
  lu.assertEquals(a:receive(), "ready")
  writer:join(T)
end

function TestSchedWaitAny:test_a_listener_is_ready_when_a_client_connects()
  local srv, port = listener()
  local client = netlab.spawn(function()
    netlab.sleep(0.02)
    local c <close> = netlab.tcp()
    c:settimeout(T)
    return c:connect(LO, port)
  end)
  lu.assertIs(netlab.wait_any({srv}, T), srv)
  keep(srv:accept())
  client:join(T)
end

function TestSchedWaitAny:test_buffered_data_counts_as_ready()
  local c, a = pair()
  c:send("first\nsecond\n")
  lu.assertEquals(a:receive(), "first") -- "second" now waits in netlab's buffer
  lu.assertIs(netlab.wait_any({a}, 0), a)
end

function TestSchedWaitAny:test_what_has_already_happened_is_ready_at_once()
  local done = netlab.spawn(function() end)
  done:join(T)
  local t0 = netlab.now()
  lu.assertEquals({netlab.wait_any({done}, T)}, {done, 1})
  lu.assertTrue(netlab.now() - t0 < 0.05)
end

function TestSchedWaitAny:test_nothing_ready_times_out()
  local u = keep(assert(netlab.udp()))
  u:bind(LO, 0)
  local sleeper = netlab.spawn(netlab.sleep, 1)
  local t0 = netlab.now()
  lu.assertEquals({netlab.wait_any({u, sleeper}, 0.05)}, {nil, "timeout"})
  lu.assertTrue(netlab.now() - t0 < 0.5)
  sleeper:cancel()
end

function TestSchedWaitAny:test_two_waiters_on_one_socket_both_wake()
  -- a task in u:receive() and the main chunk in wait_any({u}): the
  -- datagram wakes both; the task takes it
  local u = keep(assert(netlab.udp()))
  assert(u:bind(LO, 0))
  local reader = netlab.spawn(function() return u:receive() end)
  netlab.sleep(0) -- the reader now waits in receive
  local sender = keep(assert(netlab.udp()))
  local writer = netlab.spawn(function() netlab.sleep(0.02); sender:sendto("hello", LO, select(2, u:getsockname())) end)
  lu.assertEquals({netlab.wait_any({u}, T)}, {u, 1})
  lu.assertEquals(reader:join(T), "hello")
  writer:join(T)
end

function TestSchedWaitAny:test_the_waiter_that_finds_nothing_waits_again()
  -- two tasks receive on one socket: each datagram goes to one of them
  local u = keep(assert(netlab.udp()))
  assert(u:bind(LO, 0))
  local port = select(2, u:getsockname())
  local got = {}
  local function reader()
    local data = u:receive()
    got[#got + 1] = data
  end
  local r1, r2 = netlab.spawn(reader), netlab.spawn(reader)
  netlab.sleep(0)
  local sender = keep(assert(netlab.udp()))
  sender:sendto("one", LO, port)
  netlab.sleep(0.02)
  sender:sendto("two", LO, port)
  r1:join(T)
  r2:join(T)
  table.sort(got)
  lu.assertEquals(got, {"one", "two"})
end

function TestSchedWaitAny:test_closing_a_socket_wakes_all_its_waiters()
  local u = keep(assert(netlab.udp()))
  assert(u:bind(LO, 0))
  local r1 = netlab.spawn(function() return u:receive() end)
  local r2 = netlab.spawn(function() return netlab.wait_any({u}, T) end)
  netlab.sleep(0)
  local t0 = netlab.now()
  u:close()
  lu.assertEquals({r1:join(T)}, {nil, "closed"})
  lu.assertEquals({r2:join(T)}, {nil, "closed"})
  lu.assertTrue(netlab.now() - t0 < 0.5)
end

function TestSchedWaitAny:test_bad_lists_raise()
  lu.assertErrorMsgContains("bad argument #1 to 'wait_any' (table expected, got nil)", netlab.wait_any)
  lu.assertErrorMsgContains("item 2 is neither a socket nor a task", netlab.wait_any,
                            {netlab.spawn(function() end), "x"}, 0)
end

------------------------------------------------------------------------
-- A script's own coroutines keep working around netlab's blocking calls

TestSchedCoroutines = {tearDown = cleanup}

-- A generator that yields the lines SOCK receives, until it closes.
local function lines(sock)
  return coroutine.wrap(function()
    while true do
      local line = sock:receive()
      if not line then return end
      coroutine.yield(line)
    end
  end)
end

function TestSchedCoroutines:test_wrap_around_a_blocking_receive_in_the_main_chunk()
  local c, a = pair()
  local writer = netlab.spawn(function()
    for _, w in ipairs{"alpha", "beta", "gamma"} do
      netlab.sleep(0.01)
      c:send(w .. "\n")
    end
    c:close()
  end)
  local got = {}
  for line in lines(a) do got[#got + 1] = line end
  lu.assertEquals(got, {"alpha", "beta", "gamma"})
  writer:join(T)
end

function TestSchedCoroutines:test_wrap_around_a_blocking_receive_in_a_task()
  local c, a = pair()
  local reader = netlab.spawn(function()
    local got = {}
    for line in lines(a) do got[#got + 1] = line end
    return table.concat(got, ",")
  end)
  for _, w in ipairs{"one", "two"} do
    netlab.sleep(0.01)
    c:send(w .. "\n")
  end
  c:close()
  lu.assertEquals(reader:join(T), "one,two")
end

function TestSchedCoroutines:test_resume_and_yield_pass_values_around_a_sleep()
  local co = coroutine.create(function(x)
    netlab.sleep(0.01)
    local y = coroutine.yield(x + 1)
    netlab.sleep(0.01)
    return y * 2
  end)
  lu.assertEquals({coroutine.resume(co, 1)}, {true, 2})
  lu.assertEquals({coroutine.resume(co, 5)}, {true, 10})
  lu.assertEquals(coroutine.status(co), "dead")
end

function TestSchedCoroutines:test_other_tasks_run_while_a_wrapped_call_blocks()
  local ticks = 0
  local ticker = netlab.spawn(function()
    for _ = 1, 5 do netlab.sleep(0.01); ticks = ticks + 1 end
  end)
  local f = coroutine.wrap(function() netlab.sleep(0.1); return "slept" end)
  lu.assertEquals(f(), "slept")
  lu.assertEquals(ticks, 5)
  ticker:join(T)
end

function TestSchedCoroutines:test_an_error_inside_a_wrapped_coroutine_propagates()
  local f = coroutine.wrap(function() netlab.sleep(0.01); error("inside") end)
  lu.assertErrorMsgContains("inside", f)
end

------------------------------------------------------------------------
-- cancel

TestSchedCancel = {tearDown = cleanup}

function TestSchedCancel:test_cancel_stops_a_waiting_task_and_closes_its_sockets()
  local server
  local t = netlab.spawn(function()
    local s <close> = assert(netlab.tcp())
    assert(s:bind(LO, 0))
    s:listen()
    server = s
    s:accept() -- waits here until cancelled
    error("not reached")
  end)
  netlab.sleep(0.01)
  lu.assertTrue(server:getfd() >= 0)
  lu.assertTrue(t:cancel())
  lu.assertEquals(server:getfd(), -1) -- its <close> variable was closed
  lu.assertFalse(t:cancel()) -- cancelling twice does nothing
  lu.assertErrorMsgContains("was cancelled", t.join, t, T)
end

function TestSchedCancel:test_cancel_also_closes_sockets_of_coroutines_inside_the_task()
  local inner
  local t = netlab.spawn(function()
    local serve = coroutine.wrap(function()
      local s <close> = assert(netlab.tcp())
      assert(s:bind(LO, 0))
      s:listen()
      inner = s
      s:accept() -- the task waits here, inside its own coroutine
    end)
    serve()
  end)
  netlab.sleep(0.01)
  keep(inner) -- closed by tearDown if cancel does not
  lu.assertTrue(t:cancel())
  lu.assertEquals(inner:getfd(), -1)
end

function TestSchedCancel:test_a_task_that_raises_closes_its_close_variables()
  local server, order = nil, {}
  local t = netlab.spawn(function()
    local s <close> = assert(netlab.tcp())
    local _ <close> = setmetatable({}, {__close = function(_, err) order[#order + 1] = err end})
    server = s
    netlab.sleep(0) -- fails after a wait, as a task in the middle of its work
    error("task gave up", 0)
  end)
  keep(server or assert(netlab.tcp())) -- closed by tearDown if the task does not
  local ok, err = pcall(t.join, t, T)
  lu.assertFalse(ok)
  lu.assertStrContains(err, "task gave up")
  lu.assertStrContains(err, "stack traceback") -- taken before the closing
  lu.assertEquals(server:getfd(), -1) -- at once, not at garbage collection
  lu.assertEquals(order, {"task gave up"}) -- __close saw the error
  lu.assertNotStrContains(err, "while closing")
end

function TestSchedCancel:test_a_failing_close_variable_is_reported_with_the_error()
  local t = netlab.spawn(function()
    local _ <close> = setmetatable({}, {__close = function() error("close failed too", 0) end})
    error("first failure", 0)
  end)
  local ok, err = pcall(t.join, t, T)
  lu.assertFalse(ok)
  lu.assertStrContains(err, "first failure")
  lu.assertStrContains(err, "close failed too")
end

function TestSchedCancel:test_a_lab_declared_close_in_a_failed_task_is_closed()
  local lab
  local t = netlab.spawn(function()
    local l <close> = netlab.lab()
    lab = l
    assert(l:host "a")
    error("lab task failed", 0)
  end)
  pcall(t.join, t, T)
  lu.assertNotNil(lab)
  lu.assertStrContains(tostring(lab), "closed")
end

function TestSchedCancel:test_a_cancelled_task_reports_cancelled()
  local t = netlab.spawn(netlab.sleep, 5)
  netlab.sleep(0)
  t:cancel()
  lu.assertEquals(t:status(), "cancelled")
end

function TestSchedCancel:test_cancel_wakes_whoever_joins()
  local sleeper = netlab.spawn(netlab.sleep, 5)
  local joiner = netlab.spawn(function() return pcall(sleeper.join, sleeper, T) end)
  netlab.sleep(0.01)
  local t0 = netlab.now()
  sleeper:cancel()
  local ok, err = joiner:join(T)
  lu.assertFalse(ok)
  lu.assertStrContains(err, "was cancelled")
  lu.assertTrue(netlab.now() - t0 < 0.5)
end

function TestSchedCancel:test_the_socket_of_a_cancelled_reader_can_be_used_again()
  local c, a = pair()
  local reader = netlab.spawn(function() return a:receive() end)
  netlab.sleep(0.01)
  reader:cancel()
  c:send("for the next reader\n")
  lu.assertEquals(a:receive(), "for the next reader")
end

function TestSchedCancel:test_a_finished_task_cannot_be_cancelled()
  local t = netlab.spawn(function() return 1 end)
  t:join(T)
  lu.assertFalse(t:cancel())
  lu.assertEquals(t:join(), 1)
end

------------------------------------------------------------------------
-- Ctrl-C: the first stops a blocked call with a catchable error, the
-- second ends the program (as in lua.c). The child netlab tells us its
-- pid over a socket; we signal that pid only.

TestSchedCtrlC = {tearDown = cleanup}

-- The child: connects to PORT, sends its pid, then blocks in a receive
-- (in the main chunk, or in a task the main chunk joins) until Ctrl-C.
local ctrl_c_child = [[
  local port, where = tonumber(arg[1]), arg[2]
  local c = netlab.tcp(); c:settimeout(5)
  assert(c:connect("127.0.0.1", port))
  local pid = io.open("/proc/self/stat"):read("n")
  local quiet = netlab.udp(); quiet:bind("127.0.0.1", 0)
  quiet:settimeout(8) -- nothing ever arrives here
  local reader -- in "task" mode, the one task that receives
  local function block()
    if where == "task" then
      reader = reader or netlab.spawn(function() return quiet:receive() end)
      return reader:join()
    end
    return quiet:receive()
  end
  local t0
  local ok, err = pcall(function()
    c:send(pid .. "\n")
    t0 = netlab.now()
    return block()
  end)
  c:send(("%s|%s|%.3f\n"):format(tostring(ok), tostring(err), netlab.now() - t0))
  block() -- the second Ctrl-C ends the program here
  c:send("still running\n")
]]

-- Runs the child, interrupts it twice; returns what it reported, how it
-- ended, and what it said last.
local function interrupt_twice(where)
  local srv, port = listener()
  srv:settimeout(5)
  local child = netlab.spawn(run, ctrl_c_child, port .. " " .. where)
  local conn = keep(assert(srv:accept()))
  conn:settimeout(5)
  local pid = assert(tonumber(conn:receive()))
  netlab.sleep(0.2) -- let it block
  netlab.sh("kill -INT " .. pid, {timeout = 5})
  local report = conn:receive()
  netlab.sleep(0.2)
  netlab.sh("kill -INT " .. pid, {timeout = 5})
  local out, err, code = child:join(15)
  return report, code, conn:receive(), err
end

-- Checks the child's report "false|interrupted!|<seconds>".
local function check_report(report)
  local ok, msg, took = (report or ""):match("^(%a+)|(.-)|([%d.]+)$")
  lu.assertEquals({ok, msg}, {"false", "interrupted!"}, report)
  lu.assertTrue(tonumber(took) < 1, took) -- promptly: after ~0.2 s, not at the 8 s timeout
end

function TestSchedCtrlC:test_ctrl_c_interrupts_a_receive_in_the_main_chunk()
  local report, code, last, err = interrupt_twice("main")
  check_report(report)
  lu.assertEquals(code, 130, err) -- killed by the second SIGINT
  lu.assertNil(last) -- "still running" was never sent
end

function TestSchedCtrlC:test_ctrl_c_interrupts_a_join_on_a_blocked_task()
  local report, code, last, err = interrupt_twice("task")
  check_report(report)
  lu.assertEquals(code, 130, err)
  lu.assertNil(last)
end
