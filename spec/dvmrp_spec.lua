-- spec/dvmrp_spec.lua: DVMRP (IGMP type 0x13) prints what the installed
-- tcpdump prints, line for line: every message type, a probe's
-- generation id (-v) and neighbours (-vv), a report's masks, origins and
-- metrics (-vv), the old and new neighbour lists with metrics,
-- thresholds and flags, prunes with their timer (0x80000000 seconds
-- among them), grafts and their acks, and the lengths it calls invalid,
-- under -nn, -nn -v, -nn -vv, -nn -e, -nn -X, and every truncation. The
-- corpus files relts-0x80000000.pcap and mrinfo_query.pcap carry these.
local lu = require "luaunit"
local helper = require "helper"
local oracle = require "oracle"

TestDvmrp = {}

local ip4 = helper.ip4_bytes

local function eth4(data)
  return "\1\0\94\0\0\4\2\0\0\0\0\1\8\0" .. string.pack(">BBI2I2I2BBI2", 0x45, 0, 20 + #data, 1, 0, 1, 2, 0)
    .. ip4("10.0.0.1") .. ip4("224.0.0.4") .. data
end

-- A DVMRP message of TYPE (its "group" word GRP) with BODY.
local function dvmrp(type, body, grp)
  return string.char(0x13, type) .. "\0\0" .. (grp or "\0\0\12\4") .. body
end

local function frames()
  local sg = ip4("10.1.1.1") .. ip4("239.1.1.1")
  return {
    dvmrp(1, "\0\0\1\2" .. ip4("10.0.0.2") .. ip4("10.0.0.3")),
    dvmrp(1, "\0\0\1\2" .. "\1\2"),
    dvmrp(1, "\1\2"),
    dvmrp(2, "\255\0\0" .. "\10\1" .. "\129" .. "\255\255\0" .. "\10\2" .. "\3" .. "\10\3" .. "\130"),
    dvmrp(2, "\255\255\255" .. "\10\1\2\3" .. "\1" .. "\10\1\2\4" .. "\128"),
    dvmrp(2, "\0\0\0" .. "\10" .. "\128"),
    dvmrp(2, "\255\0\0" .. "\10"),
    dvmrp(2, "\255"),
    dvmrp(3, ""),
    dvmrp(4, ip4("10.0.0.1") .. "\1\2\2" .. ip4("10.0.0.2") .. ip4("10.0.0.3")),
    dvmrp(4, ip4("10.0.0.1") .. "\1\2\2" .. ip4("10.0.0.2")),
    dvmrp(4, ip4("10.0.0.1") .. "\1"),
    dvmrp(5, ""),
    dvmrp(6, ip4("10.0.0.2") .. "\1\0\64\1" .. ip4("10.0.0.1") .. ip4("10.0.0.9") .. "\1\0\51\2"
      .. ip4("10.0.0.10") .. ip4("10.0.0.11")),
    dvmrp(6, ip4("10.0.0.2") .. "\1\0\64\3" .. ip4("10.0.0.1")),
    dvmrp(6, ip4("10.0.0.2") .. "\1\0\64\0" .. ip4("10.0.0.1")),
    dvmrp(6, ip4("10.0.0.2") .. "\1\0"),
    dvmrp(7, sg .. "\0\0\14\16"),
    dvmrp(7, sg .. "\128\0\0\0"),
    dvmrp(8, sg),
    dvmrp(9, sg),
    dvmrp(10, sg),
    dvmrp(7, "\1\2"),
    "\19\7\0\0\0\0",
  }
end

function TestDvmrp:test_dvmrp_under_every_option_set_and_cut()
  local t = {}
  for _, m in ipairs(frames()) do t[#t + 1] = eth4(m) end
  local lines = oracle.check(t)
  lu.assertStrContains(lines[19], "igmp dvmrp Prune src 10.1.1.1 grp 239.1.1.1 timer 68y5w3h14m8s")
end
