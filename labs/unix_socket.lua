-- unix_socket: local-socket IPC (stream and datagram) through files, and its errors: no server, no permission
--
-- A unix-domain socket is named by a file path instead of an IP address
-- and port; only processes on the same machine can reach it. This lab, in
-- a temporary directory it removes at the end:
--   1. a stream server and client (nc -lU PATH / nc -U PATH);
--   2. datagrams both ways, and why an unbound sender gets no answer;
--   3. what happens when no server listens (no file; a leftover file);
--   4. bind where you may not write; root skips that check, so as root the
--      lab says so and shows paths that fail for everyone instead.
-- Exit 0 only if every claim held.

local lesson = require "netlab.lesson"

local WAIT = 5   -- seconds any single wait may take
local LIMIT = 20 -- seconds the whole lab may take

-- Files ----------------------------------------------------------------------

-- Quotes S for /bin/sh.
local function q(s) return "'" .. tostring(s):gsub("'", "'\\''") .. "'" end

-- Runs a short shell command and returns its output (for ls and mktemp).
local function run(cmd)
  local p = assert(io.popen(cmd .. " 2>&1"))
  local out = p:read("a")
  p:close()
  return out
end

-- Prints `ls -l` (or ls FLAGS) of PATH, indented.
local function ls(path, flags)
  for line in run(("ls %s %s"):format(flags or "-l", q(path))):gmatch("[^\n]+") do
    print("  " .. line)
  end
end

-- The file type letter of PATH as ls shows it ("s" for a socket), or nil.
local function filetype(path)
  local out = run("ls -ld " .. q(path))
  return out:match("^(%a)[-rwxsStT]+") or (out:match("^%-") and "-")
end

-- Whether this process skips file permission checks: euid 0 or
-- CAP_DAC_OVERRIDE (capability bit 1) in /proc/self/status.
local function privileged()
  local f = io.open("/proc/self/status")
  if not f then return false, "?" end
  local text = f:read("a")
  f:close()
  local euid = tonumber(text:match("\nUid:%s+%d+%s+(%d+)"))
  local cap = tonumber(text:match("\nCapEff:%s+(%x+)") or "0", 16) or 0
  return euid == 0 or cap & 2 ~= 0, euid
end

-- The temporary directory the lab works in, made once the lab has
-- started (a lab that stops at its start, a program missing, makes none).
local workdir

-- Removes the temporary directory and everything in it.
local function cleanup()
  if workdir then run(("chmod -R u+w %s; rm -rf %s"):format(q(workdir), q(workdir))) end
end

-- A lab never hangs: past LIMIT seconds it reports, cleans up and fails.
local lab = lesson.new{name = "unix_socket", limit = LIMIT, on_timeout = cleanup, params = {},
  programs = {"ss", "netstat"}}
local socket_table -- shows the server in the kernel's socket table (below)
workdir = run("mktemp -d -t netlab-unix.XXXXXX"):match("^(.-)\n") -- in $TMPDIR or /tmp
assert(workdir, "cannot create a temporary directory")

-- Formats a failure as "message (ERRNAME)".
local function why(msg, code)
  if not msg then return "ok" end
  return ("%s (%s)"):format(msg, code and netlab.errno[code] or "?")
end

-- Parts --------------------------------------------------------------------

-- The rows of ROWS whose FIELD is VALUE.
local function where(rows, field, value)
  local out = {}
  for _, r in ipairs(rows) do
    if r[field] == value then out[#out + 1] = r end
  end
  return out
end

-- The lines of TEXT that contain WORD as a whole word.
local function grep(text, word)
  local out = {}
  for line in text:gmatch("[^\n]+") do
    if (" " .. line .. " "):find("[%s]" .. word .. "[%s]") then out[#out + 1] = line end
  end
  return out
end

-- This process's pid, as /proc (where the rows' owners are found) says.
local function own_pid()
  local f = io.open("/proc/self/stat")
  local pid = f and f:read("n")
  if f then f:close() end
  return pid
end

-- ROWS as the tools see them: as they are when SEEN (ss named an owner),
-- else without the owner (netlab runs rootless: its fds are not the
-- ordinary user's to read, and ss and netstat run as that user).
local function as_tools_see(rows, seen)
  if seen then return rows end
  local out = {}
  for i, r in ipairs(rows) do
    out[i] = {}
    for k, v in pairs(r) do out[i][k] = v end
    out[i].pid, out[i].fd, out[i].command, out[i].program, out[i].owners = nil, nil, nil, nil, nil
  end
  return out
end

-- The kernel's table of unix sockets (sock_diag), with this lab's
-- server in it: the listener and the connection it accepted are named
-- by PATH, the client's end is unnamed and points at the accepted one.
-- Each is shown as ss -xap and netstat -x -alepn print it and checked
-- against those tools run now on this machine (which, run by an
-- ordinary user, cannot name netlab as the owner).
socket_table = function(path)
  local rows = assert(netlab.here:sockets{proto = "unix"})
  local named = where(rows, "path", path)
  local listen, accepted = where(named, "state", "LISTEN")[1], where(named, "state", "ESTABLISHED")[1]
  local client = accepted and where(rows, "inode", accepted.peer)[1]
  lab:step("ss -xap src " .. path, "the kernel's unix socket table (sock_diag): netlab.here:sockets{proto = \"unix\"}")
  local text = netlab.fmt.ss(named, "-xp")
  lab:show((text:gsub("\n$", "")))
  local real_ss = netlab.sh("ss -xap src " .. path, {timeout = WAIT}) or ""
  local seen = real_ss:find("users:(", 1, true) ~= nil
  lab:check(netlab.fmt.ss(as_tools_see(named, seen), "-xp") == real_ss,
    "netlab.fmt.ss(rows, \"-xp\") is what ss -xap prints")
  lab:check(listen and listen.type == "stream" and listen.pid == own_pid(),
    "the server is in the table: a stream socket LISTENing on the path, held by this process",
    listen and ("inode %d, pid %s"):format(listen.inode, tostring(listen.pid)))
  lab:check(accepted and client and client.peer == accepted.inode and client.path == "",
    "the accepted connection and the client point at each other by inode; the client has no name",
    client and ("%d <-> %d"):format(accepted.inode, client.inode))
  local mine = {listen, accepted, client}
  if #mine < 3 then return end -- the claims above failed
  lab:step(("netstat -x -alepn | grep -w -e %d -e %d -e %d"):format(listen.inode, accepted.inode, client.inode),
    "the same three sockets as netstat prints them")
  local ours = netlab.fmt.netstat(mine, "-x")
  lab:show((ours:gsub("\n$", "")))
  local lines, real, same = {}, netlab.sh("netstat -x -alepn", {timeout = WAIT}), true
  for line in netlab.fmt.netstat(as_tools_see(mine, seen), "-x"):gmatch("[^\n]+") do lines[#lines + 1] = line end
  for i, r in ipairs(mine) do -- row i is line i + 2, past the two headers
    local found = grep(real, tostring(r.inode))
    same = same and #found == 1 and found[1] == lines[i + 2]
  end
  lab:check(same, "netlab.fmt.netstat(rows, \"-x\") prints each as netstat -x -alepn does")
end

-- Part 1: a stream server and client through a socket file.
local function part_stream(dir)
  print("\n== Part 1: stream sockets: a server and a client through a file ==")
  local path = dir .. "/stream.sock"
  lab:step("nc -lU " .. path .. " &", "netlab.unix():bind(path); listen(): bind creates the file")
  local listener <close> = assert(netlab.unix())
  local ok, err, code = listener:bind(path)
  lab:check(ok, "bind on a path in a writable directory works", why(err, code))
  assert(listener:listen(4))
  listener:settimeout(WAIT)
  lab:step("ls -l " .. dir)
  ls(dir)
  lab:check(filetype(path) == "s", "the socket is a file of type s in the directory")
  local log = {}
  local server = netlab.daemon(function()
    local c = listener:accept()
    if not c then return end
    c:settimeout(WAIT)
    log.line = c:receive("*l")
    c:send("echo: " .. tostring(log.line):upper() .. "\n")
    c:receive("*a") -- until the client closes: the table below stays still
    c:close()
  end)
  lab:step("echo 'hello over a file' | nc -U " .. path, "netlab.unix():connect(path)")
  local c <close> = assert(netlab.unix())
  c:settimeout(WAIT)
  ok, err, code = c:connect(path)
  lab:check(ok, "connect by path reaches the server", why(err, code))
  print(("  client's peer: %s"):format(tostring(c:getpeername())))
  c:send("hello over a file\n")
  local answer = c:receive("*l")
  print(("  server got %q, client got %q"):format(tostring(log.line), tostring(answer)))
  lab:check(log.line == "hello over a file" and answer == "echo: HELLO OVER A FILE",
    "the line went over and the answer came back", answer)
  lab:check(c:getpeername() == path, "the client's peer name is the server's path", c:getpeername())
  socket_table(path)
  c:close()
  server:join(WAIT)
end

-- Part 2: datagrams between two bound sockets, and an unbound sender.
local function part_dgram(dir)
  print("\n== Part 2: datagram sockets: each end needs its own path to get answers ==")
  local spath, cpath = dir .. "/dgram.sock", dir .. "/client.sock"
  lab:step("socat UNIX-RECVFROM:" .. spath .. ",fork -", "netlab.unix(\"dgram\"):bind(path)")
  local server <close> = assert(netlab.unix("dgram"))
  assert(server:bind(spath))
  server:settimeout(WAIT)
  lab:step(("echo ping | socat - UNIX-SENDTO:%s,bind=%s"):format(spath, cpath),
    "the client binds its own path, then sendto(data, server path)")
  local client <close> = assert(netlab.unix("dgram"))
  assert(client:bind(cpath))
  client:settimeout(WAIT)
  client:sendto("ping", spath)
  local data, from = server:receivefrom()
  print(("  server: receivefrom() -> %q, %q"):format(tostring(data), tostring(from)))
  lab:check(data == "ping" and from == cpath, "receivefrom gives the data and the sender's path", from)
  server:sendto("pong", from)
  local reply, rfrom = client:receivefrom()
  print(("  client: receivefrom() -> %q, %q"):format(tostring(reply), tostring(rfrom)))
  lab:check(reply == "pong" and rfrom == spath, "the answer to that path came back from the server's path", rfrom)

  lab:step("echo ping | socat - UNIX-SENDTO:" .. spath, "a sender that never bound a path")
  local anon <close> = assert(netlab.unix("dgram"))
  anon:sendto("ping", spath)
  data, from = server:receivefrom()
  print(("  server: receivefrom() -> %q, %q"):format(tostring(data), tostring(from)))
  lab:check(data == "ping" and (from == nil or from == ""),
    "an unbound sender has no address: nobody can answer it", ("%q"):format(tostring(from)))
end

-- Part 3: connecting when no server listens; returns the leftover path.
local function part_no_server(dir)
  print("\n== Part 3: no server ==")
  local missing = dir .. "/nobody.sock"
  lab:step("nc -U " .. missing, "no such file: nobody ever bound this path")
  local c = assert(netlab.unix())
  local ok, err, code = c:connect(missing)
  c:close()
  print("  connect: " .. why(err, code))
  lab:check(not ok and code == netlab.errno.ENOENT, "connect to a missing path fails with ENOENT", why(err, code))

  local stale = dir .. "/stale.sock"
  local s = assert(netlab.unix())
  assert(s:bind(stale))
  assert(s:listen())
  s:close()
  lab:step("nc -U " .. stale, "a server bound this path, listened, and exited: its file stays")
  ls(stale)
  c = assert(netlab.unix())
  ok, err, code = c:connect(stale)
  c:close()
  print("  connect: " .. why(err, code))
  lab:check(not ok and code == netlab.errno.ECONNREFUSED,
    "connect to a leftover file with nobody listening is refused", why(err, code))

  local d = assert(netlab.unix("dgram"))
  ok, err, code = d:sendto("anyone?", stale)
  d:close()
  print("  datagram sendto the same path: " .. why(err, code))
  lab:check(not ok and code == netlab.errno.ECONNREFUSED, "a datagram to it is refused too", why(err, code))
  return stale
end

-- Part 3, continued: a new server on the path of one that exited.
local function part_leftover(stale)
  lab:step("nc -lU " .. stale, "a new server on the leftover path")
  local s = assert(netlab.unix())
  local ok, err, code = s:bind(stale)
  print("  bind: " .. why(err, code))
  lab:check(not ok and code == netlab.errno.EADDRINUSE,
    "bind on a leftover file fails: address already in use", why(err, code))
  lab:step("rm " .. stale .. " && nc -lU " .. stale, "so servers remove the old file first")
  os.remove(stale)
  ok, err, code = s:bind(stale)
  s:close()
  lab:check(ok, "after removing the file, bind works", why(err, code))
  os.remove(stale)
end

-- Binds a stream socket at PATH, removes what it created; returns the result.
local function try_bind(path)
  local s = assert(netlab.unix())
  local ok, err, code = s:bind(path)
  s:close()
  if ok then os.remove(path) end
  print("  bind: " .. (ok and "ok, " .. path .. " created" or why(err, code)))
  return ok, err, code
end

-- Part 4: bind where the process may not create a file.
local function part_permission(dir)
  print("\n== Part 4: no permission to create the file ==")
  local ro = dir .. "/readonly"
  run(("mkdir -m 555 %s"):format(q(ro)))
  local priv, euid = privileged()
  lab:step("ls -ld " .. ro)
  ls(ro, "-ld")
  lab:step("nc -lU " .. ro .. "/x.sock", "bind must create a file in a directory without write permission")
  local ok, err, code = try_bind(ro .. "/x.sock")
  if not priv then
    lab:check(not ok and code == netlab.errno.EACCES,
      "bind in a directory without write permission fails: permission denied", why(err, code))
    return
  end
  print(("  This process runs as uid %s with CAP_DAC_OVERRIDE (root): the kernel"):format(euid))
  print("  skips file permission checks for it, so the r-x directory does not stop it.")
  print("  An ordinary user would get: permission denied (EACCES).")
  lab:check(ok, "as root, bind in a directory without write permission works (root bypasses the check)",
    why(err, code))
  print("  Paths that fail for root too:")
  lab:step("nc -lU " .. dir .. "/no/such/dir/x.sock", "a directory that does not exist")
  ok, err, code = try_bind(dir .. "/no/such/dir/x.sock")
  lab:check(not ok and code == netlab.errno.ENOENT, "bind under a missing directory fails with ENOENT", why(err, code))
  lab:step("nc -lU /proc/netlab-lab.sock", "/proc is the kernel's view of processes: nobody creates files there")
  ok, err, code = try_bind("/proc/netlab-lab.sock")
  lab:check(not ok, "bind in /proc fails even for root", why(err, code))
end

-- The lab ------------------------------------------------------------------

-- The parts under the watchdog, then the clean-up, checked, and the verdict.
print("temporary directory: " .. workdir)
lab:try(function()
  part_stream(workdir)
  part_dgram(workdir)
  part_leftover(part_no_server(workdir))
  part_permission(workdir)
end)
lab:step("rm -r " .. workdir, "clean up: the socket files and directories")
cleanup()
lab:check(io.open(workdir) == nil, "the temporary directory is gone")
lab:finish()
