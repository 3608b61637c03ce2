-- spec/bcm_li_spec.lua: Broadcom's lawful intercept shim (UDP from port
-- 49152) prints what the installed tcpdump prints, line for line: every
-- direction, packet type and subtype, the packets it carries under -v
-- (IPv4, IPv6, Ethernet, undecided ones by their version nibble,
-- neither), unknown types, short shims, under -nn, -nn -v, -nn -vv,
-- -nn -e, -nn -X, and every truncation.
local lu = require "luaunit"
local helper = require "helper"
local oracle = require "oracle"

TestBcmLi = {}

local ip4 = helper.ip4_bytes
local MAC_A, MAC_B = "\x00\x0c\x29\xde\xa6\x48", "\xb8\x6a\x97\xa5\x8f\x01"

local function udp4(sport, dport, data)
  local u = string.pack(">I2I2I2I2", sport, dport, 8 + #data, 0) .. data
  return MAC_A .. MAC_B .. "\8\0" .. string.pack(">BBI2I2I2BBI2", 0x45, 0, 20 + #u, 1, 0, 59, 17, 0)
    .. ip4("217.89.30.176") .. ip4("217.89.29.22") .. u
end

-- A shim: DIRECTION, packet TYPE, SUBTYPE and intercept ID.
local function shim(dir, type, sub, id)
  return string.pack(">I4", dir << 29 | type << 25 | sub << 22 | id)
end

local function inner_ip4()
  local icmp = "\8\0\0\0\0\1\0\2" .. ("p"):rep(8)
  return string.pack(">BBI2I2I2BBI2", 0x45, 0, 20 + #icmp, 7, 0, 64, 1, 0) .. ip4("10.1.1.1") .. ip4("10.1.1.2")
    .. icmp
end

local function inner_ip6()
  local udp = string.pack(">I2I2I2I2", 1234, 53, 8, 0)
  return string.pack(">I4I2BB", 0x60000000, #udp, 17, 64) .. ("\0"):rep(15) .. "\1" .. ("\0"):rep(15) .. "\2" .. udp
end

local function frames()
  local f = {
    udp4(49152, 49153, shim(3, 5, 1, 66666) .. inner_ip4()),
    udp4(49152, 49153, shim(2, 6, 2, 1) .. inner_ip6()),
    udp4(49152, 49153, shim(2, 7, 3, 0x3fffff) .. MAC_B .. MAC_A .. "\8\0" .. inner_ip4()),
    udp4(49152, 49153, shim(3, 4, 2, 66666) .. inner_ip4()),
    udp4(49152, 49153, shim(3, 4, 2, 66666) .. inner_ip6()),
    udp4(49152, 49153, shim(3, 4, 2, 66666) .. "\x12\x34\x56"),
    udp4(49152, 49153, shim(1, 9, 0, 5) .. "\1\2"),       -- unknown type
    udp4(49152, 49153, shim(0, 3, 7, 5) .. "\1\2"),
    udp4(49152, 49153, "\1\2\3"),                          -- short shim
    udp4(49153, 49152, shim(3, 5, 1, 66666) .. inner_ip4()), -- to the port: not the shim
  }
  return f
end

function TestBcmLi:test_bcm_li_under_every_option_set_and_cut()
  local lines = oracle.check(frames())
  lu.assertStrContains(lines[1], "BCM-LI-SHIM: direction ingress, pkt-type ipv4, pkt-subtype single VLAN tag, li-id 66666")
end
