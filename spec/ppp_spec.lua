-- spec/ppp_spec.lua: PPP captures (link types 9, 166 and 50) print what
-- the installed tcpdump prints, line for line: with and without the
-- address and control bytes, pppd's direction, a compressed (one byte)
-- protocol field, IPv4, IPv6, MPLS, compressed data, protocols tcpdump
-- names but does not decode and ones it has no name for (hex); the
-- control protocols (LCP, IPCP, IP6CP, CCP, BACP, OSICP) with every
-- code and option tcpdump decodes, bogus and short lengths; CHAP, PAP,
-- multilink PPP and BAP; frames still in RFC 1662's escapes; PPP in
-- HDLC-like framing and Cisco HDLC on link type 50; under -nn, -nn -v,
-- -nn -vv, -nn -e, -nn -X, and every truncation.
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

local ACFC = AC
-- A control protocol packet: PROTO, CODE, ID and DATA, its encoded
-- length LEN (the real one by default).
local function cp(proto, code, id, data, len)
  return ACFC .. string.pack(">I2BBI2", proto, code, id, len or 4 + #data) .. data
end
local function opt(t, v) return string.char(t, 2 + #v) .. v end

local function lcp_frames()
  local LCP = 0xc021
  local all = opt(1, "\5\220") .. opt(2, "\0\0\0\0") .. opt(3, "\192\35") .. opt(3, "\194\35\5")
    .. opt(3, "\194\35\129") .. opt(3, "\194\35\7") .. opt(3, "\18\52\170\187") .. opt(4, "\192\37\0\0")
    .. opt(4, "\1\2") .. opt(5, "\1\2\3\4") .. opt(7, "") .. opt(8, "") .. opt(13, "\1") .. opt(13, "\9")
    .. opt(17, "\5\220") .. opt(19, "\2" .. ip4("10.0.0.9")) .. opt(19, "\3\0\1\2\3\4\5")
    .. opt(19, "\0") .. opt(19, "\1xy") .. opt(19, "\4") .. opt(19, "\5") .. opt(19, "\8")
    .. opt(23, "\0\7") .. opt(0, "\0\0\12\1\2") .. opt(9, "\3") .. opt(30, "") .. opt(40, "abc")
  return {
    cp(LCP, 1, 1, all),
    cp(LCP, 2, 2, opt(1, "\5") .. opt(2, "\1")),          -- bogus MRU and ACCM: go on
    cp(LCP, 3, 3, opt(5, "\1\2") .. opt(1, "\5\220")),    -- bogus magic number: stop
    cp(LCP, 4, 4, opt(3, "\192") .. opt(0, "\1") .. opt(4, "\1")),
    cp(LCP, 1, 5, opt(13, "") .. opt(1, "\5\220")),
    cp(LCP, 1, 6, opt(17, "\1") .. opt(1, "\5\220")),
    cp(LCP, 1, 7, opt(19, "\2\1\2") .. opt(1, "\5\220")),
    cp(LCP, 1, 8, opt(19, "\3\1") .. opt(1, "\5\220")),
    cp(LCP, 1, 9, opt(23, "\1") .. opt(19, "") .. opt(1, "\5\220")),
    cp(LCP, 1, 10, "\1\1\5\220"),                          -- option length 1
    cp(LCP, 1, 11, "\45\1\5\220"),                         -- past the table, length 1
    cp(LCP, 1, 12, "\1\40\5\220"),                         -- longer than the packet
    cp(LCP, 1, 13, opt(1, "\5\220") .. "\1\4\5"),          -- longer than what is left
    cp(LCP, 1, 14, opt(1, "\5\220"), 9),                   -- encoded > packet
    cp(LCP, 1, 15, opt(1, "\5\220"), 3),                   -- encoded < 4
    cp(LCP, 1, 16, opt(1, "\5\220") .. "\0\0", 8),         -- trailing bytes
    cp(LCP, 1, 17, ""),
    cp(LCP, 5, 18, "bye"), cp(LCP, 6, 19, ""), cp(LCP, 7, 20, "\1\1\0\4"),
    cp(LCP, 8, 21, "\128\33\1\2\3\4\5\6"), cp(LCP, 8, 22, "\18\52"), cp(LCP, 8, 23, "\1"),
    cp(LCP, 9, 24, "\1\2\3\4"), cp(LCP, 10, 25, "\1\2\3\4hello"), cp(LCP, 11, 26, "\1\2\3"),
    cp(LCP, 12, 27, "\1\2\3\4Hi there"), cp(LCP, 12, 28, "\1\2\3\4"),
    cp(LCP, 13, 29, "\1\2\3\4\0\0\1\0"), cp(LCP, 13, 30, "\1\2\3\4\0\0"),
    cp(LCP, 0, 31, "\1\2\3\4\0\0\12\7\8"), cp(LCP, 0, 32, "\1\2\3\4\0\0"),
    cp(LCP, 14, 33, "\1\2\3"), cp(LCP, 40, 34, "\1\2\3\4\5"),
    ACFC .. "\192\33\1\2",                                   -- shorter than a header
    ACFC .. "\192\33\9\2\0\12\1\2\3\4\5\6\7\8",              -- echo data past the length
  }
end

function TestPpp:test_lcp_codes_and_options_under_every_option_set_and_cut()
  local lines = oracle.check(lcp_frames(), nil, nil, {linktype = 9, from = 0})
  lu.assertStrContains(lines[1], "LCP, Conf-Request (0x01), id 1, length")
end

local function ncp_frames()
  local hc = "\0\97" .. string.pack(">I2I2I2I2I2", 15, 16, 256, 5, 168)
  return {
    cp(0x8021, 1, 1, opt(3, ip4("10.0.0.1")) .. opt(129, ip4("10.0.0.53")) .. opt(130, ip4("1.2.3.4"))
      .. opt(131, ip4("5.6.7.8")) .. opt(132, ip4("9.9.9.9")) .. opt(4, ip4("10.9.8.7"))
      .. opt(1, ip4("1.1.1.1") .. ip4("2.2.2.2")) .. opt(2, "\0\45\15\1") .. opt(2, "\1\2")
      .. opt(2, hc) .. opt(2, hc .. "\1\2\2\3x") .. opt(2, hc .. "\3\2\0\2") .. opt(77, "zz")),
    cp(0x8021, 3, 2, opt(2, hc .. "\1\9") .. opt(3, ip4("10.0.0.1"))),
    cp(0x8021, 2, 3, opt(1, "\1\2") .. opt(3, "\1\2")),
    cp(0x8021, 4, 4, opt(2, "\0") .. opt(3, ip4("10.0.0.1"))),
    cp(0x8021, 1, 5, opt(2, "\0\97\0\1") .. opt(3, ip4("10.0.0.1"))),
    cp(0x8057, 1, 6, opt(1, "\2\0\0\255\254\0\0\1") .. opt(1, "\1\2") .. opt(2, "ab")),
    cp(0x80fd, 1, 7, opt(26, "\120\0") .. opt(21, "\47") .. opt(24, "\229\3") .. opt(18, "\0\0\0\1")
      .. opt(26, "\1") .. opt(21, "") .. opt(24, "\1") .. opt(0, "\0\0\12\1")),
    cp(0x80fd, 14, 8, "\1\2"), cp(0x80fd, 15, 9, ""),
    cp(0xc02b, 1, 10, opt(1, "\1\2\3\4") .. opt(1, "\1") .. opt(2, "x")),
    cp(0x8023, 1, 11, opt(1, "\1\2")), cp(0x8281, 1, 12, ""),
  }
end

function TestPpp:test_network_control_protocols_under_every_option_set_and_cut()
  local lines = oracle.check(ncp_frames(), nil, nil, {linktype = 9, from = 0})
  lu.assertStrContains(lines[1], "IPCP, Conf-Request (0x01), id 1, length")
end

local function auth_frames()
  local CHAP, PAP = "\194\35", "\192\35"
  local function chap(code, id, data, len) return ACFC .. CHAP .. string.pack(">BBI2", code, id, len or 4 + #data) .. data end
  local function pap(code, id, data, len) return ACFC .. PAP .. string.pack(">BBI2", code, id, len or 4 + #data) .. data end
  return {
    chap(1, 1, "\4\1\2\3\4router"), chap(2, 1, "\2\170\187user\1"), chap(3, 1, "Welcome"),
    chap(4, 2, "E=691"), chap(9, 3, "x"), chap(1, 4, "\9\1\2"), chap(1, 5, ""),
    chap(3, 6, "ok", 3), chap(1, 7, "\1\1", 4),
    ACFC .. CHAP .. "\1\2", ACFC .. CHAP,
    pap(1, 1, "\5alice\6secret"), pap(2, 1, "\2OK"), pap(3, 2, "\3Bad"), pap(9, 3, "xx"),
    pap(1, 4, "\5al", 20), pap(1, 5, "\0", 5), pap(2, 6, "", 4), pap(1, 7, "\9ab"),
    pap(1, 8, "\2ab\9x"), pap(1, 9, "\2ab"), pap(2, 10, "\9x"), pap(2, 11, "", 3),
    ACFC .. PAP .. "\1\2",
    ACFC .. "\0\61" .. "\192\1\2\3", ACFC .. "\0\61" .. "\1", ACFC .. "\0\61" .. "\64\255",
    ACFC .. "\192\45" .. "\1\2\3\4", ACFC .. "\192\61" .. "\1\2",
  }
end

function TestPpp:test_chap_pap_mlppp_and_bap_under_every_option_set_and_cut()
  local lines = oracle.check(auth_frames(), nil, nil, {linktype = 9, from = 0})
  lu.assertStrContains(lines[1], "CHAP, Challenge (0x01), id 1, Value 01020304, Name router")
end

-- Frames whose protocol says they still hold RFC 1662's escapes
-- (0x7eXX), and pppd's direction bytes (link type 166).
function TestPpp:test_escaped_frames_and_pppd_direction_under_every_option_set_and_cut()
  local ipcp = "\128\33\1\1\0\10\3\6\10\125\32\0\1"
  local f = {
    AC .. "\126" .. ipcp,
    AC .. "\126" .. "\255\125\35\192\33\9\1\0\8\1\2\3\4",
    AC .. "\126" .. "\33" .. ipv4(1, echo),
    AC .. "\126" .. "\87" .. v6,
    AC .. "\126" .. "\126\126\1",
    AC .. "\126" .. "\255\125\35\126\1\2\3",
    AC .. "\126" .. "\125",
    AC .. "\126" .. "\1",
    AC .. "\126",
  }
  oracle.check(f, nil, nil, {linktype = 9, from = 0})
  local d = {"\0\3\0\33" .. ipv4(1, echo), "\1\3\192\33\9\1\0\8\1\2\3\4", "\1\3\33" .. ipv4(17, udp)}
  local lines = oracle.check(d, nil, nil, {linktype = 166, from = 0})
  lu.assertStrContains(lines[1], "IP 10.0.0.1 > 10.0.0.2: ICMP echo request")
end

-- PPP in HDLC-like framing (link type 50): the address and control
-- bytes, -e "ff 03 len ", Cisco HDLC frames, other addresses.
function TestPpp:test_ppp_serial_under_every_option_set_and_cut()
  local f = {
    AC .. "\0\33" .. ipv4(1, echo),
    AC .. "\192\33\9\1\0\8\1\2\3\4",
    AC .. "\126\128" .. "\33\1\1\0\10\3\6\10\125\32\0\1",
    AC .. "\18\52\1\2\3",
    "\15\0\8\0" .. ipv4(17, udp),
    "\143\0\134\221" .. v6,
    "\1\2\3\4\5\6",
  }
  local lines = oracle.check(f, nil, nil, {linktype = 50, from = 0})
  lu.assertStrContains(lines[1], "IP: IP 10.0.0.1 > 10.0.0.2: ICMP echo request")
end
