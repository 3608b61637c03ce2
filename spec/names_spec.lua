-- spec/names_spec.lua: names, unix sockets and programs in a lab's hosts,
-- and netlab.here. lab:name's names resolve for netlab's sockets and for
-- programs run in the hosts (their /etc/hosts); host:unix's abstract
-- names are per host; host:start's programs are stopped by lab:close()
-- and never outlive netlab, not even after kill -9; netlab.here reads the
-- machine's network and refuses to change it. Nothing here ever changes
-- the machine's network or its /etc/hosts.
local lu = require "luaunit"
local helper = require "helper"

TestNames = {}

local sh, raises = helper.sh, helper.raises

-- A lab with hosts a and b joined by 10.0.0.1/24 - 10.0.0.2/24 (and
-- fd00::1/64 - fd00::2/64).
local function two_hosts()
  return helper.two_hosts({"10.0.0.1/24", "fd00::1/64"}, {"10.0.0.2/24", "fd00::2/64"})
end

-- True while process PID exists.
local function alive(pid)
  local f = io.open("/proc/" .. pid .. "/stat")
  if f then f:close() end
  return f ~= nil
end

-- Connects a TCP socket made in host H to NAME:PORT, retrying for at most
-- 10 s while the server starts; returns it.
local function connect_retry(h, name, port)
  for _ = 1, 200 do
    local c = assert(h:tcp())
    c:settimeout(2)
    if c:connect(name, port) then return c end
    c:close()
    netlab.sleep(0.05)
  end
  lu.fail(("nothing listens on %s:%d"):format(name, port))
end

-- lab:name ---------------------------------------------------------------

function TestNames:test_a_name_resolves_for_netlab_sockets()
  local lab <close>, a, b = two_hosts()
  lu.assertTrue(lab:name("www.baidu.com", "10.0.0.2"))
  local server = assert(b:tcp())
  assert(server:bind("10.0.0.2", 8080))
  assert(server:listen())
  local task = netlab.spawn(function()
    local c = assert(server:accept())
    c:send("hello\n")
    c:close()
  end)
  local c = assert(a:tcp())
  c:settimeout(5)
  assert(c:connect("WWW.Baidu.com", 8080)) -- names are case-insensitive
  lu.assertEquals(c:getpeername(), "10.0.0.2")
  lu.assertEquals(c:receive("*l"), "hello")
  task:join(5)
end

function TestNames:test_ipv6_names_and_replacing_a_name()
  local lab <close>, a, b = two_hosts()
  lab:name("svc", "10.0.0.1")
  lab:name("svc", "10.0.0.2") -- replaces the IPv4 address
  lab:name("svc", "fd00::2")
  local server = assert(b:tcp6())
  assert(server:bind("fd00::2", 8081))
  assert(server:listen())
  local task = netlab.spawn(function() assert(server:accept()):close() end)
  local c = assert(a:tcp6())
  c:settimeout(5)
  assert(c:connect("svc", 8081))
  lu.assertEquals(c:getpeername(), "fd00::2")
  task:join(5)
  lu.assertStrContains(a:sh("getent ahostsv4 svc"), "10.0.0.2")
end

function TestNames:test_programs_in_hosts_see_the_lab_names()
  local lab <close>, a = two_hosts()
  lab:name("www.baidu.com", "10.0.0.2")
  local out, err, code = a:sh("getent hosts www.baidu.com", {timeout = 10})
  lu.assertEquals(code, 0, err)
  lu.assertEquals(out, "10.0.0.2        www.baidu.com\n")
  lu.assertStrContains(a:sh("getent ahostsv4 b"), "10.0.0.2")
  lu.assertStrContains(a:sh("getent ahostsv4 a"), "10.0.0.1")
  lu.assertStrContains(a:sh("getent hosts localhost"), "localhost")
  lu.assertStrContains(a:sh("cat /etc/hosts"), "127.0.0.1\tlocalhost\n")
end

function TestNames:test_the_machines_hosts_file_is_never_touched()
  local before = sh("cat /etc/hosts")
  local mounts = sh("grep -c ' /etc/hosts ' /proc/self/mountinfo || true")
  do
    local lab <close>, a = two_hosts()
    lab:name("only-in-the-lab.example", "10.0.0.2")
    lu.assertStrContains(a:sh("cat /etc/hosts"), "only-in-the-lab.example")
    lu.assertEquals(sh("cat /etc/hosts"), before)
    lu.assertNotStrContains(sh("getent hosts only-in-the-lab.example || true"), "10.0.0.2")
  end
  lu.assertEquals(sh("cat /etc/hosts"), before)
  lu.assertEquals(sh("grep -c ' /etc/hosts ' /proc/self/mountinfo || true"), mounts)
  lu.assertEquals(sh("ls /tmp | grep -c netlab-hosts || true"), "0\n")
end

-- Runs netlab on CHILD (Lua source) where /etc has no hosts file: in a
-- mount namespace of its own, a copy of /etc without it is bound over
-- /etc (root of a user namespace when not root). The machine's /etc is
-- never touched. Returns stdout, stderr, code.
local function run_without_etc_hosts(child)
  local root = sh("id -u") == "0\n"
  local script = [[
set -e
d=$(mktemp -d)
mount -n -t tmpfs netlab-spec "$d"
cp -a /etc/. "$d/" 2>/dev/null || true
rm -f "$d/hosts"
mount -n --bind "$d" /etc
umount -n -l "$d"
rmdir "$d"
exec "$@"]]
  return helper.run(("unshare -m%s --propagation private sh -c %s sh %s %s"):format(
    root and "" or "r", helper.shquote(script), helper.bin, helper.tmpfile(child)), 30)
end

function TestNames:test_a_machine_without_etc_hosts_still_runs_host_commands()
  local before = sh("cat /etc/hosts")
  local out, err, code = run_without_etc_hosts([[
local lab <close> = netlab.lab()
local a = assert(lab:host "a")
lab:name("www.baidu.com", "10.0.0.2")
print("outside " .. tostring(io.open("/etc/hosts") ~= nil))
local inside, err, code = a:sh("getent hosts www.baidu.com")
print("getent " .. code .. " " .. inside .. err)
local here = netlab.sh("ls -A /etc")
print("etc " .. tostring(a:sh("ls -A /etc") == netlab.sh("(ls -A /etc; echo hosts) | LC_ALL=C sort")
  or a:sh("ls -A /etc")))
print("after " .. tostring(io.open("/etc/hosts") ~= nil) .. " " .. tostring(netlab.sh("ls -A /etc") == here))
]])
  lu.assertEquals(code, 0, err)
  lu.assertEquals(out, "outside false\ngetent 0 10.0.0.2        www.baidu.com\n\n"
    .. "etc true\nafter false true\n", err)
  lu.assertEquals(sh("cat /etc/hosts"), before)
end

function TestNames:test_bad_names_and_addresses_raise()
  local lab <close> = netlab.lab()
  raises("string expected, got nil", lab.name, lab, nil, "10.0.0.2")
  raises("string expected, got number", lab.name, lab, 42, "10.0.0.2")
  for _, bad in ipairs({"", "-bad.example", "bad-.example", "a..b", "a.", "bad name", "bad_name",
                        "x!y", ("a"):rep(64) .. ".example", ("abc."):rep(64) .. "com"}) do
    raises("invalid host name", lab.name, lab, bad, "10.0.0.2")
  end
  raises("IP address string expected, got nil", lab.name, lab, "ok.example")
  for _, bad in ipairs({"10.0.0.300", "10.0.0.2/24", "www.example", "", "fd00::2::3", "10.0.0"}) do
    raises("invalid IP address", lab.name, lab, "ok.example", bad)
  end
  raises("netlab.lab expected", lab.name, {}, "ok.example", "10.0.0.2")
  lab:close()
  raises("attempt to use a closed lab", lab.name, lab, "ok.example", "10.0.0.2")
end

function TestNames:test_a_bad_name_call_names_the_callers_line()
  local lab <close> = netlab.lab()
  local ok, err = pcall(function() lab:name("bad name", "10.0.0.2") end)
  lu.assertFalse(ok)
  lu.assertStrContains(err, "names_spec.lua:")
  lu.assertStrContains(err, "bad argument #1 to 'name'")
end

-- host:unix ----------------------------------------------------------------

function TestNames:test_abstract_unix_names_are_per_host()
  local lab <close>, a, b = two_hosts()
  local s = assert(a:unix())
  assert(s:bind("@netlab-names-spec"))
  lu.assertEquals(s:getsockname(), "@netlab-names-spec")
  assert(s:listen())
  local c = assert(a:unix())
  lu.assertEquals(c:connect("@netlab-names-spec"), 1)
  local d = assert(b:unix())
  local ok, err, code = d:connect("@netlab-names-spec")
  lu.assertNil(ok)
  lu.assertEquals(err, "connection refused")
  lu.assertEquals(code, netlab.errno.ECONNREFUSED)
  local e <close> = netlab.unix()
  lu.assertNil((e:connect("@netlab-names-spec")))
end

function TestNames:test_unix_path_names_are_the_filesystems()
  local lab <close>, a, b = two_hosts()
  local path = helper.tmpname(".sock")
  os.remove(path)
  local s = assert(a:unix("dgram"))
  assert(s:bind(path))
  local c = assert(b:unix("dgram"))
  assert(c:sendto("over the filesystem", path))
  s:settimeout(5)
  lu.assertEquals(s:receive(), "over the filesystem")
  s:close()
  os.remove(path)
end

function TestNames:test_unix_sockets_close_with_the_lab()
  local lab, a = two_hosts()
  local s = assert(a:unix())
  lab:close()
  raises("closed", s.bind, s, "@netlab-names-closed")
  raises("attempt to use a closed host", a.unix, a)
end

function TestNames:test_unix_bad_kind_raises()
  local lab <close>, a = two_hosts()
  raises("\"stream\" or \"dgram\" expected, got \"raw\"", a.unix, a, "raw")
  raises("\"stream\" or \"dgram\" expected, got number", a.unix, a, 1)
  raises("netlab.host expected", a.unix, {})
end

-- host:start -----------------------------------------------------------------

function TestNames:test_http_server_in_b_fetched_by_name_from_a()
  local lab, a, b = two_hosts()
  lab:name("www.baidu.com", "10.0.0.2")
  local p = assert(b:start("exec python3 -u -m http.server 8000 --bind 10.0.0.2"))
  local pid = p:pid()
  lu.assertTrue(alive(pid))
  lu.assertStrContains(tostring(p), "process " .. pid .. " in b (running)")
  local c = connect_retry(a, "www.baidu.com", 8000)
  c:send("GET / HTTP/1.0\r\nHost: www.baidu.com\r\n\r\n")
  local reply = c:receive("*a")
  lu.assertStrContains(reply, "HTTP/1.0 200 OK")
  lu.assertStrContains(reply, "Directory listing")
  c:close()
  local out, err, code = a:sh("curl -s -o /dev/null -w '%{http_code}' http://www.baidu.com:8000/", {timeout = 10})
  lu.assertEquals(code, 0, err)
  lu.assertEquals(out, "200")
  lu.assertNil(p:wait(0.05))
  lab:close()
  lu.assertFalse(alive(pid), "the server outlived lab:close()")
  lu.assertNil(p:pid())
  lu.assertEquals(p:wait(1), 137)
  lu.assertEquals(p:stop(), 137)
  local sout, serr = p:output()
  lu.assertStrContains(sout .. serr, "Serving HTTP on 10.0.0.2 port 8000")
end

function TestNames:test_wait_stop_and_output()
  local lab <close>, a = two_hosts()
  local p = assert(a:start("echo out; echo err >&2; exit 3"))
  lu.assertEquals(p:wait(10), 3)
  lu.assertEquals({p:output()}, {"out\n", "err\n"})
  lu.assertNil(p:pid())
  lu.assertEquals(p:stop(), 3)
  local q = assert(a:start("sleep 30 & sleep 30"))
  local pid = q:pid()
  local wait, why = q:wait(0.05)
  lu.assertNil(wait)
  lu.assertEquals(why, "timeout")
  lu.assertEquals(q:stop(), 137)
  lu.assertFalse(alive(pid))
  lu.assertEquals(q:stop(), 137) -- again is harmless
  lu.assertStrContains(tostring(q), "(exit 137)")
end

function TestNames:test_started_programs_see_the_lab_names()
  local lab <close>, a = two_hosts()
  lab:name("named.example", "10.0.0.2")
  local p = assert(a:start("getent hosts named.example"))
  lu.assertEquals(p:wait(10), 0)
  lu.assertEquals((p:output()), "10.0.0.2        named.example\n")
end

function TestNames:test_close_block_stops_a_process()
  local lab <close>, a = two_hosts()
  local pid
  do
    local p <close> = assert(a:start("sleep 30"))
    pid = p:pid()
  end
  lu.assertFalse(alive(pid))
end

function TestNames:test_start_bad_input_raises()
  local lab, a = two_hosts()
  raises("bad argument #1 to 'start' (string expected, got nil)", a.start, a)
  raises("bad argument #1 to 'start' (string expected, got table)", a.start, a, {})
  raises("netlab.host expected", a.start, {}, "true")
  local p = assert(a:start("sleep 30"))
  raises("bad argument #1 to 'wait' (seconds expected, got string)", p.wait, p, "1")
  raises("netlab.process expected", p.wait, {})
  lab:close()
  raises("attempt to use a closed host", a.start, a, "true")
end

-- A child netlab that starts a server in a lab host, says its pid and the
-- server's in the file arg[1], then waits to be killed.
local CHILD = [[
local lab = netlab.lab()
local b = assert(lab:host "b")
local p = assert(b:start("exec sleep 60"))
local f = assert(io.open(arg[1] .. ".tmp", "w"))
f:write(io.open("/proc/self/stat"):read("l"):match("^%d+"), " ", p:pid(), "\n")
f:close()
os.rename(arg[1] .. ".tmp", arg[1])
netlab.sleep(30)
]]

function TestNames:test_a_started_program_never_outlives_netlab_kill_9()
  local ready = helper.tmpname(".ready")
  helper.tmpname(".ready.tmp")
  local child = netlab.spawn(function() return helper.netlab(helper.tmpfile(CHILD) .. " " .. ready, {timeout = 30}) end)
  local line
  for _ = 1, 200 do
    local f = io.open(ready)
    line = f and f:read("l")
    if f then f:close() end
    if line then break end
    netlab.sleep(0.05)
  end
  local pid, server = (line or ""):match("^(%d+) (%d+)$")
  local ok, err = pcall(function()
    lu.assertNotNil(pid, "the child netlab did not get ready")
    lu.assertTrue(alive(server))
    sh("kill -9 " .. pid)
    child:join(20)
    for _ = 1, 100 do
      if not alive(server) then break end
      netlab.sleep(0.05)
    end
    lu.assertFalse(alive(server), "the server outlived netlab")
  end)
  if not ok then
    if pid then netlab.sh("kill -9 " .. pid .. " 2>/dev/null") end
    if server then netlab.sh("kill -9 " .. server .. " 2>/dev/null") end
    error(err, 0)
  end
end

-- netlab.here ----------------------------------------------------------------

-- What the machine's own network looks like: netlab must never change it.
local function machine_network()
  return helper.snapshot{"ip addr", "ip route", "ip -6 route", "ip neigh | grep -v -e STALE -e REACHABLE -e DELAY -e PROBE || true"}
end

function TestNames:test_here_reads_the_machines_network()
  local here = netlab.here
  lu.assertIs(netlab.here, here)
  lu.assertEquals(here:name(), "here")
  local addrs = assert(here:addrs())
  local found = false
  for _, r in ipairs(addrs) do
    if r.address == "127.0.0.1" then found = r.iface == "lo" end
  end
  lu.assertTrue(found, "here:addrs() has lo's 127.0.0.1")
  local names = {}
  for _, r in ipairs(assert(here:ifaces())) do names[r.name] = true end
  lu.assertTrue(names.lo)
  lu.assertEquals(type(assert(here:routes())), "table")
  lu.assertEquals(type(assert(here:neigh())), "table")
  local r = assert(here:route_get("127.0.0.1"))
  lu.assertEquals(r.iface, "lo")
  lu.assertEquals((here:sh("echo here")), "here\n")
  local s <close> = assert(here:tcp())
  assert(s:bind("127.0.0.1", 0))
  local u <close> = assert(here:unix("dgram"))
  lu.assertStrContains(tostring(here), "the machine's own network")
end

function TestNames:test_here_refuses_changes_without_real()
  local before = machine_network()
  local here = netlab.here
  local calls = {
    route_add = {"192.0.2.0/24", {via = "127.0.0.1"}}, route_del = {"192.0.2.0/24"},
    neigh_add = {"192.0.2.1", "02:00:00:00:00:01", "lo"}, neigh_del = {"192.0.2.1"}, neigh_flush = {},
    addr_add = {"lo", "192.0.2.1/24"}, addr_del = {"lo", "192.0.2.1/24"}, link_set = {"lo", {mtu = 1400}},
  }
  for fname, args in pairs(calls) do
    raises("netlab.here:" .. fname .. " changes the machine's own network: start netlab with --real",
      here[fname], here, table.unpack(args))
  end
  lu.assertEquals(machine_network(), before)
end

function TestNames:test_real_flag_is_parsed_and_listed()
  local code = 'io.write(tostring(require("netlab.c.lab").real()))'
  local out, err, rc = helper.netlab("-e " .. helper.shquote(code))
  lu.assertEquals(rc, 0, err)
  lu.assertEquals(out, "false")
  out, err, rc = helper.netlab("--real -e " .. helper.shquote(code))
  lu.assertEquals(rc, 0, err)
  lu.assertEquals(out, "true")
  out = helper.netlab("--help")
  lu.assertStrContains(out, "--real")
end
