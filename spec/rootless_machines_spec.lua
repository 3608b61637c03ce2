-- spec/rootless_machines_spec.lua: a script run by an ordinary user
-- (nobody, no root anywhere) drives workers that run without root too,
-- on machines no root made (spec/machines.lua {userns = true}: the
-- network namespaces of a user namespace nobody owns, joined by an
-- underlay veth), each worker launched by the command the user gives
-- (nsenter into the machine, standing in for ssh): m1's worker is root
-- of nobody's user namespace, m2's an ordinary user inside it. Links
-- between their hosts are carried over UDP by the wire; sockets,
-- captures, impairments and lessons work from the script as they do on
-- root's machines; a launcher that may not enter its machine is a clear
-- error; a worker killed is "closed"; kill -9 of the script leaves
-- nothing on any machine.
local lu = require "luaunit"
local helper = require "helper"
local machines = require "machines"

TestRootlessMachines = {}

-- Whether nobody may make user namespaces here (and nest one in them).
local function userns_allowed()
  return (netlab.sh(helper.as_nobody("unshare -U -r -n unshare -U -n true >/dev/null 2>&1 && echo yes || echo no"))
    or ""):match("yes") ~= nil
end

function TestRootlessMachines:setUp()
  if not helper.root then lu.skip("the spec makes nobody's machines through setpriv: root runs it") end
  if not userns_allowed() then lu.skip("this system gives nobody no user namespace: no rootless machines") end
  self.sim = machines.new{userns = true, mtu = 1552}
end

TestRootlessMachines.tearDown = machines.tear_down

-- Runs Lua script TEXT as nobody (its %s: the machines' lab:machine
-- options); returns its output and exit code.
function TestRootlessMachines:script(text, opts)
  local path = helper.tmpfile(text:format(("dofile(%q).machines"):format(self.sim:file({}))))
  netlab.sh("chmod a+r " .. path)
  local out, err, code = self.sim:netlab(path, opts)
  return (out or "") .. (err or ""), code
end

function TestRootlessMachines:test_a_rootless_script_drives_rootless_workers()
  local out, code = self:script([[
local specs = %s
local f = assert(io.open("/proc/self/status"))
print("script uid " .. f:read("a"):match("\nUid:%%s+(%%d+)"))
f:close()
local lab = netlab.lab()
local m1, m2 = assert(lab:machine(specs[1])), assert(lab:machine(specs[2]))
print(("m1 root=%%s net_admin=%%s m2 root=%%s net_admin=%%s"):format(m1.root, m1.net_admin, m2.root, m2.net_admin))
local a, b = assert(lab:host("a", {on = "m1"})), assert(lab:host("b", {on = "m2"}))
local l = assert(lab:link(a, b, "10.0.0.1/24", "10.0.0.2/24"))
print("carry " .. l._cross.carry .. " " .. a:sh("ip -o link show eth0"):match("mtu %%d+"))
print("ping " .. assert(a:ping("10.0.0.2", {count = 2, interval = 0.05, timeout = 2})).received)
local cap <close> = assert(b:capture{iface = "eth0", filter = "tcp and src 10.0.0.1"})
local s = assert(b:tcp())
assert(s:bind("10.0.0.2", 5001)) assert(s:listen())
s:settimeout(5)
local got = netlab.spawn(function()
  local c <close> = assert(s:accept())
  c:settimeout(5)
  return #(c:receive("*a") or "")
end)
local c = assert(a:tcp())
c:settimeout(5)
assert(c:connect("10.0.0.2", 5001))
assert(c:send(("x"):rep(1000000)))
c:close()
print("received " .. got:join())
netlab.sleep(0.2)
local syn = cap:list()[1]
print("captured " .. tostring(syn):match("Flags %%[S%%]"))
assert(l:impair{loss = "100%%"})
print("lossy ping " .. assert(a:ping("10.0.0.2", {count = 1, timeout = 0.5})).received)
assert(l:heal())
print("healed ping " .. assert(a:ping("10.0.0.2", {count = 1, timeout = 2})).received)
os.execute("kill -9 " .. m1:pid())
netlab.sleep(0.3)
print("dead " .. select(2, a:sh("true")))
print("m2 goes on " .. b:sh("echo yes"))
lab:close()
]])
  lu.assertEquals(code, 0, out)
  lu.assertStrContains(out, "script uid 65534") -- an ordinary user's script
  lu.assertStrContains(out, "m1 root=true net_admin=false m2 root=false net_admin=false")
  lu.assertStrContains(out, "carry udp mtu 1500") -- the underlay's 1552 less 52
  lu.assertStrContains(out, "ping 2")
  lu.assertStrContains(out, "received 1000000")
  lu.assertStrContains(out, "captured Flags [S]")
  lu.assertStrContains(out, "lossy ping 0")
  lu.assertStrContains(out, "healed ping 1")
  lu.assertStrContains(out, "dead closed")
  lu.assertStrContains(out, "m2 goes on yes")
end

-- Lessons, every host on the rootless machines, from a rootless script.
function TestRootlessMachines:test_lessons_split_over_rootless_machines_from_a_rootless_script()
  for _, run in ipairs{{"handshake", {client = "m1", ["www.baidu.com"] = "m2"}, 14},
                       {"routes", {A = "m1", B = "m2", G = "m1"}, 16},
                       {"delay", {client = "m1", server = "m2"}, 8}} do
    local file = self.sim:file(run[2])
    netlab.sh("chmod a+r " .. file)
    local out, err, code = self.sim:netlab(("labs/%s.lua"):format(run[1]), {timeout = 60, env = {NETLAB_MACHINES = file}})
    out = (out or "") .. (err or "")
    lu.assertEquals(code, 0, run[1] .. ": " .. out)
    lu.assertStrContains(out, ("PASS: all %d claims held"):format(run[3]), run[1])
    lu.assertEquals(self.sim:wait_clean(5), "", run[1] .. " left")
  end
end

-- The script on a third machine (here) with hosts of its own, linked to
-- hosts on the two others: its ends are carried from here.
function TestRootlessMachines:test_a_rootless_script_with_hosts_of_its_own()
  local file = self.sim:file({["www.baidu.com"] = "m1"}, nil, true)
  netlab.sh("chmod a+r " .. file)
  local out, err, code = self.sim:netlab("labs/handshake.lua", {timeout = 60, here = true, env = {NETLAB_MACHINES = file}})
  out = (out or "") .. (err or "")
  lu.assertEquals(code, 0, out)
  lu.assertStrContains(out, "PASS: all 14 claims held")
end

function TestRootlessMachines:test_a_launcher_that_may_not_enter_its_machine_is_a_clear_error()
  local out, code = self:script([[
local lab = netlab.lab()
local t0 = netlab.now()
local m, err = lab:machine{name = "m9", launch = {"nsenter", "-t", "1", "-U", "-n", "netlab", "--worker"}, timeout = 5}
print(tostring(m) .. " | " .. err)
print("took " .. (netlab.now() - t0 < 5 and "less than its timeout" or "too long"))
]])
  lu.assertEquals(code, 0, out)
  lu.assertStrContains(out, "nil | cannot start machine m9 with `nsenter -t 1 -U -n netlab --worker`: " ..
    "it ended before answering (nsenter: ")
  lu.assertStrContains(out, "Permission denied)") -- nsenter's own words: init's namespaces are root's
  lu.assertStrContains(out, "took less than its timeout")
end

function TestRootlessMachines:test_kill_9_of_the_rootless_script_leaves_nothing_on_any_machine()
  local path = helper.tmpfile(([[
local specs = %s
local lab = netlab.lab()
for _, s in ipairs(specs) do assert(lab:machine(s)) end
local a, b = assert(lab:host("a", {on = "m1"})), assert(lab:host("b", {on = "m2"}))
assert(lab:link(a, b, "10.0.0.1/24", "10.0.0.2/24"))
assert(a:ping("10.0.0.2", {count = 1, timeout = 2}))
print("ready")
io.stdout:flush()
netlab.sleep(30)
]]):format(("dofile(%q).machines"):format(self.sim:file({}))))
  local log = helper.tmpname(".log")
  netlab.sh(("chmod a+r %s; : >%s; chmod a+w %s"):format(path, log, log))
  local pid = helper.sh(helper.as_nobody(("%s %s >%s 2>&1 & echo $!"):format(helper.bin, path, log))):match("%d+")
  local ready
  for _ = 1, 300 do
    ready = (helper.sh("cat " .. log) or ""):find("ready", 1, true) ~= nil
    if ready then break end
    netlab.sleep(0.05)
  end
  lu.assertNotEquals(self.sim:leftover(), "") -- its hosts, links and workers are there
  helper.sh("kill -9 " .. pid)
  lu.assertTrue(ready, helper.sh("cat " .. log))
  lu.assertEquals(self.sim:wait_clean(5), "")
end
