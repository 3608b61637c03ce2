-- spec/tun_spec.lua: TUN and TAP interfaces for scripts (host:tun,
-- host:tap, scripts/netlab/lab_tun.lua, bindings/l_tun.c): what a host
-- routes into a TUN the script reads as whole IP packets (bytes or
-- netlab.packet), what it writes the host receives; a TAP moves Ethernet
-- frames; reads wait through the scheduler and end with "closed" when
-- the device closes; bad names, options and data raise or return clear
-- errors, and a closed or failed one leaves no interface behind.
local lu = require "luaunit"
local helper = require "helper"
local errno = require "netlab.errno"

TestTun = {}

local P = netlab.packet

-- A lab with host a and a TUN tun0 10.8.0.1/24 in it.
local function with_tun(opts)
  local lab = netlab.lab()
  local a = assert(lab:host "a")
  local t = assert(a:tun("tun0", opts or {addr = "10.8.0.1/24"}))
  return lab, a, t
end

-- The row of interface NAME in host H's ifaces(), or nil.
local function iface(h, name)
  for _, row in ipairs(assert(h:ifaces())) do
    if row.name == name then return row end
  end
  return nil
end

function TestTun:test_read_gives_the_ip_packet_the_host_routed_into_the_tun()
  local lab <close>, a, t = with_tun()
  local row = iface(a, "tun0")
  lu.assertEquals({row.kind, row.up, row.addrs[1].cidr}, {"tun", true, "10.8.0.1/24"})
  lu.assertTrue(a:_link_ready("tun0")) -- operstate UNKNOWN, carrier on: host:tun waited for nothing
  local u <close> = assert(a:udp())
  assert(u:sendto("hello", "10.8.0.2", 9999))
  local bytes = assert(t:read(2))
  lu.assertEquals(bytes:byte(1) >> 4, 4) -- an IPv4 header first, no packet information
  local p = P.decode(bytes, "raw")
  lu.assertEquals({p.ip.src, p.ip.dst, p.udp.dport, p.payload}, {"10.8.0.1", "10.8.0.2", 9999, "hello"})
  lu.assertEquals(#bytes, 20 + 8 + 5)
end

function TestTun:test_next_gives_a_packet_that_prints_as_tcpdump_prints_it()
  local lab <close>, a, t = with_tun()
  local u <close> = assert(a:udp())
  assert(u:setsockname("10.8.0.1", 4000))
  assert(u:sendto("hi", "10.8.0.2", 53))
  local p = assert(t:next(2))
  lu.assertStrMatches(tostring(p), "%d+:%d+:%d+%.%d+ IP 10%.8%.0%.1%.4000 > 10%.8%.0%.2%.53: .*")
end

function TestTun:test_write_hands_the_host_a_packet_as_if_it_came_in()
  local lab <close>, a, t = with_tun()
  local s <close> = assert(a:udp())
  assert(s:setsockname("10.8.0.1", 7777))
  s:settimeout(2)
  -- a crafted packet
  local n = assert(t:write(P.ip{src = "10.8.0.2", dst = "10.8.0.1"} / P.udp{sport = 5, dport = 7777} / "pong"))
  lu.assertEquals(n, 20 + 8 + 4)
  lu.assertEquals({s:receivefrom()}, {"pong", "10.8.0.2", 5})
  -- raw bytes, and a netlab.packet, the same way
  local bytes = (P.ip{src = "10.8.0.3", dst = "10.8.0.1"} / P.udp{sport = 6, dport = 7777} / "raw"):bytes()
  assert(t:write(bytes))
  lu.assertEquals({s:receivefrom()}, {"raw", "10.8.0.3", 6})
  assert(t:write(P.decode(bytes, "raw")))
  lu.assertEquals({s:receivefrom()}, {"raw", "10.8.0.3", 6})
end

function TestTun:test_the_host_answers_a_ping_written_into_the_tun()
  local lab <close>, _, t = with_tun()
  assert(t:write(P.ip{src = "10.8.0.2", dst = "10.8.0.1"} / P.icmp{type = 8, id = 7, seq = 1} / "abc"))
  local reply = assert(t:next(2))
  lu.assertEquals({reply.ip.src, reply.ip.dst, reply.icmp.type, reply.icmp.id}, {"10.8.0.1", "10.8.0.2", 0, 7})
end

function TestTun:test_a_read_waits_through_the_scheduler_while_other_tasks_run()
  local lab <close>, a, t = with_tun()
  local got
  local reader = netlab.spawn(function() got = t:read(3) end)
  local ticks = 0
  netlab.spawn(function()
    for _ = 1, 5 do ticks = ticks + 1; netlab.sleep(0.01) end
    local u <close> = assert(a:udp())
    assert(u:sendto("late", "10.8.0.2", 9))
  end)
  reader:join(5)
  lu.assertEquals(reader:status(), "done")
  lu.assertEquals(ticks, 5)
  lu.assertEquals(P.decode(got, "raw").payload, "late")
end

function TestTun:test_read_times_out_and_closing_ends_a_waiting_read_with_closed()
  local lab <close>, _, t = with_tun()
  lu.assertEquals({t:read(0.05)}, {nil, "timeout"})
  lu.assertEquals({t:next(0)}, {nil, "timeout"})
  local result
  local reader = netlab.spawn(function() result = {t:read(5)} end)
  netlab.spawn(function() netlab.sleep(0.05); t:close() end)
  local t0 = netlab.now()
  reader:join(5)
  lu.assertEquals(result, {nil, "closed"})
  lu.assertTrue(netlab.now() - t0 < 1)
  lu.assertEquals({require("netlab.sched")._pending()}, {0, 0})
end

function TestTun:test_closing_takes_the_interface_away_and_closed_methods_raise()
  local lab <close>, a, t = with_tun()
  lu.assertStrMatches(tostring(t), "tun tun0 %(fd %d+%)")
  lu.assertTrue(t:close())
  lu.assertTrue(t:close()) -- twice is harmless
  lu.assertEquals(tostring(t), "tun tun0 (closed)")
  lu.assertNil(iface(a, "tun0"))
  lu.assertEquals(tostring(a), "host a (lo only)")
  helper.raises("attempt to use a closed tun", t.read, t)
  helper.raises("attempt to use a closed tun", t.next, t)
  helper.raises("attempt to use a closed tun", t.write, t, "x")
  lu.assertEquals(t:getfd(), -1)
  -- <close> and the lab's close do the same
  do local t2 <close> = assert(a:tap("tap0")) end
  lu.assertNil(iface(a, "tap0"))
  local t3 = assert(a:tun("tun1"))
  lab:close()
  lu.assertEquals(tostring(t3), "tun tun1 (closed)")
end

function TestTun:test_tap_moves_ethernet_frames()
  local lab <close> = netlab.lab()
  local a = assert(lab:host "a")
  local t <close> = assert(a:tap("tap0", {addr = "10.9.0.1/24", mtu = 1400}))
  local row = iface(a, "tap0")
  lu.assertEquals({row.kind, row.mtu}, {"tun", 1400}) -- the kernel calls a TAP a tun too
  lu.assertEquals(t:kind(), "tap")
  local u <close> = assert(a:udp())
  assert(u:sendto("x", "10.9.0.2", 9))
  local p = assert(t:next(2)) -- the host asks who has 10.9.0.2 first
  lu.assertEquals({p.arp.op, p.arp.tpa, p.eth.dst}, {"request", "10.9.0.2", "ff:ff:ff:ff:ff:ff"})
  -- answer it, as a host on the TAP's wire would
  local reply = P.ether{src = "02:00:00:00:00:02", dst = row.mac} /
    P.arp{op = 2, sha = "02:00:00:00:00:02", spa = "10.9.0.2", tha = row.mac, tpa = "10.9.0.1"}
  assert(t:write(reply))
  local q = assert(t:next(2)) -- now the datagram itself, to that MAC
  lu.assertEquals({q.eth.dst, q.ip.dst, q.payload}, {"02:00:00:00:00:02", "10.9.0.2", "x"})
end

function TestTun:test_writes_the_kernel_would_drop_are_refused()
  local lab <close>, a, t = with_tun()
  lu.assertEquals({t:write("xxxx: a version 7 header is not an IP packet")},
    {nil, "not an IP packet (a TUN carries IP packets; a TAP Ethernet frames)", errno.EINVAL})
  lu.assertEquals({t:write("")}, {nil, "not an IP packet (a TUN carries IP packets; a TAP Ethernet frames)", errno.EINVAL})
  local tap <close> = assert(a:tap("tap0"))
  lu.assertEquals({tap:write("short")}, {nil, "not an Ethernet frame (shorter than its 14-byte header)", errno.EINVAL})
  helper.raises("bad argument #1 to 'write' (bytes, a netlab.packet or a crafted packet expected, got number)",
    t.write, t, 42)
  helper.raises("bad argument #1 to 'read' (timeout in seconds expected, got string)", t.read, t, "1")
  helper.raises("bad argument #1 to 'next' (timeout in seconds expected, got NaN)", t.next, t, 0 / 0)
  helper.raises("calling 'read' on bad self", t.read, {})
end

function TestTun:test_bad_names_and_options_raise_and_leave_nothing()
  local lab <close> = netlab.lab()
  local a = assert(lab:host "a")
  assert(lab:host "b")
  local cases = {
    {"bad argument #1 to 'tun' (interface name expected, got nil)", nil},
    {"bad argument #1 to 'tun' (invalid interface name \"\": 1-15 letters, digits, '-' or '_')", ""},
    {"bad argument #1 to 'tun' (invalid interface name \"a-very-long-name0\"", "a-very-long-name0"},
    {"bad argument #1 to 'tun' (invalid interface name \"tun%d\"", "tun%d"},
    {"bad argument #1 to 'tun' (invalid interface name \"t/0\"", "t/0"},
    {"bad argument #1 to 'tun' (invalid interface name \"t.0\"", "t.0"},
    {"bad argument #1 to 'tun' (invalid interface name \"t\\0\"", "t\0"},
    {"bad argument #2 to 'tun' (options table expected, got string)", "tun0", "10.8.0.1/24"},
    {"bad argument #2 to 'tun' (unknown option 'address' (addr or mtu expected))", "tun0", {address = "x"}},
    {"bad argument #2 to 'tun' (addr: invalid CIDR \"10.8.0.1\"", "tun0", {addr = "10.8.0.1"}},
    {"bad argument #2 to 'tun' (mtu: integer 68-65535 expected, got 10)", "tun0", {mtu = 10}},
    {"bad argument #2 to 'tun' (mtu: integer 68-65535 expected, got string)", "tun0", {mtu = "1400"}},
  }
  for _, c in ipairs(cases) do helper.raises(c[1], a.tun, a, c[2], c[3]) end
  helper.raises("bad argument #2 to 'tap' (unknown option 'x'", a.tap, a, "tap0", {x = 1})
  helper.raises("bad argument #1 to 'tun' (netlab.host expected, got table)", a.tun, {}, "tun0")
  lu.assertEquals(#assert(a:ifaces()), 1)
end

function TestTun:test_a_name_in_use_or_a_refused_address_leaves_nothing()
  local lab <close>, a = helper.two_hosts()
  lu.assertEquals({a:tun("eth0")}, {nil, "host a already has an interface named eth0", errno.EEXIST})
  local t <close> = assert(a:tun("tun0"))
  lu.assertEquals({a:tap("tun0")}, {nil, "host a already has an interface named tun0", errno.EEXIST})
  local t2, err = a:tun("tun1", {addr = {"10.7.0.1/24", "10.7.0.1/24"}})
  lu.assertNil(t2)
  lu.assertStrContains(err, "cannot add 10.7.0.1/24 to a:tun1")
  lu.assertNil(iface(a, "tun1"))
end

function TestTun:test_ipv6_stays_off_unless_an_ipv6_address_is_given()
  local lab <close>, _, t = with_tun()
  lu.assertEquals({t:read(0.3)}, {nil, "timeout"}) -- no router solicitation, no listener report
  local a = t:host()
  local t6 <close> = assert(a:tun("tun6", {addr = {"10.6.0.1/24", "fd06::1/64"}}))
  lu.assertStrContains(a:sh("ip -6 addr show dev tun6"), "fd06::1/64")
end

function TestTun:test_a_closed_host_is_refused()
  local lab, a = with_tun()
  lab:close()
  helper.raises("attempt to use a closed host", a.tun, a, "tun0")
  helper.raises("attempt to use a closed host", a.tap, a, "tap0")
end
