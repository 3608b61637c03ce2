-- spec/dhcp6_spec.lua: DHCPv6 (UDP 546, 547) prints as the installed
-- tcpdump prints it: the message type, and under -v the transaction id
-- or a relay's addresses with the message it relays, then every option
-- (DUIDs, identity associations with their addresses and prefixes,
-- option lists, numbers, status codes, addresses, name lists,
-- authentication, NTP servers, AFTR names, MUD URLs, lease queries),
-- bad lengths and options cut short, under -nn, -nn -v, -nn -vv, -nn -e,
-- -nn -X and every truncation.
local lu = require "luaunit"
local helper = require "helper"
local oracle = require "oracle"

TestDhcp6 = {}

local ip6 = helper.ip6_bytes
local MAC_A, MAC_B = "\x02\x00\x00\x00\x00\x01", "\x02\x00\x00\x00\x00\x02"

-- An Ethernet frame: IPv6, UDP from SPORT to DPORT (no checksum), DATA.
local function udp6(data, sport, dport)
  local u = string.pack(">I2I2I2I2", sport or 546, dport or 547, 8 + #data, 0) .. data
  return MAC_B .. MAC_A .. "\x86\xdd" .. string.pack(">I4I2BB", 0x60000000, #u, 17, 1)
    .. ip6("fe80::1") .. ip6("ff02::1:2") .. u
end

local function opt(t, data) return string.pack(">I2I2", t, #data) .. data end

local function msg(type, ...) return string.pack(">I4", type << 24 | 0x123456) .. table.concat({...}) end

local function dname(s)
  local out = {}
  for label in s:gmatch("[^.]+") do out[#out + 1] = string.char(#label) .. label end
  return table.concat(out) .. "\0"
end

local function frames()
  local duid1 = opt(1, string.pack(">I2I2I4", 1, 1, 701530515) .. "\0\1\1\0\0\0")
  local iaaddr = opt(5, ip6("2001:db8::4") .. string.pack(">I4I4", 18000, 28800) .. opt(13, "\0\0ok"))
  local prefix = opt(26, string.pack(">I4I4B", 7200, 7500, 56) .. ip6("2001:db8:100::"))
  local auth = opt(11, string.pack(">BBBI8", 3, 1, 0, 7) .. "\1" .. ("k"):rep(16))
  local auth2 = opt(11, string.pack(">BBBI8", 2, 1, 0, 7) .. "realm" .. string.pack(">I4", 9) .. ("h"):rep(16))
  local f = {
    udp6(msg(1, duid1, opt(8, "\0\0"), opt(6, "\0\23\0\24\0\56\0\144"), opt(3, string.pack(">I4I4I4", 1, 0, 0)))),
    udp6(msg(2, opt(2, string.pack(">I2", 2) .. ("\9"):rep(12)), opt(3, string.pack(">I4I4I4", 5, 100, 200) .. iaaddr),
      opt(7, "\255"), opt(14, "")), 547, 546),
    udp6(msg(3, opt(1, string.pack(">I2I2", 3, 1) .. MAC_A), opt(4, string.pack(">I4", 9) .. iaaddr),
      opt(25, string.pack(">I4I4I4", 1, 2, 3) .. prefix))),
    udp6(msg(7, opt(23, ip6("2001:db8::53") .. ip6("2001:db8::54")), opt(24, dname("example.com") .. dname("lab.test")),
      opt(21, dname("sip.example")), opt(13, "\0\6none"), opt(13, "\1\0"), opt(13, "\0\77")), 547, 546),
    udp6(msg(7, opt(56, opt(1, ip6("2001:db8::123")) .. opt(3, dname("ntp.example")) .. opt(9, "x")),
      opt(64, dname("aftr.example.net")), opt(112, "https://mud.example/x"), opt(32, "\0\0\14\16")), 547, 546),
    udp6(msg(10, opt(19, "\5"), opt(19, "\11"), opt(19, "\7"), auth, auth2, opt(20, ""))),
    udp6(msg(11, opt(18, "interface-identity"), opt(38, "sub"), opt(37, "\0\0\0\9remote-id-bytes"),
      opt(47, ip6("2001:db8::7") .. "relaydata"), opt(200, "unknown"))),
    udp6(msg(14, opt(44, "\1" .. ip6("2001:db8::9") .. duid1), opt(45, duid1 .. opt(46, "\0\0\0\60")),
      opt(48, ip6("fe80::9")))),
    -- bad lengths
    udp6(msg(1, opt(1, "\0"), opt(1, "\0\1\0"), opt(2, "\0\2\0"), opt(1, "\0\3\0"), opt(1, "\0\9xx"), opt(5, "short"),
      opt(6, "\0\1\0"), opt(7, "\1\2"), opt(8, "\1"), opt(13, "\0"), opt(23, "abc"), opt(3, "ia"), opt(4, "ia"),
      opt(26, "p"), opt(32, "\1"), opt(64, "\1"), opt(112, "url"), opt(56, "\0"), opt(11, "a"), opt(37, "r"),
      opt(44, "q"), opt(19, "\5\5"))),
    udp6(msg(1, opt(64, "\9abc\0"), opt(24, "\2ab\0"), opt(56, string.pack(">I2I2", 1, 3) .. "abc"))),
    udp6(msg(1, opt(1, "\0\1"), string.pack(">I2I2", 6, 40) .. "\0\1")),       -- an option past the end
    udp6(msg(1, "\0")),                                                          -- a header cut short
    udp6("\1\2"),                                                                -- no transaction id
    udp6(msg(99)),                                                               -- an unknown type
  }
  local relayed = msg(1, duid1, opt(8, "\0\0"))
  f[#f + 1] = udp6(string.pack(">BB", 12, 0) .. ip6("2001:db8:1::1") .. ip6("fe80::9") .. opt(9, relayed)
    .. opt(18, "eth0"), 547, 547)
  f[#f + 1] = udp6(string.pack(">BB", 13, 0) .. ip6("2001:db8:1::1"), 547, 547)
  return f
end

function TestDhcp6:test_messages_and_options_print_as_tcpdump_prints_them()
  local lines = oracle.check(frames(), {"-nn", "-nn -v", "-nn -vv", "-nn -e", "-nn -X"})
  lu.assertStrContains(lines[1], "fe80::1.546 > ff02::1:2.547: dhcp6 solicit")
end

function TestDhcp6:test_v_prints_the_options()
  local f = oracle.pcap_file(oracle.records({frames()[1]}))
  local text = helper.run(("./netlab -e %q"):format(("netlab.tcpdump(%q, '-nn -v')"):format(f)))
  lu.assertStrContains(text, "dhcp6 solicit (xid=123456 (client-ID hwaddr/time type 1 time 701530515 000101000000)"
    .. " (elapsed-time 0) (option-request DNS-server DNS-search-list NTP-server opt_144) (IA_NA IAID:1 T1:0 T2:0))")
end
