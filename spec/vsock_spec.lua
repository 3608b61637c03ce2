-- spec/vsock_spec.lua: the Linux vsock monitor's frames (DLT_VSOCK 271)
-- print what the installed tcpdump prints, line for line: transport,
-- addresses, operation and captured length, -v the virtio header
-- (type, operation, flags, credit), -vv a payload in hex; unknown
-- transports and operations, headers cut short, under -nn, -nn -v,
-- -nn -vv, -nn -e, -nn -X and every cut.
local lu = require "luaunit"
local helper = require "helper"
local oracle = require "oracle"

TestVsock = {}

-- A pcap file of link type 271 holding RECORDS ({data, len =}).
local function pcap(records)
  local out = {string.pack("<I4I2I2i4I4I4I4", 0xa1b2c3d4, 2, 4, 0, 0, 262144, 271)}
  for i, r in ipairs(records) do
    out[#out + 1] = string.pack("<I4I4I4I4", 1700000000 + i, i, #r[1], r.len or #r[1]) .. r[1]
  end
  local path = helper.tmpname(".pcap")
  local f = assert(io.open(path, "wb"))
  f:write(table.concat(out))
  f:close()
  return path
end

local function mon(op, transport, scid, sport, dcid, dport)
  return string.pack("<I8I8I4I4I2I2I2I2", scid or 3, dcid or 2, sport or 1024, dport or 1234, op, transport, 44, 0)
end
local function virtio(len, typ, op, credit)
  return string.pack("<I8I8I4I4I4I2I2I4I4I4", 3, 2, 1024, 1234, len, typ, op, 0, 262144, credit or 0)
end

local function frames()
  return {
    mon(1, 2) .. virtio(0, 1, 1),
    mon(4, 2) .. virtio(6, 1, 5) .. "Hello\n",
    mon(3, 2, 2, 1234, 3, 1024) .. virtio(0, 1, 6, 6),
    mon(2, 2) .. virtio(0, 7, 9),
    mon(4, 2) .. virtio(0, 1, 5),
    mon(4, 1) .. "rawdata",
    mon(9, 0, 0xffffffffffffffff, 7, 1 << 40, 8),
    mon(1, 5),
    mon(4, 2) .. "short",
  }
end

function TestVsock:test_vsock_under_every_option_set_and_cut()
  local sets = {"-nn", "-nn -v", "-nn -vv", "-nn -e", "-nn -X", "-nn -vv -X"}
  local recs = {}
  for _, f in ipairs(frames()) do recs[#recs + 1] = {f} end
  recs[#recs + 1] = {("\0"):rep(31)}
  recs[#recs + 1] = {""}
  local lines = oracle.same_as_tcpdump(pcap(recs), sets)
  lu.assertStrContains(lines[1], "VIRTIO 3.1024 > 2.1234 CONNECT, length 76")
  local cuts = {}
  for _, f in ipairs(frames()) do
    for n = 1, #f - 1 do cuts[#cuts + 1] = {f:sub(1, n), len = #f} end
  end
  oracle.same_as_tcpdump(pcap(cuts), sets)
end
