-- mss: the SYN announces an MSS of MTU - 40, segments never carry more; lower the link's MTU and a new connection's MSS and segments shrink
--
-- Each end of a TCP connection announces in its SYN the largest segment
-- payload it will take, its MSS: its interface's MTU less 20 bytes of IP
-- header and 20 of TCP header (1500 - 40 = 1460 on Ethernet). The sender
-- cuts its byte stream into segments no larger than that (less the room
-- its TCP options take: 12 bytes for the timestamps Linux adds, so 1448).
--   $ tcpdump -nn -i eth0 tcp port 5001      the SYN: options [mss 1460,...]
--   $ ip link set eth0 mtu 1000              on both ends
-- and a new connection announces mss 960, its segments shrink to 948.
-- The network:
--
--   client 10.0.0.1 ------------ server 10.0.0.2
--
-- A note on what tcpdump sees: on a machine whose card does segmentation
-- offload the kernel hands the card one big packet that the card cuts
-- into MSS-sized segments later, and tcpdump shows the big one. A lab's
-- cables have offloads off (as `ethtool -K eth0 tso off gso off gro off`)
-- so the capture shows each segment as it travels. Exit 0 only if every
-- claim held.
-- Usage: netlab labs/mss.lua [--mtu N] [--size N]   (--help lists them)

local lesson = require "netlab.lesson"

local CLIENT_IP, SERVER_IP, PORT = lesson.CABLE_CLIENT_IP, lesson.CABLE_SERVER_IP, 5001
local LIMIT = 10   -- seconds the whole lab may take
local WAIT = 2     -- seconds any one network wait may take
local lab = lesson.new{name = "mss", limit = LIMIT, params = {
  {"mtu", 1000, "part 2's MTU on both ends (ip link set eth0 mtu N): below Ethernet's 1500", min = 576, max = 1499},
  {"size", 20000, "bytes the client sends on each connection", min = 4000, max = 200000},
}, exercise = "mss"}
local SIZE = lab.params.size -- bytes the client sends on each connection
local MTU = lab.params.mtu   -- part 2's MTU

-- The server: takes connections, reads each until its end, answers the
-- byte count, closes.
local function serve(listener)
  while true do
    local c = listener:accept()
    if not c then return end
    c:settimeout(WAIT)
    local data, _, partial = c:receive("*a")
    c:send(tostring(#(data or partial or "")))
    c:close()
  end
end

-- Sends SIZE bytes from CLIENT and half-closes; returns the count the server read.
local function transfer(client)
  local c <close> = assert(client:tcp())
  c:settimeout(WAIT)
  assert(c:connect(SERVER_IP, PORT))
  assert(c:send(("x"):rep(SIZE)))
  c:shutdown("send")
  return tonumber((c:receive("*a")))
end

-- Payload bytes the client sent in LIST.
local function sent(list)
  local n = 0
  for _, p in ipairs(list) do
    if p.ip and p.ip.src == CLIENT_IP then n = n + p.tcp.len end
  end
  return n
end

-- Waits until CAP holds all SIZE bytes the client sent (at most 1000
-- packets, WAIT seconds); returns the packets captured so far.
local function wait_all(cap)
  local deadline = netlab.now() + WAIT
  for _ = 1, 1000 do
    if sent(cap:list()) >= SIZE then break end
    if not cap:next(math.max(deadline - netlab.now(), 0)) then break end
  end
  return cap:list()
end

-- The first packet of LIST from IP with flags FLAGS.
local function find(list, ip, flags)
  for _, p in ipairs(list) do
    if p.ip and p.ip.src == ip and p.tcp.flags == flags then return p end
  end
end

-- The payload sizes of the client's segments, and the largest.
local function sizes(list)
  local out, max = {}, 0
  for _, p in ipairs(list) do
    if p.ip and p.ip.src == CLIENT_IP and p.tcp.len > 0 then
      out[#out + 1] = p.tcp.len
      max = math.max(max, p.tcp.len)
    end
  end
  return out, max
end

-- One captured transfer over links of MTU; checks MSS and segment sizes.
-- Returns the MSS the client announced.
local function connection(client, mtu)
  lab:step("tcpdump -nn -i eth0 tcp port 5001 &  # in client")
  local cap <close> = assert(client:capture{iface = "eth0", filter = "tcp port " .. PORT})
  lab:step(("iperf -c 10.0.0.2 -p 5001 -n %d  # in client"):format(SIZE), ("%d bytes to the server"):format(SIZE))
  lab:check(transfer(client) == SIZE, ("the server read all %d bytes"):format(SIZE))
  local list = wait_all(cap)

  local syn, synack = find(list, CLIENT_IP, "S"), find(list, SERVER_IP, "S.")
  for i = 1, math.min(#list, 4) do print("  " .. tostring(list[i])) end
  print(("  ... %d packets in all"):format(#list))
  local mss = syn and syn.tcp.options.mss
  lab:check(mss == mtu - 40, ("the client's SYN announces mss %d: its MTU %d less 40"):format(mtu - 40, mtu), mss)
  local smss = synack and synack.tcp.options.mss
  lab:check(smss == mtu - 40, ("the server's SYN-ACK announces mss %d too"):format(mtu - 40), smss)
  local all, max = sizes(list)
  lab:check(sent(list) == SIZE and cap:stats().dropped == 0, ("the capture saw all %d bytes go out"):format(SIZE),
    ("%d bytes, %d packets dropped"):format(sent(list), cap:stats().dropped))
  print(("  the client's segments carry %s bytes"):format(table.concat(all, ", ")))
  lab:check(#all > 1 and max <= (mss or 0), ("no segment carries more than the MSS, %s bytes"):format(mss), max)
  local room = syn and syn.tcp.options.ts and 12 or 0
  lab:check(max == (mss or 0) - room, ("full segments carry MSS - %d = %d bytes (the timestamp option takes %d)")
    :format(room, (mss or 0) - room, room), max)
  return mss
end

lab:run(function()
  local net <close> = netlab.lab()
  local client, server = lab:one_cable(net)
  local listener <close> = assert(server:tcp())
  assert(listener:bind(SERVER_IP, PORT))
  assert(listener:listen(4))
  netlab.daemon(serve, listener)
  print("\n== Part 1: MTU 1500 ==")
  local before = connection(client, 1500)
  print(("\n== Part 2: MTU %d on both ends =="):format(MTU))
  lab:step(("ip link set eth0 mtu %d  # in client and in server"):format(MTU))
  assert(client:link_set("eth0", {mtu = MTU}))
  assert(server:link_set("eth0", {mtu = MTU}))
  local after = connection(client, MTU)
  lab:check(before and after and after < before, "a smaller MTU, a smaller MSS, smaller segments",
    ("%s -> %s"):format(before, after))
end)
