-- routes: host A reaches B's alias 192.168.88.88 only after `route add -host ... gw B`; route -n tables and the mask AND walk
--
-- The lesson of the notes: host A (192.168.121.4) and host B
-- (192.168.121.1) share a LAN; B also answers on an alias address,
-- 192.168.88.88/24 (ifconfig eth0:0 192.168.88.88 netmask 255.255.255.0
-- up). A's default route points at a gateway G (192.168.121.2) that
-- knows nothing of 192.168.88.0/24, so A cannot reach 192.168.88.88.
-- After
--   $ route add -host 192.168.88.88 gw 192.168.121.1
-- A sends those packets to B directly, and they arrive.
--
-- How the LAN is built here, honestly: the notes put A, B and G on one
-- LAN. A LAN of three hosts needs a switch; this lab uses two cables
-- instead: A's eth0 goes to B (192.168.121.0/24), A's eth1 to G, and A
-- gets a host route `192.168.121.2 dev eth1` so G is still "on the LAN"
-- as far as A's routing is concerned. What the lesson shows (which entry
-- A's kernel picks, and where the packet goes) is the same.

local lesson = require "netlab.lesson"
local fmt = netlab.fmt

local A_IP, B_IP, G_IP = "192.168.121.4", "192.168.121.1", "192.168.121.2"
local ALIAS = "192.168.88.88"
local PORT = 80
local LIMIT = 30 -- seconds the whole lab may take
local WAIT = 5   -- seconds a wait that should succeed may take
local LOST = 1   -- seconds to wait for an answer that should not come
local lab = lesson.new{name = "routes", limit = LIMIT, programs = {"route", "ip", "arp"}, params = {},
  exercise = "routes"}

-- Part 1: the hosts, the cables, B's alias and A's routes.
local function build(net)
  print("== Part 1: A, B (with an alias) and a gateway G that knows nothing ==")
  local a, b, g = assert(net:host "A"), assert(net:host "B"), assert(net:host "G")
  lab:step("ifconfig eth0 192.168.121.4/24 up  # on A;  B: 192.168.121.1/24", "A and B on one cable")
  assert(net:link(a, b, A_IP .. "/24", B_IP .. "/24"))
  lab:step("ifconfig eth0:0 192.168.88.88 netmask 255.255.255.0 up  # on B", "B's alias address")
  assert(b:_addr_add("eth0", ALIAS .. "/24"))
  lab:step("route add -host 192.168.121.2 dev eth1  # on A; G: 192.168.121.2/24",
    "G on A's second cable (a stand-in for a switch, see the top of this file)")
  assert(net:link(a, g, nil, G_IP .. "/24"))
  assert(a:route_add(G_IP, {dev = "eth1"}))
  lab:step("route add default gw 192.168.121.2  # on A", "everything else goes to G")
  assert(a:route_add("default", {via = G_IP}))
  return a, b, g
end

-- Prints HOST's table as route -n does and checks it is route -n's own.
local function show_routes(host)
  lab:step(("route -n  # on %s"):format(host:name()))
  local text = fmt.route_n(assert(host:routes()))
  lab:show((text:gsub("\n$", "")))
  local real = host:sh("route -n", {timeout = WAIT})
  lab:check(text == real, ("netlab.fmt.route_n is what route -n prints on %s"):format(host:name()))
end

-- Prints the walk through A's table for IP; checks the pick is the
-- kernel's and goes through WANT_GW. Returns the route.
local function walk(a, ip, want_gw, want_prefix)
  lab:step(("ip route get %s  # on A"):format(ip), "each entry: destination AND genmask == entry's destination? longest prefix wins")
  lab:output(a, "ip route get " .. ip)
  print("  netlab's walk (host:route_get):")
  local r, steps = assert(a:route_get(ip))
  for _, s in ipairs(steps) do
    lab:show(s.text .. (s.picked and "   <- longest match" or ""), "  | ")
  end
  print(("  -> %s"):format(r.text))
  lab:check(r.agrees, "the walk picks the entry A's kernel picks (RTM_GETROUTE)")
  lab:check(r.gateway == want_gw and r.entry and r.entry.prefix == want_prefix,
    ("%s goes via %s, the /%d entry"):format(ip, want_gw, want_prefix),
    ("%s /%s"):format(tostring(r.gateway), tostring(r.entry and r.entry.prefix)))
  return r
end

-- Tries a TCP connection from A to the alias; returns the line B answered.
local function try_connect(a)
  local c <close> = assert(a:tcp())
  c:settimeout(LOST)
  local ok, err = c:connect(ALIAS, PORT)
  if not ok then return nil, err end
  c:settimeout(WAIT)
  c:send("hello from A\n")
  return c:receive("*l")
end

-- Part 2: the default route sends the packets to G, who drops them.
local function unreachable(a, g)
  print("\n== Part 2: A cannot reach 192.168.88.88 ==")
  show_routes(a)
  walk(a, ALIAS, G_IP, 0)
  show_routes(g)
  lab:step(("ip route get %s  # on G"):format(ALIAS), "G's walk: no entry matches")
  lab:output(g, "ip route get " .. ALIAS)
  print("  netlab's walk (host:route_get):")
  local none, why, _, steps = g:route_get(ALIAS)
  for _, st in ipairs(steps or {}) do lab:show(st.text, "  | ") end
  lab:check(none == nil and steps[#steps].no_route, "G has no route to 192.168.88.88: it drops what A sends there", why)
  lab:step(("exec 8<> /dev/tcp/%s/%d  # on A"):format(ALIAS, PORT), "the SYN goes to G, who drops it")
  local answer, err = try_connect(a)
  lab:check(answer == nil, "A cannot reach 192.168.88.88", err)
end

-- Part 3: a host route through B.
local function reachable(a, seen)
  print("\n== Part 3: route add -host 192.168.88.88 gw 192.168.121.1 ==")
  lab:step("route add -host 192.168.88.88 gw 192.168.121.1  # on A", "a host route: this one address goes via B")
  assert(a:route_add(ALIAS, {via = B_IP}))
  show_routes(a)
  walk(a, ALIAS, B_IP, 32)
  lab:step(("exec 8<> /dev/tcp/%s/%d; echo hello >&8; cat <&8  # on A"):format(ALIAS, PORT))
  local answer, err = try_connect(a)
  print(("  B answered %q"):format(tostring(answer or err)))
  lab:check(answer == "hello 192.168.121.4, this is 192.168.88.88", "A reaches 192.168.88.88 now", err)
  lab:check(seen.ip == A_IP, "B saw the connection come from 192.168.121.4", seen.ip)
end

-- Part 4: ARP resolves the next hop, never the far destination.
local function next_hop_mac(a, b)
  print("\n== Part 4: whose MAC did A need? ==")
  lab:step("arp -an  # on A", "the Ethernet frame goes to the next hop: B's MAC")
  local rows = assert(a:neigh())
  lab:show((fmt.arp_a(rows):gsub("\n$", "")))
  local b_mac = (b:sh("ip -o link show eth0", {timeout = WAIT}) or ""):match("link/ether (%S+)")
  local found, alias = nil, nil
  for _, r in ipairs(rows) do
    if r.ip == B_IP then found = r end
    if r.ip == ALIAS then alias = r end
  end
  lab:check(found and found.mac == b_mac, "A's ARP table has 192.168.121.1 at B's MAC", b_mac)
  lab:check(alias == nil, "and no entry for 192.168.88.88: it is not on A's network")
  lab:check(fmt.arp_a(rows) == a:sh("arp -an", {timeout = WAIT}), "netlab.fmt.arp_a is what arp -an prints")
end

-- Part 5: without the host route, the default wins again.
local function undo(a)
  print("\n== Part 5: route del -host 192.168.88.88 ==")
  lab:step("route del -host 192.168.88.88  # on A")
  assert(a:route_del(ALIAS))
  walk(a, ALIAS, G_IP, 0)
end

-- B's server on the alias: answers each line with who it came from.
local function serve(listener, seen)
  while true do
    local c = listener:accept()
    if not c then return end
    c:settimeout(WAIT)
    seen.ip = c:getpeername()
    local line = c:receive("*l")
    if line then c:send(("hello %s, this is %s\n"):format(seen.ip, ALIAS)) end
    c:close()
  end
end

lab:run(function()
  local net <close> = netlab.lab()
  local a, b, g = build(net)
  local listener <close> = assert(b:tcp())
  assert(listener:bind(ALIAS, PORT))
  assert(listener:listen())
  local seen = {}
  netlab.daemon(serve, listener, seen)
  unreachable(a, g)
  reachable(a, seen)
  next_hop_mac(a, b)
  undo(a)
end)
