-- spec/geonet_spec.lua: the ITS vehicle networks' link protocols print
-- what the installed tcpdump prints, line for line: GeoNetworking
-- (EtherType 0x8947 and the old 0x0707) with every header type and next
-- header, the topologically scoped broadcast's extended header, BTP-A
-- and BTP-B with their ITS PDU headers, the lengths tcpdump finds
-- invalid, and CALM FAST (0x1111), behind an 802.1Q tag too, under
-- -nn, -nn -v, -nn -vv, -nn -e, -nn -X, and every truncation.
local lu = require "luaunit"
local oracle = require "oracle"

TestGeonet = {}

local DST, SRC = "\255\255\255\255\255\255", "\0\12\66\109\84\219"

local function eth(etype, body) return DST .. SRC .. string.pack(">I2", etype) .. body end

-- A common header: version VER, next header NH, type T, subtype S,
-- payload length PL, hop limit HL, then the long position vector.
local function common(ver, nh, t, s, pl, hl)
  return string.char(ver << 4 | nh, t << 4 | s, 0, 0) .. string.pack(">I2", pl) .. "\0" .. string.char(hl)
    .. "\0\0\0\12\66\109\84\219" .. "\0\0\0\9" .. string.pack(">I4I4", 514769562, 56597275) .. ("\0"):rep(8)
end

local function frames()
  local ext = ("\1"):rep(32)
  local f = {
    eth(0x8947, common(0, 0, 1, 0, 0, 1)),
    eth(0x8947, common(0, 1, 5, 1, 12, 10) .. ext .. "\7\209\0\0" .. "\1\2" .. "payload!"),
    eth(0x8947, common(1, 2, 5, 0, 6, 1) .. "\7\209\0\0" .. "\1\150"),
    eth(0x8947, common(0, 1, 5, 0, 6, 1) .. "\7\209\0\0" .. "\1\77"),
    eth(0x8947, common(0, 1, 5, 0, 6, 1) .. "\7\209\0\0" .. "\2\105"),
    eth(0x8947, common(0, 1, 5, 0, 6, 1) .. "\7\209\0\0" .. "\2"),
    eth(0x8947, common(0, 2, 5, 0, 2, 1) .. "\7\209"),
    eth(0x8947, common(0, 1, 5, 1, 0, 1) .. ("\1"):rep(20)),
    eth(0x8947, common(0, 3, 2, 0, 4, 1) .. "\96\0\0\0"),
    eth(0x0707, common(2, 9, 3, 1, 0, 1)),
    eth(0x8947, common(0, 0, 3, 5, 0, 1)),
    eth(0x8947, common(0, 0, 4, 2, 0, 1)),
    eth(0x8947, common(0, 0, 6, 1, 0, 1)),
    eth(0x8947, common(0, 0, 6, 7, 0, 1)),
    eth(0x8947, common(0, 0, 9, 0, 0, 1)),
    eth(0x8947, common(0, 0, 0, 0, 0, 1)),
    eth(0x8947, common(0, 1, 1, 0, 0, 1):sub(1, 30)),
    eth(0x1111, "\1\2" .. "calm payload"),
    eth(0x1111, "\1"),
    eth(0x8100, "\0\5\137\71" .. common(0, 0, 1, 0, 0, 1)),
  }
  for i, d in ipairs(f) do
    if #d < 60 then f[i] = d .. ("\0"):rep(60 - #d) end
  end
  f[#f + 1] = eth(0x1111, "\1")
  f[#f + 1] = eth(0x8947, common(0, 1, 1, 0, 0, 1):sub(1, 30))
  return f
end

function TestGeonet:test_geonet_and_calm_fast_under_every_option_set_and_cut()
  local lines = oracle.check(frames())
  lu.assertStrContains(lines[1], "GeoNet src:00:0c:42:6d:54:db; v:0 NH:0-Any HT:1-0-Beacon HopLim:1 Payload:0 "
    .. "GN_ADDR:00:00:00:0c:42:6d:54:db lat:514769562 lon:56597275")
end
