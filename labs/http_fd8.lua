-- http_fd8: bash's exec 8<> /dev/tcp/HOST/80: HTTP through fd 8, the socket in /proc/self/fd, exec 8<&-
--
-- The course notes talk to a web server from bash alone:
--   $ exec 8<> /dev/tcp/www.baidu.com/80     open a TCP connection on fd 8
--   $ echo -e "GET / HTTP/1.0\n" 1>&8         send a request through it
--   $ cat 0<&8                                read the answer
--   $ ls -l /proc/self/fd                     fd 8 -> socket:[inode]
--   $ exec 8<&-                               close fd 8
-- This lab does the same against a small HTTP/1.0 server it starts itself
-- on a sandbox host named www.baidu.com, one router away from the client
-- host (each a network namespace of this process):
--
--   client 10.0.1.2 --- r 10.0.1.1 | 10.0.2.1 --- www.baidu.com 10.0.2.2
--
-- first with netlab.fd, then again through a real /bin/sh that inherits
-- fd 8, and checks what the notes claim. Exit 0 only if every claim held.
-- Usage: netlab labs/http_fd8.lua [--real HOST]
--   --real HOST  no lab: this machine's own network, HOST port 80 (needs
--                a working network and DNS; the server-side checks and
--                the exact page are skipped).

local lesson = require "netlab.lesson"

-- Where the web server listens: a lab host named like the notes' server.
local server_host = "www.baidu.com"
local server_port = 80
local notes_host, notes_port = "www.baidu.com", 80 -- what the notes used
local CLIENT_IP, SERVER_IP = lesson.CLIENT_IP, lesson.SERVER_IP
local FD = 8
local LIMIT = 20 -- seconds the whole lab may take
local WAIT = 5   -- seconds a connection may take (--real)

local lab = lesson.new{name = "http_fd8", limit = LIMIT, params = {
  {"real", nil, "no lab: this machine's own network, HOST port 80 (needs a working network and DNS)",
    type = "string", arg = "HOST"},
}}
-- --real HOST: the machine's network instead of the lab.
local real = lab.params.real
if real then server_host = real end
local client -- the lab host the connections come from (nil with --real)

local BODY = "<html>\n<head><title>netlab</title></head>\n"
  .. "<body><h1>Hello from the lab's web server</h1></body>\n</html>\n"

-- The web server -----------------------------------------------------------

-- The answer every request gets: a status line, headers, a blank line, HTML.
local function response()
  return table.concat({
    "HTTP/1.0 200 OK",
    "Server: netlab-lab/0.1",
    "Content-Type: text/html; charset=utf-8",
    "Content-Length: " .. #BODY,
    "Connection: close",
    "", BODY}, "\r\n")
end

-- Serves up to MAX connections: reads the request head, answers, closes.
-- Each request is logged as {line =, ip =, port =} for the checks.
local function http_server(listener, max, log)
  for _ = 1, max do
    local c = listener:accept()
    if not c then return end
    c:settimeout(5)
    local entry = {}
    entry.ip, entry.port = c:getpeername()
    for _ = 1, 50 do -- the request line and headers, up to a blank line
      local line = c:receive("*l")
      if not line or line == "" then break end
      entry.line = entry.line or line
    end
    log[#log + 1] = entry
    c:send(response())
    c:close()
  end
end

-- Helpers ------------------------------------------------------------------

-- This process's pid, as lsof would show it.
local function mypid()
  local f = assert(io.open("/proc/self/stat"))
  local pid = f:read("*l"):match("^%d+")
  f:close()
  return pid
end

-- The row of netlab.fd.list() for fd N, or nil.
local function fd_row(n)
  for _, row in ipairs(netlab.fd.list()) do
    if row.fd == n then return row end
  end
end

-- Prints netlab.fd.list() like `ls -l /proc/self/fd`.
local function show_fds(rows)
  for _, r in ipairs(rows) do
    print(("  %s %3d -> %s"):format(r.mode, r.fd, r.target))
  end
end

-- Prints what lsof adds for a socket row: type, inode, ends and state.
local function show_lsof(r)
  local access = r.mode:match("^l(..)") == "rw" and "u" or (r.mode:sub(2, 2) == "r" and "r" or "w")
  local inode = r.target:match("socket:%[(%d+)%]") or "?"
  local name = ("%s %s:%s"):format(r.proto and r.proto:upper() or "?", r["local"], r.local_port)
  if r.remote then name = name .. ("->%s:%s"):format(r.remote, r.remote_port) end
  if r.state then name = name .. " (" .. r.state .. ")" end
  print("  COMMAND    PID   FD   TYPE   NODE  NAME")
  print(("  netlab  %6s  %3s   %-5s %6s  %s"):format(mypid(), r.fd .. access,
    r.family == "inet6" and "IPv6" or "IPv4", inode, name))
end

-- Splits an HTTP response into its status line, header text and body.
local function parse(resp)
  local head, body = resp:match("^(.-)\r?\n\r?\n(.*)$")
  head = head or resp
  return head:match("^[^\r\n]*"), head, body or ""
end

-- The lab ------------------------------------------------------------------

local REQUEST = "GET / HTTP/1.0\n\n" -- exactly what echo -e "GET / HTTP/1.0\n" writes

-- Part 1, first half: exec 8<>, then fd 8 in /proc/self/fd and lsof.
-- Returns fd 8's row of netlab.fd.list().
local function open_and_list(port)
  lab:step(("exec %d<> /dev/tcp/%s/%d"):format(FD, server_host, port),
    real and ("netlab.fd.tcp(%d, %q, %d): from this machine"):format(FD, server_host, port)
      or ("netlab.fd.tcp(%d, %q, %d, {from = client}): from the client host"):format(FD, server_host, port))
  local n, err = netlab.fd.tcp(FD, server_host, port, {from = client})
  if not n and real then
    print(("\nFAIL: cannot connect to %s port %d through this machine's network: %s"):format(real, port, err))
    print("  (--real needs a working network connection and DNS; without --real the lab uses its own hosts)")
    os.exit(1)
  end
  lab:check(n == FD, "bash-style connect put the connection on fd " .. FD, err)

  lab:step("ls -l /proc/self/fd", "netlab.fd.list(): every open fd of this process")
  show_fds(netlab.fd.list())
  local row = fd_row(FD) or {}
  lab:check((row.target or ""):match("^socket:%[%d+%]$") ~= nil,
    "fd 8 is listed as a socket: 8 -> socket:[inode]", row.target)
  lab:step("lsof -a -p $$ -d 8", "lsof adds what the kernel knows about that socket")
  if row.target then show_lsof(row) end
  lab:check(row.proto == "tcp" and row.remote_port == port and row.state == "ESTABLISHED",
    ("fd 8 is a TCP connection to remote port %d, ESTABLISHED"):format(port),
    ("%s to port %s, %s"):format(row.proto, row.remote_port, row.state))
  return row
end

-- Part 1, second half: the request, the answer, CLOSE_WAIT, exec 8<&-.
local function request_and_close(row, log)
  lab:step([[echo -e "GET / HTTP/1.0\n" 1>&8]], "netlab.fd.write(8, ...): the request line, then a blank line")
  local sent = netlab.fd.write(FD, REQUEST)
  lab:check(sent == #REQUEST, "the request went out through fd 8", (sent or 0) .. " bytes")

  lab:step("cat 0<&8", "netlab.fd.read(8): everything until the server closes")
  local resp, rerr, partial = netlab.fd.read(FD)
  resp = resp or partial or ""
  lab:show(resp)
  print("  (HTTP lines end in \\r\\n; a blank line ends the headers)")
  local status, head, body = parse(resp)
  if real then
    lab:check(status:match("^HTTP/%d%.%d %d%d%d") ~= nil, "the answer starts with an HTTP status line",
      status ~= "" and status or rerr)
  else
    lab:check(status == "HTTP/1.0 200 OK", "the status line is HTTP/1.0 200 OK", status ~= "" and status or rerr)
    lab:check(head:find("Content-Type: text/html", 1, true) and body == BODY,
      "headers, a blank line, then the HTML body", #body .. " bytes of body")
    lab:check(log[1] and log[1].line == "GET / HTTP/1.0" and log[1].port == row.local_port
        and log[1].ip == CLIENT_IP,
      "the server got GET / HTTP/1.0 from the client host, from fd 8's local port",
      log[1] and ("%s from %s port %s"):format(log[1].line, log[1].ip, log[1].port))
  end

  local after = fd_row(FD) or {}
  print(("\n  The server closed first, so fd 8 now waits in %s until we close it."):format(after.state))
  lab:check(after.state == "CLOSE_WAIT", "after the server's close, fd 8 is in CLOSE_WAIT", after.state)

  lab:step(("exec %d<&-"):format(FD), "netlab.fd.close(8)")
  netlab.fd.close(FD)
  lab:step("ls -l /proc/self/fd")
  show_fds(netlab.fd.list())
  lab:check(fd_row(FD) == nil, "fd 8 is gone after exec 8<&-")
end

-- Part 2: a second connection on fd 8, used by a real /bin/sh.
local function through_shell(port, log)
  lab:step(("exec %d<> /dev/tcp/%s/%d"):format(FD, server_host, port), "netlab.fd.tcp again: a second connection")
  local n, err = netlab.fd.tcp(FD, server_host, port, {from = client})
  lab:check(n == FD, "a second connection on fd 8", err)
  local row = fd_row(FD) or {}
  local cmd = [[ls -l /proc/self/fd; printf 'GET / HTTP/1.0\n\n' 1>&8; cat 0<&8]]
  lab:step(cmd, "run by netlab.sh in /bin/sh (printf, since sh's echo may lack -e)")
  local out, serr, code = netlab.sh(cmd, {timeout = 10})
  out = out or ""
  local at = out:find("HTTP/", 1, true) or #out + 1
  local listing, resp = out:sub(1, at - 1), out:sub(at)
  lab:show((listing:gsub("\n$", "")))
  lab:show((resp:gsub("\n$", "")))
  if serr and serr ~= "" then lab:show(serr, "  stderr: ") end
  local shell_inode = listing:match(" 8 %-> socket:%[(%d+)%]")
  local our_inode = (row.target or ""):match("socket:%[(%d+)%]")
  lab:check(code == 0, "the shell ran and exited 0", code or serr)
  lab:check(shell_inode and shell_inode == our_inode,
    "the shell's fd 8 is this process's fd 8: the same socket inode",
    ("shell %s, netlab %s"):format(shell_inode, our_inode))
  if real then
    lab:check(parse(resp):match("^HTTP/%d%.%d %d%d%d") ~= nil, "cat <&8 in the shell printed an HTTP status line",
      parse(resp))
  else
    lab:check(parse(resp) == "HTTP/1.0 200 OK", "cat <&8 in the shell printed HTTP/1.0 200 OK", parse(resp))
    lab:check(log[2] and log[2].line == "GET / HTTP/1.0" and log[2].port == row.local_port,
      "the shell's request reached the server from fd 8's port",
      log[2] and ("%s from port %s"):format(log[2].line, log[2].port))
  end

  lab:step(("exec %d<&-"):format(FD), "netlab.fd.close(8)")
  netlab.fd.close(FD)
  lab:check(fd_row(FD) == nil, "fd 8 is gone after exec 8<&-")
end

-- Runs both parts against PORT; LOG is the server's (nil with --real).
local function parts(port, log)
  print("\n== Part 1: the bash session, with netlab.fd ==")
  request_and_close(open_and_list(port), log)
  print("\n== Part 2: the same through a real shell that inherits fd 8 ==")
  through_shell(port, log)
end

-- Builds the lab, starts the web server, then runs both parts against it.
local function main()
  if real then
    print(("--real: no lab; this machine's own network, %s port %d."):format(real, server_port))
    return parts(server_port, {})
  end
  local net <close> = netlab.lab()
  local www
  client, www = lesson.across_router(net, "client", server_host)
  local listener <close> = assert(www:tcp())
  assert(listener:bind(SERVER_IP, server_port))
  assert(listener:listen(8))
  listener:settimeout(10)
  local log = {}
  local server = netlab.daemon(http_server, listener, 2, log)
  print(("A small HTTP/1.0 server (netlab sockets, no real web server) listens on host %s, %s port %d.")
    :format(server_host, SERVER_IP, server_port))
  print(("It stands for %s port %d in the course notes."):format(notes_host, notes_port))
  parts(server_port, log)
  server:cancel()
end

-- Runs main, failing past LIMIT seconds; prints the verdict and exits.
lab:run(main)
