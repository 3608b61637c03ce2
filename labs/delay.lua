-- delay: a 50 ms one-way delay on the cable: ping's RTT is about 100 ms, the handshake costs one round trip before the first byte, each request/response one more
--
-- A packet takes time to cross a network: here 50 ms each way, as
--   $ tc qdisc add dev eth0 root netem delay 50ms     on both ends
-- would set it. The round-trip time (RTT) is the way there and back:
-- 100 ms. Everything that waits for an answer pays it:
--   $ ping -c 4 10.0.0.2          about 100 ms an echo (the first waits
--                                 for ARP's request and reply too: 200)
--   $ curl http://10.0.0.2/       connect() returns after one RTT (SYN
--                                 out, SYN-ACK back): only then may the
--                                 first byte go; each request then waits
--                                 one RTT for its answer
-- so a chatty protocol on a long path is slow however fast the link is.
-- The network:
--
--   client 10.0.0.1 ------ 50 ms each way ------ server 10.0.0.2
--
-- The delay is on the cable, after each host's own interface: a capture
-- on the client sees its SYN leave at once and the SYN-ACK come back
-- 100 ms later, which the ladder's time column shows. Where the kernel
-- has no netem, netlab carries the cable's frames itself and delays them
-- (a wire link). Exit 0 only if every claim held.
-- Usage: netlab labs/delay.lua [--fault]   (--help lists the options)
--   --fault  delay only what the client sends (a wrong setup on purpose):
--            the claims fail, since a round trip counts both directions

local lesson = require "netlab.lesson"

local CLIENT_IP, SERVER_IP, PORT = lesson.CABLE_CLIENT_IP, lesson.CABLE_SERVER_IP, 80
local DELAY = 50      -- ms one way
local RTT = 2 * DELAY -- ms there and back
local SLACK = 50      -- ms a loaded machine may add to a round trip (netlab's wire
                      -- runs in this process: a busy machine delays it too)
local PINGS = 4       -- echo requests
local REQUESTS = 3    -- request/response exchanges on one connection
local LIMIT = 20      -- seconds the whole lab may take
local WAIT = 3        -- seconds any one network wait may take
local lab = lesson.new{name = "delay", limit = LIMIT, params = {
  {"fault", false, "delay only what the client sends (a wrong setup on purpose): the claims fail"},
}}
local fault = lab.params.fault -- the delay on the client's side only

-- Whether MS milliseconds is about N round trips: no less than the
-- delay itself allows (1 ms for clock rounding), at most SLACK more a
-- round trip.
local function about(ms, n)
  return ms ~= nil and ms >= n * RTT - 1 and ms <= n * (RTT + SLACK)
end

-- Whether each of the times LIST (ms) is at least one round trip and
-- their median about one (a stall of the machine can delay one).
local function each_about(list)
  local sorted = table.move(list, 1, #list, 1, {})
  table.sort(sorted)
  for _, ms in ipairs(sorted) do
    if ms < RTT - 1 then return false end
  end
  return #sorted > 0 and about(sorted[(#sorted + 1) // 2], 1)
end

-- "101.2 ms", or "none".
local function ms_text(ms)
  return ms and ("%.1f ms"):format(ms) or "none"
end

-- The network -----------------------------------------------------------------

-- Builds the two hosts on a delayed cable; returns them.
local function build(net)
  lab:step("ip netns add client; ip netns add server; ip link add eth0 type veth peer eth0 ...",
    ("client %s and server %s on one cable"):format(CLIENT_IP, SERVER_IP))
  local client, server = assert(net:host "client"), assert(net:host "server")
  local link = assert(net:link(client, server, CLIENT_IP .. "/24", SERVER_IP .. "/24"))
  lab:step(("tc qdisc add dev eth0 root netem delay %dms  # in client and in server"):format(DELAY),
    fault and "(--fault: in the client only)" or "each direction waits 50 ms on the cable")
  assert(link:impair{delay = DELAY .. "ms", side = fault and client or nil})
  print(("  the cable's frames are delayed by %s"):format(link:impair() == "wire"
    and "netlab itself (a wire link: this kernel has no netem)" or "the kernel's netem"))
  return client, server
end

-- ping ---------------------------------------------------------------------------

-- Pings the server; checks the first echo waits for ARP, the others one RTT.
local function ping(client)
  lab:step(("ping -c %d 10.0.0.2  # in client"):format(PINGS), "each echo request waits for its reply")
  local res = assert(client:ping(SERVER_IP, {count = PINGS, interval = 0.2, timeout = WAIT}))
  lab:show((res.text:gsub("\n$", "")))
  local first, rest, times = res.rows[1] and res.rows[1].rtt, {}, {}
  for i = 2, #res.rows do
    rest[#rest + 1] = ms_text(res.rows[i].rtt)
    times[#times + 1] = res.rows[i].rtt or 0
  end
  lab:check(#res.rows == PINGS and each_about(times), ("ping's RTT is about %d ms: %d ms there, %d ms back"):format(RTT, DELAY, DELAY),
    table.concat(rest, ", "))
  lab:check(about(first, 2), ("the first echo took two round trips, about %d ms: ARP's request and reply came first")
    :format(2 * RTT), ms_text(first))
end

-- The TCP exchange --------------------------------------------------------------

-- The server: answers each line of one connection with "re: " and the line.
local function serve(listener)
  local c = listener:accept()
  if not c then return end
  c:settimeout(WAIT)
  for _ = 1, REQUESTS do
    local line = c:receive("*l")
    if not line then break end
    c:send("re: " .. line .. "\n")
  end
  c:close()
end

-- The client: connects, then sends REQUESTS lines one after another, each
-- after the answer to the one before; returns connect's time and each
-- exchange's, in ms.
local function converse(client)
  local c <close> = assert(client:tcp())
  c:settimeout(WAIT)
  local t0 = netlab.now()
  assert(c:connect(SERVER_IP, PORT))
  local connect_ms, times = (netlab.now() - t0) * 1000, {}
  for i = 1, REQUESTS do
    local t = netlab.now()
    assert(c:send(("GET /%d\n"):format(i)))
    local answer = assert(c:receive("*l"))
    times[i] = (netlab.now() - t) * 1000
    print(("  request %d answered %q after %.1f ms"):format(i, answer, times[i]))
  end
  return connect_ms, times
end

-- Waits until the capture CAP holds the last answer (WAIT seconds, 100
-- packets at most); returns the packets.
local function wait_answers(cap)
  local deadline = netlab.now() + WAIT
  for _ = 1, 100 do
    local n = 0
    for _, p in ipairs(cap:list()) do
      if p.ip.src == SERVER_IP and p.tcp.len > 0 then n = n + 1 end
    end
    if n >= REQUESTS then break end
    if not cap:next(math.max(deadline - netlab.now(), 0)) then break end
  end
  return cap:list()
end

-- The ladder's rows: {time = seconds, label =, right = true for client -> server}.
local function ladder_rows(text)
  local rows = {}
  for line in text:gmatch("[^\n]+") do
    local t, arrow = line:match("^%s*(%d+%.%d+)%s.-|(.*)|")
    if t then
      rows[#rows + 1] = {time = tonumber(t), right = arrow:find(">$") ~= nil,
        label = arrow:match("^[<%-]*%s*(.-)%s*[%->]*$")}
    end
  end
  return rows
end

-- The first row of ROWS from index I on for which PRED(row) holds, and its index.
local function find(rows, pred, i)
  for k = i or 1, #rows do
    if pred(rows[k]) then return rows[k], k end
  end
end

-- The handshake in the ladder: the SYN at 0, the SYN-ACK and the first
-- byte one RTT later.
local function check_handshake(rows, connect_ms)
  lab:check(about(connect_ms, 1), ("connect() returned after one round trip (about %d ms): SYN out, SYN-ACK back")
    :format(RTT), ms_text(connect_ms))
  local syn = rows[1]
  local synack = find(rows, function(r) return not r.right and r.label:find("^SYN,ACK") end)
  local data = find(rows, function(r) return r.right and r.label:find("len %d+$") end)
  local t = function(r) return r and r.time * 1000 end
  lab:check(syn and syn.label:find("^SYN ") and t(syn) == 0 and about(t(synack), 1),
    ("in the ladder's time column the SYN-ACK comes %d ms after the SYN"):format(RTT),
    synack and ("%.6f"):format(synack.time))
  lab:check(about(t(data), 1), ("the first byte leaves only then: one round trip after the SYN, at about %.3f")
    :format(RTT / 1000), data and ("%.6f: %s"):format(data.time, data.label))
end

-- Each exchange: the answer comes one RTT after the request, in the
-- client's own clock and in the ladder.
local function check_exchanges(rows, times)
  local shown = {}
  for _, ms in ipairs(times) do shown[#shown + 1] = ms_text(ms) end
  lab:check(#times == REQUESTS and each_about(times), ("each request waits one round trip, about %d ms, for its answer"):format(RTT),
    table.concat(shown, ", "))
  local gaps, ms, i, good, last = {}, {}, 1, true, nil
  for _ = 1, REQUESTS do
    local q, qi = find(rows, function(r) return r.right and r.label:find("len %d+$") end, i)
    local a, ai = find(rows, function(r) return not r.right and r.label:find("len %d+$") end, (qi or #rows) + 1)
    if not (q and a) then good = false break end
    gaps[#gaps + 1] = ("%.1f"):format((a.time - q.time) * 1000)
    ms[#ms + 1] = (a.time - q.time) * 1000
    i, last = ai + 1, a.time * 1000
  end
  lab:check(good and #gaps == REQUESTS and each_about(ms), "the ladder shows it too: each answer's row one round trip below its request's",
    table.concat(gaps, ", ") .. " ms")
  lab:check(about(last, 1 + REQUESTS),
    ("the last answer came %d round trips after the SYN, about %d ms: the delay, not the link's speed, set the time")
    :format(1 + REQUESTS, (1 + REQUESTS) * RTT), ms_text(last))
end

-- Runs the exchange under a capture; prints it and the ladder; checks.
local function exchange(client, server)
  lab:step("tcpdump -nn -i eth0 tcp port 80 &  # in client", "capture on the client's end of the cable")
  local cap <close> = assert(client:capture{iface = "eth0", filter = "tcp port 80"})
  local listener <close> = assert(server:tcp())
  assert(listener:bind(SERVER_IP, PORT))
  assert(listener:listen(4))
  listener:settimeout(WAIT)
  netlab.daemon(serve, listener)
  lab:step("curl http://10.0.0.2/1 http://10.0.0.2/2 http://10.0.0.2/3  # in client",
    ("connect once, then %d requests, each after the answer before it"):format(REQUESTS))
  local connect_ms, times = converse(client)
  local list = wait_answers(cap)
  print("\n  What tcpdump printed:")
  for _, p in ipairs(list) do lab:packet(p) end
  print("\n  The same connection as a ladder (time in seconds since the SYN):")
  local text = netlab.ladder(list, {names = {[CLIENT_IP] = "client", [SERVER_IP] = "server"}})
  lab:show((text:gsub("\n$", "")), "    ")
  local rows = ladder_rows(text)
  check_handshake(rows, connect_ms)
  check_exchanges(rows, times)
end

lab:run(function()
  local net <close> = netlab.lab()
  local client, server = build(net)
  print("\n== Part 1: ping ==")
  ping(client)
  print("\n== Part 2: a TCP connection and its requests ==")
  exchange(client, server)
end)
