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

-- ss -i and -m ----------------------------------------------------------

-- Host B with quiescent TCP connections from A in the states whose ss -i
-- lines differ: bbr, cubic and reno; one that lost segments on a seeded
-- lossy wire (retrans, bytes_retrans, dsack...); one that waited on a
-- zero window (busy, rwnd_limited); an IPv6 one; a TIME_WAIT, a
-- listener and a UDP socket. Returns what must stay open.
local function varied_connections(lab, a, b)
  local wire = assert(lab:link(a, b, "10.0.1.1/24", "10.0.1.2/24", {engine = "wire"}))
  assert(wire:impair{loss = "5%", seed = 3})
  assert(a:addr_add("eth0", "fd00::1/64"))
  assert(b:addr_add("eth0", "fd00::2/64"))
  local keep = {}
  local s = assert(b:tcp())
  s:settimeout(10)
  assert(s:bind("*", 80))
  assert(s:listen())
  local s6 = assert(b:tcp6())
  s6:settimeout(10)
  assert(s6:bind("::", 81))
  assert(s6:listen())
  keep[#keep + 1] = s
  keep[#keep + 1] = s6
  local function connect(ip, cc, family)
    local c = assert(family == "inet6" and a:tcp6() or a:tcp())
    c:settimeout(10)
    if cc then assert(c:setoption("congestion", cc)) end
    assert(c:connect(ip, family == "inet6" and 81 or 80))
    local x = assert((family == "inet6" and s6 or s):accept())
    x:settimeout(10)
    keep[#keep + 1] = {c, x}
    return c, x
  end
  local available = " " .. table.concat(assert(netlab.tcp_congestion()).available, " ") .. " "
  for _, cc in ipairs{"bbr", "cubic", "reno"} do
    if available:find(" " .. cc .. " ", 1, true) then
      local c, x = connect("10.0.0.2", cc)
      assert(c:send(("x"):rep(5000)))
      assert(x:receive(5000))
    end
  end
  local lossy, lx = connect("10.0.1.2", "cubic")
  local got = netlab.spawn(function() return #assert(lx:receive(300000)) end)
  assert(lossy:send(("x"):rep(300000)))
  lu.assertEquals(got:join(20), 300000)
  local slow, sx = connect("10.0.0.2")
  assert(sx:setoption("rcvbuf", 4096))
  slow:settimeout(0)
  local sent = 0
  for _ = 1, 20 do sent = sent + (select(3, slow:send(("z"):rep(200000))) or 200000) end
  netlab.sleep(0.3) -- a zero window for a while
  slow:settimeout(10)
  assert(sx:receive(sent))
  connect("fd00::2", nil, "inet6")
  local tw = connect("10.0.0.2")
  tw:close()
  local u = assert(b:udp())
  assert(u:setsockname("10.0.0.2", 53))
  keep[#keep + 1] = u
  eventually(function() -- every byte acknowledged: nothing moves but the clocks
    for _, r in ipairs(assert(a:sockets{proto = "tcp"})) do
      if r.send_q > 0 or (r.unacked or 0) > 0 then return false end
    end
    return true
  end, "quiescent")
  keep[#keep + 1] = wire
  return keep
end

-- How far ss's lastsnd/lastrcv/lastack (ms since) may be past netlab's,
-- read just before: the two reads are apart by at most this.
local LAST_TOLERANCE = 1000

-- TEXT with the values of lastsnd, lastrcv and lastack masked, and them.
local function mask_last(text)
  local values = {}
  local masked = text:gsub("(last%a+):(%d+)", function(k, v)
    values[#values + 1] = tonumber(v)
    return k .. ":" .. ("N"):rep(#v)
  end)
  return masked, values
end

-- Whether fmt.ss's text GOT is ss's WANT, the clocks within tolerance.
local function same_as_ss(got, want)
  local g, gv = mask_last(got)
  local w, wv = mask_last(want)
  if g ~= w or #gv ~= #wv then return false end
  for i = 1, #gv do
    if wv[i] < gv[i] or wv[i] - gv[i] > LAST_TOLERANCE then return false end
  end
  return true
end

-- Asserts that netlab.fmt.ss(host:sockets(), OPTS) is what `ss OPTS`
-- prints in host H (three tries: a clock may gain a digit between the
-- two reads, which widens ss's column).
local function assert_like_ss(h, opts)
  local got, want
  for _ = 1, 3 do
    got = netlab.fmt.ss(assert(h:sockets()), opts)
    want = h:sh("ss " .. opts)
    if same_as_ss(got, want) then return end
  end
  lu.assertEquals(got, want, "ss " .. opts)
end

function TestTcpInfo:test_ss_i_and_m_text_equals_the_real_ss()
  local lab <close>, a, b = two_hosts()
  local keep = varied_connections(lab, a, b)
  local text = netlab.fmt.ss(assert(a:sockets()), "-tin")
  for _, field in ipairs{" bytes_retrans:", " retrans:0/", " rwnd_limited:", " busy:", " cubic ", " reno ",
                         " rto:", " rtt:", " mss:1448 ", " delivery_rate ", " snd_wnd:"} do
    lu.assertStrContains(text, field)
  end
  lu.assertStrContains(netlab.fmt.ss(assert(b:sockets()), "-tin"), " rcv_ooopack:")
  lu.assertStrContains(netlab.fmt.ss(assert(b:sockets()), "-tm"), "\n\t skmem:(r")
  for _, h in ipairs{a, b} do
    for _, opts in ipairs{"-tin", "-tinm", "-tm", "-ti", "-tain", "-taipn", "-tuanmi", "-uam", "-tlnm", "-tinmp",
                          "-tan", "-ta", "-tlni"} do
      assert_like_ss(h, opts)
    end
  end
  lu.assertTrue(#keep > 0)
end

function TestTcpInfo:test_ss_text_of_made_up_rows()
  -- Fields ss prints only in rare states, from rows built by hand: the
  -- same text as tcp_stats_print gives for them.
  local row = {proto = "tcp", family = "inet", ["local"] = "10.0.0.1", local_port = 1, remote = "10.0.0.2",
               remote_port = 2, state = "ESTABLISHED", recv_q = 0, send_q = 0, tcp_info_len = 248,
               rto = 3000.0, rtt = 0.5, rttvar = 0.25, snd_mss = 1000, cwnd = 2, reordering = 3, backoff = 2,
               ssthresh = 7, max_pacing_rate = 1000, pacing_rate = 125, busy_time = 2.0,
               sndbuf_limited = 0.5, dctcp = {enabled = false}, vegas = {enabled = true, rtt = 1.0},
               lost = 1, sacked = 2, fackets = 3, notsent_bytes = 9}
  lu.assertEquals(require("netlab.fmt_ss_info").tcp(row, true),
    " backoff:2 rtt:0.5/0.25 mss:1000 cwnd:2 ssthresh:7 dctcp:fallback_mode send 16000000bps"
    .. " pacing_rate 1000bps/8000bps busy:2ms sndbuf_limited:0ms(25.0%) lost:1 sacked:2 fackets:3 notsent:9")
  lu.assertEquals(require("netlab.fmt_ss_info").tcp(row, false):match("send (%S+)"), "16Mbps")
  row.state, row.dctcp = "LISTEN", {enabled = true, ce_state = 1, alpha = 2, ab_ecn = 3, ab_tot = 4}
  lu.assertStrContains(require("netlab.fmt_ss_info").tcp(row, true), " dctcp:(ce_state:1,alpha:2,ab_ecn:3,ab_tot:4) ")
  lu.assertNotStrContains(require("netlab.fmt_ss_info").tcp(row, true), "sacked")
end

function TestTcpInfo:test_ss_rejects_bad_options()
  helper.raises("bad argument #2 to 'ss' (unknown option 'x' in \"-tx\" (ss's tualnpim))", netlab.fmt.ss, {}, "-tx")
  helper.raises("bad argument #2 to 'ss' (options like \"-tinm\" expected, got \"tin\")", netlab.fmt.ss, {}, "tin")
  helper.raises("bad argument #2 to 'ss' (options like \"-tinm\" expected, got \"-\")", netlab.fmt.ss, {}, "-")
  helper.raises("bad argument #2 to 'ss' (options string or table expected, got number)", netlab.fmt.ss, {}, 1)
  helper.raises("bad argument #1 to 'ss' (table of rows expected, got string)", netlab.fmt.ss, "-tin")
end

function TestTcpInfo:test_any_record_prints_without_error()
  -- Every length of record with random bytes: decoded and printed by
  -- ss -i's formatter without an error, fields only where they fit.
  local info = require "netlab.fmt_ss_info"
  math.randomseed(9)
  for len = 0, 300 do
    local bytes = {}
    for i = 1, len do bytes[i] = string.char(math.random(0, 255)) end
    local r = ctcp.decode(table.concat(bytes))
    r.proto, r.state = "tcp", r.state or "ESTABLISHED"
    lu.assertIsString(info.tcp(r, len % 2 == 0))
    lu.assertEquals(r.snd_wnd ~= nil, len >= 232)
  end
end

-- Rootless ---------------------------------------------------------------

-- The child, run as nobody: tcp_info in a lab host, and the congestion
-- controls a socket may choose in a lab host (all available: netlab is
-- root there) and in the machine's namespace (only the allowed ones).
local CHILD = [[
local lab <close> = netlab.lab()
local a, b = lab:host "a", lab:host "b"
if not a then print("refused") return end
assert(lab:link(a, b, "10.0.0.1/24", "10.0.0.2/24"))
local s = assert(b:tcp()); assert(s:bind("10.0.0.2", 80)); assert(s:listen())
local c = assert(a:tcp()); assert(c:connect("10.0.0.2", 80))
print("state " .. assert(c:tcp_info()).state)
print("ss " .. tostring(netlab.fmt.ss(assert(a:sockets()), "-tinm"):find("rto:") ~= nil))
local cc = assert(netlab.tcp_congestion())
local allowed = " " .. table.concat(cc.allowed, " ") .. " "
for _, name in ipairs(cc.available) do
  if not allowed:find(" " .. name .. " ", 1, true) then
    print("lab " .. name .. " " .. tostring(assert(a:tcp()):setoption("congestion", name)))
    local ok, msg = assert(netlab.tcp()):setoption("congestion", name)
    print("here " .. tostring(ok) .. " " .. msg)
  end
end
]]

function TestTcpInfo:test_rootless_tcp_info_and_congestion_controls()
  local path = helper.tmpfile(CHILD)
  helper.sh("chmod 644 " .. helper.shquote(path))
  local out, err = helper.run(helper.as_nobody(helper.bin .. " " .. path), 30)
  if out:match("^refused") then return end -- no user namespaces here: rootless_spec says why
  lu.assertStrContains(out, "state ESTABLISHED\n", err)
  lu.assertStrContains(out, "ss true\n")
  local cc = assert(netlab.tcp_congestion())
  local allowed = " " .. table.concat(cc.allowed, " ") .. " "
  for _, name in ipairs(cc.available) do
    if not allowed:find(" " .. name .. " ", 1, true) then
      lu.assertStrContains(out, "lab " .. name .. " 1\n")
      lu.assertStrContains(out, ("here nil congestion control '%s' is not allowed without CAP_NET_ADMIN here"
        .. " (allowed: %s)\n"):format(name, table.concat(cc.allowed, " ")))
    end
  end
end
