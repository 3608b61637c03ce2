-- spec/zephyr_spec.lua: Zephyr (UDP 2103 and 2104) prints what the
-- installed tcpdump prints, line for line: every kind of notice, the
-- sender, the location, admin, client control (subscriptions with their
-- triples), host manager, realm, login exposure and windowgram words,
-- the "to <class,inst,recipient> op" of the rest, other versions, a
-- header missing fields (invalid) and one that is not Zephyr's, under
-- -nn, -nn -v, -nn -vv, -nn -e, -nn -X, and every truncation. The corpus
-- files zephyr-oobr.pcap and hoobr_zephyr_parse_field.pcap carry these.
local lu = require "luaunit"
local helper = require "helper"
local oracle = require "oracle"

TestZephyr = {}

local ip4 = helper.ip4_bytes

local function eth4(data, sport)
  local u = string.pack(">I2I2I2I2", sport or 2104, 2103, 8 + #data, 0) .. data
  return "\2\0\0\0\0\2\2\0\0\0\0\1\8\0" .. string.pack(">BBI2I2I2BBI2", 0x45, 0, 20 + #u, 1, 0, 64, 17, 0)
    .. ip4("10.0.0.1") .. ip4("10.0.0.2") .. u
end

-- A notice of KIND (hex text) for CLASS, INST, OPCODE from SENDER to
-- RECIPIENT, then the fields in EXTRA.
local function notice(kind, class, inst, op, sender, recip, extra, version)
  local f = {version or "ZEPH0.2", "11", kind, "uid", "1f5", "0", "0", "", class, inst, op, sender, recip,
    "", "0", "0", "muid"}
  for _, e in ipairs(extra or {}) do f[#f + 1] = e end
  return table.concat(f, "\0") .. "\0"
end

local function frames()
  local n = {
    notice("1", "MESSAGE", "personal", "PLAIN", "alice@ATHENA", "bob@ATHENA"),
    notice("2", "MESSAGE", "urgent", "", "alice", ""),
    notice("5", "MESSAGE", "x", "op", "", "", {"SENT"}),
    notice("5", "MESSAGE", "x", "op", "", "", {"LOST"}),
    notice("5", "MESSAGE", "x", "op", "", ""),
    notice("0", "USER_LOCATE", "bob", "USER_HIDE", "bob", ""),
    notice("0", "USER_LOCATE", "bob", "USER_UNHIDE", "bob", ""),
    notice("0", "USER_LOCATE", "bob@ATHENA", "LOCATE", "", ""),
    notice("3", "ZEPHYR_ADMIN", "", "ADMIN_HELLO", "", ""),
    notice("1", "ZEPHYR_CTL", "CLIENT", "SUBSCRIBE", "bob", "", {"MESSAGE", "*", ""}),
    notice("1", "ZEPHYR_CTL", "CLIENT", "SUBSCRIBE_NODEFS", "bob", "", {"c", "i", "r"}),
    notice("1", "ZEPHYR_CTL", "CLIENT", "UNSUBSCRIBE", "bob", "", {"c"}),
    notice("5", "ZEPHYR_CTL", "CLIENT", "SUBSCRIBE", "bob", "", {"SENT"}),
    notice("1", "ZEPHYR_CTL", "CLIENT", "GIMME", "", ""),
    notice("1", "ZEPHYR_CTL", "CLIENT", "GIMMEDEFS", "", ""),
    notice("1", "ZEPHYR_CTL", "CLIENT", "CLEARSUB", "", ""),
    notice("1", "ZEPHYR_CTL", "CLIENT", "OTHER_OP", "", ""),
    notice("4", "ZEPHYR_CTL", "HM", "BOOT", "", ""),
    notice("4", "ZEPHYR_CTL", "REALM", "ADD_SUBSCRIBE", "", ""),
    notice("4", "ZEPHYR_CTL", "REALM", "RLM_UNSUBSCRIBE", "", ""),
    notice("4", "ZEPHYR_CTL", "OTHER", "X", "", ""),
    notice("4", "HM_CTL", "SERVER", "SHUTDOWN", "", ""),
    notice("8", "HM_STAT", "HMST_CLIENT", "GIMMESTATS", "", ""),
    notice("8", "HM_STAT", "HMST_CLIENT", "OTHER", "", ""),
    notice("1", "WG_CTL", "Inst", "Op", "", ""),
    notice("1", "LOGIN", "bob", "USER_FLUSH", "", ""),
    notice("1", "LOGIN", "bob", "REALM-VISIBLE", "", ""),
    notice("1", "LOGIN", "bob", "OTHER", "", ""),
    notice("9", "MESSAGE", ("I"):rep(300), "op", "", ""),
    notice("0x7", "MESSAGE", "\1\200x", "op", "", ""),
    notice("1", "MESSAGE", "x", "op", "", "", {}, "ZEPH0.1"),
    notice("1", "MESSAGE", "x", "op", "", "", {}, "ZEPH"),
    "ZEPH0.2\0" .. "11\0" .. "1\0",
    "HELLO\0world\0",
    "ZEPH0.2",
  }
  local t = {}
  for _, m in ipairs(n) do t[#t + 1] = eth4(m) end
  return t
end

function TestZephyr:test_zephyr_under_every_option_set_and_cut()
  local lines = oracle.check(frames())
  lu.assertStrContains(lines[1], "10.0.0.1.2104 > 10.0.0.2.2103:  zephyr unacked alice@ATHENA to <MESSAGE,personal,bob@ATHENA> op PLAIN")
end
