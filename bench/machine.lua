-- machine.lua - labs across machines (lab:machine), on two simulated
-- machines: network namespaces made here (ip netns add, an underlay
-- veth 10.78.0.1 - 10.78.0.2), each with `netlab --worker` launched by
-- ip netns exec, removed at the end.
--
--   netlab machine.lua tcp ROUNDS SECS
--       an iperf3 stream over a local veth pair, over a VXLAN link
--       between a host on each machine (root's workers) and over the UDP
--       carriage between a host on each (nobody's workers, rootless), in
--       turn; prints "tcp ROUND veth|vxlan|udp BITS_PER_SECOND"
--   netlab machine.lua hosts ROUNDS N
--       N hosts built in one local lab, and N/2 on each machine (four
--       tasks per machine, so four calls are in flight on each), in turn;
--       prints
--       "hosts ROUND one|two SECONDS"
local EXE = arg[-1]
local WAIT = 30
local TAG = ("nlb%d"):format(math.random(1, 1e6))

local function sh(cmd)
  local _, err, code = netlab.sh(cmd, {timeout = 20})
  if code ~= 0 then error(cmd .. ": " .. tostring(err), 2) end
end

-- The netlab binary as an absolute path (nobody's worker runs it too).
local function exe_path()
  if EXE:sub(1, 1) == "/" then return EXE end
  return (assert(netlab.sh("pwd")):gsub("\n$", "")) .. "/" .. EXE
end

-- Makes the two machines; returns their lab:machine options: m1 and m2
-- with root's workers, r1 and r2 (the same two machines) with workers
-- run as nobody, rootless.
local made_run_netns -- the first ip netns add makes /run/netns, a bind mount of itself

local function machines()
  local specs = {}
  made_run_netns = select(3, netlab.sh("test -d /run/netns", {timeout = 5})) ~= 0
  local nobody = "setpriv --reuid=65534 --regid=65534 --clear-groups "
  for i, s in ipairs{"a", "b"} do
    sh(("ip netns add %s%s && ip -n %s%s link set lo up"):format(TAG, s, TAG, s))
    specs[i] = {name = "m" .. i, underlay = "10.78.0." .. i,
                launch = {"ip", "netns", "exec", TAG .. s, EXE, "--worker"}}
    specs[i + 2] = {name = "r" .. i, underlay = "10.78.0." .. i,
                    launch = ("ip netns exec %s%s %s%s --worker"):format(TAG, s, nobody, exe_path())}
  end
  sh(("ip link add u1 netns %sa type veth peer u2 netns %sb"):format(TAG, TAG))
  for i, s in ipairs{"a", "b"} do
    sh(("ip -n %s%s addr add 10.78.0.%d/24 dev u%d && ip -n %s%s link set u%d up"):format(TAG, s, i, i, TAG, s, i))
  end
  return specs
end

local function remove_machines()
  for _, s in ipairs{"a", "b"} do netlab.sh(("ip netns del %s%s 2>/dev/null"):format(TAG, s), {timeout = 20}) end
  if made_run_netns then -- take it away again, as the machine had none
    netlab.sh('[ -z "$(ls -A /run/netns)" ] && { umount -n /run/netns; rmdir /run/netns; }', {timeout = 10})
  end
end

-- One iperf3 stream from X to Y (10.0.0.2) for SECS; bits/s received.
local function iperf3(x, y, secs)
  local server = assert(y:start("iperf3 -s -1 -B 10.0.0.2"))
  for _ = 1, 100 do
    if #assert(y:sockets{proto = "tcp", state = "LISTEN", port = 5201}) > 0 then break end
    netlab.sleep(0.02)
  end
  local out, err = x:sh(("iperf3 -c 10.0.0.2 -t %s -J"):format(secs), {timeout = secs + 20})
  server:wait(WAIT)
  server:stop()
  local bps = out and out:match('"sum_received".-"bits_per_second":%s*([%d.e+]+)')
  if not bps then error("iperf3 failed: " .. tostring(out) .. tostring(err)) end
  return tonumber(bps)
end

local function tcp(specs, rounds, secs)
  local lab <close> = netlab.lab()
  for _, s in ipairs(specs) do assert(lab:machine(s)) end
  local a, b = assert(lab:host "a"), assert(lab:host "b")
  assert(lab:link(a, b, "10.0.0.1/24", "10.0.0.2/24"))
  local c, d = assert(lab:host("c", {on = "m1"})), assert(lab:host("d", {on = "m2"}))
  assert(lab:link(c, d, "10.0.0.1/24", "10.0.0.2/24"))
  local e, f = assert(lab:host("e", {on = "r1"})), assert(lab:host("f", {on = "r2"}))
  local l = assert(lab:link(e, f, "10.0.0.1/24", "10.0.0.2/24")) -- rootless: over UDP
  assert(l._cross.carry == "udp", "the rootless workers' link is not carried over UDP")
  for round = 1, rounds do
    for _, kind in ipairs{{"veth", a, b}, {"vxlan", c, d}, {"udp", e, f}} do
      print(("tcp %d %s %.0f"):format(round, kind[1], iperf3(kind[2], kind[3], secs)))
      io.stdout:flush()
    end
  end
end

-- Seconds to build N hosts in one local lab (closed after, untimed).
local function one(n)
  local lab <close> = netlab.lab()
  local t0 = netlab.now()
  for i = 1, n do assert(lab:host("h" .. i)) end
  return netlab.now() - t0
end

-- Seconds to build N/2 hosts on each machine, the machines started first (untimed).
local function two(specs, n)
  local lab <close> = netlab.lab()
  for i = 1, 2 do assert(lab:machine(specs[i])) end
  local t0, tasks = netlab.now(), {}
  for m = 1, 2 do
    for k = 1, 4 do
      tasks[#tasks + 1] = netlab.spawn(function()
        for i = k, n // 2, 4 do assert(lab:host(("m%d-%d"):format(m, i), {on = "m" .. m})) end
      end)
    end
  end
  for _, t in ipairs(tasks) do t:join() end
  return netlab.now() - t0
end

-- The kernel frees closed namespaces later, in a work queue of its own
-- that holds the lock new ones need: each build starts after the last
-- one's are gone (SETTLE seconds), and the order alternates by round.
local SETTLE = 1
local function hosts(specs, rounds, n)
  for round = 1, rounds do
    local order = round % 2 == 1 and {"one", "two"} or {"two", "one"}
    for _, kind in ipairs(order) do
      netlab.sleep(SETTLE)
      print(("hosts %d %s %.3f"):format(round, kind, kind == "one" and one(n) or two(specs, n)))
      io.stdout:flush()
    end
  end
end

local ok, err = pcall(function()
  local specs = machines()
  if arg[1] == "tcp" then tcp(specs, tonumber(arg[2]), tonumber(arg[3]))
  elseif arg[1] == "hosts" then hosts(specs, tonumber(arg[2]), tonumber(arg[3]))
  else error("usage: machine.lua tcp ROUNDS SECS | hosts ROUNDS N") end
end)
remove_machines()
if not ok then error(err, 0) end
