-- spec/babel_spec.lua: the Babel routing protocol (UDP 6696) prints what
-- the installed tcpdump prints, line for line: each TLV's word, and
-- under -v a line each (hellos with sub-TLVs, IHUs, router ids, next
-- hops, updates whose prefixes omit bytes of the one before,
-- requests, source-specific ones, HMAC, MAC, PC, challenges, a
-- trailer), over IPv6 and IPv4, under -nn, -nn -v, -nn -e, -nn -X, and
-- every truncation.
local lu = require "luaunit"
local helper = require "helper"
local oracle = require "oracle"

TestBabel = {}

local ip4, ip6 = helper.ip4_bytes, helper.ip6_bytes
local MAC_A, MAC_B = "\x33\x33\x00\x01\x00\x06", "\x02\x00\x00\x00\x00\x01"

local function udp(data, sport)
  return string.pack(">I2I2I2I2", sport or 6696, 6696, 8 + #data, 0) .. data
end

local function eth6(data, sport)
  local u = udp(data, sport)
  return MAC_A .. MAC_B .. "\x86\xdd" .. string.pack(">I4I2BB", 0x60000000, #u, 17, 1) .. ip6("fe80::1")
    .. ip6("ff02::1:6") .. u
end

local function eth4(data)
  local u = udp(data)
  return "\1\0\x5e\0\0\x6f" .. MAC_B .. "\8\0" .. string.pack(">BBI2I2I2BBI2", 0x45, 0, 20 + #u, 1, 0, 1, 17, 0)
    .. ip4("10.0.0.1") .. ip4("224.0.0.111") .. u
end

local function tlv(t, body) return string.char(t, #body) .. body end

-- A Babel message of TLVS (and a TRAILER after its body).
local function babel(tlvs, trailer)
  return string.pack(">BBI2", 42, 2, #tlvs) .. tlvs .. (trailer or "")
end

local function babel_frames()
  local id = "\2\0\0\255\254\0\0\1"
  local hello = tlv(4, "\128\0\0\9\1\144" .. "\3\4\0\0\0\5" .. "\0" .. "\130\0" .. "\2\2\1\255")
  local ihu = tlv(5, "\2\0\0\96\1\144" .. ip6("fe80::2") .. "\3\8\0\0\0\1\0\0\0\2")
  local upd = tlv(8, "\2\128\64\0\1\144\0\5\0\10" .. ip6("2001:db8:1::"):sub(1, 8))
    .. tlv(8, "\2\0\64\6\255\255\0\6\0\20" .. "\0\2" .. "\2\3\1\2\3")
    .. tlv(8, "\1\0\24\0\1\144\0\7\255\255" .. "\10\1\2")
    .. tlv(8, "\0\64\0\0\1\144\0\8\0\0")
  local reqs = tlv(9, "\2\48" .. "\32\1\13\184\0\1") .. tlv(9, "\0\0")
    .. tlv(10, "\1\24\0\9\5\0" .. id .. "\10\1\2") .. tlv(6, "\0\0" .. id)
    .. tlv(7, "\1\0" .. ip4("10.0.0.1")) .. tlv(7, "\0\0")
  local misc = "\0" .. tlv(1, "\0\0\0") .. tlv(2, "\0\0\18\52\0\100") .. tlv(3, "\18\52")
    .. tlv(11, "\0\9\0\0\1\0") .. tlv(12, "\0\1" .. ("\171"):rep(16)) .. tlv(16, "mac!")
    .. tlv(17, "\0\0\0\5idx!") .. tlv(18, "nonce") .. tlv(19, "reply") .. tlv(99, "??")
  local ss = tlv(13, "\2\48\64\0\1\144\0\1\0\5" .. ip6("2001:db8::"):sub(1, 8) .. ip6("2001:db8:9::"):sub(1, 6))
    .. tlv(14, "\2\64\0" .. ip6("2001:db8:2::"):sub(1, 8)) .. tlv(14, "\0\0\0")
    .. tlv(15, "\1\32\0\3\6\24" .. id .. ip4("10.9.9.9") .. "\10\1\1")
  return {
    eth6(babel(hello .. ihu)),
    eth6(babel(upd)),
    eth6(babel(reqs)),
    eth6(babel(misc)),
    eth6(babel(ss), 6697),
    eth6(babel(tlv(4, "\0\0\0\1\0\0"), tlv(16, "trailer!") .. "\0")),
    eth4(babel(tlv(8, "\1\0\8\0\0\100\0\1\0\1\10"))),
    eth6(babel(tlv(4, "\0\0\0\1"))),
    eth6(babel(tlv(8, "\2\0"))),
    eth6(babel(tlv(4, "\0\0\0\1\0\100\3\3\0\0\0"))),
    eth6(babel(tlv(5, "\9\0\0\1\0\1"))),
    eth6(string.pack(">BBI2", 42, 2, 40) .. tlv(4, "\0\0\0\1\0\100")),
    eth6(string.pack(">BBI2", 42, 1, 0)),
    eth6(string.pack(">BBI2", 41, 2, 0)),
  }
end

function TestBabel:test_babel_tlvs_under_every_option_set_and_cut()
  local lines = oracle.check(babel_frames())
  lu.assertStrContains(lines[1], "fe80::1.6696 > ff02::1:6.6696: babel 2 (55) hello ihu")
end
