-- wire.lua - netlab's side of bench/wire.sh: a link netlab carries
-- itself (lab:link's engine = "wire") against a plain veth pair, both in
-- one lab of this one process, measured round by round in turn.
--
--   netlab wire.lua tcp ROUNDS SECONDS
--       an iperf3 stream (iperf3 -s in one host, -c -t SECONDS -J in the
--       other) over the veth pair, then over the wire; prints
--       "tcp ROUND veth|wire BITS_PER_SECOND RETRANSMITS"
--   netlab wire.lua frames ROUNDS SECONDS RATE BLAST [KINDS]
--       BLAST (bench/wire_blast.c) in both hosts at once, each sending
--       64-byte frames at RATE a second for SECONDS; the frames each
--       host received over the middle of the run, a second;
--       prints "frames ROUND veth|wire|threads A_TO_B B_TO_A" for each
--       of KINDS ("veth,wire" by default; threads: a wire with a rate of
--       17 Gbit/s set, more than 64-byte frames reach, so its own
--       threads carry them instead of the kernel)
--   netlab wire.lua delay MS FRAMES [ENGINE]
--       FRAMES UDP datagrams 1 ms apart over a link delaying MS each
--       way (the wire, or ENGINE "netem" on the veth pair), each carrying
--       its send time; prints "delay MS ERROR_MS" for each frame (its
--       one-way time less MS)
--   netlab wire.lua loss PERCENT FRAMES [ENGINE]
--       FRAMES numbered UDP datagrams over a link losing PERCENT;
--       prints "loss PERCENT SENT RECEIVED LINK_DROPPED" (the wire's
--       count; netem's: -1)
-- Every wait is bounded; the lab closes (and its programs end) on exit.
local WAIT = 5 -- seconds any one network wait may take

local function fail(...) io.stderr:write("wire.lua: ", ..., "\n") os.exit(1) end

-- A lab with hosts a - b on a veth pair and c - d on a wire; the lab,
-- the hosts by kind, the wire link and the veth link.
local function lab_pair()
  local lab = netlab.lab()
  local a, b, c, d = lab:host "a", lab:host "b", lab:host "c", lab:host "d"
  local veth = assert(lab:link(a, b, "10.0.0.1/24", "10.0.0.2/24"))
  local wire = assert(lab:link(c, d, "10.0.0.1/24", "10.0.0.2/24", {engine = "wire"}))
  return lab, {veth = {a, b}, wire = {c, d}}, wire, veth
end

-- One iperf3 stream from X to Y for SECS; bits/s received, retransmits.
local function iperf3(x, y, secs)
  local server = assert(y:start("iperf3 -s -1 -B 10.0.0.2"))
  for _ = 1, 100 do -- until it listens
    if #assert(y:sockets{proto = "tcp", state = "LISTEN", port = 5201}) > 0 then break end
    netlab.sleep(0.02)
  end
  local out, err = x:sh(("iperf3 -c 10.0.0.2 -t %s -J"):format(secs), {timeout = secs + 20})
  server:wait(WAIT)
  server:stop()
  local bps = out and out:match('"sum_received".-"bits_per_second":%s*([%d.e+]+)')
  if not bps then fail("iperf3 failed: ", tostring(out), tostring(err)) end
  return tonumber(bps), tonumber(out:match('"sum_sent".-"retransmits":%s*(%d+)') or 0)
end

local function tcp(rounds, secs)
  local lab <close>, pairs_ = lab_pair()
  for round = 1, rounds do
    for _, kind in ipairs{"veth", "wire"} do
      local bps, re = iperf3(pairs_[kind][1], pairs_[kind][2], secs)
      print(("tcp %d %s %.0f %d"):format(round, kind, bps, re))
      io.stdout:flush()
    end
  end
end

-- Frames received on HOST's eth0 so far.
local function rx_packets(host)
  for _, row in ipairs(assert(host:ifaces())) do
    if row.name == "eth0" then return row.rx_packets end
  end
  fail("no eth0 in ", host:name())
end

-- The MAC of HOST's eth0.
local function mac(host)
  for _, row in ipairs(assert(host:ifaces())) do
    if row.name == "eth0" then return row.mac end
  end
end

-- Both hosts of PAIR blast each other for SECS at RATE; frames/s each
-- received over the middle half of the run.
local function blast_pair(pair, secs, rate, blast)
  local x, y = pair[1], pair[2]
  local cmd = "%s eth0 %s %d %s"
  local px = assert(x:start(cmd:format(blast, mac(y), rate, secs)))
  local py = assert(y:start(cmd:format(blast, mac(x), rate, secs)))
  netlab.sleep(secs / 4)
  local t0, x0, y0 = netlab.now(), rx_packets(x), rx_packets(y)
  netlab.sleep(secs / 2)
  local t1, x1, y1 = netlab.now(), rx_packets(x), rx_packets(y)
  for _, p in ipairs{px, py} do
    if p:wait(secs + WAIT) ~= 0 then fail("wire_blast failed: ", select(2, p:output())) end
  end
  return (y1 - y0) / (t1 - t0), (x1 - x0) / (t1 - t0)
end

local function frames(rounds, secs, rate, blast, kinds)
  local lab <close>, pairs_ = lab_pair()
  local e, f = lab:host "e", lab:host "f"
  local threaded = assert(lab:link(e, f, "10.0.0.1/24", "10.0.0.2/24", {engine = "wire"}))
  assert(threaded:impair{rate = "17gbit"})
  if select(3, threaded:impair()) ~= "threads" then fail("a rate set left the wire on the kernel path") end
  pairs_.threads = {e, f}
  local list = {}
  for k in (kinds or "veth,wire"):gmatch("[^,]+") do
    if not pairs_[k] then fail("no link kind ", k) end
    list[#list + 1] = k
  end
  for round = 1, rounds do
    for _, kind in ipairs(list) do
      local ab, ba = blast_pair(pairs_[kind], secs, rate, blast)
      print(("frames %d %s %.0f %.0f"):format(round, kind, ab, ba))
      io.stdout:flush()
    end
  end
end

-- A lab whose sender sends to its receiver's UDP port 9000 over the wire
-- (c - d) or, ENGINE "netem", the veth pair (a - b) under netem: the lab,
-- both sockets and the link, impaired by IMPAIR.
local function udp_link(impair, engine)
  local lab, pairs_, wire, veth = lab_pair()
  local kind = engine == "netem" and "veth" or "wire"
  local c, d = pairs_[kind][1], pairs_[kind][2]
  local link = kind == "wire" and wire or veth
  local r = assert(d:udp())
  assert(r:setsockname("*", 9000))
  assert(r:setoption("rcvbuf", 4 << 20))
  r:settimeout(WAIT)
  local s = assert(c:udp())
  assert(s:sendto("warm", "10.0.0.2", 9000)) -- ARP answered before any impairment
  assert(r:receive())
  impair.engine = engine == "netem" and "netem" or nil
  assert(link:impair(impair))
  return lab, s, r, link
end

local function delay(ms, n, engine)
  local lab <close>, s, r = udp_link({delay = ms .. "ms"}, engine)
  local sender = netlab.spawn(function()
    for _ = 1, n do
      assert(s:sendto(("%.9f"):format(netlab.now()), "10.0.0.2", 9000))
      netlab.sleep(0.001)
    end
  end)
  for _ = 1, n do
    local data = r:receive()
    local now = netlab.now()
    if not data then fail("a delayed datagram did not come") end
    print(("delay %s %.4f"):format(ms, (now - tonumber(data)) * 1000 - ms))
  end
  sender:join(WAIT)
end

local function loss(percent, n, engine)
  local lab <close>, s, r, link = udp_link({loss = percent .. "%"}, engine)
  local got, sent = 0, 0
  local fated0 = 0
  if engine ~= "netem" then
    local st = link:stats()[1]
    fated0 = st.forwarded + st.dropped
  end
  local receiver = netlab.spawn(function()
    r:settimeout(0.5) -- the last datagram has come (or is lost) by then
    while r:receive() do got = got + 1 end
  end)
  -- frames the wire has met the fates of (netem's: those sent)
  local function fated()
    if engine == "netem" then return sent end
    local st = link:stats()[1]
    return st.forwarded + st.dropped - fated0
  end
  while sent < n do -- bursts of 32, never more than the receiver holds
    for _ = 1, math.min(32, n - sent) do
      assert(s:sendto(tostring(sent), "10.0.0.2", 9000))
      sent = sent + 1
    end
    -- nor more than the wire's ring: the rate measured is the one set,
    -- not a sender outrunning the wire's threads
    local deadline = netlab.now() + WAIT
    repeat netlab.sleep(0) until sent - fated() <= 256 or netlab.now() > deadline
  end
  receiver:join(WAIT)
  local st = engine ~= "netem" and link:stats()[1]
  print(("loss %s %d %d %d"):format(percent, sent, got, st and st.dropped or -1))
end

local mode, n = arg[1], function(i) return tonumber(arg[i]) or fail("bad argument ", i) end
if mode == "tcp" then tcp(n(2), n(3))
elseif mode == "frames" then frames(n(2), n(3), n(4), arg[5], arg[6])
elseif mode == "delay" then delay(n(2), n(3), arg[4])
elseif mode == "loss" then loss(n(2), n(3), arg[4])
else fail("usage: wire.lua tcp|frames|delay|loss ...") end
