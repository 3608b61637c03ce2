-- spec/osi_spec.lua: the OSI network layer besides IS-IS prints what the
-- installed tcpdump prints, line for line: CLNP (data, echo, error
-- reports with the packet they quote; -v: the fixed part with its
-- checksum, flags, addresses, the segmentation part, every option:
-- source and recorded routes, priority, QoS, security, discard
-- reasons, padding), ES-IS (ESH, ISH, redirects, their options), the
-- other NLPIDs after LLC (NULL, Q.933, IPv4, IPv6, unknown ones), and
-- OSI carried by EtherType 0xfefe, GRE (0x00fe) and Frame Relay; their
-- malformed headers as tcpdump complains of them; under -nn, -v, -vv,
-- -e, -X and every truncation.
local lu = require "luaunit"
local helper = require "helper"
local oracle = require "oracle"

TestOsi = {}

local ip4 = helper.ip4_bytes
local function u16(n) return string.pack(">I2", n) end
local function u32(n) return string.pack(">I4", n) end
local NSAP_A, NSAP_B = "\x49\0\1\x19\x21\x68\0\x10\1\0", "\x49\0\2\x19\x21\x68\0\x10\2\0"

local function llc(pdu)
  return "\x09\0\x2b\0\0\5\x02\0\0\0\0\1" .. u16(3 + #pdu) .. "\xfe\xfe\x03" .. pdu
end

-- A CLNP PDU of TYPE (flags in its top bits): addresses, the segment
-- part when SEG, OPTS, DATA; CK "good" computes the checksum.
local function clnp(ptype, opts, data, o)
  o = o or {}
  local addrs = string.char(#NSAP_B) .. NSAP_B .. string.char(#NSAP_A) .. NSAP_A
  local seg = o.seg and (u16(0x1234) .. u16(0) .. u16(100)) or ""
  local li = o.li or 9 + #addrs + #seg + #opts
  local function build(ck)
    return string.char(0x81, li, o.version or 1, 30, ptype) .. u16(9 + #addrs + #seg + #opts + #data)
      .. u16(ck) .. addrs .. seg .. opts .. data
  end
  local ck = o.ck or 0
  if ck == "good" then ck = helper.osi_fletcher(build(0):sub(1, li), 7) end
  return build(ck)
end

local function opt(t, v) return string.char(t, #v) .. v end

local function esis(ptype, body, o)
  o = o or {}
  local li = o.li or 9 + #body
  local function build(ck)
    return string.char(0x82, li, o.version or 1, 0, ptype) .. u16(30) .. u16(ck) .. body
  end
  local ck = o.ck or 0
  if ck == "good" then ck = helper.osi_fletcher(build(0):sub(1, li), 7) end
  return build(ck)
end

local function isis_hello()
  local tlvs = "\129\1\xcc"
  return string.char(0x83, 27, 1, 0, 15, 1, 0, 0) .. "\1\1\2\3\4\5\6" .. u16(30) .. u16(27 + #tlvs)
    .. "\64\1\2\3\4\5\6\1" .. tlvs
end

local function ip_datagram(proto, payload)
  return string.pack(">BBI2I2I2BBI2", 0x45, 0, 20 + #payload, 1, 0, 64, proto, 0) .. ip4("10.0.0.1")
    .. ip4("10.0.0.2") .. payload
end

local function clnp_frames()
  local opts = opt(205, "\3") .. opt(195, "\xc5") .. opt(195, "\x40") .. opt(197, "\x80\5")
    .. opt(193, "\x81") .. opt(193, "\x0b") .. opt(193, "\x51") .. opt(204, "\0\0")
    .. opt(200, "\1\3" .. string.char(#NSAP_A) .. NSAP_A) .. opt(203, "\0\1\2\x49\1")
    .. opt(200, "\9\0") .. opt(203, "\0\9") .. opt(99, "\1\2")
  local inner = clnp(28, "", "hello", {ck = "good"})
  return {
    llc(clnp(0x9c, opts, "data!", {seg = true, ck = "good"})),
    llc(clnp(0x3e, "", "ping", {ck = 0x1234})),
    llc(clnp(31, "", "pong")),
    llc(clnp(29, "", "")),
    llc(clnp(1, opt(193, "\xa0"), inner, {ck = "good"})),
    llc(clnp(1, "", "\1\2\3")),
    llc(clnp(9, "", "??")),
    llc(clnp(28, "", "", {version = 2})),
    llc(clnp(28, "", "", {li = 200})),
    llc(clnp(28, "", "", {li = 5})),
    llc(clnp(28, "", "", {li = 12})),
    llc(clnp(28, "", "", {li = 20})),
    llc(clnp(0x9c, "", "", {li = 31})),
    llc(clnp(28, opt(205, "\1") .. "\7", "")),
    llc(clnp(28, "\205\9\1", "")),
    llc(clnp(28, opt(205, ""), "")),
    llc(clnp(28, opt(200, "\1"), "")),
  }
end

local function esis_frames()
  local net = string.char(#NSAP_A) .. NSAP_A
  return {
    llc(esis(2, "\2" .. net .. "\3\x49\0\1" .. opt(129, "\xcc\x8e\x81") .. opt(198, u16(60))
      .. opt(197, "\1\2"), {ck = "good"})),
    llc(esis(4, net .. opt(198, "\1"), {ck = 0x4242})),
    llc(esis(6, "\4\x49\0\1\2" .. "\6\2\0\0\0\0\9" .. net .. opt(205, "\1"))),
    llc(esis(6, "\1\x49" .. "\0" .. "\0")),
    llc(esis(6, "\1\x49" .. "\2\1\2" .. net)),
    llc(esis(9, "\1\2\3")),
    llc(esis(4, net .. "\129")),
    llc(esis(4, net .. "\129\9\1")),
    llc(esis(2, "\2" .. net)),
    llc(esis(4, "\20" .. NSAP_A)),
    llc(esis(6, "")),
    llc(esis(4, net, {version = 3})),
    llc(esis(4, net, {li = 200})),
    llc(esis(4, net, {li = 10})),
    llc("\x82\1"),
  }
end

local function carried_frames()
  local gre = "\0\0\0\xfe" .. isis_hello()
  return {
    "\1\x80\xc2\0\0\x14\2\0\0\0\0\1\xfe\xfe\xfe" .. isis_hello(),
    "\1\x80\xc2\0\0\x14\2\0\0\0\0\1\xfe\xfe\xfe" .. esis(4, "\1\x49"),
    "\1\x80\xc2\0\0\x14\2\0\0\0\0\1\8\0" .. ip_datagram(47, gre),
    llc("\0\1\2"),
    llc("\8\0\x01\1\x75\x95\1\1\1"),
    llc("\xcc" .. ip_datagram(17, string.pack(">I2I2I2I2", 1, 2, 12, 0) .. "abcd")),
    llc("\x8e" .. string.pack(">I4I2BB", 0x60000000, 0, 59, 64) .. ("\0"):rep(15) .. "\1" .. ("\0"):rep(15) .. "\2"),
  }
end

local function fr_frames()
  local function q922(dlci) return string.char((dlci >> 4) << 2, (dlci & 15) << 4 | 1) end
  return {
    q922(100) .. "\3" .. isis_hello(),
    q922(101) .. "\3" .. clnp(28, opt(205, "\1"), "abc", {ck = "good"}),
    q922(102) .. "\3" .. esis(4, "\1\x49"),
    q922(103) .. "\3\0" .. isis_hello(),
  }
end

function TestOsi:test_clnp_under_every_option_set_and_cut()
  local lines = oracle.check(clnp_frames())
  lu.assertStrContains(lines[1], "CLNP, 49.0001.1921.6800.1001.00 > 49.0002.1921.6800.1002.00, Data")
end

function TestOsi:test_esis_under_every_option_set_and_cut()
  local lines = oracle.check(esis_frames())
  lu.assertStrContains(lines[1], "ES-IS, ESH, length")
  -- -q changes what a PDU of 2 bytes or less says
  local q = oracle.same_as_tcpdump(oracle.pcap_file(oracle.records(esis_frames())), {"-nn -q", "-nn -q -v"})
  lu.assertStrContains(q[#q], "ES-ISbad pkt!")
end

function TestOsi:test_other_nlpids_and_osi_over_ethertype_and_gre()
  local lines = oracle.check(carried_frames())
  lu.assertStrContains(lines[1], "IS-IS, L1 Lan IIH")
  lu.assertStrContains(lines[3], "GREv0, length 34: IS-IS, L1 Lan IIH")
end

function TestOsi:test_osi_over_frame_relay()
  local lines = oracle.check(fr_frames(), {"-nn", "-nn -v", "-nn -vv", "-nn -e", "-nn -X", "-nn -e -vv"},
    {"-nn", "-nn -v", "-nn -e", "-nn -X"}, {linktype = 107, from = 0})
  lu.assertStrContains(lines[1], "IS-IS, L1 Lan IIH")
end
