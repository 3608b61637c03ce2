-- craft_syn.lua - crafting and sending minimum-size TCP SYNs (54-byte
-- frames: 64 bytes on a real wire with padding and FCS) with a changing
-- source port from host a to host b, three ways, in one lab:
--   netlab   a Lua loop: syn.tcp.sport = n; a:sendp(syn, "eth0")
--   hping3   hping3 --flood -S -p 80 -s 1024 (the source port advances
--            by one per packet), run in host a; its rate is taken over a
--            window once it runs, from b's receive counter
--   scapy    sendp(Ether()/IP()/TCP(sport=(lo, hi)...)) in host a
--            (bench/craft_syn.py, Debian's python3-scapy)
-- Packets are counted where they arrive: b's eth0 rx_packets. b has
-- nothing on port 80, so its kernel answers each SYN with a RST, the same
-- for all three. Prints "name value" lines for bench/craft_syn.sh.
--   netlab bench/craft_syn.lua [netlab_count [hping3_seconds [scapy_count]]]
local P = netlab.packet
local sched = require "netlab.sched"
local now = require("netlab.c.loop").now

local N = tonumber(arg[1]) or 300000
local HPING_SECONDS = tonumber(arg[2]) or 2
local SCAPY_N = tonumber(arg[3]) or 20000
local BENCH = arg[0]:match("^(.*)/[^/]*$") or "."

local lab <close> = netlab.lab()
local a, b = lab:host "a", lab:host "b"
assert(lab:link(a, b, "10.0.0.1/24", "10.0.0.2/24"))
assert(a:ping("10.0.0.2", {count = 1, timeout = 2}), "a cannot reach b")

-- b's eth0 receive counter.
local function rx()
  for _, i in ipairs(assert(b:ifaces())) do
    if i.name == "eth0" then return i.rx_packets end
  end
end

-- Prints a result line.
local function put(name, value) print(("%s %s"):format(name, value)) end

-- netlab: a template whose source port changes each time.
local function bench_netlab()
  local syn = P.ether{} / P.ip{dst = "10.0.0.2"} / P.tcp{dport = 80, flags = "S"}
  assert(a:sendp(syn, "eth0")) -- resolves the MACs, opens the socket
  local r0, t0 = rx(), now()
  for i = 1, N do
    syn.tcp.sport = 1024 + i % 64000
    a:sendp(syn, "eth0")
  end
  local dt = now() - t0
  put("netlab_pps", N / dt)
  put("netlab_sent", N)
  put("netlab_received", rx() - r0)
  put("netlab_frame", #syn)
end

-- hping3 --flood for HPING_SECONDS + 1 s; the rate over a window of
-- HPING_SECONDS starting 0.5 s in.
local function bench_hping3()
  local r0 = rx()
  local p = assert(a:start(("exec timeout -s INT %d hping3 --flood -S -p 80 -s 1024 10.0.0.2"):format(
    HPING_SECONDS + 1)))
  sched.sleep(0.5)
  local r1, t1 = rx(), now()
  sched.sleep(HPING_SECONDS)
  local r2, t2 = rx(), now()
  p:wait(10)
  local out, err = p:output()
  local sent = tonumber((out .. err):match("(%d+) packets transmitted"))
  put("hping3_pps", (r2 - r1) / (t2 - t1))
  put("hping3_sent", sent or -1)
  put("hping3_received", rx() - r0)
end

-- Scapy's sendp of SCAPY_N SYNs, timed inside Python (import excluded).
local function bench_scapy()
  local r0 = rx()
  local out, err = a:sh(("/usr/bin/python3 %s/craft_syn.py %d eth0 10.0.0.2"):format(BENCH, SCAPY_N),
    {timeout = 600})
  local pps = out and tonumber(out:match("pps (%S+)"))
  if not pps then error("scapy failed: " .. tostring(err)) end
  put("scapy_pps", pps)
  put("scapy_sent", SCAPY_N)
  put("scapy_received", rx() - r0)
end

bench_netlab()
bench_hping3()
bench_scapy()
