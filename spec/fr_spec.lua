-- spec/fr_spec.lua: Frame Relay captures (DLT_FRELAY, link type 107)
-- print what the installed tcpdump prints, line for line: the Q.922
-- address of 2, 3 and 4 bytes with its flags, Cisco-style EtherTypes,
-- the UI byte, pads and NLPIDs (IPv4, IPv6, IS-IS, FRF.15, ones netlab
-- does not print), the malformed addresses, and Q.933/T1.617 Annex D signalling
-- (the LMI's status enquiries and replies, codeset shifts, call
-- references, every information element tcpdump names), under -nn, -v,
-- -vv, -e, -q, -X and -x, and every truncation of each frame.
local lu = require "luaunit"
local helper = require "helper"
local oracle = require "oracle"

TestFrameRelay = {}

local ip4, ip6 = helper.ip4_bytes, helper.ip6_bytes
local u8 = function(x) return string.pack(">B", x) end
local u16 = function(x) return string.pack(">I2", x) end
local LINK = {linktype = 107, from = 0}
local SETS = {"-nn", "-nn -v", "-nn -vv", "-nn -e", "-nn -q", "-nn -e -q", "-nn -X", "-nn -x",
  "-nn -e -vv", "-nn -vv -X"}
local CUTS = {"-nn", "-nn -v", "-nn -e", "-nn -X", "-nn -vv"}

-- A 2-byte Q.922 address of DLCI with flag bits CR (0x02 of the first
-- byte) and FBD (FECN, BECN, DE: 0x0e of the second).
local function q922(dlci, cr, fbd)
  return u8((dlci >> 4) << 2 | (cr or 0)) .. u8((dlci & 15) << 4 | (fbd or 0) | 1)
end

-- A UDP datagram in IPv4 and in IPv6.
local function udp4()
  local u = string.pack(">I2I2I2I2", 1234, 53, 12, 0) .. "abcd"
  return string.pack(">BBI2I2I2BBI2", 0x45, 0, 20 + #u, 1, 0, 64, 17, 0) .. ip4("10.0.0.1")
    .. ip4("10.0.0.2") .. u
end
local function udp6()
  local u = string.pack(">I2I2I2I2", 1234, 9999, 12, 0) .. "abcd"
  return string.pack(">I4I2BB", 0x60000000, #u, 17, 64) .. ip6("fe80::1") .. ip6("fe80::2") .. u
end

-- The bytes of hex string H.
local function fromhex(h) return (h:gsub("%x%x", function(x) return string.char(tonumber(x, 16)) end)) end

local function frames()
  local ip = udp4()
  return {
    q922(100) .. "\3\xcc" .. ip,                       -- IPv4 by NLPID
    q922(101, 2, 0x0e) .. "\3\xcc" .. ip,              -- C/R, FECN, BECN, DE
    q922(102, 0, 0x08) .. "\3\x8e" .. udp6(),          -- IPv6 by NLPID, FECN
    q922(301) .. u16(0x86dd) .. udp6(),                -- Cisco-style EtherType
    q922(302) .. u16(0x0800) .. ip,
    q922(303) .. u16(0x1234) .. "\1\2\3\4",            -- an EtherType tcpdump does not know
    q922(304) .. "\3\0\xcc" .. ip,                     -- a pad after a 2-byte address
    "\x18\x40\x43\3\0\xcc" .. ip,                      -- 3 bytes, pad
    "\x18\x40\x43\3\xcc" .. ip,                        -- 3 bytes, no pad
    "\x18\x40\x42\x13\3\xcc" .. ip,                    -- 4 bytes
    "\x18\x40\x42\x12\x10\3\xcc" .. ip,                -- 5 bytes: invalid
    "\x19\x41\3\xcc" .. ip,                            -- EA in the first byte: invalid
    q922(0) .. "\x99\xcc" .. ip,                       -- DLCI 0, not UI
    q922(200) .. "\3\x11\1\2\3\4\5\6\7\8\9\10\11\12\13\14\15\16\17",   -- unknown NLPID
    q922(201) .. "\3\x09\1\2\3\4",                     -- LMI: printed as an unknown one
    q922(205) .. "\3" .. fromhex("831101001a010000002311111111111100091004ad2222222222220000000000054382"),
    q922(206) .. "\3" .. fromhex("83210100180100000043222222222222000000000000000000ffffffffffffffff092004ae"
      .. "1111111111110000000000071da804af2222222222220000000000054382"),   -- IS-IS PSNP, CSNP
    q922(202) .. "\3\xb1\x80\x12" .. ip,               -- FRF.15, begin
    q922(203) .. "\3\xb1\x61\xff",                     -- FRF.15, end, control, interface
    q922(204) .. "\3\xb1\x40",                         -- FRF.15 too short
  }
end

-- A Q.933 message on DLCI 0: call reference REF (its length byte
-- first), TYPE, then the information elements IES.
local function q933(ref, type, ies)
  return q922(0) .. "\3\x08" .. ref .. u8(type) .. ies
end
local function ie(code, v) return u8(code) .. u8(#v) .. v end

local function q933_frames()
  local verify = ie(0x03, "\5\4")
  return {
    q933("\0", 0x75, "\x95" .. ie(0x01, "\1") .. verify),                  -- ANSI enquiry
    q933("\0", 0x7d, "\x95" .. ie(0x01, "\0") .. verify .. ie(0x07, "\1\x80\x8a")
      .. ie(0x07, "\2\x08\x80") .. ie(0x07, "\1\x00\x82\x81") .. ie(0x07, "\1\x00\x02\x81\x90")),
    q933("\0", 0x75, ie(0x51, "\1") .. ie(0x53, "\1\0")),                 -- CCITT
    q933("\0", 0x7d, ie(0x51, "\2") .. ie(0x53, "\9") .. ie(0x57, "\1\0\2")
      .. ie(0x57, "\x81\x80\x82") .. ie(0x57, "\1\2\3\4\5\6")),            -- invalid ones
    q933("\1\x42", 0x05, ie(0x70, "\1\2\3")),                              -- a call reference
    q933("\2\x42\x43", 0x99, "\xa0" .. ie(0x19, "\1\2")),                  -- unknown type
    q933("\0", 0x75, "\x9d" .. ie(0x01, "\1") .. ie(0x01, "\2")),          -- non-locking shift
    q933("\0", 0x75, "\x95" .. "\x9e" .. ie(0x01, "\1") .. ie(0x03, "\1\2") .. "\x91"
      .. ie(0x01, "\1")),                                                   -- shifts on the way
    q933("\0", 0x75, "\x95" .. ie(0x01, "")),                              -- a zero length stops
    q933("\0", 0x75, "\x95" .. ie(0x01, "\1") .. "\x03\x09\1"),            -- longer than the frame
    q933("\1", 0x75, ""),                                                   -- reference cut
    q933("\4\1\2", 0x75, ""),
    q922(0) .. "\3\x08",                                                    -- nothing after the NLPID
  }
end

function TestFrameRelay:test_q922_addresses_ethertypes_and_nlpids()
  local lines = oracle.check(frames(), SETS, CUTS, LINK)
  lu.assertStrContains(lines[4], "IP6 fe80::1.1234 > fe80::2.9999: UDP, length 4")
end

function TestFrameRelay:test_q933_signalling()
  local lines = oracle.check(q933_frames(), SETS, CUTS, LINK)
  lu.assertStrContains(lines[1], "Q.933, ANSI, codeset 5, Status Enquiry, TX Seq:   5, RX Seq:   4")
end

-- tcpdump's own capture of OSPFv3 over Frame Relay (BSD licence, from its
-- tests/OSPFv3_NBMA_adjacencies.pcap): all 86 packets under every set.
function TestFrameRelay:test_ospf3_nbma_capture()
  local file = "spec/data/OSPFv3_NBMA_adjacencies.pcap"
  local lines = oracle.same_as_tcpdump(file, {"-nn", "-nn -v", "-nn -vv", "-nn -e", "-nn -X", "-nn -e -vv"})
  lu.assertEquals(#lines, 86)
end

-- SNAP after NLPID 0x80 (tcpdump's snap_print without padding: Cisco's
-- VTP and CDP, EtherTypes, bridged frames, unknown OUIs in hex).
function TestFrameRelay:test_snap_over_frame_relay()
  local UI = "\3\128"
  local f = {
    q922(301) .. UI .. "\0\0\0\8\0" .. udp4(),
    q922(301) .. UI .. "\0\0\12\32\3" .. "\1\2\0\7domaine" .. ("\0"):rep(28),
    q922(301) .. UI .. "\0\128\194\0\7" .. ("\1"):rep(6) .. ("\2"):rep(6) .. "\8\0" .. udp4(),
    q922(301) .. UI .. "\0\1\2\0\9" .. "abcdef",
    q922(301) .. UI .. "\0\0",
  }
  oracle.check(f, SETS, CUTS, LINK)
end

-- Multilink Frame Relay (FRF.16, link type 182): control frames and
-- their information elements, whole and first fragments with the Frame
-- Relay frame inside, middle and last ones in hex.
function TestFrameRelay:test_frf16_multilink_frames()
  local function ie(t, v) return u8(t) .. u8(2 + #v) .. v end
  local ies = ie(1, "bundle-1\0x") .. ie(2, "link-a") .. ie(3, "\1\2\3\4") .. ie(3, "\1")
    .. ie(5, string.pack("<i8i8", 1700000000, 250000)) .. ie(5, "\1\2\3\4") .. ie(6, "\0\0\9ab")
    .. ie(7, "\3") .. ie(9, "zz")
  local f = {
    "\225\0\1" .. ies,
    "\225\0\4" .. ie(3, "\1\2\3\4"), "\225\0\2", "\225\0\9" .. ie(0, "x"), "\225\0\5" .. ie(3, ""),
    "\225\0\6" .. "\3\40\1\2",
    "\193\5" .. q922(301) .. "\3\204" .. udp4(),
    "\129\7" .. q922(301) .. "\3\204" .. udp4(),
    "\1\8" .. q922(301) .. "\3\204" .. "\1\2\3",
    "\65\9" .. "\1\2\3\4\5",
    "\1\2\3",
  }
  local lines = oracle.check(f, SETS, CUTS, {linktype = 182, from = 0})
  lu.assertStrContains(lines[1], "FRF.16 Control, Flags [Begin, End, Control], Add Link, length")
end
