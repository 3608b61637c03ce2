-- spec/bfd_spec.lua: Bidirectional Forwarding Detection (UDP 3784
-- control, 4784 multihop, 6784 LAG, 3785 echo) prints what the
-- installed tcpdump prints, line for line: versions 0 and 1 and an
-- unknown one, every state, flag and diagnostic, the simple password,
-- keyed MD5 and SHA1 sections (and their bad lengths), echo packets,
-- over IPv4 and IPv6, under -nn, -nn -v, -nn -vv, -nn -e, -nn -X, and
-- every truncation.
local lu = require "luaunit"
local helper = require "helper"
local oracle = require "oracle"

TestBfd = {}

local ip4, ip6 = helper.ip4_bytes, helper.ip6_bytes
local MAC_A, MAC_B = "\2\0\0\0\0\2", "\2\0\0\0\0\1"

local function udp(data, dport, sport)
  return string.pack(">I2I2I2I2", sport or 49200, dport, 8 + #data, 0) .. data
end

local function eth4(data, dport, sport)
  local u = udp(data, dport, sport)
  return MAC_A .. MAC_B .. "\8\0" .. string.pack(">BBI2I2I2BBI2", 0x45, 0xc0, 20 + #u, 1, 0, 255, 17, 0)
    .. ip4("10.0.0.1") .. ip4("10.0.0.2") .. u
end

local function eth6(data, dport)
  local u = udp(data, dport)
  return MAC_A .. MAC_B .. "\x86\xdd" .. string.pack(">I4I2BB", 0x60000000, #u, 17, 255) .. ip6("2001:db8::1")
    .. ip6("2001:db8::2") .. u
end

-- A control packet: version VER, diagnostic DIAG, FLAGS (state in the
-- top two bits for version 1), then AUTH (an authentication section).
local function ctl(ver, diag, flags, auth, mult, tx)
  auth = auth or ""
  return string.pack(">BBBBI4I4I4I4I4", ver << 5 | diag, flags, mult or 3, 24 + #auth, 0x7429abf9, 0xd43a40c1,
    tx or 300000, 250000, 0) .. auth
end

local function frames()
  local md5 = "\2\24\5\0" .. string.pack(">I4", 7) .. ("\1\2\3\4"):rep(4)
  local sha = "\4\28\1\0" .. string.pack(">I4", 9) .. ("\170\187\204\221\238"):rep(4)
  return {
    eth4(ctl(1, 0, 0xc0), 3784),
    eth4(ctl(1, 3, 0x40 | 0x20 | 0x08, nil, 5, 1000000), 4784),
    eth4(ctl(1, 7, 0x80 | 0x10 | 0x02 | 0x01), 6784),
    eth4(ctl(1, 20, 0x00), 3784),
    eth4(ctl(1, 8, 0x44, "\1\9\2secret"), 3784),
    eth4(ctl(1, 0, 0x44, md5), 3784),
    eth4(ctl(1, 0, 0x44, "\3" .. md5:sub(2)), 4784),
    eth4(ctl(1, 0, 0x44, sha), 3784),
    eth4(ctl(1, 0, 0x44, "\5" .. sha:sub(2)), 3784),
    eth4(ctl(1, 0, 0x44, "\1\3\2\0"), 3784),
    eth4(ctl(1, 0, 0x44, "\1\20\2" .. ("x"):rep(17)), 3784),
    eth4(ctl(1, 0, 0x44, "\2\20\2\0" .. ("\0"):rep(16)), 3784),
    eth4(ctl(1, 0, 0x44, "\4\24\2\0" .. ("\0"):rep(20)), 3784),
    eth4(ctl(1, 0, 0x44, "\9\8\2\0\0\0\0\0"), 3784),
    eth4(ctl(0, 1, 0xff, "\1\8\1abcde"), 3784),
    eth4(ctl(0, 2, 0x00), 3784),
    eth4(ctl(2, 0, 0x40), 3784),
    eth4(ctl(1, 0, 0xc0, nil, 200, 30000000), 3784),
    eth4("\1\2\3\4\5\6\7\8\9\10\11\12\13\14\15\16\17", 3785),
    eth4(ctl(1, 0, 0xc0), 3784, 3784),
    eth4(ctl(1, 0, 0xc0):sub(1, 20), 3784),
    eth6(ctl(1, 0, 0x80), 3784),
    eth6(ctl(1, 0, 0x44, md5), 4784),
  }
end

function TestBfd:test_control_echo_and_authentication_under_every_option_set_and_cut()
  local lines = oracle.check(frames())
  lu.assertStrContains(lines[1], "10.0.0.1.49200 > 10.0.0.2.3784: BFDv1, Control, State Up, Flags: [none], length: 24")
end
