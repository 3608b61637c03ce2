-- spec/decnet_spec.lua: DECnet Phase IV (EtherType 0x6003) prints what
-- the installed tcpdump prints, line for line: the routing layer's
-- data packets (short and long headers, padding, the -v flags and hop
-- count) with every NSP message (data and interrupt segments with their
-- acknowledgements, link service, data and I/LS acks, connect
-- initiate, confirm and ack, disconnect initiate and confirm with every
-- reason), the control messages (initialization, verification, test,
-- level 1 and 2 routing, router and endnode hellos, unknown ones), and
-- the invalid ones (lengths that do not add up, future versions),
-- under -nn, -nn -v, -nn -vv, -nn -e, -nn -X, and every truncation.
local lu = require "luaunit"
local oracle = require "oracle"

TestDecnet = {}

local MAC_A, MAC_B = "\xaa\x00\x04\x00\x01\x04", "\xaa\x00\x04\x00\x02\x04"

-- A DECnet frame: the routing layer's length field, then BODY.
local function dn(body, pktlen)
  return MAC_A .. MAC_B .. "\x60\x03" .. string.pack("<I2", pktlen or #body) .. body
end

-- A short-header data packet (FLAGS, from 1.2 to 1.1) carrying NSP.
local function short(nsp, flags, visits)
  return dn(string.pack("<BI2I2B", flags or 0x02, 0x0401, 0x0402, visits or 0) .. nsp)
end

-- An NSP header: FLAGS, destination and source link addresses, then REST.
local function nsp(flags, rest)
  return string.pack("<BI2I2", flags, 0x2004, 0x2003) .. (rest or "")
end

local function w(...) return string.pack("<" .. ("I2"):rep(select("#", ...)), ...) end

local function nsp_frames()
  return {
    short(nsp(0x60, w(0x8000, 0xa000, 3) .. "data")),  -- BOM+EOM data, ack, oack
    short(nsp(0x20, w(0x9005, 0xb001, 4))),            -- nak, onak
    short(nsp(0x00, w(0x8002, 0x0007))),               -- ack, no other: seg is the second
    short(nsp(0x40, w(0x0009))),                       -- seg only
    short(nsp(0x40, "")),                              -- no segment number
    short(nsp(0x60, w(0x8001))),                       -- ack, no more
    short(nsp(0x60, w(0x8001, 0xa001))),               -- oack, no segment
    short(nsp(0x30, w(0x8001, 0xa002, 5) .. "!")),     -- interrupt
    short(nsp(0x30, w(0x0003))),
    short(nsp(0x10, w(0x8000, 0xa000, 1) .. "\0\0")),  -- link service
    short(nsp(0x10, w(0x9001, 0xb001, 2) .. "\1\5")),
    short(nsp(0x10, w(0x0001, 0, 0) .. "\2\5")),
    short(nsp(0x10, w(0x0001, 0, 0) .. "\3\5")),
    short(nsp(0x10, w(0x0001, 0, 0) .. "\4\7")),
    short(nsp(0x10, w(0x0001, 0, 0) .. "\8\7")),
    short(nsp(0x10, w(1, 2))),                          -- too short
    short(nsp(0x70, "")),                              -- reserved subtype
    short(nsp(0x04, w(0x8001, 0xa001))),               -- data ack
    short(nsp(0x04, w(0x9001, 0xb001))),
    short(nsp(0x04, w(0x0001, 0xa001))),
    short(nsp(0x04, w(1))),                             -- too short
    short(nsp(0x14, w(0x8001, 0xa001))),               -- ils ack
    short(nsp(0x14, w(0x9003, 0xb004))),
    short(nsp(0x24)),                                   -- conn ack
    short(nsp(0x74)),                                   -- reserved ack type
    short(nsp(0x18, "\4\3" .. w(16403) .. "\0\0")),     -- connect initiate
    short(nsp(0x68, "\8\0" .. w(1459))),                -- retransmitted
    short(nsp(0x18, "\0\1" .. w(576))),
    short(nsp(0x18, "\12\2")),                          -- too short
    short(nsp(0x28, "\4\3" .. w(16403) .. "\0")),       -- connect confirm
    short(nsp(0x28, "\0\2" .. w(1024) .. "\5hello")),
    short(nsp(0x28, "\0\2" .. w(1024))),                -- too short
    short(nsp(0x38, w(42) .. "\0")),                    -- disconnect initiate
    short(nsp(0x38, w(54) .. "\3abc")),
    short(nsp(0x38, w(38) .. "")),                      -- too short
    short(nsp(0x48, w(42))),                            -- disconnect confirm
    short(nsp(0x48, w(99))),
    short(nsp(0x48, w(3))),
    short(nsp(0x58, "")),                               -- reserved control type
    short(nsp(0x0c, "")),                               -- reserved type
    short("\1\2\3"),                                    -- NSP too short
  }
end

-- Every disconnect reason tcpdump names, and some it does not.
local function reason_frames()
  local f = {}
  for _, r in ipairs({0, 1, 2, 3, 4, 5, 6, 7, 8, 9, 10, 11, 12, 31, 32, 33, 34, 35, 36, 37, 38, 39,
                      40, 41, 42, 43, 44, 53, 54, 55, 1000}) do
    f[#f + 1] = short(nsp(0x48, w(r)))
  end
  return f
end

local function route_frames()
  local long = string.pack("<BBB", 0x26, 0, 0) .. "\xaa\0\4\0" .. w(0x0405) .. "\0\0" .. "\xaa\0\4\0"
    .. w(0x0806) .. string.pack("BBBB", 0, 7, 0, 0)
  return {
    dn(long .. nsp(0x24)),                              -- long header
    dn(string.pack("<BBB", 0x3e, 0, 0) .. "\xaa\0\4\0" .. w(0x0405)), -- long, too short
    short(nsp(0x24), 0x3a, 0x3f),                       -- RQR, RTS, IE; visits
    short(nsp(0x24), 0x0a, 5),
    dn("\x83\0\0" .. string.pack("<BI2I2B", 0x02, 0x0401, 0x0402, 0) .. nsp(0x24)), -- padding
    dn("\x8f\0\0\0\0\0\0"),                             -- padding beyond the packet
    dn("\x42\1\2\3\4\5\6\7"),                           -- future version
    dn("\x00\1\2\3\4\5\6\7"),                           -- unknown flags
    dn("\x04\1\2\3\4\5\6\7"),
    dn("\x02\1\2\3\4\5", 4),                            -- pktlen too small
    dn("\x02\1\2\3\4\5", 40),                           -- pktlen too big
    MAC_A .. MAC_B .. "\x60\x03" .. "\5\0\2",           -- frame too short
    dn(string.pack("<BI2I2B", 0x02, 0x0401, 0x0402, 0)), -- no NSP at all
  }
end

local function control_frames()
  local eh = string.pack("<BBBB", 0x0d, 2, 0, 0) .. "\xaa\0\4\0" .. w(0x0401) .. string.pack("<BI2B", 0x27, 16434, 0)
    .. ("\0"):rep(8) .. "\xaa\0\4\0" .. w(0x0403) .. w(10) .. "\0\2"
  local rh = string.pack("<BBBB", 0x0b, 2, 0, 0) .. "\xaa\0\4\0" .. w(0x0402) .. string.pack("<BI2BB", 0x06, 1498, 64, 0)
    .. w(15) .. "\0" .. "\1\2\3\4\5\6\7"
  return {
    dn(eh),
    dn(eh:sub(1, 20)),                                  -- too short
    dn(rh),
    dn(string.pack("<BBBB", 0x0b, 2, 0, 0) .. "\xaa\0\4\0" .. w(0x0402) .. string.pack("<BI2BB", 0x05, 1498, 64, 0)
      .. w(15) .. "\0"),
    dn(rh:sub(1, 10)),
    dn("\1" .. w(0x0407) .. "\x0f" .. w(576) .. "\2\0\0" .. w(15) .. "\0"), -- init
    dn("\1" .. w(0x0407) .. "\x00" .. w(576) .. "\2\0\0" .. w(15) .. "\0"),
    dn("\1" .. w(0x0407) .. "\x02\0\0\0\0"),           -- too short
    dn("\3" .. w(0x0408) .. "\252\0\0"),                -- verification
    dn("\5" .. w(0x0408) .. "\252\0\0"),                -- test
    dn("\7" .. w(0x0409) .. "\0" .. w(4, 1, 0x0c03, 2000, 9, 3, 0x1234)), -- level 1 routing
    dn("\7" .. w(0x0409) .. "\0" .. w(0, 0, 0, 0, 1, 2)),
    dn("\7" .. w(0x0409) .. "\0\0\0"),
    dn("\9" .. w(0x0409) .. "\0" .. w(63, 1, 0x041f, 0x1234)), -- level 2 routing
    dn("\9" .. w(0x0409) .. "\0\0\0"),
    dn("\15" .. "\1\2\3\4\5"),                          -- unknown control message
    dn("\x82\0" .. "\15" .. "\1\2\3\4\5"),              -- the same padded
  }
end

function TestDecnet:test_nsp_messages_under_every_option_set_and_cut()
  local lines = oracle.check(nsp_frames())
  lu.assertEquals(lines[1]:match("1%.2.*"), "1.2 > 1.1 21 data 8195>8196 ack 0 oack 0 seg 3 ")
end

function TestDecnet:test_disconnect_reasons()
  local lines = oracle.check(reason_frames(), {"-nn"}, {})
  lu.assertStrContains(lines[25], "disconnect complete ")
end

function TestDecnet:test_routing_layer_under_every_option_set_and_cut()
  local lines = oracle.check(route_frames())
  lu.assertStrContains(lines[1], "2.6 > 1.5 26 conn-ack 8196")
end

function TestDecnet:test_control_messages_under_every_option_set_and_cut()
  local lines = oracle.check(control_frames())
  lu.assertStrContains(lines[1], "endnode-hello endnode verif nomcast vers 2 eco 0 ueco 0 src 1.1 blksize 16434 rtr 1.3 hello 10 data 2")
end
