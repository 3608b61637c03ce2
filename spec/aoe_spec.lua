-- spec/aoe_spec.lua: ATA over Ethernet (EtherType 0x88a2) prints what
-- the installed tcpdump prints, line for line: version 1 with every
-- flag, the error codes, each command (Issue ATA Command with its
-- registers and data, Query Config Information with its string, MAC
-- Mask List directives, Reserve/Release lists), unknown commands and
-- versions, and the invalid ones (short arguments, lengths that do not
-- add up), under -nn, -nn -v, -nn -vv, -nn -e, -nn -X, and every
-- truncation.
local lu = require "luaunit"
local oracle = require "oracle"

TestAoe = {}

local MAC_A, MAC_B = "\xff\xff\xff\xff\xff\xff", "\x20\xcf\x30\x02\xb0\x52"

-- An AoE frame: version/flags byte VF, error ERR, major, minor,
-- command CMD, tag, then ARG.
local function aoe(vf, err, cmd, arg)
  return MAC_A .. MAC_B .. "\x88\xa2" .. string.pack(">BBI2BBI4", vf, err, 0x14, 2, cmd, 0x1cd4a) .. arg
end

local function aoe_frames()
  local mac1, mac2 = "\x00\x11\x22\x33\x44\x55", "\x66\x77\x88\x99\xaa\xbb"
  local ata = "\x40\x00\x02\x24\x01\x02\x03\xa0\x00\x00\x00\x00"
  return {
    aoe(0x10, 0, 0, ata),                               -- request, no data
    aoe(0x18, 0, 0, ata .. ("\0"):rep(512)),            -- response with data
    aoe(0x13, 0, 0, "\xd3\x01\x02\x03\x04\x05\x06\x07\x08\x09\x00\x00"), -- every flag
    aoe(0x1c, 3, 0, ata),                               -- error
    aoe(0x1c, 9, 1, ata),                               -- unknown error
    aoe(0x10, 0, 0, "\x40\x00\x02"),                    -- short arguments
    aoe(0x10, 0, 1, string.pack(">I2I2BBI2", 16, 0x4019, 2, 0x10, 0)),
    aoe(0x18, 0, 1, string.pack(">I2I2BBI2", 16, 0x4019, 2, 0x13, 7) .. "ab\1c\200\255d"),
    aoe(0x18, 0, 1, string.pack(">I2I2BBI2", 0, 0, 0, 0x2a, 9) .. "short"), -- string too long
    aoe(0x18, 0, 1, string.pack(">I2I2BBI2", 0, 0, 0, 0x0e, 1100) .. ("x"):rep(1100)),
    aoe(0x10, 0, 1, "\0\1\0"),                          -- short arguments
    aoe(0x10, 0, 2, "\0\0\0\0"),                        -- read, no directives
    aoe(0x10, 0, 2, "\0\1\0\2" .. "\0\1" .. mac1 .. "\0\2" .. mac2),
    aoe(0x18, 0, 2, "\0\7\9\3" .. "\0\5" .. mac1 .. "\0\0" .. mac2 .. "\0\9" .. mac1),
    aoe(0x18, 0, 2, "\0\0\1\2" .. "\0\1" .. mac1),      -- count beyond the data
    aoe(0x10, 0, 2, "\0\0"),
    aoe(0x10, 0, 3, "\0\0"),                            -- read reserve list
    aoe(0x10, 0, 3, "\1\2" .. mac1 .. mac2),
    aoe(0x10, 0, 3, "\9\1" .. mac1),
    aoe(0x10, 0, 3, "\2\3" .. mac1 .. mac2),            -- NMacs disagrees
    aoe(0x10, 0, 3, "\2\1" .. mac1 .. "\0"),            -- not whole addresses
    aoe(0x10, 0, 7, "\1\2\3"),                          -- unknown command
    aoe(0x00, 0, 0, ata),                               -- version 0
    aoe(0x2f, 0, 0, ata),                               -- version 2
    MAC_A .. MAC_B .. "\x88\xa2" .. "\x10\0\0\0\0",      -- short header
  }
end

function TestAoe:test_aoe_under_every_option_set_and_cut()
  local lines = oracle.check(aoe_frames())
  lu.assertEquals(lines[1]:match("AoE.*"), "AoE length 22, Ver 1, Flags: [none]")
end

function TestAoe:test_verbose_header_and_arguments()
  local lines = oracle.check({aoe_frames()[13]}, {"-nn -v"}, {})
  lu.assertEquals(lines[2], "\tMajor: 0x0014, Minor: 0x02, Command: MAC Mask List, Tag: 0x0001cd4a")
  lu.assertEquals(lines[3], "\tMCmd: Edit Mac Mask List, MError: Unknown (0x00), Dir Count: 2")
end
