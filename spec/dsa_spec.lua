-- spec/dsa_spec.lua: Marvell DSA and EDSA switch-tagged captures (link
-- types 284 and 285) print what the installed tcpdump prints, line for
-- line: every mode (to CPU with each trap code, from CPU, to sniffer
-- ingress and egress, forward by port and by trunk), tagged and
-- untagged, CFI, priorities, high VLAN ids, the EDSA EtherType named or
-- not, IPv4, TCP's relative numbers, ARP, 802.1Q and unknown EtherTypes behind the tag, under
-- -nn, -nn -v, -nn -vv, -nn -e, -nn -X, and every truncation.
local lu = require "luaunit"
local helper = require "helper"
local oracle = require "oracle"

TestDsa = {}

local ip4 = helper.ip4_bytes
local MACS = "\xd6\xc5\x28\x21\x3e\xaf\x00\x50\xb6\x29\x10\x70"

local function icmp4()
  local icmp = "\8\0\0\0\0\1\0\2" .. ("x"):rep(16)
  return string.pack(">BBI2I2I2BBI2", 0x45, 0, 20 + #icmp, 1, 0, 64, 1, 0) .. ip4("10.0.0.1") .. ip4("10.0.0.2")
    .. icmp
end

local function arp()
  return string.pack(">I2I2BBI2", 1, 0x0800, 6, 4, 1) .. MACS:sub(7) .. ip4("10.0.0.1") .. ("\0"):rep(6)
    .. ip4("10.0.0.2")
end

-- A TCP segment from 10.0.0.1.40000 to 10.0.0.2.80 in an IPv4 header.
local function tcp(seq, ack, flags, data)
  local t = string.pack(">I2I2I4I4BBI2I2I2", 40000, 80, seq, ack, 0x50, flags, 1000, 0, 0) .. (data or "")
  return string.pack(">BBI2I2I2BBI2", 0x45, 0, 20 + #t, 1, 0, 64, 6, 0) .. ip4("10.0.0.1") .. ip4("10.0.0.2") .. t
end

-- A DSA tag: MODE (0-3), TAGGED, DEV, PORT, bit 2 of byte 1 (trunk or
-- rx sniff), CFI, PRI, VID and the trap CODE's bits.
local function tag(m, tagged, dev, port, bit, cfi, pri, vid, code)
  code = code or 0
  return string.char(m << 6 | tagged << 5 | dev, port << 3 | bit << 2 | (code >> 1) << 1 | cfi,
    pri << 5 | (code & 1) << 4 | (vid >> 8), vid & 0xff)
end

local function tags()
  local t = {
    tag(3, 0, 0, 1, 0, 0, 0, 0), tag(3, 1, 2, 7, 1, 0, 5, 1337), tag(1, 0, 0, 1, 0, 0, 0, 0),
    tag(1, 1, 31, 31, 0, 1, 7, 4095), tag(2, 0, 1, 3, 1, 0, 0, 10), tag(2, 0, 1, 3, 0, 1, 2, 10),
  }
  for code = 0, 7 do t[#t + 1] = tag(0, code & 1, 3, code, 0, 0, code, code * 100, code) end
  return t
end

-- Frames of each payload behind each of TAGS, the tag made by WRAP.
local function frames(wrap)
  local f = {}
  for i, t in ipairs(tags()) do
    local payloads = {"\8\0" .. icmp4(), "\8\6" .. arp(), "\x88\xb5\1\2\3\4",
                      "\x81\0\0\5\8\0" .. icmp4(), "\0\20\xaa\xaa\3\0\0\0\8\0" .. icmp4()}
    f[#f + 1] = MACS .. wrap(t, i) .. payloads[(i - 1) % #payloads + 1]
  end
  local t = tags()[2] -- a TCP conversation behind a tag: relative numbers
  f[#f + 1] = MACS .. wrap(t, 1) .. "\8\0" .. tcp(1000, 0, 0x02)
  f[#f + 1] = MACS .. wrap(t, 1) .. "\129\0\0\5\8\0" .. tcp(1001, 5000, 0x10)
  f[#f + 1] = MACS .. wrap(t, 1) .. "\8\0" .. tcp(1001, 5000, 0x18, "hello")
  return f
end

local function edsa(t, i)
  local types = {0xdada, 0x0800, 0x8100, 0x1234}
  return string.pack(">I2BB", types[(i - 1) % #types + 1], i % 3, i % 5) .. t
end

function TestDsa:test_dsa_under_every_option_set_and_cut()
  local lines = oracle.check(frames(function(t) return t end), nil, nil, {linktype = 284, from = 0})
  lu.assertStrContains(lines[1], "DSA Forward port 0.1, VLAN 0u, IP 10.0.0.1 > 10.0.0.2")
end

function TestDsa:test_edsa_under_every_option_set_and_cut()
  local lines = oracle.check(frames(edsa), nil, nil, {linktype = 285, from = 0})
  lu.assertStrContains(lines[1], "EDSA 0xdada, Forward port 0.1, VLAN 0u, IP 10.0.0.1 > 10.0.0.2")
end
