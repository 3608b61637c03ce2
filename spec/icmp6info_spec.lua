-- spec/icmp6info_spec.lua: ICMPv6 node information queries and replies
-- (RFC 4620 and the drafts before it: who-are-you, qtypes, subjects,
-- node addresses, names), router renumbering (RFC 2894: commands with
-- their match and use prefixes, results, resets) and parameter
-- problem's incomplete header chain (RFC 7112) print as the installed
-- tcpdump prints them, under -nn, -nn -v, -nn -vv, -nn -e, -nn -X and
-- every truncation.
local lu = require "luaunit"
local helper = require "helper"
local oracle = require "oracle"

TestIcmp6Info = {}

local ip6 = helper.ip6_bytes
local MAC_A, MAC_B = "\x02\x00\x00\x00\x00\x01", "\x02\x00\x00\x00\x00\x02"

-- An Ethernet frame with IPv6 carrying ICMPv6 message MSG (checksum 0).
local function icmp6(msg)
  return MAC_B .. MAC_A .. "\x86\xdd" .. string.pack(">I4I2BB", 0x60000000, #msg, 58, 64)
    .. ip6("fe80::1") .. ip6("fe80::2") .. msg
end

-- A node information message: TYPE, CODE, QTYPE, FLAGS, a nonce, DATA.
local function ni(type, code, qtype, flags, data)
  return icmp6(string.pack(">BBI2I2I2", type, code, 0, qtype, flags) .. "NONCE123" .. (data or ""))
end

local function dname(s)
  local out = {}
  for label in s:gmatch("[^.]+") do out[#out + 1] = string.char(#label) .. label end
  return table.concat(out) .. "\0"
end

local function ni_frames()
  return {
    icmp6(string.pack(">BBI2I4I4", 139, 0, 0, 0, 0)),                 -- who-are-you
    ni(139, 0, 3, 0x003e, ip6("fe80::2")),                              -- node addresses
    ni(139, 0, 3, 0x0040, ip6("fe80::2") .. "xx"),                      -- bad subject length
    ni(139, 2, 4, 0, helper.ip4_bytes("192.0.2.1")),                    -- unknown qtype, IPv4
    ni(139, 1, 2, 0, dname("host.example.")),                           -- a DNS name subject
    ni(139, 1, 2, 0, "\4host"),                                         -- a Pascal string
    ni(139, 1, 2, 0, "\9ab"),                                           -- a label too long
    ni(139, 7, 2, 0, "abc"),                                            -- unknown subject
    ni(139, 0, 0, 0),                                                   -- noop
    ni(139, 0, 1, 1, "x"),                                              -- supported, bad length
    ni(139, 0, 2, 0),                                                   -- draft 03
    icmp6(string.pack(">BBI2I4", 139, 0, 0, 0) .. "1234567"),            -- short
    ni(140, 0, 3, 0x0021, "\0\0\0\60" .. ip6("2001:db8::1") .. "\0\0\1\0" .. ip6("fe80::9")),
    ni(140, 0, 2, 1, "\0\0\0\30" .. dname("a.b.c")),                    -- a name, TTL
    ni(140, 0, 2, 0, "\0\0\0\0\3abc"),                                  -- a Pascal name
    ni(140, 0, 2, 0, "\0\0\0\0" .. dname("a.b") .. "\0"),               -- two zeros
    ni(140, 1, 0, 0, "x"),                                              -- refused, bad length
    ni(140, 2, 9, 0),                                                   -- unknown
    ni(140, 5, 0, 0),                                                   -- another code
    ni(140, 0, 0, 0, "x"), ni(140, 0, 1, 1), ni(140, 0, 7, 0),
    icmp6(string.pack(">BBI2", 140, 0, 0)),                             -- shorter than 16
  }
end

function TestIcmp6Info:test_node_information_queries_and_replies()
  local lines = oracle.check(ni_frames(), {"-nn", "-nn -v", "-nn -vv", "-nn -e", "-nn -X"})
  lu.assertStrContains(lines[1], "ICMP6, who-are-you request who-are-you request, length 12")
  lu.assertStrContains(lines[2], "who-are-you request node information query (node addresses [GSLCA], subject=fe80::2)")
end

-- A router renumbering message: CODE, SEQ, FLAGS, then BODY.
local function rr(code, seq, flags, body, rsvd)
  return icmp6(string.pack(">BBI2I4BBI2I4", 138, code, 0, seq, 1, flags, 500, rsvd or 0) .. (body or ""))
end

local function match(code, len, prefix, plen)
  return string.pack(">BBBBBBI2", code, len, 2, plen, 16, 64, 0) .. ip6(prefix)
end

local function use(prefix, flags, vl)
  return string.pack(">BBBBI4I4I4", 48, 16, 0xff, 0xc0, vl, 3600, flags) .. ip6(prefix)
end

local function rr_frames()
  return {
    rr(0, 1, 0, match(1, 11, "fec0::", 48) .. use("3ffe:501:fffe::", 0, 0xffffffff)
      .. use("3ffe:501:ffff::", 0xc0000000, 7)),
    rr(0, 2, 0xf8, match(2, 3, "fec0::", 48), 9),
    rr(0, 3, 0x80, match(9, 7, "::", 0) .. use("::1", 0x80000000, 5)),
    rr(0, 4, 0, match(3, 4, "fec0::", 48)),                              -- length not 3 + 4n
    rr(0, 5, 0, match(1, 11, "fec0::", 48) .. use("2001:db8::", 0, 1)),  -- a use missing
    rr(1, 6, 0x40, ""), rr(255, 7, 0, ""), rr(9, 8, 0, ""),
    rr(0, 9, 0, ""),                                                    -- no match part
    icmp6(string.pack(">BBI2I4I4", 138, 0, 0, 1, 0)),                   -- short header
    icmp6(string.pack(">BBI2I4", 4, 3, 0, 48) .. ("\0"):rep(40)),      -- RFC 7112
    icmp6(string.pack(">BBI2I4", 4, 4, 0, 48) .. ("\0"):rep(40)),
  }
end

function TestIcmp6Info:test_router_renumbering_and_incomplete_header_chains()
  local lines = oracle.check(rr_frames(), {"-nn", "-nn -v", "-nn -vv", "-nn -e", "-nn -X"})
  lu.assertStrContains(lines[1], "router renumbering, command, seq=1 match(add,fec0::/48) use(3ffe:501:fffe::/48/16) use(VP,3ffe:501:ffff::/48/16)")
end
