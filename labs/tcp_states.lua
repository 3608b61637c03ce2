-- tcp_states: the close seen from both ends (FIN_WAIT_1, FIN_WAIT_2, TIME_WAIT and its 60 s; CLOSE_WAIT while the application forgets to close, LAST_ACK), and keepalive probes on an idle connection
--
-- The course notes' state diagram, read from the kernel's socket table:
--   $ ss -tano                 state, both ends, and the timer (-o)
--   $ netstat -nat             the same, netstat's way
-- The side that closes first (the active closer) goes ESTABLISHED ->
-- FIN_WAIT_1 (its FIN sent) -> FIN_WAIT_2 (the FIN acknowledged) ->
-- TIME_WAIT (the peer's FIN received and acknowledged), where it stays
-- 60 seconds (TCP_TIMEWAIT_LEN, fixed in Linux) before the four-tuple may
-- be used again. The other side (the passive closer) goes ESTABLISHED ->
-- CLOSE_WAIT when the FIN arrives, and stays there for as long as its
-- application does not call close() -- a leak netstat shows -- then
-- LAST_ACK (its own FIN sent) -> CLOSED when that FIN is acknowledged.
-- The network:
--
--   client 10.0.0.1 ------------ server 10.0.0.2
--
-- Some states last less than a millisecond; the lab makes each one stay
-- by dropping the acknowledgement that would end it (a blackhole route,
-- `ip route add blackhole`, in the host that would send it) until the
-- socket table has been read, then lets the retransmission through.
-- Part 2 turns keepalive on (SO_KEEPALIVE, TCP_KEEPIDLE 1 s,
-- TCP_KEEPINTVL 1 s) and captures the probes an idle connection sends.
-- Exit 0 only if every claim held.

local lesson = require "netlab.lesson"

local CLIENT_IP, SERVER_IP = lesson.CABLE_CLIENT_IP, lesson.CABLE_SERVER_IP
local PORT, IDLE_PORT = 5000, 5001 -- the server ports of part 1 and part 2
local LIMIT = 20 -- seconds the whole lab may take
local WAIT = 3   -- seconds any one wait may take
local IDLE = 1   -- seconds of idleness before the first keepalive probe, and between probes
local PROBES = 2 -- keepalive probes the lab waits for
local lab = lesson.new{name = "tcp_states", limit = LIMIT, programs = {"ip", "ss"}, params = {}}

-- The kernel's view ----------------------------------------------------------

-- HOST's TCP connections (not listeners), from the kernel's socket
-- diagnostics: rows {state, local, local_port, remote, remote_port,
-- timer ("on", "keepalive", "timewait"...), expires (ms), ...}.
local function sockets(host)
  local rows = {}
  for _, r in ipairs(assert(host:sockets{proto = "tcp"})) do
    if r.state ~= "LISTEN" then rows[#rows + 1] = r end
  end
  return rows
end

-- The row of HOST's connection to or from server port P (PORT by default).
local function conn(host, p)
  p = p or PORT
  for _, r in ipairs(sockets(host)) do
    if r.remote_port == p or r.local_port == p then return r end
  end
end

-- The state of HOST's connection, "CLOSED" if it has none.
local function state(host)
  local r = conn(host)
  return r and r.state or "CLOSED"
end

-- The state timeline of both ends, one entry per look at the table.
local timeline = {}

-- Each host's netlab.watch watcher (part 1), by host.
local watchers = {}

-- Waits (at most WAIT seconds) until HOST's watcher has reported STATE,
-- which the lab holds until then: the watcher polls only while the lab's
-- task waits, and on a loaded machine a state can last less than the
-- gap between two of its polls.
local function watched(host, want)
  local w = watchers[host]
  if not w then return end
  local deadline = netlab.now() + WAIT
  repeat
    local seen = w:states()
    if seen[#seen] == want then return end
    netlab.sleep(0.002)
  until netlab.now() >= deadline
end

-- What `ss -tano` prints in HOST (the real ss: state, ends, the -o timer).
local function ss_tano(host)
  local out, err = host:sh("ss -tano", {timeout = WAIT})
  return ((out or tostring(err)):gsub("\n$", ""))
end

-- `ss -tano` in both hosts, printed; the states (read from the same
-- kernel table, with netlab's spelling) remembered and returned. The
-- watchers report the states first, so their [watch] lines sit under
-- the step that made the change (close, ip route del), not the look.
local function look(client, server, remark)
  watched(client, state(client))
  watched(server, state(server))
  lab:step("ss -tano  # in client, then in server", remark)
  for _, h in ipairs{client, server} do lab:show(ss_tano(h), ("  %-7s| "):format(h:name())) end
  local c, s = state(client), state(server)
  timeline[#timeline + 1] = {c, s, remark}
  return c, s
end

-- Waits (at most WAIT seconds) until HOST's connection is in state WANT.
local function wait_state(host, want)
  local deadline = netlab.now() + WAIT
  while state(host) ~= want and netlab.now() < deadline do netlab.sleep(0.02) end
  return state(host) == want
end

-- Drops HOST's packets to IP (on) or lets them through again (off).
local function blackhole(host, ip, on)
  local cmd = ("ip route %s blackhole %s/32"):format(on and "add" or "del", ip)
  lab:step(cmd .. "  # in " .. host:name(),
    on and "from now on this host's packets to " .. ip .. " are dropped" or "its packets go out again")
  assert(host:sh(cmd, {timeout = WAIT}))
end

-- Part 1: the close --------------------------------------------------------------

-- Connects the client to the server's port P; returns both ends and the listener.
local function connect(client, server, p)
  local listener = assert(server:tcp())
  assert(listener:bind(SERVER_IP, p))
  assert(listener:listen(4))
  listener:settimeout(WAIT)
  local c = assert(client:tcp())
  c:settimeout(WAIT)
  assert(c:connect(SERVER_IP, p))
  local s = assert(listener:accept())
  s:settimeout(WAIT)
  return c, s, listener
end

-- The client closes first; the server's application takes its time.
local function active_close(client, server, c, s)
  blackhole(server, CLIENT_IP, true)
  lab:step("close(fd)  # the client's application", "the client sends its FIN; the server's ACK will not come back")
  c:close()
  local cs, ss = look(client, server, "the client's FIN is out, not yet acknowledged")
  lab:check(cs == "FIN_WAIT_1", "the active closer waits in FIN_WAIT_1 for the ACK of its FIN", cs)
  lab:check(ss == "CLOSE_WAIT", "the server got the FIN: CLOSE_WAIT, the application has not closed", ss)
  blackhole(server, CLIENT_IP, false)
  wait_state(client, "FIN_WAIT_2")
  cs, ss = look(client, server, "the client retransmitted its FIN; this time the ACK got through")
  lab:check(cs == "FIN_WAIT_2", "its FIN acknowledged, the client waits in FIN_WAIT_2 for the server's FIN", cs)
  lab:check(ss == "CLOSE_WAIT", "the server stays in CLOSE_WAIT: its application forgot to close", ss)
  print("  (the client's application has closed its socket, so FIN_WAIT_2 is timed too:")
  print("   net.ipv4.tcp_fin_timeout, 60 s; ss calls that timer timewait as well)")
  lab:step("read(fd)  # the server's application", "a read returns end of file: the peer has closed")
  local data, err = s:receive("*a")
  lab:check(data == "" or err == "closed", "the server's application reads end of file", err or #data)
  lab:check(state(server) == "CLOSE_WAIT", "still CLOSE_WAIT after reading EOF: only close() ends it")
end

-- The server closes at last; the client's last ACK is held back once.
local function passive_close(client, server, s)
  blackhole(client, SERVER_IP, true)
  lab:step("close(fd)  # the server's application, at last", "the server sends its FIN")
  s:close()
  local cs, ss = look(client, server, "the server's FIN arrived; the client's ACK is dropped")
  lab:check(cs == "TIME_WAIT", "the client got the FIN and acknowledged it: TIME_WAIT", cs)
  lab:check(ss == "LAST_ACK", "the server waits in LAST_ACK for the ACK of its FIN", ss)
  blackhole(client, SERVER_IP, false)
  wait_state(server, "CLOSED")
  cs, ss = look(client, server, "the server retransmitted its FIN; the client acknowledged it again")
  lab:check(ss == "CLOSED", "the ACK reached the server: its socket is gone (CLOSED)", ss)
  local row = conn(client)
  lab:check(cs == "TIME_WAIT" and row.timer == "timewait" and row.expires > 50000 and row.expires <= 60000,
    "the client stays in TIME_WAIT, its timer counting down from 60 s (TCP_TIMEWAIT_LEN)",
    row and ("timer:(%s,%gs)"):format(row.timer, row.expires / 1000))
end

-- Prints the timeline of both ends' states.
local function show_timeline()
  print("\n  the kernel's states, look by look:")
  print(("    %-12s %-12s %s"):format("client", "server", "after"))
  for _, t in ipairs(timeline) do print(("    %-12s %-12s %s"):format(t[1], t[2], t[3])) end
end

-- Prints the capture as tcpdump does and as a ladder; checks the close's FINs.
local function show_capture(cap)
  print(("\n  on the wire (tcpdump -nn -i eth0 tcp port %d, in client):"):format(PORT))
  local list = cap:list()
  for _, p in ipairs(list) do lab:packet(p) end
  print()
  print(netlab.ladder(list, {names = {[CLIENT_IP] = "client", [SERVER_IP] = "server"}}))
  local fins = {}
  for _, p in ipairs(list) do
    if p.tcp.flags:find("F", 1, true) then fins[#fins + 1] = p.ip.src == CLIENT_IP and "c" or "s" end
  end
  -- twice at least: a slow machine may hold the ACK past a second timeout
  lab:check(table.concat(fins):match("^cc+ss+$") ~= nil,
    "on the wire each FIN goes out again: its first ACK was dropped, so it was retransmitted", table.concat(fins))
end

-- A watcher of socket S's TCP states (netlab.watch), printing each change
-- as "[watch] WHO: OLD -> NEW".
local function watch(s, who)
  return assert(netlab.watch(s, function(_, old, new)
    if old then print(("  [watch] %s: %s -> %s"):format(who, old, new)) end
  end))
end

-- Prints both watchers' timelines, merged by time; checks their states.
local function check_watched(wc, ws)
  ws:wait(WAIT) -- the server's socket has gone: its watcher ended
  wc:stop()     -- the client's would wait out TIME_WAIT
  local all = {}
  for _, e in ipairs{{wc, "client"}, {ws, "server"}} do
    for _, t in ipairs(e[1]:timeline()) do all[#all + 1] = {t.time, e[2], t.old, t.state} end
  end
  table.sort(all, function(x, y) return x[1] < y[1] end)
  print("\n  netlab.watch's timeline (seconds since the watch began):")
  for _, t in ipairs(all) do
    print(("    %8.6f  %-6s %s%s"):format(t[1], t[2], t[3] and t[3] .. " -> " or "", t[4]))
  end
  local c, s = table.concat(wc:states(), " "), table.concat(ws:states(), " ")
  lab:check(c == "ESTABLISHED FIN_WAIT_1 FIN_WAIT_2 TIME_WAIT",
    "the active closer went ESTABLISHED -> FIN_WAIT_1 -> FIN_WAIT_2 -> TIME_WAIT", c)
  lab:check(s == "ESTABLISHED CLOSE_WAIT LAST_ACK CLOSED",
    "the passive closer went ESTABLISHED -> CLOSE_WAIT -> LAST_ACK -> CLOSED", s)
end

-- Part 1: the close, state by state, from both ends.
local function part_close(client, server)
  print("\n== Part 1: closing, state by state ==")
  lab:step("tcpdump -nn -i eth0 tcp port " .. PORT .. " &  # in client")
  local cap <close> = assert(client:capture{iface = "eth0", filter = "tcp port " .. PORT})
  local c, s, listener <close> = connect(client, server, PORT)
  lab:step("watch -n 0.001 ss -tan  # in each host: netlab.watch(sock, fn)",
    "the kernel's state changes of both ends, reported as they happen")
  local wc, ws = watch(c, "client"), watch(s, "server")
  watchers[client], watchers[server] = wc, ws
  local cs, ss = look(client, server, "connected")
  lab:check(cs == "ESTABLISHED" and ss == "ESTABLISHED", "both ends ESTABLISHED")
  active_close(client, server, c, s)
  passive_close(client, server, s)
  show_timeline()
  show_capture(cap)
  check_watched(wc, ws)
end

-- Part 2: keepalive ------------------------------------------------------------

-- The keepalive probes in LIST (client to server, no data, seq one below
-- what the client has sent) and whether the server acknowledged each.
local function probes(list, sent)
  local found, answered = {}, 0
  for i, p in ipairs(list) do
    if p.ip.src == CLIENT_IP and p.tcp.len == 0 and p.tcp.seq == (sent - 1) % 0x100000000 then
      found[#found + 1] = p
      local r = list[i + 1]
      if r and r.ip.src == SERVER_IP and r.tcp.ack == sent then answered = answered + 1 end
    end
  end
  return found, answered
end

-- Part 2: an idle connection with keepalive on.
local function part_keepalive(client, server)
  print("\n== Part 2: keepalive probes on an idle connection ==")
  lab:step("tcpdump -nn -i eth0 tcp port " .. IDLE_PORT .. " &  # in client")
  local cap <close> = assert(client:capture{iface = "eth0", filter = "tcp port " .. IDLE_PORT})
  lab:step(("setsockopt(SO_KEEPALIVE, 1); setsockopt(TCP_KEEPIDLE, %d); setsockopt(TCP_KEEPINTVL, %d)"):format(IDLE,
    IDLE), "c:setoption(\"keepalive\", true), (\"tcp-keepidle\", 1), (\"tcp-keepintvl\", 1); the system default is 7200 s")
  local c, s, listener <close> = connect(client, server, IDLE_PORT)
  assert(c:setoption("keepalive", true))
  assert(c:setoption("tcp-keepidle", IDLE))
  assert(c:setoption("tcp-keepintvl", IDLE))
  assert(c:send("hello\n"))
  assert(s:receive("*l"))
  local row = conn(client, IDLE_PORT) or {}
  lab:step("ss -tano  # in client")
  lab:show(ss_tano(client))
  lab:check(row.timer == "keepalive", "the idle connection's timer is the keepalive timer", row.timer)
  local list = {} -- what the capture hands out (read with next() only)
  for p in cap:packets{count = 5, timeout = WAIT} do list[#list + 1] = p end
  local sent = list[4] and list[4].tcp.seq + list[4].tcp.len
  local deadline, found, answered = netlab.now() + IDLE * (PROBES + 1) + WAIT, {}, 0
  repeat -- idle: the applications send nothing
    list[#list + 1] = cap:next(0.1)
    found, answered = probes(list, sent or 0)
  until answered >= PROBES or netlab.now() > deadline
  print(("\n  on the wire (tcpdump -nn -i eth0 tcp port %d, in client), %d s of silence from the applications:")
    :format(IDLE_PORT, IDLE * PROBES))
  for _, p in ipairs(list) do lab:packet(p) end
  for i, p in ipairs(found) do
    print(("  probe %d: seq %d, one below the next byte %d; tcpdump does not print seq of an empty segment")
      :format(i, p.tcp.seq, sent))
  end
  lab:check(#found >= PROBES, "the client sends a probe every second: no data, seq one below the next byte",
    #found .. " probes")
  lab:check(answered >= PROBES, "the server's kernel acknowledges each probe (ack = the next byte expected)",
    answered .. " answered")
  lab:check(found[2] and math.abs(found[2].time - found[1].time - IDLE) < 0.5,
    ("probes %d s apart (TCP_KEEPINTVL)"):format(IDLE),
    found[2] and ("%.2f s"):format(found[2].time - found[1].time))
  print("  (tcpdump prints a probe as a plain ACK, \"Flags [.], ack 1, ..., length 0\": its sequence number,")
  print("   one below the next byte, is old data, and old data must be acknowledged: that is the answer)")
  c:close()
  s:close()
end

lab:run(function()
  local net <close> = netlab.lab()
  local client, server = lab:one_cable(net)
  part_close(client, server)
  part_keepalive(client, server)
end)
