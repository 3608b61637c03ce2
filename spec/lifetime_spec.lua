-- spec/lifetime_spec.lua: objects' lifetimes under hostile use. A lab is
-- closed under every call that waits (by another task, as a script's
-- cleanup or a Ctrl-C handler would): each returns at once with a clear
-- result, and leaves no waiter behind for the next fd of that number.
-- The same with garbage collection between operations, and with a
-- collector that never pauses. Every wait is bounded.
local lu = require "luaunit"
local helper = require "helper"
local sched = require "netlab.sched"
local P = netlab.packet

local LO = "127.0.0.1"
local LONG = 5 -- what each call would wait without the close (seconds)
local PROMPT = 0.5 * helper.slow -- how soon it must return instead
local NOBODY = "10.0.0.99" -- on the link, but nobody answers (no ARP reply)

local function two_hosts()
  return helper.two_hosts("10.0.0.1/24", "10.0.0.2/24")
end

-- Each case: a name, setup(lab, a, b) -> the blocking call (a function
-- run in a task), and check(results...) for what it returned.
local function closed(...)
  lu.assertEquals({...}, {nil, "closed"})
end

local CASES = {
  {"accept", function(_, _, b)
    local s = assert(b:tcp())
    assert(s:bind("*", 80))
    assert(s:listen())
    s:settimeout(LONG)
    return function() return s:accept() end
  end, closed},
  {"receive", function(_, a)
    local u = assert(a:udp())
    assert(u:bind("*", 9))
    u:settimeout(LONG)
    return function() return u:receive() end
  end, closed},
  {"wait_any", function(_, a)
    local u = assert(a:udp())
    assert(u:bind("*", 9))
    return function() return netlab.wait_any({u}, LONG) end
  end, closed},
  {"socket.select", function(_, a) -- LuaSocket's: the closed socket is "ready"
    local u = assert(a:udp())
    assert(u:bind("*", 9))
    return function() local r, w, err = require("socket").select({u}, nil, LONG); return r[1] == u, #w, err end
  end, function(...) lu.assertEquals({...}, {true, 0}) end},
  {"connect", function(_, a)
    local c = assert(a:tcp())
    c:settimeout(LONG)
    return function() return c:connect(NOBODY, 80) end
  end, closed},
  {"cap:next", function(_, a)
    local cap = assert(a:capture{iface = "eth0", filter = "tcp port 7"})
    return function() return cap:next(LONG) end
  end, closed},
  {"tun:read", function(_, a)
    local t = assert(a:tun("tun0", {addr = "10.8.0.1/24"}))
    return function() return t:read(LONG) end
  end, closed},
  {"tap:next", function(_, a)
    local t = assert(a:tap("tap0"))
    return function() return t:next(LONG) end
  end, closed},
  {"sh", function(_, a)
    return function() return a:sh("sleep " .. LONG, {timeout = LONG + 1}) end
  end, closed},
  {"process:wait", function(_, a)
    local p = assert(a:start("sleep " .. LONG))
    return function() return p:wait(LONG + 1) end
  end, function(...) lu.assertEquals({...}, {137}) end}, -- killed with its host
  {"ping", function(_, a)
    return function() return a:ping(NOBODY, {count = 3, interval = 1, timeout = LONG}) end
  end, closed},
  {"sr1", function(_, a)
    return function() return a:sr1(P.ip{dst = NOBODY} / P.udp{dport = 9}, {timeout = LONG}) end
  end, closed},
  {"sr", function(_, a)
    return function() return a:sr({P.ip{dst = NOBODY} / P.udp{dport = 9}}, {timeout = LONG}) end
  end, closed},
  {"sendp (asking ARP for the MAC)", function(_, a)
    return function() return a:sendp(P.ether{} / P.ip{dst = NOBODY} / P.icmp{}, "eth0") end
  end, closed},
  {"traceroute", function(_, a)
    return function() return a:traceroute(NOBODY, {timeout = LONG, max_hops = 3}) end
  end, closed},
  {"watcher", function(_, a)
    local w = assert(netlab.watch(a, function() end, {interval = 1, timeout = LONG}))
    return function() return w:wait(LONG + 1), w:isrunning() end
  end, function(...) lu.assertEquals({...}, {true, false}) end},
  {"socket watcher", function(_, _, b) -- ends at its next poll, its socket gone
    local s = assert(b:tcp())
    assert(s:bind("*", 80))
    assert(s:listen())
    local w = assert(netlab.watch(s, function() end, {interval = 0.01, timeout = LONG}))
    return function()
      local ok = w:wait(LONG + 1)
      local states = w:states()
      return ok, states[#states]
    end
  end, function(...) lu.assertEquals({...}, {true, "CLOSED"}) end},
}

-- Asserts that the scheduler holds no waiter on any fd and no timer.
local function assert_no_waiter(what)
  local fds, timers = sched._pending()
  lu.assertEquals({fds = fds, timers = timers}, {fds = 0, timers = 0}, what)
end

-- A socket after the lab: it may take a closed one's fd number, and its
-- own waits must work (no stale waiter answers for it).
local function assert_fresh_socket_works()
  local u <close> = assert(netlab.udp())
  assert(u:bind(LO, 0))
  u:settimeout(PROMPT)
  local reader = netlab.spawn(function() return u:receive() end)
  local v <close> = assert(netlab.udp())
  assert(v:sendto("after", LO, select(2, u:getsockname())))
  lu.assertEquals(reader:join(PROMPT), "after")
end

-- Runs CASE: starts its call in a task, closes the lab under it (GC, a
-- function, runs between the steps), checks what the call returned.
local function close_under(case, gc)
  gc = gc or function() end
  local lab, a, b = two_hosts()
  gc()
  local call = case[2](lab, a, b)
  gc()
  local t = netlab.spawn(call)
  netlab.sleep(0.1) -- the call now waits
  gc()
  lu.assertEquals(t:status(), "waiting", case[1])
  local t0 = netlab.now()
  lab:close()
  local r = table.pack(t:join(LONG + 2))
  local took = netlab.now() - t0
  gc()
  lu.assertTrue(took < PROMPT, ("%s returned %.2f s after the close"):format(case[1], took))
  case[3](table.unpack(r, 1, r.n))
  assert_no_waiter(case[1])
  assert_fresh_socket_works()
  assert_no_waiter(case[1])
end

TestLifetimeClose = {}
for _, case in ipairs(CASES) do
  TestLifetimeClose["test_close_under_" .. case[1]:gsub("%W", "_")] = function() close_under(case) end
end

TestLifetimeGc = {}
for _, case in ipairs(CASES) do
  TestLifetimeGc["test_close_under_" .. case[1]:gsub("%W", "_") .. "_collecting_between_steps"] = function()
    close_under(case, function() collectgarbage() collectgarbage() end)
  end
end

-- The collector in its most eager setting (a new cycle as soon as one
-- ends, large steps): objects only netlab holds must survive it.
TestLifetimeConstantGc = {}
function TestLifetimeConstantGc:setUp()
  self.mode = collectgarbage("incremental", 1, 1000)
end
function TestLifetimeConstantGc:tearDown()
  collectgarbage(self.mode or "incremental")
  collectgarbage("incremental", 200, 100) -- Lua 5.4's defaults
end
for _, case in ipairs(CASES) do
  TestLifetimeConstantGc["test_close_under_" .. case[1]:gsub("%W", "_")] = function() close_under(case) end
end

function TestLifetimeGc:test_a_lab_only_a_tasks_socket_reaches_survives_collection()
  -- nothing but a task holds a host's socket: the socket keeps its host
  -- and lab, which a collection must not close under it
  local function start() -- (a function: a block's dead locals stay on the stack)
    local _, a = two_hosts()
    local u = assert(a:udp())
    assert(u:bind("*", 9))
    u:settimeout(LONG)
    return netlab.spawn(function()
      netlab.sleep(0.1) -- the collections happen now
      assert(u:sendto("to myself", "10.0.0.1", 9))
      return u:receive()
    end)
  end
  local t = start()
  netlab.sleep(0.02)
  collectgarbage()
  collectgarbage()
  lu.assertEquals(t:join(LONG), "to myself")
  collectgarbage() -- now nothing holds the lab: this closes it
  collectgarbage()
end

function TestLifetimeGc:test_every_step_of_a_lab_survives_collections()
  local function gc() collectgarbage() collectgarbage() end
  local lab <close> = netlab.lab()
  gc()
  local a, b = assert(lab:host "a"), assert(lab:host "b")
  gc()
  assert(lab:link(a, b, "10.0.0.1/24", "10.0.0.2/24"))
  gc()
  local cap = assert(a:capture{iface = "eth0", filter = "udp port 9"})
  gc()
  local srv = assert(b:udp())
  assert(srv:bind("*", 9))
  srv:settimeout(LONG)
  gc()
  local reader = netlab.spawn(function() return srv:receive() end)
  gc()
  local c = assert(a:udp())
  gc()
  assert(c:sendto("through", "10.0.0.2", 9))
  gc()
  lu.assertEquals(reader:join(LONG), "through")
  gc()
  lu.assertNotNil(cap:next(LONG))
  gc()
  lu.assertEquals(a:ping("10.0.0.2", {count = 1, timeout = LONG}).received, 1)
  gc()
  lu.assertNotNil(a:sr1(P.ip{dst = "10.0.0.2"} / P.icmp{}, {timeout = LONG}))
  gc()
  lab:close()
  gc()
  assert_no_waiter("after the lab")
end

-- The close's other moment: a wait already answered (its fd readable,
-- the task queued to run again) when another task closes the lab, which
-- then runs first in that round of the scheduler. The call resumes with
-- its socket closed under it and must still return nil, "closed" (not
-- raise on the closed socket). sched.wait_io is wrapped to close the lab
-- in exactly that window: once the call's first wait returns ready.
-- The calls here are those whose wait a packet ends before LONG (ARP
-- requests the kernel repeats each second, or the ICMP errors when it
-- gives up), on a socket of the host that the lab closes.
local AFTER_WAKEUP = {sr1 = true, sr = true, ["sendp (asking ARP for the MAC)"] = true,
  ping = true, traceroute = true}

-- Runs CASE with the lab closed just after the call's wait was answered.
local function close_after_wakeup(case)
  local lab, a, b = two_hosts()
  local call = case[2](lab, a, b)
  local wait_io, closed_at = sched.wait_io, nil
  local _ <close> = setmetatable({}, {__close = function()
    sched.wait_io = wait_io
    lab:close()
  end})
  sched.wait_io = function(...)
    local ok, why = wait_io(...)
    if ok and not closed_at then
      closed_at = netlab.now()
      lab:close()
    end
    return ok, why
  end
  local t = netlab.spawn(call)
  local r = table.pack(pcall(t.join, t, LONG + 2)) -- a raise in the call is its error
  lu.assertNotNil(closed_at, case[1] .. "'s wait was never answered")
  local took = netlab.now() - closed_at
  lu.assertTrue(took < PROMPT, ("%s returned %.2f s after the close"):format(case[1], took))
  lu.assertTrue(r[1], case[1] .. " raised: " .. tostring(r[2]))
  case[3](table.unpack(r, 2, r.n))
  sched.wait_io = wait_io
  assert_no_waiter(case[1])
  assert_fresh_socket_works()
end

TestLifetimeCloseAfterWakeup = {}
for _, case in ipairs(CASES) do
  if AFTER_WAKEUP[case[1]] then
    TestLifetimeCloseAfterWakeup["test_close_after_" .. case[1]:gsub("%W", "_") .. "_was_woken"] = function()
      close_after_wakeup(case)
    end
  end
end
