-- synflood: crafted SYNs from an address nobody answers for fill a server's backlog (SYN_RECV grows, a real client waits in vain); with SYN cookies on, the real client still gets in
--
-- A server keeps each half-open connection (SYN received, SYN-ACK sent,
-- the final ACK not yet back: state SYN_RECV) in a queue as long as its
-- listen backlog. An attacker who sends SYNs from an address that never
-- answers fills that queue; the server then drops new SYNs, real clients'
-- included:
--   $ sysctl -w net.ipv4.tcp_syncookies=0          # in the server
--   $ hping3 -S -p 80 -a 10.0.0.99 --flood 10.0.0.2  # the attacker
--   $ ss -tan state syn-recv                       # in the server
--   $ curl http://10.0.0.2/                        # a real client: times out
-- With SYN cookies (net.ipv4.tcp_syncookies=1) a server whose queue is
-- full answers with a SYN-ACK whose sequence number encodes the
-- connection, keeps nothing, and rebuilds it from the client's ACK: the
-- real client gets in. The network:
--
--   client 10.0.0.1 ------------ server 10.0.0.2
--   (also the attacker, sending as 10.0.0.99: an address no host has)
--
-- The SYNs are crafted with netlab.packet and sent with host:send; the
-- server has a static ARP entry for 10.0.0.99 pointing at a MAC nobody
-- has, so its SYN-ACKs go nowhere. Exit 0 only if every claim held.
-- Usage: netlab labs/synflood.lua [--count N]   (--help lists the options)

local lesson = require "netlab.lesson"
local P = netlab.packet

local CLIENT_IP, SERVER_IP = lesson.CABLE_CLIENT_IP, lesson.CABLE_SERVER_IP
local SPOOFED, NOBODY = "10.0.0.99", "02:00:00:00:00:99"
local PORT, BACKLOG = 80, 4
local LIMIT = 20 -- seconds the whole lab may take
local WAIT = 2   -- seconds a wait that should succeed may take
local LOST = 1.2 -- seconds the real client tries (its SYN and one retransmission)
local lab = lesson.new{name = "synflood", limit = LIMIT, programs = {"ss", "sysctl"}, params = {
  {"count", 12, ("crafted SYNs the flood sends, in batches of 3 (hping3 -c N); more than listen(%d) takes")
    :format(BACKLOG), min = BACKLOG + 2, max = 60},
}}
local FLOOD = lab.params.count -- crafted SYNs, in batches of 3

-- The server's half-open connections --------------------------------------

-- `ss -tan state syn-recv` in HOST: its output and the number of rows.
local function syn_recv(host)
  local out = host:sh("ss -tan state syn-recv", {timeout = WAIT}) or ""
  local n = 0
  for line in out:gmatch("[^\n]+") do
    if line:find(":" .. PORT .. " ", 1, true) then n = n + 1 end
  end
  return n, out
end

-- Waits (at most 0.5 s) until HOST has at least N half-open connections; returns the count.
local function wait_syn_recv(host, n)
  local got = syn_recv(host)
  for _ = 1, 50 do
    if got >= n then break end
    netlab.sleep(0.01)
    got = syn_recv(host)
  end
  return got
end

-- The TcpExt counter NAME of HOST (from /proc/net/netstat), or nil.
local function tcpext(host, name)
  local text = host:sh("cat /proc/net/netstat", {timeout = WAIT}) or ""
  local names, values = text:match("TcpExt: (%a[^\n]*)\nTcpExt: ([%d ]+)")
  if not names then return nil end
  local vals = {}
  for v in values:gmatch("%d+") do vals[#vals + 1] = tonumber(v) end
  local i = 0
  for key in names:gmatch("%S+") do
    i = i + 1
    if key == name then return vals[i] end
  end
end

-- Sets net.ipv4.tcp_syncookies in HOST; returns whether it took.
local function syncookies(host, on)
  local cmd = ("sysctl -w net.ipv4.tcp_syncookies=%d"):format(on and 1 or 0)
  lab:step(cmd .. "  # in server")
  local out, err = host:sh(cmd, {timeout = WAIT})
  lab:show(((out or err or ""):gsub("\n$", "")))
  local now = host:sh("cat /proc/sys/net/ipv4/tcp_syncookies", {timeout = WAIT})
  return tonumber(now) == (on and 1 or 0)
end

-- The attack and the real client -------------------------------------------------

-- Sends N crafted SYNs from the spoofed address, source ports from FIRST on.
local function flood(attacker, first, n)
  for port = first, first + n - 1 do
    assert(attacker:send(P.ip{src = SPOOFED, dst = SERVER_IP} / P.tcp{sport = port, dport = PORT, flags = "S"}))
  end
end

-- A real client's connect from CLIENT, given LOST seconds: true or nil, error.
local function real_client(client)
  local c <close> = assert(client:tcp())
  c:settimeout(LOST)
  return c:connect(SERVER_IP, PORT)
end

-- The packets CAP holds now (at most 1000; none waited for).
local function drain(cap)
  for _ = 1, 1000 do
    if not cap:next(0) then break end
  end
  return cap:list()
end

-- What the server's cable carried during the flood: the crafted SYNs,
-- and SYN-ACKs sent to a MAC nobody has, never answered.
local function check_wire(list)
  print("  on the server's cable (tcpdump -nn -e -i eth0 tcp port 80, the first lines):")
  for _, line in ipairs(require("netlab.tcpdump").lines(table.move(list, 1, math.min(#list, 4), 1, {}), "-nn -e")) do
    lab:packet(line, "")
  end
  local syns, synacks, to_nobody, answers = 0, 0, 0, 0
  for _, p in ipairs(list) do
    if p.ip.src == SPOOFED then
      if p.tcp.flags == "S" then syns = syns + 1 else answers = answers + 1 end
    elseif p.ip.dst == SPOOFED and p.tcp.flags == "S." then
      synacks = synacks + 1
      if p.eth.dst == NOBODY then to_nobody = to_nobody + 1 end
    end
  end
  lab:check(syns == FLOOD, ("all %d crafted SYNs reached the server's cable"):format(FLOOD), syns)
  lab:check(synacks >= BACKLOG and to_nobody == synacks,
    ("the server answered the queued ones with SYN-ACKs, to MAC %s: nobody's"):format(NOBODY),
    ("%d SYN-ACKs"):format(synacks))
  lab:check(answers == 0, "nothing ever comes back from 10.0.0.99: the connections stay half-open", answers)
end

-- Part 1: the flood fills the backlog; the real client waits in vain.
local function fill(client, server)
  print("\n== Part 1: no SYN cookies; SYNs from 10.0.0.99, who never answers ==")
  lab:check(syncookies(server, false), "SYN cookies are off in the server")
  local cap <close> = assert(server:capture{iface = "eth0", filter = "tcp port 80 and host " .. SPOOFED})
  lab:step(("hping3 -S -p 80 -a %s -c %d 10.0.0.2  # in client"):format(SPOOFED, FLOOD),
    "netlab.packet: P.ip{src = \"10.0.0.99\", dst = \"10.0.0.2\"} / P.tcp{dport = 80, flags = \"S\"}, sent with client:send")
  local counts = {}
  for done = 0, FLOOD - 1, 3 do
    local n = math.min(3, FLOOD - done)
    flood(client, 10000 + done, n)
    counts[#counts + 1] = wait_syn_recv(server, math.min(done + n, BACKLOG))
    print(("  after %2d SYNs: %d connections in SYN_RECV"):format(done + n, counts[#counts]))
  end
  check_wire(drain(cap))
  lab:step("ss -tan state syn-recv  # in server")
  local n, out = syn_recv(server)
  lab:show((out:gsub("\n$", "")))
  lab:check(counts[1] == 3 and counts[2] >= BACKLOG, "SYN_RECV grows with each SYN until the backlog is full",
    table.concat(counts, ", "))
  lab:check(n >= BACKLOG and n <= BACKLOG + 1, ("and stays there: %d half-open connections for listen(%d)")
    :format(n, BACKLOG), "Linux drops SYNs once the queue holds more than the backlog")
  lab:step(("curl --connect-timeout %g http://10.0.0.2/  # in client"):format(LOST), "a real client, from 10.0.0.1")
  local ok, err = real_client(client)
  print("  connect: " .. tostring(ok or err))
  lab:check(not ok and err == "timeout", "the real client's SYNs are dropped: its connect times out", err)
  local dropped = tcpext(server, "TCPReqQFullDrop")
  lab:check(dropped and dropped > 0, "the server counted the SYNs it dropped (TcpExt TCPReqQFullDrop)", dropped)
end

-- Part 2: with SYN cookies, the real client gets in despite the flood.
local function cookies(client, server, listener)
  print("\n== Part 2: SYN cookies on; the backlog still full ==")
  lab:check(syncookies(server, true), "SYN cookies are on in the server")
  local n = syn_recv(server)
  lab:check(n >= BACKLOG, "the backlog is still full of the flood's half-open connections", n)
  local before = tcpext(server, "SyncookiesSent") or 0
  lab:step("curl http://10.0.0.2/  # in client")
  local got = {}
  local task = netlab.spawn(function()
    local c = listener:accept()
    if c then got.peer = c:getpeername(); c:close() end
  end)
  local ok, err = real_client(client)
  print("  connect: " .. tostring(ok or err))
  task:join()
  lab:check(ok == 1, "the real client gets in", err)
  lab:check(got.peer == CLIENT_IP, "and the server accepts it, from 10.0.0.1", got.peer)
  local sent = (tcpext(server, "SyncookiesSent") or 0) - before
  lab:check(sent >= 1, "the server answered it with a SYN cookie (TcpExt SyncookiesSent)", sent)
end

lab:run(function()
  local net <close> = netlab.lab()
  local client, server = lab:one_cable(net)
  lab:step(("arp -s %s %s  # in server"):format(SPOOFED, NOBODY), "10.0.0.99's MAC, as far as the server knows: nobody's")
  assert(server:neigh_add(SPOOFED, NOBODY, "eth0"))
  lab:step(("listen(%d) on 10.0.0.2 port 80  # in server"):format(BACKLOG), "the server accepts nothing until part 2")
  local listener <close> = assert(server:tcp())
  assert(listener:bind(SERVER_IP, PORT))
  assert(listener:listen(BACKLOG))
  listener:settimeout(WAIT)
  fill(client, server)
  cookies(client, server, listener)
end)
