-- spec/rsvp_spec.lua: RSVP (IP protocol 46) prints what the installed
-- tcpdump prints, line for line: the message line, and under -v the
-- common header and every object tcpdump decodes (sessions, hops, time
-- values, error specs, styles, IntServ flow and filter specs, labels,
-- label requests, EROs and RROs, hellos, message ids, integrity,
-- GMPLS, fast re-route, detours, properties, generalized UNI), bundles,
-- unknown objects in hex, the malformed ones, over IPv4 and IPv6, under
-- every option set and every truncation.
local lu = require "luaunit"
local helper = require "helper"
local oracle = require "oracle"

TestRsvp = {}

local ip4, ip6 = helper.ip4_bytes, helper.ip6_bytes
local u8 = function(x) return string.pack(">B", x) end
local u16 = function(x) return string.pack(">I2", x) end
local u32 = function(x) return string.pack(">I4", x) end
local f32 = function(x) return string.pack(">f", x) end

local function eth4(payload)
  return "\1\0\x5e\0\0\5\2\0\0\0\0\1\8\0" .. string.pack(">BBI2I2I2BBI2", 0x45, 0xc0, 20 + #payload, 1, 0, 1, 46, 0)
    .. ip4("10.0.0.1") .. ip4("10.0.0.2") .. payload
end

local function eth6(payload)
  return "\51\51\0\0\0\5\2\0\0\0\0\1\134\221" .. string.pack(">I4I2BB", 0x60000000, #payload, 46, 1)
    .. ip6("fe80::1") .. ip6("fe80::2") .. payload
end

-- An object of class K, class-type T, BODY.
local function obj(k, t, body) return u16(4 + #body) .. u8(k) .. u8(t) .. body end

-- A message of TYPE with OBJS (LEN: its length field; VF: version and flags).
local function msg(type, objs, len, vf)
  return u8(vf or 0x10) .. u8(type) .. u16(0x1234) .. u8(64) .. "\0" .. u16(len or 8 + #objs) .. objs
end

local function frames()
  local rd = ip4("192.168.1.1")
  local session = obj(1, 1, ip4("10.1.1.1") .. "\17\1" .. u16(5000)) .. obj(1, 2, ip6("fd00::1") .. "\6\0" .. u16(80))
    .. obj(1, 7, ip4("10.2.2.2") .. "\0\0" .. u16(9) .. ip4("10.3.3.3")) .. obj(1, 8, ip6("fd00::2") .. "\0\0" .. u16(7)
      .. ip6("fd00::3")) .. obj(1, 13, ip4("10.4.4.4") .. "\0\0" .. u16(3) .. rd) .. obj(1, 14, u32(77) .. "\0\0" .. u16(4)
      .. ip6("fd00::4") .. "\0\0") .. obj(1, 11, ip4("10.5.5.5") .. "\0\0" .. u16(1) .. rd) .. obj(1, 99, "abcd")
    .. obj(1, 1, "abcd")
  local path = session .. obj(3, 1, ip4("10.0.0.9") .. u32(3)) .. obj(3, 3, ip4("10.0.0.9") .. u32(3) .. "tlv!")
    .. obj(3, 2, ip6("fe80::9") .. u32(4)) .. obj(5, 1, u32(30000)) .. obj(11, 1, ip4("10.0.0.1") .. "\0\0" .. u16(1))
    .. obj(11, 2, ip6("fd00::1") .. "\0\0" .. u16(2)) .. obj(11, 7, ip4("10.0.0.1") .. "\0\0" .. u16(3))
    .. obj(11, 12, ip4("10.0.0.1") .. "\0\0" .. u16(4) .. ip4("10.0.0.7") .. "\0\0" .. u16(5))
    .. obj(11, 13, ip6("fd00::1") .. "\0\0" .. u16(6) .. ip6("fd00::7") .. "\0\0" .. u16(8))
    .. obj(12, 2, "\0\0\0\7" .. "\1\0\0\6" .. "\127\0\0\5" .. f32(125000) .. f32(1500) .. f32(250000) .. u32(64) .. u32(1500))
    .. obj(19, 1, "\0\0\8\0" .. "\0\0\1\1") .. obj(19, 4, "\2\51\0\33")
    .. obj(20, 1, "\1\8" .. ip4("10.9.9.9") .. "\32\1" .. "\129\8" .. ip4("10.8.8.8") .. "\32\0" .. "\3\8\1\1" .. u32(99)
      .. "\32\4\0\1")
    .. obj(207, 7, "\7\7\6\5" .. "lsp-a\1") .. obj(205, 1, "\7\7\3\0" .. f32(1e6) .. u32(1) .. u32(2) .. u32(3))
    .. obj(205, 7, "\1\2\3\0" .. f32(2e6) .. u32(4) .. u32(5)) .. obj(63, 7, ip4("1.1.1.1") .. ip4("2.2.2.2"))
    .. obj(66, 1, u32(3)) .. obj(125, 1, u32(9)) .. obj(196, 1, u32(0x80000005)) .. obj(36, 1, "\0\0\0\5" .. u32(1) .. u32(2))
    .. obj(36, 1, "\2\0\0\1" .. u32(10) .. u32(20)) .. obj(50, 1, ip4("10.7.7.7")) .. obj(50, 2, ip6("fd00::7"))
    .. obj(195, 1, ip4("10.6.6.6")) .. obj(195, 2, ip6("fd00::6")) .. obj(37, 1, u32(1)) .. obj(230, 1, "call")
  local resv = obj(8, 1, "\0\0\0\10") .. obj(8, 1, "\0\0\0\18") .. obj(9, 2, "\0\0\0\10" .. "\5\128\0\8"
    .. "\127\0\0\5" .. f32(1000) .. f32(100) .. f32(2000) .. u32(1) .. u32(2) .. "\130\0\0\2" .. f32(3e5) .. u32(7))
    .. obj(13, 2, "\0\0\0\9" .. "\1\0\0\8" .. "\4\0\0\1" .. u32(3) .. "\6\0\0\1" .. f32(8e6) .. "\8\0\0\1" .. u32(0xffffffff)
      .. "\10\0\0\1" .. u32(1500) .. "\133\0\0\1" .. u32(9) .. "\99\0\0\1" .. u32(1))
    .. obj(10, 1, ip4("10.0.0.1") .. "\0\0" .. u16(1)) .. obj(10, 3, ip6("fd00::1") .. "\0\0\1\2")
    .. obj(10, 8, ip4("10.0.0.1") .. ("\0"):rep(14) .. u16(3)) .. obj(10, 7, ip4("10.0.0.1") .. "\0\0" .. u16(9))
    .. obj(15, 1, ip4("10.0.0.3")) .. obj(15, 2, ip6("fd00::3")) .. obj(16, 1, u32(16) .. u32(17)) .. obj(16, 2, u32(18))
    .. obj(16, 3, u32(1) .. u32(2) .. u32(3)) .. obj(129, 1, u32(5)) .. obj(35, 2, u32(6)) .. obj(34, 3, u32(1) .. u32(2) .. u32(3))
    .. obj(21, 1, "\1\8" .. ip4("10.9.9.9") .. "\32\3" .. "\3\8\0\1" .. u32(5)) .. obj(19, 2, "\0\0\8\0\128\1\0\2\0\3\0\4")
    .. obj(19, 3, "\0\0\134\221\1\0\0\16\0\0\4\0")
  local err = obj(6, 1, ip4("10.0.0.4") .. "\1\24" .. u16(5)) .. obj(6, 3, ip4("10.0.0.4") .. "\0\28" .. u16(3))
    .. obj(6, 1, ip4("10.0.0.4") .. "\0\25" .. u16(1)) .. obj(6, 2, ip6("fd00::4") .. "\0\24" .. u16(77))
    .. obj(6, 4, ip6("fd00::4") .. "\0\1" .. u16(1)) .. obj(4, 1, "\128\0\0\0\0\0\0\5" .. ("\0"):rep(7) .. "\9" .. ("\171"):rep(16))
    .. obj(204, 1, "\0\2\0\0" .. "\1\4ab" .. "\16\3z\0") .. obj(23, 1, "\1\0\0\9" .. u32(1) .. u32(2))
    .. obj(24, 2, "\0\0\0\1" .. u32(3)) .. obj(25, 1, "\0\0\0\2")
  local hello = obj(22, 1, u32(0x11223344) .. u32(0x55667788)) .. obj(22, 2, u32(1) .. u32(2))
    .. obj(131, 1, u32(1000) .. u32(2000)) .. obj(134, 1, u32(0x10000007)) .. obj(134, 1, u32(2))
  local uni = obj(229, 1, "\0\8\1\1" .. ip4("10.1.2.3") .. "\0\20\2\2" .. ip6("fd00::5") .. "\0\8\1\3abcd" .. "\0\4\3\0"
    .. "\0\8\3\0abcd" .. "\0\16\4\0" .. u32(0x80000003) .. u32(7) .. u32(8) .. "\0\8\5\0\9\0\0\0" .. "\0\8\9\0abcd"
    .. "\0\8\1\7abcd")
  local bundle = msg(12, msg(1, obj(5, 1, u32(1))) .. msg(2, obj(8, 1, "\0\0\0\17")))
  return {
    eth4(msg(1, path)), eth4(msg(2, resv)), eth4(msg(3, err)), eth4(msg(20, hello, nil, 0x11)), eth4(msg(1, uni)),
    eth4(bundle), eth6(msg(13, obj(24, 1, "\0\0\0\1" .. u32(9)))), eth4(msg(99, "abcdefgh")),
    eth4(msg(1, obj(3, 1, ip4("10.0.0.9")))), eth4(msg(1, obj(5, 1, u32(1)) .. "\0\6\5\1")),
    eth4(msg(1, "\0\2\5\1")), eth4(msg(1, obj(5, 1, u32(1)), 12)), eth4(msg(1, "", 4)), eth4(msg(1, "", nil, 0x20)),
    eth4(msg(1, obj(20, 1, "\1\6" .. ip4("1.2.3.4") .. "\32\0"))), eth4(msg(1, obj(20, 1, "\1\8" .. ip4("1.2.3.4") .. "\24\0"))),
    eth4(msg(1, obj(20, 1, "\1\12" .. ip4("1.2.3.4") .. "\32\0"))), eth4(msg(1, obj(20, 1, "\1\0\0\0"))),
    eth4(msg(1, obj(204, 1, "\0\1\0\0" .. "\1\1\0\0"))), eth4(msg(1, obj(229, 1, "\0\2\1\1"))),
    eth4(msg(1, obj(229, 1, "\0\4\1\1"))), eth4(msg(1, obj(229, 1, "\0\8\4\0abcd"))), eth4(msg(1, obj(229, 1, "\0\1"))),
    eth4(msg(1, obj(207, 7, "\0\0\0\9ab"))), eth4(msg(12, msg(1, "", 12))), eth4(msg(12, msg(1, "", 4))),
    eth4(msg(12, msg(1, "", nil, 0x30))), eth4(msg(12, msg(1, "\0\3"))),
  }
end

function TestRsvp:test_rsvp_objects_under_every_option_set_and_cut()
  local lines = oracle.check(frames())
  lu.assertEquals(lines[1]:match("IP .*"), "IP 10.0.0.1 > 10.0.0.2: RSVPv1 Path Message, length: " .. #frames()[1] - 34)
end

function TestRsvp:test_v_shows_the_header_and_objects()
  local file = oracle.pcap_file(oracle.records({frames()[4]}))
  local lines = oracle.same_as_tcpdump(file, {"-nn -v"})
  lu.assertStrContains(lines[3], "RSVPv1 Hello Message (20), Flags: [Refresh reduction capable], length: 60, ttl: 64, checksum: 0x1234")
  lu.assertStrContains(lines[5], "Source Instance: 0x11223344, Destination Instance: 0x55667788")
end
