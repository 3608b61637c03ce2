-- spec/ipx_spec.lua: Novell's IPX prints what the installed tcpdump
-- prints, line for line: over Ethernet II (0x8137), 802.2 LLC (SAP
-- 0xe0), raw 802.3 and SNAP; the addresses and sockets, SAP requests
-- and responses with their server entries, RIP requests and responses,
-- the named sockets, EIGRP over IPX, invalid lengths, under -nn, -nn -v,
-- -nn -e, -nn -X and every cut.
local lu = require "luaunit"
local oracle = require "oracle"

TestIpx = {}

local DST, SRC = "\255\255\255\255\255\255", "\0\3\71\27\193\168"

-- An IPX packet to socket DSKT from SSKT carrying BODY (LEN: the
-- header's length field, when not the real one).
local function ipx(dskt, sskt, body, len)
  return string.pack(">I2I2BBI4", 0xffff, len or 30 + #body, 0, 4, 0)
    .. DST .. string.pack(">I2I4", dskt, 0xa8f87967) .. "\0\0\0\0\0\1" .. string.pack(">I2", sskt) .. body
end

local function eth2(p) return DST .. SRC .. "\x81\x37" .. p end
local function llc(p)
  local l = "\xe0\xe0\x03" .. p
  return DST .. SRC .. string.pack(">I2", #l) .. l
end
local function raw(p) return DST .. SRC .. string.pack(">I2", #p) .. p end
local function snap(p)
  local l = "\xaa\xaa\x03\0\0\0\x81\x37" .. p
  return DST .. SRC .. string.pack(">I2", #l) .. l
end

local function name(s) return s .. ("\0"):rep(48 - #s) end
local entry = string.pack(">I2", 0x0004) .. name("FILESERVER") .. string.pack(">I4", 0x12345678)
  .. "\0\1\2\3\4\5" .. "\4\81\0\1"

local function frames()
  return {
    eth2(ipx(0x452, 0x452, string.pack(">I2I2", 1, 4))),
    llc(ipx(0x452, 0x4008, string.pack(">I2I2", 3, 0x64e))),
    llc(ipx(0x452, 0x452, string.pack(">I2", 2) .. entry .. entry)),
    llc(ipx(0x452, 0x452, string.pack(">I2", 4) .. entry:sub(1, 30))),
    llc(ipx(0x452, 0x452, string.pack(">I2", 2) .. entry .. "\0")),
    llc(ipx(0x452, 0x452, string.pack(">I2", 9))),
    llc(ipx(0x452, 0x452, "", 31)),
    raw(ipx(0x453, 0x453, string.pack(">I2I4I2I2", 1, 0xa8f87967, 1, 2))),
    raw(ipx(0x453, 0x453, string.pack(">I2", 1))),
    raw(ipx(0x453, 0x453, string.pack(">I2I4I2I2I4I2I2", 2, 1, 1, 2, 2, 3, 4))),
    raw(ipx(0x453, 0x453, string.pack(">I2I4", 2, 1))),
    raw(ipx(0x453, 0x453, string.pack(">I2", 7))),
    snap(ipx(0x451, 0x4003, "ncpdata")),
    eth2(ipx(0x455, 0x455, ("n"):rep(20))),
    eth2(ipx(0x456, 0x456, "d")),
    eth2(ipx(0x553, 0x553, "dgram")),
    eth2(ipx(0x9999, 0x4000, "??")),
    eth2(ipx(0x85be, 0x85be, string.pack(">BBI2I4I4I4I4", 2, 5, 0, 0, 0, 0, 100))),
    eth2(ipx(0x452, 0x452, "", 29)),
    eth2(ipx(0x452, 0x452, "\0\2\0\0", 31)),
    eth2(ipx(0x453, 0x453, "\0\2\0\0", 31)),
  }
end

function TestIpx:test_ipx_under_every_option_set_and_cut()
  local lines = oracle.check(frames())
  lu.assertStrContains(lines[1], "IPX a8f87967.00:00:00:00:00:01.0452 > 00000000.ff:ff:ff:ff:ff:ff.0452: ipx-sap-req 0004")
end
