-- spec/radius_spec.lua: RADIUS (UDP 1645, 1646, 1812, 1813, 1700 and
-- 3799) prints what the installed tcpdump prints, line for line: every
-- message code and unknown ones, and under -v every attribute type's
-- value: text, tagged tunnel attributes and passwords, EAP messages,
-- numbers with their standard values (out of range ones as #N), times,
-- durations, addresses and their special values, IPv6 prefixes
-- (inconsistent and bad ones), vendor attributes (bogus lengths), RFC
-- 5580 location attributes, RFC 5447 MIP6 attributes, ARAP attributes,
-- Error-Cause, wrong lengths of each, bogus attribute lengths, a message
-- shorter than its header or longer than its datagram; -vv each
-- attribute in hex; under -nn, -nn -v, -nn -vv, -nn -e, -nn -X, and
-- every truncation.
local lu = require "luaunit"
local helper = require "helper"
local oracle = require "oracle"

TestRadius = {}

local ip4, ip6 = helper.ip4_bytes, helper.ip6_bytes
local pack = string.pack
local MACS = "\2\0\0\0\0\2\2\0\0\0\0\1"

-- An Ethernet frame carrying a UDP datagram of DATA (over IPv6 when V6).
local function udp(data, sport, dport, v6)
  local u = pack(">I2I2I2I2", sport or 40000, dport or 1812, 8 + #data, 0) .. data
  if v6 then
    return MACS .. "\x86\xdd" .. pack(">I4I2BB", 0x60000000, #u, 17, 64) .. ip6("2001:db8::1")
      .. ip6("2001:db8::2") .. u
  end
  return MACS .. "\8\0" .. pack(">BBI2I2I2BBI2", 0x45, 0, 20 + #u, 7, 0, 64, 17, 0)
    .. ip4("10.0.0.1") .. ip4("10.0.0.2") .. u
end

local AUTH = "\x0f\x40\x3f\x94\x73\x97\x80\x57\xbd\x83\xd5\xcb\x98\xf4\x22\x7a"

-- A message of CODE, ID and ATTRS (LEN: the header's length).
local function msg(code, id, attrs, len)
  attrs = attrs or ""
  return pack(">BBI2", code, id, len or 20 + #attrs) .. AUTH .. attrs
end

local function attr(t, data) return pack("BB", t, 2 + #data) .. data end
local function u32(t, x) return attr(t, pack(">I4", x)) end

-- An EAP packet: CODE, ID, TYPE and DATA.
local function eap(code, id, t, data)
  local body = t and pack("B", t) .. (data or "") or ""
  return pack(">BBI2", code, id, 4 + #body) .. body
end

local function text_attrs()
  return table.concat {
    attr(1, "steve"), attr(18, "Hello\1\255 there\0hidden"), attr(11, "filter"),
    attr(69, "\5\0\42secret"), attr(69, "\40\1\2x"), attr(69, "\1\2"),
    attr(66, "\3endpoint"), attr(67, "\0server"), attr(81, "group"), attr(82, "\31id"),
    attr(90, "\32name"), attr(91, "\1"), attr(58, "\x31vlan"), attr(58, "\x32v"),
    attr(58, "\x40x"), attr(79, eap(2, 5, 1, "user")), attr(79, eap(1, 6, 13, "\x80\0\0\1\0")),
    attr(79, eap(3, 7)), attr(79, "\1\2\0\50"), attr(79, "\1"), attr(2, "pw"), attr(3, "c"),
    attr(80, ("\1"):rep(16)), attr(0, "zero"), attr(200, "high"), attr(17, "x"),
  }
end

local function num_attrs()
  local t = {}
  for _, a in ipairs {6, 7, 10, 13, 15, 29, 40, 45, 49, 57, 61, 72, 76} do
    t[#t + 1] = u32(a, 1)
    t[#t + 1] = u32(a, 0)
    t[#t + 1] = u32(a, 200)
  end
  for _, x in ipairs {0, 59, 60, 3599, 3600, 86399, 4000000000} do t[#t + 1] = u32(27, x) end
  for _, a in ipairs {28, 41, 46, 85} do t[#t + 1] = u32(a, 61) end
  return table.concat(t) .. table.concat {
    u32(5, 7), u32(12, 1500), u32(23, 0xfffffffe), u32(23, 9), u32(37, 0), u32(37, 3),
    u32(38, 0), u32(38, 4), attr(64, "\0\0\0\3"), attr(64, "\7\0\0\42"), attr(65, "\1\0\0\1"),
    attr(65, "\0\0\1\0"), attr(83, "\0\0\0\5"), attr(83, "\3\0\1\0"), attr(56, "\x31\0\0\10"),
    attr(56, "\x33\0\1\0"), u32(86, 12), attr(5, "\1\2"), attr(6, "\1\2\3\4\5"),
  }
end

local function addr_attrs()
  local p6 = ip6("2001:db8:1:2::")
  return table.concat {
    attr(4, ip4("192.168.1.16")), attr(8, "\255\255\255\255"), attr(8, "\255\255\255\254"),
    attr(8, ip4("10.1.2.3")), attr(14, "\255\255\255\254"), attr(9, "\255\255\255\0"),
    attr(4, "\1\2"), attr(95, ip6("2001:db8::5")), attr(98, ip6("fe80::1")), attr(95, "\1\2\3"),
    attr(97, "\0\64" .. p6:sub(1, 8)), attr(97, "\0\128" .. p6:sub(1, 4)), attr(97, "\0\129"),
    attr(97, "\0"), attr(123, "\0\48" .. p6:sub(1, 6)), attr(123, "\0\0"),
    attr(123, "\0\64" .. p6 .. "\1\2"), attr(125, "\64" .. p6), attr(125, "\200" .. p6),
    attr(125, "\64" .. p6:sub(1, 8)), u32(55, 1234567890), u32(55, 0), attr(55, "\1\2\3"),
  }
end

local function vendor_attrs()
  return table.concat {
    attr(26, pack(">I4", 311) .. attr(1, "ms") .. attr(7, "\0\1\2")),
    attr(26, pack(">I4", 9) .. attr(1, "cisco-avpair=x")), attr(26, pack(">I4", 99999)),
    attr(26, pack(">I4", 4874) .. "\1\1"), attr(26, pack(">I4", 2636) .. "\1\9ab"),
    attr(26, pack(">I4", 3561) .. "\1"), attr(26, "\0\0\1"),
    attr(26, pack(">I4", 35632) .. attr(2, "") .. attr(3, "x\0y")),
  }
end

local function location_attrs()
  local ntp = pack(">I4I4", 3913056000, 0x80000000)
  return table.concat {
    attr(126, "\x31example.com"), attr(126, "\x30\1\2"), attr(126, "\x40x"), attr(126, "\x31"),
    attr(127, pack(">I2BB", 1, 0, 1) .. ntp .. ntp .. "GPS\0"), attr(127, pack(">I2BB", 2, 5, 7) .. ntp .. pack(">I4I4", 0, 0) .. "x"),
    attr(127, ("\0"):rep(20)), attr(128, pack(">I2", 1) .. "location data here, long enough"),
    attr(128, "\0\1"), attr(129, pack(">I2", 0x8001) .. ntp .. "note"), attr(129, pack(">I2", 0) .. ntp),
    attr(129, ("\0"):rep(9)), attr(124, pack(">I4I4", 0x00030000, 0x3)), attr(124, pack(">I4I4", 0, 0)),
    attr(124, "\1\2"),
  }
end

local function strange_attrs()
  return table.concat {
    attr(70, "\1\2\3\4\5\6\7\8\9\10\11\12\13\14\15\16"), attr(70, "\1\2"),
    attr(71, "\1\8\0\0\0\1\0\0\0\2\0\0\0\3"), attr(71, "\0\6\1\2\3\4\5\6\7\8\9\10\11\12"),
    attr(71, "\1"), attr(84, "\171\205\239\1\35\69\103\137"), attr(84, "\1\2\3"),
    attr(84, ("\1"):rep(10)), u32(101, 201), u32(101, 999), attr(101, "\1"),
  }
end

local function frames()
  return {
    udp(msg(1, 5, text_attrs())),
    udp(msg(2, 6, num_attrs()), 1812, 40000),
    udp(msg(4, 7, addr_attrs()), 40000, 1813),
    udp(msg(11, 8, vendor_attrs()), 1645, 1645),
    udp(msg(43, 9, location_attrs()), 40000, 3799),
    udp(msg(3, 10, strange_attrs()), 1646, 40000),
    udp(msg(5, 11, attr(1, "x"), 60), 40000, 1700),
    udp(msg(12, 12, attr(1, "ab") .. "\1"), 40000, 1812),
    udp(msg(13, 13, attr(1, "ab") .. "\1\1"), 40000, 1812),
    udp(msg(40, 14, attr(1, "ab") .. "\1\40xx"), 40000, 1812),
    udp(msg(255, 15, attr(4, ip4("1.2.3.4"))), 40000, 1812, true),
    udp(msg(99, 16, ""), 40000, 1812),
    udp(msg(41, 17, "", 19), 40000, 1812),
    udp(msg(42, 18, u32(27, 5) .. u32(28, 6)), 40000, 1812),
    udp(msg(44, 19, "") .. "trailing", 40000, 1812),
    udp(msg(45, 20, ""):sub(1, 15), 40000, 1812),
  }
end

function TestRadius:test_radius_under_every_option_set_and_cut()
  local lines = oracle.check(frames())
  lu.assertStrContains(lines[1], "RADIUS, Access-Request (1), id: 0x05 length: ")
end
