-- spec/macsec_spec.lua: IEEE 802.1AE MACsec frames (EtherType 0x88e5)
-- print what the installed tcpdump prints, line for line: SecTAGs with
-- and without an SCI, every flag (E, C, S, B, I, none), association
-- numbers, short lengths (valid, too long), the version bit and bad
-- short-length bits (invalid), encrypted and changed payloads in hex,
-- payloads in clear (IPv4, IPv6, 802.1Q, unknown EtherTypes) with the
-- ICV cut off, under -nn, -nn -v, -nn -vv, -nn -e, -nn -X, and every
-- truncation.
local lu = require "luaunit"
local helper = require "helper"
local oracle = require "oracle"

TestMacsec = {}

local ip4 = helper.ip4_bytes
local MACS = "\x3e\x6f\xf3\x74\x23\x7c\x2e\xb7\x3f\x39\x95\xc3"
local ICV = ("\xaa"):rep(16)

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

-- A MACsec frame: TCI/AN byte TCI, short length SL, packet number PN,
-- the SCI when TCI says so, then BODY and the ICV.
local function macsec(tci, sl, pn, body)
  local sci = tci & 0x20 ~= 0 and "\x2e\xb7\x3f\x39\x95\xc3\0\1" or ""
  return MACS .. "\x88\xe5" .. string.pack(">BBI4", tci, sl, pn) .. sci .. body .. ICV
end

local function frames()
  local udp4 = "\8\0" .. icmp4()
  return {
    macsec(0x20, 0, 68, udp4),                       -- integrity only, SCI
    macsec(0x00, 0, 5, udp4),                        -- no SCI, no flags
    macsec(0x2c, 0, 72, ("\x50\xc6"):rep(30)),       -- encrypted and changed
    macsec(0x08 | 0x41, 0, 1, ("\1"):rep(20)),       -- encrypted, ES, AN 1
    macsec(0x04 | 0x13, 0, 9, ("\2"):rep(20)),       -- changed, SCB, AN 3
    macsec(0x20, #udp4, 66, udp4),                   -- a short length
    macsec(0x20, #udp4, 66, udp4 .. "pad"),          -- a short length, padding after
    macsec(0x20, 60, 69, udp4:sub(1, 30)),           -- short length past the data
    macsec(0xa0, 0, 1, udp4),                        -- version bit: invalid
    macsec(0x20, 0x40, 1, udp4),                     -- short length's high bits: invalid
    macsec(0x20, 0, 7, "\x86\xdd" .. udp6()),
    macsec(0x20, 0, 8, "\x81\0\0\5\8\0" .. icmp4()),
    macsec(0x20, 0, 9, "\x12\x34\1\2\3\4"),
    MACS .. "\x88\xe5\x20\0\0\0\0\1" .. ("\0"):rep(8) .. ("\1"):rep(10), -- shorter than the ICV
  }
end

function TestMacsec:test_macsec_under_every_option_set_and_cut()
  local lines = oracle.check(frames())
  lu.assertStrContains(lines[1], "IP 10.0.0.1 > 10.0.0.2: ICMP echo request")
end
