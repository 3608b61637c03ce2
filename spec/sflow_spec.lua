-- spec/sflow_spec.lua: sFlow version 5 (UDP 6343) prints what the
-- installed tcpdump prints, line for line: the datagram's line, and
-- under -v its counters and every sample (flow, counter, expanded
-- flow, expanded counter, unknown ones in hex) with their records (raw
-- packet headers, Ethernet frames, switch data; generic, Ethernet,
-- token ring, 100BaseVG, VLAN and processor counters; other
-- enterprises), lengths that do not add up, IPv4 and IPv6 agents,
-- under -nn, -nn -v, -nn -vv, -nn -e, -nn -X and every cut.
local lu = require "luaunit"
local helper = require "helper"
local oracle = require "oracle"

TestSflow = {}

local ip4, ip6 = helper.ip4_bytes, helper.ip6_bytes
local function u32(...) return string.pack((">I4"):rep(select("#", ...)), ...) end
local function u64(x) return string.pack(">I8", x) end

local function frame(data)
  local u = string.pack(">I2I2I2I2", 50000, 6343, 8 + #data, 0) .. data
  return "\2\0\0\0\0\2" .. "\2\0\0\0\0\1" .. "\8\0"
    .. string.pack(">BBI2I2I2BBI2", 0x45, 0, 20 + #u, 1, 0, 64, 17, 0) .. ip4("10.0.0.1") .. ip4("10.0.0.2") .. u
end

local function rec(fmt, body) return u32(fmt, #body) .. body end
local function smp(t, body) return u32(t, #body) .. body end

local function dgram(samples, n, v6)
  if v6 then return u32(5, 2) .. ip6("2001:db8::1") .. u32(7, 99, 123456, n) .. samples end
  return u32(5, 1) .. ip4("192.0.2.1") .. u32(7, 99, 123456, n) .. samples
end

local generic = u32(3, 6) .. u64(1000000000) .. u32(1, 3) .. u64(123456789012) .. u32(1, 2, 3, 4, 5, 6)
  .. u64(987654321) .. u32(7, 8, 9, 10, 11, 1)
local eth = u32(1, 2, 3, 4, 5, 6, 7, 8, 9, 10, 11, 12, 13)
local basevg = u32(1) .. u64(2) .. u32(3) .. u64(4) .. u32(5, 6, 7, 8, 9) .. u64(10) .. u32(11) .. u64(12) .. u64(13) .. u64(14)
local vlan = u32(100) .. u64(5000) .. u32(1, 2, 3, 4)
local cpu = u32(10, 20, 30) .. u64(1 << 33) .. u64(1 << 32)

local function frames()
  local flows = rec(1, u32(1, 128, 4, 64) .. ("\0"):rep(64)) .. rec(2, u32(64) .. ("\1"):rep(16) .. u32(0x800))
    .. rec(3, u32(1, 2, 3, 4)) .. rec(1001, u32(10, 0, 20, 7)) .. rec(1002, u32(1)) .. rec(99, "abcdefgh")
    .. rec(0x3001, u32(5))
  local counters = rec(1, generic) .. rec(2, eth) .. rec(3, u32(1)) .. rec(4, basevg) .. rec(5, vlan)
    .. rec(1001, cpu) .. rec(77, "xyzw") .. rec(0x100001, u32(1))
  local fs = u32(1, 0x05000017, 512, 1000, 0, 3, 4, 7) .. flows
  local cs = u32(2, 0x00000001, 8) .. counters
  local xfs = u32(3, 0, 4, 512, 1000, 0, 0, 3, 0, 4, 2) .. rec(1, u32(11, 40, 0, 40)) .. rec(2, u32(1) .. ("\0"):rep(20))
  local xcs = u32(4, 0, 9, 1) .. rec(2, eth)
  return {
    frame(dgram(smp(1, fs) .. smp(2, cs), 2)),
    frame(dgram(smp(3, xfs) .. smp(4, xcs) .. smp(7, "unknown!"), 3)),
    frame(dgram(smp(2, u32(1, 1, 1) .. rec(1, u32(1, 2))), 1)),
    frame(dgram(smp(1, u32(1, 1, 1, 1, 1, 1, 1, 2) .. rec(2, u32(1))), 1)),
    frame(dgram(smp(2, u32(1, 1, 2) .. rec(5, vlan) .. u32(1, 99)), 1)),
    frame(dgram(u32(2, 99) .. "short", 1)),
    frame(dgram(u32(0, 8) .. u32(1, 2), 1)),
    frame(dgram(u32(2, 0), 1)),
    frame(dgram("\0\0\0", 1)),
    frame(dgram(smp(2, u32(1, 1)), 1)),
    frame(dgram(smp(2, cs), 1, true)),
    frame(dgram("", 0)),
    frame(u32(4, 1) .. ("\0"):rep(24)),
    frame(u32(5, 1) .. ip4("192.0.2.1")),
    frame(u32(5, 2) .. ("\0"):rep(28)),
    frame(u32(5, 3) .. ("\0"):rep(28)),
  }
end

function TestSflow:test_sflow_under_every_option_set_and_cut()
  local lines = oracle.check(frames())
  lu.assertStrContains(lines[1], "10.0.0.1.50000 > 10.0.0.2.6343: sFlowv5, IPv4 agent 192.0.2.1, agent-id 7, length ")
end
