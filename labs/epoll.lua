-- epoll: one process on one thread serves many clients through epoll, against a process per client; the epoll fd's watched sockets in /proc; select's 1024-fd limit; clients served in a fixed time
--
-- The course notes' Java server gives each client a thread of its own:
--   while (true) { Socket s = ss.accept(); new ServerThread(s).start(); }
-- Each thread blocks in its own read(), so one slow client holds up no
-- other. The other way to serve many clients at once is one thread that
-- never blocks: it asks the kernel which of its sockets are ready and
-- serves those (select, poll, epoll). netlab's own scheduler is such a
-- loop (edge-triggered epoll), so a netlab script is a one-thread server.
-- Here two servers run as real programs in the host "server", each a
-- process of its own that the lab inspects from outside through /proc:
--   $ netlab -e '...' &          port 7001: one process, one thread, epoll
--   $ python3 -c '...' &         port 7002: socketserver.ForkingTCPServer,
--                                a new process per client (what a thread
--                                per client is, with its own memory)
--   $ cat /proc/PID/fdinfo/EPFD  the sockets an epoll fd watches (tfd lines)
--   $ ps -o pid,ppid,nlwp,args   processes and threads (from /proc)
-- The network:
--
--   client 10.0.0.1 ---------------- server 10.0.0.2
--
-- The clients are tasks of this lab. Their protocol: a line "hello",
-- a line "bye"; the server answers "served by pid P (started T)" and
-- closes (T: the process's start time, /proc/PID/stat's 22nd field,
-- which tells apart two processes that had the same pid in turn).
-- Exit 0 only if every claim held.
-- Usage: netlab labs/epoll.lua [--clients N] [--seconds X]   (--help lists them)

local lesson = require "netlab.lesson"

local CLIENT_IP, SERVER_IP = lesson.CABLE_CLIENT_IP, lesson.CABLE_SERVER_IP
local EPOLL_PORT, FORK_PORT = 7001, 7002
local WAIT = 5       -- seconds any one network wait may take
local LIMIT = 40     -- seconds the whole lab may take
local HIGH_FD = 1500 -- the fd number past select's limit that part 2 uses
local WORKERS = 16   -- client tasks at once in part 3
local lab = lesson.new{name = "epoll", limit = LIMIT, programs = {"python3", "ps"}, params = {
  {"clients", 50, "clients connected at once to each server (part 1)", min = 2, max = 300},
  {"seconds", 1.0, "how long each server is timed in part 3", min = 0.2, max = 5},
}}
local CLIENTS, SECONDS = lab.params.clients, lab.params.seconds

-- The servers --------------------------------------------------------------

-- The epoll server: a netlab script (its tasks share one thread; the
-- scheduler waits for all their sockets in one epoll_wait). It stops
-- by itself LIMIT seconds after its last connection.
local EPOLL_SERVER = [[
local s = assert(netlab.tcp())
assert(s:setoption("reuseaddr", true))
assert(s:bind("@IP@", @PORT@))
assert(s:listen(1024))
local stat = io.open("/proc/self/stat"):read("a")
local pid, start = stat:match("^%d+"), select(20, stat:match("%) (.*)$"):match(("(%S+) "):rep(20)))
local function serve(c)
  c:settimeout(@WAIT@)
  local hello = c:receive("*l")
  if hello and c:receive("*l") then c:send("served by pid " .. pid .. " (started " .. start .. ")\n") end
  c:close()
end
s:settimeout(@LIMIT@)
print("listening " .. pid)
io.stdout:flush()
for _ = 1, 1000000 do
  local c = s:accept()
  if not c then break end
  netlab.spawn(serve, c)
end
]]

-- The forking server: Python's socketserver, one process per connection
-- (os.fork in process_request); the parent waits on its listener alone.
-- It ends itself after LIMIT seconds (SIGALRM).
local FORK_SERVER = [[
import os, signal, socketserver
signal.signal(signal.SIGALRM, lambda *a: os._exit(0))
signal.alarm(@LIMIT@)
class Handler(socketserver.StreamRequestHandler):
    def handle(self):
        self.request.settimeout(@WAIT@)
        if self.rfile.readline() and self.rfile.readline():
            start = open("/proc/self/stat").read().rsplit(")", 1)[1].split()[19]
            self.wfile.write(("served by pid %s (started %s)\n" % (os.readlink("/proc/self"), start)).encode())
class Server(socketserver.ForkingTCPServer):
    allow_reuse_address = True
    request_queue_size = 1024
    max_children = 100000
server = Server(("@IP@", @PORT@), Handler)
print("listening " + os.readlink("/proc/self"), flush=True)
server.serve_forever(poll_interval=0.05)
]]

-- Part 2's program: the same socket on a low fd and on fd HIGH (dup2),
-- handed to select, poll and epoll; it prints what each said, then
-- waits (WAIT seconds at most) for the lab to read its epoll fd.
local FD_SETSIZE_PROBE = [[
import os, resource, select, socket, time
soft, hard = resource.getrlimit(resource.RLIMIT_NOFILE)
high = min(@HIGH@, hard - 1)
if soft <= high:
    resource.setrlimit(resource.RLIMIT_NOFILE, (high + 1, hard))
print("limit %d %d" % (soft, hard))
if high < 1024:
    print("unreachable", flush=True)
    raise SystemExit(0)
s = socket.socket()
s.bind(("127.0.0.1", 0))
s.listen()
low = s.fileno()
os.dup2(low, high)
print("fds %d %d" % (low, high))
select.select([low], [], [], 0)
print("select low ok")
try:
    select.select([high], [], [], 0)
    print("select high ok")
except ValueError as e:
    print("select high ValueError: %s" % e)
p = select.poll()
p.register(high, select.POLLIN)
p.poll(0)
print("poll high ok")
ep = select.epoll()
ep.register(high, select.EPOLLIN)
ep.poll(0)
print("epoll %d ok" % ep.fileno(), flush=True)
time.sleep(@WAIT@)
]]

-- TEMPLATE with each @NAME@ replaced by VALUES[NAME].
local function fill(template, values)
  return (template:gsub("@(%u+)@", function(k) return tostring(assert(values[k], k)) end))
end

-- CODE in the shell's single quotes (it has none of its own).
local function quoted(code)
  assert(not code:find("'", 1, true), "the code is quoted in ''")
  return "'" .. code .. "'"
end

-- The command that runs netlab itself (this very binary) on CODE.
local function netlab_command(code)
  local me = io.open("/proc/self/stat"):read("n")
  return ("exec /proc/%d/exe -e %s"):format(me, quoted(code))
end

-- Waits (WAIT seconds at most) until process P prints its "listening
-- PID" line; returns that pid.
local function listening(p)
  for _ = 1, 100 * WAIT do
    local pid = p:output():match("listening (%d+)")
    if pid then return tonumber(pid) end
    if not p:pid() then break end
    netlab.sleep(0.01)
  end
  local out, err = p:output()
  error(("the server did not start: %s%s"):format(out, err))
end

-- Starts both servers in host SERVER; returns their processes and pids.
local function start_servers(server)
  lab:step(("netlab -e '...' &  # in server: port %d, a netlab script"):format(EPOLL_PORT),
    "one process; its tasks share one thread, their sockets one epoll fd")
  local values = {IP = SERVER_IP, WAIT = WAIT, LIMIT = LIMIT}
  values.PORT = EPOLL_PORT
  local ep = assert(server:start(netlab_command(fill(EPOLL_SERVER, values))))
  lab:step(("python3 -c '...' &  # in server: port %d, socketserver.ForkingTCPServer"):format(FORK_PORT),
    "a new process per client: fork() in process_request, as new ServerThread(s).start() is a thread")
  values.PORT = FORK_PORT
  local fk = assert(server:start("exec python3 -c " .. quoted(fill(FORK_SERVER, values))))
  return ep, listening(ep), fk, listening(fk)
end

-- /proc --------------------------------------------------------------------

-- The text of a file, or nil.
local function read_file(path)
  local f = io.open(path)
  if not f then return nil end
  local text = f:read("a")
  f:close()
  return text
end

-- Every live process (not a zombie) on the machine, from /proc/N/stat
-- and /proc/N/status: pid -> {ppid =, threads =, comm =}.
local function processes()
  local out = {}
  local ls = assert(netlab.sh("ls /proc", {timeout = WAIT}))
  for pid in ls:gmatch("%d+") do
    local stat, status = read_file("/proc/" .. pid .. "/stat"), read_file("/proc/" .. pid .. "/status")
    local comm, state, ppid = (stat or ""):match("^%d+ %((.*)%) (%S) (%d+)")
    if comm and state ~= "Z" and status then
      out[tonumber(pid)] = {ppid = tonumber(ppid), comm = comm, threads = tonumber(status:match("\nThreads:%s*(%d+)"))}
    end
  end
  return out
end

-- PID and its descendants in PROCS (processes()): a sorted list of pids.
local function tree(procs, pid)
  local out, seen = {pid}, {[pid] = true}
  for _ = 1, 64 do -- generations
    local grew = false
    for p, info in pairs(procs) do
      if not seen[p] and seen[info.ppid] then
        seen[p], grew = true, true
        out[#out + 1] = p
      end
    end
    if not grew then break end
  end
  table.sort(out)
  return out
end

-- The threads of the processes PIDS in PROCS, in all.
local function threads(procs, pids)
  local n = 0
  for _, p in ipairs(pids) do n = n + ((procs[p] or {}).threads or 0) end
  return n
end

-- Shows what `ps -o pid,ppid,nlwp,args` prints for PIDS: its first
-- lines and the count of the rest.
local function show_ps(pids)
  local list = {}
  for i = 1, #pids do list[i] = tostring(pids[i]) end
  lab:step("ps -o pid,ppid,nlwp,args -p " .. (#pids > 3 and (list[1] .. "," .. list[2] .. ",...") or table.concat(list, ",")),
    "NLWP: the process's threads (/proc/PID/task)")
  local out = assert(netlab.sh("ps -o pid,ppid,nlwp,args -p " .. table.concat(list, ","), {timeout = WAIT}))
  local lines = {}
  for line in out:gmatch("[^\n]+") do
    lines[#lines + 1] = line:gsub(" %-([ec]) .*", " -%1 '...'") -- the server's code, left out
  end
  local shown = table.concat(lines, "\n", 1, math.min(#lines, 5))
  if #lines > 6 then shown = shown .. ("\n... (%d more)"):format(#lines - 5) end
  lab:show(shown)
  return #lines - 1
end

-- The clients ----------------------------------------------------------------

-- Connects N clients from host CLIENT to PORT, each saying hello;
-- returns their sockets.
local function connect_all(client, port, n)
  local socks = {}
  for i = 1, n do
    local c = assert(client:tcp())
    c:settimeout(WAIT)
    assert(c:connect(SERVER_IP, port))
    assert(c:send("hello\n"))
    socks[i] = c
  end
  return socks
end

-- Waits (WAIT seconds at most) until the server host has N established
-- connections on PORT; returns how many it has.
local function established(server, port, n)
  local got = 0
  for _ = 1, 100 * WAIT do
    got = 0
    for _, r in ipairs(assert(server:sockets{proto = "tcp", port = port})) do
      if r.state == "ESTABLISHED" and r.local_port == port then got = got + 1 end
    end
    if got >= n then break end
    netlab.sleep(0.01)
  end
  return got
end

-- Says bye on each of SOCKS and reads the answers; returns the count of
-- each answering pid and how many answered.
local function bye_all(socks)
  for _, c in ipairs(socks) do c:send("bye\n") end
  local pids, answered = {}, 0
  for _, c in ipairs(socks) do
    local pid = tonumber(((c:receive("*l")) or ""):match("^served by pid (%d+) %(started %d+%)$"))
    if pid then
      pids[pid] = (pids[pid] or 0) + 1
      answered = answered + 1
    end
    c:close()
  end
  return pids, answered
end

-- The keys of T, sorted.
local function keys(t)
  local out = {}
  for k in pairs(t) do out[#out + 1] = k end
  table.sort(out)
  return out
end

-- Part 1: N clients at once ----------------------------------------------------

-- The server process's connections to the client: fd -> inode, from
-- its fd list (ls -l /proc/PID/fd with the kernel's socket table).
local function connections(pid)
  local out, n = {}, 0
  for _, r in ipairs(assert(netlab.fd.list(pid))) do
    if r.state == "ESTABLISHED" and r.remote == CLIENT_IP then
      out[r.fd], n = tonumber(r.target:match("%d+")), n + 1
    end
  end
  return out, n
end

-- Shows /proc/PID/fdinfo/EPFD as cat prints it (its first tfd lines),
-- then what those fds are: ROWS are fd.epoll's.
local function show_fdinfo(pid, epfd, rows)
  local lines, shown = {}, {}
  for line in (read_file(("/proc/%d/fdinfo/%d"):format(pid, epfd)) or ""):gmatch("[^\n]+") do
    local tfd = tonumber(line:match("^tfd:%s*(%d+)"))
    if tfd then shown[#shown + 1] = tfd end
    if #shown <= 4 then lines[#lines + 1] = line end
  end
  if #shown > 4 then lines[#lines + 1] = ("... (%d more tfd lines)"):format(#shown - 4) end
  lab:show(table.concat(lines, "\n"))
  local by_fd = {}
  for _, r in ipairs(rows) do by_fd[r.fd] = r end
  for i = 1, math.min(4, #shown) do
    local r = by_fd[shown[i]]
    if r then
      print(("  fd %d -> %s: ino %x is %d; events %x = %s"):format(r.fd, r.target, r.ino, r.ino, r.events, r.flags))
    end
  end
end

-- Shows the epoll server's epoll fd and checks it watches the listener
-- and exactly the N connections, by fd and by inode.
local function epoll_watches(pid)
  local rows, epfd = assert(netlab.fd.epoll(pid))
  lab:step(("ls -l /proc/%d/fd; cat /proc/%d/fdinfo/%d"):format(pid, pid, epfd),
    "fd " .. epfd .. " -> anon_inode:[eventpoll]; each tfd line is a watched fd, ino its inode (hex)")
  show_fdinfo(pid, epfd, rows)
  local conns, n = connections(pid)
  local matched, listener = 0, nil
  for _, r in ipairs(rows) do
    if conns[r.fd] and conns[r.fd] == r.ino then matched = matched + 1 end
    if r.target == ("socket:[%d]"):format(r.ino) and not conns[r.fd] then listener = r end
  end
  lab:check(n == CLIENTS and matched == CLIENTS,
    ("its epoll fd watches every one of the %d connections: each tfd is the connection's fd, each ino its socket's inode")
      :format(CLIENTS), ("%d connections, %d matched"):format(n, matched))
  lab:check(#rows == CLIENTS + 1 and listener ~= nil,
    "and one more, the listening socket: one epoll_wait covers them all", ("%d tfd lines"):format(#rows))
  lab:check(rows[1] and rows[1].flags:find("ET$") ~= nil,
    "each is watched for IN and OUT, edge-triggered (EPOLLET: told once per change, read until EAGAIN)",
    rows[1] and rows[1].flags)
end

-- Part 1 against the epoll server (PID on EPOLL_PORT).
local function part1_epoll(client, server, pid)
  print(("\n== Part 1a: %d clients at once, one process with epoll =="):format(CLIENTS))
  lab:java("client", ("%d x: Socket s = new Socket(\"%s\", %d); out.println(\"hello\");"):format(CLIENTS, SERVER_IP, EPOLL_PORT))
  local socks = connect_all(client, EPOLL_PORT, CLIENTS)
  local n = established(server, EPOLL_PORT, CLIENTS)
  print(("  the server host has %d connections established on port %d"):format(n, EPOLL_PORT))
  local procs = processes()
  local pids = tree(procs, pid)
  show_ps(pids)
  lab:check(#pids == 1 and threads(procs, pids) == 1,
    ("one process, one thread holds all %d clients (/proc/%d/status Threads: 1, no child)"):format(CLIENTS, pid),
    ("%d process, %d thread"):format(#pids, threads(procs, pids)))
  epoll_watches(pid)
  local answers, answered = bye_all(socks)
  lab:check(answered == CLIENTS and answers[pid] == CLIENTS,
    ("after bye, all %d answers say \"served by pid %d\": the one process"):format(CLIENTS, pid),
    ("%d answered by %d pid(s)"):format(answered, #keys(answers)))
end

-- Whether each child of CHILDREN holds exactly one of the connections,
-- all of them told apart (by inode); returns that and the count.
local function one_each(children)
  local seen, held = {}, 0
  for _, p in ipairs(children) do
    local conns, n = connections(p)
    if n ~= 1 then return false, held end
    local _, ino = next(conns)
    if seen[ino] then return false, held end
    seen[ino], held = true, held + 1
  end
  return true, held
end

-- Part 1 against the forking server (PID on FORK_PORT).
local function part1_fork(client, server, pid)
  print(("\n== Part 1b: %d clients at once, a process per client =="):format(CLIENTS))
  lab:java("server", "while (true) { Socket s = ss.accept(); new ServerThread(s).start(); }",
    "here: pid = fork() for each accepted connection, the child serves it and exits")
  local socks = connect_all(client, FORK_PORT, CLIENTS)
  local n = established(server, FORK_PORT, CLIENTS)
  print(("  the server host has %d connections established on port %d"):format(n, FORK_PORT))
  local procs, pids
  for _ = 1, 100 * WAIT do -- the last forks may lag the last connections
    procs = processes()
    pids = tree(procs, pid)
    if #pids >= CLIENTS + 1 then break end
    netlab.sleep(0.01)
  end
  show_ps(pids)
  lab:check(#pids == CLIENTS + 1 and threads(procs, pids) == CLIENTS + 1,
    ("%d processes: the parent and a child per client, each with one thread"):format(CLIENTS + 1),
    ("%d processes, %d threads"):format(#pids, threads(procs, pids)))
  local children = {}
  for _, p in ipairs(pids) do if p ~= pid then children[#children + 1] = p end end
  local ok, held = one_each(children)
  lab:check(ok and held == CLIENTS, "each child's fds hold one client's connection, a different one each",
    ("%d of %d"):format(held, #children))
  local _, err = netlab.fd.epoll(pid)
  lab:check(err ~= nil, "the parent holds no epoll fd: it waits in poll() on its listener alone", err)
  local answers, answered = bye_all(socks)
  local from_children = 0
  for p, count in pairs(answers) do
    if count == 1 and procs[p] and procs[p].ppid == pid then from_children = from_children + 1 end
  end
  lab:check(answered == CLIENTS and from_children == CLIENTS,
    ("after bye, %d answers from %d different pids: each client's own child"):format(CLIENTS, CLIENTS),
    ("%d answered, %d by a child each"):format(answered, from_children))
end

-- Part 2: select's FD_SETSIZE ------------------------------------------------

-- The lines the probe printed once it has printed LAST (WAIT seconds at most).
local function probe_output(p, last)
  for _ = 1, 100 * WAIT do
    local out = p:output()
    if out:find(last) or out:find("unreachable") or not p:pid() then return out end
    netlab.sleep(0.01)
  end
  return p:output()
end

-- Part 2: an fd past 1024 in select, poll and epoll.
local function part2(server)
  print("\n== Part 2: select() takes fds below 1024 only (FD_SETSIZE) ==")
  print("  select's fd_set is a bitmap of FD_SETSIZE = 1024 bits (128 bytes): fd N is bit N.")
  print("  FD_SET(1500, &set) would write past its end (glibc's _FORTIFY_SOURCE aborts the")
  print("  program: *** buffer overflow detected ***); poll and epoll take a list instead.")
  lab:step(("python3 -c 's = socket.socket(); os.dup2(s.fileno(), %d); select.select([%d], ...)'  # in server")
    :format(HIGH_FD, HIGH_FD), "the same socket on a low fd and on a high one (ulimit -n allowing)")
  local p <close> = assert(server:start("exec python3 -c " .. quoted(fill(FD_SETSIZE_PROBE, {HIGH = HIGH_FD, WAIT = WAIT}))))
  local out = probe_output(p, "epoll %d+ ok")
  lab:show((out:gsub("\n$", "")))
  local soft, hard = out:match("limit (%d+) (%d+)")
  if out:find("unreachable") then
    print(("  this machine lets a process hold %s fds at most (ulimit -Hn): no fd reaches 1024, so select's"
      .. " limit cannot be met here"):format(hard))
    return
  end
  print(("  ulimit -n was %s (hard %s): a process may hold more fds than select can name"):format(soft, hard))
  local low, high = out:match("fds (%d+) (%d+)")
  local rows = {}
  for _, r in ipairs(assert(netlab.fd.list(p:pid()))) do rows[r.fd] = r.target end
  low, high = tonumber(low), tonumber(high)
  lab:check(high and high >= 1024 and rows[low] and rows[low] == rows[high],
    ("fd %s and fd %s are one socket (/proc/PID/fd: both %s)"):format(low, high, rows[low]))
  lab:check(out:find("select low ok") and out:find("select high ValueError: filedescriptor out of range in select()", 1, true),
    ("select() takes fd %d; fd %d is refused before the call (Python: filedescriptor out of range in select())")
      :format(low, high))
  local watched, epfd = netlab.fd.epoll(p:pid())
  local seen = false
  for _, r in ipairs(watched or {}) do
    if r.fd == high and ("socket:[%d]"):format(r.ino) == rows[high] then seen = true end
  end
  lab:check(out:find("poll high ok") and seen,
    ("poll() and epoll take fd %d: /proc/PID/fdinfo/%s lists tfd %d with the socket's inode"):format(high, epfd, high))
end

-- Part 3: clients served in a fixed time ---------------------------------------

-- One client task: connects, says hello and bye, reads the answer, again
-- and again until DEADLINE; counts in STATS.
local function worker(client, port, deadline, stats)
  for _ = 1, 1000000 do
    if netlab.now() >= deadline then return end
    local c <close> = assert(client:tcp())
    c:settimeout(WAIT)
    local ok, err = c:connect(SERVER_IP, port)
    local line = ok and c:send("hello\nbye\n") and c:receive("*l")
    local pid, start = (line or ""):match("^served by pid (%d+) %(started (%d+)%)$")
    if pid then
      stats.served = stats.served + 1
      stats.pids[tonumber(pid)] = true
      stats.processes[pid .. "/" .. start] = true
    else
      stats.errors = stats.errors + 1
      stats.last_error = err or line
    end
  end
end

-- Times the server on PORT for SECONDS with WORKERS clients at a time;
-- returns its stats {served, errors, pids}.
local function timed(client, port)
  local stats = {served = 0, errors = 0, pids = {}, processes = {}}
  local deadline = netlab.now() + SECONDS
  local tasks = {}
  for i = 1, WORKERS do tasks[i] = netlab.spawn(worker, client, port, deadline, stats) end
  for _, t in ipairs(tasks) do t:join(SECONDS + 2 * WAIT) end
  return stats
end

-- Part 3: both servers, the same clients, the same time.
local function part3(client, epoll_pid, fork_pid)
  print(("\n== Part 3: clients served in %g s, %d connecting at a time =="):format(SECONDS, WORKERS))
  lab:step(("for %g s: connect, hello, bye, read the answer, close; %d clients at a time"):format(SECONDS, WORKERS))
  local ep = timed(client, EPOLL_PORT)
  local fk = timed(client, FORK_PORT)
  print(("  %-28s %8s %10s %8s %s"):format("server", "served", "per second", "errors", "pids that answered"))
  print(("  %-28s %8d %10.0f %8d %d"):format("epoll, one process", ep.served, ep.served / SECONDS, ep.errors,
    #keys(ep.pids)))
  print(("  %-28s %8d %10.0f %8d %d"):format("fork, a process per client", fk.served, fk.served / SECONDS, fk.errors,
    #keys(fk.pids)))
  lab:check(ep.served > 0 and ep.errors == 0 and #keys(ep.pids) == 1 and ep.pids[epoll_pid],
    ("the epoll server served %d clients, every one by pid %d"):format(ep.served, epoll_pid), ep.last_error)
  lab:check(fk.served > 0 and fk.errors == 0 and #keys(fk.processes) == fk.served and not fk.pids[fork_pid],
    ("the forking server served %d clients, each by a new process: %d (pid, start time) pairs, none the parent's")
      :format(fk.served, #keys(fk.processes)), fk.last_error)
  lab:check(ep.served > fk.served,
    "in the same time the epoll server served more: a fork per client costs a new process each time",
    ("%.2f ms a client against %.2f ms, %.1f times as many"):format(1000 * SECONDS / math.max(ep.served, 1),
      1000 * SECONDS / math.max(fk.served, 1), ep.served / math.max(fk.served, 1)))
end

lab:run(function()
  local net <close> = netlab.lab()
  local client, server = lab:one_cable(net)
  local ep, epoll_pid, fk, fork_pid = start_servers(server)
  local _ <close> = ep
  local _ <close> = fk
  print(("  the epoll server is pid %d, the forking server pid %d (as /proc names them)"):format(epoll_pid, fork_pid))
  part1_epoll(client, server, epoll_pid)
  part1_fork(client, server, fork_pid)
  part2(server)
  part3(client, epoll_pid, fork_pid)
end)
