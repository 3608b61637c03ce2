-- spec/craft_spec.lua: crafted packets (netlab.packet builders, `/`
-- stacking, fields) and sending them from lab hosts (host:send, sendp,
-- sr1, sr). The kernel is the truth: a crafted SYN gets a SYN-ACK from a
-- listening port, an echo request gets its reply, an ARP request its
-- answer; checksums are verified by a Lua sum written here, apart from
-- the C one; tostring(p) must be what tcpdump -nn -r prints.
local lu = require "luaunit"
local helper = require "helper"

local P = netlab.packet

TestCraft = {}

-- Checksums, recomputed here ---------------------------------------------

-- The ones'-complement sum of string S (folded, not complemented).
local function sum16(s)
  local total = 0
  for i = 1, #s - 1, 2 do total = total + (s:byte(i) << 8 | s:byte(i + 1)) end
  if #s % 2 == 1 then total = total + (s:byte(#s) << 8) end
  while total > 0xffff do total = (total & 0xffff) + (total >> 16) end
  return total
end

-- True if the IPv4 packet at byte OFF (1-based) of B has a good header
-- checksum and a good transport checksum (TCP, UDP, ICMP).
local function ip4_sums_ok(b, off)
  local hl = (b:byte(off) & 0x0f) * 4
  local total = string.unpack(">I2", b, off + 2)
  if sum16(b:sub(off, off + hl - 1)) ~= 0xffff then return false, "IPv4 header" end
  local proto, l4 = b:byte(off + 9), b:sub(off + hl, off + total - 1)
  if proto ~= 1 and proto ~= 6 and proto ~= 17 then return true end -- no transport checksum
  local pseudo = proto == 1 and "" or b:sub(off + 12, off + 19) .. string.pack(">I1I1I2", 0, proto, #l4)
  return sum16(pseudo .. l4) == 0xffff, "transport"
end

-- True if the IPv6 packet at OFF of B has a good transport checksum.
local function ip6_sums_ok(b, off)
  local plen, nxt = string.unpack(">I2I1", b, off + 4)
  local l4 = b:sub(off + 40, off + 39 + plen)
  return sum16(b:sub(off + 8, off + 39) .. string.pack(">I4I3I1", #l4, 0, nxt) .. l4) == 0xffff
end

-- Builders ------------------------------------------------------------------

function TestCraft:test_a_syn_gets_lengths_protocols_and_checksums()
  local syn = P.ether{src = "02:00:00:00:00:01", dst = "02:00:00:00:00:02"}
    / P.ip{src = "10.0.0.1", dst = "10.0.0.2"} / P.tcp{dport = 80, flags = "S", options = {mss = 1460}}
  local b = syn:bytes()
  lu.assertEquals(#b, 14 + 20 + 24)
  lu.assertEquals(#syn, #b)
  lu.assertEquals(string.unpack(">I2", b, 13), 0x0800)        -- ethertype from the IP layer
  lu.assertEquals(string.unpack(">I2", b, 17), 44)            -- IP total length
  lu.assertEquals(b:byte(15 + 8), 64)                         -- TTL
  lu.assertEquals(b:byte(15 + 9), 6)                          -- protocol from the TCP layer
  lu.assertEquals(b:byte(35 + 12) >> 4, 6)                    -- TCP data offset: 24 bytes
  lu.assertEquals(b:byte(35 + 13), 0x02)                      -- SYN
  lu.assertEquals(b:sub(35 + 20, 35 + 23), "\2\4\5\180")      -- MSS 1460
  lu.assertTrue(ip4_sums_ok(b, 15))
  lu.assertEquals(syn.tcp.dport, 80)
  lu.assertIsNumber(syn.tcp.sport) -- picked at random, readable
  lu.assertEquals(syn:layers(), {"eth", "ip", "tcp"})
  lu.assertIs(syn.eth, syn.ether)
end

function TestCraft:test_udp_icmp_and_ipv6_checksums_verify()
  local u = (P.ip{src = "10.0.0.1", dst = "10.0.0.2"} / P.udp{sport = 1000, dport = 53} / "abcd"):bytes()
  lu.assertEquals(u:byte(10), 17)
  lu.assertEquals(string.unpack(">I2", u, 25), 12) -- UDP length
  lu.assertTrue(ip4_sums_ok(u, 1))
  local i = (P.ip{dst = "10.0.0.2"} / P.icmp{id = 7, seq = 3} / "ping"):bytes()
  lu.assertEquals(i:byte(10), 1)
  lu.assertEquals({i:byte(21), string.unpack(">I2I2", i, 25)}, {8, 7, 3, 29})
  lu.assertTrue(ip4_sums_ok(i, 1))
  for _, p in ipairs{P.ip6{src = "fe80::1", dst = "fe80::2"} / P.tcp{flags = "PA"} / "xyz",
    P.ip6{src = "fe80::1", dst = "fe80::2"} / P.udp{} / "q",
    P.ip6{src = "fe80::1", dst = "fe80::2"} / P.icmp6{id = 1, seq = 2},
    P.ip6{src = "fe80::1", dst = "ff02::1:ff00:2"} / P.icmp6{type = "neighbor-solicitation",
      target = "fe80::2", lladdr = "02:00:00:00:00:01"}} do
    local b = p:bytes()
    lu.assertEquals(b:byte(1) >> 4, 6)
    lu.assertEquals(string.unpack(">I2", b, 5), #b - 40)
    lu.assertTrue(ip6_sums_ok(b, 1), tostring(p))
  end
  local tunnel = (P.ip{src = "10.0.0.1", dst = "10.0.0.2"} / P.ip{src = "10.1.0.1", dst = "10.1.0.2"}
    / P.tcp{} / "inner"):bytes()
  lu.assertEquals(tunnel:byte(10), 4) -- IP in IP
  lu.assertTrue(ip4_sums_ok(tunnel, 21))
  lu.assertTrue(ip4_sums_ok(tunnel, 1))
  local ns = (P.ip6{dst = "ff02::1"} / P.icmp6{type = "neighbor-solicitation"}):bytes()
  lu.assertEquals(ns:byte(8), 255) -- neighbour discovery's hop limit
end

function TestCraft:test_arp_and_defaults_without_a_host()
  local b = (P.ether{} / P.arp{op = "request", tpa = "10.0.0.2"}):bytes()
  lu.assertEquals(#b, 42)
  lu.assertEquals(b:sub(1, 6), ("\255"):rep(6)) -- broadcast
  lu.assertEquals(string.unpack(">I2", b, 13), 0x0806)
  lu.assertEquals(string.unpack(">I2", b, 21), 1)
  lu.assertEquals(b:sub(39, 42), "\10\0\0\2")
  local r = (P.ether{} / P.arp{op = "reply"}):bytes()
  lu.assertEquals(string.unpack(">I2", r, 21), 2)
end

function TestCraft:test_stacking_copies_and_takes_strings_as_payload()
  local ip = P.ip{dst = "10.0.0.2"}
  local p = ip / P.udp{dport = 9} / "hello"
  lu.assertEquals(p:layers(), {"ip", "udp", "raw"})
  lu.assertEquals(p:bytes():sub(-5), "hello")
  lu.assertEquals(ip:layers(), {"ip"}) -- a / b copies: ip is unchanged
  p.ip.ttl = 9
  lu.assertNil(ip.ip.ttl)
  local q = p:copy()
  q.udp.dport = 10
  lu.assertEquals(p.udp.dport, 9)
  lu.assertEquals(P.raw("\1\2"):bytes(), "\1\2")
end

function TestCraft:test_assigning_fields_rebuilds_or_patches_and_checksums_follow()
  local syn = P.ip{src = "10.0.0.1", dst = "10.0.0.2"} / P.tcp{sport = 1000, dport = 80}
  local before = syn:bytes()
  syn.tcp.sport = 1234 -- patched in place
  local b = syn:bytes()
  lu.assertEquals(string.unpack(">I2", b, 21), 1234)
  lu.assertNotEquals(b, before)
  lu.assertTrue(ip4_sums_ok(b, 1))
  syn.ip.ttl = 7
  syn.tcp.flags = "S."
  b = syn:bytes()
  lu.assertEquals({b:byte(9), b:byte(34)}, {7, 0x12})
  lu.assertTrue(ip4_sums_ok(b, 1))
  syn.ip.dst = "10.9.9.9" -- not a fixed-size number: built again
  b = syn:bytes()
  lu.assertEquals(b:sub(17, 20), "\10\9\9\9")
  lu.assertTrue(ip4_sums_ok(b, 1))
  syn.tcp.chksum = 0xbeef -- a checksum given is kept as it is
  lu.assertEquals(string.unpack(">I2", syn:bytes(), 37), 0xbeef)
  local seen = {}
  for k in pairs(syn.tcp) do seen[k] = true end
  lu.assertTrue(seen.sport and seen.dport)
end

function TestCraft:test_bad_input_raises_clear_errors()
  helper.raises("bad argument #1 to 'tcp' (table expected, got number)", P.tcp, 5)
  helper.raises("bad argument #1 to 'tcp' (tcp has no field 'bogus')", P.tcp, {bogus = 1})
  helper.raises("sport: integer 0-65535 expected, got 70000", P.tcp, {sport = 70000})
  helper.raises("sport: integer 0-65535 expected, got string", P.tcp, {sport = "80"})
  helper.raises("dst: IPv4 address expected", P.ip, {dst = "10.0.0.999"})
  helper.raises("dst: IPv6 address expected", P.ip6, {dst = "10.0.0.1"})
  helper.raises("src: MAC address expected", P.ether, {src = "02:00:00"})
  helper.raises("TCP flags like", P.tcp, {flags = "SX"})
  helper.raises("flags: \"DF\"", P.ip, {flags = "XF"})
  helper.raises("bad argument #1 to 'raw' (string expected, got nil)", P.raw)
  local syn = P.tcp{}
  helper.raises("bad value for tcp.sport (integer 0-65535 expected, got -1)", function() syn.tcp.sport = -1 end)
  syn:bytes() -- with a wire, the patch path checks the same
  helper.raises("bad value for tcp.sport (integer 0-65535 expected, got 1.5)", function() syn.tcp.sport = 1.5 end)
  helper.raises("tcp has no field 'nope'", function() syn.tcp.nope = 1 end)
  helper.raises("bad operand to '/' (crafted packet or string expected on the right, got number)",
    function() return syn / 1 end)
  helper.raises("calling 'bytes' on bad self", syn.bytes, {})
end

-- tostring is tcpdump's line ----------------------------------------------------

-- The line tcpdump -nn -r prints for packet bytes B in a pcap of LINKTYPE.
local function tcpdump_line(b, linktype)
  local path = helper.tmpname(".pcap")
  local f = assert(io.open(path, "wb"))
  f:write(string.pack("<I4I2I2i4I4I4I4", 0xa1b2c3d4, 2, 4, 0, 0, 65535, linktype))
  f:write(string.pack("<I4I4I4I4", 0, 0, #b, #b), b)
  f:close()
  return (helper.sh("tcpdump -nn -r " .. path .. " 2>/dev/null"):gsub("\n$", ""))
end

function TestCraft:test_tostring_is_what_tcpdump_prints()
  local frames = {
    P.ether{} / P.ip{src = "10.0.0.1", dst = "10.0.0.2"} / P.tcp{sport = 40000, dport = 80, seq = 1,
      options = {mss = 1460, sack_ok = true, ts = {1, 0}, wscale = 7}},
    P.ether{} / P.ip{src = "10.0.0.1", dst = "10.0.0.2"} / P.icmp{id = 9, seq = 1} / "hi",
    P.ether{} / P.arp{tpa = "10.0.0.2", spa = "10.0.0.1"},
    P.ether{} / P.ip{src = "10.0.0.1", dst = "10.0.0.2"} / P.udp{sport = 5000, dport = 9} / "x",
    P.ether{} / P.ip6{src = "fe80::1", dst = "fe80::2"} / P.icmp6{id = 1, seq = 2},
    P.ether{src = "02:00:00:00:00:01"} / P.ip6{src = "fe80::1", dst = "ff02::1:ff00:2"}
      / P.icmp6{type = "neighbor-solicitation", target = "fe80::2"},
    P.ether{} / P.ip{src = "10.0.0.1", dst = "10.0.0.2", flags = "DF", ttl = 3} / P.tcp{sport = 40000,
      dport = 80, flags = "PA", seq = 5, ack = 9} / "GET / HTTP/1.1\r\nHost: b\r\n\r\n",
    P.ether{} / P.ip{src = "10.0.0.2", dst = "10.0.0.1"} / P.icmp{type = "unreachable", code = 3}
      / P.ip{src = "10.0.0.1", dst = "10.0.0.2"} / P.udp{sport = 5000, dport = 9} / "x",
  }
  for _, p in ipairs(frames) do lu.assertEquals(tostring(p), tcpdump_line(p:bytes(), 1)) end
  local raw = P.ip{src = "10.0.0.1", dst = "10.0.0.2"} / P.tcp{sport = 1, dport = 2, flags = "R"}
  lu.assertEquals(tostring(raw), tcpdump_line(raw:bytes(), 101)) -- LINKTYPE_RAW
  lu.assertEquals(raw:decode().tcp.flags, "R")
end

-- Sending from lab hosts --------------------------------------------------------

-- b's eth0 receive counter.
local function rx(h)
  for _, i in ipairs(assert(h:ifaces())) do
    if i.name == "eth0" then return i.rx_packets, i.mac end
  end
end

function TestCraft:test_a_crafted_syn_gets_the_kernels_syn_ack_and_a_closed_port_a_reset()
  local lab, a, b = helper.two_hosts()
  local srv <close> = assert(b:tcp())
  assert(srv:bind("10.0.0.2", 8080))
  assert(srv:listen())
  local syn = P.ip{dst = "10.0.0.2"} / P.tcp{dport = 8080, flags = "S", seq = 1000, options = {mss = 1400}}
  local r = assert(a:sr1(syn, {timeout = 2}))
  lu.assertEquals(r.tcp.flags, "S.")
  lu.assertEquals(r.tcp.ack, 1001)
  lu.assertEquals(r.tcp.dport, syn.tcp.sport)
  lu.assertEquals(r.ip.dst, "10.0.0.1") -- our source came from a's route
  lu.assertAlmostEquals(r.time, require("netlab.c.loop").walltime(), 2) -- when it came
  -- b's kernel answered, so it found our checksums good (a veth hands it
  -- our bytes as they are); its own TCP checksum is left to the NIC
  -- (offloaded), so only its IP header's is checked here
  lu.assertTrue(ip4_sums_ok(syn:bytes(), 1))
  lu.assertEquals(sum16(r:bytes():sub(15, 34)), 0xffff)
  syn.tcp.dport = 8081
  local rst = assert(a:sr1(syn, {timeout = 2}))
  lu.assertEquals(rst.tcp.flags, "R.")
  lab:close()
end

function TestCraft:test_echo_arp_and_udp_errors_are_matched()
  local lab, a, b = helper.two_hosts()
  local r = assert(a:sr1(P.ip{dst = "10.0.0.2"} / P.icmp{id = 77, seq = 5} / "data", {timeout = 2}))
  lu.assertEquals({r.icmp.type, r.icmp.id, r.icmp.seq}, {0, 77, 5})
  local _, mac = rx(b)
  local arp = assert(a:sr1(P.ether{} / P.arp{tpa = "10.0.0.2"}, {iface = "eth0", timeout = 2}))
  lu.assertEquals(arp.arp.op, "reply")
  lu.assertEquals(arp.arp.sha, mac)
  local un = assert(a:sr1(P.ip{dst = "10.0.0.2"} / P.udp{dport = 9} / "x", {timeout = 2}))
  lu.assertEquals({un.icmp.type, un.icmp.code}, {3, 3})
  lu.assertEquals(un.icmp.quoted.udp.dport, 9)
  lab:close()
end

function TestCraft:test_a_frame_finds_the_next_hops_mac_by_arp()
  local lab, a, b = helper.two_hosts()
  assert(a:neigh_flush())
  local _, mac = rx(b)
  local p = P.ether{} / P.ip{dst = "10.0.0.2"} / P.icmp{seq = 4}
  local r = assert(a:sr1(p, {timeout = 2})) -- a's own ARP exchange first
  lu.assertEquals(r.icmp.seq, 4)
  lu.assertEquals(p:decode().eth.dst, mac)
  lu.assertEquals(r.eth.dst, select(2, rx(a)))
  lab:close()
end

function TestCraft:test_sr_splits_answered_from_unanswered()
  local lab, a, b = helper.two_hosts()
  local quiet <close> = assert(b:udp())
  assert(quiet:setsockname("10.0.0.2", 7000)) -- bound: no port unreachable
  local pkts = {P.ip{dst = "10.0.0.2"} / P.icmp{seq = 1}, P.ip{dst = "10.0.0.2"} / P.udp{dport = 7000} / "x",
    P.ip{dst = "10.0.0.2"} / P.icmp{seq = 2}}
  local ans, unans = a:sr(pkts, {timeout = 0.5})
  lu.assertEquals(#ans, 2)
  lu.assertIs(ans[1][1], pkts[1])
  lu.assertEquals(ans[2][2].icmp.seq, 2)
  lu.assertEquals(unans, {pkts[2]})
  local none, err = a:sr1(pkts[2], {timeout = 0.2})
  lu.assertNil(none)
  lu.assertEquals(err, "timeout")
  lab:close()
end

function TestCraft:test_send_and_sendp_reach_the_other_host_every_packet()
  local lab, a, b = helper.two_hosts()
  assert(a:ping("10.0.0.2", {count = 1}))
  local before = rx(b)
  lu.assertEquals(a:send(P.ip{dst = "10.0.0.2"} / P.icmp{}), 28)
  local syn = P.ether{} / P.ip{dst = "10.0.0.2"} / P.tcp{dport = 9, flags = "S"}
  for i = 1, 1000 do
    syn.tcp.sport = 10000 + i
    lu.assertEquals(a:sendp(syn, "eth0"), 54)
  end
  lu.assertTrue(rx(b) - before >= 1001)
  lu.assertEquals(a:sendp(syn:bytes(), "eth0"), 54) -- bytes go as they are
  lab:close()
end

function TestCraft:test_sending_bad_input_and_closed_hosts()
  local lab, a = helper.two_hosts()
  local fds = helper.fd_count()
  helper.raises("bad argument #1 to 'send' (crafted packet or string expected, got number)", a.send, a, 5)
  helper.raises("bad argument #1 to 'send' (IP packet expected, got eth", a.send, a, P.ether{} / P.ip{})
  helper.raises("bad argument #2 to 'sendp' (interface name expected, got nil)", a.sendp, a, P.ether{})
  helper.raises("timeout: number >= 0 expected", a.sr1, a, P.ip{dst = "10.0.0.2"}, {timeout = "x"})
  helper.raises("bad argument #1 to 'sr' (list of crafted packets expected, got number)", a.sr, a, 1)
  helper.raises("calling 'send' on bad self", a.send, {}, P.ip{})
  local n, err, code = a:sendp(P.ether{}, "nope0")
  lu.assertNil(n)
  lu.assertStrContains(err, "no interface nope0")
  lu.assertEquals(code, netlab.errno.ENODEV)
  n, err = a:send(P.ip{dst = "192.0.2.1"} / P.icmp{})
  lu.assertNil(n)
  lu.assertStrContains(err, "no route")
  assert(a:send(P.ip{dst = "10.0.0.2"} / P.icmp{}))
  lu.assertTrue(helper.fd_count() > fds) -- the raw socket, kept for the next send
  lab:close()
  lu.assertTrue(helper.fd_count() < fds) -- gone with the lab (and the hosts' own fds)
  helper.raises("attempt to use a closed host", a.send, a, P.ip{dst = "10.0.0.2"} / P.icmp{})
  helper.raises("attempt to use a closed host", a.sendp, a, P.ether{}, "eth0")
  helper.raises("attempt to use a closed host", a.sr1, a, P.ip{dst = "10.0.0.2"})
end

function TestCraft:test_a_batch_sends_each_frame_as_it_was_when_added()
  local lab, a, b = helper.two_hosts()
  assert(a:ping("10.0.0.2", {count = 1}))
  local cap <close> = assert(b:capture{filter = "tcp dst port 9"})
  local before = rx(b)
  local q <close> = assert(a:batch("eth0", 8))
  lu.assertEquals(tostring(q), "frame batch (0 of 8 queued)")
  local syn = P.ether{} / P.ip{dst = "10.0.0.2"} / P.tcp{dport = 9, flags = "S"}
  for i = 1, 20 do
    syn.tcp.sport = 20000 + i
    lu.assertEquals(q:add(syn), 54)
  end
  lu.assertEquals(#q, 4) -- 16 went in two sendmmsg calls, 4 wait
  lu.assertEquals(q:add(syn:bytes()), 54) -- bytes are queued as they are
  lu.assertEquals(q:flush(), 5)
  lu.assertEquals(#q, 0)
  lu.assertEquals(q:flush(), 0)
  lu.assertTrue(rx(b) - before >= 21)
  local ports = {}
  for p in cap:packets{count = 21, timeout = 2} do
    ports[#ports + 1] = p.tcp.sport
    lu.assertTrue(ip4_sums_ok(p:bytes(), 15), "checksums of the frame from " .. p.tcp.sport)
  end
  local want = {}
  for i = 1, 20 do want[i] = 20000 + i end
  want[21] = 20020
  lu.assertEquals(ports, want)
  lu.assertEquals(q:close(), 0)
  lu.assertEquals(q:close(), 0) -- twice is harmless
  lu.assertEquals(tostring(q), "frame batch (closed)")
  lab:close()
end

function TestCraft:test_a_batch_with_bad_input_or_closed()
  local lab, a, b = helper.two_hosts()
  local fds = helper.fd_count()
  helper.raises("bad argument #1 to 'batch' (interface name expected, got nil)", a.batch, a)
  helper.raises("bad argument #2 to 'batch' (integer expected, got string)", a.batch, a, "eth0", "8")
  helper.raises("bad argument #2 to 'batch' (batch size out of range (1 to 1024))", a.batch, a, "eth0", 0)
  helper.raises("bad argument #2 to 'batch' (batch size out of range (1 to 1024))", a.batch, a, "eth0", 1025)
  local none, err, code = a:batch("nope0")
  lu.assertNil(none)
  lu.assertStrContains(err, "no interface nope0")
  lu.assertEquals(code, netlab.errno.ENODEV)
  local q = assert(a:batch("eth0", 2))
  helper.raises("bad argument #1 to 'add' (crafted packet or string expected, got number)", q.add, q, 5)
  helper.raises("frame too long for a batch", q.add, q, ("x"):rep(70000))
  -- the kernel refuses a 5-byte frame: that one is dropped and said,
  -- the one after it goes
  lu.assertEquals(q:add("short"), 5)
  local before = rx(b)
  local n, why, errno = q:add(P.ether{} / P.ip{dst = "10.0.0.2"} / P.icmp{})
  lu.assertEquals({n, why, errno}, {nil, "invalid argument", netlab.errno.EINVAL})
  lu.assertEquals(#q, 0)
  lu.assertTrue(rx(b) - before >= 1)
  lu.assertEquals(q:add("short"), 5)
  n, why, errno = q:flush()
  lu.assertNil(n)
  lu.assertEquals(why, "invalid argument")
  lu.assertEquals(errno, netlab.errno.EINVAL)
  lu.assertEquals(#q, 0)
  q:close()
  helper.raises("attempt to use a closed batch", q.add, q, "x")
  helper.raises("attempt to use a closed batch", q.flush, q)
  helper.raises("attempt to use a closed batch", function() return #q end)
  local open = assert(a:batch("eth0"))
  assert(open:add(P.ether{} / P.ip{dst = "10.0.0.2"} / P.icmp{}))
  lab:close()
  lu.assertEquals({open:add("x")}, {nil, "closed"}) -- the lab took its socket
  lu.assertEquals({open:flush()}, {nil, "closed"})
  lu.assertTrue(helper.fd_count() < fds)
  helper.raises("attempt to use a closed host", a.batch, a, "eth0")
end

function TestCraft:test_ipv6_echo_neighbour_solicitation_and_reset()
  local lab, a, b = helper.two_hosts()
  assert(a:addr_add("eth0", "fd00::1/64"))
  assert(b:addr_add("eth0", "fd00::2/64"))
  local r, err
  for _ = 1, 20 do -- until the address is usable (duplicate detection)
    r, err = a:sr1(P.ip6{dst = "fd00::2"} / P.icmp6{id = 4, seq = 1}, {timeout = 0.2})
    if r then break end
  end
  lu.assertNotNil(r, err)
  lu.assertEquals({r.icmp6.type, r.icmp6.id, r.icmp6.seq}, {129, 4, 1})
  local _, mac = rx(b)
  local ns = P.ether{} / P.ip6{dst = "ff02::1:ff00:2"} / P.icmp6{type = "neighbor-solicitation", target = "fd00::2"}
  local na = assert(a:sr1(ns, {iface = "eth0", timeout = 2}))
  lu.assertEquals(ns:decode().eth.dst, "33:33:ff:00:00:02") -- the group's MAC
  lu.assertEquals(na.icmp6.type, 136)
  lu.assertEquals(na.icmp6.target, "fd00::2")
  lu.assertEquals(na.eth.src, mac)
  local rst = assert(a:sr1(P.ether{} / P.ip6{dst = "fd00::2"} / P.tcp{dport = 5}, {timeout = 2}))
  lu.assertEquals(rst.tcp.flags, "R.")
  lu.assertEquals(rst.ip6.dst, "fd00::1")
  lab:close()
end

function TestCraft:test_waiting_for_replies_lets_other_tasks_run()
  local lab, a = helper.two_hosts()
  local slow = netlab.spawn(function() -- nothing answers: waits its whole timeout
    return a:sr1(P.ip{dst = "10.0.0.9"} / P.icmp{}, {timeout = 0.5})
  end)
  local fast = netlab.spawn(function() return a:sr1(P.ip{dst = "10.0.0.2"} / P.icmp{seq = 3}, {timeout = 2}) end)
  local r = fast:join()
  lu.assertEquals(r.icmp.seq, 3)
  lu.assertEquals(select(2, slow:join()), "timeout")
  lab:close()
end

function TestCraft:test_an_ordinary_user_crafts_in_its_own_user_namespace()
  local allowed = netlab.sh(helper.as_nobody("unshare -U -n true >/dev/null 2>&1 && echo yes || echo no")):match("yes")
  if not allowed then lu.skip("user namespaces are refused here") end
  local path = helper.tmpfile([[
local P = netlab.packet
local lab <close> = netlab.lab()
local a, b = lab:host "a", lab:host "b"
assert(lab:link(a, b, "10.0.0.1/24", "10.0.0.2/24"))
print("echo " .. tostring(a:sr1(P.ip{dst = "10.0.0.2"} / P.icmp{seq = 1}, {timeout = 2}).icmp.type))
print("arp " .. a:sr1(P.ether{} / P.arp{tpa = "10.0.0.2"}, {iface = "eth0", timeout = 2}).arp.op)
print("sendp " .. a:sendp(P.ether{} / P.ip{dst = "10.0.0.2"} / P.tcp{}, "eth0"))
]])
  helper.sh("chmod 644 " .. helper.shquote(path))
  local out, err = helper.run(helper.as_nobody(helper.bin .. " " .. path), 30)
  lu.assertEquals(out, "echo 0\narp reply\nsendp 54\n", err)
end

-- Docs ------------------------------------------------------------------------

function TestCraft:test_every_crafting_function_is_documented()
  local doc = require "netlab.doc"
  for k, v in pairs(require "netlab.packet") do
    if type(v) == "function" and not k:match("^_") then
      lu.assertNotNil(doc["netlab.packet." .. k], "netlab.packet." .. k .. " has no doc line")
    end
  end
  for k in pairs(getmetatable(P.raw("")).__index) do
    lu.assertNotNil(doc["crafted:" .. k], "crafted:" .. k .. " has no doc line")
  end
  for _, k in ipairs{"send", "sendp", "sr1", "sr", "batch"} do
    lu.assertNotNil(doc["host:" .. k], "host:" .. k .. " has no doc line")
  end
  for k in pairs(require("netlab.c.craft").batch_meta.__index) do
    lu.assertNotNil(doc["batch:" .. k], "batch:" .. k .. " has no doc line")
  end
end
