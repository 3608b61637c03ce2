-- spec/protocols_spec.lua: the protocol printers beyond IP's own
-- (tunnels first: VXLAN, GENEVE, GRE, IP in IP, 6in4 and 4in6, with the
-- packets they carry) print what the installed tcpdump prints, line for
-- line, under -nn, -nn -v, -nn -e and -nn -X, and every truncation of
-- each packet too. Packets are built here byte by byte.
local lu = require "luaunit"
local helper = require "helper"

TestProtocols = {}

local oracle = require "oracle"
local check = oracle.check

-- Packet builders ------------------------------------------------------

local ip4, ip6 = helper.ip4_bytes, helper.ip6_bytes
local MAC_A, MAC_B = "\x02\x00\x00\x00\x00\x01", "\x02\x00\x00\x00\x00\x02"

local function eth(type, payload, dst, src)
  return (dst or MAC_B) .. (src or MAC_A) .. string.pack(">I2", type) .. payload
end

-- The one's complement checksum of S.
local function cksum(s)
  if #s % 2 == 1 then s = s .. "\0" end
  local sum = 0
  for i = 1, #s, 2 do sum = sum + string.unpack(">I2", s, i) end
  while sum > 0xffff do sum = (sum & 0xffff) + (sum >> 16) end
  return ~sum & 0xffff
end

-- An IPv4 header (checksum right) and PAYLOAD; O: {proto, src, dst, len, ttl}.
local function ipv4(o, payload)
  local h = string.pack(">BBI2I2I2BBI2", 0x45, 0, o.len or (20 + #payload), o.id or 7, 0x4000, o.ttl or 64,
    o.proto or 17, 0)
    .. ip4(o.src or "10.0.0.1") .. ip4(o.dst or "10.0.0.2")
  return h:sub(1, 10) .. string.pack(">I2", cksum(h)) .. h:sub(13) .. payload
end

-- An IPv6 header and PAYLOAD; O: {nh, src, dst}.
local function ipv6(o, payload)
  return string.pack(">I4I2BB", 0x60000000, #payload, o.nh or 17, 64)
    .. ip6(o.src or "fd00::1") .. ip6(o.dst or "fd00::2") .. payload
end

-- A UDP header (no checksum) and DATA.
local function udp(sport, dport, data)
  return string.pack(">I2I2I2I2", sport, dport, 8 + #data, 0) .. data
end

-- An ICMP echo request (checksum right), and an ICMPv6 one.
local function ping(id)
  local m = string.pack(">BBI2I2I2", 8, 0, 0, id or 1, 1) .. "abcdefgh"
  return m:sub(1, 2) .. string.pack(">I2", cksum(m)) .. m:sub(5)
end

-- What the tunnels carry: IPv4 (ICMP, UDP), IPv6 and ARP.
local inner4 = ipv4({proto = 1, src = "192.168.1.1", dst = "192.168.1.2"}, ping(9))
local inner4u = ipv4({src = "192.168.1.1", dst = "192.168.1.2"}, udp(1000, 2000, "hello"))
local inner6 = ipv6({src = "fd01::1", dst = "fd01::2"}, udp(3000, 4000, "six"))
local arp = string.pack(">I2I2BBI2", 1, 0x0800, 6, 4, 1) .. MAC_A .. ip4("192.168.1.1") .. ("\0"):rep(6)
  .. ip4("192.168.1.2")

-- VXLAN ----------------------------------------------------------------

local function vxlan(flags, vni, frame)
  return string.pack(">BI3I3B", flags, 0, vni, 0) .. frame
end

local function vxlan_frames()
  local f = {}
  local function add(payload, sport, dport)
    f[#f + 1] = eth(0x0800, ipv4({}, udp(sport or 50000, dport or 4789, payload)))
  end
  add(vxlan(8, 100, eth(0x0800, inner4)))
  add(vxlan(8, 16777215, eth(0x86dd, inner6, MAC_A, MAC_B)), 4789, 50000)
  add(vxlan(8, 7, eth(0x0806, arp, ("\255"):rep(6))))
  add(vxlan(0, 1, eth(0x0800, inner4u)))
  add(vxlan(0x0c, 2, eth(0x8100, "\0\5\8\0" .. inner4)))
  add(vxlan(8, 3, eth(0x88b5, "unknown payload")))
  add(vxlan(8, 4, "short"))
  add("\8\0\0")
  f[#f + 1] = eth(0x86dd, ipv6({}, udp(50000, 4789, vxlan(8, 5, eth(0x0800, inner4)))))
  return f
end

function TestProtocols:test_vxlan_and_the_frames_it_carries()
  local lines = check(vxlan_frames())
  lu.assertEquals(lines[1], "22:13:21.000001 IP 10.0.0.1.50000 > 10.0.0.2.4789: VXLAN, flags [I] (0x08), vni 100")
  lu.assertEquals(lines[2], "IP 192.168.1.1 > 192.168.1.2: ICMP echo request, id 9, seq 1, length 16")
end

-- A TCP conversation inside each tunnel: relative sequence numbers,
-- as tcpdump's one table of conversations gives them whatever carries
-- the segments (and absolute ones where the inner frame is invalid).
local function tcp_seg(seq, ack, flags, data, sport, dport)
  return string.pack(">I2I2I4I4BBI2I2I2", sport or 40000, dport or 80, seq, ack, 0x50, flags, 512, 0, 0)
    .. (data or "")
end

local function tunnel_tcp_frames()
  local f = {}
  local function conv(wrap)
    local a = {src = "192.168.1.1", dst = "192.168.1.2", proto = 6}
    local b = {src = "192.168.1.2", dst = "192.168.1.1", proto = 6}
    f[#f + 1] = wrap(ipv4(a, tcp_seg(1000, 0, 0x02)))
    f[#f + 1] = wrap(ipv4(b, tcp_seg(7000, 1001, 0x12, nil, 80, 40000)))
    f[#f + 1] = wrap(ipv4(a, tcp_seg(1001, 7001, 0x10)))
    f[#f + 1] = wrap(ipv4(a, tcp_seg(1001, 7001, 0x18, "hello")))
    f[#f + 1] = wrap(ipv4(b, tcp_seg(7001, 1006, 0x10, nil, 80, 40000)))
  end
  local function outer(port, payload)
    return eth(0x0800, ipv4({}, udp(50000, port, payload)))
  end
  conv(function(p) return outer(4789, vxlan(8, 1, eth(0x0800, p))) end)
  conv(function(p) return outer(8472, vxlan(8, 2, eth(0x0800, p))) end)
  conv(function(p) return outer(6081, string.pack(">BBI2I3B", 1, 0, 0x6558, 3, 0) .. "\1\2\3\4" .. eth(0x0800, p)) end)
  conv(function(p) return outer(6081, string.pack(">BBI2I3B", 0, 0, 0x0800, 4, 0) .. p) end)
  conv(function(p)
    return eth(0x86dd, ipv6({}, udp(50000, 6081, string.pack(">BBI2I3B", 0, 0, 0x86dd, 5, 0)
      .. ipv6({src = "fd01::1", dst = "fd01::2", nh = 6}, string.pack(">I2I2I4I4BBI2I2I2", 40000, 80, 1000, 5, 0x50, 0x10, 512, 0, 0)))))
  end)
  -- UDP's length short of the datagram: the inner frame is invalid
  local p = ipv4({src = "192.168.1.1", dst = "192.168.1.2", proto = 6}, tcp_seg(1001, 7001, 0x10))
  local u = udp(50000, 4789, vxlan(8, 1, eth(0x0800, p)))
  f[#f + 1] = eth(0x0800, ipv4({}, u:sub(1, 4) .. string.pack(">I2", #u - 4) .. u:sub(7)))
  -- a DNS port first in tcpdump's table: no tunnel
  f[#f + 1] = eth(0x0800, ipv4({}, udp(53, 4789, vxlan(8, 1, eth(0x0800, p)))))
  return f
end

function TestProtocols:test_tcp_inside_tunnels_prints_relative_sequence_numbers()
  local lines = check(tunnel_tcp_frames(), nil, {"-nn", "-nn -v"})
  lu.assertStrContains(lines[8], "Flags [P.], seq 1:6, ack 1, win 512, length 5")
  lu.assertStrContains(lines[10], "Flags [.], ack 6, win 512, length 0")
end

-- OTV (UDP 8472): VXLAN's header with an overlay and an instance.
local function otv_frames()
  local f = {}
  local function add(payload, sport, dport)
    f[#f + 1] = eth(0x0800, ipv4({}, udp(sport or 45149, dport or 8472, payload)))
  end
  add(string.pack(">BI3I3B", 8, 0, 100, 0) .. eth(0x0800, inner4))
  add(string.pack(">BI3I3B", 0, 0xabcdef, 0xffffff, 9) .. eth(0x0806, arp, ("\255"):rep(6)), 8472, 40000)
  add(string.pack(">BI3I3B", 0xff, 1, 2, 0) .. "short")
  add("\8\0\0")
  add("")
  return f
end

function TestProtocols:test_otv_on_port_8472_and_the_frames_it_carries()
  local lines = check(otv_frames())
  lu.assertEquals(lines[1], "22:13:21.000001 IP 10.0.0.1.45149 > 10.0.0.2.8472: OTV, flags [I] (0x08), overlay 0, instance 100")
  lu.assertStrContains(lines[3], "OTV, flags [.] (0x00), overlay 11259375, instance 16777215")
end

-- GENEVE -----------------------------------------------------------------

-- A GENEVE header (version 0) with OPTS (whole words), PROT and VNI.
local function geneve(o, payload)
  local opts = o.opts or ""
  return string.pack(">BBI2I3B", (o.ver or 0) << 6 | (o.optlen or #opts // 4), o.flags or 0, o.prot or 0x6558,
    o.vni or 10, o.rsvd or 0) .. opts .. payload
end

local function geneve_opt(class, type, data)
  return string.pack(">I2BB", class, type, #data // 4) .. data
end

local function geneve_frames()
  local f = {}
  local function add(payload) f[#f + 1] = eth(0x0800, ipv4({}, udp(50000, 6081, payload))) end
  add(geneve({}, eth(0x0800, inner4)))
  add(geneve({prot = 0x0800, flags = 0x80}, inner4u))
  add(geneve({prot = 0x86dd, flags = 0xc0, vni = 0xabcdef}, inner6))
  add(geneve({opts = geneve_opt(0x0102, 0x80, "\1\2\3\4") .. geneve_opt(0x0101, 1, "")
    .. geneve_opt(0x0050, 2, "12345678") .. geneve_opt(0xfff1, 3, "") .. geneve_opt(0x1234, 4, "")},
    eth(0x0806, arp)))
  add(geneve({opts = string.pack(">I2BB", 0x0104, 1, 5) .. "abcd"}, eth(0x0800, inner4)))
  add(geneve({prot = 0x1234, rsvd = 3, flags = 0x3f}, "xyz"))
  add(geneve({ver = 1}, "abc"))
  add(geneve({optlen = 20}, "abc"))
  add(geneve({prot = 0x0806}, arp))
  add("\0\0\101\88")
  return f
end

function TestProtocols:test_geneve_its_options_and_the_packets_it_carries()
  local lines = check(geneve_frames())
  lu.assertEquals(lines[1], "22:13:21.000001 IP 10.0.0.1.50000 > 10.0.0.2.6081: Geneve, Flags [none], vni 0xa: "
    .. "IP 192.168.1.1 > 192.168.1.2: ICMP echo request, id 9, seq 1, length 16")
end

-- GRE ------------------------------------------------------------------

-- A GRE header of FLAGS (version in the low bits), PROT and FIELDS
-- (the optional words' bytes) and PAYLOAD.
local function gre(flags, prot, fields, payload)
  return string.pack(">I2I2", flags, prot) .. (fields or "") .. payload
end

local function gre_frames()
  local f = {}
  local function add(m) f[#f + 1] = eth(0x0800, ipv4({proto = 47}, m)) end
  local u32 = function(x) return string.pack(">I4", x) end
  add(gre(0, 0x0800, nil, inner4))
  add(gre(0x2000, 0x0800, u32(0x1234abcd), inner4u))
  add(gre(0x1000, 0x86dd, u32(77), inner6))
  add(gre(0x3000, 0x6558, u32(1) .. u32(2), eth(0x0800, inner4)))
  add(gre(0x8000, 0x0800, "\18\52\0\0", inner4))
  add(gre(0x4000, 0x0800, "\0\0\0\4" .. "\8\0\4\8" .. ip4("1.1.1.1") .. ip4("2.2.2.2") .. "\0\0\0\0", inner4))
  add(gre(0x4000, 0x0800, "\0\0\0\0" .. "\255\254\2\4\0\1\0\2" .. "\0\7\0\2\0\9" .. "\0\0\0\0", inner4))
  add(gre(0x4000, 0x0800, "\0\0\0\0" .. "\8\0\1\8" .. ("\0"):rep(8) .. "\8\0\0\6" .. ("\0"):rep(6)
    .. "\8\0\8\8" .. ("\0"):rep(8) .. "\0\0\0\0", inner4))
  add(gre(0x0880, 0x0800, nil, inner4))
  add(gre(0, 0x1234, nil, "stuff"))
  add(gre(0x2001, 0x880b, u32(0x00050009), ""))
  add(gre(0x3081, 0x1234, u32(0x00050009) .. u32(3) .. u32(4), "ppp?"))
  add(gre(0x0003, 0x0800, nil, inner4))
  add(gre(0x2000, 0x0800, "\1\2", ""))
  f[#f + 1] = eth(0x86dd, ipv6({nh = 47}, gre(0x2000, 0x0800, u32(5), inner4)))
  return f
end

function TestProtocols:test_gre_its_keys_sequence_numbers_routes_and_inner_packets()
  local lines = check(gre_frames())
  lu.assertEquals(lines[2], "22:13:22.000002 IP 10.0.0.1 > 10.0.0.2: GREv0, key=0x1234abcd, length 41: "
    .. "IP 192.168.1.1.1000 > 192.168.1.2.2000: UDP, length 5")
end

-- IP in IP, 6in4, 4in6 -------------------------------------------------

local function ipip_frames()
  return {
    eth(0x0800, ipv4({proto = 4}, inner4)),
    eth(0x0800, ipv4({proto = 4}, inner4u)),
    eth(0x0800, ipv4({proto = 41}, inner6)),
    eth(0x86dd, ipv6({nh = 4}, inner4)),
    eth(0x86dd, ipv6({nh = 41}, inner6)),
    eth(0x0800, ipv4({proto = 4}, ipv4({proto = 4, src = "172.16.0.1", dst = "172.16.0.2"}, inner4))),
    eth(0x0800, ipv4({proto = 4}, inner6)),
    eth(0x0800, ipv4({proto = 41}, inner4)),
  }
end

function TestProtocols:test_ip_in_ip_6in4_and_4in6_print_both_headers()
  local lines = check(ipip_frames())
  lu.assertEquals(lines[1], "22:13:21.000001 IP 10.0.0.1 > 10.0.0.2: IP 192.168.1.1 > 192.168.1.2: "
    .. "ICMP echo request, id 9, seq 1, length 16")
end

-- BOOTP and DHCP -------------------------------------------------------

-- A BOOTP message; O: {op, htype, hlen, hops, xid, secs, flags, ci, yi,
-- si, gi, chaddr, sname, file}, VEND the vendor area (options).
local function bootp(o, vend)
  local function pad(s, n) return (s or ""):sub(1, n) .. ("\0"):rep(n - #(s or "")) end
  return string.pack(">BBBBI4I2I2", o.op or 1, o.htype or 1, o.hlen or 6, o.hops or 0, o.xid or 0x3903f326,
    o.secs or 0, o.flags or 0) .. ip4(o.ci or "0.0.0.0") .. ip4(o.yi or "0.0.0.0") .. ip4(o.si or "0.0.0.0")
    .. ip4(o.gi or "0.0.0.0") .. pad(o.chaddr or MAC_A, 16) .. pad(o.sname, 64) .. pad(o.file, 128) .. (vend or "")
end

-- The RFC 1048 magic cookie and options ({tag, data} or a tag alone).
local function dhcp_opts(list)
  local out = {"\99\130\83\99"}
  for _, o in ipairs(list) do
    out[#out + 1] = type(o) == "number" and string.char(o) or string.char(o[1], #o[2]) .. o[2]
  end
  return table.concat(out)
end

local function bootp_frames()
  local f = {}
  local function add(m, sport, dport, src, dst)
    f[#f + 1] = eth(0x0800, ipv4({src = src or "0.0.0.0", dst = dst or "255.255.255.255"},
      udp(sport or 68, dport or 67, m)), ("\255"):rep(6))
  end
  local a = ip4
  add(bootp({}, dhcp_opts{{53, "\1"}, {61, "\1" .. MAC_A}, {55, "\1\3\6\15\51\54\121\119\252\42\200"},
    {12, "host1"}, {57, "\2\64"}, {60, "udhcp 1.36"}, {81, "\1\0\0host1.lab"}, {77, "\4abcd\2xy"}, 0, 0, 255}))
  add(bootp({op = 2, yi = "10.0.0.50", si = "10.0.0.1", flags = 0x8000, secs = 3},
    dhcp_opts{{53, "\2"}, {54, a("10.0.0.1")}, {51, "\0\0\14\16"}, {1, a("255.255.255.0")}, {3, a("10.0.0.1")},
      {6, a("10.0.0.1") .. a("9.9.9.9")}, {15, "lab"}, {121, "\24\10\1\2\10\0\0\1\0\10\0\0\1\32\1\2\3\4\5\6\7\8"},
      {82, "\1\3eth\2\2ab\9\2\1\2"}, {46, "\8"}, {52, "\3"}, {2, "\255\255\241\240"}, {19, "\2"},
      {200, "abc"}, {222, "\0\0\0\9"}, {223, "\0\9"}, {33, a("1.0.0.0") .. a("2.0.0.1")}, 255}), 67, 68, "10.0.0.1")
  add(bootp({htype = 6, hops = 2, secs = 5, flags = 0x8001, ci = "10.0.0.9", gi = "10.0.0.254", sname = "srv",
    file = "pxelinux.0"}, "\18\52\86\120"), 67, 67, "10.0.0.9", "10.0.0.1")
  add(bootp({op = 2, hlen = 16}, "CMU\0\0\0\0\2" .. a("255.0.0.0") .. a("10.0.0.1") .. ("\0"):rep(12)
    .. a("10.0.0.3") .. ("\0"):rep(8)))
  add(bootp({sname = ("s"):rep(64)}, dhcp_opts{{53, "\3"}}))
  add(bootp({op = 3, file = "a\1\200b"}, "\0\0\0\0"))
  add(bootp({}, dhcp_opts{{53, "\1\2"}, {53, "\99"}, {121, "\33"}, {121, "\24\10\1\2"}, {61, "\0id"}, {61, ""},
    {77, "\0"}, {77, "\5ab"}, {82, "\1\9x"}, {81, "\255\1"}, {81, "\245\1\2x"}, {46, ""}, {3, "\1\2\3\4\5"}}))
  add(bootp({}, dhcp_opts{{52, "\7"}, {46, "\3"}, {61, "\200\1"}, {200, ""}}))
  add(("\1\1\6\0"):rep(3))
  return f
end

function TestProtocols:test_bootp_and_dhcp_and_their_options()
  local lines = check(bootp_frames())
  lu.assertEquals(lines[1], "22:13:21.000001 IP 0.0.0.0.68 > 255.255.255.255.67: BOOTP/DHCP, Request from "
    .. "02:00:00:00:00:01, length 315")
end

-- NTP ------------------------------------------------------------------

-- An NTP time message; O: {li, vn, mode, stratum, poll, prec, delay,
-- disp, refid, ref, org, rec, xmt} (time stamps as {seconds, fraction}).
local function ntp(o, extra)
  local function ts(t) return string.pack(">I4I4", t and t[1] or 0, t and t[2] or 0) end
  return string.pack(">BBbbI4I4", (o.li or 0) << 6 | (o.vn or 4) << 3 | (o.mode or 3), o.stratum or 0,
    o.poll or 6, o.prec or -20, o.delay or 0, o.disp or 0) .. (o.refid or "\0\0\0\0") .. ts(o.ref) .. ts(o.org)
    .. ts(o.rec) .. ts(o.xmt) .. (extra or "")
end

-- An NTP control message: CTL, sequence, status, association, offset, DATA.
local function ntp_control(ctl, status, data, count)
  return string.pack(">BBI2I2I2I2I2", 0x16, ctl, 7, status, 3, 0, count or #data) .. data
end

local function ntp_frames()
  local now = {3913056000, 0x80000000}
  local later = {3913056001, 0x00001000}
  local msgs = {
    ntp({xmt = now}),
    ntp({mode = 4, stratum = 2, refid = ip4("10.0.0.1"), delay = 0x00011000, disp = 0x00000123, ref = {3913055000, 5},
      org = now, rec = later, xmt = {3913056000, 0x7fffffff}}),
    ntp({mode = 4, stratum = 1, refid = "GPS\0", li = 3, poll = -3, org = later, rec = now, xmt = {1, 1}}),
    ntp({vn = 3, mode = 1, stratum = 16, poll = 40, org = now, rec = now, xmt = {3913056000, 0x7fff0000}}),
    ntp({mode = 5, li = 1, stratum = 62, refid = ip4("1.2.3.4")}), ntp({mode = 2, li = 2, stratum = 63}),
    ntp({mode = 0, stratum = 3, refid = "\1\2\3\4"}, "\0\0\0\42"),
    ntp({xmt = now}, "\0\0\0\42" .. ("\171"):rep(16)), ntp({xmt = now}, "\0\0\0\42" .. ("\205"):rep(20)),
    ntp({xmt = now}, ("x"):rep(12)), ntp({}):sub(1, 20), ntp({mode = 7}),
    ntp_control(0x02, 0, ""), ntp_control(0xe1, 0x0615, "abcd"), ntp_control(0x42, 1, "ab", 9),
    ntp_control(0x02, 0, ""):sub(1, 8),
  }
  local f = {}
  for i, m in ipairs(msgs) do
    f[#f + 1] = eth(0x0800, ipv4({}, udp(i % 2 == 0 and 123 or 40000 + i, 123, m)))
  end
  f[#f + 1] = eth(0x86dd, ipv6({}, udp(123, 123, msgs[2])))
  return f
end

function TestProtocols:test_ntp_time_and_control_messages()
  local lines = check(ntp_frames())
  lu.assertEquals(lines[1], "22:13:21.000001 IP 10.0.0.1.40001 > 10.0.0.2.123: NTPv4, Client, length 48")
end

-- TFTP and syslog ------------------------------------------------------

local function tftp_frames()
  local msgs = {
    "\0\1boot.img\0octet\0", "\0\2up.txt\0netascii\0blksize\0001428\0tsize\0000\0", "\0\1x\0octet\0\0",
    "\0\3\0\1" .. ("d"):rep(20), "\0\4\0\9", "\0\5\0\1File not found\0", "\0\5\0\9odd\0", "\0\5\0\2",
    "\0\6blksize\0001428\0", "\0\7", "\0\1", "\0\1noend", "\0\1name\0", "\0\3\0", "\0\5\0\0x", "\1",
    "\0\1a\1\200\0mode\0",
  }
  local f = {}
  for i, m in ipairs(msgs) do
    f[#f + 1] = eth(0x0800, ipv4({}, udp(i % 2 == 0 and 69 or 40000 + i, 69, m)))
  end
  return f
end

function TestProtocols:test_tftp_requests_data_acks_and_errors()
  local lines = check(tftp_frames())
  lu.assertEquals(lines[1], '22:13:21.000001 IP 10.0.0.1.40001 > 10.0.0.2.69: TFTP, length 17, RRQ "boot.img" octet')
end

local function syslog_frames()
  local msgs = {"<34>Oct 11 22:14:15 mymachine su: 'su root' failed", "<13>hello", "<191>x", "<0>", "<1234>long pri",
    "<>empty", "no pri", "<12", "<9999>", "<165>1 2003-10-11T22:14:15.003Z host app - ID47 - \1\200 ctl"}
  local f = {}
  for i, m in ipairs(msgs) do f[#f + 1] = eth(0x0800, ipv4({}, udp(40000 + i, 514, m))) end
  return f
end

function TestProtocols:test_syslog_priorities_and_messages()
  local lines = check(syslog_frames())
  lu.assertEquals(lines[1], "22:13:21.000001 IP 10.0.0.1.40001 > 10.0.0.2.514: SYSLOG auth.critical, length: 50")
end

-- VRRP -----------------------------------------------------------------

-- A VRRP message: VERSION, VRID, PRIO, AUTH (v2) or interval high bits,
-- interval, ADDRS (bytes) and the rest; checksum right unless BAD.
local function vrrp(o)
  local addrs = o.addrs or ip4("10.0.0.254")
  local n = o.n or #addrs // (o.v6 and 16 or 4)
  local m = string.pack(">BBBBBBI2", (o.version or 2) << 4 | (o.type or 1), o.vrid or 7, o.prio or 100, n,
    o.auth or 0, o.intvl or 1, 0) .. addrs .. (o.rest or "")
  if o.bad or (o.version or 2) ~= 2 then return m end
  return m:sub(1, 6) .. string.pack(">I2", cksum(m)) .. m:sub(9)
end

local function vrrp_frames()
  local function v4(m, ttl)
    return eth(0x0800, ipv4({proto = 112, dst = "224.0.0.18", ttl = ttl}, m), "\1\0\94\0\0\18")
  end
  return {
    v4(vrrp{}, 255), v4(vrrp{auth = 1, rest = "secret\0\0", addrs = ip4("10.0.0.254") .. ip4("10.0.0.253")}, 255),
    v4(vrrp{auth = 1, rest = "12345678"}, 255), v4(vrrp{auth = 2, rest = ("\0"):rep(8)}, 255),
    v4(vrrp{bad = true, prio = 255}), v4(vrrp{version = 3, intvl = 100, auth = 0x0f}, 255),
    v4(vrrp{version = 1}, 255), v4(vrrp{type = 2}, 255), v4(vrrp{auth = 9}, 255), v4(vrrp{n = 0, addrs = ""}, 255),
    v4(vrrp{n = 5}, 255),
    eth(0x86dd, ipv6({nh = 112, dst = "ff02::12"}, vrrp{version = 3, v6 = true, addrs = ip6("fe80::1")})),
  }
end

function TestProtocols:test_vrrp_advertisements_v2_and_v3()
  local lines = check(vrrp_frames())
  lu.assertEquals(lines[1], "22:13:21.000001 IP 10.0.0.1 > 224.0.0.18: VRRPv2, Advertisement, vrid 7, prio 100, "
    .. "authtype none, intvl 1s, length 12")
end

-- RIP ------------------------------------------------------------------

local function rip_frames()
  local function hdr(cmd, vers) return string.char(cmd, vers, 0, 0) end
  local function v2(af, tag, dst, mask, nh, metric)
    return string.pack(">I2I2", af, tag) .. ip4(dst) .. ip4(mask) .. ip4(nh) .. string.pack(">I4", metric)
  end
  local function v1(af, dst, metric, mbz)
    return string.pack(">I2I2", af, 0) .. ip4(dst) .. (mbz or ("\0"):rep(8)) .. string.pack(">I4", metric)
  end
  local msgs = {
    hdr(1, 2) .. v2(0, 0, "0.0.0.0", "0.0.0.0", "0.0.0.0", 16),
    hdr(2, 2) .. v2(2, 0, "10.1.0.0", "255.255.0.0", "0.0.0.0", 1) .. v2(2, 7, "192.168.100.0", "255.255.255.0",
      "10.0.0.9", 2) .. v2(2, 0, "10.2.0.0", "255.0.255.0", "0.0.0.0", 3) .. v2(2, 0, "1.2.3.4", "255.255.255.255",
      "0.0.0.0", 15),
    hdr(2, 2) .. string.pack(">I2I2", 0xffff, 2) .. "secret\0\0\0\0\0\0\0\0\0\0" .. v2(2, 0, "10.3.0.0", "255.255.0.0",
      "0.0.0.0", 1),
    hdr(2, 2) .. string.pack(">I2I2I2BBI4I4I4", 0xffff, 3, 44, 1, 16, 99, 0, 0) .. v2(2, 0, "10.3.0.0",
      "255.255.0.0", "0.0.0.0", 1) .. string.pack(">I2I2", 0xffff, 1) .. ("\171"):rep(16),
    hdr(2, 2) .. string.pack(">I2I2", 0xffff, 9) .. "abcdefgh",
    hdr(2, 2) .. v2(28, 0, "1.1.1.1", "0.0.0.0", "0.0.0.0", 1) .. v2(99, 0, "1.1.1.1", "0.0.0.0", "0.0.0.0", 1),
    hdr(2, 1) .. v1(2, "10.1.0.0", 1) .. v1(0, "10.9.0.0", 16) .. v1(7, "1.2.3.4", 1) .. v1(2, "1.2.3.4", 1, "\0\0\0\1\0\0\0\0"),
    hdr(1, 1) .. v1(0, "0.0.0.0", 16) .. "xyz",
    hdr(2, 2) .. v2(2, 0, "10.1.0.0", "255.255.0.0", "0.0.0.0", 1) .. "\0\2\0",
    hdr(2, 3) .. "abcd", hdr(3, 2) .. "trace", hdr(4, 1), hdr(5, 1), hdr(6, 2), hdr(9, 2) .. "junk",
    hdr(2, 0) .. "version zero", "\2\2", hdr(2, 2) .. string.pack(">I2I2", 0xffff, 2) .. "0123456789abcdef",
  }
  local f = {}
  for i, m in ipairs(msgs) do
    f[#f + 1] = eth(0x0800, ipv4({dst = "224.0.0.9"}, udp(520, i % 2 == 0 and 520 or 40000 + i, m)))
  end
  return f
end

function TestProtocols:test_rip_v1_and_v2_routes_and_authentication()
  local lines = check(rip_frames())
  lu.assertEquals(lines[1], "22:13:21.000001 IP 10.0.0.1.520 > 224.0.0.9.40001: RIPv2, Request, length: 24")
end

-- IPsec headers and HSRP ------------------------------------------------

local function ipsec_frames()
  local u32 = function(x) return string.pack(">I4", x) end
  local function ah(nh, spi, seq, icv, rsvd)
    return string.pack(">BBI2", nh, (12 + #icv) // 4 - 2, rsvd or 0) .. u32(spi) .. u32(seq) .. icv
  end
  local esp = u32(0x12345678) .. u32(1) .. ("\171"):rep(40)
  return {
    eth(0x0800, ipv4({proto = 50}, esp)),
    eth(0x86dd, ipv6({nh = 50}, u32(0x100) .. u32(0xffffffff) .. "x")),
    eth(0x0800, ipv4({proto = 50}, u32(7) .. u32(8))),
    eth(0x0800, ipv4({proto = 51}, ah(17, 0x100, 19, ("\33"):rep(12)) .. udp(1000, 2000, "protected"))),
    eth(0x86dd, ipv6({nh = 51}, ah(58, 0x200, 3, ("\1"):rep(12), 5) .. ping(3))),
    eth(0x0800, ipv4({proto = 51}, ah(51, 1, 1, ("\2"):rep(4)) .. ah(50, 2, 2, ("\3"):rep(4)) .. esp)),
    eth(0x0800, ipv4({proto = 51}, ah(6, 1, 1, ""))),
  }
end

function TestProtocols:test_esp_and_ah_header_lines()
  local lines = check(ipsec_frames())
  lu.assertEquals(lines[1], "22:13:21.000001 IP 10.0.0.1 > 10.0.0.2: ESP(spi=0x12345678,seq=0x1), length 48")
  lu.assertStrContains(lines[4], "AH(spi=0x00000100,seq=0x13,icv=0x212121212121212121212121): 1000 > 2000: UDP, length 9")
end

local function hsrp_frames()
  local function hsrp(ver, op, state, prio, group, rsvd, auth, addr)
    return string.pack(">BBBBBBBB", ver, op, state, 3, 10, prio, group, rsvd) .. auth .. ("\0"):rep(8 - #auth)
      .. ip4(addr)
  end
  local f = {}
  local function add(m, sport) f[#f + 1] = eth(0x0800, ipv4({dst = "224.0.0.2", ttl = 1}, udp(sport or 1985, 1985, m))) end
  add(hsrp(0, 0, 16, 100, 1, 0, "cisco", "192.168.0.1"))
  add(hsrp(0, 1, 8, 255, 2, 0, "\1\200xyzabc", "10.0.0.254"))
  add(hsrp(0, 2, 4, 0, 3, 7, "12345678", "10.0.0.253"))
  add(hsrp(0, 9, 3, 1, 4, 0, "", "10.0.0.252"), 40000)
  add(hsrp(1, 0, 16, 100, 1, 0, "cisco", "192.168.0.1"))
  add(string.pack(">BBBBBBBB", 0, 0, 16, 200, 250, 1, 1, 0) .. "cisco")
  return f
end

function TestProtocols:test_hsrp_hellos_coups_and_resigns()
  local lines = check(hsrp_frames())
  lu.assertEquals(lines[1], "22:13:21.000001 IP 10.0.0.1.1985 > 224.0.0.2.1985: HSRPv0-hello 20: state=active "
    .. "group=1 addr=192.168.0.1")
end

-- MPTCP ----------------------------------------------------------------

-- A TCP header with FLAGS and the option bytes OPTS (padded with NOPs to
-- a multiple of 4), then DATA; no checksum.
local function tcp(flags, opts, data)
  opts = opts .. ("\1"):rep(-#opts % 4)
  return string.pack(">I2I2I4I4BBI2I2I2", 40000, 80, 1000, 2000, (20 + #opts) // 4 << 4, flags, 512, 0, 0)
    .. opts .. (data or "")
end

local function mptcp_frames()
  local k1, k2 = "\1\2\3\4\5\6\7\8", "\255\254\253\252\251\250\249\248"
  local function mp(sub, rest) return string.pack(">BBB", 30, 3 + #rest, sub) .. rest end
  local S, SA, A = 0x02, 0x12, 0x10
  local list = {
    {S, mp(0x00, "\129")}, {S, mp(0x01, "\1" .. k1)}, {A, mp(0x01, "\0" .. k1 .. k2)},
    {A, mp(0x01, "\0" .. k1 .. k2 .. "\0\100")}, {S, mp(0x02, "\0")}, {A, mp(0x00, "\0")},
    {S, mp(0x11, "\5\0\0\0\1\0\0\0\2")}, {SA, mp(0x10, "\6" .. k2 .. "\0\0\0\3")},
    {A, mp(0x10, "\0" .. ("\171"):rep(20))}, {A, mp(0x10, "\0")},
    {A, mp(0x20, "\1\0\0\0\9")}, {A, mp(0x20, "\3" .. k1)}, {A, mp(0x20, "\0")},
    {A, mp(0x20, "\4\0\0\0\1\0\0\0\2\0\100")}, {A, mp(0x20, "\21\0\0\0\7\0\0\0\1\0\0\0\2\0\100\18\52")},
    {A, mp(0x20, "\12" .. k2 .. "\0\0\0\2\0\100")}, {S, mp(0x20, "\1\0\0\0\9")}, {A, mp(0x20, "\5\0\0\0\1")},
    {A, mp(0x20, "\1\0\0\0\9\0")},
    {A, mp(0x30, "\1" .. ip4("10.0.0.9"))}, {A, mp(0x31, "\2" .. ip4("10.0.0.9") .. "\31\144")},
    {A, mp(0x30, "\3" .. ip4("10.0.0.9") .. k1)}, {A, mp(0x30, "\4" .. ip4("10.0.0.9") .. "\0\80" .. k2)},
    {A, mp(0x36, "\5" .. ip6("fd00::9"))}, {A, mp(0x34, "\6" .. ip6("fd00::9") .. "\0\22")},
    {A, mp(0x30, "\7" .. ip6("fd00::9") .. k1)}, {A, mp(0x30, "\8" .. ip6("fd00::9") .. "\1\0" .. k2)},
    {A, mp(0x3f, "\9" .. ip4("10.0.0.9"))}, {A, mp(0x30, "\9\1\2")},
    {A, mp(0x40, "\1\2\3")}, {A, mp(0x40, "")}, {A, mp(0x51, "")}, {A, mp(0x50, "\7")}, {A, mp(0x50, "\7\8")},
    {A, mp(0x60, "\0" .. k1)}, {A, mp(0x60, "\0")}, {A, mp(0x70, "\0" .. k2)}, {A, mp(0x70, k2)},
    {A, mp(0x80, "xyz")}, {A, mp(0xf0, "")}, {A, "\30\2\0\0"}, {A, "\30\3\0\0"},
    {A, mp(0x20, "\1\0\0\0\9") .. "\1\1\8\10\0\0\0\1\0\0\0\2"}, {A, "\30\12" .. ("\0"):rep(4)},
  }
  local f = {}
  for i, t in ipairs(list) do
    local seg = tcp(t[1], t[2], i % 3 == 0 and "data" or "")
    f[#f + 1] = i % 4 == 0 and eth(0x86dd, ipv6({nh = 6}, seg)) or eth(0x0800, ipv4({proto = 6}, seg))
  end
  return f
end

function TestProtocols:test_mptcp_options_every_subtype()
  local lines = check(mptcp_frames())
  lu.assertEquals(lines[1], "22:13:21.000001 IP 10.0.0.1.40000 > 10.0.0.2.80: Flags [S], seq 1000, win 512, "
    .. "options [mptcp 4 capable v0 csum], length 0")
  lu.assertStrContains(lines[18], "options [mptcp 8 dss ack 1 seq [bad opt]")
end
