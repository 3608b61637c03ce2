-- spec/lwres_spec.lua: BIND's lightweight resolver protocol (UDP 921)
-- prints what the installed tcpdump prints, line for line: no-ops,
-- getaddrsbyname, getnamebyaddr and getrdatabyname queries and
-- responses with their address types, names (and those not NUL-ended),
-- aliases, IPv4, IPv6 and other addresses, types, classes, TTLs, rdata
-- and signatures, unknown opcodes and flags, other versions, the packet
-- length disagreeing with the datagram's and "[extra]" bytes (-v: the
-- version, -vv: serial, result, receive length), under -nn, -nn -v,
-- -nn -vv, -nn -e, -nn -X, and every truncation. The corpus files
-- lwres_with_extra.pcap and lwres-pointer-arithmetic-ub.pcap carry
-- these.
local lu = require "luaunit"
local helper = require "helper"
local oracle = require "oracle"

TestLwres = {}

local ip4, ip6 = helper.ip4_bytes, helper.ip6_bytes

local function eth4(data, sport, dport)
  local u = string.pack(">I2I2I2I2", sport or 40000, dport or 921, 8 + #data, 0) .. data
  return "\2\0\0\0\0\2\2\0\0\0\0\1\8\0" .. string.pack(">BBI2I2I2BBI2", 0x45, 0, 20 + #u, 1, 0, 64, 17, 0)
    .. ip4("10.0.0.1") .. ip4("10.0.0.2") .. u
end

-- A packet of OPCODE (FLAGS, VERSION) whose body is BODY; LEN: the
-- length it claims (its own by default).
local function lw(opcode, flags, body, len, version)
  return string.pack(">I4I2I2I4I4I4I4I2I2", len or 28 + #body, version or 0, flags, 0x11, opcode, 0, 1024, 0, 0) .. body
end

local function nm(s) return string.pack(">I2", #s) .. s .. "\0" end
local function a4(a) return string.pack(">I4I2", 1, 4) .. ip4(a) end
local function a6(a) return string.pack(">I4I2", 2, 16) .. ip6(a) end

local function frames()
  local GABN, GNBA, GRBN = 0x10001, 0x10002, 0x10003
  return {
    eth4(lw(0, 0, "\0\0")),
    eth4(lw(0, 1, "\0\0"), 921, 40000),
    eth4(lw(GABN, 0, string.pack(">I4I4", 0, 3) .. nm("www.example"))),
    eth4(lw(GABN, 0, string.pack(">I4I4", 0, 1) .. nm("v4.example"))),
    eth4(lw(GABN, 0, string.pack(">I4I4", 0, 6) .. "\0\3abcX")),
    eth4(lw(GABN, 1, string.pack(">I4I2I2", 0, 2, 3) .. nm("host") .. nm("alias1") .. nm("alias2")
      .. a4("10.0.0.5") .. a6("2001:db8::5") .. string.pack(">I4I2", 7, 3) .. "\1\2\3"), 921, 40000),
    eth4(lw(GABN, 1, string.pack(">I4I2I2", 0, 0, 1) .. nm("host") .. string.pack(">I4I2", 1, 2) .. "\1\2"), 921, 40000),
    eth4(lw(GNBA, 0, "\0\0\0\0" .. a4("10.0.0.5"))),
    eth4(lw(GNBA, 0, "\0\0\0\0" .. a6("2001:db8::1"))),
    eth4(lw(GNBA, 0, "\0\0\0\0" .. string.pack(">I4I2", 2, 4) .. "\1\2\3\4")),
    eth4(lw(GNBA, 1, string.pack(">I4I2", 0, 1) .. nm("name") .. nm("alias")), 921, 40000),
    eth4(lw(GRBN, 0, string.pack(">I4I2I2", 0, 1, 28) .. nm("x.example"))),
    eth4(lw(GRBN, 0, string.pack(">I4I2I2", 0, 3, 99) .. nm("chaos"))),
    eth4(lw(GRBN, 0, string.pack(">I4I2I2", 0, 7, 16) .. nm("cls"))),
    eth4(lw(GRBN, 1, string.pack(">I4I2I2I4I2I2", 0, 1, 1, 3600, 2, 1) .. nm("r") .. "\0\4\10\0\0\1"
      .. "\0\2\1\2" .. "\0\3\9\9\9"), 921, 40000),
    eth4(lw(0x20000, 0, "what")),
    eth4(lw(0, 0x8002, "\0\0")),
    eth4(lw(0, 0, "\0\0", 100)),
    eth4(lw(0, 0, "\0\0", 2)),
    eth4(lw(0, 0, "\0\0", 28, 3)),
    eth4(lw(0, 0, "\0\0", 0xfffffff0, 41634)),
    eth4(lw(0, 0, "")),
  }
end

function TestLwres:test_lwres_under_every_option_set_and_cut()
  local lines = oracle.check(frames())
  lu.assertStrContains(lines[3], "10.0.0.1.40000 > 10.0.0.2.921:  lwres getaddrsbyname? IPv4/6 www.example")
end
