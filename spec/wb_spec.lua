-- spec/wb_spec.lua: the LBL whiteboard (wb, UDP to port 4567) prints
-- what the installed tcpdump prints, line for line: announcements with
-- their page state, site offsets and name, repair requests and replies,
-- drawing operations (-v: each operation's type, skips and holes), page
-- vector requests and replies, kills, unknown types and the lengths it
-- calls invalid, under -nn, -nn -v, -nn -vv, -nn -e, -nn -X, and every
-- truncation. The corpus file wb-oobr.pcap carries these.
local lu = require "luaunit"
local helper = require "helper"
local oracle = require "oracle"

TestWb = {}

local ip4 = helper.ip4_bytes

local function eth4(data, dport)
  local u = string.pack(">I2I2I2I2", 4567, dport or 4567, 8 + #data, 0) .. data
  return "\2\0\0\0\0\2\2\0\0\0\0\1\8\0" .. string.pack(">BBI2I2I2BBI2", 0x45, 0, 20 + #u, 1, 0, 64, 17, 0)
    .. ip4("10.0.0.1") .. ip4("224.2.0.1") .. u
end

local function hdr(type, flags) return ip4("10.0.0.1") .. "\0\0\0\1" .. "\0\1" .. string.char(type, flags or 0) end
local function pg(sid, uid) return ip4(sid) .. string.pack(">I4", uid) end
local function dop(len, flags, type, ts) return string.pack(">I4I2BB", ts or 0, len, flags, type) .. ("\0"):rep((len + 3) & ~3) end

local function frames()
  local io = ip4("10.0.0.5") .. "\0\0\0\7" .. ip4("10.0.0.6") .. "\0\0\0\8"
  local ops = dop(0, 0, 2) .. dop(5, 0, 3) .. dop(2, 0, 14, 5) .. dop(0, 0, 99) .. dop(1, 0, 9)
  return {
    eth4(hdr(1) .. "\0\0\0\3" .. pg("10.0.0.2", 4) .. "\0\0\0\2" .. pg("10.0.0.3", 5) .. "\0\2\0\0" .. io .. "site name\0"),
    eth4(hdr(1, 1) .. "\0\0\0\3" .. pg("10.0.0.2", 4) .. "\0\0\0\2" .. pg("10.0.0.3", 5) .. "\0\0\0\0" .. "x"),
    eth4(hdr(1) .. "\0\0\0\3" .. pg("10.0.0.2", 4) .. "\0\0\0\2" .. pg("10.0.0.3", 5) .. "\0\9\0\0"),
    eth4(hdr(2) .. ip4("10.0.0.7") .. pg("10.0.0.2", 4) .. "\0\0\0\1\0\0\0\9"),
    eth4(hdr(3) .. ip4("10.0.0.7") .. pg("10.0.0.2", 4) .. "\0\0\0\1\0\0\0\5" .. ops),
    eth4(hdr(0) .. pg("10.0.0.2", 4) .. "\0\0\0\1\0\0\0\5" .. ops),
    eth4(hdr(0) .. pg("10.0.0.2", 4) .. "\0\0\0\3\0\0\0\5" .. dop(2, 0, 15, 1) .. ops),
    eth4(hdr(0) .. pg("10.0.0.2", 4) .. "\0\0\0\1\0\0\0\2" .. dop(2, 0, 14, 9) .. ops),
    eth4(hdr(5) .. pg("10.0.0.2", 4) .. "\0\0\0\1\0\0\0\9"),
    eth4(hdr(7) .. "\0\0\0\2" .. "\0\0\0\1" .. pg("10.0.0.2", 4) .. "\2\0\0\0" .. io
      .. "\0\0\0\2" .. pg("10.0.0.3", 5) .. "\0\0\0\0"),
    eth4(hdr(7) .. "\0\0\0\5" .. "\0\0\0\1" .. pg("10.0.0.2", 4) .. "\0\0\0\0"),
    eth4(hdr(4)),
    eth4(hdr(6) .. "rest"),
    eth4(hdr(2) .. "\1\2\3"), eth4(hdr(0) .. "\1"), eth4(hdr(3) .. "\1"), eth4(hdr(5) .. "\1"),
    eth4(hdr(7) .. "\1"), eth4(hdr(1) .. "\1"),
    eth4("\1\2\3\4\5"),
    eth4(hdr(4), 4568),
  }
end

function TestWb:test_wb_under_every_option_set_and_cut()
  local lines = oracle.check(frames())
  lu.assertStrContains(lines[1], "10.0.0.1.4567 > 224.2.0.1.4567:  wb-id: 2/10.0.0.3:5 (max 3/10.0.0.2:4) <10.0.0.5:7,10.0.0.6:8> \"site name\"")
end
