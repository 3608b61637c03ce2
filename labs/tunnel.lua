-- tunnel: a VXLAN tunnel between two sites across a router: the underlay carries outer Ethernet/IP/UDP 4789/VXLAN, then the whole inner frame; the inner TTL and addresses stay, the outer ones change; an inner connection's MSS is 50 bytes smaller
--
-- A packet inside a packet. Two sites, a and b, reach each other across
-- router r. A VXLAN tunnel makes them neighbours on a private network of
-- their own, 192.168.42.0/24, as if one cable joined them:
--   $ ip link add vxlan0 type vxlan id 42 local 10.0.1.2 remote 10.0.2.2 dstport 4789
--   $ ip addr add 192.168.42.1/24 dev vxlan0; ip link set vxlan0 up    (and the mirror in b)
-- Each frame vxlan0 sends goes whole into a UDP datagram to port 4789,
-- behind an 8-byte VXLAN header holding the network id (VNI 42): 50 bytes
-- more per frame (Ethernet 14 + VXLAN 8 + UDP 8 + IP 20), so vxlan0's
-- MTU is 1450 where eth0's is 1500. The network:
--
--   a 10.0.1.2 --- r 10.0.1.1 | 10.0.2.1 --- b 10.0.2.2       (the underlay)
--   a:vxlan0 192.168.42.1 ====== VXLAN 42 ====== b:vxlan0 192.168.42.2
--
-- tcpdump on the router sees UDP between the sites, and prints the frame
-- inside after the VXLAN line (netlab prints each packet as tcpdump -nn
-- does). The router forwards the outer packet: its
-- TTL goes down by one and it gets new MACs on each hop, while the inner
-- frame, addresses and TTL arrive as a sent them. A TCP connection inside
-- announces an MSS 50 bytes smaller than one outside. Exit 0 only if every
-- claim held.
-- Usage: netlab labs/tunnel.lua

local lesson = require "netlab.lesson"
local P = netlab.packet

local A_IP, B_IP = lesson.CLIENT_IP, lesson.SERVER_IP -- 10.0.1.2, 10.0.2.2
local A_IN, B_IN = "192.168.42.1", "192.168.42.2"
local VNI, PORT, TCP_PORT = 42, 4789, 5001
local OVERHEAD = 14 + 8 + 8 + 20 -- inner Ethernet, VXLAN, UDP, outer IPv4
local LIMIT = 15 -- seconds the whole lab may take
local WAIT = 2   -- seconds any one network wait may take
local lab = lesson.new{name = "tunnel", limit = LIMIT, programs = {"ip"}}

-- The VXLAN datagram P carries: its VNI and the inner frame, decoded.
local function unwrap(p)
  local v = p.payload -- the UDP payload: the VXLAN header, then a frame
  if not v or #v < 8 + 14 then return nil end
  local vni = (v:byte(5) << 16) | (v:byte(6) << 8) | v:byte(7)
  return vni, P.decode(v:sub(9), "ether")
end

-- The first packet of CAP (waiting at most WAIT seconds, 20 packets)
-- whose inner frame is an ICMP echo request.
local function echo_request(cap)
  for p in cap:packets{count = 20, timeout = WAIT} do
    local _, inner = unwrap(p)
    if inner and inner.icmp and inner.icmp.type == 8 then return p, inner end
  end
end

-- The MSS of the SYN from host H to DST:TCP_PORT, captured on H's IFACE.
local function syn_mss(h, iface, dst)
  local cap <close> = assert(h:capture{iface = iface, filter = "tcp[tcpflags] & tcp-syn != 0 and dst port " .. TCP_PORT})
  local c <close> = assert(h:tcp())
  c:settimeout(WAIT)
  assert(c:connect(dst, TCP_PORT))
  local syn = cap:next(WAIT)
  if syn then lab:packet(syn) end
  return syn and syn.tcp.options.mss
end

-- Part 1: the tunnel and its MTU.
local function make_tunnel(net, a, b)
  lab:step(("ip link add vxlan0 type vxlan id %d local %s remote %s dstport %d  # in a, and the mirror in b")
    :format(VNI, A_IP, B_IP, PORT))
  local t = assert(net:tunnel(a, b, {vni = VNI, addrs = {A_IN .. "/24", B_IN .. "/24"}}))
  lab:output(a, "ip -d link show vxlan0 | head -3")
  local mtu = {}
  for _, row in ipairs(assert(a:ifaces())) do mtu[row.name] = row.mtu end
  lab:check(mtu.vxlan0 == mtu.eth0 - OVERHEAD,
    ("vxlan0's MTU is eth0's %d less the %d bytes VXLAN wraps around each frame"):format(mtu.eth0, OVERHEAD),
    ("%s and %s"):format(mtu.vxlan0, mtu.eth0))
  return t
end

-- Part 2: a ping through the tunnel, captured on both hops of the underlay.
local function ping_inside(a, r)
  lab:step(("tcpdump -nn -i eth0 udp port %d  # in a, the first hop; and on r's eth1, the second"):format(PORT))
  local hop1 <close> = assert(a:capture{iface = "eth0", filter = "udp port " .. PORT})
  local hop2 <close> = assert(r:capture{iface = "eth1", filter = "udp port " .. PORT})
  lab:step("ping -c 1 " .. B_IN .. "  # in a, through the tunnel")
  local res = a:ping(B_IN, {count = 1, timeout = WAIT})
  lab:check(res and res.received == 1, "b answers across the tunnel", res and res.received)
  local p1, in1 = echo_request(hop1)
  local p2, in2 = echo_request(hop2)
  if not (p1 and p2) then
    lab:check(false, "the echo request is seen on both hops")
    return
  end
  print("  on r's eth1 (tcpdump prints the VXLAN line, then the frame inside):")
  for _, p in ipairs(hop2:list()) do lab:packet(p) end
  local vni = unwrap(p2)
  lab:check(p2.ip.src == A_IP and p2.ip.dst == B_IP and p2.udp.dport == PORT and vni == VNI,
    ("outside: IP %s > %s, UDP to port %d, VXLAN vni %d"):format(A_IP, B_IP, PORT, VNI),
    ("%s > %s port %s vni %s"):format(p2.ip.src, p2.ip.dst, p2.udp.dport, vni))
  lab:check(in2.ip.src == A_IN and in2.ip.dst == B_IN and in2.icmp.type == 8,
    ("inside: a whole Ethernet frame, IP %s > %s, ICMP echo request"):format(A_IN, B_IN))
  lab:check(p1.ip.ttl == 64 and p2.ip.ttl == 63 and in1.ip.ttl == 64 and in2.ip.ttl == 64,
    "router r lowers the outer TTL (64 -> 63); the inner TTL stays 64",
    ("outer %d -> %d, inner %d -> %d"):format(p1.ip.ttl, p2.ip.ttl, in1.ip.ttl, in2.ip.ttl))
  lab:check(p1.eth.src ~= p2.eth.src and p1.eth.dst ~= p2.eth.dst and in1.eth.src == in2.eth.src
    and in1.eth.dst == in2.eth.dst, "each hop gives the outer frame new MACs; the inner frame keeps vxlan0's",
    ("outer %s > %s, then %s > %s"):format(p1.eth.src, p1.eth.dst, p2.eth.src, p2.eth.dst))
end

-- Part 3: the MSS of a connection inside the tunnel and of one outside.
local function mss_inside(a, b)
  local listener <close> = assert(b:tcp())
  assert(listener:bind("*", TCP_PORT))
  assert(listener:listen(4))
  netlab.daemon(function()
    while true do
      local c = listener:accept()
      if not c then return end
      c:close()
    end
  end)
  lab:step(("nc %s %d  # in a: a connection outside the tunnel"):format(B_IP, TCP_PORT))
  local outside = syn_mss(a, "eth0", B_IP)
  lab:step(("nc %s %d  # in a: one inside"):format(B_IN, TCP_PORT))
  local inside = syn_mss(a, "vxlan0", B_IN)
  lab:check(outside == 1460 and inside == outside - OVERHEAD,
    ("inside the tunnel the SYN announces mss %d: %d less VXLAN's %d bytes"):format(1460 - OVERHEAD, 1460, OVERHEAD),
    ("outside %s, inside %s"):format(outside, inside))
end

lab:run(function()
  local net <close> = netlab.lab()
  local a, b = lesson.across_router(net, "a", "b")
  local r
  for _, h in ipairs(net:hosts()) do
    if h:name() == "r" then r = h end
  end
  print("\n== Part 1: the tunnel ==")
  make_tunnel(net, a, b)
  print("\n== Part 2: a packet inside a packet ==")
  ping_inside(a, r)
  print("\n== Part 3: the MSS inside ==")
  mss_inside(a, b)
end)
