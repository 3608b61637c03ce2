-- spec/m3ua_spec.lua: M3UA (SS7 over SCTP, payload protocol 3) prints
-- what the installed tcpdump prints under -vv, line for line: each
-- message's class and type, its parameters (routing contexts and
-- correlation ids as values, the others as lengths), corrupted
-- lengths, invalid parameters, unknown classes and versions, and every
-- truncation; without -vv only SCTP's chunk line.
local lu = require "luaunit"
local helper = require "helper"
local oracle = require "oracle"

TestM3ua = {}

local ip4 = helper.ip4_bytes

-- An Ethernet frame carrying SCTP's DATA chunks (one per payload) of
-- payload protocol 3.
local function frame(payloads)
  local chunks = {}
  for i, p in ipairs(payloads) do
    local c = string.pack(">BBI2I4I2I2I4", 0, 3, 16 + #p, 100 + i, 1, i, 3) .. p
    chunks[i] = c .. ("\0"):rep((4 - #c % 4) % 4)
  end
  local s = string.pack(">I2I2I4I4", 2905, 2905, 7, 0) .. table.concat(chunks)
  return "\2\0\0\0\0\2\2\0\0\0\0\1\8\0" .. string.pack(">BBI2I2I2BBI2", 0x45, 0, 20 + #s, 1, 0, 64, 132, 0)
    .. ip4("10.0.0.1") .. ip4("10.0.0.2") .. s
end

local function param(tag, value) return string.pack(">I2I2", tag, 4 + #value) .. value end

-- An M3UA message of class CLS and type TYPE with PARAMS (LEN: its
-- length field, when not the true one; VER: its version).
local function m3ua(cls, type, params, len, ver)
  return string.pack(">BBBBI4", ver or 1, 0, cls, type, len or 8 + #params) .. params
end

local function frames()
  local pad = function(s) return s .. ("\0"):rep((4 - #s % 4) % 4) end
  return {
    frame{m3ua(1, 1, param(0x0006, "\0\0\0\9") .. pad(param(0x0210, "\0\0\0\1\0\0\0\2\3\2\0\5ISUP!")))},
    frame{m3ua(0, 0, param(0x000c, "\0\0\0\1") .. param(0x0013, "\1\2\3\4")),
      m3ua(0, 1, param(0x000d, "\0\1\0\2") .. param(0x0200, "\0\0\0\42"))},
    frame{m3ua(2, 1, param(0x0012, "\0\0\1\2")), m3ua(2, 9, ""), m3ua(3, 3, param(0x0009, "beat")),
      m3ua(4, 3, ""), m3ua(9, 2, param(0x0208, "rslt")), m3ua(7, 1, param(0x7777, "zz\0\0"))},
    frame{m3ua(1, 1, param(0x0006, "\0\0\0\9"), 99)},
    frame{m3ua(1, 1, param(0x0006, "\0\0")), m3ua(1, 1, "\0\6\0\2"), m3ua(1, 1, "\0\6")},
    frame{m3ua(2, 1, "", nil, 2), "\1\0\1"},
    frame{m3ua(1, 1, param(0x0004, "odd"))},
  }
end

function TestM3ua:test_m3ua_messages_and_parameters_under_every_option_set_and_cut()
  local lines = oracle.check(frames(), {"-nn", "-nn -v", "-nn -vv", "-nn -vv -X", "-nn -vv -e"},
    {"-nn -vv", "-nn -v"})
  lu.assertStrContains(lines[1], "10.0.0.1.2905 > 10.0.0.2.2905: sctp (1) [DATA] (B)(E) [TSN: 101]")
end

function TestM3ua:test_vv_shows_the_transfer_message_and_its_parameters()
  local file = oracle.pcap_file(oracle.records({frames()[1]}))
  local lines = oracle.same_as_tcpdump(file, {"-nn -vv"})
  lu.assertEquals(lines[4], "\t\tTransfer Data Message")
  lu.assertEquals(lines[5], "\t\t\tRouting Context: 0x00060008")
  lu.assertEquals(lines[6], "\t\t\tProtocol Data: (length 21)")
end
