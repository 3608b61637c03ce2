-- spec/eap_spec.lua: EAPOL (802.1X, EtherType 0x888e) and the EAP
-- packets it carries print what the installed tcpdump prints, line for
-- line: every EAPOL type, and under -v each EAP code, the request and
-- response types (identity, notification, legacy NAK, TLS, TTLS and
-- FAST flags with and without a length, SIM and AKA subtypes, others
-- by name), the short ones tcpdump names, fragments whose lengths
-- disagree, under -nn, -nn -v, -nn -vv, -nn -e, -nn -X, and every
-- truncation.
local lu = require "luaunit"
local oracle = require "oracle"

TestEap = {}

local MAC_A, MAC_B = "\x01\x80\xc2\x00\x00\x03", "\x00\x04\x23\x57\xa5\x7a"

-- An EAPOL frame of TYPE carrying BODY (LEN: its length field).
local function eapol(type, body, len)
  return MAC_A .. MAC_B .. "\x88\x8e" .. string.pack(">BBI2", 1, type, len or #body) .. body
end

-- An EAP packet: CODE, ID and DATA (LEN: its length field).
local function eap(code, data, len)
  return string.pack(">BBI2", code, 7, len or 4 + #data) .. data
end

local function packet(code, data) return eapol(0, eap(code, data)) end

local function frames()
  return {
    eapol(1, ""), eapol(2, ""), eapol(3, ("k"):rep(20)), eapol(4, "ab"), eapol(9, ""),
    eapol(0, "", 0),                                   -- an EAP packet of no length
    packet(1, "\1"),                                   -- identity request
    packet(2, "\1user@example.org"),
    packet(2, "\1us\0er"), packet(2, "\1a\1\200b"),
    packet(1, "\2"), packet(1, "\2Hello there"),        -- notification
    packet(2, "\3"), packet(2, "\3\4\13\21\99"),        -- legacy NAK
    packet(1, "\13"), packet(1, "\13\32"), packet(1, "\13\224\0\0\4\0"), packet(1, "\13\128\0"),
    packet(2, "\21\1"), packet(2, "\21\130\0\0\1\0"),   -- TTLS
    packet(2, "\43\33"), packet(2, "\43\161\0\0\2\0"), packet(2, "\43\128"), -- FAST
    packet(1, "\18\10"), packet(2, "\18\11xyz"), packet(1, "\23\1"), packet(1, "\23\99"), packet(1, "\23"),
    packet(1, "\4\16" .. ("m"):rep(16)), packet(1, "\5"), packet(1, "\200"), packet(1, "\254"),
    packet(1, "\0"),
    packet(3, ""), packet(4, ""), packet(9, "zz"), packet(1, ""),
    eapol(0, eap(1, "\1abc", 12)),                     -- lengths disagree
    eapol(0, eap(1, "", 2), 2),                        -- shorter than its header
    eapol(0, eap(1, "\1abcdef"), 11) .. "",
  }
end

function TestEap:test_eapol_and_eap_under_every_option_set_and_cut()
  local lines = oracle.check(frames())
  lu.assertStrContains(lines[1], "EAPOL start (1) v1, len 0")
end

function TestEap:test_verbose_request_types()
  local lines = oracle.check({packet(2, "\1user@example.org")}, {"-nn -v"}, {})
  lu.assertEquals(lines[2], "\t\t Type Identity (1), Identity: user@example.org")
end
