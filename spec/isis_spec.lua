-- spec/isis_spec.lua: IS-IS over 802.3/LLC (SAP 0xfe, NLPID 0x83)
-- prints what the installed tcpdump prints, line for line: the one
-- line of each PDU (LAN and point-to-point hellos, LSPs, CSNPs, PSNPs),
-- and under -v the headers (the LSP's checksum checked) and every TLV
-- tcpdump decodes: areas, neighbours, protocols, addresses, hostname,
-- authentication, LSP entries, restart signaling, the old and extended
-- IS and IP reachability with their sub-TLVs (traffic engineering,
-- GMPLS, segment routing), IPv6, multi-topology, router capability,
-- shortest path bridging's; malformed headers and TLVs as tcpdump
-- complains of them; under -nn, -nn -v, -nn -vv, -nn -e, -nn -X, and
-- every truncation.
local lu = require "luaunit"
local helper = require "helper"
local oracle = require "oracle"

TestIsis = {}

local SYS_A, SYS_B = "\x19\x21\x68\x00\x10\x01", "\x19\x21\x68\x00\x10\x02"

local function tlv(t, body) return string.char(t, #body) .. body end
local function u16(n) return string.pack(">I2", n) end
local function u32(n) return string.pack(">I4", n) end
local function f32(x) return string.pack(">f", x) end

-- An 802.3 frame to the IS-IS multicast address carrying PDU over LLC.
local function frame(pdu)
  return "\x01\x80\xc2\x00\x00\x14\x02\x00\x00\x00\x00\x01" .. u16(3 + #pdu) .. "\xfe\xfe\x03" .. pdu
end

local function common(fixed, ptype, over)
  over = over or {}
  return string.char(over.nlpid or 0x83, fixed, over.version or 1, over.idlen or 0, ptype,
    over.pdu_version or 1, 0, over.max_area or 0)
end

local function lan_iih(ptype, tlvs, pdu_len)
  return common(27, ptype) .. "\1" .. SYS_A .. u16(30) .. u16(pdu_len or 27 + #tlvs) .. "\64" .. SYS_B
    .. "\1" .. tlvs
end

local function p2p_iih(tlvs)
  return common(20, 17) .. "\3" .. SYS_A .. u16(9) .. u16(20 + #tlvs) .. "\1" .. tlvs
end

-- An LSP of TLVS; CKSUM "good" computes its checksum.
local function lsp(ptype, tlvs, cksum, typeblock)
  local function build(ck)
    return common(27, ptype) .. u16(27 + #tlvs) .. u16(1199) .. SYS_A .. "\0\0" .. u32(0x1234)
      .. u16(ck) .. string.char(typeblock or 3) .. tlvs
  end
  if cksum == "good" then cksum = helper.osi_fletcher(build(0):sub(13), 12) end
  return build(cksum or 0)
end

local function csnp(tlvs)
  return common(33, 25) .. u16(33 + #tlvs) .. SYS_A .. "\0" .. ("\0"):rep(8) .. ("\255"):rep(8) .. tlvs
end

local function psnp(tlvs) return common(17, 26) .. u16(17 + #tlvs) .. SYS_B .. "\0" .. tlvs end

local function lsp_entry(seq) return u16(1100) .. SYS_B .. "\0\0" .. u32(seq) .. u16(0xabcd) end

-- An extended IS reachability entry with sub-TLVs SUBS.
local function ext_is(subs, metric) return SYS_B .. "\1" .. string.pack(">I3", metric or 10) .. string.char(#subs) .. subs end

local function isis_frames()
  local hello_tlvs = tlv(129, "\xcc\x8e") .. tlv(1, "\3\x49\0\x0a" .. "\1\x39")
    .. tlv(132, "\10\0\10\2") .. tlv(211, "\3\0\30" .. SYS_B) .. tlv(6, "\2\0\0\0\0\2" .. "\2\0\0\0\0\3")
    .. tlv(232, "\xfe\x80" .. ("\0"):rep(13) .. "\1") .. tlv(7, "\0\5\0\1\0\2") .. tlv(241, u32(77))
    .. tlv(229, "\0\0\x80\2\x40\x03") .. tlv(10, "\1secret") .. tlv(8, ("\0"):rep(20))
  local te = tlv(3, u32(0xff)) .. tlv(4, u32(1) .. u32(2)) .. tlv(6, "\10\0\0\1") .. tlv(8, "\10\0\0\2")
    .. tlv(9, f32(1.25e7)) .. tlv(10, f32(1e6)) .. tlv(11, f32(1e6):rep(8)) .. tlv(18, "\0\0\20")
    .. tlv(19, "\0\3") .. tlv(20, "\8\2") .. tlv(22, "\1" .. f32(5e5):rep(2))
    .. tlv(21, "\1\2\0\0" .. f32(2e6):rep(8) .. f32(1e3) .. "\5\220")
    .. tlv(29, "\0\0\5\1\0\9") .. tlv(32, "\x30\1" .. SYS_B .. "\0\0\99") .. tlv(250, "xy")
  local reach = tlv(22, ext_is(te)) .. tlv(22, ext_is("") .. ext_is(tlv(12, ""))) .. tlv(24, SYS_B .. "\1\0")
    .. tlv(222, "\0\2" .. ext_is(tlv(18, "\0\0\1")))
  local ip = tlv(135, u32(10) .. "\24\10\1\2" .. u32(20) .. "\x60\10\9\9\9" .. "\24" .. tlv(1, u32(7))
    .. tlv(2, u32(1) .. u32(2)) .. tlv(3, "\x40\0" .. u32(100)) .. u32(1) .. "\0")
    .. tlv(235, "\0\2" .. u32(30) .. "\x98\10")
    .. tlv(236, u32(5) .. "\0\64\x20\1\x0d\xb8\0\0\0\1" .. u32(6) .. "\x60\48\x20\1\x0d\xb8\0\2" .. "\8"
      .. tlv(3, "\x08\1\0\0\16" .. "\0") .. tlv(117, u32(3)))
    .. tlv(237, "\0\2" .. u32(7) .. "\x40\0")
    .. tlv(128, "\10\x80\x80\x80\10\1\0\0\255\255\0\0" .. "\x4a\5\x40\x80\10\2\0\0\255\0\255\0")
    .. tlv(130, "\x8a\x80\x80\x80\192\168\0\0\255\255\255\0")
  local lsp_tlvs = tlv(1, "\3\x49\0\1") .. tlv(129, "\xcc\x81\x99") .. tlv(137, "router-a\1")
    .. tlv(134, "\10\0\0\9") .. tlv(2, "\0" .. "\10\x80\x20\x81" .. SYS_B .. "\0" .. "\x4a\x80\x80\x80" .. SYS_B .. "\1")
    .. tlv(3, "\5\x80\x80\x80" .. SYS_B) .. tlv(4, SYS_B) .. tlv(5, "\1\x80\x80\x80" .. "\6\x49\0\1" .. "\1")
    .. tlv(14, u16(1492)) .. tlv(131, "\2\0\100") .. tlv(131, "\1ab") .. tlv(131, "\9")
    .. tlv(138, SYS_B .. "\0\1" .. "\10\0\0\1\10\0\0\2" .. u32(9) .. u32(10))
    .. tlv(242, "\10\0\0\9\3" .. tlv(2, "\xc0\0\0\100" .. "\1\3\0\0\16" .. "\1\4\0\0\0\17") .. tlv(9, "zz"))
    .. tlv(242, "\1\2") .. tlv(250, "\0\0\12abc") .. tlv(99, "?!")
    .. tlv(13, "\2" .. SYS_A .. SYS_B .. "\0") .. tlv(13, "\0") .. tlv(12, "\0\0")
    .. tlv(10, "\54" .. ("\17"):rep(16)) .. tlv(10, "\54\1\2") .. tlv(10, "\3\0\9\1\2\3") .. tlv(10, "\255ab")
    .. tlv(10, "\7x") .. tlv(240, "\0" .. u32(5) .. SYS_B .. u32(6)) .. tlv(240, "\2")
  local spb = tlv(143, "\0\1" .. tlv(4, ("\0" .. "spb-region" .. ("\0"):rep(22) .. "\0\1" .. ("\5"):rep(16)):rep(2))
      .. tlv(5, "\x35" .. ("\1\2\3\4"):rep(8)) .. tlv(6, u32(0x0080c201) .. "\0\x1c" .. u32(0x0080c202) .. "\0\x2c")
      .. tlv(9, "q"))
    .. tlv(144, "\x80\1" .. tlv(1, ("\1"):rep(8) .. u32(0) .. "\x80\0" .. "\0\x10\0\7" .. "\2"
      .. "\x80" .. u32(0x0080c201) .. "\0\x10\x14" .. "\x40" .. u32(0x0080c202) .. "\0\x20\x28")
      .. tlv(3, "\2\0\0\0\0\1\0\x0a" .. u32(0x80000064) .. u32(0x400000c8)))
  return {
    frame(lan_iih(15, hello_tlvs)),
    frame(lan_iih(16, tlv(129, "\xcc") .. tlv(8, ""), 100)),
    frame(p2p_iih(tlv(240, "\1" .. u32(0x101)) .. tlv(129, "\xcc") .. tlv(132, "\1\2\3\4\5\6\7\8"))),
    frame(lsp(20, lsp_tlvs, "good")),
    frame(lsp(18, reach, "good", 0xff)),
    frame(lsp(20, ip, 0x1234, 0x0c)),
    frame(lsp(20, spb, 0)),
    frame(csnp(tlv(9, lsp_entry(1) .. lsp_entry(2)) .. tlv(9, lsp_entry(3)))),
    frame(psnp(tlv(9, lsp_entry(4)))),
    frame(common(17, 27) .. u16(17) .. SYS_B .. "\0"),
  }
end

-- PDUs tcpdump finds fault with: versions, lengths, types, TLVs.
local function bad_frames()
  local ok = lan_iih(15, "")
  return {
    frame(common(27, 15, {version = 2}) .. ok:sub(9)),
    frame(common(27, 15, {idlen = 4}) .. ok:sub(9)),
    frame(common(27, 15, {pdu_version = 3}) .. ok:sub(9)),
    frame(common(27, 15, {max_area = 255}) .. ok:sub(9)),
    frame(common(4, 15) .. ok:sub(9)),
    frame(common(200, 15) .. ok:sub(9)),
    frame(common(28, 15) .. ok:sub(9)),
    frame(common(20, 20) .. ("\0"):rep(30)),
    frame(common(20, 27) .. ("\0"):rep(30)),
    frame(common(8, 99) .. "\1\2\3\4"),
    frame(lan_iih(15, tlv(129, "\xcc"), 20)),
    frame(lsp(20, tlv(22, ext_is(tlv(3, "\1\2\3\4\5"), 1):sub(1, 11) .. "\200" .. tlv(3, "\1\2")), 5)),
    frame(lsp(20, tlv(22, SYS_B .. "\0\0\0\1\2\9\9") .. tlv(22, SYS_B .. "\0\0\0\1\9" .. tlv(3, "\1\2\3\4\5\6\7"))
      .. tlv(22, SYS_B .. "\0" .. "\0\0\1\1\9"))),
    frame(lsp(20, tlv(135, u32(1) .. "\40\1\1\1\1\1") .. tlv(236, u32(1) .. "\0\200"))),
    frame(lsp(20, tlv(135, u32(1) .. "\x48\10" .. "\4" .. tlv(3, "\8\0\1\2")) .. tlv(128, "\1\2\3"))),
    frame(lsp(20, tlv(1, "\9\1") .. tlv(7, "\0") .. tlv(229, "\0\0\1") .. tlv(242, "\1\2\3\4"))),
    frame("\0"),
    frame("\x99\1\2\3"),
    frame("\x83"),
  }
end

function TestIsis:test_isis_pdus_under_every_option_set_and_cut()
  local lines = oracle.check(isis_frames())
  lu.assertStrContains(lines[1], "IS-IS, L1 Lan IIH, src-id 1921.6800.1001, lan-id 1921.6800.1002.01, prio 64")
end

function TestIsis:test_malformed_isis_as_tcpdump_complains()
  local lines = oracle.check(bad_frames())
  lu.assertStrContains(lines[1], "IS-ISversion 2 packet not supported")
end
