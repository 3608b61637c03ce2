-- send_buffer: send() returns once the bytes are in the kernel's send buffer; a receiver that does not read fills its Recv-Q, advertises win 0, is probed, and send() blocks until it reads
--
-- The course notes, in bold: a successful write only means the bytes
-- were copied into the kernel's send buffer; when they reach the peer
-- is invisible to us. Each end of a TCP connection has two buffers in
-- its kernel: the sender's send buffer (SO_SNDBUF) holds bytes until the
-- peer acknowledges them, the receiver's receive buffer (SO_RCVBUF)
-- holds bytes until its application reads them. ss shows both:
--   $ ss -tmn          Recv-Q: received, not yet read by the application
--                      Send-Q: sent, not yet acknowledged by the peer
--                      skmem: rb (the receive buffer), tb (the send buffer)
-- A receiver that does not read lets its Recv-Q grow; each ACK then
-- offers less room (tcpdump's `win`), until `win 0`: the sender must
-- stop, and only probes the window now and then (zero-window probes).
-- The sender's Send-Q fills, and send() blocks (here it gives up after
-- its timeout, saying how much it took). When the receiver reads, it
-- sends a window update and the flow restarts. The network:
--
--   client 10.0.0.1 ------ 20 ms each way ------ server 10.0.0.2
--
-- Both ends ask for buffers of 16 KiB (setsockopt SO_SNDBUF, SO_RCVBUF)
-- so the numbers stay small. Exit 0 only if every claim held.
-- Usage: netlab labs/send_buffer.lua [--fault]   (--help lists the options)
--   --fault  the server reads all along (a wrong setup on purpose): its
--            buffer never fills, and the claims about a full one fail

local lesson = require "netlab.lesson"

local CLIENT_IP, SERVER_IP, PORT = lesson.CABLE_CLIENT_IP, lesson.CABLE_SERVER_IP, 5001
local DELAY = 20       -- ms one way
local BUF = 16384      -- bytes asked for SO_SNDBUF and SO_RCVBUF
local FIRST = 10000    -- bytes of the first send
local SECOND = 200000  -- bytes of the second, far more than both buffers hold
local BLOCK = 3        -- seconds the second send may wait
local LIMIT = 20       -- seconds the whole lab may take
local WAIT = 3         -- seconds any other network wait may take
local MOD = 0x100000000 -- sequence numbers count modulo 2^32
local lab = lesson.new{name = "send_buffer", limit = LIMIT, programs = {"ss"}, params = {
  {"fault", false, "the server reads all along (a wrong setup on purpose): the full-buffer claims fail"},
}}
local fault = lab.params.fault -- a server that reads all along

-- The network and the connection ------------------------------------------------

-- Builds the hosts on a delayed cable; returns them.
local function build(net)
  lab:step("ip netns add client; ip netns add server; ip link add eth0 type veth peer eth0 ...",
    ("client %s and server %s on one cable"):format(CLIENT_IP, SERVER_IP))
  local client, server = assert(net:host "client"), assert(net:host "server")
  local link = assert(net:link(client, server, CLIENT_IP .. "/24", SERVER_IP .. "/24"))
  lab:step(("tc qdisc add dev eth0 root netem delay %dms  # in client and in server"):format(DELAY))
  assert(link:impair{delay = DELAY .. "ms"})
  print(("  the cable's frames are delayed by %s"):format(link:impair() == "wire"
    and "netlab itself (a wire link: this kernel has no netem)" or "the kernel's netem"))
  return client, server
end

-- The server's reader (--fault only): reads whatever comes, all along.
local function read_all_along(c, got)
  for _ = 1, 10000 do
    local data, err, partial = c:receive(65536)
    data = data or partial
    got.n = got.n + #data
    if err == "closed" then return end
  end
end

-- Connects the client to the server with small buffers; returns the
-- client's socket, the server's accepted one and its reader's count.
local function connect(client, server)
  lab:step(("setsockopt(fd, SOL_SOCKET, SO_RCVBUF, %d)  # the server, before listen"):format(BUF))
  local listener <close> = assert(server:tcp())
  assert(listener:setoption("rcvbuf", BUF))
  assert(listener:bind(SERVER_IP, PORT))
  assert(listener:listen(4))
  listener:settimeout(WAIT)
  local accepted = netlab.spawn(function() return assert(listener:accept()) end)
  lab:step(("setsockopt(fd, SOL_SOCKET, SO_SNDBUF, %d); connect(10.0.0.2:5001)  # the client"):format(BUF))
  local c = assert(client:tcp())
  assert(c:setoption("sndbuf", BUF))
  c:settimeout(WAIT)
  assert(c:connect(SERVER_IP, PORT))
  local s = assert(accepted:join())
  s:settimeout(WAIT)
  local rb, tb = s:getoption("rcvbuf"), c:getoption("sndbuf")
  print(("  getsockopt says SO_RCVBUF %d (the server), SO_SNDBUF %d (the client)"):format(rb, tb))
  lab:check(rb == 2 * BUF and tb == 2 * BUF,
    ("the kernel doubles what was asked: %d, room for its own bookkeeping beside the bytes"):format(2 * BUF),
    ("%d, %d"):format(rb, tb))
  local got = {n = 0}
  if fault then netlab.daemon(read_all_along, s, got) end
  return c, s, got
end

-- The kernel's view -------------------------------------------------------------

-- The socket row of HOST's end of the connection.
local function row(host)
  for _, r in ipairs(assert(host:sockets{proto = "tcp", port = PORT})) do
    if r.state ~= "LISTEN" then return r end
  end
end

-- Prints what ss -tmn prints in HOST; returns skmem's fields {r =, rb =, t =, tb =, w =...}.
local function ss_m(host)
  lab:step("ss -tmn  # in " .. host:name())
  local out = lab:output(host, "ss -tmn")
  local skmem = {}
  for k, v in (out:match("skmem:%((.-)%)") or ""):gmatch("(%a+)(%d+)") do skmem[k] = tonumber(v) end
  return skmem
end

-- Samples the server's Recv-Q every 10 ms into SAMPLES until
-- STOP.done; a task's body.
local function sample(server, samples, stop)
  for _ = 1, 100 * (BLOCK + 1) do
    if stop.done then return end
    local r = row(server)
    samples[#samples + 1] = {recv_q = r and r.recv_q}
    netlab.sleep(0.01)
  end
end

-- "10000 -> 14344 -> 20272" from FIELD of SAMPLES, repeats left out.
local function series(samples, field)
  local out = {}
  for _, s in ipairs(samples) do
    local v = s[field]
    if v and tostring(v) ~= out[#out] then out[#out + 1] = tostring(v) end
  end
  return table.concat(out, " -> ")
end

-- Whether FIELD of SAMPLES never goes down and ends above where it began.
local function grows(samples, field)
  local first, last = samples[1] and samples[1][field], nil
  for _, s in ipairs(samples) do
    if not s[field] or (last and s[field] < last) then return false end
    last = s[field]
  end
  return first ~= nil and last > first
end

-- The capture ------------------------------------------------------------------

-- Whether P is a segment from IP.
local function from(p, ip) return p.tcp ~= nil and p.ip.src == ip end

-- The server's advertised windows (bytes: its window scale is 0, as its
-- buffer is small), each change once, and the first ACK saying win 0.
local function windows(list)
  local out, zero = {}, nil
  for _, p in ipairs(list) do
    if from(p, SERVER_IP) and not p.tcp.flags:find("S", 1, true) then
      if p.tcp.win ~= out[#out] then out[#out + 1] = p.tcp.win end
      if p.tcp.win == 0 and not zero then zero = p end
    end
  end
  return out, zero
end

-- The client's zero-window probes after ZERO (the first win 0): empty
-- segments one byte below the acknowledged edge, each answered.
local function probes(list, zero)
  local out, on = {}, false
  for _, p in ipairs(list) do
    on = on or p == zero
    if on and from(p, CLIENT_IP) and p.tcp.len == 0 and (zero.tcp.ack - p.tcp.seq) % MOD == 1 then
      out[#out + 1] = p
    end
  end
  return out
end

-- Prints the packets of LIST from the first win 0 on, at most N.
local function show_from(list, first, n)
  local on, shown = false, 0
  for _, p in ipairs(list) do
    on = on or p == first
    if on and shown < n then
      lab:packet(p)
      shown = shown + 1
    end
  end
end

-- The parts ------------------------------------------------------------------

-- Part 1: send() returns before a byte can have arrived; the bytes wait
-- in the server's receive buffer, unread.
local function part1(client, server, c, s)
  print("\n== Part 1: send() returns once the kernel has the bytes ==")
  lab:step(("send(fd, buf, %d, 0)  # the client"):format(FIRST))
  local t0 = netlab.now()
  local n = c:send(("a"):rep(FIRST))
  local ms = (netlab.now() - t0) * 1000
  local early = row(server) -- at once: the server's count when send() returned
  print(("  send() returned %s after %.3f ms; the server's Recv-Q then: %s"):format(n, ms, early and early.recv_q))
  -- either shows it (a busy machine may hold this process up past the 20 ms)
  lab:check(n == FIRST and (ms < DELAY or (early and early.recv_q == 0)),
    ("it returned before the first byte could even reach the server, %d ms away"):format(DELAY),
    ("%.3f ms"):format(ms))
  netlab.sleep(3 * DELAY / 1000)
  lab:step("ss -tn  # in server", "the server's application has not called recv()")
  local r = row(server)
  lab:show((netlab.fmt.ss({r}, {p = false}):gsub("\n$", "")))
  lab:check(r and r.recv_q == FIRST, ("the %d bytes wait in the server's receive buffer: Recv-Q %d"):format(FIRST, FIRST),
    r and r.recv_q)
  lab:step("ioctl(fd, SIOCINQ, &n)  # the server's own socket", "the same count, asked by its application")
  local q = assert(s:queued())
  lab:check(q.recv == FIRST, ("SIOCINQ says %d bytes wait to be read"):format(FIRST), q.recv)
end

-- Part 2: the server still reads nothing; a large send fills both
-- buffers, the window closes, send() blocks. Returns what it took.
local function part2(client, server, c, cap)
  print("\n== Part 2: a receiver that does not read ==")
  lab:step(("send(fd, buf, %d, 0)  # the client, with a %d s timeout (SO_SNDTIMEO)"):format(SECOND, BLOCK),
    "far more than both buffers hold")
  local samples, stop = {}, {}
  local sampler = netlab.spawn(sample, server, samples, stop)
  c:settimeout(BLOCK, "t")
  local t0 = netlab.now()
  local n, err, partial = c:send(("b"):rep(SECOND))
  local waited = netlab.now() - t0
  stop.done = true
  sampler:join()
  local took = n or partial or 0
  print(("  send() returned %s after %.2f s: %s, %d of %d bytes taken"):format(tostring(n), waited, tostring(err),
    took, SECOND))
  lab:check(err == "timeout" and took > 0 and took < SECOND,
    ("send() blocked until its timeout: the kernel took only part of the %d bytes"):format(SECOND),
    ("%s after %.2f s, %d taken"):format(err, waited, took))
  print("  the server's Recv-Q meanwhile: " .. series(samples, "recv_q"))
  lab:check(grows(samples, "recv_q"), "the server's Recv-Q grew while its application read nothing, then stopped")
  local r, s, q = row(server), row(client), assert(c:queued())
  lab:check(r and s and s.send_q > 0 and q.send == s.send_q and r.recv_q + s.send_q == FIRST + took,
    "the client's Send-Q holds the rest: every byte send() took is in the server's Recv-Q or the client's Send-Q",
    r and s and ("%d + %d = %d + %d; SIOCOUTQ %d"):format(r.recv_q, s.send_q, FIRST, took, q.send))

  local list = cap:list()
  local wins, zero = windows(list)
  print("  the server's advertised window (tcpdump's win): " .. table.concat(wins, " "))
  lab:check(zero ~= nil and wins[1] > 0, "the window shrank with each ACK to win 0: no room left")
  local probed = zero and probes(list, zero) or {}
  print("\n  What tcpdump printed from the first win 0 on:")
  if zero then show_from(list, zero, 8) end
  local gaps, apart = {}, #probed >= 3
  for i = 1, #probed do
    local before = i == 1 and zero or probed[i - 1]
    gaps[i] = probed[i].time - before.time
    apart = apart and (i == 1 or gaps[i] > gaps[i - 1])
  end
  for i, g in ipairs(gaps) do gaps[i] = ("%.2f s"):format(g) end
  lab:check(apart, "the client then only probes the window: an empty segment one byte below the acknowledged "
    .. "edge, answered win 0, each probe further apart (the persist timer backs off)", table.concat(gaps, ", "))
  local server_m, client_m = ss_m(server), ss_m(client)
  lab:check(server_m.rb == 2 * BUF and client_m.tb == 2 * BUF,
    ("ss -tm shows the same buffers: rb%d in the server (SO_RCVBUF), tb%d in the client (SO_SNDBUF)")
      :format(2 * BUF, 2 * BUF), ("rb%s, tb%s"):format(server_m.rb, client_m.tb))
  return took, #list
end

-- Reads from S until TOTAL bytes have been read in all (WAIT seconds);
-- returns the count.
local function read_up_to(s, total, got)
  local deadline = netlab.now() + WAIT
  while got.n < total and netlab.now() < deadline do
    s:settimeout(math.max(deadline - netlab.now(), 0))
    local data, _, partial = s:receive(math.min(65536, total - got.n))
    data = data or partial or ""
    got.n = got.n + #data
    if #data == 0 then break end
  end
  return got.n
end

-- Part 3: the server reads; its window update restarts the flow.
local function part3(client, server, c, s, cap, took, seen, got)
  print("\n== Part 3: the receiver reads ==")
  lab:step("recv(fd, buf, ...)  # the server, until it has every byte", "its receive buffer empties")
  local total = FIRST + took
  local n = read_up_to(s, total, got)
  lab:check(n == total, ("the server read every byte send() took: %d"):format(total), n)
  local list = cap:list()
  local update, restart
  for i = seen + 1, #list do
    local p = list[i]
    if not update and from(p, SERVER_IP) and p.tcp.win > 0 then update = p end
    if update and not restart and from(p, CLIENT_IP) and p.tcp.len > 0 then restart = p end
  end
  print("  What tcpdump printed once the server read:")
  if update then show_from(list, update, 4) end
  local _, zero = windows(list)
  lab:check(update and zero and update.tcp.ack == zero.tcp.ack,
    "the server's kernel sends a window update: the same ack, the window open again",
    update and ("win %d"):format(update.tcp.win))
  lab:check(restart ~= nil, "and the client's data flows again at once")
  local r
  for _ = 1, 100 do
    r = row(client)
    if not r or r.send_q == 0 then break end
    netlab.sleep(WAIT / 100)
  end
  lab:check(r and r.send_q == 0, "the client's Send-Q empties: the server acknowledged everything", r and r.send_q)
end

lab:run(function()
  local net <close> = netlab.lab()
  local client, server = build(net)
  lab:step("tcpdump -nn -i eth0 tcp port 5001 &  # in client", "capture on the client's end of the cable")
  local cap <close> = assert(client:capture{iface = "eth0", filter = "tcp port " .. PORT})
  local c, s, got = connect(client, server)
  local _ <close> = c
  local _ <close> = s
  part1(client, server, c, s)
  local took, seen = part2(client, server, c, cap)
  part3(client, server, c, s, cap, took, seen, got)
end)
