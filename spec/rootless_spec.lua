-- spec/rootless_spec.lua: labs for an ordinary user. Run as nobody (via
-- setpriv), netlab enters a user namespace of its own: two hosts on a
-- link talk TCP, host:sh runs inside a host (as its root), netlab's own
-- sockets stay in the machine's namespace and its commands there run as
-- the user (tcpdump -r works), a host's /run and netns names are its own, and
-- nothing is left once it exits. Where the
-- system refuses user namespaces, one message says why and what to do.
-- As root, netlab never enters a user namespace. Every lab of labs/ exits
-- 0 as nobody and leaves no process or namespace behind.
local lu = require "luaunit"
local helper = require "helper"
local leftover = require "leftover"
local hostfs = require "hostfs"

TestRootless = {}

local ROOT, as_nobody = helper.root, helper.as_nobody

-- Runs a shell command here; returns its stdout.
local function sh(cmd)
  local out, err, code = netlab.sh(cmd, {timeout = 20})
  assert(out, err)
  return out, code
end

-- True if nobody may create a user namespace on this system.
local function userns_allowed()
  return sh(as_nobody("unshare -U -n true >/dev/null 2>&1 && echo yes || echo no")):match("yes") ~= nil
end

-- The child, run as nobody: a two-host lab, TCP a -> b, sh in a; prints
-- what it saw, one "key value" per line.
local CHILD = [[
local lab <close> = netlab.lab()
local a, b = lab:host "a", lab:host "b"
if not a then print("refused " .. tostring(select(2, lab:host "a"))) return end
assert(lab:link(a, b, "10.0.0.1/24", "10.0.0.2/24"))
for _, row in ipairs(netlab.fd.list()) do
  local ino = row.target:match("^net:%[(%d+)%]$")
  if ino then print("ns " .. ino) end
end
local server = assert(b:tcp())
assert(server:bind("10.0.0.2", 80)) -- a privileged port: root of the lab
assert(server:listen())
local t = netlab.spawn(function() local c = server:accept(); c:send("hello a\n"); c:close() end)
local c = assert(a:tcp())
assert(c:connect("10.0.0.2", 80))
print("tcp " .. assert(c:receive()))
t:join(5)
print("sh " .. a:sh("ip -br addr show dev eth0"):match("%S+%s+%S+%s+(%S+)"))
print("id " .. a:sh("id -u"):match("%d+"))
print("home " .. netlab.sh("readlink /proc/self/ns/net"):match("%d+"))
print("user " .. a:sh("readlink /proc/self/ns/user"):match("%d+")) -- netlab's
print("machine " .. netlab.sh("id -u"):match("%d+"))
local pcap = os.tmpname()
assert(netlab.pcap.write(pcap, {}))
local _, tcpdump_err, tcpdump_code = netlab.sh("tcpdump -nn -r " .. pcap)
os.remove(pcap)
print("tcpdump " .. tcpdump_code .. " " .. tcpdump_err:gsub("\n", " "))
local here = assert(netlab.tcp())
print("here " .. tostring(here ~= nil))
]]

-- Runs CODE in a fresh netlab as nobody; returns stdout, stderr, code.
local function run_as_nobody(code)
  local path = helper.tmpfile(code)
  sh("chmod 644 " .. helper.shquote(path))
  return helper.run(as_nobody(helper.bin .. " " .. path), 30)
end

-- The "key value" lines of OUT as a table of lists.
local function parse(out)
  local seen = {}
  for k, v in out:gmatch("(%S+) ([^\n]*)") do
    seen[k] = seen[k] or {}
    table.insert(seen[k], v)
  end
  return seen
end

-- Every process's reference to namespace INO (fd or own namespace).
local function references(kind, ino)
  local out = sh("find /proc/[0-9]*/fd /proc/[0-9]*/ns -lname '" .. kind .. ":\\["
    .. ino .. "\\]' -printf '%p\\n' 2>/dev/null; true")
  local refs = {}
  for line in out:gmatch("[^\n]+") do refs[#refs + 1] = line end
  return refs
end

function TestRootless:test_two_hosts_tcp_and_sh_as_an_ordinary_user()
  local before = sh("ip netns list; ip -br link | grep -v nlsw- | sort")
  local out, err, code = run_as_nobody(CHILD)
  if not userns_allowed() then
    lu.assertStrContains(out, "refused lab hosts need root or a user namespace")
    lu.assertStrContains(out, "sudo")
    return
  end
  lu.assertEquals(code, 0, err)
  local seen = parse(out)
  local home = sh("readlink /proc/self/ns/net"):match("%d+")
  lu.assertEquals(seen.tcp, {"hello a"})
  lu.assertEquals(seen.sh, {"10.0.0.1/24"})
  lu.assertEquals(seen.id, {"0"}, "root inside its own host")
  -- on the machine, a command runs as the user again, not as root of
  -- netlab's user namespace: tcpdump, which drops root's privileges to
  -- user tcpdump (refused there), reads a file
  lu.assertEquals(seen.machine, {ROOT and "65534" or sh("id -u"):match("%d+")})
  lu.assertStrMatches(seen.tcpdump[1], "0 reading from file .*", nil, nil, err)
  lu.assertEquals(seen.home, {home}, "netlab's own sockets stay in the machine's namespace")
  lu.assertEquals(seen.here, {"true"})
  lu.assertNotEquals(seen.user[1], sh("readlink /proc/self/ns/user"):match("%d+"))
  lu.assertEquals(#seen.ns, 2, "two hosts' namespaces held as fds")
  for _, ino in ipairs(seen.ns) do
    lu.assertEquals(references("net", ino), {}, "namespace net:[" .. ino .. "] is left")
  end
  lu.assertEquals(references("user", seen.user[1]), {}, "the user namespace is left")
  lu.assertEquals(sh("ip netns list; ip -br link | grep -v nlsw- | sort"), before)
end

-- The child for the wire, run as nobody: a plain link impaired (the wire
-- carries it: no netem here, or a seed asks for it), cut and healed, and
-- a wire link between hosts of two labs; prints what it saw.
local WIRE_CHILD = [[
local lab <close> = netlab.lab()
local a, b = assert(lab:host "a"), assert(lab:host "b")
local link = assert(lab:link(a, b, "10.0.0.1/24", "10.0.0.2/24"))
assert(link:impair{delay = "30ms", loss = "gemodel 100% 0%", seed = 1, side = b})
print("engine " .. link:impair())
print("lost " .. a:sh("ping -c 2 -i 0.2 -W 1 10.0.0.2"):match("(%d+)%% packet loss"))
assert(link:impair{delay = "30ms"})
print("rtt " .. a:sh("ping -c 2 -i 0.2 -W 2 10.0.0.2"):match("rtt min/avg/max/mdev = (%d+)"))
assert(link:cut{side = a})
print("cut " .. a:sh("ping -c 2 -i 0.2 -W 1 10.0.0.2"):match("(%d+)%% packet loss"))
assert(link:heal())
print("healed " .. a:sh("ping -c 1 -W 2 10.0.0.2"):match("(%d+)%% packet loss"))
local other <close> = netlab.lab()
local c = assert(other:host "c")
local across = assert(lab:link(a, c, "10.0.1.1/24", "10.0.1.2/24", {engine = "wire", across = true}))
assert(across:impair{delay = "20ms"})
print("across " .. a:sh("ping -c 2 -i 0.2 -W 2 10.0.1.2"):match("rtt min/avg/max/mdev = (%d+)"))
for _, row in ipairs(netlab.fd.list()) do
  local ino = row.target:match("^net:%[(%d+)%]$")
  if ino then print("ns " .. ino) end
end
]]

function TestRootless:test_the_wire_carries_impaired_links_as_an_ordinary_user()
  if not userns_allowed() then return end -- the refusal is tested above
  local before = sh("ip netns list; ip -br link | grep -v nlsw- | sort")
  local out, err, code = run_as_nobody(WIRE_CHILD)
  lu.assertEquals(code, 0, err)
  local seen = parse(out)
  lu.assertEquals(seen.engine, {"wire"})
  lu.assertEquals(seen.lost, {"100"}, "b's replies all lost (gemodel 100%: bad for good)")
  lu.assertTrue(tonumber(seen.rtt[1]) >= 60, "30 ms each way: " .. seen.rtt[1])
  lu.assertEquals({seen.cut, seen.healed}, {{"100"}, {"0"}})
  lu.assertTrue(tonumber(seen.across[1]) >= 40, "20 ms each way across two labs: " .. seen.across[1])
  lu.assertTrue(#seen.ns >= 5, "hosts a, b, c and two wires' namespaces: " .. #seen.ns)
  for _, ino in ipairs(seen.ns) do
    lu.assertEquals(references("net", ino), {}, "namespace net:[" .. ino .. "] is left")
  end
  lu.assertEquals(sh("ip netns list; ip -br link | grep -v nlsw- | sort"), before)
end

function TestRootless:test_a_hosts_run_and_netns_names_as_an_ordinary_user()
  if not userns_allowed() then return end -- the refusal is tested above
  local name = hostfs.name()
  local out, err, code = run_as_nobody(([[
local lab <close> = netlab.lab()
local a, b = assert(lab:host "a"), assert(lab:host "b")
print("add " .. select(3, a:sh("ip netns add NAME && touch /run/NAME")))
print("list " .. a:sh("ip netns list"))
print("exec " .. a:sh("ip netns exec NAME ip -br link | awk '{ print $1 }'"))
print("file " .. select(3, a:sh("test -e /run/NAME")))
print("b " .. b:sh("ip netns list; ls -A /run | grep -c NAME"))
]]):gsub("NAME", name))
  local left = hostfs.clean(name)
  lu.assertEquals(code, 0, err)
  lu.assertEquals(out, ("add 0\nlist NAME\n\nexec lo\n\nfile 0\nb 0\n\n"):gsub("NAME", name), err)
  lu.assertEquals(left, {}, "left on the machine")
end

function TestRootless:test_a_refused_user_namespace_gives_one_clear_message()
  -- root of a user namespace whose limit for nested ones is 0: the same
  -- path an ordinary user takes when user.max_user_namespaces is 0
  local child = helper.tmpfile([[
local lab = netlab.lab()
local h, msg, code = lab:host "a"
print(h, msg, code == require("netlab.errno").EPERM)
]])
  local out, err = helper.run("unshare -U -r sh -c "
    .. helper.shquote("echo 0 > /proc/sys/user/max_user_namespaces && exec "
      .. helper.bin .. " " .. child), 20)
  lu.assertStrContains(out, "nil\tcannot create host a: lab hosts need root or a "
    .. "user namespace, which this system refuses to ordinary users "
    .. "(user.max_user_namespaces is 0); run netlab with sudo, or allow them:  "
    .. "sudo sysctl -w user.max_user_namespaces=10000\ttrue\n", false, err)
end

function TestRootless:test_root_of_a_user_namespace_runs_host_commands()
  -- unshare -r -n, as in a rootless container: netlab is root of a user
  -- namespace that owns its network namespace but not its pid namespace,
  -- so it cannot setns() a host command's parent back there
  if not userns_allowed() then return end -- the refusal is tested above
  local child = helper.tmpfile([[
local lab <close> = netlab.lab()
local a = assert(lab:host "a")
local p = assert(a:start("exit 3"))
print("start " .. p:wait(5))
print("sh " .. a:sh("echo $$"))
]])
  local out, err, code = helper.run("unshare -r -n " .. helper.bin .. " " .. child, 20)
  lu.assertEquals(code, 0, err)
  lu.assertEquals(out, "start 3\nsh 1\n\n")
end

function TestRootless:test_only_when_not_root_netlab_enters_a_user_namespace()
  local out, err, code = helper.script([[
local lab <close> = netlab.lab()
local a = assert(lab:host "a") -- its commands: in netlab's user namespace
print((a:sh("readlink /proc/self/ns/user")))
]])
  lu.assertEquals(code, 0, err)
  local own = sh("readlink /proc/self/ns/user"):match("user:%[%d+%]")
  if ROOT then
    lu.assertEquals(out:match("user:%[%d+%]"), own)
  else
    lu.assertNotEquals(out:match("user:%[%d+%]"), own)
  end
end

-- The probe the next test runs from a checkout only root can read.
local PROBE = [[
local lu = require "luaunit"
local helper = require "helper"
TestProbe = {}
function TestProbe:test_nobody_runs_netlab()
  local out, err = helper.run(helper.as_nobody(helper.bin
    .. " -e 'print(require(\"netlab.lab\") ~= nil, (netlab.sh(\"id -u\")))'"))
  lu.assertEquals(out, "true\t65534\n\n", err)
end
]]

function TestRootless:test_nobody_runs_netlab_from_a_checkout_only_root_can_read()
  if not ROOT then return end -- an ordinary user reads their own checkout
  local dir = helper.tmpname("-checkout")
  local q = helper.shquote(dir)
  -- the binary under test too (make asan's ./netlab-asan), where the
  -- checkout holds it: the copy runs it, and nobody runs it from there
  local parts = {"netlab", "scripts", "labs", "mk", "spec/helper.lua", "spec/run.lua"}
  for _, bin in ipairs({helper.bin, helper.exe}) do
    if not bin:match("^/") then parts[#parts + 1] = helper.shquote(bin) end
  end
  sh(("mkdir -m 700 %s && cp -a --parents %s %s && cat > %s/spec/probe_spec.lua")
    :format(q, table.concat(parts, " "), q, q) .. " <<'EOF'\n" .. PROBE .. "EOF\n")
  local out, err = helper.run(("env -C %s %s spec/run.lua probe"):format(q, helper.bin), 30)
  sh("rm -rf " .. q)
  -- the probe, and run.lua's two checks: the machine's network and its /run
  lu.assertStrContains(out, "3 passed, 0 failed", err)
end

-- A shell command running CMD in a mount namespace of its own where
-- /dev/net/tun is a fresh node of MODE (the machine's is not changed).
local function with_tun_node(mode, cmd)
  return "unshare -m sh -c " .. helper.shquote(("mount -n -t tmpfs -o mode=755 nltun /dev/net && "
    .. "mknod -m %s /dev/net/tun c 10 200 && %s"):format(mode, cmd))
end

-- Labs that open /dev/net/tun: where the machine's node is root's alone
-- (crw------- on some machines), they get a fresh crw-rw-rw- one.
local NEEDS_TUN = {vpn = true}

-- Every lab, as nobody: exits 0, is root in one user namespace at most,
-- and no process it started, no network or user namespace it held outlives it (spec/leftover.lua watches the run).
for _, name in ipairs(leftover.labs()) do
  TestRootless["test_lab_" .. name .. "_as_an_ordinary_user"] = function()
    if not userns_allowed() then return end -- the refusal is tested above
    local cmd = as_nobody(("%s labs/%s.lua"):format(helper.bin, name))
    if NEEDS_TUN[name] and ROOT then cmd = with_tun_node("666", cmd) end
    local run = leftover.run(cmd, nil, 30000 * helper.slow)
    lu.assertNil(run.timeout, name .. " ran for 30 s")
    lu.assertEquals(run.status, 0, name .. " fails as nobody: " .. run.err)
    -- netlab's own, where it is root (its machine commands' nested ones,
    -- where they are the user again, are not counted)
    local users = 0
    for _ in pairs(run.rooted) do users = users + 1 end
    lu.assertTrue(users <= 1, name .. ": one user namespace of its own at most, saw " .. users)
    local left = leftover.left(run, 3 * helper.slow)
    lu.assertEquals(left, {}, name .. " left behind: " .. table.concat(left, "; "))
  end
end

-- The child of the next test: a VXLAN tunnel across two hosts and a TUN
-- whose packets the script reads and writes, as nobody.
local TUNNEL_CHILD = [[
local lab <close> = netlab.lab()
local a, b = assert(lab:host "a"), assert(lab:host "b")
assert(lab:link(a, b, "10.0.0.1/24", "10.0.0.2/24"))
local t, err = lab:tunnel(a, b, {vni = 5, addrs = {"10.5.0.1/24", "10.5.0.2/24"}})
print("tunnel " .. (t and a:ping("10.5.0.2", {count = 1, timeout = 2}).received or err))
local tun, terr = a:tun("tun0", {addr = "10.8.0.1/24"})
if not tun then print("tun " .. terr) return end
local u = assert(a:udp())
assert(u:sendto("hi", "10.8.0.2", 9))
local p = tun:next(2)
print("tun " .. (p and p.payload or "nothing"))
local P = netlab.packet
local s = assert(a:udp())
assert(s:setsockname("10.8.0.1", 7000))
assert(tun:write(P.ip{src = "10.8.0.2", dst = "10.8.0.1"} / P.udp{sport = 1, dport = 7000} / "back"))
s:settimeout(2)
print("write " .. tostring(s:receive()))
]]


function TestRootless:test_tunnels_and_tun_devices_as_an_ordinary_user()
  if not ROOT or not userns_allowed() then return end -- the node needs root to make
  local path = helper.tmpfile(TUNNEL_CHILD)
  sh("chmod 644 " .. helper.shquote(path))
  local run = as_nobody(helper.bin .. " " .. path)
  local out, err, code = helper.run(with_tun_node("666", run), 30)
  lu.assertEquals(code, 0, err)
  lu.assertEquals(out, "tunnel 1\ntun hi\nwrite back\n", err)
  -- a /dev/net/tun only root may open: one message saying what to do
  out, err = helper.run(with_tun_node("600", run), 30)
  lu.assertStrContains(out, "tun cannot open /dev/net/tun for tun tun0: permission denied (rootless netlab "
    .. "needs /dev/net/tun open to every user, crw-rw-rw- as udev makes it; or run as root)", false, err)
end
