-- spec/openflow_spec.lua: OpenFlow (TCP 6653 and 6633) prints what the
-- installed tcpdump prints, line for line: a line per message of a
-- segment, and under -v and -vv the bodies tcpdump decodes (OpenFlow
-- 1.0: every message type, match, action, queue and statistics type,
-- Big Switch Networks' vendor messages and actions; OpenFlow 1.3: HELLO
-- elements, ERROR, EXPERIMENTER, switch, port, table, role and async
-- messages), the lengths tcpdump calls invalid or bogus, segments that
-- end inside a message, under -nn, -nn -v, -nn -vv, -nn -e, -nn -X, and
-- every truncation.
local lu = require "luaunit"
local helper = require "helper"
local oracle = require "oracle"

TestOpenflow = {}

local ip4 = helper.ip4_bytes
local pack = string.pack

-- An Ethernet frame carrying a TCP segment (PSH, ACK) of PAYLOAD.
local function frame(payload, sport, dport)
  local seg = pack(">I2I2I4I4BBI2I2I2", sport or 40000, dport or 6653, 1000, 2000, 0x50, 0x18, 1000, 0, 0)
    .. payload
  return "\2\0\0\0\0\2\2\0\0\0\0\1\8\0" .. pack(">BBI2I2I2BBI2", 0x45, 0, 20 + #seg, 1, 0, 64, 6, 0)
    .. ip4("10.0.0.1") .. ip4("10.0.0.2") .. seg
end

-- An OpenFlow message: version VER, type T, BODY (LENGTH: the header's).
local function msg(ver, t, body, length)
  body = body or ""
  return pack(">BBI2I4", ver, t, length or 8 + #body, 0x100 + t) .. body
end
local function of10(t, body, length) return msg(1, t, body, length) end
local function of13(t, body, length) return msg(4, t, body, length) end

local MAC1, MAC2 = "\0\1\2\3\4\5", "\10\11\12\13\14\15"

-- A match: wildcards W, then the fields (in_port 3, MACs, VLAN 10 pcp 3,
-- DL_TYPE, tos, PROTO, the addresses, the ports).
local function match(w, dl_type, proto)
  return pack(">I4I2", w, 3) .. MAC1 .. MAC2 .. pack(">I2BBI2BBI2", 10, 3, 0, dl_type or 0x0800, 0x10,
    proto or 6, 0) .. ip4("10.1.0.0") .. ip4("10.2.3.4") .. pack(">I2I2", 80, 8080)
end

local function action(t, body) return pack(">I2I2", t, 4 + #body) .. body end

-- Every OpenFlow 1.0 action, and the ones tcpdump calls bogus or invalid.
local function actions()
  return action(0, pack(">I2I2", 0xfffd, 128)) .. action(0, pack(">I2I2", 2, 0))
    .. action(1, pack(">I2I2", 0, 0)) .. action(1, pack(">I2I2", 0xffff, 0))
    .. action(2, "\9\0\0\0") .. action(3, "\0\0\0\0")
    .. action(4, MAC1 .. "\0\0\0\0\0\0") .. action(5, MAC2 .. "\0\0\0\0\0\0")
    .. action(6, ip4("192.0.2.1")) .. action(7, ip4("192.0.2.2")) .. action(8, "\184\0\0\0")
    .. action(9, pack(">I2I2", 1234, 0)) .. action(10, pack(">I2I2", 4321, 0))
    .. action(11, pack(">I2I6I4", 0xfffe, 0, 0xffffffff)) .. action(11, pack(">I2I6I4", 5, 0, 7))
    .. action(0xffff, pack(">I4I4I4I4BI3", 0x5c16c7, 1, 9, 0x81002064, 1, 0)) -- BSN mirror
    .. action(0xffff, pack(">I4I4I4I4I4I4I4", 0x5c16c7, 1, 9, 0, 0x1234, 0, 0)) -- mirror's length
    .. action(0xffff, pack(">I4I4I4I4BI3", 0x5c16c7, 1, 9, 0x88a80005, 7, 0))
    .. action(0xffff, pack(">I4I4I4", 0x5c16c7, 4, 0)) .. action(0xffff, pack(">I4I4I4", 0x002320, 0xabcd, 7))
    .. action(0xffff, pack(">I4", 0x5c16c7)) .. action(0xffff, pack(">I4I4", 0x5c16c7, 1))
    .. action(0xffff, pack(">I4I4I4", 0x5c16c7, 1, 9) .. "\0\0\0\0\0\0\0\0\0\0\0\0") -- bogus
    .. action(0, pack(">I2I2I4I4", 1, 0, 0, 0)) .. action(0x20, "\0\0\0\0")
end

-- A physical port (48 bytes): number N, NAME, and its bitmaps.
local function phy_port(n, name, state)
  return pack(">I2", n) .. MAC1 .. name .. ("\0"):rep(16 - #name)
    .. pack(">I4I4I4I4I4I4", 0x45, state or 0x201, 0x2a0, 0xfff, 0x1000, 0)
end

local function bsn(sub, body) return pack(">I4I4", 0x5c16c7, sub) .. body end

local function of10_frames()
  local mfull = match(0, 0x0800, 6)
  local flow_mod = mfull .. pack(">I8I2I2I2I2I4I2I2", 0x123456789, 0, 60, 0, 100, 0xffffffff, 0, 0x0b)
  local flow_del = match(0x3820ff) .. pack(">I8I2I2I2I2I4I2I2", 1, 3, 0, 30, 0, 7, 0xfffb, 0)
  local queue = function(id, props) return pack(">I4I2I2", id, 8 + #props, 0) .. props end
  local prop = function(t, body, len) return pack(">I2I2I4", t, len or 8 + #body, 0) .. body end
  local qreply = pack(">I2I6", 1, 0) .. queue(1, prop(1, pack(">I2I6", 500, 0)) .. prop(0, ""))
    .. queue(2, prop(1, pack(">I2I6", 2000, 0)) .. prop(1, pack(">I2I6I8", 1, 0, 0)) .. prop(7, "\0\0\0\0"))
    .. queue(3, prop(0, "", 64)) .. queue(4, "")
  return {
    frame(of10(0, "") .. of10(0, "hello there") .. of10(2, "") .. of10(3, ("\1\2"):rep(13))),
    frame(of10(1, pack(">I2I2", 1, 6) .. "some data") .. of10(1, pack(">I2I2", 3, 99))
      .. of10(1, pack(">I2I2", 9, 0)) .. of10(1, "\0"), 6633, 40001),
    frame(of10(4, bsn(0, pack(">BI3", 2, 0) .. ip4("255.255.0.0"))) .. of10(4, bsn(1, "\3\0\0\0\0\0\0\0"))
      .. of10(4, bsn(2, "\1\0\0\0\0\0\0")) .. of10(4, bsn(3, "\1\0\0\0")) .. of10(4, bsn(5, "\7\0\0\0"))
      .. of10(4, bsn(9, "")) .. of10(4, bsn(13, "x")) .. of10(4, bsn(17, pack(">I4", 77)))),
    frame(of10(4, bsn(6, pack(">I4", 1) .. "ls -l\n")) .. of10(4, bsn(7, "out\1put"))
      .. of10(4, bsn(8, pack(">I4", 0xdead))) .. of10(4, bsn(8, "\0")) .. of10(4, bsn(99, "zz"))
      .. of10(4, bsn(6, "\0")) .. of10(4, pack(">I4", 0x5c16c7) .. "\0")
      .. of10(4, pack(">I4", 0x002320) .. "nicira") .. of10(4, pack(">I4", 0xff000002))
      .. of10(4, pack(">I4", 0xaabbcc)) .. of10(4, "\0")),
    frame(of10(5) .. of10(5, "x") .. of10(6, pack(">I8I4BI3I4I4", 0xabcdef, 256, 2, 0, 0x1ff, 0xfffff)
      .. phy_port(1, "eth1") .. phy_port(0xfffe, "br0", 0x300) .. "\0\0\0") .. of10(7) .. of10(8, "\0\1\0\128")
      .. of10(9, "\0\7\255\255") .. of10(9, "\0")),
    frame(of10(10, pack(">I4I2I2BB", 0xffffffff, 60, 2, 1, 0) .. ("\170"):rep(20))
      .. of10(10, pack(">I4I2I2BB", 5, 60, 0xfff8, 4, 0)) .. of10(10, "\0")),
    frame(of10(11, mfull .. pack(">I8I2BBI4I4I2I2I8I8", 9, 7, 1, 0, 30, 500, 10, 0, 12, 3400))
      .. of10(11, match(0x3fffff) .. pack(">I8I2BBI4I4I2I2I8I8", 9, 0, 5, 0, 1, 2, 0, 0, 0, 0))
      .. of10(12, pack(">BI7", 2, 0) .. phy_port(3, "port-three", 0x601)) .. of10(12, pack(">BI7", 9, 0)
      .. phy_port(0xff00, "0123456789abcdef")) .. of10(11, "\0")),
    frame(of10(13, pack(">I4I2I2", 0xffffffff, 0xfffd, 16) .. action(0, pack(">I2I2", 0xfffd, 0))
      .. action(1, pack(">I2I2", 5, 0)) .. ("\85"):rep(14)) .. of10(13, pack(">I4I2I2", 1, 1, 64))),
    frame(of10(14, flow_mod .. actions())),
    frame(of10(14, flow_del) .. of10(14, match(0xfffffff, 0x0806, 2) .. pack(">I8I2I2I2I2I4I2I2", 0, 9, 0, 0,
      0, 1, 2, 0xf8) .. action(0, "\0\1") .. action(0, pack(">I2I2I4", 1, 0, 0)))
      .. of10(14, match(0x240800, 0x0800, 1) .. pack(">I8I2I2I2I2I4I2I2", 0, 2, 0, 0, 0, 1, 2, 0))
      .. of10(14, match(0x182800, 0x0806, 2) .. pack(">I8I2I2I2I2I4I2I2", 0, 4, 0, 0, 0, 1, 2, 0))
      .. of10(14, "\0")),
    frame(of10(15, pack(">I2", 4) .. MAC2 .. pack(">I4I4I4I4", 0x41, 0x7f, 0x80, 0)) .. of10(15, "\0")
      .. of10(18) .. of10(19) .. of10(18, "\0") .. of10(20, "\255\253\0\0") .. of10(20, "\0")
      .. of10(21, qreply) .. of10(21, "\0") .. of10(0x30, "??")),
    frame(of10(16, pack(">I2I2", 0, 0)) .. of10(16, pack(">I2I2", 1, 0) .. match(0x3ffffe) .. pack(">BBI2", 0xff,
      0, 0xffff)) .. of10(16, pack(">I2I2", 2, 1) .. match(0x3fffff) .. pack(">BBI2", 0xfe, 0, 5))
      .. of10(16, pack(">I2I2I2I6", 4, 0, 0xfffe, 0)) .. of10(16, pack(">I2I2I2I2I4", 5, 0, 2, 0, 0xffffffff))
      .. of10(16, pack(">I2I2I2I2I4", 5, 0, 2, 0, 3)) .. of10(16, pack(">I2I2I4", 0xffff, 0, 0x002320) .. "vd")
      .. of10(16, pack(">I2I2", 0xffff, 0) .. "\0") .. of10(16, pack(">I2I2", 3, 0) .. "x")
      .. of10(16, pack(">I2I2", 4, 0)) .. of10(16, pack(">I2I2", 1, 0)) .. of10(16, pack(">I2I2", 7, 0) .. "??")
      .. of10(16, "\0")),
  }
end

local function of10_stats_frames()
  local s = function(t, flags, body) return of10(17, pack(">I2I2", t, flags) .. body) end
  local text = function(str, n) return str .. ("\0"):rep(n - #str) end
  local desc = text("Maker", 256) .. text("Box \1", 256) .. text("Soft", 256) .. ("S"):rep(32) .. text("dp", 256)
  local entry = function(acts)
    return pack(">I2BB", 88 + #acts, 0xfe, 0) .. match(0x3ffffe) .. pack(">I4I4I2I2I2I6I8I8I8", 5, 6, 7, 8, 9,
      0, 0xabc, 100, 20000) .. acts
  end
  local tbl = function(id) return pack(">BI3", id, 0) .. text("table", 32) .. pack(">I4I4I4I8I8", 0x3ff0ff,
    1000, 10, 99, 98) end
  local ctr = ""
  for i = 1, 12 do ctr = ctr .. pack(">I8", i * 1000) end
  return {
    frame(s(0, 0, desc)),
    frame(s(1, 1, entry(action(0, pack(">I2I2", 1, 0))) .. entry("")) .. s(1, 0, entry(""):sub(1, 60))
      .. s(1, 0, pack(">I2", 200) .. entry(""):sub(3)) .. s(2, 0, pack(">I8I8I4I4", 1, 2, 3, 0))
      .. s(2, 0, "\0") .. s(3, 3, tbl(0) .. tbl(0xff) .. "\0") .. s(0, 0, "\0")),
    frame(s(4, 0, pack(">I2I6", 1, 0) .. ctr) .. s(4, 0, "\0") .. s(5, 0, pack(">I2I2I4I8I8I8", 0xfffe, 0, 4,
      1, 2, 3)) .. s(5, 0, "\0") .. s(0xffff, 0, pack(">I4", 0x5c16c7) .. "vendor")
      .. s(0xffff, 0, "\0") .. s(9, 0, "??") .. of10(17, "\0")),
  }
end

local function of13_frames()
  local elem = function(t, body, len) return pack(">I2I2", t, len or 4 + #body) .. body end
  local port = pack(">I4I4", 7, 0) .. MAC2 .. "\0\0" .. "p7" .. ("\0"):rep(14)
    .. pack(">I4I4I4I4I4I4I4I4", 0x65, 0x6, 0x280a, 0x10000, 0xffff, 0, 10000000, 40000000)
  local port2 = pack(">I4I4", 0xfffffffe, 0) .. MAC1 .. "\0\0" .. ("L"):rep(16) .. ("\0"):rep(32)
  return {
    frame(of13(0, elem(1, pack(">I4", 0x12))) .. of13(0, elem(1, pack(">I4", 0x40000001)) .. elem(1,
      pack(">I4I4", 1, 2)) .. elem(9, "abcd")) .. of13(0, elem(1, "", 40)) .. of13(0, "\0")
      .. of13(0, elem(1, "", 2))),
    frame(of13(1, pack(">I2I2", 5, 7) .. "bad flow") .. of13(1, pack(">I2I2", 0xffff, 1)) .. of13(1, pack(">I2I2",
      13, 5)) .. of13(1, pack(">I2I2", 12, 44)) .. of13(1, pack(">I2I2", 14, 0)) .. of13(1, "\0")),
    frame(of13(4, pack(">I4I4", 0x4f4e4600, 7) .. "onf!") .. of13(4, pack(">I4I4", 0xff000009, 1))
      .. of13(4, pack(">I4I4", 0x00abcd, 1)) .. of13(4, "\0")),
    frame(of13(5) .. of13(6, pack(">I8I4BBI2I4I4", 0x1122334455, 0, 254, 3, 0, 0x17f, 0))
      .. of13(6, "\0") .. of13(7) .. of13(8, "\0\2\255\229") .. of13(9, "\0\0\255\255") .. of13(9, "\0\9\0\5")),
    frame(of13(12, pack(">BI7", 1, 0) .. port) .. of13(12, pack(">BI7", 7, 0) .. port2) .. of13(12, "\0")
      .. of13(16, pack(">I4I4", 0xfffffffd, 0) .. MAC1 .. "\0\0" .. pack(">I4I4I4I4", 0x45, 0x1, 0x20000, 0))
      .. of13(16, "\0")),
    frame(of13(17, pack(">BI3I4", 0xff, 0, 3)) .. of13(17, pack(">BI3I4", 2, 0, 0)) .. of13(22,
      pack(">I4I4", 0xffffffff, 0)) .. of13(24, pack(">I4I4I8", 2, 0, 0x99)) .. of13(25, pack(">I4I4I8", 7, 0, 1))
      .. of13(26) .. of13(27, pack(">I4I4I4I4I4I4", 7, 8, 3, 0, 5, 0xf)) .. of13(28, ("\0"):rep(24))
      .. of13(28, "\0")),
    frame(of13(10, "pkt") .. of13(11, "") .. of13(13, "o") .. of13(14, ("\0"):rep(40)) .. of13(15, "g")
      .. of13(18, "\0\0\0\0") .. of13(19, "\0\0\0\0") .. of13(20) .. of13(21, "x") .. of13(23, "q")
      .. of13(29, "m") .. of13(30, "?")),
    frame(msg(2, 0, "") .. msg(9, 3, "x") .. msg(1, 0, "", 4)),
    frame(of10(2, "") .. "\1\3\0"),
    frame(of10(2, "") .. "\1"),
    frame(of10(2, "") .. "\1\3\0\16\0\0"),
    frame(of10(3, "abcdef", 40) .. "more"),
  }
end

function TestOpenflow:test_openflow_10_messages_under_every_option_set_and_cut()
  local lines = oracle.check(of10_frames())
  lu.assertStrContains(lines[1], "10.0.0.1.40000 > 10.0.0.2.6653: Flags [P.]")
  lu.assertStrContains(lines[1], ": OpenFlow")
  lu.assertEquals(lines[2], "\tversion 1.0, type HELLO, length 8, xid 0x00000100")
end

function TestOpenflow:test_openflow_10_statistics_under_every_option_set_and_cut()
  local lines = oracle.check(of10_stats_frames(), {"-nn", "-nn -v", "-nn -vv", "-nn -vv -X"})
  lu.assertEquals(lines[2], "\tversion 1.0, type STATS_REPLY, length 1068, xid 0x00000111")
end

function TestOpenflow:test_openflow_13_and_headers_under_every_option_set_and_cut()
  local lines = oracle.check(of13_frames())
  lu.assertEquals(lines[2], "\tversion 1.3, type HELLO, length 16, xid 0x00000100")
end

function TestOpenflow:test_port_6633_is_openflow_and_a_lone_port_is_not()
  local lines = oracle.check({frame(of10(2, ""), 6633, 50000), frame(of10(2, ""), 50000, 6652)}, {"-nn"}, {"-nn"})
  lu.assertStrContains(lines[1], "length 8: OpenFlow")
  lu.assertEquals(lines[2], "\tversion 1.0, type ECHO_REQUEST, length 8, xid 0x00000102")
  lu.assertNotStrContains(lines[3], "OpenFlow")
end
