-- spec/pim_spec.lua: PIM (IP protocol 103) prints what the installed
-- tcpdump prints, line for line: version 2's one line, and under -v and
-- -vv its checksum and messages (hello options, registers with the
-- packet inside, register stop, join/prune, graft, bootstrap, assert,
-- candidate RP, prune refresh, DF election, the RFC 2117 encoding), over
-- IPv4 and IPv6, under -nn, -nn -v, -nn -e, -nn -X, and every truncation.
local lu = require "luaunit"
local helper = require "helper"
local oracle = require "oracle"

TestPim = {}

local ip4, ip6 = helper.ip4_bytes, helper.ip6_bytes
local MAC_A, MAC_B = "\x01\x00\x5e\x00\x00\x0d", "\x02\x00\x00\x00\x00\x01"

-- The one's complement checksum of S.
local function cksum(s)
  if #s % 2 == 1 then s = s .. "\0" end
  local sum = 0
  for i = 1, #s, 2 do sum = sum + string.unpack(">I2", s, i) end
  while sum > 0xffff do sum = (sum & 0xffff) + (sum >> 16) end
  return ~sum & 0xffff
end

-- A PIMv2 message of TYPE (RSV: its second byte) with BODY; SUM: its
-- checksum (by default the right one over the whole message, or the
-- first N bytes when SUM is a number < 0: -N).
local function pim(type, body, sum, rsv)
  local m = string.pack(">BBI2", 0x20 | type, rsv or 0, 0) .. body
  if sum == nil or sum < 0 then
    local n = sum and -sum or #m
    sum = cksum(m:sub(1, n))
  end
  return m:sub(1, 2) .. string.pack(">I2", sum) .. m:sub(5)
end

local function eth4(payload)
  local h = string.pack(">BBI2I2I2BBI2", 0x45, 0, 20 + #payload, 1, 0, 1, 103, 0) .. ip4("10.0.0.1")
    .. ip4("224.0.0.13")
  return MAC_A .. MAC_B .. "\8\0" .. h:sub(1, 10) .. string.pack(">I2", cksum(h)) .. h:sub(13) .. payload
end

local function eth6(msg)
  local src, dst = ip6("fe80::1"), ip6("ff02::d")
  local sum = cksum(src .. dst .. string.pack(">I4I3B", #msg, 0, 103) .. msg:sub(1, 2) .. "\0\0" .. msg:sub(5))
  msg = msg:sub(1, 2) .. string.pack(">I2", sum) .. msg:sub(5)
  return "\x33\x33\0\0\0\13" .. MAC_B .. "\x86\xdd" .. string.pack(">I4I2BB", 0x60000000, #msg, 103, 1) .. src
    .. dst .. msg
end

local function opt(t, v) return string.pack(">I2I2", t, #v) .. v end
local function ua(a) return "\1\0" .. ip4(a) end                       -- encoded unicast
local function ga(a, m, f) return string.pack(">BBBB", 1, 0, f or 0, m or 32) .. ip4(a) end -- group
local function sa(a, m, f) return string.pack(">BBBB", 1, 0, f or 0, m or 32) .. ip4(a) end -- source

local function pim_frames()
  local hello = opt(1, "\0\105") .. opt(2, "\128\10\9\196") .. opt(19, "\0\0\0\1") .. opt(20, "\18\52\86\120")
    .. opt(21, "\1\60\0\0") .. opt(22, "") .. opt(24, ua("10.0.0.5") .. ua("10.0.0.6")) .. opt(99, "\1\2\3")
    .. opt(18, "")
  local inner = string.pack(">BBI2I2I2BBI2", 0x45, 0, 28, 9, 0, 63, 17, 0) .. ip4("192.168.1.1")
    .. ip4("239.1.1.1") .. string.pack(">I2I2I2I2", 1000, 2000, 8, 0)
  local jp = ua("10.0.0.2") .. string.pack(">BBI2", 0, 2, 210) .. ga("239.1.1.1") .. string.pack(">I2I2", 2, 1)
    .. sa("192.168.1.1", 32, 4) .. sa("0.0.0.0", 0, 7) .. sa("192.168.9.9", 24, 9) .. ga("239.2.0.0", 16, 1)
    .. string.pack(">I2I2", 0, 0)
  local bsr = string.pack(">I2BB", 0x1234, 30, 100) .. ua("10.0.0.9") .. ga("224.0.0.0", 4)
    .. string.pack(">BBI2", 2, 2, 0) .. ua("10.0.0.10") .. string.pack(">I2BB", 150, 1, 0) .. ua("10.0.0.11")
    .. string.pack(">I2BB", 90, 2, 0)
  return {
    eth4(pim(0, hello)),
    eth4(pim(1, "\0\0\0\0" .. inner, -8)),
    eth4(pim(1, "\64\0\0\0" .. ("\0"):rep(12) .. ip4("1.2.3.4") .. ip4("239.9.9.9"), -8)),
    eth4(pim(2, ga("239.1.1.1") .. ua("192.168.1.1"))),
    eth4(pim(3, jp)),
    eth4(pim(6, jp)),
    eth4(pim(7, string.pack(">BBI2", 0, 1, 0xffff) .. ga("239.1.1.1") .. string.pack(">I2I2", 0, 0))),
    eth4(pim(4, bsr)),
    eth4(pim(5, ga("239.1.1.1") .. ua("10.0.0.3") .. string.pack(">I4I4", 0x80000064, 10))),
    eth4(pim(8, string.pack(">BBI2", 2, 192, 150) .. ua("10.0.0.12") .. ga("239.0.0.0", 8) .. ga("238.0.0.0", 8))),
    eth4(pim(9, ua("10.0.0.4") .. ga("239.1.1.1") .. ua("10.0.0.5") .. "\0\60")),
    eth4(pim(10, ua("10.0.0.6") .. string.pack(">I4I4", 1, 2), nil, 0x10)),
    eth4(pim(10, ua("10.0.0.6") .. string.pack(">I4I4", 1, 2) .. ua("10.0.0.7") .. string.pack(">I4I4I2", 3, 4, 500),
      nil, 0x30)),
    eth4(pim(10, ua("10.0.0.6") .. string.pack(">I4I4", 1, 2) .. ua("10.0.0.7") .. string.pack(">I4I4", 3, 4),
      nil, 0x40)),
    eth4(pim(0, opt(1, "\0\105"), 0x1234)),
    eth4(pim(0, opt(1, "\0\105"), 0)),
    eth4(pim(0, opt(1, "\0\0\0"))),
    eth4(pim(2, ip4("239.1.1.1") .. ip4("10.1.1.1"), nil, 4)),
    eth4(pim(11, "\0\0\0\0")),
    eth4(pim(5, "\3\0\0\32" .. ip4("1.1.1.1"))),
    eth4("\16\0\0\0\0\0\0\0"),
    eth4("\32\0"),
    eth6(pim(0, opt(1, "\0\105") .. opt(24, "\2\0" .. ip6("2001:db8::1")))),
    eth6(pim(5, string.pack(">BBBB", 2, 0, 0, 128) .. ip6("ff0e::1") .. "\2\0" .. ip6("2001:db8::2")
      .. string.pack(">I4I4", 5, 6))),
  }
end

function TestPim:test_pim_v2_messages_under_every_option_set_and_cut()
  local lines = oracle.check(pim_frames())
  lu.assertEquals(lines[1], "22:13:21.000001 IP 10.0.0.1 > 224.0.0.13: PIMv2, Hello, length 73")
end

function TestPim:test_pim_v2_under_v_prints_options_and_checksums()
  local lines = oracle.check(pim_frames(), {"-nn -v"}, {})
  lu.assertStrContains(lines[2], "10.0.0.1 > 224.0.0.13: PIMv2, length 73")
  lu.assertStrContains(lines[3], "Hello, cksum 0x")
end

-- PIM version 1, inside IGMP (type 0x14) ------------------------------

-- An IGMP message carrying PIMv1 message TYPE (VER: the version byte)
-- with BODY after its 8-byte header; its checksum right unless BAD.
local function pimv1(type, body, ver, bad)
  local m = string.pack(">BBI2BBI2", 0x14, type, 0, ver or 0x10, 0, 0) .. body
  local sum = bad and 0x1234 or cksum(m)
  return m:sub(1, 2) .. string.pack(">I2", sum) .. m:sub(5)
end

local function igmp4(m)
  local h = string.pack(">BBI2I2I2BBI2", 0x45, 0, 20 + #m, 1, 0, 1, 2, 0) .. ip4("10.0.0.1") .. ip4("224.0.0.2")
  return MAC_A .. MAC_B .. "\8\0" .. h:sub(1, 10) .. string.pack(">I2", cksum(h)) .. h:sub(13) .. m
end

local function pimv1_frames()
  local ip = string.pack(">BBI2I2I2BBI2", 0x45, 0, 20, 0, 0, 64, 17, 0) .. ip4("192.168.1.1") .. ip4("239.1.1.1")
  local one = ip4("10.0.0.2") .. string.pack(">I2I2I3B", 0, 210, 0, 1) .. ip4("239.1.1.1") .. ip4("255.255.255.255")
    .. string.pack(">I2I2BB", 1, 0, 1, 0xe0 | 32) .. ip4("192.168.1.1")
  local many = ip4("10.0.0.2") .. string.pack(">I2I2I3B", 0, 180, 0, 2) .. ip4("239.1.1.1") .. ip4("255.255.0.0")
    .. string.pack(">I2I2", 1, 1) .. string.pack(">BB", 1, 0x80 | 24) .. ip4("192.168.1.0")
    .. string.pack(">BB", 0, 32) .. ip4("192.168.2.2") .. ip4("239.3.3.3") .. ip4("255.255.255.255")
    .. string.pack(">I2I2", 0, 0)
  return {
    igmp4(pimv1(0, "\16\0\0\105")),
    igmp4(pimv1(0, "\48\0\0\105")),
    igmp4(pimv1(1, ip)),
    igmp4(pimv1(2, ip4("192.168.1.1") .. ip4("239.1.1.1"))),
    igmp4(pimv1(3, one)),
    igmp4(pimv1(3, many)),
    igmp4(pimv1(6, many, 0x20)),
    igmp4(pimv1(7, ip4("10.0.0.2") .. "\0\0\0\0")),
    igmp4(pimv1(4, ip4("239.1.1.1") .. ip4("255.255.255.0") .. ip4("10.0.0.9") .. "\0\0\0\90")),
    igmp4(pimv1(5, ip4("239.1.1.1") .. ip4("255.255.255.255") .. ip4("10.0.0.3") .. string.pack(">I4I4", 0x80000005, 7))),
    igmp4(pimv1(9, "", 0x20, true)),
    igmp4(pimv1(3, "", 0x10)),
  }
end

function TestPim:test_pim_v1_inside_igmp()
  local lines = oracle.check(pimv1_frames())
  lu.assertEquals(lines[1], "22:13:21.000001 IP 10.0.0.1 > 224.0.0.2: igmp pimv1 Query Sparse-mode")
end
