-- spec/ip6ext_spec.lua: IPv6's routing headers (type 0 source routes,
-- type 2, segment routing), its mobility header, IPComp, jumbo payloads
-- and zero payload lengths, and the headers tcpdump refuses print what the installed tcpdump prints, line for line,
-- under -nn, -nn -v, -nn -e, -nn -X (and -vv), and every truncation of
-- each packet too; checksums under a routing header are made to its
-- final destination as tcpdump makes them.
local lu = require "luaunit"
local helper = require "helper"
local oracle = require "oracle"

TestIp6Ext = {}

local ip6 = helper.ip6_bytes
local MAC_A, MAC_B = "\x02\x00\x00\x00\x00\x01", "\x02\x00\x00\x00\x00\x02"

local function eth6(payload) return MAC_B .. MAC_A .. "\x86\xdd" .. payload end

-- The one's complement checksum of S.
local function cksum(s)
  if #s % 2 == 1 then s = s .. "\0" end
  local sum = 0
  for i = 1, #s, 2 do sum = sum + string.unpack(">I2", s, i) end
  while sum > 0xffff do sum = (sum & 0xffff) + (sum >> 16) end
  return ~sum & 0xffff
end

-- An IPv6 header and PAYLOAD; O: {nh, src, dst}.
local function ipv6(o, payload)
  return string.pack(">I4I2BB", 0x60000000, #payload, o.nh or 17, 64)
    .. ip6(o.src or "fd00::1") .. ip6(o.dst or "fd00::2") .. payload
end

-- A UDP datagram whose checksum is made to FINAL (the routing header's
-- last address), or left 0.
local function udp(sport, dport, data, final)
  local u = string.pack(">I2I2I2I2", sport, dport, 8 + #data, 0) .. data
  if not final then return u end
  local ph = ip6("fd00::1") .. ip6(final) .. string.pack(">I4I3B", #u, 0, 17)
  return u:sub(1, 6) .. string.pack(">I2", cksum(ph .. u)) .. u:sub(9)
end

-- A routing header of TYPE before NH: ADDRS (text) after the 4 bytes
-- FIELDS (reserved, or segment routing's last-entry/flags/tag).
local function rthdr(nh, type, segleft, fields, addrs, len)
  local a = {}
  for i, s in ipairs(addrs) do a[i] = ip6(s) end
  return string.pack(">BBBB", nh, len or 2 * #addrs, type, segleft) .. fields .. table.concat(a)
end

-- A mobility header of TYPE whose message (after the checksum) is BODY.
local function mh(type, body)
  local n = 6 + #body
  local pad = (8 - n % 8) % 8
  body = body .. ("\0"):rep(pad)
  return string.pack(">BBBBI2", 59, (n + pad) // 8 - 1, type, 0, 0) .. body
end

local function rt_frames()
  local A, B = "2001:db8::a", "2001:db8::b"
  local z4 = "\0\0\0\0"
  return {
    eth6(ipv6({nh = 43}, rthdr(17, 0, 1, z4, {A}) .. udp(1000, 2000, "srcrt", A))),
    eth6(ipv6({nh = 43}, rthdr(17, 0, 2, "\0\0\0\7", {A, B}) .. udp(1000, 2000, "two", B))),
    eth6(ipv6({nh = 43}, rthdr(58, 2, 1, z4, {A}) .. "\128\0\0\0\0\1\0\1")),
    eth6(ipv6({nh = 43}, rthdr(17, 4, 1, "\1\0\0\9", {B, A}) .. udp(53000, 7, "seg", B))),
    eth6(ipv6({nh = 43}, rthdr(6, 4, 0, "\0\8\18\52", {B}))),
    eth6(ipv6({nh = 43}, rthdr(17, 3, 0, z4, {A}))),
    eth6(ipv6({nh = 43}, rthdr(17, 0, 0, z4, {A}, 1) .. udp(1, 2, "odd"))),
    eth6(ipv6({nh = 0}, "\43\0\1\4\0\0\0\0" .. rthdr(17, 0, 1, z4, {A}) .. udp(1000, 2000, "hbh", A))),
    eth6(ipv6({nh = 60}, "\43\0\1\4\0\0\0\0" .. rthdr(17, 0, 1, z4, {A}) .. udp(9, 9, "", "fd00::2"))),
    eth6(ipv6({nh = 43}, rthdr(44, 0, 0, z4, {}) .. "\17\0\0\1\0\0\0\5" .. udp(1, 2, "f"))),
  }
end

function TestIp6Ext:test_routing_headers_source_routes_and_segment_routing()
  local lines = oracle.check(rt_frames())
  lu.assertStrContains(lines[1], "fd00::1 > fd00::2: RT6 (len=2, type=0 [Deprecated], segleft=1, "
    .. "[0]2001:db8::a) 1000 > 2000: UDP, length 5")
  lu.assertStrContains(lines[4], "RT6 (len=4, type=4, segleft=1, last-entry=1, tag=9, [0]2001:db8::b, [1]2001:db8::a)")
  lu.assertStrContains(lines[6], "RT6 (len=2, type=3, segleft=0 (unknown type) (invalid)")
end

function TestIp6Ext:test_a_udp_checksum_is_made_to_the_final_destination()
  local lines = oracle.check(rt_frames(), {"-nn -v"}, {})
  lu.assertStrContains(lines[1], "1000 > 2000: [udp sum ok] UDP, length 5")
  lu.assertStrContains(lines[2], "[udp sum ok]")
  lu.assertStrContains(lines[4], "[udp sum ok]")
  lu.assertStrContains(lines[9], "[bad udp cksum")
end

local function mh_frames()
  local c8 = "\1\2\3\4\5\6\7\8"
  local opts = "\1\0" .. "\2\2\0\5" .. "\3\16" .. ip6("2001:db8::c") .. "\4\4\0\1\0\2" .. "\5\10" .. ("\0"):rep(10)
    .. "\0" .. "\9\1\0"
  local f = {
    mh(0, ""), mh(1, "\0\0" .. c8), mh(2, "\0\0" .. c8), mh(3, "\0\7" .. c8 .. c8), mh(4, "\0\8" .. c8 .. c8),
    mh(5, "\0\42\200\0\0\25"), mh(5, "\0\43\0\0\0\1" .. opts), mh(6, "\3\128\0\44\0\10"),
    mh(6, "\0\0\0\45\0\10" .. "\2\2"), mh(7, "\1\0" .. ip6("2001:db8::d")), mh(9, "xyzzy!"),
    string.pack(">BBBBI2", 59, 0, 3, 0, 0) .. "\0\0",
    mh(5, "\0\44\128\0\0\9" .. "\0\2\0\4"),
  }
  for i, m in ipairs(f) do f[i] = eth6(ipv6({nh = i % 2 == 0 and 62 or 135}, m)) end
  return f
end

function TestIp6Ext:test_mobility_header_messages_and_their_options()
  local lines = oracle.check(mh_frames())
  lu.assertStrContains(lines[6], "fd00::1 > fd00::2: mobility: BU seq#=42 AH lifetime=100")
end

local function other_frames()
  return {
    eth6(ipv6({nh = 108}, "\17\0\1\2" .. ("z"):rep(20))),
    eth6(ipv6({nh = 2}, "\17\0\0\0\0\0\0\0")),
    eth6(ipv6({nh = 143}, MAC_A .. MAC_B .. "\8\6" .. ("\0"):rep(28))),
    eth6(ipv6({nh = 0}, "\0\0\1\4\0\0\0\0" .. "\17\0\1\4\0\0\0\0" .. udp(1, 2, "x"))),
    eth6(ipv6({nh = 60}, "\0\0\1\4\0\0\0\0" .. "\17\0\1\4\0\0\0\0" .. udp(1, 2, "x"))),
  }
end

function TestIp6Ext:test_ipcomp_and_the_headers_tcpdump_refuses()
  local lines = oracle.check(other_frames())
  lu.assertStrContains(lines[1], "fd00::1 > fd00::2: IPComp(cpi=0x0102)")
  lu.assertStrContains(lines[2], "[IGMP requires IPv4] (invalid)")
  lu.assertStrContains(lines[4], "[The Hop-by-Hop Options header was already found] (invalid)")
  lu.assertStrContains(lines[5], "[The Hop-by-Hop Options header don't follow the IPv6 header] (invalid)")
end

-- A datagram whose payload length is 0: a jumbo payload option's length
-- counts, else tcpdump refuses it or finds no room for its headers.
local function jumbo_frames()
  local function zero(nh, payload)
    return eth6(string.pack(">I4I2BB", 0x60000000, 0, nh, 64) .. ip6("fd00::1") .. ip6("fd00::2") .. payload)
  end
  local function hbh(opt) return "\17\0" .. opt end
  return {
    zero(0, hbh(string.pack(">BBI4", 0xc2, 4, 70000)) .. udp(1000, 2000, "jumbo")),
    zero(0, hbh(string.pack(">BBI4", 0xc2, 4, 1000)) .. udp(1000, 2000, "short")),
    zero(0, hbh("\1\4\0\0\0\0") .. udp(1, 2, "none")),
    zero(0, "\17\0\194\4\0\1\0\0\194\4\0\2\0\0\1\2\0\0" .. udp(1, 2, "two")),
    zero(17, udp(1, 2, "bare")),
    zero(60, "\17\0\1\4\0\0\0\0" .. udp(1, 2, "dst")),
    zero(44, "\17\0\0\1\0\0\0\5" .. udp(1, 2, "frag")),
    zero(0, hbh(string.pack(">BBI4", 0xc2, 4, 0xffffffe0)) .. udp(1, 2, "wrap")),
  }
end

function TestIp6Ext:test_jumbo_payloads_and_zero_payload_lengths()
  local lines = oracle.check(jumbo_frames())
  lu.assertStrContains(lines[1], "truncated-ip6 - 69979 bytes missing!")
  lu.assertStrContains(lines[3], "[No valid Jumbo Payload Hop-by-Hop option found] (invalid)")
end
