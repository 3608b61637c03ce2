-- spec/ptp_spec.lua: the Precision Time Protocol prints what the
-- installed tcpdump prints, line for line: every version 2 message type
-- (sync, delay and peer delay requests and responses, follow ups,
-- announce, signalling, management) with its header's fields, over UDP
-- 319/320 and over Ethernet (0x88f7), version 1, short messages, under
-- -nn, -nn -v, -nn -e, -nn -X, and every truncation.
local lu = require "luaunit"
local helper = require "helper"
local oracle = require "oracle"

TestPtp = {}

local ip4 = helper.ip4_bytes
local MAC_A, MAC_B = "\x01\x1b\x19\x00\x00\x00", "\x02\x00\x00\x00\x00\x01"

local function udp4(sport, dport, data)
  local u = string.pack(">I2I2I2I2", sport, dport, 8 + #data, 0) .. data
  return MAC_A .. MAC_B .. "\8\0" .. string.pack(">BBI2I2I2BBI2", 0x45, 0, 20 + #u, 1, 0, 1, 17, 0)
    .. ip4("10.0.0.1") .. ip4("224.0.1.129") .. u
end

-- A PTPv2 message of TYPE with BODY (O: flags, seq, control, domain...).
local function ptp(type, body, o)
  o = o or {}
  return string.pack(">BBI2BBI2", (o.compat and 0x10 or 0) | type, o.ver or 2, 34 + #body, o.domain or 0, o.rsvd or 0,
    o.flags or 0)
    .. string.pack(">I6I2I4", o.corr or 0, o.subns or 0, o.rsvd2 or 0) .. "\0\27\25\255\254\0\0\1"
    .. string.pack(">I2I2BB", o.port or 1, o.seq or 7, o.control or 0, o.interval or 0xfd) .. body
end

local ts = string.pack(">I6I4", 1700000000, 123456789)
local id = "\0\27\25\255\254\0\0\2" .. "\0\3"

local function ptp_frames()
  local announce = ts .. string.pack(">I2BBBBI2B", 37, 0, 128, 6, 0x21, 0x4e5d, 128) .. "\0\27\25\255\254\0\0\9"
    .. string.pack(">I2B", 1, 0xa0)
  local msgs = {
    ptp(0, ts, {flags = 0x0200, seq = 1}),
    ptp(1, ts, {control = 1, compat = true}),
    ptp(2, ts .. id, {control = 5}),
    ptp(3, ts .. id, {flags = 0x0608}),
    ptp(8, ts, {control = 2, corr = 12345, subns = 9}),
    ptp(9, ts .. id, {control = 3, domain = 4, rsvd = 1}),
    ptp(10, ts .. id, {control = 9}),
    ptp(11, announce, {flags = 0x003f, control = 5, interval = 1}),
    ptp(12, id .. "\0\1\0\2", {flags = 0x7000, rsvd2 = 77}),
    ptp(13, id .. "\2\1\0\0\0\1", {control = 4}),
    ptp(5, "", {flags = 0x18c0}),
    ptp(0, ts, {ver = 1}),
    ptp(0, ts, {ver = 3}),
    ("\0\2"):rep(10),
  }
  local f = {}
  for i, m in ipairs(msgs) do f[#f + 1] = udp4(i % 2 == 0 and 320 or 319, i % 3 == 0 and 40000 or 319, m) end
  f[#f + 1] = MAC_A .. MAC_B .. "\x88\xf7" .. msgs[1]
  f[#f + 1] = MAC_A .. MAC_B .. "\x88\xf7" .. msgs[8]
  return f
end

function TestPtp:test_ptp_messages_under_every_option_set_and_cut()
  local lines = oracle.check(ptp_frames())
  lu.assertStrContains(lines[1], "10.0.0.1.319 > 224.0.1.129.319: PTPv2, v1 compat : no, msg type : sync msg, "
    .. "length : 44, domain : 0, reserved1 : 0, Flags [two step]")
end
