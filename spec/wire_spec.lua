-- spec/wire_spec.lua: links netlab carries itself (lab:link's engine =
-- "wire", core/net/wire.c): delay, jitter, loss, duplication,
-- reordering, corruption, a rate, a queue limit and cuts happen on the
-- wire, after the frame left its sender, on any kernel (this one needs no
-- sch_netem); a seed replays the same drops; link:stats counts frames.
local lu = require "luaunit"
local helper = require "helper"

TestWire = {}

local WAIT = 3 -- seconds any one network wait may take

-- A lab with hosts a and b joined by a wire: 10.0.0.1/24 - 10.0.0.2/24.
local function wired()
  local lab = netlab.lab()
  local a, b = assert(lab:host "a"), assert(lab:host "b")
  local link = assert(lab:link(a, b, "10.0.0.1/24", "10.0.0.2/24", {engine = "wire"}))
  return lab, a, b, link
end

-- Starts a UDP echo task in host B on PORT; returns its socket.
local function echo(b, port)
  local s = assert(b:udp())
  assert(s:setsockname("*", port))
  netlab.daemon(function()
    while true do
      local data, ip, p = s:receivefrom()
      if not data then return end
      s:sendto(data, ip, p)
    end
  end)
  return s
end

-- UDP round trips against an echo server (spec/helper.lua).
local function rtt(a, ip, port, n) return helper.udp_rtt(a, ip, port, n, WAIT) end

-- Which of N datagrams sent at once from A to B's PORT (at B's address
-- IP, 10.0.0.2 unless given) arrive: "1101...".
local function pattern(a, b, port, n, ip)
  local s <close> = assert(b:udp())
  assert(s:setsockname("*", port))
  local c <close> = assert(a:udp())
  for i = 1, n do assert(c:sendto(tostring(i), ip or "10.0.0.2", port)) end
  s:settimeout(0.3)
  local got = {}
  for _ = 1, n do
    local d = s:receivefrom()
    if not d then break end
    got[tonumber(d)] = true
  end
  local marks = {}
  for i = 1, n do marks[i] = got[i] and "1" or "0" end
  return table.concat(marks)
end

-- Sends BYTES over TCP from A to B's PORT; returns what B received and
-- the sender's total_retrans (host:sockets, read before it closes).
local function transfer(a, b, port, bytes)
  local server <close> = assert(b:tcp())
  assert(server:bind("*", port))
  assert(server:listen())
  local task = netlab.spawn(function()
    local s <close> = assert(server:accept())
    s:settimeout(20)
    return #(s:receive("*a") or "")
  end)
  local c <close> = assert(a:tcp())
  c:settimeout(20)
  assert(c:connect("10.0.0.2", port))
  assert(c:send(("x"):rep(bytes)))
  local deadline = netlab.now() + 20
  local row
  repeat -- until everything sent was acknowledged (Send-Q empty)
    row = assert(a:sockets{proto = "tcp", port = port, state = "ESTABLISHED"})[1]
    if row and row.send_q > 0 then netlab.sleep(0.05) end
  until not row or row.send_q == 0 or netlab.now() > deadline
  c:close()
  return task:join(25), row and row.total_retrans
end

-- Good paths -----------------------------------------------------------

function TestWire:test_a_wire_link_carries_traffic_and_says_its_engine()
  local lab <close>, a, b, link = wired()
  lu.assertEquals(link:impair(), "wire")
  local out = a:sh("ping -c 3 -i 0.2 -W 1 10.0.0.2")
  lu.assertStrContains(out, "3 packets transmitted, 3 received, 0% packet loss")
  local st = assert(link:stats())
  lu.assertEquals(st[1].from, a)
  lu.assertEquals(st[1].to, b)
  lu.assertTrue(st[1].forwarded >= 3 and st[2].forwarded >= 3, "3 echo requests one way, 3 replies back")
  lu.assertEquals({st[1].dropped, st[2].dropped, st[1].queued}, {0, 0, 0})
end

-- With nothing set, the kernel carries the wire's frames (each end's
-- ingress redirects to the other end, core/net/wire_tc.c) and link:stats
-- counts them from the redirect's action counters.
function TestWire:test_a_plain_wire_link_is_carried_by_the_kernel_and_counted()
  local lab <close>, a, b, link = wired()
  local engine, _, path = link:impair()
  lu.assertEquals({engine, path}, {"wire", "kernel"})
  lu.assertEquals(pattern(a, b, 7150, 5), "11111") -- ARP resolved both ways
  local before = link:stats()
  lu.assertEquals(pattern(a, b, 7151, 200), ("1"):rep(200)) -- (more, sent at once, overflow b's socket)
  local st = link:stats()
  local n = st[1].forwarded - before[1].forwarded
  lu.assertTrue(n >= 200 and n <= 204, n .. " frames: 200 datagrams a to b, each counted once (and an ARP probe or two)")
  lu.assertEquals({st[1].dropped, st[2].dropped, st[1].queued}, {0, 0, 0})
end

-- Any setting moves the frames onto the threads first; clearing it all
-- puts them back on the kernel's path; the counts carry on across each
-- switch, none counted twice.
function TestWire:test_impair_cut_and_hold_switch_to_the_threads_and_back()
  local lab <close>, a, b, link = wired()
  lu.assertEquals(pattern(a, b, 7152, 5), "11111")
  local function path() return select(3, link:impair()) end
  local n = link:stats()[1].forwarded
  local function sent(port, want)
    lu.assertEquals(pattern(a, b, port, 100), ("1"):rep(100))
    local now = link:stats()[1].forwarded
    lu.assertTrue(now - n >= 100 and now - n <= 104, (now - n) .. " frames: 100 datagrams, each counted once (and an ARP probe or two)")
    lu.assertEquals(path(), want)
    n = now
  end
  assert(link:impair{delay = "1ms"})
  sent(7153, "threads")
  assert(link:heal())
  sent(7154, "kernel")
  assert(link:cut{side = b}) -- b's direction only: still the threads
  lu.assertEquals(path(), "threads")
  sent(7155, "threads")
  assert(link:heal())
  sent(7156, "kernel")
  link._wire.wire:_hold(true)
  lu.assertEquals(path(), "threads")
  link._wire.wire:_hold(false)
  sent(7157, "kernel")
end

-- Runs tc ARGS inside wire link LINK's own namespace (the netlab
-- process's fd of it, entered by nsenter); raises if tc fails.
local function wire_tc(link, args)
  local me = assert(io.open("/proc/self/stat")):read("n")
  local cmd = ("nsenter --net=/proc/%d/fd/%d tc %s"):format(me, link._wire.mid:_netns(), args)
  local out, err, code = netlab.sh(cmd, {timeout = WAIT})
  if code ~= 0 then error(cmd .. ": " .. tostring(err), 2) end
  return out
end

-- A kernel refusing the redirect leaves the frames on the threads: here
-- the second end's ingress is taken by a clsact qdisc (tc qdisc add dev
-- X clsact, in the wire's namespace while the threads carry), so the
-- kernel refuses the wire's ingress qdisc (EINVAL) at the heal; the first
-- end's redirect, made already, comes out again, the clsact stays.
function TestWire:test_a_kernel_refusing_the_redirect_leaves_the_threads_carrying()
  local lab <close>, a, b, link = wired()
  lu.assertEquals(pattern(a, b, 7160, 5), "11111")
  assert(link:impair{delay = "1ms"}) -- onto the threads: the redirects out
  local ends = link._wire.ends
  wire_tc(link, "qdisc add dev " .. ends[2] .. " clsact")
  assert(link:heal())
  local engine, rows, path, why = link:impair()
  lu.assertEquals({engine, path, why}, {"wire", "threads",
    "the kernel refused the tc redirect between its ends: invalid argument"})
  lu.assertEquals({rows[1].delay, rows[2].delay}, {nil, nil}) -- nothing set
  local n = link:stats()[1].forwarded
  lu.assertEquals(pattern(a, b, 7161, 100), ("1"):rep(100))
  local now = link:stats()[1].forwarded
  lu.assertTrue(now - n >= 100 and now - n <= 104, (now - n) .. " frames: 100 datagrams, each counted once")
  lu.assertEquals(wire_tc(link, "filter show dev " .. ends[1] .. " ingress"), "") -- undone
  lu.assertEquals(wire_tc(link, "qdisc show dev " .. ends[1] .. " ingress"), "")
  lu.assertStrContains(wire_tc(link, "qdisc show dev " .. ends[2]), "qdisc clsact")
  -- refused for good: impairing and healing again stays on the threads
  assert(link:impair{loss = "100%"})
  lu.assertEquals(pattern(a, b, 7162, 5), "00000")
  assert(link:heal())
  lu.assertEquals(select(3, link:impair()), "threads")
  lu.assertEquals(pattern(a, b, 7163, 5), "11111")
end

-- A TCP stream crossing switch-overs both ways arrives whole: a frame in
-- flight at a switch is at worst lost once, and TCP sends it again.
function TestWire:test_tcp_across_switches_between_kernel_and_threads_is_intact()
  local lab <close>, a, b, link = wired()
  local flips = netlab.spawn(function()
    for i = 1, 10 do
      netlab.sleep(0.02)
      if i % 2 == 1 then assert(link:impair{delay = "1ms"}) else assert(link:heal()) end
    end
  end)
  local got = transfer(a, b, 7158, 4 << 20)
  flips:join(5)
  lu.assertEquals(got, 4 << 20)
  lu.assertEquals(select(3, link:impair()), "kernel")
end

function TestWire:test_loss_100_percent_makes_ping_report_100_percent_loss()
  local lab <close>, a, b, link = wired()
  lu.assertNotNil(rtt(a, "10.0.0.2", echo(b, 7100):getsockname() and 7100, 1)) -- ARP resolved
  assert(link:impair{loss = "100%"})
  local before = link:stats()[1].dropped
  local out = a:sh("ping -c 3 -i 0.2 -W 1 10.0.0.2")
  lu.assertStrContains(out, "3 packets transmitted, 0 received, 100% packet loss")
  lu.assertTrue(link:stats()[1].dropped - before >= 3)
  assert(link:heal())
  lu.assertStrContains(a:sh("ping -c 1 -W 2 10.0.0.2"), " 0% packet loss")
end

function TestWire:test_delay_grows_each_direction_of_the_round_trip()
  local lab <close>, a, b, link = wired()
  local _ <close> = echo(b, 7101)
  local before = assert(rtt(a, "10.0.0.2", 7101, 3))
  assert(link:impair{delay = "50ms", side = a})
  local one = assert(rtt(a, "10.0.0.2", 7101, 3))
  lu.assertTrue(one >= 0.050 and one < 0.5, ("%.4f s before, %.4f s after"):format(before, one))
  assert(link:impair{delay = "50ms"}) -- both ways: twice the delay
  local both = assert(rtt(a, "10.0.0.2", 7101, 3))
  lu.assertTrue(both >= 0.100 and both < 0.6, ("%.4f s before, %.4f s after"):format(before, both))
  lu.assertStrMatches(a:sh("ping -c 2 -i 0.2 -W 2 10.0.0.2"), ".*rtt min/avg/max/mdev = 1%d%d%.%d+/.*") -- 100 ms, more under load
end

function TestWire:test_the_same_seed_drops_the_same_frames()
  local lab <close>, a, b, link = wired()
  lu.assertEquals(pattern(a, b, 7102, 1), "1") -- ARP resolved: only the datagrams draw
  local runs = {}
  for i, seed in ipairs{42, 42, 7} do
    assert(link:impair{loss = "50%", seed = seed})
    runs[i] = pattern(a, b, 7102, 40)
  end
  lu.assertEquals(runs[2], runs[1], "seed 42 twice")
  lu.assertNotEquals(runs[3], runs[1], "seed 7")
  local kept = select(2, runs[1]:gsub("1", ""))
  lu.assertTrue(kept > 5 and kept < 35, runs[1])
end

function TestWire:test_tcp_across_a_lossy_wire_retransmits_and_delivers_everything()
  local lab <close>, a, b, link = wired()
  assert(link:impair{loss = "5%", seed = 1})
  local got, retrans = transfer(a, b, 7103, 200000)
  lu.assertEquals(got, 200000)
  lu.assertTrue(retrans and retrans > 0, "total_retrans " .. tostring(retrans))
  lu.assertTrue(link:stats()[1].dropped > 0)
end

function TestWire:test_a_cut_drops_on_the_wire_so_tcp_retransmits()
  local lab <close>, a, b, link = wired()
  lu.assertEquals(transfer(a, b, 7104, 1000), 1000)
  assert(link:cut())
  lu.assertStrContains(a:sh("ping -c 2 -i 0.2 -W 1 10.0.0.2"), "2 packets transmitted, 0 received, 100% packet loss")
  -- a transfer started across the cut: the SYN is retransmitted until heal
  local server <close> = assert(b:tcp())
  assert(server:bind("*", 7105))
  assert(server:listen())
  local c <close> = assert(a:tcp())
  c:settimeout(0)
  c:connect("10.0.0.2", 7105)
  netlab.sleep(1.2) -- the first retransmission comes after 1 s
  local row = assert(a:sockets{proto = "tcp", port = 7105})[1]
  lu.assertEquals(row.state, "SYN_SENT")
  lu.assertTrue(row.retrans >= 1 or row.total_retrans >= 1, "the SYN was sent again")
  assert(link:heal())
  c:settimeout(WAIT)
  server:settimeout(WAIT)
  lu.assertNotNil(server:accept(), "the retransmitted SYN gets through once healed")
end

function TestWire:test_one_side_can_be_cut_alone()
  local lab <close>, a, b, link = wired()
  lu.assertEquals(pattern(a, b, 7106, 1), "1")
  assert(link:cut{side = a})
  lu.assertEquals(pattern(a, b, 7106, 3), "000", "a's frames are dropped")
  lu.assertEquals(pattern(b, a, 7107, 3, "10.0.0.1"), "111", "...b's still arrive")
  local st = link:stats()
  lu.assertTrue(st[1].dropped >= 3 and st[2].dropped == 0, "dropped on a's side only")
end

-- The order N datagrams sent at once from A reach B's PORT in: {1, 3, 2...}.
local function arrivals(a, b, port, n, size)
  local s <close> = assert(b:udp())
  assert(s:setsockname("*", port))
  local c <close> = assert(a:udp())
  local pad = ("p"):rep(size or 0)
  for i = 1, n do assert(c:sendto(i .. " " .. pad, "10.0.0.2", port)) end
  s:settimeout(0.5)
  local got = {}
  for _ = 1, 2 * n do -- duplicates may double them
    local d = s:receivefrom()
    if not d then break end
    got[#got + 1] = tonumber(d:match("^%d+"))
  end
  return got
end

-- Whether LIST is in increasing order.
local function sorted(list)
  for i = 2, #list do if list[i] < list[i - 1] then return false end end
  return true
end

function TestWire:test_jitter_spreads_the_delay_and_reorders_a_burst()
  local lab <close>, a, b, link = wired()
  lu.assertEquals(#arrivals(a, b, 7110, 1), 1) -- ARP resolved
  assert(link:impair{delay = "20ms", jitter = "10ms", side = a, seed = 3})
  local got = arrivals(a, b, 7110, 30)
  lu.assertEquals(#got, 30)
  lu.assertFalse(sorted(got), table.concat(got, " "))
  lu.assertTrue(link:stats()[1].reordered > 0)
  local _ <close> = echo(b, 7111)
  local best = assert(rtt(a, "10.0.0.2", 7111, 5))
  lu.assertTrue(best >= 0.010 and best < 0.2, ("%.4f s"):format(best))
end

function TestWire:test_reorder_sends_some_frames_ahead_of_the_delayed_ones()
  local lab <close>, a, b, link = wired()
  lu.assertEquals(#arrivals(a, b, 7112, 1), 1)
  assert(link:impair{delay = "50ms", reorder = "50%", side = a, seed = 5})
  local got = arrivals(a, b, 7112, 20)
  lu.assertEquals(#got, 20)
  lu.assertFalse(sorted(got), table.concat(got, " "))
  local st = link:stats()[1]
  lu.assertTrue(st.reordered > 0 and st.reordered < 20, st.reordered .. " reordered")
end

function TestWire:test_duplicate_sends_frames_twice()
  local lab <close>, a, b, link = wired()
  lu.assertEquals(#arrivals(a, b, 7113, 1), 1)
  assert(link:impair{duplicate = "100%", side = a})
  local got = arrivals(a, b, 7113, 5)
  lu.assertEquals(got, {1, 1, 2, 2, 3, 3, 4, 4, 5, 5})
  lu.assertEquals(link:stats()[1].duplicated, 5)
end

function TestWire:test_corrupt_flips_a_bit_the_receiver_refuses()
  local lab <close>, a, b, link = wired()
  lu.assertEquals(#arrivals(a, b, 7114, 1), 1)
  assert(link:impair{corrupt = "100%", side = a})
  lu.assertEquals(#arrivals(a, b, 7114, 5, 100), 0, "the IP or UDP checksum catches each flipped bit")
  lu.assertTrue(link:stats()[1].corrupted >= 5, "each datagram (and any other frame a sent)")
end

function TestWire:test_rate_and_limit_make_a_tail_dropping_bottleneck()
  local lab <close>, a, b, link = wired()
  lu.assertEquals(#arrivals(a, b, 7115, 1), 1)
  assert(link:impair{rate = "1mbit", limit = 10, side = a})
  local t0 = netlab.now()
  local got = arrivals(a, b, 7115, 40, 1000) -- 40 frames of ~1 KB at once
  lu.assertTrue(#got >= 10 and #got <= 12, #got .. " of 40 through a 10-frame queue")
  lu.assertTrue(link:stats()[1].dropped >= 28)
  lu.assertTrue(netlab.now() - t0 >= 0.08, "10 KB at 1 Mbit/s take 80 ms")
  assert(link:impair{rate = "1mbit", side = a}) -- the default limit: 1000 frames
  local t1 = netlab.now()
  local c = arrivals(a, b, 7115, 40, 1000)
  lu.assertEquals(#c, 40)
  lu.assertTrue(netlab.now() - t1 >= 0.3, "40 KB at 1 Mbit/s take 320 ms")
end

-- Plain links: the same impair everywhere -------------------------------

-- Whether this kernel has sch_netem (a plain link's impair() says which
-- engine its impairment would use).
local function kernel_has_netem()
  local lab <close>, _, _, plain = helper.two_hosts()
  return plain:impair() == "netem"
end

-- What host H's interface IFACE is: index, MAC, MTU, state, addresses.
local function iface_of(h, iface)
  for _, r in ipairs(h:ifaces()) do
    if r.name == iface then
      local addrs = {}
      for i, x in ipairs(r.addrs) do addrs[i] = x.cidr .. " " .. (x.label or "") end
      return {index = r.index, mac = r.mac, mtu = r.mtu, up = r.up, addrs = table.concat(addrs, ", ")}
    end
  end
end

-- H's routes as text (dst via dev metric), sorted.
local function routes_of(h)
  local out = {}
  for _, r in ipairs(h:routes()) do
    out[#out + 1] = ("%s/%d %s %s %d"):format(r.destination, r.prefix, r.gateway or "-", r.iface or "-", r.metric)
  end
  table.sort(out)
  return table.concat(out, "\n")
end

function TestWire:test_a_plain_link_takes_delay_and_loss_on_any_kernel()
  local lab <close> = netlab.lab()
  local a, b = assert(lab:host "a"), assert(lab:host "b")
  local link = assert(lab:link(a, b, {"10.0.0.1/24", "fd00::1/64"}, {"10.0.0.2/24", "fd00::2/64"}))
  assert(b:link_set("eth0", {mtu = 1400}))
  assert(b:addr_add("eth0", "10.0.0.22/24", {label = "eth0:1"}))
  assert(b:route_add("192.168.9.0/24", {via = "10.0.0.1", metric = 7}))
  assert(b:neigh_add("10.0.0.99", "02:00:00:00:00:99", "eth0"))
  local before = {iface_of(a, "eth0"), iface_of(b, "eth0"), routes_of(a), routes_of(b)}
  local netem = kernel_has_netem()
  assert(link:impair{delay = "50ms", loss = "0%"})
  local engine, settings = link:impair()
  lu.assertEquals(engine, netem and "netem" or "wire")
  lu.assertEquals(settings[1].delay, "50ms")
  lu.assertEquals(settings[2].loss, "0%")
  lu.assertEquals({settings[1].from, settings[1].to, settings[2].from}, {a, b, b})
  lu.assertEquals({iface_of(a, "eth0"), iface_of(b, "eth0"), routes_of(a), routes_of(b)}, before,
    "names, indexes, MACs, MTU, addresses (and labels) and routes as they were")
  local neigh = {}
  for _, n in ipairs(b:neigh()) do neigh[n.ip] = n.state end
  lu.assertEquals(neigh["10.0.0.99"], "PERMANENT")
  for _, ip in ipairs{"10.0.0.2", "fd00::2", "10.0.0.22"} do
    local out = a:sh("ping -c 2 -i 0.2 -W 2 " .. ip)
    lu.assertNotNil(out:find("rtt min/avg/max/mdev = 1%d%d%.%d+/"), out) -- 100 ms, more under load
  end
  assert(link:impair{loss = "100%", side = b})
  lu.assertStrContains(a:sh("ping -c 2 -i 0.2 -W 1 10.0.0.2"), "2 packets transmitted, 0 received, 100% packet loss")
  assert(link:heal())
  lu.assertStrContains(a:sh("ping -c 1 -W 2 10.0.0.2"), " 0% packet loss")
  lu.assertEquals(select(2, link:impair())[1].delay, nil, "healed: nothing set")
end

function TestWire:test_a_rebuilt_end_keeps_its_sysctls_and_learnt_neighbours()
  local lab <close> = netlab.lab()
  local a, b = assert(lab:host "a"), assert(lab:host "b")
  local link = assert(lab:link(a, b, {"10.0.0.1/24", "fd00::1/64"}, {"10.0.0.2/24", "fd00::2/64"}))
  local settings = {"net.ipv4.conf.eth0.arp_announce=2", "net.ipv4.neigh.eth0.base_reachable_time_ms=120000",
                    "net.ipv6.conf.eth0.hop_limit=33"}
  for _, s in ipairs(settings) do assert(b:sh("sysctl -q -w " .. s)) end
  lu.assertStrContains(b:sh("ping -c 1 -W 2 10.0.0.1"), " 0% packet loss") -- b learns a's MAC
  local function learnt(h)
    for _, n in ipairs(assert(h:neigh())) do
      if n.ip == "10.0.0.1" then return n.mac, n.state end
    end
  end
  local mac, state = learnt(b)
  lu.assertNotNil(mac, "b learnt a's MAC")
  assert(link:impair{delay = "1ms", engine = "wire"}) -- b's end is rebuilt (the second, no capture)
  for _, s in ipairs(settings) do
    local key, value = s:match("^(.-)=(.*)$")
    lu.assertEquals(b:sh("sysctl -n " .. key), value .. "\n", key .. " carried over")
  end
  local mac2, state2 = learnt(b)
  lu.assertEquals(mac2, mac, "the learnt entry carried over")
  lu.assertTrue(state2 == "REACHABLE" or state2 == "STALE", tostring(state) .. " -> " .. tostring(state2))
  lu.assertStrContains(b:sh("ping -c 1 -W 2 10.0.0.1"), " 0% packet loss")
end

function TestWire:test_a_plain_link_keeps_the_capture_on_its_end()
  for _, side in ipairs{2, 1} do -- the end rebuilt is the one without a capture
    local lab <close>, a, b, link = helper.two_hosts()
    local cap <close> = assert(({a, b})[side]:capture{iface = "eth0", filter = "icmp"})
    assert(link:impair{delay = "1ms", seed = 1}) -- seed: the wire
    lu.assertEquals(link:impair(), "wire")
    lu.assertStrContains(a:sh("ping -c 1 -W 2 10.0.0.2"), " 0% packet loss")
    local n = 0
    for _ in cap:packets{count = 2, timeout = 2} do n = n + 1 end
    lu.assertEquals(n, 2, "the echo request and reply captured on host " .. side)
  end
end

function TestWire:test_captures_on_both_ends_carry_on_across_the_rebuild()
  local lab <close>, a, b, link = helper.two_hosts()
  local ca <close> = assert(a:capture{iface = "eth0", filter = "icmp"})
  local cb <close> = assert(b:capture{iface = "eth0", filter = "icmp"})
  local waiting = netlab.spawn(function() return cb:next(5) end) -- waits on b's capture through the rebuild
  netlab.sleep(0.01)
  assert(link:impair{delay = "1ms", seed = 1})
  lu.assertStrContains(a:sh("ping -c 1 -W 2 10.0.0.2"), " 0% packet loss")
  local first = waiting:join(5)
  lu.assertNotNil(first, "the waiting task gets b's first packet, not 'closed'")
  lu.assertStrContains(tostring(first), "ICMP echo request")
  for name, cap in pairs{a = ca, b = cb} do
    local n = 0
    for _ in cap:packets{count = 2, timeout = 1} do n = n + 1 end
    lu.assertTrue(n >= 1, name .. "'s capture goes on: " .. n)
    lu.assertEquals(#cap:list(), 2, name .. ": the request and the reply")
  end
end

function TestWire:test_engine_netem_where_the_kernel_has_none_names_its_config()
  local lab <close>, _, _, link = helper.two_hosts()
  local ok, err = link:impair{delay = "10ms", engine = "netem"}
  if kernel_has_netem() then
    lu.assertTrue(ok, err)
    lu.assertEquals(link:impair(), "netem")
    return
  end
  lu.assertNil(ok)
  lu.assertStrContains(err, "cannot impair link a:eth0 10.0.0.1/24 <-> b:eth0 10.0.0.2/24: this kernel has no netem queueing discipline (CONFIG_NET_SCH_NETEM, module sch_netem)")
  lu.assertEquals(link:impair(), "wire", "left out, the wire would carry it")
  assert(link:impair{delay = "10ms"})
  lu.assertEquals(link:impair(), "wire")
end

function TestWire:test_a_cut_on_a_plain_link_drops_on_the_wire()
  local lab <close>, a, b, link = helper.two_hosts()
  local cap <close> = assert(a:capture{iface = "eth0", filter = "tcp port 7130"})
  local server <close> = assert(b:tcp())
  assert(server:bind("*", 7130))
  assert(server:listen())
  local task = netlab.spawn(function()
    local s <close> = assert(server:accept())
    s:settimeout(10)
    return s:receive(2000)
  end)
  local c <close> = assert(a:tcp())
  c:settimeout(5)
  assert(c:connect("10.0.0.2", 7130))
  assert(c:send(("x"):rep(1000)))
  netlab.sleep(0.05)
  assert(link:cut())
  lu.assertEquals(link:impair(), "wire")
  local out = a:sh("ping -c 2 -i 0.2 -W 1 10.0.0.2")
  lu.assertStrContains(out, "2 packets transmitted, 0 received, 100% packet loss")
  lu.assertNotStrContains(out, "No buffer space")
  assert(c:send(("y"):rep(1000))) -- sent into the cut: the kernel took it, the wire drops it
  netlab.sleep(1.0)
  local row = assert(a:sockets{proto = "tcp", port = 7130, state = "ESTABLISHED"})[1]
  lu.assertTrue(row.total_retrans >= 2, "total_retrans " .. row.total_retrans)
  assert(link:heal())
  lu.assertEquals(task:join(10), ("x"):rep(1000) .. ("y"):rep(1000), "healed: the retransmission gets through")
  local seen, again = {}, 0
  for p in cap:packets{timeout = 0.2} do
    if p.ip.src == "10.0.0.1" and p.tcp.len > 0 then
      if seen[p.tcp.seq] then again = again + 1 end
      seen[p.tcp.seq] = true
    end
  end
  lu.assertTrue(again >= 2, again .. " data segments captured again with the same sequence number")
  lu.assertTrue(link:stats()[1].dropped >= 4, "the echo requests and the segments, dropped on the wire")
end

function TestWire:test_one_side_of_a_plain_link_can_be_cut_alone()
  local lab <close>, a, b, link = helper.two_hosts()
  lu.assertEquals(pattern(a, b, 7131, 1), "1")
  assert(link:cut{side = b})
  lu.assertEquals(pattern(a, b, 7131, 3), "111", "a's frames arrive")
  lu.assertEquals(pattern(b, a, 7132, 3, "10.0.0.1"), "000", "...b's are dropped")
  local st = link:stats()
  -- b's datagrams (b's new interface keeps the MAC of a it had learnt), dropped on the wire
  lu.assertTrue(st[2].dropped >= 1 and st[1].dropped == 0, ("dropped on b's side only: %d, %d"):format(st[1].dropped, st[2].dropped))
  local _, settings = link:impair()
  lu.assertEquals({settings[1].cut, settings[2].cut}, {nil, true})
  assert(link:heal())
  -- b's side heals: its next datagrams cross
  lu.assertStrContains(b:sh("ping -c 1 -W 3 10.0.0.1"), " 0% packet loss")
  lu.assertEquals(pattern(b, a, 7132, 3, "10.0.0.1"), "111")
end

-- Correlation and bursty loss ------------------------------------------

-- The mean length of the runs of equal marks in PATTERN ("1100010...").
local function mean_run(pattern)
  local runs = select(2, pattern:gsub("0+", "")) + select(2, pattern:gsub("1+", ""))
  return #pattern / runs
end

-- The mean length of PATTERN's runs of losses ("0"s), and their count.
local function loss_runs(pattern)
  local n, total = 0, 0
  for run in pattern:gmatch("0+") do n, total = n + 1, total + #run end
  return n > 0 and total / n or 0, n
end

function TestWire:test_correlated_loss_comes_in_long_runs_and_replays()
  local lab <close>, a, b, link = wired()
  lu.assertEquals(pattern(a, b, 7120, 1), "1")
  assert(link:impair{loss = "50%", seed = 11, side = a})
  local plain = pattern(a, b, 7120, 200)
  assert(link:impair{loss = "50% 90%", seed = 11, side = a})
  local corr = pattern(a, b, 7120, 200)
  local engine, settings = link:impair()
  lu.assertEquals({engine, settings[1].loss}, {"wire", "50% 90%"})
  lu.assertTrue(mean_run(corr) > 2 * mean_run(plain), ("runs %.2f correlated, %.2f not:\n%s\n%s")
    :format(mean_run(corr), mean_run(plain), corr, plain))
  assert(link:impair{loss = "50% 90%", seed = 11, side = a})
  lu.assertEquals(pattern(a, b, 7120, 200), corr, "the same seed: the same frames lost")
end

function TestWire:test_gilbert_elliott_and_4_state_loss_come_in_bursts()
  local lab <close>, a, b, link = wired()
  lu.assertEquals(pattern(a, b, 7121, 1), "1")
  for _, loss in ipairs{"gemodel 4% 20%", "gemodel 4% 20% 90% 0%", "state 3% 20% 0% 100% 0%"} do
    assert(link:impair{loss = loss, seed = 5, side = a})
    local got = pattern(a, b, 7121, 300)
    local run, n = loss_runs(got)
    lu.assertTrue(n >= 3 and run >= 2, ("%s: %d bursts of %.2f frames on average:\n%s"):format(loss, n, run, got))
  end
  assert(link:impair{loss = "gemodel 100% 0%", side = a}) -- into the bad state for good: all lost after the first
  lu.assertEquals(pattern(a, b, 7121, 5), "10000")
  assert(link:impair{loss = "state 0% 0% 0% 0% 100%", side = a}) -- p14: every other frame lost alone
  lu.assertEquals(pattern(a, b, 7121, 6), "010101")
end

-- Each of N datagrams' one-way delay from A to B's PORT, sent one every
-- GAP seconds (B's receive time less the send time both tasks read from
-- netlab's one clock): {seconds...} by sequence number.
local function delays(a, b, port, n, gap)
  local s <close> = assert(b:udp())
  assert(s:setsockname("*", port))
  local got = {}
  local task = netlab.spawn(function()
    s:settimeout(1)
    for _ = 1, n do
      local d = s:receivefrom()
      if not d then return end
      local i, t = d:match("^(%d+) (%S+)$")
      got[tonumber(i)] = netlab.now() - tonumber(t)
    end
  end)
  local c <close> = assert(a:udp())
  for i = 1, n do
    assert(c:sendto(("%d %.9f"):format(i, netlab.now()), "10.0.0.2", port))
    netlab.sleep(gap)
  end
  task:join(3)
  return got
end

-- The lag-1 autocorrelation of the numbers in LIST (1..n, none missing).
local function autocorrelation(list)
  local n, mean = #list, 0
  for _, v in ipairs(list) do mean = mean + v / n end
  local num, den = 0, 0
  for i = 1, n do
    den = den + (list[i] - mean) ^ 2
    if i > 1 then num = num + (list[i] - mean) * (list[i - 1] - mean) end
  end
  return num / den
end

function TestWire:test_correlated_jitter_moves_each_delay_little_from_the_last()
  local lab <close>, a, b, link = wired()
  lu.assertEquals(pattern(a, b, 7122, 1), "1")
  assert(link:impair{delay = "30ms", jitter = "20ms", seed = 2, side = a})
  local plain = delays(a, b, 7122, 40, 0.004)
  assert(link:impair{delay = "30ms", jitter = "20ms 95%", seed = 2, side = a})
  local corr = delays(a, b, 7122, 40, 0.004)
  lu.assertEquals({#plain, #corr}, {40, 40})
  local rp, rc = autocorrelation(plain), autocorrelation(corr)
  lu.assertTrue(rc > 0.6 and rp < 0.4, ("autocorrelation %.2f at 95%%, %.2f without"):format(rc, rp))
end

-- What B's capture on its link end saw of N datagrams sent at once from A
-- to PORT: their numbers in arrival order.
local function captured_order(a, b, link, port, n)
  local cap <close> = assert(b:capture{iface = "eth0", filter = "udp port " .. port})
  local c <close> = assert(a:udp())
  -- the frames reach the wire together: each one's due time is its
  -- arrival plus its draws, so frames a few microseconds apart could
  -- swap under the jitter from one run to the next
  link._wire.wire:_hold(true)
  for i = 1, n do assert(c:sendto(tostring(i), "10.0.0.2", port)) end
  link._wire.wire:_hold(false)
  local order = {}
  for p in cap:packets{count = 2 * n, timeout = 0.6} do order[#order + 1] = p.udp and p.payload or "?" end
  return table.concat(order, " ")
end

-- Quiets host H's end of a wire toward PEER_IP at PEER_MAC: no IPv6 (its
-- router solicitations) and a permanent ARP entry, so only what a test
-- sends crosses the wire, and the draws meet the same frames each time.
local function quiet(h, peer_ip, peer_mac)
  h:sh("sysctl -qw net.ipv6.conf.eth0.disable_ipv6=1")
  assert(h:neigh_add(peer_ip, peer_mac, "eth0"))
end

-- The MAC of host H's eth0.
local function mac_of(h) return iface_of(h, "eth0").mac end

function TestWire:test_the_same_seed_replays_the_same_stats_and_capture()
  local lab <close>, a, b, link = wired()
  quiet(a, "10.0.0.2", mac_of(b))
  quiet(b, "10.0.0.1", mac_of(a))
  local runs = {}
  for i = 1, 2 do
    assert(link:impair{delay = "20ms", jitter = "15ms 30%", loss = "gemodel 10% 40% 70% 2%", duplicate = "10%",
      reorder = "10%", corrupt = "5%", seed = 99, side = a})
    local before = link:stats()[1]
    local order = captured_order(a, b, link, 7124, 60)
    local after = link:stats()[1]
    local delta = {}
    for _, k in ipairs{"forwarded", "dropped", "duplicated", "corrupted", "reordered"} do delta[k] = after[k] - before[k] end
    runs[i] = {order = order, stats = delta}
  end
  lu.assertEquals(runs[2], runs[1])
  lu.assertTrue(runs[1].stats.dropped > 0 and runs[1].stats.duplicated > 0 and runs[1].stats.reordered > 0,
    require("netlab.fmt") and runs[1].order)
end

function TestWire:test_the_wire_forwards_only_between_the_link_s_two_ends()
  local lab <close>, a, b, link = helper.two_hosts()
  assert(link:impair{delay = "1ms", seed = 1}) -- a plain link rebuilt: the wire carries it
  local ci = require "netlab.c.iface"
  local names, addrs = {}, assert(ci.addrs(link._wire.mid))
  for _, r in ipairs(assert(ci.list(link._wire.mid))) do names[#names + 1] = r.name end
  table.sort(names)
  lu.assertEquals(names, {"lo", "wa", "wb"}, "the wire's namespace holds its two ends and nothing else")
  for _, r in ipairs(addrs) do lu.assertEquals(r.iface, "lo", "no address on the wire's ends: it never speaks IP") end
  local function rx(h)
    for _, r in ipairs(assert(h:ifaces())) do if r.name == "eth0" then return r.rx_packets end end
  end
  local st0, ra, rb = link:stats(), rx(a), rx(b)
  assert(a:route_add("default", {via = "10.0.0.2"}))
  lu.assertStrContains(a:sh("ping -c 3 -i 0.2 -W 1 10.0.0.2"), " 0% packet loss")
  a:sh("ping -c 2 -i 0.2 -W 1 192.0.2.1") -- outside the lab: b is no router, nothing answers
  local st = link:stats()
  lu.assertEquals(rx(b) - rb, st[1].forwarded - st0[1].forwarded, "every frame a sent went to b's end")
  lu.assertEquals(rx(a) - ra, st[2].forwarded - st0[2].forwarded, "...and every frame b sent to a's")
end

function TestWire:test_a_link_between_two_switches_keeps_its_ports_in_their_bridges()
  local lab <close> = netlab.lab()
  local a, b = assert(lab:host "a"), assert(lab:host "b")
  local s1, s2 = assert(lab:switch "s1"), assert(lab:switch "s2")
  assert(lab:link(a, s1, "10.0.0.1/24"))
  assert(lab:link(s2, b, nil, "10.0.0.2/24"))
  local trunk = assert(lab:link(s1, s2))
  assert(trunk:impair{delay = "20ms"}) -- a switch end is rebuilt: its new veth joins the bridge again
  local out = a:sh("ping -c 2 -i 0.2 -W 2 10.0.0.2")
  lu.assertStrMatches(out, ".*rtt min/avg/max/mdev = [4-9]%d%.%d+/.*")
  for _, sw in ipairs{s1, s2} do
    lu.assertEquals(select(2, sw:sh("ip -o link show master br0"):gsub("\n", "")), 2, sw:name() .. "'s two ports")
  end
end

-- Hosts of two labs ----------------------------------------------------

function TestWire:test_hosts_of_two_labs_linked_by_a_wire()
  local one <close> = netlab.lab()
  local two <close> = netlab.lab()
  local a, b = assert(one:host "a"), assert(two:host "b")
  helper.raises("bad argument #2 to 'link' (host b belongs to another lab (lab:link's {across = true} links hosts of two labs))",
    one.link, one, a, b, "10.0.0.1/24", "10.0.0.2/24")
  local link = assert(one:link(a, b, "10.0.0.1/24", "10.0.0.2/24", {engine = "wire", across = true}))
  lu.assertEquals(tostring(link), "link a:eth0 10.0.0.1/24 <-> b:eth0 10.0.0.2/24")
  assert(link:impair{delay = "20ms", loss = "2%", seed = 4})
  lu.assertStrMatches(a:sh("ping -c 2 -i 0.2 -W 2 10.0.0.2"), ".*rtt min/avg/max/mdev = [4-9]%d%.%d+/.*")
  local got, retrans = transfer(a, b, 7140, 100000)
  lu.assertEquals(got, 100000)
  lu.assertTrue(retrans > 0 and link:stats()[1].dropped > 0, "the 2% lost on the wire, sent again")
  two:close()
  helper.raises("attempt to use a closed lab", link.impair, link, {delay = "1ms"})
  helper.raises("attempt to use a closed lab", link.cut, link)
  lu.assertNotNil(a:ifaces(), "the other lab goes on")
end

function TestWire:test_a_plain_link_across_two_labs_takes_impairment()
  local one <close> = netlab.lab()
  local two <close> = netlab.lab()
  local a, b = assert(one:host "a"), assert(two:host "b")
  local link = assert(two:link(a, b, "10.0.0.1/24", "10.0.0.2/24", {across = true}))
  assert(link:impair{delay = "20ms", seed = 1})
  lu.assertStrMatches(a:sh("ping -c 2 -i 0.2 -W 2 10.0.0.2"), ".*rtt min/avg/max/mdev = [4-9]%d%.%d+/.*")
  one:close()
  helper.raises("attempt to use a closed lab", link.heal, link)
end

-- Bad input ------------------------------------------------------------

function TestWire:test_bad_link_options_and_impairments()
  local lab <close>, a, b, link = wired()
  local c = assert(lab:host "c")
  helper.raises("bad argument #5 to 'link' (options table expected, got string)", lab.link, lab, a, c, nil, nil, "wire")
  helper.raises("bad argument #5 to 'link' (unknown option 'speed' (engine, across or ipv6 expected))", lab.link, lab, a, c, nil, nil, {speed = 1})
  helper.raises("bad argument #5 to 'link' (across: boolean expected, got string)", lab.link, lab, a, c, nil, nil, {across = "yes"})
  helper.raises("bad argument #5 to 'link' (engine: \"veth\" or \"wire\" expected, got \"cable\")",
    lab.link, lab, a, c, nil, nil, {engine = "cable"})
  lu.assertEquals(#lab:hosts(), 3)
  lu.assertEquals(#c:ifaces(), 1, "a refused link leaves nothing in c")
  local ok, err
  helper.raises("(engine: \"netem\" or \"wire\" expected, got 42)", link.impair, link, {delay = "1ms", engine = 42})
  helper.raises("(seed: an integer expected, got 1.5)", link.impair, link, {loss = "1%", seed = 1.5})
  helper.raises("(duplicate: a percentage like \"5%\" (0-100) expected, got \"x\")", link.impair, link, {duplicate = "x"})
  helper.raises("(reorder: a percentage like \"5%\" (0-100) expected, got 101)", link.impair, link, {reorder = 101})
  helper.raises("(corrupt: a percentage like \"5%\" (0-100) expected, got NaN)", link.impair, link, {corrupt = 0 / 0})
  helper.raises("(limit: a number of frames (1-1000) expected, got 0)", link.impair, link, {limit = 0})
  helper.raises("(limit: a number of frames (1-1000) expected, got 2.5)", link.impair, link, {limit = 2.5})
  helper.raises("(loss: gemodel takes 1 to 4 percentages (p, r, 1-h, 1-k), got \"gemodel\")", link.impair, link, {loss = "gemodel"})
  helper.raises("(loss: state takes 1 to 5 percentages (p13, p31, p32, p23, p14), got \"state 1% 1% 1% 1% 1% 1%\")",
    link.impair, link, {loss = "state 1% 1% 1% 1% 1% 1%"})
  helper.raises("(loss: gemodel's r: a percentage like \"5%\" (0-100) expected, got \"200%\")", link.impair, link, {loss = "gemodel 5% 200%"})
  helper.raises("(loss: state's p32: a percentage like \"5%\" (0-100) expected, got \"x\")", link.impair, link, {loss = "state 5% 1% x"})
  for _, bad in ipairs{"5% x", "5% 25% 1%", "markov 5%", "", "5"} do
    helper.raises(("(loss: a percentage like \"5%%\" (0-100), \"5%% 25%%\" (with its correlation), \"gemodel P [R [1-H [1-K]]]\" or \"state P13 [P31 [P32 [P23 [P14]]]]\" expected, got %q)"):format(bad),
      link.impair, link, {loss = bad})
  end
  helper.raises("(jitter: a correlation like \"25%\" (0-100) after the time expected, got \"5ms 250%\")", link.impair, link, {jitter = "5ms 250%"})
  helper.raises("(jitter: a time like \"50ms\", \"200us\" or \"1s\" expected, got \"5xs\")", link.impair, link, {jitter = "5xs 25%"})
  helper.raises("(loss: netem here does not take it (a correlation, a loss model, loss); the wire does (leave engine out))",
    link.impair, link, {loss = "gemodel 1%", engine = "netem"})
  helper.raises("bad argument #1 to 'cut' (unknown option 'sides' (side expected))", link.cut, link, {sides = a})
  helper.raises("bad argument #1 to 'cut' (side: one of the link's hosts (a or b) expected, got netlab.host)",
    link.cut, link, {side = c})
  local plain = assert(lab:link(a, c, "10.0.1.1/24", "10.0.1.2/24"))
  helper.raises("(seed: netem here does not take it (a correlation, a loss model, seed); the wire does (leave engine out))",
    plain.impair, plain, {loss = "1%", seed = 1, engine = "netem"})
  helper.raises("(duplicate: netem here does not take it", plain.impair, plain, {duplicate = "1%", engine = "netem"})
  ok, err = plain:stats()
  lu.assertNil(ok)
  lu.assertStrContains(err, "wire link")
end

function TestWire:test_closing_the_lab_stops_the_wire_and_leaves_no_waiter()
  local fds0 = require("netlab.sched")._pending()
  do
    local lab <close>, a, b, link = wired()
    assert(link:impair{delay = "200ms"})
    local c <close> = assert(a:udp())
    assert(c:sendto("queued", "10.0.0.2", 9)) -- still on the wire when the lab closes
  end
  netlab.sleep(0.01)
  lu.assertEquals(require("netlab.sched")._pending(), fds0)
end

-- Sends N numbered datagrams from A to B's PORT, in bursts of 100 (the
-- wire's threads take them as they come, several batches a burst) or
-- (ONE_BY_ONE) each after the one before has met its fate on the wire;
-- returns the numbers B received, in the order they came, read by a
-- task between the bursts (B's socket holds a burst).
local function numbered(a, b, link, port, n, one_by_one)
  local s <close> = assert(b:udp())
  assert(s:setsockname("*", port))
  assert(s:setoption("rcvbuf", 1 << 20))
  s:settimeout(0.3)
  local got = {}
  local reader = netlab.spawn(function()
    while true do
      local d = s:receive()
      if not d then return end
      got[#got + 1] = tonumber(d)
    end
  end)
  local c <close> = assert(a:udp())
  local function fates() local st = link:stats()[1] return st.forwarded + st.dropped end
  for i = 1, n do
    local before = fates()
    assert(c:sendto(tostring(i), "10.0.0.2", port))
    local deadline = netlab.now() + WAIT
    while one_by_one and fates() == before and netlab.now() < deadline do netlab.sleep(0) end
    if i % 100 == 0 then netlab.sleep(0.01) end -- the reader empties B's socket
  end
  reader:join(WAIT + 1)
  return got
end

function TestWire:test_a_burst_of_many_pumps_crosses_whole_and_in_order()
  local lab <close>, a, b, link = wired()
  lu.assertEquals(pattern(a, b, 7110, 1), "1") -- ARP resolved
  local got = numbered(a, b, link, 7110, 1000) -- 256 frames a turn, 64 a system call
  local want = {}
  for i = 1, 1000 do want[i] = i end
  lu.assertEquals(got, want)
end

function TestWire:test_batched_frames_meet_the_fates_of_frames_sent_one_by_one()
  local lab <close>, a, b, link = wired()
  quiet(a, "10.0.0.2", mac_of(b)) -- no frame of the hosts' own takes a draw
  quiet(b, "10.0.0.1", mac_of(a))
  lu.assertEquals(pattern(a, b, 7111, 1), "1")
  local runs = {}
  for i, one_by_one in ipairs{false, true} do
    assert(link:impair{loss = "30%", duplicate = "10%", seed = 11})
    runs[i] = table.concat(numbered(a, b, link, 7111, 600, one_by_one), " ")
  end
  lu.assertEquals(runs[1], runs[2])
  lu.assertTrue(#runs[1] > 0)
  lu.assertTrue(link:stats()[1].duplicated > 0)
end

function TestWire:test_frames_the_wire_had_no_room_for_are_counted_dropped()
  local lab <close>, a, b, link = wired()
  lu.assertEquals(pattern(a, b, 7112, 1), "1")
  local before = link:stats()[1]
  local c <close> = assert(a:udp())
  link._wire.wire:_hold(true) -- the wire's threads take nothing meanwhile
  for i = 1, 5000 do assert(c:sendto(tostring(i), "10.0.0.2", 9)) end
  link._wire.wire:_hold(false)
  local st
  local deadline = netlab.now() + WAIT
  repeat
    netlab.sleep(0.01)
    st = link:stats()[1]
  until st.forwarded + st.dropped - before.forwarded - before.dropped >= 5000 or netlab.now() > deadline
  lu.assertTrue(st.dropped - before.dropped > 1000, "the receive ring holds 2048 frames")
  lu.assertTrue(st.forwarded - before.forwarded >= 2000)
  lu.assertTrue(st.forwarded + st.dropped - before.forwarded - before.dropped >= 5000)
end

function TestWire:test_a_send_the_far_end_refuses_for_no_cable_reason_is_told()
  local out, err = helper.script([[
    local lab <close> = netlab.lab()
    local a, b = lab:host "a", lab:host "b"
    local link = assert(lab:link(a, b, "10.0.0.1/24", "10.0.0.2/24", {engine = "wire"}))
    assert(a:neigh_add("10.0.0.2", "02:00:00:00:00:02", "eth0")) -- a sends without asking
    assert(link:impair{rate = "10gbit"}) -- on the threads (the kernel's path only counts such drops)
    local clean = link:stats()[1]
    print("clean", clean.errors, tostring(clean.error))
    assert(link._wire.mid:_link_del(link._wire.ends[2])) -- the wire's end to b goes (and b's eth0 with it)
    local c <close> = assert(a:udp())
    for i = 1, 20 do assert(c:sendto("x", "10.0.0.2", 9)) netlab.sleep(0.005) end
    netlab.sleep(0.1)
    local st = link:stats()[1]
    print("gone", st.errors, st.dropped, st.error)
  ]])
  lu.assertStrContains(out, "clean\t0\tnil\n")
  local errors, dropped, msg = out:match("gone\t(%d+)\t(%d+)\t([^\n]*)")
  lu.assertNotNil(errors, out .. err)
  lu.assertTrue(tonumber(errors) >= 20 and tonumber(dropped) >= tonumber(errors), out)
  lu.assertEquals(msg, "sending: No such device or address")
  local _, told = err:gsub("netlab: the wire from a:eth0 to b:eth0 fails: sending: No such device or address %(link:stats%(%) shows it%)\n", "")
  lu.assertEquals(told, 1, "told once, on stderr: " .. err)
end

function TestWire:test_an_802_1q_tag_crosses_the_wire()
  local lab <close>, a, b = wired()
  local function mac(h)
    for _, row in ipairs(assert(h:ifaces())) do
      if row.name == "eth0" then return row.mac end
    end
  end
  local cap <close> = assert(b:capture{iface = "eth0", filter = "vlan 5"})
  local bytes = function(m) return (m:gsub("(%x%x):?", function(x) return string.char(tonumber(x, 16)) end)) end
  local frame = bytes(mac(b)) .. bytes(mac(a)) .. "\x81\x00\x00\x05\x88\xb5" .. ("tagged"):rep(10)
  assert(a:sendp(frame, "eth0")) -- the receiving kernel takes the tag out of the frame
  local p = assert(cap:next(WAIT))
  lu.assertEquals(p.vlan and p.vlan.id, 5)
  lu.assertEquals(p:bytes(), frame)
end
