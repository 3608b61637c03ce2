-- spec/msnlb_spec.lua: Microsoft's NLB heartbeat (EtherType 0x886f)
-- prints what the installed tcpdump prints, line for line: the host's
-- priority (little-endian), the cluster's and the host's addresses,
-- under -nn, -nn -v, -nn -e, -nn -X and every cut.
local lu = require "luaunit"
local helper = require "helper"
local oracle = require "oracle"

TestMsnlb = {}

local ip4 = helper.ip4_bytes

local function frame(prio, cluster, host)
  return "\255\255\255\255\255\255" .. "\2\2\192\168\100\80" .. "\x88\x6f" .. "\192\222\250\206\0\0\0\0"
    .. string.pack("<I4", prio) .. ip4(cluster) .. ip4(host) .. ("\0"):rep(20)
end

function TestMsnlb:test_msnlb_under_every_option_set_and_cut()
  local lines = oracle.check({frame(2, "192.168.100.80", "192.168.100.82"), frame(0x01020304, "10.0.0.1", "10.0.0.9")})
  lu.assertStrContains(lines[1], "MS NLB heartbeat, host priority: 2, cluster IP: 192.168.100.80, host IP: 192.168.100.82")
end
