-- spec/examples_spec.lua: the examples of examples/ run as they say.
-- vpn.lua, a VPN in about 40 lines: the ping from gateway a to b's
-- private network goes through a's TUN and comes back.
local lu = require "luaunit"
local helper = require "helper"

TestExamples = {}

function TestExamples:test_vpn_carries_a_ping_through_its_tunnel_in_about_40_lines()
  local out, err, code = helper.run(helper.bin .. " examples/vpn.lua", 30)
  lu.assertEquals(code, 0, err)
  lu.assertStrContains(out, "directly connected on tun0\n")
  lu.assertStrContains(out, "3 packets transmitted, 3 received, 0% packet loss")
  local lines = 0
  for _ in io.lines("examples/vpn.lua") do lines = lines + 1 end
  lu.assertTrue(lines <= 45, lines .. " lines")
end
