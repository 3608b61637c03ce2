-- netstat: netstat -natp and lsof -i :PORT: listening vs established sockets, one server port with many connections (each its own four-tuple), and which process owns which socket
--
-- The course notes read a machine's sockets with
--   $ netstat -natp          every TCP socket: state, both ends, the owner
--   $ ss -tanp               the same from iproute2
--   $ lsof -i :8080          the processes holding sockets on port 8080
-- A server has one LISTEN socket per port it serves; every connection it
-- accepts is a new socket, ESTABLISHED, on the same local port: what
-- tells them apart is the four-tuple (local address and port, remote
-- address and port). The network:
--
--   a 10.0.0.1 --+
--   b 10.0.0.3 --+-- switch sw --- server 10.0.0.2
--
-- The server host runs two servers: one written in this lab (netlab's own
-- sockets, port 8080) and a real program, python3 -m http.server on port
-- 8000. The lab reads the server's socket table from the kernel (socket
-- diagnostics), prints it as the commands do, and checks who owns what.
-- Exit 0 only if every claim held.

local lesson = require "netlab.lesson"

local SERVER_IP, A_IP, B_IP = "10.0.0.2", "10.0.0.1", "10.0.0.3"
local PORT, WEB = 8080, 8000
local LIMIT = 20 -- seconds the whole lab may take
local WAIT = 5   -- seconds any one command may take
local lab = lesson.new{name = "netstat", limit = LIMIT, programs = {"python3", "netstat", "lsof"}, params = {}}

-- This process's pid (the owner of netlab's own sockets).
local function my_pid()
  local f = assert(io.open("/proc/self/stat"))
  local pid = f:read("n")
  f:close()
  return pid
end

-- The kernel's view --------------------------------------------------------

-- HOST's TCP sockets, from the kernel's socket diagnostics (sock_diag):
-- rows {state, local, local_port, remote, remote_port, recv_q, send_q,
-- pid, fd, command, ...}.
local function sockets(host)
  return assert(host:sockets{proto = "tcp"})
end

-- The rows of ROWS for which every field in WANT has its value.
local function select(rows, want)
  local out = {}
  for _, r in ipairs(rows) do
    local ok = true
    for k, v in pairs(want) do ok = ok and r[k] == v end
    if ok then out[#out + 1] = r end
  end
  return out
end

-- Prints HOST's socket table as `netstat -nat[p]` does; returns the rows.
local function netstat(host)
  local rows = sockets(host)
  lab:show((netlab.fmt.netstat(rows):gsub("\n$", "")))
  return rows
end

-- "ip:port" of one end of ROW (WHICH "local" or "remote").
local function ends(row, which)
  return ("%s:%s"):format(row[which], row[which .. "_port"])
end

-- The network and the servers ------------------------------------------------

-- Builds the switch and the three hosts; returns a, b, server.
local function build(net)
  lab:step("ip link add sw type bridge; ip link set eth0 master sw  # one cable per host",
    ("a %s and b %s, the server %s, on one switch"):format(A_IP, B_IP, SERVER_IP))
  local sw = assert(net:switch "sw")
  local a, b, server = assert(net:host "a"), assert(net:host "b"), assert(net:host "server")
  assert(net:link(a, sw, A_IP .. "/24"))
  assert(net:link(b, sw, B_IP .. "/24"))
  assert(net:link(server, sw, SERVER_IP .. "/24"))
  return a, b, server
end

-- Waits (at most WAIT seconds) until SERVER listens on port P; returns the row.
local function listening(server, p)
  local deadline = netlab.now() + WAIT
  repeat
    local row = select(sockets(server), {state = "LISTEN", local_port = p})[1]
    if row then return row end
    netlab.sleep(0.02)
  until netlab.now() > deadline
end

-- Part 1: two servers listen; nothing is connected yet.
local function part_listen(server)
  print("\n== Part 1: listening sockets ==")
  lab:step(("python3 -m http.server %d &  # in server"):format(WEB), "a real program, started in the server host")
  local web = assert(server:start(("exec python3 -m http.server %d"):format(WEB)))
  lab:step(("nc -lk %d  # in server"):format(PORT), "and a server on netlab's own socket (no real nc)")
  local listener = assert(server:tcp())
  assert(listener:setoption("reuseaddr", true))
  assert(listener:bind("*", PORT))
  assert(listener:listen(16))
  listener:settimeout(WAIT)
  local py = listening(server, WEB)
  lab:step("netstat -natp  # in server", "LISTEN: waiting for connections; the foreign address is 0.0.0.0:*, anyone")
  local rows = netstat(server)
  local real = server:sh("netstat -natp", {timeout = WAIT})
  lab:check(real == netlab.fmt.netstat(rows),
    "netstat -natp itself prints the same table: netlab read the kernel's (host:sockets, netlab.fmt.netstat)")
  local ours = select(sockets(server), {state = "LISTEN", local_port = PORT})[1]
  lab:check(ours and ours["local"] == "0.0.0.0" and ours.remote == "0.0.0.0" and ours.remote_port == 0,
    ("port %d listens on every address of the host, for any peer"):format(PORT), ours and ends(ours, "local"))
  lab:check(ours and ours.pid == my_pid() and ours.fd == listener:getfd(),
    ("its owner is this netlab process, fd %d: the listener's own fd"):format(listener:getfd()),
    ours and ("%s pid %s fd %s"):format(ours.command, ours.pid, ours.fd))
  lab:check(py and py.command == "python3" and py.pid == web:pid(),
    ("port %d is owned by python3, the program host:start ran (pid %s)"):format(WEB, web:pid()),
    py and ("%s pid %s"):format(py.command, py.pid))
  lab:check(#select(sockets(server), {state = "ESTABLISHED"}) == 0, "no connection yet: nothing ESTABLISHED")
  return listener, web
end

-- Part 2: three connections to one port, each a four-tuple of its own.
local function part_many(a, b, server, listener)
  print("\n== Part 2: one port, many connections ==")
  lab:step(("nc %s %d &; nc %s %d &  # in a;  nc %s %d &  # in b"):format(SERVER_IP, PORT, SERVER_IP, PORT,
    SERVER_IP, PORT), "three clients connect to the same server port, two of them from the same host")
  local clients, accepted = {}, {}
  for i, h in ipairs{a, a, b} do
    clients[i] = assert(h:tcp())
    assert(clients[i]:connect(SERVER_IP, PORT))
    accepted[i] = assert(listener:accept())
  end
  lab:step("netstat -natp  # in server", "one LISTEN row still, and one ESTABLISHED row per connection")
  local rows = netstat(server)
  local est = select(rows, {state = "ESTABLISHED", local_port = PORT})
  local seen, distinct = {}, true
  for _, r in ipairs(est) do
    local tuple = ends(r, "local") .. " " .. ends(r, "remote")
    distinct = distinct and not seen[tuple]
    seen[tuple] = true
  end
  lab:check(#est == 3, ("three ESTABLISHED sockets, all on local port %d"):format(PORT), #est)
  lab:check(#select(rows, {state = "LISTEN", local_port = PORT}) == 1,
    "the listening socket is still there: accept made new sockets, it did not use up the listener")
  lab:check(#est == 3 and distinct, "no two of them have the same four-tuple: the remote address or port differs")
  local from_a = select(est, {remote = A_IP})
  lab:check(#from_a == 2 and from_a[1].remote_port ~= from_a[2].remote_port,
    "the two from a differ only in their remote (a's ephemeral) port",
    #from_a == 2 and ("%d, %d"):format(from_a[1].remote_port, from_a[2].remote_port))
  lab:step("netstat -natp  # in a", "a's side of the same connections: its local ports are the server's remote ports")
  netstat(a)
  local mine = select(sockets(a), {state = "ESTABLISHED", remote_port = PORT})
  local match = #mine == 2
  for _, r in ipairs(mine) do
    match = match and #select(from_a, {remote_port = r.local_port}) == 1
  end
  lab:check(match, "each connection appears at both ends with the four-tuple mirrored")
  return clients, accepted
end

-- `lsof -nP -i :P` in HOST: prints netlab's rows (host:lsof) as lsof does,
-- checks lsof itself prints the same once (CHECK); returns the rows.
local function lsof(host, p, check)
  local rows = assert(host:lsof{port = p})
  local text = netlab.fmt.lsof(rows)
  lab:show((text:gsub("\n$", "")))
  if check then
    local real = host:sh(("lsof -nP -i :%d"):format(p), {timeout = WAIT})
    lab:check(real == text, "lsof itself prints the same (host:lsof, netlab.fmt.lsof)")
  end
  return rows
end

-- Waits (at most WAIT seconds) until SERVER's connection on port P has an owner; returns its row.
local function owned(server, p)
  local deadline, est = netlab.now() + WAIT, nil
  repeat -- python accepts in its own time; until then no process holds the socket
    est = select(sockets(server), {state = "ESTABLISHED", local_port = p})[1]
    if not (est and est.pid) then netlab.sleep(0.02) end
  until (est and est.pid) or netlab.now() > deadline
  return est
end

-- Prints `ls -l /proc/PID/fd` for process PID (netlab.fd.list); returns its rows.
local function proc_fds(pid)
  local rows = assert(netlab.fd.list(pid))
  for _, r in ipairs(rows) do
    local ends = r.local_port and ("  %s %s:%s -> %s:%s %s"):format(r.proto, r["local"], r.local_port,
      r.remote or "*", r.remote_port or "*", r.state or "") or ""
    print(("  | %-3d -> %s%s"):format(r.fd, r.target, ends))
  end
  return rows
end

-- Part 3: lsof -i :PORT, and which process owns what.
local function part_lsof(a, server, web, accepted)
  print("\n== Part 3: who owns which socket (lsof) ==")
  lab:step(("lsof -nP -i :%d  # in server"):format(PORT), "every process holding a socket on that port, with its fd")
  local rows, fds, same = lsof(server, PORT, true), {}, true
  for _, r in ipairs(rows) do
    same = same and r.pid == my_pid()
    fds[r.fdnum] = true
  end
  local ours = true
  for _, s in ipairs(accepted) do ours = ours and fds[s:getfd()] ~= nil end
  lab:check(#rows == 4 and same, "four sockets on port 8080, all held by this one process (netlab)", #rows)
  lab:check(ours, "each accepted connection is one of its fds: accept() returned a new fd per connection")
  lab:step(("nc %s %d  # in a (connected, nothing sent yet)"):format(SERVER_IP, WEB),
    "a connection to the python server")
  local c <close> = assert(a:tcp())
  c:settimeout(WAIT)
  assert(c:connect(SERVER_IP, WEB))
  local est = owned(server, WEB)
  lab:step(("lsof -nP -i :%d  # in server"):format(WEB))
  lsof(server, WEB)
  lab:check(est and est.pid == web:pid() and est.command == "python3",
    "in the server, the connection on port 8000 belongs to python3: the process that accepted it",
    est and ("%s pid %s"):format(est.command, est.pid))
  lab:step(("ls -l /proc/%d/fd  # python3's fds (lsof -p %d)"):format(web:pid(), web:pid()))
  local pyfds = proc_fds(web:pid())
  lab:check(#select(pyfds, {state = "ESTABLISHED", local_port = WEB}) == 1
      and #select(pyfds, {state = "LISTEN", local_port = WEB}) == 1,
    "python3's own fds: its listening socket and the connection it accepted")
  local mine = select(sockets(a), {state = "ESTABLISHED", remote_port = WEB})[1]
  lab:check(mine and mine.pid == my_pid() and mine.fd == c:getfd(),
    "in a, its other end belongs to netlab (the client), on the client socket's fd", mine and mine.fd)
  lab:step("GET / HTTP/1.0  # typed into nc, then an empty line")
  assert(c:send("GET / HTTP/1.0\r\n\r\n"))
  local status = c:receive("*l")
  lab:show(status or "")
  lab:check(status and status:match("^HTTP/1%.%d 200") ~= nil, "python3 answers through that socket", status)
end

lab:run(function()
  local net <close> = netlab.lab()
  local a, b, server = build(net)
  local listener <close>, web = part_listen(server)
  local clients, accepted = part_many(a, b, server, listener)
  part_lsof(a, server, web, accepted)
  for _, s in ipairs(clients) do s:close() end
  for _, s in ipairs(accepted) do s:close() end
  web:stop()
end)
