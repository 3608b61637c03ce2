-- spec/lisp_spec.lua: LISP control messages (UDP 4342) print what the
-- installed tcpdump prints, line for line: Map-Register and Map-Notify
-- with their flags, authentication data, EID records over IPv4 and IPv6
-- with their locators, xTR and site ids, trailing data, an LCAF EID, no
-- records, the other types by name, under -nn, -nn -v, -nn -vv, -nn -e,
-- -nn -X, and every truncation.
local lu = require "luaunit"
local helper = require "helper"
local oracle = require "oracle"

TestLisp = {}

local ip4, ip6 = helper.ip4_bytes, helper.ip6_bytes
local MACS = "\2\0\0\0\0\2\2\0\0\0\0\1"

local function udp(data)
  local u = string.pack(">I2I2I2I2", 4342, 4342, 8 + #data, 0) .. data
  return MACS .. "\8\0" .. string.pack(">BBI2I2I2BBI2", 0x45, 0, 20 + #u, 7, 0, 64, 17, 0)
    .. ip4("192.168.0.105") .. ip4("127.0.0.1") .. u
end

-- A header: TYPE and flag byte TF, FLAGS2 (third byte), RECORDS, key KEY, AUTH.
local function hdr(tf, flags2, records, key, auth)
  return string.pack(">BBBBI8I2I2", tf, 0, flags2, records, 0x0102030405060708, key, #auth) .. auth
end
local function loc(afi, addr, flags)
  return string.pack(">BBBBI2I2", 1, 100, 2, 50, flags or 0, afi) .. addr
end
local function rec(afi, eid, mask, act, locs)
  return string.pack(">I4BBBBI2I2", 1440, #locs, mask, act, 0, 0x0005, afi) .. eid .. table.concat(locs)
end
local sha = ("\75\187"):rep(10)
local xtr = ("\151\135\173\117"):rep(4) .. string.pack(">I8", 42)

local function frames()
  local r1 = rec(1, ip4("10.30.1.100"), 32, 0x10, {loc(1, ip4("20.20.8.253"), 5)})
  local r2 = rec(2, ip6("2001:db8::"), 48, 0x60, {loc(2, ip6("2001:db8::1"), 2), loc(1, ip4("20.20.8.252")), loc(9, "")})
  return {
    udp(hdr(0x3a, 1, 2, 1, sha) .. r1 .. r2 .. xtr),
    udp(hdr(0x48, 0, 1, 2, sha) .. r1 .. xtr),
    udp(hdr(0x40, 0, 2, 7, "") .. r1 .. r2 .. "\1\2\3"),
    udp(hdr(0x38, 0, 1, 0, "") .. rec(16387, "\0\0", 0, 0xe0, {})),
    udp(hdr(0x30, 0, 0, 1, sha)),
    udp(hdr(0x3a, 0, 1, 1, "") .. r1 .. "\1\2"),
    udp(hdr(0x10, 0, 1, 0, "")),
    udp(hdr(0x80, 0, 1, 0, "")),
    udp(hdr(0x70, 0, 1, 0, "")),
    udp(hdr(0x40, 0, 5, 1, "") .. r1),
  }
end

function TestLisp:test_lisp_under_every_option_set_and_cut()
  local lines = oracle.check(frames())
  lu.assertStrContains(lines[1], "LISP-Map-Register, 2 record(s),")
end
