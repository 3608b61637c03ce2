-- examples/vpn.lua: a VPN in 40 lines of Lua (netlab examples/vpn.lua).
-- Gateways a and b meet on a public link. Each has a TUN: what its
-- kernel routes into the TUN, the script sends to the other gateway in
-- a UDP datagram; what arrives, it writes into its own TUN, where the
-- kernel takes it as a packet come in. A route sends b's private
-- prefix into a's tunnel.
local lab <close> = netlab.lab()
local a, b = assert(lab:host "a"), assert(lab:host "b")
assert(lab:link(a, b, "198.51.100.1/24", "198.51.100.2/24")) -- public
local PORT = 5555

-- Moves packets in a task: write(read()) until read says closed.
local function pump(read, write)
  netlab.daemon(function()
    while true do
      local packet = read()
      if not packet then return end -- closed with the lab
      write(packet)
    end
  end)
end

-- One end of the VPN in HOST: its TUN has TUN_ADDR; the far end is PEER.
local function vpn(host, tun_addr, peer)
  -- 1500 less the outer IP (20) and UDP (8) headers: no fragments outside
  local tun = assert(host:tun("tun0", {addr = tun_addr, mtu = 1472}))
  local udp = assert(host:udp())
  assert(udp:setsockname("*", PORT))
  assert(udp:setpeername(peer, PORT))
  pump(function() return tun:read() end, function(p) udp:send(p) end)
  pump(function() return udp:receive(65535) end, function(p) tun:write(p) end)
end

vpn(a, "10.8.0.1/24", "198.51.100.2")
vpn(b, "10.8.0.2/24", "198.51.100.1")
assert(b:addr_add("lo", "10.2.0.1/24")) -- b's private network
assert(a:route_add("10.2.0.0/24", {dev = "tun0"}))
print(a:route_get("10.2.0.1").text)
print(a:ping("10.2.0.1", {count = 3, interval = 0.2}))
