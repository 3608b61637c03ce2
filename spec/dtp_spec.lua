-- spec/dtp_spec.lua: Cisco's Dynamic Trunking Protocol (802.3 frames,
-- SNAP with Cisco's OUI and PID 0x2004) prints what the installed
-- tcpdump prints, line for line: the version, and under -v each TLV
-- (domain, status, type, neighbour, unknown ones, the zero type real
-- switches send) with the lengths tcpdump calls invalid, under -nn,
-- -nn -v, -nn -vv, -nn -e, -nn -X, and every truncation.
local lu = require "luaunit"
local oracle = require "oracle"

TestDtp = {}

-- An 802.3 frame to Cisco's multicast address carrying DTP PDU.
local function frame(pdu)
  local llc = "\170\170\3\0\0\12\32\4" .. pdu
  local f = "\1\0\12\204\204\204\0\25\6\234\184\133" .. string.pack(">I2", #llc) .. llc
  return #f < 60 and f .. ("\0"):rep(60 - #f) or f
end

local function tlv(t, v) return string.pack(">I2I2", t, 4 + #v) .. v end

local function frames()
  local all = tlv(1, "Lab\0\0") .. tlv(2, "\4") .. tlv(3, "\64") .. tlv(4, "\0\25\6\234\184\133") .. tlv(9, "??")
  return {
    frame("\1" .. all),
    frame("\1" .. tlv(1, "Lab\0\0") .. "\0\0\0\0" .. tlv(2, "\4")),
    frame("\2" .. tlv(2, "\4\5")),
    frame("\1" .. tlv(4, "\0\25\6")),
    frame("\1" .. tlv(1, "x") .. "\0\1\0"),
    frame("\1" .. string.pack(">I2I2", 1, 3) .. "xy"),
    frame("\1" .. string.pack(">I2I2", 1, 90) .. "xy"),
    frame(""),
  }
end

function TestDtp:test_dtp_under_every_option_set_and_cut()
  local lines = oracle.check(frames())
  lu.assertStrContains(lines[1], "DTPv1, length 36")
end
