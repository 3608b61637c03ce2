-- traffic: iftop's view of three transfers at 4, 1 and 8 mbit/s: each connection's rate is the bytes it sent over the time, an interface carries its connections' bytes plus 66 bytes a segment, the 2 s column follows a burst the 40 s column averages away
--
-- iftop shows, for each pair of endpoints, how fast bytes flow each way:
-- averaged over the last 2, 10 and 40 seconds (its three columns), and
-- how many have flowed since it started. netlab.top shows the same from
-- the kernel's own counters, without capturing a packet: per connection
-- the bytes the peer acknowledged and the bytes that arrived (ss -ti's
-- bytes_acked, bytes_received), per interface the bytes of every frame
-- (ip -s link). Here
--   $ pv -L 500k < /dev/zero | nc 10.0.0.2 5001     in a: 4 mbit/s
--   $ pv -L 125k < /dev/zero | nc 10.0.1.2 5002     in b: 1 mbit/s
--   $ pv -L 1m < /dev/zero | nc 10.0.0.2 5003       in a, from 2.5 s to 4.5 s: 8 mbit/s
--   $ iftop -n -N -P -T                             in server, for 7 s
-- The network:
--
--   a 10.0.0.1 ------ 10.0.0.2 [eth0] server [eth1] 10.0.1.2 ------ 10.0.1.1 b
--
-- Each sender paces itself (a chunk every 50 ms) and writes down what it
-- has sent when; the lab compares netlab.top's numbers with those notes
-- and with the interfaces' counters. Exit 0 only if every claim held.

local lesson = require "netlab.lesson"

local RUN = 7           -- seconds netlab.top watches
local EVERY = 0.25      -- seconds between its readings
local TICK = 0.05       -- seconds between a sender's chunks
local STEADY = {from = 0.25, to = RUN - 0.75} -- seconds (since top began) the steady senders send
local BURST = {from = 2.5, to = 4.5}          -- and the burst
local HEADERS = 66      -- bytes a segment adds on the wire: Ethernet 14, IP 20, TCP 20 + 12 of timestamps
local NOISE = 1500      -- bytes of frames no connection sent (ARP, IPv6's router solicitations and MLD reports)
local TOLERANCE = 0.1   -- how far a measured rate may be from what was sent (a loaded machine's pacing)
local LIMIT = 30        -- seconds the whole lab may take
local WAIT = 3          -- seconds any one network wait may take
local lab = lesson.new{name = "traffic", limit = LIMIT, params = {}}

-- The transfers: who sends, to which port, how fast (bytes/s), when.
local TRANSFERS = {
  {from = "a", to = "10.0.0.2", port = 5001, rate = 500000, at = STEADY},
  {from = "b", to = "10.0.1.2", port = 5002, rate = 125000, at = STEADY},
  {from = "a", to = "10.0.0.2", port = 5003, rate = 1000000, at = BURST},
}

-- "4.00 mbit/s" from bytes/s.
local function mbit(bps) return ("%.2f mbit/s"):format(bps * 8 / 1e6) end

-- The network and the transfers ------------------------------------------------

-- Builds a, b and the server between them; returns the hosts by name.
local function build(net)
  lab:step("ip netns add a; ip netns add b; ip netns add server; ip link add ... type veth ...",
    "a and b each on a cable of their own to the server")
  local hosts = {a = assert(net:host "a"), server = assert(net:host "server"), b = assert(net:host "b")}
  assert(net:link(hosts.a, hosts.server, "10.0.0.1/24", "10.0.0.2/24"))
  assert(net:link(hosts.b, hosts.server, "10.0.1.1/24", "10.0.1.2/24"))
  return hosts
end

-- The server: takes connections on LISTENER and reads each to its end.
local function sink(listener)
  while true do
    local c = listener:accept()
    if not c then return end
    netlab.spawn(function()
      c:settimeout(RUN + WAIT)
      for _ = 1, 1e6 do
        if not c:receive(65536) then break end
      end
      c:close()
    end)
  end
end

-- Listens on each transfer's port in the server.
local function listen(server)
  local list = {}
  for _, t in ipairs(TRANSFERS) do
    local l = assert(server:tcp())
    assert(l:bind(t.to, t.port))
    assert(l:listen(4))
    netlab.daemon(sink, l)
    list[#list + 1] = l
  end
  return list
end

-- Transfer T's sender: connects, then from T0 + at.from to T0 + at.to
-- sends rate x TICK bytes each TICK, noting {time, total} after each.
local function sender(t, host, t0)
  local c = assert(host:tcp())
  c:settimeout(WAIT)
  assert(c:connect(t.to, t.port))
  t.sock, t.port_from, t.log = c, select(2, c:getsockname()), {{time = t0, total = 0}}
  local chunk, total = ("x"):rep(math.floor(t.rate * TICK)), 0
  local ticks = math.floor((t.at.to - t.at.from) / TICK + 0.5)
  for k = 0, ticks - 1 do
    local due = t0 + t.at.from + k * TICK
    if due > netlab.now() then netlab.sleep(due - netlab.now()) end
    assert(c:send(chunk))
    total = total + #chunk
    t.log[#t.log + 1] = {time = netlab.now(), total = total}
  end
  t.sent = total
end

-- What transfer T had sent at time AT (its log's last note by then).
local function sent_at(t, at)
  local total = 0
  for _, e in ipairs(t.log) do
    if e.time > at then break end
    total = e.total
  end
  return total
end

-- Watching --------------------------------------------------------------------

-- Runs the transfers under netlab.top; returns every view it took.
local function watch(net, hosts)
  lab:step("iftop -n -N -P -T  # in server; netlab.top(lab, {duration = 7, every = 0.25})",
    "the three transfers as iftop would show them, refreshed four times a second")
  local views, t0 = {}, netlab.now()
  for _, t in ipairs(TRANSFERS) do netlab.spawn(sender, t, hosts[t.from], t0) end
  assert(netlab.top(net, {duration = RUN, every = EVERY, each = function(v)
    views[#views + 1] = v
  end}))
  return views
end

-- The view nearest time AT (seconds since top began).
local function view_at(views, at)
  local best
  for _, v in ipairs(views) do
    if not best or math.abs(v.time - at) < math.abs(best.time - at) then best = v end
  end
  return best
end

-- Not on a terminal (where every view was drawn live), shows the view at
-- the burst's end, all three transfers running.
local function show(views)
  if require("netlab.c.fd").termsize(1) then return end
  local v = view_at(views, BURST.to)
  print(("  the view at %.2f s, the end of the burst:"):format(v.time))
  lab:show((v.text:gsub("\n$", "")))
end

-- The row of transfer T in view V (by its client's port).
local function row(v, t)
  for _, r in ipairs(v.conns) do
    if r.sport == t.port_from and r.dport == t.port then return r end
  end
end

-- The claims ------------------------------------------------------------------

-- Each connection's totals: what its sender sent (and the SYN).
local function check_totals(last)
  for _, t in ipairs(TRANSFERS) do
    local r = row(last, t)
    lab:check(r and r.sent >= t.sent and r.sent <= t.sent + 2,
      ("%s:%d's cumulative total is what its sender sent (the kernel counts the SYN as a byte)"):format(t.from, t.port),
      r and ("%d bytes sent, top says %d"):format(t.sent, r.sent) or "not in the view")
  end
end

-- Each steady connection's 2 s column in the middle of the run: the
-- bytes its sender sent over the same span, divided by it.
local function check_rates(views)
  local v = view_at(views, (STEADY.from + STEADY.to) / 2)
  for i = 1, 2 do
    local t = TRANSFERS[i]
    local r, span = row(v, t), v.spans[1]
    local truth = (sent_at(t, v.now) - sent_at(t, v.now - span)) / span
    local got = r and r.sent_rates[1]
    lab:check(got and math.abs(got - truth) <= TOLERANCE * truth,
      ("%s:%d's 2 s column is the bytes it sent in those %.2f s over the time (paced at %s)"):format(t.from, t.port, span, mbit(t.rate)),
      got and ("sent %s, top says %s"):format(mbit(truth), mbit(got)) or "not in the view")
  end
end

-- The interface of HOST named NAME in view V.
local function iface(v, host, name)
  for _, r in ipairs(v.ifaces) do
    if r.host == host and r.name == name then return r end
  end
end

-- Each server interface received what its connections' senders put on
-- the wire: their payload, once more what they sent again (a tail loss
-- probe, when the receiver's delayed ACK comes after the sender's probe
-- timer), HEADERS bytes for each segment, and a little more: NOISE bytes
-- of ARP and IPv6 chatter, a SYN's 8 more bytes of options, 1% for them.
local function check_ifaces(last)
  for _, side in ipairs{{"eth0", {TRANSFERS[1], TRANSFERS[3]}}, {"eth1", {TRANSFERS[2]}}} do
    local i, payload, again, segs = iface(last, "server", side[1]), 0, 0, 0
    for _, t in ipairs(side[2]) do
      local r = row(last, t) or {}
      payload, segs = payload + (r.bytes_sent or 0), segs + (r.segs_out or 0)
      again = again + (r.bytes_retrans or 0)
    end
    local over = i and i.recv - payload
    local predicted = segs * HEADERS
    lab:check(over and over >= predicted and over <= predicted * 1.01 + NOISE,
      ("server:%s received its connections' bytes plus %d bytes for each segment: %.1f%% overhead"):format(
        side[1], HEADERS, payload > 0 and 100 * (over or 0) / payload or 0),
      over and ("%d bytes = %d payload (%d of it sent again) + %d over %d segments (%.1f a segment)"):format(i.recv,
        payload, again, over, segs, segs > 0 and over / segs or 0) or "no interface")
  end
end

-- The burst: at its end the 2 s column shows its rate and the 40 s
-- column less than half of it; 2.25 s later the 2 s column is back to 0
-- while the 40 s column still counts it.
local function check_burst(views)
  local t = TRANSFERS[3]
  local at_end, after = view_at(views, BURST.to), view_at(views, BURST.to + 2.25)
  local r, r2 = row(at_end, t), row(after, t)
  local span = at_end.spans[1]
  local truth = (sent_at(t, at_end.now) - sent_at(t, at_end.now - span)) / span
  lab:check(r and math.abs(r.sent_rates[1] - truth) <= TOLERANCE * truth and r.sent_rates[3] < truth / 2,
    ("at the burst's end the 2 s column shows its rate, the 40 s column (%.1f s of history so far) less than half")
      :format(at_end.spans[3]),
    r and ("sent %s; 2 s: %s, 10 s: %s, 40 s: %s"):format(mbit(truth), mbit(r.sent_rates[1]), mbit(r.sent_rates[2]),
      mbit(r.sent_rates[3])))
  lab:check(r2 and r2.sent_rates[1] == 0 and r2.sent_rates[3] > t.rate / 5,
    "2 s later the 2 s column is back to 0; the 10 and 40 s columns still count the burst",
    r2 and ("2 s: %s, 10 s: %s, 40 s: %s"):format(mbit(r2.sent_rates[1]), mbit(r2.sent_rates[2]), mbit(r2.sent_rates[3])))
end

lab:run(function()
  local net <close> = netlab.lab()
  local hosts = build(net)
  local _ <close> = setmetatable(listen(hosts.server), {__close = function(list)
    for _, l in ipairs(list) do l:close() end
  end})
  local views = watch(net, hosts)
  show(views)
  local last = views[#views]
  check_totals(last)
  check_rates(views)
  check_ifaces(last)
  check_burst(views)
  for _, t in ipairs(TRANSFERS) do if t.sock then t.sock:close() end end
end)
