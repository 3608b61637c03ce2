-- spec/slip_spec.lua: SLIP captures (link types 8 and 15) print what the
-- installed tcpdump prints, line for line: the 16-byte pseudo-header
-- skipped, IPv4, IPv6 and other versions; -e the direction (invalid
-- ones too) and the compression byte: plain IP, uncompressed TCP with
-- its connection, Van Jacobson compressed TCP with every change field
-- (one- and three-byte forms, the two special cases) and the lengths
-- tcpdump remembers between packets, unknown types; under -nn, -nn -v,
-- -nn -vv, -nn -e, -nn -X, and every truncation.
local lu = require "luaunit"
local helper = require "helper"
local oracle = require "oracle"

TestSlip = {}

local ip4, ip6 = helper.ip4_bytes, helper.ip6_bytes

local function tcp4(flags, data)
  local t = string.pack(">I2I2I4I4BBI2I2I2", 40000, 80, 1000, 2000, 0x50, flags, 512, 0, 0) .. (data or "")
  return string.pack(">BBI2I2I2BBI2", 0x45, 0, 20 + #t, 7, 0, 64, 6, 0) .. ip4("10.0.0.1") .. ip4("10.0.0.2") .. t
end
local function udp6()
  local u = string.pack(">I2I2I2I2", 1234, 9999, 12, 0) .. "abcd"
  return string.pack(">I4I2BB", 0x60000000, #u, 17, 64) .. ip6("fe80::1") .. ip6("fe80::2") .. u
end
-- The pseudo-header: direction DIR, then CHDR (the compression byte and
-- the compressed header), padded to 16 bytes.
local function hdr(dir, chdr) return string.char(dir) .. chdr .. ("\0"):rep(15 - #chdr) end

local function frames()
  local utcp = "\112" .. ("\0"):rep(8) .. "\3"          -- uncompressed TCP, connection 3
  return {
    hdr(0, "\64") .. tcp4(0x10),
    hdr(1, "\64") .. udp6(),
    hdr(0, utcp) .. tcp4(0x18, "hello"),
    hdr(1, utcp) .. tcp4(0x18, "hi"),
    hdr(0, "\231\3\0\0\5\6\7\9") .. tcp4(0x18, "more data"),     -- C, then U W A I changes
    hdr(0, "\143\0\0\0\1\0\0\2\0\0\0\3\0\0\4") .. tcp4(0x10),   -- three-byte forms
    hdr(0, "\139\0\0") .. tcp4(0x18, "x"),                       -- *SA+
    hdr(1, "\143\0\0") .. tcp4(0x18, "xyz"),                     -- *S+
    hdr(0, "\162\0\0\2\255\200") .. tcp4(0x10),                  -- W and I
    hdr(0, "\130\0\0\0\255\200") .. tcp4(0x10),                  -- negative window change
    hdr(0, "\33") .. tcp4(0x10),                                 -- unknown type
    hdr(7, "\64") .. tcp4(0x10), hdr(9, utcp) .. tcp4(0x10), hdr(5, "\128\0\0") .. tcp4(0x10),
    hdr(0, "\64") .. "\224\1\2\3",
    hdr(0, "\128\0\0") .. "\69\0",
  }
end

function TestSlip:test_slip_under_every_option_set_and_cut()
  local sets = {"-nn", "-nn -v", "-nn -vv", "-nn -e", "-nn -X", "-nn -e -v", "-nn -e -X"}
  local lines = oracle.check(frames(), sets, {"-nn", "-nn -e", "-nn -X", "-nn -v"}, {linktype = 8, from = 0})
  lu.assertStrContains(lines[1], "IP 10.0.0.1.40000 > 10.0.0.2.80: Flags [.]")
  local e = oracle.run("tcpdump", oracle.pcap_file(oracle.records(frames()), 8), "-nn -e")
  lu.assertStrContains(e[5], "I ctcp 3 U=5 W+5 A+5 I+5 9 (4): ") -- a one-byte change: tcpdump reads it again
end

function TestSlip:test_bsdos_slip_under_every_option_set_and_cut()
  local f = {hdr(0, "\64") .. tcp4(0x10), hdr(1, "\64") .. udp6(), ("\0"):rep(16) .. "\1"}
  oracle.check(f, nil, nil, {linktype = 15, from = 0})
end
