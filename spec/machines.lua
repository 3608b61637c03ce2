-- spec/machines.lua: simulated machines for a lab across machines. Each
-- "machine" is a network namespace of the spec's own (ip netns add,
-- removed by close), joined to the others by one underlay link (a veth
-- pair, 10.77.0.N/24), with `netlab --worker` launched inside it by
-- `ip netns exec` where a real lab would use ssh. With {userns = true}
-- the machines are an ordinary user's (nobody's, made by no root): the
-- network namespaces of a user namespace nobody owns (unshare -U -r -n),
-- joined as above, each worker launched into its machine by nsenter.
local helper = require "helper"
local lu = require "luaunit"

local M = {}

local count = 0

-- This process's pid, so two spec runs name their machines apart.
local function own_pid()
  local f = assert(io.open("/proc/self/stat"))
  local pid = f:read("n")
  f:close()
  return pid
end

-- Runs shell command CMD, raising with its stderr if it fails.
local function must(cmd)
  local _, err, code = netlab.sh(cmd, {timeout = 10})
  if code ~= 0 then error(cmd .. ": " .. tostring(err), 2) end
end

-- The command starting a worker in namespace NS: as root, or with
-- ROOTLESS as nobody (setpriv, from a copy of the checkout nobody reads),
-- whose netlab may not make devices in the machine's namespace.
local function launcher(ns, rootless)
  if not rootless then return {"ip", "netns", "exec", ns, helper.exe, "--worker"} end
  return ("ip netns exec %s %s"):format(ns, helper.as_nobody(helper.exe .. " --worker"))
end

-- The shell script making an ordinary user's machines, run by nobody
-- inside `unshare -U -r -n` (root of a user namespace nobody owns, with
-- no power outside it): a process for each machine m1, m2 and the
-- script's own machine ("here"), each in a network namespace of its own
-- (unshare -n), joined as M.new and M.add_here join theirs; it prints
-- their pids (here, m1, m2) and waits. Each lives at most 900 s.
local USERNS_FABRIC = [[
mtu=$1
unshare -n sleep 900 & h=$!
unshare -n sleep 900 & p1=$!
unshare -n sleep 900 & p2=$!
sleep 0.1
trap 'kill $h $p1 $p2 2>/dev/null' EXIT
inside() { nsenter -t "$1" -n sh -c "$2"; }
set -e
ip link add u1 netns $p1 type veth peer u2 netns $p2
ip link add h1 netns $h type veth peer x netns $p1
ip link add h2 netns $h type veth peer x netns $p2
inside $p1 "ip link set lo up; ip addr add 10.77.0.1/24 dev u1; ip link set u1 up mtu $mtu
        ip addr add 10.79.1.1/24 dev x; ip link set x up mtu $mtu"
inside $p2 "ip link set lo up; ip addr add 10.77.0.2/24 dev u2; ip link set u2 up mtu $mtu
        ip addr add 10.79.2.2/24 dev x; ip link set x up mtu $mtu"
inside $h "ip link set lo up
       ip addr add 10.79.1.3/24 dev h1; ip link set h1 up mtu $mtu; ip route add 10.77.0.1/32 via 10.79.1.1
       ip addr add 10.79.2.3/24 dev h2; ip link set h2 up mtu $mtu; ip route add 10.77.0.2/32 via 10.79.2.2"
echo "pids $h $p1 $p2"
set +e
wait
]]

-- As M.new, for {userns = true}: the machines of USERNS_FABRIC, made by
-- nobody. m1's worker is launched as root of nobody's user namespace
-- (nsenter into it), m2's as an ordinary user in a user namespace of its
-- own below it (nsenter, then unshare --map-user): neither is root of
-- this machine, so both are rootless workers. sim.pids: the processes
-- holding the machines' namespaces (m1, m2); sim.here_pid: here's.
-- sim.here_specs: the same machines for a script run in here (sim:netlab
-- with here), already in nobody's user namespace: nsenter -n only.
local function new_userns(sim)
  local out = helper.tmpname(".out")
  local script = helper.tmpfile(USERNS_FABRIC, ".sh")
  netlab.sh(("chmod a+r %s; : >%s; chmod a+w %s"):format(script, out, out), {timeout = 5})
  netlab.sh(helper.as_nobody(("sh -c %s"):format(helper.shquote(("unshare -U -r -n sh %s %d >%s 2>&1 &")
    :format(script, sim.mtu, out)))), {timeout = 10})
  local text = ""
  for _ = 1, 100 do
    local f = io.open(out)
    text = f and f:read("a") or ""
    if f then f:close() end
    if text:find("pids %d+ %d+ %d+") then break end
    netlab.sleep(0.05)
  end
  local h, p1, p2 = text:match("pids (%d+) (%d+) (%d+)")
  if not h then error("the user's machines did not come up: " .. text, 3) end
  sim.pids, sim.here_pid, sim.userns = {p1, p2}, h, true
  local enter = {"nsenter", "-t", nil, "-U", "-n", "--preserve-credentials"}
  for i, p in ipairs(sim.pids) do
    local argv = {table.unpack(enter)}
    argv[3] = p
    if i == 2 then
      for _, w in ipairs{"unshare", "-U", "--map-user=65534", "--map-group=65534"} do argv[#argv + 1] = w end
    end
    argv[#argv + 1], argv[#argv + 2] = helper.exe, "--worker"
    sim.specs[i] = {name = "m" .. i, underlay = "10.77.0." .. i, launch = argv}
    local here = {table.unpack(argv)}
    table.remove(here, 6) -- --preserve-credentials
    table.remove(here, 4) -- -U
    sim.here_specs = sim.here_specs or {}
    sim.here_specs[i] = {name = "m" .. i, underlay = "10.77.0." .. i, launch = here}
  end
  return setmetatable(sim, {__index = M})
end

-- M.new([{mtu =, rootless =, userns =}]) -> sim: two machines m1
-- (10.77.0.1) and m2 (10.77.0.2), their underlay's MTU 1500 or MTU
-- (1550: links between machines get a lab cable's 1500), their workers
-- root's (or with ROOTLESS nobody's; with USERNS, machines nobody made:
-- new_userns); sim.specs: their lab:machine options; sim.ns: their
-- namespaces' names.
function M.new(opts)
  local rootless = opts and opts.rootless
  if opts and opts.userns then
    count = count + 1
    return new_userns({specs = {}, mtu = opts.mtu or 1500})
  end
  count = count + 1
  local base = ("nlw%d-%d"):format(own_pid(), count)
  local sim = {ns = {base .. "a", base .. "b"}, specs = {}, mtu = opts and opts.mtu or 1500}
  -- the first ip netns add makes /run/netns (a bind mount of itself):
  -- where the machine had none, close takes it away again
  sim.made_run_netns = select(3, netlab.sh("test -d /run/netns", {timeout = 5})) ~= 0
  for i, ns in ipairs(sim.ns) do
    must("ip netns add " .. ns)
    must(("ip -n %s link set lo up"):format(ns))
    sim.specs[i] = {name = "m" .. i, underlay = "10.77.0." .. i, launch = launcher(ns, rootless)}
  end
  must(("ip link add u1 netns %s type veth peer u2 netns %s"):format(sim.ns[1], sim.ns[2]))
  for i, ns in ipairs(sim.ns) do
    must(("ip -n %s addr add 10.77.0.%d/24 dev u%d && ip -n %s link set u%d up mtu %d"):format(ns, i, i, ns, i, sim.mtu))
  end
  return setmetatable(sim, {__index = M})
end

-- sim:add_here() -> sim: a third namespace, the script's own machine for
-- a controller run in it (sim:netlab), with a veth to each machine (h1 -
-- x on 10.79.1.0/24, h2 - x on 10.79.2.0/24) and a route to each
-- machine's underlay address over it: sim.here is its name.
function M.add_here(sim)
  if sim.here or sim.userns then return sim end
  local ns = sim.ns[1]:gsub("a$", "c")
  must("ip netns add " .. ns)
  sim.here = ns
  must(("ip -n %s link set lo up"):format(ns))
  for i, m in ipairs(sim.ns) do
    must(("ip link add h%d netns %s type veth peer x netns %s"):format(i, ns, m))
    must(("ip -n %s addr add 10.79.%d.3/24 dev h%d && ip -n %s link set h%d up mtu %d"):format(ns, i, i, ns, i, sim.mtu))
    must(("ip -n %s addr add 10.79.%d.%d/24 dev x && ip -n %s link set x up mtu %d"):format(m, i, i, m, sim.mtu))
    must(("ip -n %s route add 10.77.0.%d/32 via 10.79.%d.%d"):format(ns, i, i, i))
  end
  return sim
end

-- sim:netlab(args, opts) -> stdout, stderr, code: helper.netlab, run in
-- the script's own machine (sim:add_here). Of machines nobody made
-- (userns), run by nobody, no root anywhere: in the machine's own
-- network (which reaches no simulated machine: its lab keeps no hosts
-- of its own), or with opts.here in "here" as root of nobody's user
-- namespace (nsenter, as the workers are launched).
function M.netlab(sim, args, opts)
  local env = {}
  for k, v in pairs(opts and opts.env or {}) do env[#env + 1] = k .. "=" .. helper.shquote(v) .. " " end
  local timeout = math.ceil((opts and opts.timeout or 20) * helper.slow)
  if sim.userns then
    local enter = opts and opts.here and ("nsenter -t %s -U -n --preserve-credentials "):format(sim.here_pid) or ""
    return netlab.sh(("%s%s"):format(table.concat(env), helper.as_nobody(("%stimeout -s KILL %d %s %s")
      :format(enter, timeout, helper.bin, args))), {timeout = timeout + 5})
  end
  return netlab.sh(("%sip netns exec %s timeout -s KILL %d %s %s"):format(table.concat(env), sim.here, timeout,
    helper.bin, args), {timeout = timeout + 5})
end

-- The interfaces namespace NS of SIM has of its own: lo, its underlay.
local function own_links(sim, ns, i)
  if ns == sim.here then return {lo = true, h1 = true, h2 = true} end
  return {lo = true, ["u" .. i] = true, x = sim.here ~= nil}
end

-- sim:leftover() -> text: what is on the machines beyond lo and the
-- underlay (interfaces, processes), "" when nothing.
function M.leftover(sim)
  local out = {}
  if sim.userns then -- each machine's namespace, through the process holding it
    for i, p in ipairs{sim.pids[1], sim.pids[2], sim.here_pid} do
      local links = netlab.sh(("nsenter -t %s -n ip -o link show"):format(p), {timeout = 5}) or ""
      local own = i == 3 and {lo = true, h1 = true, h2 = true} or {lo = true, ["u" .. i] = true, x = true}
      for line in links:gmatch("[^\n]+") do
        local name = line:match("^%d+: ([^:@]+)")
        if not own[name] then out[#out + 1] = "m" .. i .. ": link " .. name end
      end
      local pids = netlab.sh(([[n=$(readlink /proc/%s/ns/net) && for d in /proc/[0-9]*; do
        [ "$(readlink $d/ns/net 2>/dev/null)" = "$n" ] && echo ${d#/proc/}; done]]):format(p), {timeout = 5}) or ""
      for pid in pids:gmatch("%d+") do
        if pid ~= p then out[#out + 1] = "m" .. i .. ": process " .. pid end
      end
    end
    return table.concat(out, "\n")
  end
  for i, ns in ipairs{sim.ns[1], sim.ns[2], sim.here} do
    local links = netlab.sh(("ip -n %s -o link show"):format(ns), {timeout = 5}) or ""
    local own = own_links(sim, ns, i)
    for line in links:gmatch("[^\n]+") do
      local name = line:match("^%d+: ([^:@]+)")
      if not own[name] then out[#out + 1] = ns .. ": link " .. name end
    end
    local pids = netlab.sh("ip netns pids " .. ns, {timeout = 5}) or ""
    for pid in pids:gmatch("%d+") do out[#out + 1] = ns .. ": process " .. pid end
  end
  return table.concat(out, "\n")
end

-- sim:wait_clean(seconds) -> sim:leftover() once empty or the time is up.
function M.wait_clean(sim, seconds)
  local left
  for _ = 1, math.ceil(seconds * 20) do
    left = sim:leftover()
    if left == "" then return left end
    netlab.sleep(0.05)
  end
  return left
end

-- sim:file(place[, underlay[, here]]) -> the path of a NETLAB_MACHINES
-- file with the two machines, PLACE (host name -> "m1" | "m2") and
-- UNDERLAY (this machine's address, if given); HERE: their launchers
-- for a script run in here (sim.here_specs, userns).
function M.file(sim, place, underlay, here)
  local function list(t)
    if type(t) == "string" then return ("%q"):format(t) end
    local items = {}
    for _, w in ipairs(t) do items[#items + 1] = ("%q"):format(w) end
    return "{" .. table.concat(items, ", ") .. "}"
  end
  local lines = {"return {machines = {"}
  for _, s in ipairs(here and sim.here_specs or sim.specs) do
    lines[#lines + 1] = ("  {name = %q, underlay = %q, launch = %s},"):format(s.name, s.underlay, list(s.launch))
  end
  lines[#lines + 1] = "}, place = {"
  for h, m in pairs(place) do lines[#lines + 1] = ("  [%q] = %q,"):format(h, m) end
  lines[#lines + 1] = "}" .. (underlay and (", underlay = %q"):format(underlay) or "") .. "}"
  return helper.tmpfile(table.concat(lines, "\n"))
end

-- machines.stream(a, b, n[, timeout]) -> bytes received, largest
-- segment, segment bytes captured: N bytes sent over TCP from host A
-- (10.0.0.1) to host B's 10.0.0.2:5001, each socket waiting at most
-- TIMEOUT (5) seconds, while a capture on B's eth0 sees A's segments.
function M.stream(a, b, n, timeout)
  timeout = timeout or 5
  local cap <close> = assert(b:capture{iface = "eth0", filter = "tcp and src 10.0.0.1"})
  local s <close> = assert(b:tcp())
  assert(s:bind("10.0.0.2", 5001))
  assert(s:listen())
  s:settimeout(timeout)
  local got = netlab.spawn(function()
    local c <close> = assert(s:accept())
    c:settimeout(timeout)
    return #(c:receive("*a") or "")
  end)
  local c <close> = assert(a:tcp())
  c:settimeout(timeout)
  assert(c:connect("10.0.0.2", 5001))
  assert(c:send(("x"):rep(n)))
  c:close()
  local received = got:join()
  netlab.sleep(0.2)
  local largest, bytes = 0, 0
  for _, p in ipairs(cap:list()) do
    largest, bytes = math.max(largest, p.tcp.len), bytes + p.tcp.len
  end
  return received, largest, bytes
end

-- sim:controller(script) -> pid: netlab run on SCRIPT's text in the
-- background, its %s the two machines' lab:machine options (sim:file),
-- once it has printed "ready" (within 15 s; raises if it did not).
function M.controller(sim, script)
  local path = helper.tmpfile(script:format(("dofile(%q).machines"):format(sim:file({}))))
  local log = helper.tmpname(".log")
  local pid = helper.sh(("%s %s >%s 2>&1 & echo $!"):format(helper.bin, path, log)):match("%d+")
  for _ = 1, 300 do
    local f = io.open(log)
    local ready = f ~= nil and f:read("a"):find("ready", 1, true) ~= nil
    if f then f:close() end
    if ready then return pid end
    netlab.sleep(0.05)
  end
  helper.sh("kill -9 " .. pid)
  error("the controller did not get ready: " .. (helper.sh("cat " .. log) or ""), 2)
end

-- machines.tear_down(test): a spec's tearDown: closes TEST.lab if any,
-- then removes TEST.sim's machines, failing if anything was left on them.
function M.tear_down(test)
  if test.lab then test.lab:close() end
  if test.sim then
    local left = test.sim:wait_clean(5)
    test.sim:close()
    test.sim = nil
    lu.assertEquals(left, "", "left on the machines")
  end
end

-- sim:close(): removes the machines (their namespaces and underlay).
function M.close(sim)
  if sim.userns then -- the processes holding the machines, and the script that made them
    local all = {sim.pids[1], sim.pids[2], sim.here_pid}
    netlab.sh("kill " .. table.concat(all, " "), {timeout = 5})
    for _ = 1, 100 do
      local alive = false
      for _, p in ipairs(all) do -- (its stat: opening its ns/net would hold the namespace)
        local f = io.open("/proc/" .. p .. "/stat")
        local state = f and f:read("a"):match("^%d+ %b() (%a)")
        if f then f:close() end
        alive = alive or (state ~= nil and state ~= "Z")
      end
      if not alive then break end
      netlab.sleep(0.05)
    end
    return
  end
  for _, ns in ipairs{sim.ns[1], sim.ns[2], sim.here} do netlab.sh("ip netns del " .. ns, {timeout = 10}) end
  if sim.made_run_netns then
    netlab.sh('[ -z "$(ls -A /run/netns)" ] && { umount -n /run/netns; rmdir /run/netns; }', {timeout = 10})
  end
end

return M
