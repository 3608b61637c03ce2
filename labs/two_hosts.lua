-- two_hosts: two sandbox hosts on one link: ip addr in each, a TCP exchange between them (ip netns, veth)
--
-- A network you can hold in one script: two hosts, each a network
-- namespace of its own, joined by a virtual cable (a veth pair), the way
-- these shell commands would build it:
--   $ ip netns add a; ip netns add b
--   $ ip link add eth0 netns a type veth peer name eth0 netns b
--   $ ip -n a addr add 10.0.0.1/24 dev eth0; ip -n a link set eth0 up
--   $ ip -n b addr add 10.0.0.2/24 dev eth0; ip -n b link set eth0 up
-- Then `ip addr` inside each host, and a TCP connection from a to b. The
-- hosts belong to this process: when it ends they are gone, and the
-- machine's own network is never touched. Exit 0 only if every claim held.

local lesson = require "netlab.lesson"

local A_ADDR, B_ADDR = "10.0.0.1/24", "10.0.0.2/24"
local A_IP, B_IP = A_ADDR:match("^[^/]+"), B_ADDR:match("^[^/]+")
local PORT = 80
local LIMIT = 20 -- seconds the whole lab may take
local WAIT = 5   -- seconds any one network wait may take
local lab = lesson.new{name = "two_hosts", limit = LIMIT, programs = {"ip", "ss"}, params = {}}

-- The machine's own interfaces and addresses (ip -br addr), as text.
local function machine_addrs()
  local out = netlab.sh("ip -br addr | sort", {timeout = WAIT})
  return out or "?"
end

-- Part 1: the hosts and the link between them.
local function build(net)
  print("== Part 1: two hosts and a cable ==")
  lab:step("ip netns add a; ip netns add b", "two network namespaces: here owned by this process, never in /run/netns")
  local a, b = assert(net:host "a"), assert(net:host "b")
  lab:step(("ip link add eth0 netns a type veth peer name eth0 netns b  # + addr add %s / %s, link set up")
    :format(A_ADDR, B_ADDR), "one veth pair: what goes in one end comes out of the other")
  local link = assert(net:link(a, b, A_ADDR, B_ADDR))
  print("  " .. tostring(link))
  return a, b, link
end

-- Shows `ip addr` in HOST and checks it has its own address on eth0 only.
local function show_addr(host, own, other)
  lab:step(("ip netns exec %s ip addr"):format(host:name()), ("what host %s sees"):format(host:name()))
  local out, err = host:sh("ip addr", {timeout = WAIT})
  lab:show(out or err)
  out = out or ""
  lab:check(out:find("inet " .. own .. " ", 1, true) and out:find("eth0", 1, true),
    ("host %s has %s on eth0"):format(host:name(), own))
  lab:check(out:find("LOOPBACK,UP", 1, true), ("host %s's lo is up"):format(host:name()))
  lab:check(not out:find("inet " .. other .. "/", 1, true), ("host %s does not see %s's address"):format(host:name(), other))
end

-- Part 2: each host has its own interfaces and addresses.
local function addresses(a, b, before)
  print("\n== Part 2: each host sees its own interfaces ==")
  show_addr(a, A_ADDR, B_IP)
  show_addr(b, B_ADDR, A_IP)
  lab:step("ip -br addr", "and the machine itself?")
  lab:check(machine_addrs() == before, "the machine's own interfaces and addresses did not change")
end

-- Serves one connection on LISTENER: reads a line, answers, notes who.
local function serve(listener, seen)
  local c, err = listener:accept()
  if not c then seen.error = err return end
  c:settimeout(WAIT)
  seen.ip, seen.port = c:getpeername()
  seen.line = c:receive("*l")
  c:send(("hello %s, this is b\n"):format(tostring(seen.ip)))
  seen.done = c:receive("*l") -- the client says when it has looked
  c:close()
end

-- Part 3: a TCP connection from a to b, over the link.
local function exchange(a, b)
  print("\n== Part 3: TCP from a to b ==")
  lab:step(("ip netns exec b nc -l %s %d"):format(B_IP, PORT), "a server in b")
  local listener <close> = assert(b:tcp())
  assert(listener:bind(B_IP, PORT))
  assert(listener:listen())
  local seen = {}
  local server = netlab.spawn(serve, listener, seen)
  lab:step(("echo 'hi from a' | ip netns exec a nc b %d"):format(PORT), "a client in a; the name b is b's address in the lab's /etc/hosts")
  local c <close> = assert(a:tcp())
  c:settimeout(WAIT)
  local ok, err = c:connect("b", PORT)
  lab:check(ok == 1, ("a connected to b:%d"):format(PORT), err)
  local ip, port = c:getpeername()
  lab:check(ip == B_IP, ("the name b resolved to %s"):format(B_IP), ip)
  c:send("hi from a\n")
  local answer = c:receive("*l")
  print(("  a sent \"hi from a\", b answered %q"):format(tostring(answer)))
  lab:check(answer == ("hello %s, this is b"):format(A_IP), "b's answer arrived", answer)
  local lip, lport = c:getsockname()
  lab:step("ip netns exec a ss -tn", "the connection, as host a's kernel sees it")
  local ss = a:sh("ss -tn", {timeout = WAIT}) or ""
  lab:show(ss)
  local tuple = ("%s:%d%%s+%s:%d"):format(lip:gsub("%.", "%%."), lport, ip:gsub("%.", "%%."), port)
  lab:check(ss:find("ESTAB[^\n]-" .. tuple) ~= nil, "a's kernel lists it ESTABLISHED, 10.0.0.1:port -> 10.0.0.2:80")
  c:send("bye\n")
  server:join(WAIT)
  lab:check(seen.line == "hi from a", "b received a's line", seen.line or seen.error)
  lab:check(seen.ip == A_IP and seen.port == lport, ("b saw the client as %s:%d"):format(A_IP, lport),
    ("%s:%s"):format(tostring(seen.ip), tostring(seen.port)))
end

-- Part 4: closing the lab takes the hosts away.
local function teardown(net, a, before)
  print("\n== Part 4: the end of the lab ==")
  lab:step("ip netns del a; ip netns del b", "net:close(): here the hosts go when the lab (or netlab) ends")
  net:close()
  local ok, err = pcall(a.tcp, a)
  lab:check(not ok and tostring(err):find("closed host", 1, true), "host a is gone", err)
  lab:check(machine_addrs() == before, "the machine's network is as it was")
end

-- Runs the parts, failing past LIMIT seconds; prints the verdict and exits.
lab:run(function()
  local before = machine_addrs()
  local net <close> = netlab.lab()
  local a, b = build(net)
  addresses(a, b, before)
  exchange(a, b)
  teardown(net, a, before)
end)
