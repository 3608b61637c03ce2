-- spec/ldp_spec.lua: the Label Distribution Protocol (UDP and TCP 646)
-- prints what the installed tcpdump prints, line for line: hellos,
-- initialization, address, label and notification messages with every
-- TLV tcpdump decodes (hello parameters, transport addresses, sequence
-- numbers, address lists, session and fault-tolerant parameters, FECs:
-- wildcard, IPv4 and IPv6 prefixes, Martini VCs and their interface
-- parameters; labels, status, MTU), unknown TLVs and messages in hex,
-- short TLVs, messages and PDUs, other versions, two PDUs in one
-- segment, under -nn, -nn -v, -nn -vv, -nn -e, -nn -X, and every
-- truncation.
local lu = require "luaunit"
local helper = require "helper"
local oracle = require "oracle"

TestLdp = {}

local ip4, ip6 = helper.ip4_bytes, helper.ip6_bytes
local MACS = "\2\0\0\0\0\2\2\0\0\0\0\1"

local function ipv4(proto, payload)
  return MACS .. "\8\0" .. string.pack(">BBI2I2I2BBI2", 0x45, 0xc0, 20 + #payload, 7, 0, 1, proto, 0)
    .. ip4("10.0.0.1") .. ip4("224.0.0.2") .. payload
end
local function udp(data) return ipv4(17, string.pack(">I2I2I2I2", 646, 646, 8 + #data, 0) .. data) end
local function tcp(data)
  return ipv4(6, string.pack(">I2I2I4I4BBI2I2I2", 40000, 646, 1000, 2000, 0x50, 0x18, 8192, 0, 0) .. data)
end

local function tlv(t, v) return string.pack(">I2I2", t, #v) .. v end
local function msg(t, body, id) return string.pack(">I2I2I4", t, 4 + #body, id or 7) .. body end
local function pdu(msgs, ver) return string.pack(">I2I2", ver or 1, 6 + #msgs) .. ip4("10.1.0.2") .. "\0\0" .. msgs end

local function frames()
  local hello = msg(0x0100, tlv(0x0400, "\0\15\192\0") .. tlv(0x0401, ip4("10.1.1.3"))
    .. tlv(0x0402, "\0\0\0\9") .. tlv(0x0403, ip6("2001:db8::1")))
  local init = msg(0x0200, tlv(0x0500, "\0\1\0\180\192\0\16\0" .. ip4("10.1.0.1") .. "\0\0")
    .. tlv(0x8503, "\128\15\0\0\0\0\1\0\0\0\0\2") .. tlv(0x0601, "\5\220"))
  local addr = msg(0x0300, tlv(0x0101, "\0\1" .. ip4("10.0.0.1") .. ip4("10.0.0.2"))
    .. tlv(0x0101, "\0\2" .. ip6("2001:db8::1")) .. tlv(0x0101, "\0\99\1\2\3\4"))
  local vc = "\128\5\0\10\0\0\0\1\0\0\0\42" .. "\1\4\5\220" .. "\3\5abc" .. "\12\4\3\2" .. "\9\3\1"
  local map = msg(0x0400, tlv(0x0100, "\2\0\1\24\10\1\2") .. tlv(0x0200, "\0\1\0\17")
    .. tlv(0x0100, "\2\0\2\64\32\1\13\184\0\0\0\0") .. tlv(0x0100, "\2\0\1\40\1")
    .. tlv(0x0100, "\2\0\1\24\10") .. tlv(0x0100, "\2\0\9\8") .. tlv(0x0100, "\1")
    .. tlv(0x0100, "\128\0\5\0\0\0\0\0\0") .. tlv(0x0100, vc) .. tlv(0x0100, "\128\0\5\2\0\0\0\0\0\0\0\0"))
  local notif = msg(0x0001, tlv(0x0300, "\128\0\0\10\0\0\0\5\0\1") .. tlv(0x0300, "\0\0\0\0\0\0\0\0")
    .. tlv(0x0999, "\1\2\3") .. tlv(0x0400, "\1") .. tlv(0x0200, "\1"))
  return {
    udp(pdu(hello)),
    tcp(pdu(init)),
    tcp(pdu(addr)),
    tcp(pdu(map)),
    tcp(pdu(notif)),
    tcp(pdu(msg(0x0201, "") .. msg(0x3e01, "\1\2\3\4\5") .. msg(0x0401, "\0\1\0\0"))),
    tcp(pdu(msg(0x0100, "")) .. pdu(msg(0x0201, ""))),
    tcp(pdu(msg(0x0100, tlv(0x0400, "\0\15\192\0"):sub(1, 3) .. string.pack(">I2I2", 0x0400, 40)))),
    tcp(pdu(string.pack(">I2I2", 0x0100, 2) .. "\0\0\0\0\0\0\0\0\0\0")),
    udp(pdu(hello, 2)),
    udp(string.pack(">I2I2", 1, 3) .. ip4("10.1.0.2") .. ("\0"):rep(12)),
    udp("\0\1\0\40" .. ip4("1.1.1.1") .. "\0\0" .. ("\0"):rep(8)),
    udp("\0\1\0"),
  }
end

function TestLdp:test_ldp_under_every_option_set_and_cut()
  local lines = oracle.check(frames())
  lu.assertStrContains(lines[1], "LDP, Label-Space-ID: 10.1.0.2:0, pdu-length: ")
end
