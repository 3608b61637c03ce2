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
local lab = lesson.new{name = "unix_socket", limit = LIMIT, on_timeout = cleanup, params = {}}
workdir = run("mktemp -d -t netlab-unix.XXXXXX"):match("^(.-)\n") -- in $TMPDIR or /tmp
assert(workdir, "cannot create a temporary directory")

-- Formats a failure as "message (ERRNAME)".
local function why(msg, code)
  if not msg then return "ok" end
  return ("%s (%s)"):format(msg, code and netlab.errno[code] or "?")
end

-- Parts --------------------------------------------------------------------

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
  server:cancel()
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
