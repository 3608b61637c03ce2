-- spec/aarp_spec.lua: AppleTalk's ARP (EtherType 0x80f3) prints what
-- the installed tcpdump prints, line for line: requests, replies and
-- probes with their AppleTalk addresses (a net alone for node 255), the
-- fields of other operations and hardware kinds, a message shorter than
-- its 28 bytes, under -nn, -nn -v, -nn -vv, -nn -e, -nn -X, and every
-- truncation. The corpus files aarp-heapoverflow-1.pcap and -2.pcap
-- carry cut ones.
local lu = require "luaunit"
local oracle = require "oracle"

TestAarp = {}

local function eth(body, len)
  local f = "\9\0\7\255\255\255\2\0\0\0\0\1\128\243" .. body
  return len and f .. ("\0"):rep(len - #f) or f
end

local function aarp(op, htype, ptype, hl, pl)
  return string.pack(">I2I2BBI2", htype or 1, ptype or 0x809b, hl or 6, pl or 4, op)
    .. "\2\0\0\0\0\1" .. "\0\0\10\5" .. "\0\0\0\0\0\0" .. "\0\1\2\255"
end

function TestAarp:test_aarp_under_every_option_set_and_cut()
  local lines = oracle.check({
    eth(aarp(1)), eth(aarp(2)), eth(aarp(3)), eth(aarp(4)),
    eth(aarp(1, 6)), eth(aarp(2, 1, 0x0800)), eth(aarp(1, 1, 0x809b, 8)), eth(aarp(3, 1, 0x809b, 6, 2)),
    eth(aarp(1), 64), eth("\0\1\128\155\6\4\0\1\2"),
  })
  lu.assertStrContains(lines[1], "aarp who-has 258 tell 10.5")
end
