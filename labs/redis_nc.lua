-- redis_nc: applications speak text over TCP (nc localhost 6379): a tiny Redis-like server, PING/SET/GET typed to it, and the text seen in the capture's payloads
--
-- The course notes talk to Redis with nothing but netcat:
--   $ nc localhost 6379
--   PING
--   +PONG
--   SET name netlab
--   +OK
--   GET name
--   $6
--   netlab
-- TCP carries bytes; the application decides what they mean. Redis
-- accepts "inline commands", one line of words, and answers in RESP:
-- "+" a status line, "-" an error, "$N" then N bytes (a bulk string),
-- "$-1" for nothing. This lab runs a small server speaking that subset
-- on 127.0.0.1:6379 inside a sandbox host, types to it from the same
-- host (as nc would), captures the loopback interface
--   $ tcpdump -nn -A -i lo tcp port 6379
-- and finds every command and answer, byte for byte, in the TCP payloads.
-- Then a real program, bash with its /dev/tcp, speaks to the same server
-- (and nc, if it is installed). Exit 0 only if every claim held.

local lesson = require "netlab.lesson"

local PORT = 6379
local LIMIT = 15 -- seconds the whole lab may take
local WAIT = 3   -- seconds any one wait may take
local LINES = 100 -- commands one connection may send
local lab = lesson.new{name = "redis_nc", limit = LIMIT, params = {}}

-- The server ------------------------------------------------------------------

-- A RESP bulk string: "$N\r\nbytes\r\n", or "$-1\r\n" for nothing.
local function bulk(s)
  if s == nil then return "$-1\r\n" end
  return ("$%d\r\n%s\r\n"):format(#s, s)
end

-- The answer to one inline command LINE, given the store DB; and
-- whether the connection ends after it.
local function answer(db, line)
  local words = {}
  for w in line:gmatch("%S+") do words[#words + 1] = w end
  local cmd = (words[1] or ""):upper()
  if cmd == "PING" then return "+PONG\r\n" end
  if cmd == "SET" and #words == 3 then
    db[words[2]] = words[3]
    return "+OK\r\n"
  end
  if cmd == "GET" and #words == 2 then return bulk(db[words[2]]) end
  if cmd == "QUIT" then return "+OK\r\n", true end
  return ("-ERR unknown command '%s'\r\n"):format(words[1] or "")
end

-- Serves one connection C: a command per line, until QUIT or the end.
local function session(c, db)
  c:settimeout(WAIT)
  for _ = 1, LINES do
    local line = c:receive("*l")
    if not line then break end
    local reply, last = answer(db, line)
    c:send(reply)
    if last then break end
  end
  c:close()
end

-- The server's task: accepts connections, one task per connection.
local function serve(listener, db)
  while true do
    local c = listener:accept()
    if c then netlab.spawn(session, c, db) end
  end
end

-- The client ------------------------------------------------------------------

-- Reads one RESP reply from C: the text as received, "" on failure.
local function reply(c)
  local first = c:receive("*l")
  if not first then return "" end
  local n = tonumber(first:match("^%$(%d+)$"))
  if not n then return first .. "\r\n" end
  local data = c:receive(n + 2) or ""
  return first .. "\r\n" .. data
end

-- Types each command of SCRIPT to C as a person at nc would, prints the
-- screen, and checks each answer; returns the exchange.
local function type_commands(c, script)
  local said = {}
  for _, e in ipairs(script) do
    local cmd, want, claim = e[1], e[2], e[3]
    assert(c:send(cmd .. "\r\n"))
    local got = reply(c)
    print("  " .. cmd)
    lab:show((got:gsub("\r\n$", "")), "  ")
    lab:check(got == want, claim, (got:gsub("\r\n", "\\r\\n")))
    said[#said + 1] = {cmd .. "\r\n", got}
  end
  return said
end

-- The capture -----------------------------------------------------------------

-- TEXT with \r and \n shown as tcpdump -A's reader would want to see them.
local function visible(text)
  return (text:gsub("\r", "\\r"):gsub("\n", "\\n"))
end

-- Prints the captured packets and their payloads; checks each exchange in SAID.
local function check_capture(cap, said)
  local list = {}
  for p in cap:packets{timeout = 0.05} do list[#list + 1] = p end
  print(("\n  on the wire (tcpdump -nn -A -i lo tcp port %d):"):format(PORT))
  local to, from = {}, {} -- payloads to and from the server, in order
  for _, p in ipairs(list) do
    lab:packet(p)
    if p.payload ~= "" then
      print("      payload: \"" .. visible(p.payload) .. "\"")
      local t = p.tcp.dport == PORT and to or from
      t[#t + 1] = p.payload
    end
  end
  local ok = #to == #said and #from == #said
  for i, e in ipairs(said) do ok = ok and to[i] == e[1] and from[i] == e[2] end
  lab:check(ok, "each command is one segment whose payload is exactly the typed line, and each answer one segment back",
    ("%d commands, %d answers"):format(#to, #from))
  local syn = list[1]
  lab:check(syn and syn.tcp.flags == "S" and syn.ip.src == "127.0.0.1" and syn.ip.dst == "127.0.0.1",
    "it is an ordinary TCP connection over loopback: a SYN from 127.0.0.1 to 127.0.0.1 first")
end

-- Real programs ---------------------------------------------------------------

-- Bash alone as the client (exec 3<>/dev/tcp/...), run inside HOST.
local function with_bash(host)
  local cmd = ("exec 3<>/dev/tcp/127.0.0.1/%d; printf 'PING\\r\\nGET name\\r\\nQUIT\\r\\n' >&3; cat <&3"):format(PORT)
  lab:step(cmd, "bash's /dev/tcp: a real program, no Redis client library")
  local out, err, code = host:sh("bash", {stdin = cmd, timeout = WAIT})
  out = out or ""
  lab:show((out:gsub("\r?\n$", "")))
  lab:check(code == 0 and out == "+PONG\r\n$6\r\nnetlab\r\n+OK\r\n",
    "bash got +PONG, the value SET earlier, and +OK for QUIT", visible(out ~= "" and out or tostring(err)))
end

-- nc itself, if this machine has it.
local function with_nc(host)
  local have = host:sh("command -v nc", {timeout = WAIT})
  if not have or have == "" then
    print("\n  (nc is not installed here -- apt-get install netcat-openbsd -- so the lab skips it)")
    return
  end
  local cmd = ("printf 'PING\\r\\nQUIT\\r\\n' | nc -N 127.0.0.1 %d"):format(PORT)
  lab:step(cmd, "netcat itself")
  local out = host:sh(cmd, {timeout = WAIT}) or ""
  lab:show((out:gsub("\r?\n$", "")))
  lab:check(out == "+PONG\r\n+OK\r\n", "nc got +PONG and +OK", visible(out))
end

lab:run(function()
  local net <close> = netlab.lab()
  local host = assert(net:host "redis")
  print("One sandbox host, redis: the server and its clients talk over its loopback interface, lo.")
  lab:step(("redis-server --port %d &  # in redis"):format(PORT), "a tiny stand-in on netlab sockets (no real redis-server): PING, SET, GET, QUIT")
  local listener <close> = assert(host:tcp())
  assert(listener:bind("127.0.0.1", PORT))
  assert(listener:listen(8))
  local server = netlab.daemon(serve, listener, {})
  lab:step(("tcpdump -nn -A -i lo tcp port %d &  # in redis"):format(PORT))
  local cap <close> = assert(host:capture{iface = "lo", filter = "tcp port " .. PORT})
  lab:step(("nc localhost %d  # in redis"):format(PORT), "then type, one command per line:")
  local c = assert(host:tcp())
  c:settimeout(WAIT)
  assert(c:connect("localhost", PORT))
  local said = type_commands(c, {
    {"PING", "+PONG\r\n", "PING is answered +PONG: a status line"},
    {"SET name netlab", "+OK\r\n", "SET stores the value: +OK"},
    {"GET name", "$6\r\nnetlab\r\n", "GET answers a bulk string: $6, then the 6 bytes"},
    {"GET nothing", "$-1\r\n", "a missing key is $-1"},
    {"HELLO", "-ERR unknown command 'HELLO'\r\n", "an unknown command is an error line: -ERR"},
  })
  c:close()
  check_capture(cap, said)
  with_bash(host)
  with_nc(host)
  server:cancel()
end)
