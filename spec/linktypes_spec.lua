-- spec/linktypes_spec.lua: the rarer link types print what the
-- installed tcpdump prints, line for line, and netlab.packet opens the
-- IP they carry: Solaris's ipnet (226), under -nn, -nn -v, -nn -vv,
-- -nn -e, -nn -q, -nn -X and every truncation from the first byte on.
local lu = require "luaunit"
local helper = require "helper"
local oracle = require "oracle"
local decode = require("netlab.c.packet").packet.decode

TestLinktypes = {}

local SETS = {"-nn", "-nn -v", "-nn -vv", "-nn -e", "-nn -q", "-nn -e -q", "-nn -X", "-nn -e -v"}
local ip4 = helper.ip4_bytes

local function ip(proto, body)
  return string.pack(">BBI2I2I2BBI2", 0x45, 0, 20 + #body, 1, 0x4000, 64, proto, 0) .. ip4("10.5.233.117")
    .. ip4("129.146.106.55") .. body
end

local function tcp(seq, ack, flags, data)
  return ip(6, string.pack(">I2I2I4I4BBI2I2I2", 34170, 22, seq, ack, 0x50, flags, 33232, 0, 0) .. (data or ""))
end

local function ip6udp()
  return string.pack(">I4I2BB", 0x60000000, 8, 17, 64) .. ("\0"):rep(15) .. "\1" .. ("\0"):rep(15) .. "\2"
    .. string.pack(">I2I2I2I2", 5000, 6000, 8, 0)
end

-- Solaris ipnet ----------------------------------------------------------

local function ipnet(family, body, zsrc, zdst)
  return string.pack(">BBI2I4I4I4I4I4", 1, family, 0, #body, 2, 0, zsrc or 0, zdst or 0) .. body
end

local function ipnet_frames()
  return {
    ipnet(2, ip(1, "\8\0\0\0\0\1\0\2" .. ("p"):rep(16))),
    ipnet(2, tcp(798232822, 0, 0x02), 3, 7),
    ipnet(2, tcp(798232823, 3051049339, 0x10)),
    ipnet(2, tcp(798232823, 3051049339, 0x18, "SSH-2.0-OpenSSH_7.5\r\n")),
    ipnet(26, ip6udp()),
    ipnet(9, "\1\2\3\4\5", 1, 2),
    ("\0"):rep(20),
  }
end

function TestLinktypes:test_ipnet_under_every_option_set_and_cut()
  local lines = oracle.check(ipnet_frames(), SETS, nil, {linktype = 226, from = 0})
  lu.assertStrContains(lines[4], "seq 0:21, ack 1,")
end

function TestLinktypes:test_ipnet_decodes_its_ip()
  local f = ipnet_frames()
  local p = decode(f[2], 226)
  lu.assertEquals(p:layers(), {"ip", "tcp"})
  lu.assertEquals(p.ip.src, "10.5.233.117")
  lu.assertEquals(decode(f[5], 226):layers(), {"ip6", "udp"})
  lu.assertEquals(decode(f[6], 226):layers(), {})
  lu.assertEquals(decode(f[2]:sub(1, 10), 226):layers(), {})
end

-- TIPC (EtherType 0x88ca) ----------------------------------------------

local ETH = "\x52\x54\0\x12\x34\x56\x52\x54\0\xab\xcd\xef"

local function tipc(user, hsize, msize, mtype, words)
  local w0 = 2 << 29 | user << 25 | hsize << 21 | msize
  local w = {w0, mtype << 29 | 0x12345}
  for i = 1, #words do w[#w + 1] = words[i] end
  return ETH .. "\x88\xca" .. string.pack(">" .. ("I4"):rep(#w), table.unpack(w))
end

local function tipc_frames()
  local words = {0x00030004, 0x01001002, 3511725154, 424133152, 0x01001003, 0x01002004, 77, 0x00050006, 9, 10}
  local f = {}
  for _, u in ipairs{0, 1, 2, 3, 8, 11} do
    f[#f + 1] = tipc(u, 10, 40, u % 4, words)
    f[#f + 1] = tipc(u, 6, 24, 4 + u % 4, {words[1], words[2], words[3], words[4]})
  end
  for _, u in ipairs{5, 6, 7, 10, 12} do f[#f + 1] = tipc(u, 10, 40, u % 8, words) end
  f[#f + 1] = tipc(13, 10, 40, 0, words)
  f[#f + 1] = tipc(13, 10, 40, 1, words)
  f[#f + 1] = tipc(13, 10, 40, 5, words)
  f[#f + 1] = tipc(4, 10, 40, 0, words)
  f[#f + 1] = tipc(15, 10, 40, 0, words)
  return f
end

function TestLinktypes:test_tipc_under_every_option_set_and_cut()
  local lines = oracle.check(tipc_frames(), SETS)
  lu.assertStrContains(lines[1], "TIPC v2.0 1.1.3:3511725154 > 1.2.4:424133152, headerlength 40 bytes")
end

-- LWAPP (UDP 12222 data, 12223 control) ----------------------------------

local function udp4(sport, dport, body)
  return ETH .. "\8\0" .. ip(17, string.pack(">I2I2I2I2", sport, dport, 8 + #body, 0) .. body)
end

local function lwapp_frames()
  local msg = function(t, seq, body) return string.pack(">BBI2I4", t, seq, #body, 0x1234abcd) .. body end
  local ctl = msg(1, 7, "abcd") .. msg(22, 8, "") .. msg(200, 9, "xy")
  local ap = "\0\x0b\x85\x5b\x1c\x90"
  return {
    udp4(20105, 12222, string.pack(">BBI2I2", 0x00, 3, 6 + 24, 0) .. ("w"):rep(24)),
    udp4(20105, 12222, string.pack(">BBI2I2", 0x0b, 0, 4, 0) .. "zz"),
    udp4(20105, 12222, string.pack(">BBI2I2", 0x40, 0, 8, 0) .. "zz"),
    udp4(20105, 12222, string.pack(">BBI2I2", 0x13, 1, 90, 0) .. ("q"):rep(20)),
    udp4(20105, 12223, ap .. string.pack(">BBI2I2", 0x0c, 2, #ctl, 0) .. ctl),
    udp4(12223, 20105, string.pack(">BBI2I2", 0x04, 2, #ctl, 0) .. ctl),
    udp4(12223, 20105, string.pack(">BBI2I2", 0x04, 2, #ctl + 5, 0) .. ctl .. "12345"),
    udp4(12223, 20105, string.pack(">BBI2I2", 0x04, 2, 30, 0) .. ctl),
    udp4(12223, 20105, string.pack(">BBI2I2", 0x84, 2, 0, 0)),
  }
end

function TestLinktypes:test_lwapp_under_every_option_set_and_cut()
  local lines = oracle.check(lwapp_frames(), SETS, {"-nn", "-nn -v", "-nn -vv", "-nn -X"})
  lu.assertStrContains(lines[1], "LWAPPv0, Data frame, Flags [none], length 30")
end

-- Ethernet loopback (EtherType 0x9000) ------------------------------------

local function loopback_frames()
  local fwd = "\2\0\xaa\0\4\0\x1d\4"
  local reply = "\1\0\1\0"
  return {
    ETH .. "\x90\0" .. "\0\0" .. fwd .. ("d"):rep(12),
    ETH .. "\x90\0" .. "\8\0" .. fwd .. reply .. ("d"):rep(10),
    ETH .. "\x90\0" .. "\3\0" .. "abc" .. reply,
    ETH .. "\x90\0" .. "\0\0" .. "\9\0" .. "zz",
    ETH .. "\x90\0" .. "\0\0" .. "\2\0" .. "\1\2\3",
    ETH .. "\x90\0" .. "\0\0" .. "\1\0" .. "\1",
    ETH .. "\x90\0" .. "\0\0" .. "\1",
    ETH .. "\x90\0" .. "\x40\0" .. "abcd",
    ETH .. "\x90\0" .. "\1",
  }
end

function TestLinktypes:test_loopback_under_every_option_set_and_cut()
  local lines = oracle.check(loopback_frames(), SETS)
  lu.assertStrContains(lines[1], "Loopback, skipCount 0, Forward Data, forwarding address aa:00:04:00:1d:04, data (12 octets)")
end

-- NFLOG (239) --------------------------------------------------------------

local function tlv(t, v)
  local n = 4 + #v
  return string.pack("<I2I2", n, t) .. v .. ("\0"):rep((4 - n % 4) % 4)
end

local function nflog_frames()
  local pre = tlv(1, "\8\0\3\0") .. tlv(10, "prefix\0") .. tlv(2, "\0\0\0\1")
  return {
    "\2\0\0\20" .. pre .. tlv(9, tcp(798232822, 0, 0x02)),
    "\2\0\0\20" .. pre .. tlv(9, tcp(798232823, 3051049339, 0x18, "SSH-2.0-OpenSSH_7.5\r\n")),
    "\10\0\0\1" .. tlv(9, ip6udp()),
    "\7\0\0\1" .. pre .. tlv(9, "\1\2\3\4\5\6"),
    "\2\1\0\1" .. pre,
    "\2\0\0\1" .. pre,
    "\2\0\0\1" .. string.pack("<I2I2", 2, 1) .. "abcd",
    "\2\0\0\1" .. string.pack("<I2I2", 40, 1) .. "abcd",
    "\2\0",
  }
end

function TestLinktypes:test_nflog_under_every_option_set_and_cut()
  local lines = oracle.check(nflog_frames(), SETS, nil, {linktype = 239, from = 0})
  lu.assertStrContains(lines[2], "Flags [P.], seq 798232823:798232844")
end

function TestLinktypes:test_nflog_decodes_its_ip()
  local f = nflog_frames()
  local p = decode(f[1], 239)
  lu.assertEquals(p:layers(), {"ip", "tcp"})
  lu.assertEquals(p.tcp.dport, 22)
  lu.assertEquals(decode(f[3], 239):layers(), {"ip6", "udp"})
  lu.assertEquals(decode(f[6], 239):layers(), {})
  lu.assertEquals(decode(f[1]:sub(1, 20), 239):layers(), {})
end

-- Link types tcpdump has no printer for -------------------------------------

function TestLinktypes:test_unsupported_link_types_print_their_bytes()
  local frames = {"\x49\x0c\x62\x09" .. ("+"):rep(30), "l\1\1\1" .. ("x"):rep(20), "\0"}
  for _, lt in ipairs{160, 231} do
    local lines = oracle.check(frames, {"-nn", "-nn -v", "-nn -X", "-nn -XX", "-nn -x", "-nn -e"},
      {"-nn", "-nn -X"}, {linktype = lt, from = 1})
    lu.assertStrContains(lines[1], "UNSUPPORTED")
  end
end

-- Apple's PKTAP (258, and 149 as USER2) --------------------------------------

local function pktap(rectype, dlt, body, hl)
  hl = hl or 108
  local h = string.pack("<I4I4I4", hl, rectype, dlt) .. ("en0\0"):rep(6) .. ("\0"):rep(hl - 36)
  return h .. body
end

local function pktap_frames()
  local e = ETH .. "\8\0" .. tcp(798232822, 0, 0x02)
  return {
    pktap(1, 1, e),
    pktap(1, 1, ETH .. "\8\0" .. tcp(798232823, 3051049339, 0x18, "SSH-2.0-OpenSSH_7.5\r\n"), 112),
    pktap(1, 12, ip(1, "\8\0\0\0\0\1\0\2")),
    pktap(1, 147, "\1\2\3\4\5"),
    pktap(0, 1, ""),
    pktap(2, 1, "abc"),
    pktap(1, 1, e, 40),
    string.pack("<I4I4I4", 100, 1, 1) .. ("\0"):rep(100),
    string.pack("<I4I4I4", 500, 1, 1) .. ("\0"):rep(100),
    ("\0"):rep(50),
  }
end

function TestLinktypes:test_pktap_under_every_option_set_and_cut()
  for _, lt in ipairs{258, 149} do
    local lines = oracle.check(pktap_frames(), SETS, nil, {linktype = lt, from = 0})
    lu.assertStrContains(lines[1], "IP 10.5.233.117.34170 > 129.146.106.55.22: Flags [S]")
  end
end
