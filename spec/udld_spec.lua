-- spec/udld_spec.lua: Cisco's UniDirectional Link Detection (802.3
-- SNAP, OUI 0x00000c, PID 0x0111) prints what the installed tcpdump
-- prints, line for line: the version, code and flags line, and under -v
-- the checksum and each TLV (device and port ids, echo, message and
-- timeout intervals, device name, sequence number, unknown ones),
-- invalid lengths, under -nn, -nn -v, -nn -e, -nn -X and every cut.
local lu = require "luaunit"
local oracle = require "oracle"

TestUdld = {}

-- An 802.3 frame carrying the UDLD message BODY.
local function frame(body)
  local llc = "\xaa\xaa\x03\0\0\x0c\1\x11" .. body
  return "\1\0\x0c\xcc\xcc\xcc" .. "\0\x19\6\xea\xb8\x81" .. string.pack(">I2", #llc) .. llc
end

local function tlv(t, v) return string.pack(">I2I2", t, 4 + #v) .. v end

local function udld(ver, code, flags, tlvs)
  return string.char(ver << 5 | code, flags) .. "\x39\x56" .. (tlvs or "")
end

local function frames()
  local all = tlv(1, "FOC1031Z7JG") .. tlv(2, "Gi0/1") .. tlv(3, "\0\0\0\1\0\11FOC1025X4W3\0\5Fa0/1")
    .. tlv(4, "\15") .. tlv(5, "\5") .. tlv(6, "S1\0junk") .. tlv(7, "\0\0\1\0") .. tlv(99, "??")
  return {
    frame(udld(1, 1, 3, all)),
    frame(udld(1, 2, 0, tlv(1, "dev"))),
    frame(udld(1, 3, 0xfc, tlv(4, "\1\2"))),
    frame(udld(2, 9, 0, tlv(7, "\0\0\0\1\0"))),
    frame(udld(1, 0, 0, tlv(1, ""))),
    frame(udld(1, 1, 0, tlv(1, "x") .. "\0\1")),
    frame(udld(1, 1, 0, tlv(1, "long") .. "\0\2\0\40")),
    frame("\x21\1"),
    frame(udld(1, 1, 1)),
  }
end

function TestUdld:test_udld_under_every_option_set_and_cut()
  local lines = oracle.check(frames())
  lu.assertStrContains(lines[1], "UDLDv1, Code Probe message (1), Flags [RT, RSY] (0x03), length ")
end
