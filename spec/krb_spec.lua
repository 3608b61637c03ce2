-- spec/krb_spec.lua: Kerberos (UDP 88 and 750) prints what the installed
-- tcpdump prints, line for line: the version of v1-v3 and v5 messages,
-- and for version 4 the byte order, every message type (KDC request and
-- reply, application request, error reply with its code, the unknown
-- ones) with the principal and names each carries, under -nn, -nn -v,
-- -nn -vv, -nn -e, -nn -X, and every truncation. The datagrams in the
-- Babel corpus file babel_update_oobr.pcap are mostly these.
local lu = require "luaunit"
local helper = require "helper"
local oracle = require "oracle"

TestKrb = {}

local ip4 = helper.ip4_bytes

local function eth4(data, sport, dport)
  local u = string.pack(">I2I2I2I2", sport or 88, dport or 40000, 8 + #data, 0) .. data
  return "\2\0\0\0\0\2\2\0\0\0\0\1\8\0" .. string.pack(">BBI2I2I2BBI2", 0x45, 0, 20 + #u, 1, 0, 64, 17, 0)
    .. ip4("10.0.0.1") .. ip4("10.0.0.2") .. u
end

local function principal() return "user\0inst\0ATHENA.MIT.EDU\0" end

local function frames()
  return {
    eth4("\4\2" .. principal() .. "\1\2\3\4" .. "\120" .. "krbtgt\0ATHENA\0", 40000, 88),
    eth4("\4\3" .. principal() .. "\1\2\3\4" .. "\12" .. "rcmd\0host\0", 40000, 750),
    eth4("\4\4" .. principal() .. ("\0"):rep(10) .. "\1\44"),
    eth4("\4\5" .. principal() .. ("\0"):rep(10) .. "\44\1"),
    eth4("\4\6" .. "\7" .. "ATHENA\0" .. "\9\200"),
    eth4("\4\10" .. principal() .. "\0\0\0\0" .. "\0\8\0\0" .. "unknown principal\0"),
    eth4("\4\11" .. principal() .. "\0\0\0\0" .. "\99\0\0\0" .. "oops\0"),
    eth4("\4\10" .. principal() .. "\0\0\0\0" .. "\0\77\0\0" .. "x\0"),
    eth4("\4\8" .. "rest"),
    eth4("\4\14" .. "rest"),
    eth4("\4\126" .. "die"),
    eth4("\4\40" .. "rest"),
    eth4("\1\2"), eth4("\2\2"), eth4("\3\2"),
    eth4("\106\129\200"), eth4("\107\1"), eth4("\9\1"),
    eth4("\4\2" .. "no end"),
    eth4("\4\2" .. principal() .. "\1\2\3\4" .. "\120" .. "krbtgt"),
    eth4(""),
  }
end

function TestKrb:test_kerberos_under_every_option_set_and_cut()
  local lines = oracle.check(frames())
  lu.assertStrContains(lines[1], "10.0.0.1.40000 > 10.0.0.2.88:  v4 be KDC_REQUEST: user.inst@ATHENA.MIT.EDU 600min krbtgt.ATHENA")
end
