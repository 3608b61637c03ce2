-- spec/forces_spec.lua: ForCES (RFC 5810) in SCTP DATA chunks prints
-- what the installed tcpdump prints, line for line: every message type
-- (HeartBeat, Association Setup, Response and TearDown, Config, Query,
-- their responses, Event Notification, Packet Redirect), the header
-- under -v and its flags under -vv, LFB selectors with operation TLVs
-- and path data (IDs, key and range flags, FULLDATA, SPARSEDATA,
-- KEYINFO and RESULT TLVs), the walk's complaints about malformed TLVs
-- and the message in hex after them, unknown and short messages, a
-- message read past the capture, and every truncation, under -nn,
-- -nn -v, -nn -vv, -nn -e and -nn -X.
local lu = require "luaunit"
local helper = require "helper"
local oracle = require "oracle"

TestForces = {}

local ip4 = helper.ip4_bytes
local MACS = "\2\0\0\0\0\2\2\0\0\0\0\1"

-- The IPv4 header checksum of header H.
local function cksum(h)
  local s = 0
  for i = 1, #h, 2 do s = s + string.unpack(">I2", h, i) end
  while s > 0xffff do s = (s & 0xffff) + (s >> 16) end
  return ~s & 0xffff
end

-- An Ethernet frame with SCTP from port SP to DP carrying CHUNKS.
local function sctp(chunks, sp, dp)
  local s = string.pack(">I2I2I4I4", sp or 40000, dp or 6704, 0x01020304, 0) .. chunks
  local h = string.pack(">BBI2I2I2BBI2", 0x45, 0, 20 + #s, 1, 0x4000, 64, 132, 0)
    .. ip4("192.168.1.142") .. ip4("192.168.1.143")
  h = h:sub(1, 10) .. string.pack(">I2", cksum(h)) .. h:sub(13)
  return MACS .. "\8\0" .. h .. s
end

local function pad(s) return s .. ("\0"):rep(-#s % 4) end

-- A DATA chunk of payload P (PPID PPID), padded.
local function data(p, ppid, len)
  return pad(string.pack(">BBI2I4I2I2I4", 0, 3, len or 16 + #p, 7, 0, 1, ppid or 0) .. p)
end

-- A ForCES message of type TOM with BODY (its TLVs), flags FLAGS;
-- LEN overrides its length field (in 4-byte words).
local function msg(tom, body, flags, len)
  return string.pack(">BBI2I4I4I8I4", 0x10, tom, len or (24 + #body) // 4, 2, 0x40000003,
    0x1234, flags or 0xf8400000) .. body
end

-- A TLV of TYPE with DATA (LEN overrides its length), padded.
local function tlv(t, d, len) return pad(string.pack(">I2I2", t, len or 4 + #d) .. d) end
local function ilv(t, d, len) return pad(string.pack(">I4I4", t, len or 8 + #d) .. d) end

-- An LFB selector (class, instance) with operation TLVs OPS.
local function lfb(ops, class) return tlv(0x1000, string.pack(">I4I4", class or 1, 1) .. table.concat(ops)) end
-- A PATH-DATA TLV: FLAGS, IDS, then CONTENT.
local function path(flags, ids, content, count)
  local b = string.pack(">I2I2", flags, count or #ids)
  for _, id in ipairs(ids) do b = b .. string.pack(">I4", id) end
  return tlv(0x110, b .. (content or ""))
end
local full = tlv(0x112, "\1\2\3\4\5")
local result = function(code) return tlv(0x114, string.pack(">BBI2", code, 0, 0)) end

local function forces(m, ppid) return sctp(data(m, ppid)) end

local function frames()
  return {
    -- the types without TLVs, and with TLVs they may not carry
    forces(msg(0x0f, "")),
    forces(msg(0x0f, tlv(0x1000, ("\0"):rep(12)))),
    forces(msg(0x01, "")),
    forces(msg(0x03, "")),
    forces(msg(0x00, "")),
    forces(msg(0x08, "")),
    forces(msg(0x12, "")),
    forces(msg(0x0f, "", 0x0b9fffff, 7)),
    forces(msg(0x0f, "\0\0\0\0", 0x48a80001)),
    -- Config: operations with path data
    forces(msg(0x03, lfb({tlv(1, path(0, {1, 2}, full)), tlv(5, path(0, {3})), tlv(12, "\0\0\0\0\0\0\0\0")}))),
    forces(msg(0x03, lfb({tlv(7, path(0, {1}))}))),
    forces(msg(0x03, lfb({tlv(1, "\0\0\0")}))),
    forces(msg(0x03, lfb({tlv(0x8001, path(0, {1})), tlv(2, path(0, {9}, tlv(0x113, ilv(1, "ab") .. ilv(2, "")))),
      tlv(14, path(0, {}))}))),
    forces(msg(0x03, lfb({tlv(1, path(0, {1, 2, 3}, nil, 9))}))),
    forces(msg(0x03, lfb({tlv(1, path(3, {1}))}))),
    forces(msg(0x03, lfb({tlv(1, path(1, {1}, string.pack(">I4", 5) .. tlv(0x112, "kk") .. full))}))),
    forces(msg(0x03, lfb({tlv(1, path(1, {1}, "\0\0"))}))),
    forces(msg(0x03, lfb({tlv(1, path(1, {1}, string.pack(">I4I2I2", 5, 0x112, 2) .. "\0\0\0\0"))}))),
    forces(msg(0x03, lfb({tlv(1, path(1, {1}, string.pack(">I4I2I2", 5, 0x112, 40) .. "\0\0\0\0"))}))),
    forces(msg(0x03, lfb({tlv(1, path(4, {1}, tlv(0x111, string.pack(">I4", 9) .. tlv(0x112, "x") .. "zz"))),
      tlv(1, path(4, {1}, tlv(0x111, string.pack(">I4", 9) .. tlv(0x115, "x"))))}))),
    forces(msg(0x03, lfb({tlv(1, path(4, {1}, tlv(0x111, string.pack(">I4", 9) .. tlv(0x112, "x", 90))))}))),
    forces(msg(0x03, lfb({tlv(1, path(0, {1}, tlv(0x113, ilv(1, "a", 50))) .. path(0, {2}, tlv(0x113, "\0\0"))),
      tlv(1, path(0, {1}, tlv(0x120, "zz") .. "\1\2\3\4\5\6\7\8\9\10\11\12\13\14\15\16\17\18"))}))),
    forces(msg(0x03, lfb({tlv(1, path(0, {1}, string.pack(">I2I2", 0x120, 0) .. "\0\0\0\0"))}))),
    forces(msg(0x03, lfb({tlv(1, path(0, {1}, string.pack(">I2I2", 0x112, 90)))}))),
    forces(msg(0x03, lfb({tlv(1, path(0, {1}, path(0, {2}, path(0, {3}, full)))), tlv(1, "\0\0\0\0\0\0\0\0", 5)}))),
    forces(msg(0x03, lfb({tlv(1, path(0, {1}, full)), "\0\1\0\3"}))),
    forces(msg(0x03, lfb({}) .. lfb({tlv(1, path(0, {1}))}))),
    forces(msg(0x03, tlv(0x1000, ("\0"):rep(8)))),
    forces(msg(0x03, tlv(0x200, ("\0"):rep(12)))),
    forces(msg(0x03, lfb({tlv(1, path(0, {1}, full))}) .. "\0\0\0\2")),
    -- responses: RESULT TLVs, RCommit, the encodings they allow
    forces(msg(0x13, lfb({tlv(3, path(0, {1}, result(0))), tlv(4, path(0, {1}, result(0x20))),
      tlv(6, path(0, {1}, tlv(0x114, "\1"))), tlv(3, path(0, {1}, full)), tlv(3, path(8, {1}, result(1)))}))),
    forces(msg(0x13, lfb({tlv(13, tlv(0x110, string.pack(">I2I2I4", 0, 1, 4) .. result(0xff))),
      tlv(13, tlv(0x220, "\0\0\0\0")), tlv(13, tlv(0x110, "\0\0\0\0", 40))}))),
    forces(msg(0x14, lfb({tlv(9, path(2, {1}, ("\0"):rep(12) .. full)), tlv(10, path(2, {1}, "\0\0\0\0"))}))),
    forces(msg(0x04, lfb({tlv(7, path(0, {1})), tlv(8, path(0, {1, 2}))}), 0x38500000)),
    forces(msg(0x05, lfb({tlv(11, path(0, {1}, tlv(0x113, ilv(7, "abcdefgh"))))}))),
    -- associations
    forces(msg(0x01, lfb({tlv(11, path(0, {1}, full))}) .. lfb({tlv(11, path(0, {2}, full))}))),
    forces(msg(0x01, lfb({tlv(1, path(0, {1}))}))),
    forces(msg(0x11, tlv(0x10, "\0\0\0\1"))),
    forces(msg(0x11, tlv(0x10, "\0\0\0\9"))),
    forces(msg(0x11, tlv(0x10, "\0\0\0\1\0\0\0\0"))),
    forces(msg(0x11, tlv(0x10, "\0\0\0\1") .. tlv(0x10, "\0\0\0\1"))),
    forces(msg(0x02, tlv(0x11, "\0\0\0\4"))),
    forces(msg(0x02, tlv(0x11, "\0\0\1\0"))),
    forces(msg(0x02, tlv(0x11, "\0\0"))),
    -- packet redirect
    forces(msg(0x06, tlv(0x1, tlv(0x115, ilv(1, "abcd") .. ilv(2, "") .. ilv(3, "x", 99)) .. tlv(0x116, "packet")
      .. tlv(0x117, "??")))),
    forces(msg(0x06, tlv(0x1, tlv(0x116, "p") .. "\0\1\0\90"))),
    forces(msg(0x06, tlv(0x1, "\0\0\0\0"))),
    -- the message's length, ForCES by PPID alone, chunks after it
    forces(msg(0x0f, "", nil, 9)),
    sctp(data(msg(0x0f, "") .. "\0\0\0\0", 22), 1000, 2000),
    sctp(data(msg(0x0f, ""), 23) .. string.pack(">BBI2I4", 4, 0, 8, 1), 1000, 6706),
    sctp(data(msg(0x03, lfb({tlv(1, path(0, {1}, full))}))) .. data(msg(0x0f, ""))),
    sctp(data("\16\15\0\6\0\0"), 6705, 40000),
    sctp(data("\16\15\0\6\0\0") .. string.pack(">BBI2I4", 4, 0, 8, 1)),
    -- a KEYINFO TLV with nothing after its header: tcpdump reads on
    forces(msg(0x03, lfb({tlv(1, path(4, {1}, tlv(0x111, "")))}))),
  }
end

function TestForces:test_forces_under_every_option_set_and_cut()
  local lines = oracle.check(frames())
  lu.assertStrContains(lines[1], "sctp[ForCES HP] (1) [DATA] (B)(E) [TSN: 7]")
  lu.assertEquals(lines[2], "\tForCES HeartBeat ")
end

-- tcpdump's own captures of a ForCES session, where the corpus has them.
function TestForces:test_tcpdump_captures()
  local dir = "/tmp/tdtests/tests"
  local any = false
  for _, name in ipairs {"forces1.pcap", "forces2.pcap", "forces3.pcap"} do
    local f = io.open(dir .. "/" .. name, "rb")
    if f then
      f:close()
      any = true
      oracle.same_as_tcpdump(dir .. "/" .. name, {"-nn", "-nn -v", "-nn -vv", "-nn -e -X"})
    end
  end
  if not any then lu.skip("tcpdump's tests are not in " .. dir) end
end
