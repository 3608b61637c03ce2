-- spec/tunnel_spec.lua: tunnel links (lab:tunnel, scripts/netlab/lab_tunnel.lua,
-- core/net/tunnel.c): a VXLAN tunnel between two sites across a router
-- carries the inner packets, its outer addresses come from the routes or
-- the script, its MTU is the underlay's less the outer headers (ifaces
-- shows it), the underlay capture prints as tcpdump prints it; a kind the
-- kernel lacks names its kernel option; bad options, addresses, VNIs and
-- ports raise clear errors and leave no interface behind.
local lu = require "luaunit"
local helper = require "helper"

TestTunnel = {}

-- Two sites across router r: a 10.0.1.1 - r - 10.0.2.2 b, default routes
-- via r; UNDERLAY_MTU on both of a's and b's links if given.
local function sites(underlay_mtu)
  local lab = netlab.lab()
  local a, r, b = assert(lab:host "a"), assert(lab:router "r"), assert(lab:host "b")
  assert(lab:link(a, r, "10.0.1.1/24", "10.0.1.254/24"))
  assert(lab:link(r, b, "10.0.2.254/24", "10.0.2.2/24"))
  assert(a:route_add("default", {via = "10.0.1.254"}))
  assert(b:route_add("default", {via = "10.0.2.254"}))
  if underlay_mtu then
    assert(a:link_set("eth0", {mtu = underlay_mtu}))
    assert(b:link_set("eth0", {mtu = underlay_mtu}))
  end
  return lab, a, r, b
end

-- The row of interface NAME in host H's ifaces(), or nil.
local function iface(h, name)
  for _, row in ipairs(assert(h:ifaces())) do
    if row.name == name then return row end
  end
  return nil
end

-- The names of H's interfaces, sorted, joined by spaces.
local function ifnames(h)
  local names = {}
  for _, row in ipairs(assert(h:ifaces())) do names[#names + 1] = row.name end
  table.sort(names)
  return table.concat(names, " ")
end

function TestTunnel:test_vxlan_carries_pings_between_two_sites_across_a_router()
  local lab <close>, a, _, b = sites()
  local t = assert(lab:tunnel(a, b, {vni = 42, addrs = {"10.42.0.1/24", "10.42.0.2/24"}}))
  lu.assertEquals(tostring(t),
    "tunnel vxlan vni 42 a:vxlan0 10.42.0.1/24 <-> b:vxlan0 10.42.0.2/24 over 10.0.1.1 <-> 10.0.2.2")
  lu.assertEquals(t:tunnel(), {type = "vxlan", vni = 42, port = 4789, outer = {"10.0.1.1", "10.0.2.2"}, mtu = 1450})
  local res = assert(a:ping("10.42.0.2", {count = 2, interval = 0.1, timeout = 2}))
  lu.assertEquals(res.received, 2)
  local ex, ey = t:ends()
  lu.assertEquals({ex.iface, ey.iface, ey.addrs}, {"vxlan0", "vxlan0", {"10.42.0.2/24"}})
  -- ready as it returns: a tunnel reports no operstate (UNKNOWN), its carrier flag says it
  lu.assertEquals({a:_link_ready("vxlan0"), b:_link_ready("vxlan0")}, {true, true})
  lu.assertStrContains(a:sh("ip -d link show vxlan0"), "vxlan id 42 remote 10.0.2.2 local 10.0.1.1")
end

function TestTunnel:test_mtu_is_the_underlays_less_the_outer_headers_and_ifaces_shows_it()
  local lab <close>, a, _, b = sites(1400)
  assert(lab:tunnel(a, b, {addrs = {"10.42.0.1/24", "10.42.0.2/24"}}))
  local row = iface(a, "vxlan0")
  lu.assertEquals({row.kind, row.mtu}, {"vxlan", 1400 - 50})
  lu.assertEquals(iface(b, "vxlan0").mtu, 1350)
  lu.assertEquals(iface(a, "eth0").kind, "veth")
  -- the largest unfragmented inner packet fits, one byte more does not
  local fits = a:sh("ping -c1 -W2 -M do -s " .. (1350 - 28) .. " 10.42.0.2 >/dev/null && echo ok")
  lu.assertStrContains(fits, "ok")
  local _, too_big = a:sh("ping -c1 -W1 -M do -s " .. (1350 - 27) .. " 10.42.0.2")
  lu.assertStrContains(too_big, "message too long")
end

function TestTunnel:test_outer_addresses_given_by_the_script_are_used()
  local lab <close>, a, _, b = sites()
  assert(a:addr_add("eth0", "10.0.1.9/24"))
  local t = assert(lab:tunnel(a, b, {outer = {"10.0.1.9", "10.0.2.2"}, addrs = {"10.42.0.1/24", "10.42.0.2/24"}}))
  lu.assertEquals(t:tunnel().outer, {"10.0.1.9", "10.0.2.2"})
  lu.assertStrContains(b:sh("ip -d link show vxlan0"), "remote 10.0.1.9 local 10.0.2.2")
  lu.assertEquals(assert(a:ping("10.42.0.2", {count = 1, timeout = 2})).received, 1)
end

function TestTunnel:test_two_tunnels_with_their_own_vni_and_port()
  local lab <close>, a, _, b = sites()
  assert(lab:tunnel(a, b, {vni = 1, addrs = {"10.42.0.1/24", "10.42.0.2/24"}}))
  local t = assert(lab:tunnel(a, b, {vni = 2, port = 8472, addrs = {"10.43.0.1/24", "10.43.0.2/24"}}))
  lu.assertStrContains(a:sh("ip -d link show vxlan1"), "vxlan id 2 remote 10.0.2.2 local 10.0.1.1 srcport 0 0 dstport 8472")
  lu.assertEquals(t:tunnel().port, 8472)
  lu.assertEquals(assert(a:ping("10.43.0.2", {count = 1, timeout = 2})).received, 1)
end

function TestTunnel:test_the_underlay_capture_prints_outer_then_inner_as_tcpdump_does()
  local lab <close>, a, r, b = sites()
  assert(lab:tunnel(a, b, {vni = 42, addrs = {"10.42.0.1/24", "10.42.0.2/24"}}))
  local cap = assert(r:capture{iface = "eth1", filter = "udp port 4789"})
  assert(a:ping("10.42.0.2", {count = 1, timeout = 2}))
  local lines, echo = {}, nil
  for p in cap:packets{count = 6, timeout = 1} do
    lines[#lines + 1] = tostring(p)
    if not echo and lines[#lines]:find("ICMP echo request", 1, true) then echo = p end
  end
  lu.assertNotNil(echo, table.concat(lines, "\n"))
  lu.assertStrMatches(tostring(echo), ".* IP 10%.0%.1%.1%.%d+ > 10%.0%.2%.2%.4789: VXLAN, flags %[I%] %(0x08%), vni 42\n"
    .. "IP 10%.42%.0%.1 > 10%.42%.0%.2: ICMP echo request, id %d+, seq 1, length 64")
  lu.assertEquals(echo.ip.ttl, 63) -- the outer TTL went down at r
  local path = helper.tmpname(".pcap")
  assert(cap:save(path))
  local out = assert(helper.run("tcpdump -nn -r " .. path .. " 2>/dev/null"))
  lu.assertEquals(table.concat(lines, "\n") .. "\n", out)
end

function TestTunnel:test_kinds_the_kernel_lacks_name_its_option_and_leave_nothing()
  local CONFIG = {geneve = "CONFIG_GENEVE", gre = "CONFIG_NET_IPGRE", ipip = "CONFIG_NET_IPIP",
                  sit = "CONFIG_IPV6_SIT"}
  local INNER = {geneve = "10.44.0.%d/24", gre = "10.44.0.%d/24", ipip = "10.44.0.%d/24", sit = "fd44::%d/64"}
  for _, kind in ipairs{"geneve", "gre", "ipip", "sit"} do
    local lab <close>, a, _, b = sites()
    -- iproute2 is the oracle of what this kernel has
    local _, _, has = a:sh(("ip link add probe0 type %s remote 10.0.2.2 %s && ip link del probe0")
      :format(kind, kind == "geneve" and "id 1" or "local 10.0.1.1"))
    local before_a, before_b = ifnames(a), ifnames(b)
    local t, err = lab:tunnel(a, b, {type = kind, addrs = {INNER[kind]:format(1), INNER[kind]:format(2)}})
    if has == 0 then
      lu.assertNotNil(t, err)
      lu.assertEquals(t:tunnel().type, kind)
    else
      lu.assertNil(t)
      lu.assertStrContains(err, ("cannot make a %s tunnel: this kernel has no "):format(kind))
      lu.assertStrContains(err, CONFIG[kind])
      lu.assertEquals({ifnames(a), ifnames(b)}, {before_a, before_b})
    end
  end
end

function TestTunnel:test_outer_addresses_come_from_the_routes_or_the_error_says_to_give_them()
  local lab <close> = netlab.lab()
  local a, b = assert(lab:host "a"), assert(lab:host "b")
  local t, err = lab:tunnel(a, b)
  lu.assertNil(t)
  lu.assertStrContains(err, "host a has no route to any address of b")
  lu.assertStrContains(err, "outer = {address of a, address of b}")
  assert(lab:link(a, b, "10.0.0.1/24", "10.0.0.2/24"))
  lu.assertEquals(assert(lab:tunnel(a, b)):tunnel().outer, {"10.0.0.1", "10.0.0.2"})
end

function TestTunnel:test_bad_options_raise_and_leave_no_interface()
  local lab <close>, a, _, b = sites()
  local other <close> = netlab.lab()
  local stranger = assert(other:host "s")
  local cases = {
    {"type: \"vxlan\", \"geneve\", \"gre\", \"ipip\" or \"sit\" expected, got \"l2tp\"", {type = "l2tp"}},
    {"type: \"vxlan\", \"geneve\", \"gre\", \"ipip\" or \"sit\" expected, got number", {type = 4}},
    {"vni: integer 0-16777215 expected, got 16777216", {vni = 1 << 24}},
    {"vni: integer 0-16777215 expected, got -1", {vni = -1}},
    {"vni: integer 0-16777215 expected, got 1.5", {vni = 1.5}},
    {"vni: integer 0-16777215 expected, got string", {vni = "42"}},
    {"port: integer 1-65535 expected, got 0", {port = 0}},
    {"port: integer 1-65535 expected, got 65536", {port = 65536}},
    {"vni: a GRE tunnel has no VNI or UDP port", {type = "gre", vni = 3}},
    {"port: an IPIP tunnel has no VNI or UDP port", {type = "ipip", port = 3}},
    {"outer: 10.9.9.9 is not an address of host b", {outer = {"10.0.1.1", "10.9.9.9"}}},
    {"outer: 10.0.2.2 is not an address of host a", {outer = {"10.0.2.2", "10.0.1.1"}}},
    {"outer: item 2: IP address expected, got \"banana\"", {outer = {"10.0.1.1", "banana"}}},
    {"outer: item 1: IP address expected, got \"10.0.1.1/24\"", {outer = {"10.0.1.1/24", "10.0.2.2"}}},
    {"outer: item 1: IP address expected, got \"10.0.1.1\\0\"", {outer = {"10.0.1.1\0", "10.0.2.2"}}},
    {"outer: {address of a, address of b} expected, got string", {outer = "10.0.1.1"}},
    {"outer: {address of a, address of b} expected, got table", {outer = {"10.0.1.1"}}},
    {"outer: both addresses must be IPv4 or both IPv6", {outer = {"10.0.1.1", "fd00::2"}}},
    {"outer: a SIT tunnel runs over IPv4 only", {type = "sit", outer = {"fd00::1", "fd00::2"}}},
    {"addrs: invalid CIDR \"10.42.0.1\"", {addrs = {"10.42.0.1"}}},
    {"addrs: prefix length out of range in \"10.42.0.1/33\"", {addrs = {"10.42.0.1/33"}}},
    {"addrs: item 2: string contains a NUL byte", {addrs = {{"10.42.0.1/24", "10.43.0.1/24\0"}}}},
    {"addrs: {addresses of a, addresses of b} expected, got string", {addrs = "10.42.0.1/24"}},
    {"addrs: an IPIP tunnel carries IPv4 only, got fd00::1/64", {type = "ipip", addrs = {"fd00::1/64"}}},
    {"addrs: a SIT tunnel carries IPv6 only, got 10.42.0.1/24", {type = "sit", addrs = {"10.42.0.1/24"}}},
    {"unknown option 'mtu' (type, vni, port, outer or addrs expected)", {mtu = 1400}},
    {"options table expected, got string", "vxlan"},
  }
  local before_a, before_b = ifnames(a), ifnames(b)
  for _, c in ipairs(cases) do
    helper.raises("bad argument #3 to 'tunnel' (" .. c[1], lab.tunnel, lab, a, b, c[2])
  end
  helper.raises("bad argument #2 to 'tunnel' (cannot tunnel host a to itself)", lab.tunnel, lab, a, a)
  helper.raises("bad argument #2 to 'tunnel' (host s belongs to another lab)", lab.tunnel, lab, a, stranger)
  helper.raises("bad argument #1 to 'tunnel' (host expected, got string)", lab.tunnel, lab, "a", b)
  helper.raises("calling 'tunnel' on bad self", lab.tunnel, {}, a, b)
  lu.assertEquals({ifnames(a), ifnames(b)}, {before_a, before_b})
end

function TestTunnel:test_a_second_tunnel_on_the_same_vni_fails_and_leaves_nothing()
  local lab <close>, a, _, b = sites()
  assert(lab:tunnel(a, b, {vni = 7, addrs = {"10.42.0.1/24", "10.42.0.2/24"}}))
  local before_a, before_b = ifnames(a), ifnames(b)
  local t, err = lab:tunnel(a, b, {vni = 7})
  lu.assertNil(t)
  lu.assertEquals(err, "host a already has a VXLAN tunnel with vni 7 on UDP port 4789")
  lu.assertEquals({ifnames(a), ifnames(b)}, {before_a, before_b})
  -- b's end failing takes a's end away again
  assert(b:sh("ip link add vx9 type vxlan id 8 dstport 4789 local 10.0.2.2 remote 10.0.1.1"))
  t, err = lab:tunnel(a, b, {vni = 8})
  lu.assertNil(t)
  lu.assertEquals(err, "host b already has a VXLAN tunnel with vni 8 on UDP port 4789")
  lu.assertEquals(ifnames(a), before_a)
end

function TestTunnel:test_an_address_the_kernel_refuses_takes_both_ends_away()
  local lab <close>, a, _, b = sites()
  local before_a, before_b = ifnames(a), ifnames(b)
  -- b already has 10.0.2.2/24 on eth0: the same address again on the tunnel is refused
  local t, err = lab:tunnel(a, b, {addrs = {"10.42.0.1/24", {"10.42.0.2/24", "10.42.0.2/24"}}})
  lu.assertNil(t)
  lu.assertStrContains(err, "cannot add 10.42.0.2/24 to b:vxlan0")
  lu.assertEquals({ifnames(a), ifnames(b)}, {before_a, before_b})
end

function TestTunnel:test_a_closed_lab_or_host_is_refused()
  local lab, a, _, b = sites()
  lab:close()
  helper.raises("attempt to use a closed lab", lab.tunnel, lab, a, b)
  local lab2 <close> = netlab.lab()
  local x, y = assert(lab2:host "x"), assert(lab2:host "y")
  y:_close()
  helper.raises("attempt to use a closed host", lab2.tunnel, lab2, x, y)
end

function TestTunnel:test_link_tunnel_is_nil_for_a_plain_link()
  local lab <close>, _, _, link = helper.two_hosts()
  lu.assertNil(link:tunnel())
  lu.assertStrContains(tostring(link), "link a:eth0")
end

function TestTunnel:test_the_wire_refuses_a_tunnel_and_points_at_its_underlay()
  local lab <close>, a, _, b = sites()
  local t = assert(lab:tunnel(a, b, {addrs = {"10.42.0.1/24", "10.42.0.2/24"}}))
  local ok, err = t:cut()
  lu.assertNil(ok)
  lu.assertStrContains(err, "cannot cut tunnel vxlan vni 1 a:vxlan0 10.42.0.1/24 <-> b:vxlan0 10.42.0.2/24"
    .. " over 10.0.1.1 <-> 10.0.2.2: netlab's wire carries veth links; cut the underlay link the tunnel runs over")
  lu.assertEquals(assert(a:ping("10.42.0.2", {count = 1, timeout = 2})).received, 1)
  lu.assertStrContains(a:sh("ip -br link"), "vxlan0")
end

function TestTunnel:test_vxlan_runs_over_an_ipv6_underlay_with_20_bytes_more_overhead()
  local lab <close> = netlab.lab()
  local a, b = assert(lab:host "a"), assert(lab:host "b")
  assert(lab:link(a, b, "fd00::1/64", "fd00::2/64"))
  local t = assert(lab:tunnel(a, b, {addrs = {"10.42.0.1/24", "10.42.0.2/24"}}))
  lu.assertEquals(t:tunnel().outer, {"fd00::1", "fd00::2"})
  lu.assertEquals(t:tunnel().mtu, 1500 - 70)
  lu.assertStrContains(a:sh("ip -d link show vxlan0"), "remote fd00::2 local fd00::1")
  lu.assertEquals(assert(a:ping("10.42.0.2", {count = 1, timeout = 2})).received, 1)
  -- GRE, IPIP and SIT run over IPv4 only: none of b's addresses will do
  local none, err = lab:tunnel(a, b, {type = "gre"})
  lu.assertNil(none)
  lu.assertStrContains(err, "host a has no route to any address of b (IPv4)")
end

function TestTunnel:test_an_end_without_a_route_back_is_refused_and_leaves_nothing()
  local lab <close>, a, _, b = sites()
  assert(b:route_del("default"))
  local before_a, before_b = ifnames(a), ifnames(b)
  local t, err = lab:tunnel(a, b, {outer = {"10.0.1.1", "10.0.2.2"}})
  lu.assertNil(t)
  lu.assertStrContains(err, "cannot make the tunnel: host b has no route to 10.0.1.1")
  lu.assertEquals({ifnames(a), ifnames(b)}, {before_a, before_b})
  -- an IPv6 outer address may be written any way: fd01:0::1 is a's fd01::1
  assert(a:addr_add("eth0", "fd01::1/64"))
  helper.raises("outer: fd00::2 is not an address of host b", lab.tunnel, lab, a, b, {outer = {"fd01:0::1", "fd00::2"}})
end
