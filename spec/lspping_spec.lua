-- spec/lspping_spec.lua: MPLS LSP ping (UDP 3503) prints what the
-- installed tcpdump prints, line for line: echo requests and replies,
-- every return code and reply mode, time stamps, the target FEC stack's
-- sub-TLVs (LDP, BGP, RSVP and VPN prefixes over IPv4 and IPv6, L2 VPN
-- endpoints, pseudowires old and new, unknown ones, wrong lengths,
-- padding), downstream mappings of each address type, BFD
-- discriminators, other TLVs in hex, TLVs and datagrams too short, other
-- versions, under -nn, -nn -v, -nn -vv, -nn -e, -nn -X, and every
-- truncation.
local lu = require "luaunit"
local helper = require "helper"
local oracle = require "oracle"

TestLspping = {}

local ip4, ip6 = helper.ip4_bytes, helper.ip6_bytes
local MACS = "\2\0\0\0\0\2\2\0\0\0\0\1"

local function udp(data)
  local u = string.pack(">I2I2I2I2", 4786, 3503, 8 + #data, 0) .. data
  return MACS .. "\8\0" .. string.pack(">BBI2I2I2BBI2", 0x45, 0, 20 + #u, 7, 0, 64, 17, 0)
    .. ip4("10.0.0.1") .. ip4("127.0.0.1") .. u
end

local function hdr(t, mode, rc, sub, rcvd, ver)
  return string.pack(">I2I2BBBBI4I4I4I4", ver or 1, 0, t, mode, rc, sub, 0x1234, 7, 3896196000, 0x80000000)
    .. (rcvd and string.pack(">I4I4", 3896196001, 0x40000000) or ("\0"):rep(8))
end
local function tlv(t, v) return string.pack(">I2I2", t, #v) .. v .. ("\0"):rep((4 - #v % 4) % 4) end
local rd = "\0\0\0\100\0\0\0\7"

local function frames()
  local fec = tlv(1, tlv(1, ip4("12.1.1.1") .. "\32") .. tlv(2, ip6("2001:db8::") .. "\64")
    .. tlv(3, ip4("12.1.1.1") .. "\0\0\83\114" .. ip4("12.4.4.4") .. ip4("12.4.4.4") .. "\0\0\0\16")
    .. tlv(4, ip6("2001:db8::1") .. "\0\0\0\9" .. ip6("2001:db8::2") .. ip6("2001:db8::3") .. "\0\0\0\1")
    .. tlv(6, rd .. ip4("10.0.0.0") .. "\8") .. tlv(7, rd .. ip6("2001:db8::") .. "\48")
    .. tlv(8, "\0\1" .. ip4("1.2.3.4") .. "\0\5" .. "\0\1\0\2\0\5") .. tlv(9, ip4("9.9.9.9") .. "\0\0\0\42\0\4")
    .. tlv(10, ip4("8.8.8.8") .. ip4("9.9.9.9") .. "\0\0\0\42\0\99") .. tlv(12, ip4("10.1.0.0") .. "\16")
    .. tlv(13, ip6("2001:db8::") .. "\32") .. tlv(1, "\1\2\3") .. tlv(99, "\1\2\3\4\5"))
  local ds = tlv(2, "\5\220\1\0" .. ip4("10.0.0.2") .. ip4("10.0.0.3") .. "\0\0\0\0\1\2\3\4")
    .. tlv(2, "\5\220\2\0" .. ip4("10.0.0.2") .. "\0\0\0\9" .. "\0\0\0\0")
    .. tlv(2, "\5\220\3\0" .. ip6("2001:db8::2") .. ip6("2001:db8::3") .. "\0\0\0\0")
    .. tlv(2, "\5\220\4\0" .. ip6("2001:db8::2") .. "\0\0\0\9" .. "\0\0\0\0")
    .. tlv(2, "\5\220\9\0\0\0\0\0") .. tlv(2, "\5\220\1\0\1\2\3") .. tlv(2, "\1\2")
  return {
    udp(hdr(1, 2, 0, 0) .. fec),
    udp(hdr(2, 2, 3, 1, true)),
    udp(hdr(2, 3, 8, 2, true) .. ds),
    udp(hdr(2, 1, 5, 0) .. tlv(15, "\0\0\0\5") .. tlv(15, "\1") .. tlv(3, "\1\1\1") .. tlv(9, "\0\0\0\1")
      .. tlv(5, "\0\0\0\9") .. tlv(5, "\0\0\x0a\x4c") .. tlv(5, "\0\x0f\xff\xfe") .. tlv(5, "\1\2")
      .. tlv(0, "")),
    udp(hdr(7, 9, 99, 0) .. tlv(1, "\0\1\0\9" .. ip4("1.1.1.1") .. "\8")),
    udp(hdr(1, 4, 13, 0) .. tlv(1, "\0\1\0\5" .. ip4("1.1.1.1") .. "\8")),
    udp(hdr(1, 2, 0, 0) .. "\0\1\0\40\1\2"),
    udp(hdr(1, 2, 0, 0) .. "\0\1"),
    udp(hdr(1, 2, 0, 0, nil, 2)),
    udp(hdr(1, 2, 0, 0):sub(1, 20)),
  }
end

function TestLspping:test_lspping_under_every_option_set_and_cut()
  local lines = oracle.check(frames())
  lu.assertStrContains(lines[1], "LSP-PINGv1, MPLS Echo Request, seq 7, length: ")
end
