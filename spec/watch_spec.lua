-- spec/watch_spec.lua: netlab.watch reports a connection's TCP states as
-- they change: the active closer goes SYN_SENT, ESTABLISHED, FIN_WAIT_1,
-- FIN_WAIT_2, TIME_WAIT; the passive one CLOSE_WAIT, LAST_ACK, CLOSED.
-- On a lab link those states last microseconds, so the spec makes each
-- one last: a full accept queue drops the first SYN (SYN_SENT for a
-- second), data the peer does not read holds the FIN back (FIN_WAIT_1,
-- LAST_ACK). A host watcher sees every connection; timeouts and stop end
-- a watcher; bad input raises.
local lu = require "luaunit"
local helper = require "helper"

TestWatch = {}

local two_hosts = helper.two_hosts

function TestWatch:tearDown() helper.cleanup() end

-- Sends CHUNK to S until the kernel takes no more (the peer does not
-- read): at most 400 chunks.
local function fill(s)
  local chunk = ("x"):rep(65536)
  s:settimeout(0)
  for _ = 1, 400 do
    local ok = s:send(chunk)
    if not ok then break end
  end
  s:settimeout(5)
end

-- Reads from S until the peer closes; returns how much came.
local function drain(s)
  local all = s:receive("*a")
  return #(all or "")
end

function TestWatch:test_both_ends_of_a_close_state_by_state()
  local lab <close>, a, b = two_hosts()
  local srv = assert(b:tcp())
  assert(srv:bind("10.0.0.2", 8080))
  assert(srv:listen(0)) -- room for one waiting connection
  local first = assert(a:tcp())
  assert(first:connect("10.0.0.2", 8080)) -- fills the accept queue
  local c = assert(a:tcp())
  c:settimeout(5)
  local seen = {}
  local wc = assert(netlab.watch(c, function(row, old, new)
    seen[#seen + 1] = {old, new, row.local_port}
  end))
  local task = netlab.spawn(function() return assert(c:connect("10.0.0.2", 8080)) end)
  netlab.sleep(0.2) -- its SYN was dropped: the client waits in SYN_SENT
  assert(srv:accept()):close()
  task:join(5) -- the SYN sent again a second later is accepted
  netlab.sleep(0.02)
  local x = assert(srv:accept())
  x:settimeout(5)
  local ws = assert(netlab.watch(x, function() end))
  fill(c) -- the server does not read yet
  assert(c:shutdown("send")) -- the FIN waits behind the data: FIN_WAIT_1
  netlab.sleep(0.05)
  lu.assertTrue(drain(x) > 0) -- data and FIN arrive: FIN_WAIT_2, CLOSE_WAIT
  netlab.sleep(0.05)
  fill(x) -- the client does not read yet
  x:close() -- its FIN waits behind the data: LAST_ACK
  netlab.sleep(0.05)
  lu.assertTrue(drain(c) > 0) -- the FIN is acknowledged: CLOSED, TIME_WAIT
  lu.assertTrue(ws:wait(5))
  netlab.sleep(0.05)
  lu.assertEquals(wc:states(), {"SYN_SENT", "ESTABLISHED", "FIN_WAIT_1", "FIN_WAIT_2", "TIME_WAIT"})
  lu.assertEquals(ws:states(), {"ESTABLISHED", "CLOSE_WAIT", "LAST_ACK", "CLOSED"})
  lu.assertEquals(seen[1], {nil, "SYN_SENT", (select(2, c:getsockname()))})
  lu.assertEquals(seen[2][1], "SYN_SENT")
  lu.assertFalse(ws:isrunning())
  lu.assertTrue(wc:isrunning(), "TIME_WAIT lasts: the watcher goes on")
  local t = wc:timeline()
  for i = 2, #t do lu.assertTrue(t[i].time >= t[i - 1].time) end
  lu.assertTrue(t[2].time - t[1].time > 0.5, "the SYN was sent again after a second")
  lu.assertStrContains(t[1].conn, "10.0.0.1:")
  lu.assertStrContains(t[1].conn, "->10.0.0.2:8080")
  wc:stop()
  lu.assertFalse(wc:isrunning())
  first:close()
end

function TestWatch:test_a_host_watcher_sees_every_connection()
  local lab <close>, a, b = two_hosts()
  local w = assert(netlab.watch(b, function() end, {interval = 0.001}))
  local srv = assert(b:tcp())
  assert(srv:bind("10.0.0.2", 8080))
  assert(srv:listen())
  netlab.sleep(0.02)
  local c1, c2 = assert(a:tcp()), assert(a:tcp())
  assert(c1:connect("10.0.0.2", 8080))
  assert(c2:connect("10.0.0.2", 8080))
  netlab.sleep(0.02)
  srv:close()
  netlab.sleep(0.02)
  w:stop()
  local listen = "10.0.0.2:8080->0.0.0.0:0"
  lu.assertEquals(w:states(listen), {"LISTEN", "CLOSED"})
  local conns = {}
  for _, e in ipairs(w:timeline()) do
    if e.conn ~= listen and e.state == "ESTABLISHED" then conns[e.conn] = true end
  end
  for _, c in ipairs{c1, c2} do
    local _, port = c:getsockname()
    lu.assertTrue(conns["10.0.0.2:8080->10.0.0.1:" .. port], "connection from port " .. port)
  end
  lu.assertEquals(w:error(), nil)
end

function TestWatch:test_timeout_and_stop_end_a_watcher()
  local lab <close>, _, b = two_hosts()
  local srv = assert(b:tcp())
  assert(srv:bind("10.0.0.2", 8080))
  assert(srv:listen())
  local calls = 0
  local w = assert(netlab.watch(srv, function() calls = calls + 1 end, {timeout = 0.05}))
  lu.assertTrue(w:wait(5))
  lu.assertFalse(w:isrunning())
  lu.assertEquals(w:states(), {"LISTEN"})
  lu.assertEquals(calls, 1)
  local w2 = assert(netlab.watch(srv, function() calls = calls + 1 end))
  netlab.sleep(0.02)
  w2:stop()
  w2:stop() -- harmless
  srv:close()
  netlab.sleep(0.02)
  lu.assertEquals(w2:states(), {"LISTEN"}, "nothing after stop")
  lu.assertTrue(w2:wait(1))
  lu.assertStrContains(tostring(w2), "netlab.watcher (ended")
end

function TestWatch:test_a_socket_watched_before_it_exists_in_the_table()
  local lab <close>, a, b = two_hosts()
  local u = assert(b:tcp()) -- not bound: in no table yet
  local w = assert(netlab.watch(u, function() end, {timeout = 2}))
  netlab.sleep(0.02)
  lu.assertEquals(w:states(), {})
  assert(u:bind("10.0.0.2", 7))
  assert(u:listen())
  netlab.sleep(0.02)
  u:close()
  lu.assertTrue(w:wait(2))
  lu.assertEquals(w:states(), {"LISTEN", "CLOSED"})
  lu.assertNotNil(a)
end

function TestWatch:test_a_socket_closed_before_it_ever_shows_ends_its_watcher()
  local lab <close>, _, b = two_hosts()
  local u = assert(b:tcp()) -- not bound: in no table, and now it never will be
  local w = assert(netlab.watch(u, function() end, {timeout = 5}))
  netlab.sleep(0.02)
  u:close()
  local t0 = netlab.now()
  lu.assertTrue(w:wait(5))
  lu.assertTrue(netlab.now() - t0 < 0.5, "ended at its next poll, not at its timeout")
  lu.assertEquals(w:states(), {})
end

function TestWatch:test_a_watcher_holds_its_socket_through_collections()
  local lab <close>, _, b = two_hosts()
  local function watch_a_listener() -- (a function: its locals are gone after)
    local s = assert(b:tcp())
    assert(s:bind("10.0.0.2", 8080))
    assert(s:listen())
    return assert(netlab.watch(s, function() end, {timeout = 0.3}))
  end
  local w = watch_a_listener()
  collectgarbage()
  collectgarbage()
  netlab.sleep(0.05)
  lu.assertEquals(w:states(), {"LISTEN"}) -- still listening: not collected
  lu.assertTrue(w:wait(2))
end

-- Bad input ------------------------------------------------------------

function TestWatch:test_bad_input_raises()
  local lab <close>, a = two_hosts()
  local s = assert(a:tcp())
  local fn = function() end
  helper.raises("bad argument #1 to 'watch' (socket or host expected, got number)", netlab.watch, 42, fn)
  helper.raises("bad argument #2 to 'watch' (function expected, got nil)", netlab.watch, s)
  helper.raises("bad argument #3 to 'watch' (table expected, got number)", netlab.watch, s, fn, 1)
  helper.raises("option 'interval': positive number of seconds expected", netlab.watch, s, fn, {interval = -1})
  helper.raises("option 'timeout': positive number of seconds expected", netlab.watch, s, fn, {timeout = "1"})
  helper.raises("unknown option 'every'", netlab.watch, s, fn, {every = 1})
  s:close()
  helper.raises("closed socket", netlab.watch, s, fn)
  local lab2, h = two_hosts()
  lab2:close()
  helper.raises("attempt to use a closed host", netlab.watch, h, fn)
end

function TestWatch:test_an_error_in_the_function_fails_its_task()
  local lab <close>, _, b = two_hosts()
  local srv = assert(b:tcp())
  assert(srv:bind("10.0.0.2", 8080))
  assert(srv:listen())
  local w = assert(netlab.watch(srv, function() error("boom") end))
  local ok, err = pcall(w.wait, w, 2)
  lu.assertFalse(ok)
  lu.assertStrContains(tostring(err), "boom")
  lu.assertFalse(w:isrunning())
end
