-- spec/kill_spec.lua: every lab survives `kill -9` at a random point with
-- nothing left behind. Each lab of labs/ runs once to its end (it must
-- pass and leave nothing: that also times it), then is started again and
-- killed with SIGKILL twice: once in the first third of its run time
-- (from 5 ms: while it builds its hosts) and once in the second. Then none
-- of the processes it started may run, no network or user namespace it
-- held may be held by anyone, and the machine's links are as they were.
-- Then a lab whose host commands write under /run (ip netns add, mkdir,
-- touch, mount) is killed at random points by SIGKILL, SIGTERM and
-- SIGINT: nothing of it may be left in the machine's /run, /var/run or
-- mount table either. KILL_SEED=N repeats a sweep's kill points; the
-- seed is printed.
local lu = require "luaunit"
local helper = require "helper"
local leftover = require "leftover"
local hostfs = require "hostfs"

TestKill = {}

local SEED = tonumber(os.getenv("KILL_SEED")) or os.time()
print(("kill_spec: KILL_SEED=%d"):format(SEED))

-- Two kill points in ms for a lab that runs MS ms: {early, late}, drawn
-- from SEED and the lab's NAME (so one lab's draw does not depend on the
-- others').
local function kill_points(name, ms)
  local h = SEED
  for i = 1, #name do h = (h * 31 + name:byte(i)) % 2147483647 end
  math.randomseed(h)
  local third = math.max(6, ms // 3) -- ms counts in 20 ms polls: aim low
  return {math.random(5, third), math.random(third, math.max(third, 2 * third))}
end

local LABS = leftover.labs()

-- Kills lab NAME after MS ms; fails with what it left behind.
local function kill_at(name, ms)
  -- a lab's own temporary files (unix_socket's directory) go to a TMPDIR
  -- of the spec's, removed after: SIGKILL leaves the lab no time to
  local tmp = helper.tmpname("-tmpdir")
  helper.sh("mkdir " .. helper.shquote(tmp))
  local cmd = ("env TMPDIR=%s %s labs/%s.lua"):format(helper.shquote(tmp), helper.bin, name)
  local run = leftover.run(cmd, ms, 20000 * helper.slow)
  helper.sh("rm -rf " .. helper.shquote(tmp))
  local what = ("%s killed at %d ms (KILL_SEED=%d)"):format(name, ms, SEED)
  if run.killed and run.status ~= 0 then -- (0: it ended as the kill came)
    lu.assertEquals(run.status, 128 + 9, what .. ": not killed by SIGKILL")
  else
    -- it ended first: then it must have passed
    lu.assertEquals(run.status, 0, what .. ": ended before the kill, failing: " .. run.err)
  end
  local procs, ns = 0, 0
  for _ in pairs(run.procs) do procs = procs + 1 end
  for _ in pairs(run.ns) do ns = ns + 1 end
  print(("kill_spec: %s at %d ms: %s, %d processes, %d namespaces held")
    :format(name, ms, run.killed and "killed" or "had ended", procs, ns))
  local left = leftover.left(run, 3 * helper.slow)
  lu.assertEquals(left, {}, what .. " left behind: " .. table.concat(left, "; "))
  return run
end

-- Runs lab NAME to its end: it passes, leaves nothing; returns its ms.
local function whole_run(name)
  local run = leftover.run(("%s labs/%s.lua"):format(helper.bin, name), nil, 20000 * helper.slow)
  lu.assertEquals(run.status, 0, name .. " fails: " .. run.err)
  local left = leftover.left(run, 3 * helper.slow)
  lu.assertEquals(left, {}, name .. " left behind: " .. table.concat(left, "; "))
  return run.ms
end

-- One test per lab, so a failure names it.
for _, name in ipairs(LABS) do
  TestKill["test_" .. name .. "_killed_early_and_late"] = function()
    local ms = whole_run(name)
    for _, at in ipairs(kill_points(name, ms)) do kill_at(name, at) end
  end
end

-- A lab whose hosts write under /run all along, for 20 rounds: a adds a
-- netns name, a directory with a tmpfs on it and a file; b keeps a
-- program running inside a netns name it added. NAME marks it all.
local function run_writer(name)
  return (([[
local lab <close> = netlab.lab()
local a, b = assert(lab:host "a"), assert(lab:host "b")
assert(lab:link(a, b, "10.0.0.1/24", "10.0.0.2/24"))
for i = 1, 20 do
  local _, err, code = a:sh(("ip netns add NAME-a%d && mkdir -p /run/NAME.d/%d"
    .. " && mount -n -t tmpfs NAME /run/NAME.d/%d && touch /run/NAME.%d"):format(i, i, i, i))
  assert(code == 0, err)
  assert(b:start(("ip netns add NAME-b%d && exec ip netns exec NAME-b%d sleep 30"):format(i, i)))
  netlab.sleep(0.01)
end
assert(a:sh("ip netns list | wc -l") == "20\n")
]]):gsub("NAME", name))
end

-- Sends SIGNAL to the /run writer after MS ms; fails with what is left.
local function signal_writer(signal, ms)
  local name = hostfs.name()
  local cmd = ("%s %s"):format(helper.bin, helper.tmpfile(run_writer(name)))
  local run = leftover.run(cmd, ms, 20000 * helper.slow, signal)
  local left = leftover.left(run, 3 * helper.slow)
  local files = hostfs.clean(name)
  local what = ("the /run writer, SIG%s at %d ms (KILL_SEED=%d)"):format(signal, ms, SEED)
  print(("kill_spec: %s: %s, status %s"):format(what, run.killed and "signalled" or "had ended", run.status))
  lu.assertNil(run.timeout, what .. ": still running after 20 s")
  if not run.killed then lu.assertEquals(run.status, 0, what .. ": ended before the signal, failing: " .. run.err) end
  if run.killed and signal == "KILL" then lu.assertEquals(run.status, 128 + 9, what) end
  lu.assertEquals(left, {}, what .. " left behind: " .. table.concat(left, "; "))
  lu.assertEquals(files, {}, what .. " left on the machine: " .. table.concat(files, "; "))
end

function TestKill:test_a_lab_writing_under_run_killed_by_any_signal_leaves_nothing()
  local name = hostfs.name()
  local run = leftover.run(("%s %s"):format(helper.bin, helper.tmpfile(run_writer(name))), nil, 20000 * helper.slow)
  local files = hostfs.clean(name)
  lu.assertEquals(files, {}, "the /run writer left on the machine: " .. table.concat(files, "; "))
  lu.assertEquals(run.status, 0, "the /run writer fails: " .. run.err)
  local points = kill_points("run_writer", run.ms)
  for _, signal in ipairs({"KILL", "TERM", "INT"}) do
    for _, at in ipairs(points) do signal_writer(signal, at) end
  end
end

function TestKill:test_the_sweep_sees_what_a_lab_holds()
  -- the check must be able to fail: killed mid-run, a two-host lab holds
  -- its hosts' namespaces and processes, which the watcher must have seen
  local run = leftover.run(("%s -e %s"):format(helper.bin, helper.shquote([[
local lab = netlab.lab()
local a = assert(lab:host "a")
assert(lab:host "b")
a:start("sleep 30")
netlab.sleep(30)
]])), 800 * helper.slow, 20000 * helper.slow)
  lu.assertTrue(run.killed, run.err)
  local procs, ns = 0, 0
  for _ in pairs(run.procs) do procs = procs + 1 end
  for k in pairs(run.ns) do if k:match("^net:") then ns = ns + 1 end end
  lu.assertTrue(procs >= 2, "netlab and the host's sleep: " .. procs)
  lu.assertTrue(ns >= 2, "two hosts' namespaces: " .. ns)
  lu.assertEquals(leftover.left(run, 3 * helper.slow), {})
end

function TestKill:test_a_process_left_running_is_reported()
  -- a shell that leaves a child behind when killed: the check must say so
  local pidfile = helper.tmpname()
  local run = leftover.run("sh -c " .. helper.shquote("sleep 5 & echo $! > " .. pidfile .. "; wait"), 300, 10000)
  lu.assertTrue(run.killed)
  local left = leftover.left(run, 0.3)
  local f = assert(io.open(pidfile))
  local pid = f:read("n")
  f:close()
  netlab.sh("kill " .. pid) -- the sleep this test started
  lu.assertStrContains(table.concat(left, "; "), "process " .. pid)
end

-- A script moving TCP through impaired links the wire carries: a plain
-- link rebuilt into a wire link (delay and loss), a wire link, and one
-- across two labs, each carrying a transfer, with a host command running.
local IMPAIRED = [[
local lab <close> = netlab.lab()
local other <close> = netlab.lab()
local a, b, c = assert(lab:host "a"), assert(lab:host "b"), assert(other:host "c")
local plain = assert(lab:link(a, b, "10.0.0.1/24", "10.0.0.2/24"))
assert(plain:impair{delay = "5ms", loss = "gemodel 2% 30%", seed = 1})
local wire = assert(lab:link(a, b, "10.0.1.1/24", "10.0.1.2/24", {engine = "wire"}))
assert(wire:impair{delay = "5ms", jitter = "2ms 25%", loss = "1%"})
local across = assert(lab:link(a, c, "10.0.2.1/24", "10.0.2.2/24", {engine = "wire", across = true}))
assert(across:impair{delay = "5ms", loss = "1%"})
assert(b:start("sleep 30"))
local function serve(h, port)
  local server = assert(h:tcp())
  assert(server:bind("*", port))
  assert(server:listen())
  netlab.daemon(function()
    local s = server:accept()
    s:settimeout(20)
    while s:receive(65536) do end
  end)
end
local function send(ip, port)
  local s = assert(a:tcp())
  s:settimeout(20)
  assert(s:connect(ip, port))
  netlab.spawn(function() for _ = 1, 200 do assert(s:send(("x"):rep(16384))) end s:close() end)
end
serve(b, 9001) serve(b, 9002) serve(c, 9003)
send("10.0.0.2", 9001) send("10.0.1.2", 9002) send("10.0.2.2", 9003)
netlab.sleep(3)
]]

function TestKill:test_impaired_transfers_killed_leave_nothing()
  local script = helper.tmpfile(IMPAIRED)
  local whole = leftover.run(("%s %s"):format(helper.bin, script), nil, 20000 * helper.slow)
  lu.assertEquals(whole.status, 0, "the impaired transfers fail: " .. whole.err)
  lu.assertEquals(leftover.left(whole, 3 * helper.slow), {})
  local points = kill_points("impaired", whole.ms)
  table.insert(points, 1, math.max(5, whole.ms // 10)) -- while the wires are being made
  for _, at in ipairs(points) do
    local run = leftover.run(("%s %s"):format(helper.bin, script), at, 20000 * helper.slow)
    local what = ("the impaired transfers killed at %d ms (KILL_SEED=%d)"):format(at, SEED)
    if run.killed then lu.assertEquals(run.status, 128 + 9, what) end
    local ns = 0
    for k in pairs(run.ns) do if k:match("^net:") then ns = ns + 1 end end
    print(("kill_spec: %s: %s, %d network namespaces held"):format(what, run.killed and "killed" or "had ended", ns))
    lu.assertEquals(leftover.left(run, 3 * helper.slow), {}, what)
  end
end

function TestKill:test_every_lab_is_swept()
  lu.assertTrue(#LABS >= 10, "labs/ has " .. #LABS .. " labs")
  for _, name in ipairs(LABS) do
    lu.assertIsFunction(TestKill["test_" .. name .. "_killed_early_and_late"])
  end
end
