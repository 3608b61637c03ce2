-- spec/route_spec.lua: hosts' routing and neighbour (ARP) tables. Routes
-- are added for networks, single hosts and the default route, shown as
-- `route -n` shows them (compared with route -n itself, run in the host),
-- and route_get's walk through the table picks what the kernel picks.
-- ARP entries appear with traffic and are added, deleted and flushed as
-- arp -s / -d do. Bad input raises; kernel refusals return nil, msg, errno.
local lu = require "luaunit"
local helper = require "helper"
local errno = require "netlab.errno"

TestRoute = {}

-- A lab with hosts a (192.168.121.4) and b (192.168.121.1) on one link,
-- with IPv6 addresses fd00::4 and fd00::1 too.
local function two_hosts()
  return helper.two_hosts({"192.168.121.4/24", "fd00::4/64"}, {"192.168.121.1/24", "fd00::1/64"})
end

-- The row of ROWS whose field K is V.
local function find(rows, k, v)
  for _, r in ipairs(rows) do if r[k] == v then return r end end
end

local raises = helper.raises

-- What the machine's own tables look like: netlab must never change them.
local function machine_tables() return helper.sh("ip route; ip -6 route; ip neigh") end

-- Routes -----------------------------------------------------------------

function TestRoute:test_routes_shows_the_connected_network()
  local lab <close>, a = two_hosts()
  local rows = assert(a:routes())
  local r = find(rows, "destination", "192.168.121.0")
  lu.assertNotNil(r, "the link's network is in the table")
  lu.assertEquals({r.family, r.prefix, r.genmask, r.gateway, r.iface, r.metric, r.flags, r.scope},
    {"inet", 24, "255.255.255.0", nil, "eth0", 0, "U", "link"})
  local r6 = find(assert(a:routes("inet6")), "destination", "fd00::")
  lu.assertEquals({r6.family, r6.prefix, r6.iface, r6.flags}, {"inet6", 64, "eth0", "U"})
  lu.assertNil(find(assert(a:routes("inet")), "family", "inet6"))
end

function TestRoute:test_route_add_network_host_and_default()
  local lab <close>, a = two_hosts()
  lu.assertTrue(a:route_add("192.168.88.0/24", {via = "192.168.121.1", metric = 5}))
  lu.assertTrue(a:route_add("192.168.99.99", {via = "192.168.121.1"}))
  lu.assertTrue(a:route_add("10.7.7.7/32", {dev = "eth0"}))
  lu.assertTrue(a:route_add("default", {via = "192.168.121.2"}))
  local rows = a:routes("inet")
  local net, host = find(rows, "destination", "192.168.88.0"), find(rows, "destination", "192.168.99.99")
  lu.assertEquals({net.gateway, net.genmask, net.flags, net.metric}, {"192.168.121.1", "255.255.255.0", "UG", 5})
  lu.assertEquals({host.gateway, host.prefix, host.genmask, host.flags}, {"192.168.121.1", 32, "255.255.255.255", "UGH"})
  lu.assertEquals(find(rows, "destination", "10.7.7.7").flags, "UH")
  local def = find(rows, "destination", "0.0.0.0")
  lu.assertEquals({def.prefix, def.genmask, def.gateway, def.flags}, {0, "0.0.0.0", "192.168.121.2", "UG"})
end

function TestRoute:test_route_n_prints_exactly_what_route_n_prints()
  local lab <close>, a = two_hosts()
  assert(a:route_add("192.168.88.88", {via = "192.168.121.1"}))
  assert(a:route_add("default", {via = "192.168.121.2"}))
  assert(a:route_add("172.16.0.0/12", {via = "192.168.121.1", metric = 1024}))
  local real, err, code = a:sh("route -n", {timeout = 10})
  lu.assertEquals(code, 0, err)
  local text = netlab.fmt.route_n(a:routes())
  lu.assertEquals(text, real)
  lu.assertStrContains(text, "192.168.88.88   192.168.121.1   255.255.255.255 UGH   0      0        0 eth0")
end

function TestRoute:test_route_del_removes_and_a_second_del_is_refused()
  local lab <close>, a = two_hosts()
  assert(a:route_add("192.168.88.88", {via = "192.168.121.1"}))
  lu.assertTrue(a:route_del("192.168.88.88"))
  lu.assertNil(find(a:routes(), "destination", "192.168.88.88"))
  local ok, msg, code = a:route_del("192.168.88.88")
  lu.assertNil(ok)
  lu.assertEquals(msg, "host a has no such route to 192.168.88.88")
  lu.assertEquals(code, errno.ESRCH)
  assert(a:route_add("default", {via = "192.168.121.2"}))
  lu.assertTrue(a:route_del("default"))
  lu.assertNil(find(a:routes(), "destination", "0.0.0.0"))
end

function TestRoute:test_ipv6_routes()
  local lab <close>, a = two_hosts()
  lu.assertTrue(a:route_add("fd00:88::/64", {via = "fd00::1"}))
  lu.assertTrue(a:route_add("fd00:99::9", {via = "fd00::1", metric = 7}))
  local rows = a:routes("inet6")
  local net, host = find(rows, "destination", "fd00:88::"), find(rows, "destination", "fd00:99::9")
  lu.assertEquals({net.prefix, net.gateway, net.iface, net.flags}, {64, "fd00::1", "eth0", "UG"})
  lu.assertEquals({host.prefix, host.metric, host.flags}, {128, 7, "UGH"})
  local r, steps = assert(a:route_get("fd00:88::5"))
  lu.assertEquals({r.gateway, r.iface, r.agrees}, {"fd00::1", "eth0", true})
  lu.assertEquals(r.entry.destination, "fd00:88::")
  lu.assertTrue(#steps >= 3)
  lu.assertTrue(a:route_del("fd00:88::/64"))
  lu.assertNil(find(a:routes("inet6"), "destination", "fd00:88::"))
  lu.assertTrue(a:route_add("default", {via = "fd00::1"}))
  lu.assertNotNil(find(a:routes("inet6"), "destination", "::"))
end

-- route_get ----------------------------------------------------------------

function TestRoute:test_route_get_longest_prefix_wins()
  local lab <close>, a = two_hosts()
  assert(a:route_add("default", {via = "192.168.121.2"}))
  assert(a:route_add("192.168.88.0/24", {via = "192.168.121.3"}))
  assert(a:route_add("192.168.88.88", {via = "192.168.121.1"}))
  local r, steps = assert(a:route_get("192.168.88.88"))
  lu.assertEquals({r.gateway, r.iface, r.next_hop}, {"192.168.121.1", "eth0", "192.168.121.1"})
  lu.assertEquals(r.text, "via 192.168.121.1 (next hop) on eth0")
  lu.assertEquals(r.entry.prefix, 32)
  lu.assertTrue(r.agrees, "the walk picks what the kernel picked")
  local matched, picked = 0, nil
  for _, s in ipairs(steps) do
    if s.match then matched = matched + 1 end
    if s.picked then picked = s end
  end
  lu.assertEquals(matched, 3, "default, /24 and /32 all match")
  lu.assertEquals(picked.route.destination, "192.168.88.88")
  lu.assertStrContains(picked.text, "192.168.88.88 AND 255.255.255.255 = 192.168.88.88")
  local miss
  for _, s in ipairs(steps) do if s.route.destination == "192.168.121.0" then miss = s end end
  lu.assertFalse(miss.match)
  lu.assertStrContains(miss.text, "192.168.88.88 AND 255.255.255.0   = 192.168.88.0    != 192.168.121.0/24")
  -- the /24 wins for other hosts of that network, the default elsewhere
  lu.assertEquals(assert(a:route_get("192.168.88.1")).gateway, "192.168.121.3")
  local far = assert(a:route_get("8.8.4.4"))
  lu.assertEquals({far.gateway, far.entry.destination, far.agrees}, {"192.168.121.2", "0.0.0.0", true})
end

function TestRoute:test_route_get_directly_connected_and_local()
  local lab <close>, a = two_hosts()
  local r = assert(a:route_get("192.168.121.1"))
  lu.assertNil(r.gateway)
  lu.assertEquals({r.text, r.next_hop, r.agrees}, {"directly connected on eth0", "192.168.121.1", true})
  local own = assert(a:route_get("192.168.121.4"))
  lu.assertEquals({own.type, own.iface}, {"local", "lo"})
  lu.assertStrContains(own.text, "a local address of this host")
end

-- Waits (at most 5 s) until host H has no tentative IPv6 address (DAD).
local function wait_dad(h)
  for _ = 1, 100 do
    if h:sh("ip -6 addr show tentative", {timeout = 5}) == "" then return end
    netlab.sleep(0.05)
  end
end

-- route.ip_text is what `ip route get IP` prints, byte for byte: via a
-- gateway, on the link, a local address (IPv4's "cache <local>", IPv6's
-- "table local proto kernel"), broadcast, multicast, a route added with
-- proto static, an IPv6 route with pref high.
function TestRoute:test_route_get_carries_ip_route_gets_own_line()
  local lab <close>, a, b = two_hosts()
  for _, cmd in ipairs{"ip route add default via 192.168.121.1", "ip -6 route add default via fd00::1",
    "ip route add 10.9.0.0/16 via 192.168.121.1 proto static", "ip -6 route add fd02::/64 via fd00::1 pref high"} do
    local _, err, code = a:sh(cmd, {timeout = 5})
    lu.assertEquals(code, 0, err)
  end
  wait_dad(a)
  wait_dad(b)
  for _, ip in ipairs{"8.8.4.4", "192.168.121.1", "192.168.121.4", "127.0.0.1", "192.168.121.255", "224.0.0.1",
    "10.9.1.1", "fd01::2", "fd00::1", "fd00::4", "::1", "fd02::9", "ff02::1"} do
    local r = assert(a:route_get(ip))
    local real, err, code = a:sh("ip route get " .. ip, {timeout = 5})
    lu.assertEquals(code, 0, err)
    lu.assertEquals(r.ip_text .. "\n", real, ip)
  end
  local r = assert(a:route_get("8.8.4.4"))
  lu.assertEquals(r.ip_text, "8.8.4.4 via 192.168.121.1 dev eth0 src 192.168.121.4 uid 0 \n    cache ")
  lu.assertEquals(r.reply.prefsrc, "192.168.121.4")
  lu.assertEquals(assert(a:route_get("fd02::9")).reply.pref, 1) -- high
end

function TestRoute:test_route_get_without_a_route()
  local lab <close>, a = two_hosts()
  local r, msg, code, steps = a:route_get("192.168.88.88")
  lu.assertNil(r)
  lu.assertEquals(msg, "host a has no route to 192.168.88.88 (network is unreachable)")
  lu.assertEquals(code, errno.ENETUNREACH)
  -- the walk still comes back: every entry fails, and it ends in "no route"
  lu.assertEquals(#steps, #assert(a:routes("inet")) + 1)
  for i = 1, #steps - 1 do lu.assertFalse(steps[i].match, steps[i].text) end
  lu.assertTrue(steps[#steps].no_route)
  lu.assertEquals(steps[#steps].text, "no entry matches 192.168.88.88: no route (network is unreachable)")
end

-- Neighbours ----------------------------------------------------------------

-- Sends one datagram from A to B's IP, so A resolves B's MAC by ARP.
local function poke(a, ip)
  local u <close> = assert(a:udp())
  assert(u:sendto("hello", ip, 9))
  local deadline = netlab.now() + 2
  while not find(a:neigh(), "ip", ip) or find(a:neigh(), "ip", ip).mac == nil do
    if netlab.now() > deadline then break end
    netlab.sleep(0.01)
  end
end

function TestRoute:test_neigh_learns_the_peer_by_arp()
  local lab <close>, a, b = two_hosts()
  lu.assertNil(find(a:neigh(), "ip", "192.168.121.1"), "nothing before any traffic")
  poke(a, "192.168.121.1")
  local e = find(assert(a:neigh()), "ip", "192.168.121.1")
  lu.assertNotNil(e)
  local link = b:sh("ip -o link show eth0", {timeout = 10})
  lu.assertEquals(e.mac, link:match("link/ether (%S+)"))
  lu.assertEquals({e.family, e.iface}, {"inet", "eth0"})
  lu.assertTrue(e.state == "REACHABLE" or e.state == "STALE" or e.state == "DELAY", e.state)
end

function TestRoute:test_neigh_add_del_flush_and_arp_a()
  local lab <close>, a = two_hosts()
  poke(a, "192.168.121.1")
  lu.assertTrue(a:neigh_add("192.168.121.9", "AA:BB:CC:DD:EE:0F", "eth0"))
  lu.assertTrue(a:neigh_add("fd00::9", "aa:bb:cc:dd:ee:10", "eth0"))
  local e = find(a:neigh(), "ip", "192.168.121.9")
  lu.assertEquals({e.mac, e.iface, e.state}, {"aa:bb:cc:dd:ee:0f", "eth0", "PERMANENT"})
  lu.assertEquals(find(a:neigh(), "ip", "fd00::9").state, "PERMANENT")
  local real = a:sh("arp -an", {timeout = 10})
  local text = netlab.fmt.arp_a(a:neigh())
  lu.assertEquals(text, real)
  lu.assertStrContains(text, "? (192.168.121.9) at aa:bb:cc:dd:ee:0f [ether] PERM on eth0\n")
  lu.assertEquals(a:neigh_del("192.168.121.9"), 1)
  lu.assertNil(find(a:neigh(), "ip", "192.168.121.9"))
  lu.assertEquals({a:neigh_del("192.168.121.9")}, {nil, "no ARP entry for 192.168.121.9 on host a", errno.ENOENT})
  lu.assertTrue(a:neigh_flush() >= 2)
  lu.assertEquals(a:neigh(), {})
  lu.assertEquals(a:neigh_flush(), 0)
end

function TestRoute:test_fmt_tables_of_rows_made_by_hand()
  local text = netlab.fmt.route_n{
    {family = "inet", destination = "0.0.0.0", prefix = 0, gateway = "192.168.121.2", iface = "ens33", metric = 100},
    {family = "inet6", destination = "::", prefix = 0, iface = "ens33"},
  }
  lu.assertEquals(text, "Kernel IP routing table\n"
    .. "Destination     Gateway         Genmask         Flags Metric Ref    Use Iface\n"
    .. "0.0.0.0         192.168.121.2   0.0.0.0         UG    100    0        0 ens33\n")
  lu.assertEquals(netlab.fmt.arp_a{{family = "inet", ip = "10.0.0.5", iface = "eth0", state = "INCOMPLETE"}},
    "? (10.0.0.5) at <incomplete> on eth0\n")
  lu.assertEquals(netlab.fmt.genmask(20), "255.255.240.0")
  raises("bad argument #1 to 'route_n' (table of rows expected, got nil)", netlab.fmt.route_n)
  raises("row 1 is a string", netlab.fmt.arp_a, {"x"})
end

function TestRoute:test_the_machines_tables_never_change()
  local before = machine_tables()
  do
    local lab <close>, a = two_hosts()
    assert(a:route_add("default", {via = "192.168.121.1"}))
    assert(a:neigh_add("192.168.121.9", "aa:bb:cc:dd:ee:ff", "eth0"))
    a:neigh_flush()
  end
  lu.assertEquals(machine_tables(), before)
end

-- Bad input -------------------------------------------------------------------

function TestRoute:test_route_add_bad_destinations_raise()
  local lab <close>, a = two_hosts()
  local via = {via = "192.168.121.1"}
  raises("bad argument #1 to 'route_add' (destination string expected, got nil)", a.route_add, a, nil, via)
  raises("destination string expected, got number", a.route_add, a, 10, via)
  raises("invalid destination \"192.168.300.1\"", a.route_add, a, "192.168.300.1", via)
  raises("invalid CIDR \"192.168.88.0/x\"", a.route_add, a, "192.168.88.0/x", via)
  raises("prefix length out of range in \"192.168.88.0/33\" (0-32 for IPv4)", a.route_add, a, "192.168.88.0/33", via)
  raises("prefix length out of range in \"fd00::/129\" (0-128 for IPv6)", a.route_add, a, "fd00::/129", {via = "fd00::1"})
  raises("\"192.168.88.88/24\" has host bits set (the network is 192.168.88.0/24)", a.route_add, a, "192.168.88.88/24", via)
end

function TestRoute:test_route_add_bad_options_raise()
  local lab <close>, a = two_hosts()
  raises("bad argument #2 to 'route_add' (options table expected, got string)", a.route_add, a, "10.0.0.0/8", "eth0")
  raises("unknown option \"gw\" (via, dev, metric)", a.route_add, a, "10.0.0.0/8", {gw = "192.168.121.1"})
  raises("via: invalid gateway address 192.168.121", a.route_add, a, "10.0.0.0/8", {via = "192.168.121"})
  raises("via: gateway fd00::1 is not an IPv4 address like the destination", a.route_add, a, "10.0.0.0/8", {via = "fd00::1"})
  raises("dev: interface name expected, got number", a.route_add, a, "10.0.0.0/8", {dev = 0})
  raises("metric: integer from 0 to 4294967295 expected, got -1", a.route_add, a, "10.0.0.0/8", {dev = "eth0", metric = -1})
  raises("a route to 10.0.0.0/8 needs via = gateway or dev = interface", a.route_add, a, "10.0.0.0/8")
  raises("bad argument #1 to 'route_del'", a.route_del, a, "nonsense")
end

function TestRoute:test_kernel_refusals_return_nil_msg_errno()
  local lab <close>, a = two_hosts()
  lu.assertEquals({a:route_add("10.0.0.0/8", {via = "10.9.9.9"})},
    {nil, "gateway 10.9.9.9 is not on any network connected to host a (network is unreachable)", errno.ENETUNREACH})
  lu.assertEquals({a:route_add("10.0.0.0/8", {dev = "eth9"})}, {nil, "host a has no interface \"eth9\"", errno.ENODEV})
  assert(a:route_add("10.0.0.0/8", {dev = "eth0"}))
  lu.assertEquals({a:route_add("10.0.0.0/8", {dev = "eth0"})}, {nil, "host a already has a route to 10.0.0.0/8", errno.EEXIST})
  lu.assertEquals({a:neigh_add("192.168.121.9", "aa:bb:cc:dd:ee:ff", "eth9")}, {nil, "host a has no interface \"eth9\"", errno.ENODEV})
  lu.assertEquals(#a:routes("inet"), 2, "nothing half-made")
end

function TestRoute:test_route_get_and_neigh_bad_input_raise()
  local lab <close>, a = two_hosts()
  raises("bad argument #1 to 'route_get' (IP address expected, got nil)", a.route_get, a)
  raises("IP address expected, got 192.168.88.0/24", a.route_get, a, "192.168.88.0/24")
  raises("bad argument #1 to 'routes' (\"inet\", \"inet6\" or nil expected, got ipv4)", a.routes, a, "ipv4")
  raises("bad argument #1 to 'neigh_add' (IP address expected, got 10.0.0)", a.neigh_add, a, "10.0.0", "aa:bb:cc:dd:ee:ff", "eth0")
  raises("bad argument #2 to 'neigh_add' (MAC address like \"aa:bb:cc:dd:ee:ff\" expected, got aa:bb:cc)", a.neigh_add, a, "10.0.0.9", "aa:bb:cc", "eth0")
  raises("bad argument #3 to 'neigh_add' (interface name expected, got nil)", a.neigh_add, a, "10.0.0.9", "aa:bb:cc:dd:ee:ff")
  raises("bad argument #1 to 'neigh_del' (IP address expected, got nil)", a.neigh_del, a)
end

function TestRoute:test_closed_host_and_bad_self_raise()
  local lab, a = two_hosts()
  lab:close()
  raises("attempt to use a closed host", a.routes, a)
  raises("attempt to use a closed host", a.route_add, a, "default", {via = "192.168.121.1"})
  raises("attempt to use a closed host", a.route_del, a, "default")
  raises("attempt to use a closed host", a.route_get, a, "192.168.121.1")
  raises("attempt to use a closed host", a.neigh, a)
  raises("attempt to use a closed host", a.neigh_add, a, "192.168.121.9", "aa:bb:cc:dd:ee:ff", "eth0")
  raises("attempt to use a closed host", a.neigh_del, a, "192.168.121.9")
  raises("attempt to use a closed host", a.neigh_flush, a)
  raises("calling 'routes' on bad self (netlab.host expected, got table)", a.routes, {})
  raises("calling 'neigh' on bad self (netlab.host expected, got nil)", a.neigh)
end
