-- bench/web_stream.lua ROUNDS COUNT RATE: does a page streaming a lab's
-- packets slow the lab's sockets? One lab, two links: a-b carries RATE
-- UDP packets/s (a paced sender task, a draining reader) and is the link
-- the page watches; c-d carries the measured work, a UDP ping-pong of
-- 32-byte messages between two tasks, COUNT round trips a run. Rounds
-- alternate: the ping-pong with no page, then with a page (curl reading
-- the event stream of a/eth0 as fast as it comes, a real HTTP client in
-- a process of its own, on CPU 1; run netlab on CPU 0) receiving every
-- packet of a-b. Prints one line
-- per round: "round N off RTS on RTS streamed PKTS_PER_S dropped N
-- stream_cpu SHARE" (the share of the time the stream's task itself ran).
local rounds, count, rate = tonumber(arg[1] or 5), tonumber(arg[2] or 20000), tonumber(arg[3] or 10000)
local proc = require "netlab.proc"

local lab <close> = netlab.lab()
local a, b = assert(lab:host "a"), assert(lab:host "b")
local c, d = assert(lab:host "c"), assert(lab:host "d")
assert(lab:link(a, b, "10.0.0.1/24", "10.0.0.2/24"))
assert(lab:link(c, d, "10.0.1.1/24", "10.0.1.2/24"))
local web = assert(lab:web{port = 0})

-- The background traffic: RATE datagrams/s from a to b, paced on the
-- clock (each wake-up sends what the rate owes since the start).
local tx, rx = assert(a:udp()), assert(b:udp())
assert(rx:bind("10.0.0.2", 9000))
assert(tx:setpeername("10.0.0.2", 9000))
netlab.daemon(function()
  while rx:receive() do end
end)
netlab.daemon(function()
  local t0, sent = netlab.now(), 0
  while true do
    local owed = math.floor((netlab.now() - t0) * rate) - sent
    for _ = 1, math.min(owed, 1000) do tx:send("x") end
    sent = sent + math.max(owed, 0)
    netlab.sleep(0.002)
  end
end)

-- The measured work: COUNT round trips between c and d; round trips/s.
local ping, pong = assert(c:udp()), assert(d:udp())
assert(pong:bind("10.0.1.2", 7))
assert(ping:setpeername("10.0.1.2", 7))
netlab.daemon(function()
  while true do
    local data, ip, port = pong:receivefrom()
    if not data then return end
    pong:sendto(data, ip, port)
  end
end)
local msg = ("p"):rep(32)
local function pingpong(n)
  local t0 = netlab.now()
  for _ = 1, n do
    assert(ping:send(msg))
    assert(ping:receive())
  end
  return n / (netlab.now() - t0)
end

-- A page streaming a/eth0 into FILE: curl, started and stopped by pid.
local function page(file)
  local url = web.url:gsub("/%?t=", "/events?iface=a/eth0&t=")
  local child, err = proc.spawn(("exec taskset -c 1 curl -sN -o %s '%s'"):format(file, url), false, nil)
  assert(child, err)
  return child
end

-- Packets the stream in FILE carried.
local function streamed(file)
  local f = io.open(file)
  local text = f and f:read("a") or ""
  if f then f:close() end
  local n = 0
  for _ in text:gmatch('"line":') do n = n + 1 end
  return n
end

pingpong(2000) -- warm-up
local file = os.tmpname()
for round = 1, rounds do
  local off = pingpong(count)
  local child = page(file)
  netlab.sleep(0.5) -- the stream is open and flowing
  local _, st = next(web.streams)
  local before, t0, busy0 = streamed(file), netlab.now(), st.busy
  local on = pingpong(count)
  local secs = netlab.now() - t0
  local pkts = (streamed(file) - before) / secs
  local share = (st.busy - busy0) / secs
  local dropped = st.dropped + st.kernel_drops
  child:kill()
  netlab.sleep(0.2)
  print(("round %d off %.0f on %.0f streamed %.0f dropped %d stream_cpu %.4f"):format(round, off, on, pkts, dropped, share))
  io.stdout:flush()
end
os.remove(file)
