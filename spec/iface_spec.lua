-- spec/iface_spec.lua: a host's interfaces and addresses (ip link, ip
-- addr, the alias IP "eth0:0" of ifconfig ens33:0 ... up) and impairing a
-- link (tc qdisc ... netem / tbf, a cut cable). Each API with its bad
-- input; the machine's own interfaces and queues never change.
local lu = require "luaunit"
local helper = require "helper"
local fmt = require "netlab.fmt_iface"

TestIface = {}

local errno = netlab.errno
local WAIT = 3 -- seconds any one network wait may take

-- A lab with hosts a and b joined by 10.0.0.1/24 - 10.0.0.2/24.
local two_hosts = helper.two_hosts

-- The row of interface NAME in ROWS.
local function find(rows, key, value)
  for _, r in ipairs(rows) do if r[key] == value then return r end end
end

-- Sends one datagram from host FROM to IP:PORT where host TO listens;
-- returns what TO received (nil if nothing came within TIMEOUT).
local function udp_once(from, to, ip, port, timeout)
  local s <close> = assert(to:udp())
  assert(s:setsockname("*", port))
  s:settimeout(timeout or WAIT)
  local c <close> = assert(from:udp())
  assert(c:sendto("hello", ip, port))
  return (s:receivefrom())
end

-- Starts an echo task in host B on PORT; returns it and its socket.
local function echo(b, port)
  local s = assert(b:udp())
  assert(s:setsockname("*", port))
  local task = netlab.daemon(function()
    while true do
      local data, ip, p = s:receivefrom()
      if not data then return end
      s:sendto(data, ip, p)
    end
  end)
  return task, s
end

-- UDP round trips against an echo server (spec/helper.lua).
local function rtt(a, ip, port, n) return helper.udp_rtt(a, ip, port, n, WAIT) end

-- How many of N datagrams from A to IP:PORT (host B listening) arrive.
local function delivered(a, b, ip, port, n)
  local s <close> = assert(b:udp())
  assert(s:setsockname("*", port))
  local c <close> = assert(a:udp())
  for i = 1, n do assert(c:sendto("d" .. i, ip, port)) end
  s:settimeout(0.5)
  local got = 0
  while s:receivefrom() do got = got + 1 end
  return got
end

-- The machine's own interfaces, addresses and queues: never changed.
local function machine() return helper.sh("ip -br addr; tc qdisc show") end

-- Good paths: interfaces ------------------------------------------------

function TestIface:test_ifaces_lists_lo_and_eth0_with_addresses_and_counters()
  local lab <close>, a, b = two_hosts()
  lu.assertEquals(udp_once(a, b, "10.0.0.2", 7000), "hello")
  local rows = assert(a:ifaces())
  lu.assertEquals(#rows, 2)
  local lo, eth0 = find(rows, "name", "lo"), find(rows, "name", "eth0")
  lu.assertEquals({lo.index, lo.mtu, lo.up, lo.mac}, {1, 65536, true, "00:00:00:00:00:00"})
  lu.assertEquals(eth0.mtu, 1500)
  lu.assertTrue(eth0.up)
  lu.assertEquals(eth0.state, "UP")
  lu.assertStrMatches(eth0.mac, "%x%x:%x%x:%x%x:%x%x:%x%x:%x%x")
  lu.assertStrContains(a:sh("ip link show eth0"), eth0.mac)
  lu.assertNotNil(find(eth0.addrs, "cidr", "10.0.0.1/24"))
  lu.assertTrue(eth0.tx_packets >= 1)
  lu.assertTrue(eth0.tx_bytes >= 5 + 28)
  lu.assertTrue(find(b:ifaces(), "name", "eth0").rx_packets >= 1)
  local flags = table.concat(eth0.flags, ",")
  lu.assertStrContains(flags, "UP")
  lu.assertStrContains(flags, "BROADCAST")
end

function TestIface:test_link_set_changes_mtu_mac_and_state()
  local lab <close>, a = two_hosts()
  lu.assertTrue(a:link_set("eth0", {mtu = 1400, mac = "02:00:00:00:00:0a"}))
  local eth0 = find(a:ifaces(), "name", "eth0")
  lu.assertEquals({eth0.mtu, eth0.mac}, {1400, "02:00:00:00:00:0a"})
  lu.assertTrue(a:link_set("eth0", {up = false}))
  eth0 = find(a:ifaces(), "name", "eth0")
  lu.assertFalse(eth0.up)
  lu.assertStrContains(a:sh("ip -br link show eth0"), "DOWN")
  lu.assertTrue(a:link_set("eth0", {up = true}))
  lu.assertTrue(find(a:ifaces(), "name", "eth0").up)
end

-- Good paths: addresses ------------------------------------------------

function TestIface:test_alias_ip_with_its_label_shows_in_ip_addr()
  -- ifconfig eth0:0 192.168.88.88 netmask 255.255.255.0 up
  local lab <close>, a = two_hosts()
  lu.assertTrue(a:addr_add("eth0", "192.168.88.88/24", {label = "eth0:0"}))
  lu.assertStrContains(a:sh("ip addr show dev eth0"),
    "inet 192.168.88.88/24 brd 192.168.88.255 scope global eth0:0")
  local row = find(a:addrs(), "address", "192.168.88.88")
  lu.assertEquals({row.iface, row.label, row.family, row.prefix, row.broadcast, row.scope},
    {"eth0", "eth0:0", "inet", 24, "192.168.88.255", "global"})
  lu.assertEquals(find(a:addrs(), "address", "10.0.0.1").label, "eth0")
  lu.assertStrContains(tostring(a), "192.168.88.88/24")
end

function TestIface:test_alias_is_reachable_from_the_same_lan()
  local lab <close>, a, b = two_hosts()
  assert(a:addr_add("eth0", "192.168.88.88/24", {label = "eth0:0"}))
  local c <close> = assert(b:udp())
  local ok, err = c:sendto("x", "192.168.88.88", 7001)
  lu.assertNil(ok, "b has no route to 192.168.88.0/24 yet")
  lu.assertEquals(err, "network is unreachable")
  assert(b:addr_add("eth0", "192.168.88.2/24"))
  lu.assertEquals(udp_once(b, a, "192.168.88.88", 7001), "hello")
end

function TestIface:test_addr_del_removes_it()
  local lab <close>, a, b = two_hosts()
  assert(a:addr_add("eth0", "192.168.88.88/24", {label = "eth0:0"}))
  lu.assertTrue(a:addr_del("eth0", "192.168.88.88/24"))
  lu.assertNil(find(a:addrs(), "address", "192.168.88.88"))
  lu.assertNotStrContains(a:sh("ip addr"), "192.168.88.88")
  lu.assertNotStrContains(tostring(a), "192.168.88.88")
end

function TestIface:test_ipv6_addresses()
  local lab <close>, a, b = two_hosts()
  lu.assertTrue(a:addr_add("eth0", "fd00::1/64"))
  lu.assertTrue(b:addr_add("eth0", "fd00::2/64"))
  local row = find(a:addrs(), "address", "fd00::1")
  lu.assertEquals({row.family, row.prefix, row.scope, row.label}, {"inet6", 64, "global", nil})
  local s <close> = assert(b:udp6())
  assert(s:setsockname("*", 7002))
  s:settimeout(WAIT)
  local c <close> = assert(a:udp6())
  assert(c:sendto("six", "fd00::2", 7002))
  lu.assertEquals({s:receivefrom()}, {"six", "fd00::1", c:getsockname() and select(2, c:getsockname())})
  lu.assertTrue(a:addr_del("eth0", "fd00::1/64"))
  lu.assertNil(find(a:addrs(), "address", "fd00::1"))
end

function TestIface:test_names_follow_added_and_deleted_addresses()
  local lab <close> = netlab.lab()
  local a, b = lab:host "a", lab:host "b"
  assert(lab:link(a, b, nil, "10.0.0.2/24"))
  local c <close> = assert(b:udp())
  lu.assertNil(c:setpeername("a", 9), "a has no address yet")
  assert(a:addr_add("eth0", "10.0.0.1/24"))
  assert(a:addr_add("eth0", "10.0.0.11/24"))
  lu.assertEquals(c:setpeername("a", 9), 1)
  lu.assertEquals(c:getpeername(), "10.0.0.1", "a's name is its first address")
  assert(a:addr_del("eth0", "10.0.0.1/24")) -- its secondary goes with it
  lu.assertNil(c:setpeername("a", 9), "a has no address any more")
  assert(a:addr_add("eth0", "10.0.0.5/24"))
  lu.assertEquals(c:setpeername("a", 9), 1)
  lu.assertEquals(c:getpeername(), "10.0.0.5")
end

-- Good paths: impairment -------------------------------------------------

function TestIface:test_rate_limits_a_tcp_transfer()
  local lab <close>, a, b, link = two_hosts()
  -- 60 KB at 1 Mbit/s: about half a second, against a few ms unlimited.
  local function transfer()
    local server <close> = assert(b:tcp())
    assert(server:bind("*", 7003))
    assert(server:listen())
    local task = netlab.spawn(function()
      local s = assert(server:accept())
      s:settimeout(10)
      local data = s:receive("*a")
      s:close()
      return #data
    end)
    local c <close> = assert(a:tcp())
    c:settimeout(10)
    assert(c:connect("10.0.0.2", 7003))
    local t0 = netlab.now()
    assert(c:send(("x"):rep(60000)))
    c:close()
    lu.assertEquals(task:join(10), 60000)
    return netlab.now() - t0
  end
  local fast = transfer()
  lu.assertTrue(link:impair{rate = "1mbit", side = a})
  lu.assertStrContains(a:sh("tc qdisc show dev eth0"), "tbf")
  lu.assertNotStrContains(b:sh("tc qdisc show dev eth0"), "tbf", "only a's side")
  local slow = transfer()
  lu.assertTrue(slow > 0.3 and slow > 5 * fast, ("%.3f s limited, %.3f s not"):format(slow, fast))
  lu.assertTrue(link:heal())
  lu.assertNotStrContains(a:sh("tc qdisc show dev eth0"), "tbf")
end

function TestIface:test_delay_grows_the_round_trip_with_netem_or_the_wire()
  local lab <close>, a, b, link = two_hosts()
  local _, sock <close> = echo(b, 7004)
  local before = assert(rtt(a, "10.0.0.2", 7004, 5))
  assert(link:impair{delay = "50ms", side = a}) -- the wire where the kernel has no sch_netem
  local one = assert(rtt(a, "10.0.0.2", 7004, 3))
  lu.assertTrue(one - before >= 0.045 and one - before < 0.5, ("%.3f s before, %.3f s after"):format(before, one))
  assert(link:impair{delay = "50ms"}) -- both ways: twice the delay
  local both = assert(rtt(a, "10.0.0.2", 7004, 3))
  lu.assertTrue(both - before >= 0.095, ("%.3f s before, %.3f s after"):format(before, both))
  assert(link:impair{loss = "50%"})
  local got = delivered(a, b, "10.0.0.2", 7005, 200)
  lu.assertTrue(got > 20 and got < 180, got .. " of 200 datagrams arrived")
  assert(link:heal())
  lu.assertEquals(delivered(a, b, "10.0.0.2", 7005, 50), 50)
end

function TestIface:test_cut_stops_traffic_and_heal_restores_it()
  local lab <close>, a, b, link = two_hosts()
  local _, sock <close> = echo(b, 7006)
  lu.assertNotNil(rtt(a, "10.0.0.2", 7006, 1))
  lu.assertTrue(link:cut())
  lu.assertEquals(delivered(a, b, "10.0.0.2", 7007, 10), 0)
  lu.assertEquals(delivered(b, a, "10.0.0.1", 7007, 10), 0)
  local eth0 = find(a:ifaces(), "name", "eth0")
  lu.assertTrue(eth0.up, "a cut link keeps its interfaces up...")
  lu.assertNotNil(find(eth0.addrs, "cidr", "10.0.0.1/24"), "...and their addresses")
  lu.assertTrue(link:heal())
  lu.assertNotNil(rtt(a, "10.0.0.2", 7006, 3), "traffic flows again (within one ARP retry)")
  -- heal also brings a downed end back up
  assert(a:link_set("eth0", {up = false}))
  lu.assertTrue(link:heal())
  lu.assertTrue(find(a:ifaces(), "name", "eth0").up)
  lu.assertNotNil(rtt(a, "10.0.0.2", 7006, 1))
end

function TestIface:test_the_machine_is_untouched()
  local before = machine()
  do
    local lab <close>, a, b, link = two_hosts()
    assert(a:addr_add("eth0", "192.168.88.88/24", {label = "eth0:0"}))
    assert(a:link_set("eth0", {mtu = 1400}))
    assert(link:impair{rate = "10mbit"})
    assert(link:cut())
  end
  lu.assertEquals(machine(), before)
end

-- Formatters -----------------------------------------------------------

function TestIface:test_ip_addr_and_ifconfig_formats()
  local lab <close>, a = two_hosts()
  assert(a:addr_add("eth0", "192.168.88.88/24", {label = "eth0:0"}))
  local rows = a:ifaces()
  local mac = find(rows, "name", "eth0").mac
  local ip = fmt.ip_addr(rows)
  lu.assertStrContains(ip, "1: lo: <LOOPBACK,UP,LOWER_UP> mtu 65536 state UNKNOWN")
  lu.assertStrContains(ip, "2: eth0: <BROADCAST,MULTICAST,UP,LOWER_UP> mtu 1500 state UP qlen 1000\n"
    .. "    link/ether " .. mac .. " brd ff:ff:ff:ff:ff:ff\n"
    .. "    inet 10.0.0.1/24 brd 10.0.0.255 scope global eth0\n"
    .. "    inet 192.168.88.88/24 brd 192.168.88.255 scope global eth0:0\n")
  local ifc = fmt.ifconfig(rows)
  lu.assertStrContains(ifc, "eth0: flags=4163<UP,BROADCAST,RUNNING,MULTICAST>  mtu 1500\n"
    .. "        inet 10.0.0.1  netmask 255.255.255.0  broadcast 10.0.0.255\n")
  lu.assertStrContains(ifc, "eth0:0: flags=4163<UP,BROADCAST,RUNNING,MULTICAST>  mtu 1500\n"
    .. "        inet 192.168.88.88  netmask 255.255.255.0  broadcast 192.168.88.255\n"
    .. "        ether " .. mac .. "  txqueuelen 1000  (Ethernet)")
  lu.assertStrContains(ifc, "lo: flags=73<UP,LOOPBACK,RUNNING>  mtu 65536\n        inet 127.0.0.1  netmask 255.0.0.0\n")
  lu.assertStrMatches(ifc, ".*RX packets %d+  bytes %d+ %(%d+%.%d [KMG]?B%).*")
end

-- Bad input ------------------------------------------------------------

function TestIface:test_addr_add_bad_input()
  local lab <close>, a = two_hosts()
  local function raises(msg, ...) lu.assertErrorMsgContains(msg, a.addr_add, a, ...) end
  raises("bad argument #1 to 'addr_add' (interface name expected, got nil)")
  raises("bad argument #2 to 'addr_add' (CIDR string expected, got number)", "eth0", 42)
  raises("bad argument #2 to 'addr_add' (invalid CIDR \"192.168.88.88\"", "eth0", "192.168.88.88")
  raises("bad argument #2 to 'addr_add' (invalid CIDR \"300.1.1.1/24\"", "eth0", "300.1.1.1/24")
  raises("bad argument #2 to 'addr_add' (prefix length out of range in \"192.168.88.88/33\" (0-32 for IPv4))",
    "eth0", "192.168.88.88/33")
  raises("(prefix length out of range in \"fd00::1/129\" (0-128 for IPv6))", "eth0", "fd00::1/129")
  raises("bad argument #3 to 'addr_add' (label \"ens33:0\" must start with the interface's name, as in \"eth0:0\")",
    "eth0", "192.168.88.88/24", {label = "ens33:0"})
  raises("(label \"eth00\" must start", "eth0", "192.168.88.88/24", {label = "eth00"})
  raises("(label \"eth0:0123456789ab\" is longer than 15 characters)", "eth0", "192.168.88.88/24", {label = "eth0:0123456789ab"})
  raises("(label: only IPv4 addresses have labels)", "eth0", "fd00::1/64", {label = "eth0:0"})
  raises("(label: string expected, got number)", "eth0", "192.168.88.88/24", {label = 0})
  raises("(unknown option 'lable' (label expected))", "eth0", "192.168.88.88/24", {lable = "eth0:0"})
  lu.assertEquals({a:addr_add("eth9", "192.168.88.88/24")}, {nil, "host a has no interface eth9", errno.ENODEV})
  assert(a:addr_add("eth0", "192.168.88.88/24", {label = "eth0:0"}))
  lu.assertEquals({a:addr_add("eth0", "192.168.88.88/24")},
    {nil, "a:eth0 has address 192.168.88.88/24 already", errno.EEXIST})
  lu.assertEquals(#a:addrs(), 5, "nothing half-created: lo x2, 10.0.0.1, the alias, eth0's fe80::")
end

function TestIface:test_addr_del_bad_input()
  local lab <close>, a = two_hosts()
  lu.assertErrorMsgContains("bad argument #2 to 'addr_del' (invalid CIDR \"x\"", a.addr_del, a, "eth0", "x")
  lu.assertErrorMsgContains("bad argument #1 to 'addr_del' (interface name expected, got table)", a.addr_del, a, {}, "1.2.3.4/24")
  lu.assertEquals({a:addr_del("eth0", "192.168.88.88/24")}, {nil, "a:eth0 has no address 192.168.88.88/24", errno.EADDRNOTAVAIL})
  lu.assertEquals({a:addr_del("eth9", "10.0.0.1/24")}, {nil, "host a has no interface eth9", errno.ENODEV})
  lu.assertNotNil(find(a:addrs(), "address", "10.0.0.1"))
end

function TestIface:test_link_set_bad_input()
  local lab <close>, a = two_hosts()
  local function raises(msg, ...) lu.assertErrorMsgContains(msg, a.link_set, a, ...) end
  raises("bad argument #1 to 'link_set' (interface name expected, got nil)")
  raises("bad argument #2 to 'link_set' (table expected, got nil)", "eth0")
  raises("bad argument #2 to 'link_set' (nothing to set: up, mtu or mac expected)", "eth0", {})
  raises("(unknown option 'speed' (up, mtu or mac expected))", "eth0", {speed = 10})
  raises("(mtu: integer expected, got string)", "eth0", {mtu = "1400"})
  raises("(mtu: integer expected, got number)", "eth0", {mtu = 1400.5})
  raises("(up: boolean expected, got string)", "eth0", {up = "yes"})
  raises("(mac: MAC address like \"02:00:00:00:00:01\" expected, got \"02:00\")", "eth0", {mac = "02:00"})
  lu.assertEquals({a:link_set("eth9", {up = true})}, {nil, "host a has no interface eth9", errno.ENODEV})
  lu.assertEquals({a:link_set("eth0", {mtu = 10})}, {nil, "cannot set link on a:eth0: invalid argument", errno.EINVAL})
  lu.assertEquals(find(a:ifaces(), "name", "eth0").mtu, 1500)
end

function TestIface:test_impair_bad_input()
  local lab <close>, a, b, link = two_hosts()
  local c = lab:host "c"
  local function raises(msg, ...) lu.assertErrorMsgContains(msg, link.impair, link, ...) end
  raises("bad argument #1 to 'impair' (table expected, got string)", "50ms")
  raises("(nothing to impair: delay, jitter, loss, rate, duplicate, corrupt, reorder or limit expected)", {})
  raises("(unknown option 'dealy' (delay, jitter, loss, rate, duplicate, corrupt, reorder, limit, side, seed or engine expected))", {dealy = "50ms"})
  raises("(delay: a time like \"50ms\", \"200us\" or \"1s\" expected, got \"50 parsecs\")", {delay = "50 parsecs"})
  raises("(delay: a time like", {delay = "-5ms"})
  raises("(jitter: a time like", {jitter = true})
  raises("(loss: a percentage like \"5%\" (0-100), \"5% 25%\" (with its correlation), \"gemodel P [R [1-H [1-K]]]\" or \"state P13 [P31 [P32 [P23 [P14]]]]\" expected, got \"5\")", {loss = "5"})
  raises("(loss: a percentage like", {loss = "150%"})
  raises("(rate: a rate like \"1mbit\", \"500kbit\" or \"2mbps\" (8bit-17gbit) expected, got \"fast\")", {rate = "fast"})
  raises("(rate: a rate like", {rate = 0})
  raises("(side: one of the link's hosts (a or b) expected, got netlab.host)", {rate = "1mbit", side = c})
  lu.assertErrorMsgContains("calling 'impair' on bad self (netlab.link expected, got table)", link.impair, {}, {})
  lu.assertErrorMsgContains("calling 'cut' on bad self", link.cut, a)
  lu.assertNotStrContains(a:sh("tc qdisc show dev eth0"), "tbf", "nothing applied")
end

function TestIface:test_closed_host_and_lab_raise()
  local lab, a, b, link = two_hosts()
  lab:close()
  for _, call in ipairs({
    function() return a:ifaces() end, function() return a:addrs() end,
    function() return a:link_set("eth0", {up = true}) end,
    function() return a:addr_add("eth0", "1.2.3.4/24") end,
    function() return a:addr_del("eth0", "1.2.3.4/24") end,
  }) do
    lu.assertErrorMsgContains("attempt to use a closed host", call)
  end
  lu.assertErrorMsgContains("attempt to use a closed lab", link.impair, link, {rate = "1mbit"})
  lu.assertErrorMsgContains("attempt to use a closed lab", link.cut, link)
  lu.assertErrorMsgContains("attempt to use a closed lab", link.heal, link)
  lu.assertErrorMsgContains("calling 'ifaces' on bad self (netlab.host expected, got string)",
    getmetatable(a).__index.ifaces, "a")
end
