-- spec/packet_spec.lua: decoding packets (netlab.c.packet, the
-- netlab.packet userdata). Handmade byte strings for each protocol are
-- decoded and every field checked; every truncation of them decodes
-- without over-reading and says which layer it cut; contradictory
-- headers are "invalid"; bad arguments raise; unknown names are nil.
local lu = require "luaunit"
local helper = require "helper"
local cpacket = require "netlab.c.packet"
local decode = cpacket.packet.decode

TestPacket = {}

-- Byte builders ---------------------------------------------------------

-- "aa:bb:cc:dd:ee:ff" -> 6 bytes.
local function mac(s)
  return (s:gsub("(%x%x):?", function(h) return string.char(tonumber(h, 16)) end))
end

local ip4, ip6 = helper.ip4_bytes, helper.ip6_bytes

local A_MAC, B_MAC = "02:00:00:00:00:0a", "02:00:00:00:00:0b"

-- An Ethernet II header from A_MAC to B_MAC.
local function ether(etype, src, dst)
  return mac(dst or B_MAC) .. mac(src or A_MAC) .. string.pack(">I2", etype)
end

-- An IPv4 header (20 bytes) carrying BODYLEN bytes of protocol PROTO.
local function ipv4(o)
  local hl = 20 + #(o.options or "")
  return string.pack(">BBI2I2I2BBI2", 0x40 | (hl // 4), o.tos or 0, o.len or hl + o.bodylen,
      o.id or 1, o.fo or 0x4000, o.ttl or 64, o.proto, o.sum or 0x1234)
    .. ip4(o.src or "10.0.0.1") .. ip4(o.dst or "10.0.0.2") .. (o.options or "")
end

-- A TCP header with FLAGS and OPTIONS (a multiple of 4 bytes).
local function tcph(flags, options, o)
  o = o or {}
  options = options or ""
  return string.pack(">I2I2I4I4BBI2I2I2", o.sport or 40000, o.dport or 80, o.seq or 1000,
    o.ack or 0, (20 + #options) // 4 << 4, flags, o.win or 64240, 0xbeef, o.urg or 0) .. options
end

-- An Ethernet/IPv4/TCP packet.
local function tcp_packet(flags, options, data, o)
  local seg = tcph(flags, options, o) .. (data or "")
  return ether(0x0800) .. ipv4{proto = 6, bodylen = #seg} .. seg
end

-- An Ethernet/IPv4/UDP packet (ports 5353 to 53 unless given).
local function udp_packet(data, sport, dport)
  local seg = string.pack(">I2I2I2I2", sport or 5353, dport or 53, 8 + #data, 0xabcd) .. data
  return ether(0x0800) .. ipv4{proto = 17, bodylen = #seg} .. seg
end

-- An IPv6 header carrying PLEN bytes, first next header NEXT.
local function ipv6(next, plen, src, dst)
  return string.pack(">I4I2BB", 0x60000000 | (0x12 << 20) | 0xabcde, plen, next, 255)
    .. ip6(src or "fe80::1") .. ip6(dst or "fe80::2")
end

-- An Ethernet/IPv6 packet of BODY (extension headers + upper layer).
local function ip6_packet(next, body, src, dst)
  return ether(0x86dd) .. ipv6(next, #body, src, dst) .. body
end

-- An ICMPv6 message: type, code, checksum, then REST.
local function icmp6(type, code, rest)
  return string.pack(">BBI2", type, code, 0x4321) .. rest
end

-- The SYN with options that most tests decode.
local SYN_OPTIONS = string.pack(">BBI2", 2, 4, 1460) .. "\4\2" .. string.pack(">BBI4I4", 8, 10, 111, 222)
  .. "\1" .. string.pack(">BBB", 3, 3, 7)

-- Every field of every layer of P (exercises each getter).
local function read_all(p)
  for _, name in ipairs(p:layers()) do
    for _ in pairs(p[name]) do end
    local _ = tostring(p[name])
  end
  return p.payload, p:bytes(), p.truncated, p.invalid
end

function TestPacket:test_decode_takes_a_time_stamp()
  local b = tcp_packet(0x02, SYN_OPTIONS)
  lu.assertEquals(decode(b).time, 0)
  lu.assertAlmostEquals(decode(b, "ether", 1700000000.25).time, 1700000000.25, 1e-6)
  helper.raises("time stamp out of range", decode, b, "ether", -1)
  helper.raises("number expected", decode, b, "ether", "now")
end

-- Ethernet, IPv4, TCP ---------------------------------------------------

function TestPacket:test_syn_with_options_every_field()
  local b = tcp_packet(0x02, SYN_OPTIONS)
  local p = decode(b)
  lu.assertEquals(p:layers(), {"eth", "ip", "tcp"})
  lu.assertEquals(p.time, 0)
  lu.assertEquals(p.len, #b)
  lu.assertEquals(p.caplen, #b)
  lu.assertEquals(p.linktype, 1)
  lu.assertEquals(p.eth.src, A_MAC)
  lu.assertEquals(p.eth.dst, B_MAC)
  lu.assertEquals(p.eth.type, 0x0800)
  local ip = p.ip
  lu.assertEquals({ip.src, ip.dst, ip.ttl, ip.id, ip.proto, ip.len, ip.flags, ip.frag, ip.tos, ip.hl, ip.checksum},
    {"10.0.0.1", "10.0.0.2", 64, 1, 6, 20 + 20 + #SYN_OPTIONS, "DF", 0, 0, 20, 0x1234})
  local t = p.tcp
  lu.assertEquals({t.sport, t.dport, t.seq, t.ack, t.flags, t.win, t.urg, t.len, t.hl, t.checksum},
    {40000, 80, 1000, 0, "S", 64240, 0, 0, 20 + #SYN_OPTIONS, 0xbeef})
  lu.assertEquals(t.options, {mss = 1460, sack_ok = true, ts = {val = 111, ecr = 222}, wscale = 7})
  lu.assertEquals(p.payload, "")
  lu.assertNil(p.truncated)
  lu.assertNil(p.invalid)
  lu.assertNil(p.udp)
  lu.assertNil(p.ip6)
  lu.assertNil(p.arp)
  lu.assertNil(p.vlan)
end

function TestPacket:test_tcp_flags_are_tcpdumps_text()
  local cases = {
    [0x02] = "S", [0x12] = "S.", [0x10] = ".", [0x18] = "P.", [0x11] = "F.", [0x14] = "R.",
    [0x04] = "R", [0x00] = "none", [0xc2] = "SEW", [0x29] = "FPU", [0x19] = "FP.",
  }
  for bits, text in pairs(cases) do
    lu.assertEquals(decode(tcp_packet(bits)).tcp.flags, text, string.format("flags 0x%02x", bits))
  end
end

function TestPacket:test_tcp_payload_and_length_leave_out_ethernet_padding()
  local b = tcp_packet(0x18, nil, "hello", {seq = 0xfffffff0, ack = 4242})
  local padded = b .. string.rep("\0", 60 - #b)
  local p = decode(padded)
  lu.assertEquals(p.tcp.len, 5)
  lu.assertEquals(p.payload, "hello")
  lu.assertEquals(p.tcp.seq, 0xfffffff0)
  lu.assertEquals(p.tcp.ack, 4242)
  lu.assertEquals(p.tcp.flags, "P.")
  lu.assertEquals(p.caplen, 60)
end

function TestPacket:test_tcp_sack_blocks()
  local sack = "\1\1" .. string.pack(">BBI4I4I4I4", 5, 18, 100, 200, 300, 400)
  local p = decode(tcp_packet(0x10, sack))
  lu.assertEquals(p.tcp.options, {sack = {{100, 200}, {300, 400}}})
end

function TestPacket:test_tcp_len_counts_wire_bytes_under_a_snap_length()
  local b = tcp_packet(0x10, nil, string.rep("x", 100))
  local p = decode(b:sub(1, 54 + 10))
  lu.assertEquals(p.tcp.len, 100)
  lu.assertEquals(p.payload, string.rep("x", 10))
  lu.assertNil(p.truncated, "a cut in the data is not a truncated header")
end

function TestPacket:test_ip_fragments_after_the_first_have_no_transport_header()
  local seg = tcph(0x02)
  local b = ether(0x0800) .. ipv4{proto = 6, bodylen = #seg, fo = 0x2000 | 185} .. seg
  local p = decode(b)
  lu.assertEquals(p:layers(), {"eth", "ip"})
  lu.assertEquals(p.ip.flags, "MF")
  lu.assertEquals(p.ip.frag, 185 * 8)
  lu.assertEquals(p.payload, seg)
  local first = decode(ether(0x0800) .. ipv4{proto = 6, bodylen = #seg, fo = 0x2000} .. seg)
  lu.assertEquals(first:layers(), {"eth", "ip", "tcp"})
  lu.assertEquals(decode(ether(0x0800) .. ipv4{proto = 6, bodylen = #seg, fo = 0} .. seg).ip.flags, "")
  lu.assertEquals(decode(ether(0x0800) .. ipv4{proto = 6, bodylen = #seg, fo = 0x6000} .. seg).ip.flags, "DF,MF")
end

function TestPacket:test_ip_options_move_the_transport_header()
  local seg = tcph(0x02)
  local b = ether(0x0800) .. ipv4{proto = 6, bodylen = #seg, options = "\148\4\0\0"} .. seg
  local p = decode(b)
  lu.assertEquals(p.ip.hl, 24)
  lu.assertEquals(p.tcp.flags, "S")
  lu.assertEquals(p.tcp.dport, 80)
end

function TestPacket:test_vlan_tag()
  local seg = tcph(0x02)
  local b = mac(B_MAC) .. mac(A_MAC) .. string.pack(">I2I2I2", 0x8100, (5 << 13) | 42, 0x0800)
    .. ipv4{proto = 6, bodylen = #seg} .. seg
  local p = decode(b)
  lu.assertEquals(p:layers(), {"eth", "vlan", "ip", "tcp"})
  lu.assertEquals(p.eth.type, 0x8100)
  lu.assertEquals({p.vlan.id, p.vlan.prio, p.vlan.dei, p.vlan.type}, {42, 5, 0, 0x0800})
  lu.assertEquals(p.ip.dst, "10.0.0.2")
end

-- UDP, ARP, ICMP --------------------------------------------------------

function TestPacket:test_udp()
  local p = decode(udp_packet("query"))
  lu.assertEquals(p:layers(), {"eth", "ip", "udp"})
  lu.assertEquals({p.udp.sport, p.udp.dport, p.udp.len, p.udp.checksum}, {5353, 53, 13, 0xabcd})
  lu.assertEquals(p.payload, "query")
  lu.assertNil(p.tcp)
end

-- An ARP packet of operation OP.
local function arp_packet(op, sha, spa, tha, tpa)
  return ether(0x0806, sha, op == 1 and "ff:ff:ff:ff:ff:ff" or tha)
    .. string.pack(">I2I2BBI2", 1, 0x0800, 6, 4, op) .. mac(sha) .. ip4(spa) .. mac(tha) .. ip4(tpa)
end

function TestPacket:test_arp_request_and_reply()
  local req = decode(arp_packet(1, A_MAC, "10.0.0.1", "00:00:00:00:00:00", "10.0.0.2")
    .. string.rep("\0", 18))
  lu.assertEquals(req:layers(), {"eth", "arp"})
  local a = req.arp
  lu.assertEquals({a.op, a.sha, a.spa, a.tha, a.tpa, a.hrd, a.pro},
    {"request", A_MAC, "10.0.0.1", "00:00:00:00:00:00", "10.0.0.2", 1, 0x0800})
  lu.assertEquals(req.eth.dst, "ff:ff:ff:ff:ff:ff")
  lu.assertEquals(req.payload, "")
  local rep = decode(arp_packet(2, B_MAC, "10.0.0.2", A_MAC, "10.0.0.1"))
  lu.assertEquals({rep.arp.op, rep.arp.sha, rep.arp.tpa}, {"reply", B_MAC, "10.0.0.1"})
  lu.assertEquals(decode(arp_packet(8, A_MAC, "10.0.0.1", B_MAC, "10.0.0.2")).arp.op, 8)
end

-- An Ethernet/IPv4/ICMP packet of MSG.
local function icmp_packet(msg, src, dst)
  return ether(0x0800) .. ipv4{proto = 1, bodylen = #msg, src = src, dst = dst} .. msg
end

function TestPacket:test_icmp_echo()
  local p = decode(icmp_packet(string.pack(">BBI2I2I2", 8, 0, 0x1111, 77, 3) .. "ping data"))
  lu.assertEquals(p:layers(), {"eth", "ip", "icmp"})
  local i = p.icmp
  lu.assertEquals({i.type, i.code, i.checksum, i.id, i.seq}, {8, 0, 0x1111, 77, 3})
  lu.assertNil(i.quoted)
  lu.assertNil(i.mtu)
  lu.assertEquals(p.payload, "ping data")
end

function TestPacket:test_icmp_port_unreachable_quotes_the_datagram()
  local inner = udp_packet("q"):sub(15)
  local p = decode(icmp_packet(string.pack(">BBI2I4", 3, 3, 0, 0) .. inner, "10.0.0.2", "10.0.0.1"))
  lu.assertEquals({p.icmp.type, p.icmp.code}, {3, 3})
  lu.assertNil(p.icmp.id)
  local q = p.icmp.quoted
  lu.assertEquals(q.linktype, 12)
  lu.assertEquals(q:layers(), {"ip", "udp"})
  lu.assertEquals({q.ip.src, q.ip.dst, q.udp.sport, q.udp.dport}, {"10.0.0.1", "10.0.0.2", 5353, 53})
  lu.assertEquals(q:bytes(), inner)
  lu.assertEquals(p.payload, inner)
  lu.assertEquals({q.caplen, q.len}, {#inner, #inner})
end

function TestPacket:test_icmp_need_to_frag_and_time_exceeded()
  local inner = tcp_packet(0x02):sub(15, 15 + 27)
  local frag = decode(icmp_packet(string.pack(">BBI2I2I2", 3, 4, 0, 0, 1400) .. inner))
  lu.assertEquals(frag.icmp.mtu, 1400)
  lu.assertEquals(frag.icmp.quoted.tcp.dport, 80)
  local ttl = decode(icmp_packet(string.pack(">BBI2I4", 11, 0, 0, 0) .. inner))
  lu.assertEquals(ttl.icmp.type, 11)
  lu.assertEquals(ttl.icmp.quoted.ip.dst, "10.0.0.2")
  local redirect = decode(icmp_packet(string.pack(">BBI2", 5, 1, 0) .. ip4("10.0.0.254") .. inner))
  lu.assertEquals(redirect.icmp.gateway, "10.0.0.254")
end

-- IPv6 ------------------------------------------------------------------

function TestPacket:test_ipv6_extension_headers_then_tcp()
  local seg = tcph(0x12, nil, {sport = 443, dport = 50000})
  local hbh = string.pack(">BB", 60, 0) .. "\1\4\0\0\0\0" -- then destination options
  local dst = string.pack(">BB", 6, 0) .. "\1\4\0\0\0\0" -- then TCP
  local p = decode(ip6_packet(0, hbh .. dst .. seg, "2001:db8::1", "2001:db8::2"))
  lu.assertEquals(p:layers(), {"eth", "ip6", "tcp"})
  local h = p.ip6
  lu.assertEquals({h.src, h.dst, h.hlim, h.next, h.plen, h.flow, h.tc, h.proto},
    {"2001:db8::1", "2001:db8::2", 255, 0, 16 + #seg, 0xabcde, 0x12, 6})
  lu.assertNil(h.frag)
  lu.assertEquals({p.tcp.sport, p.tcp.flags, p.tcp.len}, {443, "S.", 0})
end

function TestPacket:test_ipv6_routing_header_and_fragments()
  local seg = string.pack(">I2I2I2I2", 1, 2, 12, 0) .. "abcd"
  local rt = string.pack(">BBBB", 44, 2, 0, 1) .. string.rep("\0", 4) .. ip6("2001:db8::9")
  local first = string.pack(">BBI2I4", 17, 0, 0x0001, 99) -- offset 0, more fragments
  local p = decode(ip6_packet(43, rt .. first .. seg))
  lu.assertEquals(p:layers(), {"eth", "ip6", "udp"})
  lu.assertEquals(p.ip6.frag, 0)
  lu.assertEquals(p.payload, "abcd")
  local later = string.pack(">BBI2I4", 17, 0, (1480 // 8) << 3, 99)
  local q = decode(ip6_packet(44, later .. seg))
  lu.assertEquals(q:layers(), {"eth", "ip6"})
  lu.assertEquals(q.ip6.frag, 1480)
  lu.assertEquals(q.ip6.proto, 17)
  lu.assertEquals(q.payload, seg)
end

function TestPacket:test_icmp6_neighbour_solicitation_and_advertisement()
  local ns = icmp6(135, 0, "\0\0\0\0" .. ip6("fe80::2") .. "\1\1" .. mac(A_MAC))
  local p = decode(ip6_packet(58, ns, "fe80::1", "ff02::1:ff00:2"))
  lu.assertEquals(p:layers(), {"eth", "ip6", "icmp6"})
  lu.assertEquals({p.icmp6.type, p.icmp6.code, p.icmp6.target, p.icmp6.sll}, {135, 0, "fe80::2", A_MAC})
  lu.assertEquals(p.ip6.dst, "ff02::1:ff00:2")
  lu.assertNil(p.icmp6.tll)
  lu.assertNil(p.icmp6.flags)
  local na = icmp6(136, 0, "\96\0\0\0" .. ip6("fe80::2") .. "\2\1" .. mac(B_MAC))
  local q = decode(ip6_packet(58, na, "fe80::2", "fe80::1"))
  lu.assertEquals({q.icmp6.type, q.icmp6.target, q.icmp6.flags, q.icmp6.tll}, {136, "fe80::2", "SO", B_MAC})
end

function TestPacket:test_icmp6_echo_mld_and_errors()
  local echo = decode(ip6_packet(58, icmp6(128, 0, string.pack(">I2I2", 7, 9) .. "data")))
  lu.assertEquals({echo.icmp6.id, echo.icmp6.seq, echo.payload}, {7, 9, "data"})
  lu.assertNil(echo.icmp6.target)
  local mld = decode(ip6_packet(58, icmp6(131, 0, string.pack(">I2I2", 0, 0) .. ip6("ff02::fb"))))
  lu.assertEquals(mld.icmp6.group, "ff02::fb")
  lu.assertEquals(mld.icmp6.maxdelay, 0)
  local inner = ipv6(17, 8, "fe80::2", "fe80::1") .. string.pack(">I2I2I2I2", 5, 6, 8, 0)
  local unreach = decode(ip6_packet(58, icmp6(1, 4, "\0\0\0\0" .. inner)))
  lu.assertEquals(unreach.icmp6.quoted:layers(), {"ip6", "udp"})
  lu.assertEquals(unreach.icmp6.quoted.udp.dport, 6)
  local big = decode(ip6_packet(58, icmp6(2, 0, string.pack(">I4", 1280) .. inner)))
  lu.assertEquals(big.icmp6.mtu, 1280)
end

-- Other link layers -----------------------------------------------------

function TestPacket:test_raw_ip_link_types()
  local ipb = tcp_packet(0x02):sub(15)
  for _, lt in ipairs{"raw", "ip", 12, 101, 228} do
    local p = decode(ipb, lt)
    lu.assertEquals(p:layers(), {"ip", "tcp"}, tostring(lt))
  end
  lu.assertEquals(decode(ipb, "raw").linktype, 12)
  local ip6b = ip6_packet(58, icmp6(128, 0, "\0\1\0\2")):sub(15)
  lu.assertEquals(decode(ip6b, "ip6"):layers(), {"ip6", "icmp6"})
  lu.assertEquals(decode(ip6b, 229):layers(), {"ip6", "icmp6"})
  lu.assertEquals(decode(ip6b, "raw"):layers(), {"ip6", "icmp6"})
end

function TestPacket:test_linux_cooked_v1_and_v2()
  local ipb = tcp_packet(0x02):sub(15)
  local v1 = string.pack(">I2I2I2", 4, 1, 6) .. mac(A_MAC) .. "\0\0" .. string.pack(">I2", 0x0800)
  local p = decode(v1 .. ipb, "sll")
  lu.assertEquals(p:layers(), {"sll", "ip", "tcp"})
  lu.assertEquals({p.sll.type, p.sll.hatype, p.sll.addr, p.sll.proto}, {4, 1, A_MAC, 0x0800})
  lu.assertNil(p.sll.ifindex)
  local v2 = string.pack(">I2I2I4I2BB", 0x0800, 0, 3, 1, 0, 6) .. mac(B_MAC) .. "\0\0"
  local q = decode(v2 .. ipb, 276)
  lu.assertEquals(q:layers(), {"sll", "ip", "tcp"})
  lu.assertEquals({q.sll.type, q.sll.ifindex, q.sll.addr, q.sll.proto}, {0, 3, B_MAC, 0x0800})
end

function TestPacket:test_bsd_loopback()
  local ipb = tcp_packet(0x02):sub(15)
  local p = decode(string.pack("<I4", 2) .. ipb, "null")
  lu.assertEquals(p:layers(), {"loop", "ip", "tcp"})
  lu.assertEquals(p.loop.family, 2)
  lu.assertEquals(decode(string.pack(">I4", 2) .. ipb, "loop").loop.family, 2)
end

function TestPacket:test_unknown_link_and_ether_types_leave_the_rest_as_payload()
  local p = decode("abcdef", 147)
  lu.assertEquals(p:layers(), {})
  lu.assertEquals(p.payload, "abcdef")
  local q = decode(ether(0x88cc) .. "lldp")
  lu.assertEquals(q:layers(), {"eth"})
  lu.assertEquals(q.payload, "lldp")
end

-- Truncated and invalid -------------------------------------------------

function TestPacket:test_every_truncation_decodes_and_names_the_cut_layer()
  local samples = {
    {tcp_packet(0x02, SYN_OPTIONS), {[14] = "ip", [34] = "tcp"}},
    {udp_packet(""), {[14] = "ip", [34] = "udp"}},
    {arp_packet(1, A_MAC, "10.0.0.1", B_MAC, "10.0.0.2"), {[14] = "arp"}},
    {icmp_packet(string.pack(">BBI2I2I2", 8, 0, 0, 1, 1)), {[14] = "ip", [34] = "icmp"}},
    {ip6_packet(0, "\58\0\1\4\0\0\0\0" .. icmp6(135, 0, "\0\0\0\0" .. ip6("fe80::2"))),
     {[14] = "ip6", [54] = "ip6", [62] = "icmp6"}},
  }
  for _, s in ipairs(samples) do
    local b, cuts = s[1], s[2]
    local expect = "eth"
    for n = 0, #b - 1 do
      expect = cuts[n] or expect
      local p = decode(b:sub(1, n))
      read_all(p)
      lu.assertEquals(p.truncated, expect, "cut at " .. n)
      lu.assertNil(p.invalid)
      lu.assertEquals(p:bytes(), b:sub(1, n))
    end
    lu.assertNil(decode(b).truncated)
  end
end

function TestPacket:test_truncated_quoted_datagram_is_a_truncated_packet()
  local inner = tcp_packet(0x02):sub(15, 15 + 27) -- IP and 8 bytes of TCP
  local p = decode(icmp_packet(string.pack(">BBI2I4", 3, 1, 0, 0) .. inner))
  lu.assertNil(p.truncated)
  local q = p.icmp.quoted
  lu.assertEquals(q.truncated, "tcp")
  lu.assertEquals({q.caplen, q.len}, {28, 40}, "len is the quoted datagram's on the wire")
  lu.assertEquals(q:layers(), {"ip", "tcp"})
  lu.assertEquals({q.tcp.sport, q.tcp.dport, q.tcp.seq}, {40000, 80, 1000})
  lu.assertNil(q.tcp.flags, "the flags were not captured")
  lu.assertNil(q.tcp.win)
  lu.assertNil(q.tcp.options)
end

function TestPacket:test_random_damage_never_over_reads()
  -- Bytes changed at random places, cut at random lengths, on every link
  -- type: decoding and reading every field must neither crash nor raise
  -- (the sanitizer build, make asan, checks that nothing is over-read).
  local samples = {
    tcp_packet(0x02, SYN_OPTIONS), udp_packet("abc"), arp_packet(2, A_MAC, "10.0.0.1", B_MAC, "10.0.0.2"),
    icmp_packet(string.pack(">BBI2I4", 3, 3, 0, 0) .. udp_packet("q"):sub(15)),
    ip6_packet(0, "\58\0\1\4\0\0\0\0" .. icmp6(135, 0, "\0\0\0\0" .. ip6("fe80::2") .. "\1\1" .. mac(A_MAC))),
  }
  local linktypes = {1, 1, 1, 12, 113, 276, 0, 228, 229}
  local rand = 12345
  local function random(n) -- a small LCG: the same bytes on every run
    rand = (rand * 1103515245 + 12345) % 2147483648
    return rand % n + 1
  end
  for _ = 1, 3000 do
    local t = {samples[random(#samples)]:byte(1, -1)}
    for _ = 1, random(6) do t[random(#t)] = random(256) - 1 end
    local p = decode(string.char(table.unpack(t, 1, random(#t + 1) - 1)), linktypes[random(#linktypes)])
    read_all(p)
    if p.icmp and p.icmp.quoted then read_all(p.icmp.quoted) end
    if p.icmp6 and p.icmp6.quoted then read_all(p.icmp6.quoted) end
  end
end

function TestPacket:test_invalid_headers_are_named_not_read()
  local seg = tcph(0x02)
  local bad_hl = ether(0x0800) .. string.char(0x43) .. ipv4{proto = 6, bodylen = #seg}:sub(2) .. seg
  local p = decode(bad_hl)
  lu.assertEquals(p.invalid, "ip")
  lu.assertEquals(p.ip.hl, 12, "an invalid layer is there to be read")
  lu.assertNil(p.truncated)
  lu.assertEquals(p:layers(), {"eth", "ip"})
  lu.assertEquals(p.payload, "")
  local short_len = ether(0x0800) .. ipv4{proto = 6, bodylen = 0, len = 12} .. seg
  lu.assertEquals(decode(short_len).invalid, "ip")
  local b = tcp_packet(0x02) -- data offset 3 words, under TCP's 5
  local bad_off = b:sub(1, 46) .. string.char(0x30) .. b:sub(48)
  local q = decode(bad_off)
  lu.assertEquals(q.invalid, "tcp")
  lu.assertEquals(q.tcp.sport, 40000)
  lu.assertEquals(q.tcp.hl, 12)
  lu.assertEquals(decode("\80\0\0\0", "raw").invalid, "ip")
  lu.assertEquals(decode(ether(0x86dd) .. "\64" .. string.rep("\0", 39)).invalid, "ip6")
end

-- tcpdump as the oracle ----------------------------------------------------

-- The text tcpdump -nn -t prints for packet P, as far as its fields say.
local function expected_line(p)
  local ip = p.ip or p.ip6
  if p.tcp and p.ip6 and p.ip6.next == 0 then -- tcpdump names the hop-by-hop header
    return ("%s > %s: HBH %d > %d: Flags [%s]"):format(ip.src, ip.dst, p.tcp.sport, p.tcp.dport, p.tcp.flags)
  elseif p.tcp then
    return ("%s.%d > %s.%d: Flags [%s]"):format(ip.src, p.tcp.sport, ip.dst, p.tcp.dport, p.tcp.flags)
  elseif p.udp then
    return ("%s.%d > %s.%d: UDP, length %d"):format(ip.src, p.udp.sport, ip.dst, p.udp.dport, p.udp.len - 8)
  elseif p.icmp then
    return ("%s > %s: ICMP echo request, id %d, seq %d"):format(ip.src, ip.dst, p.icmp.id, p.icmp.seq)
  elseif p.icmp6 then
    return ("%s > %s: ICMP6, neighbor solicitation, who has %s"):format(ip.src, ip.dst, p.icmp6.target)
  elseif p.arp then
    return ("Request who-has %s tell %s"):format(p.arp.tpa, p.arp.spa)
  end
end

function TestPacket:test_tcpdump_reads_the_same_fields()
  local helper = require "helper"
  local bytes = {
    tcp_packet(0x02, SYN_OPTIONS), tcp_packet(0x12), tcp_packet(0x18, nil, "data"), tcp_packet(0x11),
    tcp_packet(0x14), tcp_packet(0x04), tcp_packet(0xc2), tcp_packet(0x00), udp_packet("abc", 40000, 9999),
    icmp_packet(string.pack(">BBI2I2I2", 8, 0, 0, 77, 3)),
    arp_packet(1, A_MAC, "10.0.0.1", "00:00:00:00:00:00", "10.0.0.2"),
    ip6_packet(0, "\6\0\1\4\0\0\0\0" .. tcph(0x12, nil, {sport = 443}), "2001:db8::1", "2001:db8::2"),
    ip6_packet(58, icmp6(135, 0, "\0\0\0\0" .. ip6("fe80::2") .. "\1\1" .. mac(A_MAC)), "fe80::1", "ff02::1:ff00:2"),
  }
  local packets = {}
  for i, b in ipairs(bytes) do packets[i] = decode(b) end
  local path = helper.tmpname(".pcap")
  assert(require("netlab.pcap").write(path, packets))
  local out, err, code = helper.run("tcpdump -nn -t -r " .. path)
  lu.assertEquals(code, 0, err)
  local lines = {}
  for line in out:gmatch("[^\n]+") do lines[#lines + 1] = line end
  lu.assertEquals(#lines, #packets)
  for i, p in ipairs(packets) do
    lu.assertStrContains(lines[i], expected_line(p))
  end
end

-- The object ------------------------------------------------------------

function TestPacket:test_bytes_round_trip_and_tostring()
  local b = tcp_packet(0x18, nil, "GET / HTTP/1.0\r\n\r\n")
  local p = decode(b)
  lu.assertEquals(p:bytes(), b)
  lu.assertEquals(decode(p:bytes()):bytes(), b)
  lu.assertIsString(tostring(p))
  lu.assertStrContains(p:hex(), "0x0000:  4500", "-X leaves out the link-layer header")
  lu.assertStrContains(tostring(p.tcp), "sport=40000")
  lu.assertStrContains(tostring(p.ip), "dst=10.0.0.2")
end

function TestPacket:test_layer_views_are_kept_and_iterate_their_fields()
  local p = decode(tcp_packet(0x02, SYN_OPTIONS))
  lu.assertIs(p.tcp, p.tcp)
  local fields = {}
  for k, v in pairs(p.udp or p.ip) do fields[k] = v end
  lu.assertEquals(fields.src, "10.0.0.1")
  lu.assertEquals(fields.ttl, 64)
  lu.assertNil(fields.sport)
end

function TestPacket:test_names_that_do_not_exist_are_nil()
  local p = decode(tcp_packet(0x02))
  lu.assertNil(p.nope)
  lu.assertNil(p[1])
  lu.assertNil(p[p])
  lu.assertNil(p.tcp.nope)
  lu.assertNil(p.tcp.src)
  lu.assertNil(p.tcp[1])
  lu.assertNil(p.ip.sport)
end

function TestPacket:test_bad_arguments_raise()
  local function raises(pattern, f, ...)
    local ok, err = pcall(f, ...)
    lu.assertFalse(ok)
    lu.assertStrContains(tostring(err), pattern)
  end
  raises("bad argument #1 to", decode)
  raises("(string expected, got nil)", decode, nil)
  raises("(string expected, got table)", decode, {})
  raises("bad argument #2 to", decode, "x", "bogus")
  raises("(invalid option 'bogus')", decode, "x", "bogus")
  raises("(link type out of range)", decode, "x", -1)
  raises("(number expected, got table)", decode, "x", {})
  local p = decode(tcp_packet(0x02))
  raises("netlab.packet expected", p.bytes, "x")
  raises("netlab.packet expected", p.layers, {})
  raises("netlab.packet expected", p.hex, 5)
  raises("netlab.packet expected", getmetatable(p).__index, {}, "len")
  raises("netlab.packet.layer expected", getmetatable(p.tcp).__index, p, "sport")
  raises("packet fields are read-only", function() p.tcp.sport = 1 end)
  raises("packet fields are read-only", function() p.time = 1 end)
end

function TestPacket:test_decode_is_reexported_by_netlab_packet()
  lu.assertIs(require("netlab.packet").decode(tcp_packet(0x02)).tcp.flags, "S")
end

function TestPacket:test_a_field_getter_reads_what_the_view_reads()
  local field = require("netlab.packet").field
  local flags, sport, dst4, dst6, mss = field("tcp.flags"), field("tcp.sport"), field("ip.dst"), field("ip6.dst"),
    field("tcp.options")
  local syn, u = decode(tcp_packet(0x02, SYN_OPTIONS)), decode(udp_packet("q"))
  lu.assertEquals({flags(syn), sport(syn), dst4(syn), dst6(syn)}, {"S", 40000, "10.0.0.2", nil})
  lu.assertEquals(mss(syn), syn.tcp.options)
  lu.assertEquals({flags(u), field("udp.dport")(u), dst4(u)}, {nil, 53, "10.0.0.2"})
  local six = decode(ip6_packet(58, icmp6(128, 0, "\0\0\0\0")))
  lu.assertEquals({dst6(six), field("icmp6.type")(six)}, {six.ip6.dst, 128})
  -- bad input
  helper.raises("field' (string expected, got table)", field, {})
  helper.raises("field' (\"layer.field\" expected (\"tcp.flags\"))", field, "tcp")
  helper.raises("field' (string contains a NUL byte)", field, "tcp.flags\0x")
  helper.raises("field' (no layer 'tpc')", field, "tpc.flags")
  helper.raises("field' (tcp has no field 'ttl')", field, "tcp.ttl")
  helper.raises("field' (tcp has no field 'tcp')", field, "tcp.tcp")
  helper.raises("netlab.packet expected, got number", flags, 5)
  helper.raises("netlab.packet expected, got no value", flags)
end

-- Docs ------------------------------------------------------------------

function TestPacket:test_every_function_method_and_layer_is_documented()
  local doc = require "netlab.doc_packet"
  for name in pairs(cpacket.packet) do -- netlab.packet's C functions
    lu.assertNotNil(doc["netlab.packet." .. name], "netlab.packet." .. name .. " has no doc line")
  end
  for _, m in ipairs{"layers", "hex", "bytes"} do
    lu.assertNotNil(doc["packet:" .. m], "packet:" .. m .. " has no doc line")
  end
  local samples = {tcp_packet(0x02), udp_packet(""), arp_packet(1, A_MAC, "10.0.0.1", B_MAC, "10.0.0.2"),
    icmp_packet("\8\0\0\0\0\0\0\0"), ip6_packet(58, icmp6(128, 0, "\0\0\0\0"))}
  for _, b in ipairs(samples) do
    for _, layer in ipairs(decode(b):layers()) do
      lu.assertNotNil(doc["packet." .. layer], "packet." .. layer .. " has no doc line")
    end
  end
  for _, f in ipairs{"time", "len", "caplen", "linktype", "payload", "truncated", "invalid"} do
    lu.assertNotNil(doc["packet." .. f], "packet." .. f .. " has no doc line")
  end
end

function TestPacket:test_offsets_say_where_each_layer_starts()
  local P = netlab.packet
  local syn = P.decode((P.ether{src = "02:00:00:00:00:01", dst = "02:00:00:00:00:02"}
    / P.ip{src = "10.0.0.1", dst = "10.0.0.2"} / P.tcp{sport = 1, dport = 80, flags = "S"} / "data"):bytes())
  lu.assertEquals(syn:offsets(), {eth = 0, ip = 14, tcp = 34, payload = 54, link = 14})
  lu.assertEquals(syn:bytes():sub(syn:offsets().payload + 1), "data")
  -- raw IP: no link layer, so -X and -XX number the bytes alike
  local raw = P.decode((P.ip{src = "10.0.0.1", dst = "10.0.0.2"} / P.udp{sport = 5, dport = 53}):bytes(), "raw")
  lu.assertEquals(raw:offsets(), {ip = 0, udp = 20, payload = 28, link = 0})
  -- an 802.1Q tag (its TPID where the EtherType was, at 12) moves the IP header 4 bytes on
  local tagged = P.decode(("\2\0\0\0\0\2\2\0\0\0\0\1\x81\0\0\5\x08\0")
    .. (P.ip{src = "10.0.0.1", dst = "10.0.0.2"} / P.udp{sport = 5, dport = 53}):bytes())
  lu.assertEquals(tagged:offsets(), {eth = 0, vlan = 12, ip = 18, udp = 38, payload = 46, link = 18})
  local arp = P.decode((P.ether{src = "02:00:00:00:00:01", dst = "ff:ff:ff:ff:ff:ff"}
    / P.arp{op = "request", spa = "10.0.0.1", tpa = "10.0.0.2"}):bytes())
  lu.assertEquals({arp:offsets().eth, arp:offsets().arp, arp:offsets().link}, {0, 14, 14})
  helper.raises("netlab.packet expected", syn.offsets, "x")
end

