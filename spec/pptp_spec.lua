-- spec/pptp_spec.lua: PPTP control messages (TCP 1723) print what the
-- installed tcpdump prints, line for line: every control message type
-- with its fields, result and error codes named under -v (and unknown
-- ones as "?"), non-zero reserved fields, a wrong magic cookie, the
-- management and unknown message types, unknown control message types,
-- numbers longer than their fields, two messages in one segment (only
-- the first printed), a segment shorter than its message, under -nn,
-- -nn -v, -nn -vv, -nn -e, -nn -X, and every truncation.
local lu = require "luaunit"
local helper = require "helper"
local oracle = require "oracle"

TestPptp = {}

local ip4 = helper.ip4_bytes
local pack = string.pack

-- An Ethernet frame carrying a TCP segment (PSH, ACK) of PAYLOAD.
local function frame(payload, sport, dport)
  local seg = pack(">I2I2I4I4BBI2I2I2", sport or 3025, dport or 1723, 1000, 2000, 0x50, 0x18, 1000, 0, 0)
    .. payload
  return "\2\0\0\0\0\2\2\0\0\0\0\1\8\0" .. pack(">BBI2I2I2BBI2", 0x45, 0, 20 + #seg, 1, 0x4000, 64, 6, 0)
    .. ip4("10.1.1.11") .. ip4("10.1.1.10") .. seg
end

-- A control message of type T with BODY (MT: the message type, COOKIE,
-- RSV: the header's reserved field).
local function msg(t, body, mt, cookie, rsv)
  return pack(">I2I2I4I2I2", 12 + #body, mt or 1, cookie or 0x1a2b3c4d, t, rsv or 0) .. body
end

-- TEXT in a field of N bytes, NUL padded.
local function str(text, n) return (text .. ("\0"):rep(n)):sub(1, n) end

local function frames()
  local host, vendor = str("local", 64), str("Microsoft Windows NT", 64)
  local phone = str("5551234", 64)
  return {
    frame(msg(1, pack(">I2I2I4I4I2I2", 0x0100, 0, 1, 1, 0, 2160) .. host .. vendor)),
    frame(msg(1, pack(">I2I2I4I4I2I2", 0x0100, 7, 3, 3, 1, 1) .. ("x"):rep(64) .. vendor)),
    frame(msg(2, pack(">I2BBI4I4I2I2", 0x0100, 1, 0, 2, 2, 1, 1) .. host .. str("MoretonBay", 64)), 1723, 3025),
    frame(msg(2, pack(">I2BBI4I4I2I2", 0x0100, 9, 7, 0, 0, 1, 1) .. host .. vendor), 1723, 3025),
    frame(msg(3, pack(">BBI2", 1, 0, 0))),
    frame(msg(3, pack(">BBI2", 3, 5, 6))),
    frame(msg(3, pack(">BBI2", 9, 0, 0))),
    frame(msg(4, pack(">BBI2", 1, 0, 0))),
    frame(msg(4, pack(">BBI2", 3, 1, 2))),
    frame(msg(5, pack(">I4", 77))),
    frame(msg(6, pack(">I4BBI2", 77, 2, 6, 0))),
    frame(msg(7, pack(">I2I2I4I4I4I4I2I2I2I2", 0, 30760, 300, 100000000, 3, 3, 64, 0, 3, 0) .. phone .. str("sub", 64))),
    frame(msg(7, pack(">I2I2I4I4I4I4I2I2I2I2", 1, 2, 3, 4, 1, 2, 5, 6, 100, 9) .. phone .. str("", 64))),
    frame(msg(8, pack(">I2I2BBI2I4I2I2I4", 0, 0, 1, 0, 0, 100000000, 64, 0, 0))),
    frame(msg(8, pack(">I2I2BBI2I4I2I2I4", 5, 6, 8, 3, 4, 9600, 16, 2, 7))),
    frame(msg(9, pack(">I2I2I4I4I2I2", 4, 5, 2, 9, 3, 200) .. phone .. str("5559876", 64) .. str("s", 64))),
    frame(msg(9, pack(">I2I2I4I4I2I2", 4, 5, 4, 9, 0, 2) .. phone .. phone .. str("", 64))),
    frame(msg(10, pack(">I2I2BBI2I2I2", 1, 2, 1, 0, 64, 0, 0))),
    frame(msg(10, pack(">I2I2BBI2I2I2", 1, 2, 3, 4, 64, 0, 5))),
    frame(msg(11, pack(">I2I2I4I2I2I4", 2, 0, 28800, 64, 0, 1))),
    frame(msg(11, pack(">I2I2I4I2I2I4", 2, 1, 28800, 64, 0, 9))),
    frame(msg(12, pack(">I2I2", 7, 0))),
    frame(msg(12, pack(">I2I2", 7, 3))),
    frame(msg(13, pack(">I2BBI2I2", 7, 4, 0, 16, 0) .. str("stats here", 128))),
    frame(msg(13, pack(">I2BBI2I2", 7, 5, 1, 16, 1) .. ("y"):rep(128))),
    frame(msg(14, pack(">I2I2I4I4I4I4I4I4", 1, 0, 2, 3, 4, 5, 6, 7))),
    frame(msg(15, pack(">I2I2I4I4", 0, 0, 0xffffffff, 0x0a))),
    frame(msg(15, pack(">I2I2I4I4", 0, 2, 1, 2)) .. msg(5, pack(">I4", 1))),
    frame(msg(0, "")),
    frame(msg(16, pack(">I4", 1))),
    frame(msg(5, pack(">I4", 1), 2)),
    frame(msg(5, pack(">I4", 1), 9, 0xdeadbeef, 4)),
    frame(msg(2, pack(">I2BBI4I4I2I2", 0x0100, 1, 0, 2, 2, 1, 1) .. "abc"), 1723, 3025),
    frame("\0\12\0"),
  }
end

function TestPptp:test_pptp_under_every_option_set_and_cut()
  local lines = oracle.check(frames())
  lu.assertStrContains(lines[1], ": pptp CTRL_MSGTYPE=SCCRQ PROTO_VER(1.0) FRAME_CAP(A) BEARER_CAP(A)")
end
