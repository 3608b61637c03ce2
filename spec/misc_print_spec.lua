-- spec/misc_print_spec.lua: three corners of printers tcpdump's test
-- captures found, each against the installed tcpdump under every option
-- set and truncation: RARP (EtherType 0x8035) through the ARP printer,
-- unknown hardware and protocol kinds and all (getname_2_read4_asan.pcap);
-- DNS names and questions of as many labels as the capture holds, with
-- no limit of netlab's own (dns-badlabel.pcap: 336 questions, names past
-- 255 characters); a TCP segment whose options walk stops at EOL before
-- its header's end was captured (beep-oobr.pcap: "[remaining caplen(24)
-- < header length(28)]").
local lu = require "luaunit"
local helper = require "helper"
local oracle = require "oracle"

TestMiscPrint = {}

local ip4 = helper.ip4_bytes

local function eth(type, body) return "\0\12\255\127\150\119\192\193\192\160\0\100" .. string.pack(">I2", type) .. body end

local function ip4udp(data, sport, dport)
  local u = string.pack(">I2I2I2I2", sport, dport, 8 + #data, 0) .. data
  return eth(0x0800, string.pack(">BBI2I2I2BBI2", 0x45, 0, 20 + #u, 1, 0, 64, 17, 0)
    .. ip4("10.0.0.1") .. ip4("10.0.0.2") .. u)
end

function TestMiscPrint:test_rarp_prints_as_arp_does()
  local rarp = "\0\1\8\0\6\4\0\3" .. "\2\0\0\0\0\1" .. ip4("0.0.0.0") .. "\2\0\0\0\0\1" .. ip4("0.0.0.0")
  local reply = "\0\1\8\0\6\4\0\4" .. "\2\0\0\0\0\2" .. ip4("10.0.0.2") .. "\2\0\0\0\0\1" .. ip4("10.0.0.1")
  local lines = oracle.check({
    eth(0x8035, rarp), eth(0x8035, reply), eth(0x8035, "\255\0\139\1\0\0\0\4"),
    eth(0x8035, "\0\1\8\0\0\4\0\1" .. ip4("10.0.0.1") .. ip4("10.0.0.2")),
  })
  lu.assertStrContains(lines[3], "ARP, Unknown Hardware (65280) (len 0), Unknown Protocol (0x8b01) (len 0), length 8")
end

function TestMiscPrint:test_dns_names_of_many_labels()
  local long = ("\1a"):rep(200) .. "\0"
  local q = {}
  for i = 1, 300 do q[#q + 1] = "\1q\0\0\1\0\1" end
  local many = ("\1a\3bcd"):rep(150)
  local lines = oracle.check({
    ip4udp("\1\2\129\128\0\1\0\0\0\0\0\0" .. long .. "\0\1\0\1", 53, 40000),
    ip4udp("\1\2\129\128" .. string.pack(">I2", 300) .. "\0\0\0\0\0\0" .. table.concat(q), 53, 40000),
    ip4udp("\1\2\1\0\0\1\0\0\0\0\0\0" .. many .. "\0\0\1\0\1", 40000, 53),
    ip4udp("\1\2\129\128\0\2\0\0\0\0\0\0" .. many .. "\192\12\0\1\0\1", 53, 40000),
  }, {"-nn", "-nn -v", "-nn -vv", "-nn -X"}, {"-nn", "-nn -vv"})
  lu.assertStrContains(lines[3], "258+ A? a.bcd.a.bcd.")
end

function TestMiscPrint:test_tcp_header_cut_after_an_eol_option()
  local function seg(extra, data)
    local t = string.pack(">I2I2I4I4BBI2I2I2", 10288, 12336, 1000, 2000, (5 + #extra // 4) << 4, 0x30, 100, 0, 7) .. extra .. data
    return eth(0x0800, string.pack(">BBI2I2I2BBI2", 0x45, 0, 20 + #t, 1, 0, 64, 6, 0) .. ip4("10.0.0.1") .. ip4("10.0.0.2") .. t)
  end
  local f = seg("\0\0\0\0\1\1\1\1", "MSG 0 1 . 0 10\r\n")
  local lines = oracle.check({f, seg("\1\1\1\0", "RPY 0 1")})
  lu.assertStrContains(lines[1], "options [eol], length 16")
  -- the capture ends inside the options, after the EOL that ends their walk
  local cut = oracle.pcap_file({{f:sub(1, 14 + 20 + 24), len = #f}})
  local want = oracle.same_as_tcpdump(cut, {"-nn", "-nn -v", "-nn -X"})
  lu.assertStrContains(want[1], "[remaining caplen(24) < header length(28)] [|tcp]")
end
