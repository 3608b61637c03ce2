-- spec/tcpinfo_spec.lua: the kernel's view of one TCP connection.
-- sock:tcp_info() gives TCP_INFO's fields in ms and bytes/s (only those
-- the kernel's record holds), sock:queued() the bytes in its queues, a
-- socket chooses its congestion control among netlab.tcp_congestion()'s,
-- and host:sockets() rows carry the same fields. Bad input raises or
-- gives one clear error.
local lu = require "luaunit"
local helper = require "helper"
local errno = require "netlab.errno"
local ctcp = require "netlab.c.tcpinfo"

TestTcpInfo = {}

local two_hosts = helper.two_hosts

function TestTcpInfo:tearDown() helper.cleanup() end

-- A connection from A to B's 10.0.0.2:PORT: client, server's end, listener.
local function connection(a, b, port)
  local s = assert(b:tcp())
  s:settimeout(5)
  assert(s:bind("10.0.0.2", port))
  assert(s:listen())
  local c = assert(a:tcp())
  c:settimeout(5)
  assert(c:connect("10.0.0.2", port))
  local x = assert(s:accept())
  x:settimeout(5)
  return c, x, s
end

-- Waits (at most 5 s) until FN() is true.
local function eventually(fn, what)
  for _ = 1, 100 do
    if fn() then return end
    netlab.sleep(0.05)
  end
  lu.fail("never happened: " .. what)
end

-- Good paths -----------------------------------------------------------

function TestTcpInfo:test_tcp_info_of_a_connection_in_ms_and_bytes()
  local lab <close>, a, b = two_hosts()
  local c, x = connection(a, b, 8080)
  assert(c:send(("x"):rep(3000)))
  assert(x:receive(3000))
  eventually(function() return c:tcp_info().unacked == 0 end, "all acked")
  local t = assert(c:tcp_info())
  lu.assertEquals(t.state, "ESTABLISHED")
  lu.assertEquals(t.ca_state, "Open")
  lu.assertTrue(t.tcp_info_len >= 104, "the kernel gave " .. t.tcp_info_len .. " bytes")
  lu.assertEquals(math.type(t.rtt), "float")
  lu.assertTrue(t.rtt > 0 and t.rtt < 1000, "rtt in ms: " .. t.rtt)
  lu.assertTrue(t.rto >= 200 and t.rto < 1000, "rto in ms (at least 200): " .. t.rto)
  lu.assertEquals(t.snd_mss, 1448) -- 1500 - 20 - 20 - 12 (timestamps)
  lu.assertEquals(t.advmss, 1448)
  lu.assertEquals(t.pmtu, 1500)
  lu.assertEquals(t.options, {timestamps = true, sack = true, wscale = true, ecn = false,
                              ecn_seen = false, syn_data = false})
  lu.assertTrue(t.cwnd >= 10)
  lu.assertEquals({t.unacked, t.lost, t.retrans, t.total_retrans, t.retransmits}, {0, 0, 0, 0, 0})
  lu.assertEquals(t.bytes_sent, 3000)
  lu.assertEquals(t.bytes_acked, 3001) -- the SYN counts one
  lu.assertEquals(t.bytes_received, 0)
  lu.assertEquals(t.data_segs_out, 3) -- 1448 + 1448 + 104
  lu.assertTrue(t.delivery_rate > 0, "bytes/s")
  lu.assertEquals(math.type(t.delivery_rate), "integer")
  lu.assertEquals(t.congestion, assert(netlab.tcp_congestion(a)).default)
  lu.assertTrue(t.skmem.sndbuf > 0 and t.skmem.rcvbuf > 0)
  local tx = assert(x:tcp_info())
  lu.assertEquals({tx.bytes_received, tx.bytes_sent, tx.data_segs_in}, {3000, 0, 3})
  if t.tcp_info_len >= 232 then lu.assertTrue(t.snd_wnd > 0, "the peer's window") end
end

function TestTcpInfo:test_a_socket_not_yet_connected_is_CLOSE()
  local t = assert(assert(netlab.tcp()):tcp_info())
  lu.assertEquals(t.state, "CLOSE")
  lu.assertEquals(t.bytes_sent, 0)
  lu.assertNil(t.min_rtt) -- no sample yet: the kernel's ~0 is left out
  lu.assertNil(t.ssthresh) -- "infinite"
end

function TestTcpInfo:test_fields_are_kept_only_where_the_kernels_record_holds_them()
  local full = ctcp.decode(("\1\0\0\0\0\7\170\0" .. ("\0"):rep(240)))
  lu.assertEquals(full.tcp_info_len, 248)
  lu.assertEquals({full.state, full.snd_wscale, full.rcv_wscale}, {"ESTABLISHED", 10, 10})
  lu.assertNotNil(full.snd_wnd)
  lu.assertNotNil(full.total_rto_time)
  -- Linux 4.6's record (pacing and byte counters, not min_rtt or later).
  local old = ctcp.decode(("\1\0\0\0\0\0\0\0" .. ("\0"):rep(136)))
  lu.assertEquals(old.tcp_info_len, 144)
  lu.assertNotNil(old.segs_in)
  lu.assertNil(old.notsent_bytes)
  lu.assertNil(old.delivery_rate)
  lu.assertNil(old.snd_wnd)
  -- The first record (before 3.15): no pacing rate, no byte counters.
  local first = ctcp.decode(("\1"):rep(104))
  lu.assertEquals(first.total_retrans, 0x01010101)
  lu.assertNil(first.bytes_acked)
  lu.assertNil(first.pacing_rate)
  lu.assertEquals(ctcp.decode("").tcp_info_len, 0)
  lu.assertNil(ctcp.decode("").state)
  -- A newer kernel's longer record: the known part is read.
  lu.assertEquals(ctcp.decode(("\0"):rep(400)).tcp_info_len, 248)
end

function TestTcpInfo:test_queued_bytes_of_a_receiver_that_does_not_read()
  local lab <close>, a, b = two_hosts()
  local c, x = connection(a, b, 8080)
  assert(x:setoption("rcvbuf", 8192))
  assert(c:send(("x"):rep(5000)))
  eventually(function() return x:queued().recv == 5000 end, "5000 bytes in the receive queue")
  eventually(function() return c:queued().send == 0 end, "the sender's queue emptied (acked)")
  lu.assertEquals(c:queued(), {send = 0, unsent = 0, recv = 0})
  -- Fill the receiver's window: the rest stays in the sender's queue,
  -- part of it never sent.
  c:settimeout(0)
  c:send(("y"):rep(400000))
  eventually(function() return c:tcp_info().snd_wnd == 0 end, "a zero window")
  local q = c:queued()
  lu.assertTrue(q.send > 0 and q.unsent > 0 and q.unsent <= q.send, ("send %d unsent %d"):format(q.send, q.unsent))
  lu.assertEquals(c:tcp_info().notsent_bytes, q.unsent)
  lu.assertEquals(assert(x:info()).recv_q, x:queued().recv)
end

function TestTcpInfo:test_a_listening_socket_has_no_byte_queues()
  local lab <close>, a, b = two_hosts()
  local _, _, s = connection(a, b, 8080)
  local none, msg, code = s:queued()
  lu.assertNil(none)
  lu.assertStrContains(msg, "a listening socket has no byte queues")
  lu.assertEquals(code, errno.EINVAL)
  lu.assertEquals(assert(s:tcp_info()).state, "LISTEN")
end

function TestTcpInfo:test_choosing_the_congestion_control()
  local lab <close>, a, b = two_hosts()
  local cc = assert(netlab.tcp_congestion(a))
  lu.assertTrue(#cc.available >= 1)
  lu.assertItemsEquals(cc.available, assert(netlab.tcp_congestion()).available)
  lu.assertStrContains(" " .. table.concat(cc.available, " ") .. " ", " " .. cc.default .. " ")
  lu.assertStrContains(" " .. table.concat(cc.available, " ") .. " ", " reno ") -- always built in
  local c, x = connection(a, b, 8080)
  lu.assertEquals(c:getoption("congestion"), cc.default)
  lu.assertEquals(c:setoption("congestion", "reno"), 1)
  lu.assertEquals(c:getoption("congestion"), "reno")
  lu.assertEquals(c:tcp_info().congestion, "reno")
  lu.assertNil(c:tcp_info().bbr)
  local _, port = c:getsockname()
  local row = assert(a:sockets{port = port})[1]
  lu.assertEquals(row.congestion, "reno")
  if x:setoption("congestion", "bbr") then -- bbr's own numbers come with it
    local t = x:tcp_info()
    lu.assertEquals(t.congestion, "bbr")
    lu.assertEquals(math.type(t.bbr.bw), "integer")
    lu.assertEquals(math.type(t.bbr.pacing_gain), "float")
    local r = assert(b:sockets{state = "ESTABLISHED"})[1]
    lu.assertEquals(r.congestion, "bbr")
    lu.assertNotNil(r.bbr)
  end
end

function TestTcpInfo:test_rows_carry_the_same_fields_as_tcp_info()
  local lab <close>, a, b = two_hosts()
  local c, x = connection(a, b, 8080)
  assert(c:send(("x"):rep(2000)))
  assert(x:receive(2000))
  eventually(function() return c:tcp_info().unacked == 0 end, "all acked")
  local t = assert(c:tcp_info())
  local r = assert(c:info())
  for _, k in ipairs{"state", "snd_mss", "rcv_mss", "advmss", "pmtu", "cwnd", "bytes_sent", "bytes_acked",
                     "bytes_received", "data_segs_out", "total_retrans", "retrans", "congestion",
                     "snd_wscale", "rcv_wscale", "tcp_info_len", "reordering"} do
    lu.assertEquals(r[k], t[k], k)
  end
  lu.assertEquals(r.mss, t.snd_mss)
  lu.assertEquals(r.options, t.options)
  lu.assertEquals(r.skmem.sndbuf, t.skmem.sndbuf)
  lu.assertEquals(r.skmem.rcvbuf, t.skmem.rcvbuf)
  lu.assertEquals(r.timer_retrans, 0)
  local u = assert(b:udp())
  assert(u:setsockname("10.0.0.2", 53))
  local urow = assert(b:sockets{proto = "udp"})[1]
  lu.assertNotNil(urow.skmem) -- every socket has its memory counters
  lu.assertNil(urow.rtt)
end

function TestTcpInfo:test_buffer_sizes_as_the_kernel_keeps_them()
  local c = assert(netlab.tcp())
  assert(c:setoption("sndbuf", 16384))
  lu.assertEquals(c:getoption("sndbuf"), 32768) -- doubled for the kernel's overhead
  lu.assertEquals(c:tcp_info().skmem.sndbuf, 32768)
  assert(c:setoption("rcvbuf", 8192))
  lu.assertEquals(c:getoption("rcvbuf"), 16384)
  lu.assertEquals(c:tcp_info().skmem.rcvbuf, 16384)
  lu.assertFalse(c:getoption("tcp-nodelay"))
  assert(c:setoption("tcp-nodelay", true))
  lu.assertTrue(c:getoption("tcp-nodelay"))
end

-- Bad input ------------------------------------------------------------

function TestTcpInfo:test_an_unknown_congestion_control_names_it_and_the_available_ones()
  local c = assert(netlab.tcp())
  local before = c:getoption("congestion")
  local available = table.concat(assert(netlab.tcp_congestion()).available, " ")
  for _, name in ipairs{"nosuch", "", "Reno", "reno cubic"} do
    local ok, msg, code = c:setoption("congestion", name)
    lu.assertNil(ok)
    lu.assertEquals(msg, ("congestion control '%s' is not available (this kernel has: %s)"):format(name, available))
    lu.assertEquals(code, errno.ENOENT)
  end
  lu.assertEquals(c:getoption("congestion"), before)
  local function set(v) return function() return c:setoption("congestion", v) end end
  helper.raises("bad argument #2 to 'setoption' (string expected, got number)", set(1))
  helper.raises("bad argument #2 to 'setoption' (string expected, got no value)", function()
    return c:setoption("congestion") end)
  helper.raises("bad argument #2 to 'setoption' (congestion control name too long)", set(("x"):rep(16)))
  helper.raises("string contains a NUL byte", set("reno\0x"))
  local u = assert(netlab.udp())
  local ok, msg = u:setoption("congestion", "reno")
  lu.assertNil(ok)
  lu.assertIsString(msg)
end

function TestTcpInfo:test_non_tcp_and_closed_sockets_raise()
  local u = assert(netlab.udp())
  helper.raises("calling 'tcp_info' on bad self (TCP socket expected, got udp socket)", function() return u:tcp_info() end)
  helper.raises("calling 'queued' on bad self (TCP socket expected, got udp socket)", function() return u:queued() end)
  local x = assert(netlab.unix())
  helper.raises("TCP socket expected, got unix socket", function() return x:tcp_info() end)
  local t = assert(netlab.tcp())
  t:close()
  helper.raises("attempt to use a closed socket", function() return t:tcp_info() end)
  helper.raises("attempt to use a closed socket", function() return t:queued() end)
  helper.raises("netlab.socket expected, got number", function() return u.tcp_info(5) end)
end

function TestTcpInfo:test_tcp_congestion_rejects_a_bad_host()
  helper.raises("bad argument #1 to 'tcp_congestion' (host expected, got number)", netlab.tcp_congestion, 5)
  helper.raises("bad argument #1 to 'tcp_congestion' (host expected, got table)", netlab.tcp_congestion, {})
  local lab, a = two_hosts()
  lab:close()
  helper.raises("attempt to use a closed host", netlab.tcp_congestion, a)
  lu.assertNotNil(netlab.tcp_congestion(netlab.here).default)
end

-- Docs -----------------------------------------------------------------

function TestTcpInfo:test_every_function_has_a_doc_line()
  local doc = require "netlab.doc"
  for _, name in ipairs{"socket:tcp_info", "socket:queued", "netlab.tcp_congestion"} do
    lu.assertIsString(doc[name], name)
    lu.assertStrContains(doc[name], " -- ")
  end
  lu.assertStrContains(doc["socket:setoption"], "congestion")
end
