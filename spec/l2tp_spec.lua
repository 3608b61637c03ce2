-- spec/l2tp_spec.lua: L2TP (UDP 1701) prints what the installed tcpdump
-- prints, line for line: the flags, tunnel and session ids, Ns and Nr,
-- offset padding, every AVP type's value (and the too short ones),
-- mandatory and hidden AVPs, vendor AVPs, ZLB, control messages without
-- a length, lengths larger than the datagram or smaller than the
-- header, AVPs of bad lengths, L2F and unknown versions, data messages
-- with the PPP frame they carry, under -nn, -nn -v, -nn -vv, -nn -e,
-- -nn -X, and every truncation.
local lu = require "luaunit"
local helper = require "helper"
local oracle = require "oracle"

TestL2tp = {}

local ip4 = helper.ip4_bytes
local pack = string.pack

local function udp(data)
  local u = pack(">I2I2I2I2", 1701, 1701, 8 + #data, 0) .. data
  return "\2\0\0\0\0\2\2\0\0\0\0\1\8\0" .. pack(">BBI2I2I2BBI2", 0x45, 0, 20 + #u, 7, 0, 64, 17, 0)
    .. ip4("10.0.0.1") .. ip4("10.0.0.2") .. u
end

-- An AVP of TYPE with VALUE (FLAGS: 0x8000 mandatory, 0x4000 hidden).
local function avp(t, value, flags, vendor)
  return pack(">I2I2I2", (flags or 0x8000) | (6 + #value), vendor or 0, t) .. value
end

-- A control message (T, L, S set) with AVPS; LEN overrides its length.
local function control(avps, len)
  local body = pack(">I2I2I2I2", 5, 7, 1, 2) .. avps
  return pack(">I2I2", 0xc802, len or 4 + #body) .. body
end

local function u16(x) return pack(">I2", x) end
local function u32(x) return pack(">I4", x) end

local function avps1()
  return table.concat {
    avp(0, u16(1)), avp(0, u16(5)), avp(1, u16(1)), avp(1, u16(2) .. u16(6) .. "error text"),
    avp(1, u16(2) .. "\1"), avp(1, "\1"), avp(2, u16(0x0100)), avp(3, u32(3)), avp(4, u32(3)),
    avp(5, "\1\2\3\4\5\6\7\8"), avp(5, "\1\2"), avp(6, u16(0x0680)), avp(7, "host\1name"),
    avp(8, "vendor"), avp(9, u16(33)), avp(10, u16(4)), avp(11, "\222\173\190\239"),
    avp(12, u16(16) .. "\2" .. "cause"), avp(12, u16(16) .. "\3"), avp(12, "\1"),
  }
end

local function avps2()
  return table.concat {
    avp(13, ("\1"):rep(16)), avp(13, "\1"), avp(14, u16(9)), avp(15, u32(12345)), avp(16, u32(9600)),
    avp(17, u32(64000)), avp(18, u32(2)), avp(19, u32(1)), avp(20, ""), avp(21, "5551234"),
    avp(22, "5559876"), avp(23, "sub"), avp(24, u32(10000000)), avp(25, u32(7)), avp(26, "\1\2"),
    avp(27, "\3"), avp(28, "\4"), avp(29, u16(2)), avp(29, u16(9)), avp(30, "user"), avp(31, "\5\6"),
    avp(32, u16(0x1234)), avp(33, "\7"), avp(34, u16(0) .. u32(1) .. u32(2) .. u32(3) .. u32(4) .. u32(5) .. u32(6)),
    avp(34, u16(0) .. u32(1) .. u32(2)), avp(35, u16(0) .. u32(0xffffffff) .. u32(0)), avp(35, u16(0) .. u32(1)),
    avp(36, "\8\9"), avp(37, "group"), avp(38, u32(5)), avp(39, ""), avp(46, u16(1) .. u16(0xc021) .. "\1" .. "msg"),
    avp(46, u16(1) .. u16(0xc021) .. "\7"), avp(46, "\1"), avp(45, "x"), avp(3, u32(0), 0),
    avp(7, "secret", 0xc000), avp(8, "\1\2", 0x8000, 9), avp(99, "z", 0),
  }
end

local function frames()
  local ppp_ip = "\255\3\0\33" .. pack(">BBI2I2I2BBI2", 0x45, 0, 28, 1, 0, 64, 1, 0) .. ip4("192.168.0.1")
    .. ip4("192.168.0.2") .. "\8\0\247\255\0\0\0\0"
  return {
    udp(control(avps1())),
    udp(control(avps2())),
    udp(control("")),
    udp(pack(">I2I2I2I2I2", 0x8802, 3, 4, 1, 2) .. avp(0, u16(6))),
    udp(control(avp(0, u16(1)), 200)),
    udp(control(avp(0, u16(1)), 6)),
    udp(control(pack(">I2I2I2", 4, 0, 0))),
    udp(control(pack(">I2I2I2", 0x8000 | 40, 0, 0) .. "abc")),
    udp(pack(">I2I2I2I2I2I2", 0xca02, 18, 1, 2, 3, 4) .. u16(2) .. "\0\0" .. avp(0, u16(6))),
    udp(pack(">I2I2I2", 0x0002, 1, 2) .. ppp_ip),
    udp(pack(">I2I2I2I2I2", 0x0802, 1, 2, 3, 4) .. "\192\33\1\1\0\4"),
    udp(pack(">I2I2I2I2", 0x4302, 10, 1, 2) .. u16(0) .. "\0\33\69"),
    udp(pack(">I2I2I2", 0x0002, 1, 2) .. "\1"),
    udp(pack(">I2I2I2", 0xc801, 1, 2)),
    udp(pack(">I2I2I2", 0xc803, 1, 2)),
  }
end

function TestL2tp:test_l2tp_under_every_option_set_and_cut()
  local lines = oracle.check(frames())
  lu.assertStrContains(lines[1], " l2tp:[TLS](5/7)Ns=1,Nr=2 *MSGTYPE(SCCRQ) *MSGTYPE(MSGTYPE-#5)")
end
