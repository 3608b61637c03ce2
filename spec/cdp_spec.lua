-- spec/cdp_spec.lua: the Cisco Discovery Protocol (802.3 frames, SNAP with
-- Cisco's OUI and PID 0x2000) prints what the installed tcpdump prints,
-- line for line: the version, TTL and Device-ID, and under -v the
-- checksum and every TLV (strings, addresses IPv4, IPv6 and others,
-- capabilities, the version text, prefixes, VLANs, duplex, ATA-186,
-- power, MTU, trust, location, unknown ones) with the lengths tcpdump
-- calls malformed or invalid, under -nn, -nn -v, -nn -vv, -nn -e,
-- -nn -X, and every truncation.
local lu = require "luaunit"
local helper = require "helper"
local oracle = require "oracle"

TestCdp = {}

local ip4, ip6 = helper.ip4_bytes, helper.ip6_bytes

-- An 802.3 frame to Cisco's multicast address carrying CDP PDU.
local function frame(pdu)
  local llc = "\170\170\3\0\0\12\32\0" .. pdu
  local f = "\1\0\12\204\204\204\0\25\6\234\184\133" .. string.pack(">I2", #llc) .. llc
  return #f < 60 and f .. ("\0"):rep(60 - #f) or f
end

local function tlv(t, v) return string.pack(">I2I2", t, 4 + #v) .. v end

local function cdp(tlvs) return "\2\180\18\52" .. tlvs end

local function frames()
  local addrs = string.pack(">I4", 3) .. "\1\1\204" .. string.pack(">I2", 4) .. ip4("10.0.0.1")
    .. "\2\8\170\170\3\0\0\0\134\221" .. string.pack(">I2", 16) .. ip6("2001:db8::1")
    .. "\2\2\1\2" .. string.pack(">I2", 3) .. "\7\8\9"
  local all = tlv(1, "sw1.example") .. tlv(2, addrs) .. tlv(3, "GigabitEthernet0/1") .. tlv(4, "\0\0\0\41")
    .. tlv(5, "Cisco IOS\nVersion 12.2\n(c) Cisco") .. tlv(6, "cisco WS-C3560") .. tlv(7, "\10\0\0\0\8\192\168\0\0\16")
    .. tlv(8, "\0\0\12\1\18") .. tlv(9, "lab") .. tlv(10, "\0\1") .. tlv(11, "\1") .. tlv(12, "zz")
    .. tlv(14, "\1\0\100") .. tlv(15, "\32\0") .. tlv(15, "\2\0\5") .. tlv(16, "\48\57") .. tlv(16, "\7")
    .. tlv(16, "\1\2\3") .. tlv(17, "\0\0\5\220") .. tlv(18, "\0") .. tlv(19, "\5") .. tlv(20, "sysname")
    .. tlv(21, "\6\3\1") .. tlv(22, string.pack(">I4", 1) .. "\1\1\204\0\4" .. ip4("10.0.0.9"))
    .. tlv(23, "\2") .. tlv(23, "\1loc") .. tlv(99, "odd") .. tlv(0, "zero")
  return {
    frame(cdp(all)),
    frame(cdp(tlv(1, "only") .. tlv(6, "plat"))),
    frame(cdp(tlv(4, "\0\0") .. tlv(10, "\0\1\2") .. tlv(14, "\0") .. tlv(16, "") .. tlv(22, "\0"))),
    frame(cdp(tlv(2, "\0\0") .. tlv(2, string.pack(">I4", 2) .. "\1") .. tlv(2, string.pack(">I4", 1) .. "\1\9\1\0"))),
    frame(cdp(tlv(2, string.pack(">I4", 1) .. "\1\1\204\0\4\10\0") .. tlv(2, string.pack(">I4", 1) .. "\9\1\7\0\5\1"))),
    frame(cdp(tlv(2, string.pack(">I4", 0) .. "stray") .. tlv(7, "\1\2\3"))),
    frame(cdp(tlv(1, "dev") .. "\0\3\0\2")),
    frame(cdp(tlv(1, "dev") .. "\0\3\0\90")),
    frame(cdp(tlv(1, "dev") .. "\0\3")),
    frame("\2\180"),
  }
end

function TestCdp:test_cdp_under_every_option_set_and_cut()
  local lines = oracle.check(frames())
  lu.assertStrContains(lines[1], "CDPv2, ttl: 180s, Device-ID 'sw1.example'")
end
