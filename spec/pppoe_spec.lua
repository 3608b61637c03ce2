-- spec/pppoe_spec.lua: PPP over Ethernet (EtherType 0x8863 discovery,
-- 0x8864 session, 3Com's 0x3c12 and 0x3c13, link type 51) and the other
-- carriers of PPP frames (EtherType 0x880b, GRE version 1 as PPTP sends
-- it, Frame Relay's NLPID 0xcf) print what the installed tcpdump prints,
-- line for line: every discovery code, tags as text or hex, odd
-- versions, types and lengths, sessions carrying LCP, IPCP and IPv4
-- (TCP with relative sequence numbers), short headers, under -nn,
-- -nn -v, -nn -vv, -nn -e, -nn -X, and every truncation.
local lu = require "luaunit"
local helper = require "helper"
local oracle = require "oracle"

TestPppoe = {}

local ip4 = helper.ip4_bytes
local MAC_A, MAC_B = "\x00\x04\x23\xa9\x5d\x8e", "\x00\x02\x18\x03\x00\x07"

local function ether(t, data) return MAC_B .. MAC_A .. string.pack(">I2", t) .. data end
local function ipv4(proto, payload, src, dst)
  return string.pack(">BBI2I2I2BBI2", 0x45, 0, 20 + #payload, 7, 0, 64, proto, 0) .. ip4(src or "10.0.0.1")
    .. ip4(dst or "10.0.0.2") .. payload
end
local echo = "\8\0\0\0\0\1\0\2" .. ("x"):rep(8)
-- A PPPoE packet: version and type VT, CODE, session SID, DATA, its length field LEN.
local function pppoe(code, sid, data, len, vt)
  return string.pack(">BBI2I2", vt or 0x11, code, sid, len or #data) .. data
end
local function tag(t, v) return string.pack(">I2I2", t, #v) .. v end
local lcp_echo = "\192\33\9\106\0\12\164\203\234\52\14\226\246\9"

local function frames()
  local tags = tag(0x0101, "") .. tag(0x0120, "\5\220") .. tag(0x0103, "\22\55\44\22")
    .. tag(0x0102, "isp-ac-1") .. tag(0x0104, "cookie\1\2") .. tag(0x0105, "\0\0\13\233ab")
    .. tag(0x0110, "r") .. tag(0x0201, "bad name") .. tag(0x0202, "") .. tag(0x0203, "oops")
    .. tag(0x7777, "x") .. tag(0x0101, ("L"):rep(100))
  return {
    ether(0x8863, pppoe(0x09, 0, tags)),
    ether(0x8863, pppoe(0x07, 0, tag(0x0102, "ac") .. tag(0, "") .. tag(0x0101, "after EOL"))),
    ether(0x8863, pppoe(0x19, 0, tag(0x0101, ""))),
    ether(0x8863, pppoe(0x65, 0x17, tag(0x0101, ""))),
    ether(0x8863, pppoe(0xa7, 0x17, "")),
    ether(0x8863, pppoe(0x42, 0x17, "")),
    ether(0x8863, pppoe(0x09, 0, tag(0x0101, ""), 2000)),
    ether(0x8863, pppoe(0x09, 0, tag(0x0101, ""), 9)),
    ether(0x8863, pppoe(0x09, 0, tag(0x0101, "abc"), 5)),
    ether(0x8863, pppoe(0x09, 0, "", 0, 0x23)),
    ether(0x8864, pppoe(0, 0x17, lcp_echo)),
    ether(0x8864, pppoe(0, 0x3b, "\0\33" .. ipv4(1, echo))),
    ether(0x8864, pppoe(0, 0x3b, "\128\33\1\1\0\10\3\6" .. ip4("10.0.0.1"))),
    ether(0x8864, pppoe(0, 0x3b, "\0\33" .. ipv4(1, echo), 10)),
    ether(0x8864, pppoe(0, 0, "\0")),
    ether(0x3c12, pppoe(0x09, 0, tag(0x0101, ""))),
    ether(0x3c13, pppoe(0, 1, lcp_echo)),
    ether(0x8864, "\17\0\0"),
    ether(0x880b, "\255\3\192\33\9\1\0\8\1\2\3\4"),
    ether(0x880b, "\128\253\1\223\0\15\24\5\255"),
    ether(0x880b, ""),
  }
end

function TestPppoe:test_pppoe_under_every_option_set_and_cut()
  local lines = oracle.check(frames())
  lu.assertStrContains(lines[1], "PPPoE PADI [Service-Name] [PPP-Max-Payload 0x05DC]")
end

-- TCP in a PPPoE session: relative sequence numbers, as tcpdump's table
-- of conversations gives them.
function TestPppoe:test_tcp_in_a_session_prints_relative_sequence_numbers()
  local function tcp(src, dst, sp, dp, seq, ack, flags, data)
    local t = string.pack(">I2I2I4I4BBI2I2I2", sp, dp, seq, ack, 0x50, flags, 512, 0, 0) .. (data or "")
    return ether(0x8864, pppoe(0, 0xc3, "\0\33" .. ipv4(6, t, src, dst)))
  end
  local a, b = "192.168.1.1", "192.168.1.2"
  local f = {tcp(a, b, 40000, 80, 1000, 0, 0x02), tcp(b, a, 80, 40000, 7000, 1001, 0x12),
             tcp(a, b, 40000, 80, 1001, 7001, 0x18, "hello")}
  local lines = oracle.check(f, {"-nn", "-nn -v"}, {"-nn"})
  lu.assertStrContains(lines[3], "seq 1:6, ack 1, win 512, length 5")
end

-- DLT_PPP_ETHER captures (link type 51): the PPPoE header first.
function TestPppoe:test_ppp_ether_link_type_under_every_option_set_and_cut()
  local f = {pppoe(0, 0x17, lcp_echo), pppoe(0x09, 0, tag(0x0101, "")), pppoe(0, 1, "\0\33" .. ipv4(1, echo)), "\17"}
  oracle.check(f, nil, nil, {linktype = 51, from = 0})
end

-- GRE version 1 (PPTP) and Frame Relay's NLPID 0xcf carry PPP frames.
function TestPppoe:test_ppp_in_gre_and_frame_relay_under_every_option_set_and_cut()
  local function gre1(flags, data, ack)
    local h = string.pack(">I2I2I4", flags, 0x880b, #data << 16 | 7)
    if flags & 0x1000 ~= 0 then h = h .. string.pack(">I4", 3) end
    if ack then h = h .. string.pack(">I4", ack) end
    return ether(0x0800, ipv4(47, h .. data))
  end
  local f = {
    gre1(0x3001, "\255\3\192\33\1\0\0\14\1\4\5\220\5\6\1\2\3\4"),
    gre1(0x3081, "\33" .. ipv4(1, echo), 9),
    gre1(0x3001, "\128\33\1\1\0\10\3\6" .. ip4("10.0.0.1")),
    gre1(0x2081, "", 4),
  }
  oracle.check(f)
  local fr = {"\24\65\3\207\255\3\192\33\9\1\0\8\1\2\3\4", "\24\65\3\207\0\33" .. ipv4(1, echo)}
  local lines = oracle.check(fr, nil, nil, {linktype = 107, from = 0})
  lu.assertStrContains(lines[1], "LCP, Echo-Request (0x09), id 1, length 10")
end
