-- spec/pgm_spec.lua: Pragmatic General Multicast (IP protocol 113)
-- prints what the installed tcpdump prints, line for line: the ports
-- and length, and under -v the global source id, every message (SPM,
-- POLL, POLR, ODATA, RDATA, NAK, NNAK, NCF, ACK, SPMR, unknown ones)
-- and every option (fragment, NAK list, join, back-off, redirect,
-- parity, path NLA, SYN/FIN/RST, congestion control, unknown ones,
-- bad lengths), over IPv4 and IPv6, under -nn, -nn -v, -nn -e, -nn -X
-- and every cut.
local lu = require "luaunit"
local helper = require "helper"
local oracle = require "oracle"

TestPgm = {}

local ip4, ip6 = helper.ip4_bytes, helper.ip6_bytes
local function u32(...) return string.pack((">I4"):rep(select("#", ...)), ...) end

local function frame(p, v6)
  if v6 then
    return "\51\51\0\0\0\1" .. "\2\0\0\0\0\1" .. "\x86\xdd" .. string.pack(">I4I2BB", 0x60000000, #p, 113, 1)
      .. ip6("2001:db8::1") .. ip6("ff0e::1") .. p
  end
  return "\1\0\x5e\0\0\1" .. "\2\0\0\0\0\1" .. "\8\0"
    .. string.pack(">BBI2I2I2BBI2", 0x45, 0, 20 + #p, 1, 0, 1, 113, 0) .. ip4("10.0.0.45") .. ip4("239.255.0.16") .. p
end

-- A PGM header of TYPE with OPTS flags, then BODY.
local function pgm(typ, body, opts, sport)
  return string.pack(">I2I2BBI2", sport or 1234, 5678, typ, opts or 0, 0) .. "\1\2\3\4\5\6"
    .. string.pack(">I2", 0) .. body
end

local function opt(t, body) return string.char(t, 2 + #body) .. body end
local function optlen(opts) return "\0\4" .. string.pack(">I2", 4 + #opts) .. opts end

local function frames()
  local nla4 = string.pack(">I2I2", 1, 0) .. ip4("10.0.0.45")
  local all = opt(1, "\0\0" .. u32(1, 2, 3)) .. opt(2, "\0\0" .. u32(7, 8)) .. opt(3, "\0\0" .. u32(9))
    .. opt(4, "\0\0" .. u32(10, 11)) .. opt(5, "\0\0" .. u32(12, 13))
    .. opt(7, "\0\0" .. nla4) .. opt(8, "\0\0" .. u32(14)) .. opt(9, "\0\0" .. u32(15))
    .. opt(10, "\0\0" .. u32(16)) .. opt(11, "\0\0") .. opt(13, "\0\0") .. opt(14, "\0\0")
    .. opt(15, "\0\0") .. opt(17, "\0\0") .. opt(18, "\0\0" .. u32(17) .. nla4)
    .. opt(19 | 0x80, "\0\0" .. u32(18) .. nla4)
  return {
    frame(pgm(0, u32(1, 2, 3) .. nla4)),
    frame(pgm(0, u32(1, 2, 3) .. string.pack(">I2I2", 2, 0) .. ip6("2001:db8::9"))),
    frame(pgm(1, u32(5) .. string.pack(">I2I2", 7, 0) .. nla4 .. u32(100, 0xdeadbeef, 0xffff0000))),
    frame(pgm(2, u32(6) .. string.pack(">I2I2", 3, 0))),
    frame(pgm(4, u32(7, 6) .. "data", 1, nil) .. ""),
    frame(pgm(4, u32(7, 6) .. optlen(all) .. "payload", 1)),
    frame(pgm(5, u32(8, 7) .. optlen(opt(0, "\0\9") .. opt(12, "abcd") .. opt(0x90, "")), 1)),
    frame(pgm(8, u32(9) .. nla4 .. string.pack(">I2I2", 1, 0) .. ip4("0.1.0.16"))),
    frame(pgm(9, u32(9) .. nla4 .. string.pack(">I2I2", 1, 0) .. ip4("239.255.0.16"))),
    frame(pgm(10, u32(9) .. string.pack(">I2I2", 2, 0) .. ip6("2001:db8::1") .. "\0\2\0\0" .. ip6("0002::1"))),
    frame(pgm(11, u32(10, 0xff))),
    frame(pgm(12, "", 1, 4)),
    frame(pgm(99, "xx")),
    frame(pgm(4, u32(1, 1) .. "\1\4\0\4", 1)),
    frame(pgm(4, u32(1, 1) .. "\0\5\0\4", 1)),
    frame(pgm(4, u32(1, 1) .. "\0\4\0\2", 1)),
    frame(pgm(4, u32(1, 1) .. optlen(opt(3, "\0\0\0\0")), 1)),
    frame(pgm(4, u32(1, 1) .. optlen(opt(2, "\0\0\0\0\0\0\0")), 1)),
    frame(pgm(4, u32(1, 1) .. optlen(opt(7, "\0\0\0\9\0\0\1\2\3\4")), 1)),
    frame(pgm(4, u32(1, 1) .. optlen(opt(7, "\0\0\0\1\0\0\1\2\3\4\5")), 1)),
    frame(pgm(4, u32(1, 1) .. optlen(opt(18, "\0\0\0\0")), 1)),
    frame(pgm(4, u32(1, 1) .. optlen(opt(19, "\0\0\0\0")), 1)),
    frame(pgm(4, u32(1, 1) .. optlen(opt(19, "\0\0\0\0\0\0\0\1\0\0\1\2\3")), 1)),
    frame(pgm(4, u32(1, 1) .. optlen(opt(0, "\0\1\2")), 1)),
    frame(pgm(4, u32(1, 1) .. optlen("\3\2"), 1)),
    frame(pgm(4, u32(1, 1) .. "\0\4\0\7" .. opt(11, "\0\0"), 1)),
    frame(pgm(4, u32(1, 1) .. optlen(opt(99, "zz")), 1)),
    frame(pgm(0, u32(1, 2, 3) .. string.pack(">I2I2", 5, 0))),
    frame(pgm(4, u32(11, 10)), true),
  }
end

function TestPgm:test_pgm_under_every_option_set_and_cut()
  local lines = oracle.check(frames())
  lu.assertStrContains(lines[1], "IP 10.0.0.45 > 239.255.0.16: 10.0.0.45.1234 > 239.255.0.16.5678: PGM, length 0")
end
