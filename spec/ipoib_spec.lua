-- spec/ipoib_spec.lua: IP over InfiniBand captures (link type 242)
-- print what the installed tcpdump prints, line for line: the header
-- under -e and -q, IPv4, IPv6, a TCP conversation (relative sequence
-- numbers), ARP with InfiniBand's 20-byte addresses (and the Strip
-- hardware type's name), unknown EtherTypes with their bytes, headers
-- shorter than 44 bytes, under -nn, -nn -v, -nn -vv, -nn -e, -nn -X,
-- and every truncation from the first byte on.
local lu = require "luaunit"
local helper = require "helper"
local oracle = require "oracle"

TestIpoib = {}

local LINK = {linktype = 242, from = 0}
local SETS = {"-nn", "-nn -v", "-nn -vv", "-nn -e", "-nn -q", "-nn -e -q", "-nn -X", "-nn -e -v"}
local ip4 = helper.ip4_bytes
local A = "\x80\0\5\x50\xfe\x80\0\0\0\0\0\0\0\x10\xe0\0\x66\x4a\xb4\x51"

-- An IPoIB frame: 40 bytes of pseudo-header, the EtherType, 2 reserved.
local function ipoib(type, body)
  return ("\0"):rep(16) .. A .. ("\0"):rep(4) .. string.pack(">I2I2", type, 0) .. body
end

local function ip(proto, body)
  return string.pack(">BBI2I2I2BBI2", 0x45, 0, 20 + #body, 1, 0x4000, 64, proto, 0) .. ip4("192.168.56.10")
    .. ip4("192.168.56.24") .. body
end

local function tcp(seq, ack, flags, data)
  return ip(6, string.pack(">I2I2I4I4BBI2I2I2", 34170, 22, seq, ack, 0x50, flags, 33232, 0, 0) .. (data or ""))
end

local function arp(hrd, op)
  return string.pack(">I2I2BBI2", hrd, 0x0800, 20, 4, op) .. A .. ip4("192.168.56.10") .. ("\0"):rep(20)
    .. ip4("192.168.56.24")
end

local function frames()
  return {
    ipoib(0x0800, ip(1, "\8\0\0\0\0\1\0\2" .. ("p"):rep(16))),
    ipoib(0x0800, tcp(798232822, 0, 0x02)),
    ipoib(0x0800, tcp(798232823, 3051049339, 0x10)),
    ipoib(0x0800, tcp(798232823, 3051049339, 0x18, "SSH-2.0-OpenSSH_7.5\r\n")),
    ipoib(0x0800, tcp(798232844, 3051049361, 0x10)),
    ipoib(0x86dd, string.pack(">I4I2BB", 0x60000000, 8, 17, 64) .. ("\0"):rep(15) .. "\1" .. ("\0"):rep(15) .. "\2"
      .. string.pack(">I2I2I2I2", 5000, 6000, 8, 0)),
    ipoib(0x0806, arp(32, 1)),
    ipoib(0x0806, arp(32, 2)),
    ipoib(0x0806, arp(23, 1)),
    ipoib(0x1234, "\1\2\3\4\5"),
    ipoib(0x6002, "\1\2\3"),
    ("\0"):rep(30),                                        -- shorter than the header
  }
end

function TestIpoib:test_ipoib_under_every_option_set_and_cut()
  local lines = oracle.check(frames(), SETS, nil, LINK)
  lu.assertStrContains(lines[4], "seq 0:21, ack 1,")
end
