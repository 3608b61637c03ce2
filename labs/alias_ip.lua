-- alias_ip: a second IP on one interface (ifconfig eth0:0 ... up): its label in ip addr, who can reach it and why
--
-- The course notes give a Linux machine a second address on the same
-- network card:
--   $ ifconfig ens33:0 192.168.88.88 netmask 255.255.255.0 up
-- ens33:0 is not a new card: it is a label on an extra address of ens33
-- (`ip addr add 192.168.88.88/24 dev ens33 label ens33:0` says the same).
-- Here host B (192.168.121.1) gets the alias on its eth0; host A
-- (192.168.121.4) shares B's LAN. A reaches the alias only once it knows
-- where 192.168.88.0/24 is: an address of its own in that network (same
-- LAN), or a route through B (another network). Exit 0 only if every
-- claim held.

local lesson = require "netlab.lesson"
local fmt = require "netlab.fmt_iface"

local A_ADDR, B_ADDR = "192.168.121.4/24", "192.168.121.1/24"
local ALIAS, ALIAS_IP = "192.168.88.88/24", "192.168.88.88"
local PORT = 80
local LIMIT = 30 -- seconds the whole lab may take
local WAIT = 3   -- seconds any one network wait may take
local lab = lesson.new{name = "alias_ip", limit = LIMIT, programs = {"ip"}, params = {}, exercise = "alias_ip"}

-- Tries a TCP connection from host FROM to the alias; returns true or
-- the error ("network is unreachable", "timeout"...).
local function reach(from)
  local c <close> = assert(from:tcp())
  c:settimeout(WAIT)
  local ok, err = c:connect(ALIAS_IP, PORT)
  if not ok then return err end
  c:settimeout(WAIT)
  local line = c:receive("*l")
  return line == "hello from the alias" or tostring(line)
end

-- A server in B on every address, answering one line per connection.
local function serve(b)
  local s = assert(b:tcp())
  assert(s:setoption("reuseaddr", true))
  assert(s:bind("*", PORT))
  assert(s:listen())
  netlab.daemon(function()
    while true do
      local c = s:accept()
      if not c then return end
      c:send("hello from the alias\n")
      c:close()
    end
  end)
  return s
end

-- Part 1: the LAN and the alias.
local function build(net)
  print("== Part 1: host B gets a second address on eth0 ==")
  local a, b = assert(net:host "A"), assert(net:host "B")
  assert(net:link(a, b, A_ADDR, B_ADDR))
  print(("  A eth0 %s, B eth0 %s, one LAN (a veth pair)"):format(A_ADDR, B_ADDR))
  lab:step("ifconfig eth0:0 192.168.88.88 netmask 255.255.255.0 up   # in B",
    "= ip addr add 192.168.88.88/24 brd + dev eth0 label eth0:0")
  local ok, err = b:addr_add("eth0", ALIAS, {label = "eth0:0"})
  lab:check(ok, "B has the alias 192.168.88.88/24 labelled eth0:0", err)
  lab:step("ip addr show dev eth0   # in B", "one card, two addresses; the label marks the alias")
  local out = b:sh("ip addr show dev eth0", {timeout = WAIT}) or ""
  lab:show(out)
  lab:check(out:find("inet 192.168.88.88/24 brd 192.168.88.255 scope global eth0:0", 1, true),
    "ip addr shows the alias with its label eth0:0")
  lab:step("ifconfig   # in B", "ifconfig shows the alias as an interface of its own")
  local rows = assert(b:ifaces())
  local text = fmt.ifconfig(rows)
  lab:show(text)
  lab:check(text:find("eth0:0: flags=", 1, true) and text:find("inet 192.168.88.88  netmask 255.255.255.0", 1, true),
    "ifconfig lists eth0:0 with 192.168.88.88 netmask 255.255.255.0")
  local eth0
  for _, r in ipairs(rows) do if r.name == "eth0" then eth0 = r end end
  lab:check(eth0 and #eth0.addrs >= 2, "yet there is one interface, eth0, holding both addresses")
  return a, b
end

-- Part 2: B itself, and A without any way there.
local function unreachable(a, b)
  print("\n== Part 2: who can reach 192.168.88.88? ==")
  lab:step("curl http://192.168.88.88/   # in B", "B's own address: delivered locally")
  local r = reach(b)
  lab:check(r == true, "B reaches its own alias", r ~= true and r or nil)
  lab:step("curl http://192.168.88.88/   # in A", "A's table has 192.168.121.0/24 only")
  lab:show(a:sh("ip route", {timeout = WAIT}) or "")
  r = reach(a)
  lab:check(r == "network is unreachable", "A cannot: no route matches 192.168.88.88", r)
end

-- Part 3: A joins 192.168.88.0/24 on the same LAN.
local function same_network(a)
  print("\n== Part 3: from the same network ==")
  lab:step("ifconfig eth0:0 192.168.88.4 netmask 255.255.255.0 up   # in A",
    "A gets an alias in 192.168.88.0/24 too: the network is now directly connected")
  assert(a:addr_add("eth0", "192.168.88.4/24", {label = "eth0:0"}))
  lab:show(a:sh("ip route", {timeout = WAIT}) or "")
  local r = reach(a)
  lab:check(r == true, "A reaches 192.168.88.88 directly (ARP on eth0 finds B's card)", r ~= true and r or nil)
  lab:step("ifconfig eth0:0 down   # in A", "= ip addr del 192.168.88.4/24 dev eth0")
  assert(a:addr_del("eth0", "192.168.88.4/24"))
  r = reach(a)
  lab:check(r == "network is unreachable", "without it, A cannot reach the alias again", r)
end

-- Part 4: A stays in its own network and routes through B.
local function via_route(a, b)
  print("\n== Part 4: from another network, through a route ==")
  lab:step("route add -host 192.168.88.88 gw 192.168.121.1   # in A",
    "= ip route add 192.168.88.88/32 via 192.168.121.1")
  local ok, err = a:route_add("192.168.88.88", {via = "192.168.121.1"})
  lab:check(ok, "A has a host route to the alias via B", err)
  lab:show(a:sh("ip route", {timeout = WAIT}) or "")
  local r = reach(a)
  lab:check(r == true, "A reaches 192.168.88.88: the packet goes to B's MAC, B owns the address", r ~= true and r or nil)
  lab:step("ifconfig eth0:0 down   # in B", "B gives the alias up")
  assert(b:addr_del("eth0", ALIAS))
  r = reach(a)
  lab:check(r ~= true, "the route alone is not enough: nobody has 192.168.88.88 any more", r)
end

lab:run(function()
  local net <close> = netlab.lab()
  local a, b = build(net)
  local server <close> = serve(b)
  unreachable(a, b)
  same_network(a)
  via_route(a, b)
end)
