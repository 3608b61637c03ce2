-- spec/hostfs_spec.lua: what a lab's host keeps to itself on the
-- filesystem. Each host has a /run of its own (and so /var/run): what its
-- commands create directly in it, and the names `ip netns add` makes in
-- /run/netns, last as long as the host and are seen by its commands only;
-- the machine's own /run entries are bound into it (shared); everything
-- else (/tmp, the working directory) is the machine's. When netlab ends,
-- however it ends, nothing a host did is left in the machine's /run,
-- /var/run or mount table. Every test removes what a failing netlab
-- would have left, before it checks anything.
local lu = require "luaunit"
local helper = require "helper"
local hostfs = require "hostfs"

TestHostfs = {}

local sh = helper.sh

-- Runs CMD in host H, asserting it exits 0; returns its stdout.
local function hsh(h, cmd)
  local out, err, code = h:sh(cmd, {timeout = 10})
  lu.assertEquals(code, 0, cmd .. ": " .. tostring(err))
  return out
end

-- Runs FN() and removes what NAME's run left (hostfs.clean), even if FN
-- fails; raises FN's error, or returns what was left.
local function cleaned(name, fn)
  local ok, err = pcall(fn)
  local left = hostfs.clean(name)
  if not ok then error(err, 0) end
  return left
end

-- ip netns ------------------------------------------------------------------

function TestHostfs:test_ip_netns_add_in_a_host_leaves_nothing_on_the_machine()
  local name = hostfs.name()
  local out, err, code = helper.script(([[
local lab <close> = netlab.lab()
local a = assert(lab:host "a")
local out, err, code = a:sh("ip netns add %s && ip netns list")
io.write(out, err, code, "\n")
]]):format(name))
  local left = hostfs.clean(name)
  lu.assertEquals(code, 0, err)
  lu.assertStrContains(out, name .. "\n0\n")
  lu.assertEquals(left, {}, "netlab left on the machine")
end

function TestHostfs:test_a_hosts_netns_names_last_across_its_commands_and_are_its_own()
  local name = hostfs.name()
  local left = cleaned(name, function()
    local lab <close> = netlab.lab()
    local a, b = assert(lab:host "a"), assert(lab:host "b")
    hsh(a, "ip netns add " .. name)
    lu.assertEquals(hsh(a, "ip netns list"), name .. "\n", "only a's own names")
    lu.assertEquals(hsh(a, "ip netns exec " .. name .. " ip -br link | awk '{ print $1 }'"), "lo\n",
      "a namespace of its own, with lo only")
    lu.assertEquals(hsh(b, "ip netns list"), "", "b does not see a's names")
    lu.assertEquals(hostfs.on_machine(name), {}, "while the lab runs")
    hsh(a, "ip netns delete " .. name)
    lu.assertEquals(hsh(a, "ip netns list"), "")
    hsh(a, "ip netns add " .. name) -- left for lab:close() to take away
  end)
  lu.assertEquals(left, {}, "lab:close() left on the machine")
end

function TestHostfs:test_the_machines_netns_names_are_not_a_hosts()
  -- the machine's names, made where the spec runs netlab: in a mount
  -- namespace of its own with a /run of its own (so the real one is
  -- never touched)
  local name = hostfs.name()
  local root = sh("id -u") == "0\n"
  -- an ordinary user's `ip netns add` cannot make a namespace (it would
  -- go back to the machine's, refused): a name in /run/netns is what
  -- `ip netns list` lists
  local add = root and "ip netns add " .. name or "mkdir /run/netns && : > /run/netns/" .. name
  local script = "set -e; mount -n -t tmpfs netlab-spec /run; " .. add .. '; exec "$@"'
  local left = cleaned(name, function()
    local out, err, code = helper.run(("unshare -m%s --propagation private sh -c %s sh %s %s"):format(
      root and "" or "r", helper.shquote(script), helper.bin, helper.tmpfile([[
local lab <close> = netlab.lab()
local a = assert(lab:host "a")
print("machine " .. netlab.sh("ip netns list"))
print("host " .. a:sh("ip netns list; ls -A /run/netns"))
]])), 30)
    lu.assertEquals(code, 0, err)
    lu.assertEquals(out, "machine " .. name .. "\n\nhost \n")
  end)
  lu.assertEquals(left, {})
end

-- /run and /var/run ---------------------------------------------------------

function TestHostfs:test_what_a_host_makes_in_run_is_its_own_for_the_hosts_life()
  local name = hostfs.name()
  local left = cleaned(name, function()
    local lab <close> = netlab.lab()
    local a, b = assert(lab:host "a"), assert(lab:host "b")
    hsh(a, ("touch /run/%s && mkdir /run/%s.d && echo kept > /run/%s.d/file"):format(name, name, name))
    lu.assertEquals(hsh(a, ("cat /run/%s.d/file"):format(name)), "kept\n", "a's next command sees it")
    lu.assertEquals(hsh(a, ("cat /var/run/%s.d/file"):format(name)), "kept\n", "as /var/run too")
    local p = assert(a:start(("touch /run/%s.started"):format(name)))
    lu.assertEquals(p:wait(10), 0)
    hsh(a, ("test -e /run/%s.started"):format(name)) -- host:start's /run is a's too
    lu.assertEquals(hsh(b, ("ls -A /run | grep -c %s || true"):format(name)), "0\n", "b does not")
    lu.assertEquals(hostfs.on_machine(name), {}, "the machine does not")
  end)
  lu.assertEquals(left, {})
end

function TestHostfs:test_a_host_sees_the_machines_run_entries()
  local name = hostfs.name()
  -- the machine's entry: root makes one; an ordinary user, who cannot
  -- write /run, makes its directory in /run/lock (world-writable on Debian)
  local dir = helper.root and "/run/" or "/run/lock/"
  if not helper.root and sh("test -w /run/lock && echo yes; true") ~= "yes\n" then
    lu.skip("needs root: writes an entry in the machine's /run, and /run/lock is not writable")
  end
  local path = dir .. name .. ".m"
  local left = cleaned(name, function()
    sh(("mkdir %s && echo machine > %s/file"):format(path, path))
    local lab <close> = netlab.lab()
    local a = assert(lab:host "a")
    lu.assertEquals(hsh(a, ("cat %s/file"):format(path)), "machine\n")
    -- what the machine had, and netns (its own); nothing else
    local machine = sh("(ls -A /run; echo netns) | LC_ALL=C sort -u")
    lu.assertEquals(hsh(a, "ls -A /run | LC_ALL=C sort"), machine)
    -- inside a machine's entry, the files are the machine's
    hsh(a, ("echo host > %s/from-host"):format(path))
    lu.assertEquals(sh(("cat %s/from-host"):format(path)), "host\n")
  end)
  lu.assertEquals(left, {path}, "the spec's own directory")
end

function TestHostfs:test_tmp_and_the_working_directory_are_the_machines()
  local lab <close> = netlab.lab()
  local a = assert(lab:host "a")
  lu.assertEquals(hsh(a, "pwd"), sh("pwd"))
  lu.assertEquals(hsh(a, "ls spec/hostfs_spec.lua"), "spec/hostfs_spec.lua\n")
  local path = helper.tmpname()
  hsh(a, "echo from-a > " .. path)
  local f = assert(io.open(path))
  lu.assertEquals(f:read("a"), "from-a\n")
  f:close()
end

function TestHostfs:test_nothing_a_host_mounts_reaches_the_machine()
  local name = hostfs.name()
  local left = cleaned(name, function()
    local lab <close> = netlab.lab()
    local a = assert(lab:host "a")
    hsh(a, ("mkdir /run/%s && mount -n -t tmpfs %s /run/%s && ip netns add %s"):format(name, name, name, name))
    lu.assertStrContains(hsh(a, "cat /proc/self/mountinfo"), name)
    lu.assertEquals(hostfs.on_machine(name), {})
  end)
  lu.assertEquals(left, {})
end
