-- spec/chdlc_spec.lua: Cisco HDLC captures (link type 104) print what
-- the installed tcpdump prints, line for line: the header under -e
-- (unicast, broadcast and other addresses, every EtherType name
-- tcpdump's table has), IPv4 and IPv6 inside, SLARP requests, replies,
-- keepalives with and without the uptime, trailing bytes, unknown
-- codes, short messages, unknown protocols, OSI (IS-IS) after its
-- fudge byte or without, TCP's relative sequence numbers, under -nn, -nn -v, -nn -vv,
-- -nn -e, -nn -X, and every truncation from the first byte on.
local lu = require "luaunit"
local helper = require "helper"
local oracle = require "oracle"

TestChdlc = {}

local LINK = {linktype = 104, from = 0}
local ip4 = helper.ip4_bytes

-- A Cisco HDLC frame: address byte CAST, control 0, EtherType PROTO.
local function chdlc(proto, body, cast)
  return string.pack(">BBI2", cast or 0x0f, 0, proto) .. body
end

local function slarp(code, rest) return chdlc(0x8035, string.pack(">I4", code) .. rest, 0x8f) end

local function icmp4()
  local icmp = "\8\0\0\0\0\1\0\2" .. ("x"):rep(16)
  return string.pack(">BBI2I2I2BBI2", 0x45, 0, 20 + #icmp, 1, 0, 64, 1, 0) .. ip4("10.0.0.1") .. ip4("10.0.0.2")
    .. icmp
end

local function udp6()
  local udp = string.pack(">I2I2I2I2", 5000, 6000, 12, 0) .. "abcd"
  return string.pack(">I4I2BB", 0x60000000, #udp, 17, 64) .. ("\0"):rep(15) .. "\1" .. ("\0"):rep(15) .. "\2"
    .. udp
end

-- A TCP segment from 10.0.0.1.40000 to 10.0.0.2.80 in an IPv4 header.
local function tcp(seq, ack, flags, data)
  local t = string.pack(">I2I2I4I4BBI2I2I2", 40000, 80, seq, ack, 0x50, flags, 1000, 0, 0) .. (data or "")
  return string.pack(">BBI2I2I2BBI2", 0x45, 0, 20 + #t, 1, 0, 64, 6, 0) .. ip4("10.0.0.1") .. ip4("10.0.0.2") .. t
end

-- An IS-IS point-to-point hello with an area address TLV.
local function isis_hello()
  local tlv = "\1\4\3\73\0\1"
  return string.pack(">BBBBBBBB", 0x83, 20, 1, 0, 17, 1, 0, 0) .. "\1" .. "\0\0\0\0\0\2"
    .. string.pack(">I2I2B", 30, 20 + #tlv, 1) .. tlv
end

local function frames()
  local keep = string.pack(">I4I4I2", 5, 2, 0xffff)
  return {
    slarp(0, ("\0"):rep(10)),                              -- request
    slarp(1, ip4("15.0.0.1") .. ip4("255.255.255.252") .. "\0\0\0\0"), -- reply, trailing bytes
    slarp(2, keep .. string.pack(">I4", 7925000) .. "\0\0"), -- keepalive, uptime, junk
    slarp(2, keep .. string.pack(">I4", 86492000)),
    slarp(2, keep),                                        -- no uptime
    slarp(2, keep .. "\1\2"),                              -- not room for it
    slarp(7, keep .. "\1\2\3\4"),                          -- unknown code
    slarp(0x12345678, keep),
    slarp(2, "\0\0\0\5"),                                  -- too short
    chdlc(0x0800, icmp4()),
    chdlc(0x86dd, udp6(), 0x8f),
    chdlc(0x2000, "\2\180\1\2\3\4", 0x8f),                 -- unknown protocol
    chdlc(0x0800, icmp4(), 0x42),                          -- neither unicast nor broadcast
    "\x0f\0",                                              -- shorter than the header
    chdlc(0x0800, tcp(1000, 0, 0x02)),                     -- a TCP conversation:
    chdlc(0x0800, tcp(1001, 5000, 0x10)),                  -- relative numbers
    chdlc(0x0800, tcp(1001, 5000, 0x18, "hello")),
    chdlc(0xfefe, "\0" .. isis_hello()),                  -- OSI: a fudge byte, IS-IS
    chdlc(0xfefe, isis_hello()),                           -- no fudge byte
    chdlc(0xfefe, "\xcc" .. icmp4()),                      -- IPv4 by its NLPID
    chdlc(0xfefe, "\0"),                                   -- too short
  }
end

-- Frames of the EtherTypes tcpdump names but does not print over HDLC.
local function named_frames()
  local f = {}
  for _, t in ipairs({0x0200, 0x0500, 0x0600, 0x1000, 0x6001, 0x6002, 0x6003, 0x6004, 0x6007, 0x8038,
                      0x803c, 0x803e, 0x805b, 0x805c, 0x809b, 0x80f3, 0x8137, 0x8808, 0x8899, 0x886f,
                      0x8870, 0x894f, 0x00fe, 0xabcd, 0x8902, 0x893a, 0x88ca, 0xd28b, 0x88e5, 0x88a2,
                      0x0806, 0x8100, 0x88cc, 0x1234}) do
    f[#f + 1] = chdlc(t, "\1\2\3\4")
  end
  return f
end

function TestChdlc:test_chdlc_and_slarp_under_every_option_set_and_cut()
  local lines = oracle.check(frames(), nil, nil, LINK)
  lu.assertStrContains(lines[1], "SLARP (length: 14), request")
end

function TestChdlc:test_every_ethertype_name_under_e()
  local lines = oracle.check(named_frames(), {"-nn -e", "-nn"}, {}, LINK)
  lu.assertStrContains(lines[6], "unicast, ethertype MOP RC (0x6002), length 8: ")
end
