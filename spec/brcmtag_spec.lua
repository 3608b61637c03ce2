-- spec/brcmtag_spec.lua: Broadcom's switch tags, in the frame (link
-- type 281) and before it (282), print what the installed tcpdump
-- prints, line for line: ingress tags (traffic class, tag enforcement,
-- time stamp, destination map) and egress ones (classification id,
-- every reason code, port), the frame after them (IPv4, a TCP
-- conversation's relative numbers, 802.1Q tags, unknown EtherTypes),
-- short frames, under -nn, -nn -v, -nn -vv, -nn -e, -nn -q, -nn -X,
-- and every truncation from the first byte on.
local lu = require "luaunit"
local helper = require "helper"
local oracle = require "oracle"

TestBrcmTag = {}

local SETS = {"-nn", "-nn -v", "-nn -vv", "-nn -e", "-nn -q", "-nn -e -q", "-nn -X", "-nn -e -v"}
local ip4 = helper.ip4_bytes
local MAC_A, MAC_B = "\x68\x05\xca\x18\x47\x70", "\x8a\x62\x38\x14\x5d\x0b"

local function ip(proto, body)
  return string.pack(">BBI2I2I2BBI2", 0x45, 0, 20 + #body, 1, 0x4000, 64, proto, 0) .. ip4("192.168.1.1")
    .. ip4("192.168.1.151") .. body
end

local function icmp() return ip(1, "\8\0\0\0\0\1\0\2" .. ("p"):rep(16)) end

local function tcp(seq, ack, flags, data)
  return ip(6, string.pack(">I2I2I4I4BBI2I2I2", 40000, 80, seq, ack, 0x50, flags, 1000, 0, 0) .. (data or ""))
end

local TAGS = {
  "\x20\x00\x00\x80", "\x20\x1f\x01\xff", "\x20\x8e\x00\x20", "\x60\x03\x00\x01",
  "\x00\x00\x20\x05", "\x00\x07\x01\xe3", "\x00\x01\x02\x00", "\x00\x02\x04\x1f",
  "\x00\x03\x08\x00", "\x00\x04\x10\x00", "\x00\x05\x03\x00", "\x00\x06\xc0\x00",
}

-- The payloads after the tag: type and body.
local function payloads()
  return {
    "\8\0" .. icmp(), "\8\0" .. tcp(1000, 0, 0x02), "\8\0" .. tcp(1001, 5000, 0x10),
    "\8\0" .. tcp(1001, 5000, 0x18, "hello"), "\x81\0\0\5\8\0" .. icmp(), "\x12\x34\1\2\3",
  }
end

local function frames(prepend)
  local f = {}
  local function add(tag, rest)
    f[#f + 1] = prepend and tag .. MAC_B .. MAC_A .. rest or MAC_B .. MAC_A .. tag .. rest
  end
  for _, t in ipairs(TAGS) do add(t, "\8\0" .. icmp()) end
  for _, p in ipairs(payloads()) do add(TAGS[1], p) end
  f[#f + 1] = prepend and "\0\0\0" or MAC_B .. MAC_A .. "\0\0\0"
  return f
end

function TestBrcmTag:test_tag_in_the_frame_under_every_option_set_and_cut()
  local lines = oracle.check(frames(false), SETS, nil, {linktype = 281, from = 0})
  lu.assertStrContains(lines[1], "BRCM tag OP: IG, TC: 0, TE: None, TS: 0, DST map: 0x0080, IP 192.168.1.1")
end

function TestBrcmTag:test_tag_before_the_frame_under_every_option_set_and_cut()
  local lines = oracle.check(frames(true), SETS, nil, {linktype = 282, from = 0})
  lu.assertStrContains(table.concat(lines, "\n"), "Flags [P.], seq 0:5, ack 1,")
end
