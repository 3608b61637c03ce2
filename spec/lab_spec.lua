-- spec/lab_spec.lua: sandbox labs. Two hosts on a link talk TCP and UDP
-- over their own addresses, real programs run inside a host, bad input
-- raises clear errors, and nothing is ever left behind: not after
-- lab:close(), not after netlab exits, not after kill -9. Nothing ever
-- appears in the machine's own network namespace.
local lu = require "luaunit"
local helper = require "helper"

TestLab = {}

local sh, two_hosts = helper.sh, helper.two_hosts

-- What the machine's own network looks like: netlab must never change it.
local function machine_network()
  return helper.snapshot{netns = "ip netns list", ids = "ip netns list-id", links = "ip -br link | sort"}
end

-- The inodes of the network namespaces this process holds open, but for
-- the machine's own one.
local function held_namespaces()
  local own = sh("readlink /proc/self/ns/net"):match("net:%[(%d+)%]")
  local out = {}
  for _, row in ipairs(netlab.fd.list()) do
    local ino = row.target:match("^net:%[(%d+)%]$")
    if ino and ino ~= own then out[#out + 1] = ino end
  end
  table.sort(out)
  return out
end

-- Every place any process refers to namespace INO from: an fd, or its
-- own namespace (/proc/PID/ns/net). Empty once the namespace is gone.
local function references(ino)
  local out = sh("find /proc/[0-9]*/fd /proc/[0-9]*/ns -lname 'net:\\[" .. ino
    .. "\\]' -printf '%p\\n' 2>/dev/null; true")
  local refs = {}
  for line in out:gmatch("[^\n]+") do refs[#refs + 1] = line end
  return refs
end

-- Asserts that no process refers to any of the namespaces INODES.
local function assert_gone(inodes)
  for _, ino in ipairs(inodes) do
    lu.assertEquals(references(ino), {}, "namespace net:[" .. ino .. "] is still referenced")
  end
end

-- Good paths -----------------------------------------------------------

function TestLab:test_tcp_line_between_two_hosts()
  local lab <close>, a, b = two_hosts()
  local server = assert(b:tcp())
  assert(server:bind("10.0.0.2", 8080))
  assert(server:listen())
  local got = {}
  local task = netlab.spawn(function()
    local c = assert(server:accept())
    c:settimeout(5)
    got.line = c:receive("*l")
    got.peer = c:getpeername()
    c:send("echo: " .. tostring(got.line) .. "\n")
    c:close()
  end)
  local c = assert(a:tcp())
  c:settimeout(5)
  lu.assertEquals(c:connect("10.0.0.2", 8080), 1)
  lu.assertEquals(c:getsockname(), "10.0.0.1")
  c:send("hello from a\n")
  lu.assertEquals(c:receive("*l"), "echo: hello from a")
  task:join(5)
  lu.assertEquals(got.line, "hello from a")
  lu.assertEquals(got.peer, "10.0.0.1")
end

function TestLab:test_fd_8_from_a_host_reaches_another_host_by_name()
  -- exec 8<> /dev/tcp/b/80, run in host a
  local lab <close>, a, b = two_hosts()
  local server = assert(b:tcp())
  assert(server:bind("*", 80))
  assert(server:listen())
  local task = netlab.spawn(function()
    local c = assert(server:accept())
    c:send("hello from b\n")
    c:close()
    return true
  end)
  lu.assertEquals(netlab.fd.tcp(8, "b", 80, {from = a}), 8)
  local row
  for _, r in ipairs(netlab.fd.list()) do if r.fd == 8 then row = r end end
  lu.assertEquals({row["local"], row.remote, row.remote_port}, {"10.0.0.1", "10.0.0.2", 80})
  lu.assertEquals(netlab.fd.read(8), "hello from b\n")
  lu.assertTrue(task:join(5))
  lu.assertTrue(netlab.fd.close(8))
  lu.assertEquals({netlab.fd.tcp(8, "b", 81, {from = a})}, {nil, "connection refused", netlab.errno.ECONNREFUSED})
end

function TestLab:test_udp_between_two_hosts()
  local lab <close>, a, b = two_hosts()
  local server = assert(b:udp())
  assert(server:setsockname("*", 9999))
  server:settimeout(5)
  local client = assert(a:udp())
  client:settimeout(5)
  lu.assertEquals(client:sendto("ping", "10.0.0.2", 9999), 4)
  local data, ip, port = server:receivefrom()
  lu.assertEquals({data, ip}, {"ping", "10.0.0.1"})
  server:sendto("pong", ip, port)
  local reply, from = client:receivefrom()
  lu.assertEquals({reply, from}, {"pong", "10.0.0.2"})
end

function TestLab:test_ipv6_addresses_work_at_once()
  local lab <close> = netlab.lab()
  local a, b = lab:host "a", lab:host "b"
  assert(lab:link(a, b, {"10.0.0.1/24", "fd00::1/64"}, {"10.0.0.2/24", "fd00::2/64"}))
  local server = assert(b:tcp6())
  assert(server:bind("fd00::2", 80)) -- no "tentative" wait for DAD
  server:listen()
  local t = netlab.spawn(function() server:accept():send("v6\n") end)
  local c = assert(a:tcp6())
  c:settimeout(5)
  lu.assertEquals(c:connect("fd00::2", 80), 1)
  lu.assertEquals(c:receive(), "v6")
  t:join(5)
end

function TestLab:test_a_link_without_ipv6_has_no_link_local_address_and_sends_nothing()
  local lab <close> = netlab.lab()
  local a, b = lab:host "a", lab:host "b"
  local l = assert(lab:link(a, b, "10.0.0.1/24", "10.0.0.2/24", {ipv6 = false}))
  lu.assertEquals(a:sh("ip -6 -br addr show eth0"), "")
  lu.assertEquals(b:sh("ip -6 -br addr show eth0"), "")
  local cap <close> = assert(b:capture{iface = "eth0"})
  netlab.sleep(1.2) -- DAD's and MLD's first frames go within a second
  lu.assertEquals(#cap:list(), 0, "the kernel sent nothing of its own")
  lu.assertEquals(a:ping("10.0.0.2", {count = 1}).received, 1)
  lu.assertEquals(select(2, l:ends()).addrs, {"10.0.0.2/24"})
  local ok = assert(lab:link(a, b)) -- the default keeps IPv6
  lu.assertStrContains(a:sh("ip -6 -br addr show eth1"), "fe80::")
  lu.assertNotNil(ok)
end

function TestLab:test_host_names_resolve_to_their_first_address()
  local lab <close> = netlab.lab()
  local a, b = lab:host "a", lab:host "b"
  assert(lab:link(a, b, {"10.0.0.1/24", "fd00::1/64"}, {"10.0.0.2/24", "fd00::2/64"}))
  local server = assert(b:tcp())
  assert(server:bind("b", 80))
  server:listen()
  lu.assertEquals(server:getsockname(), "10.0.0.2")
  local c = assert(a:tcp())
  c:settimeout(5)
  lu.assertEquals(c:connect("b", 80), 1)
  lu.assertEquals(c:getpeername(), "10.0.0.2")
  local u6 = assert(a:udp6())
  assert(u6:setpeername("b", 5000))
  lu.assertEquals(u6:getpeername(), "fd00::2")
end

function TestLab:test_sh_runs_inside_the_host()
  local lab <close>, a, b = two_hosts()
  local out, err, code = a:sh("ip -br addr")
  lu.assertEquals(code, 0, err)
  lu.assertStrMatches(out, ".*\neth0@%S+ +UP +10%.0%.0%.1/24 .*")
  lu.assertStrMatches(out, "lo +UNKNOWN +127%.0%.0%.1/8 .*")
  lu.assertNotStrContains(out, "10.0.0.2")
  out = b:sh("ip -br addr show dev eth0")
  lu.assertStrMatches(out, "eth0@%S+ +UP +10%.0%.0%.2/24 .*", nil, nil, "both ends are up when link returns")
  local lo = a:sh("ip -br link show lo")
  lu.assertStrContains(lo, "<LOOPBACK,UP,LOWER_UP>")
  out, err, code = a:sh("cat; exit 3", {stdin = "in a\n"})
  lu.assertEquals({out, err, code}, {"in a\n", "", 3})
  lu.assertErrorMsgContains("bad argument #1 to 'sh' (string expected, got nil)", a.sh, a)
  lu.assertErrorMsgContains("bad argument #2 to 'sh' (opts.timeout: seconds expected, got string)",
    a.sh, a, "true", {timeout = "1"})
end

-- The fd numbers a command run by RUN sees (but ls's own directory).
local function child_fds(run)
  local out = run("ls /proc/self/fd")
  local fds = {}
  for n in out:gmatch("%d+") do fds[tonumber(n)] = true end
  return fds
end

-- The fds of this process that are namespaces or sockets made in a lab.
local function lab_fds(...)
  local fds = {}
  for _, row in ipairs(netlab.fd.list()) do
    if row.target:match("^net:") then fds[#fds + 1] = row.fd end
  end
  for _, s in ipairs({...}) do fds[#fds + 1] = s:getfd() end
  return fds
end

function TestLab:test_sh_sees_no_netlab_fds_and_its_background_jobs_end()
  local lab <close>, a = two_hosts()
  local s <close> = assert(a:udp())
  local seen = child_fds(function(cmd) return a:sh(cmd) end)
  for _, fd in ipairs(lab_fds(s)) do
    lu.assertNil(seen[fd], "the command inherited netlab's fd " .. fd)
  end
  local t0 = netlab.now()
  local out = a:sh("sleep 30 & echo $$")
  lu.assertEquals(out, "1\n", "the shell is pid 1 of its own pid namespace")
  lu.assertTrue(netlab.now() - t0 < 5, "the background sleep ended with the shell")
end

function TestLab:test_links_are_named_eth0_eth1_in_each_host()
  local lab <close> = netlab.lab()
  local a, b, c = lab:host "a", lab:host "b", lab:host "c"
  local ab = assert(lab:link(a, b, "10.0.1.1/24", "10.0.1.2/24"))
  local ac = assert(lab:link(a, c, "10.0.2.1/24", "10.0.2.2/24"))
  local x, y = ab:ends()
  lu.assertEquals({x.host, x.iface, x.addrs}, {a, "eth0", {"10.0.1.1/24"}})
  lu.assertEquals({y.host, y.iface, y.addrs}, {b, "eth0", {"10.0.1.2/24"}})
  x, y = ac:ends()
  lu.assertEquals({x.iface, y.iface}, {"eth1", "eth0"})
  lu.assertStrContains(a:sh("ip -br addr show dev eth1"), "10.0.2.1/24")
  lu.assertEquals(lab:hosts(), {a, b, c})
  lu.assertEquals(tostring(lab), "lab (3 hosts: a, b, c; 2 links)")
  lu.assertEquals(tostring(a), "host a (eth0 10.0.1.1/24, eth1 10.0.2.1/24)")
  lu.assertEquals(tostring(c), "host c (eth0 10.0.2.2/24)")
  lu.assertEquals(tostring(ab), "link a:eth0 10.0.1.1/24 <-> b:eth0 10.0.1.2/24")
  lu.assertEquals(a:name(), "a")
end

function TestLab:test_a_link_without_addresses()
  local lab <close> = netlab.lab()
  local a, b = lab:host "a", lab:host "b"
  local l = assert(lab:link(a, b))
  lu.assertEquals(tostring(l), "link a:eth0 <-> b:eth0")
  lu.assertStrMatches(a:sh("ip -br link show eth0"), "eth0@%S+ +UP .*")
end

function TestLab:test_netlab_fds_are_high_and_close_on_exec()
  local lab <close>, a = two_hosts()
  local s <close> = assert(a:udp())
  local seen = child_fds(netlab.sh)
  for _, fd in ipairs(lab_fds(s)) do
    lu.assertTrue(fd >= 10, "netlab's fd " .. fd .. " is below 10")
    lu.assertNil(seen[fd], "netlab.sh's command inherited netlab's fd " .. fd)
  end
end

-- Bad input ------------------------------------------------------------

-- Asserts that FN raises an error containing MSG.
local function raises(msg, fn, ...)
  lu.assertErrorMsgContains(msg, fn, ...)
end

function TestLab:test_invalid_cidr_raises_and_creates_nothing()
  local lab <close> = netlab.lab()
  local a, b = lab:host "a", lab:host "b"
  raises('bad argument #3 to \'link\' (invalid CIDR "10.0.0.300/24"', lab.link, lab, a, b, "10.0.0.300/24")
  raises('invalid CIDR "10.0.0.1"', lab.link, lab, a, b, "10.0.0.1")
  raises('invalid CIDR "10.0.0.1/"', lab.link, lab, a, b, "10.0.0.1/")
  raises('invalid CIDR "10.0.0.1/-1"', lab.link, lab, a, b, "10.0.0.1/-1")
  raises('invalid CIDR "a/24"', lab.link, lab, a, b, "a/24")
  raises("bad argument #4 to 'link' (CIDR string expected, got number)", lab.link, lab, a, b, nil, 42)
  lu.assertNotStrContains(a:sh("ip -br link"), "eth0")
  lu.assertNotStrContains(b:sh("ip -br link"), "eth0")
end

function TestLab:test_a_link_without_ipv6_refuses_ipv6_addresses_and_bad_values()
  local lab <close> = netlab.lab()
  local a, b = lab:host "a", lab:host "b"
  raises("bad argument #4 to 'link' (fd00::2/64 is an IPv6 address, and the link has ipv6 = false)",
    lab.link, lab, a, b, "10.0.0.1/24", {"10.0.0.2/24", "fd00::2/64"}, {ipv6 = false})
  raises("bad argument #5 to 'link' (ipv6: boolean expected, got string)",
    lab.link, lab, a, b, nil, nil, {ipv6 = "no"})
  lu.assertNotStrContains(a:sh("ip -br link"), "eth0")
  lu.assertNotStrContains(b:sh("ip -br link"), "eth0")
end

function TestLab:test_a_failed_link_leaves_nothing()
  local lab <close> = netlab.lab()
  local a, b = lab:host "a", lab:host "b"
  local l, err, code = lab:link(a, b, {"10.0.0.1/24", "10.0.0.1/24"}, "10.0.0.2/24")
  lu.assertNil(l)
  lu.assertEquals(err, "cannot add 10.0.0.1/24 to a:eth0: File exists")
  lu.assertEquals(code, netlab.errno.EEXIST)
  lu.assertNotStrContains(a:sh("ip -br link"), "eth0")
  lu.assertNotStrContains(b:sh("ip -br link"), "eth0")
  lu.assertEquals(tostring(lab), "lab (2 hosts: a, b; 0 links)")
  local again = assert(lab:link(a, b, "10.0.0.1/24", "10.0.0.2/24"))
  local x, y = again:ends()
  lu.assertEquals({x.iface, y.iface}, {"eth0", "eth0"}, "eth0 is free again at both ends")
end

function TestLab:test_a_link_failing_at_its_second_end_gives_both_names_back()
  for _, engine in ipairs{"veth", "wire"} do
    local lab <close> = netlab.lab()
    local a, b = lab:host "a", lab:host "b"
    lu.assertNil(lab:link(a, b, "10.0.0.1/24", {"10.0.0.2/24", "10.0.0.2/24"}, {engine = engine}))
    local l = assert(lab:link(a, b, "10.0.0.1/24", "10.0.0.2/24", {engine = engine}))
    local x, y = l:ends()
    lu.assertEquals({x.iface, y.iface}, {"eth0", "eth0"}, engine)
  end
end

function TestLab:test_a_name_a_command_took_or_freed_is_known()
  local lab <close> = netlab.lab()
  local a, b = lab:host "a", lab:host "b"
  a:sh("ip link add eth0 type veth peer name other0")
  local l = assert(lab:link(a, b, "10.0.0.1/24", "10.0.0.2/24"))
  local x, y = l:ends()
  lu.assertEquals({x.iface, y.iface}, {"eth1", "eth0"})
  a:sh("ip link del eth0; ip link set eth1 name left")
  l = assert(lab:link(a, b, "10.0.1.1/24", "10.0.1.2/24"))
  x, y = l:ends()
  lu.assertEquals({x.iface, y.iface}, {"eth0", "eth1"})
  l = assert(lab:link(a, b, "10.0.2.1/24", "10.0.2.2/24"))
  x = l:ends()
  lu.assertEquals(x.iface, "eth1", "the name the command freed by renaming")
end

function TestLab:test_prefix_out_of_range_raises()
  local lab <close> = netlab.lab()
  local a, b = lab:host "a", lab:host "b"
  raises('prefix length out of range in "10.0.0.1/33" (0-32 for IPv4)', lab.link, lab, a, b, "10.0.0.1/33")
  raises('bad argument #4 to \'link\' (prefix length out of range in "fd00::2/129" (0-128 for IPv6))',
    lab.link, lab, a, b, "fd00::1/64", "fd00::2/129")
  lu.assertNotStrContains(a:sh("ip -br link"), "eth0")
end

function TestLab:test_duplicate_host_name_raises()
  local lab <close> = netlab.lab()
  lab:host "a"
  raises('bad argument #1 to \'host\' (this lab already has a host named "a")', lab.host, lab, "a")
  raises("invalid host name \"a b\"", lab.host, lab, "a b")
  raises("invalid host name \"\"", lab.host, lab, "")
  raises("bad argument #1 to 'host' (string expected, got nil)", lab.host, lab)
  local other <close> = netlab.lab()
  lu.assertNotNil(other:host "a", "another lab may have its own a")
end

function TestLab:test_closed_lab_and_host_raise()
  local lab <close>, a, b = two_hosts()
  lab:close()
  raises("attempt to use a closed lab", lab.host, lab, "c")
  raises("attempt to use a closed lab", lab.link, lab, a, b)
  raises("attempt to use a closed lab", lab.hosts, lab)
  raises("attempt to use a closed host", a.tcp, a)
  raises("attempt to use a closed host", b.udp6, b)
  raises("attempt to use a closed host", a.sh, a, "true")
  lu.assertEquals(lab:close(), true, "closing again is harmless")
  lu.assertEquals(tostring(lab), "lab (closed)")
  lu.assertEquals(tostring(a), "host a (closed)")
end

function TestLab:test_the_error_names_the_callers_line()
  local lab <close> = netlab.lab()
  local a = lab:host "a"
  local ok, err = pcall(function() lab:link(a, a) end)
  lu.assertFalse(ok)
  lu.assertStrMatches(err, ".*lab_spec%.lua:%d+: bad argument #2 to 'link' %(cannot link host a to itself%)")
end

function TestLab:test_unknown_host_objects_raise()
  local lab <close> = netlab.lab()
  local a = lab:host "a"
  raises("bad argument #2 to 'link' (host expected, got string)", lab.link, lab, a, "b")
  raises("bad argument #1 to 'link' (host expected, got table)", lab.link, lab, {}, a)
  local s <close> = netlab.udp()
  raises("bad argument #2 to 'link' (host expected, got netlab.socket)", lab.link, lab, a, s)
  local other <close> = netlab.lab()
  local x = other:host "x"
  raises("bad argument #2 to 'link' (host x belongs to another lab (lab:link's {across = true} links hosts of two labs))", lab.link, lab, a, x)
  raises("calling 'tcp' on bad self (netlab.host expected, got string)", a.tcp, "a")
  raises("calling 'link' on bad self (netlab.lab expected, got table)", lab.link, {}, a, x)
end

-- Closing ---------------------------------------------------------------

function TestLab:test_close_closes_sockets_and_commands()
  local lab <close>, a, b = two_hosts()
  local server = assert(b:tcp())
  assert(server:bind("*", 80))
  server:listen()
  local accepted
  netlab.spawn(function() accepted = server:accept() end)
  local c = assert(a:tcp())
  c:settimeout(5)
  assert(c:connect("10.0.0.2", 80))
  netlab.sleep(0.05)
  lu.assertNotNil(accepted)
  local waiting = netlab.spawn(function() return c:receive() end)
  local running = netlab.spawn(function() return b:sh("sleep 20") end)
  netlab.sleep(0.1)
  local plain <close> = netlab.tcp()
  lab:close()
  local data, err = waiting:join(5)
  lu.assertEquals({data, err}, {nil, "closed"})
  lu.assertEquals({running:join(5)}, {nil, "closed"})
  raises("attempt to use a closed socket", c.send, c, "x")
  raises("attempt to use a closed socket", server.accept, server)
  raises("attempt to use a closed socket", accepted.receive, accepted)
  lu.assertEquals(plain:getfd() >= 0, true, "sockets outside the lab stay open")
end

function TestLab:test_close_frees_the_namespaces()
  local before = machine_network()
  local held = #held_namespaces()
  local lab <close>, a = two_hosts()
  local s <close> = assert(a:udp())
  local inodes = held_namespaces()
  lu.assertEquals(#inodes - held, 2)
  lab:close()
  lu.assertEquals(#held_namespaces(), held)
  assert_gone(inodes)
  lu.assertEquals(machine_network(), before)
end

-- How many fds this process has open.
local function open_fds() return #netlab.fd.list() end

function TestLab:test_a_host_holds_one_fd_and_its_netlink_socket_comes_back()
  -- 40 hosts on a switch: an fd a host (its namespace), at most 16
  -- netlink sockets besides; the first host's socket, closed since,
  -- opens again for whatever needs it
  local before = open_fds()
  local lab <close> = netlab.lab()
  local sw = assert(lab:switch "sw")
  local hosts = {}
  for i = 1, 40 do
    hosts[i] = assert(lab:host("h" .. i))
    assert(lab:link(hosts[i], sw, ("10.0.0.%d/24"):format(i), nil, {ipv6 = false}))
  end
  local held = open_fds() - before
  lu.assertTrue(held >= 41 and held <= 41 + 16, "fds held by 41 hosts: " .. held)
  local h1 = hosts[1]
  lu.assertEquals(select(2, h1:_fds()), -1, "h1's netlink socket was closed for later hosts'")
  assert(h1:addr_add("eth0", "10.0.1.1/24"))
  lu.assertTrue(select(2, h1:_fds()) >= 0, "open again")
  lu.assertStrContains(h1:sh("ip -br addr show dev eth0"), "10.0.1.1/24")
  lu.assertStrContains(hosts[40]:sh("ping -c 1 -W 2 10.0.0.1"), "1 received")
  lu.assertTrue(open_fds() - before <= 41 + 16 + 2, "no more than 16 netlink sockets")
  lab:close()
  lu.assertEquals(open_fds(), before)
end

function TestLab:test_close_runs_at_the_end_of_a_close_block()
  local a
  do
    local lab <close> = netlab.lab()
    a = lab:host "a"
  end
  raises("attempt to use a closed host", a.tcp, a)
end

function TestLab:test_a_forgotten_lab_is_collected()
  local held = #held_namespaces()
  local inodes
  do
    local lab = netlab.lab()
    local a, b = lab:host "a", lab:host "b"
    lab:link(a, b, "10.0.0.1/24", "10.0.0.2/24")
    local s = a:tcp()
    inodes = held_namespaces()
    lu.assertEquals(#inodes - held, 2)
    lu.assertNotNil(s)
  end
  collectgarbage()
  collectgarbage()
  lu.assertEquals(#held_namespaces(), held)
  assert_gone(inodes)
end

function TestLab:test_nothing_appears_in_the_machines_namespace()
  local before = machine_network()
  local monitor = netlab.spawn(function()
    return netlab.sh("timeout 2 ip -o monitor link address route", {timeout = 5})
  end)
  netlab.sleep(0.3) -- let ip monitor subscribe
  do
    local lab <close>, a = two_hosts()
    a:sh("ip -br addr")
  end
  local events = monitor:join(5)
  lu.assertEquals(events, "", "netlab changed the machine's own network")
  lu.assertEquals(machine_network(), before)
end

-- Leaving nothing behind when netlab ends ---------------------------------

local CHILD = [[
local lab = netlab.lab()
local a, b = lab:host "a", lab:host "b"
assert(lab:link(a, b, "10.0.0.1/24", "10.0.0.2/24"))
netlab.daemon(function() return b:sh("sleep 30 & sleep 30") end)
local s = assert(a:tcp())
netlab.sleep(0.2)
local f = assert(io.open("/proc/self/stat"))
local pid = f:read("n")
f:close()
local inodes = {}
for _, row in ipairs(netlab.fd.list()) do
  inodes[#inodes + 1] = row.target:match("^net:%[(%d+)%]$")
end
f = assert(io.open(arg[1], "w"))
f:write(pid, " ", table.concat(inodes, " "), "\n")
f:close()
local how = arg[2]
if how == "error" then error("the script failed") end
if how == "wait" then netlab.sleep(30) end
]]

-- Waits (at most 10 s) for the child to write its ready line to PATH;
-- returns its pid and the lab's namespace inodes.
local function wait_ready(path, own)
  for _ = 1, 200 do
    local f = io.open(path)
    local line = f and f:read("l")
    if f then f:close() end
    if line then
      local pid, rest = line:match("^(%d+) (.*)$")
      local inodes = {}
      for ino in rest:gmatch("%d+") do
        if ino ~= own then inodes[#inodes + 1] = ino end
      end
      return tonumber(pid), inodes
    end
    netlab.sleep(0.05)
  end
end

-- Runs CHILD as its own netlab process (ending as HOW says: "end",
-- "error" or "kill"); checks that once it is gone no namespace, veth or
-- process of its lab is left and the machine's network is unchanged.
local function run_child(how)
  local before = machine_network()
  local own = sh("readlink /proc/self/ns/net"):match("%d+")
  local ready = helper.tmpname(".ready")
  local mark = "netlab-lab-spec-" .. tostring(math.random(1 << 40))
  local cmd = ("env NETLAB_SPEC_MARK=%s %s %s %s %s"):format(mark, helper.bin,
    helper.tmpfile(CHILD), ready, how == "kill" and "wait" or how)
  local child = netlab.spawn(function() return helper.run(cmd, 30) end)
  local pid, inodes = wait_ready(ready, own)
  local ok, err = pcall(function()
    lu.assertNotNil(pid, "the child netlab did not get ready")
    lu.assertEquals(#inodes, 2, "the child holds its two hosts' namespaces")
    if how == "kill" then sh("kill -9 " .. pid) end
    local _, _, code = child:join(20)
    lu.assertEquals(code, how == "end" and 0 or how == "error" and 1 or 137)
    assert_gone(inodes)
    lu.assertEquals(sh("grep -l " .. mark .. " /proc/[0-9]*/environ 2>/dev/null; true"), "",
      "processes of the child's lab are left")
    lu.assertEquals(machine_network(), before)
  end)
  if not ok then -- leave nothing behind even so: the child, what it started
    if pid then netlab.sh("kill -9 " .. pid .. " 2>/dev/null") end
    local left = sh("grep -l " .. mark .. " /proc/[0-9]*/environ 2>/dev/null; true")
    for p in left:gmatch("/proc/(%d+)/") do netlab.sh("kill -9 " .. p .. " 2>/dev/null") end
    error(err, 0)
  end
end

-- A child netlab asking for 100 hosts on a switch, under SHELL_PREFIX
-- (a limit set for it); prints the failure, the hosts made and the
-- namespaces it holds; its stdout.
local TOO_MANY = [[
local stat = assert(io.open("/proc/self/stat"))
local own = netlab.sh("readlink /proc/" .. stat:read("n") .. "/ns/net"):gsub("\n", "")
stat:close()
local lab = netlab.lab()
local sw = assert(lab:switch "sw")
local err
for i = 1, 100 do
  local h, e = lab:host("h" .. i)
  if not h then err = e break end
  local l
  l, e = lab:link(h, sw, "10.0.0." .. i .. "/24")
  if not l then err = e break end
end
io.stdin:close() -- two fds free, for fd.list's directory and
io.stdout:close() -- sock_diag socket, at the limit
local held = 0 -- namespaces held but netlab's own
for _, row in ipairs(netlab.fd.list()) do
  if row.target:match("^net:") and row.target ~= own then held = held + 1 end
end
io.stderr:write(err, "\n", #lab:hosts(), " ", held, "\n")
]]
local function too_many(prefix)
  local path = os.tmpname()
  local f = assert(io.open(path, "w"))
  f:write(TOO_MANY)
  f:close()
  local out = sh(("%s timeout -s KILL 60 %s %s 2>&1; true"):format(prefix, helper.bin, path))
  os.remove(path)
  local err, hosts, held = out:match("^([^\n]*)\n(%d+) (%d+)\n?$")
  lu.assertNotNil(err, out)
  return err, tonumber(hosts), tonumber(held)
end

function TestLab:test_more_hosts_than_open_files_allow_fail_naming_the_limit()
  local before = machine_network()
  local err, hosts, held = too_many("ulimit -n 64;")
  lu.assertStrMatches(err, "cannot %a+ [%w ]+: Too many open files %(netlab may hold 64 open files "
    .. "and each lab host holds 1, its namespace, with at most 16 netlink sockets besides; raise the limit "
    .. "with ulimit %-n%)")
  -- one fd a host: the netlink sockets kept open give way to hosts
  lu.assertTrue(hosts > 32 and hosts < 64, "hosts made: " .. hosts)
  lu.assertEquals(held, hosts, "one namespace per host made, none of the failed one")
  lu.assertEquals(machine_network(), before)
end

function TestLab:test_more_hosts_than_memory_allows_fail_naming_the_limit()
  -- NETLAB_KEEP_FREE above the machine's memory: no host fits
  local total = assert(tonumber(sh("awk '/^MemTotal:/ { print $2 }' /proc/meminfo")))
  local keep = total // 1024 + 1024
  local code = [[
local lab = netlab.lab()
local h, err, code = lab:host "a"
local r, err2 = lab:router "r"
io.write(tostring(h), "|", err, "|", code, "|", tostring(r), "|", err2, "|", #lab:hosts(), "\n")
]]
  local path = os.tmpname()
  local f = assert(io.open(path, "w"))
  f:write(code)
  f:close()
  local before = machine_network()
  local out = sh(("NETLAB_KEEP_FREE=%d timeout -s KILL 60 %s %s 2>&1; true"):format(keep, helper.bin, path))
  os.remove(path)
  local hint = ("%%(the kernel is out of memory: each lab host takes about %%d+ KiB of it; %%d+ MiB available, "
    .. "%d MiB kept free for the machine: NETLAB_KEEP_FREE%%)"):format(keep)
  lu.assertStrMatches(out, "nil|cannot create host a: Cannot allocate memory " .. hint .. "|12|nil|"
    .. "cannot create host r: Cannot allocate memory " .. hint .. "|0\n")
  lu.assertEquals(machine_network(), before)
end

function TestLab:test_a_bad_keep_free_is_the_default()
  -- not a number of MiB: 64 MiB kept free, hosts made as ever
  local out = sh(("NETLAB_KEEP_FREE=lots timeout -s KILL 60 %s -e 'local lab = netlab.lab() "
    .. "print(assert(lab:host \"a\"):name(), #lab:hosts())' 2>&1"):format(helper.bin))
  lu.assertEquals(out, "a\t1\n")
end

function TestLab:test_more_hosts_than_the_kernel_allows_fail_naming_the_limit()
  local err, hosts, held = too_many("unshare -U -r sh -c 'echo 5 > /proc/sys/user/max_net_namespaces && exec \"$0\" \"$@\"'")
  lu.assertEquals(err, "cannot create host h5: No space left on device (the kernel's limit on network namespaces "
    .. "is reached: user.max_net_namespaces, in netlab's user namespace or one above it)")
  lu.assertEquals({hosts, held}, {5, 5}, "the switch and h1-h4")
end

function TestLab:test_nothing_left_after_netlab_exits()
  run_child("end")
end

function TestLab:test_nothing_left_after_a_script_error()
  run_child("error")
end

function TestLab:test_nothing_left_after_kill_9()
  run_child("kill")
end

function TestLab:test_two_netlab_processes_with_the_same_lab_do_not_interfere()
  -- both make hosts a and b on 10.0.0.0/24 and talk: each its own world
  local code = [[
    local tag = ...
    local lab <close> = netlab.lab()
    local a, b = assert(lab:host "a"), assert(lab:host "b")
    assert(lab:link(a, b, "10.0.0.1/24", "10.0.0.2/24"))
    local server = assert(b:tcp())
    assert(server:bind("10.0.0.2", 80))
    server:listen()
    local t = netlab.spawn(function()
      local c = server:accept()
      for i = 1, 20 do c:send(tag .. i .. "\n") netlab.sleep(0.005) end
      c:close()
    end)
    local c = assert(a:tcp())
    c:settimeout(5)
    assert(c:connect("b", 80))
    local got = assert(c:receive("*a"))
    t:join(5)
    io.write(select(2, got:gsub(tag, tag)), " ", got:match("^%a+"), "\n")
  ]]
  local results = {}
  local tasks = {}
  for _, tag in ipairs({"one", "two"}) do
    tasks[#tasks + 1] = netlab.spawn(function()
      results[tag] = {helper.script(code, tag, {timeout = 30})}
    end)
  end
  for _, t in ipairs(tasks) do t:join(40) end
  lu.assertEquals({results.one[1], results.one[3]}, {"20 one\n", 0}, results.one[2])
  lu.assertEquals({results.two[1], results.two[3]}, {"20 two\n", 0}, results.two[2])
end

-- A lab's cables are like wires: offloads off, so TCP segments cross
-- them cut to the MSS and a capture's ring holds frames of MTU size.
function TestLab:test_segments_cross_a_link_cut_to_the_mss()
  local lab <close>, a, b = helper.two_hosts()
  local cap <close> = assert(a:capture{filter = "tcp"})
  local s <close> = assert(b:tcp())
  assert(s:bind("10.0.0.2", 5001)) assert(s:listen())
  local got
  netlab.spawn(function()
    local c <close> = assert(s:accept())
    c:settimeout(5)
    got = c:receive("*a")
  end)
  local c <close> = assert(a:tcp())
  c:settimeout(5)
  assert(c:connect("10.0.0.2", 5001))
  assert(c:send(("x"):rep(200000)))
  c:close()
  netlab.sleep(0.2)
  lu.assertEquals(#(got or ""), 200000)
  local largest, bytes = 0, 0
  for _, p in ipairs(cap:list()) do
    if p.ip.src == "10.0.0.1" then
      largest = math.max(largest, p.tcp.len)
      bytes = bytes + p.tcp.len
    end
  end
  lu.assertTrue(largest > 0 and largest <= 1460, "largest segment: " .. largest)
  lu.assertEquals(bytes, 200000) -- every segment captured, none dropped
  lu.assertEquals(cap:stats().dropped, 0)
end

-- Documentation ------------------------------------------------------------

function TestLab:test_every_lab_host_and_link_function_is_documented()
  local doc = require "netlab.doc"
  local lab <close> = netlab.lab()
  local a, b = lab:host "a", lab:host "b"
  local link = lab:link(a, b)
  lu.assertNotNil(doc["netlab.lab"])
  for prefix, obj in pairs({lab = lab, host = a, link = link}) do
    local mt = getmetatable(obj)
    lu.assertEquals(mt.__name, "netlab." .. prefix)
    for k, v in pairs(mt.__index) do
      if type(v) == "function" and k:sub(1, 1) ~= "_" then
        lu.assertNotNil(doc[prefix .. ":" .. k], prefix .. ":" .. k .. " has no entry in scripts/netlab/doc.lua")
      end
    end
  end
end
