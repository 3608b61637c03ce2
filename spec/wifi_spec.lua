-- spec/wifi_spec.lua: IEEE 802.11 captures, bare (DLT_IEEE802_11, link
-- type 105), after a radiotap header (DLT_IEEE802_11_RADIO, 127) and
-- after Prism's and AVS's (119, 163),
-- print what the installed tcpdump prints, line for line: radiotap's
-- fields (time stamp, flags, rate, channel and XChannel, FHSS, signal,
-- noise, attenuation, power, antenna, lock quality, MCS, VHT, A-MPDU),
-- extended and vendor presence words, FCS and padding; management
-- frames (beacons, probes, (re)association, authentication,
-- deauthentication, disassociation with every status and reason code
-- text, actions), control frames and data frames carrying LLC/SNAP,
-- under -nn, -v, -vv, -e, -X and -x, and every truncation of each.
local lu = require "luaunit"
local oracle = require "oracle"

TestWifi = {}

local SETS = {"-nn", "-nn -v", "-nn -vv", "-nn -e", "-nn -e -v", "-nn -X", "-nn -x", "-nn -e -vv -X"}
local CUTS = {"-nn", "-nn -v", "-nn -e", "-nn -e -v", "-nn -X"}
local RADIO = {linktype = 127, from = 1}
local BARE = {linktype = 105, from = 1}

local function mac(n) return string.pack("BBBBBB", 0, 0x0c, 0x41, 0x82, 0xb2, n) end
local AP, STA, BC = mac(0x55), mac(0x3a), ("\xff"):rep(6)
local le16 = function(x) return string.pack("<I2", x) end

-- A radiotap header of FIELDS ({bit, format, values...} in bit order),
-- each aligned to its first item's size from the header's start; WORDS,
-- when given, are the presence words to write instead of the one made.
local function radiotap(fields, words)
  local present, body = 0, ""
  for _, f in ipairs(fields) do
    present = present | (1 << f[1])
    local bytes = string.pack("<" .. f[2], table.unpack(f, 3))
    local c, n = f[2]:match("^(%a)(%d*)")
    local align = (c == "B" or c == "b") and 1 or c == "H" and 2 or tonumber(n ~= "" and n or "4")
    local at = 4 + 4 * (words and #words or 1) + #body
    while at % align ~= 0 do body, at = body .. "\0", at + 1 end
    body = body .. bytes
  end
  local pw = ""
  for _, w in ipairs(words or {present}) do pw = pw .. string.pack("<I4", w) end
  local len = 4 + #pw + #body
  return string.pack("<BBI2", 0, 0, len) .. pw .. body
end

-- The common radiotap header: 1 Mb/s on 2412 MHz (11b), signal, antenna.
local function rt_basic(flags)
  return radiotap({{1, "B", flags or 0}, {2, "B", 2}, {3, "HH", 2412, 0xa0}, {5, "b", -57},
    {6, "b", -95}, {11, "B", 1}})
end

-- A management frame of SUBTYPE from SA to DA in BSS BSSID (FC flags).
local function mgmt(subtype, body, flags, da, sa)
  return string.pack("<BB", subtype << 4, flags or 0) .. le16(314) .. (da or AP) .. (sa or STA)
    .. AP .. le16(0x1230) .. body
end

local function elem(id, data) return string.char(id, #data) .. data end
local SSID = elem(0, "lab\1net") .. elem(1, "\x82\x84\x0b\x16") .. elem(3, "\6")
  .. elem(5, "\0\1\0\0") .. elem(4, "\1\2\3\4\5\6")
local FIXED = ("\1"):rep(8) .. le16(100)

local function mgmt_frames()
  local f = {
    mgmt(8, FIXED .. le16(0x11) .. SSID),                           -- beacon, ESS, privacy
    mgmt(8, FIXED .. le16(0x02) .. elem(1, "") .. elem(0, "") .. elem(1, "\x0c")),
    mgmt(8, FIXED .. le16(1) .. elem(0, ("x"):rep(33))),            -- SSID too long
    mgmt(8, FIXED .. le16(1) .. elem(1, ("\2"):rep(17))),           -- 17 rates
    mgmt(8, FIXED .. le16(1) .. elem(5, ("\0"):rep(255))),          -- TIM too long
    mgmt(8, FIXED .. le16(1) .. elem(0, "ab") .. "\0"),             -- an element cut
    mgmt(8, FIXED),                                                 -- no capability
    mgmt(4, elem(0, "probe") .. elem(1, "\x02\x04")),               -- probe request
    mgmt(4, ""),
    mgmt(5, FIXED .. le16(0x10) .. elem(0, "resp") .. elem(3, "\11") .. elem(3, "\1")),
    mgmt(0, le16(0x01) .. le16(10) .. elem(0, "assoc") .. elem(1, "\x96")),
    mgmt(1, le16(0x11) .. le16(0) .. le16(0xc001)),                 -- assoc response
    mgmt(1, le16(0x01) .. le16(200) .. le16(2)),                    -- status n/a
    mgmt(2, le16(1) .. le16(10) .. AP .. elem(0, "re")),            -- reassoc request
    mgmt(3, le16(1) .. le16(17) .. le16(3)),
    mgmt(11, le16(0) .. le16(1) .. le16(0)),                        -- authentication
    mgmt(11, le16(0) .. le16(2) .. le16(13)),
    mgmt(11, le16(1) .. le16(2) .. le16(0) .. elem(16, ("c"):rep(128))),
    mgmt(11, le16(1) .. le16(3) .. le16(15)),
    mgmt(11, le16(2) .. le16(4) .. le16(1)),
    mgmt(11, le16(7) .. le16(1) .. le16(300)),                      -- reserved, n/a
    mgmt(11, le16(0) .. le16(1)),                                   -- cut
    mgmt(12, le16(3)), mgmt(12, le16(99)), mgmt(12, ""),            -- deauthentication
    mgmt(10, le16(8)), mgmt(10, le16(67)), mgmt(10, "\1"),          -- disassociation
    mgmt(9, ""), mgmt(6, "abc"), mgmt(15, ""),                      -- ATIM, unhandled
    mgmt(12, "\1\2\3\4", 0x40), mgmt(12, "\1\2", 0x40),            -- protected
    mgmt(8, FIXED .. le16(1), 0x80),                                -- ordered
  }
  for _, a in ipairs({{0, 1}, {1, 3}, {2, 0}, {3, 0}, {3, 2}, {3, 9}, {7, 0}, {7, 1}, {7, 2},
      {13, 0}, {13, 10}, {13, 11}, {14, 1}, {14, 2}, {15, 0}, {15, 5}, {15, 6}, {127, 9},
      {99, 1}}) do
    f[#f + 1] = mgmt(13, string.char(a[1], a[2]) .. "\0\0")
  end
  f[#f + 1] = mgmt(13, "\3")
  return f
end

-- Every status code and reason code, by the frames that carry them.
local function code_frames()
  local f = {}
  for s = 0, 110 do f[#f + 1] = mgmt(1, le16(0) .. le16(s) .. le16(1)) end
  for r = 0, 68 do f[#f + 1] = mgmt(12, le16(r)) end
  return f
end

-- Control frames of SUBTYPE with BODY after the control field.
local function ctrl(subtype, body) return string.pack("BB", 0x04 | subtype << 4, 0) .. body end

local function ctrl_frames()
  return {
    ctrl(11, le16(44) .. AP .. STA),                                -- RTS
    ctrl(12, le16(30) .. STA), ctrl(13, le16(0) .. STA),            -- CTS, ACK
    ctrl(10, le16(0xc005) .. AP .. STA),                            -- PS-Poll
    ctrl(9, le16(0) .. AP .. STA .. "\5\0\0\0"),                    -- BA
    ctrl(8, le16(0) .. AP .. STA .. le16(0x0004) .. le16(0x1230)),  -- BAR
    ctrl(14, le16(0) .. BC .. AP), ctrl(15, le16(0) .. BC .. AP),   -- CF-End (+Ack)
    ctrl(7, le16(0) .. AP .. le16(0xd4) .. "\0\0\0\0"),             -- wrapper
    ctrl(3, le16(0) .. AP),                                         -- unknown subtype
    string.pack("BB", 0x0c, 0) .. "\0\0" .. AP,                     -- unknown type
  }
end

-- A UDP datagram in IPv4 behind LLC/SNAP.
local function snap_ip()
  local u = string.pack(">I2I2I2I2", 1234, 9999, 12, 0) .. "abcd"
  return "\xaa\xaa\3\0\0\0\8\0" .. string.pack(">BBI2I2I2BBI2", 0x45, 0, 20 + #u, 1, 0, 64, 17, 0)
    .. "\10\0\0\1\10\0\0\2" .. u
end

-- A data frame of SUBTYPE with the To/From DS bits DS.
local function data(subtype, ds, body, extra)
  local a4 = ds == 3 and mac(4) or ""
  local qos = subtype & 8 ~= 0 and le16(5) or ""
  return string.pack("BB", 0x08 | subtype << 4, ds | (extra or 0)) .. le16(48) .. BC .. STA .. AP
    .. le16(0x10) .. a4 .. qos .. body
end

-- A TCP segment (FLAGS, SEQ, ACK) in IPv4 behind LLC/SNAP, from A to B.
local function snap_tcp(a, b, sport, dport, flags, seq, ack, payload)
  local t = string.pack(">I2I2I4I4BBI2I2I2", sport, dport, seq, ack, 0x50, flags, 512, 0, 0) .. payload
  return "\xaa\xaa\3\0\0\0\8\0" .. string.pack(">BBI2I2I2BBI2", 0x45, 0, 20 + #t, 1, 0, 64, 6, 0)
    .. a .. b .. t
end

-- A TCP handshake and data over 802.11: relative sequence numbers.
local function tcp_frames()
  local a, b = "\10\0\0\1", "\10\0\0\2"
  return {
    data(0, 1, snap_tcp(a, b, 40000, 80, 0x02, 1000, 0, "")),
    data(8, 2, snap_tcp(b, a, 80, 40000, 0x12, 5000, 1001, "")),
    data(0, 1, snap_tcp(a, b, 40000, 80, 0x18, 1001, 5001, "GET /\r\n")),
    data(0, 3, snap_tcp(b, a, 80, 40000, 0x10, 5001, 1008, "")),
  }
end

local function data_frames()
  local ip = snap_ip()
  return {
    data(0, 0, ip), data(0, 1, ip), data(0, 2, ip), data(0, 3, ip, 0x08 | 0x10 | 0x20),
    data(8, 1, ip), data(1, 2, ip), data(2, 2, ip), data(3, 2, ip), data(11, 2, ip),
    data(4, 1, ""), data(12, 1, ""),                               -- null
    data(0, 1, "\1\2\3\4\5\6\7\8", 0x40), data(0, 1, "\1\2", 0x40), -- protected
    data(0, 1, "\x42\x42\3\0\0"),                                  -- LLC, STP too short
    data(0, 1, "\xf0\xf0\3abcdef"), data(0, 1, "\xaa\xaa\3\0\0\12\1\2abc"),
    data(0, 1, "\xe0"),                                            -- LLC cut
  }
end

-- Radiotap headers with each field, presence words and namespaces.
local function radio_headers()
  local b = mgmt(12, le16(1))
  return {
    radiotap({{0, "I8", 967750278}, {1, "B", 0x5f}, {2, "B", 0x85}, {3, "HH", 5180, 0x140},
      {4, "BB", 1, 2}, {5, "b", -45}, {6, "b", -107}, {7, "H", 100}, {8, "H", 3}, {9, "B", 4},
      {10, "b", -2}, {11, "B", 0}, {12, "B", 57}, {13, "B", 3}, {14, "H", 1}}) .. b .. "FCS!",
    radiotap({{2, "B", 108}, {3, "HH", 2437, 0x480}, {18, "IHBB", 0x100c0, 2437, 6, 20}}) .. b,
    radiotap({{3, "HH", 5200, 0x4140}}) .. b, radiotap({{3, "HH", 2412, 0x80c0 | 0x10}}) .. b,
    radiotap({{3, "HH", 2412, 0x880}}) .. b, radiotap({{18, "IHBB", 0x40140, 5745, 149, 0}}) .. b,
    radiotap({{3, "HH", 5745, 0x8140}}) .. b, radiotap({{18, "IHBB", 0x20140, 5180, 36, 0}}) .. b,
    radiotap({{19, "BBB", 0x3f, 0x35, 7}}) .. b, radiotap({{19, "BBB", 0x07, 0x01, 32}}) .. b,
    radiotap({{19, "BBB", 0x07, 0x00, 32}}) .. b, radiotap({{19, "BBB", 0x02, 0x00, 15}}) .. b,
    radiotap({{19, "BBB", 0x07, 0x06, 76}}) .. b, radiotap({{19, "BBB", 0x07, 0x02, 77}}) .. b,
    radiotap({{19, "BBB", 0x38, 0x58, 0}}) .. b, radiotap({{19, "BBB", 0x01, 0x03, 0}}) .. b,
    radiotap({{3, "HH", 5180, 0x140}, {19, "BBB", 0x07, 0x05, 45}}) .. b,
    radiotap({{20, "IHBB", 1, 2, 3, 0}, {21, "HBBBBBBBBH", 0x44, 0x04, 4, 0x92, 0, 0x31, 0, 2, 0, 0}}) .. b,
    radiotap({{21, "HBBBBBBBBH", 0x40, 0, 29, 0, 0, 0, 0, 0, 0, 0}}) .. b,
    radiotap({{21, "HBBBBBBBBH", 0x40, 0, 21, 0, 0, 0, 0, 0, 0, 0}}) .. b,
    radiotap({{1, "B", 0x20}}) .. mgmt(12, "\0\0" .. le16(2)),      -- data padding
    radiotap({{1, "B", 0x20}}) .. data(0, 1, "\0\0" .. snap_ip()),
    radiotap({{22, "B", 1}, {2, "B", 4}}) .. b,                     -- unknown bit
    radiotap({{2, "B", 4}}, {0x80000004, 0x00000004}) .. b,      -- extended: bit 34
    -- a vendor namespace (OUI 00:0c:41, 2 bytes to skip) between rates
    radiotap({}, {0xc0000004, 0xa0000000, 0x4}) .. "\4\0\x0c\x41\1\0" .. le16(2) .. "\xaa\xbb\x16" .. b,
    radiotap({}, {0x80000000}) .. b,                                -- words past the end
    string.pack("<BBI2I4", 0, 0, 6, 0) .. b,                        -- it_len too short
    string.pack("<BBI2I4", 0, 0, 200, 0) .. b,                      -- past the capture
    string.pack("<BBI2I4", 0, 0, 9, 1) .. "\0" .. b,               -- TSFT cut
    string.pack("<BBI2I4", 0, 0, 10, 0x40000000) .. "\0\0" .. b,    -- vendor header cut
    string.pack("<BBI2I4B", 0, 0, 9, 2, 0x10) .. "\3",             -- FCS longer than frame
  }
end

local function with(prefix, frames)
  local out = {}
  for i, f in ipairs(frames) do out[i] = prefix .. f end
  return out
end

function TestWifi:test_management_frames()
  local lines = oracle.check(with(rt_basic(), mgmt_frames()), SETS, CUTS, RADIO)
  lu.assertStrContains(lines[1], "1.0 Mb/s 2412 MHz 11b -57dBm signal -95dBm noise antenna 1 "
    .. "Beacon (lab^Anet) [1.0* 2.0* 5.5 11.0 Mbit] ESS CH: 6, PRIVACY")
  oracle.check(mgmt_frames(), SETS, CUTS, BARE)
end

function TestWifi:test_status_and_reason_codes()
  local lines = oracle.check(with(rt_basic(), code_frames()), {"-nn", "-nn -e"}, {"-nn"}, RADIO)
  lu.assertStrContains(lines[112], "DeAuthentication (00:0c:41:82:b2:3a): Reserved")
end

function TestWifi:test_control_frames()
  oracle.check(with(rt_basic(), ctrl_frames()), SETS, CUTS, RADIO)
  local lines = oracle.check(ctrl_frames(), SETS, CUTS, BARE)
  lu.assertStrContains(lines[1], "Request-To-Send TA:00:0c:41:82:b2:3a")
end

function TestWifi:test_data_frames()
  local fcs = {} -- the radiotap flags say each frame ends in its FCS
  for i, f in ipairs(data_frames()) do fcs[i] = f .. "FCS!" end
  local lines = oracle.check(with(rt_basic(0x10), fcs), SETS, CUTS, RADIO)
  lu.assertStrContains(lines[1], "IP 10.0.0.1.1234 > 10.0.0.2.9999: UDP, length 4")
  oracle.check(data_frames(), SETS, CUTS, BARE)
end

function TestWifi:test_tcp_relative_sequence_numbers()
  local lines = oracle.check(tcp_frames(), SETS, {"-nn"}, BARE)
  lu.assertStrContains(lines[3], "seq 1:8, ack 1, win 512, length 7")
  oracle.check(with(rt_basic(), tcp_frames()), SETS, {"-nn"}, RADIO)
  local tsft = radiotap({{0, "I8", 1}, {1, "B", 0x20}, {2, "B", 2}})
  local padded = {}
  for i, f in ipairs(tcp_frames()) do -- the body 4-aligned (radiotap's DATAPAD flag)
    local hl = (f:byte(2) & 3 == 3 and 30 or 24) + (f:byte(1) & 0x80 ~= 0 and 2 or 0)
    padded[i] = f:sub(1, hl) .. ("\0"):rep((4 - hl % 4) % 4) .. f:sub(hl + 1)
  end
  lines = oracle.check(with(tsft, padded), SETS, {"-nn"}, RADIO)
  lu.assertStrContains(lines[4], "Flags [.], ack 8, win 512, length 0")
end

function TestWifi:test_radiotap_fields()
  local lines = oracle.check(radio_headers(), SETS, CUTS, RADIO)
  lu.assertStrContains(lines[9], "150.0 Mb/s MCS 7 40 MHz short GI mixed LDPC FEC RX-STBC1 DeAuth")
end

-- Prism (link type 119) and AVS (163) headers: skipped, the frame after.
function TestWifi:test_prism_and_avs_headers()
  local prism = string.pack(">I4I4", 0x44, 144) .. ("\0"):rep(136)
  local avs = string.pack(">I4I4", 0x80211001, 64) .. ("\1"):rep(56)
  local frames = {mgmt(12, le16(3)), ctrl(13, le16(0) .. STA), data(0, 1, snap_ip())}
  local lines = oracle.check(with(prism, frames), SETS, CUTS, {linktype = 119, from = 1})
  lu.assertStrContains(lines[1], "DeAuthentication (00:0c:41:82:b2:3a): Deauthenticated because")
  local both = with(avs, frames)
  both[#both + 1] = string.pack(">I4I4", 0x80211002, 4) .. mgmt(12, le16(3))   -- too short a length
  oracle.check(both, SETS, CUTS, {linktype = 163, from = 1})
  oracle.check(both, SETS, CUTS, {linktype = 119, from = 1})            -- AVS by its cookie
  oracle.check(with(prism, tcp_frames()), SETS, {"-nn"}, {linktype = 119, from = 1})
  lines = oracle.check(with(avs, tcp_frames()), SETS, {"-nn"}, {linktype = 163, from = 1})
  lu.assertStrContains(lines[3], "seq 1:8, ack 1, win 512, length 7")
end

-- tcpdump's own 802.11 captures (BSD licence, from its tests/ folder):
-- a deauthentication with a reason, an association response with a
-- status code, beacons and data with radiotap's MCS and STBC fields.
function TestWifi:test_tcpdump_captures()
  for _, name in ipairs({"reason_code-3.pcap", "status_code-17.pcap", "ieee802.11_rx-stbc.pcap",
      "ieee802.11_exthdr.pcap"}) do
    oracle.same_as_tcpdump("spec/data/" .. name, SETS)
  end
end
