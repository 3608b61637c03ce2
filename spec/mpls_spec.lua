-- spec/mpls_spec.lua: MPLS label stacks (EtherType 0x8847 and 0x8848,
-- MPLS in UDP 6635, in GRE) print what the installed tcpdump prints,
-- line for line: one and several labels, the reserved labels -v names,
-- the explicit NULL labels (IPv4, IPv6), the payload guessed from its
-- first byte (IPv4, IPv6, else hex), an empty payload, a stack cut short
-- ("(invalid)"), under -nn, -nn -v, -nn -vv, -nn -e, -nn -X, and every
-- truncation.
local lu = require "luaunit"
local helper = require "helper"
local oracle = require "oracle"

TestMpls = {}

local ip4, ip6 = helper.ip4_bytes, helper.ip6_bytes
local MACS = "\2\0\0\0\0\2\2\0\0\0\0\1"

-- A label stack entry: label L, traffic class TC, bottom flag S, TTL.
local function lse(l, tc, s, ttl) return string.pack(">I4", l << 12 | tc << 9 | (s and 0x100 or 0) | ttl) end

local function ipv4(proto, payload)
  return string.pack(">BBI2I2I2BBI2", 0x45, 0, 20 + #payload, 7, 0, 64, proto, 0) .. ip4("10.0.0.1")
    .. ip4("10.0.0.2") .. payload
end

local function udp(data, dport) return string.pack(">I2I2I2I2", 40000, dport, 8 + #data, 0) .. data end
local echo = "\8\0\0\0\0\1\0\2" .. ("x"):rep(8)
local v6 = string.pack(">I4I2BB", 0x60000000, 8, 17, 64) .. ip6("2001:db8::1") .. ip6("2001:db8::2")
  .. string.pack(">I2I2I2I2", 1000, 2000, 8, 0)

local function eth(type, body)
  local f = MACS .. string.pack(">I2", type) .. body
  return #f < 60 and f .. ("\0"):rep(60 - #f) or f
end

local function frames()
  return {
    eth(0x8847, lse(100, 0, true, 64) .. ipv4(1, echo)),
    eth(0x8847, lse(16, 5, false, 255) .. lse(1, 0, false, 1) .. lse(0, 7, true, 3) .. ipv4(17, udp("abcd", 9))),
    eth(0x8848, lse(2, 0, true, 9) .. v6),
    eth(0x8847, lse(300000, 1, false, 8) .. lse(1048575, 2, true, 9) .. v6),
    eth(0x8847, lse(3, 0, true, 1) .. ipv4(1, echo)),
    eth(0x8847, lse(4, 0, false, 1) .. lse(15, 0, true, 2) .. "\1\2\3\4\5\6\7\8"),
    eth(0x8847, lse(17, 0, false, 1) .. "\0\0"),
    eth(0x0800, ipv4(17, udp(lse(21, 0, true, 63) .. ipv4(1, echo), 6635))),
    eth(0x0800, ipv4(47, "\0\0\136\71" .. lse(22, 0, true, 63) .. ipv4(1, echo))),
  }
end

function TestMpls:test_mpls_under_every_option_set_and_cut()
  local lines = oracle.check(frames())
  lu.assertStrContains(lines[1], "MPLS (label 100, tc 0, [S], ttl 64) IP 10.0.0.1 > 10.0.0.2: ICMP echo request")
end

-- An Ethernet frame whose length says more than the label stack holds.
function TestMpls:test_stack_without_bottom_is_invalid()
  local lines = oracle.check({eth(0x8847, lse(17, 0, false, 1) .. lse(18, 0, false, 1))}, {"-nn"}, {})
  lu.assertStrContains(lines[1], "MPLS (label 17, tc 0, ttl 1) (label 18, tc 0, ttl 1)")
end

-- A TCP conversation inside MPLS: relative sequence numbers, as
-- tcpdump's one table of conversations gives them whatever carries the
-- segments.
local function tcp4(src, dst, sp, dp, seq, ack, flags, data)
  local t = string.pack(">I2I2I4I4BBI2I2I2", sp, dp, seq, ack, 0x50, flags, 512, 0, 0) .. (data or "")
  return string.pack(">BBI2I2I2BBI2", 0x45, 0, 20 + #t, 7, 0, 64, 6, 0) .. ip4(src) .. ip4(dst) .. t
end

function TestMpls:test_tcp_inside_mpls_prints_relative_sequence_numbers()
  local a, b = "192.168.1.1", "192.168.1.2"
  local function conv(wrap)
    return {wrap(tcp4(a, b, 40000, 80, 1000, 0, 0x02)), wrap(tcp4(b, a, 80, 40000, 7000, 1001, 0x12)),
      wrap(tcp4(a, b, 40000, 80, 1001, 7001, 0x18, "hello")), wrap(tcp4(b, a, 80, 40000, 7001, 1006, 0x10))}
  end
  local f = conv(function(p) return eth(0x8847, lse(16, 0, false, 9) .. lse(100, 0, true, 9) .. p) end)
  for _, x in ipairs(conv(function(p) return eth(0x8847, lse(0, 0, true, 9) .. p) end)) do f[#f + 1] = x end
  -- IPv6 after IPv4's explicit NULL: tcpdump prints no conversation
  f[#f + 1] = eth(0x8847, lse(0, 0, true, 9) .. v6)
  local lines = oracle.check(f, {"-nn", "-nn -v", "-nn -vv"}, {"-nn"})
  lu.assertStrContains(lines[3], "Flags [P.], seq 1:6, ack 1, win 512, length 5")
end
