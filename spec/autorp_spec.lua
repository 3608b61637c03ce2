-- spec/autorp_spec.lua: Cisco's auto-RP (UDP 496) prints what the
-- installed tcpdump prints, line for line: candidate advertisements and
-- mappings, hold times (FOREVER), each RP's PIM versions and its group
-- entries (negative, bidir, reserved bits), and the lengths that run
-- out, under -nn, -nn -v, -nn -vv, -nn -e, -nn -X, and every
-- truncation. The Babel corpus file babel_update_oobr.pcap carries some.
local lu = require "luaunit"
local helper = require "helper"
local oracle = require "oracle"

TestAutorp = {}

local ip4 = helper.ip4_bytes

local function eth4(data)
  local u = string.pack(">I2I2I2I2", 496, 496, 8 + #data, 0) .. data
  return "\1\0\94\0\1\39\2\0\0\0\0\1\8\0" .. string.pack(">BBI2I2I2BBI2", 0x45, 0, 20 + #u, 1, 0, 16, 17, 0)
    .. ip4("10.0.0.1") .. ip4("224.0.1.39") .. u
end

local function entry(flags, mask, addr) return string.char(flags, mask) .. ip4(addr) end

local function frames()
  return {
    eth4("\17\1\0\180\0\0\0\0" .. ip4("10.0.0.1") .. "\2\1" .. entry(0, 4, "224.0.0.0")),
    eth4("\18\2\0\0\0\0\0\0" .. ip4("10.0.0.1") .. "\3\2" .. entry(1, 8, "239.0.0.0") .. entry(2, 24, "232.1.1.0")
      .. ip4("10.0.0.2") .. "\5\1" .. entry(0xfc, 16, "225.1.0.0")),
    eth4("\19\1\14\16\0\0\0\0" .. ip4("10.0.0.3") .. "\0\0"),
    eth4("\17\1\0\60\0\0\0\0" .. ip4("10.0.0.1") .. "\2\2" .. entry(0, 4, "224.0.0.0")),
    eth4("\17\1\0\60\0\0\0\0" .. ip4("10.0.0.1") .. "\2"),
    eth4("\17\1\0\60\0\0\0\0" .. ip4("10.0.0.1")),
    eth4("\17\1\0\60\0\0\0\0" .. "\10\0"),
    eth4("\17\1\0\60\0\0\0"),
  }
end

function TestAutorp:test_autorp_under_every_option_set_and_cut()
  local lines = oracle.check(frames())
  lu.assertStrContains(lines[1], "10.0.0.1.496 > 224.0.1.39.496:  auto-rp candidate-advert Hold 3m RP 10.0.0.1 PIMv2 224.0.0.0/4")
end
