-- spec/eigrp_spec.lua: EIGRP (IP protocol 88) prints what the installed
-- tcpdump prints, line for line: the one-line form, and under -v and -vv
-- the header (opcodes, flags) and every TLV tcpdump decodes (general
-- parameters, software version, IP internal and external routes with
-- prefixes of every length, AppleTalk internal and external routes and
-- cable setup) or dumps (authentication, sequence, multicast sequence,
-- IPX, unknown), the short, oversized and illegal ones, over IPv4 and
-- IPv6, under -nn, -v, -vv, -e, -X, and every truncation.
local lu = require "luaunit"
local helper = require "helper"
local oracle = require "oracle"

TestEigrp = {}

local ip4, ip6 = helper.ip4_bytes, helper.ip6_bytes
local u8 = function(x) return string.pack(">B", x) end
local u16 = function(x) return string.pack(">I2", x) end
local u32 = function(x) return string.pack(">I4", x) end

local function eth4(payload)
  local ip = string.pack(">BBI2I2I2BBI2", 0x45, 0xc0, 20 + #payload, 0, 0, 2, 88, 0) .. ip4("10.0.0.1")
    .. ip4("224.0.0.10")
  return "\1\0\x5e\0\0\10\2\0\0\0\0\1\8\0" .. ip .. payload
end

local function eth6(payload)
  return "\x33\x33\0\0\0\10\2\0\0\0\0\1\x86\xdd" .. string.pack(">I4I2BB", 0x6e000000, #payload, 88, 1)
    .. ip6("fe80::1") .. ip6("ff02::a") .. payload
end

-- An EIGRP header (version VER, OPCODE, FLAGS), then the TLVS.
local function eigrp(opcode, tlvs, flags, ver)
  return u8(ver or 2) .. u8(opcode) .. u16(0xee68) .. u32(flags or 0) .. u32(0x11) .. u32(0x22)
    .. u16(0) .. u16(100) .. (tlvs or "")
end

local function tlv(t, v, len) return u16(t) .. u16(len or (4 + #v)) .. v end

local METRIC = u32(28160) .. u32(256000) .. "\0\5\220" .. "\1\255\1" .. "\0\0"
local function ip_int(nexthop, plen, dest)
  return tlv(0x0102, ip4(nexthop) .. METRIC .. u8(plen) .. dest)
end
local function ip_ext(nexthop, plen, dest, proto)
  return tlv(0x0103, ip4(nexthop) .. ip4("9.9.9.9") .. u32(65001) .. u32(0xabcd) .. u32(77) .. "\0\0"
    .. u8(proto) .. "\3" .. METRIC .. u8(plen) .. dest)
end
local function at_int(nexthop)
  return tlv(0x0202, nexthop .. METRIC .. u16(100) .. u16(110))
end
local function at_ext(nexthop, proto)
  return tlv(0x0203, nexthop .. u32(7) .. u32(8) .. u32(0x99) .. u8(proto) .. "\1" .. u16(5) .. METRIC
    .. u16(200) .. u16(210))
end

local function messages()
  local hello = tlv(1, "\1\0\1\0\0\0\0\15") .. tlv(4, "\12\4\1\2")
  return {
    eigrp(5, hello),
    eigrp(1, ip_int("0.0.0.0", 24, "\192\168\1") .. ip_int("10.0.0.9", 32, "\1\2\3\4")
      .. ip_int("0.0.0.0", 0, "") .. ip_int("0.0.0.0", 9, "\10\128"), 0x0b),
    eigrp(3, ip_ext("0.0.0.0", 16, "\172\16", 11) .. ip_ext("10.0.0.2", 8, "\10", 6)
      .. ip_ext("0.0.0.0", 1, "\128", 0) .. ip_ext("0.0.0.0", 1, "\128", 99), 0x04),
    eigrp(4, ip_int("0.0.0.0", 33, "\1\2\3\4\5") .. ip_ext("0.0.0.0", 40, "\1\2\3\4\5", 1)),
    eigrp(1, at_int("\0\0\0\0") .. at_int("\0\10\0\20") .. at_ext("\0\0\0\0", 2) .. at_ext("\1\2\3\4", 12)
      .. tlv(0x0204, u16(1) .. u16(9) .. u32(42)), 0x02),
    eigrp(5, tlv(2, "\0\2\0\16" .. ("\0"):rep(12) .. ("\x55"):rep(16)) .. tlv(3, "\4\10\0\0\1")
      .. tlv(5, u32(12)) .. tlv(0x0302, "\1\2\3") .. tlv(0x0303, "") .. tlv(0x7777, ("\9"):rep(20))),
    eigrp(5, tlv(1, "\1\2") .. tlv(4, "") .. tlv(0x0102, "\0\0") .. tlv(0x0103, "\0")
      .. tlv(0x0202, "") .. tlv(0x0203, "") .. tlv(0x0204, "\1")),                         -- too short
    eigrp(5, tlv(1, "\1\0\1\0\0\0\0\15") .. tlv(4, "\1\2\3\4", 2) .. "\1\2\3"),                -- length < 4
    eigrp(5, tlv(1, "\1\0\1\0\0\0\0\15") .. tlv(4, "\1\2\3\4", 99)),                          -- past the end
    eigrp(5, tlv(4, "\1\2\3\4") .. "\0\1"),                                                   -- 2 bytes left
    eigrp(6, ""), eigrp(7, "", 0xf0), eigrp(9, hello),
    eigrp(5, hello, 0, 1),                                                                    -- version 1
    eigrp(5, ""):sub(1, 12),                                                                  -- short header
  }
end

function TestEigrp:test_every_tlv_over_ipv4()
  local frames = {}
  for _, m in ipairs(messages()) do if #m > 0 then frames[#frames + 1] = eth4(m) end end
  -- a route TLV whose prefix runs past the TLV to the capture's end
  frames[#frames + 1] = eth4(eigrp(1, tlv(0x0102, ip4("0.0.0.0") .. METRIC .. u8(32) .. "\1")) .. "\2")
  local lines = oracle.check(frames)
  lu.assertStrContains(lines[1], "IP 10.0.0.1 > 224.0.0.10: EIGRP Hello, length: 40")
end

function TestEigrp:test_over_ipv6()
  local frames = {}
  for i, m in ipairs(messages()) do if i <= 6 then frames[#frames + 1] = eth6(m) end end
  local lines = oracle.check(frames, {"-nn", "-nn -v", "-nn -vv", "-nn -e"}, {"-nn", "-nn -v", "-nn -vv"})
  lu.assertStrContains(lines[1], "IP6 fe80::1 > ff02::a: EIGRP Hello, length: 40")
end
