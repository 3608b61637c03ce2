-- spec/rx_spec.lua: Rx and the AFS services over it (UDP 7000-7009)
-- print what the installed tcpdump prints, line for line: the Rx header
-- (-v's sequence and serial numbers, -vv's connection, call number and
-- flags), every packet type, acks with their acked and nacked runs and
-- -vv's trailer, calls to the file server, callbacks, protection,
-- volume location, kauth, volume, BOS and Ubik services with their
-- arguments, and replies named from the call seen before them (data and
-- aborts), over IPv4 and IPv6, under -nn, -nn -v, -nn -vv, -nn -e,
-- -nn -X and every truncation.
local lu = require "luaunit"
local helper = require "helper"
local oracle = require "oracle"

TestRx = {}

local ip4, ip6 = helper.ip4_bytes, helper.ip6_bytes
local MAC_A, MAC_B = "\2\0\0\0\0\2", "\2\0\0\0\0\1"
local u32 = function(...) return string.pack((">I4"):rep(select("#", ...)), ...) end

local function udp(data, sport, dport)
  return string.pack(">I2I2I2I2", sport, dport, 8 + #data, 0) .. data
end

-- An Ethernet frame carrying DATA from port SPORT to DPORT; REPLY swaps
-- the hosts (the server answers); V6 sends it over IPv6.
local function frame(data, sport, dport, reply, v6)
  local u = udp(data, sport, dport)
  local a, b = "10.0.0.1", "10.0.0.2"
  if reply then a, b = b, a end
  if v6 then
    return MAC_A .. MAC_B .. "\x86\xdd" .. string.pack(">I4I2BB", 0x60000000, #u, 17, 64)
      .. ip6("2001:db8::" .. a:sub(-1)) .. ip6("2001:db8::" .. b:sub(-1)) .. u
  end
  return MAC_A .. MAC_B .. "\8\0" .. string.pack(">BBI2I2I2BBI2", 0x45, 0, 20 + #u, 1, 0, 64, 17, 0)
    .. ip4(a) .. ip4(b) .. u
end

-- An Rx header: call number CALL, TYPE, FLAGS, sequence SEQ, service SVC.
local function rx(call, typ, flags, seq, svc)
  return u32(0x38000000, 0x9a3c0004, call, seq or 1, 7) .. string.char(typ, flags, 0, 2)
    .. string.pack(">I2I2", 0, svc or 1)
end

local function str(s) return u32(#s) .. s .. ("\0"):rep((4 - #s % 4) % 4) end
local function vec(s, max)
  local t = {}
  for i = 1, max do t[i] = u32(s:byte(i) or 0) end
  return table.concat(t)
end
local fid = u32(536871098, 1, 1)
local attr = u32(0x41f, 942356784, 100, 200, 0x1ed, 65536)
local uuid = u32(0x12345678, 0x9abc, 0xdef0, 1, 2, 3, 4, 5, 6, 7, 0x1ff)

-- A call of procedure OP with ARGS to the service on PORT (number CALL).
local function call(n, port, op, args, v6)
  return frame(rx(n, 1, 3) .. u32(op) .. (args or ""), 7001, port, false, v6)
end
-- Its reply: data (ARGS) or, TYPE 4, an abort with code ARGS.
local function reply(n, port, args, typ, v6)
  return frame(rx(n, typ or 1, 0) .. (args or ""), port, 7001, true, v6)
end

local function fs_frames()
  return {
    call(1, 7000, 130, fid .. u32(0, 65536)),
    call(2, 7000, 133, fid .. attr .. u32(0, 100, 200)),
    call(3, 7000, 134, fid .. str("2 1\nalice 127\nbob 9\ncarol 3\n")),
    call(4, 7000, 138, fid .. str("old") .. fid .. str("newname")),
    call(5, 7000, 139, fid .. str("link") .. str("#root.cell.")),
    call(6, 7000, 140, fid .. str("hard") .. fid),
    call(7, 7000, 155, u32(2) .. fid .. fid),
    call(8, 7000, 155, u32(0)),
    call(9, 7000, 65537, fid .. u32(0, 1, 0, 2)),
    call(10, 7000, 65538, fid .. u32(3, 0, 0, 0, 0, 0) .. u32(0, 1, 0, 2, 0, 3)),
    call(11, 7000, 65541, u32(42)),
    call(12, 7000, 999, u32(1)),
    call(13, 7000, 136, fid .. u32(300) .. ("x"):rep(300)),
    call(14, 7000, 137, fid .. str("new") .. u32(0, 0, 0, 0, 0, 0)),
    reply(14, 7000, fid),
    call(15, 7000, 131, fid),
    reply(15, 7000, str("1 0\nsystem:anyuser 9\n")),
    call(16, 7000, 132, fid),
    reply(16, 7000, u32(102), 4),
    call(17, 7000, 132, fid),
    reply(17, 7000, u32(0xffffff9c), 4),
    call(18, 7000, 132, fid),
    reply(18, 7000, u32(5555), 4),
    call(19, 7000, 153),
    reply(19, 7000, u32(942356784)),
    call(20, 7000, 149, u32(7)),
    reply(20, 7000, u32(1)),
    reply(99, 7000, u32(1)),
  }
end

local function db_frames()
  return {
    call(30, 7001, 204, u32(2) .. fid .. fid .. u32(1, 1, 942356784, 2)),
    call(31, 7001, 214, uuid),
    call(32, 7001, 213),
    reply(32, 7001, uuid),
    call(33, 7002, 504, u32(2) .. vec("nneul", 64) .. vec("cc-staff", 64)),
    reply(33, 7002, u32(2, 5879, 0xfffffff0)),
    call(34, 7002, 505, u32(3, 1, 2, 3)),
    reply(34, 7002, u32(1) .. vec("system:administrators", 64)),
    call(35, 7002, 500, str("nobody") .. u32(7, 0xffffffff)),
    call(36, 7002, 510),
    reply(36, 7002, u32(100, 0xfffffe00)),
    call(37, 7002, 508, u32(5)),
    reply(37, 7002, u32(0)),
    call(38, 7002, 512, u32(5)),
    reply(38, 7002, u32(267268), 4),
    call(39, 7002, 10000, u32(1, 942356784, 1, 2, 3, 4)),
    reply(39, 7002, ""),
    call(40, 7002, 10000, u32(0, 942356784, 1, 2, 3, 4)),
    reply(40, 7002, u32(942356799), 4),
    call(41, 7003, 20004),
    reply(41, 7003, u32(9, 10)),
    call(42, 7003, 503, u32(536870915, 1)),
    reply(42, 7003, vec("root.cell", 65) .. u32(0, 2) .. u32(0x0a000001, 0x0a000002, 0, 0, 0, 0, 0, 0)
      .. u32(0, 30, 0, 0, 0, 0, 0, 0) .. u32(0, 0, 0, 0, 0, 0, 0, 0) .. u32(1, 2, 3)),
    call(43, 7003, 519, str("root.afs")),
    reply(43, 7003, vec("root.afs", 65) .. u32(1) .. u32(0x0a000001) .. ("\0"):rep(48)
      .. u32(25) .. ("\0"):rep(48) .. ("\0"):rep(52) .. u32(4, 5, 6)),
    call(44, 7003, 527, str("u")),
    reply(44, 7003, vec("u", 65) .. u32(1) .. uuid .. ("\0"):rep(44 * 12) .. ("\0"):rep(52)
      .. u32(2) .. ("\0"):rep(48) .. ("\0"):rep(52) .. u32(7, 8, 9)),
    call(45, 7003, 506, u32(9, 5) .. vec("x", 65)),
    call(46, 7003, 505, u32(1)),
    reply(46, 7003, u32(536870999)),
    call(47, 7004, 23, u32(3) .. str("CELL") .. u32(4) .. "tick" .. str("afs") .. str("")),
    call(48, 7004, 20002, u32(1, 2, 3, 4, 5, 6)),
    call(49, 7004, 21, str("admin") .. str("")),
    reply(49, 7004, u32(1)),
    call(50, 7004, 8, str("admin") .. str("")),
    reply(50, 7004, u32(180490), 4),
  }
end

local function vol_frames()
  return {
    call(60, 7005, 103, u32(1, 942356784, 1, 2, 3, 4)),
    call(61, 7005, 128, u32(1, 942356784, 2, 1, 2, 3, 4, 5, 6)),
    call(62, 7005, 128, u32(1, 942356784, 0)),
    call(63, 7005, 113, u32(5)),
    reply(63, 7005, u32(1, 2, 3, 4, 5, 6, 7, 8, 9, 10, 942356784, 942356785, 942356786, 0, 0, 0)),
    call(64, 7005, 121, u32(0, 536870915)),
    reply(64, 7005, u32(1) .. vec("root.cell", 32) .. u32(536870915) .. ("\0"):rep(84)),
    call(65, 7005, 104, u32(5)),
    reply(65, 7005, u32(0)),
    call(66, 7005, 112, u32(5)),
    reply(66, 7005, str("root.afs")),
    call(67, 7005, 655537, u32(1, 942356784)),
    call(68, 7007, 105, str("/usr/afs/bin/fileserver") .. u32(1000, 0, 942356784)),
    call(69, 7007, 80, str("simple") .. str("fs")),
    reply(69, 7007, u32(3), 4),
    call(70, 7007, 84, u32(0)),
    reply(70, 7007, str("fs")),
    call(71, 7006, 1, u32(1)),
    call(72, 7008, 1, u32(1)),
  }
end

-- Acks, the other packet types and flags, a cut header, IPv6.
local function rx_frames()
  local ackbody = string.pack(">I2I2I4I4I4BB", 32, 0, 5, 4, 77, 8, 8) .. "\1\1\0\1\0\0\1\1" .. "\0\0\0"
  return {
    frame(rx(80, 2, 32) .. ackbody .. u32(1444, 1444, 32, 4), 7001, 7000),
    frame(rx(81, 2, 0) .. ackbody .. u32(1444, 9) .. "\1\2\3", 7000, 7001, true),
    frame(rx(82, 2, 0) .. string.pack(">I2I2I4I4I4BB", 1, 2, 1, 0, 3, 1, 3) .. "\0\1\0", 7000, 7001, true),
    frame(rx(83, 2, 0) .. string.pack(">I2I2I4I4I4BB", 1, 2, 1, 0, 3, 99, 4) .. "\0\0\0\0", 7000, 7001),
    frame(rx(84, 2, 0) .. string.pack(">I2I2I4I4I4BB", 1, 2, 1, 0, 3, 2, 200), 7000, 7001),
    frame(rx(85, 3, 0), 7000, 7001),
    frame(rx(86, 5, 0), 7000, 7001),
    frame(rx(87, 6, 0) .. u32(2, 3, 4), 7002, 7001),
    frame(rx(88, 7, 0) .. u32(2, 3, 4), 7001, 7002),
    frame(rx(89, 13, 0), 7001, 7009),
    frame(rx(90, 42, 0), 7001, 7009),
    frame(rx(91, 1, 0x3f, 2) .. "more data", 7001, 7000),
    frame(rx(92, 1, 0x1c, 1), 7001, 7000),
    frame(rx(93, 4, 0) .. u32(5), 7000, 7001),
    frame("\0\0\0\1short", 7001, 7000),
    frame(rx(94, 1, 1), 7001, 7000),
    call(95, 7000, 132, fid, true),
    reply(95, 7000, "", 1, true),
  }
end

function TestRx:test_file_server_calls_and_replies()
  local lines = oracle.check(fs_frames())
  lu.assertStrContains(lines[1], "10.0.0.1.7001 > 10.0.0.2.7000:  rx data fs call fetch-data fid 536871098/1/1 offset 0 length 65536 (52)")
end

function TestRx:test_callback_protection_vldb_kauth_and_ubik()
  local lines = oracle.check(db_frames())
  lu.assertStrContains(lines[6], "rx data pt reply name-to-id ids: 5879 -16")
end

function TestRx:test_volume_and_bos_services()
  oracle.check(vol_frames())
end

function TestRx:test_acks_packet_types_flags_and_ipv6()
  local lines = oracle.check(rx_frames(), {"-nn", "-nn -v", "-nn -vv", "-nn -e", "-nn -X"})
  lu.assertStrContains(lines[1], "rx ack first 5 serial 77 reason delay acked 5-6,8,11-12 nacked 7,9-10")
end

-- A reply is named only from a call seen before it in the same capture.
function TestRx:test_reply_without_its_call_is_plain_data()
  local lines = oracle.check({reply(1, 7000, u32(1)), call(1, 7000, 132, fid), reply(1, 7000, u32(1))}, {"-nn"}, {"-nn"})
  lu.assertStrContains(lines[1], "rx data (32)")
  lu.assertStrContains(lines[3], "rx data fs reply fetch-status (32)")
end
