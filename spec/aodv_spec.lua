-- spec/aodv_spec.lua: AODV (UDP 654) prints what the installed tcpdump
-- prints, line for line: route requests, replies (with the hello
-- extension and unknown ones), errors and their unreachable
-- destinations, acknowledgements, unknown types, over IPv4 and IPv6 and
-- the IPv6 draft's types, under every option set and truncation.
local lu = require "luaunit"
local helper = require "helper"
local oracle = require "oracle"

TestAodv = {}

local ip4, ip6 = helper.ip4_bytes, helper.ip6_bytes
local u32 = function(x) return string.pack(">I4", x) end

local function udp(data) return string.pack(">I2I2I2I2", 654, 654, 8 + #data, 0) .. data end

local function eth4(data)
  local u = udp(data)
  return "\2\0\0\0\0\2\2\0\0\0\0\1\8\0" .. string.pack(">BBI2I2I2BBI2", 0x45, 0, 20 + #u, 1, 0, 64, 17, 0)
    .. ip4("10.0.0.1") .. ip4("10.0.0.2") .. u
end

local function eth6(data)
  local u = udp(data)
  return "\51\51\0\0\0\1\2\0\0\0\0\1\134\221" .. string.pack(">I4I2BB", 0x60000000, #u, 17, 64) .. ip6("fe80::1")
    .. ip6("fe80::2") .. u
end

local function frames()
  local a, b, x, y = ip4("10.1.1.1"), ip4("10.2.2.2"), ip6("fd00::1"), ip6("fd00::2")
  return {
    eth4("\1\0\0\3" .. u32(7) .. a .. u32(5) .. b .. u32(6)),
    eth4("\248\0\0\3" .. u32(7) .. a .. u32(5) .. b .. u32(6)),
    eth4("\2\0\5\2" .. a .. u32(5) .. b .. u32(3000) .. "\1\4" .. u32(1000)),
    eth4("\2\0\5\2" .. a .. u32(5) .. b .. u32(3000) .. "\1\2" .. u32(1000)),
    eth4("\2\0\5\2" .. a .. u32(5) .. b .. u32(3000) .. "\9\1"),
    eth4("\2\0\5\2" .. a .. u32(5) .. b .. u32(3000) .. "\1\4\0"),
    eth4("\3\128\0\2" .. a .. u32(1) .. b .. u32(2)), eth4("\3\0\0\3" .. a .. u32(1)),
    eth4("\4\0"), eth4("\9\9\9"), eth4("\1\0\0"),
    eth6("\1\0\0\1" .. u32(1) .. x .. u32(2) .. y .. u32(3)), eth6("\2\0\1\1" .. x .. u32(2) .. y .. u32(3)),
    eth6("\3\0\0\1" .. x .. u32(9)), eth6("\16\0\0\1" .. u32(1) .. u32(2) .. u32(3) .. x .. y),
    eth6("\17\0\1\1" .. u32(2) .. x .. y .. u32(3) .. "\1\4" .. u32(5)), eth6("\18\0\0\1" .. x .. u32(9)),
    eth6("\19\0"),
  }
end

function TestAodv:test_aodv_messages_under_every_option_set_and_cut()
  local lines = oracle.check(frames())
  lu.assertEquals(lines[1]:match("IP .*"), "IP 10.0.0.1.654 > 10.0.0.2.654:  aodv rreq 24  hops 3 id 0x00000007")
  lu.assertEquals(lines[2], "\tdst 10.1.1.1 seq 5 src 10.2.2.2 seq 6")
end
