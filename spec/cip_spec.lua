-- spec/cip_spec.lua: Linux's Classical IP over ATM (link type 106,
-- DLT_ATM_CLIP) prints what the installed tcpdump prints, line for line:
-- the length under -e, LLC/SNAP frames (IPv4, ARP, IPv6 by their
-- EtherType, others' bytes in hex), frames without the LLC header as
-- IPv4, frames shorter than the 6 bytes it compares, under -nn, -nn -v,
-- -nn -vv, -nn -e, -nn -X, and every truncation. The corpus file
-- heap-overflow-2.pcap carries one cut short.
local lu = require "luaunit"
local helper = require "helper"
local oracle = require "oracle"

TestCip = {}

local ip4 = helper.ip4_bytes

local function ipv4(proto, body)
  return string.pack(">BBI2I2I2BBI2", 0x45, 0, 20 + #body, 1, 0, 64, proto, 0) .. ip4("10.0.0.1") .. ip4("10.0.0.2") .. body
end

function TestCip:test_cip_under_every_option_set_and_cut()
  local udp = string.pack(">I2I2I2I2", 40000, 9, 12, 0) .. "abcd"
  local snap = "\170\170\3\0\0\0"
  local lines = oracle.check({
    snap .. "\8\0" .. ipv4(17, udp),
    snap .. "\8\6" .. "\0\1\8\0\6\4\0\1" .. "\2\0\0\0\0\1" .. ip4("10.0.0.1") .. ("\0"):rep(6) .. ip4("10.0.0.2"),
    snap .. "\136\181" .. "what is this",
    "\170\170\3\0\0\12\32\0" .. "cdp?",
    ipv4(17, udp),
    "\66\66\3" .. "stp-ish",
  }, nil, nil, {linktype = 106, from = 0})
  lu.assertStrContains(lines[1], "IP 10.0.0.1.40000 > 10.0.0.2.9: UDP, length 4")
end
