-- spec/ppp_spec.lua: PPP captures (link type 9) print what the
-- installed tcpdump prints, line for line: with and without the address
-- and control bytes, a compressed (one byte) protocol field, IPv4,
-- IPv6, MPLS, compressed data, protocols tcpdump names but does not
-- decode and ones it has no name for (hex), under -nn, -nn -v, -nn -vv,
-- -nn -e, -nn -X, and every truncation.
local lu = require "luaunit"
local helper = require "helper"
local oracle = require "oracle"

TestPpp = {}

local ip4, ip6 = helper.ip4_bytes, helper.ip6_bytes
local AC = "\255\3"

local function ipv4(proto, payload)
  return string.pack(">BBI2I2I2BBI2", 0x45, 0, 20 + #payload, 7, 0, 64, proto, 0) .. ip4("10.0.0.1")
    .. ip4("10.0.0.2") .. payload
end
local echo = "\8\0\0\0\0\1\0\2" .. ("x"):rep(8)
local udp = string.pack(">I2I2I2I2", 1000, 2000, 12, 0) .. "abcd"
local v6 = string.pack(">I4I2BB", 0x60000000, #udp, 17, 64) .. ip6("2001:db8::1") .. ip6("2001:db8::2") .. udp

local function frames()
  return {
    AC .. "\0\33" .. ipv4(1, echo),
    "\0\33" .. ipv4(17, udp),
    AC .. "\33" .. ipv4(1, echo),
    AC .. "\0\87" .. v6,
    AC .. "\134\221" .. v6,
    AC .. "\2\129" .. string.pack(">I4", 100704 << 12 | 0x100 | 1) .. ipv4(17, udp),
    AC .. "\0\253" .. "\1\2\3\4\5\6",
    AC .. "\0\39" .. "\1\2\3\4\5\6\7\8\9\10\11\12\13\14\15\16\17\18",
    AC .. "\18\52" .. "\1\2\3\4\5\6",
  }
end

function TestPpp:test_ppp_under_every_option_set_and_cut()
  local lines = oracle.check(frames(), nil, nil, {linktype = 9, from = 0})
  lu.assertStrContains(lines[1], "IP 10.0.0.1 > 10.0.0.2: ICMP echo request")
end

-- A TCP conversation over PPP, plain and in MPLS: relative sequence
-- numbers as tcpdump's table of conversations gives them.
function TestPpp:test_tcp_over_ppp_prints_relative_sequence_numbers()
  local function tcp4(src, dst, sp, dp, seq, ack, flags, data)
    local t = string.pack(">I2I2I4I4BBI2I2I2", sp, dp, seq, ack, 0x50, flags, 512, 0, 0) .. (data or "")
    return string.pack(">BBI2I2I2BBI2", 0x45, 0, 20 + #t, 7, 0, 64, 6, 0) .. ip4(src) .. ip4(dst) .. t
  end
  local a, b, f = "192.168.1.1", "192.168.1.2", {}
  for _, wrap in ipairs({function(p) return AC .. "\0\33" .. p end, function(p) return "\33" .. p end,
      function(p) return AC .. "\2\129" .. string.pack(">I4", 100 << 12 | 0x100 | 9) .. p end}) do
    f[#f + 1] = wrap(tcp4(a, b, 40000, 80, 1000, 0, 0x02))
    f[#f + 1] = wrap(tcp4(b, a, 80, 40000, 7000, 1001, 0x12))
    f[#f + 1] = wrap(tcp4(a, b, 40000, 80, 1001, 7001, 0x18, "hello"))
  end
  f[#f + 1] = AC .. "\0\87" .. tcp4(a, b, 40000, 80, 1001, 7001, 0x10)
  local lines = oracle.check(f, {"-nn", "-nn -v", "-nn -vv"}, {"-nn"}, {linktype = 9, from = 0})
  lu.assertStrContains(lines[3], "Flags [P.], seq 1:6, ack 1, win 512, length 5")
end
