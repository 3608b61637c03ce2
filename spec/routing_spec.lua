-- spec/routing_spec.lua: the routing and switching protocols' printers
-- (OSPFv2 and v3, BGP, LLDP, PIMv1 in IGMP) print what the installed tcpdump
-- prints, line for line, under -nn, -nn -v, -nn -vv, -nn -e and -nn -X,
-- and every truncation of each packet too (spec/oracle.lua). Packets are
-- built here byte by byte, the odd and malformed ones beside the good.
local lu = require "luaunit"
local helper = require "helper"
local oracle = require "oracle"
local check = oracle.check

TestRouting = {}

-- Packet builders ------------------------------------------------------

local ip4, ip6 = helper.ip4_bytes, helper.ip6_bytes
local MAC_A, MAC_B = "\x02\x00\x00\x00\x00\x01", "\x01\x00\x5e\x00\x00\x05"
local u8 = function(x) return string.pack(">B", x) end
local u16 = function(x) return string.pack(">I2", x) end
local u32 = function(x) return string.pack(">I4", x) end

local function eth(type, payload, dst)
  return (dst or MAC_B) .. MAC_A .. u16(type) .. payload
end

-- An IPv4 header (no checksum) with protocol PROTO, then PAYLOAD.
local function ipv4(proto, payload, dst)
  return string.pack(">BBI2I2I2BBI2", 0x45, 0xc0, 20 + #payload, 1, 0, 1, proto, 0)
    .. ip4("10.0.0.1") .. ip4(dst or "224.0.0.5") .. payload
end

-- An IPv6 header with next header NH, then PAYLOAD.
local function ipv6(nh, payload, dst)
  return string.pack(">I4I2BB", 0x6e000000, #payload, nh, 1) .. ip6("fe80::1") .. ip6(dst or "ff02::5")
    .. payload
end

-- OSPFv2 ---------------------------------------------------------------

-- An OSPFv2 header of TYPE and BODY; O: {area, auth = type, key = 8
-- bytes, len = the header's length field, ver, trailer (after it)}.
local function ospf(type, body, o)
  o = o or {}
  return u8(o.ver or 2) .. u8(type) .. u16(o.len or (24 + #body)) .. ip4("1.1.1.1") .. ip4(o.area or "0.0.0.0")
    .. u16(0) .. u16(o.auth or 0) .. (o.key or ("\0"):rep(8)) .. body .. (o.trailer or "")
end

-- An LSA header of TYPE, id ID (4 bytes) and LEN bytes in all.
local function lsa_hdr(type, id, len, opts)
  return u16(30) .. u8(opts or 0x22) .. u8(type) .. id .. ip4("2.2.2.2") .. u32(0x80000001) .. u16(0x1234)
    .. u16(len)
end

local function lsa(type, id, body, opts)
  return lsa_hdr(type, id, 20 + #body, opts) .. body
end

local function tlv(t, v, pad)
  return u16(t) .. u16(#v) .. v .. (pad and ("\0"):rep(-#v % 4) or "")
end

local function fl(x) return string.pack(">f", x) end

local function ospf_lsas()
  local links = ip4("3.3.3.3") .. ip4("10.0.0.1") .. u8(1) .. u8(0) .. u16(10)
    .. ip4("10.1.0.0") .. ip4("255.255.0.0") .. u8(3) .. u8(2) .. u16(1) .. u8(1) .. u8(0) .. u16(20)
    .. u8(2) .. u8(0) .. u16(30)
    .. ip4("10.0.0.9") .. ip4("10.0.0.1") .. u8(2) .. u8(0) .. u16(5)
    .. ip4("4.4.4.4") .. ip4("10.0.0.2") .. u8(4) .. u8(0) .. u16(7)
  local te_link = tlv(2, tlv(1, "\1", true) .. tlv(2, ip4("9.9.9.9")) .. tlv(3, ip4("10.0.0.1"))
    .. tlv(4, ip4("10.0.0.2")) .. tlv(5, u32(10)) .. tlv(6, fl(125000000)) .. tlv(7, fl(1e8))
    .. tlv(8, fl(1e6):rep(8)) .. tlv(9, u32(0xff)) .. tlv(11, u32(1) .. u32(2)) .. tlv(14, "\4\0\0\0")
    .. tlv(15, "\1\2\0\0" .. fl(5e5):rep(8)) .. tlv(16, u32(7) .. u32(8)) .. tlv(17, "\0\0\0\0" .. fl(1e3):rep(2))
    .. tlv(99, "abc", true))
  return {
    lsa(1, ip4("1.1.1.1"), u8(0x03) .. u8(0) .. u16(4) .. links),
    lsa(1, ip4("1.1.1.1"), u8(0x80) .. u8(0) .. u16(1) .. ip4("1.2.3.4") .. ip4("1.2.3.5") .. u8(9) .. u8(0)
      .. u16(1)),
    lsa(2, ip4("10.0.0.9"), ip4("255.255.255.0") .. ip4("1.1.1.1") .. ip4("2.2.2.2")),
    lsa(3, ip4("10.2.0.0"), ip4("255.255.0.0") .. u32(100) .. u32(0x01000005)),
    lsa(4, ip4("5.5.5.5"), u32(0) .. u32(64)),
    lsa(5, ip4("0.0.0.0"), ip4("0.0.0.0") .. u32(0x80000001) .. ip4("10.0.0.254") .. u32(7)
      .. u32(0x00ffffff) .. u32(0) .. u32(0)),
    lsa(7, ip4("10.9.0.0"), ip4("255.255.0.0") .. u32(20) .. u32(0) .. ip4("0.0.0.1")),
    lsa(6, ip4("224.1.1.1"), u32(1) .. ip4("1.1.1.1") .. u32(2) .. ip4("10.0.0.9") .. u32(3) .. u32(0)),
    lsa(10, "\4\0\0\0", tlv(1, u32(0x3f0)) .. tlv(8, "xy", true)),
    lsa(9, "\3\0\0\0", tlv(1, u32(120)) .. tlv(2, "\1", true) .. tlv(3, ip4("10.0.0.1")) .. tlv(7, "zz", true)),
    lsa(10, "\1\0\0\1", tlv(1, ip4("1.1.1.1")) .. te_link),
    lsa(11, "\7\0\0\2", "opaque data"),
    lsa(8, ip4("8.8.8.8"), "??"),
  }
end

local function ospf_frames()
  local hello = ip4("255.255.255.0") .. u16(10) .. u8(0x12) .. u8(1) .. u32(40) .. ip4("10.0.0.1")
    .. ip4("10.0.0.2")
  local lls = u16(0xfff6) .. u16(3) .. tlv(1, u32(3)) .. tlv(2, u32(9) .. ("\0"):rep(16)) .. tlv(3, "")
  local dd = u16(1500) .. u8(0x42) .. u8(7) .. u32(0x1234)
  local all = table.concat(ospf_lsas())
  local hdrs = {}
  for _, l in ipairs(ospf_lsas()) do hdrs[#hdrs + 1] = l:sub(1, 20) end
  local lsr = u32(1) .. ip4("1.1.1.1") .. ip4("2.2.2.2") .. u32(10) .. "\1\0\0\3" .. ip4("2.2.2.2")
  local md5 = "\0\0\7\16" .. u32(0x5f00)
  local p = {
    ospf(1, hello .. ip4("2.2.2.2") .. ip4("3.3.3.3")),
    ospf(1, ip4("255.255.255.0") .. u16(10) .. u8(0x10) .. u8(1) .. u32(40) .. u32(0) .. u32(0), {
      len = 44, trailer = lls}),
    ospf(1, hello, {auth = 1, key = "secret\0\0", area = "0.0.0.1"}),
    ospf(1, hello, {auth = 2, key = md5, trailer = ("\170"):rep(16)}),
    ospf(1, hello, {auth = 7}),
    ospf(2, dd .. table.concat(hdrs, "", 1, 5)),
    ospf(2, u16(0) .. u8(0x10) .. u8(0) .. u32(1), {len = 32, trailer = u16(1) .. u16(2) .. tlv(1, u32(1), true)}),
    ospf(3, lsr),
    ospf(4, u32(#ospf_lsas()) .. all),
    ospf(4, u32(2) .. ospf_lsas()[3]),
    ospf(4, u32(1) .. lsa_hdr(1, ip4("1.1.1.1"), 12)),
    ospf(5, table.concat(hdrs, "", 1, 3)),
    ospf(5, hdrs[1] .. lsa_hdr(2, ip4("1.1.1.1"), 3)),
    ospf(9, "junk"),
    ospf(1, hello, {ver = 3}),
    ospf(1, hello, {len = 30}),
  }
  local f = {}
  for _, m in ipairs(p) do f[#f + 1] = eth(0x0800, ipv4(89, m)) end
  return f
end

function TestRouting:test_ospf_v2_every_message_and_lsa()
  local lines = check(ospf_frames())
  lu.assertEquals(lines[1], "22:13:21.000001 IP 10.0.0.1 > 224.0.0.5: OSPFv2, Hello, length 52")
  lu.assertEquals(lines[4], "22:13:24.000004 IP 10.0.0.1 > 224.0.0.5: OSPFv2, Hello, length 44")
end

-- BGP ------------------------------------------------------------------

-- A TCP segment from port 179 carrying DATA (no checksum).
local function tcp179(data, dport)
  return string.pack(">I2I2I4I4BBI2I2I2", 179, dport or 40000, 1, 1, 0x50, 0x18, 1000, 0, 0) .. data
end

-- A BGP message of TYPE with BODY (LEN: the header's length field).
local function bgp(type, body, len)
  return ("\255"):rep(16) .. u16(len or (19 + #body)) .. u8(type) .. body
end

local function cap(t, v) return u8(t) .. u8(#v) .. v end
local function attr(flags, t, v)
  return u8(flags) .. u8(t) .. (flags & 0x10 ~= 0 and u16(#v) or u8(#v)) .. v
end

local function bgp_frames()
  local caps = cap(1, "\0\1\0\1") .. cap(2, "") .. cap(64, "\128\120\0\1\1\128\0\2\1\0") .. cap(65, u32(4200000000))
    .. cap(69, "\0\1\1\3\0\2\1\9") .. cap(8, "\0\1\4\2") .. cap(99, "xyz") .. cap(128, "") .. cap(71, "")
    .. cap(69, "") .. cap(69, "\0\1\1")
  local open = u8(4) .. u16(65001) .. u16(180) .. ip4("1.1.1.1")
  local function opened(opts) return bgp(1, open .. u8(#opts) .. opts) end
  local attrs = attr(0x40, 1, "\0") .. attr(0x40, 2, "\2\2" .. u16(65001) .. u16(65002) .. "\1\1" .. u16(7))
    .. attr(0x40, 3, ip4("10.0.0.1")) .. attr(0x80, 4, u32(50)) .. attr(0x40, 5, u32(100)) .. attr(0x40, 6, "")
    .. attr(0xc0, 7, u16(65001) .. ip4("1.1.1.1")) .. attr(0xc0, 8, u32(0xfde80064) .. u32(0xffffff01) .. u32(0x10002))
    .. attr(0x80, 9, ip4("2.2.2.2")) .. attr(0x80, 10, ip4("3.3.3.3") .. ip4("4.4.4.4"))
    .. attr(0xc0, 17, "\2\1" .. u32(4200000000)) .. attr(0xc0, 18, u32(4200000000) .. ip4("5.5.5.5"))
    .. attr(0xc0, 32, u32(1) .. u32(2) .. u32(3) .. u32(4) .. u32(5) .. u32(6)) .. attr(0xd3, 99, "hello")
    .. attr(0x40, 1, "\0\1") .. attr(0x40, 2, "") .. attr(0x40, 2, "\2") .. attr(0x40, 3, "") .. attr(0x40, 7, "12")
    .. attr(0x40, 2, "\3\1" .. u32(65536)) .. attr(0x40, 1, "\7") .. attr(0x40, 8, "abc") .. attr(0x40, 32, "")
  local nlri = "\24\10\1\2" .. "\32\1\2\3\4" .. "\0" .. "\23\10\2\255"
  local function update(w, a, n) return bgp(2, u16(#w) .. w .. u16(#a) .. a .. n) end
  local msgs = {
    opened(u8(2) .. u8(#caps) .. caps), opened(u8(1) .. u8(2) .. "pw" .. u8(2) .. u8(10) .. cap(1, "\0\2")),
    opened(""), opened(u8(2) .. u8(4) .. cap(1, "\0\1")), opened(u8(2) .. u8(2) .. cap(65, "\0\1")),
    bgp(4, ""), bgp(4, "", 18), bgp(3, "\1\2"), bgp(3, "\2\6"), bgp(3, "\3\11"), bgp(3, "\4\0"), bgp(3, "\5\2"),
    bgp(3, "\7\4"), bgp(3, "\9\9"), bgp(3, "\6\1\0\1\1" .. u32(1000)), bgp(3, "\6\2\5hello"),
    bgp(3, "\6\2\0extra"), bgp(3, "\6\4\200x"), bgp(3, "\6\7"), bgp(3, "\2"), bgp(5, "\0\2\0\1"), bgp(5, "\0\1"),
    bgp(9, "unknown"),
    update("\16\10\9" .. "\8\11", attrs, nlri), update("", "", ""), update("", attr(0x40, 1, "\2"), ""),
    update("\33\1\1\1\1\1", "", ""), update("", "", "\40\1\2\3\4\5"), update("\24\1\2", "", ""),
    update("", "", u32(1) .. "\24\10\1\2" .. u32(2) .. "\0"), update(u32(9) .. "\24\10\1\2", "", ""),
    update("", "\64", ""), update("", "\64\1", ""), update("", attr(0x40, 1, "\0"):sub(1, 3) .. "\0", ""),
    update("", attr(0x50, 5, u32(100)), "\24\10\1\2"), update("", "\64\1\9\0", ""),
    update("", attr(0x40, 2, "\2\9" .. u16(1)), ""),
    update("", attr(0x80, 14, "\0\1\1\4" .. ip4("10.0.0.1") .. "\0" .. "\24\10\1\2\16\10\3"), ""),
    update("", attr(0x80, 14, "\0\2\1\32" .. ip6("fd00::1") .. ip6("fe80::1") .. "\2\3\1\2\3\0" .. "\64\253\0\0\0\0\0\0\1"
      .. "\129" .. ("\0"):rep(17)), ""),
    update("", attr(0x90, 14, "\0\1\128\12" .. ("\0"):rep(8) .. ip4("10.0.0.1") .. "\0" .. "\112\0\16\65"
      .. "\0\0\253\232\0\0\0\1" .. "\10\1"), ""),
    update("", attr(0x80, 14, "\0\1\4\4" .. ip4("10.0.0.1") .. "\0" .. "\48\0\16\65\10\1\16\0\0\64\10"), ""),
    update("", attr(0x80, 14, "\0\2\4\16" .. ip6("fd00::1") .. "\0" .. "\88\0\16\65\253\0\0\0"), ""),
    update("", attr(0x80, 14, "\0\2\128\24" .. "\0\1" .. ip4("1.2.3.4") .. "\0\9" .. ip6("fd00::1") .. "\0"
      .. "\152\0\16\65\0\2\0\0\253\233\0\7\253\0\0\0"), ""),
    update("", attr(0x80, 14, "\0\1\1\3\1\2\3\0"), ""), update("", attr(0x80, 14, "\0\1\1\4\1\2\3\4"), ""),
    update("", attr(0x80, 14, "\0\1\1\4\1\2\3\4\0" .. u32(1) .. "\24\10\1\2" .. u32(2) .. "\0"), ""),
    update("", attr(0x80, 14, "\0\1\1\4\1\2\3\4\0\33\1\1\1\1\1"), ""),
    update("", attr(0x80, 14, "\0\1\1\4\1\2\3\4\0\24\1"), ""), update("", attr(0x80, 14, "\0\1"), ""),
    update("", attr(0x80, 14, "\0\9\9xyz"), ""), update("", attr(0x80, 14, "\0\1\200\0\0"), ""),
    update("", attr(0x80, 15, "\0\1\1"), ""), update("", attr(0x80, 15, "\0\2\1\48\32\1\13\184\0\0"), ""),
    update("", attr(0x80, 15, "\0\1"), ""), update("", attr(0x80, 15, "\0\1\128" .. "\24"), ""),
    update("", attr(0xc0, 16, "\0\2\253\232\0\0\0\100" .. "\1\2\10\0\0\1\0\7" .. "\2\2\0\1\0\0\0\5"
      .. "\64\4\0\0\74\0\0\0" .. "\1\7\10\0\0\1\0\0" .. "\3\6\0\0\0\0\5\1" .. "\128\10\19\0\5\220\0\0"
      .. "\0\9\0\22\0\0\0\0" .. "\3\12\0\0\0\0\0\8" .. "\136\0\1\2\3\4\5\6" .. "\128\0\0\0\0\0\129\0"), ""),
    update("", attr(0xc0, 16, "1234567"), ""),
    update("", attr(0xc0, 22, "\1\4\0\16\65" .. ip4("1.1.1.1") .. ip4("239.1.1.1")), ""),
    update("", attr(0xc0, 22, "\0\6\0\0\0" .. ip4("2.2.2.2")), ""), update("", attr(0xc0, 22, "\0\1\0\0\0" .. u32(1) .. u32(2)), ""),
    update("", attr(0xc0, 22, "\0\99\0\0\0abc"), ""), update("", attr(0xc0, 22, "\0\3\0"), ""),
    update("", attr(0xc0, 22, "\0\2\0\0\0\1"), ""),
    update("", attr(0x80, 26, "\1\0\11" .. u32(0) .. u32(1000) .. "\9\0\5xy"), ""), update("", attr(0x80, 26, "\1\0\2"), ""),
    update("", attr(0x80, 26, "\1\0\5xy"), ""),
    update("", attr(0xc0, 128, u32(65001) .. attr(0x40, 1, "\0") .. attr(0x50, 5, u32(7)) .. attr(0xc0, 128, u32(1)
      .. attr(0x40, 3, ip4("1.1.1.1")))), ""),
    update("", attr(0xc0, 128, u32(1) .. "\64"), ""), update("", attr(0xc0, 128, u32(1) .. "\64\1\9\0"), ""),
    update("", attr(0xc0, 128, "\0\1"), ""),
  }
  local f = {}
  for i, m in ipairs(msgs) do f[#f + 1] = eth(0x0800, ipv4(6, tcp179(m, i % 2 == 0 and 80 or nil), "10.0.0.2"), MAC_A) end
  f[#f + 1] = eth(0x0800, ipv4(6, tcp179(bgp(4, "") .. "junk" .. bgp(4, "") .. bgp(2, "\0\0\0\0") .. ("\255"):rep(10)),
    "10.0.0.2"), MAC_A)
  f[#f + 1] = eth(0x0800, ipv4(6, tcp179(bgp(1, open, 40) .. bgp(4, "")), "10.0.0.2"), MAC_A)
  f[#f + 1] = eth(0x0800, ipv4(6, tcp179(bgp(4, "", 3) .. bgp(4, "")), "10.0.0.2"), MAC_A)
  return f
end

function TestRouting:test_bgp_open_update_notification_keepalive_refresh()
  local lines = check(bgp_frames())
  lu.assertStrContains(lines[1], "IP 10.0.0.1.179 > 10.0.0.2.40000: Flags [P.], seq 1:")
  lu.assertStrContains(lines[1], ": BGP")
end

-- BGP's route target constraints (SAFI 132), multicast VPN routes (SAFI
-- 5) and MDT (SAFI 66) in reach and unreach attributes, the malformed
-- beside the good; the long ones cut where tcpdump's buffer ends.
local function bgp_mp_frames()
  local rd = "\0\0\0\100\0\0\0\1"
  local long6 = ip6("fd00:1111:2222:3333:4444:5555:6666:7777")
  local group6 = ip6("ff0e:1111:2222:3333:4444:5555:6666:7777")
  local function reach(safi, nlri) return attr(0x90, 14, "\0\1" .. u8(safi) .. "\4" .. ip4("10.0.0.1") .. "\0" .. nlri) end
  local function update(a) return bgp(2, u16(0) .. u16(#a) .. a) end
  local sg4 = "\32" .. ip4("1.1.1.1") .. "\32" .. ip4("239.1.1.1")
  local msgs = {
    update(reach(132, "\0" .. "\32" .. u32(22) .. "\48" .. u32(22) .. "\0\2" .. "\96" .. u32(22) .. "\0\2\0\1\0\0\0\5"
      .. "\83" .. u32(23) .. "\1\2\1\2\3\4\255" .. "\96" .. u32(100000) .. "\2\2\0\1\134\160\255\255"
      .. "\40" .. u32(1) .. "\7" .. "\96" .. u32(1) .. "\9\9\0\0\0\0\0\0" .. "\16")),
    update(reach(132, "\200" .. u32(1))),
    update(attr(0x90, 15, "\0\1\132" .. "\64" .. u32(5) .. "\1\2\10\0\0\1\0\7")),
    update(reach(5, "\1\12" .. rd .. ip4("1.1.1.1") .. "\2\12" .. rd .. u32(65001) .. "\3\22" .. rd .. sg4 .. ip4("2.2.2.2")
      .. "\4\3abc" .. "\5\18" .. rd .. sg4 .. "\6\22" .. rd .. u32(65001) .. sg4 .. "\9\0")),
    update(reach(5, "\7\46" .. rd .. u32(4200000000) .. "\128" .. long6 .. "\128" .. group6)),
    update(reach(5, "\1\0" .. rd .. "\5\14" .. rd .. "\40\1\2\3\4\5\0" .. "\3\9" .. rd .. "\0\0")),
    update(reach(5, "\3\30" .. rd .. "\0\0" .. ("\0"):rep(20))),
    update(reach(66, "\128" .. rd .. ip4("10.9.9.9") .. ip4("239.2.2.2") .. "\64" .. rd)),
    update(attr(0x90, 15, "\0\1\66" .. "\128" .. rd .. ip4("10.9.9.9") .. ip4("239.2.2.2"))),
  }
  local f = {}
  for _, m in ipairs(msgs) do f[#f + 1] = eth(0x0800, ipv4(6, tcp179(m), "10.0.0.2"), MAC_A) end
  return f
end

function TestRouting:test_bgp_route_targets_multicast_vpns_and_mdt()
  local lines = check(bgp_mp_frames(), {"-nn -v", "-nn -vv", "-nn -v -X"}, {"-nn -v"})
  local text = table.concat(lines, "\n")
  lu.assertStrContains(text, "Multi-Protocol Reach NLRI (14)")
  lu.assertStrContains(text, "origin AS: 22, route-target: 0:0/16 (0002)")
  lu.assertStrContains(text, "Route-Type: S-PMSI (3), length: 22, RD: 100:1 (= 0.0.0.1), Source 1.1.1.1, Group 239.1.1.1")
  lu.assertStrContains(text, "RD: 100:1 (= 0.0.0.1), VPN IP Address: 10.9.9.9, MC Group Address: 239.2.2.2")
end

-- LLDP -----------------------------------------------------------------

local function ltlv(t, v) return u16(t << 9 | #v) .. v end
local function org(oui, sub, v) return ltlv(127, string.pack(">I3B", oui, sub) .. v) end

local function lldp_frames()
  local base = ltlv(1, "\4" .. MAC_A) .. ltlv(2, "\5eth0") .. ltlv(3, u16(120))
  local mgmt = ltlv(8, "\5\1" .. ip4("10.0.0.1") .. "\2" .. u32(3) .. "\0")
  local full = base .. ltlv(4, "uplink port") .. ltlv(5, "switch1") .. ltlv(6, "Linux 6.1\0junk")
    .. ltlv(7, u16(0x14) .. u16(0x10)) .. mgmt
    .. ltlv(8, "\17\2" .. ip6("fd00::1") .. "\3" .. u32(7) .. "\4\1\2\3\4")
    .. ltlv(8, "\7\6" .. MAC_A .. "\9" .. u32(1) .. "\0") .. ltlv(8, "\2\9\9" .. "\2" .. u32(1))
    .. org(0x0080c2, 1, u16(100)) .. org(0x0080c2, 2, "\6" .. u16(200)) .. org(0x0080c2, 3, u16(5) .. "\5vlan5")
    .. org(0x0080c2, 4, "\4\136\142\0\1") .. org(0x0080c2, 7, "\3" .. u32(12)) .. org(0x0080c2, 8, "\165\90")
    .. org(0x0080c2, 9, "\135" .. "\1\35\69\103" .. "\10\20\30\40\0\0\0\0" .. "\2\2\2\2\0\0\0\0")
    .. org(0x0080c2, 10, "\0" .. ("\0"):rep(4) .. ("\50"):rep(8) .. ("\1"):rep(8))
    .. org(0x0080c2, 11, "\200\129") .. org(0x0080c2, 12, "\0" .. "\97\12\34" .. "\34\0\80")
    .. org(0x0080c2, 13, "\5\6\7\200\99") .. org(0x0080c2, 14, "\128\0\0\5" .. "\0\16\1")
    .. org(0x0080c2, 99, "zz") .. org(0x0080c2, 1, "")
    .. org(0x00120f, 1, "\3" .. u16(0x6c01) .. u16(16)) .. org(0x00120f, 2, "\7\1\3") .. org(0x00120f, 3, "\1" .. u32(9))
    .. org(0x00120f, 4, u16(9000)) .. org(0x00120f, 9, "") .. org(0x00120f, 1, "\3")
    .. org(0x00005e, 1, "https://example.com/mud") .. org(0x00005e, 2, "abcd") .. org(0x123456, 1, "vendor")
    .. ltlv(9, "reserved") .. ltlv(0, "")
  local list = {
    full, base .. ltlv(5, "sw2") .. ltlv(0, ""), ltlv(1, "\5\1" .. ip4("1.2.3.4")) .. ltlv(2, "\3" .. MAC_B)
      .. ltlv(1, "\1chassis") .. ltlv(2, "\7local") .. ltlv(1, "\9?") .. ltlv(0, ""),
    ltlv(1, "\5\2\1"), ltlv(2, "\3\1\2"), ltlv(1, "\1"), ltlv(3, "\1"), ltlv(7, "\0\1"), ltlv(8, "\9\1"),
    ltlv(8, "\5\1\1\1\1\1"), ltlv(8, "\5\1\1\1\1\1\2\0\0\0\1\9"), ltlv(127, "\0\18"), ltlv(5, "x") .. "\10",
    ltlv(5, "long") .. u16(5 << 9 | 40) .. "short",
    base .. org(0x0012bb, 1, u16(0x33) .. "\3") .. org(0x0012bb, 2, "\1\96\100\45") .. org(0x0012bb, 2, "\9\0\0\0")
      .. org(0x0012bb, 3, "\1\81\0\0\0\1\82\0\0\0\2\16\64\0\0\5\1")
      .. org(0x0012bb, 3, "\2\13\2US\1\3abc\6\4Main") .. org(0x0012bb, 3, "\2\6\1DE\0\2x")
      .. org(0x0012bb, 3, "\3" .. "911") .. org(0x0012bb, 3, "\7xy") .. org(0x0012bb, 3, "\2\2")
      .. org(0x0012bb, 4, "\81" .. u16(150)) .. org(0x0012bb, 4, "\38" .. u16(2000))
      .. org(0x0012bb, 5, "rev A") .. org(0x0012bb, 8, "SN123") .. org(0x0012bb, 11, "asset\0x")
      .. org(0x0012bb, 12, "?") .. org(0x0012bb, 1, "") .. org(0x0012bb, 2, "\1") .. ltlv(0, ""),
    base .. org(0x001b21, 2, ltlv(1, "\0\0" .. u32(5) .. u32(4)) .. ltlv(2, "\0\0\224\0" .. u32(0x01234567)
      .. "\10\20\30\40\0\0\0\0\8") .. ltlv(3, "\0\0\128\0\9\8") .. ltlv(4, "\0\0\64\0" .. u16(0x8906)
      .. "\0\0\0\8" .. u16(3260) .. "\64\0\0\16") .. ltlv(9, "zz")) .. org(0x001b21, 1, "old")
      .. org(0x001b21, 2, ltlv(1, "\0")) .. org(0x001b21, 2, ltlv(2, "\0\0\0\0") .. ltlv(0, ""))
      .. org(0x001b21, 2, ltlv(9, "abc")) .. org(0x001b21, 7, "") .. ltlv(0, ""),
  }
  local f = {}
  for _, l in ipairs(list) do
    local frame = eth(0x88cc, l, "\1\128\194\0\0\14")
    f[#f + 1] = frame .. ("\0"):rep(math.max(0, 60 - #frame))
  end
  return f
end

function TestRouting:test_lldp_every_tlv_and_organization_subtype()
  local lines = check(lldp_frames())
  lu.assertStrContains(lines[1], "LLDP, length ")
  lu.assertStrContains(lines[1], ": switch1")
end

-- PIM ------------------------------------------------------------------

-- A PIMv1 message (in IGMP, type 0x14) of TYPE with BODY (after the 8
-- header bytes; VER: the version nibble of byte 4).
local function pimv1(type, body, ver)
  local m = u8(0x14) .. u8(type) .. u16(0) .. u8((ver or 1) << 4) .. "\0\0\0" .. body
  return eth(0x0800, ipv4(2, m, "224.0.0.2"))
end

local function pimv1_frames()
  local g, s = ip4("239.1.1.1"), ip4("10.0.0.9")
  local jp1 = ip4("10.0.0.254") .. u16(0) .. u16(210) .. "\0\0\0\1" .. g .. u32(0xffffffff) .. u16(1) .. u16(0)
    .. "\1\24" .. s
  local jp2 = ip4("10.0.0.254") .. u16(0) .. u16(180) .. "\0\0\0\2" .. g .. ip4("255.255.0.0") .. u16(1) .. u16(1)
    .. "\1\152" .. s .. "\0\88" .. ip4("10.0.0.8") .. ip4("239.2.2.2") .. u32(0xffffffff) .. u16(0) .. u16(1)
    .. "\0\32" .. s
  return {
    pimv1(0, "\16\0" .. u16(105)), pimv1(0, "\48\0" .. u16(0)), pimv1(0, ""),
    pimv1(1, ("\69"):rep(12) .. s .. g), pimv1(2, s .. g), pimv1(3, jp1), pimv1(3, jp2), pimv1(6, jp1:sub(1, 12)),
    pimv1(7, "\1"), pimv1(4, g .. u32(0xffffffff) .. ip4("10.0.0.1") .. u16(0) .. u16(3600)),
    pimv1(5, g .. ip4("255.0.0.0") .. s .. u32(0x80000064) .. u32(7)), pimv1(9, "x"), pimv1(0, "\0\0\0\0", 2),
  }
end

function TestRouting:test_pim_v1_in_igmp()
  local lines = check(pimv1_frames())
  lu.assertEquals(lines[1], "22:13:21.000001 IP 10.0.0.1 > 224.0.0.2: igmp pimv1 Query Sparse-mode")
end

-- OSPFv3 ---------------------------------------------------------------

-- An OSPFv3 message of TYPE and BODY (O: {len, inst, ver, trailer}).
local function ospf6(type, body, o)
  o = o or {}
  return u8(o.ver or 3) .. u8(type) .. u16(o.len or (16 + #body)) .. ip4("1.1.1.1") .. ip4(o.area or "0.0.0.0")
    .. u16(0) .. u8(o.inst or 0) .. "\0" .. body .. (o.trailer or "")
end

local function lsa6(type, body)
  return u16(30) .. u16(type) .. ip4("0.0.0.1") .. ip4("2.2.2.2") .. u32(0x80000001) .. u16(0) .. u16(20 + #body)
    .. body
end

local function pfx6(len, opt, metric, addr) return u8(len) .. u8(opt) .. u16(metric) .. addr end

local function ospf6_frames()
  local hello = ip4("0.0.0.5") .. u32(0x01000213) .. u16(10) .. u16(40) .. ip4("1.1.1.1") .. ip4("2.2.2.2")
  local lsas = {
    lsa6(0x2001, u32(0x03000033) .. "\1\0" .. u16(10) .. u32(5) .. u32(6) .. ip4("3.3.3.3") .. "\2\0" .. u16(1)
      .. u32(7) .. u32(8) .. ip4("4.4.4.4") .. "\4\0" .. u16(2) .. u32(1) .. u32(2) .. ip4("5.5.5.5")),
    lsa6(0x2001, u32(0) .. "\9\0" .. u16(1) .. ("\0"):rep(12)),
    lsa6(0x2002, u32(0x33) .. ip4("1.1.1.1") .. ip4("2.2.2.2")),
    lsa6(0x2003, u32(20) .. pfx6(64, 0, 0, "\253\0\0\0\0\0\0\1") .. pfx6(0, 2, 0, "")),
    lsa6(0x4005, u32(0x83000010) .. pfx6(48, 0, 0, "\32\1\13\184\0\0\0\0") .. ip6("fd00::9") .. ip4("0.0.0.7")),
    lsa6(0x4005, u32(0x00000010) .. pfx6(32, 0x28, 5, "\32\1\13\184") .. ip4("9.9.9.9")),
    lsa6(0x0008, u32(0x01000013) .. ip6("fe80::1") .. u32(2) .. pfx6(64, 0, 0, "\253\0\0\0\0\0\0\1")
      .. pfx6(128, 1, 0, ip6("fd00::1"))),
    lsa6(0x2009, u16(1) .. u16(0x2001) .. ip4("0.0.0.0") .. ip4("1.1.1.1") .. pfx6(64, 0, 10, "\253\0\0\0\0\0\0\1")),
    lsa6(0x000b, tlv(1, u32(60)) .. tlv(2, "\1", true)),
    lsa6(0x000a, tlv(1, ip4("1.1.1.1"))), lsa6(0x2004, "abcd"), lsa6(0xa003, u32(1)),
  }
  local hdrs = {}
  for _, l in ipairs(lsas) do hdrs[#hdrs + 1] = l:sub(1, 20) end
  local at = u16(1) .. u16(32) .. u16(0) .. u16(7) .. u32(0) .. u32(9) .. ("\170"):rep(16)
  local p = {
    ospf6(1, hello .. ip4("3.3.3.3") .. ip4("4.4.4.4")),
    ospf6(1, ip4("0.0.0.5") .. u32(0x01000613) .. u16(10) .. u16(40) .. u32(0) .. u32(0), {
      inst = 2, area = "0.0.0.1", trailer = u16(0xabcd) .. u16(4) .. at}),
    ospf6(2, u32(0x13) .. u16(1500) .. "\0\7" .. u32(0x1234) .. table.concat(hdrs, "", 1, 3)),
    ospf6(2, u32(0x213) .. u16(1500) .. "\0\23" .. u32(1), {trailer = u16(1) .. u16(8) .. "\0\1\0\4"}),
    ospf6(3, u16(0) .. u16(0x2001) .. ip4("0.0.0.0") .. ip4("2.2.2.2") .. u16(0) .. u16(0x8008) .. ip4("0.0.0.1")
      .. ip4("3.3.3.3")),
    ospf6(4, u32(#lsas) .. table.concat(lsas)), ospf6(4, u32(1) .. lsa6(0x2003, u32(1) .. pfx6(200, 0, 0, ""))),
    ospf6(4, u32(1) .. lsa6(0x2001, "\0")), ospf6(4, u32(1) .. hdrs[1]:sub(1, 18) .. u16(8)),
    ospf6(5, table.concat(hdrs, "", 1, 4)), ospf6(5, hdrs[1], {trailer = u16(2) .. u16(16) .. ("\0"):rep(12)}),
    ospf6(1, hello, {len = 200}), ospf6(1, hello, {ver = 2}), ospf6(7, "x"),
  }
  local f = {}
  for _, m in ipairs(p) do f[#f + 1] = eth(0x86dd, ipv6(89, m), "\51\51\0\0\0\5") end
  return f
end

function TestRouting:test_ospf_v3_every_message_and_lsa()
  local lines = check(ospf6_frames())
  lu.assertEquals(lines[1], "22:13:21.000001 IP6 fe80::1 > ff02::5: OSPFv3, Hello, length 44")
end
