-- spec/mstp_spec.lua: multiple spanning tree BPDUs (802.1s) and shortest
-- path bridging's (802.1aq, version 4) print what the installed tcpdump
-- prints, line for line: the CIST flags, and under -v the CIST, the MST
-- configuration id, each MSTI record, SPB's auxiliary configuration id
-- and agreement; the lengths tcpdump finds invalid; under -nn, -v, -vv,
-- -e, -X and every truncation.
local lu = require "luaunit"
local oracle = require "oracle"

TestMstp = {}

local function u16(n) return string.pack(">I2", n) end
local function u32(n) return string.pack(">I4", n) end
local BRIDGE = "\x80\0\x52\x54\0\x45\x5f\x15"

local function e8023(bpdu)
  local llc = "\x42\x42\x03" .. bpdu
  return "\x01\x80\xc2\0\0\0\x52\x54\0\x45\x5f\x15" .. u16(#llc) .. llc
end

local function name32(s) return s .. ("\0"):rep(32 - #s) end

-- An MSTI record: FLAGS, its regional root (MSTI id ID), cost, prios, hops.
local function msti(flags, id)
  return string.char(flags) .. u16(0x8000 | id) .. "\x52\x54\0\x45\x5f\x16" .. u32(2000) .. "\x80\x90\x14"
end

-- A BPDU of VERSION (3 MSTP, 4 SPB) with MSTIS; V1 its version 1
-- length byte; V3 a version 3 length to claim instead of the true one.
local function mst(version, mstis, o)
  o = o or {}
  local cfg = "\0" .. name32("region-1") .. u16(7) .. ("\x5a"):rep(16) .. u32(200) .. BRIDGE .. "\20"
  local v3 = o.v3 or 64 + #mstis
  return "\0\0" .. string.char(version, o.type or 2, o.flags or 0x3c) .. BRIDGE .. u32(0) .. BRIDGE
    .. u16(0x8003) .. u16(0) .. u16(20 * 256) .. u16(2 * 256) .. u16(15 * 256) .. string.char(o.v1 or 0)
    .. u16(v3) .. cfg .. mstis
end

local function spb_part(o)
  o = o or {}
  local body = "\0" .. name32("IEEE802.1 SPB Default") .. u16(0) .. ("\xc8"):rep(16) .. "\xdc\0\x12\x20"
    .. u16(32) .. u32(0) .. u32(0) .. ("\x0e\x91"):rep(10)
  return u16(o.v4 or #body) .. body
end

local function frames()
  local two = msti(0x30, 10) .. msti(0x7d, 20)
  return {
    e8023(mst(3, two)),
    e8023(mst(3, "")),
    e8023(mst(4, msti(0x30, 10)) .. spb_part()),
    e8023(mst(4, "") .. spb_part()),
    e8023(mst(3, two, {v1 = 1})),
    e8023(mst(3, "", {v3 = 300})),
    e8023(mst(3, ""):sub(1, 90)),
    e8023(mst(4, "") .. spb_part({v4 = 40})),
    e8023(mst(4, "") .. spb_part({v4 = 300})),
    e8023(mst(3, two, {type = 0})),
    e8023(mst(3, two, {type = 0x80})),
    e8023(mst(3, msti(0x01, 1) .. "\1\2\3\4\5", {v3 = 64 + 21})),
  }
end

function TestMstp:test_mstp_and_spb_bpdus_under_every_option_set_and_cut()
  local lines = oracle.check(frames())
  lu.assertStrContains(lines[1], "STP 802.1s, Rapid STP, CIST Flags [Learn, Forward], length")
  lu.assertStrContains(lines[3], "STP 802.1aq, Rapid STP, CIST Flags [Learn, Forward], length")
end
