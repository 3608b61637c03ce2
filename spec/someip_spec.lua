-- spec/someip_spec.lua: SOME/IP (UDP 30490) prints what the installed
-- tcpdump prints, line for line: service, method or event, length,
-- client, session, versions, every message type and return code (and
-- unknown ones), messages too short, under -nn, -nn -v, -nn -vv, -nn -e,
-- -nn -X and every cut.
local lu = require "luaunit"
local helper = require "helper"
local oracle = require "oracle"

TestSomeip = {}

local ip4 = helper.ip4_bytes

local function frame(data)
  local u = string.pack(">I2I2I2I2", 30490, 30490, 8 + #data, 0) .. data
  return "\2\0\0\0\0\2" .. "\2\0\0\0\0\1" .. "\8\0"
    .. string.pack(">BBI2I2I2BBI2", 0x45, 0, 20 + #u, 1, 0, 64, 17, 0) .. ip4("10.0.0.1") .. ip4("10.0.0.2") .. u
end

local function msg(id, typ, ret)
  return string.pack(">I4I4I2I2BBBB", id, 8, 1, 2, 1, 1, typ, ret)
end

function TestSomeip:test_someip_under_every_option_set_and_cut()
  local frames = {}
  local types = {0, 1, 2, 0x80, 0x81, 0x20, 0x21, 0x22, 0xa0, 0xa1, 0x40, 0x23}
  for i, t in ipairs(types) do
    frames[#frames + 1] = frame(msg(0x12340001 | (i % 2 == 0 and 0x8000 or 0), t, (i - 1) * 2))
  end
  frames[#frames + 1] = frame(msg(0xffffffff, 0x82, 0x10) .. "payload")
  frames[#frames + 1] = frame("\0\1\2\3\4\5\6\7\8")
  local lines = oracle.check(frames)
  lu.assertStrContains(lines[1], "SOMEIP, service 4660, method 1, len 8, client 1, session 2, pver 1, iver 1, msgtype REQUEST, retcode E_OK")
end
