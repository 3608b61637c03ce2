-- arp: arp -a, arp -d the gateway, fetch a page: the ARP request and reply come before the SYN; the frame goes to the next hop's MAC, the IP packet to the far host
--
-- The course notes:
--   $ arp -a                        the neighbour (ARP) table
--   $ arp -d 10.0.1.1               forget the gateway's MAC
--   $ curl http://www.baidu.com/    and watch with tcpdump -nn -e
-- Before the first segment of the connection can leave, the client must
-- know whose Ethernet address to put in the frame. The web server is not
-- on its LAN, so that is the next hop's, the router's: the client
-- broadcasts "who-has 10.0.1.1", the router answers with its MAC, and
-- only then does the SYN go out, in a frame addressed to the router but
-- an IP packet addressed to the web server. The network:
--
--   client 10.0.1.2 --- r 10.0.1.1 | 10.0.2.1 --- www.baidu.com 10.0.2.2
--
-- Exit 0 only if every claim held.

local lesson = require "netlab.lesson"
local fmt = netlab.fmt

local CLIENT_IP, SERVER_IP, GATEWAY = lesson.CLIENT_IP, lesson.SERVER_IP, "10.0.1.1"
local SERVER_SIDE_GW = "10.0.2.1"
local PORT = 80
local LIMIT = 10 -- seconds the whole lab may take
local WAIT = 2   -- seconds any one network wait may take
local QUIET = 0.02 -- seconds without a packet that end a capture
local lab = lesson.new{name = "arp", limit = LIMIT, params = {}, exercise = "arp"}

local BODY = "<html><body>hello from the lab</body></html>\n"

-- The network ----------------------------------------------------------------

-- Every packet CAP has captured, once none came for QUIET seconds (at most 1000).
local function drain(cap, quiet)
  for _ = 1, 1000 do
    if not cap:next(quiet) then break end
  end
  return cap:list()
end

-- The MAC of HOST's interface that has address IP.
local function mac_of(host, ip)
  for _, row in ipairs(assert(host:ifaces())) do
    for _, a in ipairs(row.addrs) do
      if a.address == ip then return row.mac end
    end
  end
end

-- The host named NAME in lab NET.
local function host_named(net, name)
  for _, h in ipairs(net:hosts()) do
    if h:name() == name then return h end
  end
end

-- A tiny web server: answers every request with BODY and closes.
local function serve(listener)
  while true do
    local c = listener:accept()
    if not c then return end
    c:settimeout(WAIT)
    for _ = 1, 20 do
      local line = c:receive("*l")
      if not line or line == "" then break end
    end
    c:send(("HTTP/1.0 200 OK\r\nContent-Length: %d\r\n\r\n%s"):format(#BODY, BODY))
    c:close()
  end
end

-- curl http://www.baidu.com/ from CLIENT: the page's body, or nil, error.
local function fetch(client)
  local c <close> = assert(client:tcp())
  c:settimeout(WAIT)
  local ok, err = c:connect(SERVER_IP, PORT)
  if not ok then return nil, err end
  c:send("GET / HTTP/1.0\r\nHost: www.baidu.com\r\n\r\n")
  local resp, rerr, partial = c:receive("*a")
  resp = resp or partial or ""
  return resp:match("\r\n\r\n(.*)$"), rerr
end

-- Part 1: the ARP table -------------------------------------------------------

-- Shows `arp -a` in CLIENT; returns the gateway's row, if any.
local function arp_a(client)
  lab:step("arp -a  # in client")
  local rows = assert(client:neigh())
  local text = fmt.arp_a(rows)
  lab:show(text == "" and "(no entries)" or (text:gsub("\n$", "")))
  for _, r in ipairs(rows) do
    if r.ip == GATEWAY and r.mac then return r end
  end
end

-- Part 1: after a first fetch, the table holds the gateway, not the server.
local function table_after_fetch(client, gw_mac)
  print("== Part 1: the ARP table after a first fetch ==")
  lab:step("curl http://www.baidu.com/  # in client")
  lab:check(fetch(client) == BODY, "the client fetches the page through the router")
  local row = arp_a(client)
  lab:check(row and row.mac == gw_mac, "the table holds the gateway 10.0.1.1 at the router's MAC", gw_mac)
  local far = false
  for _, r in ipairs(assert(client:neigh())) do far = far or r.ip == SERVER_IP end
  lab:check(not far, "and no entry for 10.0.2.2: the server is not on the client's LAN")
end

-- Part 2: arp -d and fetch again, watched -----------------------------------

-- Forgets the gateway's MAC.
local function forget(client)
  print("\n== Part 2: forget the gateway, fetch again, watch ==")
  lab:step("arp -d 10.0.1.1  # in client", "the next frame to the router needs a new ARP exchange")
  assert(client:neigh_del(GATEWAY))
  lab:check(arp_a(client) == nil, "the gateway's entry is gone")
end

-- Fetches the page with captures on both sides of the router; returns
-- the packets seen on the client's cable and on the server's.
local function watched_fetch(client, server)
  lab:step("tcpdump -nn -e -i eth0 'arp or tcp port 80' &  # in client, and in www.baidu.com")
  local near <close> = assert(client:capture{iface = "eth0", filter = "arp or tcp port 80"})
  local far <close> = assert(server:capture{iface = "eth0", filter = "tcp port 80"})
  lab:step("curl http://www.baidu.com/  # in client")
  lab:check(fetch(client) == BODY, "the page arrives again")
  return drain(near, QUIET), drain(far, QUIET)
end

-- Prints packets as tcpdump -nn -e does (each frame's MACs first).
local function show(title, list)
  print(title)
  for _, line in ipairs(require("netlab.tcpdump").lines(list, "-nn -e")) do lab:packet(line, "") end
end

-- The index of the first packet of LIST for which PRED holds, and the packet.
local function find(list, pred)
  for i, p in ipairs(list) do
    if pred(p) then return i, p end
  end
end

-- Whether P is the client's SYN.
local function is_syn(p)
  return p.tcp ~= nil and p.tcp.flags == "S" and p.ip.src == CLIENT_IP
end

-- The ARP exchange comes first, and gives the router's MAC.
local function check_arp(list, gw_mac, client_mac)
  local qi, q = find(list, function(p) return p.arp and p.arp.op == "request" end)
  local ri, r = find(list, function(p) return p.arp and p.arp.op == "reply" end)
  local si = find(list, is_syn)
  lab:check(q and q.arp.tpa == GATEWAY and q.arp.spa == CLIENT_IP and q.eth.dst == "ff:ff:ff:ff:ff:ff",
    "the client broadcasts an ARP request: who-has 10.0.1.1 tell 10.0.1.2", q and tostring(q))
  lab:check(r and r.arp.spa == GATEWAY and r.arp.sha == gw_mac and r.eth.dst == client_mac,
    "the router answers, to the client alone: 10.0.1.1 is-at its MAC", r and tostring(r))
  lab:check(qi and ri and si and qi < ri and ri < si, "request, then reply, then the SYN",
    ("request #%s, reply #%s, SYN #%s"):format(qi, ri, si))
end

-- The SYN's frame goes to the next hop; its IP packet to the far host.
local function check_next_hop(near, far, macs)
  local _, syn = find(near, is_syn)
  lab:check(syn and syn.eth.dst == macs.gw and syn.ip.dst == SERVER_IP,
    "on the client's cable the SYN's frame is addressed to the router's MAC, its IP packet to 10.0.2.2",
    syn and ("%s, IP %s"):format(syn.eth.dst, syn.ip.dst))
  lab:check(macs.gw ~= macs.server, "the router's MAC is not the server's", macs.server)
  local _, there = find(far, is_syn)
  lab:check(there and there.eth.src == macs.far_gw and there.eth.dst == macs.server and there.ip.src == CLIENT_IP,
    "on the server's cable the same SYN comes from the router's other MAC, still from IP 10.0.1.2",
    there and ("%s > %s, IP %s"):format(there.eth.src, there.eth.dst, there.ip.src))
  lab:check(syn and there and there.ip.ttl == syn.ip.ttl - 1, "and the router took one off its TTL",
    there and ("%d -> %d"):format(syn.ip.ttl, there.ip.ttl))
end

lab:run(function()
  local net <close> = netlab.lab()
  local client, server = lesson.across_router(net, "client", "www.baidu.com")
  local r = host_named(net, "r")
  local macs = {gw = mac_of(r, GATEWAY), far_gw = mac_of(r, SERVER_SIDE_GW), server = mac_of(server, SERVER_IP),
    client = mac_of(client, CLIENT_IP)}
  print(("router r's MACs: %s (10.0.1.1), %s (10.0.2.1)"):format(macs.gw, macs.far_gw))
  local listener <close> = assert(server:tcp())
  assert(listener:bind(SERVER_IP, PORT))
  assert(listener:listen(4))
  netlab.daemon(serve, listener)
  table_after_fetch(client, macs.gw)
  forget(client)
  local near, far = watched_fetch(client, server)
  show("\n  on the client's cable:", near)
  show("  on the server's cable:", far)
  check_arp(near, macs.gw, macs.client)
  check_next_hop(near, far, macs)
  arp_a(client)
end)
