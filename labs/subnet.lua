-- subnet: IP AND mask = network number, same-network decisions, and the forwarding algorithm step by step on a real lab
--
-- The course notes: the network number of an address is the address
-- AND its subnet mask; two addresses are on the same network when both
-- give the same network number. A host (or router) forwards a packet
-- for destination D like this:
--   1. D AND the mask of a network it is connected to == that network:
--      deliver directly (ARP for D itself);
--   2. else a host route for D exists: send to its next hop;
--   3. else a network route whose mask AND D == its destination: send
--      to its next hop;
--   4. else a default route exists: send to the default gateway;
--   5. else: report an error (network is unreachable).
-- (Linux does all of this as one longest-prefix match: /32 host routes,
-- then the longer network prefixes, then /0, the default.)
-- The network, every host a network namespace of this process:
--
--   a 192.168.1.10 --+                  +-- c 192.168.2.2   (network route)
--   b 192.168.1.20 --+-- sw -- r -------+-- d 10.8.0.2      (host route)
--                       192.168.1.1     +-- e 172.16.0.2    (default route)
--
-- Each decision is shown with host:route_get's walk and proved by a
-- ping or a TCP connection. Exit 0 only if every claim held.

local lesson = require "netlab.lesson"
local fmt = netlab.fmt

local LIMIT = 30 -- seconds the whole lab may take
local WAIT = 3   -- seconds any one network wait may take
local PORT = 80
local R_LAN = "192.168.1.1"
local lab = lesson.new{name = "subnet", limit = LIMIT, programs = {"ip"}, params = {}, exercise = "subnet"}

-- Part 1: arithmetic ----------------------------------------------------

-- "a.b.c.d" -> 32-bit integer, or nil.
local function ip_int(text)
  local a, b, c, d = text:match("^(%d+)%.(%d+)%.(%d+)%.(%d+)$")
  if not a then return nil end
  return ((tonumber(a) * 256 + tonumber(b)) * 256 + tonumber(c)) * 256 + tonumber(d)
end

-- 32-bit integer -> "a.b.c.d".
local function int_ip(n)
  return ("%d.%d.%d.%d"):format(n >> 24 & 255, n >> 16 & 255, n >> 8 & 255, n & 255)
end

-- A prefix length -> the mask as an integer.
local function prefix_mask(prefix)
  return (0xffffffff << (32 - prefix)) & 0xffffffff
end

-- The network number of IP under MASK (both "a.b.c.d").
local function network(ip, mask)
  return int_ip(ip_int(ip) & ip_int(mask))
end

-- "11000000.10101000.00000001.00001010": the 32 bits of N.
local function bits(n)
  local out = {}
  for i = 31, 0, -1 do
    out[#out + 1] = tostring(n >> i & 1)
    if i % 8 == 0 and i > 0 then out[#out + 1] = "." end
  end
  return table.concat(out)
end

-- Part 1: the network number of an address, bit by bit.
local function network_numbers()
  print("== Part 1: IP AND mask = the network number ==")
  local cases = {
    {"192.168.1.10", "255.255.255.0", "192.168.1.0"},
    {"202.112.14.137", "255.255.255.224", "202.112.14.128"},
    {"10.8.0.2", "255.0.0.0", "10.0.0.0"},
    {"172.16.0.2", "255.255.0.0", "172.16.0.0"},
  }
  for _, c in ipairs(cases) do
    local ip, mask, want = table.unpack(c)
    print()
    print(("    %-15s  %s"):format(ip, bits(ip_int(ip))))
    print(("AND %-15s  %s"):format(mask, bits(ip_int(mask))))
    local net = network(ip, mask)
    print(("  = %-15s  %s"):format(net, bits(ip_int(net))))
    lab:check(net == want, ("%s AND %s = %s"):format(ip, mask, want), net)
  end
end

-- Part 2: whether two addresses are on one network under a mask.
local function same_network()
  print("\n== Part 2: same network? Compare IP1 AND mask with IP2 AND mask ==")
  local cases = {
    {"192.168.1.10", "192.168.1.20", 24, true},
    {"192.168.1.10", "192.168.2.2", 24, false},
    {"10.0.0.1", "10.0.1.1", 16, true},
    {"10.0.0.1", "10.0.1.1", 24, false},
    {"202.112.14.137", "202.112.14.160", 27, false},
    {"202.112.14.137", "202.112.14.150", 27, true},
  }
  for _, p in ipairs(cases) do
    local x, y, prefix, want = table.unpack(p)
    local mask = int_ip(prefix_mask(prefix))
    local nx, ny = network(x, mask), network(y, mask)
    local same = nx == ny
    print(("  %-15s AND %-15s = %-15s  %-15s AND %-15s = %-15s  %s"):format(
      x, mask, nx, y, mask, ny, same and "same network" or "different networks"))
    lab:check(same == want, ("%s and %s /%d: %s"):format(x, y, prefix, want and "same network" or "different networks"))
  end
end

-- Parts 3 and on: the lab --------------------------------------------------

-- Builds the network; returns the hosts by name.
local function build(net)
  print("\n== Part 3: the network: a LAN with a, b and router r; r's other links ==")
  lab:step("ip link add sw type bridge  # a switch; a, b and r plug in")
  local sw = assert(net:switch "sw")
  local h = {}
  for _, name in ipairs{"a", "b", "c", "d", "e"} do h[name] = assert(net:host(name)) end
  h.r = assert(net:router "r")
  assert(net:link(h.a, sw, "192.168.1.10/24"))
  assert(net:link(h.b, sw, "192.168.1.20/24"))
  assert(net:link(h.r, sw, R_LAN .. "/24"))
  lab:step("ifconfig eth1 192.168.2.1/24; eth2 10.8.0.1/24; eth3 172.16.0.1/24  # on r",
    "r's other networks, one host on each: c, d, e")
  local far = {{h.c, "192.168.2"}, {h.d, "10.8.0"}, {h.e, "172.16.0"}}
  for _, f in ipairs(far) do
    local host, net3 = f[1], f[2]
    assert(net:link(h.r, host, net3 .. ".1/24", net3 .. ".2/24"))
    assert(host:route_add("default", {via = net3 .. ".1"}))
  end
  print("  c, d and e: route add default gw <r's address on their link>")
  lab:step("route -n  # on a", "only a's own network: nothing for c, d, e yet")
  lab:show((fmt.route_n(assert(h.a:routes())):gsub("\n$", "")))
  return h
end

-- Shows HOST's walk for IP and the kernel's pick; returns the route (or
-- nil and the kernel's error).
local function walk(host, ip)
  lab:step(("ip route get %s  # on %s"):format(ip, host:name()),
    "each entry: destination AND genmask == entry's destination? longest prefix wins")
  lab:output(host, "ip route get " .. ip)
  print("  netlab's walk (host:route_get):")
  local r, err, _, walked = host:route_get(ip)
  if not r then
    for _, st in ipairs(walked) do lab:show(st.text, "  | ") end
    print("  -> " .. tostring(err))
    return nil, err
  end
  local steps = err
  for _, s in ipairs(steps) do
    lab:show(s.text .. (s.picked and "   <- longest match" or ""), "  | ")
  end
  print(("  -> %s"):format(r.text))
  lab:check(r.agrees, ("the walk picks the entry %s's kernel picks"):format(host:name()))
  return r
end

-- Pings IP once from HOST; returns whether the reply came.
local function ping(host, ip)
  lab:step(("ping -c 1 %s  # on %s"):format(ip, host:name()))
  local res, err = host:ping(ip, {count = 1, timeout = WAIT})
  lab:show(res and tostring(res) or tostring(err))
  return res ~= nil and res.received == 1
end

-- Connects from HOST to IP port PORT; returns the line the server wrote,
-- or nil and the error.
local function connect(host, ip)
  lab:step(("exec 8<> /dev/tcp/%s/%d; cat <&8  # on %s"):format(ip, PORT, host:name()))
  local s <close> = assert(host:tcp())
  s:settimeout(WAIT)
  local ok, err = s:connect(ip, PORT)
  if not ok then
    print("  connect: " .. tostring(err))
    return nil, err
  end
  local line, rerr = s:receive("*l")
  print(("  %s"):format(tostring(line or rerr)))
  return line, rerr
end

-- A server on c: one line per connection, naming the caller.
local function serve(listener)
  while true do
    local s = listener:accept()
    if not s then return end
    s:settimeout(WAIT)
    s:send(("hello %s, this is c\n"):format((s:getpeername())))
    s:close()
  end
end

-- Step 1: direct delivery on the LAN.
local function direct(h)
  print("\n== Step 1: direct delivery: the destination is on a's own network ==")
  print("  192.168.1.20 AND 255.255.255.0 = 192.168.1.0 = a's network: deliver directly")
  local r = walk(h.a, "192.168.1.20")
  lab:check(r and r.gateway == nil and r.entry and r.entry.prefix == 24,
    "a delivers to b directly: no gateway, the /24 of its own LAN", r and r.text)
  lab:check(ping(h.a, "192.168.1.20"), "a pings b directly")
  local mac
  for _, n in ipairs(assert(h.a:neigh())) do
    if n.ip == "192.168.1.20" then mac = n.mac end
  end
  lab:check(mac ~= nil, "a's ARP table now has b (192.168.1.20) itself", mac)
end

-- Step 2: a host route.
local function host_route(h)
  print("\n== Step 2: a host route: this one destination goes via r ==")
  lab:step("route add -host 10.8.0.2 gw 192.168.1.1  # on a")
  assert(h.a:route_add("10.8.0.2", {via = R_LAN}))
  local r = walk(h.a, "10.8.0.2")
  lab:check(r and r.gateway == R_LAN and r.entry and r.entry.prefix == 32,
    "10.8.0.2 matches the host route (/32): next hop r", r and r.text)
  lab:check(ping(h.a, "10.8.0.2"), "a pings d (10.8.0.2) through r")
  local none = walk(h.a, "10.8.0.3")
  lab:check(none == nil, "the host route covers 10.8.0.2 only: a has no route to 10.8.0.3")
end

-- Step 3: a network route.
local function network_route(h)
  print("\n== Step 3: a network route: all of 192.168.2.0/24 goes via r ==")
  lab:step("route add -net 192.168.2.0 netmask 255.255.255.0 gw 192.168.1.1  # on a")
  assert(h.a:route_add("192.168.2.0/24", {via = R_LAN}))
  local r = walk(h.a, "192.168.2.2")
  lab:check(r and r.gateway == R_LAN and r.entry and r.entry.prefix == 24
      and r.entry.destination == "192.168.2.0",
    "192.168.2.2 AND 255.255.255.0 = 192.168.2.0: the network route, next hop r", r and r.text)
  local line = connect(h.a, "192.168.2.2")
  lab:check(line == "hello 192.168.1.10, this is c", "a's TCP connection reaches c through r", line)
end

-- Step 4: the default route.
local function default_route(h)
  print("\n== Step 4: the default route: whatever nothing else matches ==")
  lab:step("route add default gw 192.168.1.1  # on a")
  assert(h.a:route_add("default", {via = R_LAN}))
  local r = walk(h.a, "172.16.0.2")
  lab:check(r and r.gateway == R_LAN and r.entry and r.entry.prefix == 0,
    "172.16.0.2 matches only the default (/0): next hop r", r and r.text)
  lab:check(ping(h.a, "172.16.0.2"), "a pings e (172.16.0.2) through the default gateway")
  r = walk(h.a, "10.8.0.2")
  lab:check(r and r.entry and r.entry.prefix == 32, "10.8.0.2 still takes the host route: /32 beats /0")
  lab:step("route -n  # on a")
  local text = fmt.route_n(assert(h.a:routes()))
  lab:show((text:gsub("\n$", "")))
end

-- Step 5: no route at all.
local function no_route(h)
  print("\n== Step 5: no entry matches: an error ==")
  print("  b has only its own network, no default route")
  local r, err = walk(h.b, "172.16.0.2")
  lab:check(r == nil, "b has no route to 172.16.0.2", err)
  local line, cerr = connect(h.b, "172.16.0.2")
  lab:check(line == nil and tostring(cerr):find("unreachable", 1, true) ~= nil,
    "b's connect fails at once: network is unreachable", cerr)
  lab:check(not ping(h.b, "172.16.0.2"), "and so does b's ping")
end

lab:run(function()
  network_numbers()
  same_network()
  local net <close> = netlab.lab()
  local h = build(net)
  local listener <close> = assert(h.c:tcp())
  assert(listener:bind("192.168.2.2", PORT))
  assert(listener:listen())
  netlab.daemon(serve, listener)
  direct(h)
  host_route(h)
  network_route(h)
  default_route(h)
  no_route(h)
end)
