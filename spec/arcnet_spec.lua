-- spec/arcnet_spec.lua: ARCNET captures, BSD's header (link type 7)
-- and Linux's (129), print what the installed tcpdump prints, line for
-- line: the old and new encodings, fragment flags (first, middle and
-- exception headers), every type tcpdump names (IPv4, ARP, RARP, IPv6,
-- IPX; Banyan, diagnostics and unknown ones as bytes; not AppleTalk,
-- which netlab does not print yet), a TCP
-- conversation (relative sequence numbers), short headers, under -nn,
-- -nn -v, -nn -vv, -nn -e, -nn -q, -nn -X, and every truncation from
-- the first byte on.
local lu = require "luaunit"
local helper = require "helper"
local oracle = require "oracle"

TestArcnet = {}

local SETS = {"-nn", "-nn -v", "-nn -vv", "-nn -e", "-nn -q", "-nn -e -q", "-nn -X", "-nn -e -v"}
local ip4 = helper.ip4_bytes

local function ip(proto, body)
  return string.pack(">BBI2I2I2BBI2", 0x45, 0, 20 + #body, 1, 0x4000, 64, proto, 0) .. ip4("10.80.131.1")
    .. ip4("10.80.131.254") .. body
end

local function icmp() return ip(1, "\8\0\0\0\0\1\0\2" .. ("p"):rep(16)) end

local function tcp(seq, ack, flags, data)
  return ip(6, string.pack(">I2I2I4I4BBI2I2I2", 40000, 80, seq, ack, 0x50, flags, 1000, 0, 0) .. (data or ""))
end

local function arp(op)
  return string.pack(">I2I2BBI2", 7, 0x0800, 1, 4, op) .. "\1" .. ip4("10.80.131.1") .. "\0" .. ip4("10.80.131.254")
end

local function ip6()
  return string.pack(">I4I2BB", 0x60000000, 8, 17, 64) .. ("\0"):rep(15) .. "\1" .. ("\0"):rep(15) .. "\2"
    .. string.pack(">I2I2I2I2", 5000, 6000, 8, 0)
end

local IPX = string.pack(">I2I2BB", 0xffff, 30, 0, 4) .. ("\0\0\0\1" .. ("\255"):rep(6) .. "\4\82")
  .. ("\0\0\0\1" .. "\0\1\2\3\4\5" .. "\4\82") .. "\0\1"

-- BSD's header: source, destination, TYPE, then for the new encoding
-- the fragment FLAG and sequence number (EXC: an exception header).
local function bsd(type, body, flag, exc)
  local h = string.pack("BBB", 0x01, 0xfe, type)
  if type == 240 or type == 241 or type == 0x80 then return h .. body end
  if exc then return h .. string.pack(">BI2BBI2", 0xff, 0xffff, type, flag or 0, 7) .. body end
  return h .. string.pack(">BI2", flag or 0, 3) .. body
end

-- Linux's header: source, destination, a 2-byte offset, TYPE, and for
-- the new encoding a flag and sequence number.
local function lnx(type, body)
  local h = string.pack(">BBI2B", 0x01, 0xfe, 0, type)
  if type == 240 or type == 241 or type == 0x80 then return h .. body end
  return h .. string.pack(">BI2", 0, 5) .. body
end

local function frames(f)
  return {
    f(240, icmp()), f(212, icmp()), f(241, arp(1)), f(213, arp(2)), f(214, arp(3)), f(0xc4, ip6()),
    f(250, IPX), f(247, "\1\2\3"), f(0x80, "\1\2"), f(0x42, "\5\6\7"),
    f(212, tcp(1000, 0, 0x02)), f(212, tcp(1001, 5000, 0x10)), f(212, tcp(1001, 5000, 0x18, "hello")),
  }
end

function TestArcnet:test_bsd_header_under_every_option_set_and_cut()
  local f = frames(bsd)
  for _, x in ipairs({bsd(212, icmp(), 1), bsd(212, icmp(), 2), bsd(212, icmp(), 3, true),
                      bsd(212, icmp(), 4, true), bsd(212, icmp(), 0, true), "\1\2", "\1\2\212\0",
                      "\1\2\212\255\0\0\0"}) do
    f[#f + 1] = x
  end
  local lines = oracle.check(f, SETS, nil, {linktype = 7, from = 0})
  lu.assertStrContains(lines[1], "IP 10.80.131.1 > 10.80.131.254: ICMP echo request")
end

function TestArcnet:test_linux_header_under_every_option_set_and_cut()
  local f = frames(lnx)
  f[#f + 1] = "\1\2\0\0"
  local lines = oracle.check(f, SETS, nil, {linktype = 129, from = 0})
  lu.assertStrContains(table.concat(lines, "\n"), "Flags [P.], seq 0:5, ack 1,")
end
