-- spec/isakmp_spec.lua: ISAKMP, IKEv1 and IKEv2 (UDP 500, 7500, 8500,
-- and 4500 after the non-ESP marker) print what the installed tcpdump
-- prints, line for line: the header line (phase, initiator or responder
-- as the cookies seen say, exchange, flags), and under -v and -vv every
-- payload: IKEv1's security associations with their proposals,
-- transforms and attributes, key exchange, identities of every type,
-- certificates, hash, signature, nonce, notifications, deletes, vendor
-- ids; IKEv2's with the critical bit, notifications by name, the
-- encrypted payload; encrypted messages, lengths that disagree, lengths
-- too short or too long, unknown types and versions, over IPv4 and
-- IPv6, under -nn, -nn -v, -nn -vv, -nn -e, -nn -X, and every truncation.
local lu = require "luaunit"
local helper = require "helper"
local oracle = require "oracle"

TestIsakmp = {}

local ip4, ip6 = helper.ip4_bytes, helper.ip6_bytes
local pack = string.pack
local MACS = "\2\0\0\0\0\2\2\0\0\0\0\1"

-- An Ethernet frame: IPv4 from SRC to DST, UDP from SP to DP, DATA;
-- TRAIL bytes after the IP datagram (Ethernet padding).
local function udp4(src, dst, sp, dp, data, trail)
  local u = pack(">I2I2I2I2", sp, dp, 8 + #data, 0) .. data
  return MACS .. "\8\0" .. pack(">BBI2I2I2BBI2", 0x45, 0, 20 + #u, 7, 0, 64, 17, 0)
    .. ip4(src) .. ip4(dst) .. u .. (trail or "")
end

local function udp6(src, dst, sp, dp, data)
  local u = pack(">I2I2I2I2", sp, dp, 8 + #data, 0) .. data
  return MACS .. "\x86\xdd" .. pack(">I4I2BB", 0x60000000, #u, 17, 64) .. ip6(src) .. ip6(dst) .. u
end

-- Payloads {type, body, crit =, np =, len =} chained: each one's next
-- payload field says the type of the one after it (np overrides).
local function chain(list)
  local out = {}
  for i, p in ipairs(list) do
    local nxt = p.np or (list[i + 1] and list[i + 1][1]) or 0
    out[i] = pack(">BBI2", nxt, p.crit or 0, p.len or 4 + #p[2]) .. p[2]
  end
  return (list[1] and list[1][1]) or 0, table.concat(out)
end

-- A message: cookies ICK and RCK, version VER (0x10 IKEv1, 0x20 IKEv2),
-- exchange ET, FLAGS, message id MSGID, its payloads; LEN overrides the
-- header's length.
local function msg(ick, rck, ver, et, flags, msgid, payloads, len)
  local np, body = chain(payloads)
  return ick .. rck .. pack(">BBBBI4I4", np, ver, et, flags, msgid, len or 28 + #body) .. body
end

local CK1, CK2, CK3 = "\1\2\3\4\5\6\7\8", "\9\10\11\12\13\14\15\16", "\17\18\19\20\21\22\23\24"
local Z = ("\0"):rep(8)

local function tv(t, v) return pack(">I2I2", 0x8000 | t, v) end
local function tlv(t, v) return pack(">I2I2", t, #v) .. v end

-- IKEv1's SA, proposal and transform bodies.
local function sa1(sit, props, doi) return pack(">I4I4", doi or 1, sit) .. (sit ~= 1 and pack(">I4", 0) or "") .. select(2, chain(props)) end
local function p1(no, proto, spi, ts) return pack(">BBBB", no, proto, #spi, #ts) .. spi .. select(2, chain(ts)) end
local function t1(no, id, attrs) return pack(">BBI2", no, id, 0) .. attrs end

local function v1_frames()
  local oakley = tv(1, 7) .. tv(14, 128) .. tv(2, 2) .. tv(4, 2) .. tv(4, 18) .. tv(3, 1) .. tv(11, 1)
    .. tlv(12, "\0\1\81\128") .. tv(5, 9) .. tv(20, 3) .. tlv(13, "")
  local main = {{1, sa1(1, {{2, p1(1, 1, "", {{3, t1(1, 1, oakley)}, {3, t1(2, 9, tv(1, 5))}})}})},
    {13, ("v"):rep(16)}}
  local ipsec = tv(1, 1) .. tlv(2, "\0\0\14\16") .. tv(3, 14) .. tv(4, 1) .. tv(5, 2) .. tv(6, 256) .. tv(9, 1) .. tv(12, 7)
  local quick = {{8, ("h"):rep(20)}, {1, sa1(6, {
      {2, p1(1, 3, "\1\2\3\4", {{3, t1(1, 12, ipsec)}, {3, t1(2, 3, tv(4, 2))}})},
      {2, p1(2, 2, "\5\6\7\8", {{3, t1(1, 3, tv(5, 1))}, {3, t1(2, 8, "")}})},
      {2, p1(3, 4, "\0\9", {{3, t1(1, 2, "")}})},
      {2, p1(4, 9, "", {{3, t1(1, 77, tv(1, 1) .. tlv(2, "\1\2"))}})}})},
    {10, ("n"):rep(16)},
    {5, pack(">BBI2", 4, 17, 500) .. ip4("10.1.0.0") .. ip4("255.255.0.0")},
    {5, pack(">BBI2", 1, 6, 0) .. ip4("10.9.9.9")}}
  local ids = {{4, ("k"):rep(64)}, {10, ("n"):rep(24)},
    {5, pack(">BBI2", 2, 17, 500) .. "vpn.example.org"},
    {5, pack(">BBI2", 3, 0, 0) .. "a@b\1\200\127"},
    {5, pack(">BBI2", 5, 0, 0) .. ip6("2001:db8::1")},
    {5, pack(">BBI2", 6, 0, 0) .. ip6("2001:db8::") .. ip6("ffff:ffff::")},
    {5, pack(">BBI2", 7, 0, 0) .. ip4("10.0.0.1") .. ip4("10.0.0.9")},
    {5, pack(">BBI2", 8, 0, 0) .. ip6("2001:db8::1") .. ip6("2001:db8::9")},
    {5, pack(">BBI2", 9, 0, 0) .. "\48\3\1\2\3"}, {5, pack(">BBI2", 11, 0, 0) .. "key"},
    {5, pack(">BBI2", 1, 0, 0) .. "\1\2"}, {5, pack(">BBI2", 6, 0, 0) .. ip6("::1")},
    {5, pack(">BBI2", 0, 0, 0) .. "xy"}, {5, pack(">BBI2", 12, 0, 0)},
    {6, "\4cert"}, {7, "\13"}, {9, ("s"):rep(8)}, {15, "xx"}, {40, "\0\0\0\0abcd"}, {46, "zz"}, {60, "q"}}
  local notes = {
    {11, pack(">I4BBI2", 1, 1, 16, 4) .. CK1 .. CK2},
    {11, pack(">I4BBI2", 1, 3, 4, 8193) .. "\1\2\3\4"},
    {11, pack(">I4BBI2", 1, 0, 0, 16384)},
    {11, pack(">I4BBI2", 1, 3, 4, 24576) .. "\1\1\1\1" .. tv(11, 1) .. tlv(12, "\0\0\14\16")},
    {11, pack(">I4BBI2", 1, 2, 0, 24577) .. "\0\0\0\1"},
    {11, pack(">I4BBI2", 1, 7, 0, 40000)},
    {11, pack(">I4BBI2", 2, 1, 2, 9000) .. "\7\7"},
    {12, pack(">I4BBI2", 1, 3, 4, 2) .. "\1\2\3\4\5\6\7\8"},
    {12, pack(">I4BBI2", 5, 4, 2, 1) .. "\9\9"}}
  return {
    udp4("10.0.0.1", "10.0.0.2", 500, 500, msg(CK1, Z, 0x10, 2, 0, 0, main)),
    udp4("10.0.0.2", "10.0.0.1", 500, 500, msg(CK1, CK2, 0x10, 2, 0, 0, main)),
    udp4("10.0.0.3", "10.0.0.1", 500, 500, msg(CK1, CK2, 0x10, 2, 0, 0, {{13, "abcd"}})),
    udp4("10.0.0.1", "10.0.0.2", 500, 500, msg(CK3, CK2, 0x10, 4, 0, 0, {{13, "abcd"}})),
    udp4("10.0.0.1", "10.0.0.2", 500, 500, msg(CK1, CK2, 0x10, 32, 0, 0x1234, quick)),
    udp4("10.0.0.2", "10.0.0.1", 500, 500, msg(CK1, CK2, 0x10, 2, 0, 0, ids)),
    udp4("10.0.0.1", "10.0.0.2", 500, 500, msg(CK1, CK2, 0x10, 5, 0, 7, notes)),
    udp4("10.0.0.1", "10.0.0.2", 500, 500, msg(CK1, CK2, 0x10, 5, 1, 7, {{8, "hash"}})),
    udp4("10.0.0.1", "10.0.0.2", 500, 500, msg(CK1, CK2, 0x10, 33, 3, 7, {{8, "hash"}}, 99)),
    udp4("10.0.0.1", "10.0.0.2", 500, 500, msg(CK1, CK2, 0x10, 6, 2, 0, {{13, "abcd"}}, 20)),
    udp4("10.0.0.1", "10.0.0.2", 7500, 500, msg(CK1, CK2, 0x10, 1, 0, 0, {{13, "ab"}, {13, "", len = 4}, {13, "cd"}})),
    udp4("10.0.0.1", "10.0.0.2", 8500, 8500, msg(CK1, CK2, 0x10, 3, 0, 0, {{1, sa1(1, {}, 2) .. "\0\0\0\8vvvv"}, {13, "ef"}})),
    udp4("10.0.0.1", "10.0.0.2", 500, 500, msg(CK1, CK2, 0x10, 2, 0, 0,
      {{1, sa1(1, {{2, p1(1, 1, "", {{3, t1(1, 1, tv(1, 5) .. tlv(2, "\1\2\3\4\5\6"))}})}})}, {13, "ab"}})),
    udp4("10.0.0.1", "10.0.0.2", 500, 500, msg(CK1, CK2, 0x10, 2, 0, 0,
      {{1, sa1(1, {{2, p1(1, 1, "", {{3, t1(1, 1, tv(1, 5) .. tlv(2, "\1\2\3\4\5\6")), len = 14}})}})}, {13, "ab"}})),
    udp4("10.0.0.1", "10.0.0.2", 500, 500, msg(CK1, CK2, 0x10, 2, 0, 0, {{13, "ab", len = 900}})),
    udp4("10.0.0.1", "10.0.0.2", 500, 500, msg(CK1, CK2, 0x30, 2, 0, 0, {{13, "ab"}})),
    udp4("10.0.0.1", "10.0.0.2", 500, 500, ("\0"):rep(20)),
    udp4("10.0.0.1", "10.0.0.2", 500, 500, msg(CK1, CK2, 0x10, 2, 0, 0, {{10, ("n"):rep(8)}}), "trailer bytes"),
    udp6("2001:db8::1", "2001:db8::2", 500, 500, msg(CK3, Z, 0x10, 2, 0, 0, {{13, "abcd"}})),
    udp6("2001:db8::2", "2001:db8::1", 500, 500, msg(CK3, CK1, 0x10, 2, 0, 0, {{13, "abcd"}})),
    udp4("10.0.0.1", "10.0.0.2", 4500, 4500, "\0\0\0\0" .. msg(CK1, CK2, 0x10, 2, 1, 0, {{5, "abcd"}})),
  }
end

function TestIsakmp:test_ikev1_payloads_under_every_option_set_and_cut()
  local lines = oracle.check(v1_frames())
  lu.assertStrContains(lines[1], "10.0.0.1.500 > 10.0.0.2.500: isakmp: phase 1 I ident")
  lu.assertStrContains(lines[2], "isakmp: phase 1 R ident")
  lu.assertStrContains(lines[3], "isakmp: phase 1 ? ident")
  lu.assertStrContains(lines[5], "isakmp: phase 2/others I oakley-quick")
  lu.assertStrContains(lines[#lines], "NONESP-encap: isakmp: phase 1 I ident[E]")
end

-- IKEv2's SA, proposal and transform bodies.
local function p2(no, proto, spi, ts) return pack(">BBBB", no, proto, #spi, #ts) .. spi .. select(2, chain(ts)) end
local function t2(type, id, attrs) return pack(">BBI2", type, 0, id) .. (attrs or "") end
local function n2(proto, type, spi, data) return pack(">BBI2", proto, #spi, type) .. spi .. (data or "") end

local function v2_frames()
  local sa = {{2, p2(1, 1, "", {{3, t2(1, 12, tv(14, 128))}, {3, t2(1, 3)}, {3, t2(1, 20)}, {3, t2(2, 2)},
    {3, t2(3, 5)}, {3, t2(4, 14)}, {3, t2(4, 18)}, {3, t2(4, 30)}, {3, t2(5, 0)}, {3, t2(9, 1, tv(3, 3))}})},
    {2, p2(2, 3, "\1\2\3\4", {{3, t2(1, 12, tv(14, 256) .. tlv(2, "ab"))}, {3, t2(5, 1)}})}}
  local init = {{33, select(2, chain(sa))}, {34, pack(">I2I2", 14, 0) .. ("k"):rep(32)},
    {40, ("n"):rep(32)}, {41, n2(0, 16388, "", ("d"):rep(20))}, {41, n2(0, 16390, "", ("c"):rep(8))},
    {43, "strongSwan\1\2"}}
  local auth = {{35, pack(">BBI2", 1, 0, 0) .. ip4("10.0.0.1")}, {36, pack(">BBI2", 2, 0, 0) .. "gw.example"},
    {35, pack(">BBI2", 3, 0, 0) .. "me@x\9y"}, {36, pack(">BBI2", 5, 0, 0) .. ip6("2001:db8::7")},
    {35, pack(">BBI2", 9, 0, 0) .. "\48\0"}, {36, pack(">BBI2", 10, 0, 0) .. "gn"}, {35, pack(">BBI2", 11, 0, 0) .. "kid"},
    {36, pack(">BBI2", 4, 0, 0) .. "zz"},
    {39, pack(">BI3", 2, 0) .. ("a"):rep(20)}, {39, pack(">BI3", 1, 0) .. "sig"}, {39, pack(">BI3", 9, 0) .. ""},
    {37, "\4cert"}, {38, "\4req"}, {42, pack(">BBI2", 3, 4, 1) .. "\1\2\3\4"}, {44, "ts-i"}, {45, "ts-r"},
    {47, "cfg"}, {48, "eap"}, {41, n2(3, 16393, "\1\2\3\4")}, {41, n2(1, 24, "\5\6\7\8")},
    {41, n2(0, 16384, "\9\9")}, {41, n2(0, 3, "")}, {41, n2(0, 8200, "")}, {41, n2(0, 20000, "")},
    {41, n2(0, 45000, "")}, {41, n2(2, 1, "\1\1")}, {20, "x"}, {49, "y"}, {3, "\0\0\0\0"}}
  local long_cookie = {{41, n2(0, 16390, "", ("c"):rep(40))}, {43, "v"}}
  local bad_sa = {{33, select(2, chain({{2, p2(1, 1, "", {{3, t2(1, 3)}}), len = 40}}))}, {40, "nn"}}
  local bad_spi = {{33, select(2, chain({{2, pack(">BBBB", 1, 3, 20, 1) .. ("s"):rep(6)}}))}, {40, "nn"}}
  local odd_sa = {{33, select(2, chain({{2, p2(1, 1, "", {{3, t2(1, 3)}, {4, "ke"}})},
    {2, p2(2, 1, "", {{3, t2(2, 2)}}), np = 5}, {5, "abcd"}}))}, {34, "\0\2"}, {40, "nn"}}
  local short_t = {{33, select(2, chain({{2, p2(1, 1, "", {{3, t2(1, 3)}, {3, "", len = 4}})}}))}, {40, "nn"}}
  local enc = {{46, ("e"):rep(40), np = 35}}
  return {
    udp4("192.168.1.2", "192.168.1.1", 500, 500, msg(CK1, Z, 0x20, 34, 8, 0, init)),
    udp4("192.168.1.1", "192.168.1.2", 500, 500, msg(CK1, CK2, 0x20, 34, 0x20, 0, long_cookie)),
    udp4("192.168.1.2", "192.168.1.1", 500, 500, msg(CK1, CK2, 0x20, 35, 8, 1, enc)),
    udp4("192.168.1.2", "192.168.1.1", 500, 500, msg(CK1, CK2, 0x20, 35, 0x18, 1, auth)),
    udp4("192.168.1.1", "192.168.1.2", 500, 500, msg(CK1, CK2, 0x20, 36, 0x38, 2, bad_sa)),
    udp4("192.168.1.1", "192.168.1.2", 500, 500, msg(CK1, CK2, 0x20, 37, 0x20, 3, bad_spi, 4)),
    udp4("192.168.1.1", "192.168.1.2", 500, 500, msg(CK1, CK2, 0x20, 37, 0, 3, odd_sa)),
    udp4("192.168.1.1", "192.168.1.2", 500, 500, msg(CK1, CK2, 0x20, 40, 1, 3, {{41, n2(0, 1, "")}})),
    udp4("192.168.1.1", "192.168.1.2", 500, 500, msg(CK1, CK2, 0x20, 37, 0, 3, short_t)),
    udp4("192.168.1.1", "192.168.1.2", 500, 500, msg(CK1, CK2, 0x20, 34, 0, 0,
      {{34, "\0\2", crit = 0x80}, {40, "no", crit = 0x80}, {35, "\1\0", crit = 0x81}, {43, "vid", crit = 0x80}})),
    udp6("2001:db8::1", "2001:db8::2", 4500, 4500, "\0\0\0\0" .. msg(CK1, CK2, 0x20, 35, 8, 1, enc)),
  }
end

function TestIsakmp:test_ikev2_payloads_under_every_option_set_and_cut()
  local lines = oracle.check(v2_frames())
  lu.assertStrContains(lines[1], "192.168.1.2.500 > 192.168.1.1.500: isakmp: parent_sa ikev2_init[I]")
  lu.assertStrContains(lines[4], "isakmp: child_sa  ikev2_auth[IV]")
  lu.assertStrContains(lines[#lines], "NONESP-encap: isakmp: child_sa  ikev2_auth[I]")
end

-- The initiators a printer remembers: twenty, the oldest forgotten.
function TestIsakmp:test_the_twenty_initiators_remembered()
  local frames = {}
  for i = 1, 21 do
    frames[#frames + 1] = udp4("10.0.1." .. i, "10.0.0.1", 500, 500, msg(pack(">I8", i), Z, 0x10, 2, 0, 0, {{13, "ab"}}))
  end
  for _, i in ipairs{21, 2, 1, 3} do
    frames[#frames + 1] = udp4("10.0.0.1", "10.0.1." .. i, 500, 500, msg(pack(">I8", i), CK2, 0x10, 2, 0, 0, {{13, "ab"}}))
  end
  local lines = oracle.check(frames, {"-nn", "-nn -v"}, {"-nn"})
  lu.assertStrContains(lines[22], "phase 1 R ident")
  lu.assertStrContains(lines[24], "phase 1 ? ident")
end
