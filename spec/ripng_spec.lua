-- spec/ripng_spec.lua: RIPng (UDP 521) prints what the installed
-- tcpdump prints, line for line: requests (a whole-table one as "dump")
-- and responses with each route's prefix, tag and metric (-vv: a line
-- each), lengths that hold no whole number of routes, other versions
-- and commands, under -nn, -nn -v, -nn -vv, -nn -e, -nn -X, and every
-- truncation. The corpus file hoobr_ripng_print.pcap carries one.
local lu = require "luaunit"
local helper = require "helper"
local oracle = require "oracle"

TestRipng = {}

local ip6 = helper.ip6_bytes

local function eth6(data)
  local u = string.pack(">I2I2I2I2", 521, 521, 8 + #data, 0) .. data
  return "\51\51\0\0\0\9\2\0\0\0\0\1\134\221" .. string.pack(">I4I2BB", 0x60000000, #u, 17, 255) .. ip6("fe80::1")
    .. ip6("ff02::9") .. u
end

local function ni(p, tag, plen, metric) return ip6(p) .. string.pack(">I2BB", tag, plen, metric) end

local function frames()
  return {
    eth6("\1\1\0\0" .. ni("::", 0, 0, 16)),
    eth6("\1\1\0\0" .. ni("2001:db8::", 0, 32, 16)),
    eth6("\1\1\0\0" .. ni("2001:db8::", 7, 32, 1) .. ni("2001:db8:1::", 0, 48, 0)),
    eth6("\2\1\0\0" .. ni("2001:db8::", 0, 64, 1) .. ni("2001:db8:2::", 9, 48, 16) .. ni("::", 0, 0, 0)),
    eth6("\2\1\0\0" .. ni("2001:db8::", 0, 64, 1) .. "\1\2\3"),
    eth6("\1\1\0\0" .. "\1\2"),
    eth6("\2\1\0\0"),
    eth6("\2\2\0\0" .. ni("2001:db8::", 0, 64, 1)),
    eth6("\3\1\0\0" .. ni("2001:db8::", 0, 64, 1)),
    eth6("\2\1"),
  }
end

function TestRipng:test_ripng_under_every_option_set_and_cut()
  local lines = oracle.check(frames())
  lu.assertStrContains(lines[1], "fe80::1.521 > ff02::9.521:  ripng-req dump")
end
