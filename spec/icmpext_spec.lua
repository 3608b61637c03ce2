-- spec/icmpext_spec.lua: under -v, an ICMP error's RFC 4884 multi-part
-- extension after the quoted datagram (version, checksum, MPLS label
-- stack entries, other objects in hex, versions tcpdump does not
-- support, a missing length with a bad checksum), and a message too
-- short for its checksum field, print as the installed tcpdump prints
-- them, under -nn, -nn -v, -nn -vv, -nn -e, -nn -X and every truncation.
local lu = require "luaunit"
local helper = require "helper"
local oracle = require "oracle"

TestIcmpExt = {}

local ip4 = helper.ip4_bytes
local MAC_A, MAC_B = "\x02\x00\x00\x00\x00\x01", "\x02\x00\x00\x00\x00\x02"

local function cksum(s)
  if #s % 2 == 1 then s = s .. "\0" end
  local sum = 0
  for i = 1, #s, 2 do sum = sum + string.unpack(">I2", s, i) end
  while sum > 0xffff do sum = (sum & 0xffff) + (sum >> 16) end
  return ~sum & 0xffff
end

local function ipv4(proto, src, dst, payload)
  local h = string.pack(">BBI2I2I2BBI2", 0x45, 0, 20 + #payload, 7, 0, 64, proto, 0) .. ip4(src) .. ip4(dst)
  return h:sub(1, 10) .. string.pack(">I2", cksum(h)) .. h:sub(13) .. payload
end

local function frame(icmp)
  return MAC_B .. MAC_A .. "\8\0" .. ipv4(1, "10.0.0.9", "10.0.0.1", icmp)
end

-- The quoted datagram: a UDP probe padded to 128 bytes.
local quoted = ipv4(17, "10.0.0.1", "192.0.2.7", string.pack(">I2I2I2I2", 40000, 33434, 8, 0)):sub(1, 28)
  .. ("\0"):rep(100)

-- An extension: VERSION, its objects; SUM: the checksum right or not.
local function ext(version, objects, bad)
  local h = string.pack(">BBI2", version << 4, 0, 0) .. objects
  local s = cksum(h)
  return h:sub(1, 2) .. string.pack(">I2", bad and s ~ 1 or s) .. h:sub(5)
end

local function object(class, ctype, body)
  return string.pack(">I2BB", 4 + #body, class, ctype) .. body
end

-- An ICMP TYPE (code 0) with LENGTH (words) and BODY, checksum right.
local function icmp(type, length, body)
  local m = string.pack(">BBI2BBI2", type, 0, 0, 0, length, 0) .. body
  return m:sub(1, 2) .. string.pack(">I2", cksum(m)) .. m:sub(5)
end

local function frames()
  local label = string.pack(">I4", 16 << 12 | 3 << 9 | 1 << 8 | 1)
  return {
    frame(icmp(11, 32, quoted .. ext(2, object(1, 1, label) .. object(1, 1, string.pack(">I4", 999 << 12 | 254))))),
    frame(icmp(3, 32, quoted .. ext(2, object(2, 5, "ifname12") .. object(9, 1, "ab")))),
    frame(icmp(12, 32, quoted .. ext(1, object(1, 1, label)))),
    frame(icmp(11, 0, quoted .. ext(2, object(1, 1, label), true))),            -- no length, bad sum
    frame(icmp(11, 0, quoted .. ext(2, object(1, 1, label)))),                  -- no length, good sum
    frame(icmp(11, 32, quoted .. ext(2, object(1, 2, label .. label), true))),  -- incorrect
    frame(icmp(11, 32, quoted .. ext(2, object(0, 1, label)))),                 -- class 0 stops
    frame(icmp(11, 32, quoted .. ext(2, object(1, 1, "") .. string.pack(">I2BB", 2, 1, 1)))),
    frame(icmp(11, 32, quoted .. "\32\0")),                                     -- under 141 bytes
    frame(icmp(0, 0, quoted .. ext(2, object(1, 1, label)))),                   -- an echo reply
    frame(string.pack(">BBB", 49, 0, 1)),                                       -- 3 bytes, bad sum
  }
end

function TestIcmpExt:test_multi_part_extensions_and_short_messages()
  local lines = oracle.check(frames(), {"-nn", "-nn -v", "-nn -vv", "-nn -e", "-nn -X"})
  lu.assertStrContains(lines[1], "ICMP time exceeded in-transit, length 156")
end

function TestIcmpExt:test_mpls_label_entries_under_v()
  local f = oracle.pcap_file(oracle.records({frames()[1]}))
  local text = helper.run(("./netlab -e %q"):format(("netlab.tcpdump(%q, '-nn -v')"):format(f)))
  lu.assertStrContains(text, "ICMP Multi-Part extension v2, checksum 0x")
  lu.assertStrContains(text, "MPLS Stack Entry Object (1), Class-Type: 1, length 8\n\t    label 16, tc 3, [S], ttl 1")
end
