-- spec/timed_spec.lua: the BSD time daemon's TSP (UDP 525) prints what
-- the installed tcpdump prints, line for line: every message type by
-- name and an unknown one by number, the hop count of TSP_LOOP, the time
-- of the set and adjust messages (negative ones, and a negative
-- microsecond count that ends the line), the host name to its NUL or
-- its 256 bytes, under -nn, -nn -v, -nn -vv, -nn -e, -nn -X, and every
-- truncation. The corpus files timed_1.pcap and kh-timed-*-oobr.pcap
-- carry these.
local lu = require "luaunit"
local helper = require "helper"
local oracle = require "oracle"

TestTimed = {}

local ip4 = helper.ip4_bytes

local function eth4(data, sport, dport)
  local u = string.pack(">I2I2I2I2", sport or 525, dport or 525, 8 + #data, 0) .. data
  return "\2\0\0\0\0\2\2\0\0\0\0\1\8\0" .. string.pack(">BBI2I2I2BBI2", 0x45, 0, 20 + #u, 1, 0, 64, 17, 0)
    .. ip4("10.0.0.1") .. ip4("10.0.0.255") .. u
end

-- A message of TYPE with its union's 8 bytes U and NAME.
local function tsp(type, u, name)
  return string.char(type, 1) .. "\60\138" .. u .. name
end

local function frames()
  local t = {}
  for type = 0, 25 do
    t[#t + 1] = eth4(tsp(type, string.pack(">i4i4", 12, 500), "host" .. type .. ".example\0"))
  end
  t[#t + 1] = eth4(tsp(24, "\10\0\0\0\0\0\0\0", "loop.example\0pad"))
  t[#t + 1] = eth4(tsp(5, string.pack(">i4i4", -3, 250000), "neg\0"))
  t[#t + 1] = eth4(tsp(1, string.pack(">i4i4", -1, 250000), "minus\0"))
  t[#t + 1] = eth4(tsp(22, string.pack(">i4i4", -5, 0), "whole\0"))
  t[#t + 1] = eth4(tsp(23, string.pack(">i4i4", 7, -1), "bad usec\0"))
  t[#t + 1] = eth4(tsp(7, ("\0"):rep(8), ("n"):rep(300)), 40000, 525)
  t[#t + 1] = eth4(tsp(3, ("\0"):rep(8), "\1\200\127 ctl\0"), 525, 40000)
  t[#t + 1] = eth4(tsp(200, ("\0"):rep(8), "no end"))
  t[#t + 1] = eth4("")
  return t
end

function TestTimed:test_tsp_under_every_option_set_and_cut()
  local lines = oracle.check(frames())
  lu.assertStrContains(lines[1], "10.0.0.1.525 > 10.0.0.255.525: TSP_ANY vers 1 seq 15498 name host0.example")
  lu.assertStrContains(lines[25], "TSP_LOOP vers 1 seq 15498 hopcnt 0 name host24.example")
end
