-- spec/udpports_spec.lua: UDP datagrams go to the printer tcpdump's
-- udp_print picks by port, in its order (a datagram between two known
-- ports prints as the first of them in tcpdump's table), multicast DNS
-- (UDP 5353: QU/QM and cache flush) and ESP over UDP 4500 (NAT-T
-- keepalives, UDP-encap) among them; compared with the installed tcpdump
-- under -nn, -nn -v, -nn -e, -nn -X (and -vv), and every truncation.
local lu = require "luaunit"
local helper = require "helper"
local oracle = require "oracle"

TestUdpPorts = {}

local ip4 = helper.ip4_bytes
local MAC_A, MAC_B = "\x02\x00\x00\x00\x00\x01", "\x02\x00\x00\x00\x00\x02"

-- An Ethernet frame with an IPv4 header (checksum 0) and a UDP datagram
-- (no checksum) from SPORT to DPORT carrying DATA.
local function udp4(sport, dport, data)
  local u = string.pack(">I2I2I2I2", sport, dport, 8 + #data, 0) .. data
  return MAC_B .. MAC_A .. "\8\0" .. string.pack(">BBI2I2I2BBI2", 0x45, 0, 20 + #u, 1, 0, 64, 17, 0)
    .. ip4("10.0.0.1") .. ip4("224.0.0.251") .. u
end

-- A DNS name's wire form.
local function name(s)
  local out = {}
  for label in s:gmatch("[^.]+") do out[#out + 1] = string.char(#label) .. label end
  return table.concat(out) .. "\0"
end

-- A DNS message: header FLAGS and counts, then the sections' bytes.
local function dns(flags, qd, an, ns, ar, body)
  return string.pack(">I2I2I2I2I2I2", 0, flags, qd, an, ns, ar) .. body
end

local function rr(owner, type, class, data)
  return name(owner) .. string.pack(">I2I2I4I2", type, class, 120, #data) .. data
end

local function mdns_frames()
  local q = name("printer.local") .. string.pack(">I2I2", 1, 0x8001)
  local qm = name("_ipp._tcp.local") .. string.pack(">I2I2", 12, 1)
  local a = rr("printer.local", 1, 0x8001, ip4("10.0.0.9"))
  local opt = "\0" .. string.pack(">I2I2I4I2", 41, 0x85a0, 0, 0)
  return {
    udp4(5353, 5353, dns(0, 1, 0, 0, 0, q)),
    udp4(5353, 5353, dns(0, 1, 0, 0, 0, qm)),
    udp4(5353, 5353, dns(0x8400, 0, 1, 0, 1, a .. opt)),
    udp4(5353, 5353, dns(0x8400, 0, 1, 0, 0, rr("x.local", 16, 0x8003, "\5hello"))),
    udp4(40000, 5353, dns(0, 1, 0, 0, 0, name("h.local") .. string.pack(">I2I2", 28, 0x8004))),
  }
end

function TestUdpPorts:test_multicast_dns_questions_and_cache_flush_answers()
  local lines = oracle.check(mdns_frames())
  lu.assertStrContains(lines[1], "10.0.0.1.5353 > 224.0.0.251.5353: 0 A (QU)? printer.local. (31)")
  lu.assertStrContains(lines[3], "0*- [0q] 1/0/1 (Cache flush) A 10.0.0.9")
end

local function natt_frames()
  return {
    udp4(4500, 4500, "\255"),
    udp4(4500, 4500, "\0"),
    udp4(4500, 4500, "\1\2"),
    udp4(4500, 40001, "\0\0\1\0\0\0\0\9" .. ("e"):rep(32)),
    udp4(40002, 4500, "\0\0\0\5\0\0\0\6"),
  }
end

function TestUdpPorts:test_esp_over_udp_4500_and_nat_keepalives()
  local lines = oracle.check(natt_frames())
  lu.assertStrContains(lines[1], "10.0.0.1.4500 > 224.0.0.251.4500: isakmp-nat-keep-alive")
  lu.assertStrContains(lines[4], "UDP-encap: ESP(spi=0x00000100,seq=0x9), length 40")
end

-- Datagrams between two ports tcpdump knows: the first in its table wins.
local function order_frames()
  local ntp = "\27" .. ("\0"):rep(47)
  local syslog = "<13>Dec  4 12:00:00 host app: hello"
  local dnsq = dns(0x0100, 1, 0, 0, 0, name("example.com") .. string.pack(">I2I2", 1, 1))
  return {
    udp4(123, 53, dnsq),
    udp4(514, 123, ntp),
    udp4(123, 520, "\1\1\0\0"),
    udp4(4789, 514, syslog),
    udp4(6081, 4789, "\8\0\0\0\0\0\1\0" .. MAC_A .. MAC_B .. "\8\6" .. ("\0"):rep(28)),
    udp4(1985, 69, "\0\1file\0octet\0"),
    udp4(5353, 53, dnsq),
    udp4(137, 137, "\18\52\1\16\0\1\0\0\0\0\0\0"),
    udp4(68, 514, syslog),
  }
end

function TestUdpPorts:test_a_datagram_between_two_known_ports_prints_as_tcpdump_picks()
  local lines = oracle.check(order_frames())
  lu.assertStrContains(lines[2], "10.0.0.1.514 > 224.0.0.251.123: NTPv3, Client, length 48")
  lu.assertStrContains(lines[4], "10.0.0.1.4789 > 224.0.0.251.514: SYSLOG user.notice")
end
