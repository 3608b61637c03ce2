-- craft_syn.lua - crafting and sending minimum-size TCP SYNs (54-byte
-- frames: 64 bytes on a real wire with padding and FCS) with a changing
-- source port from host a to host b, three ways, in one lab:
--   netlab   a Lua loop: syn.tcp.sport = n; a:sendp(syn, "eth0")
--   batch    the same loop queueing each SYN in a host:batch (q:add(syn)),
--            which sends 64 a sendmmsg, as the C loop does
--   hping3   hping3 --flood -S -p 80 -s 1024 (the source port advances
--            by one per packet), run in host a; its rate is taken over a
--            window once it runs, from b's receive counter
--   scapy    sendp(Ether()/IP()/TCP(sport=(lo, hi)...)) in host a
--            (bench/craft_syn.py, Debian's python3-scapy)
--   C        bench/craft_syn_mmsg.c in host a: the same SYNs, both
--            checksums worked out per frame, sendmmsg 64 a call (the
--            program's path is the 4th argument; none: not run)
-- Packets are counted where they arrive: b's eth0 rx_packets.
--
-- The SYNs go to 10.0.0.3, an address on b's link that b does not own (a
-- permanent neighbour entry in a sends it to b's MAC): b receives every
-- frame and drops it after its route lookup, without answering, so the
-- figures measure the senders, not b's TCP stack. The same run also sends
-- to b's own address 10.0.0.2, where b's kernel answers each SYN with a
-- RST inside the sender's system call (veth), with netlab and hping3:
-- "_rst" figures, for context.
-- Prints "name value" lines for bench/craft_syn.sh.
--   netlab bench/craft_syn.lua [netlab_count [hping3_seconds [scapy_count [mmsg_program]]]]
local P = netlab.packet
local sched = require "netlab.sched"
local now = require("netlab.c.loop").now

local N = tonumber(arg[1]) or 300000
local HPING_SECONDS = tonumber(arg[2]) or 2
local SCAPY_N = tonumber(arg[3]) or 20000
local MMSG = arg[4]
local BENCH = arg[0]:match("^(.*)/[^/]*$") or "."

local lab <close> = netlab.lab()
local a, b = lab:host "a", lab:host "b"
assert(lab:link(a, b, "10.0.0.1/24", "10.0.0.2/24"))
assert(a:ping("10.0.0.2", {count = 1, timeout = 2}), "a cannot reach b")
local SINK, ANSWER = "10.0.0.3", "10.0.0.2"

-- b's eth0 receive counter, and its MAC.
local function rx()
  for _, i in ipairs(assert(b:ifaces())) do
    if i.name == "eth0" then return i.rx_packets, i.mac end
  end
end

local _, b_mac = rx()
assert(a:neigh_add(SINK, b_mac, "eth0"))

-- Prints a result line.
local function put(name, value) print(("%s %s"):format(name, value)) end

-- netlab: a template whose source port changes each time, to DST;
-- results named PREFIX_*.
local function bench_netlab(dst, prefix)
  local syn = P.ether{} / P.ip{dst = dst} / P.tcp{dport = 80, flags = "S"}
  assert(a:sendp(syn, "eth0")) -- resolves the MACs, opens the socket
  local r0, t0 = rx(), now()
  for i = 1, N do
    syn.tcp.sport = 1024 + i % 64000
    a:sendp(syn, "eth0")
  end
  local dt = now() - t0
  put(prefix .. "_pps", N / dt)
  put(prefix .. "_sent", N)
  put(prefix .. "_received", rx() - r0)
end

-- The same loop through a batch of 64 (one sendmmsg per 64 frames).
local function bench_batch(dst, prefix)
  local syn = P.ether{} / P.ip{dst = dst} / P.tcp{dport = 80, flags = "S"}
  local q <close> = assert(a:batch("eth0", 64))
  assert(q:add(syn))
  assert(q:flush())
  local r0, t0 = rx(), now()
  for i = 1, N do
    syn.tcp.sport = 1024 + i % 64000
    q:add(syn)
  end
  assert(q:flush())
  local dt = now() - t0
  put(prefix .. "_pps", N / dt)
  put(prefix .. "_sent", N)
  put(prefix .. "_received", rx() - r0)
end

-- hping3 --flood to DST for HPING_SECONDS + 1 s; the rate over a window
-- of HPING_SECONDS starting 0.5 s in; results named PREFIX_*.
local function bench_hping3(dst, prefix)
  local r0 = rx()
  local p = assert(a:start(("exec timeout -s INT %d hping3 --flood -S -p 80 -s 1024 %s"):format(
    HPING_SECONDS + 1, dst)))
  sched.sleep(0.5)
  local r1, t1 = rx(), now()
  sched.sleep(HPING_SECONDS)
  local r2, t2 = rx(), now()
  p:wait(10)
  local out, err = p:output()
  local sent = tonumber((out .. err):match("(%d+) packets transmitted"))
  put(prefix .. "_pps", (r2 - r1) / (t2 - t1))
  put(prefix .. "_sent", sent or -1)
  put(prefix .. "_received", rx() - r0)
end

-- Scapy's sendp of SCAPY_N SYNs to DST (b's MAC given, as netlab and
-- hping3 find it in the neighbour table), timed inside Python (import
-- excluded).
local function bench_scapy(dst)
  local r0 = rx()
  local out, err = a:sh(("/usr/bin/python3 %s/craft_syn.py %d eth0 %s %s"):format(BENCH, SCAPY_N, dst, b_mac),
    {timeout = 600})
  local pps = out and tonumber(out:match("pps (%S+)"))
  if not pps then error("scapy failed: " .. tostring(err)) end
  put("scapy_pps", pps)
  put("scapy_sent", SCAPY_N)
  put("scapy_received", rx() - r0)
end

-- The C sendmmsg loop: N of the same SYNs to DST from host a.
local function bench_mmsg(dst)
  local a_mac
  for _, i in ipairs(assert(a:ifaces())) do
    if i.name == "eth0" then a_mac = i.mac end
  end
  local r0 = rx()
  local out, err = a:sh(("%s %d eth0 %s %s 10.0.0.1 %s"):format(MMSG, N, a_mac, b_mac, dst), {timeout = 120})
  local pps = out and tonumber(out:match("pps (%S+)"))
  if not pps then error("craft_syn_mmsg failed: " .. tostring(err)) end
  put("mmsg_pps", pps)
  put("mmsg_sent", tonumber(out:match("sent (%d+)")))
  put("mmsg_received", rx() - r0)
end

bench_netlab(SINK, "netlab")
bench_batch(SINK, "batch")
if MMSG then bench_mmsg(SINK) end
bench_hping3(SINK, "hping3")
bench_scapy(SINK)
bench_netlab(ANSWER, "netlab_rst")
bench_hping3(ANSWER, "hping3_rst")
