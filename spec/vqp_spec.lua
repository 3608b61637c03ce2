-- spec/vqp_spec.lua: Cisco's VLAN Query Protocol (UDP 1589) prints what
-- the installed tcpdump prints, line for line: the message type and
-- error code, and under -v the sequence number and each object (client
-- address, port, VLAN and domain names, the Ethernet packet, MAC
-- addresses, unknown ones in hex but under -vv), objects of the wrong
-- length or longer than the message, zero types and lengths, other
-- versions, under -nn, -nn -v, -nn -vv, -nn -e, -nn -X, and every
-- truncation. The corpus file vqp-oobr.pcap carries one.
local lu = require "luaunit"
local helper = require "helper"
local oracle = require "oracle"

TestVqp = {}

local ip4 = helper.ip4_bytes

local function eth4(data)
  local u = string.pack(">I2I2I2I2", 1589, 1589, 8 + #data, 0) .. data
  return "\2\0\0\0\0\2\2\0\0\0\0\1\8\0" .. string.pack(">BBI2I2I2BBI2", 0x45, 0, 20 + #u, 1, 0, 64, 17, 0)
    .. ip4("10.0.0.1") .. ip4("10.0.0.2") .. u
end

local function obj(t, val) return string.pack(">I4I2", t, #val) .. val end

local function vqp(ver, type, err, items, objs)
  return string.pack(">BBBBI4", ver, type, err, items, 0x1234) .. objs
end

local function frames()
  local all = obj(0x0c01, ip4("10.1.2.3")) .. obj(0x0c02, "Fa0/1") .. obj(0x0c03, "vlan10\0x")
    .. obj(0x0c04, "domain") .. obj(0x0c05, "\1\2\3\4") .. obj(0x0c06, "\0\0\0\0\0\0")
    .. obj(0x0c08, "\0\1\2\3\4\5") .. obj(0x0c07, "\9\8\7")
  return {
    eth4(vqp(1, 1, 0, 8, all)),
    eth4(vqp(1, 2, 3, 1, obj(0x0c03, "vlan"))),
    eth4(vqp(1, 3, 4, 0, "")),
    eth4(vqp(1, 4, 5, 1, obj(0x0c08, "\0\1\2\3\4\5"))),
    eth4(vqp(1, 9, 31, 1, obj(0x0c01, "\1\2\3"))),
    eth4(vqp(1, 1, 0, 1, obj(0x0c08, "\1\2"))),
    eth4(vqp(1, 1, 0, 2, obj(0, "") .. obj(0x0c02, "x"))),
    eth4(vqp(1, 1, 0, 1, string.pack(">I4I2", 0x0c02, 40) .. "short")),
    eth4(vqp(1, 1, 0, 3, obj(0x0c02, "a") .. "\0\0")),
    eth4(vqp(2, 1, 0, 0, "")),
    eth4("\1\1\0"),
  }
end

function TestVqp:test_vqp_under_every_option_set_and_cut()
  local lines = oracle.check(frames())
  lu.assertStrContains(lines[1], "VQPv1 Request, Join Port Message, error-code No error (0), length 98")
end
