-- spec/slow_spec.lua: the IEEE 802.3 slow protocols (EtherType 0x8809)
-- print what the installed tcpdump prints, line for line: LACP (actor,
-- partner, collector and unknown TLVs, bad lengths, other versions),
-- the marker protocol, Ethernet OAM (information TLVs, event
-- notifications with every link event, loopback commands, the codes
-- tcpdump dumps in hex), unknown subtypes and frames too short, under
-- -nn, -nn -v, -nn -vv, -nn -e, -nn -X, and every truncation.
local lu = require "luaunit"
local oracle = require "oracle"

TestSlow = {}

local function eth(body)
  local f = "\1\128\194\0\0\2\0\19\196\18\15\13\136\9" .. body
  return #f < 60 and f .. ("\0"):rep(60 - #f) or f
end

local function tlv(t, v) return string.char(t, 2 + #v) .. v end

local SYS = "\0\19\196\18\15\0"

local function lacp_frames()
  local actor = tlv(1, "\128\0" .. SYS .. "\0\13\128\0\0\22\133\0\0\0")
  local partner = tlv(2, "\128\0" .. SYS .. "\0\13\128\0\0\25\0\0\0\0")
  local coll = tlv(3, "\128\0" .. ("\0"):rep(12))
  return {
    eth("\1\1" .. actor .. partner .. coll .. "\0\0" .. ("\0"):rep(50)),
    eth("\1\1" .. tlv(1, "\1\2\3") .. tlv(3, "\0\1") .. tlv(9, "abc") .. "\0\0"),
    eth("\1\1" .. "\1\1"),
    eth("\1\1" .. "\1\90" .. "short"),
    eth("\1\2"),
    eth("\2\1" .. tlv(1, "\0\7" .. SYS .. "\0\0\0\9\0\0") .. tlv(1, "\0") .. tlv(2, "x") .. "\0\0"),
    eth("\2\3"),
  }
end

local function oam_frames()
  local info = "\1\16\1\0\1\5\31\5\238\0\0\12\0\0\0\7"
  local remote = "\2\16\1\0\2\2\1\0\100\0\18\15\1\2\3\4"
  local ev = string.char(1, 40) .. "\0\5" .. ("\0\0\0\0\0\0\0\9"):rep(4) .. "\0\0\0\3"
  return {
    eth("\3\0\127\0" .. info .. remote .. tlv(0xfe, "\0\18\15\1") .. tlv(9, "z") .. "\0\0"),
    eth("\3\0\1\0" .. "\1\8\1\0\0\0\0\0" .. "\1\1"),
    eth("\3\0\0\1\0\7" .. ev .. ev:gsub("^\1", "\2") .. ev:gsub("^\1", "\4") .. tlv(0xfe, "\1\2") .. tlv(3, "x")
      .. "\0\0"),
    eth("\3\0\0\1\0\8" .. string.char(3, 10) .. ("\0"):rep(8)),
    eth("\3\0\0\4\1"), eth("\3\0\0\4\2"), eth("\3\0\0\4\9"),
    eth("\3\0\0\2\1\0\7"), eth("\3\0\0\3\1\0\7\2ab"), eth("\3\0\0\254vendor"), eth("\3\0\0\77"),
    eth("\3\0\0\0\1\90" .. "short"),
  }
end

local function frames()
  local f = {}
  for _, x in ipairs(lacp_frames()) do f[#f + 1] = x end
  for _, x in ipairs(oam_frames()) do f[#f + 1] = x end
  f[#f + 1] = eth("\10\0\25\167\0\1")
  -- frames as long as their payload: lengths below the header's
  f[#f + 1] = "\1\128\194\0\0\2\0\19\196\18\15\13\136\9"
  f[#f + 1] = "\1\128\194\0\0\2\0\19\196\18\15\13\136\9\1"
  f[#f + 1] = "\1\128\194\0\0\2\0\19\196\18\15\13\136\9\3\0"
  f[#f + 1] = "\1\128\194\0\0\2\0\19\196\18\15\13\136\9\3\0\0\1\0"
  f[#f + 1] = "\1\128\194\0\0\2\0\19\196\18\15\13\136\9\3\0\0\4"
  return f
end

function TestSlow:test_lacp_marker_and_oam_under_every_option_set_and_cut()
  local lines = oracle.check(frames())
  lu.assertStrContains(lines[1], "LACPv1, length 110")
end
