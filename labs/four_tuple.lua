-- four_tuple: a socket is an fd pointing at a four-tuple: two clients from one host to one server port, a second local address on the same port, and one source port reused toward two destinations
--
-- The course notes: a TCP connection is named by four numbers, (local
-- address, local port, remote address, remote port); a process reaches it
-- through a file descriptor:
--   $ ls -l /proc/$$/fd        fd 5 -> socket:[inode]
--   $ ss -tanp                 the four-tuple of each socket and its fd
--   $ nc -p 40000 HOST PORT    a client that picks its own source port
-- Two connections may share any three of the four numbers, never all
-- four. The network:
--
--   client 10.0.0.1 ------------ server 10.0.0.2 (and 10.0.0.22, eth0:0)
--
-- The lab lists this process's fds with netlab.fd.list() (ls -l
-- /proc/self/fd, with lsof's view of each socket) and checks which
-- numbers the connections share. Exit 0 only if every claim held.

local lesson = require "netlab.lesson"

local CLIENT_IP, SERVER_IP, ALIAS_IP = lesson.CABLE_CLIENT_IP, lesson.CABLE_SERVER_IP, "10.0.0.22"
local PORT, PORT2, SOURCE = 7000, 7100, 40000
local LIMIT = 15 -- seconds the whole lab may take
local WAIT = 3   -- seconds any one wait may take
local lab = lesson.new{name = "four_tuple", limit = LIMIT, params = {}, exercise = "four_tuple"}

-- fds and four-tuples --------------------------------------------------------

-- netlab.fd.list()'s row for fd N.
local function fd_row(n)
  for _, r in ipairs(netlab.fd.list()) do
    if r.fd == n then return r end
  end
end

-- "local:port -> remote:port" of socket S, as the socket itself tells.
local function tuple(s)
  local lip, lport = s:getsockname()
  local rip, rport = s:getpeername()
  if not rip then rip, rport = "*", "*" end -- a listener has no peer
  return ("%s:%s -> %s:%s"):format(lip, lport, rip, rport)
end

-- Prints `ls -l /proc/self/fd` lines for the sockets SOCKS, named by WHO.
local function show_fds(socks)
  for _, e in ipairs(socks) do
    local who, s = e[1], e[2]
    local r = fd_row(s:getfd()) or {}
    print(("  %-16s fd %-3d -> %-18s %s %s"):format(who, s:getfd(), tostring(r.target), tuple(s),
      tostring(r.state)))
  end
end

-- Whether the sockets SOCKS have pairwise different fds and inodes.
local function all_distinct(socks)
  local seen = {}
  for _, e in ipairs(socks) do
    local r = fd_row(e[2]:getfd()) or {}
    if seen[e[2]:getfd()] or seen[r.target or "?"] then return false end
    seen[e[2]:getfd()], seen[r.target or "?"] = true, true
  end
  return true
end

-- Connects a new socket of CLIENT to IP:P (from source port SPORT if
-- given, with SO_REUSEADDR); returns it, or nil and the error.
local function dial(client, ip, p, sport)
  local s = assert(client:tcp())
  s:settimeout(WAIT)
  if sport then
    assert(s:setoption("reuseaddr", true))
    assert(s:bind(CLIENT_IP, sport))
  end
  local ok, err = s:connect(ip, p)
  if not ok then
    s:close()
    return nil, err
  end
  return s
end

-- A listener of SERVER on IP:P (waiting at most WAIT in accept).
local function listen(server, ip, p)
  local l, err = server:tcp()
  if not l then return nil, err end
  l:settimeout(WAIT)
  local ok, berr = l:bind(ip, p)
  if not ok then
    l:close()
    return nil, berr
  end
  assert(l:listen(4))
  return l
end

-- The parts -------------------------------------------------------------------

-- Part 1: two clients on one host, one server port.
local function part_two_clients(client, server, keep)
  print("\n== Part 1: two connections from one host to one server port ==")
  lab:step(("nc -l %d  # in server (listening on every address)"):format(PORT))
  local l = assert(listen(server, "*", PORT))
  lab:step(("nc %s %d &  nc %s %d &  # in client"):format(SERVER_IP, PORT, SERVER_IP, PORT),
    "two connections: the kernel picks a source port for each")
  local c1, c2 = assert(dial(client, SERVER_IP, PORT)), assert(dial(client, SERVER_IP, PORT))
  local s1, s2 = assert(l:accept()), assert(l:accept())
  for _, s in ipairs{l, c1, c2, s1, s2} do keep[#keep + 1] = s end
  lab:step("ls -l /proc/self/fd", "each socket: an fd of this process -> socket:[inode], and its four-tuple")
  local socks = {{"server listener", l}, {"client 1", c1}, {"client 2", c2}, {"server's 1", s1}, {"server's 2", s2}}
  show_fds(socks)
  lab:check(all_distinct(socks), "five sockets, five fds, five inodes: accept() made a new socket per connection")
  local _, p1 = c1:getsockname()
  local _, p2 = c2:getsockname()
  lab:check(p1 ~= p2 and select(2, c1:getpeername()) == PORT and select(2, c2:getpeername()) == PORT,
    ("the clients share three numbers (%s, %s, %d) and differ in the source port"):format(CLIENT_IP, SERVER_IP, PORT),
    ("%d, %d"):format(p1, p2))
  local r1, r2 = fd_row(s1:getfd()) or {}, fd_row(s2:getfd()) or {}
  lab:check(r1.local_port == PORT and r2.local_port == PORT and r1.remote_port == p1 and r2.remote_port == p2,
    ("on the server both use local port %d: the remote port tells them apart"):format(PORT),
    ("%s, %s"):format(r1.remote_port, r2.remote_port))
  lab:step("ss -tanp  # in server", "the kernel's table agrees: same fds, same four-tuples")
  local rows = assert(server:sockets{proto = "tcp"})
  lab:show((netlab.fmt.ss(rows):gsub("\n$", "")))
  local by_fd = {}
  for _, r in ipairs(rows) do by_fd[r.fd or -1] = r end
  local k1, k2 = by_fd[s1:getfd()] or {}, by_fd[s2:getfd()] or {}
  lab:check(k1.remote_port == p1 and k2.remote_port == p2 and by_fd[l:getfd()] and by_fd[l:getfd()].state == "LISTEN",
    "in the kernel's table each fd of this process has the four-tuple its socket reports")
  return l
end

-- Part 2: the same port on a second local address.
local function part_alias(client, server, l, keep)
  print("\n== Part 2: a second local address, the same port ==")
  lab:step(("ip addr add %s/24 dev eth0 label eth0:0  # in server"):format(ALIAS_IP))
  assert(server:addr_add("eth0", ALIAS_IP .. "/24", {label = "eth0:0"}))
  lab:step(("nc %s %d  # in client"):format(ALIAS_IP, PORT), "the listener on 0.0.0.0 answers on every address")
  local c3 = assert(dial(client, ALIAS_IP, PORT))
  local s3 = assert(l:accept())
  keep[#keep + 1], keep[#keep + 2] = c3, s3
  show_fds{{"client 3", c3}, {"server's 3", s3}}
  lab:check(s3:getsockname() == ALIAS_IP, ("the accepted socket's local address is %s: the address the client used")
    :format(ALIAS_IP), tuple(s3))
  lab:step(("nc -l %s %d &  nc -l %s %d &  # in server"):format(SERVER_IP, PORT2, ALIAS_IP, PORT2),
    "two listeners on one port, each bound to one of the addresses")
  local la, lb = listen(server, SERVER_IP, PORT2), listen(server, ALIAS_IP, PORT2)
  keep[#keep + 1], keep[#keep + 2] = la, lb
  lab:check(la and lb, ("both binds succeed: %s:%d and %s:%d are different local ends"):format(SERVER_IP, PORT2,
    ALIAS_IP, PORT2))
  local lc, err = listen(server, "*", PORT2)
  if lc then lc:close() end
  lab:check(lc == nil and err == "address already in use",
    ("a third on 0.0.0.0:%d fails: it would overlap both"):format(PORT2), err)
  local ca, cb = assert(dial(client, SERVER_IP, PORT2)), assert(dial(client, ALIAS_IP, PORT2))
  keep[#keep + 1], keep[#keep + 2] = ca, cb
  local sa, sb = la and la:accept(), lb and lb:accept()
  if sa then keep[#keep + 1] = sa end
  if sb then keep[#keep + 1] = sb end
  lab:check(sa and sb and sa:getsockname() == SERVER_IP and sb:getsockname() == ALIAS_IP,
    "each connection went to the listener of the address it was sent to")
end

-- Part 3: one source port toward two destinations, then a third try.
local function part_same_source(client, keep)
  print("\n== Part 3: the four-tuple is the connection's name ==")
  lab:step(("nc -p %d %s %d  # in client"):format(SOURCE, SERVER_IP, PORT), "a client that picks its source port")
  local a = dial(client, SERVER_IP, PORT, SOURCE)
  lab:step(("nc -p %d %s %d  # in client, the same source port"):format(SOURCE, ALIAS_IP, PORT),
    "(SO_REUSEADDR lets two sockets bind the same local port)")
  local b = dial(client, ALIAS_IP, PORT, SOURCE)
  keep[#keep + 1], keep[#keep + 2] = a, b
  if a and b then show_fds{{"source 40000 (1)", a}, {"source 40000 (2)", b}} end
  lab:check(a and b, ("both connect: local %s:%d is shared, the remote address differs"):format(CLIENT_IP, SOURCE))
  lab:step(("nc -p %d %s %d  # in client, again"):format(SOURCE, SERVER_IP, PORT),
    "all four numbers the same as the first connection")
  local c, err = dial(client, SERVER_IP, PORT, SOURCE)
  if c then keep[#keep + 1] = c end
  lab:check(c == nil and err == "address not available",
    "refused before a packet leaves: that four-tuple is taken (EADDRNOTAVAIL)", err)
end

lab:run(function()
  local net <close> = netlab.lab()
  local client, server = lab:one_cable(net)
  local keep = {} -- every socket, closed at the end
  local l = part_two_clients(client, server, keep)
  part_alias(client, server, l, keep)
  part_same_source(client, keep)
  for _, s in ipairs(keep) do s:close() end
end)
