-- congestion: on a 10 mbit cable with 20 ms each way, slow start doubles cwnd each round trip, congestion avoidance adds one segment a round trip, a loss cuts it (reno by half, cubic to 0.7); bbr measures the pipe instead
--
-- A TCP sender may have at most cwnd segments unacknowledged (its
-- congestion window). It does not know the network, so it probes:
-- slow start begins at 10 segments and adds one for each segment
-- acknowledged, doubling cwnd every round trip, until a packet is lost
-- (the bottleneck's queue overflowed); then it cuts cwnd (reno: to
-- half, cubic: to 0.7) and goes on in congestion avoidance, one segment
-- more each round trip: the sawtooth. What fills the pipe is the
-- bandwidth-delay product: 10 mbit/s x 40 ms = 50000 bytes, about 35
-- segments of 1448 bytes; what is sent beyond it waits in the queue
-- (the round trip grows) until the queue overflows. bbr works
-- differently: it measures the bottleneck's rate and the round trip and
-- sends at that rate with about two BDPs in flight, losses or not.
--   $ tc qdisc add dev eth0 root netem delay 20ms rate 10mbit limit 40   on both ends
--   $ iperf3 -c 10.0.0.2 -t 3 -C reno      (then -C cubic, -C bbr)
--   $ ss -tin                              cwnd, ssthresh, rtt, as it runs
-- The network:
--
--   client 10.0.0.1 ------ 10 mbit/s, 20 ms each way ------ server 10.0.0.2
--
-- A task samples the sender's tcp_info every 5 ms (what ss -ti shows)
-- and the lab plots cwnd and the bytes in flight. Where the kernel has
-- no netem, netlab carries the cable's frames itself (a wire link):
-- 40 frames at most on the cable and in its queue, tail drop beyond.
-- Exit 0 only if every claim held.
-- Usage: netlab labs/congestion.lua [--fault] [--svg FILE]   (--help lists them)
--   --fault     a queue of 1000 frames instead of 40 (a wrong setup on
--               purpose: bufferbloat): nothing overflows in time, and
--               the claims about losses fail
--   --svg FILE  also write reno's cwnd plot as an SVG drawing

local lesson = require "netlab.lesson"

local CLIENT_IP, SERVER_IP, PORT = lesson.CABLE_CLIENT_IP, lesson.CABLE_SERVER_IP, 5001
local RATE, DELAY, QUEUE = 10e6, 20, 40 -- bits/s, ms one way, frames on the cable
local RTT = 2 * DELAY / 1000            -- seconds, without queueing
local MSS = 1448                        -- payload bytes of a full segment
local BDP = RATE / 8 * RTT              -- bytes: 50000
local RUN = 3                           -- seconds each transfer lasts
local EVERY = 0.005                     -- seconds between tcp_info samples
local LIMIT = 40                        -- seconds the whole lab may take
local WAIT = 5                          -- seconds any one network wait may take
local lab = lesson.new{name = "congestion", limit = LIMIT, programs = {"sysctl"}, params = {
  {"fault", false, "a queue of 1000 frames instead of 40 (a wrong setup on purpose): the claims about losses fail"},
  {"svg", nil, "also write reno's cwnd plot as SVG to FILE", type = "string", arg = "FILE"},
}}
local fault, svg_path = lab.params.fault, lab.params.svg

-- The network and a transfer -----------------------------------------------------

-- Builds the hosts on the bottleneck cable; returns them.
local function build(net)
  lab:step("ip netns add client; ip netns add server; ip link add eth0 type veth peer eth0 ...",
    ("client %s and server %s on one cable"):format(CLIENT_IP, SERVER_IP))
  local client, server = assert(net:host "client"), assert(net:host "server")
  local link = assert(net:link(client, server, CLIENT_IP .. "/24", SERVER_IP .. "/24", {engine = "wire"}))
  local queue = fault and 1000 or QUEUE
  lab:step(("tc qdisc add dev eth0 root netem delay %dms rate 10mbit limit %d  # in client and in server")
    :format(DELAY, queue), fault and "(--fault: a queue far longer than the pipe)" or "the bottleneck: 10 mbit/s, a short queue")
  assert(link:impair{delay = DELAY .. "ms", rate = "10mbit", limit = queue})
  assert(client:ping(SERVER_IP, {count = 1, timeout = WAIT})) -- ARP first
  lab:step("sysctl -w net.ipv4.tcp_no_metrics_save=1  # in client",
    "each connection starts afresh: the kernel would remember the last one's ssthresh for this peer")
  assert(client:sh("sysctl -q -w net.ipv4.tcp_no_metrics_save=1", {timeout = WAIT}))
  print(("  the bandwidth-delay product: 10 mbit/s x %d ms = %d bytes, %.1f segments of %d bytes")
    :format(2 * DELAY, BDP, BDP / MSS, MSS))
  return client, server, link
end

-- The server: takes connections and reads each to its end, discarding.
local function sink(listener)
  while true do
    local c = listener:accept()
    if not c then return end
    netlab.spawn(function()
      c:settimeout(WAIT)
      for _ = 1, 1e6 do
        local _, err = c:receive(65536)
        if err == "closed" or err == "timeout" then break end
      end
      c:close()
    end)
  end
end

-- Sends from CLIENT with congestion control CC for RUN seconds while a
-- sampler reads its tcp_info; returns the samples, the last tcp_info and
-- the rate achieved (bits/s).
local function transfer(client, cc)
  lab:step(("iperf3 -c 10.0.0.2 -p 5001 -t %d -C %s  # in client, while ss -tin samples it"):format(RUN, cc))
  local c <close> = assert(client:tcp())
  assert(c:setoption("congestion", cc))
  c:settimeout(WAIT)
  assert(c:connect(SERVER_IP, PORT))
  local sampler = netlab.tcp_sampler(c, {every = EVERY, count = math.ceil(RUN / EVERY) + 200})
  local chunk, t0 = ("x"):rep(65536), netlab.now()
  for _ = 1, 1e5 do
    if netlab.now() - t0 >= RUN then break end
    assert(c:send(chunk))
  end
  local info = assert(c:tcp_info())
  local samples = sampler:stop()
  -- close with a reset: what the send buffer still holds must not go on
  -- competing with the next transfer
  assert(c:setoption("linger", {on = true, timeout = 0}))
  c:close()
  netlab.sleep(4 * RTT) -- the cable's queue drains
  local rate = info.bytes_acked * 8 / (netlab.now() - t0)
  print(("  %s: %.2f mbit/s for %d s, %d segments sent again, %d samples of tcp_info"):format(cc, rate / 1e6, RUN,
    info.total_retrans, #samples))
  return samples, info, rate
end

-- Reading the samples --------------------------------------------------------------

-- The index of the first sample of SAMPLES from I on for which PRED holds.
local function first(samples, pred, i)
  for k = i or 1, #samples do
    if pred(samples[k]) then return k end
  end
end

-- The first cut: the index of the first sample in recovery (or loss)
-- with a ssthresh, and the largest cwnd before it.
local function first_cut(samples)
  local k = first(samples, function(s) return s.ssthresh and (s.ca_state == "Recovery" or s.ca_state == "Loss") end)
  local peak = 0
  for i = 1, (k or 1) - 1 do peak = math.max(peak, samples[i].cwnd or 0) end
  return k, peak
end

-- The mean of FIELD over samples I..J (those that have it).
local function mean(samples, field, i, j)
  local sum, n = 0, 0
  for k = i, j do
    if samples[k][field] then sum, n = sum + samples[k][field], n + 1 end
  end
  return n > 0 and sum / n or nil
end

-- The median of FIELD over samples I..J.
local function median(samples, field, i, j)
  local t = {}
  for k = i, j do t[#t + 1] = samples[k][field] end
  table.sort(t)
  return t[(#t + 1) // 2]
end

-- Slow start: the times cwnd first reached 10, 20, 40... before the
-- first cut; checks each doubling took about one round trip.
local function check_slow_start(samples, cut)
  local stop, marks, ok = (cut or #samples + 1) - 1, {}, true
  local target, prev = 20, first(samples, function(s) return s.cwnd and s.cwnd >= 10 end)
  local shown = {("10 at %.3f s"):format(prev and samples[prev].time or 0)}
  while prev do
    local k = first(samples, function(s) return s.cwnd >= target end, prev)
    if not k or k > stop then break end
    local rtts = (samples[k].time - samples[prev].time) / (mean(samples, "rtt", prev, k) / 1000)
    marks[#marks + 1] = rtts
    ok = ok and rtts >= 0.5 and rtts <= 2.5 -- linear growth would take ~cwnd round trips
    shown[#shown + 1] = ("%d at %.3f s (%.1f RTT later)"):format(target, samples[k].time, rtts)
    prev, target = k, target * 2
  end
  print("  slow start, cwnd in segments: " .. table.concat(shown, ", "))
  lab:check(ok and #marks >= 2, "slow start doubles cwnd each round trip", ("%d doublings"):format(#marks))
end

-- The loss: the first cut sets ssthresh to SHARE of the cwnd it had.
local function check_cut(samples, cc, share, link_drops)
  local k, peak = first_cut(samples)
  local ssthresh = k and samples[k].ssthresh
  local ratio = ssthresh and peak > 0 and ssthresh / peak
  print(("  %s's first loss: cwnd had reached %d, ssthresh is now %s; the cable dropped %d frames in all")
    :format(cc, peak, tostring(ssthresh), link_drops))
  lab:check(ratio and math.abs(ratio - share) <= 0.1,
    ("a loss (the queue overflowed) cuts it: ssthresh = %g x the cwnd it had"):format(share),
    ratio and ("%.2f"):format(ratio) or "no loss")
  return k
end

-- The longest run of samples in the Open state after sample K (the
-- first cut): its first and last index.
local function longest_open(samples, k)
  local best, from
  for i = k or #samples + 1, #samples do
    local open = samples[i].ca_state == "Open"
    if open and not from then from = i end
    if from and (not open or i == #samples) then
      local to = open and i or i - 1
      if not best or samples[to].time - samples[from].time > samples[best[2]].time - samples[best[1]].time then
        best = {from, to}
      end
      from = nil
    end
  end
  if best then return best[1], best[2] end
end

-- Congestion avoidance: over the longest stretch in the Open state after
-- the first cut, cwnd grows about one segment a round trip.
local function check_avoidance(samples, k)
  local from, to = longest_open(samples, k)
  local long = from and samples[to].time - samples[from].time
  local rtt = from and mean(samples, "rtt", from, to) / 1000
  local slope = long and long > 0 and (samples[to].cwnd - samples[from].cwnd) / (long / rtt)
  print(("  congestion avoidance: cwnd %s -> %s in %.2f s, %.1f round trips"):format(from and samples[from].cwnd,
    from and samples[to].cwnd, long or 0, long and long / rtt or 0))
  lab:check(slope and long / rtt >= 6 and slope >= 0.5 and slope <= 1.6,
    "then congestion avoidance adds about one segment each round trip: linear, not doubling",
    slope and ("%.2f segments a round trip"):format(slope))
  return from, to
end

-- The pipe: in congestion avoidance about a BDP in flight, and the
-- cable carrying most of its rate.
local function check_pipe(samples, from, to, rate)
  local inflight = from and median(samples, "inflight", from, to)
  lab:check(inflight and inflight >= 0.8 * BDP and inflight <= 2 * BDP,
    ("the bytes in flight stay near the bandwidth-delay product (%d bytes): what fills the pipe"):format(BDP),
    inflight and ("median %d bytes, %.2f BDP"):format(inflight, inflight / BDP))
  lab:check(rate >= 0.6 * RATE and rate <= 1.02 * RATE, "so the cable carries most of its 10 mbit/s",
    ("%.2f mbit/s"):format(rate / 1e6))
end

-- Prints the cwnd plot of SAMPLES (and writes it as SVG if asked).
local function plot(samples, title)
  lab:step("netlab.plot(samples, {\"cwnd\", \"ssthresh\", \"inflight\"})",
    "the samples over time; the dotted lines are the BDP")
  local refs = {{field = "cwnd", value = BDP / MSS, label = "BDP"}, {field = "inflight", value = BDP, label = "BDP"}}
  print(netlab.plot(samples, {"cwnd", "ssthresh", "inflight"}, {title = title, height = 30, refs = refs}))
  if svg_path then
    local ok, err = netlab.plot(samples, {"cwnd", "ssthresh", "inflight"},
      {title = title, refs = refs, format = "svg", svg = svg_path})
    lab:check(ok, "the plot is drawn as SVG in " .. svg_path, err)
  end
end

-- The parts ------------------------------------------------------------------------

-- Part 1: reno's slow start, cut and sawtooth.
local function reno(client, link)
  print("\n== Part 1: reno ==")
  local samples, _, rate = transfer(client, "reno")
  local cut = first_cut(samples)
  check_slow_start(samples, cut)
  local k = check_cut(samples, "reno", 0.5, link:stats()[1].dropped)
  local from, to = check_avoidance(samples, k)
  check_pipe(samples, from, to, rate)
  plot(samples, "reno on 10 mbit/s, 40 ms: cwnd and bytes in flight")
  return link:stats()[1].dropped
end

-- Part 2: cubic's cut to 0.7.
local function cubic(client, link, before)
  print("\n== Part 2: cubic (the default of most Linux systems) ==")
  local samples = transfer(client, "cubic")
  check_cut(samples, "cubic", 0.7, link:stats()[1].dropped - before)
end

-- Part 3: bbr, if this kernel has it: the pipe measured, not probed by loss.
local function bbr()
  print("\n== Part 3: bbr ==")
  local cc = assert(netlab.tcp_congestion())
  local have = false
  for _, name in ipairs(cc.available) do have = have or name == "bbr" end
  if not have then
    print(("  this kernel has no tcp_bbr (it offers %s): modprobe tcp_bbr, or skip this part")
      :format(table.concat(cc.available, ", ")))
    return false
  end
  return true
end

-- Checks bbr's transfer from CLIENT: its estimates and its window.
local function bbr_transfer(client)
  local samples, info, rate = transfer(client, "bbr")
  local b = info.bbr or {}
  print(("  bbr's model: bottleneck %.2f mbit/s, min_rtt %.1f ms"):format((b.bw or 0) * 8 / 1e6, b.min_rtt or 0))
  lab:check(b.bw and b.bw * 8 >= 0.7 * RATE and b.bw * 8 <= 1.1 * RATE,
    "bbr measures the bottleneck's rate: about 10 mbit/s", ("%.2f mbit/s"):format((b.bw or 0) * 8 / 1e6))
  lab:check(b.min_rtt and b.min_rtt >= 2 * DELAY - 1 and b.min_rtt <= 2 * DELAY + 15,
    ("and the round trip without a queue: about %d ms"):format(2 * DELAY), b.min_rtt and ("%.1f ms"):format(b.min_rtt))
  local half = first(samples, function(s) return s.time >= RUN / 2 end) or #samples
  local cwnd, low = median(samples, "cwnd", half, #samples) or 0, math.huge
  local settled = first(samples, function(s) return s.time >= 1 end) or #samples -- past startup and drain
  for i = settled, #samples do low = math.min(low, samples[i].pacing_rate or 0) end
  local lost = info.total_retrans
  lab:check(cwnd * MSS >= 1.4 * BDP and cwnd * MSS <= 4 * BDP,
    "its cwnd is a few BDPs (it aims at two: its model's bottleneck rate x round trip, twice)",
    ("median %d segments, %.1f BDP"):format(cwnd, cwnd * MSS / BDP))
  lab:check(lost > 0 and low * 8 >= 0.6 * RATE,
    "losses do not slow it down: segments were lost, yet its pacing rate stays near the bottleneck's",
    ("%d sent again; from 1 s on, pacing never below %.2f mbit/s"):format(lost, low * 8 / 1e6))
  lab:check(rate >= 0.6 * RATE and rate <= 1.02 * RATE, "and the cable carries most of its 10 mbit/s",
    ("%.2f mbit/s"):format(rate / 1e6))
end

lab:run(function()
  local net <close> = netlab.lab()
  local client, server, link = build(net)
  local listener <close> = assert(server:tcp())
  assert(listener:bind(SERVER_IP, PORT))
  assert(listener:listen(8))
  netlab.daemon(sink, listener)
  local drops = reno(client, link)
  cubic(client, link, drops)
  if bbr() then bbr_transfer(client) end
end)
