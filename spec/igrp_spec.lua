-- spec/igrp_spec.lua: Cisco's IGRP (IP protocol 9) prints what the
-- installed tcpdump prints, line for line: updates and requests with
-- their edition, AS and route counts (-v: the checksum), interior,
-- system and exterior routes with delay, bandwidth, reliability, load,
-- metric, MTU and hops, extra bytes, counts the datagram cannot hold,
-- unknown opcodes, a header shorter than its 12 bytes, under -nn, -nn
-- -v, -nn -vv, -nn -e, -nn -X, and every truncation. The corpus file
-- igrp-oobr.pcap carries one.
local lu = require "luaunit"
local helper = require "helper"
local oracle = require "oracle"

TestIgrp = {}

local ip4 = helper.ip4_bytes

local function eth4(data)
  return "\2\0\0\0\0\2\2\0\0\0\0\1\8\0" .. string.pack(">BBI2I2I2BBI2", 0x45, 0, 20 + #data, 1, 0, 64, 9, 0)
    .. ip4("10.0.0.1") .. ip4("255.255.255.255") .. data
end

local function hdr(vop, ni, ns, nx) return string.pack(">BBI2I2I2I2I2", vop, 7, 100, ni, ns, nx, 0xbeef) end

local function rte(net, dly, bw, mtu, rel, ld, hct)
  return net .. string.pack(">I3I3I2BBB", dly, bw, mtu, rel, ld, hct)
end

local function frames()
  local r1 = rte("\1\2\3", 2000, 1544, 1500, 255, 1, 0)
  local r2 = rte("\10\1\0", 0xfffff0, 0xfffff0, 576, 200, 10, 3)
  local r3 = rte("\172\16\0", 100, 0, 1500, 255, 1, 15)
  return {
    eth4(hdr(0x11, 1, 1, 1) .. r1 .. r2 .. r3),
    eth4(hdr(0x12, 0, 0, 0)),
    eth4(hdr(0x11, 0, 2, 0) .. r1 .. r2 .. r3),
    eth4(hdr(0x11, 3, 0, 0) .. r1),
    eth4(hdr(0x11, 1, 0, 0) .. r1 .. "\1\2\3\4\5"),
    eth4(hdr(0x27, 0, 0, 0) .. r1),
    eth4(hdr(0x11, 0, 0, 0):sub(1, 8)),
  }
end

function TestIgrp:test_igrp_under_every_option_set_and_cut()
  local lines = oracle.check(frames())
  lu.assertStrContains(lines[1], "10.0.0.1 > 255.255.255.255: igrp: update V1 edit=7 AS=100 (1/1/1) *.1.2.3 d=20000")
end
