-- spec/vtp_spec.lua: Cisco's VLAN Trunking Protocol (802.3 frames, SNAP
-- with Cisco's OUI and PID 0x2003) prints what the installed tcpdump
-- prints, line for line: every message type, and under -v the domain,
-- a summary's revision, updater, time stamp and digest, a subset's
-- VLANs with their TLVs, a request's start value, and the lengths
-- tcpdump calls invalid, under -nn, -nn -v, -nn -vv, -nn -e, -nn -X,
-- and every truncation.
local lu = require "luaunit"
local helper = require "helper"
local oracle = require "oracle"

TestVtp = {}

local ip4 = helper.ip4_bytes

-- An 802.3 frame to Cisco's multicast address carrying VTP PDU.
local function frame(pdu)
  local llc = "\170\170\3\0\0\12\32\3" .. pdu
  local f = "\1\0\12\204\204\204\0\25\6\234\184\133" .. string.pack(">I2", #llc) .. llc
  return #f < 60 and f .. ("\0"):rep(60 - #f) or f
end

-- The 36-byte header: version 2, TYPE, the third byte B3, domain DOM.
local function hdr(type, b3, dom, dlen)
  return string.char(2, type, b3, dlen or #dom) .. dom .. ("\0"):rep(32 - #dom)
end

-- A VLAN's information: status, type, id, name and TLVS.
local function vlan(st, ty, id, name, tlvs)
  local padded = name .. ("\0"):rep((4 - #name % 4) % 4)
  local body = string.char(st, ty, #name) .. string.pack(">I2I2I4", id, 1500, 100000 + id) .. padded .. (tlvs or "")
  return string.char(1 + #body) .. body
end

local function frames()
  local tlvs = "\3\1\0\2" .. "\6\1\0\1" .. "\7\1\0\1" .. "\9\1\0\7" .. "\10\1\0\0" .. "\1\1\0\9"
  return {
    frame(hdr(1, 1, "lab") .. string.pack(">I4", 0x2a) .. ip4("10.0.0.1") .. ("\1\2\3\4"):rep(3) .. ("\171"):rep(16)),
    frame(hdr(2, 5, "lab") .. string.pack(">I4", 0x2b) .. vlan(0, 1, 1, "default") .. vlan(1, 3, 1002, "fddi", tlvs)
      .. vlan(0, 9, 30, "v30abcd") .. "\0"),
    frame(hdr(3, 0, "lab") .. string.pack(">I4", 100)),
    frame(hdr(4, 0, "lab") .. "join"),
    frame(hdr(9, 0, "lab")),
    frame(hdr(1, 1, "lab", 0)),
    frame(hdr(1, 1, "lab", 40)),
    frame(hdr(2, 1, "lab") .. "\0\0\0\1" .. "\8\0\1\0\0\1\5\220"),
    frame(hdr(2, 1, "lab") .. "\0\0\0\1" .. vlan(0, 1, 5, "abcdefgh"):gsub("^.", "\16")),
    frame(hdr(2, 1, "lab") .. "\0\0\0\1" .. vlan(0, 1, 5, "ab", "\3")),
    frame(hdr(2, 1, "lab") .. "\0\0\0\1" .. vlan(0, 1, 5, "ab", "\3\9\0\0")),
    frame(hdr(2, 1, "lab") .. "\0\0\0\1" .. vlan(0, 1, 5, "ab", "\3\2\0\0\0\0")),
    frame(hdr(2, 1, "lab") .. "\0\0\0\1" .. "\90\0\1\2"),
    frame("\2\1\0\3lab"),
  }
end

function TestVtp:test_vtp_under_every_option_set_and_cut()
  local lines = oracle.check(frames())
  lu.assertStrContains(lines[1], "VTPv2, Message Summary advertisement (0x01), length 72")
end
