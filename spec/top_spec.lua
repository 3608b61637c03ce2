-- spec/top_spec.lua: netlab.top shows a host's or a lab's traffic as
-- iftop does: per connection (the kernel's bytes_acked and
-- bytes_received) and per interface (ip -s link's counters), rates over
-- 2, 10 and 40 s and totals since it began; its text is laid out as
-- iftop's screen, in iftop's units; it reads on the scheduler (other
-- tasks send meanwhile), within its duration or count, drawing on a
-- terminal when asked; bad input raises, a lab closed under it ends it.
local lu = require "luaunit"
local helper = require "helper"
local draw = require "netlab.top_draw"

TestTop = {}

local two_hosts = helper.two_hosts

function TestTop:tearDown() helper.cleanup() end

-- A server on B's 10.0.0.2:PORT that reads every connection to its end.
local function sink(b, port)
  local l = assert(b:tcp())
  assert(l:bind("10.0.0.2", port))
  assert(l:listen(4))
  netlab.daemon(function()
    while true do
      local c = l:accept()
      if not c then return end
      netlab.daemon(function()
        c:settimeout(10)
        while c:receive(65536) do end
        c:close()
      end)
    end
  end)
  return l
end

-- A task in A sending BYTES bytes a tick (TICK s) for TICKS ticks to
-- 10.0.0.2:PORT; returns the task (its result: the socket, bytes sent).
local function paced(a, port, bytes, tick, ticks)
  return netlab.spawn(function()
    local c = assert(a:tcp())
    c:settimeout(5)
    assert(c:connect("10.0.0.2", port))
    local chunk = ("x"):rep(bytes)
    for _ = 1, ticks do
      assert(c:send(chunk))
      netlab.sleep(tick)
    end
    return c, bytes * ticks
  end)
end

-- The row of VIEW's connection to PORT.
local function conn_to(view, port)
  for _, r in ipairs(view.conns) do
    if r.dport == port then return r end
  end
end

-- The row of VIEW's interface NAME of HOST.
local function iface(view, host, name)
  for _, r in ipairs(view.ifaces) do
    if r.host == host and r.name == name then return r end
  end
end

function TestTop:test_a_lab_s_connection_is_one_pair_with_its_rates_and_totals()
  local lab <close>, a, b = two_hosts()
  local _ <close> = sink(b, 5001)
  local sender = paced(a, 5001, 10000, 0.05, 10) -- 200 kB/s for 0.5 s
  local t0 = netlab.now()
  local v = assert(netlab.top(lab, {duration = 1.5, every = 0.25, draw = false}))
  local took = netlab.now() - t0
  local c, sent = sender:join(5)
  lu.assertTrue(took >= 1.5 and took < 2.5, took) -- its duration, on the scheduler
  lu.assertEquals(#v.conns, 1) -- both ends in the lab: one pair
  local r = v.conns[1]
  lu.assertEquals({r.host, r.src, r.dst, r.dport, r.peer}, {"a", "10.0.0.1", "10.0.0.2", 5001, "b"})
  lu.assertEquals(r.sport, select(2, c:getsockname())) -- the client on the left
  lu.assertTrue(r.sent >= sent and r.sent <= sent + 2, r.sent) -- the SYN counts as a byte
  lu.assertTrue(r.recv <= 1, r.recv)
  lu.assertEquals(r.total, r.sent + r.recv)
  lu.assertEquals(r.bytes_sent - r.bytes_retrans, sent) -- the kernel's own counters of the left end
  lu.assertTrue(r.segs_out >= 10, r.segs_out)
  lu.assertEquals(v.windows, {2, 10, 40})
  lu.assertTrue(math.abs(v.spans[2] - v.time) < 1e-9 and math.abs(v.spans[3] - v.time) < 1e-9, v.spans)
  -- 10 and 40 s over what history there is: all of it, since the first reading
  local rate = r.sent_rates[2]
  lu.assertTrue(math.abs(rate - r.sent / v.spans[2]) < 1, rate)
  lu.assertEquals(r.sent_rates[2], r.sent_rates[3])
  local ai, bi = iface(v, "a", "eth0"), iface(v, "b", "eth0")
  lu.assertTrue(ai.sent > r.sent and ai.sent < r.sent * 1.1 + 3000, ai.sent) -- frames: payload + headers
  lu.assertTrue(math.abs(ai.sent - bi.recv) < 500, ai.sent .. " " .. bi.recv) -- what a sends, b receives
  lu.assertNil(iface(v, "a", "lo"))
  lu.assertEquals(v.totals.sent, r.sent)
  lu.assertEquals(v.totals.total_rates[1], v.totals.sent_rates[1] + v.totals.recv_rates[1])
  lu.assertTrue(v.totals.peak.sent >= v.totals.sent_rates[1])
  c:close()
end

function TestTop:test_a_host_s_view_is_its_own_end_and_the_2s_column_forgets_first()
  local lab <close>, a, b = two_hosts()
  local _ <close> = sink(b, 5002)
  local sender = paced(a, 5002, 40000, 0.02, 5) -- 200 kB in 0.1 s, then quiet
  local views = {}
  local last = assert(netlab.top(b, {duration = 3, every = 0.25, draw = false,
    each = function(v) views[#views + 1] = v end}))
  local c = sender:join(5)
  lu.assertEquals(views[#views], last)
  lu.assertTrue(#views >= 12 and #views <= 13, #views)
  local r = last.conns[1]
  lu.assertEquals({r.host, r.src, r.sport, r.peer}, {"b", "10.0.0.2", 5002, nil}) -- b's end: it receives
  lu.assertTrue(r.recv >= 200000 and r.sent <= 1, r.recv .. " " .. r.sent)
  lu.assertEquals(r.recv_rates[1], 0) -- nothing for over 2 s
  lu.assertTrue(r.recv_rates[3] > 50000, r.recv_rates[3]) -- 200 kB over 3 s
  lu.assertTrue(last.spans[1] >= 1.8 and last.spans[1] <= 2.3, last.spans[1])
  lu.assertEquals(views[1].spans, {0, 0, 0})
  lu.assertNil(iface(last, "a", "eth0")) -- only b's interfaces
  c:close()
end

function TestTop:test_a_closed_connection_keeps_its_totals()
  local lab <close>, a, b = two_hosts()
  local _ <close> = sink(b, 5003)
  local sender = paced(a, 5003, 5000, 0.02, 10)
  netlab.spawn(function()
    local c = sender:join(5)
    netlab.sleep(0.5) -- a reading sees its last bytes before it goes
    c:close()
  end)
  local v = assert(netlab.top(lab, {duration = 1, every = 0.2, draw = false}))
  local r = conn_to(v, 5003)
  lu.assertNotNil(r)
  lu.assertTrue(r.sent >= 50000 and r.sent <= 50002, r.sent)
  lu.assertTrue(r.gone or r.state ~= "ESTABLISHED", r.state)
end

function TestTop:test_each_returning_false_and_count_end_it()
  local lab <close> = two_hosts()
  local n = 0
  assert(netlab.top(lab, {every = 0.01, draw = false, each = function() n = n + 1; if n >= 3 then return false end end}))
  lu.assertEquals(n, 3)
  local t0 = netlab.now()
  local v = assert(netlab.top(lab, {count = 2, every = 0.05, draw = false}))
  lu.assertEquals(v.reading, 2)
  lu.assertTrue(netlab.now() - t0 < 1)
  v = assert(netlab.top(lab, {duration = 0, draw = false}))
  lu.assertEquals(v.reading, 1)
end

function TestTop:test_the_text_is_iftop_s_screen()
  local lab <close>, a, b = two_hosts()
  local _ <close> = sink(b, 5004)
  local sender = paced(a, 5004, 10000, 0.05, 10)
  local v = assert(netlab.top(lab, {duration = 0.6, every = 0.2, draw = false}))
  local c = sender:join(5)
  local lines = {}
  for l in v.text:gmatch("([^\n]*)\n") do lines[#lines + 1] = l end
  lu.assertEquals(#lines, 2 + 2 * 3 + 1 + 3) -- scale, 1 connection and 2 interfaces, rule, footer
  lu.assertStrMatches(lines[1], "^ +%d[%d.]*[KM]b +%S+ +%S+ +%S+ +%d[%d.]*[KM]b$") -- five labels
  lu.assertStrMatches(lines[2], "^%+%-+%+%-+%+%-+%+%-+%+%-+$")
  lu.assertEquals(#lines[2], 80)
  lu.assertStrMatches(lines[3], "^10%.0%.0%.1:%d+ +=> 10%.0%.0%.2:5004 +%S+ +%S+ +%S+ +%S+$")
  lu.assertStrMatches(lines[4], "^ +<= +0B +0b +0b +0b$")
  lu.assertStrMatches(lines[5], "^a:eth0 +=> %(interface%) .*")
  lu.assertEquals(lines[3]:sub(23, 26), " => ") -- iftop's columns at 80: hosts 22 wide, then 8 each
  local size, rate = draw.size(v.conns[1].sent), draw.rate(v.conns[1].sent_rates[1])
  lu.assertEquals(lines[3]:sub(48 + 1, 48 + #size), size)
  lu.assertEquals(lines[3]:sub(56 + 1, 56 + #rate), rate)
  lu.assertEquals(lines[9], ("-"):rep(80))
  lu.assertStrMatches(lines[10], "^TX: +cum: +%S+ +peak: +%S+ +rates: +%S+ +%S+ +%S+$")
  lu.assertStrMatches(lines[11], "^RX: +0B +0b +0b +0b +0b$")
  lu.assertStrMatches(lines[12], "^TOTAL: +%S+ +%S+ +%S+ +%S+ +%S+$")
  lu.assertEquals(lines[10]:sub(17, 21), "cum: ")
  lu.assertEquals(lines[10]:sub(33, 38), "peak: ")
  lu.assertNil(v.text:find("\27", 1, true))
  local wide = assert(netlab.top(lab, {count = 1, width = 120, draw = false}))
  for l in wide.text:gmatch("[^\n]+") do lu.assertTrue(#l <= 120, l) end
  c:close()
end

function TestTop:test_iftop_s_units()
  lu.assertEquals(draw.rate(0), "    0b")
  lu.assertEquals(draw.rate(100), "  800b")
  lu.assertEquals(draw.rate(125), " 0.98Kb") -- 1000 bits: iftop's K is 1024
  lu.assertEquals(draw.rate(125000), "  977Kb") -- 1 mbit/s
  lu.assertEquals(draw.rate(1250000), " 9.54Mb") -- 10 mbit/s
  lu.assertEquals(draw.rate(12500000), " 95.4Mb")
  lu.assertEquals(draw.rate(125e9), "  931Gb")
  lu.assertEquals(draw.size(640), "  640B")
  lu.assertEquals(draw.size(3000001), " 2.86MB")
  lu.assertEquals(draw.size(50000), " 48.8KB")
end

function TestTop:test_on_a_terminal_it_draws_each_frame_over_the_last()
  local out, err, code = helper.script([[
    local lab <close> = netlab.lab()
    local a, b = lab:host "a", lab:host "b"
    lab:link(a, b, "10.0.0.1/24", "10.0.0.2/24")
    local v = assert(netlab.top(lab, {count = 3, every = 0.05, draw = true, width = 60}))
    print("returned", v.reading)
  ]])
  lu.assertEquals(code, 0, err)
  lu.assertStrContains(out, "\27[?25l") -- the cursor hidden while it draws
  local _, ups = out:gsub("\27%[10A\r\27%[J", "")
  lu.assertEquals(ups, 2) -- frames 2 and 3 over the one before (10 lines: no connection)
  lu.assertStrContains(out, "\27[?25hreturned\t3\n") -- and shown again
end

function TestTop:test_ctrl_c_stops_it_and_shows_the_cursor_again()
  local out, err, code = helper.script([[
    local lab <close> = netlab.lab()
    lab:host "a"
    local pid = io.open("/proc/self/stat"):read("l"):match("^%d+")
    netlab.daemon(function() netlab.sleep(0.3); netlab.sh("kill -INT " .. pid) end)
    local ok, e = pcall(netlab.top, lab, {duration = 20, every = 0.05, draw = true})
    print("after", ok, e)
  ]], nil, {timeout = 10})
  lu.assertEquals(code, 0, err)
  lu.assertStrMatches(out, ".*\27%[%?25hafter\tfalse\t[^\n]*interrupted!\n$")
end

function TestTop:test_a_lab_closed_under_it_ends_it()
  local lab, a = two_hosts()
  netlab.spawn(function() netlab.sleep(0.2); lab:close() end)
  local v, err = netlab.top(lab, {duration = 5, every = 0.05, draw = false})
  lu.assertNil(v)
  lu.assertEquals(err, "closed")
  lu.assertFalse(a:_isopen())
end

function TestTop:test_bad_input_raises()
  local lab <close>, a = two_hosts()
  local raises = helper.raises
  raises("bad argument #1 to 'top' (host or lab expected, got nil)", netlab.top)
  raises("bad argument #1 to 'top' (host or lab expected, got number)", netlab.top, 42)
  raises("bad argument #1 to 'top' (host or lab expected, got string)", netlab.top, "a")
  raises("bad argument #1 to 'top' (host or lab expected, got netlab.socket)", netlab.top, assert(a:tcp()))
  raises("bad argument #2 to 'top' (table expected, got number)", netlab.top, lab, 5)
  raises("bad argument #2 to 'top' (unknown option 'time')", netlab.top, lab, {time = 1})
  for _, d in ipairs{-1, 0 / 0, math.huge, "2", 86401} do
    raises("bad argument #2 to 'top' (duration: seconds from 0 to 86400 expected", netlab.top, lab, {duration = d})
  end
  raises("bad argument #2 to 'top' (every: seconds from 0.01 to 3600 expected, got 0)", netlab.top, lab, {every = 0})
  raises("bad argument #2 to 'top' (count: integer 1-1000000 expected, got 0)", netlab.top, lab, {count = 0})
  raises("bad argument #2 to 'top' (count: integer 1-1000000 expected, got 1.5)", netlab.top, lab, {count = 1.5})
  raises("bad argument #2 to 'top' (draw: boolean expected, got string)", netlab.top, lab, {draw = "yes"})
  raises("bad argument #2 to 'top' (width: integer 40-1000 expected, got 10)", netlab.top, lab, {width = 10})
  raises("bad argument #2 to 'top' (each: function expected, got number)", netlab.top, lab, {each = 1})
  local other = netlab.lab()
  local h = assert(other:host "h")
  other:close()
  raises("attempt to use a closed lab", netlab.top, other)
  raises("attempt to use a closed host", netlab.top, h)
end

function TestTop:test_it_leaves_no_task_behind()
  local lab <close> = two_hosts()
  local sched = require "netlab.sched"
  local fds, timers = sched._pending()
  assert(netlab.top(lab, {count = 3, every = 0.01, draw = false}))
  lu.assertEquals({sched._pending()}, {fds, timers})
end
