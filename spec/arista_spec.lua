-- spec/arista_spec.lua: Arista's vendor EtherType (0xd28b) prints what
-- the installed tcpdump prints, line for line: the timestamp subtype
-- with each timescale (TAI, UTC, unknown), format (64-bit as a UTC
-- date, 48-bit, unknown) and hardware (R/R2, R3, unknown), nanoseconds
-- past a second, unknown subtypes in hex, then the frame behind it
-- (IPv4, IPv6, 802.1Q, another Arista header, unknown EtherTypes), under
-- -nn, -nn -v, -nn -vv, -nn -e, -nn -X, and every truncation.
local lu = require "luaunit"
local helper = require "helper"
local oracle = require "oracle"

TestArista = {}

local ip4 = helper.ip4_bytes
local MACS = "\0\0\0\0\0\1\0\x11\x22\x33\x44\x55"

local function icmp4()
  local icmp = "\8\0\0\0\0\1\0\2" .. ("x"):rep(16)
  return string.pack(">BBI2I2I2BBI2", 0x45, 0, 20 + #icmp, 1, 0, 64, 1, 0) .. ip4("10.0.0.1") .. ip4("10.0.0.2")
    .. icmp
end

local function udp6()
  local udp = string.pack(">I2I2I2I2", 5000, 6000, 12, 0) .. "abcd"
  return string.pack(">I4I2BB", 0x60000000, #udp, 17, 64) .. ("\0"):rep(15) .. "\1" .. ("\0"):rep(15) .. "\2"
    .. udp
end

-- An Arista header: subtype SUB, timescale SCALE, format FMT, hardware
-- HW, then the time stamp bytes TS.
local function arista(sub, scale, fmt, hw, ts)
  return "\xd2\x8b" .. string.pack(">I2BB", sub, scale, fmt << 4 | hw) .. ts
end

local T64 = string.pack(">I4I4", 1559162199, 944724424)
local T48 = string.pack(">I2I4", 60821, 404038772)

local function frames()
  return {
    MACS .. arista(1, 0, 1, 0, T64) .. "\8\0" .. icmp4(),
    MACS .. arista(1, 1, 1, 1, T64) .. "\x81\0\0\100\8\0" .. icmp4(),
    MACS .. arista(1, 0, 2, 0, T48) .. "\x86\xdd" .. udp6(),
    MACS .. arista(1, 1, 2, 1, T48) .. "\x12\x34\1\2\3\4",
    MACS .. arista(1, 7, 1, 9, string.pack(">I4I4", 0, 1500000000)) .. "\8\0" .. icmp4(),
    MACS .. arista(1, 2, 2, 3, string.pack(">I2I4", 65535, 4294967295)) .. "\8\0" .. icmp4(),
    MACS .. arista(1, 0, 3, 0, T64) .. "\8\0" .. icmp4(),          -- unknown format
    MACS .. arista(2, 0, 1, 0, T64) .. "\8\0" .. icmp4(),          -- unknown subtype
    MACS .. "\x81\0\0\5" .. arista(1, 0, 1, 0, T64) .. "\8\0" .. icmp4(), -- behind a VLAN tag
    MACS .. arista(1, 0, 1, 0, T64) .. arista(1, 1, 2, 1, T48) .. "\8\0" .. icmp4(), -- twice
  }
end

function TestArista:test_arista_under_every_option_set_and_cut()
  local lines = oracle.check(frames())
  lu.assertStrContains(lines[1], "ethertype Arista Vendor Specific Protocol (0xd28b), length 72: SubType Timestamp"
    .. " (0x0001), Timescale TAI (0), Format 64-bit (1), HwInfo R/R2 (0), Timestamp 2019-05-29 20:36:39.944724424: IP")
end
