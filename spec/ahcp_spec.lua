-- spec/ahcp_spec.lua: the Ad-Hoc Configuration Protocol (UDP 5359,
-- Babel's companion) prints what the installed tcpdump prints, line for
-- line: version 1's header under -v, every message type, and under -vv
-- every option (times, IPv6 and IPv4 addresses and prefixes, unknown
-- ones) with the lengths tcpdump calls invalid, bad magic numbers and
-- unknown versions, under -nn, -nn -v, -nn -vv, -nn -e, -nn -X, and
-- every truncation. The Babel corpus file babel.pcap carries these.
local lu = require "luaunit"
local helper = require "helper"
local oracle = require "oracle"

TestAhcp = {}

local ip4, ip6 = helper.ip4_bytes, helper.ip6_bytes

local function eth6(data)
  local u = string.pack(">I2I2I2I2", 5359, 5359, 8 + #data, 0) .. data
  return "\51\51\0\0\0\1\2\0\0\0\0\1\134\221" .. string.pack(">I4I2BB", 0x60000000, #u, 17, 1) .. ip6("fe80::1")
    .. ip6("ff02::cca6:c0f9:e182:5359") .. u
end

-- A version 1 message of TYPE whose body holds OPTS (MBZ: its reserved
-- byte; BLEN: the body length it claims).
local function ahcp(type, opts, mbz, blen)
  return "\43\1\2\3" .. "\0\0\1\2" .. "\0\0\0\0\0\0\0\1" .. "\2\0\0\0\0\0\0\2"
    .. string.char(type, mbz or 0) .. string.pack(">I2", blen or #opts) .. opts
end

local function opt(no, body) return string.char(no, #body) .. body end

local function frames()
  local all = "\0\1" .. opt(2, "\98\0\0\0") .. opt(3, "\0\0\14\16") .. opt(4, ip6("2001:db8::1"))
    .. opt(5, ip4("10.0.0.1")) .. opt(6, ip6("2001:db8::") .. "\64") .. opt(7, ip4("10.1.0.0") .. "\16")
    .. opt(8, ip6("2001:db8::2") .. ip6("2001:db8::3")) .. opt(9, ip4("10.0.0.2") .. ip4("10.0.0.3"))
    .. opt(10, ip6("2001:db8:1::") .. "\48") .. opt(11, ip4("10.2.0.0") .. "\24" .. ip4("10.3.0.0") .. "\24")
    .. opt(12, ip6("2001:db8::53")) .. opt(13, ip6("2001:db8::123")) .. opt(99, "xyz")
  return {
    eth6(ahcp(0, "")),
    eth6(ahcp(2, all)),
    eth6(ahcp(3, opt(2, "\1\2\3"), 7)),
    eth6(ahcp(1, opt(3, "\1\2"))),
    eth6(ahcp(4, opt(4, ("\1"):rep(20)))),
    eth6(ahcp(5, opt(5, "\1\2\3\4\5"))),
    eth6(ahcp(9, opt(6, ("\1"):rep(16)))),
    eth6(ahcp(0, opt(11, "\1\2\3\4"))),
    eth6(ahcp(0, "\2\9\1\2")),
    eth6(ahcp(0, "\2")),
    eth6(ahcp(0, "", 0, 40)),
    eth6(ahcp(0, "\1\2\3", 0, 1)),
    eth6("\43\1\2\3" .. "\0\0\1\2" .. "\0\0\0\0\0\0\0\1" .. "\2\0\0\0\0\0\0\2" .. "\0\0"),
    eth6("\43\1\2\3"),
    eth6("\43\2" .. "what follows"),
    eth6("\42\1" .. ("\0"):rep(26)),
    eth6("\43"),
  }
end

function TestAhcp:test_ahcp_under_every_option_set_and_cut()
  local lines = oracle.check(frames())
  lu.assertStrContains(lines[1], "fe80::1.5359 > ff02::cca6:c0f9:e182:5359.5359: AHCP Version 1")
end
