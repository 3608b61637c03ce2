-- vpn: two private networks joined by a VPN written in Lua over TUN, across a public network that routes only the VPN's endpoints: outside only UDP between them, inside the same handshake
--
-- A VPN is a packet carrying a packet. Two sites number their hosts from
-- private prefixes, 10.1.0.0/24 and 10.2.0.0/24, which the public network
-- between their gateways does not route: only the gateways' public
-- addresses are reachable there. Each gateway gets a TUN interface:
--   $ ip tuntap add tun0 mode tun; ip addr add 10.8.0.1/24 dev tun0
--   $ ip route add 10.2.0.0/24 dev tun0       the other site, into the tunnel
-- What the kernel routes into tun0, a program reads as a whole IP packet;
-- this lab's program (a dozen lines of Lua) sends it to the other gateway
-- in a UDP datagram, and writes what arrives into its own tun0, where the
-- kernel takes it as a packet come in. The network:
--
--   a 10.1.0.2 - gw_a 10.1.0.1 | 203.0.113.1 - isp - 198.51.100.2 | 10.2.0.1 gw_b - b 10.2.0.2
--                gw_a:tun0 10.8.0.1 ======= UDP 5555 ======= gw_b:tun0 10.8.0.2
--
-- Before the VPN, a cannot reach b: the public router has no route to
-- 10.2.0.0/24. After it, a TCP connection from a to b crosses; on the
-- public link tcpdump sees nothing but UDP between the gateways, on tun0
-- it sees the connection itself, and its handshake has the numbers a and
-- b see. Exit 0 only if every claim held.
-- Usage: netlab labs/vpn.lua

local lesson = require "netlab.lesson"
local P = netlab.packet

local A, B, GW_A, GW_B = "10.1.0.2", "10.2.0.2", "203.0.113.1", "198.51.100.2"
local PORT, HTTP = 5555, 80
local LIMIT = 15 -- seconds the whole lab may take
local WAIT = 2   -- seconds any one network wait may take
local lab = lesson.new{name = "vpn", limit = LIMIT}

-- The two sites and the public network between them.
local function network(net)
  local a, gw_a = assert(net:host "a"), assert(net:router "gw_a")
  local isp = assert(net:router "isp")
  local gw_b, b = assert(net:router "gw_b"), assert(net:host "b")
  assert(net:link(a, gw_a, A .. "/24", "10.1.0.1/24"))
  assert(net:link(gw_a, isp, GW_A .. "/24", "203.0.113.254/24"))
  assert(net:link(isp, gw_b, "198.51.100.254/24", GW_B .. "/24"))
  assert(net:link(gw_b, b, "10.2.0.1/24", B .. "/24"))
  assert(a:route_add("default", {via = "10.1.0.1"}))
  assert(b:route_add("default", {via = "10.2.0.1"}))
  assert(gw_a:route_add("default", {via = "203.0.113.254"}))
  assert(gw_b:route_add("default", {via = "198.51.100.254"}))
  print("a 10.1.0.2 - gw_a 10.1.0.1 | 203.0.113.1 - isp - 198.51.100.2 | 10.2.0.1 gw_b - b 10.2.0.2")
  return a, gw_a, isp, gw_b, b
end

-- Moves packets in a task: write(read()) until read says closed.
local function pump(read, write)
  netlab.daemon(function()
    while true do
      local packet = read()
      if not packet then return end
      write(packet)
    end
  end)
end

-- The VPN's end on gateway GW: tun0 with TUN_ADDR, UDP to PEER, and a
-- route sending FAR (the other site's prefix) into the tunnel.
local function vpn(gw, tun_addr, peer, far)
  local tun = assert(gw:tun("tun0", {addr = tun_addr, mtu = 1500 - 20 - 8})) -- room for IP + UDP outside
  local udp = assert(gw:udp())
  assert(udp:setsockname("*", PORT))
  assert(udp:setpeername(peer, PORT))
  pump(function() return tun:read() end, function(p) udp:send(p) end)
  pump(function() return udp:receive(65535) end, function(p) tun:write(p) end)
  assert(gw:route_add(far, {dev = "tun0"}))
end

-- The handshake's three segments in CAP: {flags, seq, ack} of each.
local function handshake(cap)
  local out = {}
  for p in cap:packets{count = 3, timeout = WAIT} do
    out[#out + 1] = ("%s seq %d ack %d"):format(p.tcp.flags, p.tcp.seq, p.tcp.ack)
  end
  return table.concat(out, ", ")
end

-- Part 1: without the VPN the private prefix goes nowhere.
local function before(a, isp)
  lab:step("ping -c 1 -W 1 " .. B .. "  # in a, before the VPN")
  local res = a:ping(B, {count = 1, timeout = 1})
  lab:check(res and res.received == 0, "a cannot reach b across the public network", res and res.received)
  lab:step("ip route get " .. B .. "  # in isp")
  lab:check(isp:route_get(B) == nil, "the public router has no route to 10.2.0.0/24: only the gateways are routable")
end

-- Part 2: the VPN, a TUN at each gateway and UDP between them.
local function start_vpn(gw_a, gw_b)
  lab:step("ip tuntap add tun0 mode tun; ip addr add 10.8.0.1/24 dev tun0  # in gw_a (10.8.0.2 in gw_b)")
  lab:java("gw_a", "tun:read() -> udp:send(packet)", "into the tunnel: a whole IP packet per datagram")
  lab:java("gw_a", "udp:receive() -> tun:write(packet)", "out of it: the kernel takes it as come in on tun0")
  vpn(gw_a, "10.8.0.1/24", GW_B, "10.2.0.0/24")
  vpn(gw_b, "10.8.0.2/24", GW_A, "10.1.0.0/24")
  lab:step("ip route add 10.2.0.0/24 dev tun0  # in gw_a (10.1.0.0/24 in gw_b)")
  local r = gw_a:route_get(B)
  lab:check(r and r.iface == "tun0", "gw_a sends the other site's prefix into the tunnel", r and r.text)
end

-- Part 3: a connection through the VPN, seen outside and inside.
local function connect_through(a, gw_a, b)
  local listener <close> = assert(b:tcp())
  assert(listener:bind("*", HTTP))
  assert(listener:listen(4))
  netlab.daemon(function()
    local c = listener:accept()
    if c then c:send("hello from b\n"); c:close() end
  end)
  local filter = "tcp port " .. HTTP
  lab:step(("tcpdump -nn -i eth1 ip  # in gw_a: the public side; and -i tun0 %s: the tunnel"):format(filter))
  local public <close> = assert(gw_a:capture{iface = "eth1", filter = "ip"})
  local inner <close> = assert(gw_a:capture{iface = "tun0", filter = filter})
  local at_a <close> = assert(a:capture{iface = "eth0", filter = filter})
  local at_b <close> = assert(b:capture{iface = "eth0", filter = filter})
  lab:step(("nc %s %d  # in a"):format(B, HTTP))
  local c <close> = assert(a:tcp())
  c:settimeout(WAIT)
  local ok = c:connect(B, HTTP)
  local line = ok and c:receive("*l")
  lab:check(line == "hello from b", "a's connection to b crosses the VPN", line)
  local seen = {at_a = handshake(at_a), tun = handshake(inner), at_b = handshake(at_b)}
  print("  on tun0:")
  for _, p in ipairs(inner:list()) do lab:packet(p) end
  local datagrams, others = {}, 0
  for p in public:packets{count = 40, timeout = 0.3} do
    local between = p.udp and p.udp.sport == PORT and p.udp.dport == PORT
      and ((p.ip.src == GW_A and p.ip.dst == GW_B) or (p.ip.src == GW_B and p.ip.dst == GW_A))
    if between then datagrams[#datagrams + 1] = p else others = others + 1 end
  end
  print("  on the public link:")
  for i = 1, math.min(#datagrams, 3) do lab:packet(datagrams[i]) end
  lab:check(#datagrams >= 3 and others == 0, ("the public link carries only UDP %s:%d <-> %s:%d")
    :format(GW_A, PORT, GW_B, PORT), ("%d datagrams, %d other packets"):format(#datagrams, others))
  local first = datagrams[1] and P.decode(datagrams[1].payload, "raw")
  lab:check(first and first.tcp and first.tcp.flags == "S" and first.ip.src == A and first.ip.dst == B,
    "each datagram carries a whole IP packet: the first is a's SYN to b",
    first and ("%s > %s %s"):format(first.ip.src, first.ip.dst, first.tcp and first.tcp.flags))
  lab:check(seen.tun ~= "" and seen.tun == seen.at_a and seen.tun == seen.at_b,
    "inside the tunnel is the same handshake a and b see: " .. seen.tun, ("a %s; b %s"):format(seen.at_a, seen.at_b))
end

lab:run(function()
  local net <close> = netlab.lab()
  local a, gw_a, isp, gw_b, b = network(net)
  print("\n== Part 1: private prefixes across a public network ==")
  before(a, isp)
  print("\n== Part 2: the VPN ==")
  start_vpn(gw_a, gw_b)
  print("\n== Part 3: a connection through it ==")
  connect_through(a, gw_a, b)
end)
